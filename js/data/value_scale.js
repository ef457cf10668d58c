// @ts-check
/**
 * A regression's colour scale: the diverging scale of colors.js (purple low, white in the
 * middle, green high) stretched over the targets' range, rounded out to round numbers. Where
 * the targets straddle 0 the range is symmetric about it, so white means 0 as it does for
 * weights; otherwise white is the middle of the range. The prediction map, the output neuron's
 * map, the points (by target), the thumbnails and the legend all use it.
 */

import { css, diverging, divergingRgb } from "../views/colors.js";
import { roundTo } from "./extent.js";
import { linearTicks, niceStep } from "../views/ticks.js";

/**
 * @typedef {object} ValueRange
 * @property {number} lo the value drawn full purple (and anything below it)
 * @property {number} hi the value drawn full green (and anything above it)
 */

/** The range without targets (or with all of them equal to 0). */
export const DEFAULT_RANGE = Object.freeze({ lo: -1, hi: 1 });
/** Bands of the prediction map when Discretize is on. */
export const BANDS = 10;
/**
 * The prediction map is this far from white towards its colour (the points, by their target,
 * are drawn in full colour, so they stand out on it).
 */
export const MAP_STRENGTH = 0.7;

/**
 * The scale's range for these targets: from the lowest to the highest, symmetric about 0 where
 * they straddle it, rounded out to a multiple of a round step.
 * @param {ArrayLike<number>} targets
 * @returns {ValueRange}
 */
export function valueRange(targets) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < targets.length; i++) {
    const v = targets[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo)) return DEFAULT_RANGE;
  if (lo < 0 && hi > 0) {
    const m = Math.max(-lo, hi);
    [lo, hi] = [-m, m];
  }
  if (hi === lo) {
    const pad = Math.abs(lo) || 1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const step = niceStep(hi - lo, 4);
  return { lo: roundTo(Math.floor(lo / step + 1e-9) * step, step), hi: roundTo(Math.ceil(hi / step - 1e-9) * step, step) };
}

/**
 * Where v falls on the diverging scale, in [-1, 1] (clamped).
 * @param {ValueRange} r
 * @param {number} v
 */
export function scaled(r, v) {
  const t = (2 * (v - r.lo)) / (r.hi - r.lo) - 1;
  return t > 1 ? 1 : t < -1 ? -1 : t || 0;
}

/**
 * The CSS colour of a value (a point's target).
 * @param {ValueRange} r
 * @param {number} v
 */
export function valueCss(r, v) {
  return css(divergingRgb(scaled(r, v)));
}

/**
 * The centres of BANDS equal bands over the range: a discretized map's colours.
 * @param {number} t a scaled value in [-1, 1]
 */
export function banded(t) {
  const k = Math.min(BANDS - 1, Math.floor(((t + 1) / 2) * BANDS));
  return ((k + 0.5) / BANDS) * 2 - 1;
}

/**
 * The prediction at each of the g x g cells (the network's one output) as pixels: its colour on
 * the scale, MAP_STRENGTH of the way from white; in bands where `discretize`.
 * @param {ArrayLike<number>} outputs one per cell
 * @param {number} g
 * @param {ValueRange} r
 * @param {boolean} discretize
 * @param {number} [strength]
 * @param {ArrayLike<number>} [cells] the cells to draw (all, in order, when absent)
 * @param {number} [size] the image's side (g when absent)
 */
export function valueImage(outputs, g, r, discretize, strength = MAP_STRENGTH, cells, size = g) {
  const img = new ImageData(size, size);
  const px = img.data;
  const n = size * size;
  for (let p = 0; p < n; p++) {
    const t = scaled(r, outputs[cells ? cells[p] : p]);
    const o = p * 4;
    diverging(px, o, discretize ? banded(t) : t);
    for (let c = 0; c < 3; c++) px[o + c] = 255 + (px[o + c] - 255) * strength;
  }
  return img;
}

/**
 * The legend's labelled values: the ends and round values between them, none so near an end
 * that their labels would touch.
 * @param {ValueRange} r
 * @returns {number[]}
 */
export function legendTicks(r) {
  const room = 0.2 * (r.hi - r.lo);
  const inner = linearTicks(r.lo, r.hi, 4).filter((v) => v - r.lo >= room && r.hi - v >= room);
  return [r.lo, ...inner, r.hi];
}
