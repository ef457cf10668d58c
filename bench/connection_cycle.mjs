// The page's connection worker, one training cycle at a time, under node: a binary step_result
// frame arrives, the worker decodes it, moves its copy of the state on, encodes and sends the
// next step request, and posts the reply to the page (structuredClone stands in for
// postMessage, which clones the same way). No server: the reply frames are encoded beforehand,
// so only the worker's own work is timed.
//
// Then the page's side of the same replies, on the main thread: the posted message arrives
// (structuredClone again), and the standalone model applies it and writes localStorage (an
// in-memory Storage here) after every reply, or, for a large network, puts the save off; the
// time of one save is printed beside it.
//
//   node bench/connection_cycle.mjs [JS_DIR] [REQUEST_KIND]
//
// JS_DIR (default: this checkout's js/) lets one run compare another version of the sources
// (e.g. `git show OLD:js/<file>` of connection.js, wire.js, standalone.js and their imports
// copied into a folder); REQUEST_KIND is the app's name for a training request in that version
// ("step"; before the widget used the wire vocabulary it was "train").
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const here = path.dirname(new URL(import.meta.url).pathname);
const dir = path.resolve(process.argv[2] ?? path.join(here, "..", "js"));
const kind = process.argv[3] ?? "step";
const load = (/** @type {string} */ file) => import(pathToFileURL(path.join(dir, file)).href);
const { Connection } = await load("page/connection.js");
const { Floats, decodeBinary, encodeBinary } = await load("model/wire.js");
const { StandaloneModel } = await load("page/standalone.js");
const schema = JSON.parse(readFileSync(path.join(here, "..", "js", "tests", "fixtures", "schema.json"), "utf8"));

/** @param {number[]} arch */
function network(arch) {
  let seed = 1;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const sq = (/** @type {any} */ a) => (Array.isArray(a[0]) ? a.map((r) => r.map((v) => v * v)) : a.map((v) => v * v));
  /** @type {Record<string, any>} */
  const weights = {};
  /** @type {Record<string, any>} */
  const buffers = {};
  for (let i = 0; i + 1 < arch.length; i++) {
    const w = Array.from({ length: arch[i + 1] }, () => Array.from({ length: arch[i] }, rand));
    const b = Array.from({ length: arch[i + 1] }, rand);
    weights[`layer_${i}_weights`] = w;
    weights[`layer_${i}_bias`] = b;
    buffers[`layer_${i}_weights`] = { exp_avg: w, exp_avg_sq: sq(w) };
    buffers[`layer_${i}_bias`] = { exp_avg: b, exp_avg_sq: sq(b) };
  }
  return { weights, buffers };
}

/** @param {Record<string, any>} obj */
const floats = (obj) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, Floats.of(v)]));

/**
 * The reply frames of a run: an init_result, then `cycles` step_results.
 * @param {number[]} arch
 * @param {number} n points
 * @param {number} cycles
 */
function replies(arch, n, cycles) {
  const { weights, buffers } = network(arch);
  const wireWeights = floats(weights);
  const wireBuffers = Object.fromEntries(Object.entries(buffers).map(([k, v]) => [k, floats(v)]));
  const optimizer = (/** @type {number} */ t) => ({ type: "adam", t, buffers: wireBuffers });
  const metrics = { loss: 0.5, accuracy: 0.9, testLoss: null, testAccuracy: null, trainCount: n, testCount: 0 };
  const frame = (/** @type {number} */ id, /** @type {number} */ step) =>
    encodeBinary({ type: "step_result", id, step, weights: wireWeights, optimizer: optimizer(step), ...metrics });
  const init = encodeBinary({ type: "init_result", id: 1, weights: wireWeights, optimizer: null });
  return { init, frames: Array.from({ length: cycles }, (_, i) => frame(i + 2, i + 1)) };
}

/** @param {number} n */
function points(n) {
  return {
    x: Array.from({ length: n }, (_, i) => Math.cos(i)),
    y: Array.from({ length: n }, (_, i) => Math.sin(i)),
    label: Array.from({ length: n }, (_, i) => i % 2),
    test: Array(n).fill(false),
  };
}

/**
 * @param {string} name
 * @param {number[]} arch
 * @param {number} n points
 * @param {number} cycles
 */
