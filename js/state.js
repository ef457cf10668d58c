// @ts-check
/**
 * The model's state: defaults and validation. Everything read from outside (localStorage, a
 * kernel that starts with partial keys) goes through these checks, so a bad value becomes a
 * clear message and a default instead of a broken page.
 */

import { ACTIVATIONS, FEATURES } from "./forward.js";
import { DATASETS } from "./generators.js";

/** @typedef {import("./forward.js").Weights} Weights */
/** @typedef {import("./forward.js").Data} Data */
/**
 * The wire config plus UI-only keys the trainer ignores (dataset ... testFraction).
 * @typedef {object} Config
 * @property {number[]} architecture all layer sizes, input to output
 * @property {string} activation
 * @property {string} optimizer
 * @property {number} learningRate
 * @property {number} momentum
 * @property {number} l1
 * @property {number} l2
 * @property {number} batchSize
 * @property {number} dropout
 * @property {string[]} features
 * @property {number} seed
 * @property {string} dataset
 * @property {number} points
 * @property {number} noise
 * @property {number} dataSeed
 * @property {number} testFraction
 */
/**
 * @typedef {object} Optimizer
 * @property {string} type
 * @property {number} t
 * @property {Record<string, Record<string, number[] | number[][]>>} buffers
 */
/**
 * @typedef {object} History
 * @property {[number, number, number | null][]} losses [step, train loss, test loss]
 * @property {{step: number, weights: Weights}[]} snapshots
 */
/**
 * @typedef {object} Ui
 * @property {number} selectedClass
 * @property {"add" | "erase"} tool
 * @property {boolean} showTest
 * @property {boolean} discretize
 */
/**
 * @typedef {object} Limits
 * @property {number} maxHiddenLayers
 * @property {number} maxNeurons
 * @property {number} maxPoints
 * @property {number} maxSteps
 */

export const STORAGE_VERSION = 1;
export const OPTIMIZERS = ["sgd", "momentum", "adam", "rmsprop"];
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 8;
export const MAX_DROPOUT = 0.95;
export const MAX_TEST_FRACTION = 0.9;
export const MAX_NOISE = 3;
/** Until a host says otherwise (the server's `hello`), assume its default limits. */
export const DEFAULT_LIMITS = Object.freeze({ maxHiddenLayers: 10, maxNeurons: 100, maxPoints: 5000, maxSteps: 1000 });

/**
 * The first-load state: 200 "circles" points, 2 classes, hidden layers 8-8, tanh, Adam at 0.03,
 * features x and y, full batch, no regularization or dropout, seed 1.
 * @returns {Config}
 */
export function defaultConfig() {
  return {
    architecture: [2, 8, 8, 2],
    activation: "tanh",
    optimizer: "adam",
    learningRate: 0.03,
    momentum: 0.9,
    l1: 0,
    l2: 0,
    batchSize: 0,
    dropout: 0,
    features: ["x", "y"],
    seed: 1,
    dataset: "circles",
    points: 200,
    noise: 0.3,
    dataSeed: 1,
    testFraction: 0,
  };
}

/** @returns {Ui} */
export function defaultUi() {
  return { selectedClass: 0, tool: "add", showTest: true, discretize: false };
}

/** @returns {History} */
export function emptyHistory() {
  return { losses: [], snapshots: [] };
}

/** @returns {Data} */
export function emptyData() {
  return { x: [], y: [], label: [], test: [] };
}

/** A value that cannot be used; `message` says which part and why. */
export class ValidationError extends Error {}

