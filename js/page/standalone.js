// @ts-check
/**
 * The standalone page's model: the anywidget model interface (get, set, save_changes, on, off,
 * send, "msg:custom") on top of localStorage (persistence) and a Connection (connection.js) to
 * /ws for training, in a worker or on this thread. The app cannot tell it from anywidget's
 * model in JupyterLab.
 */

import { ValidationError, errorText } from "../settings/check.js";
import { BACKOFF_MS, Connection, stateAfter } from "./connection.js";
import { defaultConfig, hostLimits, readSchema } from "../settings/settings.js";
import { defaultUi, emptyHistory } from "../settings/state.js";
import { STORAGE_KEYS } from "./storage.js";
import { PageStore } from "./store.js";

/** @typedef {import("@anywidget/types").AnyModel} AnyModel */
/** @typedef {import("../settings/settings.js").Config} Config */
/** @typedef {import("../settings/settings.js").HostSchema} HostSchema */
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
 * @property {(fn: () => void, ms: number) => any} [setTimer] timers of saves put off, and of
 *   the connection on this thread
 * @property {(handle: any) => void} [clearTimer]
 */

/** The app's requests (its replies are REPLIES below). */
const REQUESTS = new Set(["step", "init"]);
/** Keys whose change makes a training reply in flight stale. */
const STATE_KEYS = new Set(["config", "weights", "optimizer", "step", "data"]);
/** Weights and optimizer state of this many stored code units or more make a large network... */
export const LARGE_STATE_UNITS = 200_000;
/**
 * ...whose saves after a training reply are put off, for this many times the last save's
 * duration within these bounds, so saving stays a small part of the page's time.
 */
const SAVE_PUT_OFF = { factor: 20, minMs: 1000, maxMs: 5000 };
export { BACKOFF_MS, STORAGE_KEYS };

/**
 * anywidget's model interface, checked against anywidget's own type.
 * @implements {AnyModel}
 */
