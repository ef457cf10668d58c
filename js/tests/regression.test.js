// @ts-check
// The regression parts of the front end: the value scale, the regression data sets, the
// readings (MSE and R² as the trainer computes them), the maps on the value scale, and the
// switch between the problems with what it does to the points.
import assert from "node:assert/strict";
import { test } from "node:test";
import { divergingRgb } from "../views/colors.js";
import { compileNetwork, forwardBatch } from "../model/forward.js";
import { DEFAULT_EXTENT, gridPoints } from "../data/extent.js";
import { dataSetNames } from "../data/datasets.js";
import { EXTENT, TARGET_NOISE, generate } from "../data/generators.js";
import { imagesOf } from "../model/render.js";
import { RangeCache, convertPoints, datasetOf, labelSpace, pointPaint, readingsOf, regressionMetrics, switchProblem } from "../data/regression.js";
import { validateConfig } from "../settings/settings.js";
import { validateData } from "../settings/state.js";
import { BANDS, MAP_STRENGTH, banded, legendTicks, scaled, valueCss, valueRange } from "../data/value_scale.js";
import { SCHEMA } from "./fixtures.js";

class TestImageData {
  /** @param {number} width @param {number} height */
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.data = new Uint8ClampedArray(width * height * 4);
  }
}
/** @type {any} */ (globalThis).ImageData = TestImageData;

test("the value range: the targets' span rounded out, symmetric about 0 where it straddles 0", () => {
  assert.deepEqual(valueRange([-0.83, 1.21, 0.2]), { lo: -1.5, hi: 1.5 });
  assert.deepEqual(valueRange([2.1, 7.9]), { lo: 2, hi: 8 }, "all positive: white is the middle, not 0");
  assert.deepEqual(valueRange([-30, -12]), { lo: -30, hi: -10 });
  assert.deepEqual(valueRange([]), { lo: -1, hi: 1 });
  assert.deepEqual(valueRange([0, 0]), { lo: -1, hi: 1 });
  assert.deepEqual(valueRange([5, 5]), { lo: 0, hi: 10 }, "equal targets get room either side");
  assert.deepEqual(valueRange([0.1, 0.3]), { lo: 0.1, hi: 0.3 }, "round numbers without float dust");
  const r = { lo: -2, hi: 2 };
  assert.equal(scaled(r, -2), -1);
  assert.equal(scaled(r, 0), 0);
  assert.equal(scaled(r, 1), 0.5);
  assert.equal(scaled(r, 99), 1, "clamped");
  assert.equal(scaled({ lo: 2, hi: 8 }, 5), 0, "the middle of the range is white");
  assert.equal(valueCss(r, -2), `rgb(${divergingRgb(-1).join(",")})`, "lowest: full purple");
  assert.equal(valueCss(r, 2), `rgb(${divergingRgb(1).join(",")})`, "highest: full green");
  assert.deepEqual(legendTicks({ lo: -1.5, hi: 1.5 }), [-1.5, 0, 1.5], "the ends and round values between, apart");
  assert.deepEqual(legendTicks({ lo: -2, hi: 2 }), [-2, -1, 0, 1, 2]);
  assert.deepEqual(legendTicks({ lo: 2, hi: 8 }), [2, 4, 6, 8]);
  assert.ok(Math.abs(banded(-1) - (-1 + 1 / BANDS)) < 1e-12);
  assert.ok(Math.abs(banded(1) - (1 - 1 / BANDS)) < 1e-12);
  assert.equal(new Set(Array.from({ length: 101 }, (_, i) => banded(i / 50 - 1))).size, BANDS);
});

