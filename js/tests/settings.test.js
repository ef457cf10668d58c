// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "../settings/check.js";
import { DATA_SETTINGS } from "../settings/data_settings.js";
import { choiceLabel, defaultConfig, hostLimits, parseHidden, readConfig, readSchema, schemaFromPage, settingsStarting, validateConfig } from "../settings/settings.js";
import { SCHEMA, SCHEMA_JSON, random, randomConfig } from "./fixtures.js";

/** @param {(s: any) => void} edit a change to a copy of the fixture */
function schemaWith(edit) {
  const copy = structuredClone(SCHEMA_JSON);
  edit(copy);
  return copy;
}
/** @param {any} json @param {string} wire */
const setting = (json, wire) => json.settings.find((/** @type {any} */ s) => s.wire === wire);

test("first-load defaults are the host's defaults and the page's data-generator defaults", () => {
  const c = defaultConfig(SCHEMA);
  for (const s of SCHEMA_JSON.settings) assert.deepEqual(c[s.wire], s.default, s.wire);
  for (const s of DATA_SETTINGS) assert.equal(c[s.wire], s.default, s.wire);
  assert.deepEqual(c.architecture, [2, 8, 8, 2]);
  assert.equal(c.learningRate, 0.03);
  assert.equal(c.dataset, "circles");
  assert.equal(c.points, 200);
  // Another host's defaults are that host's.
  const other = readSchema(schemaWith((s) => (setting(s, "learningRate").default = 0.5)));
  assert.equal(defaultConfig(other).learningRate, 0.5);
});

test("a config the host accepts is accepted unchanged, also far from the defaults", () => {
  const unusual = {
    ...defaultConfig(SCHEMA),
    learningRate: 50,
    activation: "relu",
    architecture: [2, 16, 16, 2],
    momentum: 0.999,
    batchSize: 2 ** 30,
    seed: 2 ** 31 - 1,
    futureSetting: { kept: true },
  };
  assert.deepEqual(validateConfig(unusual, SCHEMA), unusual);
  assert.equal(validateConfig({ learningRate: 1e6 }, SCHEMA).learningRate, 1e6);
});

test("property: random configs drawn from the schema validate to themselves", () => {
  const rand = random(11);
  for (let i = 0; i < 300; i++) {
    const config = randomConfig(rand);
    const { config: read, problems } = readConfig(config, SCHEMA);
    assert.deepEqual(problems, [], JSON.stringify(config));
    for (const [k, v] of Object.entries(config)) assert.deepEqual(read[k], v, k);
  }
});

test("bounds, choices and limits come from the schema, not from the front end", () => {
  assert.throws(() => validateConfig({ learningRate: 0 }, SCHEMA), /Learning rate must be above 0 and at most 1000000, got 0/);
  assert.throws(() => validateConfig({ learningRate: 1e6 + 1 }, SCHEMA), /at most 1000000/);
  const strict = readSchema(
    schemaWith((s) => {
      setting(s, "learningRate").max = 5;
      setting(s, "activation").choices = ["relu", "tanh"];
      setting(s, "architecture").maxNeurons = 12;
      setting(s, "architecture").maxClasses = 3;
    }),
  );
  assert.throws(() => validateConfig({ learningRate: 6 }, strict), /Learning rate must be above 0 and at most 5, got 6/);
  assert.throws(() => validateConfig({ activation: "gelu" }, strict), /Activation: "gelu" is not one of relu, tanh/);
  assert.throws(() => validateConfig({ architecture: [2, 13, 2] }, strict), /13 neurons is more than the 12 allowed/);
  assert.throws(() => validateConfig({ architecture: [2, 4] }, strict), /number of classes must be at least 2 and at most 3/);
  assert.equal(validateConfig({ architecture: [2, 12, 3] }, strict).architecture[1], 12);
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
    [{ activation: "swish" }, /Activation: "swish" is not one of/],
    [{ optimizer: "lbfgs" }, /Optimizer: "lbfgs" is not one of/],
    [{ learningRate: "0.1" }, /Learning rate must be a number/],
    [{ dropout: 0.99 }, /Dropout/],
    [{ seed: -1 }, /Seed/],
    [{ batchSize: 2.5 }, /Batch size must be a whole number/],
    [{ dataset: "nope" }, /Data set: "nope" is not one of/],
    [{ testFraction: 0.95 }, /Test fraction/],
    [{ noise: 4 }, /Noise/],
  ];
  for (const [value, pattern] of cases) {
    assert.throws(() => validateConfig(value, SCHEMA), (e) => e instanceof ValidationError && pattern.test(e.message), JSON.stringify(value));
  }
});

