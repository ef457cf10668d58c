// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { serveConnection } from "../page/connection.js";
import { defaultConfig } from "../settings/settings.js";
import { BACKOFF_MS, STORAGE_KEYS, StandaloneModel, socketUrl } from "../page/standalone.js";
import { nestedOf } from "../model/tensors.js";
import { Floats, decodeBinary, encodeBinary } from "../model/wire.js";
import { FakeStorage, SCHEMA, SCHEMA_JSON } from "./fixtures.js";

/** A WebSocket stand-in the test drives by hand. */
class FakeSocket {
  /** @param {string} url */
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.binaryType = "blob";
    /** @type {any[]} */
    this.sent = [];
    /** @type {((ev: any) => void) | null} */ this.onopen = null;
    /** @type {((ev: any) => void) | null} */ this.onclose = null;
    /** @type {((ev: any) => void) | null} */ this.onerror = null;
    /** @type {((ev: {data: any}) => void) | null} */ this.onmessage = null;
  }
  /** @param {string | ArrayBuffer} data */
  send(data) {
    this.sent.push(data instanceof ArrayBuffer ? { binary: true, ...decodeBinary(data) } : JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  /**
   * @param {string[]} [encodings] what the server's hello offers
   * @param {any} [schema] the settings schema in the hello
   */
  open(encodings, schema = SCHEMA_JSON) {
    this.readyState = 1;
    this.onopen?.({});
    this.receive({ type: "hello", protocol: 1, encodings, schema, limits: { maxHiddenLayers: 3, maxNeurons: 16, maxPoints: 100, maxSteps: 50 } });
  }
  /** @param {any} msg */
  receive(msg) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

/**
 * @param {FakeStorage} [storage]
 * @param {any} [schema] the schema embedded in the page (null: not served by nnvisu)
 */
function setup(storage = new FakeStorage(), schema = SCHEMA_JSON) {
  /** @type {FakeSocket[]} */
  const sockets = [];
  /** @type {{fn: () => void, ms: number}[]} */
  const timers = [];
  const model = new StandaloneModel({
    url: "ws://host/app/ws",
    storage: /** @type {any} */ (storage),
    schema,
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  /** @type {any[]} */
  const replies = [];
  model.on("msg:custom", (msg) => replies.push(msg));
  return { model, storage, sockets, timers, replies };
}

const W = { layer_0_weights: [[0.5, -0.5], [1, 1]], layer_0_bias: [0, 0] };
const config2 = { ...defaultConfig(SCHEMA), architecture: [2, 2] };
/** Weights as the model holds them, as nested arrays to compare. @param {any} w */
const nested = (w) => (w ? nestedOf(w) : w);
const data = { x: [1, -1], y: [0, 0], label: [0, 1], test: [false, false] };

/**
 * The config, weights and points most tests train on, set as the app sets them.
 * @param {StandaloneModel} model
 */
function setTrainingState(model) {
  model.set("config", config2);
  model.set("weights", W);
  model.set("data", data);
}

test("socket URL is relative to the page, http -> ws and https -> wss", () => {
  assert.equal(socketUrl("http://h:8888/"), "ws://h:8888/ws");
  assert.equal(socketUrl("https://h/sub/path/"), "wss://h/sub/path/ws");
  assert.equal(socketUrl("http://h/sub/index.html"), "ws://h/sub/ws");
});

test("set fires change events; save_changes writes the weights in the plan's shape, stamped with the step", () => {
  const { model, storage } = setup();
  /** @type {any[]} */
  const seen = [];
  const cb = (/** @type {any} */ _m, /** @type {any} */ v) => seen.push(v);
  model.on("change:step", cb);
  model.set("weights", W);
  model.set("step", 7);
  model.off("change:step", cb);
  model.set("step", 8);
  assert.deepEqual(seen, [7]);
  assert.equal(storage.getItem(STORAGE_KEYS.weights), null, "nothing written before save_changes");
  model.save_changes();
  const stored = JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.weights)));
  assert.deepEqual(stored, { version: 2, step: 8, ...W });
  assert.equal(storage.getItem(STORAGE_KEYS.optimizer), null, "no optimizer state, no key");
  assert.equal(storage.getItem(STORAGE_KEYS.metrics), null);
});

test("a reload restores what was saved", () => {
  const { model, storage } = setup();
  setTrainingState(model);
  model.set("ui", { selectedClass: 1, tool: "erase", showTest: false, discretize: true });
  model.save_changes();
  const again = setup(storage).model;
  again.load();
  assert.deepEqual(again.problems, []);
  assert.deepEqual(again.get("config"), config2);
  assert.deepEqual(nested(again.get("weights")), W);
  assert.deepEqual(again.get("data"), data);
  assert.equal(again.get("ui").tool, "erase");
});

test("corrupt, foreign and old values are reported and replaced, never thrown", () => {
  const storage = new FakeStorage();
  storage.setItem(STORAGE_KEYS.config, "{broken");
  storage.setItem(STORAGE_KEYS.data, JSON.stringify({ version: 1, data: { x: [1], y: [1], label: [5] } }));
  storage.setItem(STORAGE_KEYS.history, JSON.stringify({ hello: "world" }));
  storage.setItem(STORAGE_KEYS.ui, JSON.stringify({ version: 99, ui: {} }));
  storage.setItem(STORAGE_KEYS.weights, JSON.stringify({ version: 1, weights: { layer_0_weights: [[1]] }, step: 3 }));
  storage.setItem(STORAGE_KEYS.optimizer, JSON.stringify(["not", "ours"]));
  const { model } = setup(storage);
  model.load();
  const text = model.problems.join("\n");
  assert.match(text, /nnvisu_config is not valid JSON; replaced by defaults/);
  assert.match(text, /nnvisu_data: data label 5 of point 0 is not one of the 2 classes/);
  assert.match(text, /nnvisu_history: snapshots must be a list/);
  assert.match(text, /nnvisu_ui has version 99/);
  assert.match(text, /nnvisu_weights: layer_0_weights must have 8 rows/);
  assert.deepEqual(model.get("config"), defaultConfig(SCHEMA));
  assert.equal(model.get("weights"), null);
  assert.equal(model.get("data"), null);
  assert.match(model.get("status").error.message, /nnvisu_config is not valid JSON/);
  for (const key of Object.values(STORAGE_KEYS)) assert.equal(storage.getItem(key), null, `${key} removed`);
});

test("a full storage is reported in status and the model keeps working", () => {
  const { model } = setup(new FakeStorage(200));
  model.set("data", { x: Array(100).fill(1.2345), y: Array(100).fill(1), label: Array(100).fill(0), test: Array(100).fill(false) });
  model.save_changes();
  assert.equal(model.get("status").error.code, "storage_full");
  assert.match(model.get("status").error.message, /storage is full/);
  assert.equal(model.get("data").x.length, 100);
});

test("train: builds a wire step from the state and applies the reply", () => {
  const { model, sockets, replies, storage } = setup();
  setTrainingState(model);
  model.connect();
  assert.equal(model.get("status").state, "connecting");
  sockets[0].open();
  assert.equal(model.get("status").state, "connected");
  assert.equal(model.get("limits").maxSteps, 50);
  model.send({ type: "step", id: "a1", steps: 5 });
  const req = sockets[0].sent[0];
  assert.equal(req.type, "step");
  assert.equal(req.steps, 5);
  assert.equal(req.step, 0);
  assert.deepEqual(req.config, config2);
  assert.deepEqual(req.weights, W);
  assert.deepEqual(req.data, data);
  const W2 = { layer_0_weights: [[0.375, -0.375], [1, 1]], layer_0_bias: [0.125, 0] };
  const opt = { type: "adam", t: 5, buffers: {} };
  /** @type {any[]} */
  const seenWithStep = [];
  model.on("change:step", () => seenWithStep.push([model.get("step"), model.get("metrics")?.loss, nested(model.get("weights"))]));
  const counts = { trainCount: 2, testCount: 0 };
  sockets[0].receive({ type: "step_result", id: req.id, step: 5, weights: W2, optimizer: opt, loss: 0.5, accuracy: 1, testLoss: null, testAccuracy: null, ...counts });
  const { ms, ...reply } = replies[0];
  assert.ok(typeof ms === "number" && ms >= 0, "the cycle as the connection timed it");
  assert.deepEqual([replies.length, reply], [1, { type: "step_result", id: "a1", step: 5, loss: 0.5, accuracy: 1, testLoss: null, testAccuracy: null, ...counts }]);
  assert.deepEqual(nested(model.get("weights")), W2);
  assert.equal(model.get("step"), 5);
  assert.deepEqual(seenWithStep, [[5, 0.5, W2]], "a step listener sees the same step's metrics and weights");
  const stored = JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.weights)));
  assert.deepEqual(stored, { version: 2, step: 5, ...W2 });
  const storedOpt = JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.optimizer)));
  assert.deepEqual(storedOpt, { version: 2, step: 5, ...opt });
  const storedMetrics = JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.metrics)));
  assert.deepEqual(storedMetrics, { version: 2, step: 5, loss: 0.5, accuracy: 1, testLoss: null, testAccuracy: null });
});

