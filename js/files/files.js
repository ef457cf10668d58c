// @ts-check
/**
 * The state file: one JSON document with everything a session needs to go on (settings,
 * points, weights, optimizer state, step, history), which the page exports and imports and
 * `nnvisu.Widget.save` / `load` write and read (nnvisu/files.py; README "Files, share links
 * and PyTorch"). A share link carries the same document without optimizer state and history.
 *
 * Reading checks every part with the checks the page applies to its own storage (settings.js
 * against the host's schema, state.js), all before anything is used: a file that fails leaves
 * the page as it was. The problem type is the config's `problem` setting (classification when
 * absent); a file of a problem the host does not offer is refused by name.
 */

import { checkNumber, fail, isObject } from "../settings/check.js";
import { emptyHistory, validateData, validateHistory, validateOptimizer, validateWeights } from "../settings/state.js";
import { labelSpace } from "../data/regression.js";
import { DATA_SETTINGS } from "../settings/data_settings.js";
import { validateConfig } from "../settings/settings.js";
import { columnsOf, historyUpTo, pointsOf } from "../page/storage.js";
import { mapBuffers, nestedOf, shortestFloat, toNested, toTensor, toTensors } from "../model/tensors.js";

/** @typedef {import("../settings/settings.js").Config} Config */
/** @typedef {import("../settings/settings.js").HostSchema} HostSchema */
/** @typedef {import("../settings/state.js").History} History */
/** @typedef {import("../settings/state.js").Optimizer} Optimizer */
/** @typedef {import("../model/tensors.js").Tensors} Tensors */
/** @typedef {import("../model/forward.js").Data} Data */
/**
 * A session as the app holds it (weights and buffers in any form tensors.js reads).
 * @typedef {object} Session
 * @property {Config} config
 * @property {Record<string, any> | null} weights
 * @property {any} optimizer
 * @property {number} step
 * @property {Data} data
 * @property {History} history
 */
/**
 * What a document adds to the settings and points.
 * @typedef {object} Parts
 * @property {boolean} [weights]
 * @property {boolean} [training] optimizer state and history
 * @property {boolean} [float32Points] coordinates as the trainer reads them (float32), shorter
 */

export const FILE_FORMAT = "nnvisu-state";
export const FILE_VERSION = 1;
export const FILE_NAME = "nnvisu-state.json";
const CLASSIFICATION = "classification";

/**
 * The document of a session: plain JSON, every float32 in at most 9 significant digits (which
 * give back the same float32).
 * @param {Session} s
 * @param {Parts} [parts]
 * @param {string} [savedBy]
 */
export function documentOf(s, parts = {}, savedBy = "nnvisu") {
  const { weights = true, training = true, float32Points = false } = parts;
  const nestedBuffers = (/** @type {any} */ opt) => mapBuffers(opt ?? null, (v, name) => toNested(toTensor(v, name), true));
  /** @type {Record<string, any>} */
  const doc = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    savedBy,
    config: s.config,
    step: weights && s.weights ? s.step : 0,
    weights: weights && s.weights ? nestedOf(s.weights, true) : null,
    data: pointsOf(s.data, float32Points ? (v) => shortestFloat(Math.fround(v)) : undefined),
  };
  if (training && doc.weights) {
    doc.optimizer = nestedBuffers(s.optimizer);
    doc.history = {
      losses: s.history.losses,
      snapshots: s.history.snapshots.map((snap) => ({ ...snap, weights: nestedOf(snap.weights, true), optimizer: nestedBuffers(snap.optimizer) })),
    };
  }
  return doc;
}

/**
 * A document's session, every part checked against the host's schema and limits; fails
 * (ValidationError) naming the first problem. `notes` name what was left out.
 * @param {unknown} doc
 * @param {HostSchema} schema
 * @param {{maxPoints: number}} limits
 * @returns {{session: Session, notes: string[]}}
 */
export function readDocument(doc, schema, limits) {
  if (!isObject(doc) || doc.format !== FILE_FORMAT) fail(`it is not an nnvisu state (no "format": "${FILE_FORMAT}")`);
  if (doc.version !== FILE_VERSION) {
    const newer = Number.isInteger(doc.version) && /** @type {number} */ (doc.version) > FILE_VERSION;
    fail(`it is of version ${JSON.stringify(doc.version)}; this nnvisu reads version ${FILE_VERSION}${newer ? " (it was written by a newer nnvisu)" : ""}`);
  }
  /** @type {string[]} */
  const notes = [];
  const config = readConfigPart(doc.config, schema, notes);
  const step = checkNumber(doc.step ?? 0, "step", 0, Number.MAX_SAFE_INTEGER, { integer: true });
  const weights = doc.weights === null || doc.weights === undefined ? null : validateWeights(doc.weights, config.architecture);
  const optimizer = weights ? validateOptimizer(doc.optimizer, config) : null;
  if (!Array.isArray(doc.data)) fail("data must be a list of points {x, y, label}");
  if (doc.data.length > limits.maxPoints) fail(`it has ${doc.data.length} points; this server allows at most ${limits.maxPoints}`);
  const data = validateData(columnsOf(doc.data), labelSpace(config));
  const history = weights && doc.history !== undefined && doc.history !== null ? readHistoryPart(doc.history, step) : emptyHistory();
  return { session: { config, weights, optimizer, step: weights ? step : 0, data, history }, notes };
}

/**
 * @param {unknown} raw
 * @param {HostSchema} schema
 * @param {string[]} notes
 * @returns {Config}
 */
function readConfigPart(raw, schema, notes) {
  if (!isObject(raw)) fail("config must be an object of settings");
  const problem = raw.problem ?? CLASSIFICATION;
  if (!("problem" in schema.byWire) && problem !== CLASSIFICATION) fail(`it is a ${JSON.stringify(problem)} model; this server knows ${CLASSIFICATION} only`);
  const config = { ...raw };
  const unknown = Object.keys(config).filter((k) => !(k in schema.byWire) && !DATA_SETTINGS.some((s) => s.wire === k) && k !== "problem");
  for (const k of unknown) delete config[k];
  if (unknown.length) notes.push(`${unknown.map((k) => JSON.stringify(k)).join(", ")} ${unknown.length === 1 ? "is not a setting" : "are not settings"} of this server, left out`);
  return validateConfig(config, schema);
}

/**
 * @param {unknown} raw
 * @param {number} step
 * @returns {History}
 */
function readHistoryPart(raw, step) {
  const history = validateHistory(raw);
  const snapshots = history.snapshots.map((s, i) => ({
    ...s,
    weights: toTensors(s.weights, `history snapshot ${i} weights`),
    optimizer: mapBuffers(s.optimizer ?? null, toTensor),
  }));
  return historyUpTo({ losses: history.losses, snapshots }, step);
}

/**
 * The document in a file's text.
 * @param {string} text
 */
export function parseFile(text) {
  try {
    return JSON.parse(text);
  } catch {
    fail("it is not JSON (cut short or damaged?)");
  }
}
