// @ts-check
/** Seeded randomness for the data sets: the same seed always gives the same points. */

/**
 * mulberry32: a small, fast, well-mixed 32-bit generator; uniform in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal samples (Box-Muller) from a uniform source.
 * @param {() => number} random
 */
export function makeNormal(random) {
  return () => {
    const u = 1 - random(); // in (0, 1]: log stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/**
 * Centres spread evenly on a circle, turned by a seeded angle.
 * @param {number} k
 * @param {number} radius
 * @param {number} turn
 * @returns {[number, number][]}
 */
export function ringCentres(k, radius, turn) {
  return Array.from({ length: k }, (_, c) => {
    const a = turn + (2 * Math.PI * c) / k;
    return /** @type {[number, number]} */ ([radius * Math.cos(a), radius * Math.sin(a)]);
  });
}
