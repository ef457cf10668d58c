// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { SCHEMA } from "./fixtures.js";
import { MAX_NEURON, MAX_ROWS, MIN_NEURON, graphGeometry, neuronName, neuronsDrawn, paramValue, rowsPer, segmentDistance } from "../views/graph.js";

test("distance to an edge: inside, beyond the ends, degenerate", () => {
  assert.equal(segmentDistance(5, 3, 0, 0, 10, 0), 3);
  assert.equal(segmentDistance(-3, 4, 0, 0, 10, 0), 5);
  assert.equal(segmentDistance(13, 4, 0, 0, 10, 0), 5);
  assert.equal(segmentDistance(3, 4, 0, 0, 0, 0), 5);
});

test("the graph's geometry: neurons as large as width and height allow, within bounds, centred", () => {
  const wide = graphGeometry([2, 8, 8, 2], 600, null);
  assert.equal(wide.size, MAX_NEURON, "a roomy graph caps the neuron size");
  assert.equal(wide.centres.length, 4);
  assert.deepEqual(wide.centres.map((c) => c.length), [2, 8, 8, 2]);
  const narrow = graphGeometry([2, 8, 8, 2], 300, null);
  assert.ok(narrow.size < MAX_NEURON && narrow.size >= MIN_NEURON);
  const short = graphGeometry([2, 8, 8, 2], 600, 200);
  assert.ok(short.size < wide.size && short.height === 200, "a given height shrinks the neurons");
  const last = short.centres[1][7];
  assert.ok(last.y + short.size / 2 <= 200, "the last neuron is inside the height");
  // Columns are centred on each other: the middle of a short column is the middle of a long one.
  const mid = (/** @type {{y: number}[]} */ c) => (c[0].y + c[c.length - 1].y) / 2;
  assert.ok(Math.abs(mid(wide.centres[0]) - mid(wide.centres[1])) < 1e-9);
  const huge = graphGeometry([2, 100, 2], 300, 300);
  assert.equal(huge.size, MIN_NEURON, "never smaller than MIN_NEURON");
});

test("which neurons are drawn: all of a layer that fits, else the first ones and a +K box", () => {
  const counts = (/** @type {import("../views/graph_lod.js").ColumnPlan[]} */ plan) => plan.map((p) => [p.shown.length, p.more]);
  assert.deepEqual(counts(neuronsDrawn([2, 8, 2], null)), [[2, 0], [8, 0], [2, 0]]);
  assert.deepEqual(counts(neuronsDrawn([2, 100, 2], null)), [[2, 0], [MAX_ROWS - 1, 100 - MAX_ROWS + 1], [2, 0]]);
  assert.deepEqual(rowsPer(neuronsDrawn([2, 100, 2], null)), [2, MAX_ROWS, 2], "the box takes a row");
  // A graph 200 px tall has room for 12 rows of 12 px nodes (and their gaps): 11 and the box.
  const short = neuronsDrawn([2, 100, 8, 2], 200);
  assert.deepEqual(counts(short), [[2, 0], [11, 89], [8, 0], [2, 0]]);
  const g = graphGeometry(rowsPer(short), 600, 200);
  assert.ok(g.size >= 12, "nodes of at least 12 px");
  assert.ok(g.centres[1][11].y + g.size / 2 <= 200, "the box's row is inside the height");
});

test("neuron names and parameter values", () => {
  // The features' shown names are the host's (its choice labels), else their wire names.
  assert.equal(neuronName({ column: 0, index: 1 }, 4, ["x", "x2"], SCHEMA.byWire.features.choiceLabels), "input x²");
  assert.equal(neuronName({ column: 0, index: 1 }, 4, ["x", "x2"]), "input x2");
  assert.equal(neuronName({ column: 2, index: 0 }, 4, ["x", "y"]), "neuron 2.1");
  assert.equal(neuronName({ column: 3, index: 1 }, 4, ["x", "y"]), "output 2");
  const net = [{ nIn: 2, nOut: 2, w: Float64Array.from([1, 2, 3, 4]), b: Float64Array.from([5, 6]) }];
  assert.equal(paramValue(net, { layer: 0, out: 1, from: 0 }), 3);
  assert.equal(paramValue(net, { layer: 0, out: 1, from: null }), 6);
});
