// @ts-check
/**
 * Bringing back a network: the live one as Undo keeps it, a snapshot of the history to continue
 * training from, and either made the model's live network again.
 */

import { truncate } from "./history.js";
import { mapBuffers, toTensor, toTensors } from "../model/tensors.js";

/** @typedef {import("../app/edits.js").NetState} NetState */
/** @typedef {import("../settings/state.js").History} History */
/** @typedef {import("../settings/state.js").Snapshot} Snapshot */
/**
 * @typedef {object} NetModel
 * @property {(key: string) => any} get
 * @property {(key: string, value: any) => void} set
 * @property {() => void} save_changes
 */

/**
 * The model's live network with its history.
 * @param {NetModel} model
 * @param {History} history
 * @returns {NetState}
 */
export function liveState(model, history) {
  return { weights: model.get("weights"), optimizer: model.get("optimizer"), step: Number(model.get("step") ?? 0), metrics: model.get("metrics"), history };
}

/**
 * The state to train on from a snapshot: its weights, its optimizer state if it has one for
 * `optimizer` (then `exact`: the run goes on as it went from there), its step, and the history
 * up to it.
 * @param {History} history
 * @param {Snapshot} snapshot
 * @param {string} optimizer the optimizer the config trains with
 * @returns {NetState & {exact: boolean}}
 */
export function continuation(history, snapshot, optimizer) {
  const opt = snapshot.optimizer;
  const exact = Boolean(opt) && opt.type === optimizer;
  return { weights: snapshot.weights, optimizer: exact ? opt : null, step: snapshot.step, metrics: null, history: truncate(history, snapshot.step), exact };
}

/**
 * Makes `net` the model's live network (the history first, so its step is already recorded).
 * @param {NetModel} model
 * @param {{replace: (history: History) => void}} historyView
 * @param {NetState} net
 */
export function restoreNet(model, historyView, net) {
  historyView.replace(net.history);
  model.set("weights", toTensors(net.weights));
  model.set("optimizer", mapBuffers(net.optimizer ?? null, toTensor));
  model.set("metrics", net.metrics ?? null);
  model.set("step", net.step);
  model.save_changes();
}
