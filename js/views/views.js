// @ts-check
/**
 * What the app shows of the network: the decision map and the neuron maps (one forward pass,
 * recomputed only when what they show changed; a focused neuron's map replaces the decision
 * map on the plane), the network graph, the charts and confusion matrices (charts_view.js), the
 * hidden space (hidden_view.js) and the readouts. Every frame is a User Timing measure
 * (RENDER_MEASURE).
 */

import { Announcer } from "./announce.js";
import { FRAME_BUDGET_MS, ForwardJob } from "../model/budget.js";
import { ChartsView } from "./charts_view.js";
import { fmtLoss, fmtPercent, fmtR2, h } from "./dom.js";
import { compileNetwork } from "../model/forward.js";
import { HiddenView } from "./hidden_view.js";
import { ClassLegend } from "./legend.js";
import { gridPoints } from "../data/extent.js";
import { imagesOf, mapResolution, neuronMapOf } from "../model/render.js";
import { validateWeights } from "../settings/state.js";
import { outputSize } from "../model/tensors.js";
import { batchPoints } from "../model/work.js";

/** @typedef {import("../model/forward.js").Layer} Layer */
/** @typedef {import("../model/forward.js").Data} Data */
/** @typedef {import("../settings/settings.js").Config} Config */
/** @typedef {import("../settings/state.js").Ui} Ui */
/** @typedef {import("../settings/state.js").History} History */
/** @typedef {import("../data/extent.js").Extent} Extent */
/** @typedef {import("../data/regression.js").Readings} Readings */
/**
 * One frame's state.
 * @typedef {object} Frame
 * @property {Layer[] | null} net the network shown (a snapshot while scrubbing, else the live one)
 * @property {Readings | null} metrics of the network shown on the current points
 * @property {Config} config
 * @property {Ui} ui
 * @property {Data} data
 * @property {Extent} extent the data rectangle of the plane and the neuron maps
 * @property {History} history
 * @property {number} step of the network shown
 * @property {number | null} [marker] the History's step, while it shows a snapshot
 * @property {boolean} [busy] training runs (costly views may skip a frame)
 * @property {number} [deadline] when this frame's forward-pass work should stop (performance.now())
 * @property {boolean} [metricsPending] the metrics shown are still to come
 * @property {import("./graph.js").NeuronRef | null} [focus] the neuron whose map the plane shows
 * @property {import("../data/value_scale.js").ValueRange | null} [values] a regression's value scale
 *   (null: classification)
 */
/**
 * The maps being computed, over as many frames as they take (budget.js).
 * @typedef {object} MapJob
 * @property {unknown[]} key what they show
 * @property {ForwardJob} forward
 * @property {number} workMs main-thread time spent on it so far
 * @property {Layer[]} net
 * @property {import("../model/render.js").MapOptions} options
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
/**
 * Maps computed in slices (a large network, budget.js) take at most 1 / (1 + MAP_REST) of the
 * main thread: after t ms of work the next start MAP_REST * t later, which leaves the page's
 * time to input and the host's CPU to training. Small networks' maps follow every frame.
 */
