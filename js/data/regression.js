// @ts-check
/**
 * The regression problem in the front end: which data sets and labels go with a config, the
 * readings (mean squared error and R², as the trainer computes them), the colours of points by
 * target, and switching a config and its points between classification and regression.
 */

import { classColor, css } from "../views/colors.js";
import { DEFAULT_DATASET, dataSetLabel, dataSetNames } from "./datasets.js";
import { generate } from "./generators.js";
import { metricsOf } from "../model/forward.js";
import { keepClasses, sameData } from "./points.js";
import { DEFAULT_RANGE, valueCss, valueRange } from "./value_scale.js";

/** @typedef {import("../model/forward.js").Data} Data */
/** @typedef {import("./value_scale.js").ValueRange} ValueRange */
/** @typedef {import("../settings/settings.js").Config} Config */
/**
 * Readings of one network on the points: loss, and accuracy (classification) or R² (regression);
 * null where they do not apply or a split is empty.
 * @typedef {object} Readings
 * @property {number | null} loss
 * @property {number | null} testLoss
 * @property {number | null} accuracy
 * @property {number | null} testAccuracy
 * @property {number | null} [r2]
 * @property {number | null} [testR2]
 */

export const REGRESSION = "regression";
export const CLASSIFICATION = "classification";
/** A target, like a coordinate, lies within this bound (the host's MAX_TARGET). */
export const MAX_TARGET = 1e6;

/** @typedef {Record<string, any>} AnyConfig a config, or the part with `problem` */

/** @param {AnyConfig} config */
export function isRegression(config) {
  return config.problem === REGRESSION;
}

/**
 * The data sets of the config's problem.
 * @param {AnyConfig} config
 */
export function datasetsOf(config) {
  return dataSetNames(isRegression(config) ? REGRESSION : CLASSIFICATION);
}

/**
 * The config's data set if it is one of its problem's, else the problem's first (a widget's
 * regression starts with the page's default data set, a classification one).
 * @param {AnyConfig} config
 */
export function datasetOf(config) {
  return datasetsOf(config).includes(config.dataset) ? config.dataset : DEFAULT_DATASET[isRegression(config) ? "regression" : "classification"];
}

/**
 * What a point's label must be: one of `classes` classes, or (null) a finite target.
 * @param {Config} config
 * @returns {number | null}
 */
export function labelSpace(config) {
  return isRegression(config) ? null : config.architecture[config.architecture.length - 1];
}

/**
 * Mean squared error and R² = 1 - SS_res / SS_tot of the predictions (the trainer's rule: R²
 * is null for fewer than 2 points or equal targets), on the training and the test points.
 * @param {ArrayLike<number>} predicted one per point
 * @param {Data} data
 * @returns {Readings & {trainCount: number, testCount: number}}
 */
export function regressionMetrics(predicted, data) {
  /** @param {boolean} test */
  const part = (test) => {
    let n = 0;
    let sum = 0;
    for (let p = 0; p < data.x.length; p++) {
      if (Boolean(data.test[p]) !== test) continue;
      n++;
      sum += data.label[p];
    }
    const mean = n ? sum / n : 0;
    let res = 0;
    let tot = 0;
    for (let p = 0; p < data.x.length; p++) {
      if (Boolean(data.test[p]) !== test) continue;
      res += (predicted[p] - data.label[p]) ** 2;
      tot += (data.label[p] - mean) ** 2;
    }
    return { n, mse: n ? res / n : null, r2: n >= 2 && tot > 0 ? 1 - res / tot : null };
  };
  const train = part(false);
  const test = part(true);
  return { loss: train.mse, testLoss: test.mse, accuracy: null, testAccuracy: null, r2: train.r2, testR2: test.r2, trainCount: train.n, testCount: test.n };
}

/**
 * The readings of a forward pass's logits on the points, for the config's problem.
 * @param {Float64Array} logits row-major points x outputs
 * @param {number} outputs
 * @param {Data} data
 * @param {AnyConfig} config
 * @returns {Readings}
 */
export function readingsOf(logits, outputs, data, config) {
  if (isRegression(config) && outputs === 1) {
    const { loss, testLoss, r2, testR2 } = regressionMetrics(logits, data);
    return { loss, testLoss, accuracy: null, testAccuracy: null, r2, testR2 };
  }
  const m = metricsOf(logits, outputs, data);
  return { loss: m.loss, accuracy: m.accuracy, testLoss: m.testLoss, testAccuracy: m.testAccuracy };
}

/** How points are coloured: by class. */
const BY_CLASS = (/** @type {number} */ label) => css(classColor(label));
/** @type {WeakMap<ValueRange, (label: number) => string>} */
const byValue = new WeakMap();

/**
 * The colour of a point by its label: its class's, or on a regression's value scale.
 * @param {ValueRange | null} range a regression's, null for classes
 * @returns {(label: number) => string} the same function for the same range
 */
