// @ts-check
/**
 * The app: wires the parts (controls.js, plane.js, points.js, training.js, history_view.js,
 * views.js) to one model and keeps the state they share: the config, the points and the UI
 * settings. It speaks only the anywidget model interface (get, set, save_changes, on, off,
 * send, "msg:custom"), so the same code runs on the standalone page and in JupyterLab.
 *
 * The host is the authority on settings: the app starts once the model's `schema` key holds
 * the host's settings schema, takes the host's config as it is, and writes a config only when
 * the user changes a setting. A config it cannot fully use is reported, never replaced.
 */

import { FRAME_BUDGET_MS } from "../model/budget.js";
import { ValidationError, errorText, fail } from "../settings/check.js";
import { Controls, classesOf } from "../views/controls.js";
import { h, makeTooltip } from "../views/dom.js";
import { Edits } from "./edits.js";
import { FilePanel } from "../files/file_panel.js";
import { quantumOf, unitOf } from "../data/extent.js";
import { hostSubscriptions } from "./host_events.js";
import { HostLink, NO_KERNEL, dataSummary } from "./host_link.js";
import { FrameScheduler } from "../views/frames.js";
import { dataSetOf } from "../data/datasets.js";
import { generate } from "../data/generators.js";
import { HistoryView } from "../training/history_view.js";
import { pageLayout } from "../views/layout.js";
import { NetworkPanel } from "../views/network_panel.js";
import { pacing } from "../training/pace.js";
import { Plane } from "../views/plane.js";
import { ERASER_RADIUS, Stroke, erased, keepClasses, sameData, withPoint } from "../data/points.js";
import { FrameReadings } from "../model/readings.js";
import { RangeCache, datasetOf, isRegression, labelSpace, pointPaint, switchProblem } from "../data/regression.js";
import { continuation, liveState, restoreNet } from "../training/restore.js";
import { configProblem, hostLimits, netShape, readConfig, readSchema, validateConfig } from "../settings/settings.js";
import { PANELS } from "./panels.js";
import { SHORTCUT_HELP, bindShortcuts, passAccelKeys } from "./shortcuts.js";
import { TOOLBAR_HELP } from "../views/help.js";
import { defaultUi, emptyData, validateData, validateUi } from "../settings/state.js";
import { TrainingLoop } from "../training/training.js";
import { NetworkCache, Views } from "../views/views.js";

export { RENDER_MEASURE } from "../views/views.js";

/** @typedef {import("../settings/settings.js").Config} Config */
/** @typedef {import("../settings/settings.js").HostSchema} HostSchema */
/** @typedef {import("../settings/state.js").Ui} Ui */
/** @typedef {import("../model/forward.js").Data} Data */
/** @typedef {import("../model/forward.js").Layer} Layer */
/** @typedef {import("../data/points.js").Point} Point */
/** @typedef {import("./host_link.js").DataOrigin} DataOrigin */
/**
 * The anywidget model interface, anywidget's own type: the standalone model implements it
 * (standalone.js), so the type check holds both to the real one.
 * @typedef {import("@anywidget/types").AnyModel} Model
 */
/**
 * @typedef {object} AppOptions
 * @property {{load: () => unknown, save: (ui: Ui) => void}} [uiStore] where UI settings persist
 * @property {string[]} [notices] messages to show at start (e.g. storage problems)
 * @property {EventTarget} [keys] where the app's shortcuts are heard (default: inside the app)
 */

let viewCount = 0;


/**
 * Builds the whole app inside `el` once the model holds the host's settings schema (at once,
 * where it does); returns the cleanup function.
 * @param {HTMLElement} el
 * @param {Model} model
 * @param {AppOptions} [options]
 */
