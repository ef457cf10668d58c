// @ts-check
/**
 * The readings (loss, accuracy): of the live network, the trainer's metrics when it sent them
 * with the weights, else the JS forward pass of the live weights on the current points; of a
 * History snapshot, its forward pass on the current points. For a large network on many points
 * that pass takes longer than a frame, so it runs over frames (budget.js) and the readings are
 * "not ready" meanwhile.
 */

import { FRAME_BUDGET_MS, WHOLE_WORK, pointWork, pointsPass } from "./budget.js";
import { readingsOf } from "../data/regression.js";
import { IdentityCache } from "../views/views.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("./forward.js").Data} Data */
/** @typedef {import("../data/regression.js").Readings} Readings */

export class LiveReadings {
  /** @param {() => number} [now] */
  constructor(now) {
    this.now = now;
    /** @type {IdentityCache<{job: import("./budget.js").ForwardJob | null, data: Data, value: Readings | null}>} */
    this.cache = new IdentityCache();
  }

  /**
   * The readings of `net` on `data` for `key` (the objects they depend on), or null while they
   * are being computed; work on them runs until `deadline`.
   * @param {unknown[]} key
   * @param {Layer[]} net
   * @param {{features: string[], activation: string, [key: string]: any}} config
   * @param {Data} data
   * @param {number} deadline
   * @param {boolean} [hostWillSend] the host's next reply brings them: a pass longer than a
   *   frame is then not started at all
   * @returns {Readings | null}
   */
  get(key, net, config, data, deadline, hostWillSend = false) {
    const fresh = !this.cache.entry || this.cache.entry.key.some((v, i) => v !== key[i]);
    if (fresh && hostWillSend && data.x.length * pointWork(net) > WHOLE_WORK) return null;
    const entry = this.cache.get(key, () => ({
      job: pointsPass(net, config.features, config.activation, data, this.now),
      data,
      value: null,
    }));
    if (entry.job?.run(deadline)) {
      entry.value = readingsOf(entry.job.result.logits, net[net.length - 1].nOut, entry.data, config);
      entry.job = null;
    }
    return entry.value;
  }

  /** Whether readings are being computed. */
  get pending() {
    return Boolean(this.cache.entry?.value.job);
  }

  /**
   * Readings from outside (the trainer's), for `key`.
   * @param {unknown[]} key
   * @param {Readings} value
   */
  set(key, value) {
    this.cache.set(key, { job: null, data: { x: [], y: [], label: [], test: [] }, value });
  }
}

/**
 * What the app's readouts show, from its model (the anywidget interface) and its state.
 * @typedef {object} ReadingsSource
 * @property {{get: (key: string) => any}} model
 * @property {() => {features: string[], activation: string, [key: string]: any}} config
 * @property {() => Data} data
 * @property {() => boolean} playing the trainer's next reply brings the live readings
 * @property {() => void} work asks for a work frame (readings being computed)
 */

export class FrameReadings {
  /** @param {ReadingsSource} source */
  constructor(source) {
    this.source = source;
    this.live = new LiveReadings();
    this.snapshot = new LiveReadings();
  }

  /** Whether readings are being computed. */
  get pending() {
    return this.live.pending || this.snapshot.pending;
  }

  /** What the live readings depend on, compared by identity. */
  liveKey() {
    const { model, config } = this.source;
    return [model.get("weights"), model.get("data"), config()];
  }

  /**
   * The live network's readings: the trainer's, or computed when the points or the weights
   * changed since (an edit, a reset), once per change, over frames for a large network (null
   * until done), and not at all for a large network while playing (the next reply brings them).
   * @param {Layer[]} net
   * @param {number} [deadline] when this frame's share of the work ends
   */
  ofLive(net, deadline = performance.now() + FRAME_BUDGET_MS) {
    return this.read(this.live, this.liveKey(), net, deadline, this.source.playing());
  }

  /**
   * A History snapshot's readings on the current points.
   * @param {Layer[]} net
   * @param {number} deadline
   */
  ofSnapshot(net, deadline) {
    const { config, data } = this.source;
    return this.read(this.snapshot, [net, data(), config()], net, deadline, false);
  }

  /** The trainer's metrics arrived with new weights: the live readings until either changes. */
  fromHost() {
    const m = this.source.model.get("metrics");
    if (!m || typeof m.loss !== "number" || !Number.isFinite(m.loss)) return;
    const { loss, accuracy = null, testLoss = null, testAccuracy = null, r2 = null, testR2 = null } = m;
    this.live.set(this.liveKey(), { loss, accuracy, testLoss, testAccuracy, r2, testR2 });
  }

  /**
   * @param {LiveReadings} cache
   * @param {unknown[]} key
   * @param {Layer[]} net
   * @param {number} deadline
   * @param {boolean} hostWillSend
   */
  read(cache, key, net, deadline, hostWillSend) {
    const readings = cache.get(key, net, this.source.config(), this.source.data(), deadline, hostWillSend);
    if (cache.pending) this.source.work();
    return readings;
  }
}
