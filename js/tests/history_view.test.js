// @ts-check
import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { HISTORY_SAVE_MS, HISTORY_SAVE_SHARE, HistoryView } from "../training/history_view.js";

/** A model with the keys the history view reads, counting the history writes. */
/** @param {{hostKeeps?: boolean, saveMs?: number}} [options] */
function setup({ hostKeeps = false, saveMs = 0 } = {}) {
  /** @type {Record<string, any>} */
  const values = { step: 0, weights: { layer_0_bias: [0, 1] }, metrics: null, history: null };
  const writes = { history: 0, saves: 0 };
  const model = {
    get: (/** @type {string} */ k) => values[k],
    set: (/** @type {string} */ k, /** @type {any} */ v) => {
      values[k] = v;
      if (k === "history") writes.history++;
    },
    save_changes: () => {
      // A slow write (a large network's state) holds the thread this long.
      const until = performance.now() + saveMs;
      while (performance.now() < until);
      writes.saves++;
    },
  };
  let playing = false;
  let changed = 0;
  const hooks = { paused: 0, continued: /** @type {any[]} */ ([]) };
  /** @type {any} */
  const range = {
    value: "0",
    max: "0",
    disabled: false,
    addEventListener() {},
    setAttribute(/** @type {string} */ k, /** @type {string} */ v) {
      this[k] = v;
    },
  };
  /** @type {any} */
  const label = { textContent: "" };
  /** @type {Record<string, () => void>} */
  const clicks = {};
  /** @type {any} */
  const resume = { disabled: true, addEventListener: (/** @type {string} */ name, /** @type {() => void} */ cb) => (clicks[name] = cb), click: () => clicks.click() };
  const view = new HistoryView(
    model,
    "h",
    {
      playing: () => playing,
      changed: () => changed++,
      liveMetrics: () => ({ loss: 0.9, testLoss: null, accuracy: 0.5, testAccuracy: null }),
      pause: () => {
        hooks.paused++;
        playing = false;
      },
      continueFrom: (s) => hooks.continued.push(s),
      hostKeeps: () => hostKeeps,
    },
    { range, label, resume, element: /** @type {any} */ ({}) },
  );
  return { view, values, writes, range, label, resume, hooks, setPlaying: (/** @type {boolean} */ on) => (playing = on) };
}

test("each new step is recorded and written at once while training rests", () => {
  const { view, values, writes } = setup();
  view.start();
  assert.deepEqual(view.history.losses, [[0, 0.9, null, 0.5, null]]);
  values.step = 5;
  values.metrics = { loss: 0.4, testLoss: 0.6, accuracy: 0.8, testAccuracy: 0.7 };
  values.optimizer = { type: "adam", t: 5, buffers: { layer_0_bias: { exp_avg: [0.25, 0.5] } } };
  view.onStep();
  assert.deepEqual(view.history.losses.at(-1), [5, 0.4, 0.6, 0.8, 0.7]);
  // the snapshot carries the optimizer state of its step, to continue from it exactly
  assert.deepEqual(view.history.snapshots.at(-1)?.optimizer, values.optimizer);
  assert.equal(writes.history, 2);
  // the model holds the compact copy: the same losses, snapshots as float32 buffers
  assert.equal(values.history.losses, view.history.losses);
  assert.deepEqual(values.history.snapshots[1].weights.layer_0_bias, { shape: [2], dtype: "float32", buffer: new Float32Array([0, 1]).buffer });
  const live = view.history;
  view.onHostHistory();
  assert.equal(view.history, live, "its own write is not taken for another view's");
  assert.deepEqual(view.history.snapshots.map((s) => s.step), [0, 5]);
  // an earlier step (a reset) starts a new history
  values.step = 0;
  view.onStep();
  assert.deepEqual(view.history.losses, [[0, 0.9, null, 0.5, null]]);
});

test("while playing the history is written at most once a second, and on flush", () => {
  const { view, values, writes, setPlaying } = setup();
  setPlaying(true);
  for (let s = 1; s <= 5; s++) {
    values.step = s;
    values.metrics = { loss: 1 / s };
    view.onStep();
  }
  assert.equal(writes.history, 0);
  view.flush();
  assert.equal(writes.history, 1);
  assert.equal(values.history.losses.length, 5);
  view.destroy();
});

