// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { valueRange } from "../views/chart.js";
import { axisFraction, formatTick, linearTicks, logTicks, niceStep } from "../views/ticks.js";

test("linear ticks are round numbers inside the range", () => {
  assert.equal(niceStep(1, 4), 0.2);
  assert.equal(niceStep(700, 4), 200);
  assert.deepEqual(linearTicks(0, 1, 4), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(linearTicks(0, 0.73, 4), [0, 0.2, 0.4, 0.6]);
  assert.deepEqual(linearTicks(0, 0.3, 3), [0, 0.1, 0.2, 0.3], "no 0.30000000000000004");
  assert.deepEqual(linearTicks(13, 987, 4), [200, 400, 600, 800]);
  assert.deepEqual(linearTicks(0, 3, 8, true), [0, 1, 2, 3], "steps count in whole steps");
  assert.deepEqual(linearTicks(5, 5), [5]);
  assert.deepEqual(linearTicks(1, 0), []);
});

test("log ticks are powers of ten, with 2 and 5 between them on a short range", () => {
  assert.deepEqual(logTicks(0.0005, 2), [0.001, 0.01, 0.1, 1]);
  assert.deepEqual(logTicks(0.15, 0.9), [0.2, 0.5]);
  assert.deepEqual(logTicks(0.04, 0.7), [0.05, 0.1, 0.2, 0.5]);
  assert.deepEqual(logTicks(1e-6, 1e-3), [1e-6, 1e-5, 1e-4, 1e-3]);
  assert.deepEqual(logTicks(0, 1), [], "no log axis through 0");
  for (const v of logTicks(1e-7, 10)) assert.equal(Math.log10(v), Math.round(Math.log10(v)), `${v} is a power of ten`);
});

test("tick labels are short; positions follow the axis", () => {
  assert.deepEqual([0, 0.2, 1000, 1e-4, 2e-6, 0.001, 250000].map(formatTick), ["0", "0.2", "1000", "1e-4", "2e-6", "0.001", "2.5e5"]);
  assert.equal(axisFraction(0.1, 0.01, 1, true), 0.5);
  assert.equal(axisFraction(0.5, 0, 1, false), 0.5);
});

test("a log chart's range spans its positive values; a linear one starts at 0", () => {
  const [lo, hi] = valueRange([0.7, 0.01, 0, 0.3], true);
  assert.ok(lo < 0.01 && lo > 0.005 && hi > 0.7 && hi < 1, `${lo}..${hi}`);
  assert.deepEqual(valueRange([], true), [0.1, 1]);
  assert.deepEqual(valueRange([0.5, 2], false), [0, 2.1]);
  assert.deepEqual(valueRange([], false), [0, 1]);
});
