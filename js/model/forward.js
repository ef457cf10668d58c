// @ts-check
/**
 * The network's forward pass in JavaScript, for rendering: decision maps, neuron maps and
 * the loss/accuracy readouts are computed here from the weights the trainer returned, so the
 * server never draws anything. It must agree with nnvisu.trainer.forward
 * (tests/test_forward_parity.py holds the two together).
 */

import { toTensors } from "./tensors.js";

/** @typedef {{nIn: number, nOut: number, w: Float64Array, b: Float64Array}} Layer */
/** @typedef {{x: number[], y: number[], label: number[], test: boolean[]}} Data points as columns */
/**
 * @typedef {object} Metrics
 * @property {number | null} loss
 * @property {number | null} accuracy
 * @property {number | null} testLoss
 * @property {number | null} testAccuracy
 * @property {number} trainCount
 * @property {number} testCount
 */

export const FEATURES = ["x", "y", "x2", "y2", "xy", "sinx", "siny"];
export const ACTIVATIONS = ["tanh", "relu", "leaky_relu", "gelu", "sigmoid", "linear"];
export const LEAKY_SLOPE = 0.01;

/** @type {Record<string, (x: number, y: number) => number>} */
const FEATURE_FNS = {
  x: (x) => x,
  y: (_x, y) => y,
  x2: (x) => x * x,
  y2: (_x, y) => y * y,
  xy: (x, y) => x * y,
  sinx: (x) => Math.sin(x),
  siny: (_x, y) => Math.sin(y),
};

/**
 * @param {string} name
 * @returns {(x: number, y: number) => number}
 */
export function featureFn(name) {
  const fn = FEATURE_FNS[name];
  if (!fn) throw new Error(`unknown feature ${JSON.stringify(name)}`);
  return fn;
}

/**
 * The error function, with fractional error below 1.2e-7 everywhere: the Chebyshev-fitted
 * erfc of Numerical Recipes (Press et al., section 6.2). Enough for exact-erf GELU to agree
 * with torch to well under 1e-6.
 * @param {number} x
 */
export function erf(x) {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc : erfc - 1;
}

/*
 * tanh as a rational function: Math.tanh is a call into C that the JIT cannot inline, and it
 * was most of the cost of a decision map; a table lookup branches on the sign and the range.
 * This is x P(x²) / Q(x²) with P and Q of degree 4, fitted to tanh on [0, 9] by
 * scripts/fit_tanh.py; beyond ±9 the input is clamped. It has no branch the JIT must
 * predict, and its error is about 2e-8 at most (float32's own resolution near 1 is 6e-8).
 */
const P1 = 0.13380373912479349;
const P2 = 0.003494825177950511;
const P3 = 2.0597178579393792e-05;
const P4 = 1.3339565213717208e-08;
const Q1 = 0.4671369134995953;
const Q2 = 0.025874046445021764;
const Q3 = 0.00032844136227332495;
const Q4 = 7.770077233691815e-07;
const TANH_CLAMP = 9;

/** @param {number} v */
export function tanh(v) {
  const x = Math.min(Math.max(v, -TANH_CLAMP), TANH_CLAMP); // NaN stays NaN
  const s = x * x;
  return (x * (1 + s * (P1 + s * (P2 + s * (P3 + s * P4))))) / (1 + s * (Q1 + s * (Q2 + s * (Q3 + s * Q4))));
}

/** @type {Record<string, (v: number) => number>} */
const ACTIVATION_FNS = {
  tanh,
  relu: (v) => (v > 0 ? v : 0),
  leaky_relu: (v) => (v > 0 ? v : LEAKY_SLOPE * v),
  gelu: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  linear: (v) => v,
};

/**
 * @param {string} name
 * @returns {(v: number) => number}
 */
export function activationFn(name) {
  const fn = ACTIVATION_FNS[name];
  if (!fn) throw new Error(`unknown activation ${JSON.stringify(name)}`);
  return fn;
}

/**
 * Typed-array layers from weights in any form a host sends (tensors.js): `layer_{i}_weights`
 * as [out][in], `layer_{i}_bias` as [out].
 * @param {Record<string, unknown>} weights
 * @returns {Layer[]}
 */
