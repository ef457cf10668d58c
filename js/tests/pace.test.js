// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { MIN_INTERVAL_MS, SPEEDS, pacing, speedLabel } from "../training/pace.js";
import { TrainingLoop } from "../training/training.js";

test("pacing: slow paces send one step per request, spaced; fast ones more steps at the frame interval", () => {
  assert.deepEqual(pacing(1), { steps: 1, intervalMs: 1000 });
  assert.deepEqual(pacing(10), { steps: 1, intervalMs: 100 });
  assert.deepEqual(pacing(30), { steps: 1, intervalMs: 1000 / 30 });
  const p300 = /** @type {{steps: number, intervalMs: number}} */ (pacing(300));
  assert.equal(p300.steps, 10);
  assert.ok(p300.intervalMs >= MIN_INTERVAL_MS - 1e-9);
  for (const s of SPEEDS.filter((v) => v > 0)) {
    const p = /** @type {{steps: number, intervalMs: number}} */ (pacing(s));
    assert.ok(Math.abs((1000 * p.steps) / p.intervalMs - s) < 1e-9, `${s} steps a second kept`);
  }
  assert.equal(pacing(0), null, "0: as fast as possible");
  assert.equal(speedLabel(0), "as fast as possible");
  assert.equal(speedLabel(1), "1 step/s");
  assert.equal(speedLabel(30), "30 steps/s");
});

/**
 * A playing loop on a fake host and clock; `pace` is what the app's Speed gives.
 * @param {{steps: number, intervalMs: number} | null} pace
 */
function setup(pace) {
  /** @type {any[]} */
  const sent = [];
  let clock = 0;
  /** @type {{fn: () => void, at: number, handle: number}[]} */
  const timers = [];
  let handles = 0;
  const state = { pace };
  const loop = new TrainingLoop(
    { send: (msg) => sent.push(msg) },
    "v",
    {
      hasNetwork: () => true,
      config: () => ({ architecture: [2, 4, 2], activation: "tanh", optimizer: "sgd", l1: 0, l2: 0, batchSize: 0, dropout: 0 }),
      trainCount: () => 100,
      pointCount: () => 100,
      limits: () => ({ maxSteps: 1000, maxHiddenLayers: 10, maxNeurons: 100, maxPoints: 5000 }),
      pace: () => state.pace,
      online: () => true,
      say: () => {},
      playingChanged: () => {},
      stepped: () => {},
      initialized: () => {},
    },
    () => clock,
    {
      set: (fn, ms) => {
        timers.push({ fn, at: clock + ms, handle: ++handles });
        return handles;
      },
      clear: (h) => timers.splice(timers.findIndex((t) => t.handle === h) >>> 0, 1),
    },
  );
  /** Moves the clock on, running the timers that come due. */
  const advance = (/** @type {number} */ ms) => {
    const end = clock + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      clock = next.at;
      next.fn();
    }
    clock = end;
  };
  const replyAll = () => {
    for (const msg of sent.filter((m) => !m.answered)) {
      msg.answered = true;
      loop.onReply({ type: "step_result", id: msg.id, step: 1, loss: 0.5, accuracy: 1 });
    }
  };
  return { loop, sent, state, advance, replyAll, timers };
}

test("a slow Speed sends one step at a time, its interval apart, however fast the host answers", () => {
  const { loop, sent, advance, replyAll } = setup(pacing(3));
  loop.setPlaying(true);
  assert.equal(sent.length, 1, "one request out, not two");
  for (let t = 0; t < 3000; t += 10) {
    replyAll(); // the host answers at once
    advance(10);
  }
  // 3 steps a second for 3 s: the first at 0, then every 333 ms
  assert.ok(sent.length >= 9 && sent.length <= 10, `${sent.length} requests in 3 s`);
  assert.ok(sent.every((m) => m.steps === 1));
});

test("a fast pace puts more steps in each request; as fast as possible keeps two out", () => {
  const fast = setup(pacing(300));
  fast.loop.setPlaying(true);
  for (let t = 0; t < 1000; t += 5) {
    fast.replyAll();
    fast.advance(5);
  }
  const steps = fast.sent.reduce((s, m) => s + m.steps, 0);
  assert.ok(steps >= 290 && steps <= 310, `${steps} steps in a second at 300 steps/s`);
  const max = setup(null);
  max.loop.setPlaying(true);
  assert.equal(max.sent.length, 2);
});

test("Pause drops the wait; a new pace applies at once", () => {
  const { loop, sent, state, advance, replyAll, timers } = setup(pacing(1));
  loop.setPlaying(true);
  replyAll();
  assert.equal(sent.length, 1);
  assert.equal(timers.length, 1, "waiting for the next second");
  loop.setPlaying(false);
  assert.equal(timers.length, 0);
  loop.setPlaying(true);
  assert.equal(sent.length, 2, "Play again sends at once");
  replyAll();
  state.pace = null;
  loop.wake(true);
  assert.equal(sent.length, 4, "as fast as possible: two out at once");
  advance(5000);
  assert.equal(sent.length, 4, "no paced timer left behind");
});

test("a round trip longer than the interval does not slow the pace: late requests carry the steps missed", () => {
  const { loop, sent, advance } = setup(pacing(30));
  loop.setPlaying(true);
  // The host answers each request 50 ms after it left: longer than the 33 ms interval.
  for (let t = 0; t < 3000; t += 10) {
    for (const msg of sent.filter((m) => !m.answered)) {
      msg.age = (msg.age ?? 0) + 10;
      if (msg.age >= 50) {
        msg.answered = true;
        loop.onReply({ type: "step_result", id: msg.id, step: 1, loss: 0.5, accuracy: 1 });
      }
    }
    advance(10);
  }
  const steps = sent.reduce((s, m) => s + m.steps, 0);
  assert.ok(steps >= 85 && steps <= 92, `${steps} steps in 3 s at 30 steps/s`);
  assert.ok(Math.max(...sent.map((m) => m.steps)) <= 4);
});
