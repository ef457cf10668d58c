// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPacked } from "../model/packed.js";
import {
  configText,
  dataText,
  evenSelection,
  historyForHost,
  historyText,
  historyUpTo,
  metricsText,
  optimizerText,
  readConfigText,
  readDataText,
  readHistoryText,
  readMetricsText,
  readOptimizerText,
  readUiText,
  readWeightsText,
  uiText,
  weightsText,
} from "../page/storage.js";
import { nestedOf, toTensor } from "../model/tensors.js";
import { random } from "./fixtures.js";

/** Float32 weights of a 2-h-2 network, drawn at random. @param {number} h @param {number} seed */
function weightsOf(h, seed = 1) {
  const rand = random(seed);
  const t = (/** @type {number[]} */ shape) => ({ shape, values: Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => (rand() - 0.5) / 3) });
  return { layer_0_weights: t([h, 2]), layer_0_bias: t([h]), layer_1_weights: t([2, h]), layer_1_bias: t([2]) };
}

/** @param {Record<string, any>} w */
const bitsOf = (w) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, [...new Uint32Array(toTensor(v, k).values.buffer)]]));

test("weights: the plan's shape at the top level with a step stamp, every float32 back bit-exact", () => {
  const w = weightsOf(5);
  const text = weightsText(w, 42);
  const parsed = JSON.parse(text);
  assert.deepEqual(Object.keys(parsed), ["version", "step", "layer_0_weights", "layer_0_bias", "layer_1_weights", "layer_1_bias"]);
  assert.equal(parsed.step, 42);
  assert.equal(parsed.layer_0_weights.length, 5, "[out][in]");
  assert.equal(parsed.layer_0_weights[0].length, 2);
  assert.ok(parsed.layer_0_bias.every((/** @type {unknown} */ v) => typeof v === "number"));
  const read = readWeightsText(text);
  assert.equal(read.step, 42);
  assert.deepEqual(bitsOf(/** @type {any} */ (read.weights)), bitsOf(w));
  assert.throws(() => weightsText({ b: { shape: [1], values: new Float32Array([NaN]) } }, 1), /b holds NaN/);
});

test("weights written by hand: no step is step 0, other fields are ignored, a missing layer is named", () => {
  const read = readWeightsText(JSON.stringify({ layer_0_weights: [[1, 2]], layer_0_bias: [0], note: "mine" }));
  assert.deepEqual(read, { weights: { layer_0_weights: [[1, 2]], layer_0_bias: [0] }, step: 0, format: 2 });
  assert.throws(() => readWeightsText(JSON.stringify({ weights: {} })), /holds no layer_0_weights/);
  assert.throws(() => readWeightsText(JSON.stringify({ layer_0_weights: [[1]], step: -1 })), /step must be a whole number/);
  const v1 = readWeightsText(JSON.stringify({ version: 1, weights: { layer_0_weights: [[1]] }, optimizer: { type: "sgd", t: 2, buffers: {} }, step: 2, metrics: { loss: 1 } }));
  assert.deepEqual(v1, { weights: { layer_0_weights: [[1]] }, step: 2, format: 1, optimizer: { type: "sgd", t: 2, buffers: {} }, metrics: { loss: 1 } });
});

test("data: a list of {x, y, label}, test: true on test points; the first format's columns read", () => {
  const data = { x: [0.5, -1.25], y: [2, 0.0001], label: [1, 0], test: [false, true] };
  const text = dataText(data);
  assert.deepEqual(JSON.parse(text), [
    { x: 0.5, y: 2, label: 1 },
    { x: -1.25, y: 0.0001, label: 0, test: true },
  ]);
  assert.deepEqual(readDataText(text), { data, format: 2 });
  assert.deepEqual(readDataText(JSON.stringify([{ x: 1, y: 2, label: 0.75 }])).data.label, [0.75], "labels are checked by state.js, not here");
  assert.deepEqual(readDataText(JSON.stringify({ version: 1, data })), { data, format: 1 });
  assert.throws(() => readDataText(JSON.stringify([1, 2])), /point 0 must be an object/);
  assert.throws(() => readDataText(JSON.stringify([{ x: 1, y: 1, label: 0, test: "yes" }])), /point 0: test must be true or false/);
  assert.throws(() => readDataText(JSON.stringify({ x: [1], y: [1], label: [0] })), /must be a list of points/);
  assert.throws(() => readDataText(JSON.stringify({ version: 7, data })), /has version 7/);
});

