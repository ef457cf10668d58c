// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { confusion, confusionOf } from "../model/confusion.js";
import { compileNetwork, evaluate } from "../model/forward.js";
import { generate } from "../data/generators.js";

test("counts by true class and predicted class, train and test apart", () => {
  // 3 classes; logits point-major
  const logits = Float64Array.from([5, 0, 0, /**/ 0, 5, 0, /**/ 0, 0, 5, /**/ 5, 0, 0, /**/ 0, 1, 0]);
  const data = { x: [0, 0, 0, 0, 0], y: [0, 0, 0, 0, 0], label: [0, 1, 1, 2, 1], test: [false, false, false, false, true] };
  const m = confusion(logits, 3, data);
  assert.deepEqual(m.train.counts, [
    [1, 0, 0],
    [0, 1, 1],
    [1, 0, 0],
  ]);
  assert.deepEqual(m.test.counts, [
    [0, 0, 0],
    [0, 1, 0],
    [0, 0, 0],
  ]);
  assert.equal(m.train.total, 4);
  assert.equal(m.test.total, 1);
});

test("the matrices of a network agree with its accuracy and hold every point", () => {
  const data = generate({ dataset: "blobs", points: 90, noise: 0.5, classes: 3, seed: 4, testFraction: 0.2 });
  const rand = (/** @type {number} */ i) => Math.sin(i * 12.9898) * 0.8;
  const net = compileNetwork({
    layer_0_weights: { shape: [4, 2], values: Float32Array.from({ length: 8 }, (_, i) => rand(i)) },
    layer_0_bias: { shape: [4], values: Float32Array.from({ length: 4 }, (_, i) => rand(i + 20)) },
    layer_1_weights: { shape: [3, 4], values: Float32Array.from({ length: 12 }, (_, i) => rand(i + 40)) },
    layer_1_bias: { shape: [3], values: new Float32Array(3) },
  });
  const m = confusionOf(net, ["x", "y"], "tanh", data);
  const metrics = evaluate(net, ["x", "y"], "tanh", data);
  const diag = (/** @type {number[][]} */ c) => c.reduce((s, row, i) => s + row[i], 0);
  const sum = (/** @type {number[][]} */ c) => c.flat().reduce((a, b) => a + b, 0);
  assert.equal(sum(m.train.counts), metrics.trainCount);
  assert.equal(sum(m.test.counts), metrics.testCount);
  assert.equal(m.train.total + m.test.total, 90);
  assert.ok(Math.abs(diag(m.train.counts) / m.train.total - /** @type {number} */ (metrics.accuracy)) < 1e-12);
  assert.ok(Math.abs(diag(m.test.counts) / m.test.total - /** @type {number} */ (metrics.testAccuracy)) < 1e-12);
});
