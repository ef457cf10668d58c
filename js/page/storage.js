// @ts-check
/**
 * The standalone page's browser storage: its keys, the text each holds, and reading it back,
 * including values of the first format (migrated) and values written by hand in the plan's
 * shapes. docs/protocol.md section 3 describes the keys.
 *
 * `nnvisu_config`, `nnvisu_weights` and `nnvisu_data` hold plain JSON in the plan's shapes, so a
 * script can read or seed them. Optimizer buffers and history snapshots are float32 packed as
 * text (packed.js). Weights, optimizer state and metrics carry the step they belong to: a reader
 * keeps optimizer state only when its step is the weights' step, so a write cut short between
 * two keys never pairs weights with another step's optimizer state.
 *
 * The readers check the format; the meaning (a config the host accepts, weights that fit it)
 * is checked by settings.js and state.js. History snapshots are `{step, weights, ...}`: their
 * `weights` and, where present, their `optimizer` buffers are packed; other fields are kept.
 */

import { fail, isObject } from "../settings/check.js";
import { packTensor, unpackTensor } from "../model/packed.js";
import { isTensor, mapBuffers, shortestFloat, toNested, toTensor } from "../model/tensors.js";

/** @typedef {import("../settings/state.js").History} History */
/** @typedef {import("../settings/state.js").Optimizer} Optimizer */
/** @typedef {import("../model/forward.js").Data} Data */
/** @typedef {{x: number, y: number, label: number, test?: boolean}} Point */

/** localStorage key of each stored part. */
export const STORAGE_KEYS = {
  config: "nnvisu_config",
  weights: "nnvisu_weights",
  data: "nnvisu_data",
  optimizer: "nnvisu_optimizer",
  metrics: "nnvisu_metrics",
  history: "nnvisu_history",
  ui: "nnvisu_ui",
};
/** @typedef {keyof STORAGE_KEYS} Part */

/** The format written; format 1 (each value wrapped as `{version: 1, [part]: ...}`) is read. */
export const FORMAT = 2;
/**
 * What all keys together aim to stay within, in UTF-16 code units: browsers count two bytes
 * each, so this is 4 MB of the usual 5 MB (Firefox) or 10 MiB (Chromium). The history takes
 * what the other keys leave.
 */
export const STORAGE_BUDGET = 2_000_000;
/** Bytes of snapshots in the history a host keeps (a widget's, saved with the notebook). */
export const HOST_HISTORY_BYTES = 2 * 1024 * 1024;

// ---------------------------------------------------------------------------- reading

/**
 * @param {string} raw
 * @returns {unknown}
 */
function parse(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    fail("is not valid JSON");
  }
}

/**
 * A stored object and its format: 1 for the first format's `{version: 1, [inner]: ...}`, else
 * 2 (version 2, or none: written by hand).
 * @param {string} raw
 * @param {string} inner
 * @returns {{value: Record<string, any>, format: 1 | 2}}
 */
function readObject(raw, inner) {
  const value = parse(raw);
  if (!isObject(value)) fail("was not written by nnvisu");
  if (value.version === 1 && inner in value) return { value, format: 1 };
  if (value.version === undefined || value.version === FORMAT) return { value, format: 2 };
  fail(`has version ${JSON.stringify(value.version)}; this nnvisu reads version ${FORMAT} (and version 1, which it migrates)`);
}

/**
 * @param {unknown} v
 * @param {string} name
 */