for (const dataset of dataSetNames("regression")) {
  test(`regression data set ${dataset}: targets in about [-1, 1], noise, test split, determinism`, () => {
    const settings = { dataset, points: 500, noise: 0, classes: 3, seed: 5, testFraction: 0.2 };
    const d = generate(settings);
    assert.equal(d.x.length, 500);
    assert.equal(d.test.filter(Boolean).length, 100);
    assert.ok(d.x.every((v, i) => Math.abs(v) <= EXTENT && Math.abs(d.y[i]) <= EXTENT));
    assert.ok(d.label.every((t) => Number.isFinite(t) && Math.abs(t) <= 1.5), "targets within ±1.5");
    assert.ok(new Set(d.label).size > 400, "real values, not classes");
    const spread = Math.max(...d.label) - Math.min(...d.label);
    assert.ok(spread > 1.2, `targets spread over the scale (${spread})`);
    assert.deepEqual(generate(settings), d);
    assert.notDeepEqual(generate({ ...settings, seed: 6 }), d);
    // Noise moves the targets, not the positions, by about noise * TARGET_NOISE.
    const noisy = generate({ ...settings, noise: 0.6 });
    assert.deepEqual(noisy.x, d.x);
    const sd = Math.sqrt(noisy.label.reduce((s, t, i) => s + (t - d.label[i]) ** 2, 0) / 500);
    assert.ok(Math.abs(sd - 0.6 * TARGET_NOISE) < 0.03, `target noise ${sd}`);
    validateData(d, null);
  });
}

test("the sine ridge is a sine along one direction and constant across it", () => {
  const d = generate({ dataset: "ridge", points: 300, noise: 0, classes: 2, seed: 3 });
  // Some direction u has t = sin(0.9 u . p) at every point: find it from the data's best fit.
  let best = Infinity;
  for (let a = 0; a < Math.PI * 2; a += 0.002) {
    const err = d.label.reduce((s, t, i) => s + (t - Math.sin(0.9 * (Math.cos(a) * d.x[i] + Math.sin(a) * d.y[i]))) ** 2, 0);
    best = Math.min(best, err);
  }
  assert.ok(best / 300 < 1e-4, `a sine ridge fits (${best / 300})`);
});

test("a data set of the other problem is never the config's: each problem has its own menu", () => {
  assert.equal(datasetOf({ problem: "regression", dataset: "circles" }), "ridge");
  assert.equal(datasetOf({ problem: "regression", dataset: "bumps" }), "bumps");
  assert.equal(datasetOf({ problem: "classification", dataset: "ridge" }), "circles");
  assert.equal(datasetOf({ dataset: "moons" }), "moons");
  assert.ok(dataSetNames("regression").every((d) => !dataSetNames("classification").includes(d)));
});

test("targets are checked as numbers in a regression and as classes otherwise", () => {
  const d = { x: [0, 1], y: [0, 1], label: [0.25, -3], test: [false, true] };
  assert.deepEqual(validateData(d, null).label, [0.25, -3]);
  assert.throws(() => validateData(d, 2), /label 0.25 of point 0 is not one of the 2 classes/);
  assert.throws(() => validateData({ ...d, label: [0, 2e6] }, null), /target 2000000 of point 1 is not a number within ±1000000/);
  assert.throws(() => validateData({ ...d, label: [0, "1"] }, null), /target 1 of point 1/);
  const config = validateConfig({ ...configOf(SCHEMA), problem: "regression", architecture: [2, 8, 1] }, SCHEMA);
  assert.equal(labelSpace(config), null);
  assert.equal(labelSpace({ ...config, problem: "classification", architecture: [2, 3] }), 3);
});