test("requests asked for ahead go out one at a time, each from the state its predecessor left", () => {
  const { model, sockets, replies } = setup();
  setTrainingState(model);
  model.connect();
  sockets[0].open();
  model.send({ type: "step", id: "p1", steps: 3 });
  model.send({ type: "step", id: "p2", steps: 4 });
  assert.equal(sockets[0].sent.length, 1, "the second waits for the first reply");
  const W2 = { layer_0_weights: [[0.375, -0.375], [1, 1]], layer_0_bias: [0.125, 0] };
  const opt = { type: "adam", t: 3, buffers: {} };
  /** @type {number[]} */
  const sentWhenStepChanged = [];
  model.on("change:step", () => sentWhenStepChanged.push(sockets[0].sent.length));
  sockets[0].receive({ type: "step_result", id: sockets[0].sent[0].id, step: 3, weights: W2, optimizer: opt, loss: 0.5, accuracy: 1 });
  assert.deepEqual(sentWhenStepChanged, [2], "the next request left before the page saw the reply");
  const second = sockets[0].sent[1];
  assert.deepEqual([second.steps, second.step, second.weights, second.optimizer], [4, 3, W2, opt]);
  sockets[0].receive({ type: "step_result", id: second.id, step: 7, weights: W, optimizer: { ...opt, t: 7 }, loss: 0.4, accuracy: 1 });
  assert.deepEqual(replies.map((r) => [r.type, r.id, r.step]), [["step_result", "p1", 3], ["step_result", "p2", 7]]);
  assert.equal(model.get("step"), 7);
});

