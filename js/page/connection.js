// @ts-check
/**
 * The standalone page's link to the server: the /ws WebSocket, its reconnects, and the
 * requests in order. On the page it runs in a Web Worker (see `serveConnection`), so that
 * when a training reply arrives the next request leaves at once, even while the page's main
 * thread is busy drawing a frame; the server then never waits for the page. Where a worker
 * cannot start it runs on the main thread, with the same messages.
 *
 * It keeps its own copy of the training state, replaced by the model whenever the model's
 * changes from outside (a new config, points, weights), and moved on by each reply it gets
 * for the current state. Every request is built from that copy when it leaves, so a request
 * the app asked for ahead starts from the state the one before it left.
 *
 * Weights and optimizer buffers stay tensors (Float32Arrays, tensors.js) from the reply that
 * brought them to the request that sends them on: the binary encoding reads and writes them
 * as they are, and only the JSON encoding converts them to and from nested arrays.
 */

import { isTensor, mapBuffers, nestedOf, toNested, toTensor, toTensors } from "../model/tensors.js";
import { Floats, decodeBinary, encodeBinary } from "../model/wire.js";

/**
 * @typedef {object} SocketLike the part of WebSocket this uses
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
 * A custom message of the app waiting for its wire reply.
 * @typedef {object} Pending
 * @property {"step" | "init"} kind
 * @property {any} id the app's id, echoed in the model's reply
 * @property {number} steps
 * @property {boolean} resize
 * @property {number} generation the state it was built from (stamped when it leaves)
 * @property {number} [sent] when it left (performance.now())
 */
/**
 * The training state requests are built from.
 * @typedef {{config: any, weights: any, optimizer: any, step: number, data: any}} TrainingState
 */
/**
 * Model -> connection.
 * @typedef {{type: "state", generation: number, state: TrainingState}
 *   | {type: "send", pending: Pending}
 *   | {type: "connect"}
 *   | {type: "close"}} ToConnection
 */
/**
 * Connection -> model. `reply` carries the wire reply as decoded (step_result, init_result or
 * error) for the request `pending`, and `ms`: the time from the later of its sending and the
 * reply before to its arrival, the cycle as the wire saw it (the page's main thread may take
 * its replies late and two at once).
 * @typedef {{type: "status", change: Record<string, any>}
 *   | {type: "hello", limits: Record<string, any>, schema: unknown}
 *   | {type: "reply", pending: Pending, msg: any, ms?: number}} FromConnection
 */
/**
 * @typedef {object} ConnectionOptions
 * @property {string} url WebSocket URL of /ws
 * @property {(msg: FromConnection) => void} post
 * @property {(url: string) => SocketLike} [openSocket]
 * @property {(fn: () => void, ms: number) => any} [setTimer]
 * @property {(handle: any) => void} [clearTimer]
 */

const OPEN = 1;
export const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

/**
 * The training keys a reply moves on: shared by the connection (its copy) and the model (what
 * the page shows and stores), so the two cannot disagree.
 * @param {Pending} pending
 * @param {any} msg a step_result or init_result
 * @param {number} step the step before the reply
 * @returns {{weights: any, optimizer: any, step: number}}
 */
export function stateAfter(pending, msg, step) {
  if (msg.type === "step_result") return { weights: msg.weights, optimizer: msg.optimizer, step: msg.step };
  // A resize (class-count change) continues the run; a fresh init starts one.
  return pending.resize ? { weights: msg.weights, optimizer: msg.optimizer, step } : { weights: msg.weights, optimizer: null, step: 0 };
}

