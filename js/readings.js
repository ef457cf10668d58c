// @ts-check
/**
 * The live readings (loss, accuracy): the trainer's metrics when it sent them with the weights,
 * else the JS forward pass of the live weights on the current points. For a large network on
 * many points that pass takes longer than a frame, so it runs over frames (budget.js) and the
 * readings are "not ready" meanwhile.
 */

import { ForwardJob, WHOLE_WORK, pointWork } from "./budget.js";
import { metricsOf } from "./forward.js";
import { IdentityCache } from "./views.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("./forward.js").Data} Data */
/** @typedef {import("./views.js").Readings} Readings */

export class LiveReadings {
  /** @param {() => number} [now] */
  constructor(now) {
    this.now = now;
    /** @type {IdentityCache<{job: ForwardJob | null, data: Data, value: Readings | null}>} */
    this.cache = new IdentityCache();
  }

  /**
   * The readings of `net` on `data` for `key` (the objects they depend on), or null while they
   * are being computed; work on them runs until `deadline`.
   * @param {unknown[]} key
   * @param {Layer[]} net
   * @param {{features: string[], activation: string}} config
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
      job: new ForwardJob(net, config.features, config.activation, data.x, data.y, false, this.now),
      data,
      value: null,
    }));
    if (entry.job?.run(deadline)) {
      const m = metricsOf(entry.job.result.logits, net[net.length - 1].nOut, entry.data);
      entry.value = { loss: m.loss, accuracy: m.accuracy, testLoss: m.testLoss, testAccuracy: m.testAccuracy };
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
