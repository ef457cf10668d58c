// @ts-check
/**
 * Animation frames of two kinds: a full frame draws everything (the plane, the graph, the chart,
 * the readouts); a work frame only moves on what is being computed over several frames (a large
 * network's maps and readings, budget.js) and asks for a full frame once something is done.
 * Redrawing the plane and the chart while nothing they show has changed would cost the main
 * thread more than the work itself.
 */

export class FrameScheduler {
  /**
   * @param {() => void} render a full frame
   * @param {() => boolean} work a work frame; true when something to show is done
   * @param {(fn: (t: number) => void) => number} [request]
   * @param {(handle: number) => void} [cancel]
   */
  constructor(render, work, request = (fn) => requestAnimationFrame(fn), cancel = (h) => cancelAnimationFrame(h)) {
    this.renderFn = render;
    this.workFn = work;
    this.request = request;
    this.cancel = cancel;
    this.renderQueued = 0;
    this.workQueued = 0;
    this.stopped = false;
  }

  /** A full frame at the next animation frame. */
  render() {
    if (this.renderQueued || this.stopped) return;
    if (this.workQueued) this.cancel(this.workQueued);
    this.workQueued = 0;
    this.renderQueued = this.request(() => {
      this.renderQueued = 0;
      this.renderFn();
    });
  }

  /** A work frame at the next animation frame, unless a full one (which works too) comes. */
  work() {
    if (this.renderQueued || this.workQueued || this.stopped) return;
    this.workQueued = this.request(() => {
      this.workQueued = 0;
      if (this.workFn()) this.render();
    });
  }

  destroy() {
    this.stopped = true;
    if (this.renderQueued) this.cancel(this.renderQueued);
    if (this.workQueued) this.cancel(this.workQueued);
    this.renderQueued = this.workQueued = 0;
  }
}
