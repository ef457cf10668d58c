// @ts-check
/**
 * Points of the data sets (datasets.js), seeded: the same settings always give the same points,
 * so a data set is described by its settings alone. On the default plane coordinates lie within
 * [-5.5, 5.5]; on another extent the data set is scaled to it, axis by axis.
 */

import { DATASET_NAMES, EXTENT, dataSetOf } from "./datasets.js";
import { DEFAULT_EXTENT, fromDefaultPlane, quantumOf, roundTo } from "./extent.js";
import { makeNormal, makeRandom } from "./random.js";

/** @typedef {import("../model/forward.js").Data} Data */
/**
 * @typedef {object} GeneratorSettings
 * @property {string} dataset a name of datasets.js
 * @property {number} points how many points
 * @property {number} noise standard deviation of the Gaussian jitter, in plane units
 * @property {number} classes wanted number of classes (a set with its own count keeps it; none
 *   in a regression data set)
 * @property {number} seed integer
 * @property {number} [testFraction] fraction of the points marked as test points (0..0.9)
 * @property {import("./extent.js").Extent} [extent] the plane to fill (default DEFAULT_EXTENT)
 */

/**
 * A regression's noise is Gaussian of a third of the Noise setting, in target units (0.3 gives
 * 0.1).
 */
export const TARGET_NOISE = 1 / 3;
export { EXTENT };

/** @param {number} v */
const clamp = (v) => Math.max(-EXTENT, Math.min(EXTENT, v));

/**
 * The points of a data set (datasets.js) for the settings.
 * @param {GeneratorSettings} settings
 * @returns {Data}
 */
export function generate(settings) {
  const set = dataSetOf(settings.dataset);
  if (!set) throw new Error(`unknown data set ${JSON.stringify(settings.dataset)}; known: ${DATASET_NAMES.join(", ")}`);
  return set.problem === "regression" ? generateTargets(settings, set) : generateClasses(settings, set);
}

/**
 * Classes: class i % k for point i, placed by the set's sampler, jittered by the noise and
 * kept within the plane.
 * @param {GeneratorSettings} settings
 * @param {import("./datasets.js").ClassSet} set
 * @returns {Data}
 */
function generateClasses(settings, set) {
  const n = Math.max(0, Math.floor(settings.points));
  const k = set.classes ?? Math.max(2, Math.min(8, Math.floor(settings.classes)));
  const random = makeRandom(settings.seed);
  const normal = makeNormal(random);
  const turn = random() * 2 * Math.PI;
  const sample = set.sample({ k, random, normal, turn });
  const extent = settings.extent ?? DEFAULT_EXTENT;
  const q = quantumOf(extent);
  /** @type {Data} */
  const data = { x: [], y: [], label: [], test: [] };
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const [px, py] = sample(c);
    const [x, y] = fromDefaultPlane(clamp(px + settings.noise * normal()), clamp(py + settings.noise * normal()), extent);
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
 * plane), targets from the set's function of the default-plane position plus noise, rounded
 * to 1e-4.
 * @param {GeneratorSettings} settings
 * @param {import("./datasets.js").TargetSet} set
 * @returns {Data}
 */
function generateTargets(settings, set) {
  const n = Math.max(0, Math.floor(settings.points));
  const random = makeRandom(settings.seed);
  const normal = makeNormal(random);
  const turn = random() * 2 * Math.PI;
  const target = set.target({ k: 1, random, normal, turn });
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
