// @ts-check
/**
 * What the front end adds to its host's settings schema: labels, help and UI wording, keyed by
 * the wire name. Bounds, choices and defaults of the training settings come from the host
 * (nnvisu.schema.describe, in the page, the `hello` and the widget's `schema` key); none are
 * written here. tests/test_schema_parity.py holds the keys of SETTING_TEXT to the Python table.
 *
 * The data-generator settings (data set, points, noise, data seed, test fraction) live only in
 * the page, so their bounds and defaults are here, in DATA_SETTINGS.
 */

import { DATA_SETS, DEFAULT_DATASET } from "../data/datasets.js";

/**
 * @typedef {object} SettingText
 * @property {string} label the control's visible name (and the name in messages)
 * @property {string} [help] shown instead of the host's help
 * @property {Record<string, string>} [choices] shown names of choice values
 * @property {number} [step] the number input's step (arrow keys), where 1 or "any" is wrong
 * @property {"network" | "training"} group where the control goes
 */

export const FEATURE_LABELS = /** @type {Record<string, string>} */ ({
  x: "x",
  y: "y",
  x2: "x²",
  y2: "y²",
  xy: "xy",
  sinx: "sin x",
  siny: "sin y",
});

/** @type {Record<string, SettingText>} */
export const SETTING_TEXT = {
  architecture: {
    label: "Hidden layers",
    help: "Sizes of the hidden layers, such as 8-8-4; the input size follows the features, the output size the classes.",
    group: "network",
  },
  // "classification" does not fit the 120 px select, hence the shorter shown names.
  problem: { label: "Predict", choices: { classification: "classes", regression: "numbers" }, group: "network" },
  activation: {
    label: "Activation",
    choices: { tanh: "tanh", relu: "ReLU", leaky_relu: "leaky ReLU", gelu: "GELU", sigmoid: "sigmoid", linear: "linear" },
    group: "network",
  },
  optimizer: {
    label: "Optimizer",
    choices: { sgd: "SGD", momentum: "SGD + momentum", adam: "Adam", adamw: "AdamW", rmsprop: "RMSprop" },
    group: "training",
  },
  learningRate: { label: "Learning rate", group: "training" },
  momentum: { label: "Momentum", step: 0.05, group: "training" },
  weightDecay: { label: "Weight decay", group: "training" },
  l1: { label: "L1", group: "training" },
  l2: { label: "L2", group: "training" },
  batchSize: { label: "Batch size", group: "training" },
  dropout: { label: "Dropout", step: 0.05, group: "training" },
  features: { label: "Input features", choices: FEATURE_LABELS, group: "network" },
  seed: { label: "Seed", group: "training" },
};

/**
 * A page-local setting, described as the host describes its own (see HostSetting in
 * settings.js), with its label.
 * @typedef {object} DataSetting
 * @property {"dataset" | "points" | "noise" | "dataSeed" | "testFraction"} wire
 * @property {"choice" | "float" | "int"} type
 * @property {string | number} default
 * @property {string} label
 * @property {number} [min]
 * @property {number} [max]
 * @property {string[]} [choices]
 * @property {Record<string, string>} [choiceLabels]
 * @property {number} [step]
 */

/** @type {DataSetting[]} */
export const DATA_SETTINGS = [
  {
    wire: "dataset",
    type: "choice",
    default: DEFAULT_DATASET.classification,
    label: "Data set",
    // The menu offers those of the problem (datasets.js).
    choices: DATA_SETS.map((d) => d.name),
    choiceLabels: Object.fromEntries(DATA_SETS.map((d) => [d.name, d.label])),
  },
  // Also at most the host's maxPoints, checked where points are made.
  { wire: "points", type: "int", default: 200, label: "Points", min: 1, max: 1e9 },
  // The standard deviation of the jitter, in plane units.
  { wire: "noise", type: "float", default: 0.3, label: "Noise", min: 0, max: 3, step: 0.05 },
  { wire: "dataSeed", type: "int", default: 1, label: "Data seed", min: 0, max: 2 ** 31 - 1 },
  { wire: "testFraction", type: "float", default: 0.2, label: "Test fraction", min: 0, max: 0.9, step: 0.05 },
];

/**
 * The name a setting is shown and reported by.
 * @param {string} wire
 */
export function settingLabel(wire) {
  return SETTING_TEXT[wire]?.label ?? DATA_SETTINGS.find((s) => s.wire === wire)?.label ?? wire;
}

/**
 * The shown name of one value of a choice setting.
 * @param {string} wire
 * @param {string} value
 */
export function choiceLabel(wire, value) {
  return SETTING_TEXT[wire]?.choices?.[value] ?? DATA_SETTINGS.find((s) => s.wire === wire)?.choiceLabels?.[value] ?? value;
}
