// @ts-check
/**
 * The app's arrangement: the header (title, toolbar, connection status), the readouts, the main
 * grid of panels (app/panels.js) and "How to use". Each panel goes in its grid area; where the
 * areas go at each width is the stylesheet's business (nnvisu.css, by container queries).
 */

import { h } from "./dom.js";
import { helpSection } from "./help.js";

/**
 * A panel as the layout places it.
 * @typedef {object} PlacedPanel
 * @property {string} area
 * @property {string} title
 * @property {HTMLElement} element
 * @property {string} [stack]
 */
/**
 * @typedef {object} LayoutParts
 * @property {HTMLElement} status the connection status
 * @property {HTMLElement[]} toolbar
 * @property {HTMLElement} readouts
 * @property {PlacedPanel[]} panels in reading order
 * @property {string[]} help the lines of "How to use"
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
    h("div", { class: "nv-main" }, mainGrid(p.panels)),
    helpSection(p.help),
    ...p.after,
  ];
}

/**
 * The grid's items: each panel in its area, named; the panels of a stack in one element (shown
 * as a column where a layout gives the stack an area, else as if it were not there).
 * @param {PlacedPanel[]} panels
 */
export function mainGrid(panels) {
  /** @type {HTMLElement[]} */
  const items = [];
  /** @type {Map<string, HTMLElement>} */
  const stacks = new Map();
  for (const { area, title, element, stack } of panels) {
    element.style.gridArea = area;
    element.dataset.panel = area;
    // A details panel is named by its summary.
    if (element.tagName !== "DETAILS") element.setAttribute("aria-label", title);
    if (!stack) {
      items.push(element);
      continue;
    }
    let column = stacks.get(stack);
    if (!column) {
      column = h("div", { class: "nv-stack", "data-stack": stack });
      column.style.gridArea = area;
      stacks.set(stack, column);
      items.push(column);
    }
    column.append(element);
  }
  return items;
}
