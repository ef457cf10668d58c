// @ts-check
/**
 * Level of detail of the network graph. A layer wider than its column has room for shows its
 * first neurons and a "+K" box for the rest, so 10 layers of 100 stay a readable graph of a
 * bounded number of elements. Edges are drawn between the neurons shown; between two wide
 * columns only the strongest by |w| (the others would be a wall of lines), batched into one path
 * per colour and thickness level, so a frame strokes a few dozen paths however many edges
 * there are; hovering one still reads its exact weight (graph.js).
 */

import { css, divergingRgb } from "./colors.js";

/** @typedef {import("../model/forward.js").Layer} Layer */
/**
 * The neurons of one column that get a node.
 * @typedef {object} ColumnPlan
 * @property {number[]} shown indices of the neurons drawn, in order
 * @property {number} more how many are not drawn (a "+K" box after the shown ones)
 */

/** The smallest node that still shows its neuron's map. */
export const MIN_NODE = 12;
/** Thickness and opacity levels of the edges: one path each, per sign. */
export const EDGE_LEVELS = 16;
/**
 * Edges drawn between two columns: all up to this many (8 x 8 neurons), else the strongest
 * EDGES_PER_NODE per node shown.
 */
export const MIN_EDGES = 64;
export const EDGES_PER_NODE = 2;

/**
 * Which neurons of each column get a node when a column has room for `rows` nodes: all of a
 * column that fits; else the first rows - 1 and a "+K" box. Inputs and outputs (a few) are
 * always drawn whole.
 * @param {number[]} sizes neurons per column, inputs first
 * @param {number} rows
 * @returns {ColumnPlan[]}
 */
export function planColumns(sizes, rows) {
  const last = sizes.length - 1;
  return sizes.map((n, c) => {
    const k = n <= rows || c === 0 || c === last ? n : Math.max(1, rows - 1);
    return { shown: Array.from({ length: k }, (_, i) => i), more: n - k };
  });
}

/**
 * Rows (nodes and "+K" boxes) in the tallest column of a plan.
 * @param {ColumnPlan[]} plan
 */
export function rowsOf(plan) {
  return Math.max(...plan.map((p) => p.shown.length + (p.more ? 1 : 0)));
}

/**
 * The "+K" box's text and its tooltip.
 * @param {ColumnPlan} column
 * @param {string} layerName e.g. "layer 3"
 */
export function moreText(column, layerName) {
  const first = column.shown.length + 1;
  const last = column.shown.length + column.more;
  return {
    label: `+${column.more}`,
    title: `${layerName}: neurons ${first}–${last} (${column.more} more) are not drawn; the graph shows the first ${column.shown.length}`,
  };
}

/**
 * The "+K" box of column c (inputs are column 0), centred on (x, y) where the column's next node
 * would be, s pixels high; its tooltip (graph.js) is its label.
 * @param {ColumnPlan[]} plan
 * @param {number} c
 * @param {number} x
 * @param {number} y
 * @param {number} s
 */
export function moreBox(plan, c, x, y, s) {
  const { label, title } = moreText(plan[c], c === plan.length - 1 ? "output layer" : `layer ${c}`);
  const box = document.createElement("span");
  box.className = "nv-more";
  box.dataset.testid = `more-${c - 1}`;
  box.textContent = label;
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", title);
  Object.assign(box.style, { left: `${x}px`, top: `${y - s / 2}px`, minWidth: `${s}px`, height: `${s}px`, lineHeight: `${s - 2}px` });
  return box;
}

/**
 * The largest |weight| of the network (the scale of edge thickness), over every weight, drawn
 * or not.
 * @param {Layer[]} net
 */
export function largestWeight(net) {
  let max = 1e-12;
  for (const l of net) {
    const w = l.w;
    for (let i = 0; i < w.length; i++) {
      const a = w[i] < 0 ? -w[i] : w[i];
      if (a > max) max = a;
    }
  }
  return max;
}

/**
 * The edges drawn between the shown neurons of layer `layer`'s input column (`ins`) and output
 * column (`outs`): every pair, or the strongest by |w| where there are more than
 * max(MIN_EDGES, EDGES_PER_NODE per node). Pairs are positions in the columns' shown lists.
 * @param {Layer} layer
 * @param {number[]} ins
 * @param {number[]} outs
 * @returns {Int32Array} a, b of each edge in turn
 */
export function edgesOf(layer, ins, outs) {
  const all = new Int32Array(2 * ins.length * outs.length);
  const strength = new Float64Array(ins.length * outs.length);
  for (let b = 0, k = 0; b < outs.length; b++) {
    for (let a = 0; a < ins.length; a++, k++) {
      all[2 * k] = a;
      all[2 * k + 1] = b;
      strength[k] = Math.abs(layer.w[outs[b] * layer.nIn + ins[a]]);
    }
  }
  const limit = Math.max(MIN_EDGES, EDGES_PER_NODE * (ins.length + outs.length));
  if (strength.length <= limit) return all;
  // The limit-th largest |w|; ties beyond the limit are dropped in order.
  const threshold = Float64Array.from(strength).sort()[strength.length - limit];
  const kept = new Int32Array(2 * limit);
  let n = 0;
  for (let k = 0; k < strength.length && n < limit; k++) {
    if (strength[k] > threshold) kept.set(all.subarray(2 * k, 2 * k + 2), 2 * n++);
  }
  for (let k = 0; k < strength.length && n < limit; k++) {
    if (strength[k] === threshold) kept.set(all.subarray(2 * k, 2 * k + 2), 2 * n++);
  }
  return kept;
}

