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
 * The Epoch readout: whole passes over the training points after `step` steps of `batchSize`
 * points each (0, or at least the training set, is the full batch). Whole passes only: an
 * epoch counts once every point could have been seen.
 * @param {number} step
 * @param {number} batchSize
 * @param {number} trainCount
 */
export function epochs(step, batchSize, trainCount) {
  if (trainCount <= 0) return 0;
  const batch = batchSize > 0 && batchSize < trainCount ? batchSize : trainCount;
  return Math.floor((step * batch) / trainCount);
}

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
 * `targetMs` after the one before (one frame of the display rate wanted), from recent
 * (steps, milliseconds) replies. Fits ms = overhead + perStep * steps and spends what the
 * overhead leaves of `targetMs` on steps. The fit is Theil-Sen (the median of the slopes
 * between all pairs of samples, then the median intercept): on a busy machine a few replies
 * come late (a long frame, a descheduled server), and a least-squares line follows them and
 * swings the request size, which makes more late replies. Where the overhead takes more
 * than half of the target (a kernel behind JupyterLab, a distant server), frames cannot come
 * that fast anyway; requests then carry as much work as the overhead, so at least half of
 * every round trip trains. While the steps have not varied enough to fit, it doubles
 * (probing), and it never more than doubles at once, so one misleading reply cannot cause a
 * huge request.
 * @param {[number, number][]} samples
 * @param {number} steps the last request's steps
 * @param {number} targetMs
 */
export function nextSteps(samples, steps, targetMs) {
  /** @type {number[]} */
  const slopes = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const ds = samples[j][0] - samples[i][0];
      if (ds !== 0) slopes.push((samples[j][1] - samples[i][1]) / ds);
    }
  }
  if (!slopes.length) return steps * 2;
  const perStep = Math.max(median(slopes), 1e-3);
  const overhead = Math.max(0, median(samples.map(([s, t]) => t - perStep * s)));
  const work = Math.max(targetMs - overhead, overhead);
  return Math.max(1, Math.min(Math.round(work / perStep), steps * 2));
}

/** @param {number[]} values (reordered) */
function median(values) {
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}
