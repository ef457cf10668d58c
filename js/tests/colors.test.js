// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { CLASS_RGB, DIVERGING_STOPS, diverging, divergingGradient, divergingRgb } from "../views/colors.js";

test("the diverging scale: its ends at -1 and +1, white-ish at 0, clamped outside", () => {
  assert.deepEqual(divergingRgb(-1), DIVERGING_STOPS[0]);
  assert.deepEqual(divergingRgb(1), DIVERGING_STOPS[DIVERGING_STOPS.length - 1]);
  assert.deepEqual(divergingRgb(0), [247, 247, 247]);
  assert.deepEqual(divergingRgb(-7), divergingRgb(-1));
  assert.deepEqual(divergingRgb(Number.NaN), divergingRgb(0));
  const out = new Uint8ClampedArray(4);
  diverging(out, 0, 0.5);
  assert.deepEqual([...out], [...divergingRgb(0.5), 255]);
  assert.match(divergingGradient(), /^linear-gradient\(to right, rgb\(118,42,131\), .*rgb\(27,120,55\)\)$/);
});

test("positive is green, negative purple, and larger magnitudes are darker", () => {
  const lum = (/** @type {number[]} */ c) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  for (const v of [0.3, 0.6, 1]) {
    const [r, g, b] = divergingRgb(v);
    assert.ok(g > r && g > b, `green at ${v}`);
    const [nr, ng, nb] = divergingRgb(-v);
    assert.ok(nr > ng && nb > ng, `purple at ${-v}`);
  }
  assert.ok(lum(divergingRgb(1)) < lum(divergingRgb(0.5)) && lum(divergingRgb(0.5)) < lum(divergingRgb(0)));
  assert.ok(lum(divergingRgb(-1)) < lum(divergingRgb(-0.5)));
});

test("the scale's ends are far from the first class colours (class colours mean classes only)", () => {
  const dist = (/** @type {number[]} */ a, /** @type {number[]} */ b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  for (const end of [divergingRgb(-1), divergingRgb(1), divergingRgb(-0.6), divergingRgb(0.6)]) {
    for (const c of CLASS_RGB.slice(0, 2)) assert.ok(dist(end, c) > 90, `${end} vs ${c}`);
  }
});