export function createApp(el, model, options = {}) {
  /** @type {App | null} */
  let app = null;
  const start = () => {
    /** @type {HostSchema} */
    let schema;
    try {
      schema = readSchema(model.get("schema"));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const raw = model.get("schema");
      const text = raw === null || raw === undefined || (typeof raw === "object" && !Object.keys(raw).length) ? "Waiting for the host's settings…" : errorText(e);
      const message = h("div", { class: "nv-message", "data-testid": "message", role: "status", "aria-live": "polite", text });
      el.replaceChildren(h("div", { class: "nnvisu", "data-testid": "nnvisu-root" }, [message]));
      return;
    }
    model.off("change:schema", start);
    app = new App(el, model, schema, options);
  };
  model.on("change:schema", start);
  start();
  return () => {
    model.off("change:schema", start);
    app?.destroy();
    el.replaceChildren();
  };
}

export class App {
  /**
   * @param {HTMLElement} el
   * @param {Model} model
   * @param {HostSchema} schema
   * @param {AppOptions} options
   */
  constructor(el, model, schema, options) {
    this.el = el;
    this.model = model;
    this.schema = schema;
    this.options = options;
    this.viewId = `v${++viewCount}-${Math.random().toString(36).slice(2, 8)}`;
    this.frames = new FrameScheduler(() => this.render(), () => this.work());
    /** Problems found while starting, shown together once the message area exists. */
    this.notices = [...(options.notices ?? [])];
    const { config, problems } = readConfig(model.get("config") ?? {}, schema);
    /** @type {Config} what the controls show and the app works with */
    this.config = config;
    if (problems.length) this.notices.push(configProblem(problems));
    /** @type {Ui} */
    this.ui = this.loadUi();
    this.edits = new Edits({
      schema: () => this.schema,
      config: () => this.config,
      data: () => this.data,
      net: () => (this.liveNet() ? liveState(model, this.history.history) : null),
      setConfig: (config) => this.setConfig(config),
      setData: (data) => this.setData(data),
      setNet: (net) => this.restoreNet(net),
      init: (resize) => this.requestInit(resize),
      dropOptimizer: () => model.set("optimizer", null),
      changed: (canUndo, canRedo) => this.controls?.setUndoable(canUndo, canRedo),
    });
    this.link = new HostLink(model, {
      notice: (text) => this.notices.push(text),
      onlineChanged: (live) => {
        this.controls?.setOnline(live);
        if (!live) this.loop.setPlaying(false);
        this.say(live ? "" : NO_KERNEL);
        this.scheduleRender();
      },
    });
    this.networks = new NetworkCache();
    this.ranges = new RangeCache();
    /** What each problem last had, for switching back (regression.js). */
    this.problemMemory = {};
    this.metrics = new FrameReadings({ model, config: () => this.config, data: () => this.data, playing: () => this.loop.playing, work: () => this.frames.work() });
    this.loop = new TrainingLoop(model, this.viewId, {
      hasNetwork: () => this.liveNet() !== null,
      config: () => this.config,
      trainCount: () => this.data.test.filter((t) => !t).length,
      pointCount: () => this.data.x.length,
      limits: () => this.limits(),
      pace: () => pacing(this.ui.speed),
      say: (text) => this.say(text),
      playingChanged: (on) => this.playingChanged(on),
      stepped: () => this.scheduleRender(),
      online: () => this.link.online,
      paceNote: (text) => {
        if (this.paceEl && this.paceEl.textContent !== text) this.paceEl.textContent = this.paceEl.title = text;
      },
      initialized: () => {
        // A class-count change keeps the run; anything else starts a new one.
        if (!model.get("step")) this.history.start();
        this.scheduleRender();
      },
    });
    this.history = new HistoryView(model, `${this.viewId}-history`, {
      playing: () => this.loop.playing,
      pause: () => this.loop.setPlaying(false),
      continueFrom: (snapshot) => this.guarded(() => this.continueFrom(snapshot)),
      hostKeeps: () => this.model.get("status")?.keepsHistory === true,
      changed: () => this.scheduleRender(),
      liveMetrics: () => {
        const net = this.liveNet();
        return net ? this.metrics.ofLive(net) : null;
      },
    });
    const historyProblem = this.history.load();
    if (historyProblem) this.notices.push(historyProblem);
    const given = this.currentData();
    if (given.problem) this.notices.push(given.problem);
    /** @type {Data} */
    this.data = given.data ?? generate(this.generatorSettings());
    /** @type {DataOrigin} */
    this.dataOrigin = given.data ? "host" : "generated";
    if (!given.data) model.set("data", this.data);
    this.build();
    /** @type {[string, (...args: any[]) => void][]} */
    this.subscriptions = hostSubscriptions(this);
    for (const [name, cb] of this.subscriptions) model.on(name, cb);
    this.start();
    this.link.watchKernel();
  }

