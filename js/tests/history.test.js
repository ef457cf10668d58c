// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_LOSSES, MAX_SNAPSHOTS, record, thin } from "../training/history.js";
import { emptyHistory } from "../settings/state.js";

test("thin keeps every other entry and the newest", () => {
  assert.deepEqual(thin([1, 2, 3, 4, 5]), [1, 3, 5]);
  assert.deepEqual(thin([1, 2, 3, 4]), [1, 3, 4]);
});

test("snapshots keep weights of any form as compact nested arrays", () => {
  const weights = { layer_0_bias: { shape: [2], values: new Float32Array([0.1, 2]) } };
  const h = record(emptyHistory(), 3, { loss: 0.5, accuracy: 0.75 }, weights);
  assert.deepEqual(h.snapshots, [{ step: 3, weights: { layer_0_bias: [0.100000001, 2] }, optimizer: null }]);
  assert.deepEqual(h.losses, [[3, 0.5, null, 0.75, null]]);
});

test("history stays bounded and spans the whole run", () => {
  let h = emptyHistory();
  const before = h;
  for (let step = 0; step <= 20000; step += 7) h = record(h, step, { loss: 1 / (step + 1) }, { step: [step] });
  assert.equal(before.losses.length, 0, "the input is not modified");
  assert.ok(h.losses.length <= MAX_LOSSES);
  assert.ok(h.snapshots.length <= MAX_SNAPSHOTS && h.snapshots.length > MAX_SNAPSHOTS / 2 - 2);
  assert.equal(h.losses[0][0], 0);
  assert.equal(h.snapshots[0].step, 0);
  const last = h.snapshots[h.snapshots.length - 1].step;
  assert.ok(last > 20000 - 2 * (20000 / MAX_SNAPSHOTS), `last snapshot ${last} is recent`);
  const steps = h.snapshots.map((s) => s.step);
  assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
});
