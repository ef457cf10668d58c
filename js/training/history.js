// @ts-check
/**
 * The training history: loss points and weight snapshots, bounded. When a list is full every
 * other entry goes, so what is kept always spans the whole run at an even density.
 */

import { mapBuffers, nestedOf, toNested, toTensor } from "../model/tensors.js";

/** @typedef {import("../settings/state.js").History} History */

export const MAX_LOSSES = 1000;
export const MAX_SNAPSHOTS = 50;

/**
 * Every other entry, always keeping the newest.
 * @template T
 * @param {T[]} list
 * @returns {T[]}
 */
export function thin(list) {
  const kept = list.filter((_, i) => i % 2 === 0);
  if (kept[kept.length - 1] !== list[list.length - 1]) kept.push(list[list.length - 1]);
  return kept;
}

/**
 * A new history with one more step recorded (input is not modified).
 * @param {History} history
 * @param {number} step
 * @param {{loss: number, testLoss?: number | null, accuracy?: number | null, testAccuracy?: number | null, r2?: number | null, testR2?: number | null}} m
 *   a regression's R² goes where a classification's accuracy does
 * @param {Record<string, unknown>} weights in any form (tensors.js); a snapshot keeps them as
 *   nested arrays, the form the history is written in
 * @param {unknown} [optimizer] the optimizer state that goes with the weights (kept, buffers as
 *   nested arrays, so training can continue from the snapshot exactly)
 * @returns {History}
 */
export function record(history, step, m, weights, optimizer = null) {
  /** @type {History["losses"]} */
  let losses = [...history.losses, [step, m.loss, m.testLoss ?? null, m.accuracy ?? m.r2 ?? null, m.testAccuracy ?? m.testR2 ?? null]];
  if (losses.length > MAX_LOSSES) losses = thin(losses);
  let snapshots = history.snapshots;
  const n = snapshots.length;
  // Snapshots keep the spacing of the first two: thinning doubles it, so they stay spread out.
  const spacing = n >= 2 ? snapshots[1].step - snapshots[0].step : 0;
  if (!n || step - snapshots[n - 1].step >= spacing) {
    const opt = mapBuffers(optimizer ?? null, (v, name) => toNested(toTensor(v, name), true));
    snapshots = [...snapshots, { step, weights: nestedOf(weights, true), optimizer: opt }];
    if (snapshots.length > MAX_SNAPSHOTS) snapshots = thin(snapshots);
  }
  return { losses, snapshots };
}

/**
 * The history up to `step`: what a run continued from a snapshot at that step keeps.
 * @param {History} history
 * @param {number} step
 * @returns {History}
 */
export function truncate(history, step) {
  return { losses: history.losses.filter((row) => row[0] <= step), snapshots: history.snapshots.filter((s) => s.step <= step) };
}