  /** @returns {Ui} */
  loadUi() {
    try {
      const stored = this.options.uiStore?.load();
      if (stored) return validateUi(stored);
    } catch (e) {
      this.notices.push(errorText(e));
    }
    return defaultUi();
  }

  build() {
    this.el.replaceChildren();
    // Keys pressed in the app are the app's, not JupyterLab's (Lumino honours the attribute); a
    // click on the app's background takes the focus, and so the shortcuts, there (tabindex).
    this.root = h("div", { class: "nnvisu", "data-testid": "nnvisu-root", "data-lm-suppress-shortcuts": "true", tabindex: -1 });
    passAccelKeys(this.root);
    this.el.append(this.root);
    this.tooltip = makeTooltip(this.root);
    this.panel = new NetworkPanel(this.tooltip, this.model, this.loop, this.history, {
      config: () => this.config,
      bounds: () => this.schema.architecture,
      actions: this.actions(),
      net: () => this.liveNet(),
      changed: () => this.scheduleRender(),
    });
    this.statusEl = h("span", { class: "nv-status", "data-testid": "connection-status" });
    this.paceEl = h("span", { class: "nv-pace", "data-testid": "pace-note" });
    this.messageEl = h("div", { class: "nv-message", "data-testid": "message", role: "status", "aria-live": "polite" });
    this.controls = new Controls(this.viewId, this.schema, this.ui, this.actions());
    this.views = new Views(this.tooltip, this.panel.graph, this.viewId, (logLoss) => this.setUi({ logLoss }), () => this.frames.work());
    const canvas = /** @type {HTMLCanvasElement} */ (
      h("canvas", { class: "nv-plane", "data-testid": "plane", "aria-label": "Data plane", role: "img", tabindex: 0 })
    );
    this.plane = new Plane(canvas, {
      tool: () => (this.ui.tool === "erase" ? "erase" : "add"),
      extent: () => this.link.extent,
      stroke: () => new Stroke((before) => this.edits.savePoints(before)),
      apply: (p, stroke) => this.applyTool(p, stroke),
      say: (text) => this.say(text),
      changed: () => this.scheduleRender(),
    });
    const c = this.controls;
    /** @type {import("./panels.js").PanelParts} */
    const parts = { controls: c, plane: this.plane, network: this.panel, views: this.views, history: this.history, link: this.link, message: this.messageEl, app: this };
    // The pace note ends the readouts' row, in the room left there: it never moves a button.
    this.views.readouts.append(this.paceEl);
    this.files = new FilePanel(this);
    const views = PANELS.map((panel) => panel.build(parts));
    /** Panels that draw themselves get each frame (render()). */
    this.panelViews = views;
    const panels = PANELS.map((panel, i) => ({ ...panel, element: views[i].element }));
    this.root.append(
      ...pageLayout({
        status: this.statusEl,
        toolbar: [c.playBtn, c.stepBtn, c.resetBtn, c.speed.element, c.undoBtn, c.redoBtn, this.files.element],
        readouts: this.views.readouts,
        panels,
        help: [...TOOLBAR_HELP, ...PANELS.flatMap((p) => p.help), SHORTCUT_HELP],
        after: [this.tooltip.el, this.views.announcer.element],
      }),
    );
    this.onKey = (/** @type {any} */ e) => this.edits.onKey(e, (fn) => this.guarded(fn));
    (this.options.keys ?? this.root).addEventListener("keydown", this.onKey);
    this.unbindKeys = bindShortcuts(this.options.keys ?? this.root, this.loop, this.history.range);
    // Leaving the page writes the history still waiting for its throttled save.
    this.onPageHide = () => this.history.flush();
    window.addEventListener("pagehide", this.onPageHide);
    this.resize = new ResizeObserver(() => this.scheduleRender());
    this.resize.observe(canvas);
    this.resize.observe(this.views.network);
  }

