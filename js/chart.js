// @ts-check
/**
 * The loss chart: train loss (solid) and test loss (dashed) over the steps; hovering shows the
 * values at the nearest recorded step.
 */

/** @typedef {import("./graph.js").Tooltip} Tooltip */
/** @typedef {[number, number, number | null][]} Losses */

const TRAIN_COLOR = "#1f2937";
const TEST_COLOR = "#d55e00";
const PAD = { left: 36, right: 8, top: 8, bottom: 18 };

export class LossChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {Tooltip} tooltip
   */
  constructor(canvas, tooltip) {
    this.canvas = canvas;
    this.tooltip = tooltip;
    /** @type {Losses} */
    this.losses = [];
    /** @type {{clientX: number, x: number} | null} */
    this.pointer = null;
    this.onMove = (/** @type {PointerEvent} */ e) => {
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
    const h = canvas.clientHeight || 120;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = "10px system-ui, sans-serif";
    ctx.fillStyle = "#6b7280";
    if (!losses.length) {
      ctx.fillText("the loss appears here while training", PAD.left, h / 2);
      return;
    }
    const { x0, x1, yMax } = this.scale();
    const plotW = w - PAD.left - PAD.right;
    const plotH = h - PAD.top - PAD.bottom;
    /** @param {number} s */
    const sx = (s) => PAD.left + (x1 > x0 ? ((s - x0) / (x1 - x0)) * plotW : plotW);
    /** @param {number} v */
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
    ctx.fillText(`step ${x1}`, PAD.left + plotW - 60, h - 4);
    /**
     * @param {1 | 2} col
     * @param {string} color
     * @param {number[]} dash
     */
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
    const step = x0 + ((p.x - PAD.left) / plotW) * (x1 - x0);
    let best = this.losses[0];
    for (const row of this.losses) if (Math.abs(row[0] - step) < Math.abs(best[0] - step)) best = row;
    const test = best[2] === null ? "" : `, test loss ${best[2].toFixed(3)}`;
    this.tooltip.show(`step ${best[0]}: train loss ${best[1].toFixed(3)}${test}`, p.clientX, this.pointerY);
  }
}