test("config and UI: the settings at the top level beside a version", () => {
  const config = { architecture: [2, 8, 2], learningRate: 0.1, dataset: "xor" };
  const text = configText(config);
  assert.deepEqual(JSON.parse(text), { version: 2, ...config });
  assert.deepEqual(readConfigText(text), { config, format: 2 });
  assert.deepEqual(readConfigText(JSON.stringify(config)), { config, format: 2 }, "written by hand, no version");
  assert.deepEqual(readConfigText(JSON.stringify({ version: 1, config })), { config, format: 1 });
  assert.throws(() => readConfigText("{nope"), /is not valid JSON/);
  assert.throws(() => readConfigText("[1]"), /was not written by nnvisu/);
  assert.throws(() => readConfigText(JSON.stringify({ version: 1, config: 7 })), /config must be an object/);
  assert.throws(() => readConfigText(JSON.stringify({ version: 3, architecture: [2, 2] })), /has version 3; this nnvisu reads version 2 \(and version 1, which it migrates\)/);
  const ui = { selectedClass: 1, tool: "erase", showTest: true, discretize: false };
  assert.deepEqual(readUiText(uiText(ui)), { ui, format: 2 });
  assert.deepEqual(readUiText(JSON.stringify({ version: 1, ui })), { ui, format: 1 });
});

test("optimizer state and metrics: stamped with the step, buffers packed and back bit-exact", () => {
  const w = weightsOf(4, 9);
  const buffers = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, { exp_avg: v, exp_avg_sq: { shape: v.shape, values: v.values.map((x) => x * x) } }]));
  const opt = { type: "adam", t: 12, buffers };
  const text = optimizerText(opt, 12);
  const parsed = JSON.parse(text);
  assert.deepEqual([parsed.version, parsed.step, parsed.type, parsed.t], [2, 12, "adam", 12]);
  assert.ok(isPacked(parsed.buffers.layer_0_weights.exp_avg));
  const read = /** @type {any} */ (readOptimizerText(text));
  assert.equal(read.step, 12);
  assert.deepEqual(Object.keys(read.optimizer), ["type", "t", "buffers"]);
  for (const [name, bufs] of Object.entries(buffers)) {
    for (const [kind, v] of Object.entries(bufs)) assert.deepEqual(read.optimizer.buffers[name][kind], v, `${name}.${kind}`);
  }
  assert.throws(() => readOptimizerText(JSON.stringify({ type: "adam", t: 1, buffers: {} })), /step must be a whole number/);
  assert.throws(() => readOptimizerText(JSON.stringify({ version: 1, optimizer: {} })), /version 1, which never had this key/);
  const metrics = { loss: 0.25, accuracy: 1, testLoss: null, testAccuracy: null };
  assert.deepEqual(readMetricsText(metricsText(metrics, 3)), { metrics, step: 3 });
  assert.throws(() => readMetricsText(JSON.stringify({ step: 1, loss: "low" })), /loss must be a number or null/);
});

/** A history of `n` snapshots of a 2-h-2 network at steps 0, 10, 20, ... */
function historyOf(/** @type {number} */ n, h = 6) {
  const snapshots = Array.from({ length: n }, (_, i) => ({ step: 10 * i, weights: weightsOf(h, i + 1) }));
  /** @type {[number, number, number | null][]} */
  const losses = Array.from({ length: 10 * n }, (_, i) => [i, 1 / (i + 1), null]);
  return { losses, snapshots };
}

test("history: the loss curve and every snapshot when they fit, snapshots packed and back bit-exact", () => {
  const history = historyOf(5);
  const { text, kept } = historyText(history, 49, 1e9);
  assert.equal(kept, 5);
  const parsed = JSON.parse(text);
  assert.equal(parsed.step, 49);
  assert.ok(isPacked(parsed.snapshots[0].weights.layer_0_weights));
  const read = /** @type {any} */ (readHistoryText(text));
  assert.deepEqual(read.history.losses, history.losses);
  assert.deepEqual(
    read.history.snapshots.map((/** @type {any} */ s) => [s.step, bitsOf(s.weights)]),
    history.snapshots.map((s) => [s.step, bitsOf(s.weights)]),
  );
  // nested arrays (the first format, and snapshots written by hand) read as they are
  const v1 = { losses: [[1, 0.5, null]], snapshots: [{ step: 1, weights: nestedOf(weightsOf(2)) }] };
  assert.deepEqual(readHistoryText(JSON.stringify({ version: 1, history: v1 })), { history: v1, format: 1 });
  assert.throws(() => readHistoryText(JSON.stringify({ losses: [], snapshots: [1] })), /snapshot 0 must hold \{step, weights\}/);
});