test("a partial config is completed; a bad setting is reported and shown at its default, the rest kept", () => {
  const c = validateConfig({ features: ["x", "y", "xy"], learningRate: 0.1 }, SCHEMA);
  assert.deepEqual(c.architecture, [3, 8, 8, 2]);
  assert.equal(c.learningRate, 0.1);
  const raw = { learningRate: "fast", activation: "relu", architecture: [2, 4, 3] };
  const frozen = JSON.stringify(raw);
  const { config, problems } = readConfig(raw, SCHEMA);
  assert.deepEqual(problems, ["Learning rate must be a number"]);
  assert.equal(config.learningRate, 0.03);
  assert.equal(config.activation, "relu");
  assert.deepEqual(config.architecture, [2, 4, 3]);
  assert.equal(JSON.stringify(raw), frozen, "the given config is not changed");
});

test("a host's schema is checked before the front end uses it", () => {
  /** @type {[(s: any) => void, RegExp][]} */
  const cases = [
    [(s) => delete s.settings, /list of settings/],
    [(s) => (setting(s, "seed").type = "date"), /seed has the unknown type "date"/],
    [(s) => delete setting(s, "l1").max, /l1 needs bounds/],
    [(s) => (s.settings = s.settings.filter((/** @type {any} */ x) => x.wire !== "features")), /no features setting features/],
    [(s) => setting(s, "features").choices.push("z2"), /features z2, which this front end cannot draw/],
    [(s) => setting(s, "activation").choices.push("swish"), /activation swish/],
    [(s) => (setting(s, "learningRate").default = 0), /default settings do not pass its own schema: Learning rate/],
    [(s) => delete s.limits, /no limits/],
    [(s) => s.settings.push({ ...setting(s, "l1") }), /lists l1 twice/],
    // What the front end shows and what a change starts come from the host.
    [(s) => delete setting(s, "l2").label, /l2 has no label/],
    [(s) => (setting(s, "dropout").group = "other"), /dropout has no group/],
    [(s) => delete setting(s, "activation").onChange, /activation does not say what a change starts/],
    [(s) => (setting(s, "optimizer").choiceLabels = { adam: 3 }), /optimizer has choice labels that are not text/],
    [(s) => (setting(s, "momentum").step = 0), /momentum has a step that is not a positive number/],
  ];
  for (const [edit, pattern] of cases) {
    assert.throws(() => readSchema(schemaWith(edit)), (e) => e instanceof ValidationError && pattern.test(e.message), String(edit));
  }
  assert.throws(() => readSchema(null), /must be an object/);
});

test("every host setting in the fixture has its label, group and onChange, and the schema's limits are the host's", () => {
  for (const s of SCHEMA.settings) assert.ok(s.label && s.group && s.onChange, s.wire);
  assert.deepEqual(settingsStarting(SCHEMA, "optimizer"), ["optimizer"]);
  assert.ok(["architecture", "activation", "features"].every((w) => settingsStarting(SCHEMA, "init").includes(w)));
  assert.equal(choiceLabel(SCHEMA.byWire.features, "x2"), "x²");
  assert.equal(choiceLabel(SCHEMA.byWire.optimizer, "momentum"), "SGD + momentum");
  assert.equal(hostLimits(SCHEMA, undefined).maxPoints, 5000);
  assert.equal(hostLimits(SCHEMA, { maxPoints: 7 }).maxPoints, 7);
});

test("the schema embedded in the page, or none when the page was not served by nnvisu", () => {
  assert.equal(schemaFromPage("__NNVISU_SCHEMA__"), null);
  assert.equal(schemaFromPage(" "), null);
  assert.equal(schemaFromPage(undefined), null);
  assert.equal(schemaFromPage("{broken"), null);
  assert.deepEqual(schemaFromPage(JSON.stringify(SCHEMA_JSON)), SCHEMA_JSON);
});

test("hidden layer text", () => {
  const bounds = SCHEMA.architecture;
  assert.deepEqual(parseHidden("8-8-4", bounds), [8, 8, 4]);
  assert.deepEqual(parseHidden(" 3 - 5 ", bounds), [3, 5]);
  assert.deepEqual(parseHidden("", bounds), []);
  assert.throws(() => parseHidden("8-x", bounds), /"x" is not a layer size/);
  assert.throws(() => parseHidden("8-0", bounds), /"0" is not a layer size/);
  assert.throws(() => parseHidden("500", bounds), /500 neurons/);
  assert.throws(() => parseHidden("4-4", { ...bounds, maxHiddenLayers: 1 }), /2 hidden layers/);
});
