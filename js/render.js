// @ts-check
/**
 * Pixels from a forward pass: the decision map and the per-neuron maps, written into
 * ImageData with typed arrays so a frame stays cheap.
 */

import { CLASS_RGB, diverging } from "./colors.js";
import { featureFn, forwardBatch } from "./forward.js";

/** @typedef {import("./forward.js").Layer} Layer */

export const PLANE_EXTENT = 6;

/**
 * Cell centres of a g x g grid over the plane, row 0 at the top (y = +6).
 * @param {number} g
 */
export function gridPoints(g) {
  const xs = new Float64Array(g * g);
  const ys = new Float64Array(g * g);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      xs[r * g + c] = -PLANE_EXTENT + (2 * PLANE_EXTENT * (c + 0.5)) / g;
      ys[r * g + c] = PLANE_EXTENT - (2 * PLANE_EXTENT * (r + 0.5)) / g;
    }
  }
  return { xs, ys };
}

/**
 * A grid fine enough to look smooth (the canvas interpolates) but cheap for big networks:
 * about 2.5M multiply-adds (computed only when the weights change).
 * @param {Layer[]} net
 */
export function mapResolution(net) {
  const macs = net.reduce((s, l) => s + l.nIn * l.nOut, 0) + 10;
  return Math.max(32, Math.min(90, Math.floor(Math.sqrt(2.5e6 / macs))));
}

/**
 * The decision map: class colours blended by probability (or the most likely class when
 * `discretize`), paler where the network is unsure.
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {number} g grid size
 * @param {boolean} discretize
 * @returns {ImageData}
 */
export function decisionImage(net, features, activation, g, discretize) {
  const { xs, ys } = gridPoints(g);
  const { probs } = forwardBatch(net, features, activation, xs, ys);
  const k = net[net.length - 1].nOut;
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
 * probabilities, all over one coarse grid.
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {number} g
 * @returns {{inputs: ImageData[], layers: ImageData[][]}} layers[l][i]: hidden layers, then output
 */
export function neuronImages(net, features, activation, g) {
  const { xs, ys } = gridPoints(g);
  const n = g * g;
  const res = forwardBatch(net, features, activation, xs, ys);
  /**
   * @param {(p: number) => number} value
   * @param {boolean} fixedRange values already in [-1, 1]
   */
  const image = (value, fixedRange) => {
    let scale = 1;
    if (!fixedRange) {
      let max = 0;
      for (let p = 0; p < n; p++) max = Math.max(max, Math.abs(value(p)));
      scale = max > 1e-12 ? 1 / max : 1;
    }
    const img = new ImageData(g, g);
    for (let p = 0; p < n; p++) diverging(img.data, p * 4, value(p) * scale);
    return img;
  };
  const inputs = features.map((name) => {
    const f = featureFn(name);
    return image((p) => f(xs[p], ys[p]), false);
  });
  const bounded = activation === "tanh" || activation === "sigmoid";
  const layers = res.hidden.map((h, l) => {
    const size = net[l].nOut;
    return Array.from({ length: size }, (_, i) =>
      image((p) => (activation === "sigmoid" ? 2 * h[p * size + i] - 1 : h[p * size + i]), bounded),
    );
  });
  const k = net[net.length - 1].nOut;
  layers.push(
    Array.from({ length: k }, (_, c) => {
      const img = new ImageData(g, g);
      const col = CLASS_RGB[c];
      for (let p = 0; p < n; p++) {
        const q = res.probs[p * k + c];
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
