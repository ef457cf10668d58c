// @ts-check
/**
 * The hidden-space view's math: how one hidden layer sees the plane. The plane's grid lines and
 * the points go through the forward pass (forward.js) up to that layer; their positions are two
 * of its neurons, or its top two principal components (subspace iteration on the covariance of
 * the points' activations, with a Rayleigh-Ritz step). A work budget picks how many points and
 * grid samples a frame evaluates, so wide, deep layers stay cheap.
 */

import { activationFn, forwardBatch } from "./forward.js";
import { DEFAULT_EXTENT } from "../data/extent.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("./forward.js").Data} Data */
/**
 * What is shown: hidden layer `layer` (0 the first), and either two of its neurons (`x`, `y`)
 * or its top two principal components.
 * @typedef {{layer: number, mode: "pca" | "neurons", x: number, y: number}} Choice
 */
/**
 * @typedef {object} Pca
 * @property {Float64Array} mean of the fitted points' activations
 * @property {[Float64Array, Float64Array]} axes unit vectors, first the one of most variance
 * @property {[number, number]} variances along the axes
 * @property {number} total variance of all neurons (the trace)
 */
/**
 * @typedef {object} Plan
 * @property {number} points data points evaluated (a stride through all of them)
 * @property {number} samples per grid line
 * @property {number} fit points the principal components are computed from (0: none)
 */
/** @typedef {import("../data/extent.js").Extent} Extent */
/**
 * @typedef {object} HiddenSpace
 * @property {number} width neurons in the layer
 * @property {Int32Array} index the data points shown
 * @property {Int32Array} fit the data points the principal components were fitted on (empty
 *   without them, or when the grid decided them for want of points)
 * @property {Float64Array} px positions of the points shown
 * @property {Float64Array} py
 * @property {Float64Array} gx grid samples' positions, line by line (GRID_LINES vertical lines, then as many horizontal)
 * @property {Float64Array} gy
 * @property {number} samples per grid line
 * @property {Pca | null} pca
 * @property {Extent} extent the plane's rectangle the grid lines cross
 */

/** Grid lines each way, evenly spaced over the plane (one unit apart on the default one). */
export const GRID_LINES = 13;
/** Work of one frame of the view, in multiply-adds (a decision map is 2.25e6). */
export const HIDDEN_WORK = 3e6;
/** An activation costs about as much as this many multiply-adds (render.js). */
const ACTIVATION_WORK = 4;
const MIN_POINTS = 250;
const MIN_SAMPLES = 6;
const MAX_SAMPLES = 120;
const MIN_FIT = 200;

/**
 * Sample positions along the plane's grid lines: `lines` vertical lines (x fixed, left to
 * right) then `lines` horizontal ones (y fixed, bottom to top), each `samples` points long from
 * one edge of the plane to the other.
 * @param {number} lines
 * @param {number} samples at least 2
 * @param {Extent} [e] the plane's rectangle
 */
export function gridLines(lines, samples, e = DEFAULT_EXTENT) {
  const xs = new Float64Array(2 * lines * samples);
  const ys = new Float64Array(2 * lines * samples);
  const along = (/** @type {number} */ lo, /** @type {number} */ hi) => (/** @type {number} */ i, /** @type {number} */ count) => lo + ((hi - lo) * i) / (count - 1);
  const atX = along(e[0], e[1]);
  const atY = along(e[2], e[3]);
  for (let l = 0; l < lines; l++) {
    for (let s = 0; s < samples; s++) {
      const v = l * samples + s;
      const h = (lines + l) * samples + s;
      xs[v] = atX(l, lines);
      ys[v] = atY(s, samples);
      xs[h] = atX(s, samples);
      ys[h] = atY(l, lines);
    }
  }
  return { xs, ys };
}

/**
 * `m` indices spread evenly over 0..n-1 (all of them when m >= n): the same ones every frame,
 * so the points shown do not flicker.
 * @param {number} n
 * @param {number} m
 */
export function strided(n, m) {
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  return Int32Array.from({ length: m }, (_, i) => Math.floor((i * n) / m));
}

/**
 * Activations of hidden layer `layer` at the given inputs, neuron-major (neuron i at input p is
 * `[i * n + p]`): the forward pass of the network cut after that layer, then its activation.
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {number} layer
 * @param {ArrayLike<number>} xs
 * @param {ArrayLike<number>} ys
 */
