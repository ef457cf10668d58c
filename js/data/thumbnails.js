// @ts-check
/**
 * The data sets to pick from as small pictures, each drawn from its own generator (with the
 * class count and noise in use), so what a picture shows is what picking it gives. Those of
 * the problem in use are offered: a regression's are drawn on its value scale.
 */

import { h } from "../views/dom.js";
import { DATASETS, REGRESSION_DATASETS, generate } from "./generators.js";
import { DEFAULT_EXTENT, toPixel } from "./extent.js";
import { pointPaint } from "./regression.js";
import { choiceLabel } from "../settings/schema.js";
import { valueRange } from "./value_scale.js";

/** CSS pixels a side. */
const SIZE = 44;
/** Points in a picture: enough to show the shape, few enough to read it. */
const POINTS = 160;

export class DataSetPicker {
  /** @param {(dataset: string) => void} pick */
  constructor(pick) {
    /** @type {Record<string, {button: HTMLElement, canvas: HTMLCanvasElement}>} */
    this.items = {};
    /** What the pictures were drawn for. */
    this.drawn = "";
    this.element = h(
      "div",
      { class: "nv-thumbs", role: "group", "aria-label": "Data sets" },
      [...DATASETS, ...REGRESSION_DATASETS].map((name) => {
        const canvas = /** @type {HTMLCanvasElement} */ (h("canvas", { "aria-hidden": "true" }));
        const label = choiceLabel("dataset", name);
        const button = h("button", { type: "button", class: "nv-thumb", title: label, "aria-label": `Data set ${label}`, "aria-pressed": "false", "data-dataset": name, onclick: () => pick(name) }, [canvas]);
        this.items[name] = { button, canvas };
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
    const offered = s.regression ? REGRESSION_DATASETS : DATASETS;
    for (const [name, { button }] of Object.entries(this.items)) {
      button.setAttribute("aria-pressed", String(name === s.dataset));
      button.hidden = !offered.includes(name);
    }
    const key = `${s.classes}/${s.noise}`;
    if (key === this.drawn) return;
    this.drawn = key;
    for (const [name, { canvas }] of Object.entries(this.items)) {
      const data = generate({ dataset: name, points: POINTS, noise: s.noise, classes: s.classes, seed: 1 });
      const targets = REGRESSION_DATASETS.includes(name);
      // Targets near the middle of the scale are pale: larger dots keep the pattern readable.
      draw(canvas, data, pointPaint(targets ? valueRange(data.label) : null), targets ? 3.5 : 2.5);
    }
  }
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {import("../model/forward.js").Data} data
 * @param {(label: number) => string} paint
 * @param {number} dot CSS pixels a side
 */
function draw(canvas, data, paint, dot) {
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
}
