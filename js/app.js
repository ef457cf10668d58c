// @ts-check
/**
 * The app: controls, the training loop and rendering. It speaks only the anywidget model
 * interface (get, set, save_changes, on, off, send, "msg:custom"), so the same code runs on
 * the standalone page and in JupyterLab.
 */

import { CLASS_NAMES, classColor, css } from "./colors.js";
import { ACTIVATIONS, FEATURES, compileNetwork, evaluate } from "./forward.js";
import { DATASETS, TWO_CLASS, generate } from "./generators.js";
import { FEATURE_LABELS, NetworkGraph } from "./graph.js";
import { LossChart } from "./chart.js";
import { nextSteps, record } from "./history.js";
import { PLANE_EXTENT, mapImages, mapResolution } from "./render.js";
import { maxStepsWithin } from "./work.js";
import {
  DEFAULT_LIMITS,
  MAX_CLASSES,
  MIN_CLASSES,
  OPTIMIZERS,
  ValidationError,
  defaultUi,
  emptyData,
  emptyHistory,
  parseHidden,
  validateConfig,
  validateData,
  validateHistory,
  validateUi,
  validateWeights,
} from "./state.js";

/** @typedef {import("./state.js").Config} Config */
/** @typedef {import("./state.js").Ui} Ui */
/** @typedef {import("./state.js").History} History */
/** @typedef {import("./state.js").Limits} Limits */
/** @typedef {import("./forward.js").Data} Data */
/** @typedef {import("./forward.js").Layer} Layer */
/**
 * The anywidget model interface, as this app uses it.
 * @typedef {object} Model
 * @property {(key: string) => any} get
 * @property {(key: string, value: any) => void} set
 * @property {() => void} save_changes
 * @property {(name: string, cb: (...args: any[]) => void) => void} on
 * @property {(name: string, cb: (...args: any[]) => void) => void} off
 * @property {(msg: any) => void} send
 */
/**
 * @typedef {object} AppOptions
 * @property {{load: () => unknown, save: (ui: Ui) => void}} [uiStore] where UI settings persist
 * @property {string[]} [notices] messages to show at start (e.g. storage problems)
 */

/**
 * Aim each training reply at this long after the previous one (while playing, the next request
 * leaves as a reply is handled): 30+ new frames a second, with room for jitter.
 */
const TARGET_CYCLE_MS = 30;
const ERASER_RADIUS = 0.5;
const PAINT_SPACING = 0.35;
const NEURON_GRID = 24;
const HISTORY_SAVE_MS = 1000;
/**
 * Every rendered frame is recorded as a User Timing measure of this name (`detail`: the step
 * shown and whether the maps were recomputed), so benchmarks and the browser's profiler can see
 * frame rate and frame cost. Only the latest is kept in the timeline; a PerformanceObserver
 * still receives each one.
 */
export const RENDER_MEASURE = "nnvisu:render";
const MAX_UNDO = 50;
const ACTIVATION_LABELS = /** @type {Record<string, string>} */ ({
  tanh: "tanh",
  relu: "ReLU",
  leaky_relu: "leaky ReLU",
  gelu: "GELU",
  sigmoid: "sigmoid",
  linear: "linear",
});
const OPTIMIZER_LABELS = /** @type {Record<string, string>} */ ({
  sgd: "SGD",
  momentum: "SGD + momentum",
  adam: "Adam",
  rmsprop: "RMSprop",
});
const DATASET_LABELS = /** @type {Record<string, string>} */ ({
  circles: "circles",
  moons: "moons (2 classes)",
  blobs: "blobs",
  anisotropic: "anisotropic blobs",
  varied: "blobs of varied spread",
  xor: "xor (2 classes)",
  spiral: "spirals",
  gaussian: "overlapping Gaussians",
});

let viewCount = 0;

/**
 * @param {string} tag
 * @param {Record<string, any>} [attrs] attributes; `text` sets textContent, `on*` adds listeners
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElement}
 */
function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  el.append(...children);
  return el;
}

/**
 * A labelled control in one row.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} id
 */
function field(label, control, id) {
  control.id = id;
  return h("div", { class: "nv-field" }, [h("label", { for: id, text: label }), control]);
}

/** @param {number | null | undefined} v */
const fmtLoss = (v) => (v === null || v === undefined ? "—" : v.toFixed(3));
/** @param {number | null | undefined} v */
const fmtPercent = (v) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);

/**
 * Builds the whole app inside `el`; returns the cleanup function.
 * @param {HTMLElement} el
 * @param {Model} model
 * @param {AppOptions} [options]
 */
