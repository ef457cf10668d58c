// @ts-check
/**
 * The data plane: the gestures that edit points (pointer and keyboard) and its drawing: the
 * decision map, the points (a layer of their own, redrawn only when they change) and the tool's
 * cursor. It shows the app's extent (extent.js has the coordinate transforms).
 */

import { classColor, css } from "./colors.js";
import { clampInto, inExtent, toPixel, toPlane, unitOf } from "./extent.js";
import { ERASER_RADIUS } from "./points.js";

/** @typedef {import("./forward.js").Data} Data */
/** @typedef {import("./points.js").Point} Point */
/** @typedef {import("./points.js").Stroke} Stroke */
/** @typedef {import("./state.js").Ui} Ui */
/** @typedef {import("./extent.js").Extent} Extent */
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
    /** @type {[string, (e: any) => void][]} */
    this.listeners = [
      ["pointerdown", (e) => this.onDown(e)],
      ["pointermove", (e) => this.onMove(e)],
      ["pointerup", () => (this.stroke = null)],
      ["pointercancel", () => (this.stroke = null)],
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
    const extent = this.hooks.extent();
    const key = [data, ui.showTest, plane.width, plane.height, extent];
    if (!this.pointsKey || key.some((v, i) => v !== this.pointsKey?.[i])) {
      this.pointsKey = key;
      this.drawPoints(data, ui, w, hgt, dpr, extent);
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
   */
  drawPoints(data, ui, w, hgt, dpr, extent) {
    const layer = this.pointsCanvas;
    layer.width = this.canvas.width;
    layer.height = this.canvas.height;
    const ctx = layer.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const [ox, oy] = toPixel({ x: 0, y: 0 }, w, hgt, extent);
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
      const [px, py] = toPixel({ x: data.x[i], y: data.y[i] }, w, hgt, extent);
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
}
