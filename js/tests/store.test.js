// @ts-check
// The page's state in browser storage, through the standalone model (load, save, a training
// reply) and the PageStore under it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultConfig } from "../settings/settings.js";
import { defaultUi } from "../settings/state.js";
import { LARGE_STATE_UNITS, STORAGE_KEYS, StandaloneModel } from "../page/standalone.js";
import { PageStore } from "../page/store.js";
import { nestedOf } from "../model/tensors.js";
import { FakeStorage, SCHEMA, SCHEMA_JSON } from "./fixtures.js";

/** @param {FakeStorage} storage */
function modelOn(storage) {
  /** @type {{fn: () => void, ms: number}[]} */
  const timers = [];
  const model = new StandaloneModel({
    url: "ws://host/ws",
    storage: /** @type {any} */ (storage),
    schema: SCHEMA_JSON,
    openSocket: () => /** @type {any} */ ({ readyState: 0, send() {}, close() {} }),
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  model.load();
  return { model, timers };
}

const config = { ...defaultConfig(SCHEMA), architecture: [2, 3, 2] };
const W = { layer_0_weights: [[0.5, -0.25], [1, 0.125], [-2, 3]], layer_0_bias: [0.0625, 0.375, 0.75], layer_1_weights: [[1, 2, 3], [-1, -2, -3]], layer_1_bias: [0, 0.6875] };
/** Adam state for W: every buffer a number array of the parameter's shape. @param {number} t */
const adamOf = (t) => ({
  type: "adam",
  t,
  buffers: Object.fromEntries(Object.entries(W).map(([k, v]) => [k, { exp_avg: v, exp_avg_sq: JSON.parse(JSON.stringify(v).replace(/-/g, "")) }])),
});
const data = { x: [1.5, -0.25, 3], y: [0, 1, -1], label: [0, 1, 1], test: [false, false, true] };
const metrics = { loss: 0.5, accuracy: 0.5, testLoss: 0.75, testAccuracy: 1 };
const ui = { ...defaultUi(), selectedClass: 1, tool: /** @type {"erase"} */ ("erase"), showTest: false, discretize: true };
const history = { losses: [[0, 0.9, null], [4, 0.5, 0.75]], snapshots: [{ step: 0, weights: W }, { step: 4, weights: W }] };

/** The model keys a reload must bring back, as plain values to compare. @param {StandaloneModel} m */
function stateOf(m) {
  const opt = m.get("optimizer");
  const buffers = opt && Object.fromEntries(Object.entries(opt.buffers).map(([k, b]) => [k, nestedOf(/** @type {any} */ (b))]));
  const h = m.get("history");
  return {
    config: m.get("config"),
    weights: m.get("weights") && nestedOf(m.get("weights")),
    optimizer: opt && { ...opt, buffers },
    step: m.get("step"),
    metrics: m.get("metrics"),
    data: m.get("data"),
    history: { losses: h.losses, snapshots: h.snapshots.map((/** @type {any} */ s) => ({ step: s.step, weights: nestedOf(s.weights) })) },
    ui: m.get("ui"),
  };
}

const EXPECTED = { config, weights: W, optimizer: adamOf(4), step: 4, metrics, data, history, ui };

/** @param {StandaloneModel} model */
function setAll(model) {
  for (const [k, v] of Object.entries(EXPECTED)) model.set(k, v);
}

test("what is saved loads back, each key in its own shape", () => {
  const storage = new FakeStorage();
  const { model } = modelOn(storage);
  setAll(model);
  model.save_changes();
  const again = modelOn(storage).model;
  assert.deepEqual(again.problems, []);
  assert.deepEqual(stateOf(again), EXPECTED);
  const stored = (/** @type {string} */ key) => JSON.parse(/** @type {string} */ (storage.getItem(key)));
  assert.deepEqual(stored(STORAGE_KEYS.config), { version: 2, ...config });
  assert.deepEqual(stored(STORAGE_KEYS.weights), { version: 2, step: 4, ...W });
  assert.deepEqual(stored(STORAGE_KEYS.data), [
    { x: 1.5, y: 0, label: 0 },
    { x: -0.25, y: 1, label: 1 },
    { x: 3, y: -1, label: 1, test: true },
  ]);
  assert.deepEqual(stored(STORAGE_KEYS.optimizer).step, 4);
  assert.deepEqual(stored(STORAGE_KEYS.metrics), { version: 2, step: 4, ...metrics });
  assert.deepEqual(stored(STORAGE_KEYS.ui), { version: 2, ...ui });
});

test("the first format migrates on load with nothing lost, and is written anew at once", () => {
  const storage = new FakeStorage();
  storage.setItem(STORAGE_KEYS.config, JSON.stringify({ version: 1, config }));
  storage.setItem(STORAGE_KEYS.weights, JSON.stringify({ version: 1, weights: W, optimizer: adamOf(4), step: 4, metrics }));
  storage.setItem(STORAGE_KEYS.data, JSON.stringify({ version: 1, data }));
  storage.setItem(STORAGE_KEYS.history, JSON.stringify({ version: 1, history }));
  storage.setItem(STORAGE_KEYS.ui, JSON.stringify({ version: 1, ui }));
  const { model } = modelOn(storage);
  assert.deepEqual(model.problems, []);
  assert.deepEqual(stateOf(model), EXPECTED);
  for (const key of Object.values(STORAGE_KEYS)) {
    const value = JSON.parse(/** @type {string} */ (storage.getItem(key)));
    assert.ok(Array.isArray(value) || value.version === 2, `${key} rewritten`);
  }
  const again = modelOn(storage).model;
  assert.deepEqual(again.problems, []);
  assert.deepEqual(stateOf(again), EXPECTED);
});

test("the plan's shapes written by hand load: settings and points only, or with weights and no step", () => {
  const storage = new FakeStorage();
  storage.setItem(STORAGE_KEYS.config, JSON.stringify({ architecture: [2, 3, 2], learningRate: 0.1 }));
  storage.setItem(STORAGE_KEYS.data, JSON.stringify([{ x: 1, y: 2, label: 1 }, { x: -1, y: 0.5, label: 0, test: true }]));
  let { model } = modelOn(storage);
  assert.deepEqual(model.problems, []);
  assert.deepEqual(model.get("config"), { ...defaultConfig(SCHEMA), architecture: [2, 3, 2], learningRate: 0.1 });
  assert.deepEqual(model.get("data"), { x: [1, -1], y: [2, 0.5], label: [1, 0], test: [false, true] });
  assert.equal(model.get("weights"), null, "the app asks the server for fresh weights");
  storage.setItem(STORAGE_KEYS.weights, JSON.stringify(W));
  ({ model } = modelOn(storage));
  assert.deepEqual(model.problems, []);
  assert.deepEqual(nestedOf(model.get("weights")), W);
  assert.equal(model.get("step"), 0);
  assert.equal(model.get("optimizer"), null);
});

test("settings this server does not have are named and dropped; the others load", () => {
  const storage = new FakeStorage();
  storage.setItem(STORAGE_KEYS.config, JSON.stringify({ architecture: [2, 3, 2], learningRat: 0.1, config: {} }));
  const { model } = modelOn(storage);
  assert.match(model.problems.join(), /nnvisu_config: "learningRat", "config" are not settings of this server; dropped/);
  assert.deepEqual(model.get("config").architecture, [2, 3, 2]);
  assert.equal(JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.config))).learningRat, undefined, "written again without them");
});