function runWorker(name, arch, n, cycles) {
  const { init, frames } = replies(arch, n, cycles);
  let sentBytes = 0;
  /** @type {any} */
  const socket = {
    readyState: 1,
    send: (/** @type {ArrayBuffer} */ data) => {
      sentBytes += data.byteLength;
    },
    close() {},
  };
  const connection = new Connection({
    url: "ws://bench/ws",
    post: (/** @type {any} */ msg) => structuredClone(msg),
    openSocket: () => socket,
    setTimer: () => 0,
    clearTimer: () => {},
  });
  const config = { architecture: arch, activation: "tanh", optimizer: "adam", learningRate: 0.03, features: ["x", "y"], seed: 1 };
  connection.receive({ type: "state", generation: 1, state: { config, weights: null, optimizer: null, step: 0, data: points(n) } });
  connection.connect();
  socket.onopen();
  socket.onmessage({ data: JSON.stringify({ type: "hello", encodings: ["json", "binary"], limits: {} }) });
  const pending = (/** @type {string} */ k) => ({ kind: k, id: 0, steps: 1, resize: false, generation: 1 });
  connection.receive({ type: "send", pending: pending("init") });
  socket.onmessage({ data: init });
  // Every reply finds the next request waiting, as while playing.
  connection.receive({ type: "send", pending: pending(kind) });
  const warm = Math.floor(cycles / 4);
  let start = 0;
  for (let i = 0; i < cycles; i++) {
    if (i === warm) {
      start = performance.now();
      sentBytes = 0;
    }
    connection.receive({ type: "send", pending: pending(kind) });
    socket.onmessage({ data: frames[i] });
  }
  const per = (performance.now() - start) / (cycles - warm);
  const params = arch.slice(1).reduce((s, k, i) => s + k * (arch[i] + 1), 0);
  const kb = (sentBytes / (cycles - warm) / 1024).toFixed(1);
  console.log(`${name.padEnd(24)} ${String(params).padStart(6)} params  ${per.toFixed(3).padStart(8)} ms/cycle  ${kb} KB sent/cycle`);
}

/**
 * @param {string} name
 * @param {number[]} arch
 * @param {number} n points
 * @param {number} cycles
 */
function runPage(name, arch, n, cycles) {
  const { frames } = replies(arch, n, cycles);
  /** @type {Map<string, string>} */
  const map = new Map();
  const storage = {
    getItem: (/** @type {string} */ k) => map.get(k) ?? null,
    setItem: (/** @type {string} */ k, /** @type {string} */ v) => map.set(k, v),
    removeItem: (/** @type {string} */ k) => map.delete(k),
  };
  const model = new StandaloneModel({ url: "ws://bench/ws", storage, schema, openSocket: () => ({ close() {} }), setTimer: () => 0, clearTimer: () => {} });
  model.set("config", { ...model.get("config"), architecture: arch, optimizer: "adam" });
  model.set("data", points(n));
  // What the worker posts: the decoded reply.
  const posted = frames.map((f) => decodeBinary(f));
  const warm = Math.floor(cycles / 4);
  let start = 0;
  for (let i = 0; i < cycles; i++) {
    if (i === warm) start = performance.now();
    const pending = { kind, id: i, steps: 1, resize: false, generation: model.generation };
    model._fromConnection(structuredClone({ type: "reply", pending, msg: posted[i], ms: 1 }));
  }
  const per = (performance.now() - start) / (cycles - warm);
  // A large network's saves are put off (one per 1 to 5 s while training): one timed here.
  const putOff = model.saveTimer !== null;
  model.set("weights", model.get("weights"));
  start = performance.now();
  model.save_changes();
  const save = performance.now() - start;
  const units = [...map].reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  const when = putOff ? "put off, one per 1-5 s" : "every reply";
  console.log(`${name.padEnd(24)} ${per.toFixed(3).padStart(8)} ms/reply  save ${save.toFixed(1)} ms (${when})  ${(units / 1024).toFixed(1)} K code units stored`);
}

console.log(`connection worker, one cycle (${dir}, request kind "${kind}")`);
runWorker("2-8-8-8-2, 1000 points", [2, 8, 8, 8, 2], 1000, 4000);
runWorker("2-8-8-2, 200 points", [2, 8, 8, 2], 200, 4000);
runWorker("2-100x6-2, 1000 points", [2, 100, 100, 100, 100, 100, 100, 2], 1000, 200);
console.log("page side of a reply: receive, apply, store");
runPage("2-8-8-8-2, 1000 points", [2, 8, 8, 8, 2], 1000, 2000);
runPage("2-100x6-2, 1000 points", [2, 100, 100, 100, 100, 100, 100, 2], 1000, 40);
