// @ts-check
/**
 * "How to use": the page's own short manual. The app gives the lines: the toolbar's, then what
 * each panel is for (app/panels.js), then the keyboard shortcuts.
 */

import { h } from "./dom.js";

/** What no one panel says: the toolbar. */
export const TOOLBAR_HELP = [
  "Press Play to train and watch the decision regions, every neuron's map and the loss change; Speed sets the pace. Step runs one training step. Undo (Ctrl+Z) and Redo (Shift+Ctrl+Z, Ctrl+Y) take back and redo any change of points or settings.",
];

/** @param {string[]} lines */
export function helpSection(lines) {
  return h("details", { class: "nv-help" }, [h("summary", { text: "How to use" }), h("ul", {}, lines.map((text) => h("li", { text })))]);
}
