// @ts-check
/**
 * The plane's extent: the rectangle of data coordinates it shows, [xmin, xmax, ymin, ymax]. A
 * host may set it (the widget's `extent` key, by default fitted to the user's points);
 * otherwise the plane shows DEFAULT_EXTENT. Lengths on the plane (the eraser, the painting
 * spacing, the keyboard steps) and the generated data sets are given for the default plane
 * and scale with the extent, so they look the same on any plane.
 */

import { fail } from "../settings/check.js";

/** @typedef {[number, number, number, number]} Extent */
/** @typedef {{x: number, y: number}} Point */

/** @type {Extent} */
export const DEFAULT_EXTENT = [-6, 6, -6, 6];
/** The plane is never drawn narrower or flatter than this, whatever the extent's shape. */
const MAX_ASPECT = 2;

/**
 * The host's extent, checked; the default where the host gives none.
 * @param {unknown} raw
 * @returns {Extent}
 */
export function readExtent(raw) {
  if (raw === null || raw === undefined) return DEFAULT_EXTENT;
  if (!Array.isArray(raw) || raw.length !== 4 || !raw.every((v) => typeof v === "number" && Number.isFinite(v))) {
    fail("extent must be 4 finite numbers [xmin, xmax, ymin, ymax]");
  }
  const [xmin, xmax, ymin, ymax] = raw;
  if (!(xmin < xmax && ymin < ymax)) fail("extent needs xmin < xmax and ymin < ymax");
  return /** @type {Extent} */ ([xmin, xmax, ymin, ymax]);
}

/**
 * How many data units one unit of the default plane is on this one (its larger side's ratio).
 * @param {Extent} e
 */
export function unitOf(e) {
  return Math.max(e[1] - e[0], e[3] - e[2]) / (DEFAULT_EXTENT[1] - DEFAULT_EXTENT[0]);
}

/**
 * A rounding step for coordinates made on this plane (drawn or generated): finer than a pixel,
 * a power of ten.
 * @param {Extent} e
 */
export function quantumOf(e) {
  const k = Math.floor(Math.log10(unitOf(e) * 1e-4));
  // 1 / 10^k, not 10^-k: the power of a negative exponent is off in the last bit.
  return k >= 0 ? 10 ** k : 1 / 10 ** -k;
}

/**
 * @param {number} v
 * @param {number} q
 */
export function roundTo(v, q) {
  // Dividing by the inverse of a power of ten below 1 keeps the decimals exact (0.1 * 3 would not).
  if (q >= 1) return Math.round(v / q) * q;
  const inv = Math.round(1 / q);
  return Math.round(v * inv) / inv;
}

/**
 * The plane's width over its height: the extent's, within [1/MAX_ASPECT, MAX_ASPECT].
 * @param {Extent} e
 */
export function aspectOf(e) {
  return Math.max(1 / MAX_ASPECT, Math.min(MAX_ASPECT, (e[1] - e[0]) / (e[3] - e[2])));
}

/**
 * Data coordinates of the pixel (px, py) of a width x height view (y up in data, down in pixels).
 * @param {number} px
 * @param {number} py
 * @param {number} width
 * @param {number} height
 * @param {Extent} e
 * @returns {Point}
 */
export function toPlane(px, py, width, height, e) {
  return { x: e[0] + ((e[1] - e[0]) * px) / width, y: e[3] - ((e[3] - e[2]) * py) / height };
}

/**
 * Pixel coordinates of the data point p in a width x height view: the inverse of toPlane.
 * @param {Point} p
 * @param {number} width
 * @param {number} height
 * @param {Extent} e
 * @returns {[number, number]}
 */
export function toPixel(p, width, height, e) {
  return [((p.x - e[0]) / (e[1] - e[0])) * width, ((e[3] - p.y) / (e[3] - e[2])) * height];
}

/**
 * @param {Point} p
 * @param {Extent} e
 */
export function inExtent(p, e) {
  return p.x >= e[0] && p.x <= e[1] && p.y >= e[2] && p.y <= e[3];
}

/**
 * The nearest point of the extent.
 * @param {Point} p
 * @param {Extent} e
 * @returns {Point}
 */
export function clampInto(p, e) {
  return { x: Math.max(e[0], Math.min(e[1], p.x)), y: Math.max(e[2], Math.min(e[3], p.y)) };
}

/**
 * The point of the extent where the point (x, y) of the default plane lies, each axis scaled.
 * @param {number} x
 * @param {number} y
 * @param {Extent} e
 * @returns {[number, number]}
 */
export function fromDefaultPlane(x, y, e) {
  const d = DEFAULT_EXTENT;
  return [e[0] + ((x - d[0]) / (d[1] - d[0])) * (e[1] - e[0]), e[2] + ((y - d[2]) / (d[3] - d[2])) * (e[3] - e[2])];
}

/**
 * Cell centres of a g x g grid over the extent, row 0 at the top.
 * @param {number} g
 * @param {Extent} e
 */
export function gridPoints(g, e) {
  const xs = new Float64Array(g * g);
  const ys = new Float64Array(g * g);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      xs[r * g + c] = e[0] + ((e[1] - e[0]) * (c + 0.5)) / g;
      ys[r * g + c] = e[3] - ((e[3] - e[2]) * (r + 0.5)) / g;
    }
  }
  return { xs, ys };
}

/**
 * The extent as a caption under the plane: "x −2.5 to 3, y −1 to 1.5".
 * @param {Extent} e
 */
export function extentText(e) {
  const q = quantumOf(e) * 100;
  const n = (/** @type {number} */ v) => String(roundTo(v, q)).replace("-", "−");
  return `x ${n(e[0])} to ${n(e[1])}, y ${n(e[2])} to ${n(e[3])}`;
}
