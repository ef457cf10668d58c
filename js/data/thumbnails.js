// @ts-check
/**
 * The data sets (datasets.js) to pick from as small pictures, each drawn from its own generator
 * (with the class count and noise in use), so what a picture shows is what picking it gives.
 * Those of the problem in use are offered: a regression's are drawn on its value scale.
 */

import { h } from "../views/dom.js";
import { DATA_SETS } from "./datasets.js";
import { generate } from "./generators.js";
import { DEFAULT_EXTENT, toPixel } from "./extent.js";
import { pointPaint } from "./regression.js";
import { valueRange } from "./value_scale.js";

/** @typedef {import("./datasets.js").DataSet} DataSet */

/** CSS pixels a side. */
const SIZE = 44;
/** Points in a picture: enough to show the shape, few enough to read it. */
const POINTS = 160;

export class DataSetPicker {
  /** @param {(dataset: string) => void} pick */
  constructor(pick) {
    /** @type {Record<string, {set: DataSet, button: HTMLElement, canvas: HTMLCanvasElement}>} */
    this.items = {};
    /** What the pictures were drawn for. */
    this.drawn = "";
    this.element = h(
      "div",
      { class: "nv-thumbs", role: "group", "aria-label": "Data sets" },
      DATA_SETS.map((set) => {
        const canvas = /** @type {HTMLCanvasElement} */ (h("canvas", { "aria-hidden": "true" }));
        const { name, label } = set;
        const button = h("button", { type: "button", class: "nv-thumb", title: label, "aria-label": `Data set ${label}`, "aria-pressed": "false", "data-dataset": name, onclick: () => pick(name) }, [canvas]);
        this.items[name] = { set, button, canvas };
        return button;
      }),
    );
  }

  /**
   * Marks the chosen data set, shows those of the problem and redraws the pictures where the
   * classes or the noise changed.
   * @param {{dataset: string, noise: number, classes: number, regression: boolean}} s
   */
  sync(s) {
    const problem = s.regression ? "regression" : "classification";
    for (const [name, { set, button }] of Object.entries(this.items)) {
      button.setAttribute("aria-pressed", String(name === s.dataset));
      button.hidden = set.problem !== problem;
    }
    const key = `${s.classes}/${s.noise}`;
    if (key === this.drawn) return;
    this.drawn = key;
    for (const { set, canvas } of Object.values(this.items)) {
      const data = generate({ dataset: set.name, points: POINTS, noise: s.noise, classes: s.classes, seed: 1 });
      const targets = set.problem === "regression";
      // Targets near the middle of the scale are pale: larger dots keep the pattern readable.
      draw(canvas, data, pointPaint(targets ? valueRange(data.label) : null), targets ? 3.5 : 2.5, set.problem === "classification" ? set.curve : undefined);
    }
  }
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {import("../model/forward.js").Data} data
 * @param {(label: number) => string} paint
 * @param {number} dot CSS pixels a side
 * @param {(x: number) => number} [curve] a boundary to draw
 */
function draw(canvas, data, paint, dot, curve) {
  const dpr = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(SIZE * dpr);
  canvas.height = Math.round(SIZE * dpr);
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, SIZE, SIZE);
  for (let i = 0; i < data.x.length; i++) {
    const [px, py] = toPixel({ x: data.x[i], y: data.y[i] }, SIZE, SIZE, DEFAULT_EXTENT);
    ctx.fillStyle = paint(data.label[i]);
    ctx.fillRect(px - dot / 2, py - dot / 2, dot, dot);
  }
  // Over the points: with noise they blur the boundary, which is what the picture names.
  if (curve) drawCurve(ctx, curve);
}

/**
 * The curve y = f(x) across the picture (the pictures show the default plane).
 * @param {CanvasRenderingContext2D} ctx
 * @param {(x: number) => number} f
 */
function drawCurve(ctx, f) {
  ctx.beginPath();
  for (let i = 0; i <= SIZE; i++) {
    const [xmin, xmax] = DEFAULT_EXTENT;
    const x = xmin + ((xmax - xmin) * i) / SIZE;
    const [px, py] = toPixel({ x, y: f(x) }, SIZE, SIZE, DEFAULT_EXTENT);
    if (i) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
  }
  ctx.strokeStyle = "#111827";
  ctx.lineWidth = 1.25;
  ctx.stroke();
}
