// @ts-check
/**
 * The stored and synced state besides the config (settings.js checks that): defaults and
 * validation of weights, optimizer state, points, history and UI settings. Everything read from
 * outside (localStorage, a kernel that starts with partial keys) goes through these checks, so
 * a bad value becomes a clear message instead of a broken page.
 */

import { checkNumber, fail, isObject } from "./check.js";
import { CLASS_RGB } from "../views/colors.js";
import { DEFAULT_SPEED, SPEEDS } from "../training/pace.js";
import { isTensor, mapBuffers, toTensor } from "../model/tensors.js";

/** @typedef {import("../model/tensors.js").Tensors} Weights */
/** @typedef {import("../model/forward.js").Data} Data */
/**
 * Optimizer state as the page keeps it: buffers as tensors (a kernel's come as binary buffers,
 * which the page keeps as they are and never reads).
 * @typedef {object} Optimizer
 * @property {string} type
 * @property {number} t
 * @property {Record<string, Record<string, any>>} buffers
 */
/**
 * A snapshot's weights may be in any form tensors.js reads (storage.js writes them for a host
 * or browser storage).
 * @typedef {object} History
 * @property {[number, number, number | null, (number | null)?, (number | null)?][]} losses
 *   [step, train loss, test loss, train accuracy, test accuracy] (histories written before the
 *   accuracies have the first three)
 * @property {Snapshot[]} snapshots
 */
/**
 * A network of the history: the weights at `step` and, where it was recorded with them, the
 * optimizer state to continue training from there exactly.
 * @typedef {object} Snapshot
 * @property {number} step
 * @property {Record<string, any>} weights
 * @property {any} [optimizer]
 */
/**
 * @typedef {object} Ui
 * @property {number} selectedClass
 * @property {"add" | "addTest" | "erase"} tool add training points, add test points, or erase
 * @property {boolean} showTest
 * @property {boolean} discretize
 * @property {number} speed Play's steps a second (pace.js SPEEDS; 0: as fast as possible)
 * @property {boolean} logLoss the loss chart on a log scale
 * @property {number} value the target of points drawn in a regression
 */

/** A drawn target is within this bound (the host's MAX_TARGET). */
const MAX_VALUE = 1e6;

/** @returns {Ui} */
export function defaultUi() {
  return { selectedClass: 0, tool: "add", showTest: true, discretize: false, speed: DEFAULT_SPEED, logLoss: false, value: 1 };
}

/** @returns {History} */
export function emptyHistory() {
  return { losses: [], snapshots: [] };
}

/** @returns {Data} */
export function emptyData() {
  return { x: [], y: [], label: [], test: [] };
}

/**
 * Weights whose shapes match `architecture`, as tensors (from any form a host sends).
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
    const wName = `layer_${i}_weights`;
    const bName = `layer_${i}_bias`;
    if (value[wName] === undefined) fail(`${wName} must have ${fanOut} rows`);
    const w = toTensor(value[wName], wName);
    if (w.shape[0] !== fanOut) fail(`${wName} must have ${fanOut} rows`);
    if (w.shape.length !== 2 || w.shape[1] !== fanIn) fail(`${wName} must have rows of ${fanIn} finite numbers`);
    if (value[bName] === undefined) fail(`${bName} must have ${fanOut} finite numbers`);
    const b = toTensor(value[bName], bName);
    if (b.shape.length !== 1 || b.shape[0] !== fanOut) fail(`${bName} must have ${fanOut} finite numbers`);
    out[wName] = w;
    out[bName] = b;
  }
  if (`layer_${architecture.length - 1}_weights` in value) fail("weights have more layers than the config");
  // The same object when it already was all tensors, so it stays one identity.
  return Object.values(value).every(isTensor) && Object.keys(value).length === Object.keys(out).length ? /** @type {Weights} */ (value) : out;
}

/**
 * Optimizer state of `config.optimizer`, or null, with its buffers as tensors. The trainer
 * checks buffer shapes; here only the outline, so a stale value from another optimizer is
 * dropped instead of sent.
 * @param {unknown} value
 * @param {{optimizer: string}} config
 * @returns {Optimizer | null}
 */
export function validateOptimizer(value, config) {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) fail("optimizer must be an object or null");
  if (value.type !== config.optimizer) fail(`optimizer state is for ${JSON.stringify(value.type)}, not ${config.optimizer}`);
  checkNumber(value.t, "optimizer.t", 0, Number.MAX_SAFE_INTEGER, { integer: true });
  if (!isObject(value.buffers)) fail("optimizer.buffers must be an object");
  return /** @type {Optimizer} */ (mapBuffers(value, toTensor));
}

/**
 * Points as columns with labels below `classes`, or (classes null: a regression) finite
 * targets within ±1e6.
 * @param {unknown} value
 * @param {number | null} classes
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
    if (classes === null) {
      if (typeof l !== "number" || !(Math.abs(l) <= MAX_VALUE)) fail(`data target ${l} of point ${i} is not a number within ±${MAX_VALUE}`);
    } else if (!Number.isInteger(l) || l < 0 || l >= classes) {
      fail(`data label ${l} of point ${i} is not one of the ${classes} classes`);
    }
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
    if (!Array.isArray(row) || (row.length !== 3 && row.length !== 5) || !Number.isFinite(row[0]) || !Number.isFinite(row[1])) {
      fail("history.losses must hold [step, loss, testLoss, accuracy, testAccuracy] rows");
    }
  }
  for (const s of snapshots) {
    if (!isObject(s) || !Number.isInteger(s.step) || !isObject(s.weights)) fail("history.snapshots must hold {step, weights, optimizer}");
    if (s.optimizer !== undefined && s.optimizer !== null && !isObject(s.optimizer)) fail("history.snapshots optimizer must be an object or null");
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
  checkNumber(v.selectedClass, "ui.selectedClass", 0, CLASS_RGB.length - 1, { integer: true });
  if (v.tool !== "add" && v.tool !== "addTest" && v.tool !== "erase") fail("ui.tool must be add, addTest or erase");
  if (typeof v.showTest !== "boolean" || typeof v.discretize !== "boolean" || typeof v.logLoss !== "boolean") fail("ui flags must be true or false");
  if (!SPEEDS.includes(v.speed)) fail(`ui.speed must be one of ${SPEEDS.join(", ")} steps a second`);
  checkNumber(v.value, "ui.value", -MAX_VALUE, MAX_VALUE);
  return { selectedClass: v.selectedClass, tool: v.tool, showTest: v.showTest, discretize: v.discretize, speed: v.speed, logLoss: v.logLoss, value: v.value };
}
