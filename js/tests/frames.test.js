// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { FrameScheduler } from "../views/frames.js";

/** A scheduler on hand-run frames: `next()` runs what the next animation frame would. */
function setup(/** @type {() => boolean} */ work) {
  /** @type {Map<number, (t: number) => void>} */
  const queued = new Map();
  let id = 0;
  const log = /** @type {string[]} */ ([]);
  const frames = new FrameScheduler(
    () => log.push("render"),
    () => {
      log.push("work");
      return work();
    },
    (fn) => (queued.set(++id, fn), id),
    (h) => queued.delete(h),
  );
  const next = () => {
    const due = [...queued.values()];
    queued.clear();
    for (const fn of due) fn(0);
  };
  return { frames, log, next, queued };
}

test("work frames run alone until something is done, then a full frame draws it", () => {
  let done = false;
  const s = setup(() => done);
  s.frames.work();
  s.frames.work();
  assert.equal(s.queued.size, 1, "one frame however often asked");
  s.next();
  assert.deepEqual(s.log, ["work"]);
  s.frames.work();
  done = true;
  s.next();
  s.next();
  assert.deepEqual(s.log, ["work", "work", "render"]);
});

test("a full frame asked for replaces a work frame; destroy stops both", () => {
  const s = setup(() => false);
  s.frames.work();
  s.frames.render();
  s.frames.work();
  assert.equal(s.queued.size, 1);
  s.next();
  assert.deepEqual(s.log, ["render"]);
  s.frames.render();
  s.frames.destroy();
  assert.equal(s.queued.size, 0);
  s.frames.work();
  assert.equal(s.queued.size, 0);
});