  /** @returns {import("../views/controls.js").ControlActions} */
  actions() {
    return {
      guard: (fn) => this.guarded(fn),
      togglePlay: () => this.loop.setPlaying(!this.loop.playing),
      step: () => {
        this.history.unscrub();
        this.loop.step();
      },
      resetWeights: () => this.requestInit(false),
      undo: () => this.edits.undo() || fail("Nothing to undo"),
      redo: () => this.edits.redo() || fail("Nothing to redo"),
      clearPoints: () => {
        if (this.data.x.length) this.edits.record(() => this.setData(emptyData()));
      },
      generate: () => this.edits.record(() => this.regenerate({})),
      setUi: (change) => this.setUi(change),
      setConfig: (change) => this.edits.record(() => this.setConfig(change)),
      changeData: (change) => this.edits.record(() => this.regenerate(change)),
      changeArchitecture: (change) => this.edits.record(() => this.changeArchitecture(change)),
      changeClasses: (k) => this.edits.record(() => this.changeClasses(k)),
      changeProblem: (p) => this.edits.record(() => switchProblem(this, p, this.problemMemory)),
      changeOptimizer: (change) =>
        this.edits.record(() => {
          this.setConfig(change);
          // Buffers of one optimizer mean nothing to another.
          this.model.set("optimizer", null);
          this.model.save_changes();
        }),
    };
  }

  start() {
    this.syncControls();
    this.loop.setPlaying(false);
    this.options.uiStore?.save(this.ui);
    this.say([...this.notices, this.model.get("status")?.error?.message].filter(Boolean).join("; "));
    this.model.save_changes();
    if (!this.liveNet()) this.loop.requestInit(false, false);
    else if (!this.history.history.losses.length && !this.model.get("step")) this.history.start();
    this.loop.pump();
  }

  destroy() {
    this.loop.destroy();
    this.history.destroy();
    this.frames.destroy();
    for (const [name, cb] of this.subscriptions) this.model.off(name, cb);
    this.resize?.disconnect();
    this.unbindKeys?.();
    if (this.onPageHide) window.removeEventListener("pagehide", this.onPageHide);
    if (this.onKey) (this.options.keys ?? this.root)?.removeEventListener("keydown", this.onKey);
    this.plane?.destroy();
    this.views?.destroy();
    this.files?.destroy();
    for (const view of this.panelViews ?? []) view.destroy?.();
  }

  // ------------------------------------------------------------------ state

  classes() {
    return classesOf(this.config);
  }

  limits() {
    return hostLimits(this.schema, this.model.get("limits"));
  }

  generatorSettings() {
    const c = this.config;
    return {
      dataset: datasetOf(c),
      points: Math.min(c.points, this.limits().maxPoints),
      noise: c.noise,
      classes: this.classes(),
      seed: c.dataSeed,
      testFraction: c.testFraction,
      extent: this.link.extent,
    };
  }

  /** @returns {{data: Data | null, problem?: string}} the model's points, if it has usable ones */
  currentData() {
    const raw = this.model.get("data");
    // A host that starts without points (null, or an empty object) gets the default data set.
    if (raw === null || raw === undefined || (typeof raw === "object" && !("x" in raw))) return { data: null };
    try {
      return { data: validateData(raw, labelSpace(this.config)) };
    } catch (e) {
      return { data: null, problem: `The points cannot be used (${errorText(e)}); generating new ones` };
    }
  }

