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
  const layers = [];
  for (let i = 0; `layer_${i}_weights` in weights; i++) {
    const rows = (
      /** @type {number[][]} */
      weights[`layer_${i}_weights`]
    );
    const bias = (
      /** @type {number[]} */
      weights[`layer_${i}_bias`]
    );
    const nOut = rows.length;
    const nIn = nOut ? rows[0].length : 0;
    if (!Array.isArray(bias) || bias.length !== nOut) {
      throw new Error(`layer_${i}_bias must have ${nOut} entries`);
    }
    if (i > 0 && layers[i - 1].nOut !== nIn) {
      throw new Error(`layer_${i}_weights takes ${nIn} inputs but layer ${i - 1} has ${layers[i - 1].nOut} outputs`);
    }
    const w = new Float64Array(nOut * nIn);
    rows.forEach((row, o) => w.set(row, o * nIn));
    layers.push({ nIn, nOut, w, b: Float64Array.from(bias) });
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
function evaluate(net, features, activation, data) {
  const { logits } = forwardBatch(net, features, activation, data.x, data.y);
  const classes = net[net.length - 1].nOut;
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

// js/graph.js
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
var GAP = 5;
var LEFT = 40;
var PAD = 8;
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
    this.size = 0;
    this.width = 0;
    this.net = null;
    this.features = [];
    this.pointer = null;
    this.onMove = (e) => {
      const box = this.container.getBoundingClientRect();
      this.pointer = { clientX: e.clientX, clientY: e.clientY, x: e.clientX - box.left, y: e.clientY - box.top };
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
      (column, c) => column.forEach((canvas, i) => {
        const ctx = canvas.getContext("2d");
        if (ctx && all[c]?.[i]) ctx.putImageData(all[c][i], 0, 0);
      })
    );
    this.drawEdges(net);
    this.refreshTooltip();
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
    const maxN = Math.max(...sizes);
    const s = Math.max(6, Math.min(30, Math.floor(300 / maxN) - GAP));
    this.size = s;
    const height = maxN * (s + GAP) - GAP + 2 * PAD;
    const columns = sizes.length;
    const span = width - LEFT - PAD - s;
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
    sizes.forEach((n, c) => {
      const left = LEFT + (columns > 1 ? c * span / (columns - 1) : 0);
      const top = PAD + (maxN - n) * (s + GAP) / 2;
      const column = [];
      const centres = [];
      for (let i = 0; i < n; i++) {
        const canvas = document.createElement("canvas");
        canvas.width = grid;
        canvas.height = grid;
        canvas.className = "nv-neuron";
        const y = top + i * (s + GAP);
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
    let maxAbs = 1e-12;
    for (const l of net) for (const v of l.w) maxAbs = Math.max(maxAbs, Math.abs(v));
    const half = this.size / 2;
    net.forEach((layer, l) => {
      const from = this.centres[l];
      const to = this.centres[l + 1];
      for (let o = 0; o < layer.nOut; o++) {
        for (let i = 0; i < layer.nIn; i++) {
          const w = layer.w[o * layer.nIn + i];
          const m = Math.abs(w) / maxAbs;
          ctx.strokeStyle = css(w >= 0 ? POSITIVE_RGB : NEGATIVE_RGB, 0.25 + 0.65 * m);
          ctx.lineWidth = 0.4 + 3.6 * m;
          ctx.beginPath();
          ctx.moveTo(from[i].x + half, from[i].y);
          ctx.lineTo(to[o].x - half, to[o].y);
          ctx.stroke();
        }
      }
    });
  }
  /** The text of whatever is under the pointer, from the current weights. */
  refreshTooltip() {
    const p = this.pointer;
    const net = this.net;
    if (!p || !net || !this.centres.length) return;
    const text = this.neuronAt(p.x, p.y, net) ?? this.edgeAt(p.x, p.y, net);
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
      const i = this.centres[c].findIndex((q) => Math.abs(q.x - x) <= half && Math.abs(q.y - y) <= half);
      if (i >= 0) {
        const name = c === this.centres.length - 1 ? `output ${i + 1}` : `neuron ${c}.${i + 1}`;
        return `${name}: bias ${net[c - 1].b[i].toFixed(3)}`;
      }
    }
    return null;
  }
  /**
   * The edge nearest to (x, y) within a few pixels.
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
      for (let o = 0; o < layer.nOut; o++) {
        for (let i = 0; i < layer.nIn; i++) {
          const d = segmentDistance(x, y, from[i].x + half, from[i].y, to[o].x - half, to[o].y);
          if (d < best) {
            best = d;
            const src = l === 0 ? `input ${FEATURE_LABELS[this.features[i]]}` : `neuron ${l}.${i + 1}`;
            const dst = l === net.length - 1 ? `output ${o + 1}` : `neuron ${l + 1}.${o + 1}`;
            text = `${src} → ${dst}: weight ${layer.w[o * layer.nIn + i].toFixed(3)}`;
          }
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

// js/chart.js
var TRAIN_COLOR = "#1f2937";
var TEST_COLOR = "#d55e00";
var PAD2 = { left: 36, right: 8, top: 8, bottom: 18 };
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
      ctx.fillText("the loss appears here while training", PAD2.left, h2 / 2);
      return;
    }
    const { x0, x1, yMax } = this.scale();
    const plotW = w - PAD2.left - PAD2.right;
    const plotH = h2 - PAD2.top - PAD2.bottom;
    const sx = (s) => PAD2.left + (x1 > x0 ? (s - x0) / (x1 - x0) * plotW : plotW);
    const sy = (v) => PAD2.top + plotH * (1 - v / yMax);
    ctx.strokeStyle = "#d1d5db";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(PAD2.left, PAD2.top);
    ctx.lineTo(PAD2.left, PAD2.top + plotH);
    ctx.lineTo(PAD2.left + plotW, PAD2.top + plotH);
    ctx.stroke();
    ctx.fillText(yMax.toPrecision(2), 2, PAD2.top + 8);
    ctx.fillText("0", PAD2.left - 10, PAD2.top + plotH);
    ctx.fillText(`step ${x1}`, PAD2.left + plotW - 60, h2 - 4);
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
    const plotW = (this.canvas.clientWidth || 300) - PAD2.left - PAD2.right;
    const step = x0 + (p.x - PAD2.left) / plotW * (x1 - x0);
    let best = this.losses[0];
    for (const row of this.losses) if (Math.abs(row[0] - step) < Math.abs(best[0] - step)) best = row;
    const test = best[2] === null ? "" : `, test loss ${best[2].toFixed(3)}`;
    this.tooltip.show(`step ${best[0]}: train loss ${best[1].toFixed(3)}${test}`, p.clientX, this.pointerY);
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
    snapshots = [...snapshots, { step, weights }];
    if (snapshots.length > MAX_SNAPSHOTS) snapshots = thin(snapshots);
  }
  return { losses, snapshots };
}
function nextSteps(samples, steps, targetMs) {
  const slopes = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const ds = samples[j][0] - samples[i][0];
      if (ds !== 0) slopes.push((samples[j][1] - samples[i][1]) / ds);
    }
  }
  if (!slopes.length) return steps * 2;
  const perStep = Math.max(median(slopes), 1e-3);
  const overhead = Math.max(0, median(samples.map(([s, t]) => t - perStep * s)));
  const work = Math.max(targetMs - overhead, overhead);
  return Math.max(1, Math.min(Math.round(work / perStep), steps * 2));
}
function median(values) {
  values.sort((a, b) => a - b);
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}

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
var MAP_WORK = 225e4;
var ACTIVATION_WORK = 4;
function mapResolution(net) {
  const perPoint = net.reduce((s, l, i) => s + l.nIn * l.nOut + (i < net.length - 1 ? ACTIVATION_WORK * l.nOut : 0), 0);
  return Math.max(32, Math.min(90, Math.floor(Math.sqrt(MAP_WORK / perPoint))));
}
function mapImages(net, features, activation, g, discretize, neuronGrid) {
  const { xs, ys } = gridPoints(g);
  const res = forwardBatch(net, features, activation, xs, ys);
  const cells = new Int32Array(neuronGrid * neuronGrid);
  for (let r = 0; r < neuronGrid; r++) {
    const fr = Math.floor((r + 0.5) * g / neuronGrid);
    for (let c = 0; c < neuronGrid; c++) cells[r * neuronGrid + c] = fr * g + Math.floor((c + 0.5) * g / neuronGrid);
  }
  return {
    decision: decisionImage(res.probs, net[net.length - 1].nOut, g, discretize),
    neurons: neuronImages(res, net, features, activation, xs, ys, cells, neuronGrid)
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
function neuronImages(res, net, features, activation, xs, ys, cells, size) {
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
  const layers = res.hidden.map(
    (h2, l) => Array.from({ length: net[l].nOut }, (_, i) => {
      const row = i * res.n;
      for (let p = 0; p < n; p++) {
        const v = h2[row + cells[p]];
        values[p] = activation === "sigmoid" ? 2 * v - 1 : v;
      }
      return image(bounded);
    })
  );
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

// js/work.js
function workTerms(config, trainPoints, allPoints) {
  const arch = config.architecture;
  const layers = arch.length - 1;
  const hidden = arch.slice(1, -1).reduce((s, n) => s + n, 0);
  const neurons = hidden + arch[layers];
  const params = arch.slice(1).reduce((s, n, i) => s + n * (arch[i] + 1), 0);
  const batch = config.batchSize > 0 && config.batchSize < trainPoints ? config.batchSize : trainPoints;
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

// js/state.js
var STORAGE_VERSION = 1;
var OPTIMIZERS = ["sgd", "momentum", "adam", "rmsprop"];
var MIN_CLASSES = 2;
var MAX_CLASSES = 8;
var MAX_DROPOUT = 0.95;
var MAX_TEST_FRACTION = 0.9;
var MAX_NOISE = 3;
var DEFAULT_LIMITS = Object.freeze({ maxHiddenLayers: 10, maxNeurons: 100, maxPoints: 5e3, maxSteps: 1e3 });
function defaultConfig() {
  return {
    architecture: [2, 8, 8, 2],
    activation: "tanh",
    optimizer: "adam",
    learningRate: 0.03,
    momentum: 0.9,
    l1: 0,
    l2: 0,
    batchSize: 0,
    dropout: 0,
    features: ["x", "y"],
    seed: 1,
    dataset: "circles",
    points: 200,
    noise: 0.3,
    dataSeed: 1,
    testFraction: 0
  };
}
function defaultUi() {
  return { selectedClass: 0, tool: "add", showTest: true, discretize: false };
}
function emptyHistory() {
  return { losses: [], snapshots: [] };
}
function emptyData() {
  return { x: [], y: [], label: [], test: [] };
}
var ValidationError = class extends Error {
};
function fail(msg) {
  throw new ValidationError(msg);
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function checkNumber(v, name, lo, hi, opts = {}) {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(`${name} must be a number`);
  if (opts.integer && !Number.isInteger(v)) fail(`${name} must be a whole number, got ${v}`);
  if ((opts.openLo ? v <= lo : v < lo) || v > hi) {
    fail(`${name} must be ${opts.openLo ? "above" : "at least"} ${lo} and at most ${hi}, got ${v}`);
  }
  return v;
}
function validateConfig(value, limits = DEFAULT_LIMITS) {
  if (!isObject(value)) fail("config must be an object");
  const d = defaultConfig();
  const v = { ...d, ...value };
  const features = v.features;
  if (!Array.isArray(features) || !features.length) fail("config.features must list at least one feature");
  for (const f of features) {
    if (!FEATURES.includes(f)) fail(`config.features: unknown feature ${JSON.stringify(f)}`);
  }
  if (new Set(features).size !== features.length) fail("config.features lists a feature twice");
  const arch = value.architecture === void 0 ? [features.length, 8, 8, 2] : v.architecture;
  if (!Array.isArray(arch) || arch.length < 2) fail("config.architecture must list the input and output sizes");
  arch.forEach((n, i) => checkNumber(n, `config.architecture[${i}]`, 1, 1e9, { integer: true }));
  if (arch[0] !== features.length) {
    fail(`config.architecture[0] is ${arch[0]} but ${features.length} features are enabled`);
  }
  checkNumber(arch[arch.length - 1], "the number of classes", MIN_CLASSES, MAX_CLASSES, { integer: true });
  checkHidden(arch.slice(1, -1), limits);
  if (!ACTIVATIONS.includes(
    /** @type {string} */
    v.activation
  )) {
    fail(`config.activation: unknown activation ${JSON.stringify(v.activation)}`);
  }
  if (!OPTIMIZERS.includes(
    /** @type {string} */
    v.optimizer
  )) {
    fail(`config.optimizer: unknown optimizer ${JSON.stringify(v.optimizer)}`);
  }
  if (!DATASETS.includes(
    /** @type {string} */
    v.dataset
  )) {
    fail(`config.dataset: unknown data set ${JSON.stringify(v.dataset)}`);
  }
  return {
    architecture: (
      /** @type {number[]} */
      [...arch]
    ),
    activation: (
      /** @type {string} */
      v.activation
    ),
    optimizer: (
      /** @type {string} */
      v.optimizer
    ),
    learningRate: checkNumber(v.learningRate, "Learning rate", 0, 10, { openLo: true }),
    momentum: checkNumber(v.momentum, "config.momentum", 0, 0.999),
    l1: checkNumber(v.l1, "L1", 0, 100),
    l2: checkNumber(v.l2, "L2", 0, 100),
    batchSize: checkNumber(v.batchSize, "Batch size", 0, 1e9, { integer: true }),
    dropout: checkNumber(v.dropout, "Dropout", 0, MAX_DROPOUT),
    features: (
      /** @type {string[]} */
      [...features]
    ),
    seed: checkNumber(v.seed, "Seed", 0, 2 ** 31 - 1, { integer: true }),
    dataset: (
      /** @type {string} */
      v.dataset
    ),
    points: checkNumber(v.points, "Points", 1, 1e9, { integer: true }),
    noise: checkNumber(v.noise, "Noise", 0, MAX_NOISE),
    dataSeed: checkNumber(v.dataSeed, "Data seed", 0, 2 ** 31 - 1, { integer: true }),
    testFraction: checkNumber(v.testFraction, "Test fraction", 0, MAX_TEST_FRACTION)
  };
}
function checkHidden(hidden, limits) {
  if (hidden.length > limits.maxHiddenLayers) {
    fail(`${hidden.length} hidden layers is more than the ${limits.maxHiddenLayers} allowed`);
  }
  for (const n of hidden) {
    if (n > limits.maxNeurons) fail(`a layer of ${n} neurons is more than the ${limits.maxNeurons} allowed`);
  }
}
function parseHidden(text, limits) {
  const t = text.trim();
  if (!t) return [];
  const parts = t.split(/\s*[-,\s]\s*/);
  const sizes = parts.map((p) => {
    if (!/^\d+$/.test(p) || Number(p) < 1) {
      fail(`Hidden layers: ${JSON.stringify(p)} is not a layer size; write sizes such as 8-8-4`);
    }
    return Number(p);
  });
  checkHidden(sizes, limits);
  return sizes;
}
function validateWeights(value, architecture) {
  if (!isObject(value)) fail("weights must be an object");
  const out = {};
  for (let i = 0; i < architecture.length - 1; i++) {
    const [fanIn, fanOut] = [architecture[i], architecture[i + 1]];
    const w = value[`layer_${i}_weights`];
    const b = value[`layer_${i}_bias`];
    if (!Array.isArray(w) || w.length !== fanOut) fail(`layer_${i}_weights must have ${fanOut} rows`);
    for (const row of w) {
      if (!Array.isArray(row) || row.length !== fanIn || !row.every(Number.isFinite)) {
        fail(`layer_${i}_weights must have rows of ${fanIn} finite numbers`);
      }
    }
    if (!Array.isArray(b) || b.length !== fanOut || !b.every(Number.isFinite)) {
      fail(`layer_${i}_bias must have ${fanOut} finite numbers`);
    }
    out[`layer_${i}_weights`] = w;
    out[`layer_${i}_bias`] = b;
  }
  if (`layer_${architecture.length - 1}_weights` in value) fail("weights have more layers than the config");
  return out;
}
function validateOptimizer(value, config) {
  if (value === null || value === void 0) return null;
  if (!isObject(value)) fail("optimizer must be an object or null");
  if (value.type !== config.optimizer) fail(`optimizer state is for ${JSON.stringify(value.type)}, not ${config.optimizer}`);
  checkNumber(value.t, "optimizer.t", 0, Number.MAX_SAFE_INTEGER, { integer: true });
  if (!isObject(value.buffers)) fail("optimizer.buffers must be an object");
  return (
    /** @type {Optimizer} */
    value
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
  checkNumber(v.selectedClass, "ui.selectedClass", 0, MAX_CLASSES - 1, { integer: true });
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

// js/app.js
var TARGET_CYCLE_MS = 30;
var ERASER_RADIUS = 0.5;
var PAINT_SPACING = 0.35;
var NEURON_GRID = 24;
var HISTORY_SAVE_MS = 1e3;
var RENDER_MEASURE = "nnvisu:render";
var MAX_UNDO = 50;
var ACTIVATION_LABELS = (
  /** @type {Record<string, string>} */
  {
    tanh: "tanh",
    relu: "ReLU",
    leaky_relu: "leaky ReLU",
    gelu: "GELU",
    sigmoid: "sigmoid",
    linear: "linear"
  }
);
var OPTIMIZER_LABELS = (
  /** @type {Record<string, string>} */
  {
    sgd: "SGD",
    momentum: "SGD + momentum",
    adam: "Adam",
    rmsprop: "RMSprop"
  }
);
var DATASET_LABELS = (
  /** @type {Record<string, string>} */
  {
    circles: "circles",
    moons: "moons (2 classes)",
    blobs: "blobs",
    anisotropic: "anisotropic blobs",
    varied: "blobs of varied spread",
    xor: "xor (2 classes)",
    spiral: "spirals",
    gaussian: "overlapping Gaussians"
  }
);
var viewCount = 0;
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
var fmtLoss = (v) => v === null || v === void 0 ? "—" : v.toFixed(3);
var fmtPercent = (v) => v === null || v === void 0 ? "—" : `${(v * 100).toFixed(1)}%`;
function createApp(el, model, options = {}) {
  const viewId = `v${++viewCount}-${Math.random().toString(36).slice(2, 8)}`;
  let nextRequest = 1;
  const outstanding = [];
  let lastReply = 0;
  let needInit = null;
  let playing = false;
  let stepOnce = false;
  let stepsPerRequest = 1;
  const timings = [];
  let timingsKey = "";
  let scrub = null;
  const undoStack = [];
  let renderQueued = 0;
  let historyTimer = null;
  let historyDirty = false;
  let destroyed = false;
  const notices = [...options.notices ?? []];
  const limits = () => ({ ...DEFAULT_LIMITS, ...model.get("limits") ?? {} });
  let config;
  const classes = () => config.architecture[config.architecture.length - 1];
  const hidden = () => config.architecture.slice(1, -1);
  try {
    config = validateConfig(model.get("config") ?? {}, limits());
  } catch (e) {
    config = validateConfig({});
    notices.push(`The model's config cannot be used (${errorText(e)}); using defaults`);
  }
  model.set("config", config);
  let ui = defaultUi();
  if (options.uiStore) {
    try {
      const stored = options.uiStore.load();
      if (stored) ui = validateUi(stored);
    } catch (e) {
      notices.push(errorText(e));
    }
  }
  let history = emptyHistory();
  try {
    const h0 = model.get("history");
    if (h0) history = validateHistory(h0);
  } catch (e) {
    notices.push(`The history cannot be used (${errorText(e)}); starting a new one`);
  }
  const given = currentData();
  let data = given ?? generate(generatorSettings());
  if (!given) model.set("data", data);
  function currentData() {
    const raw = model.get("data");
    if (raw === null || raw === void 0 || typeof raw === "object" && !("x" in raw)) return null;
    try {
      return validateData(raw, classes());
    } catch (e) {
      notices.push(`The points cannot be used (${errorText(e)}); generating new ones`);
      return null;
    }
  }
  const compiled = /* @__PURE__ */ new WeakMap();
  function networkOf(weights, architecture = config.architecture) {
    if (!weights || typeof weights !== "object") return null;
    const arch = architecture.join();
    let entry = compiled.get(weights);
    if (!entry || entry.arch !== arch) {
      let net = null;
      try {
        net = compileNetwork(validateWeights(weights, architecture));
      } catch {
        net = null;
      }
      entry = { arch, net };
      compiled.set(weights, entry);
    }
    return entry.net;
  }
  function liveNet() {
    return networkOf(model.get("weights"));
  }
  function generatorSettings() {
    return {
      dataset: config.dataset,
      points: Math.min(config.points, limits().maxPoints),
      noise: config.noise,
      classes: classes(),
      seed: config.dataSeed,
      testFraction: config.testFraction
    };
  }
  el.replaceChildren();
  const root = h("div", { class: "nnvisu", "data-testid": "nnvisu-root" });
  el.append(root);
  const tooltipEl = h("div", { class: "nv-tooltip", "data-testid": "tooltip", role: "tooltip", hidden: true });
  const tooltip = {
    /** @param {string} text @param {number} cx @param {number} cy */
    show(text, cx, cy) {
      const box = root.getBoundingClientRect();
      tooltipEl.textContent = text;
      tooltipEl.hidden = false;
      const x = Math.min(cx - box.left + 12, box.width - tooltipEl.offsetWidth - 4);
      tooltipEl.style.left = `${Math.max(0, x)}px`;
      tooltipEl.style.top = `${cy - box.top + 14}px`;
    },
    hide() {
      tooltipEl.hidden = true;
    }
  };
  const statusEl = h("span", { class: "nv-status", "data-testid": "connection-status" });
  const messageEl = h("div", { class: "nv-message", "data-testid": "message", role: "status", "aria-live": "polite" });
  const playBtn = h("button", { type: "button", class: "nv-play", "aria-label": "Play", onclick: () => guarded(togglePlay) });
  const stepBtn = h("button", { type: "button", "aria-label": "Step", text: "Step", onclick: () => guarded(stepClicked) });
  const resetBtn = h("button", { type: "button", "aria-label": "Reset weights", text: "Reset weights", onclick: () => guarded(resetWeights) });
  const out = {};
  const readout = (label, id) => {
    out[id] = h("output", { "data-testid": id });
    return h("div", { class: "nv-readout", role: "group" }, [h("span", { text: label }), out[id]]);
  };
  const readouts = h("div", { class: "nv-readouts" }, [
    readout("Epoch", "epoch"),
    readout("Step", "step"),
    readout("Train loss", "train-loss"),
    readout("Test loss", "test-loss"),
    readout("Train accuracy", "train-accuracy"),
    readout("Test accuracy", "test-accuracy"),
    readout("Points", "point-count")
  ]);
  const plane = (
    /** @type {HTMLCanvasElement} */
    h("canvas", { class: "nv-plane", "data-testid": "plane", "aria-label": "Data plane", role: "img", tabindex: 0 })
  );
  const historyRange = (
    /** @type {HTMLInputElement} */
    h("input", { type: "range", min: 0, max: 0, step: 1, value: 0, oninput: scrubbed })
  );
  const historyLabel = h("span", { class: "nv-history-step" });
  const datasetSel = select(DATASETS, DATASET_LABELS, config.dataset, () => setConfigKey("dataset", datasetSel.value));
  const pointsIn = numberInput(1, 1, () => setConfigNumber("points", pointsIn, "Points"), { max: limits().maxPoints });
  const noiseIn = numberInput(0.05, 0, () => setConfigNumber("noise", noiseIn, "Noise"), { max: 3 });
  const dataSeedIn = numberInput(1, 0, () => setConfigNumber("dataSeed", dataSeedIn, "Data seed"));
  const testFracIn = numberInput(0.05, 0, () => setConfigNumber("testFraction", testFracIn, "Test fraction"), { max: 0.9 });
  const generateBtn = h("button", { type: "button", text: "Generate", "aria-label": "Generate", onclick: () => guarded(generateData) });
  const classRadios = h("div", { class: "nv-classes", role: "radiogroup", "aria-label": "Class colour" });
  const toolAdd = radio("nv-tool", "Add points", ui.tool === "add", () => setUi({ tool: "add" }));
  const toolErase = radio("nv-tool", "Eraser", ui.tool === "erase", () => setUi({ tool: "erase" }));
  const undoBtn = h("button", { type: "button", text: "Undo", "aria-label": "Undo", onclick: () => guarded(undo) });
  const clearBtn = h("button", { type: "button", text: "Clear points", "aria-label": "Clear points", onclick: () => guarded(clearPoints) });
  const showTestCb = checkbox("Show test points", ui.showTest, (v) => setUi({ showTest: v }));
  const discretizeCb = checkbox("Discretize", ui.discretize, (v) => setUi({ discretize: v }));
  const classesIn = numberInput(1, MIN_CLASSES, changeClasses, { max: MAX_CLASSES });
  const hiddenIn = (
    /** @type {HTMLInputElement} */
    h("input", { type: "text", inputmode: "numeric", placeholder: "e.g. 8-8-4", spellcheck: "false", onchange: () => guarded(changeHidden) })
  );
  const addLayerBtn = h("button", { type: "button", text: "+ layer", "aria-label": "Add hidden layer", onclick: () => guarded(addLayer) });
  const removeLayerBtn = h("button", { type: "button", text: "− layer", "aria-label": "Remove hidden layer", onclick: () => guarded(removeLayer) });
  const activationSel = select(ACTIVATIONS, ACTIVATION_LABELS, config.activation, () => changeArchitecture({ activation: activationSel.value }));
  const featureCbs = {};
  const featureBox = h(
    "div",
    { class: "nv-features" },
    FEATURES.map((f) => {
      const cb = checkbox(`Feature ${FEATURE_LABELS[f]}`, config.features.includes(f), changeFeatures, FEATURE_LABELS[f]);
      featureCbs[f] = /** @type {HTMLInputElement} */
      cb.querySelector("input");
      return cb;
    })
  );
  const optimizerSel = select(OPTIMIZERS, OPTIMIZER_LABELS, config.optimizer, changeOptimizer);
  const lrIn = numberInput("any", 0, () => setConfigNumber("learningRate", lrIn, "Learning rate"));
  const l1In = numberInput("any", 0, () => setConfigNumber("l1", l1In, "L1"));
  const l2In = numberInput("any", 0, () => setConfigNumber("l2", l2In, "L2"));
  const batchIn = numberInput(1, 0, () => setConfigNumber("batchSize", batchIn, "Batch size"));
  const dropoutIn = numberInput(0.05, 0, () => setConfigNumber("dropout", dropoutIn, "Dropout"), { max: 0.95 });
  const seedIn = numberInput(1, 0, () => setConfigNumber("seed", seedIn, "Seed"));
  const network = h("div", { class: "nv-network", "data-testid": "network", role: "img", "aria-label": "Network graph" });
  const lossCanvas = (
    /** @type {HTMLCanvasElement} */
    h("canvas", { class: "nv-loss", "data-testid": "loss-chart", role: "img", "aria-label": "Loss chart" })
  );
  root.append(
    h("header", { class: "nv-header" }, [
      h("h1", {}, [h("span", { text: "nnvisu" }), h("small", { text: " watch a neural network learn" })]),
      statusEl
    ]),
    h("div", { class: "nv-toolbar" }, [playBtn, stepBtn, resetBtn, readouts]),
    h("div", { class: "nv-main" }, [
      h("section", { class: "nv-controls", "aria-label": "Settings" }, [
        h("fieldset", {}, [
          h("legend", { text: "Drawing" }),
          h("div", { class: "nv-row" }, [classRadios]),
          h("div", { class: "nv-row", role: "radiogroup", "aria-label": "Tool" }, [toolAdd, toolErase]),
          h("div", { class: "nv-row" }, [undoBtn, clearBtn]),
          h("div", { class: "nv-row" }, [showTestCb, discretizeCb])
        ]),
        h("fieldset", {}, [
          h("legend", { text: "Data set" }),
          field("Data set", datasetSel, `${viewId}-dataset`),
          field("Points", pointsIn, `${viewId}-points`),
          field("Noise", noiseIn, `${viewId}-noise`),
          field("Data seed", dataSeedIn, `${viewId}-dseed`),
          field("Test fraction", testFracIn, `${viewId}-testfrac`),
          h("div", { class: "nv-row" }, [generateBtn])
        ]),
        h("fieldset", {}, [
          h("legend", { text: "Network" }),
          field("Classes", classesIn, `${viewId}-classes`),
          field("Hidden layers", hiddenIn, `${viewId}-hidden`),
          h("div", { class: "nv-row" }, [addLayerBtn, removeLayerBtn]),
          field("Activation", activationSel, `${viewId}-activation`),
          h("div", { class: "nv-sub", text: "Input features" }),
          featureBox
        ]),
        h("fieldset", {}, [
          h("legend", { text: "Training" }),
          field("Optimizer", optimizerSel, `${viewId}-optimizer`),
          field("Learning rate", lrIn, `${viewId}-lr`),
          field("L1", l1In, `${viewId}-l1`),
          field("L2", l2In, `${viewId}-l2`),
          field("Batch size", batchIn, `${viewId}-batch`),
          field("Dropout", dropoutIn, `${viewId}-dropout`),
          field("Seed", seedIn, `${viewId}-seed`)
        ])
      ]),
      h("section", { class: "nv-stage", "aria-label": "Data" }, [
        h("div", { class: "nv-plane-wrap" }, [plane]),
        h("div", { class: "nv-history" }, [field("History", historyRange, `${viewId}-history`), historyLabel]),
        messageEl
      ]),
      h("section", { class: "nv-side", "aria-label": "Network and loss" }, [
        h("h2", { text: "Network" }),
        network,
        h("h2", { text: "Loss" }),
        lossCanvas,
        h("div", { class: "nv-legend" }, [
          h("span", { class: "nv-key nv-key-train", text: "train" }),
          h("span", { class: "nv-key nv-key-test", text: "test" })
        ])
      ])
    ]),
    h("details", { class: "nv-help" }, [
      h("summary", { text: "How to use" }),
      h("ul", {}, [
        h("li", { text: "Pick a class colour and click or drag on the plane to add points; the Eraser removes points under its circle. Undo takes back the last change to the points." }),
        h("li", { text: "Or choose a data set and press Generate. Test fraction holds some points out of training (drawn hollow) to show how well the network generalizes." }),
        h("li", { text: "Press Play to train and watch the decision regions, every neuron's map and the loss change. Step runs one training step." }),
        h("li", { text: "Hidden layers takes sizes such as 8-8-4. Changing the layers, the activation or the features starts from fresh weights; the other settings apply while training." }),
        h("li", { text: "Edges are blue for positive and red for negative weights, thicker for larger ones; hover one to read it. While paused, drag History to look back." })
      ])
    ]),
    tooltipEl
  );
  const graph = new NetworkGraph(network, tooltip);
  const chart = new LossChart(lossCanvas, tooltip);
  function select(values, labels, value, onchange) {
    const s = (
      /** @type {HTMLSelectElement} */
      h("select", { onchange: () => guarded(onchange) }, values.map((v) => h("option", { value: v, text: labels[v] ?? v })))
    );
    s.value = value;
    return s;
  }
  function numberInput(step, min, onchange, extra = {}) {
    return (
      /** @type {HTMLInputElement} */
      h("input", { type: "number", step, min, max: extra.max, onchange: () => guarded(onchange) })
    );
  }
  function radio(name, label, checked, onchange) {
    const input = h("input", { type: "radio", name: `${viewId}-${name}`, "aria-label": label, checked, onchange: () => guarded(onchange) });
    return h("label", { class: "nv-radio" }, [input, h("span", { text: label, "aria-hidden": "true" })]);
  }
  function checkbox(label, checked, onchange, shown = label) {
    const input = (
      /** @type {HTMLInputElement} */
      h("input", { type: "checkbox", "aria-label": label, checked, onchange: () => guarded(() => onchange(input.checked)) })
    );
    return h("label", { class: "nv-check" }, [input, h("span", { text: shown, "aria-hidden": "true" })]);
  }
  function buildClassRadios() {
    const k = classes();
    if (ui.selectedClass >= k) ui.selectedClass = 0;
    classRadios.replaceChildren(
      ...Array.from({ length: k }, (_, c) => {
        const input = h("input", {
          type: "radio",
          name: `${viewId}-class`,
          "aria-label": `Class ${c + 1}`,
          checked: c === ui.selectedClass,
          onchange: () => guarded(() => setUi({ selectedClass: c }))
        });
        const swatch = h("span", { class: "nv-swatch", title: `Class ${c + 1} (${CLASS_NAMES[c]})`, "aria-hidden": "true" });
        swatch.style.background = css(classColor(c));
        return h("label", { class: "nv-radio nv-class" }, [input, swatch]);
      })
    );
  }
  function syncControls() {
    datasetSel.value = config.dataset;
    pointsIn.value = String(config.points);
    pointsIn.max = String(limits().maxPoints);
    noiseIn.value = String(config.noise);
    dataSeedIn.value = String(config.dataSeed);
    testFracIn.value = String(config.testFraction);
    classesIn.value = String(classes());
    hiddenIn.value = hidden().join("-");
    activationSel.value = config.activation;
    for (const f of FEATURES) featureCbs[f].checked = config.features.includes(f);
    optimizerSel.value = config.optimizer;
    lrIn.value = String(config.learningRate);
    l1In.value = String(config.l1);
    l2In.value = String(config.l2);
    batchIn.value = String(config.batchSize);
    dropoutIn.value = String(config.dropout);
    seedIn.value = String(config.seed);
    if (classRadios.childElementCount !== classes()) buildClassRadios();
  }
  function errorText(e) {
    return e instanceof Error ? e.message : String(e);
  }
  function say(text) {
    messageEl.textContent = text;
  }
  function guarded(fn) {
    say("");
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      say(e.message);
      syncControls();
    }
  }
  function setConfig(change) {
    const next = validateConfig({ ...config, ...change }, limits());
    config = next;
    model.set("config", next);
    model.save_changes();
    syncControls();
    scheduleRender();
    return next;
  }
  function setConfigKey(key, value) {
    setConfig({ [key]: value });
  }
  function setConfigNumber(key, input, label) {
    const text = input.value.trim();
    const v = Number(text);
    if (!text || !Number.isFinite(v)) throw new ValidationError(`${label} must be a number`);
    if (key === "points" && v > limits().maxPoints) {
      throw new ValidationError(`Points must be at most ${limits().maxPoints} (this server's limit)`);
    }
    setConfig({ [key]: v });
  }
  function setUi(change) {
    ui = { ...ui, ...change };
    options.uiStore?.save(ui);
    scheduleRender();
  }
  function changeArchitecture(change) {
    const before = JSON.stringify([config.architecture, config.activation, config.features]);
    setConfig(change);
    if (JSON.stringify([config.architecture, config.activation, config.features]) === before) return;
    requestInit(false);
  }
  function changeHidden() {
    const sizes = parseHidden(hiddenIn.value, limits());
    changeArchitecture({ architecture: [config.features.length, ...sizes, classes()] });
  }
  function addLayer() {
    const sizes = hidden();
    if (sizes.length >= limits().maxHiddenLayers) {
      throw new ValidationError(`At most ${limits().maxHiddenLayers} hidden layers`);
    }
    const size = sizes.length ? sizes[sizes.length - 1] : 4;
    changeArchitecture({ architecture: [config.features.length, ...sizes, size, classes()] });
  }
  function removeLayer() {
    const sizes = hidden();
    if (!sizes.length) throw new ValidationError("There is no hidden layer to remove");
    changeArchitecture({ architecture: [config.features.length, ...sizes.slice(0, -1), classes()] });
  }
  function changeFeatures() {
    const features = FEATURES.filter((f) => featureCbs[f].checked);
    if (!features.length) throw new ValidationError("Keep at least one input feature");
    changeArchitecture({ features, architecture: [features.length, ...hidden(), classes()] });
  }
  function changeClasses() {
    const k = Number(classesIn.value);
    if (!Number.isInteger(k) || k < MIN_CLASSES || k > MAX_CLASSES) {
      throw new ValidationError(`Classes must be a whole number from ${MIN_CLASSES} to ${MAX_CLASSES}`);
    }
    if (k === classes()) return;
    const keep = data.label.map((l) => l < k);
    const dropped = keep.filter((v) => !v).length;
    if (dropped) {
      pushUndo();
      setData(filterData(data, keep));
      say(`Removed ${dropped} point${dropped === 1 ? "" : "s"} of the classes above ${k}`);
    }
    needInit = { resize: true };
    setConfig({ architecture: [...config.architecture.slice(0, -1), k] });
    buildClassRadios();
    pump();
  }
  function changeOptimizer() {
    setConfig({ optimizer: optimizerSel.value });
    model.set("optimizer", null);
    model.save_changes();
  }
  function resetWeights() {
    requestInit(false);
  }
  function requestInit(resize2) {
    needInit = { resize: resize2 };
    scrub = null;
    pump();
  }
  function filterData(d, keep) {
    const outData = emptyData();
    keep.forEach((k, i) => {
      if (!k) return;
      outData.x.push(d.x[i]);
      outData.y.push(d.y[i]);
      outData.label.push(d.label[i]);
      outData.test.push(d.test[i]);
    });
    return outData;
  }
  function setData(next) {
    data = next;
    model.set("data", next);
    model.save_changes();
    scheduleRender();
  }
  function pushUndo() {
    undoStack.push({ x: [...data.x], y: [...data.y], label: [...data.label], test: [...data.test] });
    if (undoStack.length > MAX_UNDO) undoStack.shift();
  }
  function undo() {
    const prev = undoStack.pop();
    if (!prev) throw new ValidationError("Nothing to undo");
    setData(filterData(prev, prev.label.map((l) => l < classes())));
  }
  function clearPoints() {
    if (!data.x.length) return;
    pushUndo();
    setData(emptyData());
  }
  function generateData() {
    pushUndo();
    const next = generate(generatorSettings());
    if (TWO_CLASS.has(config.dataset) && classes() > 2) say(`${config.dataset} makes 2 classes`);
    setData(next);
  }
  function inBounds(x, y) {
    return Math.abs(x) <= PLANE_EXTENT && Math.abs(y) <= PLANE_EXTENT;
  }
  function addPoint(x, y) {
    if (data.x.length >= limits().maxPoints) {
      say(`At most ${limits().maxPoints} points`);
      return false;
    }
    const round = (v) => Math.round(v * 1e4) / 1e4;
    const next = { x: [...data.x, round(x)], y: [...data.y, round(y)], label: [...data.label, ui.selectedClass], test: [...data.test, false] };
    setData(next);
    return true;
  }
  function eraseAt(x, y) {
    const keep = data.x.map((px, i) => Math.hypot(px - x, data.y[i] - y) > ERASER_RADIUS);
    if (keep.every(Boolean)) return false;
    setData(filterData(data, keep));
    return true;
  }
  let cursor = null;
  let gesture = null;
  function planeXY(e) {
    const box = plane.getBoundingClientRect();
    return {
      x: -PLANE_EXTENT + 2 * PLANE_EXTENT * (e.clientX - box.left) / box.width,
      y: PLANE_EXTENT - 2 * PLANE_EXTENT * (e.clientY - box.top) / box.height
    };
  }
  function applyTool(p) {
    if (!gesture || !inBounds(p.x, p.y)) return;
    const before = undoStack.length;
    if (!gesture.saved) pushUndo();
    const changed = ui.tool === "add" ? addPoint(p.x, p.y) : eraseAt(p.x, p.y);
    if (changed) {
      gesture.saved = true;
      gesture.changed = true;
      gesture.last = p;
    } else if (!gesture.saved) {
      undoStack.length = before;
    }
  }
  plane.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    say("");
    plane.setPointerCapture?.(e.pointerId);
    gesture = { changed: false, last: null, saved: false };
    cursor = planeXY(e);
    applyTool(cursor);
    e.preventDefault();
  });
  plane.addEventListener("pointermove", (e) => {
    cursor = planeXY(e);
    if (gesture && e.buttons & 1) {
      const last = gesture.last;
      if (ui.tool === "erase" || !last || Math.hypot(cursor.x - last.x, cursor.y - last.y) >= PAINT_SPACING) applyTool(cursor);
    }
    if (ui.tool === "erase") scheduleRender();
  });
  const endGesture = () => {
    gesture = null;
  };
  plane.addEventListener("pointerup", endGesture);
  plane.addEventListener("pointercancel", endGesture);
  plane.addEventListener("pointerleave", () => {
    if (!gesture) {
      cursor = null;
      scheduleRender();
    }
  });
  plane.addEventListener("keydown", (e) => {
    const moves = (
      /** @type {Record<string, [number, number]>} */
      { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }
    );
    const c = cursor ?? { x: 0, y: 0 };
    if (e.key in moves) {
      const [dx, dy] = moves[e.key];
      const stepSize = e.shiftKey ? 1 : 0.25;
      cursor = { x: clampExtent(c.x + dx * stepSize), y: clampExtent(c.y + dy * stepSize) };
      scheduleRender();
      e.preventDefault();
    } else if (e.key === "Enter" || e.key === " ") {
      say("");
      cursor = c;
      gesture = { changed: false, last: null, saved: false };
      applyTool(c);
      gesture = null;
      e.preventDefault();
    }
  });
  plane.addEventListener("blur", () => {
    cursor = null;
    scheduleRender();
  });
  function clampExtent(v) {
    return Math.max(-PLANE_EXTENT, Math.min(PLANE_EXTENT, v));
  }
  function togglePlay() {
    setPlaying(!playing);
  }
  function setPlaying(on) {
    playing = on;
    playBtn.setAttribute("aria-label", on ? "Pause" : "Play");
    playBtn.textContent = on ? "❚❚ Pause" : "▶ Play";
    playBtn.classList.toggle("nv-on", on);
    if (on) scrub = null;
    if (!on) flushHistory();
    scheduleRender();
    pump();
  }
  function stepClicked() {
    if (playing) return;
    scrub = null;
    stepOnce = true;
    pump();
  }
  function maxSteps() {
    const lim = limits();
    let cap = lim.maxSteps;
    if (lim.maxWork) {
      const train = data.test.filter((t) => !t).length;
      cap = Math.min(cap, maxStepsWithin(lim.maxWork, lim.workCosts, config, train, data.test.length));
    }
    return Math.max(1, cap);
  }
  function pump() {
    if (destroyed) return;
    if (needInit) {
      if (outstanding.length) return;
      const { resize: resize2 } = needInit;
      needInit = null;
      send("init", 0, { resize: resize2 });
      return;
    }
    if (playing) {
      if (outstanding.length >= 2 || outstanding.some((r) => r.kind !== "train" || r.single)) return;
    } else if (!stepOnce || outstanding.length) {
      return;
    }
    if (!liveNet()) {
      needInit = { resize: false };
      pump();
      return;
    }
    if (!data.test.some((t) => !t)) {
      say("Add some training points first");
      stepOnce = false;
      if (playing) setPlaying(false);
      return;
    }
    const single = stepOnce;
    stepOnce = false;
    const trainCount = data.test.filter((t) => !t).length;
    const key = JSON.stringify([config.architecture, config.batchSize, Math.round(Math.log2(trainCount))]);
    if (key !== timingsKey) {
      timingsKey = key;
      timings.length = 0;
      stepsPerRequest = 1;
    }
    const dither = nextRequest % 2 ? 0.85 : 1.15;
    const steps = Math.min(Math.max(1, Math.round(stepsPerRequest * dither)), maxSteps());
    send("train", single ? 1 : steps, {}, single);
    if (playing) pump();
  }
  function send(kind, steps, extra, single = false) {
    const id = `${viewId}-${nextRequest++}`;
    outstanding.push({ id, kind, steps, sent: performance.now(), single });
    model.send({ type: kind, id, ...kind === "train" ? { steps } : {}, ...extra });
  }
  function onCustom(msg) {
    const index = outstanding.findIndex((r) => r.id === msg?.id);
    if (index < 0) return;
    const [req] = outstanding.splice(index, 1);
    const now = performance.now();
    if (msg.type === "trained") {
      adaptSteps(req.steps, typeof msg.ms === "number" ? msg.ms : now - Math.max(req.sent, lastReply));
      lastReply = now;
      scheduleRender();
    } else if (msg.type === "initialized") {
      if (!model.get("step")) startHistory();
      scheduleRender();
    } else if (msg.type === "error") {
      if (msg.code === "stale") {
        if (req.single) stepOnce = true;
        if (req.kind === "init") needInit ?? (needInit = { resize: false });
      } else {
        say(msg.code === "diverged" ? `${msg.message}` : `Training stopped: ${msg.message}`);
        if (playing) setPlaying(false);
      }
    }
    pump();
  }
  function adaptSteps(steps, ms) {
    timings.push([steps, ms]);
    if (timings.length > 12) timings.shift();
    const next = nextSteps(timings, steps, TARGET_CYCLE_MS);
    stepsPerRequest = Math.max(1, Math.min(next, maxSteps()));
  }
  function startHistory() {
    history = emptyHistory();
    const net = liveNet();
    const weights = model.get("weights");
    if (net && weights) {
      const m = evaluate(net, config.features, config.activation, data);
      const step = Number(model.get("step") ?? 0);
      if (m.loss !== null) history = record(history, step, m.loss, m.testLoss, weights);
    }
    historyDirty = true;
    flushHistory();
  }
  function saveHistorySoon() {
    if (historyTimer !== null) return;
    historyTimer = setTimeout(() => {
      historyTimer = null;
      flushHistory();
    }, HISTORY_SAVE_MS);
  }
  function flushHistory() {
    if (!historyDirty) return;
    historyDirty = false;
    model.set("history", history);
    model.save_changes();
  }
  function scrubbed() {
    const n = history.snapshots.length;
    const v = Number(historyRange.value);
    scrub = playing || v >= n ? null : v;
    scheduleRender();
  }
  const onConfig = () => {
    const raw = model.get("config");
    if (JSON.stringify(raw) === JSON.stringify(config)) return;
    try {
      const next = validateConfig(raw ?? {}, limits());
      const archChanged = JSON.stringify([next.architecture, next.activation, next.features]) !== JSON.stringify([config.architecture, config.activation, config.features]);
      config = next;
      if (archChanged && !liveNet() && !needInit && !outstanding.length) needInit = { resize: false };
    } catch (e) {
      say(`The new config cannot be used: ${errorText(e)}`);
    }
    syncControls();
    scheduleRender();
    pump();
  };
  const onData = () => {
    const d = currentData();
    if (d) data = d;
    scheduleRender();
  };
  const onStatus = () => {
    const err = model.get("status")?.error;
    if (err?.message) say(err.message);
    scheduleRender();
  };
  const onRender = () => scheduleRender();
  const onStep = () => {
    const step = Number(model.get("step") ?? 0);
    const last = history.losses.length ? history.losses[history.losses.length - 1][0] : -1;
    const weights = model.get("weights");
    if (step === 0 || step < last) {
      startHistory();
    } else if (step > last && weights) {
      let m = model.get("metrics");
      if (!m || !Number.isFinite(m.loss)) {
        const net = liveNet();
        m = net ? evaluate(net, config.features, config.activation, data) : null;
      }
      if (m && m.loss !== null) {
        history = record(history, step, m.loss, m.testLoss ?? null, weights);
        historyDirty = true;
        if (playing) saveHistorySoon();
        else flushHistory();
      }
    }
    scheduleRender();
  };
  const onHistory = () => {
    const raw = model.get("history");
    if (raw === history) return;
    try {
      history = raw ? validateHistory(raw) : emptyHistory();
    } catch {
    }
    scheduleRender();
  };
  const onLimits = () => {
    syncControls();
    scheduleRender();
  };
  let metricsCache = null;
  const subscriptions = [
    ["change:config", onConfig],
    ["change:data", onData],
    ["change:weights", onRender],
    ["change:metrics", onMetrics],
    ["change:step", onStep],
    ["change:status", onStatus],
    ["change:history", onHistory],
    ["change:limits", onLimits],
    ["msg:custom", onCustom]
  ];
  for (const [name, cb] of subscriptions) model.on(name, cb);
  const mapCanvas = document.createElement("canvas");
  function scheduleRender() {
    if (renderQueued || destroyed) return;
    renderQueued = requestAnimationFrame(() => {
      renderQueued = 0;
      render2();
    });
  }
  function render2() {
    const start = performance.now();
    const status = model.get("status");
    statusEl.textContent = status?.state ?? "kernel";
    statusEl.dataset.state = statusEl.textContent;
    const live = liveNet();
    const snapshots = history.snapshots;
    const shown = scrub !== null && snapshots[scrub] ? snapshots[scrub] : null;
    const net = shown ? snapshotNet(shown.weights) : live;
    const key = [net, config.activation, config.features, ui.discretize, network.clientWidth];
    const fresh = !lastMapKey || key.some((v, i) => v !== lastMapKey?.[i]);
    lastMapKey = key;
    const maps = fresh && net ? mapImages(net, config.features, config.activation, mapResolution(net), ui.discretize, NEURON_GRID) : null;
    if (maps) putImage(mapCanvas, maps.decision);
    drawPlane(net);
    if (fresh) graph.update(net, config.features, maps?.neurons ?? null);
    chart.update(history.losses);
    historyRange.max = String(snapshots.length);
    if (scrub === null) historyRange.value = String(snapshots.length);
    historyRange.disabled = playing || snapshots.length === 0;
    historyLabel.textContent = shown ? `step ${shown.step}` : "live";
    const step = Number(model.get("step") ?? 0);
    const trainCount = data.test.filter((t) => !t).length;
    const batch = config.batchSize > 0 && config.batchSize < trainCount ? config.batchSize : trainCount;
    out.step.textContent = String(step);
    out.epoch.textContent = String(trainCount ? Math.floor(step * batch / trainCount) : 0);
    out["point-count"].textContent = String(data.x.length);
    const m = live ? liveMetrics(live) : null;
    out["train-loss"].textContent = fmtLoss(m?.loss);
    out["test-loss"].textContent = fmtLoss(m?.testLoss);
    out["train-accuracy"].textContent = fmtPercent(m?.accuracy);
    out["test-accuracy"].textContent = fmtPercent(m?.testAccuracy);
    performance.clearMeasures(RENDER_MEASURE);
    performance.measure(RENDER_MEASURE, { start, detail: { step, maps: fresh } });
  }
  let lastMapKey = null;
  function snapshotNet(weights) {
    const classesThen = weights?.[`layer_${config.architecture.length - 2}_bias`]?.length ?? classes();
    return networkOf(weights, [...config.architecture.slice(0, -1), classesThen]);
  }
  function liveMetrics(net) {
    const key = metricsKey();
    if (!metricsCache || metricsCache.key.some((v, i) => v !== key[i])) {
      metricsCache = { key, metrics: evaluate(net, config.features, config.activation, data) };
    }
    return metricsCache.metrics;
  }
  function onMetrics() {
    const m = model.get("metrics");
    if (!m || typeof m.loss !== "number" || !Number.isFinite(m.loss)) return;
    const { loss, accuracy, testLoss = null, testAccuracy = null } = m;
    metricsCache = { key: metricsKey(), metrics: { loss, accuracy, testLoss, testAccuracy } };
  }
  function metricsKey() {
    return [model.get("weights"), model.get("data"), config];
  }
  function putImage(canvas, image) {
    if (canvas.width !== image.width || canvas.height !== image.height) {
      canvas.width = image.width;
      canvas.height = image.height;
    }
    canvas.getContext("2d")?.putImageData(image, 0, 0);
  }
  const pointsCanvas = document.createElement("canvas");
  let pointsKey = null;
  function drawPlane(net) {
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
    if (net) {
      ctx.imageSmoothingEnabled = !ui.discretize;
      ctx.drawImage(mapCanvas, 0, 0, plane.width, plane.height);
    }
    const key = [data, ui.showTest, plane.width, plane.height];
    if (!pointsKey || key.some((v, i) => v !== pointsKey?.[i])) {
      pointsKey = key;
      drawPoints(w, hgt, dpr);
    }
    ctx.drawImage(pointsCanvas, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const sx = (x) => (x + PLANE_EXTENT) / (2 * PLANE_EXTENT) * w;
    const sy = (y) => (PLANE_EXTENT - y) / (2 * PLANE_EXTENT) * hgt;
    const r = pointRadius(w);
    if (cursor && (ui.tool === "erase" || document.activeElement === plane)) {
      const rr = ui.tool === "erase" ? ERASER_RADIUS / (2 * PLANE_EXTENT) * w : r + 3;
      ctx.beginPath();
      ctx.arc(sx(cursor.x), sy(cursor.y), rr, 0, 2 * Math.PI);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "rgba(0,0,0,0.6)";
      ctx.setLineDash([4, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
  function pointRadius(w) {
    return Math.max(2.5, Math.min(5, w / 120));
  }
  function drawPoints(w, hgt, dpr) {
    pointsCanvas.width = plane.width;
    pointsCanvas.height = plane.height;
    const ctx = pointsCanvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const sx = (x) => (x + PLANE_EXTENT) / (2 * PLANE_EXTENT) * w;
    const sy = (y) => (PLANE_EXTENT - y) / (2 * PLANE_EXTENT) * hgt;
    ctx.strokeStyle = "rgba(0,0,0,0.12)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(sx(0), 0);
    ctx.lineTo(sx(0), hgt);
    ctx.moveTo(0, sy(0));
    ctx.lineTo(w, sy(0));
    ctx.stroke();
    const r = pointRadius(w);
    for (let i = 0; i < data.x.length; i++) {
      const test = data.test[i];
      if (test && !ui.showTest) continue;
      const col = classColor(data.label[i]);
      ctx.beginPath();
      ctx.arc(sx(data.x[i]), sy(data.y[i]), r, 0, 2 * Math.PI);
      if (test) {
        ctx.lineWidth = 2;
        ctx.strokeStyle = css(col);
        ctx.stroke();
      } else {
        ctx.fillStyle = css(col);
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.stroke();
      }
    }
  }
  const onPageHide = () => flushHistory();
  window.addEventListener("pagehide", onPageHide);
  const resize = new ResizeObserver(() => scheduleRender());
  resize.observe(plane);
  resize.observe(network);
  syncControls();
  buildClassRadios();
  setPlaying(false);
  options.uiStore?.save(ui);
  say([...notices, model.get("status")?.error?.message].filter(Boolean).join("; "));
  model.save_changes();
  if (!liveNet()) needInit = { resize: false };
  else if (!history.losses.length && !model.get("step")) startHistory();
  pump();
  return () => {
    destroyed = true;
    playing = false;
    flushHistory();
    if (historyTimer !== null) clearTimeout(historyTimer);
    if (renderQueued) cancelAnimationFrame(renderQueued);
    for (const [name, cb] of subscriptions) model.off(name, cb);
    resize.disconnect();
    window.removeEventListener("pagehide", onPageHide);
    graph.destroy();
    chart.destroy();
    el.replaceChildren();
  };
}

// js/wire.js
var MAGIC = "NNVB";
var PREFIX_BYTES = 8;
var LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
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
  if (LITTLE_ENDIAN) {
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
  const view = new DataView(buffer, Math.min(payloadAt, buffer.byteLength), count * 4);
  const resolve = (value) => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(resolve);
    if ("$f32" in value) return readArray(view, value.$f32, value.shape, count);
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolve(v);
    return out;
  };
  return resolve(header);
}
function readArray(view, offset, shape, count) {
  const size = shape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(offset) || offset < 0 || offset + size > count) throw new Error("payload reference out of range");
  let at = offset;
  const build = (dim) => {
    if (dim === shape.length) return +view.getFloat32(4 * at++, true).toPrecision(9);
    const out = new Array(shape[dim]);
    for (let i = 0; i < shape[dim]; i++) out[i] = build(dim + 1);
    return out;
  };
  return build(0);
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
  constructor(options) {
    this.url = options.url;
    this.post = options.post;
    this.openSocket = options.openSocket ?? ((url) => (
      /** @type {SocketLike} */
      new WebSocket(url)
    ));
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h2) => clearTimeout(h2));
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
      socket.send(this.binary ? encodeBinary(binaryRequest(request)) : JSON.stringify(request));
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
      msg = data instanceof ArrayBuffer ? decodeBinary(data) : JSON.parse(String(data));
    } catch {
      return;
    }
    if (msg.type === "hello") {
      this.binary = Array.isArray(msg.encodings) && msg.encodings.includes("binary");
      this.post({ type: "hello", limits: { ...DEFAULT_LIMITS, ...msg.limits } });
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
  const mapValues = (obj, f) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, f(v)]));
  const out = { ...request };
  if (request.weights) out.weights = mapValues(request.weights, Floats.of);
  if (request.optimizer) {
    out.optimizer = { ...request.optimizer, buffers: mapValues(request.optimizer.buffers, (b) => mapValues(b, Floats.of)) };
  }
  if (request.data) out.data = mapValues(request.data, Floats.of);
  return out;
}
function serveConnection(scope2, options = {}) {
  let connection = null;
  scope2.onmessage = (ev) => {
    const msg = ev.data;
    if (msg?.type === "open") {
      connection = new Connection({ ...options, url: msg.url, post: (m) => scope2.postMessage(m) });
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
  constructor(options) {
    this.url = options.url;
    this.storage = options.storage ?? null;
    this.values = {
      config: defaultConfig(),
      weights: null,
      optimizer: null,
      step: 0,
      data: null,
      metrics: null,
      history: emptyHistory(),
      ui: defaultUi(),
      limits: { ...DEFAULT_LIMITS },
      status: { connected: false, state: "connecting", error: null }
    };
    this.listeners = /* @__PURE__ */ new Map();
    this.dirty = /* @__PURE__ */ new Set();
    this.generation = 0;
    this.posted = -1;
    this.problems = [];
    const worker = options.worker ?? null;
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
        openSocket: options.openSocket,
        setTimer: options.setTimer,
        clearTimer: options.clearTimer
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
  /** @param {any} msg `{type: "train", id, steps}` or `{type: "init", id, resize?}` */
  send(msg) {
    if (msg?.type !== "train" && msg?.type !== "init") {
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
  /** Loads every key from storage; a bad value is reported in `problems` and replaced. */
  load() {
    if (!this.storage) return;
    const config = this._loadKey("config", (v) => validateConfig(v.config));
    if (config) this.values.config = config;
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
    if (this.problems.length) {
      this.values.status = { ...this.values.status, error: { code: "storage", field: null, message: this.problems.join("; ") } };
    }
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
      this._reply({ type: "trained", id: pending.id, step: msg.step, ...metrics, ...ms === void 0 ? {} : { ms } });
      this.save_changes();
    } else if (msg.type === "init_result") {
      this._setTogether(pending.resize ? { weights: next.weights, optimizer: next.optimizer } : { ...next, metrics: null });
      this.save_changes();
      this._reply({ type: "initialized", id: pending.id });
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
function startPage(el, options = {}) {
  const storage = options.storage === void 0 ? browserStorage() : options.storage;
  const model = new StandaloneModel({ url: options.url ?? socketUrl(document.baseURI), storage, worker: connectionWorker() });
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
