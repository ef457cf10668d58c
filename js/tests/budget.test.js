// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { ForwardJob, WHOLE_WORK, pointWork, pointsPass } from "../model/budget.js";
import { compileNetwork, forwardBatch } from "../model/forward.js";
import { DEFAULT_EXTENT, gridPoints } from "../data/extent.js";

/** @param {number[]} sizes */
function network(sizes) {
  /** @type {Record<string, number[][] | number[]>} */
  const weights = {};
  let seed = 3;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (let i = 0; i < sizes.length - 1; i++) {
    weights[`layer_${i}_weights`] = Array.from({ length: sizes[i + 1] }, () => Array.from({ length: sizes[i] }, rand));
    weights[`layer_${i}_bias`] = Array.from({ length: sizes[i + 1] }, rand);
  }
  return compileNetwork(weights);
}

/**
 * A clock that moves `msPerCall` at every reading.
 * @param {number} msPerCall
 */
function fakeClock(msPerCall) {
  let t = 0;
  return () => (t += msPerCall);
}

test("a point's work counts every multiply-add and activation", () => {
  // 2*3 + 3*4 (+ 4 per hidden activation: 3 + 4 neurons) + 4*2
  assert.equal(pointWork(network([2, 3, 4, 2])), 6 + 12 + 8 + 4 * 7);
});

test("a job done in slices gives exactly the pass done at once", () => {
  const net = network([2, 30, 30, 30, 3]);
  const { xs, ys } = gridPoints(40, DEFAULT_EXTENT);
  assert.ok(xs.length * pointWork(net) > WHOLE_WORK, "big enough to be sliced");
  const whole = forwardBatch(net, ["x", "y"], "tanh", xs, ys);
  const job = new ForwardJob(net, ["x", "y"], "tanh", xs, ys, true, fakeClock(0.5));
  let calls = 0;
  while (!job.run(0)) calls++; // a deadline already past: one slice per call
  assert.ok(calls > 3, `sliced (${calls} calls)`);
  assert.deepEqual(job.result.logits, whole.logits);
  assert.deepEqual(job.result.probs, whole.probs);
  job.result.hidden.forEach((h, l) => assert.deepEqual(h, whole.hidden[l], `hidden layer ${l}`));
});

test("slices fill the time left before the deadline, and a small pass runs whole", () => {
  const net = network([2, 50, 50, 50, 2]);
  const xs = Array.from({ length: 3000 }, (_, i) => Math.sin(i));
  const ys = Array.from({ length: 3000 }, (_, i) => Math.cos(i));
  let t = 0;
  const job = new ForwardJob(net, ["x", "y"], "relu", xs, ys, false, () => t);
  // Every point costs 0.01 ms of this clock: the job advances it per slice.
  const slice = job.slice.bind(job);
  job.slice = (count) => {
    t += 0.01 * count;
    return slice(count);
  };
  job.run(8);
  assert.ok(job.next > 100 && job.next <= 800 + 1, `about 8 ms of points done (${job.next})`);
  assert.ok(t <= 8.02, `stopped at the deadline (${t})`);
  let frames = 1;
  while (!job.run(t + 8)) frames++;
  assert.ok(frames >= 3, `the rest over later frames (${frames})`);
  assert.deepEqual(job.result.logits, forwardBatch(net, ["x", "y"], "relu", xs, ys).logits);

  const small = new ForwardJob(network([2, 4, 2]), ["x", "y"], "tanh", [0, 1], [1, 0], false, fakeClock(100));
  assert.equal(small.run(0), true, "a small pass never waits for another frame");
  assert.equal(small.done, true);
});

test("one pass over the points per network, points and settings, shared by whoever asks", () => {
  const net = network([2, 5, 2]);
  const features = ["x", "y"];
  const data = { x: [0, 1, 2], y: [2, 1, 0] };
  const job = pointsPass(net, features, "tanh", data);
  assert.equal(pointsPass(net, features, "tanh", data), job, "the same job");
  assert.notEqual(pointsPass(net, features, "relu", data), job, "other settings, another pass");
  assert.notEqual(pointsPass(net, features, "relu", { ...data }), pointsPass(net, features, "relu", data), "other points");
  assert.notEqual(pointsPass(network([2, 5, 2]), features, "tanh", data), job, "another network");
});
