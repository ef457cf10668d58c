// @ts-check
/**
 * The host's settings schema, and configs checked against it. The host (the server, or the
 * kernel behind the widget) is the authority: a value it accepts is accepted here, with its
 * bounds, choices and defaults (nnvisu.schema.describe). Only the page-local data-generator
 * settings are checked against bounds of this front end's own (schema.js DATA_SETTINGS).
 */

import { ValidationError, checkNumber, fail, isObject } from "./check.js";
import { ACTIVATIONS, FEATURES } from "../model/forward.js";
import { DATA_SETTINGS } from "./data_settings.js";

/**
 * One host setting, as nnvisu.schema.Setting.to_json writes it.
 * @typedef {object} HostSetting
 * @property {string} wire
 * @property {string} name the Python name
 * @property {"architecture" | "choice" | "features" | "float" | "int"} type
 * @property {any} default
 * @property {string} help
 * @property {string} label the control's visible name (and the name in messages)
 * @property {"network" | "training"} group where the control goes
 * @property {OnChange} onChange what a change of it starts
 * @property {Record<string, string>} [choiceLabels] shown names of the choices
 * @property {number} [step] the number input's step (arrow keys), where 1 or "any" is wrong
 * @property {string[]} [usedBy] the optimizers that read it (an optimizer's own setting)
 * @property {number} [min]
 * @property {number} [max]
 * @property {boolean} [minExclusive]
 * @property {string[]} [choices]
 * @property {number} [maxHiddenLayers] (architecture)
 * @property {number} [maxNeurons] (architecture)
 * @property {number} [minClasses] (architecture)
 * @property {number} [maxClasses] (architecture)
 */
/**
 * What a change of a setting starts: a new run from fresh weights ("init"), fresh optimizer
 * state ("optimizer"), or nothing (the next request uses it).
 * @typedef {"init" | "optimizer" | "none"} OnChange
 */
/**
 * @typedef {object} Limits
 * @property {number} maxHiddenLayers
 * @property {number} maxNeurons
 * @property {number} maxPoints
 * @property {number} maxSteps
 * @property {number} [maxMessageBytes]
 * @property {number} [maxWork]
 */
/** @typedef {{maxHiddenLayers: number, maxNeurons: number, minClasses: number, maxClasses: number, regressionOutputs?: number}} ArchitectureBounds */
/**
 * @typedef {object} HostSchema
 * @property {number} version
 * @property {HostSetting[]} settings in the host's order
 * @property {Record<string, HostSetting>} byWire
 * @property {HostSetting & ArchitectureBounds} architecture
 * @property {Limits} limits
 */
/**
 * The wire config plus the page-local data-generator keys. Keys the schema does not know
 * are kept as they came, so a host's config goes back to it unchanged.
 * @typedef {{architecture: number[], activation: string, optimizer: string, features: string[],
 *   batchSize: number, l1: number, l2: number, dropout: number, dataset: string, points: number,
 *   noise: number, dataSeed: number, testFraction: number, [key: string]: any}} Config
 */

const TYPES = ["architecture", "choice", "features", "float", "int"];
const GROUPS = ["network", "training"];
const ON_CHANGE = ["init", "optimizer", "none"];
/** The settings this front end's own logic reads, so a host must describe them. */
const REQUIRED = /** @type {const} */ ([
  ["architecture", "architecture"],
  ["features", "features"],
  ["activation", "choice"],
  ["optimizer", "choice"],
  ["batchSize", "int"],
]);
/** What the standalone page holds when it is not served by nnvisu (see index.html). */
export const SCHEMA_PLACEHOLDER = "__NNVISU_SCHEMA__";

/**
 * The schema embedded in the page, or null where the page was not served by nnvisu.
 * @param {string | null | undefined} text the #nnvisu-schema element's text
 * @returns {unknown}
 */
export function schemaFromPage(text) {
  const t = (text ?? "").trim();
  if (!t || t === SCHEMA_PLACEHOLDER) return null;
  try {
    return JSON.parse(t);
  } catch {
    return null;
  }
}

/**
 * A host's schema, checked: every setting has what its type needs, its default passes its
 * own checks, and the front end can draw every feature and activation offered.
 * @param {unknown} raw
 * @returns {HostSchema}
 */