export function layerActivations(net, features, activation, layer, xs, ys) {
  if (!(layer >= 0 && layer < net.length - 1)) throw new Error(`the network has no hidden layer ${layer + 1}`);
  const { n, logits } = forwardBatch(net.slice(0, layer + 1), features, activation, xs, ys);
  const k = net[layer].nOut;
  const act = activationFn(activation);
  const out = new Float64Array(n * k);
  for (let p = 0; p < n; p++) for (let i = 0; i < k; i++) out[i * n + p] = act(logits[p * k + i]);
  return out;
}

/**
 * How much of the layer a frame evaluates within `work` multiply-adds: every point and fine
 * grid lines for small networks; for wide, deep ones a stride of the points (at least
 * MIN_POINTS) and coarser lines, with the principal components fitted on fewer points still.
 * @param {Layer[]} net
 * @param {number} layer
 * @param {number} pointCount
 * @param {boolean} pca
 * @param {number} [work]
 * @returns {Plan}
 */
export function plan(net, layer, pointCount, pca, work = HIDDEN_WORK) {
  const d = net[layer].nOut;
  let perPoint = 0;
  for (let l = 0; l <= layer; l++) perPoint += net[l].nIn * net[l].nOut + ACTIVATION_WORK * net[l].nOut;
  if (pca) perPoint += 2 * d;
  const fit = pca ? Math.min(pointCount, Math.max(MIN_FIT, Math.floor((0.3 * work) / (d * d)))) : 0;
  const evaluations = Math.max(0, (work - fit * d * d) / perPoint);
  const lineShare = evaluations / 3 / (2 * GRID_LINES);
  const samples = Math.max(MIN_SAMPLES, Math.min(MAX_SAMPLES, Math.floor(lineShare)));
  const points = Math.min(pointCount, Math.max(MIN_POINTS, Math.floor(evaluations - 2 * GRID_LINES * samples)));
  return { points, samples, fit: Math.min(fit, points) };
}

/**
 * The eigenpair of the symmetric 2 x 2 matrix [[a, b], [b, c]] with the larger eigenvalue.
 * @param {number} a
 * @param {number} b
 * @param {number} c
 * @returns {{value: number, vector: [number, number]}}
 */
function top2x2(a, b, c) {
  const half = (a - c) / 2;
  const value = (a + c) / 2 + Math.hypot(half, b);
  if (Math.abs(b) <= 1e-300) return { value, vector: a >= c ? [1, 0] : [0, 1] };
  const u = value - c;
  const norm = Math.hypot(u, b);
  return { value, vector: [u / norm, b / norm] };
}

/**
 * @param {Float64Array} c d x d, row-major
 * @param {Float64Array} v
 * @param {Float64Array} out
 */
function multiply(c, v, out) {
  const d = v.length;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += c[i * d + j] * v[j];
    out[i] = s;
  }
}

/** @param {Float64Array} a @param {Float64Array} b */
function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Makes q1 a unit vector and q2 a unit vector orthogonal to it (Gram-Schmidt, twice for
 * round-off); a vector that vanishes is replaced by the unit vector least along the other.
 * @param {Float64Array} q1
 * @param {Float64Array} q2
 */
function orthonormalize(q1, q2) {
  const d = q1.length;
  let n1 = Math.sqrt(dot(q1, q1));
  if (!(n1 > 1e-150)) {
    q1.fill(0);
    q1[0] = 1;
    n1 = 1;
  }
  for (let i = 0; i < d; i++) q1[i] /= n1;
  const before = Math.sqrt(dot(q2, q2));
  for (let pass = 0; pass < 2; pass++) {
    const r = dot(q1, q2);
    for (let i = 0; i < d; i++) q2[i] -= r * q1[i];
  }
  let n2 = Math.sqrt(dot(q2, q2));
  if (!(n2 > 1e-10 * before) || !(n2 > 1e-150)) {
    let least = 0;
    for (let i = 1; i < d; i++) if (Math.abs(q1[i]) < Math.abs(q1[least])) least = i;
    q2.fill(0);
    q2[least] = 1;
    const r = dot(q1, q2);
    for (let i = 0; i < d; i++) q2[i] -= r * q1[i];
    n2 = Math.sqrt(dot(q2, q2));
  }
  for (let i = 0; i < d; i++) q2[i] /= n2;
}

/**
 * The top two principal components of the columns `fit` of `acts` (d neurons x n points,
 * neuron-major). Subspace iteration on the covariance until the residual of the two vectors is
 * below `tol` relative to the largest variance, then the Rayleigh-Ritz rotation orders them.
 * Signs follow `start` (the last frame's axes, so the picture does not flip) where given, else
 * each axis's largest entry is positive.
 * @param {Float64Array} acts
 * @param {number} d
 * @param {number} n
 * @param {ArrayLike<number>} fit indices of the points to fit, at least one
 * @param {{start?: [Float64Array, Float64Array] | null, tol?: number, maxIter?: number}} [options]
 * @returns {Pca}
 */