test("a request waiting behind a stale one is built from the changed state", () => {
  const { model, sockets, replies } = setup();
  setTrainingState(model);
  model.connect();
  sockets[0].open();
  model.send({ type: "step", id: 1, steps: 1 });
  model.send({ type: "step", id: 2, steps: 1 });
  const moved = { ...data, x: [2, -2] };
  model.set("data", moved);
  sockets[0].receive({ type: "step_result", id: sockets[0].sent[0].id, step: 1, weights: { ...W, layer_0_bias: [9, 9] }, optimizer: null, loss: 1, accuracy: 0 });
  assert.deepEqual(replies.map((r) => [r.id, r.code]), [[1, "stale"]]);
  const second = sockets[0].sent[1];
  assert.deepEqual([second.step, second.weights, second.data], [0, W, moved]);
});

test("a reply to a state that changed meanwhile is dropped as stale", () => {
  const { model, sockets, replies } = setup();
  setTrainingState(model);
  model.connect();
  sockets[0].open();
  model.send({ type: "step", id: 1, steps: 1 });
  model.set("data", { ...data, x: [2, -2] });
  const id = sockets[0].sent[0].id;
  sockets[0].receive({ type: "step_result", id, step: 1, weights: { ...W, layer_0_bias: [9, 9] }, optimizer: null, loss: 1, accuracy: 0 });
  assert.equal(replies[0].code, "stale");
  assert.deepEqual(model.get("weights"), W);
  assert.equal(model.get("step"), 0);
});

