// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { continuation, liveState, restoreNet } from "../training/restore.js";

const history = /** @type {any} */ ({
  losses: [
    [0, 1, null, 0.5, null],
    [5, 0.5, null, 0.8, null],
    [10, 0.2, null, 0.9, null],
  ],
  snapshots: [
    { step: 0, weights: { b: [0] }, optimizer: { type: "adam", t: 0, buffers: {} } },
    { step: 5, weights: { b: [1] }, optimizer: { type: "adam", t: 5, buffers: { b: { exp_avg: [0.5] } } } },
    { step: 10, weights: { b: [2] }, optimizer: null },
  ],
});

test("continuing from a snapshot takes its weights, step and optimizer state, and the history up to it", () => {
  const next = continuation(history, history.snapshots[1], "adam");
  assert.equal(next.exact, true);
  assert.equal(next.step, 5);
  assert.equal(next.optimizer, history.snapshots[1].optimizer);
  assert.deepEqual(next.history.losses.map((r) => r[0]), [0, 5]);
  assert.deepEqual(next.history.snapshots.map((s) => s.step), [0, 5]);
});

test("a snapshot without optimizer state for the current optimizer continues with fresh state, and says it is not exact", () => {
  assert.equal(continuation(history, history.snapshots[2], "adam").exact, false);
  const other = continuation(history, history.snapshots[1], "sgd");
  assert.equal(other.exact, false);
  assert.equal(other.optimizer, null);
});

test("restoring makes the state the model's, as tensors, with the history replaced first", () => {
  /** @type {Record<string, any>} */
  const values = { weights: null, step: 3 };
  /** @type {string[]} */
  const order = [];
  const model = {
    get: (/** @type {string} */ k) => values[k],
    set: (/** @type {string} */ k, /** @type {any} */ v) => {
      values[k] = v;
      order.push(k);
    },
    save_changes: () => order.push("save"),
  };
  const view = { replace: () => order.push("history") };
  restoreNet(model, view, continuation(history, history.snapshots[1], "adam"));
  assert.deepEqual(order, ["history", "weights", "optimizer", "metrics", "step", "save"]);
  assert.deepEqual([...values.weights.b.values], [1]);
  assert.deepEqual([...values.optimizer.buffers.b.exp_avg.values], [0.5]);
  assert.equal(values.optimizer.t, 5);
  assert.equal(liveState(model, history).step, 5);
});
