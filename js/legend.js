// @ts-check
/**
 * The legends of the colour language: the diverging scale (weights, activations, features) and
 * the classes with the marks of training and test points.
 */

import { CLASS_NAMES, NEGATIVE_NAME, POSITIVE_NAME, classColor, css, divergingGradient } from "./colors.js";
import { h } from "./dom.js";

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
      h("span", { class: "nv-legend-item nv-legend-note", text: "regions: the predicted class, paler where unsure" }),
    ]);
    this.count = 0;
  }

  /** @param {number} k classes */
  update(k) {
    if (k === this.count) return;
    this.count = k;
    this.classes.replaceChildren(
      ...Array.from({ length: k }, (_, c) => {
        const swatch = h("span", { class: "nv-legend-swatch", "aria-hidden": "true" });
        swatch.style.background = css(classColor(c));
        return h("span", { class: "nv-legend-item", title: CLASS_NAMES[c % CLASS_NAMES.length] }, [swatch, `class ${c + 1}`]);
      }),
    );
  }
}
