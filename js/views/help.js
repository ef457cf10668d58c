// @ts-check
/** "How to use": the page's own short manual, keyboard shortcuts included. */

import { h } from "./dom.js";
import { SHORTCUT_HELP } from "../app/shortcuts.js";

export const HELP = [
  "Pick a class colour and click or drag on the plane to add points (Add test points adds points held out of training); the Eraser removes points under its circle.",
  "Or pick a data set: its points change at once with every data setting. Test fraction holds some points out of training (drawn as diamonds) to show how well the network generalizes.",
  "Press Play to train and watch the decision regions, every neuron's map and the loss change; Speed sets the pace. Step runs one training step. Undo (Ctrl+Z) and Redo (Shift+Ctrl+Z, Ctrl+Y) take back and redo any change of points or settings.",
  "Hidden layers takes sizes such as 8-8-4 (or use − and + over each layer of the network). Changing the layers, the activation or the features starts from fresh weights; the other settings apply while training.",
  "Weights and neuron values share one scale: green positive, purple negative; thicker edges are larger weights. Hover a neuron (or tap it) to see its map large on the plane and the weights into it; click an edge or a neuron to edit that weight or bias.",
  "Open Hidden space under the plane to see the plane's grid and the points as a hidden layer maps them: two of its neurons, or its top two principal components.",
  "Drag History to look back (it pauses training); Continue from here trains on from the step shown.",
  "On a touch screen a finger scrolls the page and a tap adds a point; switch on “Draw with a finger” to draw strokes.",
  SHORTCUT_HELP,
];

export function helpSection() {
  return h("details", { class: "nv-help" }, [h("summary", { text: "How to use" }), h("ul", {}, HELP.map((text) => h("li", { text })))]);
}
