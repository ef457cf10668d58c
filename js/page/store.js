// @ts-check
/**
 * The standalone page's state in localStorage (formats in storage.js): every key read and
 * checked on load, each value that cannot be used named and removed, values of the first
 * format read and marked for rewriting; writes in the order that keeps what is stored
 * consistent, the history within what the other keys leave of the budget, and a full storage
 * answered by giving up the history's snapshots first.
 */

import { ValidationError, errorText } from "../settings/check.js";
import { labelSpace } from "../data/regression.js";
import { DATA_SETTINGS } from "../settings/data_settings.js";
import { validateConfig } from "../settings/settings.js";
import { validateData, validateHistory, validateOptimizer, validateUi, validateWeights } from "../settings/state.js";
import {
  STORAGE_BUDGET,
  STORAGE_KEYS,
  configText,
  dataText,
  historyText,
  historyUpTo,
  metricsText,
  optimizerText,
  readConfigText,
  readDataText,
  readHistoryText,
  readMetricsText,
  readOptimizerText,
  readUiText,
  readWeightsText,
  uiText,
  weightsText,
} from "./storage.js";

/** @typedef {import("./storage.js").Part} Part */
/** @typedef {import("../settings/settings.js").HostSchema} HostSchema */
/** @typedef {import("../settings/settings.js").Config} Config */

/** The model keys stored in nnvisu_weights, nnvisu_optimizer and nnvisu_metrics. */
export const MODEL_KEYS = ["weights", "optimizer", "step", "metrics"];

/** Each part in words, and what a lost write of it means after a reload. */
const LOST = {
  config: ["the settings", "the settings are those saved before"],
  weights: ["the weights", "training goes back to the last step saved"],
  optimizer: ["the optimizer state", "training goes on from the saved weights with a fresh optimizer"],
  metrics: ["the readouts", "they are computed again"],
  data: ["the points", "the points are those saved before"],
  history: ["the history", "the history is the one saved before"],
  ui: ["the tool and view options", "they are those saved before"],
};

/**
 * "nnvisu_data must be a list ...", "nnvisu_data: point 3 must be ...".
 * @param {string} key
 * @param {string} message
 */
function problemText(key, message) {
  return /^(is|was|has|holds|must) /.test(message) ? `${key} ${message}` : `${key}: ${message}`;
}

/** @param {unknown} e */
function isQuotaError(e) {
  return e instanceof Error && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED");
}

/**
 * @typedef {object} Loaded
 * @property {Record<string, any>} values the model keys found (config, weights, optimizer, step,
 *   metrics, data, history, ui); missing ones are not there
 * @property {string[]} problems
 * @property {Set<string>} rewrite model keys to write again (read in the first format, or cleaned)
 */

export class PageStore {
  /**
   * @param {Storage} storage
   * @param {(part: Part, key: string, message: string) => void} report a write that failed
   * @param {number} [budget] code units all keys aim to stay within
   */
  constructor(storage, report, budget = STORAGE_BUDGET) {
    this.storage = storage;
    this.report = report;
    this.budget = budget;
    /** Stored code units of each part, key included, as last read or written. @type {Map<Part, number>} */
    this.sizes = new Map();
    /** The history last read or written, to store without its snapshots when space runs out. @type {{history: import("../settings/state.js").History, step: number} | null} */
    this.history = null;
  }

