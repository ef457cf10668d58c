// @ts-check
/**
/**
 * The data plane: the gestures that edit points (pointer, touch and keyboard) and its drawing:
 * the decision map, the axes with their ticks and the points (a layer of their own, redrawn
 * only when they change) and the tool's cursor. It shows the app's extent (extent.js has the
 * coordinate transforms). A finger scrolls the page and a tap adds a point, unless drawing mode
 * is on: then a finger draws.
 */

import { fitCanvas, h } from "./dom.js";
import { clampInto, inExtent, toPixel, toPlane, unitOf } from "../data/extent.js";
import { formatTick, linearTicks } from "./ticks.js";
import { ERASER_RADIUS } from "../data/points.js";
import { pointPaint } from "../data/regression.js";

/** @typedef {import("../model/forward.js").Data} Data */
/** @typedef {import("../data/points.js").Point} Point */
/** @typedef {import("../data/points.js").Stroke} Stroke */
/** @typedef {import("../settings/state.js").Ui} Ui */
/** @typedef {import("../data/extent.js").Extent} Extent */
/**
 * What the plane needs from the app.
 * @typedef {object} PlaneHooks
 * @property {() => "add" | "erase"} tool
 * @property {() => Extent} extent the data rectangle shown
 * @property {() => Stroke} stroke a new gesture
 * @property {(p: Point, stroke: Stroke) => void} apply the tool at p, inside the plane
 * @property {(text: string) => void} say
 * @property {() => void} changed something shown changed (the cursor)
 */

/** A painting drag adds a point only this far from the last one (on the default plane). */
export const PAINT_SPACING = 0.35;
/** Arrow keys move the keyboard cursor this far (with Shift: KEY_STEP_LARGE), on the default plane. */
const KEY_STEP = 0.25;
const KEY_STEP_LARGE = 1;
/** A touch that moves less than this many CSS pixels is a tap. */
const TAP_SLOP = 10;
/** About this many axis ticks per side. */
const TICK_COUNT = 6;
const OUTLINE = "rgba(17,24,39,0.85)";
const KEY_MOVES = /** @type {Record<string, [number, number]>} */ ({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] });

/**
 * The centre of the extent.
 * @param {Extent} e
 * @returns {Point}
 */
export function centreOf(e) {
  return { x: (e[0] + e[1]) / 2, y: (e[2] + e[3]) / 2 };
}

/**
 * Where an arrow key moves the keyboard cursor (from the centre when there is none), or null
 * for other keys.
 * @param {Point | null} cursor
 * @param {string} key
 * @param {boolean} shift
 * @param {Extent} e
 * @returns {Point | null}
 */
export function keyMove(cursor, key, shift, e) {
  const move = KEY_MOVES[key];
  if (!move) return null;
  const c = cursor ?? centreOf(e);
  const d = (shift ? KEY_STEP_LARGE : KEY_STEP) * unitOf(e);
  return clampInto({ x: c.x + move[0] * d, y: c.y + move[1] * d }, e);
}

/**
 * Whether a drag applies the tool again at p: the eraser everywhere it goes, painting only
 * PAINT_SPACING (scaled to the extent) away from its last point.
 * @param {"add" | "erase"} tool
 * @param {Point | null} last
 * @param {Point} p
 * @param {Extent} e
 */
export function shouldApply(tool, last, p, e) {
  return tool === "erase" || !last || Math.hypot(p.x - last.x, p.y - last.y) >= PAINT_SPACING * unitOf(e);
}

/** @param {number} w CSS pixels */
export function pointRadius(w) {
  return Math.max(2.5, Math.min(5, w / 120));
}

export class Plane {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {PlaneHooks} hooks
   */
  constructor(canvas, hooks) {
    this.canvas = canvas;
    this.hooks = hooks;
    /** @type {Point | null} the pointer (or keyboard cursor) on the plane */
    this.cursor = null;
    /** @type {Stroke | null} */
    this.stroke = null;
    /** The axes and the points, drawn again only when they change (not for every new map). */
    this.pointsCanvas = document.createElement("canvas");
    /** @type {unknown[] | null} */
    this.pointsKey = null;
    /** @type {{id: number, x: number, y: number} | null} a touch that is a tap unless it moves */
    this.tap = null;
    this.touchDraw = false;
    this.modeButton = h("button", {
      type: "button",
      class: "nv-touch-mode",
      "aria-pressed": "false",
      text: "✎ Draw with a finger",
      title: "On: a finger draws on the plane. Off: a finger scrolls the page and a tap adds a point.",
      onclick: () => this.setTouchDraw(!this.touchDraw),
    });
    /** @type {[string, (e: any) => void][]} */
    this.listeners = [
      ["pointerdown", (e) => this.onDown(e)],
      ["pointermove", (e) => this.onMove(e)],
      ["pointerup", (e) => this.onUp(e)],
      ["pointercancel", () => (this.stroke = this.tap = null)],
      ["pointerleave", () => this.onLeave()],
      ["keydown", (e) => this.onKey(e)],
      ["blur", () => this.forgetCursor()],
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
      // The page may scroll: the browser then cancels the pointer, and nothing is drawn.
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
      this.cursor ??= centreOf(this.hooks.extent());
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
      // The eraser's circle in data units; on a plane of unequal axis scales it is an ellipse.
      const rx = ((ERASER_RADIUS * unitOf(extent)) / (extent[1] - extent[0])) * w;
      const ry = ((ERASER_RADIUS * unitOf(extent)) / (extent[3] - extent[2])) * hgt;
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
}

/**
 * One point's mark: a filled disc, a diamond for a test point (told apart by
 * shape, not only by colour), with a dark outline that keeps it visible on its own class's
 * region.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} px
 * @param {number} py
 * @param {number} r
 * @param {string} fill its colour (a class's, or a value's in a regression)
 * @param {boolean} test
 */
export function drawMark(ctx, px, py, r, fill, test) {
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
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
}

/**
 * The axes through the origin (where it is shown) and ticks with their values along the bottom
 * and left edges, inside the plane (its box is exactly the extent).
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} w CSS pixels
 * @param {number} hgt CSS pixels
 * @param {Extent} e
 */
function drawAxes(ctx, w, hgt, e) {
  const inside = (/** @type {number} */ v, /** @type {number} */ lo, /** @type {number} */ hi) => v > lo && v < hi;
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
  /** @param {number} v @param {number} x @param {number} y */
  const label = (v, x, y) => {
    const text = v < 0 ? `\u2212${formatTick(-v)}` : formatTick(v);
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  };
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  for (const v of xs) label(v, toPixel({ x: v, y: e[2] }, w, hgt, e)[0], hgt - 7);
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  // A y tick near the bottom edge, or at an origin the x labels name, is left unlabelled.
  for (const v of ys) {
    const ty = toPixel({ x: e[0], y: v }, w, hgt, e)[1];
    if (ty < hgt - 20 && !(v === 0 && xs.includes(0))) label(v, 8, ty);
  }
}