export function readSchema(raw) {
  if (!isObject(raw) || !Array.isArray(raw.settings)) fail("the host's settings schema must be an object with a list of settings");
  const settings = raw.settings.map(readSetting);
  /** @type {Record<string, HostSetting>} */
  const byWire = {};
  for (const s of settings) {
    if (s.wire in byWire) fail(`the host's settings schema lists ${s.wire} twice`);
    byWire[s.wire] = s;
  }
  for (const [wire, type] of REQUIRED) {
    if (byWire[wire]?.type !== type) fail(`the host's settings schema has no ${type} setting ${wire}`);
  }
  for (const [wire, known] of /** @type {const} */ ([["features", FEATURES], ["activation", ACTIVATIONS]])) {
    const unknown = (byWire[wire].choices ?? []).filter((c) => !known.includes(c));
    if (unknown.length) fail(`the host offers ${wire} ${unknown.join(", ")}, which this front end cannot draw`);
  }
  const schema = {
    version: Number(raw.version),
    settings,
    byWire,
    architecture: /** @type {HostSetting & ArchitectureBounds} */ (byWire.architecture),
    limits: readLimits(raw.limits),
  };
  const { problems } = readConfig(Object.fromEntries(settings.map((s) => [s.wire, s.default])), schema);
  if (problems.length) fail(`the host's default settings do not pass its own schema: ${problems.join("; ")}`);
  return schema;
}

/**
 * @param {unknown} s
 * @param {number} i
 * @returns {HostSetting}
 */
function readSetting(s, i) {
  if (!isObject(s) || typeof s.wire !== "string" || !s.wire) fail(`setting ${i} of the host's schema has no wire name`);
  const where = `the host's setting ${s.wire}`;
  if (!TYPES.includes(/** @type {string} */ (s.type))) fail(`${where} has the unknown type ${JSON.stringify(s.type)}`);
  const type = /** @type {HostSetting["type"]} */ (s.type);
  if (type === "float" || type === "int") {
    if (typeof s.min !== "number" || typeof s.max !== "number" || !(s.min <= s.max)) fail(`${where} needs bounds min <= max`);
  }
  if (type === "choice" || type === "features") {
    if (!Array.isArray(s.choices) || !s.choices.length || !s.choices.every((c) => typeof c === "string")) {
      fail(`${where} needs a list of choices`);
    }
  }
  if (type === "architecture") {
    for (const k of ["maxHiddenLayers", "maxNeurons", "minClasses", "maxClasses"]) {
      if (!Number.isInteger(s[k]) || /** @type {number} */ (s[k]) < 0) fail(`${where} needs ${k}`);
    }
  }
  // What the front end shows and does comes from the host too (nnvisu.core.schema).
  if (typeof s.label !== "string" || !s.label.trim()) fail(`${where} has no label`);
  if (!GROUPS.includes(/** @type {string} */ (s.group))) fail(`${where} has no group (${GROUPS.join(" or ")})`);
  if (!ON_CHANGE.includes(/** @type {string} */ (s.onChange))) fail(`${where} does not say what a change starts (onChange: ${ON_CHANGE.join(", ")})`);
  if (s.choiceLabels !== undefined && (!isObject(s.choiceLabels) || !Object.values(s.choiceLabels).every((v) => typeof v === "string"))) {
    fail(`${where} has choice labels that are not text`);
  }
  if (s.step !== undefined && !(typeof s.step === "number" && s.step > 0)) fail(`${where} has a step that is not a positive number`);
  if (s.usedBy !== undefined && !(Array.isArray(s.usedBy) && s.usedBy.every((o) => typeof o === "string"))) fail(`${where} has a usedBy that is not a list of optimizers`);
  return /** @type {HostSetting} */ ({ ...s, type, name: String(s.name ?? s.wire), help: String(s.help ?? ""), minExclusive: s.minExclusive === true });
}

/**
 * The shown name of one value of a choice setting (a host's or a page-local one).
 * @param {{choiceLabels?: Record<string, string>}} s
 * @param {string} value
 */
