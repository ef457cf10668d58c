// @ts-check
/**
 * The data plane: the coordinate transforms between data and pixels (defined once, here), the
 * gestures that edit points (pointer and keyboard), and its drawing: the decision map, the
 * axes with their ticks and the points (a layer of their own, redrawn only when they change)
 * and the tool's cursor. A finger scrolls the page and a tap adds a point, unless drawing mode
 * is on: then a finger draws.
 */

import { classColor, css } from "./colors.js";
import { h } from "./dom.js";
import { ERASER_RADIUS } from "./points.js";
import { PLANE_EXTENT } from "./render.js";

/** @typedef {import("./forward.js").Data} Data */
/** @typedef {import("./points.js").Point} Point */
/** @typedef {import("./points.js").Stroke} Stroke */
/** @typedef {import("./state.js").Ui} Ui */
/**
 * What the plane needs from the app.
 * @typedef {object} PlaneHooks
 * @property {() => "add" | "erase"} tool
 * @property {() => Stroke} stroke a new gesture
 * @property {(p: Point, stroke: Stroke) => void} apply the tool at p, inside the plane
 * @property {(text: string) => void} say
 * @property {() => void} changed something shown changed (the cursor)
 */

/** A painting drag adds a point only this far from the last one. */
export const PAINT_SPACING = 0.35;
/** Arrow keys move the keyboard cursor this far (with Shift: KEY_STEP_LARGE). */
const KEY_STEP = 0.25;
const KEY_STEP_LARGE = 1;
/** A touch that moves less than this many CSS pixels is a tap. */
const TAP_SLOP = 10;
/** Axis ticks every this many data units. */
const TICK_STEP = 2;
const OUTLINE = "rgba(17,24,39,0.85)";
const KEY_MOVES = /** @type {Record<string, [number, number]>} */ ({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] });

/**
 * Data coordinates of the pixel (px, py) of a width x height view (y up in data, down in pixels).
 * @param {number} px
 * @param {number} py
 * @param {number} width
 * @param {number} height
 * @returns {Point}
 */
export function toPlane(px, py, width, height) {
  return { x: -PLANE_EXTENT + (2 * PLANE_EXTENT * px) / width, y: PLANE_EXTENT - (2 * PLANE_EXTENT * py) / height };
}

/**
 * Pixel coordinates of the data point p in a width x height view: the inverse of toPlane.
 * @param {Point} p
 * @param {number} width
 * @param {number} height
 * @returns {[number, number]}
 */
export function toPixel(p, width, height) {
  return [((p.x + PLANE_EXTENT) / (2 * PLANE_EXTENT)) * width, ((PLANE_EXTENT - p.y) / (2 * PLANE_EXTENT)) * height];
}

/** @param {Point} p */
export function inBounds(p) {
  return Math.abs(p.x) <= PLANE_EXTENT && Math.abs(p.y) <= PLANE_EXTENT;
}

/** @param {number} v */
const clampExtent = (v) => Math.max(-PLANE_EXTENT, Math.min(PLANE_EXTENT, v));

/**
 * Where an arrow key moves the keyboard cursor (from the centre when there is none), or null
 * for other keys.
 * @param {Point | null} cursor
 * @param {string} key
 * @param {boolean} shift
 * @returns {Point | null}
 */
export function keyMove(cursor, key, shift) {
  const move = KEY_MOVES[key];
  if (!move) return null;
  const c = cursor ?? { x: 0, y: 0 };
  const d = shift ? KEY_STEP_LARGE : KEY_STEP;
  return { x: clampExtent(c.x + move[0] * d), y: clampExtent(c.y + move[1] * d) };
}

/**
 * Whether a drag applies the tool again at p: the eraser everywhere it goes, painting only
 * PAINT_SPACING away from its last point.
 * @param {"add" | "erase"} tool
 * @param {Point | null} last
 * @param {Point} p
 */
export function shouldApply(tool, last, p) {
  return tool === "erase" || !last || Math.hypot(p.x - last.x, p.y - last.y) >= PAINT_SPACING;
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
    return toPlane(e.clientX - box.left, e.clientY - box.top, box.width, box.height);
  }

  /** @param {Point} p */
  apply(p) {
    if (this.stroke && inBounds(p)) this.hooks.apply(p, this.stroke);
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
      this.cursor ??= { x: 0, y: 0 };
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
      const r = ui.tool === "erase" ? (ERASER_RADIUS / (2 * PLANE_EXTENT)) * w : pointRadius(w) + 3;
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
    drawAxes(ctx, w, hgt);
    const r = pointRadius(w);
    for (let i = 0; i < data.x.length; i++) {
      const test = data.test[i];
      if (test && !ui.showTest) continue;
      const [px, py] = toPixel({ x: data.x[i], y: data.y[i] }, w, hgt);
      drawMark(ctx, px, py, r, data.label[i], test);
    }
  }
}

/**
 * One point's mark: a disc of its class's colour, a diamond for a test point (told apart by
 * shape, not only by colour), with a dark outline that keeps it visible on its own class's
 * region.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} px
 * @param {number} py
 * @param {number} r
 * @param {number} label
 * @param {boolean} test
 */
export function drawMark(ctx, px, py, r, label, test) {
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
  ctx.fillStyle = css(classColor(label));
  ctx.fill();
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
}

/**
 * The axes through the origin and ticks with their values along the bottom and left edges,
 * inside the plane (its box is exactly the data extent).
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} w CSS pixels
 * @param {number} hgt CSS pixels
 */
function drawAxes(ctx, w, hgt) {
  const [ox, oy] = toPixel({ x: 0, y: 0 }, w, hgt);
  ctx.strokeStyle = "rgba(0,0,0,0.18)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(ox, 0);
  ctx.lineTo(ox, hgt);
  ctx.moveTo(0, oy);
  ctx.lineTo(w, oy);
  for (let v = -PLANE_EXTENT + TICK_STEP; v < PLANE_EXTENT; v += TICK_STEP) {
    const [tx, ty] = toPixel({ x: v, y: v }, w, hgt);
    ctx.moveTo(tx, hgt);
    ctx.lineTo(tx, hgt - 6);
    ctx.moveTo(0, ty);
    ctx.lineTo(6, ty);
  }
  ctx.strokeStyle = "rgba(17,24,39,0.55)";
  ctx.stroke();
  ctx.font = "11px system-ui, sans-serif";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,0.85)";
  ctx.fillStyle = "#1f2937";
  /** @param {string} text @param {number} x @param {number} y */
  const label = (text, x, y) => {
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  };
  for (let v = -PLANE_EXTENT + TICK_STEP; v < PLANE_EXTENT; v += TICK_STEP) {
    const [tx, ty] = toPixel({ x: v, y: v }, w, hgt);
    const text = v < 0 ? `\u2212${-v}` : String(v);
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    label(text, tx, hgt - 7);
    if (v === 0) continue; // the x axis's 0 names the origin
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    label(text, 8, ty);
  }
}