export class Connection {
  /** @param {ConnectionOptions} options */
  constructor(options) {
    this.url = options.url;
    this.post = options.post;
    this.openSocket = options.openSocket ?? ((url) => /** @type {SocketLike} */ (new WebSocket(url)));
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h));
    /** @type {TrainingState} */
    this.state = { config: null, weights: null, optimizer: null, step: 0, data: null };
    this.generation = 0;
    /** @type {Map<number, Pending>} wire id -> the request on the wire (at most one) */
    this.inFlight = new Map();
    /** @type {Pending[]} requests waiting for the one on the wire, or for a connection */
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
    /** When the last reply arrived (performance.now()). */
    this.lastReply = 0;
  }

  /** @param {ToConnection} msg */
  receive(msg) {
    if (msg.type === "state") {
      this.state = msg.state;
      this.generation = msg.generation;
    } else if (msg.type === "send") {
      this.outbox.push(msg.pending);
      this._flush();
    } else if (msg.type === "connect") {
      this.connect();
    } else if (msg.type === "close") {
      this.close();
    }
  }

  connect() {
    this.closed = false;
    this._status({ state: "connecting", connected: false });
    /** @type {SocketLike} */
    let socket;
    try {
      socket = this.openSocket(this.url);
    } catch (e) {
      this._status({ state: "disconnected", connected: false, error: { code: "connection", field: null, message: `Cannot open ${this.url}: ${e}` } });
      this._scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.binary = false;
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      this.attempt = 0;
      this._status({ state: "connected", connected: true });
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
      this._status({ state: "disconnected", connected: false });
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

  /** @param {Record<string, any>} change */
  _status(change) {
    this.post({ type: "status", change });
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
   * Sends the next waiting request once the one on the wire is answered, built from the
   * state as it is then.
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
      pending.sent = performance.now();
      socket.send(this.binary ? encodeBinary(binaryRequest(request)) : JSON.stringify(jsonRequest(request)));
    }
  }

  /**
   * @param {Pending} p
   * @param {number} wireId
   */
  _wireRequest(p, wireId) {
    const { config, weights, optimizer, step, data } = this.state;
    if (p.kind === "init") {
      return p.resize && weights
        ? { type: "init", id: wireId, config, weights, optimizer }
        : { type: "init", id: wireId, config };
    }
    if (!weights) {
      this.post({ type: "reply", pending: p, msg: { type: "error", code: "no_weights", field: "weights", message: "there are no weights to train yet" } });
      return null;
    }
    return { type: "step", id: wireId, steps: p.steps, step, config, weights, optimizer, data };
  }

  /** @param {any} data a text frame, or an ArrayBuffer in the binary encoding */
  _onWire(data) {
    /** @type {any} */
    let msg;
    try {
      msg = data instanceof ArrayBuffer ? decodeBinary(data) : tensorsOf(JSON.parse(String(data)));
    } catch {
      return; // not from our server; nothing to answer
    }
    if (msg.type === "hello") {
      this.binary = Array.isArray(msg.encodings) && msg.encodings.includes("binary");
      this.post({ type: "hello", limits: msg.limits ?? {}, schema: msg.schema ?? null });
      return;
    }
    const pending = this.inFlight.get(msg.id);
    if (!pending) return;
    this.inFlight.delete(msg.id);
    const now = performance.now();
    const ms = now - Math.max(pending.sent ?? now, this.lastReply);
    this.lastReply = now;
    const current = pending.generation === this.generation;
    if (current && (msg.type === "step_result" || msg.type === "init_result")) {
      Object.assign(this.state, stateAfter(pending, msg, this.state.step));
    }
    // The next request leaves before the model hears of this reply.
    this._flush();
    this.post({ type: "reply", pending, msg, ms });
  }
}

/**
 * A wire request with its float arrays (weights, optimizer buffers, data columns) marked for
 * the binary payload. Tensors go as they are; nested arrays are flattened.
 * @param {Record<string, any>} request
 */
export function binaryRequest(request) {
  const floats = (/** @type {unknown} */ v) => (isTensor(v) ? new Floats(v.values, v.shape) : Floats.of(v));
  /** @param {Record<string, any>} obj */
  const mapValues = (obj) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, floats(v)]));
  const out = { ...request };
  if (request.weights) out.weights = mapValues(request.weights);
  if (request.optimizer) out.optimizer = mapBuffers(request.optimizer, floats);
  if (request.data) out.data = mapValues(request.data);
  return out;
}

/**
 * A wire request for the JSON encoding: tensors as nested arrays. The float32 values are
 * written in full, so the server reads back exactly the same float32s.
 * @param {Record<string, any>} request
 */
export function jsonRequest(request) {
  const nested = (/** @type {unknown} */ v) => (isTensor(v) ? toNested(v) : v);
  const out = { ...request };
  if (request.weights) out.weights = Object.values(request.weights).some(isTensor) ? nestedOf(request.weights) : request.weights;
  if (request.optimizer) out.optimizer = mapBuffers(request.optimizer, nested);
  return out;
}

/**
 * A reply in the JSON encoding with its weights and optimizer buffers as tensors, as the binary
 * encoding decodes them, so the rest of the page sees one form.
 * @param {any} msg
 */
export function tensorsOf(msg) {
  if (!msg || (msg.type !== "step_result" && msg.type !== "init_result")) return msg;
  const out = { ...msg };
  if (msg.weights) out.weights = toTensors(msg.weights);
  if (msg.optimizer) out.optimizer = mapBuffers(msg.optimizer, toTensor);
  return out;
}

/**
 * Runs a Connection inside a dedicated worker: the model's messages come in, the
 * connection's go out. The first message is `{type: "open", url}`.
 * @param {{postMessage: (msg: any) => void, onmessage: ((ev: {data: any}) => void) | null}} scope
 * @param {Omit<ConnectionOptions, "url" | "post">} [options]
 */
export function serveConnection(scope, options = {}) {
  /** @type {Connection | null} */
  let connection = null;
  scope.onmessage = (ev) => {
    const msg = ev.data;
    if (msg?.type === "open") {
      connection = new Connection({ ...options, url: msg.url, post: (m) => scope.postMessage(m) });
    } else {
      connection?.receive(msg);
    }
  };
}
