// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { IdentityCache, NetworkCache, epochOf } from "../views/views.js";

test("a cached value lasts while its key's objects are the same ones", () => {
  const cache = new IdentityCache();
  let computed = 0;
  const compute = () => ++computed;
  const weights = {};
  const data = {};
  assert.equal(cache.get([weights, data], compute), 1);
  assert.equal(cache.get([weights, data], compute), 1);
  assert.equal(cache.get([{}, data], compute), 2, "new weights: computed again");
  cache.set([weights, data], 10);
  assert.equal(cache.get([weights, data], compute), 10, "a value given from outside (the trainer's metrics)");
  assert.equal(cache.get([weights, data, 1], compute), 3);
});

test("the epoch counts batches over the training points", () => {
  assert.equal(epochOf(7, 0, 100), 7);
  assert.equal(epochOf(7, 30, 100), 2);
  assert.equal(epochOf(7, 500, 100), 7, "a batch larger than the points is the full batch");
  assert.equal(epochOf(7, 0, 0), 0);
});

test("networks are compiled once per weights object, and only when they fit", () => {
  const cache = new NetworkCache();
  const w = { layer_0_weights: [[1, 2]], layer_0_bias: [0] };
  const net = cache.of(w, [2, 1]);
  assert.equal(net?.length, 1);
  assert.equal(cache.of(w, [2, 1]), net, "cached");
  assert.equal(cache.of(w, [2, 2]), null, "does not fit");
  assert.equal(cache.of(null, [2, 1]), null);
  // a snapshot from before a class-count change is shown with its own output size
  assert.equal(cache.snapshot(w, [2, 3])?.[0].nOut, 1);
});

test("epochOf counts whole passes over the training points, rounding down", () => {
  // Batches of 60 of 100 points: 0.6 epochs after one step (round and ceil say 1), 1.2 after
  // two (ceil says 2), 1.8 after three (round says 2).
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((step) => epochOf(step, 60, 100)), [0, 0, 1, 1, 2, 3]);
  assert.equal(epochOf(10, 30, 100), 3);
  // Batch size 0 or at least the training set: one epoch per step.
  for (const batchSize of [0, 100, 250]) assert.equal(epochOf(7, batchSize, 100), 7);
  assert.equal(epochOf(7, 0, 0), 0, "no training points, no epochs");
});
