// @ts-check
/**
 * The network graph: one small canvas per neuron (its map over the plane) and the weights as
 * edges on a canvas behind them (sign = colour, magnitude = thickness). Hovering an edge or a
 * neuron shows its current value in the tooltip, refreshed on every update. Layers wider than
 * a column has room for show their first neurons and a "+K" box (graph_lod.js).
 */

import { MIN_NODE, drawEdges, moreBox, planColumns, rowsOf } from "./graph_lod.js";
import { FEATURE_LABELS } from "./schema.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("./dom.js").Tooltip} Tooltip */
/** @typedef {import("./graph_lod.js").ColumnPlan} ColumnPlan */

const GAP = 5;
const LEFT = 40; // room for the input labels
const PAD = 8;
/** Height of the tallest column of nodes. */
const NODES_HEIGHT = 300;

export class NetworkGraph {
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
    /** @type {HTMLCanvasElement[][]} columns of node canvases, inputs first */
    this.nodes = [];
    /** @type {{x: number, y: number}[][]} node centres in CSS pixels, in plan order */
    this.centres = [];
    /** @type {ColumnPlan[]} the neurons of each column that have a node */
    this.columns = [];
    /** @type {Int32Array[]} per layer, the edges drawn (graph_lod.js edgesOf) */
    this.drawn = [];
    this.size = 0;
    this.width = 0;
    /** @type {Layer[] | null} */
    this.net = null;
    /** @type {string[]} */
    this.features = [];
    /** @type {{clientX: number, clientY: number, x: number, y: number, target: EventTarget | null} | null} */
    this.pointer = null;
    this.onMove = (/** @type {PointerEvent} */ e) => {
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
    this.nodes.forEach((column, c) =>
      column.forEach((canvas, k) => {
        const image = all[c]?.[this.columns[c].shown[k]];
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
    this.columns.forEach(({ shown, more }, c) => {
      const left = LEFT + (columns > 1 ? (c * span) / (columns - 1) : 0);
      const top = PAD + ((maxN - shown.length - (more ? 1 : 0)) * (s + GAP)) / 2;
      /** @type {HTMLCanvasElement[]} */
      const column = [];
      /** @type {{x: number, y: number}[]} */
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
    /** @type {string | null} */
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
