// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { segmentDistance } from "../graph.js";

test("distance to an edge: inside, beyond the ends, degenerate", () => {
  assert.equal(segmentDistance(5, 3, 0, 0, 10, 0), 3);
  assert.equal(segmentDistance(-3, 4, 0, 0, 10, 0), 5);
  assert.equal(segmentDistance(13, 4, 0, 0, 10, 0), 5);
  assert.equal(segmentDistance(3, 4, 0, 0, 0, 0), 5);
});
