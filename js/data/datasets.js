// @ts-check
/**
 * The data sets: the one list of them. The Data set menu and its labels, the pictures to pick
 * from, the sets each problem offers and generate() (generators.js) all read DATA_SETS, so a
 * new data set is one entry here.
 *
 * Positions are on the default plane, within [-5.5, 5.5] (generators.js scales them to the
 * plane in use and adds the noise). Names are stored in configs, state files and share links:
 * never rename one. The same settings must always give the same points (tests and saved states
 * depend on it), so an entry draws from `random` and `normal` in a fixed order.
 */

import { ringCentres } from "./random.js";

/**
 * What an entry's sampler gets, made once per generate() call.
 * @typedef {object} Draw
 * @property {number} k the class count (a classification's)
 * @property {() => number} random uniform in [0, 1)
 * @property {() => number} normal standard normal
 * @property {number} turn a seeded angle, for sets turned at random
 */
/**
 * @typedef {object} ClassSet a classification data set
 * @property {string} name
 * @property {string} label short: the menu is 120 px wide
 * @property {"classification"} problem
 * @property {number} [classes] the class count it always makes, whatever is set
 * @property {(d: Draw) => (c: number) => [number, number]} sample a point of class c, before
 *   jitter
 * @property {(x: number) => number} [curve] a boundary y = curve(x) its picture draws
 */
/**
 * @typedef {object} TargetSet a regression's data set: targets in about [-1, 1]
 * @property {string} name
 * @property {string} label
 * @property {"regression"} problem
 * @property {(d: Draw) => (x: number, y: number) => number} target the target at a position
 */
/** @typedef {ClassSet | TargetSet} DataSet */

/** Half the side of the square the sets fill on the default plane. */
export const EXTENT = 5.5;

/**
 * A class on each side of y = f(x), x uniform over the plane: class 1 above, class 2 below,
 * each kept 0.3 from the curve (separable without noise, as xor). f must stay within ±3.5 on
 * [-5, 5], so both sides have room.
 * @param {(x: number) => number} f
 * @returns {(d: Draw) => (c: number) => [number, number]}
 */
function sides(f) {
  return ({ random }) =>
    (c) => {
      const x = 10 * random() - 5;
      const fx = f(x);
      const room = c === 0 ? 5 - fx : fx + 5;
      const gap = 0.3 + (room - 0.3) * random();
      return [x, c === 0 ? fx + gap : fx - gap];
    };
}

/** @param {number} x */
const sine = (x) => 2.5 * Math.sin(1.2 * x);
/** @param {number} x */
const cubic = (x) => 0.05 * x ** 3 - 0.75 * x;
/** @param {number} x */
const vee = (x) => 1.2 * Math.abs(x) - 3;

