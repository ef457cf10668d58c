// @ts-check
/**
 * Undo and redo of every edit of the points, the data settings and the training settings. An
 * edit is remembered as the config and the points before it; where it also replaced the
 * network (a setting whose change starts a new run, as the host's schema says, or the class
 * count), the trained network before it too, so Undo brings back the weights, the optimizer
 * state, the step and the history it had.
 */

import { sameData } from "../data/points.js";
import { netShape, onlyClassesDiffer, settingsStarting } from "../settings/settings.js";
import { UndoRedo, undoKey } from "./undo.js";

/** @typedef {import("../settings/settings.js").Config} Config */
/** @typedef {import("../model/forward.js").Data} Data */
/** @typedef {import("../settings/state.js").History} History */
/**
 * A trained network with what goes with it.
 * @typedef {object} NetState
 * @property {any} weights
 * @property {any} optimizer
 * @property {number} step
 * @property {any} metrics
 * @property {History} history
 */
/**
 * @typedef {object} EditState
 * @property {Config} config
 * @property {Data} data
 * @property {NetState | null} net the network, where going to this state needs other weights
 */
/**
 * What the edits need from the app.
 * @typedef {object} EditHost
 * @property {() => import("../settings/settings.js").HostSchema} schema what each setting's change starts
 * @property {() => Config} config
 * @property {() => Data} data
 * @property {() => NetState | null} net the live network, null without one
 * @property {(config: Config) => void} setConfig a config that was valid before
 * @property {(data: Data) => void} setData
 * @property {(net: NetState) => boolean} setNet false where it does not fit the config
 * @property {(resize: boolean) => void} init fresh weights (resize: only the output layer)
 * @property {() => void} dropOptimizer
 * @property {(canUndo: boolean, canRedo: boolean) => void} changed
 */

export class Edits {
  /**
   * @param {EditHost} host
   * @param {number} [max] edits kept
   */
  constructor(host, max) {
    this.host = host;
    /** @type {UndoRedo<EditState>} */
    this.stack = new UndoRedo(max);
  }

  /**
   * Runs an edit (which may fail) and remembers the state before it, if it changed anything
   * (new points equal to the old ones, such as Generate pressed again, are no change).
   * @param {() => void} fn
   */
  record(fn) {
    const h = this.host;
    const before = { config: h.config(), data: h.data(), net: h.net() };
    try {
      fn();
    } finally {
      const config = h.config();
      const configChanged = JSON.stringify(config) !== JSON.stringify(before.config);
      const data = h.data();
      if (configChanged || (data !== before.data && !sameData(data, before.data))) {
        this.stack.push({ ...before, net: this.sameNet(config, before.config) ? null : before.net });
        this.changed();
      }
    }
  }

  /**
   * A gesture on the plane changed the points: `before` are the points it started from.
   * @param {Data} before
   */
  savePoints(before) {
    this.stack.push({ config: this.host.config(), data: before, net: null });
    this.changed();
  }

  /** @returns {boolean} whether there was an edit to undo */
  undo() {
    return this.go(this.stack.undo((target) => this.current(target)));
  }

  /** @returns {boolean} whether there was an edit to redo */
  redo() {
    return this.go(this.stack.redo((target) => this.current(target)));
  }

  /**
   * The current state, to come back to from `target` (with the network where they differ).
   * @param {EditState} target
   * @returns {EditState}
   */
  current(target) {
    const h = this.host;
    const config = h.config();
    return { config, data: h.data(), net: this.sameNet(config, target.config) ? null : h.net() };
  }

  /**
   * Puts the app into `target`.
   * @param {EditState | null} target
   */
  go(target) {
    if (!target) return false;
    const h = this.host;
    const now = h.config();
    if (JSON.stringify(now) !== JSON.stringify(target.config)) h.setConfig(target.config);
    if (h.data() !== target.data) h.setData(target.data);
    const schema = h.schema();
    if (!this.sameNet(now, target.config)) {
      if (!target.net || !h.setNet(target.net)) h.init(onlyClassesDiffer(now, target.config, schema));
    } else if (settingsStarting(schema, "optimizer").some((wire) => now[wire] !== target.config[wire])) {
      h.dropOptimizer();
    }
    this.changed();
    return true;
  }

  changed() {
    this.host.changed(this.stack.canUndo, this.stack.canRedo);
  }

  /**
   * Whether the weights of one config fit another.
   * @param {Config} a
   * @param {Config} b
   */
  sameNet(a, b) {
    const schema = this.host.schema();
    return netShape(a, schema) === netShape(b, schema);
  }

  /**
   * Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z or Ctrl+Y, from a key press inside the app.
   * @param {KeyboardEvent} e
   * @param {(fn: () => void) => void} guard runs the undo as a control's handler
   */
  onKey(e, guard) {
    const what = undoKey(e, isTextField(e.target));
    if (!what) return;
    e.preventDefault();
    e.stopPropagation();
    guard(() => (what === "undo" ? this.undo() : this.redo()));
  }
}

/**
 * Whether typing goes into this element (its own undo then handles Ctrl+Z).
 * @param {EventTarget | null} el
 */
function isTextField(el) {
  if (!el || typeof (/** @type {any} */ (el).tagName) !== "string") return false;
  const e = /** @type {HTMLElement} */ (el);
  if (e.isContentEditable || e.tagName === "TEXTAREA") return true;
  return e.tagName === "INPUT" && ["text", "number", "search", ""].includes(/** @type {HTMLInputElement} */ (e).type);
}
