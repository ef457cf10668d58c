// @ts-check
/**
 * The legends of the colour language: the diverging scale (weights, activations, features) and
 * the classes (a regression's value scale) with the marks of training and test points.
 */

import { CLASS_NAMES, NEGATIVE_NAME, POSITIVE_NAME, classColor, css, divergingGradient } from "./colors.js";
import { h } from "./dom.js";
import { formatTick } from "./ticks.js";
import { legendTicks } from "../data/value_scale.js";

/** @typedef {import("../data/value_scale.js").ValueRange} ValueRange */

/** The diverging scale: a bar from negative to positive, with its colours named. */
export function scaleLegend() {
  const bar = h("span", { class: "nv-scale-bar", "aria-hidden": "true" });
  bar.style.background = divergingGradient();
  return h("div", { class: "nv-scale", "data-testid": "scale-legend" }, [
    h("span", { text: `− ${NEGATIVE_NAME}` }),
    bar,
    h("span", { text: `${POSITIVE_NAME} +` }),
    h("span", { class: "nv-scale-note", text: "weights and neuron values; thicker edges: larger weights" }),
  ]);
}

export class ClassLegend {
  constructor() {
    this.classes = h("span", { class: "nv-legend-classes" });
    this.element = h("div", { class: "nv-class-legend", "data-testid": "class-legend" }, [
      this.classes,
      h("span", { class: "nv-legend-item" }, [h("span", { class: "nv-mark nv-mark-train", "aria-hidden": "true" }), "training point"]),
      h("span", { class: "nv-legend-item" }, [h("span", { class: "nv-mark nv-mark-test", "aria-hidden": "true" }), "test point"]),
      (this.note = h("span", { class: "nv-legend-item nv-legend-note", text: "" })),
    ]);
    this.count = 0;
    /** @type {ValueRange | null} */
    this.values = null;
  }

  /**
   * @param {number} k classes
   * @param {ValueRange | null} [values] a regression's value scale, shown instead of classes
   */
  update(k, values = null) {
    if (k === this.count && values === this.values) return;
    this.count = k;
    this.values = values;
    this.element.dataset.problem = values ? "regression" : "classification";
    this.note.textContent = values ? "points: their target; regions: the prediction (paler)" : "regions: the predicted class, paler where unsure";
    if (values) {
      this.classes.replaceChildren(valueScale(values));
      return;
    }
    this.classes.replaceChildren(
      ...Array.from({ length: k }, (_, c) => {
        const swatch = h("span", { class: "nv-legend-swatch", "aria-hidden": "true" });
        swatch.style.background = css(classColor(c));
        return h("span", { class: "nv-legend-item", title: CLASS_NAMES[c % CLASS_NAMES.length] }, [swatch, `class ${c + 1}`]);
      }),
    );
  }
}

/** @param {number} v */
const valueText = (v) => (v < 0 ? `\u2212${formatTick(-v)}` : formatTick(v));

/**
 * A regression's value scale: the bar with its values below it, from the lowest to the highest.
 * @param {ValueRange} r
 */
function valueScale(r) {
  const bar = h("span", { class: "nv-value-bar", "aria-hidden": "true" });
  bar.style.background = divergingGradient();
  const ticks = legendTicks(r).map((v) => {
    const t = h("span", { class: "nv-value-tick", text: valueText(v) });
    t.style.left = `${((v - r.lo) / (r.hi - r.lo)) * 100}%`;
    return t;
  });
  return h("span", { class: "nv-value-scale", "data-testid": "value-legend", role: "img", "aria-label": `Value scale from ${valueText(r.lo)} (${NEGATIVE_NAME}) to ${valueText(r.hi)} (${POSITIVE_NAME})`, "data-lo": r.lo, "data-hi": r.hi }, [
    h("span", { class: "nv-value-name", text: "target" }),
    h("span", { class: "nv-value-axis" }, [bar, ...ticks]),
  ]);
}
