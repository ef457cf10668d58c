// @ts-check
/**
 * What limits the pace of training, said honestly: when one step takes tens of milliseconds,
 * fewer new weights come each second than frames, and the page says why (the network's size,
 * the points per step, or else the host) instead of looking stuck.
 */

/** A step slower than this is named: it takes at least half of a reply's cycle. */
export const SLOW_STEP_MS = 15;
/** Parameters from which a network counts as large. */
const LARGE_NETWORK = 10_000;
/** Points per step from which a batch counts as large. */
const MANY_POINTS = 2_000;

/**
 * Parameters (weights and biases) of a network.
 * @param {number[]} architecture
 */
export function parameterCount(architecture) {
  return architecture.slice(1).reduce((s, n, i) => s + n * (architecture[i] + 1), 0);
}

/**
 * What the page says of the pace, or "" when steps are quick.
 * @param {number | null} msPerStep measured (null: not yet)
 * @param {number[]} architecture
 * @param {number} points points per step
 */
export function paceNote(msPerStep, architecture, points) {
  if (msPerStep === null || !(msPerStep >= SLOW_STEP_MS)) return "";
  const large = parameterCount(architecture) >= LARGE_NETWORK;
  const many = points >= MANY_POINTS;
  const count = points.toLocaleString("en-US");
  const reason = large && many ? `large network on ${count} points` : large ? "large network" : many ? `${count} points per step` : "busy host";
  return `${Math.round(msPerStep)} ms per step: ${reason}`;
}