test("optimizer state from another step than the weights is dropped with a notice; the weights stay", () => {
  const storage = new FakeStorage();
  const { model } = modelOn(storage);
  setAll(model);
  model.save_changes();
  const stale = storage.getItem(STORAGE_KEYS.optimizer);
  model.set("step", 5);
  model.save_changes();
  storage.setItem(STORAGE_KEYS.optimizer, /** @type {string} */ (stale));
  const again = modelOn(storage).model;
  assert.match(again.problems.join(), /optimizer state saved \(nnvisu_optimizer\) is from step 4, the weights from step 5 .*fresh optimizer/);
  assert.deepEqual(nestedOf(again.get("weights")), W);
  assert.equal(again.get("step"), 5);
  assert.equal(again.get("optimizer"), null);
  assert.equal(storage.getItem(STORAGE_KEYS.optimizer), null, "removed");
  assert.match(again.get("status").error.message, /nnvisu_optimizer/);
});

test("a write cut short between the weights and the optimizer state is reported and leaves the weights intact", () => {
  const storage = new FakeStorage();
  const { model } = modelOn(storage);
  setAll(model);
  model.save_changes();
  const W5 = { ...W, layer_1_bias: [1, 1] };
  storage.refuse.add(STORAGE_KEYS.optimizer);
  model.set("weights", W5);
  model.set("optimizer", adamOf(5));
  model.set("step", 5);
  model.save_changes();
  assert.equal(model.get("status").error.field, STORAGE_KEYS.optimizer);
  assert.match(model.get("status").error.message, /storage is full: the optimizer state \(nnvisu_optimizer\) could not be saved, so after a reload training goes on from the saved weights with a fresh optimizer/);
  assert.deepEqual(JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.weights))), { version: 2, step: 5, ...W5 });
  const reloaded = modelOn(storage).model;
  assert.deepEqual([nestedOf(reloaded.get("weights")), reloaded.get("step"), reloaded.get("optimizer")], [W5, 5, null]);
  assert.match(reloaded.problems.join(), /is from step 4, the weights from step 5/);
  // the failed key is written at the next save once there is room
  storage.refuse.clear();
  model.save_changes();
  assert.equal(JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.optimizer))).step, 5);
});

