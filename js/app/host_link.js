// @ts-check
/**
 * What the app learns about its host beyond the training keys: the plane's extent (the `extent`
 * key, shown as the plane's shape and caption) and whether a kernel is behind a widget (a widget
 * restored from a saved notebook has none until its cell runs again).
 */

import { errorText } from "../settings/check.js";
import { h } from "../views/dom.js";
import { DEFAULT_EXTENT, aspectOf, extentText, readExtent } from "../data/extent.js";
import { datasetOf } from "../data/regression.js";
import { dataSetLabel } from "../data/datasets.js";

/** @typedef {import("../data/extent.js").Extent} Extent */
/** @typedef {import("../settings/state.js").Data} Data */
/** @typedef {import("../settings/settings.js").Config} Config */
/** @typedef {"generated" | "host" | "drawn"} DataOrigin where the points shown came from */

/** What a widget whose kernel is gone says (its state shows; nothing can train it). */
export const NO_KERNEL = "not connected to a kernel: run the cell again";

/**
 * @typedef {object} LinkHooks
 * @property {(text: string) => void} notice a problem with what the host sent
 * @property {(online: boolean) => void} onlineChanged
 */

export class HostLink {
  /**
   * @param {any} model the host's model (anywidget's, or the page's)
   * @param {LinkHooks} hooks
   */
  constructor(model, hooks) {
    this.model = model;
    this.hooks = hooks;
    /** @type {Extent} the data rectangle the plane shows */
    this.extent = DEFAULT_EXTENT;
    /** Whether a host answers; false for a widget restored without its kernel. */
    this.online = true;
    this.destroyed = false;
    /** The plane's caption: the extent it shows. */
    this.caption = h("div", { class: "nv-extent", "data-testid": "extent" });
    this.readExtent();
  }

  /** The host's extent, or the default (a problem with it is reported). */
  readExtent() {
    try {
      this.extent = readExtent(this.model.get("extent"));
    } catch (e) {
      this.extent = DEFAULT_EXTENT;
      this.hooks.notice(`The plane's extent cannot be used (${errorText(e)}); showing the default`);
    }
  }

  /**
   * Whether a kernel is behind this widget: the widget manager's model says (`comm_live`,
   * false for a model restored from a saved notebook until its cell runs again, and when the
   * kernel goes). Hosts without a widget manager (the standalone page, marimo) always answer
   * or say so themselves.
   */
  async watchKernel() {
    const id = this.model.get("model_id");
    const manager = this.model.widget_manager;
    if (typeof id !== "string" || !id || typeof manager?.get_model !== "function") return;
    let live = true;
    try {
      const backing = await manager.get_model(id);
      live = backing?.comm_live !== false;
    } catch {
      live = false; // the manager does not know this model: nothing can reach the kernel
    }
    if (this.destroyed || live === this.online) return;
    this.online = live;
    this.hooks.onlineChanged(live);
  }

  /**
   * The plane's shape follows the extent (within limits), its caption says what it shows.
   * @param {HTMLCanvasElement | undefined} canvas
   */
  showPlaneShape(canvas) {
    if (!canvas) return;
    const ratio = String(aspectOf(this.extent));
    if (canvas.dataset.aspect !== ratio) {
      canvas.dataset.aspect = ratio;
      canvas.style.aspectRatio = ratio;
    }
    this.caption.textContent = extentText(this.extent);
    // The default plane's ticks say all there is; another extent is named under the plane.
    this.caption.hidden = this.extent.every((v, i) => v === DEFAULT_EXTENT[i]);
  }

  /**
   * The connection status as shown: the page's state, "kernel", or "not connected".
   * @param {HTMLElement} el
   */
  showStatus(el) {
    const status = this.model.get("status");
    el.textContent = this.online ? (status?.state ?? "kernel") : "not connected";
    el.dataset.state = this.online ? el.textContent : "disconnected";
  }
}

/**
 * What the points shown are, for the Data set panel: where they came from and how many.
 * @param {Data} d
 * @param {DataOrigin} origin
 * @param {Config} config
 * @param {any} status the host's status (the kernel keeps no `state`)
 */
export function dataSummary(d, origin, config, status) {
  const kernel = status?.state === undefined;
  const from =
    origin === "generated" ? `Generated ${dataSetLabel(datasetOf(config))}` : origin === "drawn" ? "Drawn" : kernel ? "Your data" : "Stored points";
  const classes = new Set(d.label).size;
  const test = d.test.filter(Boolean).length;
  const n = d.x.length;
  const kinds = config.problem === "regression" ? `, targets ${targetSpan(d.label)}` : `, ${classes} class${classes === 1 ? "" : "es"}`;
  return `${from}: ${n} point${n === 1 ? "" : "s"}${n ? kinds : ""}${test ? `, ${test} for testing` : ""}`;
}

/**
 * The lowest and the highest target, to 2 decimals.
 * @param {number[]} targets not empty
 */
function targetSpan(targets) {
  const f = (/** @type {number} */ v) => (v < 0 ? `−${(-v).toFixed(2)}` : v.toFixed(2));
  return `${f(Math.min(...targets))} to ${f(Math.max(...targets))}`;
}
