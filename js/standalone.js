// @ts-check
/**
 * The standalone page's model: the anywidget model interface (get, set, save_changes, on, off,
 * send, "msg:custom") on top of localStorage (persistence) and a Connection (connection.js) to
 * /ws for training, in a worker or on this thread. The app cannot tell it from anywidget's
 * model in JupyterLab.
 */

import { ValidationError, errorText } from "./check.js";
import { BACKOFF_MS, Connection, stateAfter } from "./connection.js";
import { defaultConfig, hostLimits, readSchema, validateConfig } from "./settings.js";
import { defaultUi, emptyHistory, parseStored, validateData, validateHistory, validateOptimizer, validateUi, validateWeights } from "./state.js";
import { mapBuffers, nestedOf, toNested, toTensor } from "./tensors.js";

/** @typedef {import("./settings.js").Config} Config */
/** @typedef {import("./settings.js").HostSchema} HostSchema */
/** @typedef {(...args: any[]) => void} Listener */
/** @typedef {import("./connection.js").SocketLike} SocketLike */
/** @typedef {import("./connection.js").Pending} Pending */
/** @typedef {import("./connection.js").FromConnection} FromConnection */
/** @typedef {import("./connection.js").ToConnection} ToConnection */
/**
 * @typedef {object} StandaloneOptions
 * @property {string} url WebSocket URL of /ws
 * @property {Storage | null} [storage] null: keep nothing between visits
 * @property {unknown} [schema] the server's settings schema as embedded in the page; without
 *   one, the model waits for the one in the server's `hello` before it reads the storage
 * @property {Worker | null} [worker] a worker running `serveConnection` (index.js) for the
 *   connection; without one it runs on this thread
 * @property {(url: string) => SocketLike} [openSocket] (connection on this thread only)
 * @property {(fn: () => void, ms: number) => any} [setTimer] (connection on this thread only)
 * @property {(handle: any) => void} [clearTimer] (connection on this thread only)
 */

/** localStorage key of each model key; weights, optimizer, step and metrics share one. */
export const STORAGE_KEYS = {
  config: "nnvisu_config",
  weights: "nnvisu_weights",
  data: "nnvisu_data",
  history: "nnvisu_history",
  ui: "nnvisu_ui",
};
const MODEL_GROUP = ["weights", "optimizer", "step", "metrics"];
/** Keys whose change makes a training reply in flight stale. */
const STATE_KEYS = new Set(["config", "weights", "optimizer", "step", "data"]);
export { BACKOFF_MS };

export class StandaloneModel {
  /** @param {StandaloneOptions} options */
  constructor(options) {
    this.url = options.url;
    this.storage = options.storage ?? null;
    /** @type {Record<string, any>} */
    this.values = {
      config: null,
      weights: null,
      optimizer: null,
      step: 0,
      data: null,
      metrics: null,
      history: emptyHistory(),
      ui: defaultUi(),
      limits: {},
      schema: null,
      status: { connected: false, state: "connecting", error: null },
    };
    /** @type {HostSchema | null} the parsed `schema` key */
    this.schema = null;
    /** Whether load() was asked for and has run (it waits for a schema). */
    this.loadState = /** @type {"no" | "waiting" | "done"} */ ("no");
    /** @type {Map<string, Set<Listener>>} */
    this.listeners = new Map();
    /** @type {Set<string>} */
    this.dirty = new Set();
    /** Bumped by every outside change of the training state. */
    this.generation = 0;
    /** The generation the connection last got the state of. */
    this.posted = -1;
    /** Problems found while loading, for the app to show. */
    /** @type {string[]} */
    this.problems = [];
    if (options.schema !== undefined && options.schema !== null) this._setSchema(options.schema);
    const worker = options.worker ?? null;
    /** @type {(msg: ToConnection) => void} */
    this.toConnection;
    /** @type {() => void} */
    this.stopConnection;
    if (worker) {
      worker.onmessage = (ev) => this._fromConnection(ev.data);
      worker.postMessage({ type: "open", url: this.url });
      this.toConnection = (msg) => worker.postMessage(msg);
      this.stopConnection = () => worker.terminate();
    } else {
      const connection = new Connection({
        url: this.url,
        post: (msg) => this._fromConnection(msg),
        openSocket: options.openSocket,
        setTimer: options.setTimer,
        clearTimer: options.clearTimer,
      });
      this.toConnection = (msg) => connection.receive(msg);
      this.stopConnection = () => {};
    }
  }

  // ------------------------------------------------------------------ model interface

  /** @param {string} key */
  get(key) {
    return this.values[key];
  }

  /**
   * @param {string} key
   * @param {any} value
   */
  set(key, value) {
    this._set(key, value, true);
  }

