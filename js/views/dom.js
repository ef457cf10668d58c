// @ts-check
/**
 * DOM helpers: elements from a tag, attributes and children, the labelled controls the panel
 * is made of, the shared tooltip, and the readout formats.
 */

/** @typedef {{show: (text: string, clientX: number, clientY: number) => void, hide: () => void}} Tooltip */

/**
 * @param {string} tag
 * @param {Record<string, any>} [attrs] attributes; `text` sets textContent, `on*` adds listeners
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  el.append(...children);
  return el;
}

/**
 * A labelled control in one row.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} id
 */
export function field(label, control, id) {
  control.id = id;
  return h("div", { class: "nv-field" }, [h("label", { for: id, text: label }), control]);
}

/**
 * @param {string[]} values
 * @param {(value: string) => string} label
 * @param {() => void} onchange
 */
export function select(values, label, onchange) {
  return /** @type {HTMLSelectElement} */ (h("select", { onchange }, options(values, label)));
}

/**
 * The options of a select.
 * @param {string[]} values
 * @param {(value: string) => string} label
 */
export function options(values, label) {
  return values.map((v) => h("option", { value: v, text: label(v) }));
}

/**
 * @param {{step: number | "any", min?: number, max?: number, title?: string}} attrs
 * @param {() => void} onchange
 */
export function numberInput(attrs, onchange) {
  return /** @type {HTMLInputElement} */ (h("input", { type: "number", ...attrs, onchange }));
}

/**
 * @param {string} name the radio group's name
 * @param {string} label
 * @param {boolean} checked
 * @param {() => void} onchange
 */
export function radio(name, label, checked, onchange) {
  const input = h("input", { type: "radio", name, "aria-label": label, checked, onchange });
  return h("label", { class: "nv-radio" }, [input, h("span", { text: label, "aria-hidden": "true" })]);
}

/**
 * @param {string} label accessible name
 * @param {boolean} checked
 * @param {(checked: boolean) => void} onchange
 * @param {string} [shown] visible text, when shorter than the name
 */
export function checkbox(label, checked, onchange, shown = label) {
  /** @type {HTMLInputElement} */
  const input = /** @type {HTMLInputElement} */ (h("input", { type: "checkbox", "aria-label": label, checked, onchange: () => onchange(input.checked) }));
  return h("label", { class: "nv-check" }, [input, h("span", { text: shown, "aria-hidden": "true" })]);
}

/**
 * The one tooltip of an app, placed inside `root` next to the pointer.
 * @param {HTMLElement} root
 * @returns {Tooltip & {el: HTMLElement}}
 */
export function makeTooltip(root) {
  const el = h("div", { class: "nv-tooltip", "data-testid": "tooltip", role: "tooltip", hidden: true });
  return {
    el,
    show(text, cx, cy) {
      const box = root.getBoundingClientRect();
      el.textContent = text;
      el.hidden = false;
      const x = Math.min(cx - box.left + 12, box.width - el.offsetWidth - 4);
      el.style.left = `${Math.max(0, x)}px`;
      el.style.top = `${cy - box.top + 14}px`;
    },
    hide() {
      el.hidden = true;
    },
  };
}

/**
 * A loss to 3 decimals, or to 3 significant digits below 0.001 (a log-scale chart shows those).
 * @param {number | null | undefined} v
 */
export const fmtLoss = (v) => (v === null || v === undefined ? "—" : v > 0 && v < 0.001 ? v.toExponential(2) : v.toFixed(3));
/**
 * R² to 3 decimals (it is negative where the fit is worse than the mean).
 * @param {number | null | undefined} v
 */
export const fmtR2 = (v) => (v === null || v === undefined ? "—" : v < -99.9 ? "< −99.9" : v < 0 ? `−${(-v).toFixed(3)}` : v.toFixed(3));
/** @param {number | null | undefined} v */
export const fmtPercent = (v) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);

/**
 * Gives a canvas a backing store of its CSS size in device pixels, so it is sharp on any
 * screen; resizing clears it, so it happens only when the size changed.
 * @param {HTMLCanvasElement} canvas
 * @param {number} w CSS pixels
 * @param {number} hgt CSS pixels
 * @returns {{dpr: number, resized: boolean}}
 */
export function fitCanvas(canvas, w, hgt) {
  const dpr = globalThis.devicePixelRatio || 1;
  const width = Math.round(w * dpr);
  const height = Math.round(hgt * dpr);
  const resized = canvas.width !== width || canvas.height !== height;
  if (resized) {
    canvas.width = width;
    canvas.height = height;
  }
  return { dpr, resized };
}
