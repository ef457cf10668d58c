// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_EXTENT } from "../data/extent.js";
import { PAINT_SPACING, keyMove, pointRadius, shouldApply } from "../views/plane.js";

const E = DEFAULT_EXTENT;
/** @type {import("../data/extent.js").Extent} a plane 100 times as large, off the origin */
const BIG = [900, 2100, -600, 600];

test("arrow keys move the cursor in steps, larger with Shift, never off the plane", () => {
  assert.deepEqual(keyMove(null, "ArrowRight", false, E), { x: 0.25, y: 0 });
  assert.deepEqual(keyMove({ x: 1, y: 1 }, "ArrowUp", true, E), { x: 1, y: 2 });
  assert.deepEqual(keyMove({ x: 1, y: 1 }, "ArrowDown", false, E), { x: 1, y: 0.75 });
  assert.deepEqual(keyMove({ x: -6, y: 0 }, "ArrowLeft", true, E), { x: -6, y: 0 });
  assert.equal(keyMove({ x: 0, y: 0 }, "Enter", false, E), null);
  // On another extent: from its centre, in steps scaled to it.
  assert.deepEqual(keyMove(null, "ArrowRight", false, BIG), { x: 1525, y: 0 });
  assert.deepEqual(keyMove({ x: 2090, y: 0 }, "ArrowRight", true, BIG), { x: 2100, y: 0 });
});

test("a drag paints a point only every PAINT_SPACING; the eraser works everywhere it goes", () => {
  const last = { x: 0, y: 0 };
  assert.ok(shouldApply("add", null, { x: 0, y: 0 }, E));
  assert.ok(!shouldApply("add", last, { x: PAINT_SPACING / 2, y: 0 }, E));
  assert.ok(shouldApply("add", last, { x: 0, y: PAINT_SPACING }, E));
  assert.ok(shouldApply("erase", last, { x: 0.01, y: 0 }, E));
  assert.ok(!shouldApply("add", last, { x: 0, y: PAINT_SPACING * 50 }, BIG));
  assert.ok(shouldApply("add", last, { x: 0, y: PAINT_SPACING * 100 }, BIG));
  assert.equal(pointRadius(100), 2.5);
  assert.equal(pointRadius(6000), 5);
});
