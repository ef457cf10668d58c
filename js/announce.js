// @ts-check
/**
 * What a screen reader hears of training: the readouts change many times a second, so they are
 * plain text, and this one polite live region speaks a summary when it matters (training paused,
 * a single step done) and, while training runs, at most every ANNOUNCE_EVERY_MS.
 */

import { h } from "./dom.js";

export const ANNOUNCE_EVERY_MS = 15000;

export class Announcer {
  /** @param {() => number} [now] */
  constructor(now = () => performance.now()) {
    this.now = now;
    this.element = h("div", { class: "nv-sr-only", role: "status", "aria-live": "polite", "data-testid": "announcer" });
    /** A summary is due at the next chance (the readouts are not drawn yet). */
    this.due = false;
    this.last = -Infinity;
  }

  /** The next `offer` speaks whatever the throttle says. */
  request() {
    this.due = true;
  }

  /**
   * Speaks `text` if it was asked for, or if `running` and nothing was said for a while.
   * @param {() => string} text
   * @param {boolean} running
   */
  offer(text, running) {
    const t = this.now();
    if (!this.due && !(running && t - this.last >= ANNOUNCE_EVERY_MS)) return;
    this.due = false;
    this.last = t;
    this.element.textContent = text();
  }
}
