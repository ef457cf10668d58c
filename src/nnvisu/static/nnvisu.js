// js/settings/check.js
var ValidationError = class extends Error {
};
function fail(msg) {
  throw new ValidationError(msg);
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function errorText(e) {
  return e instanceof Error ? e.message : String(e);
}
function checkNumber(v, name, lo, hi, opts = {}) {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(`${name} must be a number`);
  if (opts.integer && !Number.isInteger(v)) fail(`${name} must be a whole number, got ${v}`);
  if ((opts.openLo ? v <= lo : v < lo) || v > hi) {
    fail(`${name} must be ${opts.openLo ? "above" : "at least"} ${lo} and at most ${hi}, got ${v}`);
  }
  return v;
}

// js/model/tensors.js
var LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
var POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
function isTensor(v) {
  return isObject(v) && v.values instanceof Float32Array && Array.isArray(v.shape);
}
function toTensor(value, name) {
  if (isTensor(value)) return value;
  if (Array.isArray(value)) return fromNested(value, name);
  if (isObject(value) && "buffer" in value) return fromBuffer(value, name);
  fail(`${name} must be an array of numbers`);
}
function toTensors(value, what = "weights") {
  if (!isObject(value)) fail(`${what} must be an object`);
  if (Object.values(value).every(isTensor)) return (
    /** @type {Tensors} */
    value
  );
  const out = {};
  for (const [name, v] of Object.entries(value)) out[name] = toTensor(v, name);
  return out;
}
function fromNested(nested, name) {
  if (!nested.length || !Array.isArray(nested[0])) {
    const values2 = Float32Array.from(nested);
    checkValues(nested, values2, name);
    return { shape: [nested.length], values: values2 };
  }
  const cols = nested[0].length;
  const values = new Float32Array(nested.length * cols);
  nested.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== cols) fail(`${name} must have rows of ${cols} numbers`);
    checkValues(row, values.subarray(r * cols, (r + 1) * cols), name);
    values.set(row, r * cols);
  });
  return { shape: [nested.length, cols], values };
}
function checkValues(given, values, name) {
  for (let i = 0; i < given.length; i++) {
    const v = given[i];
    if (typeof v !== "number" || !Number.isFinite(Math.fround(v))) fail(`${name} must hold finite numbers`);
  }
  return values;
}
function fromBuffer(value, name) {
  const { shape, dtype, buffer } = value;
  if (dtype !== "float32") fail(`${name}: dtype must be float32, got ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`${name}: shape must list sizes`);
  const size = shape.reduce((a, b) => a * b, 1);
  let bytes;
  let offset = 0;
  if (buffer instanceof ArrayBuffer) {
    bytes = buffer;
  } else if (ArrayBuffer.isView(buffer)) {
    bytes = buffer.buffer;
    offset = buffer.byteOffset;
    if (buffer.byteLength !== size * 4) fail(`${name}: ${buffer.byteLength} bytes do not hold ${size} float32 values`);
  } else {
    fail(`${name}: buffer must be binary`);
  }
  if (bytes.byteLength - offset < size * 4) fail(`${name}: the buffer is shorter than its shape`);
  let values;
  if (LITTLE_ENDIAN && offset % 4 === 0) {
    values = new Float32Array(bytes, offset, size);
  } else {
    const view = new DataView(bytes, offset, size * 4);
    values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = view.getFloat32(4 * i, true);
  }
  return { shape: [...shape], values };
}
function compactFloat(v) {
  const a = Math.abs(v);
  if (!(a >= 1e-13 && a < 1e13)) return +v.toPrecision(9);
  let k = 8 - Math.floor(Math.log10(a));
  const digits = () => Math.round(k >= 0 ? a * POW10[k] : a / POW10[-k]);
  let m = digits();
  if (m >= 1e9) {
    k--;
    m = digits();
  } else if (m < 1e8) {
    k++;
    m = digits();
  }
  const r = k >= 0 ? m / POW10[k] : m * POW10[-k];
  return v < 0 ? -r : r;
}
function shortestFloat(v) {
  const a = Math.abs(v);
  if (!(a >= 1e-13 && a < 1e13)) return compactFloat(v);
  const k9 = 8 - Math.floor(Math.log10(a));
  let r = roundedTo(a, k9 - 1);
  if (Math.fround(r) !== a) {
    r = Math.abs(compactFloat(v));
  } else {
    for (let k = k9 - 2; k >= k9 - 8; k--) {
      const s = roundedTo(a, k);
      if (Math.fround(s) !== a) break;
      r = s;
    }
  }
  return v < 0 ? -r : r;
}
function roundedTo(a, k) {
  return k >= 0 ? Math.round(a * POW10[k]) / POW10[k] : Math.round(a / POW10[-k]) * POW10[-k];
}
function toNested(t, compact = false) {
  const v = t.values;
  const row = (from, to) => {
    const out = new Array(to - from);
    if (compact) for (let i = from; i < to; i++) out[i - from] = compactFloat(v[i]);
    else for (let i = from; i < to; i++) out[i - from] = v[i];
    return out;
  };
  if (t.shape.length === 1) return row(0, v.length);
  if (t.shape.length !== 2) fail(`only vectors and matrices have nested forms, not shape ${t.shape}`);
  const [rows, cols] = t.shape;
  return Array.from({ length: rows }, (_, r) => row(r * cols, (r + 1) * cols));
}
function nestedOf(value, compact = false) {
  const out = {};
  for (const [name, v] of Object.entries(value)) out[name] = toNested(toTensor(v, name), compact);
  return out;
}
function mapBuffers(optimizer, f) {
  if (!isObject(optimizer) || !isObject(optimizer.buffers)) return optimizer;
  const buffers = {};
  for (const [param, bufs] of Object.entries(optimizer.buffers)) {
    if (!isObject(bufs)) fail(`optimizer.buffers.${param} must be an object`);
    buffers[param] = {};
    for (const [kind, v] of Object.entries(bufs)) buffers[param][kind] = f(v, `optimizer.buffers.${param}.${kind}`);
  }
  return { ...optimizer, buffers };
}
function outputSize(weights, layers) {
  if (!isObject(weights)) return null;
  const b = weights[`layer_${layers - 1}_bias`];
  if (isTensor(b)) return b.shape[0];
  if (Array.isArray(b)) return b.length;
  if (isObject(b) && Array.isArray(b.shape)) return Number(b.shape[0]);
  return null;
}

// js/model/forward.js
var FEATURES = ["x", "y", "x2", "y2", "xy", "sinx", "siny"];
var ACTIVATIONS = ["tanh", "relu", "leaky_relu", "gelu", "sigmoid", "linear"];
var LEAKY_SLOPE = 0.01;
var FEATURE_FNS = {
  x: (x) => x,
  y: (_x, y) => y,
  x2: (x) => x * x,
  y2: (_x, y) => y * y,
  xy: (x, y) => x * y,
  sinx: (x) => Math.sin(x),
  siny: (_x, y) => Math.sin(y)
};
function featureFn(name) {
  const fn = FEATURE_FNS[name];
  if (!fn) throw new Error(`unknown feature ${JSON.stringify(name)}`);
  return fn;
}
function erf(x) {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(
    -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
  return x >= 0 ? 1 - erfc : erfc - 1;
}
var P1 = 0.13380373912479349;
var P2 = 0.003494825177950511;
var P3 = 20597178579393792e-21;
var P4 = 13339565213717208e-24;
var Q1 = 0.4671369134995953;
var Q2 = 0.025874046445021764;
var Q3 = 32844136227332495e-20;
var Q4 = 7770077233691815e-22;
var TANH_CLAMP = 9;
function tanh(v) {
  const x = Math.min(Math.max(v, -TANH_CLAMP), TANH_CLAMP);
  const s = x * x;
  return x * (1 + s * (P1 + s * (P2 + s * (P3 + s * P4)))) / (1 + s * (Q1 + s * (Q2 + s * (Q3 + s * Q4))));
}
var ACTIVATION_FNS = {
  tanh,
  relu: (v) => v > 0 ? v : 0,
  leaky_relu: (v) => v > 0 ? v : LEAKY_SLOPE * v,
  gelu: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  linear: (v) => v
};
function activationFn(name) {
  const fn = ACTIVATION_FNS[name];
  if (!fn) throw new Error(`unknown activation ${JSON.stringify(name)}`);
  return fn;
}
function compileNetwork(weights) {
  const tensors = toTensors(weights);
  const layers = [];
  for (let i = 0; `layer_${i}_weights` in tensors; i++) {
    const w = tensors[`layer_${i}_weights`];
    const bias = tensors[`layer_${i}_bias`];
    const nOut = w.shape[0];
    const nIn = w.shape.length === 2 ? w.shape[1] : 0;
    if (!bias || bias.values.length !== nOut) {
      throw new Error(`layer_${i}_bias must have ${nOut} entries`);
    }
    if (i > 0 && layers[i - 1].nOut !== nIn) {
      throw new Error(`layer_${i}_weights takes ${nIn} inputs but layer ${i - 1} has ${layers[i - 1].nOut} outputs`);
    }
    layers.push({ nIn, nOut, w: Float64Array.from(w.values), b: Float64Array.from(bias.values) });
  }
  if (!layers.length) throw new Error("the weights have no layers");
  return layers;
}
function activateInPlace(values, activation) {
  if (activation === "tanh") {
    for (let j = 0; j < values.length; j++) values[j] = tanh(values[j]);
  } else if (activation !== "linear") {
    const act = activationFn(activation);
    for (let j = 0; j < values.length; j++) values[j] = act(values[j]);
  }
}
function sweepPair(ra, rb, w, wa, wb, ba, bb, rows) {
  const n = ra.length;
  const nIn = rows.length;
  ra.fill(ba);
  rb.fill(bb);
  let i = 0;
  for (; i + 4 <= nIn; i += 4) {
    const a0 = w[wa + i];
    const a1 = w[wa + i + 1];
    const a2 = w[wa + i + 2];
    const a3 = w[wa + i + 3];
    const b0 = w[wb + i];
    const b1 = w[wb + i + 1];
    const b2 = w[wb + i + 2];
    const b3 = w[wb + i + 3];
    const s0 = rows[i];
    const s1 = rows[i + 1];
    const s2 = rows[i + 2];
    const s3 = rows[i + 3];
    for (let p = 0; p < n; p++) {
      const x0 = s0[p];
      const x1 = s1[p];
      const x2 = s2[p];
      const x3 = s3[p];
      ra[p] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
      rb[p] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3;
    }
  }
  for (; i < nIn; i++) {
    const a = w[wa + i];
    const c = w[wb + i];
    const src = rows[i];
    for (let p = 0; p < n; p++) {
      const x = src[p];
      ra[p] += a * x;
      rb[p] += c * x;
    }
  }
}
function sweepOne(row, w, wo, bias, rows) {
  const n = row.length;
  const nIn = rows.length;
  row.fill(bias);
  let i = 0;
  for (; i + 4 <= nIn; i += 4) {
    const w0 = w[wo + i];
    const w1 = w[wo + i + 1];
    const w2 = w[wo + i + 2];
    const w3 = w[wo + i + 3];
    const s0 = rows[i];
    const s1 = rows[i + 1];
    const s2 = rows[i + 2];
    const s3 = rows[i + 3];
    for (let p = 0; p < n; p++) row[p] += w0 * s0[p] + w1 * s1[p] + w2 * s2[p] + w3 * s3[p];
  }
  for (; i < nIn; i++) {
    const wi = w[wo + i];
    const src = rows[i];
    for (let p = 0; p < n; p++) row[p] += wi * src[p];
  }
}
function forwardBatch(net, features, activation, xs, ys) {
  const n = xs.length;
  const d = features.length;
  if (net[0].nIn !== d) {
    throw new Error(`the network takes ${net[0].nIn} inputs but ${d} features are enabled`);
  }
  activationFn(activation);
  let h2 = new Float64Array(n * d);
  features.forEach((name, j) => {
    const f = featureFn(name);
    for (let p = 0; p < n; p++) h2[j * n + p] = f(xs[p], ys[p]);
  });
  const hidden = [];
  for (let l = 0; l < net.length; l++) {
    const { nIn, nOut, w, b } = net[l];
    const out = new Float64Array(n * nOut);
    const rows = Array.from({ length: nIn }, (_, i) => h2.subarray(i * n, (i + 1) * n));
    let o = 0;
    for (; o + 2 <= nOut; o += 2) {
      sweepPair(out.subarray(o * n, (o + 1) * n), out.subarray((o + 1) * n, (o + 2) * n), w, o * nIn, (o + 1) * nIn, b[o], b[o + 1], rows);
    }
    if (o < nOut) sweepOne(out.subarray(o * n, (o + 1) * n), w, o * nIn, b[o], rows);
    if (l < net.length - 1) {
      activateInPlace(out, activation);
      hidden.push(out);
    }
    h2 = out;
  }
  const classes = net[net.length - 1].nOut;
  const logits = new Float64Array(n * classes);
  const probs = new Float64Array(n * classes);
  for (let p = 0; p < n; p++) {
    const off = p * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      logits[off + c] = h2[c * n + p];
      max = Math.max(max, logits[off + c]);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[off + c] - max);
      probs[off + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) probs[off + c] /= sum;
  }
  return { n, hidden, logits, probs };
}
function metricsOf(logits, classes, data) {
  const sums = { trainLoss: 0, trainRight: 0, trainCount: 0, testLoss: 0, testRight: 0, testCount: 0 };
  for (let p = 0; p < data.x.length; p++) {
    const off = p * classes;
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < classes; c++) {
      if (logits[off + c] > max) {
        max = logits[off + c];
        arg = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[off + c] - max);
    const loss = max + Math.log(sum) - logits[off + data.label[p]];
    const right = arg === data.label[p] ? 1 : 0;
    if (data.test?.[p]) {
      sums.testLoss += loss;
      sums.testRight += right;
      sums.testCount++;
    } else {
      sums.trainLoss += loss;
      sums.trainRight += right;
      sums.trainCount++;
    }
  }
  const mean = (v, n) => n ? v / n : null;
  return {
    loss: mean(sums.trainLoss, sums.trainCount),
    accuracy: mean(sums.trainRight, sums.trainCount),
    testLoss: mean(sums.testLoss, sums.testCount),
    testAccuracy: mean(sums.testRight, sums.testCount),
    trainCount: sums.trainCount,
    testCount: sums.testCount
  };
}

// js/model/budget.js
var FRAME_BUDGET_MS = 8;
var MAP_WORK = 225e4;
var WHOLE_WORK = MAP_WORK;
var FIRST_SLICE_WORK = 2e5;
var ACTIVATION_WORK = 4;
function pointWork(net) {
  return net.reduce((s, l, i) => s + l.nIn * l.nOut + (i < net.length - 1 ? ACTIVATION_WORK * l.nOut : 0), 0);
}
var ForwardJob = class {
  /**
   * @param {Layer[]} net
   * @param {string[]} features
   * @param {string} activation
   * @param {ArrayLike<number>} xs
   * @param {ArrayLike<number>} ys
   * @param {boolean} keepHidden
   * @param {() => number} [now]
   */
  constructor(net, features, activation, xs, ys, keepHidden, now = () => performance.now()) {
    this.net = net;
    this.features = features;
    this.activation = activation;
    this.xs = xs;
    this.ys = ys;
    this.keepHidden = keepHidden;
    this.now = now;
    this.n = xs.length;
    this.work = pointWork(net);
    this.next = 0;
    this.msPerPoint = 0;
    const k = net[net.length - 1].nOut;
    this.result = {
      n: this.n,
      hidden: keepHidden ? net.slice(0, -1).map((l) => new Float64Array(this.n * l.nOut)) : [],
      logits: new Float64Array(this.n * k),
      probs: new Float64Array(this.n * k)
    };
  }
  get done() {
    return this.next >= this.n;
  }
  /** Whether the pass is done in slices (else at once, as a small one). */
  get sliced() {
    return this.n * this.work > WHOLE_WORK;
  }
  /**
   * Runs slices until `deadline` (a `now()` time) or the end; a small job runs whole however
   * late it is. Returns whether the pass is complete.
   * @param {number} deadline
   */
  run(deadline) {
    if (!this.sliced) return this.slice(this.n - this.next);
    do {
      const left = deadline - this.now();
      const size = this.msPerPoint > 0 ? Math.floor(left / this.msPerPoint) : Math.ceil(FIRST_SLICE_WORK / this.work);
      const start = this.now();
      const count = Math.max(1, Math.min(size, this.n - this.next));
      this.slice(count);
      const perPoint = (this.now() - start) / count;
      this.msPerPoint = this.msPerPoint > 0 && perPoint < this.msPerPoint ? 0.7 * this.msPerPoint + 0.3 * perPoint : perPoint;
    } while (!this.done && this.now() + this.msPerPoint <= deadline);
    return this.done;
  }
  /**
   * The next `count` points, copied into the result.
   * @param {number} count
   */
  slice(count) {
    const a = this.next;
    const b = Math.min(this.n, a + count);
    if (b <= a) return this.done;
    const part = forwardBatch(this.net, this.features, this.activation, sub(this.xs, a, b), sub(this.ys, a, b));
    const k = this.net[this.net.length - 1].nOut;
    this.result.logits.set(part.logits, a * k);
    this.result.probs.set(part.probs, a * k);
    if (this.keepHidden) {
      const m = b - a;
      part.hidden.forEach((rows, l) => {
        const full = this.result.hidden[l];
        for (let i = 0; i < this.net[l].nOut; i++) full.set(rows.subarray(i * m, (i + 1) * m), i * this.n + a);
      });
    }
    this.next = b;
    return this.done;
  }
};
function sub(values, a, b) {
  if (a === 0 && b === values.length) return values;
  if (ArrayBuffer.isView(values)) return (
    /** @type {Float64Array} */
    values.subarray(a, b)
  );
  return Array.prototype.slice.call(values, a, b);
}
var overPoints = /* @__PURE__ */ new WeakMap();
function pointsPass(net, features, activation, data, now) {
  const known = overPoints.get(net);
  if (known && known.data === data && known.features === features && known.activation === activation) return known.job;
  const job = new ForwardJob(net, features, activation, data.x, data.y, false, now);
  overPoints.set(net, { data, features, activation, job });
  return job;
}

// js/views/colors.js
var CLASS_RGB = [
  [0, 114, 178],
  // blue
  [230, 159, 0],
  // orange
  [0, 158, 115],
  // bluish green
  [204, 121, 167],
  // reddish purple
  [86, 180, 233],
  // sky blue
  [213, 94, 0],
  // vermillion
  [240, 228, 66],
  // yellow
  [90, 90, 90]
  // grey
];
var CLASS_NAMES = ["blue", "orange", "green", "purple", "sky blue", "vermillion", "yellow", "grey"];
var DIVERGING_STOPS = [
  [118, 42, 131],
  [153, 112, 171],
  [194, 165, 207],
  [231, 212, 232],
  [247, 247, 247],
  [217, 240, 211],
  [166, 219, 160],
  [90, 174, 97],
  [27, 120, 55]
];
var NEGATIVE_NAME = "purple";
var POSITIVE_NAME = "green";
var LUT_SIZE = 512;
var LUT = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  const last = DIVERGING_STOPS.length - 1;
  for (let k = 0; k < LUT_SIZE; k++) {
    const pos = k / (LUT_SIZE - 1) * last;
    const i = Math.min(last - 1, Math.floor(pos));
    const f = pos - i;
    for (let c = 0; c < 3; c++) lut[k * 3 + c] = DIVERGING_STOPS[i][c] + (DIVERGING_STOPS[i + 1][c] - DIVERGING_STOPS[i][c]) * f;
  }
  return lut;
})();
function css(c, alpha = 1) {
  return alpha === 1 ? `rgb(${c[0]},${c[1]},${c[2]})` : `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;
}
function classColor(index) {
  return CLASS_RGB[index % CLASS_RGB.length];
}
function divergingRgb(v) {
  const k = lutIndex(v);
  return [LUT[k], LUT[k + 1], LUT[k + 2]];
}
function diverging(out, off, v) {
  const k = lutIndex(v);
  out[off] = LUT[k];
  out[off + 1] = LUT[k + 1];
  out[off + 2] = LUT[k + 2];
  out[off + 3] = 255;
}
function lutIndex(v) {
  const t = v > 1 ? 1 : v < -1 ? -1 : v || 0;
  return Math.round((t + 1) / 2 * (LUT_SIZE - 1)) * 3;
}
function divergingGradient() {
  return `linear-gradient(to right, ${DIVERGING_STOPS.map((c) => css(c)).join(", ")})`;
}

// js/views/dom.js
function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === void 0 || v === null || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  el.append(...children);
  return el;
}
function field(label, control, id) {
  control.id = id;
  return h("div", { class: "nv-field" }, [h("label", { for: id, text: label }), control]);
}
function select(values, label, onchange) {
  return (
    /** @type {HTMLSelectElement} */
    h("select", { onchange }, options(values, label))
  );
}
function options(values, label) {
  return values.map((v) => h("option", { value: v, text: label(v) }));
}
function numberInput(attrs, onchange) {
  return (
    /** @type {HTMLInputElement} */
    h("input", { type: "number", ...attrs, onchange })
  );
}
function radio(name, label, checked, onchange) {
  const input = h("input", { type: "radio", name, "aria-label": label, checked, onchange });
  return h("label", { class: "nv-radio" }, [input, h("span", { text: label, "aria-hidden": "true" })]);
}
function checkbox(label, checked, onchange, shown = label) {
  const input = (
    /** @type {HTMLInputElement} */
    h("input", { type: "checkbox", "aria-label": label, checked, onchange: () => onchange(input.checked) })
  );
  return h("label", { class: "nv-check" }, [input, h("span", { text: shown, "aria-hidden": "true" })]);
}
function makeTooltip(root) {
  const el = h("div", { class: "nv-tooltip", "data-testid": "tooltip", role: "tooltip", hidden: true });
  return {
    el,
    show(text, cx, cy) {
      const box = root.getBoundingClientRect();
      el.textContent = text;
      el.hidden = false;
      const x = Math.min(cx - box.left + 12, box.width - el.offsetWidth - 4);
      el.style.left = `${Math.max(0, x)}px`;
      el.style.top = `${cy - box.top + 14}px`;
    },
    hide() {
      el.hidden = true;
    }
  };
}
var fmtLoss = (v) => v === null || v === void 0 ? "—" : v > 0 && v < 1e-3 ? v.toExponential(2) : v.toFixed(3);
var fmtR2 = (v) => v === null || v === void 0 ? "—" : v < -99.9 ? "< −99.9" : v < 0 ? `−${(-v).toFixed(3)}` : v.toFixed(3);
var fmtPercent = (v) => v === null || v === void 0 ? "—" : `${(v * 100).toFixed(1)}%`;
function fitCanvas(canvas, w, hgt) {
  const dpr = globalThis.devicePixelRatio || 1;
  const width = Math.round(w * dpr);
  const height = Math.round(hgt * dpr);
  const resized = canvas.width !== width || canvas.height !== height;
  if (resized) {
    canvas.width = width;
    canvas.height = height;
  }
  return { dpr, resized };
}

// js/views/field_errors.js
var ROW = ".nv-field, .nv-row, .nv-features";
var errorCount = 0;
var FieldErrors = class {
  constructor() {
    this.shown = /* @__PURE__ */ new Map();
  }
  /**
   * Runs a change made with `control`: earlier errors go, and a ValidationError is shown beside
   * the control before it is thrown on (for the app's message area and its sync).
   * @param {EventTarget | null | undefined} control
   * @param {() => void} fn
   */
  run(control, fn) {
    this.clearAll();
    try {
      fn();
    } catch (e) {
      if (e instanceof ValidationError && control instanceof Element) this.show(control, e.message);
      throw e;
    }
  }
  /**
   * @param {Element} control
   * @param {string} text
   */
  show(control, text) {
    const id = `nv-field-error-${++errorCount}`;
    const el = h("div", { class: "nv-field-error", id, "data-testid": "field-error", text });
    (control.closest(ROW) ?? control).after(el);
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", id);
    this.shown.set(control, el);
  }
  clearAll() {
    for (const [control, el] of this.shown) {
      el.remove();
      control.removeAttribute("aria-invalid");
      control.removeAttribute("aria-describedby");
    }
    this.shown.clear();
  }
};

// js/training/pace.js
var SPEEDS = [1, 3, 10, 30, 100, 300, 0];
var DEFAULT_SPEED = 0;
var MIN_INTERVAL_MS = 1e3 / 30;
function pacing(stepsPerSecond) {
  if (!(stepsPerSecond > 0) || !Number.isFinite(stepsPerSecond)) return null;
  const intervalMs = Math.max(1e3 / stepsPerSecond, MIN_INTERVAL_MS);
  const steps = Math.max(1, Math.round(stepsPerSecond * intervalMs / 1e3));
  return { steps, intervalMs: 1e3 * steps / stepsPerSecond };
}
function speedLabel(stepsPerSecond) {
  if (!(stepsPerSecond > 0)) return "as fast as possible";
  return `${stepsPerSecond} step${stepsPerSecond === 1 ? "" : "s"}/s`;
}
function speedField(id, speed, onchange) {
  const input = (
    /** @type {HTMLInputElement} */
    h("input", { type: "range", id, min: 0, max: SPEEDS.length - 1, step: 1, class: "nv-speed-range" })
  );
  const shown = h("output", { for: id, class: "nv-speed-value", "aria-hidden": "true" });
  const set = (v) => {
    const i = Math.max(0, SPEEDS.indexOf(v));
    input.value = String(i);
    input.setAttribute("aria-valuetext", speedLabel(SPEEDS[i]));
    shown.textContent = speedLabel(SPEEDS[i]);
  };
  set(speed);
  input.addEventListener("input", () => {
    const v = SPEEDS[Number(input.value)] ?? DEFAULT_SPEED;
    set(v);
    onchange(v);
  });
  const element = h("div", { class: "nv-speed", title: "How fast Play trains: from one step a second to as fast as the host can" }, [h("label", { for: id, text: "Speed" }), input, shown]);
  return { element, input, set };
}

// js/data/random.js
function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function makeNormal(random) {
  return () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}
function ringCentres(k, radius, turn) {
  return Array.from({ length: k }, (_, c) => {
    const a = turn + 2 * Math.PI * c / k;
    return (
      /** @type {[number, number]} */
      [radius * Math.cos(a), radius * Math.sin(a)]
    );
  });
}

// js/data/datasets.js
var EXTENT = 5.5;
function sides(f) {
  return ({ random }) => (c) => {
    const x = 10 * random() - 5;
    const fx = f(x);
    const room = c === 0 ? 5 - fx : fx + 5;
    const gap = 0.3 + (room - 0.3) * random();
    return [x, c === 0 ? fx + gap : fx - gap];
  };
}
var sine = (x) => 2.5 * Math.sin(1.2 * x);
var cubic = (x) => 0.05 * x ** 3 - 0.75 * x;
var vee = (x) => 1.2 * Math.abs(x) - 3;
var DATA_SETS = [
  {
    name: "circles",
    label: "circles",
    problem: "classification",
    sample: ({ k, random }) => (c) => {
      const width = 5 / k;
      const r = (c + 0.1 + 0.8 * random()) * width;
      const a = random() * 2 * Math.PI;
      return [r * Math.cos(a), r * Math.sin(a)];
    }
  },
  {
    name: "moons",
    label: "moons",
    problem: "classification",
    classes: 2,
    sample: ({ random }) => (c) => {
      const t = random() * Math.PI;
      const [px, py] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      return [(px - 0.5) * 2.8, (py - 0.25) * 2.8];
    }
  },
  {
    name: "blobs",
    label: "blobs",
    problem: "classification",
    sample: ({ k, normal, turn }) => {
      const centres = ringCentres(k, 3.5, turn);
      return (c) => [centres[c][0] + 0.45 * normal(), centres[c][1] + 0.45 * normal()];
    }
  },
  {
    name: "anisotropic",
    label: "long blobs",
    problem: "classification",
    sample: ({ k, normal, turn }) => {
      const centres = ringCentres(k, 3, turn);
      return (c) => {
        const u = normal();
        const v = normal();
        return [centres[c][0] + 1.7 * u + 0.9 * v, centres[c][1] + 0.35 * v];
      };
    }
  },
  {
    name: "varied",
    label: "varied blobs",
    problem: "classification",
    sample: ({ k, normal, turn }) => {
      const centres = ringCentres(k, 3.5, turn);
      const std = Array.from({ length: k }, (_, c) => 0.3 + 1 * ((c * 0.618034 + 0.1) % 1));
      return (c) => [centres[c][0] + std[c] * normal(), centres[c][1] + std[c] * normal()];
    }
  },
  {
    name: "xor",
    label: "xor",
    problem: "classification",
    classes: 2,
    sample: ({ random }) => (c) => {
      const side = () => (0.3 + 4.7 * random()) * (random() < 0.5 ? -1 : 1);
      const x = side();
      const y0 = side();
      return [x, x * y0 >= 0 === (c === 0) ? y0 : -y0];
    }
  },
  {
    name: "spiral",
    label: "spirals",
    problem: "classification",
    sample: ({ k, random, turn }) => (c) => {
      const t = random();
      const r = 0.3 + 4.9 * t;
      const a = 1.75 * t * 2 * Math.PI + 2 * Math.PI * c / k + turn;
      return [r * Math.cos(a), r * Math.sin(a)];
    }
  },
  {
    // Wide, overlapping clouds: the hardest of the set.
    name: "gaussian",
    label: "Gaussians",
    problem: "classification",
    sample: ({ k, normal, turn }) => {
      const centres = ringCentres(k, 2.2, turn);
      return (c) => [centres[c][0] + 1.1 * normal(), centres[c][1] + 1.1 * normal()];
    }
  },
  // One entry per curve, not one with a curve setting: each is one click in the pictures and
  // shows its own curve there, and no setting is added to configs, files and links.
  { name: "sine", label: "sine boundary", problem: "classification", classes: 2, sample: sides(sine), curve: sine },
  { name: "cubic", label: "cubic boundary", problem: "classification", classes: 2, sample: sides(cubic), curve: cubic },
  { name: "abs", label: "|x| boundary", problem: "classification", classes: 2, sample: sides(vee), curve: vee },
  {
    name: "plane",
    label: "tilted plane",
    problem: "regression",
    target: ({ turn }) => (x, y) => (Math.cos(turn) * x + Math.sin(turn) * y) / 5
  },
  {
    // Three bumps, up, down, up, on a ring: a surface with a saddle between them.
    name: "bumps",
    label: "Gaussian bumps",
    problem: "regression",
    target: ({ turn }) => {
      const bumps = ringCentres(3, 2.6, turn).map(([cx, cy], i) => ({ cx, cy, sign: i === 1 ? -1 : 1 }));
      return (x, y) => bumps.reduce((t, b) => t + b.sign * Math.exp(-((x - b.cx) ** 2 + (y - b.cy) ** 2) / 4.5), 0);
    }
  },
  {
    name: "ridge",
    label: "sine ridge",
    problem: "regression",
    target: ({ turn }) => (x, y) => Math.sin(0.9 * (Math.cos(turn) * x + Math.sin(turn) * y))
  }
];
var DEFAULT_DATASET = { classification: "circles", regression: "ridge" };
var BY_NAME = new Map(DATA_SETS.map((d) => [d.name, d]));
function dataSetOf(name) {
  return BY_NAME.get(name);
}
function dataSetLabel(name) {
  return BY_NAME.get(name)?.label ?? name;
}
var NAMES = {
  classification: DATA_SETS.filter((d) => d.problem === "classification").map((d) => d.name),
  regression: DATA_SETS.filter((d) => d.problem === "regression").map((d) => d.name)
};
function dataSetNames(problem) {
  return NAMES[problem];
}
var DATASET_NAMES = DATA_SETS.map((d) => d.name);

// js/settings/data_settings.js
var DATA_SETTINGS = [
  {
    wire: "dataset",
    type: "choice",
    default: DEFAULT_DATASET.classification,
    label: "Data set",
    // The menu offers those of the problem (datasets.js).
    choices: DATA_SETS.map((d) => d.name),
    choiceLabels: Object.fromEntries(DATA_SETS.map((d) => [d.name, d.label]))
  },
  // Also at most the host's maxPoints, checked where points are made.
  { wire: "points", type: "int", default: 200, label: "Points", min: 1, max: 1e9 },
  // The standard deviation of the jitter, in plane units.
  { wire: "noise", type: "float", default: 0.3, label: "Noise", min: 0, max: 3, step: 0.05 },
  { wire: "dataSeed", type: "int", default: 1, label: "Data seed", min: 0, max: 2 ** 31 - 1 },
  { wire: "testFraction", type: "float", default: 0.2, label: "Test fraction", min: 0, max: 0.9, step: 0.05 }
];

// js/data/extent.js
var DEFAULT_EXTENT = [-6, 6, -6, 6];
var MAX_ASPECT = 2;
function readExtent(raw) {
  if (raw === null || raw === void 0) return DEFAULT_EXTENT;
  if (!Array.isArray(raw) || raw.length !== 4 || !raw.every((v) => typeof v === "number" && Number.isFinite(v))) {
    fail("extent must be 4 finite numbers [xmin, xmax, ymin, ymax]");
  }
  const [xmin, xmax, ymin, ymax] = raw;
  if (!(xmin < xmax && ymin < ymax)) fail("extent needs xmin < xmax and ymin < ymax");
  return (
    /** @type {Extent} */
    [xmin, xmax, ymin, ymax]
  );
}
function unitOf(e) {
  return Math.max(e[1] - e[0], e[3] - e[2]) / (DEFAULT_EXTENT[1] - DEFAULT_EXTENT[0]);
}
function quantumOf(e) {
  const k = Math.floor(Math.log10(unitOf(e) * 1e-4));
  return k >= 0 ? 10 ** k : 1 / 10 ** -k;
}
function roundTo(v, q) {
  if (q >= 1) return Math.round(v / q) * q;
  const inv = Math.round(1 / q);
  return Math.round(v * inv) / inv;
}
function aspectOf(e) {
  return Math.max(1 / MAX_ASPECT, Math.min(MAX_ASPECT, (e[1] - e[0]) / (e[3] - e[2])));
}
function toPlane(px, py, width, height, e) {
  return { x: e[0] + (e[1] - e[0]) * px / width, y: e[3] - (e[3] - e[2]) * py / height };
}
function toPixel(p, width, height, e) {
  return [(p.x - e[0]) / (e[1] - e[0]) * width, (e[3] - p.y) / (e[3] - e[2]) * height];
}
function inExtent(p, e) {
  return p.x >= e[0] && p.x <= e[1] && p.y >= e[2] && p.y <= e[3];
}
function clampInto(p, e) {
  return { x: Math.max(e[0], Math.min(e[1], p.x)), y: Math.max(e[2], Math.min(e[3], p.y)) };
}
function fromDefaultPlane(x, y, e) {
  const d = DEFAULT_EXTENT;
  return [e[0] + (x - d[0]) / (d[1] - d[0]) * (e[1] - e[0]), e[2] + (y - d[2]) / (d[3] - d[2]) * (e[3] - e[2])];
}
function gridPoints(g, e) {
  const xs = new Float64Array(g * g);
  const ys = new Float64Array(g * g);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      xs[r * g + c] = e[0] + (e[1] - e[0]) * (c + 0.5) / g;
      ys[r * g + c] = e[3] - (e[3] - e[2]) * (r + 0.5) / g;
    }
  }
  return { xs, ys };
}
function extentText(e) {
  const q = quantumOf(e) * 100;
  const n = (v) => String(roundTo(v, q)).replace("-", "−");
  return `x ${n(e[0])} to ${n(e[1])}, y ${n(e[2])} to ${n(e[3])}`;
}

// js/data/generators.js
var TARGET_NOISE = 1 / 3;
var clamp = (v) => Math.max(-EXTENT, Math.min(EXTENT, v));
function generate(settings) {
  const set = dataSetOf(settings.dataset);
  if (!set) throw new Error(`unknown data set ${JSON.stringify(settings.dataset)}; known: ${DATASET_NAMES.join(", ")}`);
  return set.problem === "regression" ? generateTargets(settings, set) : generateClasses(settings, set);
}
function generateClasses(settings, set) {
  const n = Math.max(0, Math.floor(settings.points));
  const k = set.classes ?? Math.max(2, Math.min(8, Math.floor(settings.classes)));
  const random = makeRandom(settings.seed);
  const normal = makeNormal(random);
  const turn = random() * 2 * Math.PI;
  const sample = set.sample({ k, random, normal, turn });
  const extent = settings.extent ?? DEFAULT_EXTENT;
  const q = quantumOf(extent);
  const data = { x: [], y: [], label: [], test: [] };
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const [px, py] = sample(c);
    const [x, y] = fromDefaultPlane(clamp(px + settings.noise * normal()), clamp(py + settings.noise * normal()), extent);
    data.x.push(roundTo(x, q));
    data.y.push(roundTo(y, q));
    data.label.push(c);
    data.test.push(false);
  }
  holdOut(data, settings.testFraction, random);
  return data;
}
function holdOut(data, fraction, random) {
  const n = data.x.length;
  const testCount = Math.floor(Math.max(0, Math.min(0.9, fraction ?? 0)) * n);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < testCount; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j], order[i]];
    data.test[order[i]] = true;
  }
}
function generateTargets(settings, set) {
  const n = Math.max(0, Math.floor(settings.points));
  const random = makeRandom(settings.seed);
  const normal = makeNormal(random);
  const turn = random() * 2 * Math.PI;
  const target = set.target({ k: 1, random, normal, turn });
  const extent = settings.extent ?? DEFAULT_EXTENT;
  const q = quantumOf(extent);
  const data = { x: [], y: [], label: [], test: [] };
  for (let i = 0; i < n; i++) {
    const px = 10 * random() - 5;
    const py = 10 * random() - 5;
    const [x, y] = fromDefaultPlane(px, py, extent);
    data.x.push(roundTo(x, q));
    data.y.push(roundTo(y, q));
    data.label.push(roundTo(target(px, py) + settings.noise * TARGET_NOISE * normal(), 1e-4));
    data.test.push(false);
  }
  holdOut(data, settings.testFraction, random);
  return data;
}