test("init and resize; errors pass through with their code", () => {
  const { model, sockets, replies } = setup();
  model.set("config", config2);
  model.set("weights", W);
  model.set("optimizer", { type: "adam", t: 2, buffers: {} });
  model.set("step", 40);
  model.connect();
  sockets[0].open();
  model.send({ type: "init", id: "r", resize: true });
  const resize = sockets[0].sent[0];
  assert.deepEqual([resize.type, resize.weights, resize.optimizer.t], ["init", W, 2]);
  sockets[0].receive({ type: "init_result", id: resize.id, weights: W, optimizer: { type: "adam", t: 2, buffers: {} } });
  assert.equal(model.get("step"), 40, "a resize continues the run");
  model.send({ type: "init", id: "i" });
  const init = sockets[0].sent[1];
  assert.equal(init.weights, undefined);
  sockets[0].receive({ type: "init_result", id: init.id, weights: W, optimizer: null });
  assert.equal(model.get("step"), 0);
  assert.equal(model.get("optimizer"), null);
  model.send({ type: "step", id: "t", steps: 1 });
  const id = sockets[0].sent[2].id;
  sockets[0].receive({ type: "error", id, code: "diverged", field: "config.learningRate", message: "training diverged" });
  assert.deepEqual(replies.map((r) => r.type), ["init_result", "init_result", "error"]);
  assert.equal(replies[2].code, "diverged");
  assert.equal(replies[2].id, "t");
  model.send({ type: "fly" });
  assert.equal(replies[3].code, "unknown_type");
  model.send({ type: "train", id: 9, steps: 1 });
  assert.equal(replies[4].code, "unknown_type", "the wire vocabulary only");
});

test("disconnect: back-off reconnects and a request whose reply never came is re-sent", () => {
  const { model, sockets, timers, replies } = setup();
  setTrainingState(model);
  model.connect();
  sockets[0].open();
  model.send({ type: "step", id: "x", steps: 3 });
  assert.equal(sockets[0].sent.length, 1);
  sockets[0].close();
  assert.equal(model.get("status").state, "disconnected");
  assert.equal(timers[0].ms, BACKOFF_MS[0]);
  // a failed attempt doubles the wait
  timers[0].fn();
  sockets[1].close();
  assert.equal(timers[1].ms, BACKOFF_MS[1]);
  timers[1].fn();
  assert.equal(model.get("status").state, "connecting");
  sockets[2].open();
  assert.equal(sockets[2].sent.length, 1, "re-sent on the new connection");
  const req = sockets[2].sent[0];
  assert.deepEqual([req.type, req.steps, req.step], ["step", 3, 0]);
  sockets[2].receive({ type: "step_result", id: req.id, step: 3, weights: W, optimizer: null, loss: 0.2, accuracy: 1 });
  assert.deepEqual(replies.map((r) => r.type), ["step_result"]);
  assert.equal(model.get("step"), 3);
  // a late reply on the dead socket's id is ignored
  sockets[2].receive({ type: "step_result", id: sockets[0].sent[0].id, step: 99, weights: W, optimizer: null, loss: 0, accuracy: 1 });
  assert.equal(model.get("step"), 3);
  model.close();
  assert.equal(timers.length, 2, "no reconnect after close()");
});

test("without storage the model still works", () => {
  const model = new StandaloneModel({ url: "ws://x/ws", storage: null, schema: SCHEMA_JSON, openSocket: (u) => new FakeSocket(u) });
  model.load();
  model.set("step", 1);
  model.save_changes();
  assert.equal(model.get("step"), 1);
});

