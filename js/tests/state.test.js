// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DEFAULT_LIMITS,
  ValidationError,
  defaultConfig,
  parseHidden,
  parseStored,
  validateConfig,
  validateData,
  validateHistory,
  validateOptimizer,
  validateUi,
  validateWeights,
} from "../state.js";

test("the default config is valid and matches the documented defaults", () => {
  const c = validateConfig(defaultConfig());
  assert.deepEqual(c.architecture, [2, 8, 8, 2]);
  assert.equal(c.activation, "tanh");
  assert.equal(c.optimizer, "adam");
  assert.equal(c.learningRate, 0.03);
  assert.deepEqual(c.features, ["x", "y"]);
  assert.equal(c.dataset, "circles");
  assert.equal(c.points, 200);
});

test("a partial config is completed, an empty one is the default", () => {
  assert.deepEqual(validateConfig({}), defaultConfig());
  const c = validateConfig({ features: ["x", "y", "xy"], learningRate: 0.1 });
  assert.deepEqual(c.architecture, [3, 8, 8, 2]);
  assert.equal(c.learningRate, 0.1);
});

test("bad configs are named", () => {
  /** @type {[unknown, RegExp][]} */
  const cases = [
    [null, /config must be an object/],
    [[1, 2], /config must be an object/],
    [{ features: [] }, /at least one feature/],
    [{ features: ["x", "q"] }, /unknown feature "q"/],
    [{ features: ["x", "x"] }, /twice/],
    [{ architecture: [3, 2] }, /architecture\[0\] is 3 but 2 features/],
    [{ architecture: [2, 9] }, /number of classes must be at least 2 and at most 8/],
    [{ architecture: [2, 1.5, 2] }, /whole number/],
    [{ architecture: [2, 101, 2] }, /101 neurons is more than the 100/],
    [{ architecture: [2, ...Array(11).fill(2), 2] }, /11 hidden layers/],
    [{ activation: "swish" }, /unknown activation/],
    [{ optimizer: "lbfgs" }, /unknown optimizer/],
    [{ learningRate: 0 }, /Learning rate must be above 0/],
    [{ learningRate: "0.1" }, /Learning rate must be a number/],
    [{ dropout: 0.99 }, /Dropout/],
    [{ seed: -1 }, /Seed/],
    [{ dataset: "nope" }, /unknown data set/],
    [{ testFraction: 0.95 }, /Test fraction/],
  ];
  for (const [value, pattern] of cases) {
    assert.throws(() => validateConfig(value), (e) => e instanceof ValidationError && pattern.test(e.message), JSON.stringify(value));
  }
});

test("hidden layer text", () => {
  assert.deepEqual(parseHidden("8-8-4", DEFAULT_LIMITS), [8, 8, 4]);
  assert.deepEqual(parseHidden(" 3 - 5 ", DEFAULT_LIMITS), [3, 5]);
  assert.deepEqual(parseHidden("", DEFAULT_LIMITS), []);
  assert.throws(() => parseHidden("8-x", DEFAULT_LIMITS), /"x" is not a layer size/);
  assert.throws(() => parseHidden("8-0", DEFAULT_LIMITS), /"0" is not a layer size/);
  assert.throws(() => parseHidden("500", DEFAULT_LIMITS), /500 neurons/);
  assert.throws(() => parseHidden("4-4", { ...DEFAULT_LIMITS, maxHiddenLayers: 1 }), /2 hidden layers/);
});

test("weights must fit the architecture", () => {
  const w = { layer_0_weights: [[1, 2]], layer_0_bias: [0] };
  assert.deepEqual(validateWeights(w, [2, 1]), w);
  assert.throws(() => validateWeights(w, [2, 3, 1]), /layer_0_weights must have 3 rows/);
  assert.throws(() => validateWeights(w, [3, 1]), /rows of 3 finite numbers/);
  assert.throws(() => validateWeights({ ...w, layer_0_bias: [null] }, [2, 1]), /layer_0_bias/);
  assert.throws(() => validateWeights({ ...w, layer_1_weights: [[1]] }, [2, 1]), /more layers/);
  assert.throws(() => validateWeights("x", [2, 1]), /weights must be an object/);
});

test("optimizer state must be for the configured optimizer", () => {
  const c = defaultConfig();
  assert.equal(validateOptimizer(null, c), null);
  const adam = { type: "adam", t: 3, buffers: {} };
  assert.equal(validateOptimizer(adam, c), adam);
  assert.throws(() => validateOptimizer({ ...adam, type: "sgd" }, c), /is for "sgd", not adam/);
  assert.throws(() => validateOptimizer({ ...adam, t: -1 }, c), /optimizer.t/);
});

test("data columns", () => {
  const d = validateData({ x: [1, 2], y: [3, 4], label: [0, 1] }, 2);
  assert.deepEqual(d.test, [false, false]);
  assert.throws(() => validateData({ x: [1], y: [3, 4], label: [0] }, 2), /differ in length/);
  assert.throws(() => validateData({ x: [1], y: [3], label: [2] }, 2), /label 2 of point 0 is not one of the 2 classes/);
  assert.throws(() => validateData({ x: [NaN], y: [3], label: [0] }, 2), /finite/);
  assert.throws(() => validateData({ x: [1], y: [3], label: [0], test: ["yes"] }, 2), /test/);
  assert.throws(() => validateData([], 2), /object of columns/);
});

test("history and ui", () => {
  assert.deepEqual(validateHistory({ losses: [[1, 0.5, null]], snapshots: [{ step: 1, weights: {} }] }).losses, [[1, 0.5, null]]);
  assert.throws(() => validateHistory({ losses: [[1]], snapshots: [] }), /losses/);
  assert.throws(() => validateHistory({ losses: [], snapshots: [{ step: "1" }] }), /snapshots/);
  assert.deepEqual(validateUi({ tool: "erase" }), { selectedClass: 0, tool: "erase", showTest: true, discretize: false });
  assert.throws(() => validateUi({ tool: "pen" }), /tool/);
  assert.throws(() => validateUi({ selectedClass: 9 }), /selectedClass/);
});

test("stored values: missing, corrupt, foreign, old", () => {
  assert.deepEqual(parseStored("k", null), { missing: true });
  assert.match(/** @type {any} */ (parseStored("k", "{not json")).error, /k is not valid JSON/);
  assert.match(/** @type {any} */ (parseStored("k", '{"theme": "dark"}')).error, /not written by nnvisu/);
  assert.match(/** @type {any} */ (parseStored("k", "42")).error, /not written by nnvisu/);
  assert.match(/** @type {any} */ (parseStored("k", '{"version": 0}')).error, /version 0, this nnvisu reads version 1/);
  assert.deepEqual(parseStored("k", '{"version": 1, "a": 2}'), { value: { version: 1, a: 2 } });
});
