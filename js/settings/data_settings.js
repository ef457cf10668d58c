// @ts-check
/**
 * The page's own settings: the data generator's (data set, points, noise, data seed, test
 * fraction). They live only in the front end, so their bounds, defaults and labels are here.
 * Everything about the host's settings (labels, help, groups, choice labels, steps and what a
 * change starts) comes from the host's schema (settings.js; nnvisu.core.schema).
 */

import { DATA_SETS, DEFAULT_DATASET } from "../data/datasets.js";

/**
 * A page-local setting, described as the host describes its own (HostSetting in settings.js).
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
