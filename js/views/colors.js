// @ts-check
/**
 * The colour language. Classes use the Okabe-Ito palette (distinguishable with the common
 * colour-vision deficiencies), ordered so the first classes differ most; the last is a neutral
 * grey. Class colours mean classes and nothing else. Everything signed (weights, neuron
 * activations, input features) uses one diverging scale, purple (negative) through white to
 * green (positive): ColorBrewer's PRGn, which stays readable with colour-blindness and shares
 * no hue with the first two class colours.
 */

/** @typedef {[number, number, number]} RGB */

/** @type {RGB[]} */
export const CLASS_RGB = [
  [0, 114, 178], // blue
  [230, 159, 0], // orange
  [0, 158, 115], // bluish green
  [204, 121, 167], // reddish purple
  [86, 180, 233], // sky blue
  [213, 94, 0], // vermillion
  [240, 228, 66], // yellow
  [90, 90, 90], // grey
];
export const CLASS_NAMES = ["blue", "orange", "green", "purple", "sky blue", "vermillion", "yellow", "grey"];

/** The diverging scale's stops from -1 to +1 (ColorBrewer PRGn, 9 classes). */
/** @type {RGB[]} */
export const DIVERGING_STOPS = [
  [118, 42, 131],
  [153, 112, 171],
  [194, 165, 207],
  [231, 212, 232],
  [247, 247, 247],
  [217, 240, 211],
  [166, 219, 160],
  [90, 174, 97],
  [27, 120, 55],
];
export const NEGATIVE_NAME = "purple";
export const POSITIVE_NAME = "green";

/** The scale sampled finely, so a map's pixels cost a table lookup. */
const LUT_SIZE = 512;
const LUT = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  const last = DIVERGING_STOPS.length - 1;
  for (let k = 0; k < LUT_SIZE; k++) {
    const pos = (k / (LUT_SIZE - 1)) * last;
    const i = Math.min(last - 1, Math.floor(pos));
    const f = pos - i;
    for (let c = 0; c < 3; c++) lut[k * 3 + c] = DIVERGING_STOPS[i][c] + (DIVERGING_STOPS[i + 1][c] - DIVERGING_STOPS[i][c]) * f;
  }
  return lut;
})();

/** @param {RGB} c @param {number} [alpha] */
export function css(c, alpha = 1) {
  return alpha === 1 ? `rgb(${c[0]},${c[1]},${c[2]})` : `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;
}

/** @param {number} index */
export function classColor(index) {
  return CLASS_RGB[index % CLASS_RGB.length];
}

/**
 * The diverging colour of v in [-1, 1] (clamped): purple below 0, white at 0, green above.
 * @param {number} v
 * @returns {RGB}
 */
export function divergingRgb(v) {
  const k = lutIndex(v);
  return [LUT[k], LUT[k + 1], LUT[k + 2]];
}

/**
 * Writes into `out` at `off` the diverging colour of v in [-1, 1], opaque.
 * @param {Uint8ClampedArray} out
 * @param {number} off
 * @param {number} v
 */
export function diverging(out, off, v) {
  const k = lutIndex(v);
  out[off] = LUT[k];
  out[off + 1] = LUT[k + 1];
  out[off + 2] = LUT[k + 2];
  out[off + 3] = 255;
}

/** @param {number} v */
function lutIndex(v) {
  const t = v > 1 ? 1 : v < -1 ? -1 : v || 0;
  return Math.round(((t + 1) / 2) * (LUT_SIZE - 1)) * 3;
}

/** The diverging scale as a CSS gradient from -1 (left) to +1, for legends. */
export function divergingGradient() {
  return `linear-gradient(to right, ${DIVERGING_STOPS.map((c) => css(c)).join(", ")})`;
}
