// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { diverging } from "../views/colors.js";
import { compileNetwork, forwardBatch } from "../model/forward.js";
import { DEFAULT_EXTENT, gridPoints } from "../data/extent.js";
import { imagesOf, mapImages, mapResolution, neuronMap, neuronMapOf } from "../model/render.js";

// Node has no ImageData; this is the part of it render.js uses.
class TestImageData {
  /** @param {number} width @param {number} height */
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.data = new Uint8ClampedArray(width * height * 4);
  }
}
/** @type {any} */ (globalThis).ImageData = TestImageData;

/** @param {number[]} sizes */
function network(sizes) {
  /** @type {Record<string, number[][] | number[]>} */
  const weights = {};
  let seed = 1;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (let i = 0; i < sizes.length - 1; i++) {
    weights[`layer_${i}_weights`] = Array.from({ length: sizes[i + 1] }, () => Array.from({ length: sizes[i] }, rand));
    weights[`layer_${i}_bias`] = Array.from({ length: sizes[i + 1] }, rand);
  }
  return compileNetwork(weights);
}

test("the map grid shrinks with the network's size, within 32 and 90, and to 16 for the largest", () => {
  assert.equal(mapResolution(network([2, 8, 8, 2])), 90);
  assert.equal(mapResolution(network([2, 8, 8, 8, 8, 8, 8, 2])), 64);
  assert.equal(mapResolution(network([2, 50, 50, 50, 50, 50, 50, 2])), 32);
  assert.equal(mapResolution(network([2, 100, 100, 100, 100, 100, 100, 8])), 19);
  assert.equal(mapResolution(network([2, ...Array(10).fill(100), 8])), 16);
});

test("neuron maps are made only for the neurons the graph shows", () => {
  const net = network([2, 5, 4, 2]);
  const g = 24;
  const { xs, ys } = gridPoints(g, DEFAULT_EXTENT);
  const res = forwardBatch(net, ["x", "y"], "tanh", xs, ys);
  const options = { features: ["x", "y"], activation: "tanh", g, discretize: false, neuronGrid: g, extent: DEFAULT_EXTENT };
  const all = imagesOf(res, net, options);
  const some = imagesOf(res, net, { ...options, shown: [{ shown: [0, 1] }, { shown: [0, 3] }, { shown: [1] }, { shown: [0, 1] }] });
  assert.deepEqual(Object.keys(some.neurons.layers[0]), ["0", "3"]);
  assert.deepEqual(some.neurons.layers[0][3].data, all.neurons.layers[0][3].data);
  assert.deepEqual(Object.keys(some.neurons.layers[1]), ["1"]);
  assert.equal(some.neurons.layers[2].length, 2, "the outputs are all drawn");
  assert.deepEqual(some.decision.data, all.decision.data);
});

test("neuron maps read the decision map's forward pass at their own cell centres", () => {
  // On a 72 grid every cell centre of a 24 grid is a cell centre of the 72 grid, so the
  // shared pass must give exactly what a pass over the 24 grid gives.
  const net = network([2, 3, 4, 3]);
  const extent = /** @type {import("../data/extent.js").Extent} */ ([-1, 3, 10, 12]);
  const { neurons, decision } = mapImages(net, ["x", "y"], "tanh", 72, false, 24, extent);
  assert.equal(decision.width, 72);
  const { xs, ys } = gridPoints(24, extent);
  const direct = forwardBatch(net, ["x", "y"], "tanh", xs, ys);
  const expected = new Uint8ClampedArray(24 * 24 * 4);
  direct.hidden.forEach((h, l) => {
    for (let i = 0; i < net[l].nOut; i++) {
      for (let p = 0; p < 24 * 24; p++) diverging(expected, p * 4, h[i * 24 * 24 + p]);
      assert.deepEqual(neurons.layers[l][i].data, expected, `neuron ${l}.${i}`);
    }
  });
  assert.equal(neurons.layers.length, 3, "hidden layers, then the output");
  assert.equal(neurons.layers[2].length, 3);
  assert.equal(neurons.inputs.length, 2);
});

test("a focused neuron's map over the whole plane is its map at the decision map's resolution", () => {
  const net = network([2, 3, 2]);
  const g = 24;
  const { neurons } = mapImages(net, ["x", "y"], "tanh", g, false, g, DEFAULT_EXTENT);
  for (const [column, index, maps] of /** @type {const} */ ([[0, 1, neurons.inputs], [1, 2, neurons.layers[0]], [2, 0, neurons.layers[1]]])) {
    const full = neuronMap(net, ["x", "y"], "tanh", g, column, index, DEFAULT_EXTENT);
    assert.equal(full.width, g);
    assert.deepEqual(full.data, maps[index].data, `column ${column}, neuron ${index}`);
  }
});

test("a focused neuron's map read from the maps' own forward pass is the one a pass of its own gives", () => {
  const net = network([2, 5, 4, 3]);
  const g = 20;
  const { xs, ys } = gridPoints(g, DEFAULT_EXTENT);
  const res = forwardBatch(net, ["x", "y"], "relu", xs, ys);
  for (const [column, index] of [[0, 1], [1, 4], [2, 0], [3, 2]]) {
    const own = neuronMap(net, ["x", "y"], "relu", g, column, index, DEFAULT_EXTENT);
    assert.deepEqual(neuronMapOf(res, net, ["x", "y"], "relu", g, column, index, DEFAULT_EXTENT).data, own.data, `column ${column}, neuron ${index}`);
  }
});
