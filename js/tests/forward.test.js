// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { activationFn, compileNetwork, erf, evaluate, featureFn, forwardBatch, tanh } from "../model/forward.js";

/** @param {number} a @param {number} b @param {number} [tol] */
const close = (a, b, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b} (tolerance ${tol})`);

test("erf matches tabulated values to 1.2e-7", () => {
  // Abramowitz & Stegun table 7.1
  const table = [
    [0, 0],
    [0.1, 0.1124629160],
    [0.5, 0.5204998778],
    [1, 0.8427007929],
    [1.5, 0.9661051465],
    [2, 0.9953222650],
    [3, 0.9999779095],
  ];
  for (const [x, v] of table) {
    close(erf(x), v, 1.2e-7);
    close(erf(-x), -v, 1.2e-7);
  }
});

test("activations by hand", () => {
  close(activationFn("relu")(-2), 0);
  close(activationFn("relu")(3), 3);
  close(activationFn("leaky_relu")(-2), -0.02);
  close(activationFn("sigmoid")(0), 0.5);
  close(activationFn("tanh")(0.5), Math.tanh(0.5), 2.5e-8);
  close(activationFn("linear")(-7.5), -7.5);
  // gelu(1) = 0.5 * (1 + erf(1/sqrt 2)) = 0.8413447461
  close(activationFn("gelu")(1), 0.8413447461, 1e-7);
  close(activationFn("gelu")(-1), -0.1586552539, 1e-7);
  assert.throws(() => activationFn("swish"), /unknown activation "swish"/);
});

test("features by hand", () => {
  const [x, y] = [2, -3];
  const want = { x: 2, y: -3, x2: 4, y2: 9, xy: -6, sinx: Math.sin(2), siny: Math.sin(-3) };
  for (const [name, v] of Object.entries(want)) close(featureFn(name)(x, y), v);
  assert.throws(() => featureFn("z"), /unknown feature/);
});

test("a 2-2-2 network computed by hand", () => {
  const weights = {
    layer_0_weights: [
      [1, 2],
      [-1, 0.5],
    ],
    layer_0_bias: [0.5, -1],
    layer_1_weights: [
      [1, -1],
      [0, 2],
    ],
    layer_1_bias: [0, 0.25],
  };
  const net = compileNetwork(weights);
  const res = forwardBatch(net, ["x", "y"], "relu", [1, -1], [1, 2]);
  // point (1, 1): hidden = relu([3.5, -1.5]) = [3.5, 0]; logits = [3.5, 0.25]
  // point (-1, 2): hidden = relu([3.5, 1]) = [3.5, 1]; logits = [2.5, 2.25]
  // neuron-major: neuron 0 at both points, then neuron 1
  assert.deepEqual([...res.hidden[0]], [3.5, 3.5, 0, 1]);
  assert.deepEqual([...res.logits], [3.5, 0.25, 2.5, 2.25]);
  const p0 = 1 / (1 + Math.exp(0.25 - 3.5));
  close(res.probs[0], p0);
  close(res.probs[1], 1 - p0);
  const m = evaluate(net, ["x", "y"], "relu", { x: [1, -1], y: [1, 2], label: [0, 1], test: [false, true] });
  close(/** @type {number} */ (m.loss), -Math.log(p0));
  assert.equal(m.accuracy, 1);
  close(/** @type {number} */ (m.testLoss), -Math.log(1 / (1 + Math.exp(2.5 - 2.25))));
  assert.equal(m.testAccuracy, 0);
  assert.deepEqual([m.trainCount, m.testCount], [1, 1]);
});

test("metrics are null for an empty split", () => {
  const net = compileNetwork({ layer_0_weights: [[1, 0], [0, 1]], layer_0_bias: [0, 0] });
  const m = evaluate(net, ["x", "y"], "tanh", { x: [1], y: [0], label: [0], test: [false] });
  assert.equal(m.testLoss, null);
  assert.equal(m.testAccuracy, null);
});

test("softmax stays finite for huge logits", () => {
  const net = compileNetwork({ layer_0_weights: [[1000, 0], [-1000, 0]], layer_0_bias: [0, 0] });
  const { probs } = forwardBatch(net, ["x", "y"], "tanh", [5], [0]);
  assert.deepEqual([...probs], [1, 0]);
});

test("shape errors are named", () => {
  assert.throws(() => compileNetwork({}), /no layers/);
  assert.throws(() => compileNetwork({ layer_0_weights: [[1, 2]], layer_0_bias: [0, 0] }), /layer_0_bias must have 1/);
  const net = compileNetwork({ layer_0_weights: [[1, 2, 3]], layer_0_bias: [0] });
  assert.throws(() => forwardBatch(net, ["x", "y"], "tanh", [0], [0]), /takes 3 inputs but 2 features/);
});

test("the rational tanh agrees with Math.tanh to 2.5e-8 everywhere, is odd, saturates and keeps NaN", () => {
  for (let k = 0; k <= 400000; k++) {
    const x = -25 + (50 * k) / 400000;
    close(tanh(x), Math.tanh(x), 2.5e-8);
    assert.equal(tanh(-x), -tanh(x));
  }
  for (let x = 1e-12; x < 1e-2; x *= 1.5) close(tanh(x) / Math.tanh(x), 1, 1e-9); // relative, near 0
  assert.equal(tanh(0), 0);
  close(tanh(1e300), 1, 2.5e-8);
  close(tanh(-Infinity), -1, 2.5e-8);
  assert.ok(Number.isNaN(tanh(NaN)));
});

test("hidden activations are neuron-major and match a point-by-point pass", () => {
  const weights = {
    layer_0_weights: [[0.3, -1.2], [2, 0.5], [-0.7, 0.1]],
    layer_0_bias: [0.1, -0.2, 0.3],
    layer_1_weights: [[1, -1, 0.5], [0.2, 0.4, -2]],
    layer_1_bias: [0, 0.1],
  };
  const net = compileNetwork(weights);
  const xs = [0.5, -1.5, 2];
  const ys = [1, 0.25, -3];
  const res = forwardBatch(net, ["x", "y"], "tanh", xs, ys);
  xs.forEach((x, p) => {
    const h = weights.layer_0_weights.map((row, i) => Math.tanh(row[0] * x + row[1] * ys[p] + weights.layer_0_bias[i]));
    h.forEach((v, i) => close(res.hidden[0][i * xs.length + p], v, 1e-7));
    weights.layer_1_weights.forEach((row, c) => {
      close(res.logits[p * 2 + c], row.reduce((s, wi, i) => s + wi * h[i], weights.layer_1_bias[c]), 1e-6);
    });
  });
});

test("every layer shape (odd neurons, inputs not a multiple of four) matches a point-by-point pass", () => {
  let seed = 7;
  // float32 values, as weights always are, so the reference below computes with the same ones
  const rand = () => Math.fround(((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
  const features = ["x", "y", "x2", "y2", "xy", "sinx", "siny"];
  const arch = [7, 5, 9, 4, 1, 3];
  /** @type {Record<string, number[][] | number[]>} */
  const weights = {};
  for (let l = 0; l + 1 < arch.length; l++) {
    weights[`layer_${l}_weights`] = Array.from({ length: arch[l + 1] }, () => Array.from({ length: arch[l] }, rand));
    weights[`layer_${l}_bias`] = Array.from({ length: arch[l + 1] }, rand);
  }
  const net = compileNetwork(weights);
  const xs = Array.from({ length: 13 }, () => 3 * rand());
  const ys = Array.from({ length: 13 }, () => 3 * rand());
  const res = forwardBatch(net, features, "tanh", xs, ys);
  xs.forEach((x, p) => {
    let h = features.map((f) => featureFn(f)(x, ys[p]));
    for (let l = 0; l + 1 < arch.length; l++) {
      const rows = /** @type {number[][]} */ (weights[`layer_${l}_weights`]);
      const bias = /** @type {number[]} */ (weights[`layer_${l}_bias`]);
      const pre = rows.map((row, o) => row.reduce((s, wi, i) => s + wi * h[i], bias[o]));
      const last = l + 2 === arch.length;
      h = last ? pre : pre.map(tanh);
      if (!last) h.forEach((v, i) => close(res.hidden[l][i * xs.length + p], v, 1e-12));
    }
    h.forEach((v, c) => close(res.logits[p * 3 + c], v, 1e-12));
  });
});