test("a server that offers the binary encoding gets binary requests, and binary replies apply", () => {
  const { model, sockets, replies, storage } = setup();
  setTrainingState(model);
  model.connect();
  sockets[0].open(["json", "binary"]);
  assert.equal(sockets[0].binaryType, "arraybuffer");
  model.send({ type: "step", id: "b1", steps: 2 });
  const req = sockets[0].sent[0];
  assert.equal(req.binary, true);
  assert.deepEqual([req.type, req.steps, req.step, req.config], ["step", 2, 0, config2]);
  assert.deepEqual(nested(req.weights), W);
  assert.deepEqual(nested(req.data), { ...data, label: [0, 1], test: [0, 0] });
  const W2 = { layer_0_weights: [[0.1, -0.4], [1, 1]], layer_0_bias: [0.25, 0] };
  const frame = encodeBinary({
    type: "step_result",
    id: req.id,
    step: 2,
    weights: { layer_0_weights: Floats.of(W2.layer_0_weights), layer_0_bias: Floats.of(W2.layer_0_bias) },
    optimizer: null,
    loss: 0.5,
    accuracy: 1,
    testLoss: null,
    testAccuracy: null,
  });
  sockets[0].onmessage?.({ data: frame });
  assert.equal(replies[0].type, "step_result");
  const weights = model.get("weights");
  assert.ok(weights.layer_0_weights.values instanceof Float32Array, "kept as float32 tensors");
  assert.deepEqual(nested(weights), { layer_0_weights: [[0.1, -0.4].map(Math.fround), [1, 1]], layer_0_bias: [0.25, 0] });
  // stored as text: each float32 in its shortest exact form
  const stored = JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.weights)));
  assert.deepEqual(stored, { version: 2, step: 2, layer_0_weights: [[0.1, -0.4], [1, 1]], layer_0_bias: [0.25, 0] });
});

test("without the offer in the hello, requests stay JSON", () => {
  const { model, sockets } = setup();
  setTrainingState(model);
  model.connect();
  sockets[0].open(["json"]);
  model.send({ type: "step", id: "j", steps: 1 });
  assert.equal(sockets[0].sent[0].binary, undefined);
});