// js/settings/state.js
var MAX_VALUE = 1e6;
function defaultUi() {
  return { selectedClass: 0, tool: "add", showTest: true, discretize: false, speed: DEFAULT_SPEED, logLoss: false, value: 1 };
}
function emptyHistory() {
  return { losses: [], snapshots: [] };
}
function emptyData() {
  return { x: [], y: [], label: [], test: [] };
}
function validateWeights(value, architecture) {
  if (!isObject(value)) fail("weights must be an object");
  const out = {};
  for (let i = 0; i < architecture.length - 1; i++) {
    const [fanIn, fanOut] = [architecture[i], architecture[i + 1]];
    const wName = `layer_${i}_weights`;
    const bName = `layer_${i}_bias`;
    if (value[wName] === void 0) fail(`${wName} must have ${fanOut} rows`);
    const w = toTensor(value[wName], wName);
    if (w.shape[0] !== fanOut) fail(`${wName} must have ${fanOut} rows`);
    if (w.shape.length !== 2 || w.shape[1] !== fanIn) fail(`${wName} must have rows of ${fanIn} finite numbers`);
    if (value[bName] === void 0) fail(`${bName} must have ${fanOut} finite numbers`);
    const b = toTensor(value[bName], bName);
    if (b.shape.length !== 1 || b.shape[0] !== fanOut) fail(`${bName} must have ${fanOut} finite numbers`);
    out[wName] = w;
    out[bName] = b;
  }
  if (`layer_${architecture.length - 1}_weights` in value) fail("weights have more layers than the config");
  return Object.values(value).every(isTensor) && Object.keys(value).length === Object.keys(out).length ? (
    /** @type {Weights} */
    value
  ) : out;
}
function validateOptimizer(value, config) {
  if (value === null || value === void 0) return null;
  if (!isObject(value)) fail("optimizer must be an object or null");
  if (value.type !== config.optimizer) fail(`optimizer state is for ${JSON.stringify(value.type)}, not ${config.optimizer}`);
  checkNumber(value.t, "optimizer.t", 0, Number.MAX_SAFE_INTEGER, { integer: true });
  if (!isObject(value.buffers)) fail("optimizer.buffers must be an object");
  return (
    /** @type {Optimizer} */
    mapBuffers(value, toTensor)
  );
}
function validateData(value, classes) {
  if (!isObject(value)) fail("data must be an object of columns {x, y, label, test}");
  const { x, y, label } = value;
  if (!Array.isArray(x) || !Array.isArray(y) || !Array.isArray(label)) fail("data needs the columns x, y and label");
  const n = x.length;
  if (y.length !== n || label.length !== n) fail("data columns x, y and label differ in length");
  if (!x.every(Number.isFinite) || !y.every(Number.isFinite)) fail("data coordinates must be finite numbers");
  label.forEach((l, i) => {
    if (classes === null) {
      if (typeof l !== "number" || !(Math.abs(l) <= MAX_VALUE)) fail(`data target ${l} of point ${i} is not a number within ±${MAX_VALUE}`);
    } else if (!Number.isInteger(l) || l < 0 || l >= classes) {
      fail(`data label ${l} of point ${i} is not one of the ${classes} classes`);
    }
  });
  const test = value.test ?? Array(n).fill(false);
  if (!Array.isArray(test) || test.length !== n || !test.every((t) => typeof t === "boolean")) {
    fail("data column test must hold true/false for every point");
  }
  return { x: [...x], y: [...y], label: [...label], test: [...test] };
}
function validateHistory(value) {
  if (!isObject(value)) fail("history must be an object");
  const { losses, snapshots } = value;
  if (!Array.isArray(losses) || !Array.isArray(snapshots)) fail("history needs losses and snapshots");
  for (const row of losses) {
    if (!Array.isArray(row) || row.length !== 3 && row.length !== 5 || !Number.isFinite(row[0]) || !Number.isFinite(row[1])) {
      fail("history.losses must hold [step, loss, testLoss, accuracy, testAccuracy] rows");
    }
  }
  for (const s of snapshots) {
    if (!isObject(s) || !Number.isInteger(s.step) || !isObject(s.weights)) fail("history.snapshots must hold {step, weights, optimizer}");
    if (s.optimizer !== void 0 && s.optimizer !== null && !isObject(s.optimizer)) fail("history.snapshots optimizer must be an object or null");
  }
  return (
    /** @type {History} */
    { losses, snapshots }
  );
}
function validateUi(value) {
  if (!isObject(value)) fail("ui must be an object");
  const d = defaultUi();
  const v = { ...d, ...value };
  checkNumber(v.selectedClass, "ui.selectedClass", 0, CLASS_RGB.length - 1, { integer: true });
  if (v.tool !== "add" && v.tool !== "addTest" && v.tool !== "erase") fail("ui.tool must be add, addTest or erase");
  if (typeof v.showTest !== "boolean" || typeof v.discretize !== "boolean" || typeof v.logLoss !== "boolean") fail("ui flags must be true or false");
  if (!SPEEDS.includes(v.speed)) fail(`ui.speed must be one of ${SPEEDS.join(", ")} steps a second`);
  checkNumber(v.value, "ui.value", -MAX_VALUE, MAX_VALUE);
  return { selectedClass: v.selectedClass, tool: v.tool, showTest: v.showTest, discretize: v.discretize, speed: v.speed, logLoss: v.logLoss, value: v.value };
}

// js/data/points.js
var ERASER_RADIUS = 0.5;
var QUANTUM = 1e-4;
function filterData(d, keep) {
  const out = emptyData();
  keep.forEach((k, i) => {
    if (!k) return;
    out.x.push(d.x[i]);
    out.y.push(d.y[i]);
    out.label.push(d.label[i]);
    out.test.push(d.test[i]);
  });
  return out;
}
function withPoint(d, p, label, test = false, quantum = QUANTUM) {
  const round = (v) => roundTo(v, quantum);
  return { x: [...d.x, round(p.x)], y: [...d.y, round(p.y)], label: [...d.label, label], test: [...d.test, test] };
}
function erased(d, p, radius = ERASER_RADIUS) {
  const keep = d.x.map((px, i) => Math.hypot(px - p.x, d.y[i] - p.y) > radius);
  return keep.every(Boolean) ? null : filterData(d, keep);
}
function keepClasses(d, classes) {
  const keep = d.label.map((l) => l < classes);
  const dropped = keep.filter((k) => !k).length;
  return { data: dropped ? filterData(d, keep) : d, dropped };
}
var Stroke = class {
  /** @param {(before: Data) => void} save keeps the points before the gesture for Undo */
  constructor(save) {
    this.save = save;
    this.saved = false;
    this.last = null;
  }
  /**
   * Records a change from `before` made at p.
   * @param {Data} before
   * @param {Point} p
   */
  changed(before, p) {
    if (!this.saved) this.save(before);
    this.saved = true;
    this.last = p;
  }
};
function sameData(a, b) {
  const cols = (
    /** @type {const} */
    ["x", "y", "label", "test"]
  );
  return a.x.length === b.x.length && cols.every((c) => a[c].every((v, i) => v === b[c][i]));
}

// js/views/ticks.js
function niceStep(span, count) {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}
function linearTicks(lo, hi, count = 4, integer = false) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return [];
  if (hi === lo) return [lo];
  let step = niceStep(hi - lo, count);
  if (integer) step = Math.max(1, step);
  const out = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-12) + 1e-12; k++) out.push(roundTo2(k * step, step));
  return out;
}
function logTicks(lo, hi) {
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) return [];
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  const inside = (v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const powers = [];
  for (let e = from; e <= to; e++) powers.push(pow10(e));
  let ticks = powers.filter(inside);
  if (ticks.length < 3) {
    ticks = powers.flatMap((p) => [p, roundTo2(2 * p, p), roundTo2(5 * p, p)]).filter(inside);
  }
  return ticks;
}
function formatTick(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(+v.toPrecision(6));
  const [m, e] = v.toExponential().split("e");
  return `${+(+m).toPrecision(3)}e${Number(e)}`;
}
function axisFraction(v, lo, hi, log) {
  if (log) return (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
  return (v - lo) / (hi - lo);
}
function pow10(e) {
  return e >= 0 ? 10 ** e : 1 / 10 ** -e;
}
function roundTo2(v, step) {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return digits > 0 ? +v.toFixed(Math.min(20, digits)) : v;
}

// js/data/value_scale.js
var DEFAULT_RANGE = Object.freeze({ lo: -1, hi: 1 });
var BANDS = 10;
var MAP_STRENGTH = 0.7;
function valueRange(targets) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < targets.length; i++) {
    const v = targets[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo)) return DEFAULT_RANGE;
  if (lo < 0 && hi > 0) {
    const m = Math.max(-lo, hi);
    [lo, hi] = [-m, m];
  }
  if (hi === lo) {
    const pad = Math.abs(lo) || 1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const step = niceStep(hi - lo, 4);
  return { lo: roundTo(Math.floor(lo / step + 1e-9) * step, step), hi: roundTo(Math.ceil(hi / step - 1e-9) * step, step) };
}
function scaled(r, v) {
  const t = 2 * (v - r.lo) / (r.hi - r.lo) - 1;
  return t > 1 ? 1 : t < -1 ? -1 : t || 0;
}
function valueCss(r, v) {
  return css(divergingRgb(scaled(r, v)));
}
function banded(t) {
  const k = Math.min(BANDS - 1, Math.floor((t + 1) / 2 * BANDS));
  return (k + 0.5) / BANDS * 2 - 1;
}
function valueImage(outputs, g, r, discretize, strength = MAP_STRENGTH, cells, size = g) {
  const img = new ImageData(size, size);
  const px = img.data;
  const n = size * size;
  for (let p = 0; p < n; p++) {
    const t = scaled(r, outputs[cells ? cells[p] : p]);
    const o = p * 4;
    diverging(px, o, discretize ? banded(t) : t);
    for (let c = 0; c < 3; c++) px[o + c] = 255 + (px[o + c] - 255) * strength;
  }
  return img;
}
function legendTicks(r) {
  const room = 0.2 * (r.hi - r.lo);
  const inner = linearTicks(r.lo, r.hi, 4).filter((v) => v - r.lo >= room && r.hi - v >= room);
  return [r.lo, ...inner, r.hi];
}

// js/data/regression.js
var REGRESSION = "regression";
var CLASSIFICATION = "classification";
function isRegression(config) {
  return config.problem === REGRESSION;
}
function datasetsOf(config) {
  return dataSetNames(isRegression(config) ? REGRESSION : CLASSIFICATION);
}
function datasetOf(config) {
  return datasetsOf(config).includes(config.dataset) ? config.dataset : DEFAULT_DATASET[isRegression(config) ? "regression" : "classification"];
}
function labelSpace(config) {
  return isRegression(config) ? null : config.architecture[config.architecture.length - 1];
}
function regressionMetrics(predicted, data) {
  const part = (test2) => {
    let n = 0;
    let sum = 0;
    for (let p = 0; p < data.x.length; p++) {
      if (Boolean(data.test[p]) !== test2) continue;
      n++;
      sum += data.label[p];
    }
    const mean = n ? sum / n : 0;
    let res = 0;
    let tot = 0;
    for (let p = 0; p < data.x.length; p++) {
      if (Boolean(data.test[p]) !== test2) continue;
      res += (predicted[p] - data.label[p]) ** 2;
      tot += (data.label[p] - mean) ** 2;
    }
    return { n, mse: n ? res / n : null, r2: n >= 2 && tot > 0 ? 1 - res / tot : null };
  };
  const train = part(false);
  const test = part(true);
  return { loss: train.mse, testLoss: test.mse, accuracy: null, testAccuracy: null, r2: train.r2, testR2: test.r2, trainCount: train.n, testCount: test.n };
}
function readingsOf(logits, outputs, data, config) {
  if (isRegression(config) && outputs === 1) {
    const { loss, testLoss, r2, testR2 } = regressionMetrics(logits, data);
    return { loss, testLoss, accuracy: null, testAccuracy: null, r2, testR2 };
  }
  const m = metricsOf(logits, outputs, data);
  return { loss: m.loss, accuracy: m.accuracy, testLoss: m.testLoss, testAccuracy: m.testAccuracy };
}
var BY_CLASS = (label) => css(classColor(label));
var byValue = /* @__PURE__ */ new WeakMap();
function pointPaint(range2) {
  if (!range2) return BY_CLASS;
  let paint = byValue.get(range2);
  if (!paint) byValue.set(range2, paint = (label) => valueCss(range2, label));
  return paint;
}
var RangeCache = class {
  constructor() {
    this.ranges = /* @__PURE__ */ new WeakMap();
    this.last = null;
  }
  /**
   * @param {Data} data
   * @param {AnyConfig} config
   * @returns {ValueRange | null} null in a classification
   */
  of(data, config) {
    if (!isRegression(config)) return null;
    let r = this.ranges.get(data);
    if (!r) {
      r = data.x.length ? valueRange(data.label) : DEFAULT_RANGE;
      const last = this.last;
      if (last && last.lo === r.lo && last.hi === r.hi) r = last;
      this.ranges.set(data, r);
      this.last = r;
    }
    return r;
  }
};
function convertPoints(data, toRegression, classes) {
  const n = data.x.length;
  if (!n) return { data, message: "" };
  if (toRegression) {
    const k = Math.max(2, classes);
    const target = (c) => -1 + 2 * c / (k - 1);
    const label2 = data.label.map(target);
    const names = Array.from({ length: Math.min(k, 3) }, (_, c) => `class ${c + 1} → ${fmt(target(c))}`);
    return { data: { ...data, label: label2 }, message: `The ${n} points keep their places; their classes became targets (${names.join(", ")}${k > 3 ? ", …" : ""})` };
  }
  const sorted = [...data.label].sort((a, b) => a - b);
  const median2 = sorted[Math.floor((n - 1) / 2)];
  const label = data.label.map((v) => v > median2 ? 1 : 0);
  return { data: { ...data, label }, message: `The ${n} points keep their places; those with targets above the median ${fmt(median2)} became class 2, the others class 1` };
}
function fmt(v) {
  return v < 0 ? `−${-v}` : String(v);
}
function switchProblem(app, problem, memory) {
  const before = app.config;
  if ((before.problem ?? CLASSIFICATION) === problem) return;
  const toRegression = problem === REGRESSION;
  const outputs = before.architecture[before.architecture.length - 1];
  const generated = sameData(app.data, generate(app.generatorSettings()));
  if (toRegression) memory.classification = { dataset: before.dataset, classes: outputs };
  else memory.regression = { dataset: before.dataset };
  const k = toRegression ? 1 : memory.classification?.classes ?? 2;
  const dataset = datasetOf({ problem, dataset: (toRegression ? memory.regression : memory.classification)?.dataset ?? "" });
  const from = app.data;
  app.setConfig({ problem, dataset, architecture: [...before.architecture.slice(0, -1), k] });
  const what = `Predicting ${toRegression ? "numbers" : "classes"}`;
  if (generated || !from.x.length) {
    app.setData(generate(app.generatorSettings()), "generated");
    app.say(`${what}: new points from the data set ${dataSetLabel(dataset)}`);
  } else {
    const { data, message } = convertPoints(from, toRegression, outputs);
    app.setData(toRegression ? data : keepClasses(data, k).data, "drawn");
    app.say(`${what}. ${message}`);
  }
  app.requestInit(false);
}

// js/settings/settings.js
var TYPES = ["architecture", "choice", "features", "float", "int"];
var GROUPS = ["network", "training"];
var ON_CHANGE = ["init", "optimizer", "none"];
var REQUIRED = (
  /** @type {const} */
  [
    ["architecture", "architecture"],
    ["features", "features"],
    ["activation", "choice"],
    ["optimizer", "choice"],
    ["batchSize", "int"]
  ]
);
var SCHEMA_PLACEHOLDER = "__NNVISU_SCHEMA__";
function schemaFromPage(text) {
  const t = (text ?? "").trim();
  if (!t || t === SCHEMA_PLACEHOLDER) return null;
  try {
    return JSON.parse(t);
  } catch {
    return null;
  }
}
function readSchema(raw) {
  if (!isObject(raw) || !Array.isArray(raw.settings)) fail("the host's settings schema must be an object with a list of settings");
  const settings = raw.settings.map(readSetting);
  const byWire = {};
  for (const s of settings) {
    if (s.wire in byWire) fail(`the host's settings schema lists ${s.wire} twice`);
    byWire[s.wire] = s;
  }
  for (const [wire, type] of REQUIRED) {
    if (byWire[wire]?.type !== type) fail(`the host's settings schema has no ${type} setting ${wire}`);
  }
  for (
    const [wire, known] of
    /** @type {const} */
    [["features", FEATURES], ["activation", ACTIVATIONS]]
  ) {
    const unknown = (byWire[wire].choices ?? []).filter((c) => !known.includes(c));
    if (unknown.length) fail(`the host offers ${wire} ${unknown.join(", ")}, which this front end cannot draw`);
  }
  const schema = {
    version: Number(raw.version),
    settings,
    byWire,
    architecture: (
      /** @type {HostSetting & ArchitectureBounds} */
      byWire.architecture
    ),
    limits: readLimits(raw.limits)
  };
  const { problems } = readConfig(Object.fromEntries(settings.map((s) => [s.wire, s.default])), schema);
  if (problems.length) fail(`the host's default settings do not pass its own schema: ${problems.join("; ")}`);
  return schema;
}
function readSetting(s, i) {
  if (!isObject(s) || typeof s.wire !== "string" || !s.wire) fail(`setting ${i} of the host's schema has no wire name`);
  const where = `the host's setting ${s.wire}`;
  if (!TYPES.includes(
    /** @type {string} */
    s.type
  )) fail(`${where} has the unknown type ${JSON.stringify(s.type)}`);
  const type = (
    /** @type {HostSetting["type"]} */
    s.type
  );
  if (type === "float" || type === "int") {
    if (typeof s.min !== "number" || typeof s.max !== "number" || !(s.min <= s.max)) fail(`${where} needs bounds min <= max`);
  }
  if (type === "choice" || type === "features") {
    if (!Array.isArray(s.choices) || !s.choices.length || !s.choices.every((c) => typeof c === "string")) {
      fail(`${where} needs a list of choices`);
    }
  }
  if (type === "architecture") {
    for (const k of ["maxHiddenLayers", "maxNeurons", "minClasses", "maxClasses"]) {
      if (!Number.isInteger(s[k]) || /** @type {number} */
      s[k] < 0) fail(`${where} needs ${k}`);
    }
  }
  if (typeof s.label !== "string" || !s.label.trim()) fail(`${where} has no label`);
  if (!GROUPS.includes(
    /** @type {string} */
    s.group
  )) fail(`${where} has no group (${GROUPS.join(" or ")})`);
  if (!ON_CHANGE.includes(
    /** @type {string} */
    s.onChange
  )) fail(`${where} does not say what a change starts (onChange: ${ON_CHANGE.join(", ")})`);
  if (s.choiceLabels !== void 0 && (!isObject(s.choiceLabels) || !Object.values(s.choiceLabels).every((v) => typeof v === "string"))) {
    fail(`${where} has choice labels that are not text`);
  }
  if (s.step !== void 0 && !(typeof s.step === "number" && s.step > 0)) fail(`${where} has a step that is not a positive number`);
  if (s.usedBy !== void 0 && !(Array.isArray(s.usedBy) && s.usedBy.every((o) => typeof o === "string"))) fail(`${where} has a usedBy that is not a list of optimizers`);
  return (
    /** @type {HostSetting} */
    { ...s, type, name: String(s.name ?? s.wire), help: String(s.help ?? ""), minExclusive: s.minExclusive === true }
  );
}
function choiceLabel(s, value) {
  return s.choiceLabels?.[value] ?? value;
}
function settingsStarting(schema, kind) {
  return schema.settings.filter((s) => s.onChange === kind).map((s) => s.wire);
}
function netShape(config, schema) {
  return JSON.stringify(settingsStarting(schema, "init").map((wire) => config[wire] ?? null));
}
function onlyClassesDiffer(a, b, schema) {
  const hidden = (c) => netShape({ ...c, architecture: c.architecture.slice(0, -1) }, schema);
  return hidden(a) === hidden(b);
}
function readLimits(raw) {
  if (!isObject(raw)) fail("the host's settings schema has no limits");
  for (const k of ["maxHiddenLayers", "maxNeurons", "maxPoints", "maxSteps"]) {
    if (typeof raw[k] !== "number" || !/** @type {number} */
    (raw[k] >= 1)) fail(`the host's limits need ${k}`);
  }
  return (
    /** @type {Limits} */
    { ...raw }
  );
}
function checkSetting(s, v) {
  const label = s.label;
  if (s.type === "choice") {
    if (!s.choices?.includes(
      /** @type {string} */
      v
    )) fail(`${label}: ${JSON.stringify(v)} is not one of ${s.choices?.join(", ")}`);
    return v;
  }
  return checkNumber(v, label, s.min ?? -Infinity, s.max ?? Infinity, { integer: s.type === "int", openLo: s.minExclusive });
}
function checkFeatures(s, v) {
  if (!Array.isArray(v) || !v.length) fail(`${s.label}: list at least one feature`);
  for (const f of v) {
    if (!s.choices?.includes(f)) fail(`${s.label}: unknown feature ${JSON.stringify(f)}`);
  }
  if (new Set(v).size !== v.length) fail(`${s.label}: a feature is listed twice`);
  return [...v];
}
function checkArchitecture(s, v, inputs, problem) {
  if (!Array.isArray(v) || v.length < 2) fail("config.architecture must list the input and output sizes");
  v.forEach((n, i) => checkNumber(n, `config.architecture[${i}]`, 1, 1e9, { integer: true }));
  if (v[0] !== inputs) fail(`config.architecture[0] is ${v[0]} but ${inputs} features are enabled`);
  const outputs = v[v.length - 1];
  if (problem === "regression") {
    const one = s.regressionOutputs ?? 1;
    if (outputs !== one) fail(`the output size must be ${one} for regression (the one predicted value), got ${outputs}`);
  } else {
    checkNumber(outputs, "the number of classes", s.minClasses, s.maxClasses, { integer: true });
  }
  checkHidden(v.slice(1, -1), s);
  return [...v];
}
function checkHidden(hidden, bounds) {
  if (hidden.length > bounds.maxHiddenLayers) {
    fail(`${hidden.length} hidden layers is more than the ${bounds.maxHiddenLayers} allowed`);
  }
  for (const n of hidden) {
    if (n > bounds.maxNeurons) fail(`a layer of ${n} neurons is more than the ${bounds.maxNeurons} allowed`);
  }
}
function parseHidden(text, bounds) {
  const t = text.trim();
  if (!t) return [];
  const sizes = t.split(/\s*[-,\s]\s*/).map((p) => {
    if (!/^\d+$/.test(p) || Number(p) < 1) {
      fail(`Hidden layers: ${JSON.stringify(p)} is not a layer size; write sizes such as 8-8-4`);
    }
    return Number(p);
  });
  checkHidden(sizes, bounds);
  return sizes;
}
function configProblem(problems) {
  return `The host's config cannot be used as it is (${problems.join("; ")}); those settings show their defaults here, and the host's config is left as it is`;
}
function readConfig(value, schema) {
  const problems = isObject(value) ? [] : ["config must be an object"];
  const raw = isObject(value) ? value : {};
  const config = { ...raw };
  const read = (wire, fallback, check) => {
    if (raw[wire] === void 0) return fallback();
    try {
      return check(raw[wire]);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push(e.message);
      return fallback();
    }
  };
  const copy = (v) => Array.isArray(v) ? [...v] : v;
  for (const s of schema.settings) {
    if (s.type === "architecture") continue;
    const check = s.type === "features" ? (v) => checkFeatures(s, v) : (v) => checkSetting(s, v);
    config[s.wire] = read(s.wire, () => copy(s.default), check);
  }
  const arch = schema.architecture;
  const inputs = config.features.length;
  config.architecture = read(
    "architecture",
    () => [inputs, ...arch.default.slice(1)],
    (v) => checkArchitecture(arch, v, inputs, config.problem)
  );
  for (const s of DATA_SETTINGS) config[s.wire] = read(s.wire, () => s.default, (v) => checkSetting(s, v));
  return { config: (
    /** @type {Config} */
    config
  ), problems };
}
function validateConfig(value, schema) {
  const { config, problems } = readConfig(value, schema);
  if (problems.length) fail(problems.join("; "));
  return config;
}
function defaultConfig(schema) {
  return readConfig({}, schema).config;
}
function hostLimits(schema, limits) {
  return { ...schema.limits, ...isObject(limits) ? limits : {} };
}

// js/data/thumbnails.js
var SIZE = 44;
var POINTS = 160;
var DataSetPicker = class {
  /** @param {(dataset: string) => void} pick */
  constructor(pick) {
    this.items = {};
    this.drawn = "";
    this.element = h(
      "div",
      { class: "nv-thumbs", role: "group", "aria-label": "Data sets" },
      DATA_SETS.map((set) => {
        const canvas = (
          /** @type {HTMLCanvasElement} */
          h("canvas", { "aria-hidden": "true" })
        );
        const { name, label } = set;
        const button = h("button", { type: "button", class: "nv-thumb", title: label, "aria-label": `Data set ${label}`, "aria-pressed": "false", "data-dataset": name, onclick: () => pick(name) }, [canvas]);
        this.items[name] = { set, button, canvas };
        return button;
      })
    );
  }
  /**
   * Marks the chosen data set, shows those of the problem and redraws the pictures where the
   * classes or the noise changed.
   * @param {{dataset: string, noise: number, classes: number, regression: boolean}} s
   */
  sync(s) {
    const problem = s.regression ? "regression" : "classification";
    for (const [name, { set, button }] of Object.entries(this.items)) {
      button.setAttribute("aria-pressed", String(name === s.dataset));
      button.hidden = set.problem !== problem;
    }
    const key = `${s.classes}/${s.noise}`;
    if (key === this.drawn) return;
    this.drawn = key;
    for (const { set, canvas } of Object.values(this.items)) {
      const data = generate({ dataset: set.name, points: POINTS, noise: s.noise, classes: s.classes, seed: 1 });
      const targets = set.problem === "regression";
      draw(canvas, data, pointPaint(targets ? valueRange(data.label) : null), targets ? 3.5 : 2.5, set.problem === "classification" ? set.curve : void 0);
    }
  }
};
function draw(canvas, data, paint, dot2, curve) {
  const dpr = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(SIZE * dpr);
  canvas.height = Math.round(SIZE * dpr);
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, SIZE, SIZE);
  for (let i = 0; i < data.x.length; i++) {
    const [px, py] = toPixel({ x: data.x[i], y: data.y[i] }, SIZE, SIZE, DEFAULT_EXTENT);
    ctx.fillStyle = paint(data.label[i]);
    ctx.fillRect(px - dot2 / 2, py - dot2 / 2, dot2, dot2);
  }
  if (curve) drawCurve(ctx, curve);
}
function drawCurve(ctx, f) {
  ctx.beginPath();
  for (let i = 0; i <= SIZE; i++) {
    const [xmin, xmax] = DEFAULT_EXTENT;
    const x = xmin + (xmax - xmin) * i / SIZE;
    const [px, py] = toPixel({ x, y: f(x) }, SIZE, SIZE, DEFAULT_EXTENT);
    if (i) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
  }
  ctx.strokeStyle = "#111827";
  ctx.lineWidth = 1.25;
  ctx.stroke();
}

// js/views/controls.js
var DATASET_SETTING = (
  /** @type {import("../settings/data_settings.js").DataSetting} */
  DATA_SETTINGS.find((s) => s.wire === "dataset")
);
function readNumber(text, label) {
  const t = text.trim();
  const v = Number(t);
  if (!t || !Number.isFinite(v)) fail(`${label} must be a number`);
  return v;
}
var hiddenOf = (config) => config.architecture.slice(1, -1);
var classesOf = (config) => config.architecture[config.architecture.length - 1];
function withLayerAdded(config, bounds) {
  const sizes = hiddenOf(config);
  if (sizes.length >= bounds.maxHiddenLayers) fail(`At most ${bounds.maxHiddenLayers} hidden layers`);
  const size = sizes.length ? sizes[sizes.length - 1] : 4;
  return [config.features.length, ...sizes, size, classesOf(config)];
}
function withLayerRemoved(config) {
  const sizes = hiddenOf(config);
  if (!sizes.length) fail("There is no hidden layer to remove");
  return [config.features.length, ...sizes.slice(0, -1), classesOf(config)];
}
function withFeatures(config, features) {
  if (!features.length) fail("Keep at least one input feature");
  return { features, architecture: [features.length, ...hiddenOf(config), classesOf(config)] };
}
function numberAttrs(s) {
  const step = s.type === "int" ? 1 : s.step ?? "any";
  return { step, min: s.min, max: s.max };
}
var Controls = class {
  /**
   * @param {string} viewId prefix of element ids
   * @param {HostSchema} schema the settings to build controls for
   * @param {Ui} ui
   * @param {ControlActions} actions
   */
  constructor(viewId, schema, ui, actions) {
    this.viewId = viewId;
    this.actions = actions;
    this.errors = new FieldErrors();
    this.config = null;
    this.schema = schema;
    this.limits = schema.limits;
    this.playBtn = h("button", { type: "button", class: "nv-play", "aria-label": "Play", onclick: this.act(actions.togglePlay) });
    this.stepBtn = h("button", { type: "button", "aria-label": "Step", text: "Step", onclick: this.act(actions.step) });
    this.resetBtn = h("button", { type: "button", "aria-label": "Reset weights", text: "Reset weights", onclick: this.act(actions.resetWeights) });
    this.speed = speedField(`${viewId}-speed`, ui.speed, (speed) => actions.guard(() => actions.setUi({ speed })));
    const undoBtn = (name, keys, fn) => (
      /** @type {HTMLButtonElement} */
      h("button", { type: "button", text: name, "aria-label": name, "aria-keyshortcuts": keys, title: `${name} the last change of points or settings (${keys.replace(/ .*/, "")})`, disabled: true, onclick: this.act(fn) })
    );
    this.undoBtn = undoBtn("Undo", "Control+Z Meta+Z", actions.undo);
    this.redoBtn = undoBtn("Redo", "Control+Shift+Z Control+Y Meta+Shift+Z", actions.redo);
    this.picker = new DataSetPicker((dataset) => actions.guard(() => actions.changeData({ dataset })));
    this.dataSummary = h("div", { class: "nv-data-summary", "data-testid": "data-summary" });
    this.hostFieldsets = /** @type {HTMLFieldSetElement[]} */
    [];
    this.inputs = {};
    const arch = schema.architecture;
    this.classesIn = numberInput({ step: 1, min: arch.minClasses, max: arch.maxClasses }, this.act(() => this.changeClasses()));
    this.hiddenIn = /** @type {HTMLInputElement} */
    h("input", { type: "text", inputmode: "numeric", placeholder: "e.g. 8-8-4", spellcheck: "false", title: arch.help, onchange: this.act(() => this.changeHidden()) });
    this.featureCbs = {};
    this.classesField = field("Classes", this.classesIn, `${viewId}-classes`);
    this.classRadios = h("div", { class: "nv-classes", role: "radiogroup", "aria-label": "Class colour" });
    this.classRow = h("div", { class: "nv-row" }, [this.classRadios]);
    this.valueIn = numberInput({ step: 0.1, min: -1e6, max: 1e6, title: "The target of the points you draw" }, this.act(() => this.changeValue()));
    this.valueIn.value = String(ui.value);
    this.valueRow = h("div", { class: "nv-row nv-value-row", hidden: true }, [field("Value", this.valueIn, `${viewId}-value`)]);
    const network = this.networkFieldset();
    const training = h("fieldset", {}, [h("legend", { text: "Training" }), ...this.settingFields("training")]);
    this.hostFieldsets.push(
      /** @type {HTMLFieldSetElement} */
      network,
      /** @type {HTMLFieldSetElement} */
      training
    );
    this.panel = h("section", { class: "nv-controls" }, [this.drawingFieldset(ui), this.dataFieldset(), network]);
    this.trainingPanel = h("section", { class: "nv-controls nv-training" }, [training]);
  }
  /**
   * A control's handler: a rejected change is reported beside the control.
   * @param {() => void} fn
   */
  act(fn) {
    const handler = (e) => this.actions.guard(() => this.errors.run(e?.target, fn));
    return handler;
  }
  /** @param {Ui} ui */
  drawingFieldset(ui) {
    const a = this.actions;
    const tool = `${this.viewId}-nv-tool`;
    return h("fieldset", {}, [
      h("legend", { text: "Drawing" }),
      this.classRow,
      this.valueRow,
      h("div", { class: "nv-row", role: "radiogroup", "aria-label": "Tool" }, [
        radio(tool, "Add points", ui.tool === "add", this.act(() => a.setUi({ tool: "add" }))),
        radio(tool, "Eraser", ui.tool === "erase", this.act(() => a.setUi({ tool: "erase" }))),
        radio(tool, "Add test points", ui.tool === "addTest", this.act(() => a.setUi({ tool: "addTest" })))
      ]),
      h("div", { class: "nv-row" }, [h("button", { type: "button", text: "Clear points", "aria-label": "Clear points", onclick: this.act(a.clearPoints) })]),
      h("div", { class: "nv-row" }, [
        checkbox("Show test points", ui.showTest, (v) => a.guard(() => a.setUi({ showTest: v }))),
        checkbox("Discretize", ui.discretize, (v) => a.guard(() => a.setUi({ discretize: v })))
      ])
    ]);
  }
  dataFieldset() {
    const fields = DATA_SETTINGS.map((s) => this.settingField(s, s.label, () => this.actions.changeData({ [s.wire]: this.valueOf(s) })));
    return h("fieldset", {}, [
      h("legend", { text: "Data set" }),
      this.picker.element,
      this.dataSummary,
      ...fields,
      h("div", { class: "nv-row" }, [h("button", { type: "button", text: "Generate", "aria-label": "Generate", onclick: this.act(this.actions.generate) })])
    ]);
  }
  networkFieldset() {
    const a = this.actions;
    const id = (name) => `${this.viewId}-${name}`;
    const featureBox = h(
      "div",
      { class: "nv-features" },
      (this.schema.byWire.features.choices ?? []).map((f) => {
        const shown = choiceLabel(this.schema.byWire.features, f);
        const cb = checkbox(`Feature ${shown}`, false, () => a.guard(() => this.errors.run(this.featureCbs[f], () => this.changeFeatures())), shown);
        this.featureCbs[f] = /** @type {HTMLInputElement} */
        cb.querySelector("input");
        return cb;
      })
    );
    return h("fieldset", {}, [
      h("legend", { text: "Network" }),
      this.classesField,
      field(this.schema.architecture.label, this.hiddenIn, id("hidden")),
      ...this.settingFields("network"),
      h("div", { class: "nv-sub", text: this.schema.byWire.features.label }),
      featureBox
    ]);
  }
  /**
   * The fields of the host's number and choice settings in one group, in the host's order.
   * @param {"network" | "training"} group
   */
  settingFields(group) {
    return this.schema.settings.filter((s) => (s.type === "float" || s.type === "int" || s.type === "choice") && s.group === group).map((s) => this.settingField(s, s.label, () => this.settingChanged(s)));
  }
  /**
   * A labelled control for one setting (the host's or a page-local one).
   * @param {AnySetting} s
   * @param {string} label
   * @param {() => void} onchange
   */
  settingField(s, label, onchange) {
    const control = s.type === "choice" ? select(s.choices ?? [], (v) => choiceLabel(s, v), this.act(onchange)) : numberInput({ ...numberAttrs(s), title: s.help || void 0 }, this.act(onchange));
    if (s.type === "choice") control.title = s.help ?? "";
    this.inputs[s.wire] = /** @type {HTMLInputElement | HTMLSelectElement} */
    control;
    return field(label, control, `${this.viewId}-${s.wire}`);
  }
  /**
   * The value a setting's control holds.
   * @param {AnySetting} s
   */
  valueOf(s) {
    const input = this.inputs[s.wire];
    if (s.type === "choice") return input.value;
    const v = readNumber(input.value, s.label);
    if (s.wire === "points" && v > this.limits.maxPoints) fail(`Points must be at most ${this.limits.maxPoints} (this server's limit)`);
    return v;
  }
  /** @param {import("../settings/settings.js").HostSetting} s */
  settingChanged(s) {
    const value = this.valueOf(s);
    if (s.wire === "problem") this.actions.changeProblem(String(value));
    else if (s.onChange === "init") this.actions.changeArchitecture({ [s.wire]: value });
    else if (s.onChange === "optimizer") this.actions.changeOptimizer({ [s.wire]: value });
    else this.actions.setConfig({ [s.wire]: value });
  }
  changeHidden() {
    const config = (
      /** @type {Config} */
      this.config
    );
    const sizes = parseHidden(this.hiddenIn.value, this.schema.architecture);
    this.actions.changeArchitecture({ architecture: [config.features.length, ...sizes, classesOf(config)] });
  }
  changeFeatures() {
    const features = Object.keys(this.featureCbs).filter((f) => this.featureCbs[f].checked);
    this.actions.changeArchitecture(withFeatures(
      /** @type {Config} */
      this.config,
      features
    ));
  }
  changeValue() {
    const v = readNumber(this.valueIn.value, "Value");
    if (Math.abs(v) > 1e6) fail("Value must be within ±1000000");
    this.actions.setUi({ value: v });
  }
  changeClasses() {
    const { minClasses, maxClasses } = this.schema.architecture;
    const k = Number(this.classesIn.value);
    if (!Number.isInteger(k) || k < minClasses || k > maxClasses) {
      throw new ValidationError(`Classes must be a whole number from ${minClasses} to ${maxClasses}`);
    }
    this.actions.changeClasses(k);
  }
  /**
   * @param {boolean} canUndo
   * @param {boolean} canRedo
   */
  setUndoable(canUndo, canRedo) {
    this.undoBtn.disabled = !canUndo;
    this.redoBtn.disabled = !canRedo;
  }
  /**
   * Without a host (a restored widget whose kernel is gone) training and the settings that
   * need the host are disabled.
   * @param {boolean} online
   */
  setOnline(online) {
    for (const el of [this.playBtn, this.stepBtn, this.resetBtn, ...this.hostFieldsets]) {
      el.disabled = !online;
    }
  }
  /** @param {boolean} on */
  setPlaying(on) {
    this.playBtn.setAttribute("aria-label", on ? "Pause" : "Play");
    this.playBtn.textContent = on ? "❚❚ Pause" : "▶ Play";
    this.playBtn.classList.toggle("nv-on", on);
  }
  /**
   * Puts the config's values and the host's bounds into the controls.
   * @param {Config} config
   * @param {Ui} ui
   * @param {HostSchema} schema
   * @param {Limits} limits
   */
  sync(config, ui, schema, limits) {
    this.config = config;
    this.schema = schema;
    this.limits = limits;
    const arch = schema.architecture;
    for (const s of [...DATA_SETTINGS, ...schema.settings]) {
      const input = this.inputs[s.wire];
      if (!input) continue;
      const row = input.closest(".nv-field");
      if (row instanceof HTMLElement && "usedBy" in s) row.hidden = !s.usedBy?.includes(config.optimizer);
      if (s.type === "choice") syncOptions(
        /** @type {HTMLSelectElement} */
        input,
        s
      );
      else Object.assign(input, boundsOf(s.wire === "points" ? { ...s, max: limits.maxPoints } : s));
      input.value = String(config[s.wire]);
    }
    const regression = isRegression(config);
    const datasetIn = (
      /** @type {HTMLSelectElement} */
      this.inputs.dataset
    );
    if (datasetIn) {
      syncOptions(datasetIn, { ...DATASET_SETTING, choices: [...datasetsOf(config)] });
      datasetIn.value = datasetOf(config);
    }
    this.classRow.hidden = this.classesField.hidden = regression;
    this.valueRow.hidden = !regression;
    if (document.activeElement !== this.valueIn) this.valueIn.value = String(ui.value);
    const classes = classesOf(config);
    Object.assign(this.classesIn, { min: String(arch.minClasses), max: String(arch.maxClasses), value: String(classes) });
    this.hiddenIn.value = hiddenOf(config).join("-");
    this.picker.sync({ dataset: datasetOf(config), noise: config.noise, classes, regression });
    this.speed.set(ui.speed);
    for (const [f, cb] of Object.entries(this.featureCbs)) cb.checked = config.features.includes(f);
    if (this.classRadios.childElementCount !== classes) this.buildClassRadios(classes, ui.selectedClass);
  }
  /**
   * @param {number} k classes
   * @param {number} selected
   */
  buildClassRadios(k, selected) {
    this.classRadios.replaceChildren(
      ...Array.from({ length: k }, (_, c) => {
        const input = h("input", {
          type: "radio",
          name: `${this.viewId}-class`,
          "aria-label": `Class ${c + 1}`,
          checked: c === selected,
          onchange: this.act(() => this.actions.setUi({ selectedClass: c }))
        });
        const swatch = h("span", { class: "nv-swatch", title: `Class ${c + 1} (${CLASS_NAMES[c % CLASS_NAMES.length]})`, "aria-hidden": "true" });
        swatch.style.background = css(classColor(c));
        return h("label", { class: "nv-radio nv-class" }, [input, swatch]);
      })
    );
  }
};
function boundsOf(s) {
  const { min, max } = numberAttrs(s);
  return { min: min === void 0 ? "" : String(min), max: max === void 0 ? "" : String(max) };
}
function syncOptions(sel, s) {
  const choices = s.choices ?? [];
  if ([...sel.options].map((o) => o.value).join() !== choices.join()) sel.replaceChildren(...options(choices, (v) => choiceLabel(s, v)));
}