const MAP_REST = 3;
const READOUTS = /** @type {const} */ ([
  ["Epoch", "epoch"],
  ["Step", "step"],
  ["Train loss", "train-loss"],
  ["Test loss", "test-loss"],
  ["Train accuracy", "train-accuracy"],
  ["Test accuracy", "test-accuracy"],
  ["Train R²", "train-r2"],
  ["Test R²", "test-r2"],
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
   * @param {() => void} [again] asks for another frame (work spread over frames goes on)
   */
  constructor(tooltip, graph, viewId, setLog = () => {}, again = () => {}) {
    this.again = again;
    /** @type {Record<string, HTMLElement>} */
    this.out = {};
    /** @type {Record<string, HTMLElement>} each readout with its label */
    this.boxes = {};
    /** Whether the readouts, charts and legend are a regression's. */
    this.regression = true;
    this.readouts = h(
      "div",
      { class: "nv-readouts", role: "group", "aria-label": "Training progress" },
      READOUTS.map(([label, id]) => {
        // Plain text, not live regions: they change many times a second (announce.js speaks).
        this.out[id] = h("span", { class: "nv-value", "data-testid": id });
        const labelId = `${viewId}-readout-${id}`;
        const box = h("div", { class: "nv-readout", role: "group", "aria-labelledby": labelId }, [h("span", { id: labelId, text: label }), this.out[id]]);
        this.boxes[id] = box;
        return box;
      }),
    );
    this.graph = graph;
    this.network = graph.container;
    this.charts = new ChartsView(tooltip, setLog);
    /** The hidden space, shown under the plane. */
    this.hidden = new HiddenView(viewId);
    this.side = h("section", { class: "nv-side" }, [this.charts.element]);
    /** The classes' legend, shown under the plane. */
    this.legend = new ClassLegend();
    this.announcer = new Announcer();
    /** The decision map at its grid's size; the plane scales it up. */
    this.mapCanvas = document.createElement("canvas");
    /** @type {unknown[] | null} what the maps shown show */
    this.lastMapKey = null;
    /** @type {MapJob | null} */
    this.job = null;
    /**
     * The forward pass of the maps shown (hidden layers kept): a focused neuron's map is read
     * from it, so focusing costs no second pass however large the network.
     * @type {{net: Layer[], res: import("../model/forward.js").ForwardResult, options: import("../model/render.js").MapOptions} | null}
     */
    this.shownPass = null;
    /** Maps were shown since the last full frame. */
    this.newMaps = false;
    /** No maps start before this time (MAP_REST). */
    this.restUntil = 0;
    /** @type {ReturnType<typeof setTimeout> | null} the frame asked for when the rest ends */
    this.restTimer = null;
    /** The focused neuron's map, at the decision map's grid. */
    this.focusCanvas = document.createElement("canvas");
    /** @type {unknown[] | null} */
    this.focusKey = null;
    this.showProblem(false);
  }

  /**
   * Accuracy and confusion matrices for classification, R² for regression.
   * @param {boolean} regression
   */
  showProblem(regression) {
    if (regression === this.regression) return;
    this.regression = regression;
    for (const id of ["train-accuracy", "test-accuracy"]) this.boxes[id].hidden = regression;
    for (const id of ["train-r2", "test-r2"]) this.boxes[id].hidden = !regression;
    this.charts.showProblem(regression);
  }

  /**
   * Draws a frame: the maps into the plane (through `drawPlane`), the graph, the chart and the
   * readouts.
   * @param {Frame} f
   * @param {(map: HTMLCanvasElement | null) => void} drawPlane
   */
  render(f, drawPlane) {
    const start = performance.now();
    this.showProblem(Boolean(f.values));
    this.updateMaps(f, f.deadline ?? start + FRAME_BUDGET_MS);
    // Maps completed in a work frame since the last frame count as this frame's.
    const fresh = this.newMaps;
    this.newMaps = false;
    drawPlane(f.net && this.lastMapKey?.[0] ? (this.focusMap(f) ?? this.mapCanvas) : null);
    this.charts.update(f.history, f.ui, f.marker ?? null);
    this.updateConfusion(f, f.deadline ?? start + FRAME_BUDGET_MS);
    this.hidden.update(f, start);
    this.showReadouts(f);
    this.legend.update(f.config.architecture[f.config.architecture.length - 1], f.values ?? null);
    this.announcer.offer(() => this.summary(), Boolean(f.busy), f.step);
    performance.clearMeasures(RENDER_MEASURE);
    performance.measure(RENDER_MEASURE, { start, detail: { step: f.step, maps: fresh } });
  }

  /**
   * Moves the maps on: a job starts when what they show changed (not for every pointer move),
   * runs until `deadline`, and once complete its maps and its network's graph are shown. A job
   * runs to its end even if newer weights come meanwhile; the next one then starts from the
   * newest, so a network whose maps take several frames still shows them. Returns whether new
   * maps were shown.
   * @param {Frame} f
   * @param {number} deadline
   */
  updateMaps(f, deadline) {
    const { net, config, ui } = f;
    const key = [net, config.activation, config.features, ui.discretize, this.network.clientWidth, this.network.clientHeight, f.extent, f.values ?? null];
    const same = (/** @type {unknown[] | null | undefined} */ k) => Boolean(k) && key.every((v, i) => v === k?.[i]);
    if (!net) {
      this.job = null;
      this.shownPass = null;
      if (same(this.lastMapKey)) return false;
      this.lastMapKey = key;
      this.graph.update(null, config.features, null);
      return (this.newMaps = true);
    }
    if (!this.job && !same(this.lastMapKey)) {
      const rest = this.restUntil - performance.now();
      if (rest > 0) {
        this.restTimer ??= setTimeout(() => {
          this.restTimer = null;
          this.again();
        }, rest);
        return false;
      }
      const g = mapResolution(net);
      const { xs, ys } = gridPoints(g, f.extent);
      const options = { features: config.features, activation: config.activation, g, discretize: ui.discretize, neuronGrid: Math.min(NEURON_GRID, g), extent: f.extent, values: f.values ?? null };
      this.job = { key, net, options, workMs: 0, forward: new ForwardJob(net, config.features, config.activation, xs, ys, true) };
    }
    const job = this.job;
    if (!job) return false;
    const start = performance.now();
    const done = job.forward.run(deadline);
    const afterRun = performance.now();
    job.workMs += afterRun - start;
    if (!done) {
      this.again();
      return false;
    }
    this.job = null;
    const sizes = [job.options.features.length, ...job.net.map((l) => l.nOut)];
    const maps = imagesOf(job.forward.result, job.net, { ...job.options, shown: this.graph.arrange(sizes).plan });
    putImage(this.mapCanvas, maps.decision);
    this.shownPass = { net: job.net, res: job.forward.result, options: job.options };
    this.graph.update(job.net, job.options.features, maps.neurons);
    this.lastMapKey = job.key;
    this.newMaps = true;
    const end = performance.now();
    if (job.forward.sliced) this.restUntil = end + MAP_REST * (job.workMs + end - afterRun);
    if (!same(job.key)) this.again();
    return true;
  }

  /**
   * Moves the confusion matrices on (a large network's over frames).
   * @param {Frame} f
   * @param {number} deadline
   */
  updateConfusion(f, deadline) {
    // A regression has no classes to confuse.
    if (f.values) return;
    if (this.charts.confusion.update(f.net, f.config, f.data, performance.now(), Boolean(f.busy), deadline)) this.again();
  }

  /**
   * The focused neuron's map over the plane, if one is focused: of the network whose maps are
   * shown (the graph's), at the decision map's grid, from their forward pass; made once per
   * pass and neuron.
   * @param {Frame} f
   */
  focusMap(f) {
    const n = f.focus;
    const pass = this.shownPass;
    if (!n || !pass) return null;
    const { net, res, options: o } = pass;
    const sizes = [o.features.length, ...net.map((l) => l.nOut)];
    if (n.column >= sizes.length || n.index >= sizes[n.column]) return null;
    const key = [res, n.column, n.index];
    if (!this.focusKey || key.some((v, i) => v !== this.focusKey?.[i])) {
      this.focusKey = key;
      putImage(this.focusCanvas, neuronMapOf(res, net, o.features, o.activation, o.g, n.column, n.index, o.extent, o.values));
    }
    return this.focusCanvas;
  }

  /** The readouts as one sentence, for announcements. */
  summary() {
    return READOUTS.filter(([, id]) => !this.boxes[id].hidden)
      .map(([label, id]) => `${label} ${this.out[id].textContent}`)
      .join(", ");
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
    this.out["train-r2"].textContent = fmtR2(m?.r2);
    this.out["test-r2"].textContent = fmtR2(m?.testR2);
    // Being computed over frames (a large network), or on its way from the trainer.
    if (f.metricsPending) for (const id of ["train-loss", "test-loss", "train-accuracy", "test-accuracy", "train-r2", "test-r2"]) this.out[id].textContent = "…";
  }

  destroy() {
    if (this.restTimer !== null) clearTimeout(this.restTimer);
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
