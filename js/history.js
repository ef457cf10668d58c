// @ts-check
/**
 * The training history: loss points and weight snapshots, bounded. When a list is full every
 * other entry goes, so what is kept always spans the whole run at an even density.
 */

/** @typedef {import("./state.js").History} History */
/** @typedef {import("./forward.js").Weights} Weights */

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
 * @param {number} loss
 * @param {number | null} testLoss
 * @param {Weights} weights
 * @returns {History}
 */
export function record(history, step, loss, testLoss, weights) {
  /** @type {History["losses"]} */
  let losses = [...history.losses, [step, loss, testLoss]];
  if (losses.length > MAX_LOSSES) losses = thin(losses);
  let snapshots = history.snapshots;
  const n = snapshots.length;
  // Snapshots keep the spacing of the first two: thinning doubles it, so they stay spread out.
  const spacing = n >= 2 ? snapshots[1].step - snapshots[0].step : 0;
  if (!n || step - snapshots[n - 1].step >= spacing) {
    snapshots = [...snapshots, { step, weights }];
    if (snapshots.length > MAX_SNAPSHOTS) snapshots = thin(snapshots);
  }
  return { losses, snapshots };
}

/**
 * How many steps the next training request should run so that its reply comes about
 * `targetMs` after it was sent (one frame of the display rate wanted), from recent
 * (steps, milliseconds) replies. Fits ms = overhead + perStep * steps and spends what the
 * overhead leaves of `targetMs` on steps. Where the overhead takes more than half of it (a
 * kernel behind JupyterLab, a distant server), frames cannot come that fast anyway; requests
 * then carry as much work as the overhead, so at least half of every round trip trains.
 * While the steps have not varied enough to fit, it doubles (probing), and it never more than
 * doubles at once, so one misleading reply cannot cause a huge request.
 * @param {[number, number][]} samples
 * @param {number} steps the last request's steps
 * @param {number} targetMs
 */
export function nextSteps(samples, steps, targetMs) {
  const n = samples.length;
  const ms = samples.reduce((a, s) => a + s[0], 0) / n;
  const mt = samples.reduce((a, s) => a + s[1], 0) / n;
  let cov = 0;
  let variance = 0;
  for (const [s, t] of samples) {
    cov += (s - ms) * (t - mt);
    variance += (s - ms) ** 2;
  }
  if (variance < 1e-9) return steps * 2;
  const perStep = Math.max(cov / variance, 1e-3);
  const overhead = Math.max(0, mt - perStep * ms);
  const work = Math.max(targetMs - overhead, overhead);
  return Math.max(1, Math.min(Math.round(work / perStep), steps * 2));
}