  /**
   * Reads and checks every key.
   * @param {HostSchema} schema
   * @param {Config} fallback the config when none is stored
   * @returns {Loaded}
   */
  load(schema, fallback) {
    /** @type {string[]} */
    const problems = [];
    /** @type {Set<string>} */
    const rewrite = new Set();
    /** @type {Record<string, any>} */
    const values = {};
    /**
     * The value `f` makes of a part's text; one that cannot be used is named and removed.
     * @template T
     * @param {Part} part
     * @param {(text: string) => T} f
     * @returns {T | null}
     */
    const use = (part, f) => {
      const text = this.read(part, problems);
      if (text === null) return null;
      try {
        return f(text);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        problems.push(`${problemText(STORAGE_KEYS[part], e.message)}; replaced by defaults`);
        this.write(part, null);
        return null;
      }
    };

    const config = use("config", (text) => {
      const { config: raw, format } = readConfigText(text);
      const unknown = Object.keys(raw).filter((k) => !(k in schema.byWire) && !DATA_SETTINGS.some((s) => s.wire === k));
      for (const k of unknown) delete raw[k];
      if (unknown.length) problems.push(`${STORAGE_KEYS.config}: ${unknown.map((k) => JSON.stringify(k)).join(", ")} ${unknown.length === 1 ? "is not a setting" : "are not settings"} of this server; dropped`);
      const checked = validateConfig(raw, schema);
      if (format === 1 || unknown.length) rewrite.add("config");
      return checked;
    });
    if (config) values.config = config;
    const current = config ?? fallback;

    const model = use("weights", (text) => {
      const read = readWeightsText(text);
      return { ...read, weights: read.weights === null ? null : validateWeights(read.weights, current.architecture) };
    });
    if (model) {
      values.weights = model.weights;
      values.step = model.step;
      Object.assign(values, this.loadOptimizer(model, current, problems, use));
      if (model.format === 1) for (const k of MODEL_KEYS) rewrite.add(k);
    } else {
      // Without weights, nothing else of the model means anything.
      for (const part of /** @type {Part[]} */ (["optimizer", "metrics"])) if (this.read(part, problems) !== null) this.write(part, null);
    }

    const data = use("data", (text) => {
      const { data: columns, format } = readDataText(text);
      const checked = validateData(columns, labelSpace(current));
      if (format === 1) rewrite.add("data");
      return checked;
    });
    if (data) values.data = data;
    const history = use("history", (text) => {
      const { history: raw, format } = readHistoryText(text);
      const checked = historyUpTo(validateHistory(raw), model?.step ?? 0);
      if (format === 1) rewrite.add("history");
      return checked;
    });
    if (history) {
      values.history = history;
      this.history = { history, step: model?.step ?? 0 };
    }
    const ui = use("ui", (text) => {
      const { ui: raw, format } = readUiText(text);
      const checked = validateUi(raw);
      if (format === 1) rewrite.add("ui");
      return checked;
    });
    if (ui) values.ui = ui;
    return { values, problems, rewrite };
  }

  /**
   * The optimizer state and metrics that go with the weights: in the same value (first format),
   * or in their own keys if those are from the weights' step.
   * @param {{weights: unknown, step: number, format: 1 | 2, optimizer?: unknown, metrics?: unknown}} model
   * @param {Config} config
   * @param {string[]} problems
   * @param {<T>(part: Part, f: (text: string) => T) => T | null} use
   */
  loadOptimizer(model, config, problems, use) {
    /** @type {any} */
    let optimizer = model.weights === null ? null : (model.optimizer ?? null);
    let metrics = model.weights === null ? null : (model.metrics ?? null);
    if (model.format === 2) {
      const opt = use("optimizer", readOptimizerText);
      const m = use("metrics", readMetricsText);
      if (opt && model.weights !== null && opt.step !== model.step) {
        problems.push(
          `The optimizer state saved (${STORAGE_KEYS.optimizer}) is from step ${opt.step}, the weights from step ${model.step} (a save was cut short): training goes on from the weights with a fresh optimizer`,
        );
      }
      optimizer = opt && model.weights !== null && opt.step === model.step ? opt.optimizer : null;
      metrics = m && model.weights !== null && m.step === model.step ? m.metrics : null;
      if (opt && optimizer === null) this.write("optimizer", null);
      if (m && metrics === null) this.write("metrics", null);
    }
    try {
      optimizer = validateOptimizer(optimizer, config);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push(`${STORAGE_KEYS.optimizer}: ${e.message}; the optimizer starts afresh`);
      optimizer = null;
      this.write("optimizer", null);
    }
    return { optimizer, metrics };
  }

  /**
   * @param {Part} part
   * @param {string[]} problems
   * @returns {string | null}
   */
  read(part, problems) {
    const key = STORAGE_KEYS[part];
    try {
      const text = this.storage.getItem(key);
      this.sizes.set(part, text === null ? 0 : key.length + text.length);
      return text;
    } catch (e) {
      problems.push(`cannot read ${key}: ${errorText(e)}`);
      return null;
    }
  }

