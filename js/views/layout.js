// @ts-check
/**
 * The app's arrangement: the header (title, toolbar, connection status), the readouts, the main
 * grid (settings, the stage with the plane, the network panel, the charts) and "How to use". Where the grid's parts go at each
 * width is the stylesheet's business (nnvisu.css, by container queries).
 */

import { h } from "./dom.js";
import { helpSection } from "./help.js";

/**
 * @typedef {object} LayoutParts
 * @property {HTMLElement} status the connection status
 * @property {HTMLElement[]} toolbar
 * @property {HTMLElement} readouts
 * @property {HTMLElement} settings
 * @property {HTMLElement[]} stage the plane and what goes with it
 * @property {HTMLElement} network
 * @property {HTMLElement} progress the charts
 * @property {HTMLElement} training the training settings (under the network where it leaves room)
 * @property {HTMLElement} hidden the hidden space (under the plane, or under the charts where
 *   they are under the plane)
 * @property {HTMLElement[]} after elements that take no place (tooltip, announcer)
 */

/**
 * The app's top-level elements, in order.
 * @param {LayoutParts} p
 */
export function pageLayout(p) {
  return [
    h("header", { class: "nv-header" }, [
      h("h1", {}, [h("span", { text: "nnvisu" }), h("small", { text: " watch a neural network learn" })]),
      h("div", { class: "nv-toolbar" }, p.toolbar),
      p.status,
    ]),
    p.readouts,
    h("div", { class: "nv-main" }, [p.settings, h("section", { class: "nv-stage", "aria-label": "Data" }, p.stage), p.hidden, h("div", { class: "nv-middle" }, [p.network, p.training]), p.progress]),
    helpSection(),
    ...p.after,
  ];
}
