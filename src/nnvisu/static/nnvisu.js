// js/check.js
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

// js/tensors.js
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

// js/forward.js
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

// js/budget.js
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

// js/colors.js
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
var POSITIVE_RGB = [33, 102, 172];
var NEGATIVE_RGB = [214, 96, 77];
function css(c, alpha = 1) {
  return alpha === 1 ? `rgb(${c[0]},${c[1]},${c[2]})` : `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;
}
function classColor(index) {
  return CLASS_RGB[index % CLASS_RGB.length];
}
function diverging(out, off, v) {
  const t = Math.max(-1, Math.min(1, v));
  const c = t >= 0 ? POSITIVE_RGB : NEGATIVE_RGB;
  const a = Math.abs(t);
  out[off] = 255 + (c[0] - 255) * a;
  out[off + 1] = 255 + (c[1] - 255) * a;
  out[off + 2] = 255 + (c[2] - 255) * a;
  out[off + 3] = 255;
}

// js/dom.js
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
var fmtLoss = (v) => v === null || v === void 0 ? "—" : v.toFixed(3);
var fmtPercent = (v) => v === null || v === void 0 ? "—" : `${(v * 100).toFixed(1)}%`;

// js/generators.js
var DATASETS = ["circles", "moons", "blobs", "anisotropic", "varied", "xor", "spiral", "gaussian"];
var TWO_CLASS = /* @__PURE__ */ new Set(["moons", "xor"]);
var EXTENT = 5.5;
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
var clampRound = (v) => Math.round(Math.max(-EXTENT, Math.min(EXTENT, v)) * 1e4) / 1e4;
function generate(settings) {
  const { dataset, noise } = settings;
  const n = Math.max(0, Math.floor(settings.points));
  if (!DATASETS.includes(dataset)) {
    throw new Error(`unknown data set ${JSON.stringify(dataset)}; known: ${DATASETS.join(", ")}`);
  }
  const k = TWO_CLASS.has(dataset) ? 2 : Math.max(2, Math.min(8, Math.floor(settings.classes)));
  const random = makeRandom(settings.seed);
  const normal = makeNormal(random);
  const turn = random() * 2 * Math.PI;
  const blobCentres = ringCentres(k, 3.5, turn);
  const variedStd = Array.from({ length: k }, (_, c) => 0.3 + 1 * ((c * 0.618034 + 0.1) % 1));
  const stretch = [
    [1.7, 0.9],
    [0, 0.35]
  ];
  function sample(c) {
    switch (dataset) {
      case "circles": {
        const width = 5 / k;
        const r = (c + 0.1 + 0.8 * random()) * width;
        const a = random() * 2 * Math.PI;
        return [r * Math.cos(a), r * Math.sin(a)];
      }
      case "moons": {
        const t = random() * Math.PI;
        const [px, py] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
        return [(px - 0.5) * 2.8, (py - 0.25) * 2.8];
      }
      case "blobs": {
        const [cx, cy] = blobCentres[c];
        return [cx + 0.45 * normal(), cy + 0.45 * normal()];
      }
      case "anisotropic": {
        const [cx, cy] = ringCentres(k, 3, turn)[c];
        const u = normal();
        const v = normal();
        return [cx + stretch[0][0] * u + stretch[0][1] * v, cy + stretch[1][0] * u + stretch[1][1] * v];
      }
      case "varied": {
        const [cx, cy] = blobCentres[c];
        return [cx + variedStd[c] * normal(), cy + variedStd[c] * normal()];
      }
      case "xor": {
        const side = () => (0.3 + 4.7 * random()) * (random() < 0.5 ? -1 : 1);
        const x = side();
        const y0 = side();
        const y = x * y0 >= 0 === (c === 0) ? y0 : -y0;
        return [x, y];
      }
      case "spiral": {
        const t = random();
        const r = 0.3 + 4.9 * t;
        const a = 1.75 * t * 2 * Math.PI + 2 * Math.PI * c / k + turn;
        return [r * Math.cos(a), r * Math.sin(a)];
      }
      default: {
        const [cx, cy] = ringCentres(k, 2.2, turn)[c];
        return [cx + 1.1 * normal(), cy + 1.1 * normal()];
      }
    }
  }
  const data = { x: [], y: [], label: [], test: [] };
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const [px, py] = sample(c);
    data.x.push(clampRound(px + noise * normal()));
    data.y.push(clampRound(py + noise * normal()));
    data.label.push(c);
    data.test.push(false);
  }
  const testCount = Math.floor(Math.max(0, Math.min(0.9, settings.testFraction ?? 0)) * n);
  if (testCount) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < testCount; i++) {
      const j = i + Math.floor(random() * (n - i));
      [order[i], order[j]] = [order[j], order[i]];
      data.test[order[i]] = true;
    }
  }
  return data;
}

// js/schema.js
var FEATURE_LABELS = (
  /** @type {Record<string, string>} */
  {
    x: "x",
    y: "y",
    x2: "x²",
    y2: "y²",
    xy: "xy",
    sinx: "sin x",
    siny: "sin y"
  }
);
var SETTING_TEXT = {
  architecture: {
    label: "Hidden layers",
    help: "Sizes of the hidden layers, such as 8-8-4; the input size follows the features, the output size the classes.",
    group: "network"
  },
  activation: {
    label: "Activation",
    choices: { tanh: "tanh", relu: "ReLU", leaky_relu: "leaky ReLU", gelu: "GELU", sigmoid: "sigmoid", linear: "linear" },
    group: "network"
  },
  optimizer: {
    label: "Optimizer",
    choices: { sgd: "SGD", momentum: "SGD + momentum", adam: "Adam", rmsprop: "RMSprop" },
    group: "training"
  },
  learningRate: { label: "Learning rate", group: "training" },
  momentum: { label: "Momentum", step: 0.05, group: "training" },
  l1: { label: "L1", group: "training" },
  l2: { label: "L2", group: "training" },
  batchSize: { label: "Batch size", group: "training" },
  dropout: { label: "Dropout", step: 0.05, group: "training" },
  features: { label: "Input features", choices: FEATURE_LABELS, group: "network" },
  seed: { label: "Seed", group: "training" }
};
var DATA_SETTINGS = [
  {
    wire: "dataset",
    type: "choice",
    default: "circles",
    label: "Data set",
    choices: DATASETS,
    choiceLabels: {
      circles: "circles",
      moons: "moons (2 classes)",
      blobs: "blobs",
      anisotropic: "anisotropic blobs",
      varied: "blobs of varied spread",
      xor: "xor (2 classes)",
      spiral: "spirals",
      gaussian: "overlapping Gaussians"
    }
  },
  // Also at most the host's maxPoints, checked where points are made.
  { wire: "points", type: "int", default: 200, label: "Points", min: 1, max: 1e9 },
  // The standard deviation of the jitter, in plane units.
  { wire: "noise", type: "float", default: 0.3, label: "Noise", min: 0, max: 3, step: 0.05 },
  { wire: "dataSeed", type: "int", default: 1, label: "Data seed", min: 0, max: 2 ** 31 - 1 },
  { wire: "testFraction", type: "float", default: 0, label: "Test fraction", min: 0, max: 0.9, step: 0.05 }
];
function settingLabel(wire) {
  return SETTING_TEXT[wire]?.label ?? DATA_SETTINGS.find((s) => s.wire === wire)?.label ?? wire;
}
function choiceLabel(wire, value) {
  return SETTING_TEXT[wire]?.choices?.[value] ?? DATA_SETTINGS.find((s) => s.wire === wire)?.choiceLabels?.[value] ?? value;
}

// js/settings.js
var TYPES = ["architecture", "choice", "features", "float", "int"];
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
  return (
    /** @type {HostSetting} */
    { ...s, type, name: String(s.name ?? s.wire), help: String(s.help ?? ""), minExclusive: s.minExclusive === true }
  );
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
  const label = settingLabel(s.wire);
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
  if (!Array.isArray(v) || !v.length) fail("Input features: list at least one feature");
  for (const f of v) {
    if (!s.choices?.includes(f)) fail(`Input features: unknown feature ${JSON.stringify(f)}`);
  }
  if (new Set(v).size !== v.length) fail("Input features: a feature is listed twice");
  return [...v];
}
function checkArchitecture(s, v, inputs) {
  if (!Array.isArray(v) || v.length < 2) fail("config.architecture must list the input and output sizes");
  v.forEach((n, i) => checkNumber(n, `config.architecture[${i}]`, 1, 1e9, { integer: true }));
  if (v[0] !== inputs) fail(`config.architecture[0] is ${v[0]} but ${inputs} features are enabled`);
  checkNumber(v[v.length - 1], "the number of classes", s.minClasses, s.maxClasses, { integer: true });
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
    (v) => checkArchitecture(arch, v, inputs)
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

// js/controls.js
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
  const step = s.type === "int" ? 1 : s.step ?? SETTING_TEXT[s.wire]?.step ?? "any";
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
    this.config = null;
    this.schema = schema;
    this.limits = schema.limits;
    this.playBtn = h("button", { type: "button", class: "nv-play", "aria-label": "Play", onclick: this.act(actions.togglePlay) });
    this.stepBtn = h("button", { type: "button", "aria-label": "Step", text: "Step", onclick: this.act(actions.step) });
    this.resetBtn = h("button", { type: "button", "aria-label": "Reset weights", text: "Reset weights", onclick: this.act(actions.resetWeights) });
    this.inputs = {};
    const arch = schema.architecture;
    this.classesIn = numberInput({ step: 1, min: arch.minClasses, max: arch.maxClasses }, this.act(() => this.changeClasses()));
    this.hiddenIn = /** @type {HTMLInputElement} */
    h("input", { type: "text", inputmode: "numeric", placeholder: "e.g. 8-8-4", spellcheck: "false", title: this.help("architecture"), onchange: this.act(() => this.changeHidden()) });
    this.featureCbs = {};
    this.classRadios = h("div", { class: "nv-classes", role: "radiogroup", "aria-label": "Class colour" });
    this.panel = h("section", { class: "nv-controls", "aria-label": "Settings" }, [
      this.drawingFieldset(ui),
      this.dataFieldset(),
      this.networkFieldset(),
      h("fieldset", {}, [h("legend", { text: "Training" }), ...this.settingFields("training")])
    ]);
  }
  /** @param {() => void} fn */
  act(fn) {
    return () => this.actions.guard(fn);
  }
  /** @param {Ui} ui */
  drawingFieldset(ui) {
    const a = this.actions;
    const tool = `${this.viewId}-nv-tool`;
    return h("fieldset", {}, [
      h("legend", { text: "Drawing" }),
      h("div", { class: "nv-row" }, [this.classRadios]),
      h("div", { class: "nv-row", role: "radiogroup", "aria-label": "Tool" }, [
        radio(tool, "Add points", ui.tool === "add", this.act(() => a.setUi({ tool: "add" }))),
        radio(tool, "Eraser", ui.tool === "erase", this.act(() => a.setUi({ tool: "erase" })))
      ]),
      h("div", { class: "nv-row" }, [
        h("button", { type: "button", text: "Undo", "aria-label": "Undo", onclick: this.act(a.undo) }),
        h("button", { type: "button", text: "Clear points", "aria-label": "Clear points", onclick: this.act(a.clearPoints) })
      ]),
      h("div", { class: "nv-row" }, [
        checkbox("Show test points", ui.showTest, (v) => a.guard(() => a.setUi({ showTest: v }))),
        checkbox("Discretize", ui.discretize, (v) => a.guard(() => a.setUi({ discretize: v })))
      ])
    ]);
  }
  dataFieldset() {
    const fields = DATA_SETTINGS.map((s) => this.settingField(s, s.label, () => this.actions.setConfig({ [s.wire]: this.valueOf(s) })));
    return h("fieldset", {}, [
      h("legend", { text: "Data set" }),
      ...fields,
      h("div", { class: "nv-row" }, [h("button", { type: "button", text: "Generate", "aria-label": "Generate", onclick: this.act(this.actions.generate) })])
    ]);
  }
  networkFieldset() {
    const a = this.actions;
    const arch = this.schema.architecture;
    const id = (name) => `${this.viewId}-${name}`;
    const config = () => (
      /** @type {Config} */
      this.config
    );
    const featureBox = h(
      "div",
      { class: "nv-features" },
      (this.schema.byWire.features.choices ?? []).map((f) => {
        const shown = FEATURE_LABELS[f] ?? f;
        const cb = checkbox(`Feature ${shown}`, false, () => a.guard(() => this.changeFeatures()), shown);
        this.featureCbs[f] = /** @type {HTMLInputElement} */
        cb.querySelector("input");
        return cb;
      })
    );
    return h("fieldset", {}, [
      h("legend", { text: "Network" }),
      field("Classes", this.classesIn, id("classes")),
      field(settingLabel("architecture"), this.hiddenIn, id("hidden")),
      h("div", { class: "nv-row" }, [
        h("button", { type: "button", text: "+ layer", "aria-label": "Add hidden layer", onclick: this.act(() => a.changeArchitecture({ architecture: withLayerAdded(config(), arch) })) }),
        h("button", { type: "button", text: "− layer", "aria-label": "Remove hidden layer", onclick: this.act(() => a.changeArchitecture({ architecture: withLayerRemoved(config()) })) })
      ]),
      ...this.settingFields("network"),
      h("div", { class: "nv-sub", text: settingLabel("features") }),
      featureBox
    ]);
  }
  /**
   * The fields of the host's number and choice settings in one group, in the host's order.
   * @param {"network" | "training"} group
   */
  settingFields(group) {
    return this.schema.settings.filter((s) => (s.type === "float" || s.type === "int" || s.type === "choice") && (SETTING_TEXT[s.wire]?.group ?? "training") === group).map((s) => this.settingField(s, settingLabel(s.wire), () => this.settingChanged(s)));
  }
  /**
   * A labelled control for one setting (the host's or a page-local one).
   * @param {AnySetting & {step?: number}} s
   * @param {string} label
   * @param {() => void} onchange
   */
  settingField(s, label, onchange) {
    const control = s.type === "choice" ? select(s.choices ?? [], (v) => choiceLabel(s.wire, v), this.act(onchange)) : numberInput({ ...numberAttrs(s), title: this.help(s.wire) }, this.act(onchange));
    if (s.type === "choice") control.title = this.help(s.wire) ?? "";
    this.inputs[s.wire] = /** @type {HTMLInputElement | HTMLSelectElement} */
    control;
    return field(label, control, `${this.viewId}-${s.wire}`);
  }
  /** @param {string} wire */
  help(wire) {
    return SETTING_TEXT[wire]?.help ?? this.schema.byWire[wire]?.help ?? void 0;
  }
  /**
   * The value a setting's control holds.
   * @param {AnySetting} s
   */
  valueOf(s) {
    const input = this.inputs[s.wire];
    if (s.type === "choice") return input.value;
    const label = settingLabel(s.wire);
    const v = readNumber(input.value, label);
    if (s.wire === "points" && v > this.limits.maxPoints) fail(`Points must be at most ${this.limits.maxPoints} (this server's limit)`);
    return v;
  }
  /** @param {AnySetting} s a host setting */
  settingChanged(s) {
    const value = this.valueOf(s);
    if (s.wire === "activation") this.actions.changeArchitecture({ activation: value });
    else if (s.wire === "optimizer") this.actions.changeOptimizer(String(value));
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
  changeClasses() {
    const { minClasses, maxClasses } = this.schema.architecture;
    const k = Number(this.classesIn.value);
    if (!Number.isInteger(k) || k < minClasses || k > maxClasses) {
      throw new ValidationError(`Classes must be a whole number from ${minClasses} to ${maxClasses}`);
    }
    this.actions.changeClasses(k);
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
      if (s.type === "choice") syncOptions(
        /** @type {HTMLSelectElement} */
        input,
        s
      );
      else Object.assign(input, boundsOf(s.wire === "points" ? { ...s, max: limits.maxPoints } : s));
      input.value = String(config[s.wire]);
    }
    const classes = classesOf(config);
    Object.assign(this.classesIn, { min: String(arch.minClasses), max: String(arch.maxClasses), value: String(classes) });
    this.hiddenIn.value = hiddenOf(config).join("-");
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
  if ([...sel.options].map((o) => o.value).join() !== choices.join()) sel.replaceChildren(...options(choices, (v) => choiceLabel(s.wire, v)));
}

// js/frames.js
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

// js/history.js
var MAX_LOSSES = 1e3;
var MAX_SNAPSHOTS = 50;
function thin(list) {
  const kept = list.filter((_, i) => i % 2 === 0);
  if (kept[kept.length - 1] !== list[list.length - 1]) kept.push(list[list.length - 1]);
  return kept;
}
function record(history, step, loss, testLoss, weights) {
  let losses = [...history.losses, [step, loss, testLoss]];
  if (losses.length > MAX_LOSSES) losses = thin(losses);
  let snapshots = history.snapshots;
  const n = snapshots.length;
  const spacing = n >= 2 ? snapshots[1].step - snapshots[0].step : 0;
  if (!n || step - snapshots[n - 1].step >= spacing) {
    snapshots = [...snapshots, { step, weights: nestedOf(weights, true) }];
    if (snapshots.length > MAX_SNAPSHOTS) snapshots = thin(snapshots);
  }
  return { losses, snapshots };
}

// js/state.js
var STORAGE_VERSION = 1;
function defaultUi() {
  return { selectedClass: 0, tool: "add", showTest: true, discretize: false };
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
    if (!Number.isInteger(l) || l < 0 || l >= classes) fail(`data label ${l} of point ${i} is not one of the ${classes} classes`);
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
    if (!Array.isArray(row) || row.length !== 3 || !Number.isFinite(row[0]) || !Number.isFinite(row[1])) {
      fail("history.losses must hold [step, loss, testLoss] rows");
    }
  }
  for (const s of snapshots) {
    if (!isObject(s) || !Number.isInteger(s.step) || !isObject(s.weights)) fail("history.snapshots must hold {step, weights}");
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
  if (v.tool !== "add" && v.tool !== "erase") fail("ui.tool must be add or erase");
  if (typeof v.showTest !== "boolean" || typeof v.discretize !== "boolean") fail("ui flags must be true or false");
  return { selectedClass: v.selectedClass, tool: v.tool, showTest: v.showTest, discretize: v.discretize };
}
function parseStored(key, raw) {
  if (raw === null) return { missing: true };
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { error: `${key} is not valid JSON` };
  }
  if (!isObject(parsed) || !("version" in parsed)) return { error: `${key} was not written by nnvisu` };
  if (parsed.version !== STORAGE_VERSION) {
    return { error: `${key} has version ${JSON.stringify(parsed.version)}, this nnvisu reads version ${STORAGE_VERSION}` };
  }
  return { value: parsed };
}