// js/app/undo.js
var MAX_UNDO = 50;
var UndoRedo = class {
  /** @param {number} [max] */
  constructor(max = MAX_UNDO) {
    this.max = max;
    this.past = [];
    this.future = [];
  }
  /** @param {T} before the state before an edit */
  push(before) {
    this.past.push(before);
    if (this.past.length > this.max) this.past.shift();
    this.future.length = 0;
  }
  /**
   * The state before the last edit, or null. The current state, as `keep` describes it for
   * going back to it from that one, is kept for redo.
   * @param {(target: T) => T} keep
   * @returns {T | null}
   */
  undo(keep) {
    const prev = this.past.pop();
    if (prev === void 0) return null;
    this.future.push(keep(prev));
    return prev;
  }
  /**
   * The state the last undo left, or null; the current one (see undo) goes back on the undo side.
   * @param {(target: T) => T} keep
   * @returns {T | null}
   */
  redo(keep) {
    const next = this.future.pop();
    if (next === void 0) return null;
    this.past.push(keep(next));
    return next;
  }
  get canUndo() {
    return this.past.length > 0;
  }
  get canRedo() {
    return this.future.length > 0;
  }
};
function undoKey(e, inTextField) {
  if (inTextField || e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  const key = e.key.toLowerCase();
  if (key === "z") return e.shiftKey ? "redo" : "undo";
  if (key === "y" && !e.shiftKey) return "redo";
  return null;
}

// js/app/edits.js
var Edits = class {
  /**
   * @param {EditHost} host
   * @param {number} [max] edits kept
   */
  constructor(host, max) {
    this.host = host;
    this.stack = new UndoRedo(max);
  }
  /**
   * Runs an edit (which may fail) and remembers the state before it, if it changed anything
   * (new points equal to the old ones, such as Generate pressed again, are no change).
   * @param {() => void} fn
   */
  record(fn) {
    const h2 = this.host;
    const before = { config: h2.config(), data: h2.data(), net: h2.net() };
    try {
      fn();
    } finally {
      const config = h2.config();
      const configChanged = JSON.stringify(config) !== JSON.stringify(before.config);
      const data = h2.data();
      if (configChanged || data !== before.data && !sameData(data, before.data)) {
        this.stack.push({ ...before, net: this.sameNet(config, before.config) ? null : before.net });
        this.changed();
      }
    }
  }
  /**
   * A gesture on the plane changed the points: `before` are the points it started from.
   * @param {Data} before
   */
  savePoints(before) {
    this.stack.push({ config: this.host.config(), data: before, net: null });
    this.changed();
  }
  /** @returns {boolean} whether there was an edit to undo */
  undo() {
    return this.go(this.stack.undo((target) => this.current(target)));
  }
  /** @returns {boolean} whether there was an edit to redo */
  redo() {
    return this.go(this.stack.redo((target) => this.current(target)));
  }
  /**
   * The current state, to come back to from `target` (with the network where they differ).
   * @param {EditState} target
   * @returns {EditState}
   */
  current(target) {
    const h2 = this.host;
    const config = h2.config();
    return { config, data: h2.data(), net: this.sameNet(config, target.config) ? null : h2.net() };
  }
  /**
   * Puts the app into `target`.
   * @param {EditState | null} target
   */
  go(target) {
    if (!target) return false;
    const h2 = this.host;
    const now = h2.config();
    if (JSON.stringify(now) !== JSON.stringify(target.config)) h2.setConfig(target.config);
    if (h2.data() !== target.data) h2.setData(target.data);
    const schema = h2.schema();
    if (!this.sameNet(now, target.config)) {
      if (!target.net || !h2.setNet(target.net)) h2.init(onlyClassesDiffer(now, target.config, schema));
    } else if (settingsStarting(schema, "optimizer").some((wire) => now[wire] !== target.config[wire])) {
      h2.dropOptimizer();
    }
    this.changed();
    return true;
  }
  changed() {
    this.host.changed(this.stack.canUndo, this.stack.canRedo);
  }
  /**
   * Whether the weights of one config fit another.
   * @param {Config} a
   * @param {Config} b
   */
  sameNet(a, b) {
    const schema = this.host.schema();
    return netShape(a, schema) === netShape(b, schema);
  }
  /**
   * Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z or Ctrl+Y, from a key press inside the app.
   * @param {KeyboardEvent} e
   * @param {(fn: () => void) => void} guard runs the undo as a control's handler
   */
  onKey(e, guard) {
    const what = undoKey(e, isTextField(e.target));
    if (!what) return;
    e.preventDefault();
    e.stopPropagation();
    guard(() => what === "undo" ? this.undo() : this.redo());
  }
};
function isTextField(el) {
  if (!el || typeof /** @type {any} */
  el.tagName !== "string") return false;
  const e = (
    /** @type {HTMLElement} */
    el
  );
  if (e.isContentEditable || e.tagName === "TEXTAREA") return true;
  return e.tagName === "INPUT" && ["text", "number", "search", ""].includes(
    /** @type {HTMLInputElement} */
    e.type
  );
}

// node_modules/base32768/src/index.js
var BITS_PER_CHAR = 15;
var BITS_PER_BYTE = 8;
var pairStrings = [
  "ҠҿԀԟڀڿݠޟ߀ߟကဟႠႿᄀᅟᆀᆟᇠሿበቿዠዿጠጿᎠᏟᐠᙟᚠᛟកសᠠᡟᣀᣟᦀᦟ᧠᧿ᨠᨿᯀᯟᰀᰟᴀᴟ⇠⇿⋀⋟⍀⏟␀␟─❟➀➿⠀⥿⦠⦿⨠⩟⪀⪿⫠⭟ⰀⰟⲀⳟⴀⴟⵀⵟ⺠⻟㇀㇟㐀䶟䷀龿ꀀꑿ꒠꒿ꔀꗿꙀꙟꚠꛟ꜀ꝟꞀꞟꡀꡟ",
  "ƀƟɀʟ"
];
var lookupE = {};
var lookupD = {};
pairStrings.forEach((pairString, r) => {
  const encodeRepertoire = [];
  pairString.match(/../gu).forEach((pair) => {
    const first = pair.codePointAt(0);
    const last = pair.codePointAt(1);
    for (let codePoint = first; codePoint <= last; codePoint++) {
      encodeRepertoire.push(String.fromCodePoint(codePoint));
    }
  });
  const numZBits = BITS_PER_CHAR - BITS_PER_BYTE * r;
  lookupE[numZBits] = encodeRepertoire;
  encodeRepertoire.forEach((chr, z) => {
    lookupD[chr] = [numZBits, z];
  });
});
var encode = (uint8Array) => {
  const length = uint8Array.length;
  let str = "";
  let z = 0;
  let numZBits = 0;
  for (let i = 0; i < length; i++) {
    const uint8 = uint8Array[i];
    for (let j = BITS_PER_BYTE - 1; j >= 0; j--) {
      const bit = uint8 >> j & 1;
      z = (z << 1) + bit;
      numZBits++;
      if (numZBits === BITS_PER_CHAR) {
        str += lookupE[numZBits][z];
        z = 0;
        numZBits = 0;
      }
    }
  }
  if (numZBits !== 0) {
    while (!(numZBits in lookupE)) {
      z = (z << 1) + 1;
      numZBits++;
    }
    str += lookupE[numZBits][z];
  }
  return str;
};
var decode = (str) => {
  const length = str.length;
  const uint8Array = new Uint8Array(Math.floor(length * BITS_PER_CHAR / BITS_PER_BYTE));
  let numUint8s = 0;
  let uint8 = 0;
  let numUint8Bits = 0;
  for (let i = 0; i < length; i++) {
    const chr = str.charAt(i);
    if (!(chr in lookupD)) {
      throw new Error(`Unrecognised Base32768 character: ${chr}`);
    }
    const [numZBits, z] = lookupD[chr];
    if (numZBits !== BITS_PER_CHAR && i !== length - 1) {
      throw new Error("Secondary character found before end of input at position " + String(i));
    }
    for (let j = numZBits - 1; j >= 0; j--) {
      const bit = z >> j & 1;
      uint8 = (uint8 << 1) + bit;
      numUint8Bits++;
      if (numUint8Bits === BITS_PER_BYTE) {
        uint8Array[numUint8s] = uint8;
        numUint8s++;
        uint8 = 0;
        numUint8Bits = 0;
      }
    }
  }
  if (uint8 !== (1 << numUint8Bits) - 1) {
    throw new Error("Padding mismatch");
  }
  return new Uint8Array(uint8Array.buffer, 0, numUint8s);
};

// js/model/packed.js
var GROUP_BYTES = 15;
var GROUP_UNITS = 8;
var LITTLE_ENDIAN2 = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
var tables = null;
function alphabet() {
  if (tables) return tables;
  const bytes = new Uint8Array(32768 * 15 / 8);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let z = 0; z < 32768; z++) {
    acc = acc << 15 | z;
    bits += 15;
    while (bits >= 8) {
      bits -= 8;
      bytes[o++] = acc >>> bits & 255;
    }
    acc &= (1 << bits) - 1;
  }
  const text = encode(bytes);
  const toUnit = new Uint16Array(32768);
  const toValue = new Int32Array(65536).fill(-1);
  for (let z = 0; z < 32768; z++) {
    const unit = text.charCodeAt(z);
    toUnit[z] = unit;
    toValue[unit] = z;
  }
  tables = { toUnit, toValue };
  return tables;
}
function packBytes(bytes) {
  const { toUnit } = alphabet();
  const whole = bytes.length - bytes.length % GROUP_BYTES;
  const units = new Uint16Array(whole / GROUP_BYTES * GROUP_UNITS);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < whole; i++) {
    acc = acc << 8 | bytes[i];
    bits += 8;
    if (bits >= 15) {
      bits -= 15;
      units[o++] = toUnit[acc >>> bits & 32767];
      acc &= (1 << bits) - 1;
    }
  }
  return unitsText(units) + encode(bytes.subarray(whole));
}
function unpackBytes(text, name) {
  const { toValue } = alphabet();
  const whole = Math.max(0, Math.floor((text.length - 1) / GROUP_UNITS) * GROUP_UNITS);
  let tail;
  try {
    tail = decode(text.slice(whole));
  } catch (e) {
    fail(`${name} is not base32768 text (${e instanceof Error ? e.message : e})`);
  }
  const out = new Uint8Array(whole / GROUP_UNITS * GROUP_BYTES + tail.length);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < whole; i++) {
    const z = toValue[text.charCodeAt(i)];
    if (z < 0) fail(`${name} is not base32768 text (character ${i})`);
    acc = acc << 15 | z;
    bits += 15;
    while (bits >= 8) {
      bits -= 8;
      out[o++] = acc >>> bits & 255;
    }
    acc &= (1 << bits) - 1;
  }
  out.set(tail, o);
  return out;
}
function unitsText(units) {
  const parts = [];
  for (let i = 0; i < units.length; i += 8192) parts.push(String.fromCharCode.apply(
    null,
    /** @type {any} */
    units.subarray(i, i + 8192)
  ));
  return parts.join("");
}
function packTensor(value, name) {
  const t = toTensor(value, name);
  const v = t.values;
  let bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (!LITTLE_ENDIAN2) {
    const view = new DataView(new ArrayBuffer(v.byteLength));
    v.forEach((x, i) => view.setFloat32(4 * i, x, true));
    bytes = new Uint8Array(view.buffer);
  }
  return { shape: [...t.shape], float32: packBytes(bytes) };
}
function isPacked(value) {
  return isObject(value) && typeof value.float32 === "string";
}
function unpackTensor(value, name) {
  if (!isPacked(value)) return toTensor(value, name);
  const bytes = unpackBytes(value.float32, name);
  if (bytes.length % 4) fail(`${name}: ${bytes.length} bytes are not float32 values`);
  const tensor = toTensor({ shape: value.shape, dtype: "float32", buffer: bytes.slice().buffer }, name);
  if (tensor.values.length !== bytes.length / 4) fail(`${name}: shape ${JSON.stringify(value.shape)} does not hold ${bytes.length / 4} values`);
  for (const x of tensor.values) if (!Number.isFinite(x)) fail(`${name} must hold finite numbers`);
  return tensor;
}

// js/page/storage.js
var STORAGE_KEYS = {
  config: "nnvisu_config",
  weights: "nnvisu_weights",
  data: "nnvisu_data",
  optimizer: "nnvisu_optimizer",
  metrics: "nnvisu_metrics",
  history: "nnvisu_history",
  ui: "nnvisu_ui"
};
var FORMAT = 2;
var STORAGE_BUDGET = 2e6;
var HOST_HISTORY_BYTES = 2 * 1024 * 1024;
function parse(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    fail("is not valid JSON");
  }
}
function readObject(raw, inner) {
  const value = parse(raw);
  if (!isObject(value)) fail("was not written by nnvisu");
  if (value.version === 1 && inner in value) return { value, format: 1 };
  if (value.version === void 0 || value.version === FORMAT) return { value, format: 2 };
  fail(`has version ${JSON.stringify(value.version)}; this nnvisu reads version ${FORMAT} (and version 1, which it migrates)`);
}
function checkStep(v, name) {
  if (!Number.isInteger(v) || /** @type {number} */
  v < 0) fail(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return (
    /** @type {number} */
    v
  );
}
function without(value, keys) {
  const out = { ...value };
  for (const k of keys) delete out[k];
  return out;
}
function readConfigText(raw) {
  const { value, format } = readObject(raw, "config");
  const config = format === 1 ? value.config : without(value, ["version"]);
  if (!isObject(config)) fail("config must be an object of settings");
  return { config, format };
}
var LAYER_KEY = /^layer_\d+_(weights|bias)$/;
function readWeightsText(raw) {
  const { value, format } = readObject(raw, "weights");
  const step = checkStep(value.step ?? 0, "step");
  if (format === 1) {
    const { weights: weights2, optimizer = null, metrics = null } = value;
    if (weights2 !== null && !isObject(weights2)) fail("weights must be an object");
    return { weights: weights2, step, format, optimizer, metrics };
  }
  const weights = {};
  for (const [k, v] of Object.entries(value)) if (LAYER_KEY.test(k)) weights[k] = v;
  if (!("layer_0_weights" in weights)) fail("holds no layer_0_weights");
  return { weights, step, format };
}
function readDataText(raw) {
  const value = parse(raw);
  if (Array.isArray(value)) return { data: columnsOf(value), format: 2 };
  if (isObject(value) && value.version === 1 && isObject(value.data)) return { data: (
    /** @type {Record<string, unknown[]>} */
    value.data
  ), format: 1 };
  if (isObject(value) && value.version !== void 0 && value.version !== 1) readObject(raw, "data");
  fail("must be a list of points {x, y, label}");
}
function columnsOf(points) {
  const [x, y, label, test] = [[], [], [], []];
  points.forEach((p, i) => {
    if (!isObject(p)) fail(`point ${i} must be an object {x, y, label}`);
    if (p.test !== void 0 && typeof p.test !== "boolean") fail(`point ${i}: test must be true or false`);
    x.push(p.x);
    y.push(p.y);
    label.push(p.label);
    test.push(p.test === true);
  });
  return { x, y, label, test };
}
function readOptimizerText(raw) {
  const { value, format } = readObject(raw, "optimizer");
  if (format === 1) fail("has version 1, which never had this key");
  const step = checkStep(value.step, "step");
  if (!isObject(value.buffers)) fail("buffers must be an object");
  return { optimizer: mapBuffers(without(value, ["version", "step"]), unpackTensor), step };
}
function readMetricsText(raw) {
  const { value, format } = readObject(raw, "metrics");
  if (format === 1) fail("has version 1, which never had this key");
  const step = checkStep(value.step, "step");
  const metrics = without(value, ["version", "step"]);
  for (const [k, v] of Object.entries(metrics)) if (v !== null && !Number.isFinite(v)) fail(`${k} must be a number or null`);
  return { metrics, step };
}
function readHistoryText(raw) {
  const { value, format } = readObject(raw, "history");
  if (format === 1) return { history: value.history, format };
  const { losses, snapshots } = value;
  if (!Array.isArray(snapshots)) fail("snapshots must be a list");
  const unpacked = snapshots.map((s, i) => {
    if (!isObject(s) || !isObject(s.weights)) fail(`snapshot ${i} must hold {step, weights}`);
    return mapSnapshot(s, unpackTensor);
  });
  return { history: { losses, snapshots: unpacked }, format };
}
function readUiText(raw) {
  const { value, format } = readObject(raw, "ui");
  return { ui: format === 1 ? value.ui : without(value, ["version"]), format };
}
function historyUpTo(history2, step) {
  const losses = history2.losses.filter((row) => row[0] <= step);
  const snapshots = history2.snapshots.filter((s) => s.step <= step);
  return losses.length === history2.losses.length && snapshots.length === history2.snapshots.length ? history2 : { losses, snapshots };
}
function storedHistoryJson(raw) {
  const history2 = (
    /** @type {import("../settings/state.js").History} */
    readHistoryText(raw).history
  );
  const nested = (v, name) => toNested(toTensor(v, name));
  return { losses: history2.losses, snapshots: history2.snapshots.map((s) => mapSnapshot(
    /** @type {any} */
    s,
    nested
  )) };
}
function configText(config) {
  return JSON.stringify({ version: FORMAT, ...config });
}
function weightsText(weights, step) {
  const parts = [`"version":${FORMAT}`, `"step":${step}`];
  for (const [name, v] of Object.entries(weights)) parts.push(`${JSON.stringify(name)}:${nestedText(toTensor(v, name), name)}`);
  return `{${parts.join(",")}}`;
}
function nestedText(t, name) {
  const v = t.values;
  const row = (from, to) => {
    const out = new Array(to - from);
    for (let i = from; i < to; i++) {
      if (!Number.isFinite(v[i])) fail(`${name} holds ${v[i]}, which JSON cannot write`);
      out[i - from] = shortestFloat(v[i]);
    }
    return out;
  };
  if (t.shape.length === 1) return JSON.stringify(row(0, v.length));
  const [rows, cols] = t.shape;
  return JSON.stringify(Array.from({ length: rows }, (_, r) => row(r * cols, (r + 1) * cols)));
}
function dataText(data) {
  return JSON.stringify(pointsOf(data));
}
function pointsOf(data, coordinate = (v) => v) {
  return data.x.map((x, i) => {
    const p = { x: coordinate(x), y: coordinate(data.y[i]), label: data.label[i] };
    if (data.test?.[i]) p.test = true;
    return p;
  });
}
function optimizerText(optimizer, step) {
  return JSON.stringify({ version: FORMAT, step, ...mapBuffers(optimizer, packTensor) });
}
function metricsText(metrics, step) {
  return JSON.stringify({ version: FORMAT, step, ...metrics });
}
function uiText(ui) {
  return JSON.stringify({ version: FORMAT, ...ui });
}
var snapshotTexts = /* @__PURE__ */ new WeakMap();
function snapshotText(s) {
  let text = snapshotTexts.get(s);
  if (text === void 0) {
    text = JSON.stringify(mapSnapshot(s, packTensor));
    snapshotTexts.set(s, text);
  }
  return text;
}
function historyText(history2, step, room) {
  const head = `{"version":${FORMAT},"step":${step},"losses":${JSON.stringify(history2.losses)},"snapshots":[`;
  const texts = history2.snapshots.map(snapshotText);
  const picks = evenSelection(
    texts.map((t) => t.length + 1),
    room - head.length - 2
  );
  return { text: `${head}${picks.map((i) => texts[i]).join(",")}]}`, kept: picks.length };
}
function evenSelection(sizes, room) {
  const n = sizes.length;
  for (let k = n; k > 0; k--) {
    const picks = k === 1 ? [n - 1] : Array.from({ length: k }, (_, i) => Math.round(i * (n - 1) / (k - 1)));
    if (picks.reduce((sum, i) => sum + sizes[i], 0) <= room) return picks;
  }
  return [];
}
var hostSnapshots = /* @__PURE__ */ new WeakMap();
function historyForHost(history2, maxBytes = HOST_HISTORY_BYTES) {
  const picks = evenSelection(history2.snapshots.map(snapshotBytes), maxBytes);
  const snapshots = picks.map((i) => {
    const s = history2.snapshots[i];
    let binary = hostSnapshots.get(s);
    if (binary === void 0) {
      binary = mapSnapshot(s, toBinary);
      hostSnapshots.set(s, binary);
      hostSnapshots.set(binary, binary);
    }
    return binary;
  });
  return { losses: history2.losses, snapshots };
}
function toBinary(value, name) {
  const t = toTensor(value, name);
  return { shape: [...t.shape], dtype: "float32", buffer: t.values.slice().buffer };
}
function snapshotBytes(s) {
  let floats = 0;
  mapSnapshot(s, (v) => {
    floats += floatCount(v);
    return v;
  });
  return 4 * floats;
}
function floatCount(v) {
  if (isTensor(v)) return v.values.length;
  if (Array.isArray(v)) return Array.isArray(v[0]) ? v.length * v[0].length : v.length;
  if (isObject(v) && Array.isArray(v.shape)) return v.shape.reduce((a, b) => Number(a) * Number(b), 1);
  return 0;
}
function mapSnapshot(s, f) {
  const weights = {};
  for (const [name, v] of Object.entries(s.weights)) weights[name] = f(v, `snapshot ${s.step} ${name}`);
  const out = { ...s, weights };
  if (isObject(s.optimizer)) out.optimizer = mapBuffers(s.optimizer, f);
  return out;
}

// js/files/files.js
var FILE_FORMAT = "nnvisu-state";
var FILE_VERSION = 1;
var FILE_NAME = "nnvisu-state.json";
var CLASSIFICATION2 = "classification";
function documentOf(s, parts = {}, savedBy = "nnvisu") {
  const { weights = true, training = true, float32Points = false } = parts;
  const nestedBuffers = (opt) => mapBuffers(opt ?? null, (v, name) => toNested(toTensor(v, name), true));
  const doc = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    savedBy,
    config: s.config,
    step: weights && s.weights ? s.step : 0,
    weights: weights && s.weights ? nestedOf(s.weights, true) : null,
    data: pointsOf(s.data, float32Points ? (v) => shortestFloat(Math.fround(v)) : void 0)
  };
  if (training && doc.weights) {
    doc.optimizer = nestedBuffers(s.optimizer);
    doc.history = {
      losses: s.history.losses,
      snapshots: s.history.snapshots.map((snap) => ({ ...snap, weights: nestedOf(snap.weights, true), optimizer: nestedBuffers(snap.optimizer) }))
    };
  }
  return doc;
}
function readDocument(doc, schema, limits) {
  if (!isObject(doc) || doc.format !== FILE_FORMAT) fail(`it is not an nnvisu state (no "format": "${FILE_FORMAT}")`);
  if (doc.version !== FILE_VERSION) {
    const newer = Number.isInteger(doc.version) && /** @type {number} */
    doc.version > FILE_VERSION;
    fail(`it is of version ${JSON.stringify(doc.version)}; this nnvisu reads version ${FILE_VERSION}${newer ? " (it was written by a newer nnvisu)" : ""}`);
  }
  const notes = [];
  const config = readConfigPart(doc.config, schema, notes);
  const step = checkNumber(doc.step ?? 0, "step", 0, Number.MAX_SAFE_INTEGER, { integer: true });
  const weights = doc.weights === null || doc.weights === void 0 ? null : validateWeights(doc.weights, config.architecture);
  const optimizer = weights ? validateOptimizer(doc.optimizer, config) : null;
  if (!Array.isArray(doc.data)) fail("data must be a list of points {x, y, label}");
  if (doc.data.length > limits.maxPoints) fail(`it has ${doc.data.length} points; this server allows at most ${limits.maxPoints}`);
  const data = validateData(columnsOf(doc.data), labelSpace(config));
  const history2 = weights && doc.history !== void 0 && doc.history !== null ? readHistoryPart(doc.history, step) : emptyHistory();
  return { session: { config, weights, optimizer, step: weights ? step : 0, data, history: history2 }, notes };
}
function readConfigPart(raw, schema, notes) {
  if (!isObject(raw)) fail("config must be an object of settings");
  const problem = raw.problem ?? CLASSIFICATION2;
  if (!("problem" in schema.byWire) && problem !== CLASSIFICATION2) fail(`it is a ${JSON.stringify(problem)} model; this server knows ${CLASSIFICATION2} only`);
  const config = { ...raw };
  const unknown = Object.keys(config).filter((k) => !(k in schema.byWire) && !DATA_SETTINGS.some((s) => s.wire === k) && k !== "problem");
  for (const k of unknown) delete config[k];
  if (unknown.length) notes.push(`${unknown.map((k) => JSON.stringify(k)).join(", ")} ${unknown.length === 1 ? "is not a setting" : "are not settings"} of this server, left out`);
  return validateConfig(config, schema);
}
function readHistoryPart(raw, step) {
  const history2 = validateHistory(raw);
  const snapshots = history2.snapshots.map((s, i) => ({
    ...s,
    weights: toTensors(s.weights, `history snapshot ${i} weights`),
    optimizer: mapBuffers(s.optimizer ?? null, toTensor)
  }));
  return historyUpTo({ losses: history2.losses, snapshots }, step);
}
function parseFile(text) {
  try {
    return JSON.parse(text);
  } catch {
    fail("it is not JSON (cut short or damaged?)");
  }
}

// js/files/pictures.js
function pngOf(canvas) {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => blob ? resolve(blob) : reject(new Error("the picture could not be made")), "image/png"));
}
function graphPicture(container) {
  const box = container.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  const out = document.createElement("canvas");
  out.width = Math.max(1, Math.round(box.width * dpr));
  out.height = Math.max(1, Math.round(box.height * dpr));
  const ctx = (
    /** @type {CanvasRenderingContext2D} */
    out.getContext("2d")
  );
  ctx.scale(dpr, dpr);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, box.width, box.height);
  for (const el of container.children) {
    const r = el.getBoundingClientRect();
    const [x, y] = [r.left - box.left, r.top - box.top];
    const style = getComputedStyle(el);
    if (el instanceof HTMLCanvasElement) {
      ctx.imageSmoothingEnabled = style.imageRendering !== "pixelated";
      ctx.drawImage(el, x, y, r.width, r.height);
      const border = parseFloat(style.borderTopWidth);
      if (border > 0) {
        ctx.strokeStyle = style.borderTopColor;
        ctx.lineWidth = border;
        ctx.strokeRect(x + border / 2, y + border / 2, r.width - border, r.height - border);
      }
    } else if (el.textContent) {
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      ctx.fillStyle = style.color;
      ctx.textBaseline = "middle";
      ctx.fillText(el.textContent, x, y + r.height / 2);
    }
  }
  return out;
}
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 6e4);
}

