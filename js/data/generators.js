// @ts-check
/**
 * Seeded data set generators. The same settings always give the same points, so a data set
 * can be described by its settings alone. On the default plane coordinates lie within
 * [-5.5, 5.5]; on another extent the data set is scaled to it, axis by axis.
 */

import { DEFAULT_EXTENT, fromDefaultPlane, quantumOf, roundTo } from "./extent.js";

/** @typedef {import("../model/forward.js").Data} Data */
/**
 * @typedef {object} GeneratorSettings
 * @property {string} dataset one of DATASETS
 * @property {number} points how many points
 * @property {number} noise standard deviation of the Gaussian jitter, in plane units
 * @property {number} classes wanted number of classes (moons and xor always make 2; none in a
 *   regression data set)
 * @property {number} seed integer
 * @property {number} [testFraction] fraction of the points marked as test points (0..0.9)
 * @property {import("./extent.js").Extent} [extent] the plane to fill (default DEFAULT_EXTENT)
 */

export const DATASETS = ["circles", "moons", "blobs", "anisotropic", "varied", "xor", "spiral", "gaussian"];
/**
 * Data sets of a regression: points spread over the plane, each with a real-valued target in
 * about [-1, 1] (a tilted plane, a mix of Gaussian bumps, a sine ridge), plus Gaussian noise of
 * a third of the Noise setting (in target units: 0.3 gives 0.1).
 */
export const REGRESSION_DATASETS = ["plane", "bumps", "ridge"];
/** What a regression's noise is in target units per unit of the Noise setting. */
export const TARGET_NOISE = 1 / 3;
/** Data sets that only make sense with two classes. */
export const TWO_CLASS = new Set(["moons", "xor"]);
export const EXTENT = 5.5;

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
function makeNormal(random) {
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
function ringCentres(k, radius, turn) {
  return Array.from({ length: k }, (_, c) => {
    const a = turn + (2 * Math.PI * c) / k;
    return /** @type {[number, number]} */ ([radius * Math.cos(a), radius * Math.sin(a)]);
  });
}

/** @param {number} v */
const clamp = (v) => Math.max(-EXTENT, Math.min(EXTENT, v));

/**
 * @param {GeneratorSettings} settings
 * @returns {Data}
 */
export function generate(settings) {
  const { dataset, noise } = settings;
  const n = Math.max(0, Math.floor(settings.points));
  if (REGRESSION_DATASETS.includes(dataset)) return generateTargets(settings);
  if (!DATASETS.includes(dataset)) {
    throw new Error(`unknown data set ${JSON.stringify(dataset)}; known: ${[...DATASETS, ...REGRESSION_DATASETS].join(", ")}`);
  }
  const k = TWO_CLASS.has(dataset) ? 2 : Math.max(2, Math.min(8, Math.floor(settings.classes)));
  const random = makeRandom(settings.seed);
  const normal = makeNormal(random);
  const turn = random() * 2 * Math.PI;
  const blobCentres = ringCentres(k, 3.5, turn);
  // Each class gets its own spread for "varied", from a low-discrepancy sequence.
  const variedStd = Array.from({ length: k }, (_, c) => 0.3 + 1.0 * ((c * 0.618034 + 0.1) % 1));
  const stretch = [
    [1.7, 0.9],
    [0.0, 0.35],
  ];

  /**
   * One point of class c, before jitter.
   * @param {number} c
   * @returns {[number, number]}
   */
  function sample(c) {
    switch (dataset) {
      case "circles": {
        const width = 5 / k;
        const r = (c + 0.1 + 0.8 * random()) * width;
        const a = random() * 2 * Math.PI;
        return [r * Math.cos(a), r * Math.sin(a)];
      }
      case "moons": {
        const t = random() * Math.PI;
        const [px, py] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
        return [(px - 0.5) * 2.8, (py - 0.25) * 2.8];
      }
      case "blobs": {
        const [cx, cy] = blobCentres[c];
        return [cx + 0.45 * normal(), cy + 0.45 * normal()];
      }
      case "anisotropic": {
        const [cx, cy] = ringCentres(k, 3, turn)[c];
        const u = normal();
        const v = normal();
        return [cx + stretch[0][0] * u + stretch[0][1] * v, cy + stretch[1][0] * u + stretch[1][1] * v];
      }
      case "varied": {
        const [cx, cy] = blobCentres[c];
        return [cx + variedStd[c] * normal(), cy + variedStd[c] * normal()];
      }
      case "xor": {
        // Keep a margin around the axes so the classes are separable without noise.
        const side = () => (0.3 + 4.7 * random()) * (random() < 0.5 ? -1 : 1);
        const x = side();
        const y0 = side();
        const y = (x * y0 >= 0) === (c === 0) ? y0 : -y0;
        return [x, y];
      }
      case "spiral": {
        const t = random();
        const r = 0.3 + 4.9 * t;
        const a = 1.75 * t * 2 * Math.PI + (2 * Math.PI * c) / k + turn;
        return [r * Math.cos(a), r * Math.sin(a)];
      }
      default: {
        // gaussian: wide, overlapping clouds, the hardest of the set
        const [cx, cy] = ringCentres(k, 2.2, turn)[c];
        return [cx + 1.1 * normal(), cy + 1.1 * normal()];
      }
    }
  }

  const extent = settings.extent ?? DEFAULT_EXTENT;
  const q = quantumOf(extent);
  /** @type {Data} */
  const data = { x: [], y: [], label: [], test: [] };
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const [px, py] = sample(c);
    const [x, y] = fromDefaultPlane(clamp(px + noise * normal()), clamp(py + noise * normal()), extent);
    data.x.push(roundTo(x, q));
    data.y.push(roundTo(y, q));
    data.label.push(c);
    data.test.push(false);
  }
  holdOut(data, settings.testFraction, random);
  return data;
}

