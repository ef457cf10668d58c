// @ts-check
/**
 * Forward passes too big for one frame, done a slice of points at a time: a job runs slices
 * until a deadline and resumes in the next frame, so the main thread never blocks on a large
 * network (the maps and the readouts of 10 layers of 100 on 5,000 points). Small passes run
 * whole, at once, as before.
 */

import { forwardBatch } from "./forward.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("./forward.js").ForwardResult} ForwardResult */

/** Main-thread time a frame gives to forward-pass jobs. */
export const FRAME_BUDGET_MS = 8;
/**
 * Work of one decision map of a small network, in multiply-adds; about 5 ms of a 2-core
 * laptop's browser (render.js picks the grid from it).
 */
export const MAP_WORK = 2.25e6;
/**
 * Multiply-adds a job does at once, without slicing: every map whose grid MAP_WORK sizes, so
 * small networks' frames are as they were; only the largest networks' maps are sliced.
 */
export const WHOLE_WORK = MAP_WORK;
/** Multiply-adds of the first slice, before the job has timed one. */
const FIRST_SLICE_WORK = 2e5;
/** An activation costs about as much as this many multiply-adds. */
export const ACTIVATION_WORK = 4;

/**
 * Multiply-adds (activations counted as ACTIVATION_WORK each) of one point through `net`.
 * @param {Layer[]} net
 */
export function pointWork(net) {
  return net.reduce((s, l, i) => s + l.nIn * l.nOut + (i < net.length - 1 ? ACTIVATION_WORK * l.nOut : 0), 0);
}

/**
 * One forward pass over `xs`, `ys` (as forwardBatch), done in slices of points by `run`.
 * The result has forwardBatch's layout; `hidden` is kept only when asked for.
 */
export class ForwardJob {
  /**
   * @param {Layer[]} net
   * @param {string[]} features
   * @param {string} activation
   * @param {ArrayLike<number>} xs
   * @param {ArrayLike<number>} ys
   * @param {boolean} keepHidden
   * @param {() => number} [now]
   */
  constructor(net, features, activation, xs, ys, keepHidden, now = () => performance.now()) {
    this.net = net;
    this.features = features;
    this.activation = activation;
    this.xs = xs;
    this.ys = ys;
    this.keepHidden = keepHidden;
    this.now = now;
    this.n = xs.length;
    this.work = pointWork(net);
    /** Points done so far. */
    this.next = 0;
    /** Measured milliseconds per point (0 until a slice has been timed). */
    this.msPerPoint = 0;
    const k = net[net.length - 1].nOut;
    /** @type {ForwardResult} */
    this.result = {
      n: this.n,
      hidden: keepHidden ? net.slice(0, -1).map((l) => new Float64Array(this.n * l.nOut)) : [],
      logits: new Float64Array(this.n * k),
      probs: new Float64Array(this.n * k),
    };
  }

  get done() {
    return this.next >= this.n;
  }

  /** Whether the pass is done in slices (else at once, as a small one). */
  get sliced() {
    return this.n * this.work > WHOLE_WORK;
  }

  /**
   * Runs slices until `deadline` (a `now()` time) or the end; a small job runs whole however
   * late it is. Returns whether the pass is complete.
   * @param {number} deadline
   */
  run(deadline) {
    if (!this.sliced) return this.slice(this.n - this.next);
    // At least one slice per call, so a job always moves on.
    do {
      const left = deadline - this.now();
      const size = this.msPerPoint > 0 ? Math.floor(left / this.msPerPoint) : Math.ceil(FIRST_SLICE_WORK / this.work);
      const start = this.now();
      const count = Math.max(1, Math.min(size, this.n - this.next));
      this.slice(count);
      const perPoint = (this.now() - start) / count;
      // A slow slice (a busy machine) counts at once; a fast one only slowly, against jitter.
      this.msPerPoint = this.msPerPoint > 0 && perPoint < this.msPerPoint ? 0.7 * this.msPerPoint + 0.3 * perPoint : perPoint;
    } while (!this.done && this.now() + this.msPerPoint <= deadline);
    return this.done;
  }

  /**
   * The next `count` points, copied into the result.
   * @param {number} count
   */
  slice(count) {
    const a = this.next;
    const b = Math.min(this.n, a + count);
    if (b <= a) return this.done;
    const part = forwardBatch(this.net, this.features, this.activation, sub(this.xs, a, b), sub(this.ys, a, b));
    const k = this.net[this.net.length - 1].nOut;
    this.result.logits.set(part.logits, a * k);
    this.result.probs.set(part.probs, a * k);
    if (this.keepHidden) {
      const m = b - a;
      part.hidden.forEach((rows, l) => {
        const full = this.result.hidden[l];
        for (let i = 0; i < this.net[l].nOut; i++) full.set(rows.subarray(i * m, (i + 1) * m), i * this.n + a);
      });
    }
    this.next = b;
    return this.done;
  }
}

/**
 * Points a to b of a column (typed arrays as views, plain arrays copied).
 * @param {ArrayLike<number>} values
 * @param {number} a
 * @param {number} b
 * @returns {ArrayLike<number>}
 */
function sub(values, a, b) {
  if (a === 0 && b === values.length) return values;
  if (ArrayBuffer.isView(values)) return /** @type {Float64Array} */ (values).subarray(a, b);
  return Array.prototype.slice.call(values, a, b);
}

/** @type {WeakMap<Layer[], {data: unknown, features: string[], activation: string, job: ForwardJob}>} */
const overPoints = new WeakMap();

/**
 * The forward pass of `net` over the points, one per network, points and settings: the
 * readouts and the confusion matrices need the same logits, so whichever asks first starts it
 * and both move the same job on.
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {{x: ArrayLike<number>, y: ArrayLike<number>}} data
 * @param {() => number} [now]
 */
export function pointsPass(net, features, activation, data, now) {
  const known = overPoints.get(net);
  if (known && known.data === data && known.features === features && known.activation === activation) return known.job;
  const job = new ForwardJob(net, features, activation, data.x, data.y, false, now);
  overPoints.set(net, { data, features, activation, job });
  return job;
}