export function compileNetwork(weights) {
  const tensors = toTensors(weights);
  /** @type {Layer[]} */
  const layers = [];
  for (let i = 0; `layer_${i}_weights` in tensors; i++) {
    const w = tensors[`layer_${i}_weights`];
    const bias = tensors[`layer_${i}_bias`];
    const nOut = w.shape[0];
    const nIn = w.shape.length === 2 ? w.shape[1] : 0;
    if (!bias || bias.values.length !== nOut) {
      throw new Error(`layer_${i}_bias must have ${nOut} entries`);
    }
    if (i > 0 && layers[i - 1].nOut !== nIn) {
      throw new Error(`layer_${i}_weights takes ${nIn} inputs but layer ${i - 1} has ${layers[i - 1].nOut} outputs`);
    }
    layers.push({ nIn, nOut, w: Float64Array.from(w.values), b: Float64Array.from(bias.values) });
  }
  if (!layers.length) throw new Error("the weights have no layers");
  return layers;
}

/**
 * Applies an activation to every value. tanh (the default) has a loop of its own: through a
 * function variable that has seen several activations the JIT no longer inlines it.
 * @param {Float64Array} values
 * @param {string} activation
 */
function activateInPlace(values, activation) {
  if (activation === "tanh") {
    for (let j = 0; j < values.length; j++) values[j] = tanh(values[j]);
  } else if (activation !== "linear") {
    const act = activationFn(activation);
    for (let j = 0; j < values.length; j++) values[j] = act(values[j]);
  }
}

/*
 * One layer's output rows, neuron-major: each weight is a multiply-add sweep over a contiguous
 * row of points. Two output neurons and four inputs per sweep: every input value loaded feeds
 * two sums, and each output row is loaded and stored a quarter as often as one input at a
 * time (1.4x faster than one output per sweep, 2.5x faster than a dot product per point).
 * The sums are grouped the same way in both, so an odd last neuron gets identical values.
 */

/**
 * @param {Float64Array} ra
 * @param {Float64Array} rb
 * @param {Float64Array} w
 * @param {number} wa offset of ra's weights in w
 * @param {number} wb offset of rb's weights in w
 * @param {number} ba
 * @param {number} bb
 * @param {Float64Array[]} rows the layer's inputs, one row of points each
 */
function sweepPair(ra, rb, w, wa, wb, ba, bb, rows) {
  const n = ra.length;
  const nIn = rows.length;
  ra.fill(ba);
  rb.fill(bb);
  let i = 0;
  for (; i + 4 <= nIn; i += 4) {
    const a0 = w[wa + i];
    const a1 = w[wa + i + 1];
    const a2 = w[wa + i + 2];
    const a3 = w[wa + i + 3];
    const b0 = w[wb + i];
    const b1 = w[wb + i + 1];
    const b2 = w[wb + i + 2];
    const b3 = w[wb + i + 3];
    const s0 = rows[i];
    const s1 = rows[i + 1];
    const s2 = rows[i + 2];
    const s3 = rows[i + 3];
    for (let p = 0; p < n; p++) {
      const x0 = s0[p];
      const x1 = s1[p];
      const x2 = s2[p];
      const x3 = s3[p];
      ra[p] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
      rb[p] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3;
    }
  }
  for (; i < nIn; i++) {
    const a = w[wa + i];
    const c = w[wb + i];
    const src = rows[i];
    for (let p = 0; p < n; p++) {
      const x = src[p];
      ra[p] += a * x;
      rb[p] += c * x;
    }
  }
}

/**
 * @param {Float64Array} row
 * @param {Float64Array} w
 * @param {number} wo offset of row's weights in w
 * @param {number} bias
 * @param {Float64Array[]} rows
 */
function sweepOne(row, w, wo, bias, rows) {
  const n = row.length;
  const nIn = rows.length;
  row.fill(bias);
  let i = 0;
  for (; i + 4 <= nIn; i += 4) {
    const w0 = w[wo + i];
    const w1 = w[wo + i + 1];
    const w2 = w[wo + i + 2];
    const w3 = w[wo + i + 3];
    const s0 = rows[i];
    const s1 = rows[i + 1];
    const s2 = rows[i + 2];
    const s3 = rows[i + 3];
    for (let p = 0; p < n; p++) row[p] += w0 * s0[p] + w1 * s1[p] + w2 * s2[p] + w3 * s3[p];
  }
  for (; i < nIn; i++) {
    const wi = w[wo + i];
    const src = rows[i];
    for (let p = 0; p < n; p++) row[p] += wi * src[p];
  }
}

