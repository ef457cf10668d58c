// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "../settings/check.js";
import {
  DEFAULT_EXTENT,
  aspectOf,
  clampInto,
  extentText,
  fromDefaultPlane,
  gridPoints,
  inExtent,
  quantumOf,
  readExtent,
  roundTo,
  toPixel,
  toPlane,
  unitOf,
} from "../data/extent.js";

/** @typedef {import("../data/extent.js").Extent} Extent */
/** @type {Extent} */
const WIDE = [-10, 30, 5, 15];

test("the host's extent is checked; none means the default plane", () => {
  assert.equal(readExtent(undefined), DEFAULT_EXTENT);
  assert.equal(readExtent(null), DEFAULT_EXTENT);
  assert.deepEqual(readExtent([-1, 2, 0, 0.5]), [-1, 2, 0, 0.5]);
  for (const bad of [[0, 1, 0], [1, 0, 0, 1], [0, 1, 1, 1], [0, 1, 0, NaN], "0,1,0,1", [0, 1, 0, "1"]]) {
    assert.throws(() => readExtent(bad), ValidationError, JSON.stringify(bad));
  }
});

test("pixels and data coordinates on any extent: corners, y up, each transform undoes the other", () => {
  for (const e of [DEFAULT_EXTENT, WIDE]) {
    assert.deepEqual(toPlane(0, 0, 400, 300, e), { x: e[0], y: e[3] });
    assert.deepEqual(toPlane(400, 300, 400, 300, e), { x: e[1], y: e[2] });
    for (const [px, py] of [[13, 250], [399, 1], [77.5, 150.25]]) {
      const [qx, qy] = toPixel(toPlane(px, py, 400, 300, e), 400, 300, e);
      assert.ok(Math.abs(qx - px) < 1e-9 && Math.abs(qy - py) < 1e-9, `${px}, ${py}`);
    }
  }
  assert.deepEqual(toPixel({ x: 0, y: 0 }, 400, 300, DEFAULT_EXTENT), [200, 150]);
  assert.ok(inExtent({ x: 30, y: 5 }, WIDE));
  assert.ok(!inExtent({ x: 30.01, y: 10 }, WIDE));
  assert.deepEqual(clampInto({ x: 100, y: -100 }, WIDE), { x: 30, y: 5 });
});

test("lengths and rounding scale with the extent; the shape of the plane follows it, within 1:2", () => {
  assert.equal(unitOf(DEFAULT_EXTENT), 1);
  assert.equal(unitOf(WIDE), 40 / 12);
  assert.equal(quantumOf(DEFAULT_EXTENT), 1e-4);
  assert.equal(quantumOf([0, 0.012, 0, 0.012]), 1e-7);
  assert.equal(roundTo(1.234567, 1e-4), 1.2346);
  assert.equal(roundTo(1234567, 100), 1234600);
  assert.equal(aspectOf(DEFAULT_EXTENT), 1);
  assert.equal(aspectOf(WIDE), 2);
  assert.equal(aspectOf([0, 1, 0, 1.5]), 1 / 1.5);
  assert.deepEqual(fromDefaultPlane(-6, 6, WIDE), [-10, 15]);
  assert.deepEqual(fromDefaultPlane(0, 0, WIDE), [10, 10]);
  assert.equal(extentText([-2.54321, 3, -1, 1.5]), "x −2.543 to 3, y −1 to 1.5");
});

test("the map grid covers the extent, row 0 at the top", () => {
  const { xs, ys } = gridPoints(4, WIDE);
  assert.deepEqual([xs[0], ys[0]], [-5, 13.75]);
  assert.deepEqual([xs[15], ys[15]], [25, 6.25]);
});
