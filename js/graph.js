// @ts-check
/**
 * The network graph: one small canvas per neuron (its map over the plane) and the weights as
 * edges on a canvas behind them (colour: sign and size on the diverging scale, thickness:
 * size). Hovering a neuron, tapping it or moving to it with the arrow keys focuses it: the app
 * shows its map large on the plane, and the edges into it stand out with their values.
 * Clicking an edge or a neuron (or Enter on the focused one) asks to edit that weight or bias.
 * How many neurons of a layer are drawn is `neuronsDrawn`'s call.
 */

import { css, divergingRgb } from "./colors.js";
import { FEATURE_LABELS } from "./schema.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("./dom.js").Tooltip} Tooltip */
/** A neuron of the graph: column 0 holds the inputs, column c > 0 the outputs of layer c - 1. */
/** @typedef {{column: number, index: number}} NeuronRef */
/** A parameter: the weight from neuron `from` of the layer's input to its neuron `out`, or (from null) that neuron's bias. */
/** @typedef {{layer: number, out: number, from: number | null}} ParamRef */
/**
 * @typedef {object} GraphHooks
 * @property {(n: NeuronRef | null) => void} [focus] the focused neuron changed
 * @property {(p: ParamRef, clientX: number, clientY: number) => void} [edit] a weight or bias was picked for editing
 * @property {(g: Geometry) => void} [laidOut] the graph was laid out anew
 */
/**
 * Where everything goes, in CSS pixels of the container.
 * @typedef {object} Geometry
 * @property {number} size a neuron's side
 * @property {number} width
 * @property {number} height
 * @property {{x: number, y: number}[][]} centres per column, per drawn neuron
 */

/** Largest and smallest neuron side, in CSS pixels. */
export const MAX_NEURON = 56;
export const MIN_NEURON = 6;
const LEFT = 32; // room for the input labels
const PAD = 8;
/** Room between columns, in neuron sides: enough for the edges to be told apart. */
const SPREAD = 1.1;
/** Incoming edges of a focused neuron are labelled with their weights up to this many. */
const MAX_LABELS = 12;

/**
 * How many neurons of each column the graph draws, inputs first: every one. (The one place that
 * decides it, so a level of detail for very wide layers can draw fewer.)
 * @param {number[]} sizes neurons per column
 * @returns {number[]}
 */
export function neuronsDrawn(sizes) {
  return [...sizes];
}

/** @param {number} s */
const gapOf = (s) => Math.max(3, Math.round(s / 5));

/**
 * The layout of columns of `drawn` neurons in `width` CSS pixels: neurons as large as the width
 * allows (at most MAX_NEURON), and, given a `height`, as the height allows too; without one, the
 * height is what the neurons need.
 * @param {number[]} drawn
 * @param {number} width
 * @param {number | null} height
 * @returns {Geometry}
 */
export function graphGeometry(drawn, width, height) {
  const columns = drawn.length;
  const maxN = Math.max(1, ...drawn);
  let s = Math.min(MAX_NEURON, (width - LEFT - PAD) / (columns + Math.max(0, columns - 1) * SPREAD));
  if (height) s = Math.min(s, (height - 2 * PAD) / (maxN * 1.2));
  s = Math.max(MIN_NEURON, Math.floor(s));
  const gap = gapOf(s);
  const needed = maxN * (s + gap) - gap + 2 * PAD;
  const h = Math.max(height ?? 0, needed);
  const span = width - LEFT - PAD - s;
  const centres = drawn.map((n, c) => {
    const left = LEFT + (columns > 1 ? (c * span) / (columns - 1) : span / 2);
    const top = (h - (n * (s + gap) - gap)) / 2;
    return Array.from({ length: n }, (_, i) => ({ x: left + s / 2, y: top + i * (s + gap) + s / 2 }));
  });
  return { size: s, width, height: h, centres };
}

/**
 * The name of a neuron as the page writes it.
 * @param {NeuronRef} n
 * @param {number} columns
 * @param {string[]} features
 */
