// @ts-check
/**
 * The network graph: one small canvas per neuron (its map over the plane) and the weights as
 * edges on a canvas behind them (colour: sign and size on the diverging scale, thickness:
 * size). Hovering a neuron, tapping it or moving to it with the arrow keys focuses it: the app
 * shows its map large on the plane, and the edges into it stand out with their values.
 * Clicking an edge or a neuron (or Enter on the focused one) asks to edit that weight or bias.
 * Layers taller than the graph has room for show their first neurons and a "+K" box, and only
 * the strongest edges between wide columns are drawn (graph_lod.js); the focused neuron's edges
 * among the neurons shown always are.
 */

import { MIN_NODE, drawEdges, moreBox, planColumns } from "./graph_lod.js";

/** @typedef {import("../model/forward.js").Layer} Layer */
/** @typedef {import("./dom.js").Tooltip} Tooltip */
/** @typedef {import("./graph_lod.js").ColumnPlan} ColumnPlan */
/**
 * A neuron of the graph: column 0 holds the inputs, column c > 0 the outputs of layer c - 1. A
 * column draws its first neurons (graph_lod.js), so a drawn neuron's place is its index.
 */
/** @typedef {{column: number, index: number}} NeuronRef */
/** A parameter: the weight from neuron `from` of the layer's input to its neuron `out`, or (from null) that neuron's bias. */
/** @typedef {{layer: number, out: number, from: number | null}} ParamRef */
/**
 * @typedef {object} GraphHooks
 * @property {(n: NeuronRef | null) => void} [focus] the focused neuron changed
 * @property {(p: ParamRef, clientX: number, clientY: number) => void} [edit] a weight or bias was picked for editing
 * @property {(g: Geometry) => void} [laidOut] the graph was laid out anew
 * @property {Record<string, string>} [featureLabels] the inputs' shown names (the host's)
 */
/**
 * Where everything goes, in CSS pixels of the container.
 * @typedef {object} Geometry
 * @property {number} size a neuron's side
 * @property {number} width
 * @property {number} height
 * @property {{x: number, y: number}[][]} centres per column, per drawn neuron
 * @property {({x: number, y: number} | null)[]} [more] per column, the centre of its "+K" box
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
 * Rows (nodes, and a "+K" box) of the tallest column when the graph may take the height it
 * needs; a shorter graph has fewer (as many nodes of MIN_NODE as fit).
 */
export const MAX_ROWS = 24;
/** Room between two columns' nodes, in CSS pixels, that edges of full thickness need. */
const EDGE_ROOM = 28;

/**
 * Which neurons of each column the graph draws, inputs first (graph_lod.js): every one of a
 * column with at most `rows` of them, and, given the `height` the graph has, as many as fit in
 * it at MIN_NODE a side.
 * @param {number[]} sizes neurons per column
 * @param {number | null} height
 * @param {number} [rows]
 * @returns {ColumnPlan[]}
 */
export function neuronsDrawn(sizes, height, rows = MAX_ROWS) {
  const fit = height ? Math.floor((height - 2 * PAD) / (MIN_NODE * 1.2)) : rows;
  return planColumns(sizes, Math.max(2, Math.min(rows, fit)));
}

/**
 * Rows of each column of a plan: its nodes and its "+K" box.
 * @param {ColumnPlan[]} plan
 */
export function rowsPer(plan) {
  return plan.map((p) => p.shown.length + (p.more ? 1 : 0));
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
 * @param {Record<string, string>} [labels] the features' shown names (the host's choice labels)
 */
export function neuronName(n, columns, features, labels = {}) {
  if (n.column === 0) return `input ${labels[features[n.index]] ?? features[n.index]}`;
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
    /** The features' shown names, from the host's schema. */
    this.featureLabels = hooks.featureLabels ?? {};
    /** @type {ColumnPlan[]} the neurons of each column that have a node */
    this.plan = [];
    /** @type {Int32Array[]} per layer, the edges drawn (graph_lod.js) */
    this.drawn = [];
    /** @type {NeuronRef | null} */
    this.focused = null;
    /** @type {{clientX: number, clientY: number, x: number, y: number, target: EventTarget | null} | null} */
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
    const { plan, width, height } = this.arrange(sizes);
    const key = `${features.join()}|${sizes.join()}|${rowsPer(plan).join()}|${width}|${height}`;
    if (key !== this.shapeKey) this.layout(plan, graphGeometry(rowsPer(plan), width, height), key);
    const f = this.focused;
    if (f && !(f.column < plan.length && f.index < plan[f.column].shown.length)) this.setFocus(null);
    const all = [images.inputs, ...images.layers];
    this.nodes.forEach((column, c) =>
      column.forEach((canvas, i) => {
        const image = all[c]?.[this.plan[c].shown[i]];
        if (!image) return;
        // A big network's maps have fewer cells (render.js).
        if (canvas.width !== image.width) canvas.width = canvas.height = image.width;
        canvas.getContext("2d")?.putImageData(image, 0, 0);
      }),
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
  layout(plan, full, key) {
    this.shapeKey = key;
    this.plan = plan;
    const g = {
      ...full,
      centres: full.centres.map((c, i) => c.slice(0, plan[i].shown.length)),
      more: full.centres.map((c, i) => (plan[i].more ? c[plan[i].shown.length] : null)),
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
    const columns = plan.length;
    this.nodes = g.centres.map((centres, c) =>
      centres.map(({ x, y }, i) => {
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
      }),
    );
    g.more.forEach((m, c) => m && this.container.append(moreBox(plan, c, m.x, m.y, s)));
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
    // Columns close together (many layers, a narrow graph) get thinner edges, not a wall of them.
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
    const more = p.target instanceof HTMLElement && p.target.classList.contains("nv-more") ? p.target.getAttribute("aria-label") : null;
    const text = n ? this.neuronText(n) : (more ?? this.edgeAt(p.x, p.y, net)?.text ?? null);
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
    /** @type {{param: ParamRef, text: string} | null} */
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
