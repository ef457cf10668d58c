// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { ERASER_RADIUS, Stroke, erased, filterData, keepClasses, sameData, withPoint } from "../data/points.js";

const data = () => ({ x: [0, 1, -3], y: [0, 1, 2], label: [0, 1, 2], test: [false, true, false] });

test("adding a point rounds it, appends it as a training point and leaves the input alone", () => {
  const d = data();
  const before = JSON.stringify(d);
  const next = withPoint(d, { x: 1.234567, y: -2.000049 }, 1);
  assert.equal(JSON.stringify(d), before);
  assert.deepEqual([next.x[3], next.y[3], next.label[3], next.test[3]], [1.2346, -2, 1, false]);
  assert.equal(next.x.length, 4);
  assert.equal(withPoint(d, { x: 0, y: 0 }, 0, true).test[3], true, "a test point");
  // on a tiny plane, to its own finer step
  assert.equal(withPoint(d, { x: 0.001234567, y: 0 }, 0, false, 1e-7).x[3], 0.0012346);
});

test("the eraser removes the points within its radius, and nothing when none is there", () => {
  const d = data();
  const next = erased(d, { x: 0.1, y: 0.1 });
  assert.deepEqual(next, { x: [1, -3], y: [1, 2], label: [1, 2], test: [true, false] });
  assert.equal(erased(d, { x: 5, y: 5 }), null);
  // exactly at the radius is inside
  assert.deepEqual(erased(d, { x: ERASER_RADIUS, y: 0 })?.x, [1, -3]);
  assert.equal(erased(d, { x: 0.5, y: 0.5 }, 1)?.x.length, 1);
  assert.deepEqual(filterData(d, [true, false, true]).label, [0, 2]);
});

test("fewer classes drop the points of the others, and say how many", () => {
  const d = data();
  const { data: kept, dropped } = keepClasses(d, 2);
  assert.equal(dropped, 1);
  assert.deepEqual(kept.label, [0, 1]);
  assert.equal(keepClasses(d, 3).data, d, "nothing dropped: the same points");
});

test("a stroke saves the points before its first change only", () => {
  /** @type {any[]} */
  const saved = [];
  const d0 = data();
  const stroke = new Stroke((before) => saved.push(before));
  assert.equal(stroke.last, null);
  stroke.changed(d0, { x: 1, y: 1 });
  stroke.changed(withPoint(d0, { x: 1, y: 1 }, 0), { x: 2, y: 2 });
  assert.equal(saved.length, 1);
  assert.equal(saved[0], d0, "the whole stroke undoes at once");
  assert.deepEqual(stroke.last, { x: 2, y: 2 });
});

test("sameData compares point for point", () => {
  assert.ok(sameData(data(), data()));
  assert.ok(!sameData(data(), withPoint(data(), { x: 0, y: 0 }, 0)));
  const moved = data();
  moved.test[0] = true;
  assert.ok(!sameData(data(), moved));
});