export function choiceLabel(s, value) {
  return s.choiceLabels?.[value] ?? value;
}

/**
 * The settings whose change starts this (the host's onChange), in the host's order.
 * @param {HostSchema} schema
 * @param {OnChange} kind
 * @returns {string[]} wire names
 */
export function settingsStarting(schema, kind) {
  return schema.settings.filter((s) => s.onChange === kind).map((s) => s.wire);
}

/**
 * What of a config the weights are made for: the values of the settings whose change needs
 * fresh weights. Two configs of one shape can share weights.
 * @param {Config} config
 * @param {HostSchema} schema
 */
export function netShape(config, schema) {
  return JSON.stringify(settingsStarting(schema, "init").map((wire) => config[wire] ?? null));
}

/**
 * Whether two configs differ at most in the class count (the output size): a resize of the
 * output layer keeps the hidden ones.
 * @param {Config} a
 * @param {Config} b
 * @param {HostSchema} schema
 */
export function onlyClassesDiffer(a, b, schema) {
  const hidden = (/** @type {Config} */ c) => netShape({ ...c, architecture: c.architecture.slice(0, -1) }, schema);
  return hidden(a) === hidden(b);
}

/**
 * @param {unknown} raw
 * @returns {Limits}
 */
function readLimits(raw) {
  if (!isObject(raw)) fail("the host's settings schema has no limits");
  for (const k of ["maxHiddenLayers", "maxNeurons", "maxPoints", "maxSteps"]) {
    if (typeof raw[k] !== "number" || !(/** @type {number} */ (raw[k]) >= 1)) fail(`the host's limits need ${k}`);
  }
  return /** @type {Limits} */ ({ ...raw });
}

/**
 * Checks one value of a number or choice setting (a host's or a page-local one).
 * @param {{wire: string, label: string, type: string, min?: number, max?: number, minExclusive?: boolean, choices?: string[]}} s
 * @param {unknown} v
 */
export function checkSetting(s, v) {
  const label = s.label;
  if (s.type === "choice") {
    if (!s.choices?.includes(/** @type {string} */ (v))) fail(`${label}: ${JSON.stringify(v)} is not one of ${s.choices?.join(", ")}`);
    return v;
  }
  return checkNumber(v, label, s.min ?? -Infinity, s.max ?? Infinity, { integer: s.type === "int", openLo: s.minExclusive });
}

/**
 * @param {HostSetting} s the features setting
 * @param {unknown} v
 * @returns {string[]}
 */
export function checkFeatures(s, v) {
  if (!Array.isArray(v) || !v.length) fail(`${s.label}: list at least one feature`);
  for (const f of v) {
    if (!s.choices?.includes(f)) fail(`${s.label}: unknown feature ${JSON.stringify(f)}`);
  }
  if (new Set(v).size !== v.length) fail(`${s.label}: a feature is listed twice`);
  return [...v];
}

/**
 * All layer sizes, input to output: the input is the number of features, the output the
 * number of classes (the host's one output for regression), and the hidden layers within the
 * host's limits.
 * @param {ArchitectureBounds} s
 * @param {unknown} v
 * @param {number} inputs number of features
 * @param {unknown} [problem] the config's problem setting
 * @returns {number[]}
 */
export function checkArchitecture(s, v, inputs, problem) {
  if (!Array.isArray(v) || v.length < 2) fail("config.architecture must list the input and output sizes");
  v.forEach((n, i) => checkNumber(n, `config.architecture[${i}]`, 1, 1e9, { integer: true }));
  if (v[0] !== inputs) fail(`config.architecture[0] is ${v[0]} but ${inputs} features are enabled`);
  const outputs = v[v.length - 1];
  if (problem === "regression") {
    const one = s.regressionOutputs ?? 1;
    if (outputs !== one) fail(`the output size must be ${one} for regression (the one predicted value), got ${outputs}`);
  } else {
    checkNumber(outputs, "the number of classes", s.minClasses, s.maxClasses, { integer: true });
  }
  checkHidden(v.slice(1, -1), s);
  return [...v];
}

/**
 * @param {number[]} hidden hidden layer sizes
 * @param {{maxHiddenLayers: number, maxNeurons: number}} bounds
 */
