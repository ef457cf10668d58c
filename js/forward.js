// @ts-check
/**
 * The network's forward pass in JavaScript, for rendering: decision maps, neuron maps and
 * the loss/accuracy readouts are computed here from the weights the trainer returned, so the
 * server never draws anything. It must agree with nnvisu.trainer.forward
 * (tests/test_forward_parity.py holds the two together).
 */

/** @typedef {Record<string, number[][] | number[]>} Weights */
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

/** @type {Record<string, (v: number) => number>} */
const ACTIVATION_FNS = {
  tanh: Math.tanh,
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
 * Typed-array layers from wire weights (`layer_{i}_weights` as [out][in], `layer_{i}_bias`).
 * @param {Weights} weights
 * @returns {Layer[]}
 */
export function compileNetwork(weights) {
  /** @type {Layer[]} */
  const layers = [];
  for (let i = 0; `layer_${i}_weights` in weights; i++) {
    const rows = /** @type {number[][]} */ (weights[`layer_${i}_weights`]);
    const bias = /** @type {number[]} */ (weights[`layer_${i}_bias`]);
    const nOut = rows.length;
    const nIn = nOut ? rows[0].length : 0;
    if (!Array.isArray(bias) || bias.length !== nOut) {
      throw new Error(`layer_${i}_bias must have ${nOut} entries`);
    }
    if (i > 0 && layers[i - 1].nOut !== nIn) {
      throw new Error(`layer_${i}_weights takes ${nIn} inputs but layer ${i - 1} has ${layers[i - 1].nOut} outputs`);
    }
    const w = new Float64Array(nOut * nIn);
    rows.forEach((row, o) => w.set(row, o * nIn));
    layers.push({ nIn, nOut, w, b: Float64Array.from(bias) });
  }
  if (!layers.length) throw new Error("the weights have no layers");
  return layers;
}

/**
 * @typedef {object} ForwardResult
 * @property {number} n number of points
 * @property {Float64Array[]} hidden activations of every hidden layer, row-major n x size
 * @property {Float64Array} logits n x classes
 * @property {Float64Array} probs softmax of the logits, n x classes
 */

/**
 * Forward pass over a batch of points (no dropout: that is for training only).
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
  let h = new Float64Array(n * d);
  features.forEach((name, j) => {
    const f = featureFn(name);
    for (let p = 0; p < n; p++) h[p * d + j] = f(xs[p], ys[p]);
  });
  const act = activationFn(activation);
  /** @type {Float64Array[]} */
  const hidden = [];
  for (let l = 0; l < net.length; l++) {
    const { nIn, nOut, w, b } = net[l];
    const out = new Float64Array(n * nOut);
    const last = l === net.length - 1;
    for (let p = 0; p < n; p++) {
      const inOff = p * nIn;
      for (let o = 0; o < nOut; o++) {
        let s = b[o];
        const wOff = o * nIn;
        for (let i = 0; i < nIn; i++) s += w[wOff + i] * h[inOff + i];
        out[p * nOut + o] = last ? s : act(s);
      }
    }
    if (!last) hidden.push(out);
    h = out;
  }
  const classes = net[net.length - 1].nOut;
  const logits = h;
  const probs = new Float64Array(n * classes);
  for (let p = 0; p < n; p++) {
    const off = p * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[off + c]);
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
  const classes = net[net.length - 1].nOut;
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