function checkStep(v, name) {
  if (!Number.isInteger(v) || /** @type {number} */ (v) < 0) fail(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return /** @type {number} */ (v);
}

/**
 * @param {Record<string, unknown>} value
 * @param {string[]} keys
 */
function without(value, keys) {
  const out = { ...value };
  for (const k of keys) delete out[k];
  return out;
}

/**
 * The settings in `nnvisu_config` (unchecked: settings.js checks them against the host's schema).
 * @param {string} raw
 * @returns {{config: Record<string, unknown>, format: 1 | 2}}
 */
export function readConfigText(raw) {
  const { value, format } = readObject(raw, "config");
  const config = format === 1 ? value.config : without(value, ["version"]);
  if (!isObject(config)) fail("config must be an object of settings");
  return { config, format };
}

const LAYER_KEY = /^layer_\d+_(weights|bias)$/;

/**
 * The weights in `nnvisu_weights` and the step they are from; a value of the first format also
 * holds the optimizer state and metrics of that step.
 * @param {string} raw
 * @returns {{weights: Record<string, unknown> | null, step: number, format: 1 | 2, optimizer?: unknown, metrics?: unknown}}
 */
export function readWeightsText(raw) {
  const { value, format } = readObject(raw, "weights");
  const step = checkStep(value.step ?? 0, "step");
  if (format === 1) {
    const { weights, optimizer = null, metrics = null } = value;
    if (weights !== null && !isObject(weights)) fail("weights must be an object");
    return { weights, step, format, optimizer, metrics };
  }
  /** @type {Record<string, unknown>} */
  const weights = {};
  for (const [k, v] of Object.entries(value)) if (LAYER_KEY.test(k)) weights[k] = v;
  if (!("layer_0_weights" in weights)) fail("holds no layer_0_weights");
  return { weights, step, format };
}

/**
 * The points in `nnvisu_data` as columns (unchecked: state.js checks them).
 * @param {string} raw
 * @returns {{data: Record<string, unknown[]>, format: 1 | 2}}
 */
export function readDataText(raw) {
  const value = parse(raw);
  if (Array.isArray(value)) return { data: columnsOf(value), format: 2 };
  if (isObject(value) && value.version === 1 && isObject(value.data)) return { data: /** @type {Record<string, unknown[]>} */ (value.data), format: 1 };
  if (isObject(value) && value.version !== undefined && value.version !== 1) readObject(raw, "data");
  fail("must be a list of points {x, y, label}");
}

/**
 * Points `[{x, y, label, test?}]` as columns (unchecked: state.js checks them).
 * @param {unknown[]} points
 * @returns {Record<string, unknown[]>}
 */
export function columnsOf(points) {
  /** @type {unknown[][]} */
  const [x, y, label, test] = [[], [], [], []];
  points.forEach((p, i) => {
    if (!isObject(p)) fail(`point ${i} must be an object {x, y, label}`);
    if (p.test !== undefined && typeof p.test !== "boolean") fail(`point ${i}: test must be true or false`);
    x.push(p.x);
    y.push(p.y);
    label.push(p.label);
    test.push(p.test === true);
  });
  return { x, y, label, test };
}

/**
 * The optimizer state in `nnvisu_optimizer`, buffers as tensors, and the step it is from.
 * @param {string} raw
 * @returns {{optimizer: unknown, step: number}}
 */
export function readOptimizerText(raw) {
  const { value, format } = readObject(raw, "optimizer");
  if (format === 1) fail("has version 1, which never had this key");
  const step = checkStep(value.step, "step");
  if (!isObject(value.buffers)) fail("buffers must be an object");
  return { optimizer: mapBuffers(without(value, ["version", "step"]), unpackTensor), step };
}

/**
 * The metrics in `nnvisu_metrics` and the step they are from.
 * @param {string} raw
 * @returns {{metrics: Record<string, unknown>, step: number}}
 */
export function readMetricsText(raw) {
  const { value, format } = readObject(raw, "metrics");
  if (format === 1) fail("has version 1, which never had this key");
  const step = checkStep(value.step, "step");
  const metrics = without(value, ["version", "step"]);
  for (const [k, v] of Object.entries(metrics)) if (v !== null && !Number.isFinite(v)) fail(`${k} must be a number or null`);
  return { metrics, step };
}

/**
 * The history in `nnvisu_history`, snapshot tensors unpacked (unchecked: state.js checks it).
 * @param {string} raw
 * @returns {{history: unknown, format: 1 | 2}}
 */
export function readHistoryText(raw) {
  const { value, format } = readObject(raw, "history");
  if (format === 1) return { history: value.history, format };
  const { losses, snapshots } = value;
  if (!Array.isArray(snapshots)) fail("snapshots must be a list");
  const unpacked = snapshots.map((s, i) => {
    if (!isObject(s) || !isObject(s.weights)) fail(`snapshot ${i} must hold {step, weights}`);
    return mapSnapshot(s, unpackTensor);
  });
  return { history: { losses, snapshots: unpacked }, format };
}

/**
 * The UI settings in `nnvisu_ui` (unchecked: state.js checks them).
 * @param {string} raw
 * @returns {{ui: unknown, format: 1 | 2}}
 */
export function readUiText(raw) {
  const { value, format } = readObject(raw, "ui");
  return { ui: format === 1 ? value.ui : without(value, ["version"]), format };
}

/**
 * The history without what lies after `step`: a history written after the weights it belongs
 * to failed to be written would otherwise run ahead of them.
 * @param {History} history
 * @param {number} step
 * @returns {History}
 */
export function historyUpTo(history, step) {
  const losses = history.losses.filter((row) => row[0] <= step);
  const snapshots = history.snapshots.filter((s) => s.step <= step);
  return losses.length === history.losses.length && snapshots.length === history.snapshots.length ? history : { losses, snapshots };
}

/**
 * The stored history as plain JSON (tensors as nested arrays): what scripts and tests read.
 * @param {string} raw
 */
export function storedHistoryJson(raw) {
  const history = /** @type {import("../settings/state.js").History} */ (readHistoryText(raw).history);
  const nested = (/** @type {unknown} */ v, /** @type {string} */ name) => toNested(toTensor(v, name));
  return { losses: history.losses, snapshots: history.snapshots.map((s) => mapSnapshot(/** @type {any} */ (s), nested)) };
}

// ---------------------------------------------------------------------------- writing

/** @param {Record<string, unknown>} config */
export function configText(config) {
  return JSON.stringify({ version: FORMAT, ...config });
}

/**
 * `{version, step, layer_0_weights: [[...]], layer_0_bias: [...], ...}`, every float32 in its
 * shortest exact decimal form.
 * @param {Record<string, unknown>} weights in any form (tensors.js)
 * @param {number} step
 */
export function weightsText(weights, step) {
  const parts = [`"version":${FORMAT}`, `"step":${step}`];
  for (const [name, v] of Object.entries(weights)) parts.push(`${JSON.stringify(name)}:${nestedText(toTensor(v, name), name)}`);
  return `{${parts.join(",")}}`;
}

/**
 * @param {import("../model/tensors.js").Tensor} t
 * @param {string} name
 */
function nestedText(t, name) {
  const v = t.values;
  /** @param {number} from @param {number} to */
  const row = (from, to) => {
    const out = new Array(to - from);
    for (let i = from; i < to; i++) {
      if (!Number.isFinite(v[i])) fail(`${name} holds ${v[i]}, which JSON cannot write`);
      out[i - from] = shortestFloat(v[i]);
    }
    return out;
  };
  if (t.shape.length === 1) return JSON.stringify(row(0, v.length));
  const [rows, cols] = t.shape;
  // One stringify of the nested arrays: its number writer is faster than Array.join's.
  return JSON.stringify(Array.from({ length: rows }, (_, r) => row(r * cols, (r + 1) * cols)));
}

/**
 * The points as `[{x, y, label}, ...]`, `test: true` on test points.
 * @param {Data} data
 */
export function dataText(data) {
  return JSON.stringify(pointsOf(data));
}

/**
 * The points as `[{x, y, label}, ...]`, `test: true` on test points.
 * @param {Data} data
 * @param {(v: number) => number} [coordinate] how each coordinate is written
 * @returns {Point[]}
 */
export function pointsOf(data, coordinate = (v) => v) {
  return data.x.map((x, i) => {
    /** @type {Point} */
    const p = { x: coordinate(x), y: coordinate(data.y[i]), label: data.label[i] };
    if (data.test?.[i]) p.test = true;
    return p;
  });
}

/**
 * @param {Optimizer} optimizer
 * @param {number} step
 */
export function optimizerText(optimizer, step) {
  return JSON.stringify({ version: FORMAT, step, ...mapBuffers(optimizer, packTensor) });
}

/**
 * @param {Record<string, unknown>} metrics
 * @param {number} step
 */
export function metricsText(metrics, step) {
  return JSON.stringify({ version: FORMAT, step, ...metrics });
}

/** @param {Record<string, unknown>} ui */
export function uiText(ui) {
  return JSON.stringify({ version: FORMAT, ...ui });
}

/** Packed text of each snapshot, made once: snapshots do not change once recorded. */
const snapshotTexts = new WeakMap();

/** @param {History["snapshots"][number]} s */
function snapshotText(s) {
  let text = snapshotTexts.get(s);
  if (text === undefined) {
    text = JSON.stringify(mapSnapshot(s, packTensor));
    snapshotTexts.set(s, text);
  }
  return text;
}

/**
 * The history's text within `room` code units: the whole loss curve, and as many snapshots as
 * fit, spread evenly over the run and always with the newest.
 * @param {History} history
 * @param {number} step the model's step, the history's stamp
 * @param {number} room
 * @returns {{text: string, kept: number}}
 */
export function historyText(history, step, room) {
  const head = `{"version":${FORMAT},"step":${step},"losses":${JSON.stringify(history.losses)},"snapshots":[`;
  const texts = history.snapshots.map(snapshotText);
  const picks = evenSelection(
    texts.map((t) => t.length + 1),
    room - head.length - 2,
  );
  return { text: `${head}${picks.map((i) => texts[i]).join(",")}]}`, kept: picks.length };
}

/**
 * Which of the items (sizes given) to keep within `room`: as many as fit, spread evenly over
 * the list, always with the last.
 * @param {number[]} sizes
 * @param {number} room
 * @returns {number[]} indices, ascending
 */
export function evenSelection(sizes, room) {
  const n = sizes.length;
  for (let k = n; k > 0; k--) {
    const picks = k === 1 ? [n - 1] : Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / (k - 1)));
    if (picks.reduce((sum, i) => sum + sizes[i], 0) <= room) return picks;
  }
  return [];
}

