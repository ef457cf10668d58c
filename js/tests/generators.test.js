// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { DATASETS, EXTENT, TWO_CLASS, generate } from "../data/generators.js";

for (const dataset of DATASETS) {
  test(`${dataset}: counts, labels, bounds, determinism`, () => {
    for (const classes of [2, 3, 8]) {
      const settings = { dataset, points: 203, noise: 0.4, classes, seed: 11, testFraction: 0.2 };
      const d = generate(settings);
      assert.equal(d.x.length, 203);
      assert.equal(d.y.length, 203);
      assert.equal(d.label.length, 203);
      assert.equal(d.test.length, 203);
      const k = TWO_CLASS.has(dataset) ? 2 : classes;
      assert.deepEqual([...new Set(d.label)].sort(), Array.from({ length: k }, (_, i) => i));
      for (let i = 0; i < 203; i++) {
        assert.ok(Math.abs(d.x[i]) <= EXTENT && Math.abs(d.y[i]) <= EXTENT, `point ${i} out of bounds`);
      }
      assert.equal(d.test.filter(Boolean).length, Math.floor(0.2 * 203));
      assert.deepEqual(generate(settings), d, "same settings, same points");
      assert.notDeepEqual(generate({ ...settings, seed: 12 }), d, "another seed, other points");
    }
  });
}

test("on another extent the same data set is scaled to it", () => {
  /** @type {import("../data/extent.js").Extent} */
  const extent = [100, 124, -1, 1];
  const settings = { dataset: "moons", points: 120, noise: 0.2, classes: 2, seed: 4 };
  const base = generate(settings);
  const placed = generate({ ...settings, extent });
  assert.deepEqual(placed.label, base.label);
  for (let i = 0; i < 120; i++) {
    assert.ok(Math.abs(placed.x[i] - (112 + base.x[i] * 2)) < 1e-3, `x of point ${i}`);
    assert.ok(Math.abs(placed.y[i] - base.y[i] / 6) < 1e-3, `y of point ${i}`);
  }
});

test("no test points by default, and an unknown data set is named", () => {
  const d = generate({ dataset: "circles", points: 50, noise: 0, classes: 2, seed: 1 });
  assert.ok(d.test.every((t) => !t));
  assert.throws(() => generate({ dataset: "swirl", points: 5, noise: 0, classes: 2, seed: 1 }), /unknown data set "swirl"/);
});

test("circles without noise: class by radius", () => {
  const d = generate({ dataset: "circles", points: 300, noise: 0, classes: 3, seed: 5 });
  for (let i = 0; i < 300; i++) {
    const r = Math.hypot(d.x[i], d.y[i]);
    const ring = Math.floor(r / (5 / 3));
    assert.equal(ring, d.label[i]);
  }
});

test("xor without noise: class by quadrant", () => {
  const d = generate({ dataset: "xor", points: 200, noise: 0, classes: 2, seed: 3 });
  for (let i = 0; i < 200; i++) assert.equal(d.x[i] * d.y[i] >= 0 ? 0 : 1, d.label[i]);
});
