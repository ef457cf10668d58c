// @ts-check
/**
 * The panels of the app's main grid: the one list of them. The layout (views/layout.js) puts
 * each in its grid area, in this order (the reading and Tab order); the stylesheet
 * (views/nnvisu.css) arranges the areas for each width, and a test holds every layout there to
 * this list; "How to use" says what each panel is for. A new panel is a file with its view and
 * one entry here (and its area in each layout of the stylesheet).
 */

import { h } from "../views/dom.js";

/**
 * The app's parts the panels are made of (the app builds them first, as they work together).
 * @typedef {object} PanelParts
 * @property {import("../views/controls.js").Controls} controls
 * @property {import("../views/plane.js").Plane} plane
 * @property {import("../views/network_panel.js").NetworkPanel} network
 * @property {import("../views/views.js").Views} views
 * @property {import("../training/history_view.js").HistoryView} history
 * @property {import("./host_link.js").HostLink} link
 * @property {HTMLElement} message the message area
 * @property {import("./app.js").App} app the rest, for a panel that needs more
 */
/** @typedef {import("../views/views.js").Frame} Frame */
/**
 * What a panel's builder gives back: its element, and what to do on each frame and at the end
 * (the existing panels are drawn by the app's views; a new one can draw itself).
 * @typedef {object} PanelView
 * @property {HTMLElement} element
 * @property {(f: Frame) => void} [render]
 * @property {() => void} [destroy]
 */
/**
 * @typedef {object} Panel
 * @property {string} area its grid area (a CSS identifier), also its name
 * @property {string} title its accessible name
 * @property {(parts: PanelParts) => PanelView} build called once the app's parts exist
 * @property {string[]} help lines of "How to use"
 * @property {string} [stack] panels of one stack stay one column where a layout places the
 *   stack in the area of its first panel (`.nv-stack[data-stack=…]` in the stylesheet)
 */

/** @type {readonly Panel[]} */
export const PANELS = [
  {
    area: "controls",
    title: "Settings",
    build: (p) => ({ element: p.controls.panel }),
    help: [
      "Pick a data set from its picture or the menu: its points change at once with every data setting. Test fraction holds some points out of training (drawn as diamonds) to show how well the network generalizes.",
      "Hidden layers takes sizes such as 8-8-4 (or use − and + over each layer of the network). Changing the layers, the activation or the features starts from fresh weights; the other settings apply while training.",
    ],
  },
  {
    area: "stage",
    title: "Data",
    build: (p) => ({
      element: h("section", { class: "nv-stage" }, [
        p.plane.modeButton,
        h("div", { class: "nv-plane-wrap" }, [p.plane.canvas, p.network.caption, p.link.caption]),
        p.history.element,
        p.views.legend.element,
        p.message,
      ]),
    }),
    help: [
      "Pick a class colour and click or drag on the plane to add points (Add test points adds points held out of training); the Eraser removes points under its circle.",
      "Drag History to look back (it pauses training); Continue from here trains on from the step shown.",
      "On a touch screen a finger scrolls the page and a tap adds a point; switch on “Draw with a finger” to draw strokes.",
    ],
  },
  {
    area: "hidden",
    title: "Hidden space",
    build: (p) => ({ element: p.views.hidden.element }),
    help: ["Open Hidden space under the plane to see the plane's grid and the points as a hidden layer maps them: two of its neurons, or its top two principal components."],
  },
  {
    area: "network",
    title: "Network",
    stack: "middle",
    build: (p) => ({ element: p.network.element }),
    help: [
      "Weights and neuron values share one scale: green positive, purple negative; thicker edges are larger weights. Hover a neuron (or tap it) to see its map large on the plane and the weights into it; click an edge or a neuron to edit that weight or bias.",
    ],
  },
  {
    area: "training",
    title: "Training settings",
    stack: "middle",
    build: (p) => ({ element: p.controls.trainingPanel }),
    help: [],
  },
  {
    area: "chart",
    title: "Progress",
    build: (p) => ({ element: p.views.side }),
    help: ["The charts follow the loss and the accuracy (R² when predicting numbers) of the training points (solid) and the test points (dashed); hover them for the values of a step. Per class shows the confusion matrices."],
  },
];
