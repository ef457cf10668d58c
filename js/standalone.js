// @ts-check
/**
 * The standalone page's model: the anywidget model interface (get, set, save_changes, on, off,
 * send, "msg:custom") on top of localStorage (persistence) and the /ws WebSocket (training).
 * The app cannot tell it from anywidget's model in JupyterLab.
 */

import {
  DEFAULT_LIMITS,
  ValidationError,
  defaultConfig,
  defaultUi,
  emptyHistory,
  parseStored,
  validateConfig,
  validateData,
  validateHistory,
  validateOptimizer,
  validateUi,
  validateWeights,
} from "./state.js";
import { Floats, decodeBinary, encodeBinary } from "./wire.js";

/** @typedef {import("./state.js").Config} Config */
/** @typedef {(...args: any[]) => void} Listener */
/**
 * @typedef {object} SocketLike the part of WebSocket this model uses
 * @property {number} readyState
 * @property {((ev: any) => void) | null} onopen
 * @property {((ev: any) => void) | null} onclose
 * @property {((ev: any) => void) | null} onerror
 * @property {((ev: {data: any}) => void) | null} onmessage
 * @property {string} [binaryType]
 * @property {(data: string | ArrayBuffer) => void} send
 * @property {() => void} close
 */
/**
 * @typedef {object} StandaloneOptions
 * @property {string} url WebSocket URL of /ws
 * @property {Storage | null} [storage] null: keep nothing between visits
 * @property {(url: string) => SocketLike} [openSocket]
 * @property {(fn: () => void, ms: number) => any} [setTimer]
 * @property {(handle: any) => void} [clearTimer]
 */
