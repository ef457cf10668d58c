// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileNetwork, forwardBatch, tanh } from "../model/forward.js";
import { GRID_LINES, HIDDEN_WORK, gridLines, hiddenSpace, layerActivations, pca2, plan, project, strided, viewBounds } from "../model/hidden_space.js";
import { random } from "./fixtures.js";

/**
 * @param {number[]} sizes
 * @param {number} [seed]
 */
function network(sizes, seed = 1) {
  const rand = random(seed);
  /** @type {Record<string, number[][] | number[]>} */
  const weights = {};
  for (let i = 0; i < sizes.length - 1; i++) {
    weights[`layer_${i}_weights`] = Array.from({ length: sizes[i + 1] }, () => Array.from({ length: sizes[i] }, () => 2 * rand() - 1));
    weights[`layer_${i}_bias`] = Array.from({ length: sizes[i + 1] }, () => 2 * rand() - 1);
  }
  return compileNetwork(weights);
}

/** @param {number} n @param {number} seed */
function points(n, seed) {
  const rand = random(seed);
  return { x: Array.from({ length: n }, () => 12 * rand() - 6), y: Array.from({ length: n }, () => 12 * rand() - 6) };
}

/**
 * An orthonormal basis of R^d from random vectors (Gram-Schmidt).
 * @param {number} d
 * @param {number} seed
 */
function basis(d, seed) {
  const rand = random(seed);
  /** @type {number[][]} */
  const out = [];
  for (let k = 0; k < d; k++) {
    const v = Array.from({ length: d }, () => rand() - 0.5);
    for (const u of out) {
      const r = v.reduce((s, x, i) => s + x * u[i], 0);
      for (let i = 0; i < d; i++) v[i] -= r * u[i];
    }
    const norm = Math.hypot(...v);
    out.push(v.map((x) => x / norm));
  }
  return out;
}

/** @param {ArrayLike<number>} a @param {ArrayLike<number>} b */
const dot = (a, b) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

/**
 * @param {ArrayLike<number>} actual
 * @param {ArrayLike<number>} expected
 * @param {number} tol
 */
function close(actual, expected, tol) {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `[${i}] ${actual[i]} != ${expected[i]}`);
}

test("grid lines cross the plane: vertical ones left to right, then horizontal ones bottom to top", () => {
  const { xs, ys } = gridLines(3, 5, [-6, 6, -6, 6]);
  assert.equal(xs.length, 2 * 3 * 5);
  // The first vertical line: x = -6, y from -6 to 6.
  close(xs.slice(0, 5), [-6, -6, -6, -6, -6], 0);
  close(ys.slice(0, 5), [-6, -3, 0, 3, 6], 0);
  close(xs.slice(10, 15), [6, 6, 6, 6, 6], 0);
  // The second horizontal line: y = 0, x from -6 to 6.
  close(xs.slice(20, 25), [-6, -3, 0, 3, 6], 0);
  close(ys.slice(20, 25), [0, 0, 0, 0, 0], 0);
  assert.equal(GRID_LINES, 13);
});

test("a stride takes every point when it can, else evenly spread distinct ones", () => {
  assert.deepEqual(Array.from(strided(4, 10)), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(strided(10, 5)), [0, 2, 4, 6, 8]);
  const s = Array.from(strided(5000, 300));
  assert.equal(new Set(s).size, 300);
  assert.ok(s.every((v, i) => i === 0 || v > s[i - 1]) && s[299] < 5000 && s[299] >= 4950);
});

test("principal components of points with a known covariance", () => {
  // Every combination of ±3, ±2, ±1 along orthonormal u, v, w, around (1, 2, 3, 0, -1): the
  // covariance is 9 uu' + 4 vv' + 1 ww' exactly.
  const [u, v, w] = basis(5, 7);
  const mean = [1, 2, 3, 0, -1];
  /** @type {number[][]} */
  const rows = [];
  for (const a of [-3, 3]) for (const b of [-2, 2]) for (const c of [-1, 1]) rows.push(mean.map((m, i) => m + a * u[i] + b * v[i] + c * w[i]));
  const n = rows.length;
  const acts = new Float64Array(5 * n);
  rows.forEach((r, p) => r.forEach((val, i) => (acts[i * n + p] = val)));
  const pca = pca2(acts, 5, n, strided(n, n));
  close(pca.mean, mean, 1e-12);
  close(pca.variances, [9, 4], 1e-10);
  assert.ok(Math.abs(pca.total - 14) < 1e-10);
  assert.ok(Math.abs(Math.abs(dot(pca.axes[0], u)) - 1) < 1e-10);
  assert.ok(Math.abs(Math.abs(dot(pca.axes[1], v)) - 1) < 1e-10);
  // Signs: the largest entry of each axis is positive.
  for (const axis of pca.axes) {
    const big = Array.from(axis).reduce((b, x, i) => (Math.abs(x) > Math.abs(axis[b]) ? i : b), 0);
    assert.ok(axis[big] > 0);
  }
  // Projected, the first point is (-3, -2) up to the axes' signs.
  const { px, py } = project(acts, 5, n, pca);
  assert.ok(Math.abs(Math.abs(px[0]) - 3) < 1e-10 && Math.abs(Math.abs(py[0]) - 2) < 1e-10);
  // A start (the last frame's axes) decides the signs, and gives the same axes.
  const flipped = /** @type {[Float64Array, Float64Array]} */ (pca.axes.map((a) => a.map((x) => -x)));
  const again = pca2(acts, 5, n, strided(n, n), { start: flipped });
  close(again.axes[0], flipped[0], 1e-10);
  close(again.axes[1], flipped[1], 1e-10);
});

