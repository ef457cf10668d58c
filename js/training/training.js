// @ts-check
/**
 * The training loop: which requests go to the host and when (Play keeps two outstanding, one
 * when a single request takes long, Step
 * sends one, a new network first sends `init`), what their replies do, and how many steps each
 * request runs. It talks to the host only through the model's `send` and `msg:custom`
 * messages, in the wire vocabulary: `{type: "step", id, steps}` and `{type: "init", id,
 * resize}`, answered by `step_result`, `init_result` or `error`.
 */

import { paceNote } from "./pace_note.js";
import { batchPoints, maxStepsWithin } from "../model/work.js";

/** @typedef {import("../settings/settings.js").Limits} Limits */
/**
 * What the loop needs from the app.
 * @typedef {object} LoopHost
 * @property {() => boolean} hasNetwork whether there are weights that fit the config
 * @property {() => import("../model/work.js").Priced} config
 * @property {() => number} trainCount training points
 * @property {() => number} pointCount all points
 * @property {() => Limits} limits
 * @property {(text: string) => void} say
 * @property {(playing: boolean) => void} playingChanged
 * @property {() => void} stepped a step_result of this view arrived
 * @property {() => void} initialized an init_result of this view arrived
 * @property {() => {steps: number, intervalMs: number} | null} [pace] how Play is paced (pace.js),
 *   null for as fast as possible
 * @property {() => boolean} online whether a host is there to answer (a widget restored from
 *   a saved notebook has no kernel until its cell runs again)
 * @property {(text: string) => void} [paceNote] what limits the pace while playing ("" when
 *   steps are quick; pace_note.js)
 */
/**
 * @typedef {object} Request
 * @property {string} id
 * @property {"step" | "init"} kind
 * @property {number} steps
 * @property {number} sent performance.now() when it left
 * @property {boolean} single a Step press, as opposed to the Play loop
 * @property {boolean} [paced] sent by a paced Play, whose waits say nothing of a step's cost
 */

/**
 * Aim each training reply at this long after the previous one (while playing, the next request
 * leaves as a reply is handled): 30+ new frames a second, with room for jitter.
 */
export const TARGET_CYCLE_MS = 30;
/**
 * A request cycle longer than this keeps one request outstanding instead of two: after Pause
 * the host then finishes one request, not two, so training stops within about a cycle.
 */
export const LONG_CYCLE_MS = 250;
/** A paced request that leaves late catches up at most this many intervals. */
const MAX_PACED_TURNS = 4;
/** Replies the step sizing fits its line through. */
const TIMINGS_KEPT = 12;

/**
 * The most steps one request may run under the host's limits: maxSteps, and maxWork priced by
 * the host's cost table (`work.js`).
 * @param {import("../model/work.js").Priced} config
 * @param {number} trainCount
 * @param {number} pointCount all points, test points included (the metrics pass covers them)
 * @param {Limits & {workCosts?: Record<string, number>}} limits
 */
export function stepCap(config, trainCount, pointCount, limits) {
  let cap = limits.maxSteps;
  if (limits.maxWork) {
    cap = Math.min(cap, maxStepsWithin(limits.maxWork, limits.workCosts, config, trainCount, pointCount));
  }
  return Math.max(1, cap);
}

/**
 * How many steps the next training request should run so that its reply comes about
 * `targetMs` after the one before (one frame of the display rate wanted), from recent
 * (steps, milliseconds) replies. Fits ms = overhead + perStep * steps and spends what the
 * overhead leaves of `targetMs` on steps. The fit is Theil-Sen (the median of the slopes
 * between all pairs of samples, then the median intercept): on a busy machine a few replies
 * come late (a long frame, a descheduled server), and a least-squares line follows them and
 * swings the request size, which makes more late replies. Where the overhead takes more
 * than half of the target (a kernel behind JupyterLab, a distant server), frames cannot come
 * that fast anyway; requests then carry as much work as the overhead, so at least half of
 * every round trip trains. While the steps have not varied enough to fit, it doubles
 * (probing), unless a request already takes the whole target (a step slower than the cycle
 * stays one step), and it never more than doubles at once, so one misleading reply cannot
 * cause a huge request.
 * @param {[number, number][]} samples
 * @param {number} steps the last request's steps
 * @param {number} targetMs
 */
export function nextSteps(samples, steps, targetMs) {
  /** @type {number[]} */
  const slopes = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const ds = samples[j][0] - samples[i][0];
      if (ds !== 0) slopes.push((samples[j][1] - samples[i][1]) / ds);
    }
  }
  if (!slopes.length) return msPerStep(samples) * steps > targetMs ? steps : steps * 2;
  const perStep = Math.max(median(slopes), 1e-3);
  const overhead = Math.max(0, median(samples.map(([s, t]) => t - perStep * s)));
  const work = Math.max(targetMs - overhead, overhead);
  return Math.max(1, Math.min(Math.round(work / perStep), steps * 2));
}