/**
 * A custom message waiting for its wire reply.
 * @typedef {object} Pending
 * @property {"train" | "init"} kind
 * @property {any} id the app's id, echoed in our reply
 * @property {number} steps
 * @property {boolean} resize
 * @property {number} generation the model state it was built from
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
const OPEN = 1;
export const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

export class StandaloneModel {
  /** @param {StandaloneOptions} options */
  constructor(options) {
    this.url = options.url;
    this.storage = options.storage ?? null;
    this.openSocket = options.openSocket ?? ((url) => /** @type {SocketLike} */ (new WebSocket(url)));
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h));
    /** @type {Record<string, any>} */
    this.values = {
      config: defaultConfig(),
      weights: null,
      optimizer: null,
      step: 0,
      data: null,
      metrics: null,
      history: emptyHistory(),
      ui: defaultUi(),
      limits: { ...DEFAULT_LIMITS },
      status: { connected: false, state: "connecting", error: null },
    };
    /** @type {Map<string, Set<Listener>>} */
    this.listeners = new Map();
    /** @type {Set<string>} */
    this.dirty = new Set();
    /** Bumped by every outside change of the training state. */
    this.generation = 0;
    /** @type {Map<number, Pending>} wire id -> request in flight */
    this.inFlight = new Map();
    /** @type {Pending[]} requests waiting for a connection */
    this.outbox = [];
    this.nextWireId = 1;
    /** @type {SocketLike | null} */
    this.socket = null;
    /** Whether the server offered the binary encoding (in its hello) on this connection. */
    this.binary = false;
    this.attempt = 0;
    /** @type {any} */
    this.retryTimer = null;
    this.closed = false;
    /** Problems found while loading, for the app to show. */
    /** @type {string[]} */
    this.problems = [];
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

  /** @param {any} msg `{type: "train", id, steps}` or `{type: "init", id, resize?}` */
  send(msg) {
    if (msg?.type !== "train" && msg?.type !== "init") {
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
    this.outbox.push(pending);
    this._flush();
  }

  // ------------------------------------------------------------------ persistence

  /** Loads every key from storage; a bad value is reported in `problems` and replaced. */
  load() {
    if (!this.storage) return;
    const config = this._loadKey("config", (v) => validateConfig(v.config));
    if (config) this.values.config = config;
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
    if (this.problems.length) {
      this.values.status = { ...this.values.status, error: { code: "storage", field: null, message: this.problems.join("; ") } };
    }
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
    if (fromOutside && STATE_KEYS.has(key)) this.generation++;
    this.values[key] = value;
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

  connect() {
    this.closed = false;
    this._setStatus({ state: "connecting", connected: false });
    /** @type {SocketLike} */
    let socket;
    try {
      socket = this.openSocket(this.url);
    } catch (e) {
      this._setStatus({ state: "disconnected", connected: false, error: { code: "connection", field: null, message: `Cannot open ${this.url}: ${e}` } });
      this._scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.binary = false;
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      this.attempt = 0;
      this._setStatus({ state: "connected", connected: true });
      this._flush();
    };
    socket.onmessage = (ev) => this._onWire(ev.data);
    socket.onerror = () => {}; // onclose follows and handles it
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      // Requests whose reply never came go out again on the next connection; each carries
      // its whole state, so nothing is applied twice.
      this.outbox.unshift(...this.inFlight.values());
      this.inFlight.clear();
      this._setStatus({ state: "disconnected", connected: false });
      if (!this.closed) this._scheduleReconnect();
    };
  }

  /** Stops the connection for good (the page is being torn down). */
  close() {
    this.closed = true;
    if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    const s = this.socket;
    this.socket = null;
    s?.close();
  }

  _scheduleReconnect() {
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = null;
      if (!this.closed) this.connect();
    }, delay);
  }

  /**
   * Sends the next waiting request once the one on the wire is answered. Each is built only
   * then, from the state its predecessor left (as a kernel builds each from its traits), so
   * the app can ask for the next step while one runs; a request re-sent after a reconnect is
   * fresh too.
   */
  _flush() {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    while (this.outbox.length && !this.inFlight.size) {
      const pending = /** @type {Pending} */ (this.outbox.shift());
      const wireId = this.nextWireId++;
      pending.generation = this.generation;
      const request = this._wireRequest(pending, wireId);
      if (!request) continue;
      this.inFlight.set(wireId, pending);
      socket.send(this.binary ? encodeBinary(binaryRequest(request)) : JSON.stringify(request));
    }
  }

  /**
   * @param {Pending} p
   * @param {number} wireId
   */
  _wireRequest(p, wireId) {
    const { config, weights, optimizer, step, data } = this.values;
    if (p.kind === "init") {
      return p.resize && weights
        ? { type: "init", id: wireId, config, weights, optimizer }
        : { type: "init", id: wireId, config };
    }
    if (!weights) {
      this._reply({ type: "error", id: p.id, code: "no_weights", field: "weights", message: "there are no weights to train yet" });
      return null;
    }
    return { type: "step", id: wireId, steps: p.steps, step, config, weights, optimizer, data };
  }

  /** @param {any} data a text frame, or an ArrayBuffer in the binary encoding */
  _onWire(data) {
    /** @type {any} */
    let msg;
    try {
      msg = data instanceof ArrayBuffer ? decodeBinary(data) : JSON.parse(String(data));
    } catch {
      return; // not from our server; nothing to answer
    }
    if (msg.type === "hello") {
      this._set("limits", { ...DEFAULT_LIMITS, ...msg.limits }, false);
      this.binary = Array.isArray(msg.encodings) && msg.encodings.includes("binary");
      return;
    }
    const pending = this.inFlight.get(msg.id);
    if (!pending) return;
    this.inFlight.delete(msg.id);
    if (msg.type === "error" || pending.generation !== this.generation) {
      this._flush();
      this._reply(
        msg.type === "error"
          ? { type: "error", id: pending.id, code: msg.code, field: msg.field ?? null, message: msg.message }
          : { type: "error", id: pending.id, code: "stale", field: null, message: "the state changed while this request ran; its reply was dropped" },
      );
      return;
    }
    if (msg.type === "step_result") {
      const metrics = { loss: msg.loss, accuracy: msg.accuracy, testLoss: msg.testLoss, testAccuracy: msg.testAccuracy };
      const values = { weights: msg.weights, optimizer: msg.optimizer, step: msg.step, metrics };
      // The next request leaves before this tab does anything else with the reply, so the
      // server trains while the page draws and writes storage.
      Object.assign(this.values, values);
      this._flush();
      this._setTogether(values);
      this._reply({ type: "trained", id: pending.id, step: msg.step, ...metrics });
      // In the same task as the values, so no reload can come between.
      this.save_changes();
    } else if (msg.type === "init_result") {
      const fresh = pending.resize ? {} : { step: 0, metrics: null };
      const values = { weights: msg.weights, optimizer: pending.resize ? msg.optimizer : null, ...fresh };
      Object.assign(this.values, values);
      this._flush();
      this._setTogether(values);
      this.save_changes();
      this._reply({ type: "initialized", id: pending.id });
    }
  }
}

/**
 * A wire request with its float arrays (weights, optimizer buffers, data columns) marked for
 * the binary payload.
 * @param {Record<string, any>} request
 */
export function binaryRequest(request) {
  /** @param {Record<string, any>} obj @param {(v: any) => any} f */
  const mapValues = (obj, f) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, f(v)]));
  const out = { ...request };
  if (request.weights) out.weights = mapValues(request.weights, Floats.of);
  if (request.optimizer) {
    out.optimizer = { ...request.optimizer, buffers: mapValues(request.optimizer.buffers, (b) => mapValues(b, Floats.of)) };
  }
  if (request.data) out.data = mapValues(request.data, Floats.of);
  return out;
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
