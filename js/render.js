// @ts-check
/**
 * Pixels from a forward pass: the decision map and the per-neuron maps, written into
 * ImageData with typed arrays so a frame stays cheap.
 */

import { CLASS_RGB, diverging } from "./colors.js";
import { gridPoints } from "./extent.js";
import { featureFn, forwardBatch } from "./forward.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("./extent.js").Extent} Extent */

/** Work of one decision map, in multiply-adds; about 5 ms of a 2-core laptop's browser. */
const MAP_WORK = 2.25e6;
/** An activation (a table lookup and a cubic) costs about as much as this many multiply-adds. */
const ACTIVATION_WORK = 4;

/**
 * A grid fine enough to look smooth (the canvas interpolates) but cheap for big networks: the
 * maps are recomputed for every new set of weights, so their cost bounds the frame rate.
 * 90 for small networks, 64 for 6 hidden layers of 8, 32 at least.
 * @param {Layer[]} net
 */
export function mapResolution(net) {
  const perPoint = net.reduce((s, l, i) => s + l.nIn * l.nOut + (i < net.length - 1 ? ACTIVATION_WORK * l.nOut : 0), 0);
  return Math.max(32, Math.min(90, Math.floor(Math.sqrt(MAP_WORK / perPoint))));
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
  const res = forwardBatch(net, features, activation, xs, ys);
  const cells = new Int32Array(neuronGrid * neuronGrid);
  for (let r = 0; r < neuronGrid; r++) {
    const fr = Math.floor(((r + 0.5) * g) / neuronGrid);
    for (let c = 0; c < neuronGrid; c++) cells[r * neuronGrid + c] = fr * g + Math.floor(((c + 0.5) * g) / neuronGrid);
  }
  return {
    decision: decisionImage(res.probs, net[net.length - 1].nOut, g, discretize),
    neurons: neuronImages(res, net, features, activation, xs, ys, cells, neuronGrid),
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
 * Small maps of every neuron: inputs (feature values), hidden activations and output
 * probabilities, at the grid cells `cells`.
 * @param {import("./forward.js").ForwardResult} res
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {Float64Array} xs
 * @param {Float64Array} ys
 * @param {Int32Array} cells
 * @param {number} size
 * @returns {{inputs: ImageData[], layers: ImageData[][]}} layers[l][i]: hidden layers, then output
 */
function neuronImages(res, net, features, activation, xs, ys, cells, size) {
  const n = cells.length;
  const values = new Float64Array(n);
  /** Diverging colours of `values`, scaled to the largest magnitude unless already in [-1, 1]. */
  const image = (/** @type {boolean} */ fixedRange) => {
    let scale = 1;
    if (!fixedRange) {
      let max = 0;
      for (let p = 0; p < n; p++) max = Math.max(max, Math.abs(values[p]));
      scale = max > 1e-12 ? 1 / max : 1;
    }
    const img = new ImageData(size, size);
    for (let p = 0; p < n; p++) diverging(img.data, p * 4, values[p] * scale);
    return img;
  };
  const inputs = features.map((name) => {
    const f = featureFn(name);
    for (let p = 0; p < n; p++) values[p] = f(xs[cells[p]], ys[cells[p]]);
    return image(false);
  });
  const bounded = activation === "tanh" || activation === "sigmoid";
  const layers = res.hidden.map((h, l) =>
    Array.from({ length: net[l].nOut }, (_, i) => {
      const row = i * res.n;
      for (let p = 0; p < n; p++) {
        const v = h[row + cells[p]];
        values[p] = activation === "sigmoid" ? 2 * v - 1 : v;
      }
      return image(bounded);
    }),
  );
  const k = net[net.length - 1].nOut;
  layers.push(
    Array.from({ length: k }, (_, c) => {
      const img = new ImageData(size, size);
      const col = CLASS_RGB[c];
      for (let p = 0; p < n; p++) {
        const q = res.probs[cells[p] * k + c];
        const o = p * 4;
        img.data[o] = 255 + (col[0] - 255) * q;
        img.data[o + 1] = 255 + (col[1] - 255) * q;
        img.data[o + 2] = 255 + (col[2] - 255) * q;
        img.data[o + 3] = 255;
      }
      return img;
    }),
  );
  return { inputs, layers };
}
