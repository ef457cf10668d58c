// @ts-check
/**
 * Colours. Classes use the Okabe-Ito palette (distinguishable with the common colour-vision
 * deficiencies), ordered so the first classes differ most; the last is a neutral grey.
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

/** Weights and activations: positive blue, negative orange-red, as on the edges. */
/** @type {RGB} */
export const POSITIVE_RGB = [33, 102, 172];
/** @type {RGB} */
export const NEGATIVE_RGB = [214, 96, 77];

/** @param {RGB} c @param {number} [alpha] */
export function css(c, alpha = 1) {
  return alpha === 1 ? `rgb(${c[0]},${c[1]},${c[2]})` : `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;
}

/** @param {number} index */
export function classColor(index) {
  return CLASS_RGB[index % CLASS_RGB.length];
}

/**
 * Writes into `out` at `off` the diverging colour of v in [-1, 1] (white at 0).
 * @param {Uint8ClampedArray} out
 * @param {number} off
 * @param {number} v
 */
export function diverging(out, off, v) {
  const t = Math.max(-1, Math.min(1, v));
  const c = t >= 0 ? POSITIVE_RGB : NEGATIVE_RGB;
  const a = Math.abs(t);
  out[off] = 255 + (c[0] - 255) * a;
  out[off + 1] = 255 + (c[1] - 255) * a;
  out[off + 2] = 255 + (c[2] - 255) * a;
  out[off + 3] = 255;
}