test("while playing, writes that take long are spaced further apart", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const { view, values, writes, setPlaying } = setup({ saveMs: 150 });
    setPlaying(true);
    const stepTo = (/** @type {number} */ s) => {
      values.step = s;
      values.metrics = { loss: 1 / s };
      view.onStep();
    };
    stepTo(1);
    mock.timers.tick(HISTORY_SAVE_MS);
    assert.equal(writes.history, 1, "the first write after a second");
    stepTo(2);
    mock.timers.tick(HISTORY_SAVE_MS);
    assert.equal(writes.history, 1, "150 ms writes: not after 1 s...");
    // A write measured at 150 ms or more (a busy machine stretches the busy-wait) waits ten
    // times that; at most 400 ms of the spacing is allowed for here.
    mock.timers.tick(HISTORY_SAVE_SHARE * 400 - HISTORY_SAVE_MS);
    assert.equal(writes.history, 2, "...but after about 10 x the write's time");
    view.destroy();
  } finally {
    mock.timers.reset();
  }
});

test("the scrubber shows a snapshot, pausing training to do so, and Continue gets that snapshot", () => {
  const { view, values, range, label, setPlaying, hooks, resume } = setup();
  for (let s = 1; s <= 3; s++) {
    values.step = s;
    values.metrics = { loss: 1 / s };
    view.onStep();
  }
  view.sync();
  assert.deepEqual([range.max, range.value, range.disabled, label.textContent], ["3", "3", false, "live"]);
  assert.equal(range["aria-valuetext"], "live, step 3", "the slider speaks steps, not its index");
  range.value = "1";
  view.scrubbed();
  view.sync();
  assert.equal(view.shown()?.step, 2);
  assert.equal(label.textContent, "step 2");
  assert.equal(range["aria-valuetext"], "step 2");
  assert.equal(resume.disabled, false, "Continue from here is offered for the step shown");
  resume.click();
  assert.deepEqual(hooks.continued.map((s) => s.step), [2]);
  // back at the live end: nothing to continue from
  range.value = "3";
  view.scrubbed();
  view.sync();
  assert.equal(view.shown(), null);
  assert.equal(resume.disabled, true);
  // moving it while playing pauses, then shows the snapshot
  setPlaying(true);
  range.value = "0";
  view.scrubbed();
  assert.equal(hooks.paused, 1);
  assert.equal(view.shown()?.step, 1);
  view.sync();
  assert.equal(range.disabled, false);
});

test("replace takes another history as it is, shows it live and writes it", () => {
  const { view, values, range } = setup();
  view.start();
  range.value = "0";
  view.scrubbed();
  const other = { losses: [[7, 0.1, null, 1, null]], snapshots: [{ step: 7, weights: {} }] };
  view.replace(/** @type {any} */ (other));
  assert.equal(view.history, other);
  assert.equal(view.shown(), null);
  assert.deepEqual(values.history, other, "written as the compact copy, equal here: it has no tensors");
});

test("a host that keeps the history is never written to; its history replaces this view's", () => {
  const { view, values, writes } = setup({ hostKeeps: true });
  view.start();
  values.step = 4;
  values.metrics = { loss: 0.5, testLoss: null };
  view.onStep();
  assert.deepEqual(view.history.losses.map((r) => r[0]), [0, 4], "recorded here, for the chart");
  view.flush();
  assert.equal(writes.history, 0);
  values.history = { losses: [[0, 0.9, null], [2, 0.7, null], [4, 0.5, null]], snapshots: [] };
  view.onHostHistory();
  assert.deepEqual(view.history.losses.map((r) => r[0]), [0, 2, 4]);
});

test("a bad history from the host is named at load, and never replaces a good one later", () => {
  const { view, values } = setup();
  values.history = { losses: "no" };
  assert.match(String(view.load()), /The history cannot be used \(history needs losses and snapshots\)/);
  view.start();
  const good = view.history;
  values.history = { losses: [[1]], snapshots: [] };
  view.onHostHistory();
  assert.equal(view.history, good);
});