/** @param {string} msg @returns {never} */
function fail(msg) {
  throw new ValidationError(msg);
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
export function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * @param {unknown} v
 * @param {string} name
 * @param {number} lo
 * @param {number} hi
 * @param {{integer?: boolean, openLo?: boolean}} [opts]
 */
export function checkNumber(v, name, lo, hi, opts = {}) {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(`${name} must be a number`);
  if (opts.integer && !Number.isInteger(v)) fail(`${name} must be a whole number, got ${v}`);
  if ((opts.openLo ? v <= lo : v < lo) || v > hi) {
    fail(`${name} must be ${opts.openLo ? "above" : "at least"} ${lo} and at most ${hi}, got ${v}`);
  }
  return v;
}

/**
 * A complete config from a possibly partial one: missing keys take defaults, wrong ones fail.
 * Limits are checked against the host's limits when given.
 * @param {unknown} value
 * @param {Limits} [limits]
 * @returns {Config}
 */
export function validateConfig(value, limits = DEFAULT_LIMITS) {
  if (!isObject(value)) fail("config must be an object");
  const d = defaultConfig();
  /** @type {Record<string, unknown>} */
  const v = { ...d, ...value };
  const features = v.features;
  if (!Array.isArray(features) || !features.length) fail("config.features must list at least one feature");
  for (const f of features) {
    if (!FEATURES.includes(f)) fail(`config.features: unknown feature ${JSON.stringify(f)}`);
  }
  if (new Set(features).size !== features.length) fail("config.features lists a feature twice");
  const arch = value.architecture === undefined ? [features.length, 8, 8, 2] : v.architecture;
  if (!Array.isArray(arch) || arch.length < 2) fail("config.architecture must list the input and output sizes");
  arch.forEach((n, i) => checkNumber(n, `config.architecture[${i}]`, 1, 1e9, { integer: true }));
  if (arch[0] !== features.length) {
    fail(`config.architecture[0] is ${arch[0]} but ${features.length} features are enabled`);
  }
  checkNumber(arch[arch.length - 1], "the number of classes", MIN_CLASSES, MAX_CLASSES, { integer: true });
  checkHidden(arch.slice(1, -1), limits);
  if (!ACTIVATIONS.includes(/** @type {string} */ (v.activation))) {
    fail(`config.activation: unknown activation ${JSON.stringify(v.activation)}`);
  }
  if (!OPTIMIZERS.includes(/** @type {string} */ (v.optimizer))) {
    fail(`config.optimizer: unknown optimizer ${JSON.stringify(v.optimizer)}`);
  }
  if (!DATASETS.includes(/** @type {string} */ (v.dataset))) {
    fail(`config.dataset: unknown data set ${JSON.stringify(v.dataset)}`);
  }
  return {
    architecture: /** @type {number[]} */ ([...arch]),
    activation: /** @type {string} */ (v.activation),
    optimizer: /** @type {string} */ (v.optimizer),
    learningRate: checkNumber(v.learningRate, "Learning rate", 0, 10, { openLo: true }),
    momentum: checkNumber(v.momentum, "config.momentum", 0, 0.999),
    l1: checkNumber(v.l1, "L1", 0, 100),
    l2: checkNumber(v.l2, "L2", 0, 100),
    batchSize: checkNumber(v.batchSize, "Batch size", 0, 1e9, { integer: true }),
    dropout: checkNumber(v.dropout, "Dropout", 0, MAX_DROPOUT),
    features: /** @type {string[]} */ ([...features]),
    seed: checkNumber(v.seed, "Seed", 0, 2 ** 31 - 1, { integer: true }),
    dataset: /** @type {string} */ (v.dataset),
    points: checkNumber(v.points, "Points", 1, 1e9, { integer: true }),
    noise: checkNumber(v.noise, "Noise", 0, MAX_NOISE),
    dataSeed: checkNumber(v.dataSeed, "Data seed", 0, 2 ** 31 - 1, { integer: true }),
    testFraction: checkNumber(v.testFraction, "Test fraction", 0, MAX_TEST_FRACTION),
  };
}

/**
 * @param {number[]} hidden hidden layer sizes
 * @param {Limits} limits
 */
export function checkHidden(hidden, limits) {
  if (hidden.length > limits.maxHiddenLayers) {
    fail(`${hidden.length} hidden layers is more than the ${limits.maxHiddenLayers} allowed`);
  }
  for (const n of hidden) {
    if (n > limits.maxNeurons) fail(`a layer of ${n} neurons is more than the ${limits.maxNeurons} allowed`);
  }
}

/**
 * Hidden layer sizes from text such as "8-8-4" (empty: no hidden layer).
 * @param {string} text
 * @param {Limits} limits
 * @returns {number[]}
 */
export function parseHidden(text, limits) {
  const t = text.trim();
  if (!t) return [];
  const parts = t.split(/\s*[-,\s]\s*/);
  const sizes = parts.map((p) => {
    if (!/^\d+$/.test(p) || Number(p) < 1) {
      fail(`Hidden layers: ${JSON.stringify(p)} is not a layer size; write sizes such as 8-8-4`);
    }
    return Number(p);
  });
  checkHidden(sizes, limits);
  return sizes;
}

/**
 * Weights whose shapes match `architecture`.
 * @param {unknown} value
 * @param {number[]} architecture
 * @returns {Weights}
 */
export function validateWeights(value, architecture) {
  if (!isObject(value)) fail("weights must be an object");
  /** @type {Weights} */
  const out = {};
  for (let i = 0; i < architecture.length - 1; i++) {
    const [fanIn, fanOut] = [architecture[i], architecture[i + 1]];
    const w = value[`layer_${i}_weights`];
    const b = value[`layer_${i}_bias`];
    if (!Array.isArray(w) || w.length !== fanOut) fail(`layer_${i}_weights must have ${fanOut} rows`);
    for (const row of w) {
      if (!Array.isArray(row) || row.length !== fanIn || !row.every(Number.isFinite)) {
        fail(`layer_${i}_weights must have rows of ${fanIn} finite numbers`);
      }
    }
    if (!Array.isArray(b) || b.length !== fanOut || !b.every(Number.isFinite)) {
      fail(`layer_${i}_bias must have ${fanOut} finite numbers`);
    }
    out[`layer_${i}_weights`] = w;
    out[`layer_${i}_bias`] = b;
  }
  if (`layer_${architecture.length - 1}_weights` in value) fail("weights have more layers than the config");
  return out;
}

/**
 * Optimizer state of `config.optimizer`, or null. The trainer checks buffer shapes; here only
 * the outline, so a stale value from another optimizer is dropped instead of sent.
 * @param {unknown} value
 * @param {Config} config
 * @returns {Optimizer | null}
 */
export function validateOptimizer(value, config) {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) fail("optimizer must be an object or null");
  if (value.type !== config.optimizer) fail(`optimizer state is for ${JSON.stringify(value.type)}, not ${config.optimizer}`);
  checkNumber(value.t, "optimizer.t", 0, Number.MAX_SAFE_INTEGER, { integer: true });
  if (!isObject(value.buffers)) fail("optimizer.buffers must be an object");
  return /** @type {Optimizer} */ (value);
}

