// @ts-check
/**
 * How many steps each Play request runs. A request's cycle (from the reply before to its own
 * reply, as the connection sees it) is the host's time per step times the steps, plus an
 * overhead that trains nothing: the round trip, the encoding, the host's fixed cost per
 * request. The host trains one request at a time per page and the next request needs this
 * one's weights, so the overhead is time the trainer waits. Requests are sized so that it is
 * a small share of the cycle (COVER), and trains at least a frame's time (FRAME_MS: replies
 * then come about as fast as the page shows them) and never so far apart that Pause takes long (MAX_CYCLE_MS).
 */

import { maxStepsWithin } from "../model/work.js";

/** @typedef {import("../settings/settings.js").Limits} Limits */
/** @typedef {{perStep: number, overhead: number}} Fit ms = overhead + perStep * steps */

/** A request trains at least this long: about one frame of a page that shows 30 a second. */
export const FRAME_MS = 30;
/**
 * Training time per request at least this many times the overhead: the trainer waits at
 * most 1 / (1 + COVER) of the time (20 %), so a round trip costs at most a fifth of the pace.
 */
export const COVER = 4;
/** No request cycle longer than this: training stops within about this long after Pause. */
export const MAX_CYCLE_MS = 400;
/**
 * A measured round trip from this long on stands for the overhead (below it, the host's fixed
 * cost per request, which no ping sees, is as large: the fit of cycle against steps tells it).
 */
export const ROUND_TRIP_MS = 8;

/**
 * The most steps one request may run under the host's limits: maxSteps, and maxWork priced by
 * the host's cost table (`work.js`).
 * @param {import("../model/work.js").Priced} config
 * @param {number} trainCount
 * @param {number} pointCount all points, test points included (the metrics pass covers them)
 * @param {Limits & {workCosts?: Record<string, number>}} limits
 */
export function stepCap(config, trainCount, pointCount, limits) {
  let cap = limits.maxSteps;
  if (limits.maxWork) {
    cap = Math.min(cap, maxStepsWithin(limits.maxWork, limits.workCosts, config, trainCount, pointCount));
  }
  return Math.max(1, cap);
}

/**
 * The line ms = overhead + perStep * steps through recent (steps, milliseconds) replies.
 * Where the round trip is measured (`rtt`, by pings), it is the overhead and each reply gives
 * the time per step by itself: a fit of both from the replies alone is poorly conditioned once
 * requests are long (their sizes differ by a few tens of percent, so a few milliseconds of
 * noise move the intercept by tens), and an overhead guessed too long makes requests longer.
 * Without it, or where it is short (a page next to its server, a kernel), the fit, or null
 * while the steps have not varied. Theil-Sen (the median of the slopes between all pairs,
 * then the median intercept): on a busy machine a few replies come late (a long frame, a
 * descheduled server), and a least-squares line follows them and swings the request size.
 * @param {[number, number][]} samples
 * @param {number} [rtt] ms
 * @returns {Fit | null}
 */
export function fitCycle(samples, rtt) {
  if (rtt !== undefined && rtt >= ROUND_TRIP_MS && samples.length) {
    return { perStep: Math.max(median(samples.map(([s, t]) => (t - rtt) / s)), 1e-3), overhead: rtt };
  }
  /** @type {number[]} */
  const slopes = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const ds = samples[j][0] - samples[i][0];
      if (ds !== 0) slopes.push((samples[j][1] - samples[i][1]) / ds);
    }
  }
  if (!slopes.length) return null;
  const perStep = Math.max(median(slopes), 1e-3);
  const overhead = Math.max(0, median(samples.map(([s, t]) => t - perStep * s)));
  return { perStep, overhead };
}

/**
 * Steps for the next request from recent (steps, milliseconds) replies: enough that training
 * takes COVER times the overhead, or FRAME_MS where that is more, within MAX_CYCLE_MS.
 * While the steps have not varied enough to fit, it doubles (probing) unless that would pass
 * MAX_CYCLE_MS; it never more than doubles at once, so one misleading reply cannot cause a
 * huge request. The host's caps apply on top (stepCap).
 * @param {[number, number][]} samples
 * @param {number} steps the last request's steps
 * @param {number} [rtt] the round trip, where measured (ms)
 */
export function nextSteps(samples, steps, rtt) {
  const fit = fitCycle(samples, rtt);
  if (!fit) return msPerStep(samples) * steps * 2 > MAX_CYCLE_MS ? steps : steps * 2;
  const { perStep, overhead } = fit;
  // A frame's worth of training, not a frame less the overhead: the page takes about a frame
  // to show each reply, so a shorter request leaves the host waiting for the page's next one.
  const frame = FRAME_MS / perStep;
  const cover = (COVER * overhead) / perStep;
  const most = (MAX_CYCLE_MS - overhead) / perStep;
  return Math.max(1, Math.min(Math.round(Math.min(Math.max(frame, cover), most)), steps * 2));
}

/**
 * The typical cycle of one step in `samples` (round trip included).
 * @param {[number, number][]} samples (steps, milliseconds)
 */
export function msPerStep(samples) {
  return samples.length ? median(samples.map(([steps, ms]) => ms / steps)) : 0;
}

/**
 * The two request sizes a plan of `steps` alternates between, 15 % below and above it and at
 * least one step apart: requests of one size give no slope to fit (a plan of one step would
 * otherwise stay one step for good, however long the round trip).
 * @param {number} steps
 * @returns {[number, number]}
 */
export function dither(steps) {
  const low = Math.max(1, Math.round(steps * 0.85));
  return [low, Math.max(low + 1, Math.round(steps * 1.15))];
}

/** @param {number[]} values (reordered) */
function median(values) {
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}