  save_changes() {
    const groups = new Set([...this.dirty].map((k) => (MODEL_GROUP.includes(k) ? "weights" : k)));
    this.dirty.clear();
    for (const g of groups) {
      if (!(g in STORAGE_KEYS)) continue;
      const key = STORAGE_KEYS[/** @type {keyof STORAGE_KEYS} */ (g)];
      /** @type {Record<string, unknown>} */
      const record = { version: 1 };
      if (g === "weights") {
        if (this.values.weights === null) {
          this._remove(key);
          continue;
        }
        for (const k of MODEL_GROUP) record[k] = this.values[k];
        // Text is written here, at the edge: in memory they stay tensors.
        record.weights = nestedOf(this.values.weights, true);
        record.optimizer = mapBuffers(this.values.optimizer, (v, name) => toNested(toTensor(v, name), true));
      } else {
        if (this.values[g] === null) {
          this._remove(key);
          continue;
        }
        record[g] = this.values[g];
      }
      this._write(key, JSON.stringify(record));
    }
  }

  /**
   * @param {string} name "change:KEY" or "msg:custom"
   * @param {Listener} callback
   */
  on(name, callback) {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(callback);
  }

  /**
   * @param {string} name
   * @param {Listener} callback
   */
  off(name, callback) {
    this.listeners.get(name)?.delete(callback);
  }

  /** @param {any} msg `{type: "step", id, steps}` or `{type: "init", id, resize?}` */
  send(msg) {
    if (msg?.type !== "step" && msg?.type !== "init") {
      this._reply({ type: "error", id: msg?.id ?? null, code: "unknown_type", field: "type", message: `type: unknown message type ${JSON.stringify(msg?.type)}` });
      return;
    }
    /** @type {Pending} */
    const pending = {
      kind: msg.type,
      id: msg.id,
      steps: Math.max(1, Math.floor(Number(msg.steps) || 1)),
      resize: Boolean(msg.resize),
      generation: this.generation,
    };
    this._postState();
    this.toConnection({ type: "send", pending });
  }

  // ------------------------------------------------------------------ persistence

  /**
   * Loads every key from storage; a bad value is reported in `problems` and replaced. The
   * config is checked against the server's schema, so without one this waits for the hello.
   */
  load() {
    this.loadState = "waiting";
    if (this.schema) this._load(this.schema);
  }

  /** @param {HostSchema} schema */
  _load(schema) {
    this.loadState = "done";
    if (!this.storage) return;
    const config = this._loadKey("config", (v) => validateConfig(v.config, schema));
    if (config) {
      this.values.config = config;
      this.dirty.delete("config");
    }
    const model = this._loadKey("weights", (v) => {
      const weights = v.weights === null ? null : validateWeights(v.weights, this.values.config.architecture);
      const step = v.step ?? 0;
      if (!Number.isInteger(step) || step < 0) throw new ValidationError("step must be a whole number");
      return { weights, optimizer: validateOptimizer(v.optimizer, this.values.config), step, metrics: v.metrics ?? null };
    });
    if (model) Object.assign(this.values, model);
    const classes = this.values.config.architecture.at(-1);
    const data = this._loadKey("data", (v) => validateData(v.data, classes));
    if (data) this.values.data = data;
    const history = this._loadKey("history", (v) => validateHistory(v.history));
    if (history) this.values.history = history;
    const ui = this._loadKey("ui", (v) => validateUi(v.ui));
    if (ui) this.values.ui = ui;
    if (this.problems.length) this._setStatus({ error: { code: "storage", field: null, message: this.problems.join("; ") } });
    // A load that waited for the hello changed the state the connection may already hold.
    this.generation++;
  }

  /**
   * @template T
   * @param {keyof STORAGE_KEYS} name
   * @param {(value: Record<string, any>) => T} validate
   * @returns {T | null}
   */
  _loadKey(name, validate) {
    const key = STORAGE_KEYS[name];
    /** @type {string | null} */
    let raw = null;
    try {
      raw = /** @type {Storage} */ (this.storage).getItem(key);
    } catch (e) {
      this.problems.push(`cannot read ${key}: ${e}`);
      return null;
    }
    const parsed = parseStored(key, raw);
    if ("missing" in parsed) return null;
    /** @type {string} */
    let problem;
    if ("error" in parsed) {
      problem = parsed.error;
    } else {
      try {
        return validate(parsed.value);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        problem = `${key}: ${e.message}`;
      }
    }
    this.problems.push(`${problem}; replaced by defaults`);
    this._remove(key);
    return null;
  }

  /** @param {string} key @param {string} text */
  _write(key, text) {
    if (!this.storage) return;
    try {
      this.storage.setItem(key, text);
    } catch (e) {
      const full = e instanceof Error && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED");
      const message = full
        ? "Browser storage is full: this tab keeps working, but changes will not survive a reload until space is freed (fewer points or smaller layers help)"
        : `Cannot save to browser storage: ${e}`;
      this._setStatus({ error: { code: "storage_full", field: key, message } });
    }
  }

  /** @param {string} key */
  _remove(key) {
    try {
      this.storage?.removeItem(key);
    } catch {
      // Nothing stored is nothing lost.
    }
  }