/**
 * @typedef {object} ForwardResult
 * @property {number} n number of points
 * @property {Float64Array[]} hidden activations of every hidden layer, neuron-major: neuron i
 *   of a layer at point p is `hidden[l][i * n + p]`
 * @property {Float64Array} logits row-major n x classes
 * @property {Float64Array} probs softmax of the logits, row-major n x classes
 */

/**
 * Forward pass over a batch of points (no dropout: that is for training only).
 *
 * Activations are kept neuron-major, so the layers are sweeps over contiguous rows of points
 * (sweepPair), loops the JIT compiles tightly.
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {ArrayLike<number>} xs
 * @param {ArrayLike<number>} ys
 * @returns {ForwardResult}
 */
export function forwardBatch(net, features, activation, xs, ys) {
  const n = xs.length;
  const d = features.length;
  if (net[0].nIn !== d) {
    throw new Error(`the network takes ${net[0].nIn} inputs but ${d} features are enabled`);
  }
  activationFn(activation); // an unknown name fails here, before any work
  let h = new Float64Array(n * d);
  features.forEach((name, j) => {
    const f = featureFn(name);
    for (let p = 0; p < n; p++) h[j * n + p] = f(xs[p], ys[p]);
  });
  /** @type {Float64Array[]} */
  const hidden = [];
  for (let l = 0; l < net.length; l++) {
    const { nIn, nOut, w, b } = net[l];
    const out = new Float64Array(n * nOut);
    const rows = Array.from({ length: nIn }, (_, i) => h.subarray(i * n, (i + 1) * n));
    let o = 0;
    for (; o + 2 <= nOut; o += 2) {
      sweepPair(out.subarray(o * n, (o + 1) * n), out.subarray((o + 1) * n, (o + 2) * n), w, o * nIn, (o + 1) * nIn, b[o], b[o + 1], rows);
    }
    if (o < nOut) sweepOne(out.subarray(o * n, (o + 1) * n), w, o * nIn, b[o], rows);
    if (l < net.length - 1) {
      activateInPlace(out, activation);
      hidden.push(out);
    }
    h = out;
  }
  const classes = net[net.length - 1].nOut;
  const logits = new Float64Array(n * classes);
  const probs = new Float64Array(n * classes);
  for (let p = 0; p < n; p++) {
    const off = p * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      logits[off + c] = h[c * n + p];
      max = Math.max(max, logits[off + c]);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[off + c] - max);
      probs[off + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) probs[off + c] /= sum;
  }
  return { n, hidden, logits, probs };
}

/**
 * Mean cross-entropy and accuracy on the training and the test points, as the trainer
 * reports them (null when a split is empty).
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {Data} data
 * @returns {Metrics}
 */
export function evaluate(net, features, activation, data) {
  const { logits } = forwardBatch(net, features, activation, data.x, data.y);
  return metricsOf(logits, net[net.length - 1].nOut, data);
}

/**
 * The metrics of `evaluate` from the logits of every point.
 * @param {Float64Array} logits row-major points x classes
 * @param {number} classes
 * @param {Data} data
 * @returns {Metrics}
 */
export function metricsOf(logits, classes, data) {
  const sums = { trainLoss: 0, trainRight: 0, trainCount: 0, testLoss: 0, testRight: 0, testCount: 0 };
  for (let p = 0; p < data.x.length; p++) {
    const off = p * classes;
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < classes; c++) {
      if (logits[off + c] > max) {
        max = logits[off + c];
        arg = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[off + c] - max);
    const loss = max + Math.log(sum) - logits[off + data.label[p]];
    const right = arg === data.label[p] ? 1 : 0;
    if (data.test?.[p]) {
      sums.testLoss += loss;
      sums.testRight += right;
      sums.testCount++;
    } else {
      sums.trainLoss += loss;
      sums.trainRight += right;
      sums.trainCount++;
    }
  }
  /** @param {number} v @param {number} n */
  const mean = (v, n) => (n ? v / n : null);
  return {
    loss: mean(sums.trainLoss, sums.trainCount),
    accuracy: mean(sums.trainRight, sums.trainCount),
    testLoss: mean(sums.testLoss, sums.testCount),
    testAccuracy: mean(sums.testRight, sums.testCount),
    trainCount: sums.trainCount,
    testCount: sums.testCount,
  };
}