export class StandaloneModel {
  /** @param {StandaloneOptions} options */
  constructor(options) {
    this.url = options.url;
    /** Where the state persists: null keeps nothing between visits. */
    this.store = options.storage ? new PageStore(options.storage, (_part, key, message) => this._setStatus({ error: { code: "storage_full", field: key, message } })) : null;
    /** How long the last save took, and the save put off until later, if any. */
    this.saveMs = 0;
    /** @type {any} */
    this.saveTimer = null;
    this.setTimer = options.setTimer ?? ((/** @type {() => void} */ fn, /** @type {number} */ ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((/** @type {any} */ handle) => clearTimeout(handle));
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
    /** No other models live beside this one: the page has no widget manager to ask. */
    this.widget_manager = {
      /** @type {AnyModel["widget_manager"]["get_model"]} */
      get_model: (id) => Promise.reject(new Error(`no model ${id}: the standalone page has no widget manager`)),
    };
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

  /** Writes every changed key to storage (storage.js has the formats). */
  save_changes() {
    if (this.saveTimer !== null) this.clearTimer(this.saveTimer);
    this.saveTimer = null;
    const dirty = this.dirty;
    this.dirty = new Set();
    if (!this.store) return;
    const start = performance.now();
    // What could not be written is tried again at the next save.
    for (const key of this.store.save(this.values, dirty)) this.dirty.add(key);
    this.saveMs = performance.now() - start;
  }

  /**
   * Saves a training reply's state: at once, unless the network is large; then put off, so
   * one save covers several replies. The app's history writes (at least once a second while
   * playing, at once when training rests) and `pagehide` save what waits.
   */
  _saveAfterReply() {
    const sizes = this.store?.sizes;
    if (!sizes || (sizes.get("weights") ?? 0) + (sizes.get("optimizer") ?? 0) < LARGE_STATE_UNITS) {
      this.save_changes();
    } else if (this.saveTimer === null) {
      const { factor, minMs, maxMs } = SAVE_PUT_OFF;
      this.saveTimer = this.setTimer(() => this.save_changes(), Math.min(maxMs, Math.max(minMs, factor * this.saveMs)));
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
   * As Backbone's: without a callback every listener of the event goes, without an event
   * every listener.
   * @param {string | null} [name]
   * @param {Listener | null} [callback]
   */
  off(name, callback) {
    if (!name) this.listeners.clear();
    else if (!callback) this.listeners.delete(name);
    else this.listeners.get(name)?.delete(callback);
  }

  /** @param {any} msg `{type: "step", id, steps}` or `{type: "init", id, resize?}` */
  send(msg) {
    if (!REQUESTS.has(msg?.type)) {
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
    if (!this.store) return;
    const { values, problems, rewrite } = this.store.load(schema, this.values.config);
    Object.assign(this.values, values);
    if (values.config) this.dirty.delete("config");
    this.problems.push(...problems);
    if (problems.length) this._setStatus({ error: { code: "storage", field: null, message: problems.join("; ") } });
    // Values of the first format, or cleaned of what could not be used, are written anew at once.
    if (rewrite.size) {
      for (const key of rewrite) this.dirty.add(key);
      this.save_changes();
    }
    // A load that waited for the hello changed the state the connection may already hold.
    this.generation++;
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
    /** @type {(model: StandaloneModel, msg: FromConnection) => void} */ (FROM_CONNECTION[msg.type])(this, msg);
  }

  /**
   * A server's hello: its schema (where it differs from the one the model has) and its limits.
   * @param {unknown} schema
   * @param {Record<string, any>} limits
   */
  _hello(schema, limits) {
    if (schema !== null && JSON.stringify(schema) !== JSON.stringify(this.values.schema)) this._setSchema(schema);
    this._set("limits", limits, false);
  }

  /**
   * @param {Pending} pending
   * @param {any} msg the wire reply
   * @param {number} [ms] the cycle it ended, as the connection timed it
   */
  _onReply(pending, msg, ms) {
    // An error is passed on whatever changed; a result only if it applies to the state as it is.
    if (msg.type !== "error" && pending.generation !== this.generation) {
      this._reply({ type: "error", id: pending.id, code: "stale", field: null, message: "the state changed while this request ran; its reply was dropped" });
      return;
    }
    if (Object.hasOwn(REPLIES, msg.type)) REPLIES[msg.type](this, pending, msg, ms);
  }
}

/**
 * The model's answer to each message of the connection, by type.
 * @type {{[T in FromConnection["type"]]: (model: StandaloneModel, msg: Extract<FromConnection, {type: T}>) => void}}
 */
const FROM_CONNECTION = {
  status: (model, msg) => model._setStatus(msg.change),
  hello: (model, msg) => model._hello(msg.schema, msg.limits),
  reply: (model, msg) => model._onReply(msg.pending, msg.msg, msg.ms),
};

/**
 * The server's replies to a request, by type: what each sets in the model's keys and what the
 * app hears ("msg:custom"). The wire protocol's names (docs/protocol.md).
 * @type {Record<string, (model: StandaloneModel, pending: Pending, msg: any, ms?: number) => void>}
 */
const REPLIES = {
  error: (model, pending, msg) => model._reply({ type: "error", id: pending.id, code: msg.code, field: msg.field ?? null, message: msg.message }),
  step_result: (model, pending, msg, ms) => {
    const metrics = { loss: msg.loss, accuracy: msg.accuracy, testLoss: msg.testLoss, testAccuracy: msg.testAccuracy };
    // A regression's R² (a host before regression sends none).
    if (msg.r2 !== undefined) Object.assign(metrics, { r2: msg.r2, testR2: msg.testR2 ?? null });
    model._setTogether({ ...stateAfter(pending, msg, model.values.step), metrics });
    const counts = { trainCount: msg.trainCount, testCount: msg.testCount };
    model._reply({ type: "step_result", id: pending.id, step: msg.step, ...metrics, ...counts, ...(ms === undefined ? {} : { ms }) });
    // In the same task as the values (or put off, for a large network, until pagehide at the latest).
    model._saveAfterReply();
  },
  init_result: (model, pending, msg) => {
    const next = stateAfter(pending, msg, model.values.step);
    model._setTogether(pending.resize ? { weights: next.weights, optimizer: next.optimizer } : { ...next, metrics: null });
    model.save_changes();
    model._reply({ type: "init_result", id: pending.id });
  },
};

/**
 * The WebSocket URL of `/ws` next to the page, so the app also works under a proxy sub-path.
 * @param {string} baseURI
 */
export function socketUrl(baseURI) {
  const url = new URL("ws", baseURI);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}
