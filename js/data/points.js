// @ts-check
/**
 * Edits of the points, as pure functions: each returns new columns and leaves its input as it
 * was, so the undo stack (undo.js) can keep earlier data objects as they are.
 */

import { roundTo } from "./extent.js";
import { emptyData } from "../settings/state.js";

/** @typedef {import("../model/forward.js").Data} Data */
/** @typedef {{x: number, y: number}} Point */

/** The eraser's radius on the default plane (app.js scales it to the extent). */
export const ERASER_RADIUS = 0.5;
/** Drawn points are rounded to this step (on the default plane): finer than a pixel, shorter to store. */
const QUANTUM = 1e-4;

/**
 * The points whose `keep` entry is true.
 * @param {Data} d
 * @param {boolean[]} keep
 * @returns {Data}
 */
export function filterData(d, keep) {
  const out = emptyData();
  keep.forEach((k, i) => {
    if (!k) return;
    out.x.push(d.x[i]);
    out.y.push(d.y[i]);
    out.label.push(d.label[i]);
    out.test.push(d.test[i]);
  });
  return out;
}

/**
 * One more point of class `label` at (x, y): a training point, or a test point, rounded to
 * `quantum`.
 * @param {Data} d
 * @param {Point} p
 * @param {number} label
 * @param {boolean} [test]
 * @param {number} [quantum] a power of ten (extent.js quantumOf)
 * @returns {Data}
 */
export function withPoint(d, p, label, test = false, quantum = QUANTUM) {
  const round = (/** @type {number} */ v) => roundTo(v, quantum);
  return { x: [...d.x, round(p.x)], y: [...d.y, round(p.y)], label: [...d.label, label], test: [...d.test, test] };
}

/**
 * The points farther than `radius` from p, or null when none is that close.
 * @param {Data} d
 * @param {Point} p
 * @param {number} [radius]
 * @returns {Data | null}
 */
export function erased(d, p, radius = ERASER_RADIUS) {
  const keep = d.x.map((px, i) => Math.hypot(px - p.x, d.y[i] - p.y) > radius);
  return keep.every(Boolean) ? null : filterData(d, keep);
}

/**
 * The points of the first `classes` classes, and how many others there were.
 * @param {Data} d
 * @param {number} classes
 * @returns {{data: Data, dropped: number}}
 */
export function keepClasses(d, classes) {
  const keep = d.label.map((l) => l < classes);
  const dropped = keep.filter((k) => !k).length;
  return { data: dropped ? filterData(d, keep) : d, dropped };
}

/**
 * One gesture on the plane (a press and drag, or a key press): its first change saves the
 * points before it for Undo, so a whole stroke is undone at once.
 */
export class Stroke {
  /** @param {(before: Data) => void} save keeps the points before the gesture for Undo */
  constructor(save) {
    this.save = save;
    this.saved = false;
    /** @type {Point | null} where the last change happened */
    this.last = null;
  }

  /**
   * Records a change from `before` made at p.
   * @param {Data} before
   * @param {Point} p
   */
  changed(before, p) {
    if (!this.saved) this.save(before);
    this.saved = true;
    this.last = p;
  }
}

/**
 * Whether two sets of points are the same, point for point.
 * @param {Data} a
 * @param {Data} b
 */
export function sameData(a, b) {
  const cols = /** @type {const} */ (["x", "y", "label", "test"]);
  return a.x.length === b.x.length && cols.every((c) => a[c].every((v, i) => v === b[c][i]));
}
