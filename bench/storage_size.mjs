// What the state at the server's limits costs to keep: 10 hidden layers of 100 with Adam state,
// 5,000 points and a history of 200 recorded steps (50 snapshots), saved by the standalone
// model into an in-memory Storage and loaded back, under node. Printed: the code units of every
// key, the total in bytes as browsers count them (two per code unit), whether that fits
// Chromium's quota, the time a save and a load take on the page's thread; then the widget's
// share: the bytes its `history` key adds to a notebook that saves the widget state (binary
// buffers saved as base64), beside the weights and optimizer buffers, which are binary in
// every version.
//
//   node bench/storage_size.mjs [JS_DIR]
//
// JS_DIR (default: this checkout's js/) lets one run measure another version of the sources,
// e.g. `git archive OLD js | tar -x -C /tmp/old` and `node bench/storage_size.mjs /tmp/old/js`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const here = path.dirname(new URL(import.meta.url).pathname);
const dir = path.resolve(process.argv[2] ?? path.join(here, "..", "js"));
const load = (/** @type {string} */ file) => import(pathToFileURL(path.join(dir, file)).href);
const { StandaloneModel } = await load("page/standalone.js");
const { record } = await load("training/history.js");
const { generate } = await load("data/generators.js");
/** @type {any} */
let storageModule = null;
try {
  storageModule = await load("page/storage.js");
} catch {
  // versions before js/page/storage.js kept the history in the model as it was recorded
}
const schema = JSON.parse(readFileSync(path.join(here, "..", "js", "tests", "fixtures", "schema.json"), "utf8"));

const CHROMIUM_QUOTA_UNITS = 5 * 1024 * 1024;
const HIDDEN = Array(10).fill(100);
const ARCH = [2, ...HIDDEN, 2];
const STEPS = 200;

let seed = 1;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
/** @param {number[]} shape @param {(i: number) => number} f */
const tensor = (shape, f) => ({ shape, values: Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => f(i)) });

/** Weights of ARCH in Kaiming-uniform ranges, and Adam buffers of trained magnitudes. */
function network() {
  /** @type {Record<string, any>} */
  const weights = {};
  /** @type {Record<string, any>} */
  const buffers = {};
  for (let i = 0; i + 1 < ARCH.length; i++) {
    const bound = 1 / Math.sqrt(ARCH[i]);
    for (const [name, shape] of /** @type {[string, number[]][]} */ ([
      [`layer_${i}_weights`, [ARCH[i + 1], ARCH[i]]],
      [`layer_${i}_bias`, [ARCH[i + 1]]],
    ])) {
      weights[name] = tensor(shape, () => rand() * bound);
      buffers[name] = { exp_avg: tensor(shape, () => rand() * 1e-3), exp_avg_sq: tensor(shape, () => (rand() * 1e-3) ** 2) };
    }
  }
  return { weights, optimizer: { type: "adam", t: STEPS, buffers } };
}

/** A Storage that keeps everything and counts nothing against a quota. */
class Unbounded {
  constructor() {
    /** @type {Map<string, string>} */
    this.map = new Map();
  }
  /** @param {string} k */
  getItem(k) {
    return this.map.get(k) ?? null;
  }
  /** @param {string} k @param {string} v */
  setItem(k, v) {
    this.map.set(k, v);
  }
  /** @param {string} k */
  removeItem(k) {
    this.map.delete(k);
  }
}

/** Bytes of a widget model value as a notebook saves it: JSON, binary buffers as base64. @param {any} value */
function notebookBytes(value) {
  let binary = 0;
  const json = JSON.stringify(value, (_k, v) => {
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      binary += v.byteLength;
      return null;
    }
    return v;
  });
  return json.length + Math.ceil(binary / 3) * 4;
}

const { weights, optimizer } = network();
const data = generate({ dataset: "circles", points: 5000, noise: 0.3, classes: 2, seed: 1, testFraction: 0 });
let history = { losses: [], snapshots: [] };
for (let step = 0; step < STEPS; step++) {
  // each snapshot its own weights, as training would leave them
  const w = Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, tensor(t.shape, (i) => t.values[i] + step * 1e-4)]));
  history = record(history, step, { loss: 1 / (step + 1) }, w);
}
// what the app hands the model: the compact copy where this version makes one
const modelHistory = storageModule?.historyForHost ? storageModule.historyForHost(history) : history;
const config = { ...Object.fromEntries(schema.settings.map((/** @type {any} */ s) => [s.wire, s.default])), architecture: ARCH };

const storage = new Unbounded();
const model = new StandaloneModel({ url: "ws://x/ws", storage, schema, openSocket: () => ({ readyState: 0, send() {}, close() {} }) });
model.load();
const values = { config, weights, optimizer, step: STEPS, metrics: { loss: 0.1, accuracy: 0.9, testLoss: null, testAccuracy: null }, data, history: modelHistory };
for (const [k, v] of Object.entries(values)) model.set(k, v);
let start = performance.now();
model.save_changes();
const saveAll = performance.now() - start;
// a training reply: weights, optimizer state, step and metrics again
for (const k of ["weights", "optimizer", "step", "metrics"]) model.set(k, values[/** @type {keyof values} */ (k)]);
start = performance.now();
model.save_changes();
const saveReply = performance.now() - start;
const again = new StandaloneModel({ url: "ws://x/ws", storage, schema, openSocket: () => ({ readyState: 0, send() {}, close() {} }) });
start = performance.now();
again.load();
const loadMs = performance.now() - start;

let units = 0;
console.log(`state at the limits (${HIDDEN.length} x ${HIDDEN[0]}, Adam, ${data.x.length} points, history of ${history.losses.length} steps with ${history.snapshots.length} snapshots), js: ${dir}`);
for (const [k, v] of [...storage.map].sort()) {
  units += k.length + v.length;
  console.log(`  ${k.padEnd(18)} ${String(v.length).padStart(10)} code units`);
}
const fits = units <= CHROMIUM_QUOTA_UNITS ? "fits" : "does NOT fit";
console.log(`  total              ${String(units).padStart(10)} code units = ${(2 * units / 1e6).toFixed(2)} MB (${fits} Chromium's quota of ${CHROMIUM_QUOTA_UNITS} units; target <= 4 MB)`);
console.log(`  problems on load: ${again.problems.length ? again.problems.join("; ") : "none"}; history snapshots back: ${again.get("history").snapshots.length}`);
console.log(`  save of everything ${saveAll.toFixed(0)} ms, save after a training reply ${saveReply.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms`);
const weightBytes = Object.values(weights).reduce((s, t) => s + 4 * t.values.length, 0);
console.log("widget notebook (saved widget state, binary buffers as base64):");
console.log(`  weights ${notebookBytes({ b: new ArrayBuffer(weightBytes) })} bytes, optimizer ${notebookBytes({ b: new ArrayBuffer(2 * weightBytes) })} bytes, data ${notebookBytes(data)} bytes`);
console.log(`  history ${notebookBytes(modelHistory)} bytes (${modelHistory.snapshots.length} snapshots)`);
