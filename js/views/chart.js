// @ts-check
/**
 * A line chart of the training history over the steps: several series (train solid, test
 * dashed), axis ticks, a linear or log value axis, a marker at the step the History shows, and
 * the values at the nearest recorded step on hover.
 */

import { fitCanvas } from "./dom.js";
import { axisFraction, formatTick, linearTicks, logTicks } from "./ticks.js";

/** @typedef {import("./graph.js").Tooltip} Tooltip */
/** @typedef {(number | null | undefined)[]} Row [step, ...values] (a value may be missing) */
/**
 * @typedef {object} Series
 * @property {string} name in the tooltip
 * @property {number} column of the rows
 * @property {string} color
 * @property {number[]} dash
 */
/**
 * @typedef {object} ChartOptions
 * @property {Series[]} series
 * @property {string} empty shown before there is anything to draw
 * @property {(v: number) => string} format a value in the tooltip
 * @property {[number, number]} [range] a fixed value range (else from the data, from 0)
 * @property {(v: number) => string} [tick] a value at a tick (else formatTick)
 */

export const TRAIN_COLOR = "#1f2937";
export const TEST_COLOR = "#d55e00";
const PAD = { left: 40, right: 10, top: 8, bottom: 20 };
/** The smallest value a log axis shows (a loss can round to 0). */
const LOG_FLOOR = 1e-6;

/**
 * The value range of an axis over `values`: from 0 (linear) or from the smallest (log), with
 * a little room above.
 * @param {number[]} values
 * @param {boolean} log
 * @returns {[number, number]}
 */
export function valueRange(values, log) {
  if (log) {
    const pos = values.filter((v) => v > 0).map((v) => Math.max(v, LOG_FLOOR));
    if (!pos.length) return [0.1, 1];
    const lo = Math.min(...pos);
    const hi = Math.max(...pos);
    return hi / lo < 1.5 ? [lo / 1.25, hi * 1.25] : [lo / 1.1, hi * 1.1];
  }
  const hi = Math.max(0, ...values);
  return [0, hi > 0 ? hi * 1.05 : 1];
}

export class LineChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {Tooltip} tooltip
   * @param {ChartOptions} options
   */
  constructor(canvas, tooltip, options) {
    this.canvas = canvas;
    this.tooltip = tooltip;
    this.options = options;
    /** @type {Row[]} */
    this.rows = [];
    this.log = false;
    /** @type {number | null} */
    this.marker = null;
    /** @type {{clientX: number, clientY: number, x: number} | null} */
    this.pointer = null;
    this.onMove = (/** @type {PointerEvent} */ e) => {
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
      ctx.fillText(this.options.empty, PAD.left, hgt / 2);
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
      ctx.moveTo(x, PAD.top);
      ctx.lineTo(x, PAD.top + s.plotH);
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
    for (const row of rows) for (const { column } of this.options.series) if (row[column] !== null && row[column] !== undefined) values.push(Number(row[column]));
    const [y0, y1] = this.options.range ?? valueRange(values, this.log);
    const plotW = w - PAD.left - PAD.right;
    const plotH = hgt - PAD.top - PAD.bottom;
    const log = this.log && !this.options.range;
    return {
      x0,
      x1,
      y0,
      y1,
      log,
      plotW,
      plotH,
      sx: (/** @type {number} */ s) => PAD.left + (x1 > x0 ? ((s - x0) / (x1 - x0)) * plotW : plotW),
      sy: (/** @type {number} */ v) => PAD.top + plotH * (1 - axisFraction(Math.min(Math.max(v, y0), y1), y0, y1, log)),
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
      ctx.moveTo(PAD.left, y);
      ctx.lineTo(PAD.left + s.plotW, y);
      ctx.stroke();
      ctx.fillText(tick(v), PAD.left - 4, y);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const xTicks = s.x1 > s.x0 ? linearTicks(s.x0, s.x1, Math.max(2, Math.floor(s.plotW / 70)), true) : [s.x1];
    for (const v of xTicks) {
      const x = Math.round(s.sx(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, PAD.top + s.plotH);
      ctx.lineTo(x, PAD.top + s.plotH + 4);
      ctx.stroke();
      ctx.fillText(formatTick(v), x, PAD.top + s.plotH + 6);
    }
    ctx.strokeStyle = "#9ca3af";
    ctx.beginPath();
    ctx.moveTo(PAD.left + 0.5, PAD.top);
    ctx.lineTo(PAD.left + 0.5, PAD.top + s.plotH + 0.5);
    ctx.lineTo(PAD.left + s.plotW, PAD.top + s.plotH + 0.5);
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
      if (v === null || v === undefined) continue;
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
    const plotW = (this.canvas.clientWidth || 300) - PAD.left - PAD.right;
    const step = x0 + ((p.x - PAD.left) / plotW) * (x1 - x0);
    let best = this.rows[0];
    for (const row of this.rows) if (Math.abs(Number(row[0]) - step) < Math.abs(Number(best[0]) - step)) best = row;
    const parts = this.options.series.filter((s) => best[s.column] !== null && best[s.column] !== undefined).map((s) => `${s.name} ${this.options.format(Number(best[s.column]))}`);
    this.tooltip.show(`step ${best[0]}: ${parts.join(", ") || "no values"}`, p.clientX, p.clientY);
  }
}
