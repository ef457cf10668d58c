// @ts-check
/** "How to use": the page's own short manual, keyboard shortcuts included. */

import { h } from "./dom.js";
import { SHORTCUT_HELP } from "./shortcuts.js";

export const HELP = [
  "Pick a class colour and click or drag on the plane to add points; the Eraser removes points under its circle. Undo takes back the last change to the points.",
  "Or choose a data set and press Generate. Test fraction holds some points out of training (drawn as diamonds) to show how well the network generalizes.",
  "Press Play to train and watch the decision regions, every neuron's map and the loss change. Step runs one training step.",
  "Hidden layers takes sizes such as 8-8-4. Changing the layers, the activation or the features starts from fresh weights; the other settings apply while training.",
  "Weights and neuron values share one scale: green positive, purple negative; thicker edges are larger weights. Hover a neuron (or tap it) to see its map large on the plane and the weights into it; click an edge or a neuron to edit that weight or bias. − and + over a hidden layer remove or add a neuron. While paused, drag History to look back.",
  "On a touch screen a finger scrolls the page and a tap adds a point; switch on “Draw with a finger” to draw strokes.",
  SHORTCUT_HELP,
];

export function helpSection() {
  return h("details", { class: "nv-help" }, [h("summary", { text: "How to use" }), h("ul", {}, HELP.map((text) => h("li", { text })))]);
}
