// @ts-check
/**
 * The history as the app keeps it: a step recorded whenever the model's step moves (whoever
 * trained: this view, another view, Python in the kernel), written to the model at once when
 * training rests and at most once a second while it runs, and the History scrubber: a time
 * machine that shows an earlier snapshot (moving it pauses training) and continues training
 * from it. A host that keeps the history itself (the kernel, which records every training
 * request and each epoch of a fit, with or without a browser) is never written to: its history
 * replaces this view's whenever it arrives, and the steps recorded here in between only keep
 * the chart live.
 */

import { errorText } from "../settings/check.js";
import { field, h } from "../views/dom.js";
import { record } from "./history.js";
import { emptyHistory, validateHistory } from "../settings/state.js";
import { historyForHost } from "../page/storage.js";

/** @typedef {import("../settings/state.js").History} History */
/** @typedef {import("../settings/state.js").Snapshot} Snapshot */
/** @typedef {import("../data/regression.js").Readings} Readings */
/**
 * @typedef {object} HistoryHooks
 * @property {() => boolean} playing
 * @property {() => void} changed something shown changed
 * @property {() => Readings | null} liveMetrics metrics of the live weights on the current
 *   points, or null without a network
 * @property {() => void} [pause] stop training (the scrubber moved while playing)
 * @property {(snapshot: Snapshot) => void} [continueFrom] the Continue from here button
 * @property {() => boolean} hostKeeps whether the host keeps the history (status.keepsHistory)
 */

/** While training runs, the history is written at most this often. */
export const HISTORY_SAVE_MS = 1000;
/**
 * ...and, where a write takes long (a large network's state), so that writing takes at most
 * 1 / HISTORY_SAVE_SHARE of the time; each write waits for idle time, between frames.
 */
export const HISTORY_SAVE_SHARE = 10;

export class HistoryView {
  /**
   * @param {{get: (key: string) => any, set: (key: string, value: any) => void, save_changes: () => void}} model
   * @param {string} id the scrubber's element id
   * @param {HistoryHooks} hooks
   * @param {{range: HTMLInputElement, label: HTMLElement, element: HTMLElement, resume?: HTMLButtonElement}} [elements]
   *   the scrubber (made here by default)
   */
  constructor(model, id, hooks, elements = scrubber(id)) {
    this.model = model;
    this.hooks = hooks;
    /** @type {History} */
    this.history = emptyHistory();
    /** @type {History | null} the compact copy last written to the model */
    this.sent = null;
    /** @type {number | null} index into history.snapshots while scrubbing */
    this.scrub = null;
    this.dirty = false;
    /** @type {any} the write waiting: a timeout, then an idle callback (`idle`) */
    this.timer = null;
    /** @type {number | null} */
    this.idle = null;
    /** How long the last paced write took. */
    this.writeMs = 0;
    this.range = elements.range;
    this.label = elements.label;
    this.element = elements.element;
    this.resume = elements.resume ?? null;
    this.range.addEventListener("input", () => this.scrubbed());
    this.resume?.addEventListener("click", () => {
      const shown = this.shown();
      if (shown) hooks.continueFrom?.(shown);
    });
  }

  /**
   * Takes the model's history; a problem with it is returned for the app to show.
   * @returns {string | null}
   */
  load() {
    try {
      const raw = this.model.get("history");
      if (raw) this.history = validateHistory(raw);
      return null;
    } catch (e) {
      return `The history cannot be used (${errorText(e)}); starting a new one`;
    }
  }

  /** The model's history changed (another view wrote it). */
  onHostHistory() {
    const raw = this.model.get("history");
    if (raw === this.history || raw === this.sent) return;
    try {
      this.history = raw ? validateHistory(raw) : emptyHistory();
    } catch {
      // keep ours: a bad history from the host is not worth losing the live one
    }
    this.hooks.changed();
  }

  /** A new history, starting with the current weights at the current step. */
  start() {
    this.history = emptyHistory();
    const weights = this.model.get("weights");
    const m = weights ? this.hooks.liveMetrics() : null;
    if (m && m.loss !== null) this.history = record(this.history, Number(this.model.get("step") ?? 0), { ...m, loss: m.loss }, weights, this.model.get("optimizer"));
    this.dirty = true;
    this.flush();
  }