export function pca2(acts, d, n, fit, options = {}) {
  if (d < 2) throw new Error("principal components need at least 2 neurons");
  const m = fit.length;
  if (!m) throw new Error("principal components need at least one point");
  const mean = new Float64Array(d);
  const centred = new Float64Array(d * m);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += acts[i * n + fit[k]];
    mean[i] = s / m;
    for (let k = 0; k < m; k++) centred[i * m + k] = acts[i * n + fit[k]] - mean[i];
  }
  const cov = new Float64Array(d * d);
  let total = 0;
  for (let i = 0; i < d; i++) {
    const ri = centred.subarray(i * m, (i + 1) * m);
    for (let j = 0; j <= i; j++) {
      const v = dot(ri, centred.subarray(j * m, (j + 1) * m)) / m;
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
    total += cov[i * d + i];
  }
  const { start = null, tol = 1e-12, maxIter = 1000 } = options;
  let q1 = new Float64Array(d);
  let q2 = new Float64Array(d);
  if (start && start[0].length === d) {
    q1.set(start[0]);
    q2.set(start[1]);
  } else {
    // The two neurons of most variance, a start no worse than those neurons alone.
    const order = Array.from({ length: d }, (_, i) => i).sort((a, b) => cov[b * d + b] - cov[a * d + a]);
    q1[order[0]] = 1;
    q2[order[1]] = 1;
  }
  orthonormalize(q1, q2);
  let z1 = new Float64Array(d);
  let z2 = new Float64Array(d);
  const scale = Math.max(total, 1e-300);
  for (let it = 0; it < maxIter; it++) {
    multiply(cov, q1, z1);
    multiply(cov, q2, z2);
    // The part of C Q outside span(Q): zero once span(Q) is an invariant subspace.
    const h11 = dot(q1, z1);
    const h12 = dot(q1, z2);
    const h22 = dot(q2, z2);
    let residual = 0;
    for (let i = 0; i < d; i++) {
      const r1 = z1[i] - q1[i] * h11 - q2[i] * h12;
      const r2 = z2[i] - q1[i] * h12 - q2[i] * h22;
      residual += r1 * r1 + r2 * r2;
    }
    if (Math.sqrt(residual) <= tol * scale) break;
    [q1, z1] = [z1, q1];
    [q2, z2] = [z2, q2];
    orthonormalize(q1, q2);
  }
  multiply(cov, q1, z1);
  multiply(cov, q2, z2);
  const top = top2x2(dot(q1, z1), dot(q1, z2), dot(q2, z2));
  const [c, s] = top.vector;
  const a1 = new Float64Array(d);
  const a2 = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    a1[i] = c * q1[i] + s * q2[i];
    a2[i] = -s * q1[i] + c * q2[i];
  }
  multiply(cov, a2, z2);
  const second = dot(a2, z2);
  const axes = /** @type {[Float64Array, Float64Array]} */ ([a1, a2]);
  axes.forEach((axis, k) => {
    let sign = 1;
    if (start && start[k].length === d) sign = dot(axis, start[k]) < 0 ? -1 : 1;
    else {
      let big = 0;
      for (let i = 1; i < d; i++) if (Math.abs(axis[i]) > Math.abs(axis[big])) big = i;
      sign = axis[big] < 0 ? -1 : 1;
    }
    if (sign < 0) for (let i = 0; i < d; i++) axis[i] = -axis[i];
  });
  return { mean, axes, variances: [top.value, second], total };
}

/**
 * Positions along two axes through `mean`, of every column of `acts` (d x n, neuron-major).
 * @param {Float64Array} acts
 * @param {number} d
 * @param {number} n
 * @param {Pca} pca
 */
export function project(acts, d, n, pca) {
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const [a1, a2] = pca.axes;
  for (let i = 0; i < d; i++) {
    const row = i * n;
    const u = a1[i];
    const v = a2[i];
    const mu = pca.mean[i];
    for (let p = 0; p < n; p++) {
      const c = acts[row + p] - mu;
      px[p] += u * c;
      py[p] += v * c;
    }
  }
  return { px, py };
}

/**
 * The points (a stride of them, by `plan`) and the grid lines in the space of one hidden layer.
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {Pick<Data, "x" | "y">} data
 * @param {Choice} pick
 * @param {{work?: number, start?: [Float64Array, Float64Array] | null, extent?: Extent}} [options]
 *   `start`: the last frame's principal axes; `extent`: the plane's rectangle
 * @returns {HiddenSpace}
 */