// js/files/share.js
var LINK_PREFIX = "#nnvisu=";
var LINK_VERSION = 1;
var MAX_LINK = 8e3;
var MAX_INFLATED_BYTES = 16 * 1024 * 1024;
async function through(bytes, kind, max = Infinity) {
  const stream = new Blob([bytes]).stream().pipeThrough(kind === "CompressionStream" ? new CompressionStream("deflate-raw") : new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      fail(`it holds more than ${max} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
function toBase64Url(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 32768) text += String.fromCharCode(...bytes.subarray(i, i + 32768));
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) fail("it is not base64url text (cut short or changed?)");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - text.length % 4) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
async function fragmentOf(doc) {
  const packed = await through(new TextEncoder().encode(JSON.stringify(doc)), "CompressionStream");
  return `${LINK_PREFIX}${LINK_VERSION}.${toBase64Url(packed)}`;
}
async function shareFragment(session, max) {
  const full = await fragmentOf(documentOf(session, { training: false, float32Points: true }, "nnvisu link"));
  if (full.length <= max && session.weights) return { fragment: full, weights: true };
  const light = await fragmentOf(documentOf(session, { weights: false, float32Points: true }, "nnvisu link"));
  if (light.length > max) fail(`the points and settings alone take ${light.length} characters, more than the ${max} a link may hold here: use Export instead`);
  return { fragment: light, weights: false };
}
async function readFragment(hash) {
  if (!hash.startsWith(LINK_PREFIX)) return null;
  const body = hash.slice(LINK_PREFIX.length);
  const dot2 = body.indexOf(".");
  const version = dot2 < 0 ? "" : body.slice(0, dot2);
  if (version !== String(LINK_VERSION)) {
    fail(/^\d+$/.test(version) ? `it is a link of version ${version}; this nnvisu reads version ${LINK_VERSION}` : "it has no version (cut short or changed?)");
  }
  let bytes;
  try {
    bytes = await through(fromBase64Url(body.slice(dot2 + 1)), "DecompressionStream", MAX_INFLATED_BYTES);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    fail("its data does not unpack (cut short or changed?)");
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    fail("its data is not an nnvisu state");
  }
}

// js/model/wire.js
var MAGIC = "NNVB";
var PREFIX_BYTES = 8;
var LITTLE_ENDIAN3 = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
var Floats = class _Floats {
  /**
   * @param {ArrayLike<number>} values
   * @param {number[]} shape
   */
  constructor(values, shape) {
    this.values = values;
    this.shape = shape;
  }
  /**
   * A rectangular nested array of numbers (or booleans, sent as 0/1).
   * @param {any} nested
   */
  static of(nested) {
    const shape = [];
    for (let level = nested; Array.isArray(level); level = level[0]) shape.push(level.length);
    const flat = shape.length > 1 ? nested.flat(shape.length - 1) : nested;
    return new _Floats(
      /** @type {ArrayLike<number>} */
      flat,
      shape
    );
  }
};
function encodeBinary(msg) {
  const arrays = [];
  let offset = 0;
  const header = JSON.stringify(msg, (_key, value) => {
    if (!(value instanceof Floats)) return value;
    arrays.push(value);
    const ref = { $f32: offset, shape: value.shape };
    offset += value.values.length;
    return ref;
  });
  const headerBytes = new TextEncoder().encode(header);
  const payloadAt = Math.ceil((PREFIX_BYTES + headerBytes.length) / 4) * 4;
  const buffer = new ArrayBuffer(payloadAt + offset * 4);
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  new DataView(buffer).setUint32(4, headerBytes.length, true);
  bytes.set(headerBytes, PREFIX_BYTES);
  if (LITTLE_ENDIAN3) {
    const payload = new Float32Array(buffer, payloadAt, offset);
    let at = 0;
    for (const a of arrays) {
      payload.set(a.values, at);
      at += a.values.length;
    }
  } else {
    const view = new DataView(buffer, payloadAt);
    let at = 0;
    for (const a of arrays) for (let i = 0; i < a.values.length; i++) view.setFloat32(4 * at++, Number(a.values[i]), true);
  }
  return buffer;
}
function isBinary(buffer) {
  const b = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
  return b.length === 4 && String.fromCharCode(...b) === MAGIC;
}
function decodeBinary(buffer) {
  if (!isBinary(buffer) || buffer.byteLength < PREFIX_BYTES) throw new Error("not a binary nnvisu frame");
  const headerLength = new DataView(buffer).getUint32(4, true);
  const start = PREFIX_BYTES + headerLength;
  if (start > buffer.byteLength) throw new Error("binary frame shorter than its header");
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, PREFIX_BYTES, headerLength)));
  const payloadAt = Math.ceil(start / 4) * 4;
  const count = Math.max(0, Math.floor((buffer.byteLength - payloadAt) / 4));
  const resolve = (value) => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(resolve);
    if ("$f32" in value) return readTensor(buffer, payloadAt, value.$f32, value.shape, count);
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolve(v);
    return out;
  };
  return resolve(header);
}
function readTensor(buffer, payloadAt, offset, shape, count) {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error("payload reference without a shape");
  const size = shape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(offset) || offset < 0 || offset + size > count) throw new Error("payload reference out of range");
  const at = payloadAt + 4 * offset;
  if (LITTLE_ENDIAN3) return { shape: [...shape], values: new Float32Array(buffer, at, size) };
  const view = new DataView(buffer, at, 4 * size);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = view.getFloat32(4 * i, true);
  return { shape: [...shape], values };
}

// js/page/connection.js
var OPEN = 1;
var BACKOFF_MS = [250, 500, 1e3, 2e3, 4e3, 8e3];
function stateAfter(pending, msg, step) {
  if (msg.type === "step_result") return { weights: msg.weights, optimizer: msg.optimizer, step: msg.step };
  return pending.resize ? { weights: msg.weights, optimizer: msg.optimizer, step } : { weights: msg.weights, optimizer: null, step: 0 };
}
var Connection = class {
  /** @param {ConnectionOptions} options */
  constructor(options2) {
    this.url = options2.url;
    this.post = options2.post;
    this.openSocket = options2.openSocket ?? ((url) => (
      /** @type {SocketLike} */
      new WebSocket(url)
    ));
    this.setTimer = options2.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options2.clearTimer ?? ((h2) => clearTimeout(h2));
    this.state = { config: null, weights: null, optimizer: null, step: 0, data: null };
    this.generation = 0;
    this.inFlight = /* @__PURE__ */ new Map();
    this.outbox = [];
    this.nextWireId = 1;
    this.socket = null;
    this.binary = false;
    this.attempt = 0;
    this.retryTimer = null;
    this.closed = false;
    this.lastReply = 0;
  }
  /** @param {ToConnection} msg */
  receive(msg) {
    if (msg.type === "state") {
      this.state = msg.state;
      this.generation = msg.generation;
    } else if (msg.type === "send") {
      this.outbox.push(msg.pending);
      this._flush();
    } else if (msg.type === "connect") {
      this.connect();
    } else if (msg.type === "close") {
      this.close();
    }
  }
  connect() {
    this.closed = false;
    this._status({ state: "connecting", connected: false });
    let socket;
    try {
      socket = this.openSocket(this.url);
    } catch (e) {
      this._status({ state: "disconnected", connected: false, error: { code: "connection", field: null, message: `Cannot open ${this.url}: ${e}` } });
      this._scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.binary = false;
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      this.attempt = 0;
      this._status({ state: "connected", connected: true });
      this._flush();
    };
    socket.onmessage = (ev) => this._onWire(ev.data);
    socket.onerror = () => {
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.outbox.unshift(...this.inFlight.values());
      this.inFlight.clear();
      this._status({ state: "disconnected", connected: false });
      if (!this.closed) this._scheduleReconnect();
    };
  }
  /** Stops the connection for good (the page is being torn down). */
  close() {
    this.closed = true;
    if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    const s = this.socket;
    this.socket = null;
    s?.close();
  }
  /** @param {Record<string, any>} change */
  _status(change) {
    this.post({ type: "status", change });
  }
  _scheduleReconnect() {
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = null;
      if (!this.closed) this.connect();
    }, delay);
  }
  /**
   * Sends the next waiting request once the one on the wire is answered, built from the
   * state as it is then.
   */
  _flush() {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    while (this.outbox.length && !this.inFlight.size) {
      const pending = (
        /** @type {Pending} */
        this.outbox.shift()
      );
      const wireId = this.nextWireId++;
      pending.generation = this.generation;
      const request = this._wireRequest(pending, wireId);
      if (!request) continue;
      this.inFlight.set(wireId, pending);
      pending.sent = performance.now();
      socket.send(this.binary ? encodeBinary(binaryRequest(request)) : JSON.stringify(jsonRequest(request)));
    }
  }
  /**
   * @param {Pending} p
   * @param {number} wireId
   */
  _wireRequest(p, wireId) {
    const { config, weights, optimizer, step, data } = this.state;
    if (p.kind === "init") {
      return p.resize && weights ? { type: "init", id: wireId, config, weights, optimizer } : { type: "init", id: wireId, config };
    }
    if (!weights) {
      this.post({ type: "reply", pending: p, msg: { type: "error", code: "no_weights", field: "weights", message: "there are no weights to train yet" } });
      return null;
    }
    return { type: "step", id: wireId, steps: p.steps, step, config, weights, optimizer, data };
  }
  /** @param {any} data a text frame, or an ArrayBuffer in the binary encoding */
  _onWire(data) {
    let msg;
    try {
      msg = data instanceof ArrayBuffer ? decodeBinary(data) : tensorsOf(JSON.parse(String(data)));
    } catch {
      return;
    }
    if (msg.type === "hello") {
      this.binary = Array.isArray(msg.encodings) && msg.encodings.includes("binary");
      this.post({ type: "hello", limits: msg.limits ?? {}, schema: msg.schema ?? null });
      return;
    }
    const pending = this.inFlight.get(msg.id);
    if (!pending) return;
    this.inFlight.delete(msg.id);
    const now = performance.now();
    const ms = now - Math.max(pending.sent ?? now, this.lastReply);
    this.lastReply = now;
    const current = pending.generation === this.generation;
    if (current && (msg.type === "step_result" || msg.type === "init_result")) {
      Object.assign(this.state, stateAfter(pending, msg, this.state.step));
    }
    this._flush();
    this.post({ type: "reply", pending, msg, ms });
  }
};
function binaryRequest(request) {
  const floats = (v) => isTensor(v) ? new Floats(v.values, v.shape) : Floats.of(v);
  const mapValues = (obj) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, floats(v)]));
  const out = { ...request };
  if (request.weights) out.weights = mapValues(request.weights);
  if (request.optimizer) out.optimizer = mapBuffers(request.optimizer, floats);
  if (request.data) out.data = mapValues(request.data);
  return out;
}
function jsonRequest(request) {
  const nested = (v) => isTensor(v) ? toNested(v) : v;
  const out = { ...request };
  if (request.weights) out.weights = Object.values(request.weights).some(isTensor) ? nestedOf(request.weights) : request.weights;
  if (request.optimizer) out.optimizer = mapBuffers(request.optimizer, nested);
  return out;
}
function tensorsOf(msg) {
  if (!msg || msg.type !== "step_result" && msg.type !== "init_result") return msg;
  const out = { ...msg };
  if (msg.weights) out.weights = toTensors(msg.weights);
  if (msg.optimizer) out.optimizer = mapBuffers(msg.optimizer, toTensor);
  return out;
}
function serveConnection(scope2, options2 = {}) {
  let connection = null;
  scope2.onmessage = (ev) => {
    const msg = ev.data;
    if (msg?.type === "open") {
      connection = new Connection({ ...options2, url: msg.url, post: (m) => scope2.postMessage(m) });
    } else {
      connection?.receive(msg);
    }
  };
}

// js/page/store.js
var MODEL_KEYS = ["weights", "optimizer", "step", "metrics"];
var LOST = {
  config: ["the settings", "the settings are those saved before"],
  weights: ["the weights", "training goes back to the last step saved"],
  optimizer: ["the optimizer state", "training goes on from the saved weights with a fresh optimizer"],
  metrics: ["the readouts", "they are computed again"],
  data: ["the points", "the points are those saved before"],
  history: ["the history", "the history is the one saved before"],
  ui: ["the tool and view options", "they are those saved before"]
};
function problemText(key, message) {
  return /^(is|was|has|holds|must) /.test(message) ? `${key} ${message}` : `${key}: ${message}`;
}
function isQuotaError(e) {
  return e instanceof Error && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED");
}
var PageStore = class {
  /**
   * @param {Storage} storage
   * @param {(part: Part, key: string, message: string) => void} report a write that failed
   * @param {number} [budget] code units all keys aim to stay within
   */
  constructor(storage, report, budget = STORAGE_BUDGET) {
    this.storage = storage;
    this.report = report;
    this.budget = budget;
    this.sizes = /* @__PURE__ */ new Map();
    this.history = null;
  }
  /**
   * Reads and checks every key.
   * @param {HostSchema} schema
   * @param {Config} fallback the config when none is stored
   * @returns {Loaded}
   */
  load(schema, fallback) {
    const problems = [];
    const rewrite = /* @__PURE__ */ new Set();
    const values = {};
    const use = (part, f) => {
      const text = this.read(part, problems);
      if (text === null) return null;
      try {
        return f(text);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        problems.push(`${problemText(STORAGE_KEYS[part], e.message)}; replaced by defaults`);
        this.write(part, null);
        return null;
      }
    };
    const config = use("config", (text) => {
      const { config: raw, format } = readConfigText(text);
      const unknown = Object.keys(raw).filter((k) => !(k in schema.byWire) && !DATA_SETTINGS.some((s) => s.wire === k));
      for (const k of unknown) delete raw[k];
      if (unknown.length) problems.push(`${STORAGE_KEYS.config}: ${unknown.map((k) => JSON.stringify(k)).join(", ")} ${unknown.length === 1 ? "is not a setting" : "are not settings"} of this server; dropped`);
      const checked = validateConfig(raw, schema);
      if (format === 1 || unknown.length) rewrite.add("config");
      return checked;
    });
    if (config) values.config = config;
    const current = config ?? fallback;
    const model = use("weights", (text) => {
      const read = readWeightsText(text);
      return { ...read, weights: read.weights === null ? null : validateWeights(read.weights, current.architecture) };
    });
    if (model) {
      values.weights = model.weights;
      values.step = model.step;
      Object.assign(values, this.loadOptimizer(model, current, problems, use));
      if (model.format === 1) for (const k of MODEL_KEYS) rewrite.add(k);
    } else {
      for (
        const part of
        /** @type {Part[]} */
        ["optimizer", "metrics"]
      ) if (this.read(part, problems) !== null) this.write(part, null);
    }
    const data = use("data", (text) => {
      const { data: columns, format } = readDataText(text);
      const checked = validateData(columns, labelSpace(current));
      if (format === 1) rewrite.add("data");
      return checked;
    });
    if (data) values.data = data;
    const history2 = use("history", (text) => {
      const { history: raw, format } = readHistoryText(text);
      const checked = historyUpTo(validateHistory(raw), model?.step ?? 0);
      if (format === 1) rewrite.add("history");
      return checked;
    });
    if (history2) {
      values.history = history2;
      this.history = { history: history2, step: model?.step ?? 0 };
    }
    const ui = use("ui", (text) => {
      const { ui: raw, format } = readUiText(text);
      const checked = validateUi(raw);
      if (format === 1) rewrite.add("ui");
      return checked;
    });
    if (ui) values.ui = ui;
    return { values, problems, rewrite };
  }
  /**
   * The optimizer state and metrics that go with the weights: in the same value (first format),
   * or in their own keys if those are from the weights' step.
   * @param {{weights: unknown, step: number, format: 1 | 2, optimizer?: unknown, metrics?: unknown}} model
   * @param {Config} config
   * @param {string[]} problems
   * @param {<T>(part: Part, f: (text: string) => T) => T | null} use
   */
  loadOptimizer(model, config, problems, use) {
    let optimizer = model.weights === null ? null : model.optimizer ?? null;
    let metrics = model.weights === null ? null : model.metrics ?? null;
    if (model.format === 2) {
      const opt = use("optimizer", readOptimizerText);
      const m = use("metrics", readMetricsText);
      if (opt && model.weights !== null && opt.step !== model.step) {
        problems.push(
          `The optimizer state saved (${STORAGE_KEYS.optimizer}) is from step ${opt.step}, the weights from step ${model.step} (a save was cut short): training goes on from the weights with a fresh optimizer`
        );
      }
      optimizer = opt && model.weights !== null && opt.step === model.step ? opt.optimizer : null;
      metrics = m && model.weights !== null && m.step === model.step ? m.metrics : null;
      if (opt && optimizer === null) this.write("optimizer", null);
      if (m && metrics === null) this.write("metrics", null);
    }
    try {
      optimizer = validateOptimizer(optimizer, config);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push(`${STORAGE_KEYS.optimizer}: ${e.message}; the optimizer starts afresh`);
      optimizer = null;
      this.write("optimizer", null);
    }
    return { optimizer, metrics };
  }
  /**
   * @param {Part} part
   * @param {string[]} problems
   * @returns {string | null}
   */
  read(part, problems) {
    const key = STORAGE_KEYS[part];
    try {
      const text = this.storage.getItem(key);
      this.sizes.set(part, text === null ? 0 : key.length + text.length);
      return text;
    } catch (e) {
      problems.push(`cannot read ${key}: ${errorText(e)}`);
      return null;
    }
  }
  /**
   * Writes the model keys named in `dirty` from `values`. Weights go first: if they cannot be
   * written, the optimizer state of the same step is not written either, so what is stored
   * stays one step; if the optimizer state cannot be written after them, its older step says
   * so on load.
   * @param {Record<string, any>} values
   * @param {Set<string>} dirty
   * @returns {Set<string>} the keys whose write failed, to try again at the next save
   */
  save(values, dirty) {
    const failed = /* @__PURE__ */ new Set();
    const put = (part, text, keys) => {
      const ok = this.write(part, text());
      if (!ok) for (const k of keys) failed.add(k);
      return ok;
    };
    if (dirty.has("config")) put("config", () => values.config === null ? null : configText(values.config), ["config"]);
    if (dirty.has("data")) put("data", () => values.data === null ? null : dataText(values.data), ["data"]);
    if (MODEL_KEYS.some((k) => dirty.has(k))) {
      const { weights, optimizer, metrics, step } = values;
      const stepChanged = dirty.has("step");
      if (weights === null) {
        for (
          const part of
          /** @type {Part[]} */
          ["weights", "optimizer", "metrics"]
        ) put(part, () => null, MODEL_KEYS);
      } else if (!(dirty.has("weights") || stepChanged) || put("weights", () => weightsText(weights, step), MODEL_KEYS)) {
        if (dirty.has("optimizer") || stepChanged) put("optimizer", () => optimizer ? optimizerText(optimizer, step) : null, ["optimizer"]);
        if (dirty.has("metrics") || stepChanged) put("metrics", () => metrics ? metricsText(metrics, step) : null, ["metrics"]);
      }
    }
    if (dirty.has("ui")) put("ui", () => uiText(values.ui), ["ui"]);
    if (dirty.has("history")) {
      const room = this.budget - this.othersSize("history") - STORAGE_KEYS.history.length;
      this.history = { history: values.history, step: values.step ?? 0 };
      const { text, kept } = historyText(values.history, values.step ?? 0, room);
      if (!this.write("history", text, kept === 0) && kept > 0) put("history", () => historyText(values.history, values.step ?? 0, 0).text, ["history"]);
    }
    return failed;
  }
  /**
   * Makes room: the stored history without its snapshots (the loss curve is small and stays).
   * @returns {boolean} whether it had snapshots to give up
   */
  shrinkHistory() {
    if (!this.history) return false;
    const { text, kept } = historyText(this.history.history, this.history.step, 0);
    if (kept > 0 || (this.sizes.get("history") ?? 0) <= STORAGE_KEYS.history.length + text.length) return false;
    return this.write("history", text, false);
  }
  /** @param {Part} part stored code units of every other part */
  othersSize(part) {
    let total = 0;
    for (const [p, n] of this.sizes) if (p !== part) total += n;
    return total;
  }
  /**
   * Writes (or, for null, removes) one part. A full storage first gives up the stored history's
   * snapshots, the one thing the page can do without. A failure is reported if `report`.
   * @param {Part} part
   * @param {string | null} text
   * @param {boolean} [report]
   * @returns {boolean}
   */
  write(part, text, report = true) {
    const key = STORAGE_KEYS[part];
    let freed = false;
    for (; ; ) {
      try {
        if (text === null) this.storage.removeItem(key);
        else this.storage.setItem(key, text);
        this.sizes.set(part, text === null ? 0 : key.length + text.length);
        return true;
      } catch (e) {
        if (isQuotaError(e) && part !== "history" && !freed) {
          freed = this.shrinkHistory();
          if (freed) continue;
        }
        if (report) {
          const [what, after] = LOST[part];
          const message = isQuotaError(e) ? `Browser storage is full: ${what} (${key}) could not be saved, so after a reload ${after}. This tab keeps working; fewer points or smaller layers need less space` : `Cannot save ${what} (${key}) to browser storage (${errorText(e)}): after a reload ${after}`;
          this.report(part, key, message);
        }
        return false;
      }
    }
  }
};

// js/page/standalone.js
var REQUESTS = /* @__PURE__ */ new Set(["step", "init"]);
var STATE_KEYS = /* @__PURE__ */ new Set(["config", "weights", "optimizer", "step", "data"]);
var LARGE_STATE_UNITS = 2e5;
var SAVE_PUT_OFF = { factor: 20, minMs: 1e3, maxMs: 5e3 };
var StandaloneModel = class {
  /** @param {StandaloneOptions} options */
  constructor(options2) {
    this.url = options2.url;
    this.store = options2.storage ? new PageStore(options2.storage, (_part, key, message) => this._setStatus({ error: { code: "storage_full", field: key, message } })) : null;
    this.saveMs = 0;
    this.saveTimer = null;
    this.setTimer = options2.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options2.clearTimer ?? ((handle) => clearTimeout(handle));
    this.values = {
      config: null,
      weights: null,
      optimizer: null,
      step: 0,
      data: null,
      metrics: null,
      history: emptyHistory(),
      ui: defaultUi(),
      limits: {},
      schema: null,
      status: { connected: false, state: "connecting", error: null }
    };
    this.schema = null;
    this.loadState = /** @type {"no" | "waiting" | "done"} */
    "no";
    this.listeners = /* @__PURE__ */ new Map();
    this.widget_manager = {
      /** @type {AnyModel["widget_manager"]["get_model"]} */
      get_model: (id) => Promise.reject(new Error(`no model ${id}: the standalone page has no widget manager`))
    };
    this.dirty = /* @__PURE__ */ new Set();
    this.generation = 0;
    this.posted = -1;
    this.problems = [];
    if (options2.schema !== void 0 && options2.schema !== null) this._setSchema(options2.schema);
    const worker = options2.worker ?? null;
    this.toConnection;
    this.stopConnection;
    if (worker) {
      worker.onmessage = (ev) => this._fromConnection(ev.data);
      worker.postMessage({ type: "open", url: this.url });
      this.toConnection = (msg) => worker.postMessage(msg);
      this.stopConnection = () => worker.terminate();
    } else {
      const connection = new Connection({
        url: this.url,
        post: (msg) => this._fromConnection(msg),
        openSocket: options2.openSocket,
        setTimer: options2.setTimer,
        clearTimer: options2.clearTimer
      });
      this.toConnection = (msg) => connection.receive(msg);
      this.stopConnection = () => {
      };
    }
  }
  // ------------------------------------------------------------------ model interface
  /** @param {string} key */
  get(key) {
    return this.values[key];
  }
  /**
   * @param {string} key
   * @param {any} value
   */
  set(key, value) {
    this._set(key, value, true);
  }
  /** Writes every changed key to storage (storage.js has the formats). */
  save_changes() {
    if (this.saveTimer !== null) this.clearTimer(this.saveTimer);
    this.saveTimer = null;
    const dirty = this.dirty;
    this.dirty = /* @__PURE__ */ new Set();
    if (!this.store) return;
    const start = performance.now();
    for (const key of this.store.save(this.values, dirty)) this.dirty.add(key);
    this.saveMs = performance.now() - start;
  }
  /**
   * Saves a training reply's state: at once, unless the network is large; then put off, so
   * one save covers several replies. The app's history writes (at least once a second while
   * playing, at once when training rests) and `pagehide` save what waits.
   */
  _saveAfterReply() {
    const sizes = this.store?.sizes;
    if (!sizes || (sizes.get("weights") ?? 0) + (sizes.get("optimizer") ?? 0) < LARGE_STATE_UNITS) {
      this.save_changes();
    } else if (this.saveTimer === null) {
      const { factor, minMs, maxMs } = SAVE_PUT_OFF;
      this.saveTimer = this.setTimer(() => this.save_changes(), Math.min(maxMs, Math.max(minMs, factor * this.saveMs)));
    }
  }
  /**
   * @param {string} name "change:KEY" or "msg:custom"
   * @param {Listener} callback
   */
  on(name, callback) {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, set = /* @__PURE__ */ new Set());
    set.add(callback);
  }
  /**
   * As Backbone's: without a callback every listener of the event goes, without an event
   * every listener.
   * @param {string | null} [name]
   * @param {Listener | null} [callback]
   */
  off(name, callback) {
    if (!name) this.listeners.clear();
    else if (!callback) this.listeners.delete(name);
    else this.listeners.get(name)?.delete(callback);
  }
  /** @param {any} msg `{type: "step", id, steps}` or `{type: "init", id, resize?}` */
  send(msg) {
    if (!REQUESTS.has(msg?.type)) {
      this._reply({ type: "error", id: msg?.id ?? null, code: "unknown_type", field: "type", message: `type: unknown message type ${JSON.stringify(msg?.type)}` });
      return;
    }
    const pending = {
      kind: msg.type,
      id: msg.id,
      steps: Math.max(1, Math.floor(Number(msg.steps) || 1)),
      resize: Boolean(msg.resize),
      generation: this.generation
    };
    this._postState();
    this.toConnection({ type: "send", pending });
  }
  // ------------------------------------------------------------------ persistence
  /**
   * Loads every key from storage; a bad value is reported in `problems` and replaced. The
   * config is checked against the server's schema, so without one this waits for the hello.
   */
  load() {
    this.loadState = "waiting";
    if (this.schema) this._load(this.schema);
  }
  /** @param {HostSchema} schema */
  _load(schema) {
    this.loadState = "done";
    if (!this.store) return;
    const { values, problems, rewrite } = this.store.load(schema, this.values.config);
    Object.assign(this.values, values);
    if (values.config) this.dirty.delete("config");
    this.problems.push(...problems);
    if (problems.length) this._setStatus({ error: { code: "storage", field: null, message: problems.join("; ") } });
    if (rewrite.size) {
      for (const key of rewrite) this.dirty.add(key);
      this.save_changes();
    }
    this.generation++;
  }
  // ------------------------------------------------------------------ events and state
  /**
   * @param {string} key
   * @param {any} value
   * @param {boolean} fromOutside true unless a training reply is being applied
   */
  _set(key, value, fromOutside) {
    this.values[key] = value;
    if (fromOutside && STATE_KEYS.has(key)) {
      this.generation++;
      this._postState();
    }
    this.dirty.add(key);
    this._emit(`change:${key}`, this, value);
  }
  /**
   * A training reply's keys: all values first, then the change events, as anywidget delivers
   * one host update, so a listener of one key sees the others of the same step.
   * @param {Record<string, any>} values
   */
  _setTogether(values) {
    Object.assign(this.values, values);
    for (const key of Object.keys(values)) this.dirty.add(key);
    for (const [key, value] of Object.entries(values)) this._emit(`change:${key}`, this, value);
  }
  /** @param {string} name @param {...any} args */
  _emit(name, ...args) {
    for (const cb of [...this.listeners.get(name) ?? []]) cb(...args);
  }
  /** @param {any} msg */
  _reply(msg) {
    this._emit("msg:custom", msg, []);
  }
  /** @param {Record<string, any>} change */
  _setStatus(change) {
    this._set("status", { ...this.values.status, ...change }, false);
    this.dirty.delete("status");
  }
  // ------------------------------------------------------------------ the connection
  /** Gives the connection the training state, if it changed since it last got it. */
  _postState() {
    if (this.posted === this.generation) return;
    this.posted = this.generation;
    const { config, weights, optimizer, step, data } = this.values;
    this.toConnection({ type: "state", generation: this.generation, state: { config, weights, optimizer, step, data } });
  }
  /**
   * Takes a schema (embedded in the page, or from a hello): the defaults of a first visit come
   * from it, and a load() that waited for it runs now, before the app hears of the schema.
   * @param {unknown} raw
   */
  _setSchema(raw) {
    let schema;
    try {
      schema = readSchema(raw);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this._setStatus({ error: { code: "schema", field: null, message: `The server's settings schema cannot be used: ${errorText(e)}` } });
      return;
    }
    this.schema = schema;
    if (this.values.config === null) {
      this.values.config = defaultConfig(schema);
      this.dirty.add("config");
    }
    this.values.limits = hostLimits(schema, this.values.limits);
    if (this.loadState === "waiting") this._load(schema);
    this._set("schema", raw, false);
    this.dirty.delete("schema");
  }
  connect() {
    this._postState();
    this.toConnection({ type: "connect" });
  }
  /** Stops the connection for good (the page is being torn down). */
  close() {
    this.toConnection({ type: "close" });
    this.stopConnection();
  }
  /** @param {FromConnection} msg */
  _fromConnection(msg) {
    FROM_CONNECTION[msg.type](this, msg);
  }
  /**
   * A server's hello: its schema (where it differs from the one the model has) and its limits.
   * @param {unknown} schema
   * @param {Record<string, any>} limits
   */
  _hello(schema, limits) {
    if (schema !== null && JSON.stringify(schema) !== JSON.stringify(this.values.schema)) this._setSchema(schema);
    this._set("limits", limits, false);
  }
  /**
   * @param {Pending} pending
   * @param {any} msg the wire reply
   * @param {number} [ms] the cycle it ended, as the connection timed it
   */
  _onReply(pending, msg, ms) {
    if (msg.type !== "error" && pending.generation !== this.generation) {
      this._reply({ type: "error", id: pending.id, code: "stale", field: null, message: "the state changed while this request ran; its reply was dropped" });
      return;
    }
    if (Object.hasOwn(REPLIES, msg.type)) REPLIES[msg.type](this, pending, msg, ms);
  }
};
var FROM_CONNECTION = {
  status: (model, msg) => model._setStatus(msg.change),
  hello: (model, msg) => model._hello(msg.schema, msg.limits),
  reply: (model, msg) => model._onReply(msg.pending, msg.msg, msg.ms)
};
var REPLIES = {
  error: (model, pending, msg) => model._reply({ type: "error", id: pending.id, code: msg.code, field: msg.field ?? null, message: msg.message }),
  step_result: (model, pending, msg, ms) => {
    const metrics = { loss: msg.loss, accuracy: msg.accuracy, testLoss: msg.testLoss, testAccuracy: msg.testAccuracy };
    if (msg.r2 !== void 0) Object.assign(metrics, { r2: msg.r2, testR2: msg.testR2 ?? null });
    model._setTogether({ ...stateAfter(pending, msg, model.values.step), metrics });
    const counts = { trainCount: msg.trainCount, testCount: msg.testCount };
    model._reply({ type: "step_result", id: pending.id, step: msg.step, ...metrics, ...counts, ...ms === void 0 ? {} : { ms } });
    model._saveAfterReply();
  },
  init_result: (model, pending, msg) => {
    const next = stateAfter(pending, msg, model.values.step);
    model._setTogether(pending.resize ? { weights: next.weights, optimizer: next.optimizer } : { ...next, metrics: null });
    model.save_changes();
    model._reply({ type: "init_result", id: pending.id });
  }
};
function socketUrl(baseURI) {
  const url = new URL("ws", baseURI);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

// js/files/torch_export.js
var EXPORT_TIMEOUT_MS = 3e4;
function requestTorchFile(url, state, open = (u) => new WebSocket(u)) {
  const id = `export-${Date.now()}`;
  const request = { type: "export", id, config: state.config, weights: nestedOf(state.weights, true), step: state.step };
  return new Promise((resolve, reject) => {
    const ws = open(url);
    const done = (settle) => {
      clearTimeout(timer);
      ws.onclose = ws.onerror = ws.onmessage = null;
      ws.close();
      settle();
    };
    const timer = setTimeout(() => done(() => reject(new Error("the server did not answer in time"))), EXPORT_TIMEOUT_MS);
    ws.onerror = () => done(() => reject(new Error("the server cannot be reached")));
    ws.onclose = () => done(() => reject(new Error("the server closed the connection")));
    ws.onmessage = (ev) => {
      let msg;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return done(() => reject(new Error("the server's reply is not JSON")));
      }
      if (msg?.type === "hello") {
        ws.send(JSON.stringify(request));
      } else if (msg?.id === id && msg.type === "export_result") {
        done(() => resolve({ filename: String(msg.filename), bytes: fromBase64(String(msg.file)), snippet: String(msg.snippet) }));
      } else if (msg?.type === "error") {
        done(() => reject(new Error(String(msg.message))));
      }
    };
  });
}
function fromBase64(text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    fail("the server's file is not base64");
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// js/files/file_panel.js
var IDLE_WAIT_MS = 3e3;
var FilePanel = class {
  /** @param {FileHost} app */
  constructor(app) {
    this.app = app;
    this.standalone = app.model instanceof StandaloneModel;
    this.input = /** @type {HTMLInputElement} */
    h("input", { type: "file", accept: ".json,application/json", hidden: true, "data-testid": "import-input", onchange: () => this.importChosen() });
    const item = (text, testid, title, run) => h("button", { type: "button", text, title, "data-testid": testid, onclick: () => this.run(run) });
    const items = [
      item("Export file", "export-file", "Save everything (settings, points, weights, optimizer state, history) as a JSON file", () => this.exportFile()),
      item("Import file…", "import-file", "Open a file saved by Export or by Widget.save", () => this.input.click()),
      ...this.standalone ? [
        item("Share link", "share-link", "A link that opens these points and settings (and the weights, when they fit)", () => this.shareLink()),
        item("PyTorch .pt", "export-pt", "The model as a PyTorch file, with the Python that rebuilds it", () => this.torchFile())
      ] : [],
      item("Plane as PNG", "plane-png", "The plane as shown, as a picture", () => this.planePng()),
      item("Graph as PNG", "graph-png", "The network graph as shown, as a picture", () => this.graphPng())
    ];
    this.menu = /** @type {HTMLDetailsElement} */
    h("details", { class: "nv-file-menu", "data-testid": "file-menu" }, [h("summary", { text: "File" }), h("div", { class: "nv-file-items" }, [...items, this.input])]);
    this.menu.addEventListener("focusout", (e) => {
      if (!this.menu.contains(
        /** @type {Node | null} */
        e.relatedTarget
      )) this.menu.open = false;
    });
    this.output = /** @type {HTMLTextAreaElement} */
    h("textarea", { class: "nv-dialog-text", readonly: true, rows: 6, "aria-label": "Text to copy", "data-testid": "dialog-text" });
    this.dialogNote = h("p", { "data-testid": "dialog-note" });
    this.dialogTitle = h("h2", {});
    this.dialog = /** @type {HTMLDialogElement} */
    h("dialog", { class: "nv-dialog", "data-testid": "file-dialog", "aria-label": "File" }, [
      this.dialogTitle,
      this.dialogNote,
      this.output,
      h("div", { class: "nv-dialog-buttons" }, [
        h("button", { type: "button", text: "Copy", "data-testid": "dialog-copy", onclick: () => this.copy() }),
        h("button", { type: "button", text: "Close", onclick: () => this.dialog.close() })
      ])
    ]);
    this.element = h("div", { class: "nv-file" }, [this.menu, this.dialog]);
    this.onHash = () => this.openLink();
    if (this.standalone) {
      window.addEventListener("hashchange", this.onHash);
      this.openLink();
    }
  }
  destroy() {
    window.removeEventListener("hashchange", this.onHash);
  }
  /**
   * Runs a menu item, its failure said in the message area.
   * @param {() => unknown} fn
   */
  async run(fn) {
    this.menu.open = false;
    this.app.say("");
    try {
      await fn();
    } catch (e) {
      this.app.say(errorText(e));
      if (!(e instanceof ValidationError)) throw e;
    }
  }
  /** @returns {Session} */
  session() {
    const { model, config, data, history: history2 } = this.app;
    const weights = this.app.liveNet() ? model.get("weights") : null;
    return { config, weights, optimizer: model.get("optimizer"), step: Number(model.get("step") ?? 0), data, history: history2.history };
  }
  exportFile() {
    const s = this.session();
    const text = JSON.stringify(documentOf(s, {}, "nnvisu page"));
    download(new Blob([text], { type: "application/json" }), FILE_NAME);
    this.app.say(`Exported ${FILE_NAME}: ${s.data.x.length} points${s.weights ? `, the network at step ${s.step}` : ""}`);
  }
  async importChosen() {
    const file = this.input.files?.[0];
    this.input.value = "";
    if (!file) return;
    const text = await file.text();
    await this.run(() => this.open(() => parseFile(text), `Import of ${file.name} refused`, `Imported ${file.name}`));
  }
  /** Opens the state of the page's fragment, if it holds a share link. */
  async openLink() {
    let doc;
    try {
      doc = await readFragment(window.location.hash);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.app.say(`This link cannot be opened: ${e.message}. Nothing was changed`);
      return;
    }
    if (doc === null) return;
    if (await this.open(() => doc, "This link cannot be opened", "Opened a shared link")) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }
  /**
   * Checks a document and, if it passes, makes it the app's state.
   * @param {() => unknown} doc the document (failing with a ValidationError if there is none)
   * @param {string} refused
   * @param {string} done
   */
  async open(doc, refused, done) {
    const app = this.app;
    let read;
    try {
      read = readDocument(doc(), app.schema, app.limits());
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      app.say(`${refused}: ${e.message}. Nothing was changed`);
      return false;
    }
    await this.quiet();
    const s = read.session;
    app.edits.record(() => {
      app.setConfig(s.config);
      app.setData(s.data);
      const net = { weights: s.weights, optimizer: s.optimizer, step: s.step, metrics: null, history: s.history };
      if (!s.weights || !app.restoreNet(net)) app.requestInit(false);
    });
    const what = s.weights ? `the network at step ${s.step}` : "fresh weights (it holds none)";
    app.say([`${done}: ${s.data.x.length} points, ${what}`, ...read.notes].join("; "));
    return true;
  }
  /**
   * Training paused and the host done with the request on the wire, so no reply of the state
   * before lands on the one opened (a reply later than IDLE_WAIT_MS is dropped).
   */
  async quiet() {
    const loop = this.app.loop;
    loop.setPlaying(false);
    this.app.history.unscrub();
    const until = performance.now() + IDLE_WAIT_MS;
    while (loop.outstanding.length && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
    loop.outstanding.length = 0;
    loop.needInit = null;
    loop.wantStep = false;
  }
  async shareLink() {
    const base = window.location.href.split("#")[0];
    const { fragment, weights } = await shareFragment(this.session(), MAX_LINK - base.length);
    const link = base + fragment;
    let copied = false;
    try {
      await navigator.clipboard.writeText(link);
      copied = true;
    } catch {
    }
    const held = weights ? "the points, the settings and the weights" : `the points and settings; the weights would make it longer than ${MAX_LINK} characters, so whoever opens it starts from fresh weights`;
    this.show("Share link", `${copied ? "Copied to the clipboard" : "Copy this link"} (${link.length} characters). It holds ${held}, in the part after # that browsers never send to a server.`, link);
    this.app.say(weights ? "Share link made" : "Share link made without the weights (too long with them)");
  }
  async torchFile() {
    const s = this.session();
    if (!s.weights) throw new ValidationError("There is no network yet to download");
    const url = (
      /** @type {StandaloneModel} */
      /** @type {unknown} */
      this.app.model.url
    );
    let file;
    try {
      file = await requestTorchFile(url, { config: s.config, weights: s.weights, step: s.step });
    } catch (e) {
      throw new ValidationError(`No PyTorch file: ${errorText(e)}`);
    }
    download(new Blob([file.bytes], { type: "application/octet-stream" }), file.filename);
    this.show("PyTorch model", `Saved ${file.filename} (step ${s.step}). This Python rebuilds the model from it; predict_proba gives what the plane shows:`, file.snippet);
    this.app.say(`Downloaded ${file.filename}`);
  }
  async planePng() {
    const canvas = this.app.plane?.canvas;
    if (!canvas) return;
    download(await pngOf(canvas), "nnvisu-plane.png");
  }
  async graphPng() {
    const network = this.app.views?.network;
    if (!network || !network.querySelector("canvas")) throw new ValidationError("There is no network drawn yet");
    download(await pngOf(graphPicture(network)), "nnvisu-graph.png");
  }
  /**
   * @param {string} title
   * @param {string} note
   * @param {string} text
   */
  show(title, note, text) {
    this.dialogTitle.textContent = title;
    this.dialogNote.textContent = note;
    this.output.value = text;
    const lines = text.split("\n").length;
    this.output.classList.toggle("nv-wrap", lines === 1);
    this.output.rows = lines === 1 ? 4 : Math.min(16, lines + 1);
    if (!this.dialog.open) this.dialog.showModal();
    this.output.scrollTop = 0;
  }
  async copy() {
    this.output.select();
    try {
      await navigator.clipboard.writeText(this.output.value);
      this.dialogNote.textContent = "Copied to the clipboard";
    } catch {
      this.dialogNote.textContent = "The clipboard is not available here: the text is selected, copy it with Ctrl+C (Cmd+C)";
    }
  }
};

// js/app/host_events.js
function hostSubscriptions(app) {
  return [
    ["change:config", () => onConfig(app)],
    ["change:data", () => onData(app)],
    ["change:weights", () => app.scheduleRender()],
    ["change:metrics", () => app.metrics.fromHost()],
    ["change:step", () => app.history.onStep()],
    ["change:status", () => onStatus(app)],
    ["change:history", () => app.history.onHostHistory()],
    ["change:limits", () => onLimits(app)],
    ["change:schema", () => onSchema(app)],
    ["change:extent", () => onExtent(app)],
    // The widget manager's own event: the comm to the kernel opened or closed.
    ["comm_live_update", () => app.link.watchKernel()],
    ["msg:custom", (msg) => app.loop.onReply(msg)]
  ];
}
function onConfig(app) {
  const raw = app.model.get("config");
  if (JSON.stringify(raw) === JSON.stringify(app.config)) return;
  const { config, problems } = readConfig(raw ?? {}, app.schema);
  if (problems.length) app.say(configProblem(problems));
  const archChanged = netShape(config, app.schema) !== netShape(app.config, app.schema);
  app.config = config;
  if (archChanged && !app.liveNet()) app.loop.initIfIdle();
  app.syncControls();
  app.scheduleRender();
  app.loop.pump();
}
function onData(app) {
  if (app.model.get("data") === app.data) return app.scheduleRender();
  const { data, problem } = app.currentData();
  if (data && data !== app.data) {
    app.data = data;
    app.dataOrigin = "host";
  }
  if (problem) app.say(problem);
  app.scheduleRender();
}
function onStatus(app) {
  const err = app.model.get("status")?.error;
  if (err?.message) app.say(err.message);
  app.scheduleRender();
}
function onExtent(app) {
  app.link.readExtent();
  app.notices.length = 0;
  app.scheduleRender();
}
function onLimits(app) {
  app.syncControls();
  app.scheduleRender();
}
function onSchema(app) {
  try {
    app.schema = readSchema(app.model.get("schema"));
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    app.say(`The host's new settings schema cannot be used (${errorText(e)}); keeping the one before`);
    return;
  }
  const { problems } = readConfig(app.model.get("config") ?? app.config, app.schema);
  if (problems.length) app.say(configProblem(problems));
  app.syncControls();
  app.scheduleRender();
}

// js/app/host_link.js
var NO_KERNEL = "not connected to a kernel: run the cell again";
var HostLink = class {
  /**
   * @param {any} model the host's model (anywidget's, or the page's)
   * @param {LinkHooks} hooks
   */
  constructor(model, hooks) {
    this.model = model;
    this.hooks = hooks;
    this.extent = DEFAULT_EXTENT;
    this.online = true;
    this.destroyed = false;
    this.caption = h("div", { class: "nv-extent", "data-testid": "extent" });
    this.readExtent();
  }
  /** The host's extent, or the default (a problem with it is reported). */
  readExtent() {
    try {
      this.extent = readExtent(this.model.get("extent"));
    } catch (e) {
      this.extent = DEFAULT_EXTENT;
      this.hooks.notice(`The plane's extent cannot be used (${errorText(e)}); showing the default`);
    }
  }
  /**
   * Whether a kernel is behind this widget: the widget manager's model says (`comm_live`,
   * false for a model restored from a saved notebook until its cell runs again, and when the
   * kernel goes). Hosts without a widget manager (the standalone page, marimo) always answer
   * or say so themselves.
   */
  async watchKernel() {
    const id = this.model.get("model_id");
    const manager = this.model.widget_manager;
    if (typeof id !== "string" || !id || typeof manager?.get_model !== "function") return;
    let live = true;
    try {
      const backing = await manager.get_model(id);
      live = backing?.comm_live !== false;
    } catch {
      live = false;
    }
    if (this.destroyed || live === this.online) return;
    this.online = live;
    this.hooks.onlineChanged(live);
  }
  /**
   * The plane's shape follows the extent (within limits), its caption says what it shows.
   * @param {HTMLCanvasElement | undefined} canvas
   */
  showPlaneShape(canvas) {
    if (!canvas) return;
    const ratio = String(aspectOf(this.extent));
    if (canvas.dataset.aspect !== ratio) {
      canvas.dataset.aspect = ratio;
      canvas.style.aspectRatio = ratio;
    }
    this.caption.textContent = extentText(this.extent);
    this.caption.hidden = this.extent.every((v, i) => v === DEFAULT_EXTENT[i]);
  }
  /**
   * The connection status as shown: the page's state, "kernel", or "not connected".
   * @param {HTMLElement} el
   */
  showStatus(el) {
    const status = this.model.get("status");
    el.textContent = this.online ? status?.state ?? "kernel" : "not connected";
    el.dataset.state = this.online ? el.textContent : "disconnected";
  }
};
function dataSummary(d, origin, config, status) {
  const kernel = status?.state === void 0;
  const from = origin === "generated" ? `Generated ${dataSetLabel(datasetOf(config))}` : origin === "drawn" ? "Drawn" : kernel ? "Your data" : "Stored points";
  const classes = new Set(d.label).size;
  const test = d.test.filter(Boolean).length;
  const n = d.x.length;
  const kinds = config.problem === "regression" ? `, targets ${targetSpan(d.label)}` : `, ${classes} class${classes === 1 ? "" : "es"}`;
  return `${from}: ${n} point${n === 1 ? "" : "s"}${n ? kinds : ""}${test ? `, ${test} for testing` : ""}`;
}
function targetSpan(targets) {
  const f = (v) => v < 0 ? `−${(-v).toFixed(2)}` : v.toFixed(2);
  return `${f(Math.min(...targets))} to ${f(Math.max(...targets))}`;
}

// js/views/frames.js
var FrameScheduler = class {
  /**
   * @param {() => void} render a full frame
   * @param {() => boolean} work a work frame; true when something to show is done
   * @param {(fn: (t: number) => void) => number} [request]
   * @param {(handle: number) => void} [cancel]
   */
  constructor(render2, work, request = (fn) => requestAnimationFrame(fn), cancel = (h2) => cancelAnimationFrame(h2)) {
    this.renderFn = render2;
    this.workFn = work;
    this.request = request;
    this.cancel = cancel;
    this.renderQueued = 0;
    this.workQueued = 0;
    this.stopped = false;
  }
  /** A full frame at the next animation frame. */
  render() {
    if (this.renderQueued || this.stopped) return;
    if (this.workQueued) this.cancel(this.workQueued);
    this.workQueued = 0;
    this.renderQueued = this.request(() => {
      this.renderQueued = 0;
      this.renderFn();
    });
  }
  /** A work frame at the next animation frame, unless a full one (which works too) comes. */
  work() {
    if (this.renderQueued || this.workQueued || this.stopped) return;
    this.workQueued = this.request(() => {
      this.workQueued = 0;
      if (this.workFn()) this.render();
    });
  }
  destroy() {
    this.stopped = true;
    if (this.renderQueued) this.cancel(this.renderQueued);
    if (this.workQueued) this.cancel(this.workQueued);
    this.renderQueued = this.workQueued = 0;
  }
};

// js/training/history.js
var MAX_LOSSES = 1e3;
var MAX_SNAPSHOTS = 50;
function thin(list) {
  const kept = list.filter((_, i) => i % 2 === 0);
  if (kept[kept.length - 1] !== list[list.length - 1]) kept.push(list[list.length - 1]);
  return kept;
}
function record(history2, step, m, weights, optimizer = null) {
  let losses = [...history2.losses, [step, m.loss, m.testLoss ?? null, m.accuracy ?? m.r2 ?? null, m.testAccuracy ?? m.testR2 ?? null]];
  if (losses.length > MAX_LOSSES) losses = thin(losses);
  let snapshots = history2.snapshots;
  const n = snapshots.length;
  const spacing = n >= 2 ? snapshots[1].step - snapshots[0].step : 0;
  if (!n || step - snapshots[n - 1].step >= spacing) {
    const opt = mapBuffers(optimizer ?? null, (v, name) => toNested(toTensor(v, name), true));
    snapshots = [...snapshots, { step, weights: nestedOf(weights, true), optimizer: opt }];
    if (snapshots.length > MAX_SNAPSHOTS) snapshots = thin(snapshots);
  }
  return { losses, snapshots };
}
function truncate(history2, step) {
  return { losses: history2.losses.filter((row) => row[0] <= step), snapshots: history2.snapshots.filter((s) => s.step <= step) };
}

// js/training/history_view.js
var HISTORY_SAVE_MS = 1e3;
var HISTORY_SAVE_SHARE = 10;
var HistoryView = class {
  /**
   * @param {{get: (key: string) => any, set: (key: string, value: any) => void, save_changes: () => void}} model
   * @param {string} id the scrubber's element id
   * @param {HistoryHooks} hooks
   * @param {{range: HTMLInputElement, label: HTMLElement, element: HTMLElement, resume?: HTMLButtonElement}} [elements]
   *   the scrubber (made here by default)
   */
  constructor(model, id, hooks, elements = scrubber(id)) {
    this.model = model;
    this.hooks = hooks;
    this.history = emptyHistory();
    this.sent = null;
    this.scrub = null;
    this.dirty = false;
    this.timer = null;
    this.idle = null;
    this.writeMs = 0;
    this.range = elements.range;
    this.label = elements.label;
    this.element = elements.element;
    this.resume = elements.resume ?? null;
    this.range.addEventListener("input", () => this.scrubbed());
    this.resume?.addEventListener("click", () => {
      const shown = this.shown();
      if (shown) hooks.continueFrom?.(shown);
    });
  }
  /**
   * Takes the model's history; a problem with it is returned for the app to show.
   * @returns {string | null}
   */
  load() {
    try {
      const raw = this.model.get("history");
      if (raw) this.history = validateHistory(raw);
      return null;
    } catch (e) {
      return `The history cannot be used (${errorText(e)}); starting a new one`;
    }
  }
  /** The model's history changed (another view wrote it). */
  onHostHistory() {
    const raw = this.model.get("history");
    if (raw === this.history || raw === this.sent) return;
    try {
      this.history = raw ? validateHistory(raw) : emptyHistory();
    } catch {
    }
    this.hooks.changed();
  }
  /** A new history, starting with the current weights at the current step. */
  start() {
    this.history = emptyHistory();
    const weights = this.model.get("weights");
    const m = weights ? this.hooks.liveMetrics() : null;
    if (m && m.loss !== null) this.history = record(this.history, Number(this.model.get("step") ?? 0), { ...m, loss: m.loss }, weights, this.model.get("optimizer"));
    this.dirty = true;
    this.flush();
  }
  /** The model's step changed: a later step is recorded, an earlier one starts anew. */
  onStep() {
    const step = Number(this.model.get("step") ?? 0);
    const losses = this.history.losses;
    const last = losses.length ? losses[losses.length - 1][0] : -1;
    const weights = this.model.get("weights");
    if (step === 0 || step < last) {
      this.start();
    } else if (step > last && weights) {
      let m = this.model.get("metrics");
      if (!m || !Number.isFinite(m.loss)) m = this.hooks.liveMetrics();
      if (m && typeof m.loss === "number") {
        this.history = record(this.history, step, { ...m, loss: m.loss }, weights, this.model.get("optimizer"));
        this.dirty = true;
        if (this.hooks.playing()) this.saveSoon();
        else this.flush();
      }
    }
    this.hooks.changed();
  }
  saveSoon() {
    if (this.timer !== null) return;
    const write = () => {
      this.timer = null;
      this.idle = null;
      if (!this.dirty) return;
      const start = performance.now();
      this.flush();
      this.writeMs = performance.now() - start;
    };
    const idle = globalThis.requestIdleCallback;
    this.timer = setTimeout(() => {
      if (idle) this.idle = idle(write, { timeout: HISTORY_SAVE_MS });
      else write();
    }, Math.max(HISTORY_SAVE_MS, HISTORY_SAVE_SHARE * this.writeMs));
  }
  flush() {
    if (!this.dirty) return;
    this.dirty = false;
    if (this.hooks.hostKeeps()) return;
    this.sent = historyForHost(this.history);
    this.model.set("history", this.sent);
    this.model.save_changes();
  }
  /** The scrubber moved: an earlier snapshot is shown, and training pauses to show it. */
  scrubbed() {
    const n = this.history.snapshots.length;
    const v = Number(this.range.value);
    if (v < n && this.hooks.playing()) this.hooks.pause?.();
    this.scrub = v >= n ? null : v;
    this.hooks.changed();
  }
  /**
   * Another history, as it is (Undo brings back the one of an earlier network).
   * @param {History} history
   */
  replace(history2) {
    this.history = history2;
    this.scrub = null;
    this.dirty = true;
    this.flush();
  }
  /** Back to the live network. */
  unscrub() {
    this.scrub = null;
  }
  /** The snapshot shown instead of the live network, if any. */
  shown() {
    return this.scrub === null ? null : this.history.snapshots[this.scrub] ?? null;
  }
  /** Puts the history's state into the scrubber. */
  sync() {
    const n = this.history.snapshots.length;
    const shown = this.shown();
    this.range.max = String(n);
    if (this.scrub === null) this.range.value = String(n);
    this.range.disabled = n === 0;
    this.label.textContent = shown ? `step ${shown.step}` : "live";
    this.range.setAttribute("aria-valuetext", shown ? `step ${shown.step}` : `live, step ${Number(this.model.get("step") ?? 0)}`);
    if (this.resume) this.resume.disabled = !shown;
  }
  destroy() {
    this.flush();
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.idle !== null) globalThis.cancelIdleCallback?.(this.idle);
    this.timer = null;
    this.idle = null;
  }
};
function scrubber(id) {
  const range2 = (
    /** @type {HTMLInputElement} */
    h("input", { type: "range", min: 0, max: 0, step: 1, value: 0 })
  );
  const label = h("span", { class: "nv-history-step" });
  const resume = (
    /** @type {HTMLButtonElement} */
    h("button", { type: "button", class: "nv-resume", text: "Continue from here", title: "Train on from the step shown, with its weights and optimizer state", disabled: true })
  );
  return { range: range2, label, resume, element: h("div", { class: "nv-history" }, [field("History", range2, id), label, resume]) };
}

// js/views/help.js
var TOOLBAR_HELP = [
  "Press Play to train and watch the decision regions, every neuron's map and the loss change; Speed sets the pace. Step runs one training step. Undo (Ctrl+Z) and Redo (Shift+Ctrl+Z, Ctrl+Y) take back and redo any change of points or settings."
];
function helpSection(lines) {
  return h("details", { class: "nv-help" }, [h("summary", { text: "How to use" }), h("ul", {}, lines.map((text) => h("li", { text })))]);
}

// js/views/layout.js
function pageLayout(p) {
  return [
    h("header", { class: "nv-header" }, [
      h("h1", {}, [h("span", { text: "nnvisu" }), h("small", { text: " watch a neural network learn" })]),
      h("div", { class: "nv-toolbar" }, p.toolbar),
      p.status
    ]),
    p.readouts,
    h("div", { class: "nv-main" }, mainGrid(p.panels)),
    helpSection(p.help),
    ...p.after
  ];
}
function mainGrid(panels) {
  const items = [];
  const stacks = /* @__PURE__ */ new Map();
  for (const { area, title, element, stack } of panels) {
    element.style.gridArea = area;
    element.dataset.panel = area;
    if (element.tagName !== "DETAILS") element.setAttribute("aria-label", title);
    if (!stack) {
      items.push(element);
      continue;
    }
    let column = stacks.get(stack);
    if (!column) {
      column = h("div", { class: "nv-stack", "data-stack": stack });
      column.style.gridArea = area;
      stacks.set(stack, column);
      items.push(column);
    }
    column.append(element);
  }
  return items;
}

// js/views/graph_lod.js
var MIN_NODE = 12;
var EDGE_LEVELS = 16;
var MIN_EDGES = 64;
var EDGES_PER_NODE = 2;
function planColumns(sizes, rows) {
  const last = sizes.length - 1;
  return sizes.map((n, c) => {
    const k = n <= rows || c === 0 || c === last ? n : Math.max(1, rows - 1);
    return { shown: Array.from({ length: k }, (_, i) => i), more: n - k };
  });
}
function moreText(column, layerName) {
  const first = column.shown.length + 1;
  const last = column.shown.length + column.more;
  return {
    label: `+${column.more}`,
    title: `${layerName}: neurons ${first}–${last} (${column.more} more) are not drawn; the graph shows the first ${column.shown.length}`
  };
}
function moreBox(plan2, c, x, y, s) {
  const { label, title } = moreText(plan2[c], c === plan2.length - 1 ? "output layer" : `layer ${c}`);
  const box = document.createElement("span");
  box.className = "nv-more";
  box.dataset.testid = `more-${c - 1}`;
  box.textContent = label;
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", title);
  Object.assign(box.style, { left: `${x}px`, top: `${y - s / 2}px`, minWidth: `${s}px`, height: `${s}px`, lineHeight: `${s - 2}px` });
  return box;
}
function largestWeight(net) {
  let max = 1e-12;
  for (const l of net) {
    const w = l.w;
    for (let i = 0; i < w.length; i++) {
      const a = w[i] < 0 ? -w[i] : w[i];
      if (a > max) max = a;
    }
  }
  return max;
}
function edgesOf(layer, ins, outs) {
  const all = new Int32Array(2 * ins.length * outs.length);
  const strength = new Float64Array(ins.length * outs.length);
  for (let b = 0, k = 0; b < outs.length; b++) {
    for (let a = 0; a < ins.length; a++, k++) {
      all[2 * k] = a;
      all[2 * k + 1] = b;
      strength[k] = Math.abs(layer.w[outs[b] * layer.nIn + ins[a]]);
    }
  }
  const limit = Math.max(MIN_EDGES, EDGES_PER_NODE * (ins.length + outs.length));
  if (strength.length <= limit) return all;
  const threshold = Float64Array.from(strength).sort()[strength.length - limit];
  const kept = new Int32Array(2 * limit);
  let n = 0;
  for (let k = 0; k < strength.length && n < limit; k++) {
    if (strength[k] > threshold) kept.set(all.subarray(2 * k, 2 * k + 2), 2 * n++);
  }
  for (let k = 0; k < strength.length && n < limit; k++) {
    if (strength[k] === threshold) kept.set(all.subarray(2 * k, 2 * k + 2), 2 * n++);
  }
  return kept;
}
function touches(focus, l, a, b) {
  return focus !== null && (focus.column === l + 1 && focus.index === b || focus.column === l && focus.index === a);
}
function edgesDrawn(layer, l, ins, outs, focus) {
  const edges = edgesOf(layer, ins, outs);
  if (!focus || focus.column !== l && focus.column !== l + 1) return edges;
  const have = /* @__PURE__ */ new Set();
  for (let e = 0; e < edges.length; e += 2) have.add(edges[e] * outs.length + edges[e + 1]);
  const extra = [];
  for (let b = 0; b < outs.length; b++) {
    for (let a = 0; a < ins.length; a++) if (touches(focus, l, a, b) && !have.has(a * outs.length + b)) extra.push(a, b);
  }
  if (!extra.length) return edges;
  const all = new Int32Array(edges.length + extra.length);
  all.set(edges);
  all.set(extra, edges.length);
  return all;
}
function drawEdges(ctx, net, plan2, centres, half, focus = null, thickness = 1) {
  const maxAbs = largestWeight(net);
  const segments = Array.from({ length: 4 * EDGE_LEVELS }, () => []);
  const labels = [];
  const drawn = net.map((layer, l) => {
    const ins = plan2[l].shown;
    const outs = plan2[l + 1].shown;
    const edges = edgesDrawn(layer, l, ins, outs, focus);
    for (let e = 0; e < edges.length; e += 2) {
      const [a, b] = [edges[e], edges[e + 1]];
      const w = layer.w[outs[b] * layer.nIn + ins[a]];
      const level = Math.min(EDGE_LEVELS - 1, Math.floor(Math.abs(w) / maxAbs * EDGE_LEVELS));
      const hot = touches(focus, l, a, b);
      const [x0, y0, x1, y1] = [centres[l][a].x + half, centres[l][a].y, centres[l + 1][b].x - half, centres[l + 1][b].y];
      segments[(hot ? 2 * EDGE_LEVELS : 0) + (w >= 0 ? 0 : EDGE_LEVELS) + level].push(x0, y0, x1, y1);
      if (hot && (focus?.column === l + 1 || l === 0)) labels.push([x0, y0, x1, y1, w]);
    }
    return edges;
  });
  segments.forEach((s, index) => {
    if (!s.length) return;
    const hot = index >= 2 * EDGE_LEVELS;
    const negative = index % (2 * EDGE_LEVELS) >= EDGE_LEVELS;
    const m = (index % EDGE_LEVELS + 0.5) / EDGE_LEVELS;
    ctx.strokeStyle = css(divergingRgb((negative ? -1 : 1) * (0.35 + 0.65 * m)), focus === null || hot ? 0.9 : 0.12);
    ctx.lineWidth = (0.6 + 3.4 * m) * thickness + (hot ? 1 : 0);
    ctx.beginPath();
    for (let i = 0; i < s.length; i += 4) {
      ctx.moveTo(s[i], s[i + 1]);
      ctx.lineTo(s[i + 2], s[i + 3]);
    }
    ctx.stroke();
  });
  return { drawn, labels };
}

// js/views/graph.js
var MAX_NEURON = 56;
var MIN_NEURON = 6;
var LEFT = 32;
var PAD = 8;
var SPREAD = 1.1;
var MAX_LABELS = 12;
var MAX_ROWS = 24;
var EDGE_ROOM = 28;
function neuronsDrawn(sizes, height, rows = MAX_ROWS) {
  const fit = height ? Math.floor((height - 2 * PAD) / (MIN_NODE * 1.2)) : rows;
  return planColumns(sizes, Math.max(2, Math.min(rows, fit)));
}
function rowsPer(plan2) {
  return plan2.map((p) => p.shown.length + (p.more ? 1 : 0));
}
var gapOf = (s) => Math.max(3, Math.round(s / 5));
function graphGeometry(drawn, width, height) {
  const columns = drawn.length;
  const maxN = Math.max(1, ...drawn);
  let s = Math.min(MAX_NEURON, (width - LEFT - PAD) / (columns + Math.max(0, columns - 1) * SPREAD));
  if (height) s = Math.min(s, (height - 2 * PAD) / (maxN * 1.2));
  s = Math.max(MIN_NEURON, Math.floor(s));
  const gap = gapOf(s);
  const needed = maxN * (s + gap) - gap + 2 * PAD;
  const h2 = Math.max(height ?? 0, needed);
  const span = width - LEFT - PAD - s;
  const centres = drawn.map((n, c) => {
    const left = LEFT + (columns > 1 ? c * span / (columns - 1) : span / 2);
    const top = (h2 - (n * (s + gap) - gap)) / 2;
    return Array.from({ length: n }, (_, i) => ({ x: left + s / 2, y: top + i * (s + gap) + s / 2 }));
  });
  return { size: s, width, height: h2, centres };
}
function neuronName(n, columns, features, labels = {}) {
  if (n.column === 0) return `input ${labels[features[n.index]] ?? features[n.index]}`;
  if (n.column === columns - 1) return `output ${n.index + 1}`;
  return `neuron ${n.column}.${n.index + 1}`;
}
function paramValue(net, p) {
  const l = net[p.layer];
  return p.from === null ? l.b[p.out] : l.w[p.out * l.nIn + p.from];
}
var NetworkGraph = class {
  /**
   * @param {HTMLElement} container
   * @param {Tooltip} tooltip
   * @param {GraphHooks} [hooks]
   */
  constructor(container, tooltip, hooks = {}) {
    this.container = container;
    this.tooltip = tooltip;
    this.hooks = hooks;
    this.edges = document.createElement("canvas");
    this.edges.className = "nv-edges";
    this.edges.setAttribute("aria-hidden", "true");
    this.shapeKey = "";
    this.nodes = [];
    this.geometry = { size: 0, width: 0, height: 0, centres: [] };
    this.net = null;
    this.features = [];
    this.featureLabels = hooks.featureLabels ?? {};
    this.plan = [];
    this.drawn = [];
    this.focused = null;
    this.pointer = null;
    this.listeners = [
      ["pointermove", (e) => this.onMove(e)],
      ["pointerleave", () => this.onLeave()],
      ["pointerdown", (e) => this.onDown(e)],
      ["click", (e) => this.onClick(e)],
      ["keydown", (e) => this.onKey(e)],
      ["blur", () => this.setFocus(null)]
    ];
    for (const [name, cb] of this.listeners) container.addEventListener(name, cb);
  }
  destroy() {
    for (const [name, cb] of this.listeners) this.container.removeEventListener(name, cb);
    this.container.replaceChildren();
  }
  /**
   * @param {Layer[] | null} net null: nothing to show yet
   * @param {string[]} features
   * @param {{inputs: ImageData[], layers: ImageData[][]} | null} images
   */
  update(net, features, images) {
    this.net = net;
    this.features = features;
    if (!net || !images) {
      this.container.replaceChildren();
      this.shapeKey = "";
      this.setFocus(null);
      return;
    }
    const sizes = [features.length, ...net.map((l) => l.nOut)];
    const { plan: plan2, width, height } = this.arrange(sizes);
    const key = `${features.join()}|${sizes.join()}|${rowsPer(plan2).join()}|${width}|${height}`;
    if (key !== this.shapeKey) this.layout(plan2, graphGeometry(rowsPer(plan2), width, height), key);
    const f = this.focused;
    if (f && !(f.column < plan2.length && f.index < plan2[f.column].shown.length)) this.setFocus(null);
    const all = [images.inputs, ...images.layers];
    this.nodes.forEach(
      (column, c) => column.forEach((canvas, i) => {
        const image = all[c]?.[this.plan[c].shown[i]];
        if (!image) return;
        if (canvas.width !== image.width) canvas.width = canvas.height = image.width;
        canvas.getContext("2d")?.putImageData(image, 0, 0);
      })
    );
    this.drawEdges(net);
    this.refreshTooltip();
  }
  /**
   * The neurons drawn of columns of `sizes` neurons, and the room they have: the graph is as tall
   * as its neurons need (`--nv-graph-natural`) unless the stylesheet caps it (`--nv-graph-max`),
   * and then draws as many as fit.
   * @param {number[]} sizes
   */
  arrange(sizes) {
    const width = Math.max(200, this.container.clientWidth);
    const natural = neuronsDrawn(sizes, null);
    const needed = graphGeometry(rowsPer(natural), width, null).height;
    this.container.style.setProperty("--nv-graph-natural", `${needed}px`);
    const height = this.container.clientHeight || null;
    return { plan: height && height < needed ? neuronsDrawn(sizes, height) : natural, width, height };
  }
  /**
   * @param {ColumnPlan[]} plan
   * @param {Geometry} full the geometry of every row, "+K" boxes included
   * @param {string} key
   */
  layout(plan2, full, key) {
    this.shapeKey = key;
    this.plan = plan2;
    const g = {
      ...full,
      centres: full.centres.map((c, i) => c.slice(0, plan2[i].shown.length)),
      more: full.centres.map((c, i) => plan2[i].more ? c[plan2[i].shown.length] : null)
    };
    this.geometry = g;
    const { size: s, width, height } = g;
    this.container.replaceChildren(this.edges);
    const dpr = window.devicePixelRatio || 1;
    this.edges.width = Math.round(width * dpr);
    this.edges.height = Math.round(height * dpr);
    this.edges.style.width = `${width}px`;
    this.edges.style.height = `${height}px`;
    const grid = 24;
    const columns = plan2.length;
    this.nodes = g.centres.map(
      (centres, c) => centres.map(({ x, y }, i) => {
        const canvas = document.createElement("canvas");
        canvas.width = grid;
        canvas.height = grid;
        canvas.className = "nv-neuron";
        Object.assign(canvas.style, { left: `${x - s / 2}px`, top: `${y - s / 2}px`, width: `${s}px`, height: `${s}px` });
        const name = neuronName({ column: c, index: i }, columns, this.features, this.featureLabels);
        canvas.dataset.testid = c === 0 ? `input-${this.features[i]}` : `neuron-${c - 1}-${i}`;
        canvas.setAttribute("aria-label", name[0].toUpperCase() + name.slice(1));
        canvas.setAttribute("role", "img");
        if (c === 0) {
          const label = document.createElement("span");
          label.className = "nv-input-label";
          label.textContent = this.featureLabels[this.features[i]] ?? this.features[i];
          Object.assign(label.style, { top: `${y}px`, right: `${width - x + s / 2 + 4}px` });
          this.container.append(label);
        }
        this.container.append(canvas);
        return canvas;
      })
    );
    g.more.forEach((m, c) => m && this.container.append(moreBox(plan2, c, m.x, m.y, s)));
    this.markFocus();
    this.hooks.laidOut?.(g);
  }
  /** @param {Layer[]} net */
  drawEdges(net) {
    const ctx = this.edges.getContext("2d");
    const { centres, size, width, height } = this.geometry;
    if (!ctx || !width) return;
    const dpr = this.edges.width / width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const f = this.focused;
    const free = centres.length > 1 && centres[0].length && centres[1].length ? centres[1][0].x - centres[0][0].x - size : EDGE_ROOM;
    const { drawn, labels } = drawEdges(ctx, net, this.plan, centres, size / 2, f, Math.max(0.3, Math.min(1, free / EDGE_ROOM)));
    this.drawn = drawn;
    if (labels.length && labels.length <= MAX_LABELS) this.drawLabels(ctx, labels, f?.column === 0 ? 0.65 : 0.3);
  }
  /**
   * The values of the focused neuron's edges, written along them at `t` of their length.
   * @param {CanvasRenderingContext2D} ctx
   * @param {[number, number, number, number, number][]} labels
   * @param {number} t
   */
  drawLabels(ctx, labels, t) {
    ctx.font = "600 12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (const [ax, ay, bx, by, w] of labels) {
      const [x, y] = [ax + (bx - ax) * t, ay + (by - ay) * t];
      const text = w.toFixed(2);
      const tw = ctx.measureText(text).width + 6;
      ctx.fillStyle = "rgba(255,255,255,0.92)";
      ctx.fillRect(x - tw / 2, y - 8, tw, 16);
      ctx.fillStyle = "#111827";
      ctx.fillText(text, x, y);
    }
  }
  /** @param {NeuronRef | null} n */
  setFocus(n) {
    const f = this.focused;
    if (f === n || f && n && f.column === n.column && f.index === n.index) return;
    this.focused = n;
    this.markFocus();
    if (this.net) this.drawEdges(this.net);
    this.hooks.focus?.(n);
  }
  markFocus() {
    this.nodes.forEach((column, c) => column.forEach((el, i) => el.classList.toggle("nv-focused", this.focused?.column === c && this.focused.index === i)));
  }
  /** @param {PointerEvent} e */
  locate(e) {
    const box = this.container.getBoundingClientRect();
    return { clientX: e.clientX, clientY: e.clientY, x: e.clientX - box.left, y: e.clientY - box.top, target: e.target };
  }
  /** @param {PointerEvent} e */
  onMove(e) {
    if (e.pointerType === "touch") return;
    this.pointer = this.locate(e);
    this.setFocus(this.neuronAt(this.pointer.x, this.pointer.y));
    this.refreshTooltip();
  }
  onLeave() {
    if (!this.pointer) return;
    this.pointer = null;
    this.tooltip.hide();
    this.setFocus(null);
  }
  /**
   * A tap focuses the neuron under it (a second tap lets it go): touch has no hover.
   * @param {PointerEvent} e
   */
  onDown(e) {
    if (e.pointerType !== "touch") return;
    const p = this.locate(e);
    const n = this.neuronAt(p.x, p.y);
    if (n) this.setFocus(this.focused?.column === n.column && this.focused.index === n.index ? null : n);
  }
  /** @param {MouseEvent} e */
  onClick(e) {
    const net = this.net;
    if (!net) return;
    const p = this.locate(
      /** @type {PointerEvent} */
      e
    );
    const n = this.neuronAt(p.x, p.y);
    const param = n ? n.column > 0 ? { layer: n.column - 1, out: n.index, from: null } : null : this.edgeAt(p.x, p.y, net)?.param;
    if (param) this.hooks.edit?.(param, e.clientX, e.clientY);
  }
  /**
   * Arrow keys move the focus between neurons, Enter edits the focused neuron's bias (and the
   * weights into it), Escape lets it go.
   * @param {KeyboardEvent} e
   */
  onKey(e) {
    const centres = this.geometry.centres;
    if (!centres.length || e.altKey || e.ctrlKey || e.metaKey) return;
    const f = this.focused ?? { column: Math.min(1, centres.length - 1), index: -1 };
    const moves = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    const move = moves[e.key];
    if (move) {
      const column = Math.max(0, Math.min(centres.length - 1, f.column + move[0]));
      const index = Math.max(0, Math.min(centres[column].length - 1, move[0] ? Math.max(0, f.index) : f.index + move[1]));
      this.setFocus({ column, index });
      const c = centres[column][index];
      const box = this.container.getBoundingClientRect();
      this.tooltip.show(this.neuronText({ column, index }), box.left + c.x, box.top + c.y);
    } else if ((e.key === "Enter" || e.key === " ") && this.focused && this.focused.column > 0) {
      const c = centres[this.focused.column][this.focused.index];
      const box = this.container.getBoundingClientRect();
      this.hooks.edit?.({ layer: this.focused.column - 1, out: this.focused.index, from: null }, box.left + c.x, box.top + c.y);
    } else if (e.key === "Escape" && this.focused) {
      this.setFocus(null);
      this.tooltip.hide();
    } else {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  }
  /** The text of whatever is under the pointer, from the current weights. */
  refreshTooltip() {
    const p = this.pointer;
    const net = this.net;
    if (!p || !net || !this.geometry.centres.length) return;
    const n = this.neuronAt(p.x, p.y);
    const more = p.target instanceof HTMLElement && p.target.classList.contains("nv-more") ? p.target.getAttribute("aria-label") : null;
    const text = n ? this.neuronText(n) : more ?? this.edgeAt(p.x, p.y, net)?.text ?? null;
    if (text) this.tooltip.show(text, p.clientX, p.clientY);
    else this.tooltip.hide();
  }
  /** @param {NeuronRef} n */
  neuronText(n) {
    const name = neuronName(n, this.geometry.centres.length, this.features, this.featureLabels);
    if (n.column === 0 || !this.net) return `${name}: its values are on the plane`;
    return `${name}: bias ${this.net[n.column - 1].b[n.index].toFixed(3)} (click to edit)`;
  }
  /**
   * @param {number} x
   * @param {number} y
   * @returns {NeuronRef | null}
   */
  neuronAt(x, y) {
    const half = this.geometry.size / 2;
    const centres = this.geometry.centres;
    for (let c = 0; c < centres.length; c++) {
      const index = centres[c].findIndex((q) => Math.abs(q.x - x) <= half && Math.abs(q.y - y) <= half);
      if (index >= 0) return { column: c, index };
    }
    return null;
  }
  /**
   * The edge nearest to (x, y) within a few pixels, of the edges drawn.
   * @param {number} x
   * @param {number} y
   * @param {Layer[]} net
   * @returns {{param: ParamRef, text: string} | null}
   */
  edgeAt(x, y, net) {
    const { centres, size } = this.geometry;
    const half = size / 2;
    let best = 5;
    let found = null;
    net.forEach((layer, l) => {
      const from = centres[l];
      const to = centres[l + 1];
      if (!from?.length || !to?.length || x < from[0].x + half || x > to[0].x - half) return;
      const edges = this.drawn[l] ?? [];
      for (let e = 0; e < edges.length; e += 2) {
        const [i, o] = [edges[e], edges[e + 1]];
        const d = segmentDistance(x, y, from[i].x + half, from[i].y, to[o].x - half, to[o].y);
        if (d < best) {
          best = d;
          const src = neuronName({ column: l, index: i }, centres.length, this.features, this.featureLabels);
          const dst = neuronName({ column: l + 1, index: o }, centres.length, this.features, this.featureLabels);
          const param = { layer: l, out: o, from: i };
          found = { param, text: `${src} → ${dst}: weight ${paramValue(net, param).toFixed(3)} (click to edit)` };
        }
      }
    });
    return found;
  }
};
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

// js/views/legend.js
function scaleLegend() {
  const bar = h("span", { class: "nv-scale-bar", "aria-hidden": "true" });
  bar.style.background = divergingGradient();
  return h("div", { class: "nv-scale", "data-testid": "scale-legend" }, [
    h("span", { text: `− ${NEGATIVE_NAME}` }),
    bar,
    h("span", { text: `${POSITIVE_NAME} +` }),
    h("span", { class: "nv-scale-note", text: "weights and neuron values; thicker edges: larger weights" })
  ]);
}
var ClassLegend = class {
  constructor() {
    this.classes = h("span", { class: "nv-legend-classes" });
    this.element = h("div", { class: "nv-class-legend", "data-testid": "class-legend" }, [
      this.classes,
      h("span", { class: "nv-legend-item" }, [h("span", { class: "nv-mark nv-mark-train", "aria-hidden": "true" }), "training point"]),
      h("span", { class: "nv-legend-item" }, [h("span", { class: "nv-mark nv-mark-test", "aria-hidden": "true" }), "test point"]),
      this.note = h("span", { class: "nv-legend-item nv-legend-note", text: "" })
    ]);
    this.count = 0;
    this.values = null;
  }
  /**
   * @param {number} k classes
   * @param {ValueRange | null} [values] a regression's value scale, shown instead of classes
   */
  update(k, values = null) {
    if (k === this.count && values === this.values) return;
    this.count = k;
    this.values = values;
    this.element.dataset.problem = values ? "regression" : "classification";
    this.note.textContent = values ? "points: their target; regions: the prediction (paler)" : "regions: the predicted class, paler where unsure";
    if (values) {
      this.classes.replaceChildren(valueScale(values));
      return;
    }
    this.classes.replaceChildren(
      ...Array.from({ length: k }, (_, c) => {
        const swatch = h("span", { class: "nv-legend-swatch", "aria-hidden": "true" });
        swatch.style.background = css(classColor(c));
        return h("span", { class: "nv-legend-item", title: CLASS_NAMES[c % CLASS_NAMES.length] }, [swatch, `class ${c + 1}`]);
      })
    );
  }
};
var valueText = (v) => v < 0 ? `−${formatTick(-v)}` : formatTick(v);
function valueScale(r) {
  const bar = h("span", { class: "nv-value-bar", "aria-hidden": "true" });
  bar.style.background = divergingGradient();
  const ticks = legendTicks(r).map((v) => {
    const t = h("span", { class: "nv-value-tick", text: valueText(v) });
    t.style.left = `${(v - r.lo) / (r.hi - r.lo) * 100}%`;
    return t;
  });
  return h("span", { class: "nv-value-scale", "data-testid": "value-legend", role: "img", "aria-label": `Value scale from ${valueText(r.lo)} (${NEGATIVE_NAME}) to ${valueText(r.hi)} (${POSITIVE_NAME})`, "data-lo": r.lo, "data-hi": r.hi }, [
    h("span", { class: "nv-value-name", text: "target" }),
    h("span", { class: "nv-value-axis" }, [bar, ...ticks])
  ]);
}

// js/model/network_edit.js
var MAX_EDITED_WEIGHT = 1e3;
function readWeight(text) {
  const t = text.trim().replace("−", "-");
  const v = Number(t);
  if (!t || !Number.isFinite(v)) fail(`A weight must be a number, not ${JSON.stringify(text)}`);
  if (Math.abs(v) > MAX_EDITED_WEIGHT) fail(`A weight must be between -${MAX_EDITED_WEIGHT} and ${MAX_EDITED_WEIGHT}, got ${v}`);
  return v;
}
function withParam(weights, p, value) {
  const out = nestedOf(
    /** @type {Record<string, unknown>} */
    weights
  );
  const v = Math.fround(value);
  if (p.from === null) {
    const b = (
      /** @type {number[] | undefined} */
      out[`layer_${p.layer}_bias`]
    );
    if (!b || p.out >= b.length) fail(`there is no neuron ${p.out + 1} in layer ${p.layer + 1}`);
    b[p.out] = v;
  } else {
    const row = (
      /** @type {number[][] | undefined} */
      out[`layer_${p.layer}_weights`]?.[p.out]
    );
    if (!row || p.from >= row.length) fail(`there is no weight from ${p.from + 1} to ${p.out + 1} in layer ${p.layer + 1}`);
    row[p.from] = v;
  }
  return out;
}
function withNeuronsChanged(config, layer, delta, bounds) {
  const sizes = hiddenOf(config);
  if (layer < 0 || layer >= sizes.length) fail(`There is no hidden layer ${layer + 1}`);
  const n = sizes[layer] + delta;
  if (n < 1) fail(`Hidden layer ${layer + 1} keeps at least one neuron (− layer removes a layer)`);
  if (n > bounds.maxNeurons) fail(`Hidden layer ${layer + 1} is at this host's limit of ${bounds.maxNeurons} neurons`);
  const arch = [...config.architecture];
  arch[layer + 1] = n;
  return arch;
}

// js/views/network_panel.js
var TIGHT = 60;
var NetworkPanel = class {
  /**
   * @param {import("./dom.js").Tooltip} tooltip
   * @param {{get: (key: string) => any, set: (key: string, value: any) => void, save_changes: () => void}} model
   *   where an edited weight goes (`weights`, then save_changes: the next request trains from it)
   * @param {{setPlaying: (on: boolean) => void}} loop paused while a weight is edited
   * @param {{unscrub: () => void}} history an edit applies to the live network
   * @param {PanelHooks} hooks
   */
  constructor(tooltip, model, loop, history2, hooks) {
    this.hooks = hooks;
    this.tooltip = tooltip;
    this.model = model;
    this.loop = loop;
    this.history = history2;
    this.shown = null;
    this.network = h("div", {
      class: "nv-network",
      "data-testid": "network",
      role: "group",
      tabindex: 0,
      "aria-label": "Network graph: arrow keys pick a neuron and show its map on the plane, Enter edits its bias and weights"
    });
    this.graph = new NetworkGraph(this.network, tooltip, {
      focus: (n) => this.focused(n),
      edit: (p, x, y) => this.openEditor(p, x, y),
      laidOut: (g) => this.placeLayerButtons(g),
      featureLabels: hooks.featureLabels
    });
    this.layerCount = h("span", { class: "nv-layer-count" });
    this.columns = h("div", { class: "nv-columns", "aria-label": "Neurons per hidden layer", role: "group" });
    this.caption = h("div", { class: "nv-plane-caption", "data-testid": "plane-caption", hidden: true });
    this.editor = new WeightEditor((p, v) => {
      if (p) this.hooks.actions.guard(() => this.setParam(p, v));
      this.network.focus();
      this.focused(this.graph.focused);
    });
    const act = (arch) => () => hooks.actions.guard(() => hooks.actions.changeArchitecture({ architecture: arch() }));
    this.element = h("section", { class: "nv-network-panel" }, [
      h("div", { class: "nv-panel-head" }, [
        h("h2", { text: "Network" }),
        h("span", { class: "nv-layer-buttons" }, [
          h("button", { type: "button", class: "nv-mini", text: "−", title: "Remove the last hidden layer", "aria-label": "Remove hidden layer", onclick: act(() => withLayerRemoved(hooks.config())) }),
          this.layerCount,
          h("button", { type: "button", class: "nv-mini", text: "+", title: "Add a hidden layer", "aria-label": "Add hidden layer", onclick: act(() => withLayerAdded(hooks.config(), hooks.bounds())) })
        ])
      ]),
      this.columns,
      this.network,
      scaleLegend(),
      this.editor.element
    ]);
    this.columnsKey = "";
  }
  /**
   * Over each column its name, and over each hidden layer − and + buttons, at the columns'
   * places in the graph.
   * @param {Geometry} g
   */
  placeLayerButtons(g) {
    const { architecture } = this.hooks.config();
    const hidden = hiddenOf({ architecture });
    const bounds = this.hooks.bounds();
    this.layerCount.textContent = `${hidden.length} hidden layer${hidden.length === 1 ? "" : "s"}`;
    const key = `${architecture.join()}|${g.centres.map((c) => c[0]?.x).join()}|${bounds.maxNeurons}`;
    if (key === this.columnsKey) return;
    this.columnsKey = key;
    const last = g.centres.length - 1;
    const tight = last > 0 && (g.centres[1][0]?.x ?? 0) - (g.centres[0][0]?.x ?? 0) < TIGHT;
    this.columns.classList.toggle("nv-tight", tight);
    this.columns.replaceChildren(
      ...g.centres.map((centres, c) => {
        const title = c === 0 ? tight ? "In" : "Input" : c === last ? tight ? "Out" : "Output" : `${tight ? "L" : "Layer "}${c}`;
        const parts = [h("span", { class: "nv-column-title", text: title })];
        if (c > 0 && c < last) {
          const n = hidden[c - 1];
          const { guard, changeArchitecture } = this.hooks.actions;
          const change = (d) => () => guard(() => changeArchitecture({ architecture: withNeuronsChanged(this.hooks.config(), c - 1, d, this.hooks.bounds()) }));
          parts.push(
            h("span", { class: "nv-column-buttons" }, [
              h("button", { type: "button", class: "nv-mini", text: "−", "aria-label": `Remove a neuron from layer ${c} (${n} neurons)`, disabled: n <= 1, onclick: change(-1) }),
              h("button", { type: "button", class: "nv-mini", text: "+", "aria-label": `Add a neuron to layer ${c} (${n} neurons)`, disabled: n >= bounds.maxNeurons, onclick: change(1) })
            ])
          );
        }
        const el = h("div", { class: "nv-column-head" }, parts);
        el.style.left = `${centres[0]?.x ?? 0}px`;
        return el;
      })
    );
  }
  /**
   * The graph's focused neuron changed: the plane shows its map (while the editor is open, the
   * map of the neuron being edited).
   * @param {NeuronRef | null} focus
   */
  focused(focus) {
    const n = focus ?? this.editor.neuron();
    this.shown = n;
    this.hooks.changed();
    const columns = this.graph.geometry.centres.length;
    if (!n) {
      this.caption.hidden = true;
      return;
    }
    const name = neuronName(n, columns, this.graph.features, this.graph.featureLabels);
    const what = n.column === 0 ? "the feature's values" : n.column === columns - 1 ? this.hooks.config().problem === "regression" ? "the predicted value" : `the probability of class ${n.index + 1}` : "the neuron's activation";
    this.caption.textContent = `${name[0].toUpperCase()}${name.slice(1)} on the plane: ${what}`;
    this.caption.hidden = false;
  }
  /**
   * A weight or bias edited by hand, written through the model interface: the next training
   * request starts from it.
   * @param {ParamRef} p
   * @param {number} value
   */
  setParam(p, value) {
    this.history.unscrub();
    this.model.set("weights", withParam(this.model.get("weights"), p, value));
    this.model.save_changes();
  }
  /**
   * @param {ParamRef} p
   * @param {number} clientX
   * @param {number} clientY
   */
  openEditor(p, clientX, clientY) {
    this.loop.setPlaying(false);
    this.history.unscrub();
    const net = this.hooks.net();
    if (!net) return;
    const box = this.element.getBoundingClientRect();
    this.tooltip.hide();
    const { features, featureLabels } = this.graph;
    this.editor.open(net, (n) => neuronName(n, net.length + 1, features, featureLabels), p, clientX - box.left, clientY - box.top, box.width);
    this.graph.setFocus({ column: p.layer + 1, index: p.out });
  }
};
var WeightEditor = class {
  /** @param {(p: ParamRef | null, value: number) => void} commit called with null on Cancel */
  constructor(commit) {
    this.commit = commit;
    this.target = null;
    this.title = h("div", { class: "nv-editor-title" });
    this.source = /** @type {HTMLSelectElement} */
    h("select", { "aria-label": "Weight from", onchange: () => this.showValue() });
    this.value = /** @type {HTMLInputElement} */
    h("input", { type: "text", inputmode: "decimal", "aria-label": "Weight value", spellcheck: "false", "data-testid": "weight-value" });
    this.error = h("div", { class: "nv-field-error", "data-testid": "weight-error" });
    const form = h("form", { onsubmit: (e) => this.submit(e) }, [
      this.title,
      h("div", { class: "nv-editor-row" }, [h("span", { text: "from", "aria-hidden": "true" }), this.source]),
      h("div", { class: "nv-editor-row" }, [
        this.value,
        h("button", { type: "submit", text: "Set" }),
        h("button", { type: "button", text: "Cancel", onclick: () => this.cancel() })
      ]),
      this.error
    ]);
    this.element = h("div", { class: "nv-weight-editor", "data-testid": "weight-editor", role: "dialog", "aria-label": "Edit a weight", hidden: true }, [form]);
    this.element.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.cancel();
      else if (e.key === "Enter" && e.target === this.value) this.submit(e);
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
  }
  /**
   * @param {Layer[]} net
   * @param {(n: NeuronRef) => string} name a neuron's shown name
   * @param {ParamRef} p
   * @param {number} x where it opens, in the panel's pixels
   * @param {number} y
   * @param {number} width the panel's width
   */
  open(net, name, p, x, y, width) {
    this.target = { net, layer: p.layer, out: p.out };
    this.title.textContent = `Into ${name({ column: p.layer + 1, index: p.out })}`;
    const sources = Array.from({ length: net[p.layer].nIn }, (_, i) => name({ column: p.layer, index: i }));
    this.source.replaceChildren(h("option", { value: "bias", text: "bias" }), ...sources.map((name2, i) => h("option", { value: String(i), text: name2 })));
    this.source.value = p.from === null ? "bias" : String(p.from);
    this.showValue();
    this.error.textContent = "";
    this.element.hidden = false;
    const w = this.element.offsetWidth;
    this.element.style.left = `${Math.max(0, Math.min(x + 8, width - w))}px`;
    this.element.style.top = `${y + 8}px`;
    this.value.focus();
    this.value.select();
  }
  /** @returns {NeuronRef | null} the neuron being edited */
  neuron() {
    return this.target && { column: this.target.layer + 1, index: this.target.out };
  }
  /** @returns {ParamRef | null} */
  param() {
    const t = this.target;
    if (!t) return null;
    return { layer: t.layer, out: t.out, from: this.source.value === "bias" ? null : Number(this.source.value) };
  }
  showValue() {
    const p = this.param();
    if (this.target && p) this.value.value = String(+paramValue(this.target.net, p).toFixed(4));
  }
  /** @param {Event} e */
  submit(e) {
    e.preventDefault();
    const p = this.param();
    if (!p) return;
    try {
      const v = readWeight(this.value.value);
      this.close();
      this.commit(p, v);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      this.error.textContent = errorText(err);
      this.value.setAttribute("aria-invalid", "true");
    }
  }
  cancel() {
    this.close();
    this.commit(null, 0);
  }
  close() {
    this.element.hidden = true;
    this.target = null;
    this.value.removeAttribute("aria-invalid");
  }
};

// js/views/plane.js
var PAINT_SPACING = 0.35;
var KEY_STEP = 0.25;
var KEY_STEP_LARGE = 1;
var TAP_SLOP = 10;
var TICK_COUNT = 6;
var OUTLINE = "rgba(17,24,39,0.85)";
var KEY_MOVES = (
  /** @type {Record<string, [number, number]>} */
  { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }
);
function centreOf(e) {
  return { x: (e[0] + e[1]) / 2, y: (e[2] + e[3]) / 2 };
}
function keyMove(cursor, key, shift, e) {
  const move = KEY_MOVES[key];
  if (!move) return null;
  const c = cursor ?? centreOf(e);
  const d = (shift ? KEY_STEP_LARGE : KEY_STEP) * unitOf(e);
  return clampInto({ x: c.x + move[0] * d, y: c.y + move[1] * d }, e);
}
function shouldApply(tool, last, p, e) {
  return tool === "erase" || !last || Math.hypot(p.x - last.x, p.y - last.y) >= PAINT_SPACING * unitOf(e);
}
function pointRadius(w) {
  return Math.max(2.5, Math.min(5, w / 120));
}
var Plane = class {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {PlaneHooks} hooks
   */
  constructor(canvas, hooks) {
    this.canvas = canvas;
    this.hooks = hooks;
    this.cursor = null;
    this.stroke = null;
    this.pointsCanvas = document.createElement("canvas");
    this.pointsKey = null;
    this.tap = null;
    this.touchDraw = false;
    this.modeButton = h("button", {
      type: "button",
      class: "nv-touch-mode",
      "aria-pressed": "false",
      text: "✎ Draw with a finger",
      title: "On: a finger draws on the plane. Off: a finger scrolls the page and a tap adds a point.",
      onclick: () => this.setTouchDraw(!this.touchDraw)
    });
    this.listeners = [
      ["pointerdown", (e) => this.onDown(e)],
      ["pointermove", (e) => this.onMove(e)],
      ["pointerup", (e) => this.onUp(e)],
      ["pointercancel", () => this.stroke = this.tap = null],
      ["pointerleave", () => this.onLeave()],
      ["keydown", (e) => this.onKey(e)],
      ["blur", () => this.forgetCursor()]
    ];
    for (const [name, cb] of this.listeners) canvas.addEventListener(name, cb);
  }
  destroy() {
    for (const [name, cb] of this.listeners) this.canvas.removeEventListener(name, cb);
  }
  /** @param {{clientX: number, clientY: number}} e */
  at(e) {
    const box = this.canvas.getBoundingClientRect();
    return toPlane(e.clientX - box.left, e.clientY - box.top, box.width, box.height, this.hooks.extent());
  }
  /** @param {Point} p */
  apply(p) {
    if (this.stroke && inExtent(p, this.hooks.extent())) this.hooks.apply(p, this.stroke);
  }
  /** @param {boolean} on */
  setTouchDraw(on) {
    this.touchDraw = on;
    this.modeButton.setAttribute("aria-pressed", String(on));
    this.canvas.classList.toggle("nv-drawing", on);
  }
  /** @param {PointerEvent} e */
  onDown(e) {
    if (e.button !== 0) return;
    if (e.pointerType === "touch" && !this.touchDraw) {
      this.tap = { id: e.pointerId, x: e.clientX, y: e.clientY };
      return;
    }
    this.hooks.say("");
    this.canvas.setPointerCapture?.(e.pointerId);
    this.stroke = this.hooks.stroke();
    this.cursor = this.at(e);
    this.apply(this.cursor);
    e.preventDefault();
  }
  /** @param {PointerEvent} e */
  onUp(e) {
    const tap = this.tap;
    this.stroke = this.tap = null;
    if (!tap || tap.id !== e.pointerId || Math.hypot(e.clientX - tap.x, e.clientY - tap.y) > TAP_SLOP) return;
    this.hooks.say("");
    this.stroke = this.hooks.stroke();
    this.apply(this.at(e));
    this.stroke = null;
  }
  /** @param {PointerEvent} e */
  onMove(e) {
    if (e.pointerType === "touch" && !this.touchDraw) return;
    this.cursor = this.at(e);
    const tool = this.hooks.tool();
    if (this.stroke && e.buttons & 1 && shouldApply(tool, this.stroke.last, this.cursor, this.hooks.extent())) this.apply(this.cursor);
    if (tool === "erase") this.hooks.changed();
  }
  onLeave() {
    if (!this.stroke) this.forgetCursor();
  }
  forgetCursor() {
    this.cursor = null;
    this.hooks.changed();
  }
  /**
   * Keyboard: arrows move a cursor over the plane, Enter or Space applies the tool there.
   * @param {KeyboardEvent} e
   */
  onKey(e) {
    const moved = keyMove(this.cursor, e.key, e.shiftKey, this.hooks.extent());
    if (moved) {
      this.cursor = moved;
      this.hooks.changed();
      e.preventDefault();
    } else if (e.key === "Enter" || e.key === " ") {
      this.hooks.say("");
      this.cursor ?? (this.cursor = centreOf(this.hooks.extent()));
      this.stroke = this.hooks.stroke();
      this.apply(this.cursor);
      this.stroke = null;
      e.preventDefault();
    }
  }
  /**
   * @param {HTMLCanvasElement | null} map the decision map to show, if any
   * @param {Data} data
   * @param {Ui} ui
   * @param {(label: number) => string} [paint] a point's colour from its label (by class)
   */
  draw(map, data, ui, paint = pointPaint(null)) {
    const plane = this.canvas;
    const w = plane.clientWidth;
    const hgt = plane.clientHeight;
    if (!w || !hgt) return;
    const { dpr } = fitCanvas(plane, w, hgt);
    const ctx = plane.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, plane.width, plane.height);
    if (map) {
      ctx.imageSmoothingEnabled = !ui.discretize;
      ctx.drawImage(map, 0, 0, plane.width, plane.height);
    }
    const extent = this.hooks.extent();
    const key = [data, ui.showTest, plane.width, plane.height, extent, paint];
    if (!this.pointsKey || key.some((v, i) => v !== this.pointsKey?.[i])) {
      this.pointsKey = key;
      this.drawPoints(data, ui, w, hgt, dpr, extent, paint);
    }
    ctx.drawImage(this.pointsCanvas, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (this.cursor && (ui.tool === "erase" || document.activeElement === plane)) {
      const [cx, cy] = toPixel(this.cursor, w, hgt, extent);
      const rx = ERASER_RADIUS * unitOf(extent) / (extent[1] - extent[0]) * w;
      const ry = ERASER_RADIUS * unitOf(extent) / (extent[3] - extent[2]) * hgt;
      const r = pointRadius(w) + 3;
      ctx.beginPath();
      if (ui.tool === "erase") ctx.ellipse(cx, cy, rx, ry, 0, 0, 2 * Math.PI);
      else ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "rgba(0,0,0,0.6)";
      ctx.setLineDash([4, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
  /**
   * The axes and the points into pointsCanvas, the plane's size in device pixels.
   * @param {Data} data
   * @param {Ui} ui
   * @param {number} w CSS pixels
   * @param {number} hgt CSS pixels
   * @param {number} dpr
   * @param {Extent} extent
   * @param {(label: number) => string} paint
   */
  drawPoints(data, ui, w, hgt, dpr, extent, paint) {
    const layer = this.pointsCanvas;
    layer.width = this.canvas.width;
    layer.height = this.canvas.height;
    const ctx = layer.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawAxes(ctx, w, hgt, extent);
    const r = pointRadius(w);
    for (let i = 0; i < data.x.length; i++) {
      const test = data.test[i];
      if (test && !ui.showTest) continue;
      const [px, py] = toPixel({ x: data.x[i], y: data.y[i] }, w, hgt, extent);
      drawMark(ctx, px, py, r, paint(data.label[i]), test);
    }
  }
};
function drawMark(ctx, px, py, r, fill2, test) {
  ctx.beginPath();
  if (test) {
    const d = r * 1.45;
    ctx.moveTo(px, py - d);
    ctx.lineTo(px + d, py);
    ctx.lineTo(px, py + d);
    ctx.lineTo(px - d, py);
    ctx.closePath();
  } else {
    ctx.arc(px, py, r, 0, 2 * Math.PI);
  }
  ctx.fillStyle = fill2;
  ctx.fill();
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
}
function drawAxes(ctx, w, hgt, e) {
  const inside = (v, lo, hi) => v > lo && v < hi;
  const xs = linearTicks(e[0], e[1], TICK_COUNT).filter((v) => inside(v, e[0], e[1]));
  const ys = linearTicks(e[2], e[3], TICK_COUNT).filter((v) => inside(v, e[2], e[3]));
  const [ox, oy] = toPixel({ x: 0, y: 0 }, w, hgt, e);
  ctx.strokeStyle = "rgba(0,0,0,0.18)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  if (inside(0, e[0], e[1])) {
    ctx.moveTo(ox, 0);
    ctx.lineTo(ox, hgt);
  }
  if (inside(0, e[2], e[3])) {
    ctx.moveTo(0, oy);
    ctx.lineTo(w, oy);
  }
  ctx.stroke();
  ctx.beginPath();
  for (const v of xs) {
    const [tx] = toPixel({ x: v, y: e[2] }, w, hgt, e);
    ctx.moveTo(tx, hgt);
    ctx.lineTo(tx, hgt - 6);
  }
  for (const v of ys) {
    const [, ty] = toPixel({ x: e[0], y: v }, w, hgt, e);
    ctx.moveTo(0, ty);
    ctx.lineTo(6, ty);
  }
  ctx.strokeStyle = "rgba(17,24,39,0.55)";
  ctx.stroke();
  ctx.font = "11px system-ui, sans-serif";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,0.85)";
  ctx.fillStyle = "#1f2937";
  const label = (v, x, y) => {
    const text = v < 0 ? `−${formatTick(-v)}` : formatTick(v);
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  };
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  for (const v of xs) label(v, toPixel({ x: v, y: e[2] }, w, hgt, e)[0], hgt - 7);
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  for (const v of ys) {
    const ty = toPixel({ x: e[0], y: v }, w, hgt, e)[1];
    if (ty < hgt - 20 && !(v === 0 && xs.includes(0))) label(v, 8, ty);
  }
}

// js/views/announce.js
var ANNOUNCE_EVERY_MS = 15e3;
var Announcer = class {
  /** @param {() => number} [now] */
  constructor(now = () => performance.now()) {
    this.now = now;
    this.element = h("div", { class: "nv-sr-only", role: "status", "aria-live": "polite", "data-testid": "announcer" });
    this.last = -Infinity;
    this.step = null;
    this.started = false;
  }
  /**
   * Called with every frame: speaks `text` if training rests at a new step, or if it runs and
   * nothing was said for a while.
   * @param {() => string} text
   * @param {boolean} running
   * @param {number} step
   */
  offer(text, running, step) {
    const t = this.now();
    const due = running ? t - this.last >= ANNOUNCE_EVERY_MS : this.started && step !== this.step;
    this.step = running ? null : step;
    this.started = true;
    if (!due) return;
    this.last = t;
    this.element.textContent = text();
  }
};

// js/views/chart.js
var TRAIN_COLOR = "#1f2937";
var TEST_COLOR = "#d55e00";
var PAD2 = { left: 40, right: 10, top: 8, bottom: 20 };
var LOG_FLOOR = 1e-6;
function valueRange2(values, log) {
  if (log) {
    const pos = values.filter((v) => v > 0).map((v) => Math.max(v, LOG_FLOOR));
    if (!pos.length) return [0.1, 1];
    const lo = Math.min(...pos);
    const hi2 = Math.max(...pos);
    return hi2 / lo < 1.5 ? [lo / 1.25, hi2 * 1.25] : [lo / 1.1, hi2 * 1.1];
  }
  const hi = Math.max(0, ...values);
  return [0, hi > 0 ? hi * 1.05 : 1];
}
var LineChart = class {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {Tooltip} tooltip
   * @param {ChartOptions} options
   */
  constructor(canvas, tooltip, options2) {
    this.canvas = canvas;
    this.tooltip = tooltip;
    this.options = options2;
    this.rows = [];
    this.log = false;
    this.marker = null;
    this.pointer = null;
    this.onMove = (e) => {
      const box = canvas.getBoundingClientRect();
      this.pointer = { clientX: e.clientX, clientY: e.clientY, x: e.clientX - box.left };
      this.refreshTooltip();
    };
    this.onLeave = () => {
      this.pointer = null;
      this.tooltip.hide();
    };
    canvas.addEventListener("pointermove", this.onMove);
    canvas.addEventListener("pointerleave", this.onLeave);
  }
  destroy() {
    this.canvas.removeEventListener("pointermove", this.onMove);
    this.canvas.removeEventListener("pointerleave", this.onLeave);
  }
  /**
   * Draws the rows (only when they, the scale or the marker changed, or the size).
   * @param {Row[]} rows oldest first
   * @param {{log?: boolean, marker?: number | null}} [view]
   */
  update(rows, view = {}) {
    const log = Boolean(view.log);
    const marker = view.marker ?? null;
    const canvas = this.canvas;
    const w = canvas.clientWidth || 300;
    const hgt = canvas.clientHeight || 120;
    const { dpr, resized } = fitCanvas(canvas, w, hgt);
    if (!resized && rows === this.rows && log === this.log && marker === this.marker) return;
    Object.assign(this, { rows, log, marker });
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, hgt);
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#4b5563";
    if (!rows.length) {
      ctx.fillText(this.options.empty, PAD2.left, hgt / 2);
      return;
    }
    const s = this.scale(w, hgt);
    this.axes(ctx, s);
    for (const series of this.options.series) this.line(ctx, s, series);
    if (marker !== null && marker >= s.x0 && marker <= s.x1) {
      const x = s.sx(marker);
      ctx.strokeStyle = "#0072b2";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, PAD2.top);
      ctx.lineTo(x, PAD2.top + s.plotH);
      ctx.stroke();
    }
    this.refreshTooltip();
  }
  /**
   * Pixel transforms of the current rows in a w x hgt chart.
   * @param {number} w
   * @param {number} hgt
   */
  scale(w, hgt) {
    const rows = this.rows;
    const x0 = Number(rows[0][0]);
    const x1 = Number(rows[rows.length - 1][0]);
    const values = [];
    for (const row of rows) for (const { column } of this.options.series) if (row[column] !== null && row[column] !== void 0) values.push(Number(row[column]));
    const [y0, y1] = this.options.range ?? valueRange2(values, this.log);
    const plotW = w - PAD2.left - PAD2.right;
    const plotH = hgt - PAD2.top - PAD2.bottom;
    const log = this.log && !this.options.range;
    return {
      x0,
      x1,
      y0,
      y1,
      log,
      plotW,
      plotH,
      sx: (s) => PAD2.left + (x1 > x0 ? (s - x0) / (x1 - x0) * plotW : plotW),
      sy: (v) => PAD2.top + plotH * (1 - axisFraction(Math.min(Math.max(v, y0), y1), y0, y1, log))
    };
  }
  /**
   * The frame, the ticks and their labels.
   * @param {CanvasRenderingContext2D} ctx
   * @param {ReturnType<LineChart["scale"]>} s
   */
  axes(ctx, s) {
    const tick = this.options.tick ?? formatTick;
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#e5e7eb";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    const yTicks = s.log ? logTicks(s.y0, s.y1) : linearTicks(s.y0, s.y1, 4);
    for (const v of yTicks) {
      const y = Math.round(s.sy(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(PAD2.left, y);
      ctx.lineTo(PAD2.left + s.plotW, y);
      ctx.stroke();
      ctx.fillText(tick(v), PAD2.left - 4, y);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const xTicks = s.x1 > s.x0 ? linearTicks(s.x0, s.x1, Math.max(2, Math.floor(s.plotW / 70)), true) : [s.x1];
    for (const v of xTicks) {
      const x = Math.round(s.sx(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, PAD2.top + s.plotH);
      ctx.lineTo(x, PAD2.top + s.plotH + 4);
      ctx.stroke();
      ctx.fillText(formatTick(v), x, PAD2.top + s.plotH + 6);
    }
    ctx.strokeStyle = "#9ca3af";
    ctx.beginPath();
    ctx.moveTo(PAD2.left + 0.5, PAD2.top);
    ctx.lineTo(PAD2.left + 0.5, PAD2.top + s.plotH + 0.5);
    ctx.lineTo(PAD2.left + s.plotW, PAD2.top + s.plotH + 0.5);
    ctx.stroke();
    ctx.textAlign = "start";
    ctx.textBaseline = "alphabetic";
  }
  /**
   * @param {CanvasRenderingContext2D} ctx
   * @param {ReturnType<LineChart["scale"]>} s
   * @param {Series} series
   */
  line(ctx, s, series) {
    ctx.strokeStyle = series.color;
    ctx.setLineDash(series.dash);
    ctx.lineWidth = 1.75;
    ctx.beginPath();
    let started = false;
    for (const row of this.rows) {
      const v = row[series.column];
      if (v === null || v === void 0) continue;
      const [x, y] = [s.sx(Number(row[0])), s.sy(v)];
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      started = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
  refreshTooltip() {
    const p = this.pointer;
    if (!p || !this.rows.length) return;
    const x0 = Number(this.rows[0][0]);
    const x1 = Number(this.rows[this.rows.length - 1][0]);
    const plotW = (this.canvas.clientWidth || 300) - PAD2.left - PAD2.right;
    const step = x0 + (p.x - PAD2.left) / plotW * (x1 - x0);
    let best = this.rows[0];
    for (const row of this.rows) if (Math.abs(Number(row[0]) - step) < Math.abs(Number(best[0]) - step)) best = row;
    const parts = this.options.series.filter((s) => best[s.column] !== null && best[s.column] !== void 0).map((s) => `${s.name} ${this.options.format(Number(best[s.column]))}`);
    this.tooltip.show(`step ${best[0]}: ${parts.join(", ") || "no values"}`, p.clientX, p.clientY);
  }
};

// js/model/confusion.js
function confusion(logits, classes, data) {
  const empty = () => ({ counts: Array.from({ length: classes }, () => new Array(classes).fill(0)), total: 0 });
  const out = { train: empty(), test: empty() };
  for (let p = 0; p < data.x.length; p++) {
    const label = data.label[p];
    if (label >= classes) continue;
    let arg = 0;
    for (let c = 1; c < classes; c++) if (logits[p * classes + c] > logits[p * classes + arg]) arg = c;
    const m = data.test[p] ? out.test : out.train;
    m.counts[label][arg]++;
    m.total++;
  }
  return out;
}
var CONFUSION_EVERY_MS = 200;
var CONFUSION_REST = 6;
var ConfusionView = class {
  constructor() {
    this.train = h("table", { class: "nv-confusion", "data-testid": "confusion-train" });
    this.test = h("table", { class: "nv-confusion", "data-testid": "confusion-test" });
    this.element = h("div", { class: "nv-confusions" }, [
      h("figure", {}, [h("figcaption", { text: "Training points" }), this.train]),
      h("figure", {}, [h("figcaption", { text: "Test points" }), this.test])
    ]);
    this.key = null;
    this.nextAt = -Infinity;
    this.job = null;
  }
  /**
   * Shows the matrices of `net` on the points; while the network keeps changing, at most every
   * CONFUSION_EVERY_MS (`now` in milliseconds). A pass too big for a frame runs until
   * `deadline` and goes on at the next call (even if the network changed meanwhile: the next
   * pass takes the newest), and while training runs the next waits CONFUSION_REST times its work.
   * @param {Layer[] | null} net
   * @param {{features: string[], activation: string}} config
   * @param {Data} data
   * @param {number} now
   * @param {boolean} busy training runs, so another frame follows
   * @param {number} [deadline] (performance.now()) for a pass done over frames
   * @returns {boolean} whether a pass is under way (another frame should move it on)
   */
  update(net, config, data, now, busy, deadline = Infinity) {
    if (!this.job) {
      const key = [net, data, config.features, config.activation];
      if (this.key && key.every((v, i) => v === this.key?.[i]) || busy && now < this.nextAt) return false;
      this.nextAt = now + CONFUSION_EVERY_MS;
      if (!net) {
        this.key = key;
        this.train.replaceChildren();
        this.test.replaceChildren();
        return false;
      }
      this.job = { key, net, data, forward: pointsPass(net, config.features, config.activation, data), workMs: 0 };
    }
    const job = this.job;
    const start = performance.now();
    const done = job.forward.run(deadline);
    job.workMs += performance.now() - start;
    if (!done) return true;
    this.job = null;
    this.key = job.key;
    if (job.forward.sliced) this.nextAt = Math.max(this.nextAt, performance.now() + CONFUSION_REST * job.workMs);
    const m = confusion(job.forward.result.logits, job.net[job.net.length - 1].nOut, job.data);
    fill(this.train, m.train, "training");
    fill(this.test, m.test, "test");
    return false;
  }
};
function fill(table, m, what) {
  table.dataset.total = String(m.total);
  const k = m.counts.length;
  const swatch = (c) => {
    const s = h("span", { class: "nv-dot", "aria-hidden": "true" });
    s.style.background = css(classColor(c));
    return s;
  };
  const name = (c) => `class ${c + 1} (${CLASS_NAMES[c % CLASS_NAMES.length]})`;
  const head = h("tr", {}, [
    h("th", { scope: "col", text: "true \\ predicted" }),
    ...Array.from({ length: k }, (_, c) => h("th", { scope: "col", title: name(c), "aria-label": `predicted ${name(c)}` }, [swatch(c)]))
  ]);
  const rows = m.counts.map((row, t) => {
    const n = row.reduce((a, b) => a + b, 0);
    return h("tr", {}, [
      h("th", { scope: "row", title: name(t), "aria-label": `true ${name(t)}` }, [swatch(t)]),
      ...row.map((count, p) => {
        const cell = h("td", { text: String(count), "data-count": count, title: `${count} of ${n} ${what} points of ${name(t)} predicted as ${name(p)}` });
        const share = n ? count / n : 0;
        cell.style.background = p === t ? `rgba(0,158,115,${(0.1 + 0.6 * share).toFixed(2)})` : share ? `rgba(213,94,0,${(0.1 + 0.6 * share).toFixed(2)})` : "";
        return cell;
      })
    ]);
  });
  table.replaceChildren(h("caption", { class: "nv-sr", text: `Confusion matrix of the ${m.total} ${what} points` }), h("thead", {}, [head]), h("tbody", {}, rows));
}

// js/views/charts_view.js
var COLUMNS = { loss: 1, testLoss: 2, accuracy: 3, testAccuracy: 4 };
var ChartsView = class {
  /**
   * @param {import("./dom.js").Tooltip} tooltip
   * @param {(log: boolean) => void} setLog the Log scale box changed
   */
  constructor(tooltip, setLog) {
    const canvas = (testid, label) => (
      /** @type {HTMLCanvasElement} */
      h("canvas", { class: "nv-chart", "data-testid": testid, role: "img", "aria-label": label })
    );
    const lossCanvas = canvas("loss-chart", "Loss chart");
    const accCanvas = canvas("accuracy-chart", "Accuracy chart");
    this.loss = new LineChart(lossCanvas, tooltip, {
      series: [
        { name: "train loss", column: COLUMNS.loss, color: TRAIN_COLOR, dash: [] },
        { name: "test loss", column: COLUMNS.testLoss, color: TEST_COLOR, dash: [5, 3] }
      ],
      empty: "the loss appears here while training",
      format: fmtLoss
    });
    this.accuracyOptions = {
      series: [
        { name: "train accuracy", column: COLUMNS.accuracy, color: TRAIN_COLOR, dash: [] },
        { name: "test accuracy", column: COLUMNS.testAccuracy, color: TEST_COLOR, dash: [5, 3] }
      ],
      empty: "the accuracy appears here while training",
      format: (v) => fmtPercent(v),
      range: [0, 1],
      tick: (v) => `${Math.round(v * 100)}%`
    };
    this.r2Options = {
      series: [
        { name: "train R²", column: COLUMNS.accuracy, color: TRAIN_COLOR, dash: [] },
        { name: "test R²", column: COLUMNS.testAccuracy, color: TEST_COLOR, dash: [5, 3] }
      ],
      empty: "R² appears here while training",
      format: fmtR2,
      range: [0, 1]
    };
    this.accCanvas = accCanvas;
    this.accuracy = new LineChart(accCanvas, tooltip, this.accuracyOptions);
    this.accuracyTitle = h("h2", { text: "Accuracy" });
    const logBox = checkbox("Log scale", false, setLog);
    this.logInput = /** @type {HTMLInputElement} */
    logBox.querySelector("input");
    this.confusion = new ConfusionView();
    this.perClass = h("details", { class: "nv-per-class", open: true }, [h("summary", { text: "Per class (true by row, predicted by column)" }), this.confusion.element]);
    this.element = h("div", { class: "nv-charts" }, [
      h("div", { class: "nv-chart-head" }, [h("h2", { text: "Loss" }), logBox]),
      lossCanvas,
      this.accuracyTitle,
      accCanvas,
      h("div", { class: "nv-legend" }, [
        h("span", { class: "nv-key nv-key-train", text: "train" }),
        h("span", { class: "nv-key nv-key-test", text: "test" }),
        h("span", { class: "nv-key nv-key-marker", text: "step shown" })
      ]),
      this.perClass
    ]);
  }
  /**
   * The second chart shows accuracy, or R² in a regression (which has no confusion matrices).
   * @param {boolean} regression
   */
  showProblem(regression) {
    this.accuracy.options = regression ? this.r2Options : this.accuracyOptions;
    this.accuracy.rows = [];
    this.accuracyTitle.textContent = regression ? "R²" : "Accuracy";
    this.accCanvas.dataset.testid = regression ? "r2-chart" : "accuracy-chart";
    this.accCanvas.setAttribute("aria-label", regression ? "R² chart" : "Accuracy chart");
    this.perClass.hidden = regression;
  }
  /**
   * @param {History} history
   * @param {Ui} ui
   * @param {number | null} marker the step shown by the History, if not the live one
   */
  update(history2, ui, marker) {
    this.logInput.checked = ui.logLoss;
    this.loss.update(history2.losses, { log: ui.logLoss, marker });
    this.accuracy.update(history2.losses, { marker });
  }
  destroy() {
    this.loss.destroy();
    this.accuracy.destroy();
  }
};

// js/model/hidden_space.js
var GRID_LINES = 13;
var HIDDEN_WORK = 3e6;
var ACTIVATION_WORK2 = 4;
var MIN_POINTS = 250;
var MIN_SAMPLES = 6;
var MAX_SAMPLES = 120;
var MIN_FIT = 200;
function gridLines(lines, samples, e = DEFAULT_EXTENT) {
  const xs = new Float64Array(2 * lines * samples);
  const ys = new Float64Array(2 * lines * samples);
  const along = (lo, hi) => (i, count) => lo + (hi - lo) * i / (count - 1);
  const atX = along(e[0], e[1]);
  const atY = along(e[2], e[3]);
  for (let l = 0; l < lines; l++) {
    for (let s = 0; s < samples; s++) {
      const v = l * samples + s;
      const h2 = (lines + l) * samples + s;
      xs[v] = atX(l, lines);
      ys[v] = atY(s, samples);
      xs[h2] = atX(s, samples);
      ys[h2] = atY(l, lines);
    }
  }
  return { xs, ys };
}
function strided(n, m) {
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  return Int32Array.from({ length: m }, (_, i) => Math.floor(i * n / m));
}
function layerActivations(net, features, activation, layer, xs, ys) {
  if (!(layer >= 0 && layer < net.length - 1)) throw new Error(`the network has no hidden layer ${layer + 1}`);
  const { n, logits } = forwardBatch(net.slice(0, layer + 1), features, activation, xs, ys);
  const k = net[layer].nOut;
  const act = activationFn(activation);
  const out = new Float64Array(n * k);
  for (let p = 0; p < n; p++) for (let i = 0; i < k; i++) out[i * n + p] = act(logits[p * k + i]);
  return out;
}
function plan(net, layer, pointCount, pca, work = HIDDEN_WORK) {
  const d = net[layer].nOut;
  let perPoint = 0;
  for (let l = 0; l <= layer; l++) perPoint += net[l].nIn * net[l].nOut + ACTIVATION_WORK2 * net[l].nOut;
  if (pca) perPoint += 2 * d;
  const fit = pca ? Math.min(pointCount, Math.max(MIN_FIT, Math.floor(0.3 * work / (d * d)))) : 0;
  const evaluations = Math.max(0, (work - fit * d * d) / perPoint);
  const lineShare = evaluations / 3 / (2 * GRID_LINES);
  const samples = Math.max(MIN_SAMPLES, Math.min(MAX_SAMPLES, Math.floor(lineShare)));
  const points = Math.min(pointCount, Math.max(MIN_POINTS, Math.floor(evaluations - 2 * GRID_LINES * samples)));
  return { points, samples, fit: Math.min(fit, points) };
}
function top2x2(a, b, c) {
  const half = (a - c) / 2;
  const value = (a + c) / 2 + Math.hypot(half, b);
  if (Math.abs(b) <= 1e-300) return { value, vector: a >= c ? [1, 0] : [0, 1] };
  const u = value - c;
  const norm = Math.hypot(u, b);
  return { value, vector: [u / norm, b / norm] };
}
function multiply(c, v, out) {
  const d = v.length;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += c[i * d + j] * v[j];
    out[i] = s;
  }
}
function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
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
function pca2(acts, d, n, fit, options2 = {}) {
  if (d < 2) throw new Error("principal components need at least 2 neurons");
  const m = fit.length;
  if (!m) throw new Error("principal components need at least one point");
  const mean = new Float64Array(d);
  const centred = new Float64Array(d * m);
  for (let i = 0; i < d; i++) {
    let s2 = 0;
    for (let k = 0; k < m; k++) s2 += acts[i * n + fit[k]];
    mean[i] = s2 / m;
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
  const { start = null, tol = 1e-12, maxIter = 1e3 } = options2;
  let q1 = new Float64Array(d);
  let q2 = new Float64Array(d);
  if (start && start[0].length === d) {
    q1.set(start[0]);
    q2.set(start[1]);
  } else {
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
  const axes = (
    /** @type {[Float64Array, Float64Array]} */
    [a1, a2]
  );
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
function project(acts, d, n, pca) {
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
function hiddenSpace(net, features, activation, data, pick, options2 = {}) {
  const width = net[pick.layer]?.nOut ?? 0;
  const pca = pick.mode === "pca" && width >= 2;
  const budget = plan(net, pick.layer, data.x.length, pca, options2.work);
  const index = strided(data.x.length, budget.points);
  const extent = options2.extent ?? DEFAULT_EXTENT;
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
  let fitted = null;
  let fit = new Int32Array(0);
  let px;
  let py;
  if (pca) {
    fit = m ? strided(m, Math.max(1, budget.fit)) : fit;
    fitted = pca2(acts, width, total, m ? fit : strided(total, total), { start: options2.start ?? null });
    fit = fit.map((k) => index[k]);
    ({ px, py } = project(acts, width, total, fitted));
  } else {
    const ix = Math.min(Math.max(0, pick.x), width - 1);
    const iy = Math.min(Math.max(0, pick.y), width - 1);
    px = acts.slice(ix * total, (ix + 1) * total);
    py = width > 1 ? acts.slice(iy * total, (iy + 1) * total) : new Float64Array(total);
  }
  return { width, index, fit, px: px.subarray(0, m), py: py.subarray(0, m), gx: px.subarray(m), gy: py.subarray(m), samples: budget.samples, pca: fitted, extent };
}
function viewBounds(space, data, activation) {
  const margin = 0.06;
  const fixed = !space.pca && (activation === "tanh" || activation === "sigmoid");
  let b;
  if (fixed) {
    const lo = activation === "tanh" ? -1 : 0;
    b = { x0: lo, x1: 1, y0: space.width > 1 ? lo : -0.5, y1: space.width > 1 ? 1 : 0.5 };
  } else {
    b = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    const take = (x, y) => {
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
  const padded = (lo, hi) => {
    const span = hi - lo;
    if (!(span > 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi)))) return [lo - 0.5, hi + 0.5];
    return [lo - margin * span, hi + margin * span];
  };
  const [x0, x1] = padded(b.x0, b.x1);
  const [y0, y1] = padded(b.y0, b.y1);
  return { x0, x1, y0, y1 };
}

// js/views/hidden_view.js
var HIDDEN_MEASURE = "nnvisu:hidden-space";
var SHARE = 0.25;
var MARGIN = { left: 50, right: 12, top: 10, bottom: 40 };
var LINE = "rgba(100,116,139,0.42)";
var AXIS_LINE = "rgba(51,65,85,0.7)";
var TEXT = "#1f2937";
function axisNames(space, layer, x, y) {
  if (space.pca) {
    const share = (v) => space.pca && space.pca.total > 0 ? ` (${Math.round(100 * v / space.pca.total)}% of the variance)` : "";
    return [`PC 1${share(space.pca.variances[0])}`, `PC 2${share(space.pca.variances[1])}`];
  }
  const name = (i) => `Layer ${layer + 1}, neuron ${i + 1}`;
  return [name(x), space.width > 1 ? name(y) : "(one neuron: a line)"];
}
var HiddenView = class {
  /** @param {string} viewId prefix of element ids */
  constructor(viewId) {
    this.pick = { layer: -1, mode: "pca", x: 0, y: 1 };
    const changed = () => this.picked();
    this.layerSelect = select([], String, changed);
    this.modeSelect = select(["pca", "neurons"], (v) => v === "pca" ? "Principal components" : "Two neurons", changed);
    this.xSelect = select([], String, changed);
    this.ySelect = select([], String, changed);
    this.xField = field("Horizontal", this.xSelect, `${viewId}-hidden-x`);
    this.yField = field("Vertical", this.ySelect, `${viewId}-hidden-y`);
    this.canvas = /** @type {HTMLCanvasElement} */
    h("canvas", { class: "nv-hidden-canvas", "data-testid": "hidden-space", role: "img", "aria-label": "Hidden space" });
    this.note = h("p", { class: "nv-hidden-note", "data-testid": "hidden-space-note" });
    this.element = h("details", { class: "nv-hidden-space", "data-testid": "hidden-space-panel" }, [
      h("summary", { text: "Hidden space" }),
      h("div", { class: "nv-hidden-pickers" }, [
        field("Layer", this.layerSelect, `${viewId}-hidden-layer`),
        field("Axes", this.modeSelect, `${viewId}-hidden-mode`),
        this.xField,
        this.yField
      ]),
      this.canvas,
      this.note
    ]);
    this.element.addEventListener("toggle", () => this.redraw());
    this.frame = null;
    this.key = null;
    this.space = null;
    this.axes = null;
    this.at = -Infinity;
    this.cost = 0;
    this.shape = "";
  }
  /** A picker changed: the choice is read back, and the view redrawn from the last frame. */
  picked() {
    this.pick = {
      layer: Number(this.layerSelect.value),
      mode: (
        /** @type {"pca" | "neurons"} */
        this.modeSelect.value === "neurons" ? "neurons" : "pca"
      ),
      x: Number(this.xSelect.value),
      y: Number(this.ySelect.value)
    };
    this.redraw();
  }
  redraw() {
    if (this.frame) this.update(this.frame, performance.now(), true);
  }
  /**
   * Shows the frame's network. While training runs (`f.busy`) and the last computation was
   * costly, frames within its share of the time are skipped (the next one catches up).
   * @param {Frame} f
   * @param {number} now
   * @param {boolean} [force] a picker changed: compute at once
   * @returns {boolean} whether the view shows this frame's network
   */
  update(f, now, force = false) {
    this.frame = f;
    const details = (
      /** @type {HTMLDetailsElement} */
      this.element
    );
    if (!details.open) return false;
    const widths = f.net ? f.net.slice(0, -1).map((l) => l.nOut) : [];
    const { net, config, data } = f;
    if (!net || !widths.length) {
      this.space = null;
      this.key = null;
      this.draw(null, f, this.pick);
      this.note.textContent = net ? "The network has no hidden layer: add one to see how it maps the plane." : "";
      return true;
    }
    const pick = this.shownChoice(widths);
    this.syncPickers(widths, pick);
    const key = [net, data, config.features, config.activation, JSON.stringify(pick), f.extent];
    const fresh = !this.key || key.some((v, i) => v !== this.key?.[i]);
    if (fresh && !force && f.busy && this.space && now - this.at < this.cost / SHARE) return false;
    if (fresh) {
      const start = performance.now();
      const sameAxes = this.key && this.key[4] === key[4];
      this.space = hiddenSpace(net, config.features, config.activation, data, pick, { start: sameAxes ? this.axes : null, extent: f.extent });
      this.axes = this.space.pca?.axes ?? null;
      this.key = key;
      this.at = now;
      this.cost = performance.now() - start;
      performance.clearMeasures(HIDDEN_MEASURE);
      performance.measure(HIDDEN_MEASURE, { start, detail: { points: this.space.index.length, samples: this.space.samples, step: f.step } });
    }
    this.draw(this.space, f, pick);
    this.canvas.dataset.step = String(f.step);
    return true;
  }
  /**
   * What is shown of a network with these hidden layer widths: the user's choice where the
   * network has it, else the last layer and its last neurons (the choice itself is kept, so a
   * passing change of the layers does not lose it).
   * @param {number[]} widths
   * @returns {Choice}
   */
  shownChoice(widths) {
    const p = this.pick;
    const layer = p.layer >= 0 && p.layer < widths.length ? p.layer : widths.length - 1;
    const width = widths[layer];
    return { layer, mode: width > 2 ? p.mode : "neurons", x: Math.min(p.x, width - 1), y: Math.min(p.y, width - 1) };
  }
  /**
   * The pickers' options for these hidden layer widths, showing `pick`.
   * @param {number[]} widths
   * @param {Choice} pick
   */
  syncPickers(widths, pick) {
    const width = widths[pick.layer];
    const shape = `${widths.join()}|${pick.layer}`;
    if (shape !== this.shape) {
      this.shape = shape;
      this.layerSelect.replaceChildren(...options(widths.map((_, i) => String(i)), (v) => `Layer ${Number(v) + 1} (${widths[Number(v)]} neurons)`));
      const neurons = Array.from({ length: width }, (_, i) => String(i));
      this.xSelect.replaceChildren(...options(neurons, (v) => `Neuron ${Number(v) + 1}`));
      this.ySelect.replaceChildren(...options(neurons, (v) => `Neuron ${Number(v) + 1}`));
    }
    const pcaOption = (
      /** @type {HTMLOptionElement} */
      this.modeSelect.options[0]
    );
    pcaOption.disabled = width <= 2;
    this.layerSelect.value = String(pick.layer);
    this.modeSelect.value = pick.mode;
    this.xSelect.value = String(pick.x);
    this.ySelect.value = String(pick.y);
    this.xField.hidden = pick.mode === "pca";
    this.yField.hidden = pick.mode === "pca" || width < 2;
  }
  /**
   * @param {HiddenSpace | null} space
   * @param {Frame} f
   * @param {Choice} pick what `space` shows
   */
  draw(space, f, pick) {
    const canvas = this.canvas;
    const w = canvas.clientWidth;
    const hgt = canvas.clientHeight;
    if (!w || !hgt) return;
    const { dpr } = fitCanvas(canvas, w, hgt);
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, hgt);
    if (!space) return;
    const b = viewBounds(space, f.data, f.config.activation);
    const area = { x: MARGIN.left, y: MARGIN.top, w: w - MARGIN.left - MARGIN.right, h: hgt - MARGIN.top - MARGIN.bottom };
    const sx = (v) => area.x + (v - b.x0) / (b.x1 - b.x0) * area.w;
    const sy = (v) => area.y + area.h - (v - b.y0) / (b.y1 - b.y0) * area.h;
    const [xName, yName] = axisNames(space, pick.layer, pick.x, pick.y);
    drawFrame(ctx, area, b, sx, sy, xName, yName);
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.x, area.y, area.w, area.h);
    ctx.clip();
    drawGrid(ctx, space, sx, sy);
    const r = Math.max(2.5, Math.min(4, w / 110));
    let shown = 0;
    const paint = pointPaint(f.values ?? null);
    for (let k = 0; k < space.index.length; k++) {
      const i = space.index[k];
      const test = Boolean(f.data.test[i]);
      if (test && !f.ui.showTest) continue;
      drawMark(ctx, sx(space.px[k]), sy(space.py[k]), r, paint(f.data.label[i]), test);
      shown++;
    }
    ctx.restore();
    canvas.dataset.points = String(shown);
    const total = f.data.x.length;
    const of = space.index.length < total ? `${space.index.length.toLocaleString("en")} of ${total.toLocaleString("en")} points (evenly spread, to keep it quick)` : `${total.toLocaleString("en")} points`;
    this.note.textContent = `Lines: the plane's grid (x and y from −6 to 6, one apart; darker: x = 0 and y = 0) as layer ${pick.layer + 1} maps it. ${of}.`;
    canvas.setAttribute("aria-label", `Hidden space of layer ${pick.layer + 1}: ${xName} across, ${yName} up; ${of}`);
  }
};
function drawFrame(ctx, area, b, sx, sy, xName, yName) {
  ctx.strokeStyle = "#cbd5e1";
  ctx.lineWidth = 1;
  ctx.strokeRect(area.x + 0.5, area.y + 0.5, area.w - 1, area.h - 1);
  ctx.fillStyle = TEXT;
  ctx.strokeStyle = "rgba(17,24,39,0.55)";
  ctx.font = "11px system-ui, sans-serif";
  ctx.beginPath();
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const v of linearTicks(b.x0, b.x1, Math.max(2, Math.floor(area.w / 70)))) {
    const x = sx(v);
    ctx.moveTo(x, area.y + area.h);
    ctx.lineTo(x, area.y + area.h + 4);
    ctx.fillText(formatTick(v).replace("-", "−"), x, area.y + area.h + 6);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of linearTicks(b.y0, b.y1, Math.max(2, Math.floor(area.h / 50)))) {
    const y = sy(v);
    ctx.moveTo(area.x, y);
    ctx.lineTo(area.x - 4, y);
    ctx.fillText(formatTick(v).replace("-", "−"), area.x - 6, y);
  }
  ctx.stroke();
  ctx.font = "12px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(xName, area.x + area.w / 2, area.y + area.h + MARGIN.bottom - 2, area.w);
  ctx.save();
  ctx.translate(12, area.y + area.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(yName, 0, 0, area.h);
  ctx.restore();
}
function drawGrid(ctx, space, sx, sy) {
  const s = space.samples;
  const middle = (GRID_LINES - 1) / 2;
  for (const axis of [false, true]) {
    ctx.beginPath();
    for (let line = 0; line < 2 * GRID_LINES; line++) {
      if (line % GRID_LINES === middle !== axis) continue;
      for (let k = 0; k < s; k++) {
        const x = sx(space.gx[line * s + k]);
        const y = sy(space.gy[line * s + k]);
        if (k) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
      }
    }
    ctx.strokeStyle = axis ? AXIS_LINE : LINE;
    ctx.lineWidth = axis ? 1.25 : 1;
    ctx.stroke();
  }
}

// js/model/render.js
var LARGE_MAP_WORK = 2e7;
function mapResolution(net) {
  const perPoint = pointWork(net);
  const least = Math.max(16, Math.min(32, Math.floor(Math.sqrt(LARGE_MAP_WORK / perPoint))));
  return Math.max(least, Math.min(90, Math.floor(Math.sqrt(MAP_WORK / perPoint))));
}
function imagesOf(res, net, options2) {
  const { features, activation, g, discretize, neuronGrid, shown, extent, values } = options2;
  const { xs, ys } = gridPoints(g, extent);
  const cells = new Int32Array(neuronGrid * neuronGrid);
  for (let r = 0; r < neuronGrid; r++) {
    const fr = Math.floor((r + 0.5) * g / neuronGrid);
    for (let c = 0; c < neuronGrid; c++) cells[r * neuronGrid + c] = fr * g + Math.floor((c + 0.5) * g / neuronGrid);
  }
  return {
    decision: values ? valueImage(res.logits, g, values, discretize) : decisionImage(res.probs, net[net.length - 1].nOut, g, discretize),
    neurons: neuronImages({ res, net, features, activation, xs, ys, cells, size: neuronGrid, values }, shown)
  };
}
function decisionImage(probs, k, g, discretize) {
  const img = new ImageData(g, g);
  const px = img.data;
  for (let p = 0; p < g * g; p++) {
    let r = 0;
    let gr = 0;
    let b = 0;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const q = probs[p * k + c];
      if (q > probs[p * k + best]) best = c;
      const col = CLASS_RGB[c];
      r += q * col[0];
      gr += q * col[1];
      b += q * col[2];
    }
    const top = probs[p * k + best];
    let alpha;
    if (discretize) {
      [r, gr, b] = CLASS_RGB[best];
      alpha = 0.5;
    } else {
      const sure = (top - 1 / k) / (1 - 1 / k);
      alpha = 0.12 + 0.5 * sure;
    }
    const o = p * 4;
    px[o] = 255 + (r - 255) * alpha;
    px[o + 1] = 255 + (gr - 255) * alpha;
    px[o + 2] = 255 + (b - 255) * alpha;
    px[o + 3] = 255;
  }
  return img;
}
function neuronImages(at, shown) {
  const { net, features, cells } = at;
  const values = new Float64Array(cells.length);
  const layers = net.map((l, c) => {
    const images = [];
    for (const i of (c < net.length - 1 ? shown?.[c + 1]?.shown : null) ?? range(l.nOut)) images[i] = neuronImage(at, c + 1, i, values);
    return images;
  });
  return { inputs: features.map((_, i) => neuronImage(at, 0, i, values)), layers };
}
function neuronMapOf(res, net, features, activation, g, column, index, extent, values = null) {
  const { xs, ys } = gridPoints(g, extent);
  const cells = Int32Array.from({ length: g * g }, (_, p) => p);
  return neuronImage({ res, net, features, activation, xs, ys, cells, size: g, values }, column, index, new Float64Array(g * g));
}
function neuronImage(at, column, index, values) {
  const { res, net, cells, size } = at;
  const n = cells.length;
  const img = new ImageData(size, size);
  if (column === net.length && at.values) return valueImage(res.logits, size, at.values, false, 1, cells);
  if (column === net.length) {
    const k = net[net.length - 1].nOut;
    const col = CLASS_RGB[index];
    for (let p = 0; p < n; p++) {
      const q = res.probs[cells[p] * k + index];
      const o = p * 4;
      img.data[o] = 255 + (col[0] - 255) * q;
      img.data[o + 1] = 255 + (col[1] - 255) * q;
      img.data[o + 2] = 255 + (col[2] - 255) * q;
      img.data[o + 3] = 255;
    }
    return img;
  }
  let bounded = false;
  if (column === 0) {
    const f = featureFn(at.features[index]);
    for (let p = 0; p < n; p++) values[p] = f(at.xs[cells[p]], at.ys[cells[p]]);
  } else {
    const h2 = res.hidden[column - 1];
    const row = index * res.n;
    const sigmoid = at.activation === "sigmoid";
    for (let p = 0; p < n; p++) values[p] = sigmoid ? 2 * h2[row + cells[p]] - 1 : h2[row + cells[p]];
    bounded = sigmoid || at.activation === "tanh";
  }
  let scale = 1;
  if (!bounded) {
    let max = 0;
    for (let p = 0; p < n; p++) max = Math.max(max, Math.abs(values[p]));
    scale = max > 1e-12 ? 1 / max : 1;
  }
  for (let p = 0; p < n; p++) diverging(img.data, p * 4, values[p] * scale);
  return img;
}
function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}

// js/model/work.js
function batchPoints(trainCount, batchSize) {
  return batchSize > 0 && batchSize < trainCount ? batchSize : trainCount;
}
function workTerms(config, trainPoints, allPoints) {
  const arch = config.architecture;
  const layers = arch.length - 1;
  const hidden = arch.slice(1, -1).reduce((s, n) => s + n, 0);
  const neurons = hidden + arch[layers];
  const params = arch.slice(1).reduce((s, n, i) => s + n * (arch[i] + 1), 0);
  const batch = batchPoints(trainPoints, config.batchSize);
  const sampled = batch < trainPoints;
  const terms = {
    step_multiply_adds: batch * params,
    [`step_${config.optimizer}`]: 1,
    step_per_layer: layers,
    step_element: batch * neurons,
    step_sampled: sampled ? 1 : 0,
    step_sampled_point: sampled ? trainPoints : 0,
    step_regularized_layer: layers * ((config.l1 > 0 ? 1 : 0) + (config.l2 > 0 ? 1 : 0)),
    call: 1,
    call_per_layer: layers,
    call_multiply_adds: allPoints * params,
    call_element: allPoints * neurons
  };
  if (config.activation !== "linear") {
    terms[`step_${config.activation}`] = layers - 1;
    terms[`step_${config.activation}_element`] = batch * hidden;
  }
  if (config.dropout > 0) {
    terms.step_dropout = layers - 1;
    terms.step_dropout_element = batch * hidden;
  }
  return terms;
}
function workPrice(costs, config, trainPoints, allPoints) {
  const table = costs ?? { step_multiply_adds: 1 };
  let call = 0;
  let step = 0;
  for (const [name, count] of Object.entries(workTerms(config, trainPoints, allPoints))) {
    const cost = (table[name] ?? 0) * count;
    if (name.startsWith("step")) step += cost;
    else call += cost;
  }
  return { call, step };
}
function maxStepsWithin(maxWork, costs, config, trainPoints, allPoints) {
  const { call, step } = workPrice(costs, config, trainPoints, allPoints);
  return Math.max(1, Math.floor((maxWork - call) / Math.max(1, step)));
}

// js/views/views.js
var RENDER_MEASURE = "nnvisu:render";
var NEURON_GRID = 24;
var MAP_REST = 3;
var READOUTS = (
  /** @type {const} */
  [
    ["Epoch", "epoch"],
    ["Step", "step"],
    ["Train loss", "train-loss"],
    ["Test loss", "test-loss"],
    ["Train accuracy", "train-accuracy"],
    ["Test accuracy", "test-accuracy"],
    ["Train R²", "train-r2"],
    ["Test R²", "test-r2"],
    ["Points", "point-count"]
  ]
);
var IdentityCache = class {
  constructor() {
    this.entry = null;
  }
  /**
   * @param {unknown[]} key
   * @param {() => T} compute
   * @returns {T}
   */
  get(key, compute) {
    if (!this.entry || this.entry.key.length !== key.length || this.entry.key.some((v, i) => v !== key[i])) {
      this.entry = { key, value: compute() };
    }
    return this.entry.value;
  }
  /**
   * @param {unknown[]} key
   * @param {T} value
   */
  set(key, value) {
    this.entry = { key, value };
  }
};
var NetworkCache = class {
  constructor() {
    this.compiled = /* @__PURE__ */ new WeakMap();
  }
  /**
   * The network of `weights` if they fit `architecture`, else null.
   * @param {unknown} weights in any form (tensors.js)
   * @param {number[]} architecture
   * @returns {Layer[] | null}
   */
  of(weights, architecture) {
    if (!weights || typeof weights !== "object") return null;
    const arch = architecture.join();
    let entry = this.compiled.get(weights);
    if (!entry || entry.arch !== arch) {
      let net = null;
      try {
        net = compileNetwork(validateWeights(weights, architecture));
      } catch {
        net = null;
      }
      entry = { arch, net };
      this.compiled.set(weights, entry);
    }
    return entry.net;
  }
  /**
   * A snapshot's network. Snapshots from before a class-count change have another output
   * size; they are shown as they were.
   * @param {Record<string, any>} weights
   * @param {number[]} architecture the current one
   */
  snapshot(weights, architecture) {
    const classesThen = outputSize(weights, architecture.length - 1) ?? architecture[architecture.length - 1];
    return this.of(weights, [...architecture.slice(0, -1), classesThen]);
  }
};
function epochOf(step, batchSize, trainCount) {
  return trainCount ? Math.floor(step * batchPoints(trainCount, batchSize) / trainCount) : 0;
}
var Views = class {
  /**
   * @param {import("./dom.js").Tooltip} tooltip
   * @param {import("./graph.js").NetworkGraph} graph
   * @param {string} viewId prefix of element ids
   * @param {(log: boolean) => void} [setLog] the loss chart's Log scale box changed
   * @param {() => void} [again] asks for another frame (work spread over frames goes on)
   */
  constructor(tooltip, graph, viewId, setLog = () => {
  }, again = () => {
  }) {
    this.again = again;
    this.out = {};
    this.boxes = {};
    this.regression = true;
    this.readouts = h(
      "div",
      { class: "nv-readouts", role: "group", "aria-label": "Training progress" },
      READOUTS.map(([label, id]) => {
        this.out[id] = h("span", { class: "nv-value", "data-testid": id });
        const labelId = `${viewId}-readout-${id}`;
        const box = h("div", { class: "nv-readout", role: "group", "aria-labelledby": labelId }, [h("span", { id: labelId, text: label }), this.out[id]]);
        this.boxes[id] = box;
        return box;
      })
    );
    this.graph = graph;
    this.network = graph.container;
    this.charts = new ChartsView(tooltip, setLog);
    this.hidden = new HiddenView(viewId);
    this.side = h("section", { class: "nv-side" }, [this.charts.element]);
    this.legend = new ClassLegend();
    this.announcer = new Announcer();
    this.mapCanvas = document.createElement("canvas");
    this.lastMapKey = null;
    this.job = null;
    this.shownPass = null;
    this.newMaps = false;
    this.restUntil = 0;
    this.restTimer = null;
    this.focusCanvas = document.createElement("canvas");
    this.focusKey = null;
    this.showProblem(false);
  }
  /**
   * Accuracy and confusion matrices for classification, R² for regression.
   * @param {boolean} regression
   */
  showProblem(regression) {
    if (regression === this.regression) return;
    this.regression = regression;
    for (const id of ["train-accuracy", "test-accuracy"]) this.boxes[id].hidden = regression;
    for (const id of ["train-r2", "test-r2"]) this.boxes[id].hidden = !regression;
    this.charts.showProblem(regression);
  }
  /**
   * Draws a frame: the maps into the plane (through `drawPlane`), the graph, the chart and the
   * readouts.
   * @param {Frame} f
   * @param {(map: HTMLCanvasElement | null) => void} drawPlane
   */
  render(f, drawPlane) {
    const start = performance.now();
    this.showProblem(Boolean(f.values));
    this.updateMaps(f, f.deadline ?? start + FRAME_BUDGET_MS);
    const fresh = this.newMaps;
    this.newMaps = false;
    drawPlane(f.net && this.lastMapKey?.[0] ? this.focusMap(f) ?? this.mapCanvas : null);
    this.charts.update(f.history, f.ui, f.marker ?? null);
    this.updateConfusion(f, f.deadline ?? start + FRAME_BUDGET_MS);
    this.hidden.update(f, start);
    this.showReadouts(f);
    this.legend.update(f.config.architecture[f.config.architecture.length - 1], f.values ?? null);
    this.announcer.offer(() => this.summary(), Boolean(f.busy), f.step);
    performance.clearMeasures(RENDER_MEASURE);
    performance.measure(RENDER_MEASURE, { start, detail: { step: f.step, maps: fresh } });
  }
  /**
   * Moves the maps on: a job starts when what they show changed (not for every pointer move),
   * runs until `deadline`, and once complete its maps and its network's graph are shown. A job
   * runs to its end even if newer weights come meanwhile; the next one then starts from the
   * newest, so a network whose maps take several frames still shows them. Returns whether new
   * maps were shown.
   * @param {Frame} f
   * @param {number} deadline
   */
  updateMaps(f, deadline) {
    const { net, config, ui } = f;
    const key = [net, config.activation, config.features, ui.discretize, this.network.clientWidth, this.network.clientHeight, f.extent, f.values ?? null];
    const same = (k) => Boolean(k) && key.every((v, i) => v === k?.[i]);
    if (!net) {
      this.job = null;
      this.shownPass = null;
      if (same(this.lastMapKey)) return false;
      this.lastMapKey = key;
      this.graph.update(null, config.features, null);
      return this.newMaps = true;
    }
    if (!this.job && !same(this.lastMapKey)) {
      const rest = this.restUntil - performance.now();
      if (rest > 0) {
        this.restTimer ?? (this.restTimer = setTimeout(() => {
          this.restTimer = null;
          this.again();
        }, rest));
        return false;
      }
      const g = mapResolution(net);
      const { xs, ys } = gridPoints(g, f.extent);
      const options2 = { features: config.features, activation: config.activation, g, discretize: ui.discretize, neuronGrid: Math.min(NEURON_GRID, g), extent: f.extent, values: f.values ?? null };
      this.job = { key, net, options: options2, workMs: 0, forward: new ForwardJob(net, config.features, config.activation, xs, ys, true) };
    }
    const job = this.job;
    if (!job) return false;
    const start = performance.now();
    const done = job.forward.run(deadline);
    const afterRun = performance.now();
    job.workMs += afterRun - start;
    if (!done) {
      this.again();
      return false;
    }
    this.job = null;
    const sizes = [job.options.features.length, ...job.net.map((l) => l.nOut)];
    const maps = imagesOf(job.forward.result, job.net, { ...job.options, shown: this.graph.arrange(sizes).plan });
    putImage(this.mapCanvas, maps.decision);
    this.shownPass = { net: job.net, res: job.forward.result, options: job.options };
    this.graph.update(job.net, job.options.features, maps.neurons);
    this.lastMapKey = job.key;
    this.newMaps = true;
    const end = performance.now();
    if (job.forward.sliced) this.restUntil = end + MAP_REST * (job.workMs + end - afterRun);
    if (!same(job.key)) this.again();
    return true;
  }
  /**
   * Moves the confusion matrices on (a large network's over frames).
   * @param {Frame} f
   * @param {number} deadline
   */
  updateConfusion(f, deadline) {
    if (f.values) return;
    if (this.charts.confusion.update(f.net, f.config, f.data, performance.now(), Boolean(f.busy), deadline)) this.again();
  }
  /**
   * The focused neuron's map over the plane, if one is focused: of the network whose maps are
   * shown (the graph's), at the decision map's grid, from their forward pass; made once per
   * pass and neuron.
   * @param {Frame} f
   */
  focusMap(f) {
    const n = f.focus;
    const pass = this.shownPass;
    if (!n || !pass) return null;
    const { net, res, options: o } = pass;
    const sizes = [o.features.length, ...net.map((l) => l.nOut)];
    if (n.column >= sizes.length || n.index >= sizes[n.column]) return null;
    const key = [res, n.column, n.index];
    if (!this.focusKey || key.some((v, i) => v !== this.focusKey?.[i])) {
      this.focusKey = key;
      putImage(this.focusCanvas, neuronMapOf(res, net, o.features, o.activation, o.g, n.column, n.index, o.extent, o.values));
    }
    return this.focusCanvas;
  }
  /** The readouts as one sentence, for announcements. */
  summary() {
    return READOUTS.filter(([, id]) => !this.boxes[id].hidden).map(([label, id]) => `${label} ${this.out[id].textContent}`).join(", ");
  }
  /** @param {Frame} f */
  showReadouts(f) {
    const { data, metrics: m, step } = f;
    const trainCount = data.test.filter((t) => !t).length;
    this.out.step.textContent = String(step);
    this.out.epoch.textContent = String(epochOf(step, f.config.batchSize, trainCount));
    this.out["point-count"].textContent = String(data.x.length);
    this.out["train-loss"].textContent = fmtLoss(m?.loss);
    this.out["test-loss"].textContent = fmtLoss(m?.testLoss);
    this.out["train-accuracy"].textContent = fmtPercent(m?.accuracy);
    this.out["test-accuracy"].textContent = fmtPercent(m?.testAccuracy);
    this.out["train-r2"].textContent = fmtR2(m?.r2);
    this.out["test-r2"].textContent = fmtR2(m?.testR2);
    if (f.metricsPending) for (const id of ["train-loss", "test-loss", "train-accuracy", "test-accuracy", "train-r2", "test-r2"]) this.out[id].textContent = "…";
  }
  destroy() {
    if (this.restTimer !== null) clearTimeout(this.restTimer);
    this.graph.destroy();
    this.charts.destroy();
  }
};
function putImage(canvas, image) {
  if (canvas.width !== image.width || canvas.height !== image.height) {
    canvas.width = image.width;
    canvas.height = image.height;
  }
  canvas.getContext("2d")?.putImageData(image, 0, 0);
}

// js/model/readings.js
var LiveReadings = class {
  /** @param {() => number} [now] */
  constructor(now) {
    this.now = now;
    this.cache = new IdentityCache();
  }
  /**
   * The readings of `net` on `data` for `key` (the objects they depend on), or null while they
   * are being computed; work on them runs until `deadline`.
   * @param {unknown[]} key
   * @param {Layer[]} net
   * @param {{features: string[], activation: string, [key: string]: any}} config
   * @param {Data} data
   * @param {number} deadline
   * @param {boolean} [hostWillSend] the host's next reply brings them: a pass longer than a
   *   frame is then not started at all
   * @returns {Readings | null}
   */
  get(key, net, config, data, deadline, hostWillSend = false) {
    const fresh = !this.cache.entry || this.cache.entry.key.some((v, i) => v !== key[i]);
    if (fresh && hostWillSend && data.x.length * pointWork(net) > WHOLE_WORK) return null;
    const entry = this.cache.get(key, () => ({
      job: pointsPass(net, config.features, config.activation, data, this.now),
      data,
      value: null
    }));
    if (entry.job?.run(deadline)) {
      entry.value = readingsOf(entry.job.result.logits, net[net.length - 1].nOut, entry.data, config);
      entry.job = null;
    }
    return entry.value;
  }
  /** Whether readings are being computed. */
  get pending() {
    return Boolean(this.cache.entry?.value.job);
  }
  /**
   * Readings from outside (the trainer's), for `key`.
   * @param {unknown[]} key
   * @param {Readings} value
   */
  set(key, value) {
    this.cache.set(key, { job: null, data: { x: [], y: [], label: [], test: [] }, value });
  }
};
var FrameReadings = class {
  /** @param {ReadingsSource} source */
  constructor(source) {
    this.source = source;
    this.live = new LiveReadings();
    this.snapshot = new LiveReadings();
  }
  /** Whether readings are being computed. */
  get pending() {
    return this.live.pending || this.snapshot.pending;
  }
  /** What the live readings depend on, compared by identity. */
  liveKey() {
    const { model, config } = this.source;
    return [model.get("weights"), model.get("data"), config()];
  }
  /**
   * The live network's readings: the trainer's, or computed when the points or the weights
   * changed since (an edit, a reset), once per change, over frames for a large network (null
   * until done), and not at all for a large network while playing (the next reply brings them).
   * @param {Layer[]} net
   * @param {number} [deadline] when this frame's share of the work ends
   */
  ofLive(net, deadline = performance.now() + FRAME_BUDGET_MS) {
    return this.read(this.live, this.liveKey(), net, deadline, this.source.playing());
  }
  /**
   * A History snapshot's readings on the current points.
   * @param {Layer[]} net
   * @param {number} deadline
   */
  ofSnapshot(net, deadline) {
    const { config, data } = this.source;
    return this.read(this.snapshot, [net, data(), config()], net, deadline, false);
  }
  /** The trainer's metrics arrived with new weights: the live readings until either changes. */
  fromHost() {
    const m = this.source.model.get("metrics");
    if (!m || typeof m.loss !== "number" || !Number.isFinite(m.loss)) return;
    const { loss, accuracy = null, testLoss = null, testAccuracy = null, r2 = null, testR2 = null } = m;
    this.live.set(this.liveKey(), { loss, accuracy, testLoss, testAccuracy, r2, testR2 });
  }
  /**
   * @param {LiveReadings} cache
   * @param {unknown[]} key
   * @param {Layer[]} net
   * @param {number} deadline
   * @param {boolean} hostWillSend
   */
  read(cache, key, net, deadline, hostWillSend) {
    const readings = cache.get(key, net, this.source.config(), this.source.data(), deadline, hostWillSend);
    if (cache.pending) this.source.work();
    return readings;
  }
};

// js/training/restore.js
function liveState(model, history2) {
  return { weights: model.get("weights"), optimizer: model.get("optimizer"), step: Number(model.get("step") ?? 0), metrics: model.get("metrics"), history: history2 };
}
function continuation(history2, snapshot, optimizer) {
  const opt = snapshot.optimizer;
  const exact = Boolean(opt) && opt.type === optimizer;
  return { weights: snapshot.weights, optimizer: exact ? opt : null, step: snapshot.step, metrics: null, history: truncate(history2, snapshot.step), exact };
}
function restoreNet(model, historyView, net) {
  historyView.replace(net.history);
  model.set("weights", toTensors(net.weights));
  model.set("optimizer", mapBuffers(net.optimizer ?? null, toTensor));
  model.set("metrics", net.metrics ?? null);
  model.set("step", net.step);
  model.save_changes();
}

// js/app/panels.js
var PANELS = [
  {
    area: "controls",
    title: "Settings",
    build: (p) => ({ element: p.controls.panel }),
    help: [
      "Pick a data set from its picture or the menu: its points change at once with every data setting. Test fraction holds some points out of training (drawn as diamonds) to show how well the network generalizes.",
      "Hidden layers takes sizes such as 8-8-4 (or use − and + over each layer of the network). Changing the layers, the activation or the features starts from fresh weights; the other settings apply while training."
    ]
  },
  {
    area: "stage",
    title: "Data",
    build: (p) => ({
      element: h("section", { class: "nv-stage" }, [
        p.plane.modeButton,
        h("div", { class: "nv-plane-wrap" }, [p.plane.canvas, p.network.caption, p.link.caption]),
        p.history.element,
        p.views.legend.element,
        p.message
      ])
    }),
    help: [
      "Pick a class colour and click or drag on the plane to add points (Add test points adds points held out of training); the Eraser removes points under its circle.",
      "Drag History to look back (it pauses training); Continue from here trains on from the step shown.",
      "On a touch screen a finger scrolls the page and a tap adds a point; switch on “Draw with a finger” to draw strokes."
    ]
  },
  {
    area: "hidden",
    title: "Hidden space",
    build: (p) => ({ element: p.views.hidden.element }),
    help: ["Open Hidden space under the plane to see the plane's grid and the points as a hidden layer maps them: two of its neurons, or its top two principal components."]
  },
  {
    area: "network",
    title: "Network",
    stack: "middle",
    build: (p) => ({ element: p.network.element }),
    help: [
      "Weights and neuron values share one scale: green positive, purple negative; thicker edges are larger weights. Hover a neuron (or tap it) to see its map large on the plane and the weights into it; click an edge or a neuron to edit that weight or bias."
    ]
  },
  {
    area: "training",
    title: "Training settings",
    stack: "middle",
    build: (p) => ({ element: p.controls.trainingPanel }),
    help: []
  },
  {
    area: "chart",
    title: "Progress",
    build: (p) => ({ element: p.views.side }),
    help: ["The charts follow the loss and the accuracy (R² when predicting numbers) of the training points (solid) and the test points (dashed); hover them for the values of a step. Per class shows the confusion matrices."]
  }
];

// js/app/shortcuts.js
var SHORTCUT_HELP = "Keys: Space plays or pauses; → runs one step; ← goes back through the History (→ then forward again to the live network).";
var OWN_KEYS = "input, select, textarea, button, a, summary, canvas, [contenteditable], [role=group][tabindex], [role=dialog]";
function moveRange(range2, delta) {
  const v = Number(range2.value);
  const next = Math.max(Number(range2.min) || 0, Math.min(Number(range2.max), v + delta));
  if (next === v) return false;
  range2.value = String(next);
  range2.dispatchEvent(new Event("input", { bubbles: true }));
  return true;
}
function shortcutOf(e) {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  const target = (
    /** @type {Element | null} */
    e.target
  );
  if (target && typeof target.closest === "function" && target.closest(OWN_KEYS)) return null;
  return e.key === " " ? "play" : e.key === "ArrowRight" ? "forward" : e.key === "ArrowLeft" ? "back" : null;
}
function bindShortcuts(target, loop, range2) {
  const onKey = (ev) => {
    const e = (
      /** @type {KeyboardEvent} */
      ev
    );
    const what = shortcutOf(e);
    if (!what) return;
    e.preventDefault();
    if (what === "play") {
      loop.setPlaying(!loop.playing);
    } else if (what === "back") {
      if (loop.playing) loop.setPlaying(false);
      moveRange(range2, -1);
    } else if (Number(range2.value) >= Number(range2.max) || !moveRange(range2, 1)) {
      loop.step();
    }
  };
  target.addEventListener("keydown", onKey);
  return () => target.removeEventListener("keydown", onKey);
}
function passAccelKeys(root) {
  root.addEventListener(
    "keydown",
    (e) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || !root.hasAttribute("data-lm-suppress-shortcuts")) return;
      root.removeAttribute("data-lm-suppress-shortcuts");
      setTimeout(() => root.setAttribute("data-lm-suppress-shortcuts", "true"), 0);
    },
    true
  );
}

// js/training/pace_note.js
var SLOW_STEP_MS = 15;
var LARGE_NETWORK = 1e4;
var MANY_POINTS = 2e3;
function parameterCount(architecture) {
  return architecture.slice(1).reduce((s, n, i) => s + n * (architecture[i] + 1), 0);
}
function paceNote(msPerStep2, architecture, points) {
  if (msPerStep2 === null || !(msPerStep2 >= SLOW_STEP_MS)) return "";
  const large = parameterCount(architecture) >= LARGE_NETWORK;
  const many = points >= MANY_POINTS;
  const count = points.toLocaleString("en-US");
  const reason = large && many ? `large network on ${count} points` : large ? "large network" : many ? `${count} points per step` : "busy host";
  return `${Math.round(msPerStep2)} ms per step: ${reason}`;
}

// js/training/training.js
var TARGET_CYCLE_MS = 30;
var LONG_CYCLE_MS = 250;
var MAX_PACED_TURNS = 4;
var TIMINGS_KEPT = 12;
function stepCap(config, trainCount, pointCount, limits) {
  let cap = limits.maxSteps;
  if (limits.maxWork) {
    cap = Math.min(cap, maxStepsWithin(limits.maxWork, limits.workCosts, config, trainCount, pointCount));
  }
  return Math.max(1, cap);
}
function nextSteps(samples, steps, targetMs) {
  const slopes = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const ds = samples[j][0] - samples[i][0];
      if (ds !== 0) slopes.push((samples[j][1] - samples[i][1]) / ds);
    }
  }
  if (!slopes.length) return msPerStep(samples) * steps > targetMs ? steps : steps * 2;
  const perStep = Math.max(median(slopes), 1e-3);
  const overhead = Math.max(0, median(samples.map(([s, t]) => t - perStep * s)));
  const work = Math.max(targetMs - overhead, overhead);
  return Math.max(1, Math.min(Math.round(work / perStep), steps * 2));
}
function msPerStep(samples) {
  return samples.length ? median(samples.map(([steps, ms]) => ms / steps)) : 0;
}
function median(values) {
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}
var TrainingLoop = class {
  /**
   * @param {{send: (msg: any) => void}} model
   * @param {string} viewId prefix of this view's request ids (replies to other views are not ours)
   * @param {LoopHost} host
   * @param {() => number} [now]
   * @param {{set: (fn: () => void, ms: number) => any, clear: (handle: any) => void}} [timers]
   */
  constructor(model, viewId, host, now = () => performance.now(), timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (t) => clearTimeout(t) }) {
    this.model = model;
    this.viewId = viewId;
    this.host = host;
    this.now = now;
    this.timers = timers;
    this.pacedAt = 0;
    this.paceTimer = null;
    this.nextRequest = 1;
    this.outstanding = [];
    this.lastReply = 0;
    this.needInit = null;
    this.playing = false;
    this.wantStep = false;
    this.stepsPerRequest = 1;
    this.timings = [];
    this.timingsKey = "";
    this.destroyed = false;
  }
  destroy() {
    this.destroyed = true;
    this.playing = false;
    this.wake();
  }
  /** @param {boolean} on */
  setPlaying(on) {
    this.playing = on;
    if (!on) {
      this.wake();
      this.host.paceNote?.("");
    }
    this.host.playingChanged(on);
    this.pump();
  }
  /** One training step (the Step button); ignored while playing. */
  step() {
    if (this.playing) return;
    this.wantStep = true;
    this.pump();
  }
  /**
   * Fresh weights at the next chance (`resize`: only the output layer follows a new class
   * count). `send` false: only marked, for a caller that changes the config first and then
   * pumps.
   * @param {boolean} resize
   * @param {boolean} [send]
   */
  requestInit(resize, send = true) {
    this.needInit = { resize };
    if (send) this.pump();
  }
  /** A new network from the host with no weights for it: fresh ones, unless a request is out. */
  initIfIdle() {
    if (!this.needInit && !this.outstanding.length) this.needInit = { resize: false };
  }
  /** The most steps one request may run now. */
  maxSteps() {
    return stepCap(this.host.config(), this.host.trainCount(), this.host.pointCount(), this.host.limits());
  }
  /**
   * Sends what is due: an init or a single step once nothing is outstanding, and while playing
   * enough training requests to keep two outstanding (one when a cycle takes long).
   */
  pump() {
    if (this.destroyed) return;
    if (!this.host.online()) {
      this.wantStep = false;
      if (this.playing) this.setPlaying(false);
      return;
    }
    if (this.needInit) {
      if (this.outstanding.length) return;
      const { resize } = this.needInit;
      this.needInit = null;
      this.send("init", 0, { resize });
      return;
    }
    const pace = this.playing ? this.host.pace?.() ?? null : null;
    if (pace) {
      if (this.outstanding.length || this.waitForPace()) return;
    } else if (this.playing) {
      if (this.outstanding.length >= this.depth() || this.outstanding.some((r) => r.kind !== "step" || r.single)) return;
    } else if (!this.wantStep || this.outstanding.length) {
      return;
    }
    if (!this.host.hasNetwork()) {
      this.needInit = { resize: false };
      this.pump();
      return;
    }
    const trainCount = this.host.trainCount();
    if (!trainCount) {
      this.host.say("Add some training points first");
      this.wantStep = false;
      if (this.playing) this.setPlaying(false);
      return;
    }
    const single = this.wantStep;
    this.wantStep = false;
    if (pace && !single) {
      this.send("step", Math.min(this.pacedTurns(pace) * pace.steps, this.maxSteps()), {}, false, true);
      return;
    }
    this.send("step", single ? 1 : this.plannedSteps(trainCount), {}, single);
    if (this.playing) this.pump();
  }
  /** Play requests kept outstanding: two, or one when a request's cycle takes long. */
  depth() {
    return this.timings.length && msPerStep(this.timings) * this.stepsPerRequest > LONG_CYCLE_MS ? 1 : 2;
  }
  /**
   * How many paced turns the next request runs, and the time of the turn after them. Each turn
   * is due an interval after the one before, not after the reply, so a round trip longer than
   * the interval does not slow the pace: a request that leaves late carries the turns missed
   * (at most MAX_PACED_TURNS, and a second behind is forgotten).
   * @param {{steps: number, intervalMs: number}} pace
   */
  pacedTurns(pace) {
    const now = this.now();
    if (!this.pacedAt || now - this.pacedAt > 1e3) this.pacedAt = now;
    const turns = Math.min(1 + Math.floor((now - this.pacedAt) / pace.intervalMs), MAX_PACED_TURNS);
    this.pacedAt += turns * pace.intervalMs;
    return turns;
  }
  /** Whether a paced Play must wait before its next request (a timer then pumps again). */
  waitForPace() {
    const wait = this.pacedAt - this.now();
    if (wait <= 0) return false;
    if (this.paceTimer === null) {
      this.paceTimer = this.timers.set(() => {
        this.paceTimer = null;
        this.pump();
      }, wait);
    }
    return true;
  }
  /**
   * Drops a paced wait (Pause, a new pace): the next request may go at once.
   * @param {boolean} [pump] and send what is due
   */
  wake(pump = false) {
    if (this.paceTimer !== null) this.timers.clear(this.paceTimer);
    this.paceTimer = null;
    this.pacedAt = 0;
    if (pump) this.pump();
  }
  /**
   * Steps for the next Play request: the plan, alternately 15% fewer and more (requests of one
   * size give no slope to fit, and on a busy machine the fit then chases noise), within the cap.
   * @param {number} trainCount
   */
  plannedSteps(trainCount) {
    const { architecture, batchSize } = this.host.config();
    const key = JSON.stringify([architecture, batchSize, Math.round(Math.log2(trainCount))]);
    if (key !== this.timingsKey) {
      this.timingsKey = key;
      this.timings.length = 0;
      this.stepsPerRequest = 1;
    }
    const dither = this.nextRequest % 2 ? 0.85 : 1.15;
    return Math.min(Math.max(1, Math.round(this.stepsPerRequest * dither)), this.maxSteps());
  }
  /**
   * @param {"step" | "init"} kind
   * @param {number} steps
   * @param {Record<string, unknown>} extra
   * @param {boolean} [single]
   * @param {boolean} [paced]
   */
  send(kind, steps, extra, single = false, paced = false) {
    const id = `${this.viewId}-${this.nextRequest++}`;
    this.outstanding.push({ id, kind, steps, sent: this.now(), single, paced });
    this.model.send({ type: kind, id, ...kind === "step" ? { steps } : {}, ...extra });
  }
  /**
   * A host reply (msg:custom). Replies to other views' requests are ignored.
   * @param {any} msg
   */
  onReply(msg) {
    const index = this.outstanding.findIndex((r) => r.id === msg?.id);
    if (index < 0) return;
    const [req] = this.outstanding.splice(index, 1);
    const now = this.now();
    if (msg.type === "step_result") {
      if (!req.paced) this.adaptSteps(req.steps, typeof msg.ms === "number" ? msg.ms : now - Math.max(req.sent, this.lastReply));
      this.lastReply = now;
      this.host.stepped();
    } else if (msg.type === "init_result") {
      this.host.initialized();
    } else if (msg.type === "error") {
      if (msg.code === "stale") {
        if (req.single) this.wantStep = true;
        if (req.kind === "init") this.needInit ?? (this.needInit = { resize: false });
      } else {
        this.host.say(msg.code === "diverged" ? `${msg.message}` : `Training stopped: ${msg.message}`);
        if (this.playing) this.setPlaying(false);
      }
    }
    this.pump();
  }
  /**
   * Steps per request so that each reply comes about TARGET_CYCLE_MS after the one before.
   * @param {number} steps
   * @param {number} ms
   */
  adaptSteps(steps, ms) {
    this.timings.push([steps, ms]);
    if (this.timings.length > TIMINGS_KEPT) this.timings.shift();
    const next = nextSteps(this.timings, steps, TARGET_CYCLE_MS);
    this.stepsPerRequest = Math.max(1, Math.min(next, this.maxSteps()));
    if (this.playing) {
      const { architecture, batchSize } = this.host.config();
      this.host.paceNote?.(paceNote(msPerStep(this.timings), architecture, batchPoints(this.host.trainCount(), batchSize)));
    }
  }
};

// js/app/app.js
var viewCount = 0;
function createApp(el, model, options2 = {}) {
  let app = null;
  const start = () => {
    let schema;
    try {
      schema = readSchema(model.get("schema"));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const raw = model.get("schema");
      const text = raw === null || raw === void 0 || typeof raw === "object" && !Object.keys(raw).length ? "Waiting for the host's settings…" : errorText(e);
      const message = h("div", { class: "nv-message", "data-testid": "message", role: "status", "aria-live": "polite", text });
      el.replaceChildren(h("div", { class: "nnvisu", "data-testid": "nnvisu-root" }, [message]));
      return;
    }
    model.off("change:schema", start);
    app = new App(el, model, schema, options2);
  };
  model.on("change:schema", start);
  start();
  return () => {
    model.off("change:schema", start);
    app?.destroy();
    el.replaceChildren();
  };
}
var App = class {
  /**
   * @param {HTMLElement} el
   * @param {Model} model
   * @param {HostSchema} schema
   * @param {AppOptions} options
   */
  constructor(el, model, schema, options2) {
    this.el = el;
    this.model = model;
    this.schema = schema;
    this.options = options2;
    this.viewId = `v${++viewCount}-${Math.random().toString(36).slice(2, 8)}`;
    this.frames = new FrameScheduler(() => this.render(), () => this.work());
    this.notices = [...options2.notices ?? []];
    const { config, problems } = readConfig(model.get("config") ?? {}, schema);
    this.config = config;
    if (problems.length) this.notices.push(configProblem(problems));
    this.ui = this.loadUi();
    this.edits = new Edits({
      schema: () => this.schema,
      config: () => this.config,
      data: () => this.data,
      net: () => this.liveNet() ? liveState(model, this.history.history) : null,
      setConfig: (config2) => this.setConfig(config2),
      setData: (data) => this.setData(data),
      setNet: (net) => this.restoreNet(net),
      init: (resize) => this.requestInit(resize),
      dropOptimizer: () => model.set("optimizer", null),
      changed: (canUndo, canRedo) => this.controls?.setUndoable(canUndo, canRedo)
    });
    this.link = new HostLink(model, {
      notice: (text) => this.notices.push(text),
      onlineChanged: (live) => {
        this.controls?.setOnline(live);
        if (!live) this.loop.setPlaying(false);
        this.say(live ? "" : NO_KERNEL);
        this.scheduleRender();
      }
    });
    this.networks = new NetworkCache();
    this.ranges = new RangeCache();
    this.problemMemory = {};
    this.metrics = new FrameReadings({ model, config: () => this.config, data: () => this.data, playing: () => this.loop.playing, work: () => this.frames.work() });
    this.loop = new TrainingLoop(model, this.viewId, {
      hasNetwork: () => this.liveNet() !== null,
      config: () => this.config,
      trainCount: () => this.data.test.filter((t) => !t).length,
      pointCount: () => this.data.x.length,
      limits: () => this.limits(),
      pace: () => pacing(this.ui.speed),
      say: (text) => this.say(text),
      playingChanged: (on) => this.playingChanged(on),
      stepped: () => this.scheduleRender(),
      online: () => this.link.online,
      paceNote: (text) => {
        if (this.paceEl && this.paceEl.textContent !== text) this.paceEl.textContent = this.paceEl.title = text;
      },
      initialized: () => {
        if (!model.get("step")) this.history.start();
        this.scheduleRender();
      }
    });
    this.history = new HistoryView(model, `${this.viewId}-history`, {
      playing: () => this.loop.playing,
      pause: () => this.loop.setPlaying(false),
      continueFrom: (snapshot) => this.guarded(() => this.continueFrom(snapshot)),
      hostKeeps: () => this.model.get("status")?.keepsHistory === true,
      changed: () => this.scheduleRender(),
      liveMetrics: () => {
        const net = this.liveNet();
        return net ? this.metrics.ofLive(net) : null;
      }
    });
    const historyProblem = this.history.load();
    if (historyProblem) this.notices.push(historyProblem);
    const given = this.currentData();
    if (given.problem) this.notices.push(given.problem);
    this.data = given.data ?? generate(this.generatorSettings());
    this.dataOrigin = given.data ? "host" : "generated";
    if (!given.data) model.set("data", this.data);
    this.build();
    this.subscriptions = hostSubscriptions(this);
    for (const [name, cb] of this.subscriptions) model.on(name, cb);
    this.start();
    this.link.watchKernel();
  }
  /** @returns {Ui} */
  loadUi() {
    try {
      const stored = this.options.uiStore?.load();
      if (stored) return validateUi(stored);
    } catch (e) {
      this.notices.push(errorText(e));
    }
    return defaultUi();
  }
  build() {
    this.el.replaceChildren();
    this.root = h("div", { class: "nnvisu", "data-testid": "nnvisu-root", "data-lm-suppress-shortcuts": "true", tabindex: -1 });
    passAccelKeys(this.root);
    this.el.append(this.root);
    this.tooltip = makeTooltip(this.root);
    this.panel = new NetworkPanel(this.tooltip, this.model, this.loop, this.history, {
      config: () => this.config,
      bounds: () => this.schema.architecture,
      actions: this.actions(),
      net: () => this.liveNet(),
      changed: () => this.scheduleRender()
    });
    this.statusEl = h("span", { class: "nv-status", "data-testid": "connection-status" });
    this.paceEl = h("span", { class: "nv-pace", "data-testid": "pace-note" });
    this.messageEl = h("div", { class: "nv-message", "data-testid": "message", role: "status", "aria-live": "polite" });
    this.controls = new Controls(this.viewId, this.schema, this.ui, this.actions());
    this.views = new Views(this.tooltip, this.panel.graph, this.viewId, (logLoss) => this.setUi({ logLoss }), () => this.frames.work());
    const canvas = (
      /** @type {HTMLCanvasElement} */
      h("canvas", { class: "nv-plane", "data-testid": "plane", "aria-label": "Data plane", role: "img", tabindex: 0 })
    );
    this.plane = new Plane(canvas, {
      tool: () => this.ui.tool === "erase" ? "erase" : "add",
      extent: () => this.link.extent,
      stroke: () => new Stroke((before) => this.edits.savePoints(before)),
      apply: (p, stroke) => this.applyTool(p, stroke),
      say: (text) => this.say(text),
      changed: () => this.scheduleRender()
    });
    const c = this.controls;
    const parts = { controls: c, plane: this.plane, network: this.panel, views: this.views, history: this.history, link: this.link, message: this.messageEl, app: this };
    this.views.readouts.append(this.paceEl);
    this.files = new FilePanel(this);
    const views = PANELS.map((panel) => panel.build(parts));
    this.panelViews = views;
    const panels = PANELS.map((panel, i) => ({ ...panel, element: views[i].element }));
    this.root.append(
      ...pageLayout({
        status: this.statusEl,
        toolbar: [c.playBtn, c.stepBtn, c.resetBtn, c.speed.element, c.undoBtn, c.redoBtn, this.files.element],
        readouts: this.views.readouts,
        panels,
        help: [...TOOLBAR_HELP, ...PANELS.flatMap((p) => p.help), SHORTCUT_HELP],
        after: [this.tooltip.el, this.views.announcer.element]
      })
    );
    this.onKey = (e) => this.edits.onKey(e, (fn) => this.guarded(fn));
    (this.options.keys ?? this.root).addEventListener("keydown", this.onKey);
    this.unbindKeys = bindShortcuts(this.options.keys ?? this.root, this.loop, this.history.range);
    this.onPageHide = () => this.history.flush();
    window.addEventListener("pagehide", this.onPageHide);
    this.resize = new ResizeObserver(() => this.scheduleRender());
    this.resize.observe(canvas);
    this.resize.observe(this.views.network);
  }
  /** @returns {import("../views/controls.js").ControlActions} */
  actions() {
    return {
      guard: (fn) => this.guarded(fn),
      togglePlay: () => this.loop.setPlaying(!this.loop.playing),
      step: () => {
        this.history.unscrub();
        this.loop.step();
      },
      resetWeights: () => this.requestInit(false),
      undo: () => this.edits.undo() || fail("Nothing to undo"),
      redo: () => this.edits.redo() || fail("Nothing to redo"),
      clearPoints: () => {
        if (this.data.x.length) this.edits.record(() => this.setData(emptyData()));
      },
      generate: () => this.edits.record(() => this.regenerate({})),
      setUi: (change) => this.setUi(change),
      setConfig: (change) => this.edits.record(() => this.setConfig(change)),
      changeData: (change) => this.edits.record(() => this.regenerate(change)),
      changeArchitecture: (change) => this.edits.record(() => this.changeArchitecture(change)),
      changeClasses: (k) => this.edits.record(() => this.changeClasses(k)),
      changeProblem: (p) => this.edits.record(() => switchProblem(this, p, this.problemMemory)),
      changeOptimizer: (change) => this.edits.record(() => {
        this.setConfig(change);
        this.model.set("optimizer", null);
        this.model.save_changes();
      })
    };
  }
  start() {
    this.syncControls();
    this.loop.setPlaying(false);
    this.options.uiStore?.save(this.ui);
    this.say([...this.notices, this.model.get("status")?.error?.message].filter(Boolean).join("; "));
    this.model.save_changes();
    if (!this.liveNet()) this.loop.requestInit(false, false);
    else if (!this.history.history.losses.length && !this.model.get("step")) this.history.start();
    this.loop.pump();
  }
  destroy() {
    this.loop.destroy();
    this.history.destroy();
    this.frames.destroy();
    for (const [name, cb] of this.subscriptions) this.model.off(name, cb);
    this.resize?.disconnect();
    this.unbindKeys?.();
    if (this.onPageHide) window.removeEventListener("pagehide", this.onPageHide);
    if (this.onKey) (this.options.keys ?? this.root)?.removeEventListener("keydown", this.onKey);
    this.plane?.destroy();
    this.views?.destroy();
    this.files?.destroy();
    for (const view of this.panelViews ?? []) view.destroy?.();
  }
  // ------------------------------------------------------------------ state
  classes() {
    return classesOf(this.config);
  }
  limits() {
    return hostLimits(this.schema, this.model.get("limits"));
  }
  generatorSettings() {
    const c = this.config;
    return {
      dataset: datasetOf(c),
      points: Math.min(c.points, this.limits().maxPoints),
      noise: c.noise,
      classes: this.classes(),
      seed: c.dataSeed,
      testFraction: c.testFraction,
      extent: this.link.extent
    };
  }
  /** @returns {{data: Data | null, problem?: string}} the model's points, if it has usable ones */
  currentData() {
    const raw = this.model.get("data");
    if (raw === null || raw === void 0 || typeof raw === "object" && !("x" in raw)) return { data: null };
    try {
      return { data: validateData(raw, labelSpace(this.config)) };
    } catch (e) {
      return { data: null, problem: `The points cannot be used (${errorText(e)}); generating new ones` };
    }
  }
  /** The live network, or null while the weights do not fit the config (before an init). */
  liveNet() {
    return this.networks.of(this.model.get("weights"), this.config.architecture);
  }
  // ------------------------------------------------------------------ changes from the controls
  /**
   * Runs a control's handler: clears the last message, and turns a validation failure into a
   * message with the controls put back to the current state.
   * @param {() => void} fn
   */
  guarded(fn) {
    this.say("");
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.say(e.message);
      this.syncControls();
    }
  }
  /** @param {string} text */
  say(text) {
    if (this.messageEl) this.messageEl.textContent = text;
  }
  /** Puts the config, the UI settings and the host's bounds into the controls. */
  syncControls() {
    if (this.ui.selectedClass >= this.classes()) this.ui = { ...this.ui, selectedClass: 0 };
    this.controls?.sync(this.config, this.ui, this.schema, this.limits());
  }
  /**
   * The config with `change`, as the controls show it, checked against the host's schema.
   * @param {Record<string, any>} change
   */
  setConfig(change) {
    const next = validateConfig({ ...this.config, ...change }, this.schema);
    this.config = next;
    this.model.set("config", next);
    this.model.save_changes();
    this.syncControls();
    this.scheduleRender();
  }
  /**
   * Changes that need fresh weights (the host's onChange "init"; the hidden layers, as edited
   * on the graph too).
   * @param {Record<string, any>} change
   */
  changeArchitecture(change) {
    const before = netShape(this.config, this.schema);
    this.setConfig(change);
    if (netShape(this.config, this.schema) !== before) this.requestInit(false);
  }
  /** @param {Record<string, any>} change data settings, then new points from them */
  regenerate(change) {
    if (Object.keys(change).length) this.setConfig(change);
    const set = dataSetOf(datasetOf(this.config));
    if (set?.problem === "classification" && set.classes && this.classes() > set.classes) this.say(`${set.label} makes ${set.classes} classes`);
    this.setData(generate(this.generatorSettings()));
  }
  /**
   * A new class count: the points of a data set as generated follow it; drawn or edited points
   * lose those of the classes above it.
   * @param {number} k
   */
  changeClasses(k) {
    if (k === this.classes()) return;
    const generated = sameData(this.data, generate(this.generatorSettings()));
    const { data, dropped } = keepClasses(this.data, k);
    if (dropped && !generated) {
      this.setData(data);
      this.say(`Removed ${dropped} point${dropped === 1 ? "" : "s"} of the classes above ${k}`);
    }
    this.loop.requestInit(true, false);
    this.setConfig({ architecture: [...this.config.architecture.slice(0, -1), k] });
    if (generated) this.regenerate({});
    this.loop.pump();
  }
  /** @param {import("../settings/state.js").Snapshot} snapshot trained on from (restore.js), said where not exactly */
  continueFrom(snapshot) {
    const next = continuation(this.history.history, snapshot, this.config.optimizer);
    if (!this.restoreNet(next)) fail(`The network of step ${snapshot.step} has another shape than this one: it can be shown, not trained on`);
    if (!next.exact) this.say(`Continuing from step ${snapshot.step} with fresh ${this.config.optimizer} state: the snapshot has none for it`);
    this.loop.setPlaying(true);
  }
  /** @param {import("./edits.js").NetState} net made the live one; false where it does not fit */
  restoreNet(net) {
    if (!this.networks.of(net.weights, this.config.architecture)) return false;
    restoreNet(this.model, this.history, net);
    this.scheduleRender();
    return true;
  }
  /** @param {boolean} resize */
  requestInit(resize) {
    this.history.unscrub();
    this.loop.requestInit(resize);
  }
  /** @param {boolean} on */
  playingChanged(on) {
    this.controls?.setPlaying(on);
    if (on) this.history.unscrub();
    else this.history.flush();
    this.scheduleRender();
  }
  /** @param {Partial<Ui>} change */
  setUi(change) {
    this.ui = { ...this.ui, ...change };
    this.options.uiStore?.save(this.ui);
    if ("speed" in change) this.loop.wake(true);
    this.scheduleRender();
  }
  /**
   * @param {Data} next
   * @param {DataOrigin} [origin] where they came from (an edit keeps generated points generated)
   */
  setData(next, origin = this.dataOrigin === "generated" ? "generated" : "drawn") {
    this.data = next;
    this.dataOrigin = origin;
    this.model.set("data", next);
    this.model.save_changes();
    this.scheduleRender();
  }
  /**
   * Applies the tool at p inside a gesture (add a point or erase those near it).
   * @param {Point} p
   * @param {Stroke} stroke
   */
  applyTool(p, stroke) {
    let next;
    if (this.ui.tool === "erase") {
      next = erased(this.data, p, ERASER_RADIUS * unitOf(this.link.extent));
    } else if (this.data.x.length >= this.limits().maxPoints) {
      this.say(`At most ${this.limits().maxPoints} points`);
      next = null;
    } else {
      const label = isRegression(this.config) ? this.ui.value : this.ui.selectedClass;
      next = withPoint(this.data, p, label, this.ui.tool === "addTest", quantumOf(this.link.extent));
    }
    if (!next) return;
    stroke.changed(this.data, p);
    this.setData(next);
  }
  // ------------------------------------------------------------------ rendering
  scheduleRender() {
    this.frames.render();
  }
  render() {
    if (this.statusEl) this.link.showStatus(this.statusEl);
    this.link.showPlaneShape(this.plane?.canvas);
    if (this.controls) this.controls.dataSummary.textContent = dataSummary(this.data, this.dataOrigin, this.config, this.model.get("status"));
    const f = this.frame();
    this.views?.render(f, (map) => this.plane?.draw(map, this.data, this.ui, pointPaint(f.values ?? null)));
    for (const view of this.panelViews ?? []) view.render?.(f);
    this.history.sync();
  }
  /** A work frame (frames.js): true when maps or readings being computed are done. */
  work() {
    const before = this.metrics.pending;
    const f = this.frame();
    const maps = Boolean(this.views?.updateMaps(f, f.deadline ?? 0));
    this.views?.updateConfusion(f, f.deadline ?? 0);
    return maps || before && !this.metrics.pending;
  }
  /** @returns {import("../views/views.js").Frame} what a frame shows */
  frame() {
    const deadline = performance.now() + FRAME_BUDGET_MS;
    const live = this.liveNet();
    const shown = this.history.shown();
    const net = shown ? this.networks.snapshot(shown.weights, this.config.architecture) : live;
    const until = deadline - (this.views?.job ? FRAME_BUDGET_MS / 2 : 0);
    const metrics = shown ? net && this.metrics.ofSnapshot(net, until) : live && this.metrics.ofLive(live, until);
    return {
      net,
      metrics: metrics || null,
      metricsPending: Boolean(net) && !metrics,
      config: this.config,
      ui: this.ui,
      data: this.data,
      extent: this.link.extent,
      history: this.history.history,
      step: shown ? shown.step : Number(this.model.get("step") ?? 0),
      marker: shown ? shown.step : null,
      busy: this.loop.playing,
      deadline,
      focus: this.panel?.shown ?? null,
      values: this.ranges.of(this.data, this.config)
    };
  }
};

