// @ts-check
/**
 * Axis ticks for the charts: round numbers (1, 2 or 5 times a power of ten) on a linear axis,
 * and powers of ten (with 2 and 5 between them on a short range) on a log axis.
 */

/**
 * A round step (1, 2 or 5 times a power of ten) that cuts `span` into about `count` parts.
 * @param {number} span
 * @param {number} count
 */
export function niceStep(span, count) {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

/**
 * Round values within [lo, hi], about `count` of them (more where the range cuts evenly).
 * `integer`: no step below 1 (steps of training).
 * @param {number} lo
 * @param {number} hi
 * @param {number} [count]
 * @param {boolean} [integer]
 * @returns {number[]}
 */
export function linearTicks(lo, hi, count = 4, integer = false) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return [];
  if (hi === lo) return [lo];
  let step = niceStep(hi - lo, count);
  if (integer) step = Math.max(1, step);
  const out = [];
  // Multiples of the step, computed from integers so 0.1 + 0.2 never shows as 0.30000000000000004.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-12) + 1e-12; k++) out.push(roundTo(k * step, step));
  return out;
}

/**
 * Ticks of a log axis over [lo, hi] (both > 0): the powers of ten inside, and where fewer than
 * three of those fit, also 2 and 5 times them.
 * @param {number} lo
 * @param {number} hi
 * @returns {number[]}
 */
export function logTicks(lo, hi) {
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) return [];
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  const inside = (/** @type {number} */ v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const powers = [];
  for (let e = from; e <= to; e++) powers.push(pow10(e));
  let ticks = powers.filter(inside);
  if (ticks.length < 3) {
    ticks = powers.flatMap((p) => [p, roundTo(2 * p, p), roundTo(5 * p, p)]).filter(inside);
  }
  return ticks;
}

/**
 * Short text for a tick value: plain decimals where they are short, else 1e-4 style.
 * @param {number} v
 */
export function formatTick(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(+v.toPrecision(6));
  const [m, e] = v.toExponential().split("e");
  return `${+(+m).toPrecision(3)}e${Number(e)}`;
}

/**
 * Where v falls between lo and hi on a linear or a log axis, as a fraction (0 at lo).
 * @param {number} v
 * @param {number} lo
 * @param {number} hi
 * @param {boolean} log
 */
export function axisFraction(v, lo, hi, log) {
  if (log) return (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
  return (v - lo) / (hi - lo);
}

/** @param {number} e */
function pow10(e) {
  // 10 ** -3 is 0.0010000000000000002 in doubles; 1 / 10 ** 3 is exactly the literal 0.001.
  return e >= 0 ? 10 ** e : 1 / 10 ** -e;
}

/**
 * v rounded to the precision of `step`, so multiples of 0.1 come out as their literals.
 * @param {number} v
 * @param {number} step
 */
function roundTo(v, step) {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return digits > 0 ? +v.toFixed(Math.min(20, digits)) : v;
}