  /**
   * Writes the model keys named in `dirty` from `values`. Weights go first: if they cannot be
   * written, the optimizer state of the same step is not written either, so what is stored
   * stays one step; if the optimizer state cannot be written after them, its older step says
   * so on load.
   * @param {Record<string, any>} values
   * @param {Set<string>} dirty
   * @returns {Set<string>} the keys whose write failed, to try again at the next save
   */
  save(values, dirty) {
    /** @type {Set<string>} */
    const failed = new Set();
    /** @param {Part} part @param {() => string | null} text @param {string[]} keys */
    const put = (part, text, keys) => {
      const ok = this.write(part, text());
      if (!ok) for (const k of keys) failed.add(k);
      return ok;
    };
    if (dirty.has("config")) put("config", () => (values.config === null ? null : configText(values.config)), ["config"]);
    if (dirty.has("data")) put("data", () => (values.data === null ? null : dataText(values.data)), ["data"]);
    if (MODEL_KEYS.some((k) => dirty.has(k))) {
      const { weights, optimizer, metrics, step } = values;
      const stepChanged = dirty.has("step");
      if (weights === null) {
        for (const part of /** @type {Part[]} */ (["weights", "optimizer", "metrics"])) put(part, () => null, MODEL_KEYS);
      } else if (!(dirty.has("weights") || stepChanged) || put("weights", () => weightsText(weights, step), MODEL_KEYS)) {
        if (dirty.has("optimizer") || stepChanged) put("optimizer", () => (optimizer ? optimizerText(optimizer, step) : null), ["optimizer"]);
        if (dirty.has("metrics") || stepChanged) put("metrics", () => (metrics ? metricsText(metrics, step) : null), ["metrics"]);
      }
    }
    if (dirty.has("ui")) put("ui", () => uiText(values.ui), ["ui"]);
    if (dirty.has("history")) {
      const room = this.budget - this.othersSize("history") - STORAGE_KEYS.history.length;
      this.history = { history: values.history, step: values.step ?? 0 };
      const { text, kept } = historyText(values.history, values.step ?? 0, room);
      // Full after all: the loss curve alone, then nothing.
      if (!this.write("history", text, kept === 0) && kept > 0) put("history", () => historyText(values.history, values.step ?? 0, 0).text, ["history"]);
    }
    return failed;
  }

  /**
   * Makes room: the stored history without its snapshots (the loss curve is small and stays).
   * @returns {boolean} whether it had snapshots to give up
   */
  shrinkHistory() {
    if (!this.history) return false;
    const { text, kept } = historyText(this.history.history, this.history.step, 0);
    if (kept > 0 || (this.sizes.get("history") ?? 0) <= STORAGE_KEYS.history.length + text.length) return false;
    return this.write("history", text, false);
  }

  /** @param {Part} part stored code units of every other part */
  othersSize(part) {
    let total = 0;
    for (const [p, n] of this.sizes) if (p !== part) total += n;
    return total;
  }

  /**
   * Writes (or, for null, removes) one part. A full storage first gives up the stored history's
   * snapshots, the one thing the page can do without. A failure is reported if `report`.
   * @param {Part} part
   * @param {string | null} text
   * @param {boolean} [report]
   * @returns {boolean}
   */
  write(part, text, report = true) {
    const key = STORAGE_KEYS[part];
    let freed = false;
    for (;;) {
      try {
        if (text === null) this.storage.removeItem(key);
        else this.storage.setItem(key, text);
        this.sizes.set(part, text === null ? 0 : key.length + text.length);
        return true;
      } catch (e) {
        if (isQuotaError(e) && part !== "history" && !freed) {
          freed = this.shrinkHistory();
          if (freed) continue;
        }
        if (report) {
          const [what, after] = LOST[part];
          const message = isQuotaError(e)
            ? `Browser storage is full: ${what} (${key}) could not be saved, so after a reload ${after}. This tab keeps working; fewer points or smaller layers need less space`
            : `Cannot save ${what} (${key}) to browser storage (${errorText(e)}): after a reload ${after}`;
          this.report(part, key, message);
        }
        return false;
      }
    }
  }
}