test("weights that cannot be written keep the optimizer state of their step from being written", () => {
  const storage = new FakeStorage();
  const { model } = modelOn(storage);
  setAll(model);
  model.save_changes();
  storage.refuse.add(STORAGE_KEYS.weights);
  model.set("weights", { ...W, layer_1_bias: [1, 1] });
  model.set("optimizer", adamOf(5));
  model.set("step", 5);
  model.save_changes();
  assert.match(model.get("status").error.message, /the weights \(nnvisu_weights\) could not be saved, so after a reload training goes back to the last step saved/);
  const reloaded = modelOn(storage).model;
  assert.deepEqual(reloaded.problems, []);
  assert.deepEqual(stateOf(reloaded).optimizer, adamOf(4), "the stored state is still step 4, whole");
  assert.equal(reloaded.get("step"), 4);
});

test("a full storage gives up the stored history's snapshots before anything else", () => {
  const storage = new FakeStorage();
  const { model } = modelOn(storage);
  setAll(model);
  model.save_changes();
  storage.quota = storage.used() + 10;
  model.set("data", { x: [...data.x, 0.5], y: [...data.y, 0.5], label: [...data.label, 0], test: [...data.test, false] });
  model.save_changes();
  assert.equal(model.get("status").error, null, "nothing lost that matters");
  const kept = JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.history)));
  assert.deepEqual([kept.losses, kept.snapshots], [history.losses, []], "the loss curve stays");
  assert.equal(JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.data))).length, 4);
  // with nothing left to give up, it is reported
  storage.quota = storage.used();
  model.set("data", { x: [...data.x, 1, 2], y: [...data.y, 1, 2], label: [...data.label, 0, 0], test: [...data.test, false, false] });
  model.save_changes();
  assert.match(model.get("status").error.message, /storage is full: the points \(nnvisu_data\) could not be saved/);
  assert.deepEqual(JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.history))).losses, history.losses);
});

test("the history takes what the other keys leave of the budget: the loss curve, then snapshots", () => {
  const storage = new FakeStorage();
  /** @type {string[]} */
  const reports = [];
  const store = new PageStore(/** @type {any} */ (storage), (_p, _k, m) => reports.push(m), 3000);
  const snapshots = Array.from({ length: 40 }, (_, i) => ({ step: i, weights: W }));
  const values = { ...EXPECTED, history: { losses: history.losses, snapshots } };
  store.save(values, new Set(Object.keys(EXPECTED)));
  assert.deepEqual(reports, []);
  assert.ok(storage.used() <= 3000, `${storage.used()} code units stored`);
  const stored = JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.history)));
  assert.deepEqual(stored.losses, history.losses);
  assert.ok(stored.snapshots.length > 1 && stored.snapshots.length < 40, `${stored.snapshots.length} snapshots kept`);
  assert.equal(stored.snapshots.at(-1).step, 39);
});

test("a history stored ahead of its weights is cut back to them on load", () => {
  const storage = new FakeStorage();
  const { model } = modelOn(storage);
  setAll(model);
  model.save_changes();
  model.set("step", 2);
  model.save_changes();
  const loaded = modelOn(storage).model.get("history");
  assert.deepEqual(loaded.losses, [[0, 0.9, null]]);
  assert.deepEqual(loaded.snapshots.map((/** @type {any} */ s) => s.step), [0]);
});

test("a training reply is saved at once, or put off for a large network", () => {
  const storage = new FakeStorage();
  const { model, timers } = modelOn(storage);
  setAll(model);
  model.save_changes();
  const reply = (/** @type {number} */ step) =>
    model._onReply({ kind: "step", id: step, steps: 1, resize: false, generation: model.generation }, { type: "step_result", step, weights: W, optimizer: adamOf(step), ...metrics });
  reply(5);
  assert.equal(JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.weights))).step, 5);
  // as if the weights and optimizer state stored were those of a large network
  model.store?.sizes.set("optimizer", LARGE_STATE_UNITS);
  model.saveMs = 70;
  reply(6);
  reply(7);
  assert.equal(JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.weights))).step, 5, "not yet");
  assert.equal(timers.length, 1, "one save for both");
  assert.equal(timers[0].ms, 20 * 70, "20 times the last save's duration");
  timers[0].fn();
  assert.equal(JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.weights))).step, 7);
  assert.equal(JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.optimizer))).step, 7);
});
