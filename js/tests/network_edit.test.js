// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_EDITED_WEIGHT, readWeight, withNeuronsChanged, withParam } from "../model/network_edit.js";
import { toTensors } from "../model/tensors.js";

test("a typed weight: numbers (a typographic minus too), or a message naming the problem", () => {
  assert.equal(readWeight(" 1.5 "), 1.5);
  assert.equal(readWeight("\u22120.25"), -0.25);
  assert.equal(readWeight("-3e-2"), -0.03);
  assert.throws(() => readWeight(""), /A weight must be a number/);
  assert.throws(() => readWeight("big"), /A weight must be a number, not "big"/);
  assert.throws(() => readWeight(String(MAX_EDITED_WEIGHT * 2)), /between -1000 and 1000/);
});

test("an edited weight or bias changes that one value, as float32, and leaves the input as it was", () => {
  const nested = { layer_0_weights: [[1, 2], [3, 4]], layer_0_bias: [0.5, -0.5] };
  const tensors = toTensors(nested);
  for (const given of [nested, tensors]) {
    const w = withParam(given, { layer: 0, out: 1, from: 0 }, 0.1);
    assert.deepEqual(w.layer_0_weights, [[1, 2], [Math.fround(0.1), 4]]);
    assert.deepEqual(w.layer_0_bias, [0.5, -0.5]);
    const b = withParam(given, { layer: 0, out: 0, from: null }, -2);
    assert.deepEqual(b.layer_0_bias, [-2, -0.5]);
    assert.deepEqual(b.layer_0_weights, [[1, 2], [3, 4]]);
  }
  assert.deepEqual(nested.layer_0_weights, [[1, 2], [3, 4]], "the input is not changed");
  assert.equal(tensors.layer_0_weights.values[2], 3);
  assert.throws(() => withParam(nested, { layer: 0, out: 2, from: 0 }, 1), /no weight/);
  assert.throws(() => withParam(nested, { layer: 1, out: 0, from: null }, 1), /no neuron/);
});

test("a neuron added to or removed from one hidden layer, within the host's bound", () => {
  const config = { architecture: [2, 8, 3, 2] };
  const bounds = { maxNeurons: 9 };
  assert.deepEqual(withNeuronsChanged(config, 0, 1, bounds), [2, 9, 3, 2]);
  assert.deepEqual(withNeuronsChanged(config, 1, -1, bounds), [2, 8, 2, 2]);
  assert.throws(() => withNeuronsChanged({ architecture: [2, 9, 2] }, 0, 1, bounds), /limit of 9 neurons/);
  assert.throws(() => withNeuronsChanged({ architecture: [2, 1, 2] }, 0, -1, bounds), /at least one neuron/);
  assert.throws(() => withNeuronsChanged(config, 2, 1, bounds), /no hidden layer 3/);
  assert.deepEqual(config.architecture, [2, 8, 3, 2]);
});