/** The binary form of each snapshot, made once. */
const hostSnapshots = new WeakMap();

/**
 * The history as a host keeps it (the `history` model key): snapshots within `maxBytes` of
 * float32 values, spread evenly over the run, their tensors as binary buffers `{shape, dtype:
 * "float32", buffer}`, which a Jupyter kernel receives and a notebook saves as bytes, not text.
 * @param {History} history
 * @param {number} [maxBytes]
 * @returns {History}
 */
export function historyForHost(history, maxBytes = HOST_HISTORY_BYTES) {
  const picks = evenSelection(history.snapshots.map(snapshotBytes), maxBytes);
  const snapshots = picks.map((i) => {
    const s = history.snapshots[i];
    let binary = hostSnapshots.get(s);
    if (binary === undefined) {
      binary = mapSnapshot(s, toBinary);
      hostSnapshots.set(s, binary);
      hostSnapshots.set(binary, binary);
    }
    return binary;
  });
  return { losses: history.losses, snapshots };
}

/**
 * @param {unknown} value
 * @param {string} name
 */
function toBinary(value, name) {
  const t = toTensor(value, name);
  return { shape: [...t.shape], dtype: "float32", buffer: t.values.slice().buffer };
}

/** @param {History["snapshots"][number]} s */
function snapshotBytes(s) {
  let floats = 0;
  mapSnapshot(s, (v) => {
    floats += floatCount(v);
    return v;
  });
  return 4 * floats;
}

/** @param {unknown} v */
function floatCount(v) {
  if (isTensor(v)) return v.values.length;
  if (Array.isArray(v)) return Array.isArray(v[0]) ? v.length * v[0].length : v.length;
  if (isObject(v) && Array.isArray(v.shape)) return v.shape.reduce((a, b) => Number(a) * Number(b), 1);
  return 0;
}

/**
 * A snapshot with its tensors (weights, optimizer buffers) mapped by `f`, other fields kept.
 * @param {Record<string, any>} s
 * @param {(value: unknown, name: string) => unknown} f
 * @returns {any}
 */
function mapSnapshot(s, f) {
  /** @type {Record<string, unknown>} */
  const weights = {};
  for (const [name, v] of Object.entries(s.weights)) weights[name] = f(v, `snapshot ${s.step} ${name}`);
  /** @type {Record<string, any>} */
  const out = { ...s, weights };
  if (isObject(s.optimizer)) out.optimizer = mapBuffers(s.optimizer, f);
  return out;
}
