// @ts-check
/**
 * Pixels from a forward pass: the decision map and the per-neuron maps, written into
 * ImageData with typed arrays so a frame stays cheap.
 */

import { MAP_WORK, pointWork } from "./budget.js";
import { CLASS_RGB, diverging } from "../views/colors.js";
import { gridPoints } from "../data/extent.js";
import { featureFn, forwardBatch } from "./forward.js";
import { valueImage } from "../data/value_scale.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("../data/extent.js").Extent} Extent */
/**
 * How the maps are drawn. `shown`: per graph column (inputs first), the neurons that need a
 * map (the graph's level of detail); all of them when absent.
 * @typedef {object} MapOptions
 * @property {string[]} features
 * @property {string} activation
 * @property {number} g decision-map grid size
 * @property {boolean} discretize
 * @property {number} neuronGrid neuron-map grid size (at most g)
 * @property {{shown: number[]}[]} [shown]
 * @property {Extent} extent the data rectangle the maps cover
 * @property {import("../data/value_scale.js").ValueRange | null} [values] a regression's value scale:
 *   the map and the output neuron's map show the one output on it
 */


/**
 * Work of the maps of the largest networks, computed over several frames (budget.js): a grid
 * coarser than 32 (down to 16) keeps them to a few frames, so they still follow training.
 */
const LARGE_MAP_WORK = 2e7;

/**
 * A grid fine enough to look smooth (the canvas interpolates) but cheap for big networks: the
 * maps are recomputed for every new set of weights, so their cost bounds the frame rate.
 * 90 for small networks, 64 for 6 hidden layers of 8, 32 down to 16 for the largest.
 * @param {Layer[]} net
 */
export function mapResolution(net) {
  const perPoint = pointWork(net);
  const least = Math.max(16, Math.min(32, Math.floor(Math.sqrt(LARGE_MAP_WORK / perPoint))));
  return Math.max(least, Math.min(90, Math.floor(Math.sqrt(MAP_WORK / perPoint))));
}

/**
 * The decision map and every neuron's map, from one forward pass over the g x g grid: the
 * neuron maps take the grid cell nearest to each of their own `neuronGrid` x `neuronGrid`
 * cells, so the hidden activations the decision map needs anyway are not computed twice.
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {number} g decision-map grid size
 * @param {boolean} discretize
 * @param {number} neuronGrid neuron-map grid size (at most g)
 * @param {Extent} extent the data rectangle the maps cover
 * @returns {{decision: ImageData, neurons: {inputs: ImageData[], layers: ImageData[][]}}}
 */
export function mapImages(net, features, activation, g, discretize, neuronGrid, extent) {
  const { xs, ys } = gridPoints(g, extent);
  return imagesOf(forwardBatch(net, features, activation, xs, ys), net, { features, activation, g, discretize, neuronGrid, extent });
}

/**
 * The maps of mapImages from a forward pass over `gridPoints(g)` done elsewhere (budget.js),
 * with neuron maps only for the neurons `options.shown` lists.
 * @param {import("./forward.js").ForwardResult} res
 * @param {Layer[]} net
 * @param {MapOptions} options
 * @returns {{decision: ImageData, neurons: {inputs: ImageData[], layers: ImageData[][]}}}
 */
export function imagesOf(res, net, options) {
  const { features, activation, g, discretize, neuronGrid, shown, extent, values } = options;
  const { xs, ys } = gridPoints(g, extent);
  const cells = new Int32Array(neuronGrid * neuronGrid);
  for (let r = 0; r < neuronGrid; r++) {
    const fr = Math.floor(((r + 0.5) * g) / neuronGrid);
    for (let c = 0; c < neuronGrid; c++) cells[r * neuronGrid + c] = fr * g + Math.floor(((c + 0.5) * g) / neuronGrid);
  }
  return {
    decision: values ? valueImage(res.logits, g, values, discretize) : decisionImage(res.probs, net[net.length - 1].nOut, g, discretize),
    neurons: neuronImages({ res, net, features, activation, xs, ys, cells, size: neuronGrid, values }, shown),
  };
}

/**
 * Class colours blended by probability (or the most likely class when `discretize`), paler
 * where the network is unsure.
 * @param {Float64Array} probs g*g x k
 * @param {number} k classes
 * @param {number} g
 * @param {boolean} discretize
 */
function decisionImage(probs, k, g, discretize) {
  const img = new ImageData(g, g);
  const px = img.data;
  for (let p = 0; p < g * g; p++) {
    let r = 0;
    let gr = 0;
    let b = 0;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const q = probs[p * k + c];
      if (q > probs[p * k + best]) best = c;
      const col = CLASS_RGB[c];
      r += q * col[0];
      gr += q * col[1];
      b += q * col[2];
    }
    const top = probs[p * k + best];
    let alpha;
    if (discretize) {
      [r, gr, b] = CLASS_RGB[best];
      alpha = 0.5;
    } else {
      // 0 where all classes are equally likely, 1 where one is certain
      const sure = (top - 1 / k) / (1 - 1 / k);
      alpha = 0.12 + 0.5 * sure;
    }
    const o = p * 4;
    px[o] = 255 + (r - 255) * alpha;
    px[o + 1] = 255 + (gr - 255) * alpha;
    px[o + 2] = 255 + (b - 255) * alpha;
    px[o + 3] = 255;
  }
  return img;
}