test("principal components of a rank-one cloud: the second axis is orthogonal with no variance", () => {
  const n = 20;
  const dir = [0.6, 0, 0.8];
  const acts = new Float64Array(3 * n);
  for (let p = 0; p < n; p++) for (let i = 0; i < 3; i++) acts[i * n + p] = (p - 9.5) * dir[i];
  const pca = pca2(acts, 3, n, strided(n, n));
  assert.ok(Math.abs(Math.abs(dot(pca.axes[0], dir)) - 1) < 1e-12);
  assert.ok(Math.abs(dot(pca.axes[0], pca.axes[1])) < 1e-12);
  assert.ok(Math.abs(Math.hypot(...pca.axes[1]) - 1) < 1e-12);
  assert.ok(Math.abs(pca.variances[1]) < 1e-12);
  // All points alike: no variance at all, still unit axes.
  const flat = pca2(new Float64Array(3 * n).fill(2), 3, n, strided(n, n));
  assert.deepEqual(flat.variances, [0, 0]);
  assert.ok(Math.abs(dot(flat.axes[0], flat.axes[1])) < 1e-12);
});

test("a linear layer maps the grid lines to straight lines it scales and shifts", () => {
  const net = compileNetwork({
    layer_0_weights: [
      [2, 0],
      [0, 3],
    ],
    layer_0_bias: [1, -1],
    layer_1_weights: [[1, 1]],
    layer_1_bias: [0],
  });
  const grid = gridLines(GRID_LINES, 7);
  const space = hiddenSpace(net, ["x", "y"], "linear", { x: [], y: [] }, { layer: 0, mode: "neurons", x: 0, y: 1 });
  assert.equal(space.index.length, 0);
  const samples = space.samples;
  const full = gridLines(GRID_LINES, samples);
  close(space.gx, Array.from(full.xs, (x) => 2 * x + 1), 1e-12);
  close(space.gy, Array.from(full.ys, (y) => 3 * y - 1), 1e-12);
  assert.equal(grid.xs.length, 2 * GRID_LINES * 7);
  // tanh bends them: each position is tanh of the same.
  const bent = hiddenSpace(net, ["x", "y"], "tanh", { x: [0.5], y: [-0.25] }, { layer: 0, mode: "neurons", x: 1, y: 0 });
  close(bent.gx, Array.from(full.ys, (y) => tanh(3 * y - 1)), 1e-12);
  close(bent.px, [tanh(-1.75)], 1e-12);
  close(bent.py, [tanh(2)], 1e-12);
});

test("neuron positions are the forward pass's hidden activations of that layer", () => {
  const net = network([2, 5, 4, 3], 3);
  const data = points(40, 5);
  for (const activation of ["tanh", "relu", "gelu", "sigmoid"]) {
    const ref = forwardBatch(net, ["x", "y"], activation, data.x, data.y);
    const space = hiddenSpace(net, ["x", "y"], activation, data, { layer: 1, mode: "neurons", x: 3, y: 1 });
    assert.deepEqual(Array.from(space.index), Array.from({ length: 40 }, (_, i) => i));
    close(space.px, ref.hidden[1].subarray(3 * 40, 4 * 40), 1e-12);
    close(space.py, ref.hidden[1].subarray(1 * 40, 2 * 40), 1e-12);
  }
});

