// @ts-check
/**
 * What limits the pace of training, said honestly: when one step takes tens of milliseconds,
 * fewer new weights come each second than frames, and the page says why (the network's size,
 * the points per step, or else the host) instead of looking stuck; when the trainer waits on
 * the network for a good part of the time (a long round trip, or the host's limit on steps per
 * request), it says that.
 */

import { ROUND_TRIP_MS } from "./sizing.js";

/** A step slower than this is named: it takes at least half of a reply's cycle. */
export const SLOW_STEP_MS = 15;
/**
 * A request overhead that is this share of its cycle or more is named: below the share the
 * sizing leaves where it covers the round trip (1 / (1 + COVER), sizing.js), so a page through
 * a network says so steadily instead of now and then.
 */
export const WAITS_NAMED = 0.15;
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
 * What the page says of the pace, or "" when nothing slows it much.
 * @param {{perStep: number, overhead: number, steps: number, hostCap: boolean} | null} pace the
 *   host's time per step and the overhead per request (ms, sizing.js fitCycle), the steps the
 *   requests run, and whether the host's limit per request holds them there (null: not yet)
 * @param {number[]} architecture
 * @param {number} points points per step
 */
export function paceNote(pace, architecture, points) {
  if (!pace) return "";
  const { perStep, overhead, steps, hostCap } = pace;
  if (perStep >= SLOW_STEP_MS) {
    const large = parameterCount(architecture) >= LARGE_NETWORK;
    const many = points >= MANY_POINTS;
    const count = points.toLocaleString("en-US");
    const reason = large && many ? `large network on ${count} points` : large ? "large network" : many ? `${count} points per step` : "busy host";
    return `${Math.round(perStep)} ms per step: ${reason}`;
  }
  const waits = overhead / (overhead + perStep * steps);
  if (!(waits >= WAITS_NAMED)) return "";
  const share = `training waits ${Math.round(100 * waits)}% of the time`;
  const cap = `${steps.toLocaleString("en-US")} steps per request at most`;
  // A long overhead is the round trip; a short one only counts where the host's cap on steps
  // per request keeps requests too small to cover it.
  if (overhead >= ROUND_TRIP_MS) return `${Math.round(overhead)} ms round trip${hostCap ? ` and ${cap}` : ""}: ${share}`;
  return hostCap ? `${cap}: ${share}` : "";
}