  /** The live network, or null while the weights do not fit the config (before an init). */
  liveNet() {
    return this.networks.of(this.model.get("weights"), this.config.architecture);
  }

  // ------------------------------------------------------------------ changes from the controls

  /**
   * Runs a control's handler: clears the last message, and turns a validation failure into a
   * message with the controls put back to the current state.
   * @param {() => void} fn
   */
  guarded(fn) {
    this.say("");
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.say(e.message);
      this.syncControls();
    }
  }

  /** @param {string} text */
  say(text) {
    if (this.messageEl) this.messageEl.textContent = text;
  }

  /** Puts the config, the UI settings and the host's bounds into the controls. */
  syncControls() {
    if (this.ui.selectedClass >= this.classes()) this.ui = { ...this.ui, selectedClass: 0 };
    this.controls?.sync(this.config, this.ui, this.schema, this.limits());
  }

  /**
   * The config with `change`, as the controls show it, checked against the host's schema.
   * @param {Record<string, any>} change
   */
  setConfig(change) {
    const next = validateConfig({ ...this.config, ...change }, this.schema);
    this.config = next;
    this.model.set("config", next);
    this.model.save_changes();
    this.syncControls();
    this.scheduleRender();
  }

  /**
   * Changes that need fresh weights (the host's onChange "init"; the hidden layers, as edited
   * on the graph too).
   * @param {Record<string, any>} change
   */
  changeArchitecture(change) {
    const before = netShape(this.config, this.schema);
    this.setConfig(change);
    if (netShape(this.config, this.schema) !== before) this.requestInit(false);
  }

  /** @param {Record<string, any>} change data settings, then new points from them */
  regenerate(change) {
    if (Object.keys(change).length) this.setConfig(change);
    const set = dataSetOf(datasetOf(this.config));
    if (set?.problem === "classification" && set.classes && this.classes() > set.classes) this.say(`${set.label} makes ${set.classes} classes`);
    this.setData(generate(this.generatorSettings()));
  }

  /**
   * A new class count: the points of a data set as generated follow it; drawn or edited points
   * lose those of the classes above it.
   * @param {number} k
   */
  changeClasses(k) {
    if (k === this.classes()) return;
    const generated = sameData(this.data, generate(this.generatorSettings()));
    const { data, dropped } = keepClasses(this.data, k);
    if (dropped && !generated) {
      this.setData(data);
      this.say(`Removed ${dropped} point${dropped === 1 ? "" : "s"} of the classes above ${k}`);
    }
    // Marked before the config changes, so the weight check does not ask for a full init.
    this.loop.requestInit(true, false);
    this.setConfig({ architecture: [...this.config.architecture.slice(0, -1), k] });
    if (generated) this.regenerate({});
    this.loop.pump();
  }

  /** @param {import("../settings/state.js").Snapshot} snapshot trained on from (restore.js), said where not exactly */
  continueFrom(snapshot) {
    const next = continuation(this.history.history, snapshot, this.config.optimizer);
    if (!this.restoreNet(next)) fail(`The network of step ${snapshot.step} has another shape than this one: it can be shown, not trained on`);
    if (!next.exact) this.say(`Continuing from step ${snapshot.step} with fresh ${this.config.optimizer} state: the snapshot has none for it`);
    this.loop.setPlaying(true);
  }

  /** @param {import("./edits.js").NetState} net made the live one; false where it does not fit */
  restoreNet(net) {
    if (!this.networks.of(net.weights, this.config.architecture)) return false;
    restoreNet(this.model, this.history, net);
    this.scheduleRender();
    return true;
  }

  /** @param {boolean} resize */
  requestInit(resize) {
    this.history.unscrub();
    this.loop.requestInit(resize);
  }

  /** @param {boolean} on */
  playingChanged(on) {
    this.controls?.setPlaying(on);
    if (on) this.history.unscrub();
    else this.history.flush();
    this.scheduleRender();
  }

  /** @param {Partial<Ui>} change */
  setUi(change) {
    this.ui = { ...this.ui, ...change };
    this.options.uiStore?.save(this.ui);
    // A new pace applies to the next request, not after the old pace's wait.
    if ("speed" in change) this.loop.wake(true);
    this.scheduleRender();
  }

  /**
   * @param {Data} next
   * @param {DataOrigin} [origin] where they came from (an edit keeps generated points generated)
   */
  setData(next, origin = this.dataOrigin === "generated" ? "generated" : "drawn") {
    this.data = next;
    this.dataOrigin = origin;
    this.model.set("data", next);
    this.model.save_changes();
    this.scheduleRender();
  }

  /**
   * Applies the tool at p inside a gesture (add a point or erase those near it).
   * @param {Point} p
   * @param {Stroke} stroke
   */
  applyTool(p, stroke) {
    /** @type {Data | null} */
    let next;
    if (this.ui.tool === "erase") {
      next = erased(this.data, p, ERASER_RADIUS * unitOf(this.link.extent));
    } else if (this.data.x.length >= this.limits().maxPoints) {
      this.say(`At most ${this.limits().maxPoints} points`);
      next = null;
    } else {
      const label = isRegression(this.config) ? this.ui.value : this.ui.selectedClass;
      next = withPoint(this.data, p, label, this.ui.tool === "addTest", quantumOf(this.link.extent));
    }
    if (!next) return;
    stroke.changed(this.data, p);
    this.setData(next);
  }

  // ------------------------------------------------------------------ rendering

  scheduleRender() {
    this.frames.render();
  }

  render() {
    if (this.statusEl) this.link.showStatus(this.statusEl);
    this.link.showPlaneShape(this.plane?.canvas);
    if (this.controls) this.controls.dataSummary.textContent = dataSummary(this.data, this.dataOrigin, this.config, this.model.get("status"));
    const f = this.frame();
    this.views?.render(f, (map) => this.plane?.draw(map, this.data, this.ui, pointPaint(f.values ?? null)));
    for (const view of this.panelViews ?? []) view.render?.(f);
    this.history.sync();
  }

  /** A work frame (frames.js): true when maps or readings being computed are done. */
  work() {
    const before = this.metrics.pending;
    const f = this.frame();
    const maps = Boolean(this.views?.updateMaps(f, f.deadline ?? 0));
    this.views?.updateConfusion(f, f.deadline ?? 0);
    return maps || (before && !this.metrics.pending);
  }

  /** @returns {import("../views/views.js").Frame} what a frame shows */
  frame() {
    const deadline = performance.now() + FRAME_BUDGET_MS;
    const live = this.liveNet();
    const shown = this.history.shown();
    const net = shown ? this.networks.snapshot(shown.weights, this.config.architecture) : live;
    // A snapshot's readouts are its network's, on the current points. Readings and maps share
    // the frame's budget: while maps are being computed, the readings get the first half.
    const until = deadline - (this.views?.job ? FRAME_BUDGET_MS / 2 : 0);
    const metrics = shown ? net && this.metrics.ofSnapshot(net, until) : live && this.metrics.ofLive(live, until);
    return {
      net,
      metrics: metrics || null,
      metricsPending: Boolean(net) && !metrics,
      config: this.config,
      ui: this.ui,
      data: this.data,
      extent: this.link.extent,
      history: this.history.history,
      step: shown ? shown.step : Number(this.model.get("step") ?? 0),
      marker: shown ? shown.step : null,
      busy: this.loop.playing,
      deadline,
      focus: this.panel?.shown ?? null,
      values: this.ranges.of(this.data, this.config),
    };
  }
}
