// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateData, validateHistory, validateOptimizer, validateUi, validateWeights } from "../settings/state.js";
import { isTensor, nestedOf } from "../model/tensors.js";

test("weights must fit the architecture, and come back as tensors from any form", () => {
  const w = { layer_0_weights: [[1, 2]], layer_0_bias: [0] };
  const t = validateWeights(w, [2, 1]);
  assert.ok(Object.values(t).every(isTensor));
  assert.deepEqual(nestedOf(t), w);
  assert.equal(validateWeights(t, [2, 1]), t, "tensors that fit come back as the same object");
  const bytes = new Float32Array([1, 2, 0]);
  const binary = {
    layer_0_weights: { shape: [1, 2], dtype: "float32", buffer: new DataView(bytes.buffer, 0, 8) },
    layer_0_bias: { shape: [1], dtype: "float32", buffer: new DataView(bytes.buffer, 8, 4) },
  };
  assert.deepEqual(nestedOf(validateWeights(binary, [2, 1])), w);
  assert.throws(() => validateWeights(w, [2, 3, 1]), /layer_0_weights must have 3 rows/);
  assert.throws(() => validateWeights(w, [3, 1]), /rows of 3 finite numbers/);
  assert.throws(() => validateWeights({ ...w, layer_0_bias: [null] }, [2, 1]), /layer_0_bias/);
  assert.throws(() => validateWeights({ ...w, layer_0_weights: [[1, 2], [3]] }, [2, 2]), /layer_0_weights/);
  assert.throws(() => validateWeights({ ...w, layer_1_weights: [[1]] }, [2, 1]), /more layers/);
  assert.throws(() => validateWeights("x", [2, 1]), /weights must be an object/);
});

test("optimizer state must be for the configured optimizer; its buffers become tensors", () => {
  const c = { optimizer: "adam" };
  assert.equal(validateOptimizer(null, c), null);
  const adam = { type: "adam", t: 3, buffers: { layer_0_bias: { exp_avg: [1, 2] } } };
  const read = /** @type {any} */ (validateOptimizer(adam, c));
  assert.equal(read.t, 3);
  assert.ok(isTensor(read.buffers.layer_0_bias.exp_avg));
  assert.throws(() => validateOptimizer({ ...adam, type: "sgd" }, c), /is for "sgd", not adam/);
  assert.throws(() => validateOptimizer({ ...adam, t: -1 }, c), /optimizer.t/);
  assert.throws(() => validateOptimizer({ ...adam, buffers: { a: { b: "x" } } }, c), /optimizer.buffers.a.b/);
});

test("data columns", () => {
  const d = validateData({ x: [1, 2], y: [3, 4], label: [0, 1] }, 2);
  assert.deepEqual(d.test, [false, false]);
  assert.throws(() => validateData({ x: [1], y: [3, 4], label: [0] }, 2), /differ in length/);
  assert.throws(() => validateData({ x: [1], y: [3], label: [2] }, 2), /label 2 of point 0 is not one of the 2 classes/);
  assert.throws(() => validateData({ x: [NaN], y: [3], label: [0] }, 2), /finite/);
  assert.throws(() => validateData({ x: [1], y: [3], label: [0], test: ["yes"] }, 2), /test/);
  assert.throws(() => validateData([], 2), /object of columns/);
});

test("history and ui", () => {
  assert.deepEqual(validateHistory({ losses: [[1, 0.5, null]], snapshots: [{ step: 1, weights: {} }] }).losses, [[1, 0.5, null]]);
  assert.throws(() => validateHistory({ losses: [[1]], snapshots: [] }), /losses/);
  assert.throws(() => validateHistory({ losses: [], snapshots: [{ step: "1" }] }), /snapshots/);
  assert.deepEqual(validateHistory({ losses: [[1, 0.5, null, 0.9, null]], snapshots: [{ step: 1, weights: {}, optimizer: null }] }).losses, [[1, 0.5, null, 0.9, null]]);
  assert.throws(() => validateHistory({ losses: [], snapshots: [{ step: 1, weights: {}, optimizer: 3 }] }), /optimizer/);
  assert.deepEqual(validateUi({ tool: "erase" }), { selectedClass: 0, tool: "erase", showTest: true, discretize: false, speed: 0, logLoss: false, value: 1 });
  assert.equal(validateUi({ value: -2.5 }).value, -2.5);
  assert.throws(() => validateUi({ value: 2e6 }), /ui.value/);
  assert.equal(validateUi({ tool: "addTest", speed: 3, logLoss: true }).speed, 3);
  assert.throws(() => validateUi({ speed: 7 }), /ui.speed must be one of 1, 3, 10, 30, 100, 300, 0/);
  assert.throws(() => validateUi({ logLoss: "yes" }), /flags/);
  assert.throws(() => validateUi({ tool: "pen" }), /tool/);
  assert.throws(() => validateUi({ selectedClass: 9 }), /selectedClass/);
});
