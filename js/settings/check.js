// @ts-check
/**
 * The checks every validator shares: one error type for values that cannot be used, so a
 * caller can tell them from bugs, and the number check whose messages name the setting.
 */

/** A value that cannot be used; `message` says which part and why. */
export class ValidationError extends Error {}

/** @param {string} msg @returns {never} */
export function fail(msg) {
  throw new ValidationError(msg);
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
export function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** @param {unknown} e */
export function errorText(e) {
  return e instanceof Error ? e.message : String(e);
}

/**
 * @param {unknown} v
 * @param {string} name
 * @param {number} lo
 * @param {number} hi
 * @param {{integer?: boolean, openLo?: boolean}} [opts]
 * @returns {number}
 */
export function checkNumber(v, name, lo, hi, opts = {}) {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(`${name} must be a number`);
  if (opts.integer && !Number.isInteger(v)) fail(`${name} must be a whole number, got ${v}`);
  if ((opts.openLo ? v <= lo : v < lo) || v > hi) {
    fail(`${name} must be ${opts.openLo ? "above" : "at least"} ${lo} and at most ${hi}, got ${v}`);
  }
  return v;
}
