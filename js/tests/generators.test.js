// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { createHash } from "node:crypto";
import { DATA_SETS, dataSetNames, dataSetOf } from "../data/datasets.js";
import { EXTENT, generate } from "../data/generators.js";

for (const dataset of dataSetNames("classification")) {
  test(`${dataset}: counts, labels, bounds, determinism`, () => {
    for (const classes of [2, 3, 8]) {
      const settings = { dataset, points: 203, noise: 0.4, classes, seed: 11, testFraction: 0.2 };
      const d = generate(settings);
      assert.equal(d.x.length, 203);
      assert.equal(d.y.length, 203);
      assert.equal(d.label.length, 203);
      assert.equal(d.test.length, 203);
      const set = dataSetOf(dataset);
      const k = (set?.problem === "classification" && set.classes) || classes;
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

test("the points of every data set stay as they were: saved states and links name them by settings", () => {
  // Digests of 97 points (noise 0.3, 3 classes, seed 7, test fraction 0.2), taken before the
  // data sets became one registry; a change here changes every saved state's data set.
  const pinned = {
    circles: "8825aff6ccbc2e0b",
    moons: "232fa60563af5e75",
    blobs: "1ac66f93dc73f4cd",
    anisotropic: "fe72f4c4f1974bad",
    varied: "d1345db2286b5f39",
    xor: "a9cfc54799c60b5e",
    spiral: "88ea7b73b4cf4f4a",
    gaussian: "2ff6abec7cb02ee8",
    plane: "2c8a3dde63e7a960",
    bumps: "2eec1702966623ff",
    ridge: "2e336f6e93d413bd",
  };
  for (const [dataset, digest] of Object.entries(pinned)) {
    const d = generate({ dataset, points: 97, noise: 0.3, classes: 3, seed: 7, testFraction: 0.2 });
    assert.equal(createHash("sha256").update(JSON.stringify(d)).digest("hex").slice(0, 16), digest, dataset);
  }
});

test("the registry: unique names, labels, a problem and the function it needs", () => {
  const names = DATA_SETS.map((d) => d.name);
  assert.equal(new Set(names).size, names.length);
  assert.equal(new Set(DATA_SETS.map((d) => d.label)).size, names.length);
  for (const d of DATA_SETS) {
    assert.match(d.name, /^[a-z]+$/, d.name);
    assert.ok(d.label.trim() && d.label.length <= 16, `${d.name}: a short label`);
    if (d.problem === "classification") assert.equal(typeof d.sample, "function");
    else assert.equal(typeof d.target, "function");
  }
  // The menu lists a classification's sets first, each problem's in one run.
  assert.deepEqual(names, [...dataSetNames("classification"), ...dataSetNames("regression")]);
});

/** The curves of the function-boundary sets, as their doc names them. */
const CURVES = {
  sine: (/** @type {number} */ x) => 2.5 * Math.sin(1.2 * x),
  cubic: (/** @type {number} */ x) => 0.05 * x ** 3 - 0.75 * x,
  abs: (/** @type {number} */ x) => 1.2 * Math.abs(x) - 3,
};

for (const [name, f] of Object.entries(CURVES)) {
  test(`${name} boundary: class 1 above y = f(x), class 2 below, 2 classes whatever is set`, () => {
    const set = dataSetOf(name);
    assert.ok(set && set.problem === "classification" && set.classes === 2 && set.curve);
    for (let x = -6; x <= 6; x += 0.25) assert.equal(set.curve(x), f(x), `the picture's curve at ${x}`);
    const d = generate({ dataset: name, points: 400, noise: 0, classes: 5, seed: 3, testFraction: 0.25 });
    assert.deepEqual([...new Set(d.label)].sort(), [0, 1]);
    assert.equal(d.label.filter((c) => c === 0).length, 200, "balanced classes");
    assert.equal(d.test.filter(Boolean).length, 100, "the test fraction");
    for (let i = 0; i < 400; i++) {
      const gap = d.y[i] - f(d.x[i]);
      // Rounded to 1e-4, 0.3 from the curve at least: separable without noise.
      assert.ok(d.label[i] === 0 ? gap >= 0.299 : gap <= -0.299, `point ${i} (${d.x[i]}, ${d.y[i]}) of class ${d.label[i] + 1}`);
      assert.ok(Math.abs(d.x[i]) <= 5 && Math.abs(d.y[i]) <= 5);
    }
    // Points fill the width of the plane, on both sides of every part of the curve.
    for (const [lo, hi] of [[-5, -2], [-2, 2], [2, 5]]) {
      for (const c of [0, 1]) assert.ok(d.x.some((x, i) => x >= lo && x < hi && d.label[i] === c), `class ${c + 1} in [${lo}, ${hi})`);
    }
    // Noise moves points across the curve; another seed, other points; the plane's extent scales them.
    const noisy = generate({ dataset: name, points: 400, noise: 0.8, classes: 2, seed: 3 });
    assert.ok(noisy.x.some((x, i) => (noisy.y[i] - f(x)) * (noisy.label[i] === 0 ? 1 : -1) < 0), "noise crosses the curve");
    assert.ok(noisy.x.every((x, i) => Math.abs(x) <= EXTENT && Math.abs(noisy.y[i]) <= EXTENT));
    assert.notDeepEqual(generate({ dataset: name, points: 400, noise: 0, classes: 2, seed: 4 }), generate({ dataset: name, points: 400, noise: 0, classes: 2, seed: 3 }));
    const placed = generate({ dataset: name, points: 50, noise: 0, classes: 2, seed: 3, extent: [0, 12, 0, 1.2] });
    const base = generate({ dataset: name, points: 50, noise: 0, classes: 2, seed: 3 });
    for (let i = 0; i < 50; i++) {
      assert.ok(Math.abs(placed.x[i] - (6 + base.x[i])) < 1e-3 && Math.abs(placed.y[i] - (0.6 + base.y[i] / 10)) < 1e-3, `point ${i} on the extent`);
    }
  });
}