export function checkHidden(hidden, bounds) {
  if (hidden.length > bounds.maxHiddenLayers) {
    fail(`${hidden.length} hidden layers is more than the ${bounds.maxHiddenLayers} allowed`);
  }
  for (const n of hidden) {
    if (n > bounds.maxNeurons) fail(`a layer of ${n} neurons is more than the ${bounds.maxNeurons} allowed`);
  }
}

/**
 * Hidden layer sizes from text such as "8-8-4" (empty: no hidden layer).
 * @param {string} text
 * @param {{maxHiddenLayers: number, maxNeurons: number}} bounds
 * @returns {number[]}
 */
export function parseHidden(text, bounds) {
  const t = text.trim();
  if (!t) return [];
  const sizes = t.split(/\s*[-,\s]\s*/).map((p) => {
    if (!/^\d+$/.test(p) || Number(p) < 1) {
      fail(`Hidden layers: ${JSON.stringify(p)} is not a layer size; write sizes such as 8-8-4`);
    }
    return Number(p);
  });
  checkHidden(sizes, bounds);
  return sizes;
}

/**
 * The message for a host's config that cannot be used as it is.
 * @param {string[]} problems readConfig's
 */
export function configProblem(problems) {
  return `The host's config cannot be used as it is (${problems.join("; ")}); those settings show their defaults here, and the host's config is left as it is`;
}

/**
 * A config as far as it can be used: every setting that passes the host's schema as given,
 * every missing one at its default, and every one that fails at its default too, with the
 * reason in `problems`. Keys the schema does not know are kept as they are.
 * @param {unknown} value
 * @param {Pick<HostSchema, "settings" | "architecture">} schema
 * @returns {{config: Config, problems: string[]}}
 */
export function readConfig(value, schema) {
  /** @type {string[]} */
  const problems = isObject(value) ? [] : ["config must be an object"];
  const raw = isObject(value) ? value : {};
  /** @type {Record<string, any>} */
  const config = { ...raw };
  /**
   * @param {string} wire
   * @param {() => any} fallback
   * @param {(v: unknown) => any} check
   */
  const read = (wire, fallback, check) => {
    if (raw[wire] === undefined) return fallback();
    try {
      return check(raw[wire]);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push(e.message);
      return fallback();
    }
  };
  const copy = (/** @type {any} */ v) => (Array.isArray(v) ? [...v] : v);
  for (const s of schema.settings) {
    if (s.type === "architecture") continue;
    const check = s.type === "features" ? (/** @type {unknown} */ v) => checkFeatures(s, v) : (/** @type {unknown} */ v) => checkSetting(s, v);
    config[s.wire] = read(s.wire, () => copy(s.default), check);
  }
  // After the features: the input size follows them.
  const arch = schema.architecture;
  const inputs = config.features.length;
  config.architecture = read(
    "architecture",
    () => [inputs, ...arch.default.slice(1)],
    (v) => checkArchitecture(arch, v, inputs, config.problem),
  );
  for (const s of DATA_SETTINGS) config[s.wire] = read(s.wire, () => s.default, (v) => checkSetting(s, v));
  return { config: /** @type {Config} */ (config), problems };
}

/**
 * A complete config from a possibly partial one: missing keys take the host's defaults, a value
 * the host would refuse fails, naming it.
 * @param {unknown} value
 * @param {Pick<HostSchema, "settings" | "architecture">} schema
 * @returns {Config}
 */
export function validateConfig(value, schema) {
  const { config, problems } = readConfig(value, schema);
  if (problems.length) fail(problems.join("; "));
  return config;
}

/**
 * The first-load config: the host's defaults and the page's data-generator defaults.
 * @param {Pick<HostSchema, "settings" | "architecture">} schema
 */
export function defaultConfig(schema) {
  return readConfig({}, schema).config;
}

/**
 * The host's limits, as the schema gives them and a later `limits` key updates them.
 * @param {HostSchema} schema
 * @param {unknown} limits
 * @returns {Limits}
 */
export function hostLimits(schema, limits) {
  return { ...schema.limits, ...(isObject(limits) ? limits : {}) };
}
