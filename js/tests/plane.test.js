// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { PAINT_SPACING, inBounds, keyMove, pointRadius, shouldApply, toPixel, toPlane } from "../plane.js";
import { PLANE_EXTENT } from "../render.js";

test("pixels and data coordinates: corners, centre, y up, and each transform undoes the other", () => {
  assert.deepEqual(toPlane(0, 0, 400, 300), { x: -PLANE_EXTENT, y: PLANE_EXTENT });
  assert.deepEqual(toPlane(400, 300, 400, 300), { x: PLANE_EXTENT, y: -PLANE_EXTENT });
  assert.deepEqual(toPlane(200, 150, 400, 300), { x: 0, y: 0 });
  assert.deepEqual(toPixel({ x: 0, y: 0 }, 400, 300), [200, 150]);
  for (const [px, py] of [[13, 250], [399, 1], [77.5, 150.25]]) {
    const [qx, qy] = toPixel(toPlane(px, py, 400, 300), 400, 300);
    assert.ok(Math.abs(qx - px) < 1e-9 && Math.abs(qy - py) < 1e-9, `${px}, ${py}`);
  }
  assert.ok(inBounds({ x: PLANE_EXTENT, y: -PLANE_EXTENT }));
  assert.ok(!inBounds({ x: PLANE_EXTENT + 0.01, y: 0 }));
});

test("arrow keys move the cursor in steps, larger with Shift, never off the plane", () => {
  assert.deepEqual(keyMove(null, "ArrowRight", false), { x: 0.25, y: 0 });
  assert.deepEqual(keyMove({ x: 1, y: 1 }, "ArrowUp", true), { x: 1, y: 2 });
  assert.deepEqual(keyMove({ x: 1, y: 1 }, "ArrowDown", false), { x: 1, y: 0.75 });
  assert.deepEqual(keyMove({ x: -PLANE_EXTENT, y: 0 }, "ArrowLeft", true), { x: -PLANE_EXTENT, y: 0 });
  assert.equal(keyMove({ x: 0, y: 0 }, "Enter", false), null);
});

test("a drag paints a point only every PAINT_SPACING; the eraser works everywhere it goes", () => {
  const last = { x: 0, y: 0 };
  assert.ok(shouldApply("add", null, { x: 0, y: 0 }));
  assert.ok(!shouldApply("add", last, { x: PAINT_SPACING / 2, y: 0 }));
  assert.ok(shouldApply("add", last, { x: 0, y: PAINT_SPACING }));
  assert.ok(shouldApply("erase", last, { x: 0.01, y: 0 }));
  assert.equal(pointRadius(100), 2.5);
  assert.equal(pointRadius(6000), 5);
});
