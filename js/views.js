// @ts-check
/**
 * What the app shows of the network: the decision map and the neuron maps (one forward pass,
 * recomputed only when what they show changed; a focused neuron's map replaces the decision
 * map on the plane), the network graph, the charts and confusion matrices (charts_view.js), the
 * hidden space (hidden_view.js) and the readouts. Every frame is a User Timing measure
 * (RENDER_MEASURE).
 */

import { Announcer } from "./announce.js";
import { ChartsView } from "./charts_view.js";
import { fmtLoss, fmtPercent, h } from "./dom.js";
import { compileNetwork } from "./forward.js";
import { HiddenView } from "./hidden_view.js";
import { ClassLegend } from "./legend.js";
import { mapImages, mapResolution, neuronMap } from "./render.js";
import { validateWeights } from "./state.js";
import { outputSize } from "./tensors.js";
import { batchPoints } from "./work.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("./forward.js").Data} Data */
/** @typedef {import("./settings.js").Config} Config */
/** @typedef {import("./state.js").Ui} Ui */
/** @typedef {import("./state.js").History} History */
/** @typedef {Pick<import("./forward.js").Metrics, "loss" | "accuracy" | "testLoss" | "testAccuracy">} Readings */
/**
 * One frame's state.
 * @typedef {object} Frame
 * @property {Layer[] | null} net the network shown (a snapshot while scrubbing, else the live one)
 * @property {Readings | null} metrics of the network shown on the current points
 * @property {Config} config
 * @property {Ui} ui
 * @property {Data} data
 * @property {History} history
 * @property {number} step of the network shown
 * @property {number | null} [marker] the History's step, while it shows a snapshot
 * @property {boolean} [busy] training runs (costly views may skip a frame)
 * @property {import("./graph.js").NeuronRef | null} [focus] the neuron whose map the plane shows
 */

/**
 * Every rendered frame is recorded as a User Timing measure of this name (`detail`: the step
 * shown and whether the maps were recomputed), so benchmarks and the browser's profiler can see
 * frame rate and frame cost. Only the latest is kept in the timeline; a PerformanceObserver
 * still receives each one.
 */
export const RENDER_MEASURE = "nnvisu:render";
/** Each neuron's map is a grid of this many cells a side. */
const NEURON_GRID = 24;
const READOUTS = /** @type {const} */ ([
  ["Epoch", "epoch"],
  ["Step", "step"],
  ["Train loss", "train-loss"],
  ["Test loss", "test-loss"],
  ["Train accuracy", "train-accuracy"],
  ["Test accuracy", "test-accuracy"],
  ["Points", "point-count"],
]);

/**
 * A value kept while the objects it was computed from stay the same ones (compared by
 * identity): the live metrics, which depend on the weights, the points and the config.
 * @template T
 */
export class IdentityCache {
  constructor() {
    /** @type {{key: unknown[], value: T} | null} */
    this.entry = null;
  }

  /**
   * @param {unknown[]} key
   * @param {() => T} compute
   * @returns {T}
   */
  get(key, compute) {
    if (!this.entry || this.entry.key.length !== key.length || this.entry.key.some((v, i) => v !== key[i])) {
      this.entry = { key, value: compute() };
    }
    return this.entry.value;
  }

  /**
   * @param {unknown[]} key
   * @param {T} value
   */
  set(key, value) {
    this.entry = { key, value };
  }
}

/** Networks compiled from weights (live or a snapshot), once per weights object. */
export class NetworkCache {
  constructor() {
    /** @type {WeakMap<object, {arch: string, net: Layer[] | null}>} */
    this.compiled = new WeakMap();
  }

  /**
   * The network of `weights` if they fit `architecture`, else null.
   * @param {unknown} weights in any form (tensors.js)
   * @param {number[]} architecture
   * @returns {Layer[] | null}
   */
  of(weights, architecture) {
    if (!weights || typeof weights !== "object") return null;
    const arch = architecture.join();
    let entry = this.compiled.get(weights);
    if (!entry || entry.arch !== arch) {
      /** @type {Layer[] | null} */
      let net = null;
      try {
        net = compileNetwork(validateWeights(weights, architecture));
      } catch {
        net = null;
      }
      entry = { arch, net };
      this.compiled.set(weights, entry);
    }
    return entry.net;
  }

  /**
   * A snapshot's network. Snapshots from before a class-count change have another output
   * size; they are shown as they were.
   * @param {Record<string, any>} weights
   * @param {number[]} architecture the current one
   */
  snapshot(weights, architecture) {
    const classesThen = outputSize(weights, architecture.length - 1) ?? architecture[architecture.length - 1];
    return this.of(weights, [...architecture.slice(0, -1), classesThen]);
  }
}

/**
 * The epoch a step is in: steps x batch / training points.
 * @param {number} step
 * @param {number} batchSize
 * @param {number} trainCount
 */
export function epochOf(step, batchSize, trainCount) {
  return trainCount ? Math.floor((step * batchPoints(trainCount, batchSize)) / trainCount) : 0;
}