// js/history_view.js
var HISTORY_SAVE_MS = 1e3;
var HISTORY_SAVE_SHARE = 10;
var HistoryView = class {
  /**
   * @param {{get: (key: string) => any, set: (key: string, value: any) => void, save_changes: () => void}} model
   * @param {string} id the scrubber's element id
   * @param {HistoryHooks} hooks
   * @param {{range: HTMLInputElement, label: HTMLElement, element: HTMLElement}} [elements] the
   *   scrubber (made here by default)
   */
  constructor(model, id, hooks, elements = scrubber(id)) {
    this.model = model;
    this.hooks = hooks;
    this.history = emptyHistory();
    this.scrub = null;
    this.dirty = false;
    this.timer = null;
    this.idle = null;
    this.writeMs = 0;
    this.range = elements.range;
    this.label = elements.label;
    this.element = elements.element;
    this.range.addEventListener("input", () => this.scrubbed());
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
    if (raw === this.history) return;
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
    if (m && m.loss !== null) this.history = record(this.history, Number(this.model.get("step") ?? 0), m.loss, m.testLoss, weights);
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
      if (m && m.loss !== null) {
        this.history = record(this.history, step, m.loss, m.testLoss ?? null, weights);
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
    this.model.set("history", this.history);
    this.model.save_changes();
  }
  scrubbed() {
    const n = this.history.snapshots.length;
    const v = Number(this.range.value);
    this.scrub = this.hooks.playing() || v >= n ? null : v;
    this.hooks.changed();
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
    this.range.disabled = this.hooks.playing() || n === 0;
    this.label.textContent = shown ? `step ${shown.step}` : "live";
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
  return { range: range2, label, element: h("div", { class: "nv-history" }, [field("History", range2, id), label]) };
}

// js/points.js
var ERASER_RADIUS = 0.5;
var MAX_UNDO = 50;
var DECIMALS = 1e4;
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
function withPoint(d, p, label) {
  const round = (v) => Math.round(v * DECIMALS) / DECIMALS;
  return { x: [...d.x, round(p.x)], y: [...d.y, round(p.y)], label: [...d.label, label], test: [...d.test, false] };
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
var Undo = class {
  /** @param {number} [max] */
  constructor(max = MAX_UNDO) {
    this.max = max;
    this.stack = [];
  }
  /** @param {Data} d the points before an edit (never changed in place, so kept as they are) */
  push(d) {
    this.stack.push(d);
    if (this.stack.length > this.max) this.stack.shift();
  }
  /** @returns {Data | null} */
  pop() {
    return this.stack.pop() ?? null;
  }
  get size() {
    return this.stack.length;
  }
};
var Stroke = class {
  /** @param {Undo} undo */
  constructor(undo) {
    this.undo = undo;
    this.saved = false;
    this.last = null;
  }
  /**
   * Records a change from `before` made at p.
   * @param {Data} before
   * @param {Point} p
   */
  changed(before, p) {
    if (!this.saved) this.undo.push(before);
    this.saved = true;
    this.last = p;
  }
};

// js/render.js
var PLANE_EXTENT = 6;
function gridPoints(g) {
  const xs = new Float64Array(g * g);
  const ys = new Float64Array(g * g);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      xs[r * g + c] = -PLANE_EXTENT + 2 * PLANE_EXTENT * (c + 0.5) / g;
      ys[r * g + c] = PLANE_EXTENT - 2 * PLANE_EXTENT * (r + 0.5) / g;
    }
  }
  return { xs, ys };
}
var LARGE_MAP_WORK = 2e7;
function mapResolution(net) {
  const perPoint = pointWork(net);
  const least = Math.max(16, Math.min(32, Math.floor(Math.sqrt(LARGE_MAP_WORK / perPoint))));
  return Math.max(least, Math.min(90, Math.floor(Math.sqrt(MAP_WORK / perPoint))));
}
function imagesOf(res, net, options2) {
  const { features, activation, g, discretize, neuronGrid, shown } = options2;
  const { xs, ys } = gridPoints(g);
  const cells = new Int32Array(neuronGrid * neuronGrid);
  for (let r = 0; r < neuronGrid; r++) {
    const fr = Math.floor((r + 0.5) * g / neuronGrid);
    for (let c = 0; c < neuronGrid; c++) cells[r * neuronGrid + c] = fr * g + Math.floor((c + 0.5) * g / neuronGrid);
  }
  return {
    decision: decisionImage(res.probs, net[net.length - 1].nOut, g, discretize),
    neurons: neuronImages(res, net, features, activation, xs, ys, cells, neuronGrid, shown)
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
function neuronImages(res, net, features, activation, xs, ys, cells, size, shown) {
  const n = cells.length;
  const values = new Float64Array(n);
  const image = (fixedRange) => {
    let scale = 1;
    if (!fixedRange) {
      let max = 0;
      for (let p = 0; p < n; p++) max = Math.max(max, Math.abs(values[p]));
      scale = max > 1e-12 ? 1 / max : 1;
    }
    const img = new ImageData(size, size);
    for (let p = 0; p < n; p++) diverging(img.data, p * 4, values[p] * scale);
    return img;
  };
  const inputs = features.map((name) => {
    const f = featureFn(name);
    for (let p = 0; p < n; p++) values[p] = f(xs[cells[p]], ys[cells[p]]);
    return image(false);
  });
  const bounded = activation === "tanh" || activation === "sigmoid";
  const layers = res.hidden.map((h2, l) => {
    const images = [];
    for (const i of shown?.[l + 1]?.shown ?? range(net[l].nOut)) {
      const row = i * res.n;
      for (let p = 0; p < n; p++) {
        const v = h2[row + cells[p]];
        values[p] = activation === "sigmoid" ? 2 * v - 1 : v;
      }
      images[i] = image(bounded);
    }
    return images;
  });
  const k = net[net.length - 1].nOut;
  layers.push(
    Array.from({ length: k }, (_, c) => {
      const img = new ImageData(size, size);
      const col = CLASS_RGB[c];
      for (let p = 0; p < n; p++) {
        const q = res.probs[cells[p] * k + c];
        const o = p * 4;
        img.data[o] = 255 + (col[0] - 255) * q;
        img.data[o + 1] = 255 + (col[1] - 255) * q;
        img.data[o + 2] = 255 + (col[2] - 255) * q;
        img.data[o + 3] = 255;
      }
      return img;
    })
  );
  return { inputs, layers };
}
function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}

// js/plane.js
var PAINT_SPACING = 0.35;
var KEY_STEP = 0.25;
var KEY_STEP_LARGE = 1;
var KEY_MOVES = (
  /** @type {Record<string, [number, number]>} */
  { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }
);
function toPlane(px, py, width, height) {
  return { x: -PLANE_EXTENT + 2 * PLANE_EXTENT * px / width, y: PLANE_EXTENT - 2 * PLANE_EXTENT * py / height };
}
function toPixel(p, width, height) {
  return [(p.x + PLANE_EXTENT) / (2 * PLANE_EXTENT) * width, (PLANE_EXTENT - p.y) / (2 * PLANE_EXTENT) * height];
}
function inBounds(p) {
  return Math.abs(p.x) <= PLANE_EXTENT && Math.abs(p.y) <= PLANE_EXTENT;
}
var clampExtent = (v) => Math.max(-PLANE_EXTENT, Math.min(PLANE_EXTENT, v));
function keyMove(cursor, key, shift) {
  const move = KEY_MOVES[key];
  if (!move) return null;
  const c = cursor ?? { x: 0, y: 0 };
  const d = shift ? KEY_STEP_LARGE : KEY_STEP;
  return { x: clampExtent(c.x + move[0] * d), y: clampExtent(c.y + move[1] * d) };
}
function shouldApply(tool, last, p) {
  return tool === "erase" || !last || Math.hypot(p.x - last.x, p.y - last.y) >= PAINT_SPACING;
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
    this.listeners = [
      ["pointerdown", (e) => this.onDown(e)],
      ["pointermove", (e) => this.onMove(e)],
      ["pointerup", () => this.stroke = null],
      ["pointercancel", () => this.stroke = null],
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
    return toPlane(e.clientX - box.left, e.clientY - box.top, box.width, box.height);
  }
  /** @param {Point} p */
  apply(p) {
    if (this.stroke && inBounds(p)) this.hooks.apply(p, this.stroke);
  }
  /** @param {PointerEvent} e */
  onDown(e) {
    if (e.button !== 0) return;
    this.hooks.say("");
    this.canvas.setPointerCapture?.(e.pointerId);
    this.stroke = this.hooks.stroke();
    this.cursor = this.at(e);
    this.apply(this.cursor);
    e.preventDefault();
  }
  /** @param {PointerEvent} e */
  onMove(e) {
    this.cursor = this.at(e);
    const tool = this.hooks.tool();
    if (this.stroke && e.buttons & 1 && shouldApply(tool, this.stroke.last, this.cursor)) this.apply(this.cursor);
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
    const moved = keyMove(this.cursor, e.key, e.shiftKey);
    if (moved) {
      this.cursor = moved;
      this.hooks.changed();
      e.preventDefault();
    } else if (e.key === "Enter" || e.key === " ") {
      this.hooks.say("");
      this.cursor ?? (this.cursor = { x: 0, y: 0 });
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
   */
  draw(map, data, ui) {
    const plane = this.canvas;
    const w = plane.clientWidth;
    const hgt = plane.clientHeight;
    if (!w || !hgt) return;
    const dpr = window.devicePixelRatio || 1;
    if (plane.width !== Math.round(w * dpr) || plane.height !== Math.round(hgt * dpr)) {
      plane.width = Math.round(w * dpr);
      plane.height = Math.round(hgt * dpr);
    }
    const ctx = plane.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, plane.width, plane.height);
    if (map) {
      ctx.imageSmoothingEnabled = !ui.discretize;
      ctx.drawImage(map, 0, 0, plane.width, plane.height);
    }
    const key = [data, ui.showTest, plane.width, plane.height];
    if (!this.pointsKey || key.some((v, i) => v !== this.pointsKey?.[i])) {
      this.pointsKey = key;
      this.drawPoints(data, ui, w, hgt, dpr);
    }
    ctx.drawImage(this.pointsCanvas, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (this.cursor && (ui.tool === "erase" || document.activeElement === plane)) {
      const [cx, cy] = toPixel(this.cursor, w, hgt);
      const r = ui.tool === "erase" ? ERASER_RADIUS / (2 * PLANE_EXTENT) * w : pointRadius(w) + 3;
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
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
   */
  drawPoints(data, ui, w, hgt, dpr) {
    const layer = this.pointsCanvas;
    layer.width = this.canvas.width;
    layer.height = this.canvas.height;
    const ctx = layer.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const [ox, oy] = toPixel({ x: 0, y: 0 }, w, hgt);
    ctx.strokeStyle = "rgba(0,0,0,0.12)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(ox, 0);
    ctx.lineTo(ox, hgt);
    ctx.moveTo(0, oy);
    ctx.lineTo(w, oy);
    ctx.stroke();
    const r = pointRadius(w);
    for (let i = 0; i < data.x.length; i++) {
      const test = data.test[i];
      if (test && !ui.showTest) continue;
      const col = css(classColor(data.label[i]));
      const [px, py] = toPixel({ x: data.x[i], y: data.y[i] }, w, hgt);
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      if (test) {
        ctx.lineWidth = 2;
        ctx.strokeStyle = col;
        ctx.stroke();
      } else {
        ctx.fillStyle = col;
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.stroke();
      }
    }
  }
};

// js/chart.js
var TRAIN_COLOR = "#1f2937";
var TEST_COLOR = "#d55e00";
var PAD = { left: 36, right: 8, top: 8, bottom: 18 };
var LossChart = class {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {Tooltip} tooltip
   */
  constructor(canvas, tooltip) {
    this.canvas = canvas;
    this.tooltip = tooltip;
    this.losses = [];
    this.pointer = null;
    this.onMove = (e) => {
      const box = canvas.getBoundingClientRect();
      this.pointer = { clientX: e.clientX, x: e.clientX - box.left };
      this.pointerY = e.clientY;
      this.refreshTooltip();
    };
    this.pointerY = 0;
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
  /** @param {Losses} losses */
  update(losses) {
    this.losses = losses;
    const canvas = this.canvas;
    const w = canvas.clientWidth || 300;
    const h2 = canvas.clientHeight || 120;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h2 * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h2 * dpr);
    }
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h2);
    ctx.font = "10px system-ui, sans-serif";
    ctx.fillStyle = "#6b7280";
    if (!losses.length) {
      ctx.fillText("the loss appears here while training", PAD.left, h2 / 2);
      return;
    }
    const { x0, x1, yMax } = this.scale();
    const plotW = w - PAD.left - PAD.right;
    const plotH = h2 - PAD.top - PAD.bottom;
    const sx = (s) => PAD.left + (x1 > x0 ? (s - x0) / (x1 - x0) * plotW : plotW);
    const sy = (v) => PAD.top + plotH * (1 - v / yMax);
    ctx.strokeStyle = "#d1d5db";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(PAD.left, PAD.top);
    ctx.lineTo(PAD.left, PAD.top + plotH);
    ctx.lineTo(PAD.left + plotW, PAD.top + plotH);
    ctx.stroke();
    ctx.fillText(yMax.toPrecision(2), 2, PAD.top + 8);
    ctx.fillText("0", PAD.left - 10, PAD.top + plotH);
    ctx.fillText(`step ${x1}`, PAD.left + plotW - 60, h2 - 4);
    const line = (col, color, dash) => {
      ctx.strokeStyle = color;
      ctx.setLineDash(dash);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      let started = false;
      for (const row of losses) {
        const v = row[col];
        if (v === null) continue;
        const [x, y] = [sx(row[0]), sy(Math.min(v, yMax))];
        if (started) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
        started = true;
      }
      ctx.stroke();
      ctx.setLineDash([]);
    };
    line(1, TRAIN_COLOR, []);
    line(2, TEST_COLOR, [4, 3]);
    this.refreshTooltip();
  }
  scale() {
    const losses = this.losses;
    const x0 = losses[0][0];
    const x1 = losses[losses.length - 1][0];
    let yMax = 0;
    for (const [, a, b] of losses) yMax = Math.max(yMax, a, b ?? 0);
    return { x0, x1, yMax: yMax > 0 ? yMax * 1.05 : 1 };
  }
  refreshTooltip() {
    const p = this.pointer;
    if (!p || !this.losses.length) return;
    const { x0, x1 } = this.scale();
    const plotW = (this.canvas.clientWidth || 300) - PAD.left - PAD.right;
    const step = x0 + (p.x - PAD.left) / plotW * (x1 - x0);
    let best = this.losses[0];
    for (const row of this.losses) if (Math.abs(row[0] - step) < Math.abs(best[0] - step)) best = row;
    const test = best[2] === null ? "" : `, test loss ${best[2].toFixed(3)}`;
    this.tooltip.show(`step ${best[0]}: train loss ${best[1].toFixed(3)}${test}`, p.clientX, this.pointerY);
  }
};

// js/graph_lod.js
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
function rowsOf(plan) {
  return Math.max(...plan.map((p) => p.shown.length + (p.more ? 1 : 0)));
}
function moreText(column, layerName) {
  const first = column.shown.length + 1;
  const last = column.shown.length + column.more;
  return {
    label: `+${column.more}`,
    title: `${layerName}: neurons ${first}–${last} (${column.more} more) are not drawn; the graph shows the first ${column.shown.length}`
  };
}
function moreBox(plan, c, left, top, s) {
  const { label, title } = moreText(plan[c], c === plan.length - 1 ? "output layer" : `layer ${c}`);
  const box = document.createElement("span");
  box.className = "nv-more";
  box.dataset.testid = `more-${c - 1}`;
  box.textContent = label;
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", title);
  Object.assign(box.style, { left: `${left + s / 2}px`, top: `${top}px`, minWidth: `${s}px`, height: `${s}px`, lineHeight: `${s - 2}px` });
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
function drawEdges(ctx, net, plan, centres, half) {
  const maxAbs = largestWeight(net);
  const segments = Array.from({ length: 2 * EDGE_LEVELS }, () => []);
  const drawn = net.map((layer, l) => {
    const ins = plan[l].shown;
    const outs = plan[l + 1].shown;
    const edges = edgesOf(layer, ins, outs);
    for (let e = 0; e < edges.length; e += 2) {
      const [a, b] = [edges[e], edges[e + 1]];
      const w = layer.w[outs[b] * layer.nIn + ins[a]];
      const level = Math.min(EDGE_LEVELS - 1, Math.floor(Math.abs(w) / maxAbs * EDGE_LEVELS));
      const start = centres[l][a];
      const end = centres[l + 1][b];
      segments[(w >= 0 ? 0 : EDGE_LEVELS) + level].push(start.x + half, start.y, end.x - half, end.y);
    }
    return edges;
  });
  segments.forEach((s, index) => {
    if (!s.length) return;
    const positive = index < EDGE_LEVELS;
    const m = (index % EDGE_LEVELS + 0.5) / EDGE_LEVELS;
    ctx.strokeStyle = css(positive ? POSITIVE_RGB : NEGATIVE_RGB, 0.25 + 0.65 * m);
    ctx.lineWidth = 0.4 + 3.6 * m;
    ctx.beginPath();
    for (let i = 0; i < s.length; i += 4) {
      ctx.moveTo(s[i], s[i + 1]);
      ctx.lineTo(s[i + 2], s[i + 3]);
    }
    ctx.stroke();
  });
  return drawn;
}

// js/graph.js
var GAP = 5;
var LEFT = 40;
var PAD2 = 8;
var NODES_HEIGHT = 300;
var NetworkGraph = class {
  /**
   * @param {HTMLElement} container
   * @param {Tooltip} tooltip
   */
  constructor(container, tooltip) {
    this.container = container;
    this.tooltip = tooltip;
    this.edges = document.createElement("canvas");
    this.edges.className = "nv-edges";
    this.edges.setAttribute("aria-hidden", "true");
    this.shapeKey = "";
    this.nodes = [];
    this.centres = [];
    this.columns = [];
    this.drawn = [];
    this.size = 0;
    this.width = 0;
    this.net = null;
    this.features = [];
    this.pointer = null;
    this.onMove = (e) => {
      const box = this.container.getBoundingClientRect();
      this.pointer = { clientX: e.clientX, clientY: e.clientY, x: e.clientX - box.left, y: e.clientY - box.top, target: e.target };
      this.refreshTooltip();
    };
    this.onLeave = () => {
      this.pointer = null;
      this.tooltip.hide();
    };
    container.addEventListener("pointermove", this.onMove);
    container.addEventListener("pointerleave", this.onLeave);
  }
  destroy() {
    this.container.removeEventListener("pointermove", this.onMove);
    this.container.removeEventListener("pointerleave", this.onLeave);
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
      return;
    }
    const sizes = [features.length, ...net.map((l) => l.nOut)];
    const width = Math.max(200, this.container.clientWidth);
    const key = `${features.join()}|${sizes.join()}|${width}`;
    if (key !== this.shapeKey) this.layout(features, sizes, width, key);
    const all = [images.inputs, ...images.layers];
    this.nodes.forEach(
      (column, c) => column.forEach((canvas, k) => {
        const image = all[c]?.[this.columns[c].shown[k]];
        if (!image) return;
        if (canvas.width !== image.width) canvas.width = canvas.height = image.width;
        canvas.getContext("2d")?.putImageData(image, 0, 0);
      })
    );
    this.drawEdges(net);
    this.refreshTooltip();
  }
  /**
   * The neurons of each column that get a node, for columns of `sizes` neurons (inputs first).
   * @param {number[]} sizes
   */
  plan(sizes) {
    return planColumns(sizes, Math.floor((NODES_HEIGHT + GAP) / (MIN_NODE + GAP)));
  }
  /**
   * @param {string[]} features
   * @param {number[]} sizes
   * @param {number} width
   * @param {string} key
   */
  layout(features, sizes, width, key) {
    this.shapeKey = key;
    this.width = width;
    this.columns = this.plan(sizes);
    const maxN = rowsOf(this.columns);
    const s = Math.max(6, Math.min(30, Math.floor(NODES_HEIGHT / maxN) - GAP));
    this.size = s;
    const height = maxN * (s + GAP) - GAP + 2 * PAD2;
    const columns = sizes.length;
    const span = width - LEFT - PAD2 - s;
    this.container.style.height = `${height}px`;
    this.container.replaceChildren(this.edges);
    const dpr = window.devicePixelRatio || 1;
    this.edges.width = Math.round(width * dpr);
    this.edges.height = Math.round(height * dpr);
    this.edges.style.width = `${width}px`;
    this.edges.style.height = `${height}px`;
    this.nodes = [];
    this.centres = [];
    const grid = 24;
    this.columns.forEach(({ shown, more }, c) => {
      const left = LEFT + (columns > 1 ? c * span / (columns - 1) : 0);
      const top = PAD2 + (maxN - shown.length - (more ? 1 : 0)) * (s + GAP) / 2;
      const column = [];
      const centres = [];
      for (const [k, i] of shown.entries()) {
        const canvas = document.createElement("canvas");
        canvas.width = grid;
        canvas.height = grid;
        canvas.className = "nv-neuron";
        const y = top + k * (s + GAP);
        Object.assign(canvas.style, { left: `${left}px`, top: `${y}px`, width: `${s}px`, height: `${s}px` });
        if (c === 0) {
          canvas.dataset.testid = `input-${features[i]}`;
          canvas.setAttribute("aria-label", `Input ${FEATURE_LABELS[features[i]]}`);
          const label = document.createElement("span");
          label.className = "nv-input-label";
          label.textContent = FEATURE_LABELS[features[i]];
          Object.assign(label.style, { top: `${y + s / 2}px`, right: `${width - left + 4}px` });
          this.container.append(label);
        } else {
          canvas.dataset.testid = `neuron-${c - 1}-${i}`;
          canvas.setAttribute("aria-label", c === columns - 1 ? `Output ${i + 1}` : `Neuron ${c}.${i + 1}`);
        }
        canvas.setAttribute("role", "img");
        this.container.append(canvas);
        column.push(canvas);
        centres.push({ x: left + s / 2, y: y + s / 2 });
      }
      if (more) this.container.append(moreBox(this.columns, c, left, top + shown.length * (s + GAP), s));
      this.nodes.push(column);
      this.centres.push(centres);
    });
  }
  /** @param {Layer[]} net */
  drawEdges(net) {
    const ctx = this.edges.getContext("2d");
    if (!ctx) return;
    const dpr = this.edges.width / this.width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.edges.height / dpr);
    this.drawn = drawEdges(ctx, net, this.columns, this.centres, this.size / 2);
  }
  /** The text of whatever is under the pointer, from the current weights. */
  refreshTooltip() {
    const p = this.pointer;
    const net = this.net;
    if (!p || !net || !this.centres.length) return;
    const more = p.target instanceof HTMLElement && p.target.classList.contains("nv-more") ? p.target.getAttribute("aria-label") : null;
    const text = more ?? this.neuronAt(p.x, p.y, net) ?? this.edgeAt(p.x, p.y, net);
    if (text) this.tooltip.show(text, p.clientX, p.clientY);
    else this.tooltip.hide();
  }
  /**
   * @param {number} x
   * @param {number} y
   * @param {Layer[]} net
   */
  neuronAt(x, y, net) {
    const half = this.size / 2;
    for (let c = 1; c < this.centres.length; c++) {
      const k = this.centres[c].findIndex((q) => Math.abs(q.x - x) <= half && Math.abs(q.y - y) <= half);
      if (k >= 0) {
        const i = this.columns[c].shown[k];
        const name = c === this.centres.length - 1 ? `output ${i + 1}` : `neuron ${c}.${i + 1}`;
        return `${name}: bias ${net[c - 1].b[i].toFixed(3)}`;
      }
    }
    return null;
  }
  /**
   * The edge nearest to (x, y) within a few pixels (of the edges drawn).
   * @param {number} x
   * @param {number} y
   * @param {Layer[]} net
   */
  edgeAt(x, y, net) {
    const half = this.size / 2;
    let best = 5;
    let text = null;
    net.forEach((layer, l) => {
      const from = this.centres[l];
      const to = this.centres[l + 1];
      if (x < from[0].x + half || x > to[0].x - half) return;
      const ins = this.columns[l].shown;
      const outs = this.columns[l + 1].shown;
      const edges = this.drawn[l] ?? [];
      for (let e = 0; e < edges.length; e += 2) {
        const [a, b] = [edges[e], edges[e + 1]];
        const [i, o] = [ins[a], outs[b]];
        const d = segmentDistance(x, y, from[a].x + half, from[a].y, to[b].x - half, to[b].y);
        if (d < best) {
          best = d;
          const src = l === 0 ? `input ${FEATURE_LABELS[this.features[i]]}` : `neuron ${l}.${i + 1}`;
          const dst = l === net.length - 1 ? `output ${o + 1}` : `neuron ${l + 1}.${o + 1}`;
          text = `${src} → ${dst}: weight ${layer.w[o * layer.nIn + i].toFixed(3)}`;
        }
      }
    });
    return text;
  }
};
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

// js/pace_note.js
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

// js/training.js
var TARGET_CYCLE_MS = 30;
var LONG_CYCLE_MS = 250;
var TIMINGS_KEPT = 12;
function batchPoints(trainCount, batchSize) {
  return batchSize > 0 && batchSize < trainCount ? batchSize : trainCount;
}
function stepCap(architecture, batchSize, trainCount, limits) {
  let cap = limits.maxSteps;
  if (limits.maxWork) {
    const work = batchPoints(trainCount, batchSize) * parameterCount(architecture);
    cap = Math.min(cap, Math.floor(limits.maxWork / Math.max(1, work)));
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
   */
  constructor(model, viewId, host, now = () => performance.now()) {
    this.model = model;
    this.viewId = viewId;
    this.host = host;
    this.now = now;
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
  }
  /** @param {boolean} on */
  setPlaying(on) {
    this.playing = on;
    if (!on) this.host.paceNote?.("");
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
    const { architecture, batchSize } = this.host.config();
    return stepCap(architecture, batchSize, this.host.trainCount(), this.host.limits());
  }
  /**
   * Sends what is due: an init or a single step once nothing is outstanding, and while playing
   * enough training requests to keep two outstanding (one when a cycle takes long).
   */
  pump() {
    if (this.destroyed) return;
    if (this.needInit) {
      if (this.outstanding.length) return;
      const { resize } = this.needInit;
      this.needInit = null;
      this.send("init", 0, { resize });
      return;
    }
    if (this.playing) {
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
    this.send("step", single ? 1 : this.plannedSteps(trainCount), {}, single);
    if (this.playing) this.pump();
  }
  /** Play requests kept outstanding: two, or one when a request's cycle takes long. */
  depth() {
    return this.timings.length && msPerStep(this.timings) * this.stepsPerRequest > LONG_CYCLE_MS ? 1 : 2;
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
   */
  send(kind, steps, extra, single = false) {
    const id = `${this.viewId}-${this.nextRequest++}`;
    this.outstanding.push({ id, kind, steps, sent: this.now(), single });
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
      this.adaptSteps(req.steps, typeof msg.ms === "number" ? msg.ms : now - Math.max(req.sent, this.lastReply));
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

// js/views.js
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
   * @param {() => void} [again] asks for another frame (maps still being computed)
   */
  constructor(tooltip, again = () => {
  }) {
    this.again = again;
    this.out = {};
    this.readouts = h(
      "div",
      { class: "nv-readouts" },
      READOUTS.map(([label, id]) => {
        this.out[id] = h("output", { "data-testid": id });
        return h("div", { class: "nv-readout", role: "group" }, [h("span", { text: label }), this.out[id]]);
      })
    );
    this.network = h("div", { class: "nv-network", "data-testid": "network", role: "img", "aria-label": "Network graph" });
    const lossCanvas = (
      /** @type {HTMLCanvasElement} */
      h("canvas", { class: "nv-loss", "data-testid": "loss-chart", role: "img", "aria-label": "Loss chart" })
    );
    this.side = h("section", { class: "nv-side", "aria-label": "Network and loss" }, [
      h("h2", { text: "Network" }),
      this.network,
      h("h2", { text: "Loss" }),
      lossCanvas,
      h("div", { class: "nv-legend" }, [
        h("span", { class: "nv-key nv-key-train", text: "train" }),
        h("span", { class: "nv-key nv-key-test", text: "test" })
      ])
    ]);
    this.graph = new NetworkGraph(this.network, tooltip);
    this.chart = new LossChart(lossCanvas, tooltip);
    this.mapCanvas = document.createElement("canvas");
    this.lastMapKey = null;
    this.job = null;
    this.restUntil = 0;
    this.restTimer = null;
  }
  /**
   * Draws a frame: the maps into the plane (through `drawPlane`), the graph, the chart and the
   * readouts.
   * @param {Frame} f
   * @param {(map: HTMLCanvasElement | null) => void} drawPlane
   */
  render(f, drawPlane) {
    const start = performance.now();
    const fresh = this.updateMaps(f, f.deadline ?? start + FRAME_BUDGET_MS);
    drawPlane(f.net && this.lastMapKey?.[0] ? this.mapCanvas : null);
    this.chart.update(f.history.losses);
    this.showReadouts(f);
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
    const key = [net, config.activation, config.features, ui.discretize, this.network.clientWidth];
    const same = (k) => Boolean(k) && key.every((v, i) => v === k?.[i]);
    if (!net) {
      this.job = null;
      if (same(this.lastMapKey)) return false;
      this.lastMapKey = key;
      this.graph.update(null, config.features, null);
      return true;
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
      const { xs, ys } = gridPoints(g);
      const options2 = { features: config.features, activation: config.activation, g, discretize: ui.discretize, neuronGrid: Math.min(NEURON_GRID, g) };
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
    const maps = imagesOf(job.forward.result, job.net, { ...job.options, shown: this.graph.plan(sizes) });
    putImage(this.mapCanvas, maps.decision);
    this.graph.update(job.net, job.options.features, maps.neurons);
    this.lastMapKey = job.key;
    const end = performance.now();
    if (job.forward.sliced) this.restUntil = end + MAP_REST * (job.workMs + end - afterRun);
    if (!same(job.key)) this.again();
    return true;
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
    if (f.metricsPending) for (const id of ["train-loss", "test-loss", "train-accuracy", "test-accuracy"]) this.out[id].textContent = "…";
  }
  destroy() {
    if (this.restTimer !== null) clearTimeout(this.restTimer);
    this.graph.destroy();
    this.chart.destroy();
  }
};
function putImage(canvas, image) {
  if (canvas.width !== image.width || canvas.height !== image.height) {
    canvas.width = image.width;
    canvas.height = image.height;
  }
  canvas.getContext("2d")?.putImageData(image, 0, 0);
}

// js/readings.js
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
   * @param {{features: string[], activation: string}} config
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
      job: new ForwardJob(net, config.features, config.activation, data.x, data.y, false, this.now),
      data,
      value: null
    }));
    if (entry.job?.run(deadline)) {
      const m = metricsOf(entry.job.result.logits, net[net.length - 1].nOut, entry.data);
      entry.value = { loss: m.loss, accuracy: m.accuracy, testLoss: m.testLoss, testAccuracy: m.testAccuracy };
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

// js/app.js
var viewCount = 0;
var HELP = [
  "Pick a class colour and click or drag on the plane to add points; the Eraser removes points under its circle. Undo takes back the last change to the points.",
  "Or choose a data set and press Generate. Test fraction holds some points out of training (drawn hollow) to show how well the network generalizes.",
  "Press Play to train and watch the decision regions, every neuron's map and the loss change. Step runs one training step.",
  "Hidden layers takes sizes such as 8-8-4. Changing the layers, the activation or the features starts from fresh weights; the other settings apply while training.",
  "Edges are blue for positive and red for negative weights, thicker for larger ones; hover one to read it. While paused, drag History to look back."
];
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
    this.undo = new Undo();
    this.networks = new NetworkCache();
    this.metrics = new LiveReadings();
    this.loop = new TrainingLoop(model, this.viewId, {
      hasNetwork: () => this.liveNet() !== null,
      config: () => this.config,
      trainCount: () => this.data.test.filter((t) => !t).length,
      limits: () => this.limits(),
      say: (text) => this.say(text),
      playingChanged: (on) => this.playingChanged(on),
      stepped: () => this.scheduleRender(),
      paceNote: (text) => {
        if (this.paceEl && this.paceEl.textContent !== text) this.paceEl.textContent = text;
      },
      initialized: () => {
        if (!model.get("step")) this.history.start();
        this.scheduleRender();
      }
    });
    this.history = new HistoryView(model, `${this.viewId}-history`, {
      playing: () => this.loop.playing,
      changed: () => this.scheduleRender(),
      liveMetrics: () => {
        const net = this.liveNet();
        return net ? this.liveMetrics(net) : null;
      }
    });
    const historyProblem = this.history.load();
    if (historyProblem) this.notices.push(historyProblem);
    const given = this.currentData();
    if (given.problem) this.notices.push(given.problem);
    this.data = given.data ?? generate(this.generatorSettings());
    if (!given.data) model.set("data", this.data);
    this.build();
    this.subscriptions = [
      ["change:config", () => this.onConfig()],
      ["change:data", () => this.onData()],
      ["change:weights", () => this.scheduleRender()],
      ["change:metrics", () => this.onMetrics()],
      ["change:step", () => this.history.onStep()],
      ["change:status", () => this.onStatus()],
      ["change:history", () => this.history.onHostHistory()],
      ["change:limits", () => this.onLimits()],
      ["change:schema", () => this.onSchema()],
      ["msg:custom", (msg) => this.loop.onReply(msg)]
    ];
    for (const [name, cb] of this.subscriptions) model.on(name, cb);
    this.start();
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
    this.root = h("div", { class: "nnvisu", "data-testid": "nnvisu-root" });
    this.el.append(this.root);
    this.tooltip = makeTooltip(this.root);
    this.statusEl = h("span", { class: "nv-status", "data-testid": "connection-status" });
    this.paceEl = h("span", { class: "nv-pace", "data-testid": "pace-note" });
    this.messageEl = h("div", { class: "nv-message", "data-testid": "message", role: "status", "aria-live": "polite" });
    this.controls = new Controls(this.viewId, this.schema, this.ui, this.actions());
    this.views = new Views(this.tooltip, () => this.frames.work());
    const canvas = (
      /** @type {HTMLCanvasElement} */
      h("canvas", { class: "nv-plane", "data-testid": "plane", "aria-label": "Data plane", role: "img", tabindex: 0 })
    );
    this.plane = new Plane(canvas, {
      tool: () => this.ui.tool,
      stroke: () => new Stroke(this.undo),
      apply: (p, stroke) => this.applyTool(p, stroke),
      say: (text) => this.say(text),
      changed: () => this.scheduleRender()
    });
    const c = this.controls;
    this.root.append(
      h("header", { class: "nv-header" }, [
        h("h1", {}, [h("span", { text: "nnvisu" }), h("small", { text: " watch a neural network learn" })]),
        this.statusEl
      ]),
      h("div", { class: "nv-toolbar" }, [c.playBtn, c.stepBtn, c.resetBtn, this.paceEl, this.views.readouts]),
      h("div", { class: "nv-main" }, [
        c.panel,
        h("section", { class: "nv-stage", "aria-label": "Data" }, [h("div", { class: "nv-plane-wrap" }, [canvas]), this.history.element, this.messageEl]),
        this.views.side
      ]),
      h("details", { class: "nv-help" }, [h("summary", { text: "How to use" }), h("ul", {}, HELP.map((text) => h("li", { text })))]),
      this.tooltip.el
    );
    this.onPageHide = () => this.history.flush();
    window.addEventListener("pagehide", this.onPageHide);
    this.resize = new ResizeObserver(() => this.scheduleRender());
    this.resize.observe(canvas);
    this.resize.observe(this.views.network);
  }
  /** @returns {import("./controls.js").ControlActions} */
  actions() {
    return {
      guard: (fn) => this.guarded(fn),
      togglePlay: () => this.loop.setPlaying(!this.loop.playing),
      step: () => {
        this.history.unscrub();
        this.loop.step();
      },
      resetWeights: () => this.requestInit(false),
      undo: () => {
        const prev = this.undo.pop();
        if (!prev) fail("Nothing to undo");
        this.setData(keepClasses(prev, this.classes()).data);
      },
      clearPoints: () => {
        if (!this.data.x.length) return;
        this.undo.push(this.data);
        this.setData(emptyData());
      },
      generate: () => {
        this.undo.push(this.data);
        const next = generate(this.generatorSettings());
        if (TWO_CLASS.has(this.config.dataset) && this.classes() > 2) this.say(`${this.config.dataset} makes 2 classes`);
        this.setData(next);
      },
      setUi: (change) => this.setUi(change),
      setConfig: (change) => this.setConfig(change),
      changeArchitecture: (change) => this.changeArchitecture(change),
      changeClasses: (k) => this.changeClasses(k),
      changeOptimizer: (name) => {
        this.setConfig({ optimizer: name });
        this.model.set("optimizer", null);
        this.model.save_changes();
      }
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
    if (this.onPageHide) window.removeEventListener("pagehide", this.onPageHide);
    this.plane?.destroy();
    this.views?.destroy();
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
    return { dataset: c.dataset, points: Math.min(c.points, this.limits().maxPoints), noise: c.noise, classes: this.classes(), seed: c.dataSeed, testFraction: c.testFraction };
  }
  /** @returns {{data: Data | null, problem?: string}} the model's points, if it has usable ones */
  currentData() {
    const raw = this.model.get("data");
    if (raw === null || raw === void 0 || typeof raw === "object" && !("x" in raw)) return { data: null };
    try {
      return { data: validateData(raw, this.classes()) };
    } catch (e) {
      return { data: null, problem: `The points cannot be used (${errorText(e)}); generating new ones` };
    }
  }
  /** The live network, or null while the weights do not fit the config (before an init). */
  liveNet() {
    return this.networks.of(this.model.get("weights"), this.config.architecture);
  }
  /**
   * Metrics of the live weights on the current points. The trainer sends them with the weights
   * it returns; they are computed here only when the points or the weights changed since
   * (an edit, a reset), and then once per change, over several frames for a large network
   * (null until done).
   * While playing, the trainer's next reply brings them: a large network's are not computed.
   * @param {Layer[]} net
   * @param {number} [deadline] when this frame's share of the work ends
   * @returns {Readings | null}
   */
  liveMetrics(net, deadline = performance.now() + FRAME_BUDGET_MS) {
    const readings = this.metrics.get(this.metricsKey(), net, this.config, this.data, deadline, this.loop.playing);
    if (this.metrics.pending) this.frames.work();
    return readings;
  }
  /** What the live metrics depend on, compared by identity. */
  metricsKey() {
    return [this.model.get("weights"), this.model.get("data"), this.config];
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
   * Changes that need fresh weights: architecture, activation, features.
   * @param {Record<string, any>} change
   */
  changeArchitecture(change) {
    const shape = () => JSON.stringify([this.config.architecture, this.config.activation, this.config.features]);
    const before = shape();
    this.setConfig(change);
    if (shape() !== before) this.requestInit(false);
  }
  /** @param {number} k */
  changeClasses(k) {
    if (k === this.classes()) return;
    const { data, dropped } = keepClasses(this.data, k);
    if (dropped) {
      this.undo.push(this.data);
      this.setData(data);
      this.say(`Removed ${dropped} point${dropped === 1 ? "" : "s"} of the classes above ${k}`);
    }
    this.loop.requestInit(true, false);
    this.setConfig({ architecture: [...this.config.architecture.slice(0, -1), k] });
    this.loop.pump();
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
    this.scheduleRender();
  }
  /** @param {Data} next */
  setData(next) {
    this.data = next;
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
      next = erased(this.data, p);
    } else if (this.data.x.length >= this.limits().maxPoints) {
      this.say(`At most ${this.limits().maxPoints} points`);
      next = null;
    } else {
      next = withPoint(this.data, p, this.ui.selectedClass);
    }
    if (!next) return;
    stroke.changed(this.data, p);
    this.setData(next);
  }
  // ------------------------------------------------------------------ changes from the host
  onConfig() {
    const raw = this.model.get("config");
    if (JSON.stringify(raw) === JSON.stringify(this.config)) return;
    const { config, problems } = readConfig(raw ?? {}, this.schema);
    if (problems.length) this.say(configProblem(problems));
    const shape = (c) => JSON.stringify([c.architecture, c.activation, c.features]);
    const archChanged = shape(config) !== shape(this.config);
    this.config = config;
    if (archChanged && !this.liveNet()) this.loop.initIfIdle();
    this.syncControls();
    this.scheduleRender();
    this.loop.pump();
  }
  onData() {
    const { data, problem } = this.currentData();
    if (data) this.data = data;
    if (problem) this.say(problem);
    this.scheduleRender();
  }
  onStatus() {
    const err = this.model.get("status")?.error;
    if (err?.message) this.say(err.message);
    this.scheduleRender();
  }
  onLimits() {
    this.syncControls();
    this.scheduleRender();
  }
  /** A new schema from the host (its bounds may differ): the controls and the config follow it. */
  onSchema() {
    try {
      this.schema = readSchema(this.model.get("schema"));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.say(`The host's new settings schema cannot be used (${errorText(e)}); keeping the one before`);
      return;
    }
    const { problems } = readConfig(this.model.get("config") ?? this.config, this.schema);
    if (problems.length) this.say(configProblem(problems));
    this.syncControls();
    this.scheduleRender();
  }
  /**
   * The trainer's metrics arrived with new weights: they are the live metrics until either the
   * weights or the points change.
   */
  onMetrics() {
    const m = this.model.get("metrics");
    if (!m || typeof m.loss !== "number" || !Number.isFinite(m.loss)) return;
    const { loss, accuracy, testLoss = null, testAccuracy = null } = m;
    this.metrics.set(this.metricsKey(), { loss, accuracy, testLoss, testAccuracy });
  }
  // ------------------------------------------------------------------ rendering
  scheduleRender() {
    this.frames.render();
  }
  render() {
    const status = this.model.get("status");
    if (this.statusEl) {
      this.statusEl.textContent = status?.state ?? "kernel";
      this.statusEl.dataset.state = this.statusEl.textContent;
    }
    this.views?.render(this.frame(), (map) => this.plane?.draw(map, this.data, this.ui));
    this.history.sync();
  }
  /** A work frame (frames.js): true when maps or readings being computed are done. */
  work() {
    const pending = this.metrics.pending;
    const f = this.frame();
    return Boolean(this.views?.updateMaps(f, f.deadline ?? 0)) || pending && !this.metrics.pending;
  }
  /** @returns {import("./views.js").Frame} what a frame shows */
  frame() {
    const deadline = performance.now() + FRAME_BUDGET_MS;
    const live = this.liveNet();
    const shown = this.history.shown();
    const net = shown ? this.networks.snapshot(shown.weights, this.config.architecture) : live;
    const metrics = live ? this.liveMetrics(live, deadline - (this.views?.job ? FRAME_BUDGET_MS / 2 : 0)) : null;
    return {
      net,
      metrics,
      metricsPending: Boolean(live) && !metrics,
      config: this.config,
      ui: this.ui,
      data: this.data,
      history: this.history.history,
      step: Number(this.model.get("step") ?? 0),
      deadline
    };
  }
};
function configProblem(problems) {
  return `The host's config cannot be used as it is (${problems.join("; ")}); those settings show their defaults here, and the host's config is left as it is`;
}

// js/wire.js
var MAGIC = "NNVB";
var PREFIX_BYTES = 8;
var LITTLE_ENDIAN2 = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
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
  if (LITTLE_ENDIAN2) {
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
  if (LITTLE_ENDIAN2) return { shape: [...shape], values: new Float32Array(buffer, at, size) };
  const view = new DataView(buffer, at, 4 * size);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = view.getFloat32(4 * i, true);
  return { shape: [...shape], values };
}

// js/connection.js
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

// js/standalone.js
var STORAGE_KEYS = {
  config: "nnvisu_config",
  weights: "nnvisu_weights",
  data: "nnvisu_data",
  history: "nnvisu_history",
  ui: "nnvisu_ui"
};
var MODEL_GROUP = ["weights", "optimizer", "step", "metrics"];
var STATE_KEYS = /* @__PURE__ */ new Set(["config", "weights", "optimizer", "step", "data"]);
var StandaloneModel = class {
  /** @param {StandaloneOptions} options */
  constructor(options2) {
    this.url = options2.url;
    this.storage = options2.storage ?? null;
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
  save_changes() {
    const groups = new Set([...this.dirty].map((k) => MODEL_GROUP.includes(k) ? "weights" : k));
    this.dirty.clear();
    for (const g of groups) {
      if (!(g in STORAGE_KEYS)) continue;
      const key = STORAGE_KEYS[
        /** @type {keyof STORAGE_KEYS} */
        g
      ];
      const record2 = { version: 1 };
      if (g === "weights") {
        if (this.values.weights === null) {
          this._remove(key);
          continue;
        }
        for (const k of MODEL_GROUP) record2[k] = this.values[k];
        record2.weights = nestedOf(this.values.weights, true);
        record2.optimizer = mapBuffers(this.values.optimizer, (v, name) => toNested(toTensor(v, name), true));
      } else {
        if (this.values[g] === null) {
          this._remove(key);
          continue;
        }
        record2[g] = this.values[g];
      }
      this._write(key, JSON.stringify(record2));
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
   * @param {string} name
   * @param {Listener} callback
   */
  off(name, callback) {
    this.listeners.get(name)?.delete(callback);
  }
  /** @param {any} msg `{type: "step", id, steps}` or `{type: "init", id, resize?}` */
  send(msg) {
    if (msg?.type !== "step" && msg?.type !== "init") {
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
    if (!this.storage) return;
    const config = this._loadKey("config", (v) => validateConfig(v.config, schema));
    if (config) {
      this.values.config = config;
      this.dirty.delete("config");
    }
    const model = this._loadKey("weights", (v) => {
      const weights = v.weights === null ? null : validateWeights(v.weights, this.values.config.architecture);
      const step = v.step ?? 0;
      if (!Number.isInteger(step) || step < 0) throw new ValidationError("step must be a whole number");
      return { weights, optimizer: validateOptimizer(v.optimizer, this.values.config), step, metrics: v.metrics ?? null };
    });
    if (model) Object.assign(this.values, model);
    const classes = this.values.config.architecture.at(-1);
    const data = this._loadKey("data", (v) => validateData(v.data, classes));
    if (data) this.values.data = data;
    const history = this._loadKey("history", (v) => validateHistory(v.history));
    if (history) this.values.history = history;
    const ui = this._loadKey("ui", (v) => validateUi(v.ui));
    if (ui) this.values.ui = ui;
    if (this.problems.length) this._setStatus({ error: { code: "storage", field: null, message: this.problems.join("; ") } });
    this.generation++;
  }
  /**
   * @template T
   * @param {keyof STORAGE_KEYS} name
   * @param {(value: Record<string, any>) => T} validate
   * @returns {T | null}
   */
  _loadKey(name, validate) {
    const key = STORAGE_KEYS[name];
    let raw = null;
    try {
      raw = /** @type {Storage} */
      this.storage.getItem(key);
    } catch (e) {
      this.problems.push(`cannot read ${key}: ${e}`);
      return null;
    }
    const parsed = parseStored(key, raw);
    if ("missing" in parsed) return null;
    let problem;
    if ("error" in parsed) {
      problem = parsed.error;
    } else {
      try {
        return validate(parsed.value);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        problem = `${key}: ${e.message}`;
      }
    }
    this.problems.push(`${problem}; replaced by defaults`);
    this._remove(key);
    return null;
  }
  /** @param {string} key @param {string} text */
  _write(key, text) {
    if (!this.storage) return;
    try {
      this.storage.setItem(key, text);
    } catch (e) {
      const full = e instanceof Error && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED");
      const message = full ? "Browser storage is full: this tab keeps working, but changes will not survive a reload until space is freed (fewer points or smaller layers help)" : `Cannot save to browser storage: ${e}`;
      this._setStatus({ error: { code: "storage_full", field: key, message } });
    }
  }
  /** @param {string} key */
  _remove(key) {
    try {
      this.storage?.removeItem(key);
    } catch {
    }
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
    if (msg.type === "status") {
      this._setStatus(msg.change);
    } else if (msg.type === "hello") {
      if (msg.schema !== null && JSON.stringify(msg.schema) !== JSON.stringify(this.values.schema)) this._setSchema(msg.schema);
      this._set("limits", msg.limits, false);
    } else if (msg.type === "reply") {
      this._onReply(msg.pending, msg.msg, msg.ms);
    }
  }
  /**
   * @param {Pending} pending
   * @param {any} msg the wire reply
   * @param {number} [ms] the cycle it ended, as the connection timed it
   */
  _onReply(pending, msg, ms) {
    if (msg.type === "error") {
      this._reply({ type: "error", id: pending.id, code: msg.code, field: msg.field ?? null, message: msg.message });
      return;
    }
    if (pending.generation !== this.generation) {
      this._reply({ type: "error", id: pending.id, code: "stale", field: null, message: "the state changed while this request ran; its reply was dropped" });
      return;
    }
    const next = stateAfter(pending, msg, this.values.step);
    if (msg.type === "step_result") {
      const metrics = { loss: msg.loss, accuracy: msg.accuracy, testLoss: msg.testLoss, testAccuracy: msg.testAccuracy };
      this._setTogether({ ...next, metrics });
      const counts = { trainCount: msg.trainCount, testCount: msg.testCount };
      this._reply({ type: "step_result", id: pending.id, step: msg.step, ...metrics, ...counts, ...ms === void 0 ? {} : { ms } });
      this.save_changes();
    } else if (msg.type === "init_result") {
      this._setTogether(pending.resize ? { weights: next.weights, optimizer: next.optimizer } : { ...next, metrics: null });
      this.save_changes();
      this._reply({ type: "init_result", id: pending.id });
    }
  }
};
function socketUrl(baseURI) {
  const url = new URL("ws", baseURI);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

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
    uiStore: {
      load: () => model.get("ui"),
      save: (ui) => {
        model.set("ui", ui);
        model.save_changes();
      }
    }
  });
  model.connect();
  return () => {
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
  startPage
};
