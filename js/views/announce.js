// @ts-check
/**
 * What a screen reader hears of training: the readouts change many times a second, so they are
 * plain text, and this one polite live region speaks a summary when training rests at a step it
 * has not spoken of (after Pause, after Step) and, while training runs, at most every
 * ANNOUNCE_EVERY_MS.
 */

import { h } from "./dom.js";

export const ANNOUNCE_EVERY_MS = 15000;

export class Announcer {
  /** @param {() => number} [now] */
  constructor(now = () => performance.now()) {
    this.now = now;
    this.element = h("div", { class: "nv-sr-only", role: "status", "aria-live": "polite", "data-testid": "announcer" });
    this.last = -Infinity;
    /** @type {number | null} the step training last rested at (null: it ran since) */
    this.step = null;
    /** The first frame shows the state found at the start, which is not news. */
    this.started = false;
  }

  /**
   * Called with every frame: speaks `text` if training rests at a new step, or if it runs and
   * nothing was said for a while.
   * @param {() => string} text
   * @param {boolean} running
   * @param {number} step
   */
  offer(text, running, step) {
    const t = this.now();
    const due = running ? t - this.last >= ANNOUNCE_EVERY_MS : this.started && step !== this.step;
    this.step = running ? null : step;
    this.started = true;
    if (!due) return;
    this.last = t;
    this.element.textContent = text();
  }
}