// js/index.js
var scope = globalThis;
if (typeof scope.document === "undefined" && typeof scope.WorkerGlobalScope !== "undefined") {
  serveConnection(scope);
}
function render({ model, el }) {
  return createApp(el, model);
}
function startPage(el, options2 = {}) {
  const storage = options2.storage === void 0 ? browserStorage() : options2.storage;
  const schema = schemaFromPage(document.getElementById("nnvisu-schema")?.textContent);
  const model = new StandaloneModel({ url: options2.url ?? socketUrl(document.baseURI), storage, schema, worker: connectionWorker() });
  model.load();
  const cleanup = createApp(el, model, {
    // The app is the whole page: its shortcuts work wherever the focus is.
    keys: document,
    uiStore: {
      load: () => model.get("ui"),
      save: (ui) => {
        model.set("ui", ui);
        model.save_changes();
      }
    }
  });
  model.connect();
  const saveNow = () => model.save_changes();
  const saveIfHidden = () => document.visibilityState === "hidden" && saveNow();
  window.addEventListener("pagehide", saveNow);
  document.addEventListener("visibilitychange", saveIfHidden);
  return () => {
    window.removeEventListener("pagehide", saveNow);
    document.removeEventListener("visibilitychange", saveIfHidden);
    cleanup();
    model.close();
  };
}
function connectionWorker() {
  try {
    return new Worker(import.meta.url, { type: "module", name: "nnvisu-connection" });
  } catch {
    return null;
  }
}
function browserStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
var index_default = { render };
export {
  STORAGE_KEYS,
  index_default as default,
  startPage,
  storedHistoryJson
};