test("PCA positions are the layer's activations, centred, along its top two axes", () => {
  const net = network([2, 8, 6, 2], 11);
  const data = points(60, 9);
  const space = hiddenSpace(net, ["x", "y"], "tanh", data, { layer: 0, mode: "pca", x: 0, y: 1 });
  assert.ok(space.pca);
  const acts = layerActivations(net, ["x", "y"], "tanh", 0, data.x, data.y);
  const pca = pca2(acts, 8, 60, strided(60, 60));
  close(space.pca.axes[0], pca.axes[0], 1e-9);
  const { px, py } = project(acts, 8, 60, pca);
  close(space.px, px, 1e-9);
  close(space.py, py, 1e-9);
  // Orthonormal axes, variances ordered and within the total.
  const [a, b] = space.pca.axes;
  assert.ok(Math.abs(dot(a, a) - 1) < 1e-12 && Math.abs(dot(b, b) - 1) < 1e-12 && Math.abs(dot(a, b)) < 1e-12);
  assert.ok(space.pca.variances[0] >= space.pca.variances[1] && space.pca.variances[0] + space.pca.variances[1] <= space.pca.total + 1e-12);
});

test("the plan evaluates everything for small networks and stays near the budget for big ones", () => {
  const small = plan(network([2, 8, 8, 2]), 1, 200, true);
  assert.deepEqual(small, { points: 200, samples: 120, fit: 200 });
  const sizes = [2, ...Array(10).fill(100), 2];
  const big = network(sizes);
  for (const layer of [0, 4, 9]) {
    const p = plan(big, layer, 5000, true);
    assert.ok(p.points >= 250 && p.points < 5000, JSON.stringify(p));
    assert.ok(p.samples >= 6 && p.fit >= 200 && p.fit <= p.points);
    let perPoint = 0;
    for (let l = 0; l <= layer; l++) perPoint += sizes[l] * sizes[l + 1] + 4 * sizes[l + 1];
    const work = (p.points + 2 * GRID_LINES * p.samples) * perPoint + p.fit * 100 * 100;
    // Within the budget, or at the floors where the budget cannot hold them.
    assert.ok(work <= 1.05 * HIDDEN_WORK || (p.points === 250 && p.samples === 6), `${layer}: ${work}`);
  }
  assert.equal(plan(big, 0, 0, true).points, 0);
});

test("a layer the network does not have is named", () => {
  assert.throws(() => layerActivations(network([2, 3, 2]), ["x", "y"], "tanh", 1, [0], [0]), /no hidden layer 2/);
});

test("the view shows a bounded activation's whole range, else the points and the grid over their region", () => {
  const net = network([2, 4, 3, 2], 2);
  const data = { x: [-1, 0, 1, 2], y: [0.5, -1, 1, 0] };
  const pick = /** @type {const} */ ({ layer: 0, mode: "neurons", x: 0, y: 1 });
  const tanhBounds = viewBounds(hiddenSpace(net, ["x", "y"], "tanh", data, pick), data, "tanh");
  close([tanhBounds.x0, tanhBounds.x1, tanhBounds.y0, tanhBounds.y1], [-1.12, 1.12, -1.12, 1.12], 1e-12);
  const sig = viewBounds(hiddenSpace(net, ["x", "y"], "sigmoid", data, pick), data, "sigmoid");
  close([sig.x0, sig.x1], [-0.06, 1.06], 1e-12);
  // ReLU: the points' positions and the grid samples over x in [-1, 2], y in [-1, 1] only.
  const space = hiddenSpace(net, ["x", "y"], "relu", data, pick);
  const b = viewBounds(space, data, "relu");
  const grid = gridLines(GRID_LINES, space.samples);
  const xs = [...space.px];
  const ys = [...space.py];
  grid.xs.forEach((x, k) => {
    if (x >= -1 && x <= 2 && grid.ys[k] >= -1 && grid.ys[k] <= 1) {
      xs.push(space.gx[k]);
      ys.push(space.gy[k]);
    }
  });
  const span = (/** @type {number[]} */ v) => Math.max(...v) - Math.min(...v);
  close([b.x0, b.x1], [Math.min(...xs) - 0.06 * span(xs), Math.max(...xs) + 0.06 * span(xs)], 1e-12);
  close([b.y0, b.y1], [Math.min(...ys) - 0.06 * span(ys), Math.max(...ys) + 0.06 * span(ys)], 1e-12);
  // The far grid, which ReLU stretches, lies outside.
  assert.ok(Math.max(...space.gx) > b.x1 || Math.max(...space.gy) > b.y1);
  // Everything at one place: a unit window around it.
  const dead = { ...space, px: new Float64Array(4).fill(2), py: new Float64Array(4).fill(3), gx: new Float64Array(0), gy: new Float64Array(0) };
  close(Object.values(viewBounds(dead, data, "relu")), [1.5, 2.5, 2.5, 3.5], 1e-12);
});