export function neuronName(n, columns, features) {
  if (n.column === 0) return `input ${FEATURE_LABELS[features[n.index]] ?? features[n.index]}`;
  if (n.column === columns - 1) return `output ${n.index + 1}`;
  return `neuron ${n.column}.${n.index + 1}`;
}

/**
 * The value of a weight or bias.
 * @param {Layer[]} net
 * @param {ParamRef} p
 */
export function paramValue(net, p) {
  const l = net[p.layer];
  return p.from === null ? l.b[p.out] : l.w[p.out * l.nIn + p.from];
}

export class NetworkGraph {
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
    /** @type {HTMLCanvasElement[][]} columns of node canvases, inputs first */
    this.nodes = [];
    /** @type {Geometry} */
    this.geometry = { size: 0, width: 0, height: 0, centres: [] };
    /** @type {Layer[] | null} */
    this.net = null;
    /** @type {string[]} */
    this.features = [];
    /** @type {NeuronRef | null} */
    this.focused = null;
    /** @type {{clientX: number, clientY: number, x: number, y: number} | null} */
    this.pointer = null;
    /** @type {[string, (e: any) => void][]} */
    this.listeners = [
      ["pointermove", (e) => this.onMove(e)],
      ["pointerleave", () => this.onLeave()],
      ["pointerdown", (e) => this.onDown(e)],
      ["click", (e) => this.onClick(e)],
      ["keydown", (e) => this.onKey(e)],
      ["blur", () => this.setFocus(null)],
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
    const drawn = neuronsDrawn(sizes);
    const width = Math.max(200, this.container.clientWidth);
    // The height follows the neurons unless the stylesheet fixes it (wide layouts).
    this.container.style.setProperty("--nv-graph-natural", `${graphGeometry(drawn, width, null).height}px`);
    const height = this.container.clientHeight || null;
    const key = `${features.join()}|${drawn.join()}|${width}|${height}`;
    if (key !== this.shapeKey) this.layout(drawn, graphGeometry(drawn, width, height), key);
    const f = this.focused;
    if (f && !(f.column < drawn.length && f.index < drawn[f.column])) this.setFocus(null);
    const all = [images.inputs, ...images.layers];
    this.nodes.forEach((column, c) =>
      column.forEach((canvas, i) => {
        const ctx = canvas.getContext("2d");
        if (ctx && all[c]?.[i]) ctx.putImageData(all[c][i], 0, 0);
      }),
    );
    this.drawEdges(net);
    this.refreshTooltip();
  }