export class Views {
  /**
   * @param {import("./dom.js").Tooltip} tooltip
   * @param {import("./graph.js").NetworkGraph} graph
   * @param {string} viewId prefix of element ids
   * @param {(log: boolean) => void} [setLog] the loss chart's Log scale box changed
   */
  constructor(tooltip, graph, viewId, setLog = () => {}) {
    /** @type {Record<string, HTMLElement>} */
    this.out = {};
    this.readouts = h(
      "div",
      { class: "nv-readouts", role: "group", "aria-label": "Training progress" },
      READOUTS.map(([label, id]) => {
        // Plain text, not live regions: they change many times a second (announce.js speaks).
        this.out[id] = h("span", { class: "nv-value", "data-testid": id });
        const labelId = `${viewId}-readout-${id}`;
        return h("div", { class: "nv-readout", role: "group", "aria-labelledby": labelId }, [h("span", { id: labelId, text: label }), this.out[id]]);
      }),
    );
    this.graph = graph;
    this.network = graph.container;
    this.charts = new ChartsView(tooltip, setLog);
    /** The hidden space, shown under the plane. */
    this.hidden = new HiddenView(viewId);
    this.side = h("section", { class: "nv-side", "aria-label": "Progress" }, [this.charts.element]);
    /** The classes' legend, shown under the plane. */
    this.legend = new ClassLegend();
    this.announcer = new Announcer();
    /** The decision map at its grid's size; the plane scales it up. */
    this.mapCanvas = document.createElement("canvas");
    /** @type {unknown[] | null} */
    this.lastMapKey = null;
    /** The focused neuron's map, at the decision map's grid. */
    this.focusCanvas = document.createElement("canvas");
    /** @type {unknown[] | null} */
    this.focusKey = null;
  }

  /**
   * Draws a frame: the maps into the plane (through `drawPlane`), the graph, the chart and the
   * readouts.
   * @param {Frame} f
   * @param {(map: HTMLCanvasElement | null) => void} drawPlane
   */
  render(f, drawPlane) {
    const start = performance.now();
    const { net, config, ui } = f;
    // Maps are recomputed only when what they show changed, not for every pointer move.
    const key = [net, config.activation, config.features, ui.discretize, this.network.clientWidth, this.network.clientHeight];
    const fresh = !this.lastMapKey || key.some((v, i) => v !== this.lastMapKey?.[i]);
    this.lastMapKey = key;
    const maps = fresh && net ? mapImages(net, config.features, config.activation, mapResolution(net), ui.discretize, NEURON_GRID) : null;
    if (maps) putImage(this.mapCanvas, maps.decision);
    drawPlane(net ? (this.focusMap(net, f) ?? this.mapCanvas) : null);
    if (fresh) this.graph.update(net, config.features, maps?.neurons ?? null);
    this.charts.update(f.history, ui, f.marker ?? null);
    this.charts.confusion.update(net, config, f.data, start, Boolean(f.busy));
    this.hidden.update(f, start);
    this.showReadouts(f);
    this.legend.update(config.architecture[config.architecture.length - 1]);
    this.announcer.offer(() => this.summary(), Boolean(f.busy), f.step);
    performance.clearMeasures(RENDER_MEASURE);
    performance.measure(RENDER_MEASURE, { start, detail: { step: f.step, maps: fresh } });
  }

  /**
   * The focused neuron's map over the plane, if one is focused; computed once per network and
   * neuron.
   * @param {Layer[]} net
   * @param {Frame} f
   */
  focusMap(net, f) {
    const n = f.focus;
    const sizes = [f.config.features.length, ...net.map((l) => l.nOut)];
    if (!n || n.column >= sizes.length || n.index >= sizes[n.column]) return null;
    const key = [net, n.column, n.index, f.config.activation, f.config.features];
    if (!this.focusKey || key.some((v, i) => v !== this.focusKey?.[i])) {
      this.focusKey = key;
      putImage(this.focusCanvas, neuronMap(net, f.config.features, f.config.activation, mapResolution(net), n.column, n.index));
    }
    return this.focusCanvas;
  }

  /** The readouts as one sentence, for announcements. */
  summary() {
    return READOUTS.map(([label, id]) => `${label} ${this.out[id].textContent}`).join(", ");
  }

  /** @param {Frame} f */
  showReadouts(f) {
    const { data, metrics: m, step } = f;
    const trainCount = data.test.filter((t) => !t).length;
    this.out.step.textContent = String(step);
    this.out.epoch.textContent = String(epochOf(step, f.config.batchSize, trainCount));
    this.out["point-count"].textContent = String(data.x.length);
    this.out["train-loss"].textContent = fmtLoss(m?.loss);
    this.out["test-loss"].textContent = fmtLoss(m?.testLoss);
    this.out["train-accuracy"].textContent = fmtPercent(m?.accuracy);
    this.out["test-accuracy"].textContent = fmtPercent(m?.testAccuracy);
  }

  destroy() {
    this.graph.destroy();
    this.charts.destroy();
  }
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {ImageData} image
 */
function putImage(canvas, image) {
  if (canvas.width !== image.width || canvas.height !== image.height) {
    canvas.width = image.width;
    canvas.height = image.height;
  }
  canvas.getContext("2d")?.putImageData(image, 0, 0);
}