/**
 * Marks a seeded fraction of the points as test points (a partial Fisher-Yates shuffle).
 * @param {Data} data
 * @param {number | undefined} fraction
 * @param {() => number} random
 */
function holdOut(data, fraction, random) {
  const n = data.x.length;
  const testCount = Math.floor(Math.max(0, Math.min(0.9, fraction ?? 0)) * n);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < testCount; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j], order[i]];
    data.test[order[i]] = true;
  }
}

/**
 * A regression data set: points uniform over the plane (within 5 of the centre on the default
 * plane), targets from the data set's function of the default-plane position plus noise,
 * rounded to 1e-4.
 * @param {GeneratorSettings} settings
 * @returns {Data}
 */
function generateTargets(settings) {
  const n = Math.max(0, Math.floor(settings.points));
  const random = makeRandom(settings.seed);
  const normal = makeNormal(random);
  const turn = random() * 2 * Math.PI;
  const [ux, uy] = [Math.cos(turn), Math.sin(turn)];
  // Three bumps, up, down, up, on a ring: a surface with a saddle between them.
  const bumps = ringCentres(3, 2.6, turn).map(([cx, cy], i) => ({ cx, cy, sign: i === 1 ? -1 : 1 }));
  /** @type {Record<string, (x: number, y: number) => number>} */
  const targets = {
    plane: (x, y) => (ux * x + uy * y) / 5,
    bumps: (x, y) => bumps.reduce((t, b) => t + b.sign * Math.exp(-((x - b.cx) ** 2 + (y - b.cy) ** 2) / 4.5), 0),
    ridge: (x, y) => Math.sin(0.9 * (ux * x + uy * y)),
  };
  const target = targets[settings.dataset];
  if (!target) throw new Error(`unknown data set ${JSON.stringify(settings.dataset)}`);
  const extent = settings.extent ?? DEFAULT_EXTENT;
  const q = quantumOf(extent);
  /** @type {Data} */
  const data = { x: [], y: [], label: [], test: [] };
  for (let i = 0; i < n; i++) {
    const px = 10 * random() - 5;
    const py = 10 * random() - 5;
    const [x, y] = fromDefaultPlane(px, py, extent);
    data.x.push(roundTo(x, q));
    data.y.push(roundTo(y, q));
    data.label.push(roundTo(target(px, py) + settings.noise * TARGET_NOISE * normal(), 1e-4));
    data.test.push(false);
  }
  holdOut(data, settings.testFraction, random);
  return data;
}
