// @ts-check
/**
 * The "Hidden space" panel: how a hidden layer sees the plane. Its pickers (layer; principal
 * components or two neurons), and a canvas with the plane's grid lines as the layer warps them
 * and the points where the layer puts them, coloured by class as on the plane. It follows the
 * network shown (live or the History's snapshot); it costs nothing while closed, and while
 * training runs a frame too costly to repeat every time is computed less often.
 */

import { field, fitCanvas, h, options, select } from "./dom.js";
import { GRID_LINES, hiddenSpace, viewBounds } from "../model/hidden_space.js";
import { drawMark } from "./plane.js";
import { pointPaint } from "../data/regression.js";
import { formatTick, linearTicks } from "./ticks.js";

/** @typedef {import("./views.js").Frame} Frame */
/** @typedef {import("../model/hidden_space.js").HiddenSpace} HiddenSpace */
/** @typedef {import("../model/hidden_space.js").Bounds} Bounds */
/** @typedef {import("../model/hidden_space.js").Choice} Choice */

/** Every computed frame is a User Timing measure of this name (detail: points, samples, step). */
export const HIDDEN_MEASURE = "nnvisu:hidden-space";
/** While training runs, a frame's computation takes at most this share of the time. */
const SHARE = 0.25;
const MARGIN = { left: 50, right: 12, top: 10, bottom: 40 };
const LINE = "rgba(100,116,139,0.42)";
const AXIS_LINE = "rgba(51,65,85,0.7)";
const TEXT = "#1f2937";

/**
 * The two axes' names.
 * @param {HiddenSpace} space
 * @param {number} layer
 * @param {number} x
 * @param {number} y
 * @returns {[string, string]}
 */
export function axisNames(space, layer, x, y) {
  if (space.pca) {
    const share = (/** @type {number} */ v) => (space.pca && space.pca.total > 0 ? ` (${Math.round((100 * v) / space.pca.total)}% of the variance)` : "");
    return [`PC 1${share(space.pca.variances[0])}`, `PC 2${share(space.pca.variances[1])}`];
  }
  const name = (/** @type {number} */ i) => `Layer ${layer + 1}, neuron ${i + 1}`;
  return [name(x), space.width > 1 ? name(y) : "(one neuron: a line)"];
}

export class HiddenView {
  /** @param {string} viewId prefix of element ids */
  constructor(viewId) {
    /** @type {Choice} the user's choice (layer -1: the last) */
    this.pick = { layer: -1, mode: "pca", x: 0, y: 1 };
    const changed = () => this.picked();
    this.layerSelect = select([], String, changed);
    this.modeSelect = select(["pca", "neurons"], (v) => (v === "pca" ? "Principal components" : "Two neurons"), changed);
    this.xSelect = select([], String, changed);
    this.ySelect = select([], String, changed);
    this.xField = field("Horizontal", this.xSelect, `${viewId}-hidden-x`);
    this.yField = field("Vertical", this.ySelect, `${viewId}-hidden-y`);
    this.canvas = /** @type {HTMLCanvasElement} */ (h("canvas", { class: "nv-hidden-canvas", "data-testid": "hidden-space", role: "img", "aria-label": "Hidden space" }));
    this.note = h("p", { class: "nv-hidden-note", "data-testid": "hidden-space-note" });
    this.element = h("details", { class: "nv-hidden-space", "data-testid": "hidden-space-panel" }, [
      h("summary", { text: "Hidden space" }),
      h("div", { class: "nv-hidden-pickers" }, [
        field("Layer", this.layerSelect, `${viewId}-hidden-layer`),
        field("Axes", this.modeSelect, `${viewId}-hidden-mode`),
        this.xField,
        this.yField,
      ]),
      this.canvas,
      this.note,
    ]);
    this.element.addEventListener("toggle", () => this.redraw());
    /** @type {Frame | null} */
    this.frame = null;
    /** @type {unknown[] | null} what the shown positions were computed from */
    this.key = null;
    /** @type {HiddenSpace | null} */
    this.space = null;
    /** @type {[Float64Array, Float64Array] | null} the last principal axes: the next frame starts there */
    this.axes = null;
    this.at = -Infinity;
    this.cost = 0;
    /** @type {string} the pickers' options as last built */
    this.shape = "";
  }

  /** A picker changed: the choice is read back, and the view redrawn from the last frame. */
  picked() {
    this.pick = {
      layer: Number(this.layerSelect.value),
      mode: /** @type {"pca" | "neurons"} */ (this.modeSelect.value === "neurons" ? "neurons" : "pca"),
      x: Number(this.xSelect.value),
      y: Number(this.ySelect.value),
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
    const details = /** @type {HTMLDetailsElement} */ (this.element);
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
    const pcaOption = /** @type {HTMLOptionElement} */ (this.modeSelect.options[0]);
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
    const sx = (/** @type {number} */ v) => area.x + ((v - b.x0) / (b.x1 - b.x0)) * area.w;
    const sy = (/** @type {number} */ v) => area.y + area.h - ((v - b.y0) / (b.y1 - b.y0)) * area.h;
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
}

/**
 * Axes with ticks and their names, around the plot area.
 * @param {CanvasRenderingContext2D} ctx
 * @param {{x: number, y: number, w: number, h: number}} area
 * @param {Bounds} b
 * @param {(v: number) => number} sx
 * @param {(v: number) => number} sy
 * @param {string} xName
 * @param {string} yName
 */
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
    ctx.fillText(formatTick(v).replace("-", "\u2212"), x, area.y + area.h + 6);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of linearTicks(b.y0, b.y1, Math.max(2, Math.floor(area.h / 50)))) {
    const y = sy(v);
    ctx.moveTo(area.x, y);
    ctx.lineTo(area.x - 4, y);
    ctx.fillText(formatTick(v).replace("-", "\u2212"), area.x - 6, y);
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

/**
 * The grid lines as the layer maps them; the plane's axes (x = 0, y = 0) darker.
 * @param {CanvasRenderingContext2D} ctx
 * @param {HiddenSpace} space
 * @param {(v: number) => number} sx
 * @param {(v: number) => number} sy
 */
function drawGrid(ctx, space, sx, sy) {
  const s = space.samples;
  const middle = (GRID_LINES - 1) / 2;
  for (const axis of [false, true]) {
    ctx.beginPath();
    for (let line = 0; line < 2 * GRID_LINES; line++) {
      if ((line % GRID_LINES === middle) !== axis) continue;
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