  /**
   * @param {number[]} drawn
   * @param {Geometry} g
   * @param {string} key
   */
  layout(drawn, g, key) {
    this.shapeKey = key;
    this.geometry = g;
    const { size: s, width, height } = g;
    this.container.replaceChildren(this.edges);
    const dpr = window.devicePixelRatio || 1;
    this.edges.width = Math.round(width * dpr);
    this.edges.height = Math.round(height * dpr);
    this.edges.style.width = `${width}px`;
    this.edges.style.height = `${height}px`;
    const grid = 24;
    const columns = drawn.length;
    this.nodes = g.centres.map((centres, c) =>
      centres.map(({ x, y }, i) => {
        const canvas = document.createElement("canvas");
        canvas.width = grid;
        canvas.height = grid;
        canvas.className = "nv-neuron";
        Object.assign(canvas.style, { left: `${x - s / 2}px`, top: `${y - s / 2}px`, width: `${s}px`, height: `${s}px` });
        const name = neuronName({ column: c, index: i }, columns, this.features);
        canvas.dataset.testid = c === 0 ? `input-${this.features[i]}` : `neuron-${c - 1}-${i}`;
        canvas.setAttribute("aria-label", name[0].toUpperCase() + name.slice(1));
        canvas.setAttribute("role", "img");
        if (c === 0) {
          const label = document.createElement("span");
          label.className = "nv-input-label";
          label.textContent = FEATURE_LABELS[this.features[i]];
          Object.assign(label.style, { top: `${y}px`, right: `${width - x + s / 2 + 4}px` });
          this.container.append(label);
        }
        this.container.append(canvas);
        return canvas;
      }),
    );
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
    let maxAbs = 1e-12;
    for (const l of net) for (const v of l.w) maxAbs = Math.max(maxAbs, Math.abs(v));
    const half = size / 2;
    const f = this.focused;
    /** @type {[number, number, number, number, number][]} weight labels: x, y, value */
    const labels = [];
    net.forEach((layer, l) => {
      const from = centres[l];
      const to = centres[l + 1];
      for (let o = 0; o < to.length; o++) {
        for (let i = 0; i < from.length; i++) {
          const w = layer.w[o * layer.nIn + i];
          const m = Math.abs(w) / maxAbs;
          const into = f !== null && f.column === l + 1 && f.index === o;
          const outOf = f !== null && f.column === l && f.index === i;
          const [ax, ay, bx, by] = [from[i].x + half, from[i].y, to[o].x - half, to[o].y];
          const shade = (w >= 0 ? 1 : -1) * (0.35 + 0.65 * m);
          ctx.strokeStyle = css(divergingRgb(shade), f === null || into || outOf ? 0.9 : 0.12);
          ctx.lineWidth = 0.6 + 3.4 * m + (into || outOf ? 1 : 0);
          ctx.beginPath();
          ctx.moveTo(ax, ay);
          ctx.lineTo(bx, by);
          ctx.stroke();
          if (into || (f?.column === 0 && outOf)) labels.push([ax, ay, bx, by, w]);
        }
      }
    });
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
    if (f === n || (f && n && f.column === n.column && f.index === n.index)) return;
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
    return { clientX: e.clientX, clientY: e.clientY, x: e.clientX - box.left, y: e.clientY - box.top };
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
    const p = this.locate(/** @type {PointerEvent} */ (e));
    const n = this.neuronAt(p.x, p.y);
    const param = n ? (n.column > 0 ? { layer: n.column - 1, out: n.index, from: null } : null) : this.edgeAt(p.x, p.y, net)?.param;
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
    /** @type {Record<string, [number, number]>} */
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
    const text = n ? this.neuronText(n) : (this.edgeAt(p.x, p.y, net)?.text ?? null);
    if (text) this.tooltip.show(text, p.clientX, p.clientY);
    else this.tooltip.hide();
  }

  /** @param {NeuronRef} n */
  neuronText(n) {
    const name = neuronName(n, this.geometry.centres.length, this.features);
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
   * The edge nearest to (x, y) within a few pixels.
   * @param {number} x
   * @param {number} y
   * @param {Layer[]} net
   * @returns {{param: ParamRef, text: string} | null}
   */
  edgeAt(x, y, net) {
    const { centres, size } = this.geometry;
    const half = size / 2;
    let best = 5;
    /** @type {{param: ParamRef, text: string} | null} */
    let found = null;
    net.forEach((layer, l) => {
      const from = centres[l];
      const to = centres[l + 1];
      if (!from?.length || !to?.length || x < from[0].x + half || x > to[0].x - half) return;
      for (let o = 0; o < to.length; o++) {
        for (let i = 0; i < from.length; i++) {
          const d = segmentDistance(x, y, from[i].x + half, from[i].y, to[o].x - half, to[o].y);
          if (d < best) {
            best = d;
            const src = neuronName({ column: l, index: i }, centres.length, this.features);
            const dst = neuronName({ column: l + 1, index: o }, centres.length, this.features);
            const param = { layer: l, out: o, from: i };
            found = { param, text: `${src} → ${dst}: weight ${paramValue(net, param).toFixed(3)} (click to edit)` };
          }
        }
      }
    });
    return found;
  }
}

/**
 * Distance from a point to a segment.
 * @param {number} px @param {number} py @param {number} ax @param {number} ay @param {number} bx @param {number} by
 */
export function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