test("through a worker: the model and the connection talk only in messages, and a reply moves both on", () => {
  /** @type {FakeSocket[]} */
  const sockets = [];
  // Two ends of a message channel, delivered at once (a worker delivers them later, in order).
  /** @type {any} */
  const workerScope = { onmessage: null, postMessage: (/** @type {any} */ m) => page.onmessage?.({ data: structuredClone(m) }) };
  /** @type {any} */
  const page = {
    onmessage: null,
    postMessage: (/** @type {any} */ m) => workerScope.onmessage?.({ data: structuredClone(m) }),
    terminated: false,
    terminate() {
      this.terminated = true;
    },
  };
  serveConnection(workerScope, {
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  const model = new StandaloneModel({ url: "ws://host/ws", storage: null, schema: SCHEMA_JSON, worker: page });
  /** @type {any[]} */
  const replies = [];
  model.on("msg:custom", (m) => replies.push(m));
  setTrainingState(model);
  model.connect();
  sockets[0].open(["json", "binary"]);
  assert.equal(model.get("status").state, "connected");
  assert.equal(model.get("limits").maxSteps, 50);
  model.send({ type: "step", id: "w1", steps: 2 });
  model.send({ type: "step", id: "w2", steps: 2 });
  assert.equal(sockets[0].sent.length, 1);
  const W2 = { layer_0_weights: [[0.5, -0.5], [1, 1]], layer_0_bias: [0.25, 0] };
  const frame = encodeBinary({ type: "step_result", id: sockets[0].sent[0].id, step: 2, weights: { layer_0_weights: Floats.of(W2.layer_0_weights), layer_0_bias: Floats.of(W2.layer_0_bias) }, optimizer: null, loss: 0.5, accuracy: 1, testLoss: null, testAccuracy: null });
  sockets[0].onmessage?.({ data: frame });
  assert.deepEqual(replies.map((r) => [r.type, r.id, r.step]), [["step_result", "w1", 2]]);
  assert.deepEqual(nested(model.get("weights")), W2);
  const second = sockets[0].sent[1];
  assert.deepEqual([second.step, nested(second.weights)], [2, W2], "the worker chained from the reply");
  model.close();
  assert.ok(page.terminated);
});

test("a first visit stores the host's default config at the first save", () => {
  const { model, storage } = setup();
  model.load();
  assert.deepEqual(model.get("config"), defaultConfig(SCHEMA));
  assert.deepEqual(model.get("schema"), SCHEMA_JSON);
  assert.equal(model.get("limits").maxPoints, SCHEMA_JSON.limits.maxPoints);
  model.save_changes();
  const stored = JSON.parse(/** @type {string} */ (storage.getItem(STORAGE_KEYS.config)));
  assert.deepEqual(stored, { version: 2, ...defaultConfig(SCHEMA) });
});

test("a stored config the host accepts loads unchanged and goes to the host unchanged", () => {
  const storage = new FakeStorage();
  const unusual = { ...defaultConfig(SCHEMA), learningRate: 20, activation: "relu", architecture: [2, 16, 16, 2], momentum: 0.5 };
  const text = JSON.stringify({ version: 2, ...unusual });
  storage.setItem(STORAGE_KEYS.config, text);
  const { model, sockets } = setup(storage);
  model.load();
  assert.deepEqual(model.problems, []);
  assert.deepEqual(model.get("config"), unusual);
  model.save_changes();
  assert.equal(storage.getItem(STORAGE_KEYS.config), text, "not rewritten");
  model.connect();
  sockets[0].open();
  model.send({ type: "init", id: 1 });
  assert.deepEqual(sockets[0].sent[0].config, unusual);
});

test("a page not served by nnvisu waits for the schema in the hello before it reads the storage", () => {
  const storage = new FakeStorage();
  const stored = { ...defaultConfig(SCHEMA), learningRate: 7 };
  storage.setItem(STORAGE_KEYS.config, JSON.stringify({ version: 2, ...stored }));
  const { model, sockets } = setup(storage, null);
  /** @type {any[]} */
  const seen = [];
  model.on("change:schema", () => seen.push(model.get("config")));
  model.load();
  assert.equal(model.get("schema"), null);
  assert.equal(model.get("config"), null);
  model.connect();
  sockets[0].open();
  assert.deepEqual(seen, [stored], "the schema arrives with the stored state already loaded");
  model.send({ type: "init", id: 1 });
  assert.deepEqual(sockets[0].sent[0].config, stored, "the connection has the loaded state");
});

test("a schema that cannot be used is reported", () => {
  const { model } = setup(new FakeStorage(), { settings: [] });
  assert.equal(model.get("schema"), null);
  assert.match(model.get("status").error.message, /settings schema cannot be used: .*no architecture setting/);
});

test("replies of another type, inherited names included, change nothing and reach the app as nothing", () => {
  const { model, replies } = setup();
  setTrainingState(model);
  const pending = { kind: /** @type {const} */ ("step"), id: 7, steps: 1, resize: false, generation: model.generation };
  for (const type of ["constructor", "toString", "__proto__", "hello", "step"]) model._fromConnection({ type: "reply", pending, msg: { type, step: 5, weights: null } });
  assert.deepEqual(replies, []);
  assert.deepEqual(model.get("weights"), W);
  assert.equal(model.get("step"), 0);
});

test("off follows anywidget's model: a callback, every callback of an event, or every one", () => {
  const { model } = setup();
  /** @type {string[]} */
  const heard = [];
  const a = () => heard.push("a");
  const b = () => heard.push("b");
  model.on("change:step", a);
  model.on("change:step", b);
  model.on("change:data", a);
  model.off("change:step", a);
  model.set("step", 1);
  assert.deepEqual(heard.splice(0), ["b"]);
  model.off("change:step");
  model.set("step", 2);
  model.set("data", data);
  assert.deepEqual(heard.splice(0), ["a"]);
  model.off();
  model.set("data", data);
  assert.deepEqual(heard, []);
  return model.widget_manager.get_model("x").then(
    () => assert.fail("the page has no other models"),
    (e) => assert.match(String(e), /no widget manager/),
  );
});