/**
 * Points as columns with labels below `classes`.
 * @param {unknown} value
 * @param {number} classes
 * @returns {Data}
 */
export function validateData(value, classes) {
  if (!isObject(value)) fail("data must be an object of columns {x, y, label, test}");
  const { x, y, label } = value;
  if (!Array.isArray(x) || !Array.isArray(y) || !Array.isArray(label)) fail("data needs the columns x, y and label");
  const n = x.length;
  if (y.length !== n || label.length !== n) fail("data columns x, y and label differ in length");
  if (!x.every(Number.isFinite) || !y.every(Number.isFinite)) fail("data coordinates must be finite numbers");
  label.forEach((l, i) => {
    if (!Number.isInteger(l) || l < 0 || l >= classes) fail(`data label ${l} of point ${i} is not one of the ${classes} classes`);
  });
  const test = value.test ?? Array(n).fill(false);
  if (!Array.isArray(test) || test.length !== n || !test.every((t) => typeof t === "boolean")) {
    fail("data column test must hold true/false for every point");
  }
  return { x: [...x], y: [...y], label: [...label], test: [...test] };
}

/**
 * @param {unknown} value
 * @returns {History}
 */
export function validateHistory(value) {
  if (!isObject(value)) fail("history must be an object");
  const { losses, snapshots } = value;
  if (!Array.isArray(losses) || !Array.isArray(snapshots)) fail("history needs losses and snapshots");
  for (const row of losses) {
    if (!Array.isArray(row) || row.length !== 3 || !Number.isFinite(row[0]) || !Number.isFinite(row[1])) {
      fail("history.losses must hold [step, loss, testLoss] rows");
    }
  }
  for (const s of snapshots) {
    if (!isObject(s) || !Number.isInteger(s.step) || !isObject(s.weights)) fail("history.snapshots must hold {step, weights}");
  }
  return /** @type {History} */ ({ losses, snapshots });
}

/**
 * @param {unknown} value
 * @returns {Ui}
 */
export function validateUi(value) {
  if (!isObject(value)) fail("ui must be an object");
  const d = defaultUi();
  const v = { ...d, ...value };
  checkNumber(v.selectedClass, "ui.selectedClass", 0, MAX_CLASSES - 1, { integer: true });
  if (v.tool !== "add" && v.tool !== "erase") fail("ui.tool must be add or erase");
  if (typeof v.showTest !== "boolean" || typeof v.discretize !== "boolean") fail("ui flags must be true or false");
  return { selectedClass: v.selectedClass, tool: v.tool, showTest: v.showTest, discretize: v.discretize };
}

/**
 * Reads one stored value `{version: 1, ...}`.
 * @param {string} key the storage key, for messages
 * @param {string | null} raw
 * @returns {{missing: true} | {value: Record<string, unknown>} | {error: string}}
 */
export function parseStored(key, raw) {
  if (raw === null) return { missing: true };
  /** @type {unknown} */
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { error: `${key} is not valid JSON` };
  }
  if (!isObject(parsed) || !("version" in parsed)) return { error: `${key} was not written by nnvisu` };
  if (parsed.version !== STORAGE_VERSION) {
    return { error: `${key} has version ${JSON.stringify(parsed.version)}, this nnvisu reads version ${STORAGE_VERSION}` };
  }
  return { value: parsed };
}