  // ------------------------------------------------------------------ events and state

  /**
   * @param {string} key
   * @param {any} value
   * @param {boolean} fromOutside true unless a training reply is being applied
   */
  _set(key, value, fromOutside) {
    this.values[key] = value;
    if (fromOutside && STATE_KEYS.has(key)) {
      this.generation++;
      // At once: a request the connection chains next must start from this state.
      this._postState();
    }
    this.dirty.add(key);
    this._emit(`change:${key}`, this, value);
  }

  /**
   * A training reply's keys: all values first, then the change events, as anywidget delivers
   * one host update, so a listener of one key sees the others of the same step.
   * @param {Record<string, any>} values
   */
  _setTogether(values) {
    Object.assign(this.values, values);
    for (const key of Object.keys(values)) this.dirty.add(key);
    for (const [key, value] of Object.entries(values)) this._emit(`change:${key}`, this, value);
  }

  /** @param {string} name @param {...any} args */
  _emit(name, ...args) {
    for (const cb of [...(this.listeners.get(name) ?? [])]) cb(...args);
  }

  /** @param {any} msg */
  _reply(msg) {
    this._emit("msg:custom", msg, []);
  }

  /** @param {Record<string, any>} change */
  _setStatus(change) {
    this._set("status", { ...this.values.status, ...change }, false);
    this.dirty.delete("status");
  }

  // ------------------------------------------------------------------ the connection

  /** Gives the connection the training state, if it changed since it last got it. */
  _postState() {
    if (this.posted === this.generation) return;
    this.posted = this.generation;
    const { config, weights, optimizer, step, data } = this.values;
    this.toConnection({ type: "state", generation: this.generation, state: { config, weights, optimizer, step, data } });
  }

  /**
   * Takes a schema (embedded in the page, or from a hello): the defaults of a first visit come
   * from it, and a load() that waited for it runs now, before the app hears of the schema.
   * @param {unknown} raw
   */
  _setSchema(raw) {
    /** @type {HostSchema} */
    let schema;
    try {
      schema = readSchema(raw);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this._setStatus({ error: { code: "schema", field: null, message: `The server's settings schema cannot be used: ${errorText(e)}` } });
      return;
    }
    this.schema = schema;
    if (this.values.config === null) {
      this.values.config = defaultConfig(schema);
      // Stored at the first save_changes unless load() finds a stored one.
      this.dirty.add("config");
    }
    this.values.limits = hostLimits(schema, this.values.limits);
    if (this.loadState === "waiting") this._load(schema);
    this._set("schema", raw, false);
    this.dirty.delete("schema");
  }

  connect() {
    this._postState();
    this.toConnection({ type: "connect" });
  }

  /** Stops the connection for good (the page is being torn down). */
  close() {
    this.toConnection({ type: "close" });
    this.stopConnection();
  }

  /** @param {FromConnection} msg */
  _fromConnection(msg) {
    if (msg.type === "status") {
      this._setStatus(msg.change);
    } else if (msg.type === "hello") {
      if (msg.schema !== null && JSON.stringify(msg.schema) !== JSON.stringify(this.values.schema)) this._setSchema(msg.schema);
      this._set("limits", msg.limits, false);
    } else if (msg.type === "reply") {
      this._onReply(msg.pending, msg.msg, msg.ms);
    }
  }

  /**
   * @param {Pending} pending
   * @param {any} msg the wire reply
   * @param {number} [ms] the cycle it ended, as the connection timed it
   */
  _onReply(pending, msg, ms) {
    if (msg.type === "error") {
      this._reply({ type: "error", id: pending.id, code: msg.code, field: msg.field ?? null, message: msg.message });
      return;
    }
    if (pending.generation !== this.generation) {
      this._reply({ type: "error", id: pending.id, code: "stale", field: null, message: "the state changed while this request ran; its reply was dropped" });
      return;
    }
    const next = stateAfter(pending, msg, this.values.step);
    if (msg.type === "step_result") {
      const metrics = { loss: msg.loss, accuracy: msg.accuracy, testLoss: msg.testLoss, testAccuracy: msg.testAccuracy };
      this._setTogether({ ...next, metrics });
      const counts = { trainCount: msg.trainCount, testCount: msg.testCount };
      this._reply({ type: "step_result", id: pending.id, step: msg.step, ...metrics, ...counts, ...(ms === undefined ? {} : { ms }) });
      // In the same task as the values, so no reload can come between.
      this.save_changes();
    } else if (msg.type === "init_result") {
      this._setTogether(pending.resize ? { weights: next.weights, optimizer: next.optimizer } : { ...next, metrics: null });
      this.save_changes();
      this._reply({ type: "init_result", id: pending.id });
    }
  }
}

/**
 * The WebSocket URL of `/ws` next to the page, so the app also works under a proxy sub-path.
 * @param {string} baseURI
 */
export function socketUrl(baseURI) {
  const url = new URL("ws", baseURI);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}