  /** The model's step changed: a later step is recorded, an earlier one starts anew. */
  onStep() {
    const step = Number(this.model.get("step") ?? 0);
    const losses = this.history.losses;
    const last = losses.length ? losses[losses.length - 1][0] : -1;
    const weights = this.model.get("weights");
    if (step === 0 || step < last) {
      this.start();
    } else if (step > last && weights) {
      /** @type {Partial<Readings> | null} */
      let m = this.model.get("metrics");
      if (!m || !Number.isFinite(m.loss)) m = this.hooks.liveMetrics();
      if (m && typeof m.loss === "number") {
        this.history = record(this.history, step, { ...m, loss: m.loss }, weights, this.model.get("optimizer"));
        this.dirty = true;
        // While playing, at most one history write a second (fewer where writes take long);
        // otherwise at once, so the stored state is complete whenever training rests.
        if (this.hooks.playing()) this.saveSoon();
        else this.flush();
      }
    }
    this.hooks.changed();
  }

  saveSoon() {
    if (this.timer !== null) return;
    const write = () => {
      this.timer = null;
      this.idle = null;
      if (!this.dirty) return;
      const start = performance.now();
      this.flush();
      this.writeMs = performance.now() - start;
    };
    const idle = globalThis.requestIdleCallback;
    this.timer = setTimeout(() => {
      if (idle) this.idle = idle(write, { timeout: HISTORY_SAVE_MS });
      else write();
    }, Math.max(HISTORY_SAVE_MS, HISTORY_SAVE_SHARE * this.writeMs));
  }

  flush() {
    if (!this.dirty) return;
    this.dirty = false;
    if (this.hooks.hostKeeps()) return;
    // The model gets a compact copy (float32 buffers, within a byte budget): a kernel's history
    // is saved with the notebook.
    this.sent = historyForHost(this.history);
    this.model.set("history", this.sent);
    this.model.save_changes();
  }

  /** The scrubber moved: an earlier snapshot is shown, and training pauses to show it. */
  scrubbed() {
    const n = this.history.snapshots.length;
    const v = Number(this.range.value);
    if (v < n && this.hooks.playing()) this.hooks.pause?.();
    this.scrub = v >= n ? null : v;
    this.hooks.changed();
  }

  /**
   * Another history, as it is (Undo brings back the one of an earlier network).
   * @param {History} history
   */
  replace(history) {
    this.history = history;
    this.scrub = null;
    this.dirty = true;
    this.flush();
  }

  /** Back to the live network. */
  unscrub() {
    this.scrub = null;
  }

  /** The snapshot shown instead of the live network, if any. */
  shown() {
    return this.scrub === null ? null : (this.history.snapshots[this.scrub] ?? null);
  }

  /** Puts the history's state into the scrubber. */
  sync() {
    const n = this.history.snapshots.length;
    const shown = this.shown();
    this.range.max = String(n);
    if (this.scrub === null) this.range.value = String(n);
    this.range.disabled = n === 0;
    this.label.textContent = shown ? `step ${shown.step}` : "live";
    // Screen readers say the step, not the slider's index.
    this.range.setAttribute("aria-valuetext", shown ? `step ${shown.step}` : `live, step ${Number(this.model.get("step") ?? 0)}`);
    if (this.resume) this.resume.disabled = !shown;
  }

  destroy() {
    this.flush();
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.idle !== null) globalThis.cancelIdleCallback?.(this.idle);
    this.timer = null;
    this.idle = null;
  }
}

/**
 * The History slider and the step it shows.
 * @param {string} id
 */
function scrubber(id) {
  const range = /** @type {HTMLInputElement} */ (h("input", { type: "range", min: 0, max: 0, step: 1, value: 0 }));
  const label = h("span", { class: "nv-history-step" });
  const resume = /** @type {HTMLButtonElement} */ (
    h("button", { type: "button", class: "nv-resume", text: "Continue from here", title: "Train on from the step shown, with its weights and optimizer state", disabled: true })
  );
  return { range, label, resume, element: h("div", { class: "nv-history" }, [field("History", range, id), label, resume]) };
}