export function createApp(el, model, options = {}) {
  const viewId = `v${++viewCount}-${Math.random().toString(36).slice(2, 8)}`;
  let nextRequest = 1;
  /**
   * Requests sent and not yet answered, oldest first. While playing there are two: the host
   * answers them in order and builds each from the state the one before left, so the next
   * request is already waiting when a reply comes and the trainer never waits for this page.
   * @type {{id: string, kind: "train" | "init", steps: number, sent: number, single: boolean}[]}
   */
  const outstanding = [];
  /** When the last training reply arrived: a reply times the cycle since then. */
  let lastReply = 0;
  /** @type {{resize: boolean} | null} */
  let needInit = null;
  let playing = false;
  let stepOnce = false;
  let stepsPerRequest = 1;
  /** @type {[number, number][]} recent (steps, milliseconds) of training replies */
  const timings = [];
  /** What the cost of a step depends on, when `timings` were measured. */
  let timingsKey = "";
  /** @type {number | null} index into history.snapshots while scrubbing */
  let scrub = null;
  /** @type {Data[]} */
  const undoStack = [];
  let renderQueued = 0;
  /** @type {any} */
  let historyTimer = null;
  let historyDirty = false;
  let destroyed = false;
  /** Problems found while starting, shown together once the message area exists. */
  const notices = [...(options.notices ?? [])];

  // ------------------------------------------------------------------ state access

  /** @returns {Limits & {maxWork?: number, workCosts?: Record<string, number>}} */
  const limits = () => ({ ...DEFAULT_LIMITS, ...(model.get("limits") ?? {}) });

  /** @type {Config} */
  let config;
  const classes = () => config.architecture[config.architecture.length - 1];
  const hidden = () => config.architecture.slice(1, -1);
  try {
    config = validateConfig(model.get("config") ?? {}, limits());
  } catch (e) {
    config = validateConfig({});
    notices.push(`The model's config cannot be used (${errorText(e)}); using defaults`);
  }
  // Written back even when unchanged, so the host holds the complete, validated config.
  model.set("config", config);

  /** @type {Ui} */
  let ui = defaultUi();
  if (options.uiStore) {
    try {
      const stored = options.uiStore.load();
      if (stored) ui = validateUi(stored);
    } catch (e) {
      notices.push(errorText(e));
    }
  }

  /** @type {History} */
  let history = emptyHistory();
  try {
    const h0 = model.get("history");
    if (h0) history = validateHistory(h0);
  } catch (e) {
    notices.push(`The history cannot be used (${errorText(e)}); starting a new one`);
  }

  const given = currentData();
  /** @type {Data} */
  let data = given ?? generate(generatorSettings());
  if (!given) model.set("data", data);

  /** @returns {Data | null} */
  function currentData() {
    const raw = model.get("data");
    // A host that starts without points (null, or an empty object) gets the default data set.
    if (raw === null || raw === undefined || (typeof raw === "object" && !("x" in raw))) return null;
    try {
      return validateData(raw, classes());
    } catch (e) {
      notices.push(`The points cannot be used (${errorText(e)}); generating new ones`);
      return null;
    }
  }

  /** @type {WeakMap<object, {arch: string, net: Layer[] | null}>} compiled weights */
  const compiled = new WeakMap();

  /**
   * The network of `weights` if they fit the architecture, else null; compiled once per
   * weights object.
   * @param {any} weights
   * @param {number[]} architecture
   */
  function networkOf(weights, architecture = config.architecture) {
    if (!weights || typeof weights !== "object") return null;
    const arch = architecture.join();
    let entry = compiled.get(weights);
    if (!entry || entry.arch !== arch) {
      /** @type {Layer[] | null} */
      let net = null;
      try {
        net = compileNetwork(validateWeights(weights, architecture));
      } catch {
        net = null;
      }
      entry = { arch, net };
      compiled.set(weights, entry);
    }
    return entry.net;
  }

  /** The live network, or null while the weights do not fit the config (before an init). */
  function liveNet() {
    return networkOf(model.get("weights"));
  }

  function generatorSettings() {
    return {
      dataset: config.dataset,
      points: Math.min(config.points, limits().maxPoints),
      noise: config.noise,
      classes: classes(),
      seed: config.dataSeed,
      testFraction: config.testFraction,
    };
  }

  // ------------------------------------------------------------------ DOM

  el.replaceChildren();
  const root = h("div", { class: "nnvisu", "data-testid": "nnvisu-root" });
  el.append(root);

  const tooltipEl = h("div", { class: "nv-tooltip", "data-testid": "tooltip", role: "tooltip", hidden: true });
  const tooltip = {
    /** @param {string} text @param {number} cx @param {number} cy */
    show(text, cx, cy) {
      const box = root.getBoundingClientRect();
      tooltipEl.textContent = text;
      tooltipEl.hidden = false;
      const x = Math.min(cx - box.left + 12, box.width - tooltipEl.offsetWidth - 4);
      tooltipEl.style.left = `${Math.max(0, x)}px`;
      tooltipEl.style.top = `${cy - box.top + 14}px`;
    },
    hide() {
      tooltipEl.hidden = true;
    },
  };

  const statusEl = h("span", { class: "nv-status", "data-testid": "connection-status" });
  const messageEl = h("div", { class: "nv-message", "data-testid": "message", role: "status", "aria-live": "polite" });

  const playBtn = h("button", { type: "button", class: "nv-play", "aria-label": "Play", onclick: () => guarded(togglePlay) });
  const stepBtn = h("button", { type: "button", "aria-label": "Step", text: "Step", onclick: () => guarded(stepClicked) });
  const resetBtn = h("button", { type: "button", "aria-label": "Reset weights", text: "Reset weights", onclick: () => guarded(resetWeights) });

  /** @type {Record<string, HTMLElement>} */
  const out = {};
  const readout = (/** @type {string} */ label, /** @type {string} */ id) => {
    // Named by the text beside it (not aria-label), so "Points" names only the generator field.
    out[id] = h("output", { "data-testid": id });
    return h("div", { class: "nv-readout", role: "group" }, [h("span", { text: label }), out[id]]);
  };
  const readouts = h("div", { class: "nv-readouts" }, [
    readout("Epoch", "epoch"),
    readout("Step", "step"),
    readout("Train loss", "train-loss"),
    readout("Test loss", "test-loss"),
    readout("Train accuracy", "train-accuracy"),
    readout("Test accuracy", "test-accuracy"),
    readout("Points", "point-count"),
  ]);

  const plane = /** @type {HTMLCanvasElement} */ (
    h("canvas", { class: "nv-plane", "data-testid": "plane", "aria-label": "Data plane", role: "img", tabindex: 0 })
  );
  const historyRange = /** @type {HTMLInputElement} */ (
    h("input", { type: "range", min: 0, max: 0, step: 1, value: 0, oninput: scrubbed })
  );
  const historyLabel = h("span", { class: "nv-history-step" });

  // Data controls
  const datasetSel = select(DATASETS, DATASET_LABELS, config.dataset, () => setConfigKey("dataset", datasetSel.value));
  const pointsIn = numberInput(1, 1, () => setConfigNumber("points", pointsIn, "Points"), { max: limits().maxPoints });
  const noiseIn = numberInput(0.05, 0, () => setConfigNumber("noise", noiseIn, "Noise"), { max: 3 });
  const dataSeedIn = numberInput(1, 0, () => setConfigNumber("dataSeed", dataSeedIn, "Data seed"));
  const testFracIn = numberInput(0.05, 0, () => setConfigNumber("testFraction", testFracIn, "Test fraction"), { max: 0.9 });
  const generateBtn = h("button", { type: "button", text: "Generate", "aria-label": "Generate", onclick: () => guarded(generateData) });
  const classRadios = h("div", { class: "nv-classes", role: "radiogroup", "aria-label": "Class colour" });
  const toolAdd = radio("nv-tool", "Add points", ui.tool === "add", () => setUi({ tool: "add" }));
  const toolErase = radio("nv-tool", "Eraser", ui.tool === "erase", () => setUi({ tool: "erase" }));
  const undoBtn = h("button", { type: "button", text: "Undo", "aria-label": "Undo", onclick: () => guarded(undo) });
  const clearBtn = h("button", { type: "button", text: "Clear points", "aria-label": "Clear points", onclick: () => guarded(clearPoints) });
  const showTestCb = checkbox("Show test points", ui.showTest, (v) => setUi({ showTest: v }));
  const discretizeCb = checkbox("Discretize", ui.discretize, (v) => setUi({ discretize: v }));

  // Network controls
  const classesIn = numberInput(1, MIN_CLASSES, changeClasses, { max: MAX_CLASSES });
  const hiddenIn = /** @type {HTMLInputElement} */ (
    h("input", { type: "text", inputmode: "numeric", placeholder: "e.g. 8-8-4", spellcheck: "false", onchange: () => guarded(changeHidden) })
  );
  const addLayerBtn = h("button", { type: "button", text: "+ layer", "aria-label": "Add hidden layer", onclick: () => guarded(addLayer) });
  const removeLayerBtn = h("button", { type: "button", text: "− layer", "aria-label": "Remove hidden layer", onclick: () => guarded(removeLayer) });
  const activationSel = select(ACTIVATIONS, ACTIVATION_LABELS, config.activation, () => changeArchitecture({ activation: activationSel.value }));
  /** @type {Record<string, HTMLInputElement>} */
  const featureCbs = {};
  const featureBox = h(
    "div",
    { class: "nv-features" },
    FEATURES.map((f) => {
      const cb = checkbox(`Feature ${FEATURE_LABELS[f]}`, config.features.includes(f), changeFeatures, FEATURE_LABELS[f]);
      featureCbs[f] = /** @type {HTMLInputElement} */ (cb.querySelector("input"));
      return cb;
    }),
  );

  // Training controls
  const optimizerSel = select(OPTIMIZERS, OPTIMIZER_LABELS, config.optimizer, changeOptimizer);
  const lrIn = numberInput("any", 0, () => setConfigNumber("learningRate", lrIn, "Learning rate"));
  const l1In = numberInput("any", 0, () => setConfigNumber("l1", l1In, "L1"));
  const l2In = numberInput("any", 0, () => setConfigNumber("l2", l2In, "L2"));
  const batchIn = numberInput(1, 0, () => setConfigNumber("batchSize", batchIn, "Batch size"));
  const dropoutIn = numberInput(0.05, 0, () => setConfigNumber("dropout", dropoutIn, "Dropout"), { max: 0.95 });
  const seedIn = numberInput(1, 0, () => setConfigNumber("seed", seedIn, "Seed"));

  const network = h("div", { class: "nv-network", "data-testid": "network", role: "img", "aria-label": "Network graph" });
  const lossCanvas = /** @type {HTMLCanvasElement} */ (
    h("canvas", { class: "nv-loss", "data-testid": "loss-chart", role: "img", "aria-label": "Loss chart" })
  );

  root.append(
    h("header", { class: "nv-header" }, [
      h("h1", {}, [h("span", { text: "nnvisu" }), h("small", { text: " watch a neural network learn" })]),
      statusEl,
    ]),
    h("div", { class: "nv-toolbar" }, [playBtn, stepBtn, resetBtn, readouts]),
    h("div", { class: "nv-main" }, [
      h("section", { class: "nv-controls", "aria-label": "Settings" }, [
        h("fieldset", {}, [
          h("legend", { text: "Drawing" }),
          h("div", { class: "nv-row" }, [classRadios]),
          h("div", { class: "nv-row", role: "radiogroup", "aria-label": "Tool" }, [toolAdd, toolErase]),
          h("div", { class: "nv-row" }, [undoBtn, clearBtn]),
          h("div", { class: "nv-row" }, [showTestCb, discretizeCb]),
        ]),
        h("fieldset", {}, [
          h("legend", { text: "Data set" }),
          field("Data set", datasetSel, `${viewId}-dataset`),
          field("Points", pointsIn, `${viewId}-points`),
          field("Noise", noiseIn, `${viewId}-noise`),
          field("Data seed", dataSeedIn, `${viewId}-dseed`),
          field("Test fraction", testFracIn, `${viewId}-testfrac`),
          h("div", { class: "nv-row" }, [generateBtn]),
        ]),
        h("fieldset", {}, [
          h("legend", { text: "Network" }),
          field("Classes", classesIn, `${viewId}-classes`),
          field("Hidden layers", hiddenIn, `${viewId}-hidden`),
          h("div", { class: "nv-row" }, [addLayerBtn, removeLayerBtn]),
          field("Activation", activationSel, `${viewId}-activation`),
          h("div", { class: "nv-sub", text: "Input features" }),
          featureBox,
        ]),
        h("fieldset", {}, [
          h("legend", { text: "Training" }),
          field("Optimizer", optimizerSel, `${viewId}-optimizer`),
          field("Learning rate", lrIn, `${viewId}-lr`),
          field("L1", l1In, `${viewId}-l1`),
          field("L2", l2In, `${viewId}-l2`),
          field("Batch size", batchIn, `${viewId}-batch`),
          field("Dropout", dropoutIn, `${viewId}-dropout`),
          field("Seed", seedIn, `${viewId}-seed`),
        ]),
      ]),
      h("section", { class: "nv-stage", "aria-label": "Data" }, [
        h("div", { class: "nv-plane-wrap" }, [plane]),
        h("div", { class: "nv-history" }, [field("History", historyRange, `${viewId}-history`), historyLabel]),
        messageEl,
      ]),
      h("section", { class: "nv-side", "aria-label": "Network and loss" }, [
        h("h2", { text: "Network" }),
        network,
        h("h2", { text: "Loss" }),
        lossCanvas,
        h("div", { class: "nv-legend" }, [
          h("span", { class: "nv-key nv-key-train", text: "train" }),
          h("span", { class: "nv-key nv-key-test", text: "test" }),
        ]),
      ]),
    ]),
    h("details", { class: "nv-help" }, [
      h("summary", { text: "How to use" }),
      h("ul", {}, [
        h("li", { text: "Pick a class colour and click or drag on the plane to add points; the Eraser removes points under its circle. Undo takes back the last change to the points." }),
        h("li", { text: "Or choose a data set and press Generate. Test fraction holds some points out of training (drawn hollow) to show how well the network generalizes." }),
        h("li", { text: "Press Play to train and watch the decision regions, every neuron's map and the loss change. Step runs one training step." }),
        h("li", { text: "Hidden layers takes sizes such as 8-8-4. Changing the layers, the activation or the features starts from fresh weights; the other settings apply while training." }),
        h("li", { text: "Edges are blue for positive and red for negative weights, thicker for larger ones; hover one to read it. While paused, drag History to look back." }),
      ]),
    ]),
    tooltipEl,
  );

  const graph = new NetworkGraph(network, tooltip);
  const chart = new LossChart(lossCanvas, tooltip);

  /**
   * @param {string[]} values
   * @param {Record<string, string>} labels
   * @param {string} value
   * @param {() => void} onchange
   */
  function select(values, labels, value, onchange) {
    const s = /** @type {HTMLSelectElement} */ (
      h("select", { onchange: () => guarded(onchange) }, values.map((v) => h("option", { value: v, text: labels[v] ?? v })))
    );
    s.value = value;
    return s;
  }

  /**
   * @param {number | "any"} step
   * @param {number} min
   * @param {() => void} onchange
   * @param {{max?: number}} [extra]
   */
  function numberInput(step, min, onchange, extra = {}) {
    return /** @type {HTMLInputElement} */ (h("input", { type: "number", step, min, max: extra.max, onchange: () => guarded(onchange) }));
  }

  /**
   * @param {string} name
   * @param {string} label
   * @param {boolean} checked
   * @param {() => void} onchange
   */
  function radio(name, label, checked, onchange) {
    const input = h("input", { type: "radio", name: `${viewId}-${name}`, "aria-label": label, checked, onchange: () => guarded(onchange) });
    return h("label", { class: "nv-radio" }, [input, h("span", { text: label, "aria-hidden": "true" })]);
  }

  /**
   * @param {string} label accessible name
   * @param {boolean} checked
   * @param {(checked: boolean) => void} onchange
   * @param {string} [shown] visible text, when shorter than the name
   */
  function checkbox(label, checked, onchange, shown = label) {
    /** @type {HTMLInputElement} */
    const input = /** @type {HTMLInputElement} */ (
      h("input", { type: "checkbox", "aria-label": label, checked, onchange: () => guarded(() => onchange(input.checked)) })
    );
    return h("label", { class: "nv-check" }, [input, h("span", { text: shown, "aria-hidden": "true" })]);
  }

  function buildClassRadios() {
    const k = classes();
    if (ui.selectedClass >= k) ui.selectedClass = 0;
    classRadios.replaceChildren(
      ...Array.from({ length: k }, (_, c) => {
        const input = h("input", {
          type: "radio",
          name: `${viewId}-class`,
          "aria-label": `Class ${c + 1}`,
          checked: c === ui.selectedClass,
          onchange: () => guarded(() => setUi({ selectedClass: c })),
        });
        const swatch = h("span", { class: "nv-swatch", title: `Class ${c + 1} (${CLASS_NAMES[c]})`, "aria-hidden": "true" });
        swatch.style.background = css(classColor(c));
        return h("label", { class: "nv-radio nv-class" }, [input, swatch]);
      }),
    );
  }

  /** Puts the config's values into the controls. */
  function syncControls() {
    datasetSel.value = config.dataset;
    pointsIn.value = String(config.points);
    pointsIn.max = String(limits().maxPoints);
    noiseIn.value = String(config.noise);
    dataSeedIn.value = String(config.dataSeed);
    testFracIn.value = String(config.testFraction);
    classesIn.value = String(classes());
    hiddenIn.value = hidden().join("-");
    activationSel.value = config.activation;
    for (const f of FEATURES) featureCbs[f].checked = config.features.includes(f);
    optimizerSel.value = config.optimizer;
    lrIn.value = String(config.learningRate);
    l1In.value = String(config.l1);
    l2In.value = String(config.l2);
    batchIn.value = String(config.batchSize);
    dropoutIn.value = String(config.dropout);
    seedIn.value = String(config.seed);
    if (classRadios.childElementCount !== classes()) buildClassRadios();
  }

  // ------------------------------------------------------------------ messages

  /** @param {unknown} e */
  function errorText(e) {
    return e instanceof Error ? e.message : String(e);
  }

  /** @param {string} text */
  function say(text) {
    messageEl.textContent = text;
  }

  /**
   * Runs a control's handler: clears the last message, and turns a validation failure into a
   * message with the control put back to the current state.
   * @param {() => void} fn
   */
  function guarded(fn) {
    say("");
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      say(e.message);
      syncControls();
    }
  }

  // ------------------------------------------------------------------ model updates

  /**
   * @param {Partial<Config>} change
   * @returns {Config}
   */
  function setConfig(change) {
    const next = validateConfig({ ...config, ...change }, limits());
    config = next;
    model.set("config", next);
    model.save_changes();
    syncControls();
    scheduleRender();
    return next;
  }

  /**
   * @param {keyof Config} key
   * @param {any} value
   */
  function setConfigKey(key, value) {
    setConfig({ [key]: value });
  }

  /**
   * @param {keyof Config} key
   * @param {HTMLInputElement} input
   * @param {string} label
   */
  function setConfigNumber(key, input, label) {
    const text = input.value.trim();
    const v = Number(text);
    if (!text || !Number.isFinite(v)) throw new ValidationError(`${label} must be a number`);
    if (key === "points" && v > limits().maxPoints) {
      throw new ValidationError(`Points must be at most ${limits().maxPoints} (this server's limit)`);
    }
    setConfig({ [key]: v });
  }

  /** @param {Partial<Ui>} change */
  function setUi(change) {
    ui = { ...ui, ...change };
    options.uiStore?.save(ui);
    scheduleRender();
  }

  /**
   * Changes that need fresh weights: architecture, activation, features.
   * @param {Partial<Config>} change
   */
  function changeArchitecture(change) {
    const before = JSON.stringify([config.architecture, config.activation, config.features]);
    setConfig(change);
    if (JSON.stringify([config.architecture, config.activation, config.features]) === before) return;
    requestInit(false);
  }

  function changeHidden() {
    const sizes = parseHidden(hiddenIn.value, limits());
    changeArchitecture({ architecture: [config.features.length, ...sizes, classes()] });
  }

  function addLayer() {
    const sizes = hidden();
    if (sizes.length >= limits().maxHiddenLayers) {
      throw new ValidationError(`At most ${limits().maxHiddenLayers} hidden layers`);
    }
    const size = sizes.length ? sizes[sizes.length - 1] : 4;
    changeArchitecture({ architecture: [config.features.length, ...sizes, size, classes()] });
  }

  function removeLayer() {
    const sizes = hidden();
    if (!sizes.length) throw new ValidationError("There is no hidden layer to remove");
    changeArchitecture({ architecture: [config.features.length, ...sizes.slice(0, -1), classes()] });
  }

  function changeFeatures() {
    const features = FEATURES.filter((f) => featureCbs[f].checked);
    if (!features.length) throw new ValidationError("Keep at least one input feature");
    changeArchitecture({ features, architecture: [features.length, ...hidden(), classes()] });
  }

  function changeClasses() {
    const k = Number(classesIn.value);
    if (!Number.isInteger(k) || k < MIN_CLASSES || k > MAX_CLASSES) {
      throw new ValidationError(`Classes must be a whole number from ${MIN_CLASSES} to ${MAX_CLASSES}`);
    }
    if (k === classes()) return;
    const keep = data.label.map((l) => l < k);
    const dropped = keep.filter((v) => !v).length;
    if (dropped) {
      pushUndo();
      setData(filterData(data, keep));
      say(`Removed ${dropped} point${dropped === 1 ? "" : "s"} of the classes above ${k}`);
    }
    // Set before the config changes so the weight check does not ask for a full init.
    needInit = { resize: true };
    setConfig({ architecture: [...config.architecture.slice(0, -1), k] });
    buildClassRadios();
    pump();
  }

  function changeOptimizer() {
    setConfig({ optimizer: optimizerSel.value });
    // Buffers of one optimizer mean nothing to another.
    model.set("optimizer", null);
    model.save_changes();
  }

  function resetWeights() {
    requestInit(false);
  }

  /** @param {boolean} resize */
  function requestInit(resize) {
    needInit = { resize };
    scrub = null;
    pump();
  }

  // ------------------------------------------------------------------ points

  /**
   * @param {Data} d
   * @param {boolean[]} keep
   */
  function filterData(d, keep) {
    /** @type {Data} */
    const outData = emptyData();
    keep.forEach((k, i) => {
      if (!k) return;
      outData.x.push(d.x[i]);
      outData.y.push(d.y[i]);
      outData.label.push(d.label[i]);
      outData.test.push(d.test[i]);
    });
    return outData;
  }

  /** @param {Data} next */
  function setData(next) {
    data = next;
    model.set("data", next);
    model.save_changes();
    scheduleRender();
  }

  function pushUndo() {
    undoStack.push({ x: [...data.x], y: [...data.y], label: [...data.label], test: [...data.test] });
    if (undoStack.length > MAX_UNDO) undoStack.shift();
  }

  function undo() {
    const prev = undoStack.pop();
    if (!prev) throw new ValidationError("Nothing to undo");
    setData(filterData(prev, prev.label.map((l) => l < classes())));
  }

  function clearPoints() {
    if (!data.x.length) return;
    pushUndo();
    setData(emptyData());
  }

  function generateData() {
    pushUndo();
    const next = generate(generatorSettings());
    if (TWO_CLASS.has(config.dataset) && classes() > 2) say(`${config.dataset} makes 2 classes`);
    setData(next);
  }

  /** @param {number} x @param {number} y */
  function inBounds(x, y) {
    return Math.abs(x) <= PLANE_EXTENT && Math.abs(y) <= PLANE_EXTENT;
  }

  /** @param {number} x @param {number} y */
  function addPoint(x, y) {
    if (data.x.length >= limits().maxPoints) {
      say(`At most ${limits().maxPoints} points`);
      return false;
    }
    const round = (/** @type {number} */ v) => Math.round(v * 1e4) / 1e4;
    const next = { x: [...data.x, round(x)], y: [...data.y, round(y)], label: [...data.label, ui.selectedClass], test: [...data.test, false] };
    setData(next);
    return true;
  }

  /** @param {number} x @param {number} y */
  function eraseAt(x, y) {
    const keep = data.x.map((px, i) => Math.hypot(px - x, data.y[i] - y) > ERASER_RADIUS);
    if (keep.every(Boolean)) return false;
    setData(filterData(data, keep));
    return true;
  }

  /** @type {{x: number, y: number} | null} the pointer (or keyboard cursor) on the plane */
  let cursor = null;
  /** @type {{changed: boolean, last: {x: number, y: number} | null, saved: boolean} | null} */
  let gesture = null;

  /** @param {PointerEvent} e */
  function planeXY(e) {
    const box = plane.getBoundingClientRect();
    return {
      x: -PLANE_EXTENT + (2 * PLANE_EXTENT * (e.clientX - box.left)) / box.width,
      y: PLANE_EXTENT - (2 * PLANE_EXTENT * (e.clientY - box.top)) / box.height,
    };
  }

  /** Applies the tool at p inside a gesture; the undo entry is saved before the first change. */
  function applyTool(/** @type {{x: number, y: number}} */ p) {
    if (!gesture || !inBounds(p.x, p.y)) return;
    const before = undoStack.length;
    if (!gesture.saved) pushUndo();
    const changed = ui.tool === "add" ? addPoint(p.x, p.y) : eraseAt(p.x, p.y);
    if (changed) {
      gesture.saved = true;
      gesture.changed = true;
      gesture.last = p;
    } else if (!gesture.saved) {
      undoStack.length = before; // nothing changed: no undo entry
    }
  }

  plane.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    say("");
    plane.setPointerCapture?.(e.pointerId);
    gesture = { changed: false, last: null, saved: false };
    cursor = planeXY(e);
    applyTool(cursor);
    e.preventDefault();
  });
  plane.addEventListener("pointermove", (e) => {
    cursor = planeXY(e);
    if (gesture && e.buttons & 1) {
      const last = gesture.last;
      if (ui.tool === "erase" || !last || Math.hypot(cursor.x - last.x, cursor.y - last.y) >= PAINT_SPACING) applyTool(cursor);
    }
    if (ui.tool === "erase") scheduleRender();
  });
  const endGesture = () => {
    gesture = null;
  };
  plane.addEventListener("pointerup", endGesture);
  plane.addEventListener("pointercancel", endGesture);
  plane.addEventListener("pointerleave", () => {
    if (!gesture) {
      cursor = null;
      scheduleRender();
    }
  });
  // Keyboard: arrows move a cursor over the plane, Enter or Space applies the tool there.
  plane.addEventListener("keydown", (e) => {
    const moves = /** @type {Record<string, [number, number]>} */ ({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] });
    const c = cursor ?? { x: 0, y: 0 };
    if (e.key in moves) {
      const [dx, dy] = moves[e.key];
      const stepSize = e.shiftKey ? 1 : 0.25;
      cursor = { x: clampExtent(c.x + dx * stepSize), y: clampExtent(c.y + dy * stepSize) };
      scheduleRender();
      e.preventDefault();
    } else if (e.key === "Enter" || e.key === " ") {
      say("");
      cursor = c;
      gesture = { changed: false, last: null, saved: false };
      applyTool(c);
      gesture = null;
      e.preventDefault();
    }
  });
  plane.addEventListener("blur", () => {
    cursor = null;
    scheduleRender();
  });

  /** @param {number} v */
  function clampExtent(v) {
    return Math.max(-PLANE_EXTENT, Math.min(PLANE_EXTENT, v));
  }

  // ------------------------------------------------------------------ training loop

  function togglePlay() {
    setPlaying(!playing);
  }

  /** @param {boolean} on */
  function setPlaying(on) {
    playing = on;
    playBtn.setAttribute("aria-label", on ? "Pause" : "Play");
    playBtn.textContent = on ? "❚❚ Pause" : "▶ Play";
    playBtn.classList.toggle("nv-on", on);
    if (on) scrub = null;
    if (!on) flushHistory();
    scheduleRender();
    pump();
  }

  function stepClicked() {
    if (playing) return;
    scrub = null;
    stepOnce = true;
    pump();
  }

  /** The most steps one request may run under the host's limits. */
  function maxSteps() {
    const lim = limits();
    let cap = lim.maxSteps;
    if (lim.maxWork) {
      const train = data.test.filter((t) => !t).length;
      cap = Math.min(cap, maxStepsWithin(lim.maxWork, lim.workCosts, config, train, data.test.length));
    }
    return Math.max(1, cap);
  }

  /**
   * Sends what is due: an init or a single step once nothing is outstanding, and while playing
   * enough training requests to keep two outstanding.
   */
  function pump() {
    if (destroyed) return;
    if (needInit) {
      if (outstanding.length) return;
      const { resize } = needInit;
      needInit = null;
      send("init", 0, { resize });
      return;
    }
    if (playing) {
      if (outstanding.length >= 2 || outstanding.some((r) => r.kind !== "train" || r.single)) return;
    } else if (!stepOnce || outstanding.length) {
      return;
    }
    if (!liveNet()) {
      needInit = { resize: false };
      pump();
      return;
    }
    if (!data.test.some((t) => !t)) {
      say("Add some training points first");
      stepOnce = false;
      if (playing) setPlaying(false);
      return;
    }
    const single = stepOnce;
    stepOnce = false;
    // The training points count by powers of two, so points drawn while playing keep the pace.
    const trainCount = data.test.filter((t) => !t).length;
    const key = JSON.stringify([config.architecture, config.batchSize, Math.round(Math.log2(trainCount))]);
    if (key !== timingsKey) {
      // Another network, or twice or half the points: earlier timings would mislead, so probe
      // again from 1 step.
      timingsKey = key;
      timings.length = 0;
      stepsPerRequest = 1;
    }
    // Alternately 15% fewer and more steps than planned: requests of one size give no slope
    // to fit, and on a busy machine the fit then chases noise.
    const dither = nextRequest % 2 ? 0.85 : 1.15;
    const steps = Math.min(Math.max(1, Math.round(stepsPerRequest * dither)), maxSteps());
    send("train", single ? 1 : steps, {}, single);
    if (playing) pump(); // the second one
  }

  /**
   * @param {"train" | "init"} kind
   * @param {number} steps
   * @param {Record<string, unknown>} extra
   * @param {boolean} [single] a Step press, as opposed to the Play loop
   */
  function send(kind, steps, extra, single = false) {
    const id = `${viewId}-${nextRequest++}`;
    outstanding.push({ id, kind, steps, sent: performance.now(), single });
    model.send({ type: kind, id, ...(kind === "train" ? { steps } : {}), ...extra });
  }

  /** @param {any} msg */
  function onCustom(msg) {
    const index = outstanding.findIndex((r) => r.id === msg?.id);
    if (index < 0) return; // another view's reply
    const [req] = outstanding.splice(index, 1);
    const now = performance.now();
    if (msg.type === "trained") {
      // The cycle from the later of its sending and the reply before, as the host timed it
      // where it can (the standalone page's connection worker), else as seen here.
      adaptSteps(req.steps, typeof msg.ms === "number" ? msg.ms : now - Math.max(req.sent, lastReply));
      lastReply = now;
      scheduleRender();
    } else if (msg.type === "initialized") {
      // A class-count change keeps the run; anything else starts a new one.
      if (!model.get("step")) startHistory();
      scheduleRender();
    } else if (msg.type === "error") {
      if (msg.code === "stale") {
        if (req.single) stepOnce = true; // the Step asked for still has to happen
        if (req.kind === "init") needInit ??= { resize: false };
      } else {
        say(msg.code === "diverged" ? `${msg.message}` : `Training stopped: ${msg.message}`);
        if (playing) setPlaying(false);
      }
    }
    pump();
  }

  /**
   * Steps per request so that each reply comes about TARGET_CYCLE_MS after the one before.
   * Cycle times are a fixed round trip plus a cost per step; a line through recent replies
   * (nextSteps) separates the two, so a slow round trip does not keep requests at one step.
   * @param {number} steps
   * @param {number} ms
   */
  function adaptSteps(steps, ms) {
    timings.push([steps, ms]);
    if (timings.length > 12) timings.shift();
    const next = nextSteps(timings, steps, TARGET_CYCLE_MS);
    stepsPerRequest = Math.max(1, Math.min(next, maxSteps()));
  }

  /** A new history, starting with the current weights at the current step. */
  function startHistory() {
    history = emptyHistory();
    const net = liveNet();
    const weights = model.get("weights");
    if (net && weights) {
      const m = evaluate(net, config.features, config.activation, data);
      const step = Number(model.get("step") ?? 0);
      if (m.loss !== null) history = record(history, step, m.loss, m.testLoss, weights);
    }
    historyDirty = true;
    flushHistory();
  }

  function saveHistorySoon() {
    if (historyTimer !== null) return;
    historyTimer = setTimeout(() => {
      historyTimer = null;
      flushHistory();
    }, HISTORY_SAVE_MS);
  }

  function flushHistory() {
    if (!historyDirty) return;
    historyDirty = false;
    model.set("history", history);
    model.save_changes();
  }

  function scrubbed() {
    const n = history.snapshots.length;
    const v = Number(historyRange.value);
    scrub = playing || v >= n ? null : v;
    scheduleRender();
  }

  // ------------------------------------------------------------------ host changes

  const onConfig = () => {
    const raw = model.get("config");
    if (JSON.stringify(raw) === JSON.stringify(config)) return;
    try {
      const next = validateConfig(raw ?? {}, limits());
      const archChanged = JSON.stringify([next.architecture, next.activation, next.features]) !== JSON.stringify([config.architecture, config.activation, config.features]);
      config = next;
      if (archChanged && !liveNet() && !needInit && !outstanding.length) needInit = { resize: false };
    } catch (e) {
      say(`The new config cannot be used: ${errorText(e)}`);
    }
    syncControls();
    scheduleRender();
    pump();
  };
  const onData = () => {
    const d = currentData();
    if (d) data = d;
    scheduleRender();
  };
  const onStatus = () => {
    const err = model.get("status")?.error;
    if (err?.message) say(err.message);
    scheduleRender();
  };
  const onRender = () => scheduleRender();
  /** Whoever trained (this view, another view, or Python in the kernel), the step is recorded. */
  const onStep = () => {
    const step = Number(model.get("step") ?? 0);
    const last = history.losses.length ? history.losses[history.losses.length - 1][0] : -1;
    const weights = model.get("weights");
    if (step === 0 || step < last) {
      startHistory();
    } else if (step > last && weights) {
      let m = model.get("metrics");
      if (!m || !Number.isFinite(m.loss)) {
        const net = liveNet();
        m = net ? evaluate(net, config.features, config.activation, data) : null;
      }
      if (m && m.loss !== null) {
        history = record(history, step, m.loss, m.testLoss ?? null, weights);
        historyDirty = true;
        // While playing, at most one history write a second; otherwise at once, so the
        // stored state is complete whenever training rests.
        if (playing) saveHistorySoon();
        else flushHistory();
      }
    }
    scheduleRender();
  };
  const onHistory = () => {
    const raw = model.get("history");
    if (raw === history) return;
    try {
      history = raw ? validateHistory(raw) : emptyHistory();
    } catch {
      // keep ours: a bad history from the host is not worth losing the live one
    }
    scheduleRender();
  };
  const onLimits = () => {
    syncControls();
    scheduleRender();
  };
  /** @type {{key: unknown[], metrics: ReturnType<typeof liveMetrics>} | null} */
  let metricsCache = null;
  /** @type {[string, (...args: any[]) => void][]} */
  const subscriptions = [
    ["change:config", onConfig],
    ["change:data", onData],
    ["change:weights", onRender],
    ["change:metrics", onMetrics],
    ["change:step", onStep],
    ["change:status", onStatus],
    ["change:history", onHistory],
    ["change:limits", onLimits],
    ["msg:custom", onCustom],
  ];
  for (const [name, cb] of subscriptions) model.on(name, cb);

  // ------------------------------------------------------------------ rendering

  const mapCanvas = document.createElement("canvas");

  function scheduleRender() {
    if (renderQueued || destroyed) return;
    renderQueued = requestAnimationFrame(() => {
      renderQueued = 0;
      render();
    });
  }

  function render() {
    const start = performance.now();
    const status = model.get("status");
    statusEl.textContent = status?.state ?? "kernel";
    statusEl.dataset.state = statusEl.textContent;

    const live = liveNet();
    const snapshots = history.snapshots;
    const shown = scrub !== null && snapshots[scrub] ? snapshots[scrub] : null;
    const net = shown ? snapshotNet(shown.weights) : live;

    // Maps are recomputed only when what they show changed, not for every pointer move.
    const key = [net, config.activation, config.features, ui.discretize, network.clientWidth];
    const fresh = !lastMapKey || key.some((v, i) => v !== lastMapKey?.[i]);
    lastMapKey = key;
    const maps = fresh && net ? mapImages(net, config.features, config.activation, mapResolution(net), ui.discretize, NEURON_GRID) : null;
    if (maps) putImage(mapCanvas, maps.decision);
    drawPlane(net);
    if (fresh) graph.update(net, config.features, maps?.neurons ?? null);
    chart.update(history.losses);

    historyRange.max = String(snapshots.length);
    if (scrub === null) historyRange.value = String(snapshots.length);
    historyRange.disabled = playing || snapshots.length === 0;
    historyLabel.textContent = shown ? `step ${shown.step}` : "live";

    const step = Number(model.get("step") ?? 0);
    const trainCount = data.test.filter((t) => !t).length;
    const batch = config.batchSize > 0 && config.batchSize < trainCount ? config.batchSize : trainCount;
    out.step.textContent = String(step);
    out.epoch.textContent = String(trainCount ? Math.floor((step * batch) / trainCount) : 0);
    out["point-count"].textContent = String(data.x.length);
    const m = live ? liveMetrics(live) : null;
    out["train-loss"].textContent = fmtLoss(m?.loss);
    out["test-loss"].textContent = fmtLoss(m?.testLoss);
    out["train-accuracy"].textContent = fmtPercent(m?.accuracy);
    out["test-accuracy"].textContent = fmtPercent(m?.testAccuracy);
    performance.clearMeasures(RENDER_MEASURE);
    performance.measure(RENDER_MEASURE, { start, detail: { step, maps: fresh } });
  }

  /** @type {unknown[] | null} */
  let lastMapKey = null;

  /**
   * A snapshot's network. Snapshots from before a class-count change have another output
   * size; they are shown as they were.
   * @param {any} weights
   */
  function snapshotNet(weights) {
    const classesThen = weights?.[`layer_${config.architecture.length - 2}_bias`]?.length ?? classes();
    return networkOf(weights, [...config.architecture.slice(0, -1), classesThen]);
  }

  /**
   * Metrics of the live weights on the current points. The trainer sends them with the weights
   * it returns; they are computed here only when the points or the weights changed since
   * (an edit, a reset), and then once per change.
   * @param {Layer[]} net
   * @returns {Pick<import("./forward.js").Metrics, "loss" | "accuracy" | "testLoss" | "testAccuracy">}
   */
  function liveMetrics(net) {
    const key = metricsKey();
    if (!metricsCache || metricsCache.key.some((v, i) => v !== key[i])) {
      metricsCache = { key, metrics: evaluate(net, config.features, config.activation, data) };
    }
    return metricsCache.metrics;
  }

  /**
   * The trainer's metrics arrived with new weights: they are the live metrics until either the
   * weights or the points change.
   */
  function onMetrics() {
    const m = model.get("metrics");
    if (!m || typeof m.loss !== "number" || !Number.isFinite(m.loss)) return;
    const { loss, accuracy, testLoss = null, testAccuracy = null } = m;
    metricsCache = { key: metricsKey(), metrics: { loss, accuracy, testLoss, testAccuracy } };
  }

  /** What the live metrics depend on, compared by identity. */
  function metricsKey() {
    return [model.get("weights"), model.get("data"), config];
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

  /** The axes and the points, drawn again only when they change (not for every new map). */
  const pointsCanvas = document.createElement("canvas");
  /** @type {unknown[] | null} */
  let pointsKey = null;

  /** @param {Layer[] | null} net whether to show the decision map (kept in mapCanvas) */
  function drawPlane(net) {
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
    if (net) {
      ctx.imageSmoothingEnabled = !ui.discretize;
      ctx.drawImage(mapCanvas, 0, 0, plane.width, plane.height);
    }
    const key = [data, ui.showTest, plane.width, plane.height];
    if (!pointsKey || key.some((v, i) => v !== pointsKey?.[i])) {
      pointsKey = key;
      drawPoints(w, hgt, dpr);
    }
    ctx.drawImage(pointsCanvas, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const sx = (/** @type {number} */ x) => ((x + PLANE_EXTENT) / (2 * PLANE_EXTENT)) * w;
    const sy = (/** @type {number} */ y) => ((PLANE_EXTENT - y) / (2 * PLANE_EXTENT)) * hgt;
    const r = pointRadius(w);
    if (cursor && (ui.tool === "erase" || document.activeElement === plane)) {
      const rr = ui.tool === "erase" ? (ERASER_RADIUS / (2 * PLANE_EXTENT)) * w : r + 3;
      ctx.beginPath();
      ctx.arc(sx(cursor.x), sy(cursor.y), rr, 0, 2 * Math.PI);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "rgba(0,0,0,0.6)";
      ctx.setLineDash([4, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  /** @param {number} w */
  function pointRadius(w) {
    return Math.max(2.5, Math.min(5, w / 120));
  }

  /**
   * The axes and the points into pointsCanvas, the plane's size in device pixels.
   * @param {number} w CSS pixels
   * @param {number} hgt CSS pixels
   * @param {number} dpr
   */
  function drawPoints(w, hgt, dpr) {
    pointsCanvas.width = plane.width;
    pointsCanvas.height = plane.height;
    const ctx = pointsCanvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const sx = (/** @type {number} */ x) => ((x + PLANE_EXTENT) / (2 * PLANE_EXTENT)) * w;
    const sy = (/** @type {number} */ y) => ((PLANE_EXTENT - y) / (2 * PLANE_EXTENT)) * hgt;
    ctx.strokeStyle = "rgba(0,0,0,0.12)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(sx(0), 0);
    ctx.lineTo(sx(0), hgt);
    ctx.moveTo(0, sy(0));
    ctx.lineTo(w, sy(0));
    ctx.stroke();
    const r = pointRadius(w);
    for (let i = 0; i < data.x.length; i++) {
      const test = data.test[i];
      if (test && !ui.showTest) continue;
      const col = classColor(data.label[i]);
      ctx.beginPath();
      ctx.arc(sx(data.x[i]), sy(data.y[i]), r, 0, 2 * Math.PI);
      if (test) {
        ctx.lineWidth = 2;
        ctx.strokeStyle = css(col);
        ctx.stroke();
      } else {
        ctx.fillStyle = css(col);
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.stroke();
      }
    }
  }

  // Leaving the page writes the history still waiting for its throttled save.
  const onPageHide = () => flushHistory();
  window.addEventListener("pagehide", onPageHide);

  const resize = new ResizeObserver(() => scheduleRender());
  resize.observe(plane);
  resize.observe(network);

  // ------------------------------------------------------------------ start

  syncControls();
  buildClassRadios();
  setPlaying(false);
  options.uiStore?.save(ui);
  say([...notices, model.get("status")?.error?.message].filter(Boolean).join("; "));
  model.save_changes();
  if (!liveNet()) needInit = { resize: false };
  else if (!history.losses.length && !model.get("step")) startHistory();
  pump();

  return () => {
    destroyed = true;
    playing = false;
    flushHistory();
    if (historyTimer !== null) clearTimeout(historyTimer);
    if (renderQueued) cancelAnimationFrame(renderQueued);
    for (const [name, cb] of subscriptions) model.off(name, cb);
    resize.disconnect();
    window.removeEventListener("pagehide", onPageHide);
    graph.destroy();
    chart.destroy();
    el.replaceChildren();
  };
}