test("history within a budget: the whole loss curve, as many snapshots as fit, spread evenly, the newest kept", () => {
  const history = historyOf(20);
  const full = historyText(history, 199, 1e9).text.length;
  const one = (full - historyText(history, 199, 0).text.length) / 20;
  for (const room of [0, 3.5 * one, 10.5 * one, full]) {
    const { text, kept } = historyText(history, 199, historyText(history, 199, 0).text.length + room);
    const parsed = JSON.parse(text);
    assert.deepEqual(parsed.losses, history.losses, "the loss curve is always kept");
    const steps = parsed.snapshots.map((/** @type {any} */ s) => s.step);
    assert.equal(kept, steps.length);
    assert.equal(kept, Math.min(20, Math.floor(room / one)), `room for ${room / one} snapshots`);
    if (kept) assert.equal(steps.at(-1), 190, "the newest");
    if (kept > 1) assert.equal(steps[0], 0, "the first");
  }
  assert.deepEqual(evenSelection([1, 1, 1, 1, 1], 3), [0, 2, 4]);
  assert.deepEqual(evenSelection([1, 1, 1, 1, 1], 1), [4]);
  assert.deepEqual(evenSelection([5, 5], 4), []);
  assert.deepEqual(evenSelection([], 4), []);
});

test("history up to a step: what lies after the weights is dropped", () => {
  const history = historyOf(4);
  assert.equal(historyUpTo(history, 1000), history, "unchanged: the same object");
  const cut = historyUpTo(history, 15);
  assert.deepEqual(cut.losses.map((r) => r[0]), Array.from({ length: 16 }, (_, i) => i));
  assert.deepEqual(cut.snapshots.map((s) => s.step), [0, 10]);
});

test("history for a host: snapshots within a byte budget as float32 binary buffers, each made once", () => {
  const history = historyOf(10, 50);
  const bytes = 4 * (50 * 2 + 50 + 2 * 50 + 2);
  const host = historyForHost(history, 4.5 * bytes);
  assert.equal(host.losses, history.losses);
  assert.deepEqual(host.snapshots.map((s) => s.step), [0, 30, 60, 90]);
  const w = host.snapshots[1].weights.layer_0_weights;
  assert.deepEqual(w.shape, [50, 2]);
  assert.equal(w.dtype, "float32");
  assert.ok(w.buffer instanceof ArrayBuffer && w.buffer.byteLength === 400);
  assert.deepEqual(bitsOf(host.snapshots[1].weights), bitsOf(history.snapshots[3].weights));
  const again = historyForHost(history, 4.5 * bytes);
  assert.equal(again.snapshots[1], host.snapshots[1], "the same object: converted once");
  assert.equal(historyForHost(host, 1e9).snapshots[1], host.snapshots[1], "a host's history passes through");
  const withOptimizer = { losses: [], snapshots: [{ step: 1, weights: { b: [1, 2] }, optimizer: { type: "sgd", t: 1, buffers: { b: { m: [3, 4] } } } }] };
  const converted = /** @type {any} */ (historyForHost(withOptimizer, 16));
  assert.equal(converted.snapshots.length, 1, "weights and optimizer buffers both count");
  assert.equal(historyForHost(withOptimizer, 15).snapshots.length, 0);
  assert.deepEqual([...new Float32Array(converted.snapshots[0].optimizer.buffers.b.m.buffer)], [3, 4]);
  const packed = /** @type {any} */ (readHistoryText(historyText(withOptimizer, 1, 1e9).text)).history.snapshots[0];
  assert.deepEqual([...packed.optimizer.buffers.b.m.values], [3, 4], "optimizer buffers of a snapshot are stored too");
});
