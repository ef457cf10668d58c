// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileNetwork, evaluate } from "../model/forward.js";
import { FrameReadings, LiveReadings } from "../model/readings.js";

/** @param {number[]} sizes */
function network(sizes) {
  /** @type {Record<string, number[][] | number[]>} */
  const weights = {};
  let seed = 5;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (let i = 0; i < sizes.length - 1; i++) {
    weights[`layer_${i}_weights`] = Array.from({ length: sizes[i + 1] }, () => Array.from({ length: sizes[i] }, rand));
    weights[`layer_${i}_bias`] = Array.from({ length: sizes[i + 1] }, rand);
  }
  return compileNetwork(weights);
}

const config = { features: ["x", "y"], activation: "tanh" };

/** @param {number} n */
function points(n) {
  return {
    x: Array.from({ length: n }, (_, i) => Math.sin(i) * 5),
    y: Array.from({ length: n }, (_, i) => Math.cos(3 * i) * 5),
    label: Array.from({ length: n }, (_, i) => i % 2),
    test: Array.from({ length: n }, (_, i) => i % 5 === 0),
  };
}

test("readings of a large network come over several frames, equal to evaluate's", () => {
  const net = network([2, 60, 60, 60, 2]);
  const data = points(2000);
  let t = 0;
  const readings = new LiveReadings(() => (t += 1)); // every clock reading takes 1 ms
  const key = [net, data, config];
  let frames = 1;
  let r = readings.get(key, net, config, data, t + 8);
  while (r === null) {
    assert.equal(readings.pending, true);
    r = readings.get(key, net, config, data, t + 8);
    frames++;
  }
  assert.ok(frames > 2, `over ${frames} frames`);
  assert.equal(readings.pending, false);
  const m = evaluate(net, config.features, config.activation, data);
  assert.deepEqual(r, { loss: m.loss, accuracy: m.accuracy, testLoss: m.testLoss, testAccuracy: m.testAccuracy });
});

test("readings from the trainer replace a computation under way; a small one is done at once", () => {
  const net = network([2, 60, 60, 60, 2]);
  const data = points(2000);
  const readings = new LiveReadings(() => 0);
  const key = [net, data, config];
  assert.equal(readings.get(key, net, config, data, -1), null);
  const given = { loss: 0.5, accuracy: 0.75, testLoss: null, testAccuracy: null };
  readings.set(key, given);
  assert.equal(readings.pending, false);
  assert.equal(readings.get(key, net, config, data, -1), given);
  const small = network([2, 4, 2]);
  const few = points(20);
  assert.ok(readings.get([small, few, config], small, config, few, -1), "computed at once");
});

test("while the host's next reply brings them, a large network's readings are not computed", () => {
  const net = network([2, 60, 60, 60, 2]);
  const data = points(2000);
  const readings = new LiveReadings(() => 0);
  const key = [net, data, config];
  assert.equal(readings.get(key, net, config, data, 100, true), null);
  assert.equal(readings.pending, false, "no work started");
  const small = network([2, 4, 2]);
  const few = points(20);
  assert.ok(readings.get([small, few, config], small, config, few, 100, true), "a small one is computed anyway");
  assert.equal(readings.get(key, net, config, data, -1, false), null);
  assert.equal(readings.pending, true, "paused: computed over frames");
});

test("the frame's readings: the trainer's for the live weights, a snapshot's computed, work frames asked for", () => {
  const net = network([2, 60, 60, 60, 2]);
  const data = points(2000);
  const values = /** @type {Record<string, any>} */ ({ weights: {}, data, metrics: null });
  let works = 0;
  let playing = false;
  const readings = new FrameReadings({
    model: { get: (k) => values[k] },
    config: () => config,
    data: () => data,
    playing: () => playing,
    work: () => works++,
  });
  assert.equal(readings.ofLive(net, -1), null, "a large network's live readings: over frames");
  assert.equal(readings.pending, true);
  assert.ok(works > 0, "a work frame asked for");
  values.metrics = { loss: 0.25, accuracy: 0.5, testLoss: 0.3, testAccuracy: 0.4 };
  readings.fromHost();
  assert.deepEqual(readings.ofLive(net, -1), { loss: 0.25, accuracy: 0.5, testLoss: 0.3, testAccuracy: 0.4, r2: null, testR2: null });
  assert.equal(readings.pending, false, "the trainer's replace the computation");
  values.weights = {}; // new weights without metrics, while playing: not computed
  playing = true;
  assert.equal(readings.ofLive(net, -1), null);
  assert.equal(readings.pending, false);
  let r = readings.ofSnapshot(net, -1);
  while (r === null) r = readings.ofSnapshot(net, performance.now() + 8);
  const m = evaluate(net, config.features, config.activation, data);
  assert.equal(r.loss, m.loss, "a snapshot's readings are its forward pass on the points");
});