/**
 * An edge (positions a, b in the shown lists of layer l's columns) that touches the focused
 * neuron (graph column, index): it is always drawn, highlighted.
 * @param {{column: number, index: number} | null} focus
 * @param {number} l
 * @param {number} a
 * @param {number} b
 */
function touches(focus, l, a, b) {
  return focus !== null && ((focus.column === l + 1 && focus.index === b) || (focus.column === l && focus.index === a));
}

/**
 * The edges of layer l drawn: the strongest (edgesOf), and every edge of the focused neuron
 * among the neurons shown.
 * @param {Layer} layer
 * @param {number} l
 * @param {number[]} ins
 * @param {number[]} outs
 * @param {{column: number, index: number} | null} focus
 */
function edgesDrawn(layer, l, ins, outs, focus) {
  const edges = edgesOf(layer, ins, outs);
  if (!focus || (focus.column !== l && focus.column !== l + 1)) return edges;
  const have = new Set();
  for (let e = 0; e < edges.length; e += 2) have.add(edges[e] * outs.length + edges[e + 1]);
  /** @type {number[]} */
  const extra = [];
  for (let b = 0; b < outs.length; b++) {
    for (let a = 0; a < ins.length; a++) if (touches(focus, l, a, b) && !have.has(a * outs.length + b)) extra.push(a, b);
  }
  if (!extra.length) return edges;
  const all = new Int32Array(edges.length + extra.length);
  all.set(edges);
  all.set(extra, edges.length);
  return all;
}

/**
 * Draws the edges between the nodes shown: from column l's node at `centres[l][a]` to column
 * l + 1's at `centres[l + 1][b]`, each weight's sign and |w| / maxAbs as its colour on the
 * diverging scale and its thickness, quantized to EDGE_LEVELS levels so each level of each sign
 * is one path. With a focused neuron, its edges stand out and the others fade. Returns the edges
 * drawn per layer (for hovering and clicking) and the focused neuron's edges into it (or out of
 * an input) with their weights, to label.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Layer[]} net
 * @param {ColumnPlan[]} plan
 * @param {{x: number, y: number}[][]} centres node centres per column, in plan order
 * @param {number} half half a node's size: edges leave and enter at the node's sides
 * @param {{column: number, index: number} | null} [focus] graph column (0: inputs) and index
 * @param {number} [thickness] edge widths are scaled by it (columns close together)
 * @returns {{drawn: Int32Array[], labels: [number, number, number, number, number][]}}
 */
export function drawEdges(ctx, net, plan, centres, half, focus = null, thickness = 1) {
  const maxAbs = largestWeight(net);
  /** @type {number[][]} per focus (dim, then highlighted), sign and level: x0, y0, x1, y1 of each edge */
  const segments = Array.from({ length: 4 * EDGE_LEVELS }, () => []);
  /** @type {[number, number, number, number, number][]} */
  const labels = [];
  const drawn = net.map((layer, l) => {
    const ins = plan[l].shown;
    const outs = plan[l + 1].shown;
    const edges = edgesDrawn(layer, l, ins, outs, focus);
    for (let e = 0; e < edges.length; e += 2) {
      const [a, b] = [edges[e], edges[e + 1]];
      const w = layer.w[outs[b] * layer.nIn + ins[a]];
      const level = Math.min(EDGE_LEVELS - 1, Math.floor((Math.abs(w) / maxAbs) * EDGE_LEVELS));
      const hot = touches(focus, l, a, b);
      const [x0, y0, x1, y1] = [centres[l][a].x + half, centres[l][a].y, centres[l + 1][b].x - half, centres[l + 1][b].y];
      segments[(hot ? 2 * EDGE_LEVELS : 0) + (w >= 0 ? 0 : EDGE_LEVELS) + level].push(x0, y0, x1, y1);
      if (hot && (focus?.column === l + 1 || l === 0)) labels.push([x0, y0, x1, y1, w]);
    }
    return edges;
  });
  segments.forEach((s, index) => {
    if (!s.length) return;
    const hot = index >= 2 * EDGE_LEVELS;
    const negative = index % (2 * EDGE_LEVELS) >= EDGE_LEVELS;
    // The middle of the level's range, as the unbatched drawing had it for that |w|.
    const m = ((index % EDGE_LEVELS) + 0.5) / EDGE_LEVELS;
    ctx.strokeStyle = css(divergingRgb((negative ? -1 : 1) * (0.35 + 0.65 * m)), focus === null || hot ? 0.9 : 0.12);
    ctx.lineWidth = (0.6 + 3.4 * m) * thickness + (hot ? 1 : 0);
    ctx.beginPath();
    for (let i = 0; i < s.length; i += 4) {
      ctx.moveTo(s[i], s[i + 1]);
      ctx.lineTo(s[i + 2], s[i + 3]);
    }
    ctx.stroke();
  });
  return { drawn, labels };
}