export function pointPaint(range) {
  if (!range) return BY_CLASS;
  let paint = byValue.get(range);
  if (!paint) byValue.set(range, (paint = (label) => valueCss(range, label)));
  return paint;
}

/** The value scale of the points' targets, once per set of points. */
export class RangeCache {
  constructor() {
    /** @type {WeakMap<Data, ValueRange>} */
    this.ranges = new WeakMap();
    /** @type {ValueRange | null} */
    this.last = null;
  }

  /**
   * @param {Data} data
   * @param {AnyConfig} config
   * @returns {ValueRange | null} null in a classification
   */
  of(data, config) {
    if (!isRegression(config)) return null;
    /** @type {ValueRange | undefined} */
    let r = this.ranges.get(data);
    if (!r) {
      r = data.x.length ? valueRange(data.label) : DEFAULT_RANGE;
      // Points with the same range share one object, so what is drawn with it stays cached.
      const last = this.last;
      if (last && last.lo === r.lo && last.hi === r.hi) r = last;
      this.ranges.set(data, r);
      this.last = r;
    }
    return r;
  }
}

/**
 * Drawn points moved to the other problem, and what happened to them: a class becomes a target
 * spread evenly over [-1, 1] (class 1 of 2: -1, class 2: +1), a target becomes class 2 where
 * it is above the targets' median, else class 1.
 * @param {Data} data
 * @param {boolean} toRegression
 * @param {number} classes the class count before (to a regression)
 * @returns {{data: Data, message: string}}
 */
export function convertPoints(data, toRegression, classes) {
  const n = data.x.length;
  if (!n) return { data, message: "" };
  if (toRegression) {
    const k = Math.max(2, classes);
    const target = (/** @type {number} */ c) => -1 + (2 * c) / (k - 1);
    const label = data.label.map(target);
    const names = Array.from({ length: Math.min(k, 3) }, (_, c) => `class ${c + 1} → ${fmt(target(c))}`);
    return { data: { ...data, label }, message: `The ${n} points keep their places; their classes became targets (${names.join(", ")}${k > 3 ? ", …" : ""})` };
  }
  const sorted = [...data.label].sort((a, b) => a - b);
  const median = sorted[Math.floor((n - 1) / 2)];
  const label = data.label.map((v) => (v > median ? 1 : 0));
  return { data: { ...data, label }, message: `The ${n} points keep their places; those with targets above the median ${fmt(median)} became class 2, the others class 1` };
}

/** @param {number} v */
function fmt(v) {
  return v < 0 ? `−${-v}` : String(v);
}

/**
 * What the problem switch needs from the app (app.js).
 * @typedef {object} ProblemHost
 * @property {Config} config
 * @property {Data} data
 * @property {(change: Record<string, any>) => void} setConfig
 * @property {(data: Data, origin?: "generated" | "drawn") => void} setData
 * @property {() => import("./generators.js").GeneratorSettings} generatorSettings of the config
 * @property {(resize: boolean) => void} requestInit
 * @property {(text: string) => void} say
 */

/**
 * Switches the config to `problem`: the output layer becomes one unit (regression) or the
 * classes it had before (else 2), the data set one of the problem's (the one last used), the
 * points regenerated where they were a data set as generated, else converted (convertPoints);
 * fresh weights. Says what happened to the points.
 * @param {ProblemHost} app
 * @param {string} problem
 * @param {{classification?: {dataset: string, classes: number}, regression?: {dataset: string}}} memory
 *   what each problem last had (updated here)
 */
export function switchProblem(app, problem, memory) {
  const before = app.config;
  if ((before.problem ?? CLASSIFICATION) === problem) return;
  const toRegression = problem === REGRESSION;
  const outputs = before.architecture[before.architecture.length - 1];
  const generated = sameData(app.data, generate(app.generatorSettings()));
  if (toRegression) memory.classification = { dataset: before.dataset, classes: outputs };
  else memory.regression = { dataset: before.dataset };
  const k = toRegression ? 1 : (memory.classification?.classes ?? 2);
  const dataset = datasetOf({ problem, dataset: (toRegression ? memory.regression : memory.classification)?.dataset ?? "" });
  const from = app.data;
  app.setConfig({ problem, dataset, architecture: [...before.architecture.slice(0, -1), k] });
  const what = `Predicting ${toRegression ? "numbers" : "classes"}`;
  if (generated || !from.x.length) {
    app.setData(generate(app.generatorSettings()), "generated");
    app.say(`${what}: new points from the data set ${dataSetLabel(dataset)}`);
  } else {
    const { data, message } = convertPoints(from, toRegression, outputs);
    app.setData(toRegression ? data : keepClasses(data, k).data, "drawn");
    app.say(`${what}. ${message}`);
  }
  app.requestInit(false);
}