test("MSE and R² on the training and the test points, as the trainer defines them", () => {
  const data = { x: [0, 0, 0, 0, 0], y: [0, 0, 0, 0, 0], label: [1, 2, 3, 10, 20], test: [false, false, false, true, true] };
  const predicted = [1.5, 2, 2, 12, 17];
  const m = regressionMetrics(predicted, data);
  assert.equal(m.loss, (0.25 + 0 + 1) / 3);
  // SS_tot of [1, 2, 3] is 2.
  assert.equal(m.r2, 1 - 1.25 / 2);
  assert.equal(m.testLoss, (4 + 9) / 2);
  assert.equal(m.testR2, 1 - 13 / 50);
  assert.deepEqual([m.trainCount, m.testCount, m.accuracy, m.testAccuracy], [3, 2, null, null]);
  const one = regressionMetrics([0, 0], { x: [0, 0], y: [0, 0], label: [1, 5], test: [false, true] });
  assert.deepEqual([one.r2, one.testR2], [null, null], "R² of a single point is undefined");
  const equal = regressionMetrics([0, 0], { x: [0, 0], y: [0, 0], label: [2, 2], test: [false, false] });
  assert.deepEqual([equal.loss, equal.r2], [4, null], "R² of equal targets is undefined");
  // readingsOf picks the problem's readings from the logits.
  const r = readingsOf(Float64Array.from(predicted), 1, data, { problem: "regression" });
  assert.deepEqual(r, { loss: m.loss, testLoss: m.testLoss, accuracy: null, testAccuracy: null, r2: m.r2, testR2: m.testR2 });
  const c = readingsOf(Float64Array.from([2, 0, 0, 2]), 2, { x: [0, 0], y: [0, 0], label: [0, 0], test: [false, false] }, {});
  assert.equal(c.accuracy, 0.5);
  assert.equal(c.r2, undefined);
});

test("the map and the output neuron's map show the prediction on the value scale", () => {
  const net = compileNetwork({ layer_0_weights: [[0.5, 0]], layer_0_bias: [0] }); // prediction = x / 2
  const g = 8;
  const { xs, ys } = gridPoints(g, DEFAULT_EXTENT);
  const res = forwardBatch(net, ["x", "y"], "tanh", xs, ys);
  const values = { lo: -2, hi: 2 };
  const maps = imagesOf(res, net, { features: ["x", "y"], activation: "tanh", g, discretize: false, neuronGrid: g, extent: DEFAULT_EXTENT, values });
  for (const p of [0, 5, 27, 63]) {
    const rgb = divergingRgb(scaled(values, xs[p] / 2));
    const want = rgb.map((c) => 255 + (c - 255) * MAP_STRENGTH);
    const got = [...maps.decision.data.slice(p * 4, p * 4 + 3)];
    assert.ok(got.every((c, i) => Math.abs(c - want[i]) <= 0.5), `cell ${p}: the prediction, paler (${got} for ${want})`);
    assert.deepEqual([...maps.neurons.layers[0][0].data.slice(p * 4, p * 4 + 3)], rgb, `cell ${p}: the output neuron in full colour`);
  }
  const banded = imagesOf(res, net, { features: ["x", "y"], activation: "tanh", g, discretize: true, neuronGrid: g, extent: DEFAULT_EXTENT, values });
  const colours = new Set();
  for (let p = 0; p < g * g; p++) colours.add(banded.decision.data.slice(p * 4, p * 4 + 3).join());
  assert.ok(colours.size <= BANDS && colours.size >= 4, `Discretize shows bands (${colours.size})`);
});

test("points are painted by class, or by target on the value scale, one function per range", () => {
  assert.equal(pointPaint(null)(1), "rgb(230,159,0)");
  const r = { lo: -1, hi: 1 };
  assert.equal(pointPaint(r), pointPaint(r));
  assert.equal(pointPaint(r)(1), valueCss(r, 1));
  const cache = new RangeCache();
  const d = { x: [0, 1], y: [0, 0], label: [-0.4, 0.9], test: [false, false] };
  assert.equal(cache.of(d, {}), null, "none in a classification");
  const range = cache.of(d, { problem: "regression" });
  assert.deepEqual(range, { lo: -1, hi: 1 });
  assert.equal(cache.of(d, { problem: "regression" }), range);
  assert.equal(cache.of({ ...d, label: [0.5, -0.95] }, { problem: "regression" }), range, "other points of the same range: the same object");
});

