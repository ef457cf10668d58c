// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { dataSummary } from "../app/host_link.js";

test("the Data set panel says what the points shown are, whoever made them", () => {
  const d = { x: [0, 1, 2, 3], y: [0, 1, 2, 3], label: [0, 1, 1, 2], test: [false, true, false, false] };
  const config = /** @type {any} */ ({ dataset: "moons" });
  const kernel = { connected: true, error: null, keepsHistory: true };
  const page = { connected: true, error: null, state: "connected" };
  assert.equal(dataSummary(d, "host", config, kernel), "Your data: 4 points, 3 classes, 1 for testing");
  assert.equal(dataSummary(d, "host", config, page), "Stored points: 4 points, 3 classes, 1 for testing");
  assert.equal(dataSummary(d, "generated", config, page), "Generated moons: 4 points, 3 classes, 1 for testing");
  const one = { x: [0], y: [0], label: [1], test: [false] };
  assert.equal(dataSummary(one, "drawn", config, kernel), "Drawn: 1 point, 1 class");
  assert.equal(dataSummary({ x: [], y: [], label: [], test: [] }, "drawn", config, kernel), "Drawn: 0 points");
});