export function hiddenSpace(net, features, activation, data, pick, options = {}) {
  const width = net[pick.layer]?.nOut ?? 0;
  const pca = pick.mode === "pca" && width >= 2;
  const budget = plan(net, pick.layer, data.x.length, pca, options.work);
  const index = strided(data.x.length, budget.points);
  const extent = options.extent ?? DEFAULT_EXTENT;
  const grid = gridLines(GRID_LINES, budget.samples, extent);
  const m = index.length;
  const total = m + grid.xs.length;
  const xs = new Float64Array(total);
  const ys = new Float64Array(total);
  for (let k = 0; k < m; k++) {
    xs[k] = data.x[index[k]];
    ys[k] = data.y[index[k]];
  }
  xs.set(grid.xs, m);
  ys.set(grid.ys, m);
  const acts = layerActivations(net, features, activation, pick.layer, xs, ys);
  /** @type {Pca | null} */
  let fitted = null;
  let fit = new Int32Array(0);
  let px;
  let py;
  if (pca) {
    fit = m ? strided(m, Math.max(1, budget.fit)) : fit;
    // Without points the grid decides the axes.
    fitted = pca2(acts, width, total, m ? fit : strided(total, total), { start: options.start ?? null });
    fit = fit.map((k) => index[k]);
    ({ px, py } = project(acts, width, total, fitted));
  } else {
    const ix = Math.min(Math.max(0, pick.x), width - 1);
    const iy = Math.min(Math.max(0, pick.y), width - 1);
    px = acts.slice(ix * total, (ix + 1) * total);
    // One neuron: the points on a line.
    py = width > 1 ? acts.slice(iy * total, (iy + 1) * total) : new Float64Array(total);
  }
  return { width, index, fit, px: px.subarray(0, m), py: py.subarray(0, m), gx: px.subarray(m), gy: py.subarray(m), samples: budget.samples, pca: fitted, extent };
}

/** @typedef {{x0: number, x1: number, y0: number, y1: number}} Bounds */

/**
 * The region the view shows. A bounded activation's neurons get their whole range (tanh
 * [-1, 1], sigmoid [0, 1]), so the picture moves only as the network does. Otherwise the
 * points and the part of the grid over the points' own region of the plane (the plane's far
 * corners can map very far out under ReLU), padded by a margin.
 * @param {HiddenSpace} space
 * @param {Pick<Data, "x" | "y">} data the points `space.index` indexes
 * @param {string} activation
 * @returns {Bounds}
 */
export function viewBounds(space, data, activation) {
  const margin = 0.06;
  const fixed = !space.pca && (activation === "tanh" || activation === "sigmoid");
  /** @type {Bounds} */
  let b;
  if (fixed) {
    const lo = activation === "tanh" ? -1 : 0;
    b = { x0: lo, x1: 1, y0: space.width > 1 ? lo : -0.5, y1: space.width > 1 ? 1 : 0.5 };
  } else {
    b = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    const take = (/** @type {number} */ x, /** @type {number} */ y) => {
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      b.x0 = Math.min(b.x0, x);
      b.x1 = Math.max(b.x1, x);
      b.y0 = Math.min(b.y0, y);
      b.y1 = Math.max(b.y1, y);
    };
    const n = space.index.length;
    let [ix0, ix1, iy0, iy1] = space.extent;
    if (n) {
      [ix0, ix1, iy0, iy1] = [Infinity, -Infinity, Infinity, -Infinity];
      for (let k = 0; k < n; k++) {
        const x = data.x[space.index[k]];
        const y = data.y[space.index[k]];
        [ix0, ix1, iy0, iy1] = [Math.min(ix0, x), Math.max(ix1, x), Math.min(iy0, y), Math.max(iy1, y)];
        take(space.px[k], space.py[k]);
      }
    }
    const grid = gridLines(GRID_LINES, space.samples, space.extent);
    for (let k = 0; k < space.gx.length; k++) {
      const x = grid.xs[k];
      const y = grid.ys[k];
      if (x >= ix0 && x <= ix1 && y >= iy0 && y <= iy1) take(space.gx[k], space.gy[k]);
    }
    if (!(b.x1 >= b.x0)) b = { x0: -1, x1: 1, y0: -1, y1: 1 };
  }
  /** @param {number} lo @param {number} hi */
  const padded = (lo, hi) => {
    const span = hi - lo;
    if (!(span > 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi)))) return [lo - 0.5, hi + 0.5];
    return [lo - margin * span, hi + margin * span];
  };
  const [x0, x1] = padded(b.x0, b.x1);
  const [y0, y1] = padded(b.y0, b.y1);
  return { x0, x1, y0, y1 };
}
