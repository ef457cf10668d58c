// @ts-check
import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { HISTORY_SAVE_MS, HISTORY_SAVE_SHARE, HistoryView } from "../history_view.js";

/** A model with the keys the history view reads, counting the history writes. */
function setup(saveMs = 0) {
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
  /** @type {any} */
  const range = { value: "0", max: "0", disabled: false, addEventListener() {} };
  /** @type {any} */
  const label = { textContent: "" };
  const view = new HistoryView(
    model,
    "h",
    { playing: () => playing, changed: () => changed++, liveMetrics: () => ({ loss: 0.9, testLoss: null }) },
    { range, label, element: /** @type {any} */ ({}) },
  );
  return { view, values, writes, range, label, setPlaying: (/** @type {boolean} */ on) => (playing = on) };
}

test("each new step is recorded and written at once while training rests", () => {
  const { view, values, writes } = setup();
  view.start();
  assert.deepEqual(view.history.losses, [[0, 0.9, null]]);
  values.step = 5;
  values.metrics = { loss: 0.4, testLoss: 0.6 };
  view.onStep();
  assert.deepEqual(view.history.losses.at(-1), [5, 0.4, 0.6]);
  assert.equal(writes.history, 2);
  assert.equal(values.history, view.history);
  assert.deepEqual(view.history.snapshots.map((s) => s.step), [0, 5]);
  // an earlier step (a reset) starts a new history
  values.step = 0;
  view.onStep();
  assert.deepEqual(view.history.losses, [[0, 0.9, null]]);
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
    const { view, values, writes, setPlaying } = setup(150);
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
    mock.timers.tick(HISTORY_SAVE_SHARE * 200 - HISTORY_SAVE_MS);
    assert.equal(writes.history, 2, "...but after about 10 x 150 ms");
    view.destroy();
  } finally {
    mock.timers.reset();
  }
});

test("the scrubber shows a snapshot while paused and the live network otherwise", () => {
  const { view, values, range, label, setPlaying } = setup();
  for (let s = 1; s <= 3; s++) {
    values.step = s;
    values.metrics = { loss: 1 / s };
    view.onStep();
  }
  view.sync();
  assert.deepEqual([range.max, range.value, range.disabled, label.textContent], ["3", "3", false, "live"]);
  range.value = "1";
  view.scrubbed();
  view.sync();
  assert.equal(view.shown()?.step, 2);
  assert.equal(label.textContent, "step 2");
  setPlaying(true);
  view.scrubbed();
  assert.equal(view.shown(), null, "no scrubbing while playing");
  view.sync();
  assert.equal(range.disabled, true);
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