/**
 * The typical time of one step in `samples` (round trip included): what the page reports as
 * its pace.
 * @param {[number, number][]} samples (steps, milliseconds)
 */
export function msPerStep(samples) {
  return samples.length ? median(samples.map(([steps, ms]) => ms / steps)) : 0;
}

/** @param {number[]} values (reordered) */
function median(values) {
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}

export class TrainingLoop {
  /**
   * @param {{send: (msg: any) => void}} model
   * @param {string} viewId prefix of this view's request ids (replies to other views are not ours)
   * @param {LoopHost} host
   * @param {() => number} [now]
   * @param {{set: (fn: () => void, ms: number) => any, clear: (handle: any) => void}} [timers]
   */
  constructor(model, viewId, host, now = () => performance.now(), timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (t) => clearTimeout(t) }) {
    this.model = model;
    this.viewId = viewId;
    this.host = host;
    this.now = now;
    this.timers = timers;
    /** When a paced Play may send its next request, and the timer that waits for it. */
    this.pacedAt = 0;
    /** @type {any} */
    this.paceTimer = null;
    this.nextRequest = 1;
    /**
     * Requests sent and not yet answered, oldest first. While playing there are two: the host
     * answers them in order and builds each from the state the one before left, so the next
     * request is already waiting when a reply comes and the trainer never waits for this page.
     * @type {Request[]}
     */
    this.outstanding = [];
    /** When the last training reply arrived: a reply times the cycle since then. */
    this.lastReply = 0;
    /** @type {{resize: boolean} | null} */
    this.needInit = null;
    this.playing = false;
    /** A Step press still to send. */
    this.wantStep = false;
    this.stepsPerRequest = 1;
    /** @type {[number, number][]} recent (steps, milliseconds) of training replies */
    this.timings = [];
    /** What the cost of a step depends on, when `timings` were measured. */
    this.timingsKey = "";
    this.destroyed = false;
  }

  destroy() {
    this.destroyed = true;
    this.playing = false;
    this.wake();
  }

  /** @param {boolean} on */
  setPlaying(on) {
    this.playing = on;
    if (!on) {
      this.wake();
      this.host.paceNote?.("");
    }
    this.host.playingChanged(on);
    this.pump();
  }

  /** One training step (the Step button); ignored while playing. */
  step() {
    if (this.playing) return;
    this.wantStep = true;
    this.pump();
  }

  /**
   * Fresh weights at the next chance (`resize`: only the output layer follows a new class
   * count). `send` false: only marked, for a caller that changes the config first and then
   * pumps.
   * @param {boolean} resize
   * @param {boolean} [send]
   */
  requestInit(resize, send = true) {
    this.needInit = { resize };
    if (send) this.pump();
  }

  /** A new network from the host with no weights for it: fresh ones, unless a request is out. */
  initIfIdle() {
    if (!this.needInit && !this.outstanding.length) this.needInit = { resize: false };
  }

  /** The most steps one request may run now. */
  maxSteps() {
    return stepCap(this.host.config(), this.host.trainCount(), this.host.pointCount(), this.host.limits());
  }

  /**
   * Sends what is due: an init or a single step once nothing is outstanding, and while playing
   * enough training requests to keep two outstanding (one when a cycle takes long).
   */
  pump() {
    if (this.destroyed) return;
    if (!this.host.online()) {
      // Nothing would answer: nothing is sent, and Play and Step stop here.
      this.wantStep = false;
      if (this.playing) this.setPlaying(false);
      return;
    }
    if (this.needInit) {
      if (this.outstanding.length) return;
      const { resize } = this.needInit;
      this.needInit = null;
      this.send("init", 0, { resize });
      return;
    }
    const pace = this.playing ? (this.host.pace?.() ?? null) : null;
    if (pace) {
      if (this.outstanding.length || this.waitForPace()) return;
    } else if (this.playing) {
      if (this.outstanding.length >= this.depth() || this.outstanding.some((r) => r.kind !== "step" || r.single)) return;
    } else if (!this.wantStep || this.outstanding.length) {
      return;
    }
    if (!this.host.hasNetwork()) {
      this.needInit = { resize: false };
      this.pump();
      return;
    }
    const trainCount = this.host.trainCount();
    if (!trainCount) {
      this.host.say("Add some training points first");
      this.wantStep = false;
      if (this.playing) this.setPlaying(false);
      return;
    }
    const single = this.wantStep;
    this.wantStep = false;
    if (pace && !single) {
      this.send("step", Math.min(this.pacedTurns(pace) * pace.steps, this.maxSteps()), {}, false, true);
      return;
    }
    this.send("step", single ? 1 : this.plannedSteps(trainCount), {}, single);
    if (this.playing) this.pump(); // the second one
  }

  /** Play requests kept outstanding: two, or one when a request's cycle takes long. */
  depth() {
    return this.timings.length && msPerStep(this.timings) * this.stepsPerRequest > LONG_CYCLE_MS ? 1 : 2;
  }

  /**
   * How many paced turns the next request runs, and the time of the turn after them. Each turn
   * is due an interval after the one before, not after the reply, so a round trip longer than
   * the interval does not slow the pace: a request that leaves late carries the turns missed
   * (at most MAX_PACED_TURNS, and a second behind is forgotten).
   * @param {{steps: number, intervalMs: number}} pace
   */
  pacedTurns(pace) {
    const now = this.now();
    if (!this.pacedAt || now - this.pacedAt > 1000) this.pacedAt = now;
    const turns = Math.min(1 + Math.floor((now - this.pacedAt) / pace.intervalMs), MAX_PACED_TURNS);
    this.pacedAt += turns * pace.intervalMs;
    return turns;
  }

  /** Whether a paced Play must wait before its next request (a timer then pumps again). */
  waitForPace() {
    const wait = this.pacedAt - this.now();
    if (wait <= 0) return false;
    if (this.paceTimer === null) {
      this.paceTimer = this.timers.set(() => {
        this.paceTimer = null;
        this.pump();
      }, wait);
    }
    return true;
  }

  /**
   * Drops a paced wait (Pause, a new pace): the next request may go at once.
   * @param {boolean} [pump] and send what is due
   */
  wake(pump = false) {
    if (this.paceTimer !== null) this.timers.clear(this.paceTimer);
    this.paceTimer = null;
    this.pacedAt = 0;
    if (pump) this.pump();
  }

  /**
   * Steps for the next Play request: the plan, alternately 15% fewer and more (requests of one
   * size give no slope to fit, and on a busy machine the fit then chases noise), within the cap.
   * @param {number} trainCount
   */
  plannedSteps(trainCount) {
    const { architecture, batchSize } = this.host.config();
    // The training points count by powers of two, so points drawn while playing keep the pace.
    const key = JSON.stringify([architecture, batchSize, Math.round(Math.log2(trainCount))]);
    if (key !== this.timingsKey) {
      // Another network, or twice or half the points: earlier timings would mislead, so probe
      // again from 1 step.
      this.timingsKey = key;
      this.timings.length = 0;
      this.stepsPerRequest = 1;
    }
    const dither = this.nextRequest % 2 ? 0.85 : 1.15;
    return Math.min(Math.max(1, Math.round(this.stepsPerRequest * dither)), this.maxSteps());
  }

  /**
   * @param {"step" | "init"} kind
   * @param {number} steps
   * @param {Record<string, unknown>} extra
   * @param {boolean} [single]
   * @param {boolean} [paced]
   */
  send(kind, steps, extra, single = false, paced = false) {
    const id = `${this.viewId}-${this.nextRequest++}`;
    this.outstanding.push({ id, kind, steps, sent: this.now(), single, paced });
    this.model.send({ type: kind, id, ...(kind === "step" ? { steps } : {}), ...extra });
  }

  /**
   * A host reply (msg:custom). Replies to other views' requests are ignored.
   * @param {any} msg
   */
  onReply(msg) {
    const index = this.outstanding.findIndex((r) => r.id === msg?.id);
    if (index < 0) return;
    const [req] = this.outstanding.splice(index, 1);
    const now = this.now();
    if (msg.type === "step_result") {
      // The cycle from the later of its sending and the reply before, as the host timed it
      // where it can (the standalone page's connection worker), else as seen here.
      if (!req.paced) this.adaptSteps(req.steps, typeof msg.ms === "number" ? msg.ms : now - Math.max(req.sent, this.lastReply));
      this.lastReply = now;
      this.host.stepped();
    } else if (msg.type === "init_result") {
      this.host.initialized();
    } else if (msg.type === "error") {
      if (msg.code === "stale") {
        if (req.single) this.wantStep = true; // the Step asked for still has to happen
        if (req.kind === "init") this.needInit ??= { resize: false };
      } else {
        this.host.say(msg.code === "diverged" ? `${msg.message}` : `Training stopped: ${msg.message}`);
        if (this.playing) this.setPlaying(false);
      }
    }
    this.pump();
  }

  /**
   * Steps per request so that each reply comes about TARGET_CYCLE_MS after the one before.
   * @param {number} steps
   * @param {number} ms
   */
  adaptSteps(steps, ms) {
    this.timings.push([steps, ms]);
    if (this.timings.length > TIMINGS_KEPT) this.timings.shift();
    const next = nextSteps(this.timings, steps, TARGET_CYCLE_MS);
    this.stepsPerRequest = Math.max(1, Math.min(next, this.maxSteps()));
    if (this.playing) {
      const { architecture, batchSize } = this.host.config();
      this.host.paceNote?.(paceNote(msPerStep(this.timings), architecture, batchPoints(this.host.trainCount(), batchSize)));
    }
  }
}