/** The data sets, in the order of the menu and the pictures. */
/** @type {readonly DataSet[]} */
export const DATA_SETS = [
  {
    name: "circles",
    label: "circles",
    problem: "classification",
    sample: ({ k, random }) => (c) => {
      const width = 5 / k;
      const r = (c + 0.1 + 0.8 * random()) * width;
      const a = random() * 2 * Math.PI;
      return [r * Math.cos(a), r * Math.sin(a)];
    },
  },
  {
    name: "moons",
    label: "moons",
    problem: "classification",
    classes: 2,
    sample: ({ random }) => (c) => {
      const t = random() * Math.PI;
      const [px, py] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      return [(px - 0.5) * 2.8, (py - 0.25) * 2.8];
    },
  },
  {
    name: "blobs",
    label: "blobs",
    problem: "classification",
    sample: ({ k, normal, turn }) => {
      const centres = ringCentres(k, 3.5, turn);
      return (c) => [centres[c][0] + 0.45 * normal(), centres[c][1] + 0.45 * normal()];
    },
  },
  {
    name: "anisotropic",
    label: "long blobs",
    problem: "classification",
    sample: ({ k, normal, turn }) => {
      const centres = ringCentres(k, 3, turn);
      return (c) => {
        const u = normal();
        const v = normal();
        return [centres[c][0] + 1.7 * u + 0.9 * v, centres[c][1] + 0.35 * v];
      };
    },
  },
  {
    name: "varied",
    label: "varied blobs",
    problem: "classification",
    sample: ({ k, normal, turn }) => {
      const centres = ringCentres(k, 3.5, turn);
      // Each class its own spread, from a low-discrepancy sequence.
      const std = Array.from({ length: k }, (_, c) => 0.3 + 1.0 * ((c * 0.618034 + 0.1) % 1));
      return (c) => [centres[c][0] + std[c] * normal(), centres[c][1] + std[c] * normal()];
    },
  },
  {
    name: "xor",
    label: "xor",
    problem: "classification",
    classes: 2,
    sample: ({ random }) => (c) => {
      // A margin around the axes, so the classes are separable without noise.
      const side = () => (0.3 + 4.7 * random()) * (random() < 0.5 ? -1 : 1);
      const x = side();
      const y0 = side();
      return [x, (x * y0 >= 0) === (c === 0) ? y0 : -y0];
    },
  },
  {
    name: "spiral",
    label: "spirals",
    problem: "classification",
    sample: ({ k, random, turn }) => (c) => {
      const t = random();
      const r = 0.3 + 4.9 * t;
      const a = 1.75 * t * 2 * Math.PI + (2 * Math.PI * c) / k + turn;
      return [r * Math.cos(a), r * Math.sin(a)];
    },
  },
  {
    // Wide, overlapping clouds: the hardest of the set.
    name: "gaussian",
    label: "Gaussians",
    problem: "classification",
    sample: ({ k, normal, turn }) => {
      const centres = ringCentres(k, 2.2, turn);
      return (c) => [centres[c][0] + 1.1 * normal(), centres[c][1] + 1.1 * normal()];
    },
  },
  // One entry per curve, not one with a curve setting: each is one click in the pictures and
  // shows its own curve there, and no setting is added to configs, files and links.
  { name: "sine", label: "sine boundary", problem: "classification", classes: 2, sample: sides(sine), curve: sine },
  { name: "cubic", label: "cubic boundary", problem: "classification", classes: 2, sample: sides(cubic), curve: cubic },
  { name: "abs", label: "|x| boundary", problem: "classification", classes: 2, sample: sides(vee), curve: vee },
  {
    name: "plane",
    label: "tilted plane",
    problem: "regression",
    target: ({ turn }) => (x, y) => (Math.cos(turn) * x + Math.sin(turn) * y) / 5,
  },
  {
    // Three bumps, up, down, up, on a ring: a surface with a saddle between them.
    name: "bumps",
    label: "Gaussian bumps",
    problem: "regression",
    target: ({ turn }) => {
      const bumps = ringCentres(3, 2.6, turn).map(([cx, cy], i) => ({ cx, cy, sign: i === 1 ? -1 : 1 }));
      return (x, y) => bumps.reduce((t, b) => t + b.sign * Math.exp(-((x - b.cx) ** 2 + (y - b.cy) ** 2) / 4.5), 0);
    },
  },
  {
    name: "ridge",
    label: "sine ridge",
    problem: "regression",
    target: ({ turn }) => (x, y) => Math.sin(0.9 * (Math.cos(turn) * x + Math.sin(turn) * y)),
  },
];

/** The data set each problem starts with. */
export const DEFAULT_DATASET = { classification: "circles", regression: "ridge" };

/** @type {Map<string, DataSet>} */
const BY_NAME = new Map(DATA_SETS.map((d) => [d.name, d]));

/**
 * The entry of a data set name, or undefined.
 * @param {string} name
 */
export function dataSetOf(name) {
  return BY_NAME.get(name);
}

/**
 * The shown name of a data set (its name where it has none).
 * @param {string} name
 */
export function dataSetLabel(name) {
  return BY_NAME.get(name)?.label ?? name;
}

const NAMES = {
  classification: DATA_SETS.filter((d) => d.problem === "classification").map((d) => d.name),
  regression: DATA_SETS.filter((d) => d.problem === "regression").map((d) => d.name),
};

/**
 * The names of a problem's data sets, in the menu's order.
 * @param {"classification" | "regression"} problem
 * @returns {readonly string[]}
 */
export function dataSetNames(problem) {
  return NAMES[problem];
}

/** Every name, a classification's first. */
export const DATASET_NAMES = DATA_SETS.map((d) => d.name);