/**
 * Where a neuron's map is read from: the forward pass over the grid `xs`, `ys`, at the grid
 * cells `cells` (size x size of them); `values`: a regression's scale.
 * @typedef {{res: import("./forward.js").ForwardResult, net: Layer[], features: string[], activation: string,
 *   xs: Float64Array, ys: Float64Array, cells: Int32Array, size: number, values?: import("../data/value_scale.js").ValueRange | null}} MapSource
 */

/**
 * Small maps of every neuron (or of those `shown`): inputs (feature values), hidden
 * activations and output probabilities (a regression's prediction), at the grid cells `at.cells`.
 * @param {MapSource} at
 * @param {{shown: number[]}[]} [shown] per column, inputs first
 * @returns {{inputs: ImageData[], layers: ImageData[][]}} layers[l][i]: hidden layers, then
 *   output (sparse where only some are shown)
 */
function neuronImages(at, shown) {
  const { net, features, cells } = at;
  const values = new Float64Array(cells.length);
  /** @type {ImageData[][]} */
  const layers = net.map((l, c) => {
    /** @type {ImageData[]} */
    const images = [];
    // Outputs are always drawn whole; hidden layers as the graph's level of detail says.
    for (const i of (c < net.length - 1 ? shown?.[c + 1]?.shown : null) ?? range(l.nOut)) images[i] = neuronImage(at, c + 1, i, values);
    return images;
  });
  return { inputs: features.map((_, i) => neuronImage(at, 0, i, values)), layers };
}

/**
 * The map of one neuron over the whole plane at the decision map's resolution `g` (shown large
 * on the plane while the neuron is hovered).
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {number} g
 * @param {number} column graph column: 0 the inputs, then the layers (the last: the output)
 * @param {number} index
 * @param {Extent} extent the plane's
 */
export function neuronMap(net, features, activation, g, column, index, extent) {
  const { xs, ys } = gridPoints(g, extent);
  return neuronMapOf(forwardBatch(net, features, activation, xs, ys), net, features, activation, g, column, index, extent);
}

/**
 * neuronMap from a forward pass over `gridPoints(g)` done already (the maps', budget.js), so
 * focusing a neuron of a large network costs no second pass.
 * @param {import("./forward.js").ForwardResult} res with its hidden layers
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {number} g
 * @param {number} column
 * @param {number} index
 * @param {Extent} extent
 * @param {import("../data/value_scale.js").ValueRange | null} [values] a regression's scale
 */
export function neuronMapOf(res, net, features, activation, g, column, index, extent, values = null) {
  const { xs, ys } = gridPoints(g, extent);
  const cells = Int32Array.from({ length: g * g }, (_, p) => p);
  return neuronImage({ res, net, features, activation, xs, ys, cells, size: g, values }, column, index, new Float64Array(g * g));
}

/**
 * One neuron's map at the grid cells `at.cells`: an input's feature values and a hidden
 * neuron's activation on the diverging scale (scaled to their largest magnitude unless the
 * activation is bounded), an output's probability in its class colour (a regression's
 * prediction on its value scale).
 * @param {MapSource} at
 * @param {number} column
 * @param {number} index
 * @param {Float64Array} values scratch, cells.length long
 */
function neuronImage(at, column, index, values) {
  const { res, net, cells, size } = at;
  const n = cells.length;
  const img = new ImageData(size, size);
  if (column === net.length && at.values) return valueImage(res.logits, size, at.values, false, 1, cells);
  if (column === net.length) {
    const k = net[net.length - 1].nOut;
    const col = CLASS_RGB[index];
    for (let p = 0; p < n; p++) {
      const q = res.probs[cells[p] * k + index];
      const o = p * 4;
      img.data[o] = 255 + (col[0] - 255) * q;
      img.data[o + 1] = 255 + (col[1] - 255) * q;
      img.data[o + 2] = 255 + (col[2] - 255) * q;
      img.data[o + 3] = 255;
    }
    return img;
  }
  let bounded = false;
  if (column === 0) {
    const f = featureFn(at.features[index]);
    for (let p = 0; p < n; p++) values[p] = f(at.xs[cells[p]], at.ys[cells[p]]);
  } else {
    const h = res.hidden[column - 1];
    const row = index * res.n;
    const sigmoid = at.activation === "sigmoid";
    for (let p = 0; p < n; p++) values[p] = sigmoid ? 2 * h[row + cells[p]] - 1 : h[row + cells[p]];
    bounded = sigmoid || at.activation === "tanh";
  }
  let scale = 1;
  if (!bounded) {
    let max = 0;
    for (let p = 0; p < n; p++) max = Math.max(max, Math.abs(values[p]));
    scale = max > 1e-12 ? 1 / max : 1;
  }
  for (let p = 0; p < n; p++) diverging(img.data, p * 4, values[p] * scale);
  return img;
}

/** @param {number} n */
function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}