test("drawn points change problem: classes become targets, targets split at their median", () => {
  const d = { x: [0, 1, 2, 3], y: [0, 0, 0, 0], label: [0, 1, 2, 1], test: [false, true, false, false] };
  const to = convertPoints(d, true, 3);
  assert.deepEqual(to.data.label, [-1, 0, 1, 0]);
  assert.deepEqual(to.data.test, d.test);
  assert.match(to.message, /The 4 points keep their places; their classes became targets \(class 1 → −1, class 2 → 0, class 3 → 1\)/);
  const back = convertPoints({ ...d, label: [0.5, -2, 3, 0.1] }, false, 1);
  assert.deepEqual(back.data.label, [1, 0, 1, 0]);
  assert.match(back.message, /above the median 0.1 became class 2/);
  assert.deepEqual(convertPoints({ x: [], y: [], label: [], test: [] }, true, 2).message, "");
});

/** @param {any} schema */
function configOf(schema) {
  return { ...Object.fromEntries(schema.settings.map((/** @type {any} */ s) => [s.wire, s.default])), dataset: "circles", points: 50, noise: 0.1, dataSeed: 1, testFraction: 0.2 };
}

/** A stand-in for the app's side of the switch (the real one is tested in the browser). */
function host(data = /** @type {any} */ (null)) {
  const app = {
    config: validateConfig(configOf(SCHEMA), SCHEMA),
    /** @type {any} */
    data: null,
    /** @type {string[]} */
    said: [],
    inits: 0,
    /** @type {string | undefined} */
    origin: undefined,
    /** @param {Record<string, any>} change */
    setConfig(change) {
      app.config = validateConfig({ ...app.config, ...change }, SCHEMA);
    },
    /** @param {any} d @param {any} origin */
    setData(d, origin) {
      app.data = d;
      app.origin = origin;
    },
    generatorSettings: () => ({ dataset: datasetOf(app.config), points: app.config.points, noise: app.config.noise, classes: Number(app.config.architecture.at(-1)), seed: app.config.dataSeed, testFraction: app.config.testFraction }),
    requestInit: () => app.inits++,
    /** @param {string} t */
    say: (t) => app.said.push(t),
  };
  app.data = data ?? generate(app.generatorSettings());
  return app;
}

test("switching problem: generated points are generated anew, the output layer follows, and back", () => {
  const app = host();
  app.setConfig({ architecture: [2, 8, 3] });
  app.data = generate(app.generatorSettings());
  const memory = {};
  switchProblem(app, "regression", memory);
  assert.equal(app.config.problem, "regression");
  assert.deepEqual(app.config.architecture, [2, 8, 1]);
  assert.equal(app.config.dataset, "ridge");
  assert.deepEqual(app.data, generate({ ...app.generatorSettings(), dataset: "ridge" }));
  assert.equal(app.origin, "generated");
  assert.equal(app.inits, 1);
  assert.match(app.said[0], /Predicting numbers: new points from the data set sine ridge/);
  app.setConfig({ dataset: "bumps" });
  app.data = generate(app.generatorSettings());
  switchProblem(app, "classification", memory);
  assert.deepEqual(app.config.architecture, [2, 8, 3], "the classes it had");
  assert.equal(app.config.dataset, "circles");
  switchProblem(app, "regression", memory);
  assert.equal(app.config.dataset, "bumps", "the data set last used");
  switchProblem(app, "regression", memory);
  assert.equal(app.inits, 3, "the same problem again changes nothing");
});

test("switching problem converts drawn points and says so", () => {
  const drawn = { x: [1, 2, 3], y: [1, 2, 3], label: [0, 1, 1], test: [false, false, true] };
  const app = host(drawn);
  switchProblem(app, "regression", {});
  assert.deepEqual(app.data.label, [-1, 1, 1]);
  assert.deepEqual(app.data.x, drawn.x);
  assert.equal(app.origin, "drawn");
  assert.match(app.said[0], /^Predicting numbers\. The 3 points keep their places/);
  switchProblem(app, "classification", {});
  assert.deepEqual(app.data.label, [0, 0, 0], "none above the median 1");
  assert.deepEqual(app.config.architecture.at(-1), 2);
});
