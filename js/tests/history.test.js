// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_LOSSES, MAX_SNAPSHOTS, epochs, nextSteps, record, thin } from "../history.js";
import { emptyHistory } from "../state.js";

test("thin keeps every other entry and the newest", () => {
  assert.deepEqual(thin([1, 2, 3, 4, 5]), [1, 3, 5]);
  assert.deepEqual(thin([1, 2, 3, 4]), [1, 3, 4]);
});

test("epochs counts whole passes over the training points, rounding down", () => {
  // Batches of 60 of 100 points: 0.6 epochs after one step (round and ceil say 1), 1.2 after
  // two (ceil says 2), 1.8 after three (round says 2).
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((step) => epochs(step, 60, 100)), [0, 0, 1, 1, 2, 3]);
  assert.equal(epochs(10, 30, 100), 3);
  // Batch size 0 or at least the training set: one epoch per step.
  for (const batchSize of [0, 100, 250]) assert.equal(epochs(7, batchSize, 100), 7);
  assert.equal(epochs(7, 0, 0), 0, "no training points, no epochs");
});

test("history stays bounded and spans the whole run", () => {
  let h = emptyHistory();
  const before = h;
  for (let step = 0; step <= 20000; step += 7) h = record(h, step, 1 / (step + 1), null, { step: [step] });
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

test("steps per request: probes while it cannot fit, then aims replies at the target", () => {
  assert.equal(nextSteps([[4, 30]], 4, 30), 8);
  // 10 ms round trip + 1 ms per step: a reply in 30 ms has 20 steps (growth capped at doubling)
  const samples = /** @type {[number, number][]} */ ([
    [10, 20],
    [20, 30],
  ]);
  assert.equal(nextSteps(samples, 20, 30), 20);
  assert.equal(nextSteps(samples, 5, 30), 10);
  // a slower host shrinks the request at once
  assert.equal(nextSteps([[10, 110], [20, 210]], 20, 30), 2);
  // a 60 ms round trip + 1 ms per step: 30 ms replies are out of reach; 60 ms of work each
  assert.equal(nextSteps([[10, 70], [20, 80]], 40, 30), 60);
  // a fit through noise with a negative round trip still aims at the target
  assert.equal(nextSteps([[10, 5], [20, 25]], 40, 30), 15);
});

test("a few late replies do not swing the request size", () => {
  // 6 ms of overhead + 1 ms per step, requests alternating 17 and 23 steps: 24 steps fill 30 ms
  /** @type {[number, number][]} */
  const samples = Array.from({ length: 12 }, (_, i) => {
    const steps = i % 2 ? 23 : 17;
    return [steps, 6 + steps];
  });
  assert.equal(nextSteps(samples, 20, 30), 24);
  // two replies 40 and 25 ms late (a long frame, a descheduled server)
  samples[4] = [17, 63];
  samples[9] = [23, 54];
  assert.equal(nextSteps(samples, 20, 30), 24);
});
