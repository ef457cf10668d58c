// @ts-check
/**
 * The controls: Play, Step and Reset, and the settings panel (drawing, data set, network,
 * training). The host's settings get everything from its schema: bounds, choices, order,
 * labels, help, group and what a change starts; the page's data settings from
 * data_settings.js. A control turns what the user did into a change and hands it to the
 * app (ControlActions), which checks it, stores it and syncs the controls back.
 */

import { ValidationError, fail } from "../settings/check.js";
import { CLASS_NAMES, classColor, css } from "./colors.js";
import { checkbox, field, h, numberInput, options, radio, select } from "./dom.js";
import { FieldErrors } from "./field_errors.js";
import { speedField } from "../training/pace.js";
import { DATA_SETTINGS } from "../settings/data_settings.js";
import { datasetOf, datasetsOf, isRegression } from "../data/regression.js";
import { choiceLabel, parseHidden } from "../settings/settings.js";
import { DataSetPicker } from "../data/thumbnails.js";

/** @typedef {import("../settings/settings.js").Config} Config */
/** @typedef {import("../settings/settings.js").HostSchema} HostSchema */
/** @typedef {import("../settings/settings.js").Limits} Limits */
/** @typedef {import("../settings/state.js").Ui} Ui */
/** The data set menu's setting; its choices follow the problem. */
const DATASET_SETTING = /** @type {import("../settings/data_settings.js").DataSetting} */ (DATA_SETTINGS.find((s) => s.wire === "dataset"));
/**
 * What the controls ask of the app. Each handler runs inside `guard`, which shows a
 * ValidationError's message and syncs the controls back to the state.
 * @typedef {object} ControlActions
 * @property {(fn: () => void) => void} guard
 * @property {() => void} togglePlay
 * @property {() => void} step
 * @property {() => void} resetWeights
 * @property {() => void} undo
 * @property {() => void} redo
 * @property {() => void} clearPoints
 * @property {() => void} generate
 * @property {(change: Partial<Ui>) => void} setUi
 * @property {(change: Record<string, any>) => void} setConfig settings that apply to the next request
 * @property {(change: Record<string, any>) => void} changeData data-generator settings (new points at once)
 * @property {(change: Record<string, any>) => void} changeArchitecture settings that need fresh weights
 * @property {(classes: number) => void} changeClasses
 * @property {(change: Record<string, any>) => void} changeOptimizer settings that need fresh optimizer state
 * @property {(problem: string) => void} changeProblem classification or regression (converts the points)
 */
/**
 * A host's setting or a page-local one (HostSetting, DataSetting): what a control needs.
 * @typedef {{wire: string, type: string, label: string, min?: number, max?: number, step?: number, choices?: string[], choiceLabels?: Record<string, string>, help?: string}} AnySetting
 */

/**
 * A number typed into a control.
 * @param {string} text
 * @param {string} label
 */
export function readNumber(text, label) {
  const t = text.trim();
  const v = Number(t);
  if (!t || !Number.isFinite(v)) fail(`${label} must be a number`);
  return v;
}

/** @param {{architecture: number[]}} config */
export const hiddenOf = (config) => config.architecture.slice(1, -1);
/** @param {{architecture: number[]}} config */
export const classesOf = (config) => config.architecture[config.architecture.length - 1];

/**
 * The architecture with one more hidden layer, as large as the last one (4 for the first).
 * @param {{architecture: number[], features: string[]}} config
 * @param {{maxHiddenLayers: number}} bounds
 */
export function withLayerAdded(config, bounds) {
  const sizes = hiddenOf(config);
  if (sizes.length >= bounds.maxHiddenLayers) fail(`At most ${bounds.maxHiddenLayers} hidden layers`);
  const size = sizes.length ? sizes[sizes.length - 1] : 4;
  return [config.features.length, ...sizes, size, classesOf(config)];
}

/**
 * The architecture without its last hidden layer.
 * @param {{architecture: number[], features: string[]}} config
 */
export function withLayerRemoved(config) {
  const sizes = hiddenOf(config);
  if (!sizes.length) fail("There is no hidden layer to remove");
  return [config.features.length, ...sizes.slice(0, -1), classesOf(config)];
}

/**
 * The features and the architecture whose input they are.
 * @param {{architecture: number[]}} config
 * @param {string[]} features
 */
export function withFeatures(config, features) {
  if (!features.length) fail("Keep at least one input feature");
  return { features, architecture: [features.length, ...hiddenOf(config), classesOf(config)] };
}

/**
 * A number input's attributes from its setting: the host's bounds, a step of 1 for whole
 * numbers, else the setting's step or any.
 * @param {{type: string, min?: number, max?: number, step?: number}} s
 */
export function numberAttrs(s) {
  /** @type {number | "any"} */
  const step = s.type === "int" ? 1 : (s.step ?? "any");
  return { step, min: s.min, max: s.max };
}

export class Controls {
  /**
   * @param {string} viewId prefix of element ids
   * @param {HostSchema} schema the settings to build controls for
   * @param {Ui} ui
   * @param {ControlActions} actions
   */
  constructor(viewId, schema, ui, actions) {
    this.viewId = viewId;
    this.actions = actions;
    this.errors = new FieldErrors();
    /** @type {Config | null} what the controls show, set by sync() */
    this.config = null;
    this.schema = schema;
    /** @type {Limits} */
    this.limits = schema.limits;
    this.playBtn = h("button", { type: "button", class: "nv-play", "aria-label": "Play", onclick: this.act(actions.togglePlay) });
    this.stepBtn = h("button", { type: "button", "aria-label": "Step", text: "Step", onclick: this.act(actions.step) });
    this.resetBtn = h("button", { type: "button", "aria-label": "Reset weights", text: "Reset weights", onclick: this.act(actions.resetWeights) });
    this.speed = speedField(`${viewId}-speed`, ui.speed, (speed) => actions.guard(() => actions.setUi({ speed })));
    const undoBtn = (/** @type {string} */ name, /** @type {string} */ keys, /** @type {() => void} */ fn) =>
      /** @type {HTMLButtonElement} */ (h("button", { type: "button", text: name, "aria-label": name, "aria-keyshortcuts": keys, title: `${name} the last change of points or settings (${keys.replace(/ .*/, "")})`, disabled: true, onclick: this.act(fn) }));
    this.undoBtn = undoBtn("Undo", "Control+Z Meta+Z", actions.undo);
    this.redoBtn = undoBtn("Redo", "Control+Shift+Z Control+Y Meta+Shift+Z", actions.redo);
    this.picker = new DataSetPicker((dataset) => actions.guard(() => actions.changeData({ dataset })));
    /** What the points shown are (the app writes it): generated, the host's, drawn. */
    this.dataSummary = h("div", { class: "nv-data-summary", "data-testid": "data-summary" });
    /** The fieldsets whose settings need the host (disabled while there is none). */
    this.hostFieldsets = /** @type {HTMLFieldSetElement[]} */ ([]);
    /** @type {Record<string, HTMLInputElement | HTMLSelectElement>} the settings' controls by wire name */
    this.inputs = {};
    const arch = schema.architecture;
    this.classesIn = numberInput({ step: 1, min: arch.minClasses, max: arch.maxClasses }, this.act(() => this.changeClasses()));
    this.hiddenIn = /** @type {HTMLInputElement} */ (
      h("input", { type: "text", inputmode: "numeric", placeholder: "e.g. 8-8-4", spellcheck: "false", title: arch.help, onchange: this.act(() => this.changeHidden()) })
    );
    /** @type {Record<string, HTMLInputElement>} */
    this.featureCbs = {};
    this.classesField = field("Classes", this.classesIn, `${viewId}-classes`);
    this.classRadios = h("div", { class: "nv-classes", role: "radiogroup", "aria-label": "Class colour" });
    this.classRow = h("div", { class: "nv-row" }, [this.classRadios]);
    // A regression's drawn points take this value as their target, instead of a class.
    this.valueIn = numberInput({ step: 0.1, min: -1e6, max: 1e6, title: "The target of the points you draw" }, this.act(() => this.changeValue()));
    this.valueIn.value = String(ui.value);
    this.valueRow = h("div", { class: "nv-row nv-value-row", hidden: true }, [field("Value", this.valueIn, `${viewId}-value`)]);
    const network = this.networkFieldset();
    const training = h("fieldset", {}, [h("legend", { text: "Training" }), ...this.settingFields("training")]);
    this.hostFieldsets.push(/** @type {HTMLFieldSetElement} */ (network), /** @type {HTMLFieldSetElement} */ (training));
    this.panel = h("section", { class: "nv-controls" }, [this.drawingFieldset(ui), this.dataFieldset(), network]);
    /** The training settings, a panel of their own: wide layouts put them under the network. */
    this.trainingPanel = h("section", { class: "nv-controls nv-training" }, [training]);
  }

  /**
   * A control's handler: a rejected change is reported beside the control.
   * @param {() => void} fn
   */
  act(fn) {
    /** @param {Event} [e] */
    const handler = (e) => this.actions.guard(() => this.errors.run(e?.target, fn));
    return handler;
  }

  /** @param {Ui} ui */
  drawingFieldset(ui) {
    const a = this.actions;
    const tool = `${this.viewId}-nv-tool`;
    return h("fieldset", {}, [
      h("legend", { text: "Drawing" }),
      this.classRow,
      this.valueRow,
      h("div", { class: "nv-row", role: "radiogroup", "aria-label": "Tool" }, [
        radio(tool, "Add points", ui.tool === "add", this.act(() => a.setUi({ tool: "add" }))),
        radio(tool, "Eraser", ui.tool === "erase", this.act(() => a.setUi({ tool: "erase" }))),
        radio(tool, "Add test points", ui.tool === "addTest", this.act(() => a.setUi({ tool: "addTest" }))),
      ]),
      h("div", { class: "nv-row" }, [h("button", { type: "button", text: "Clear points", "aria-label": "Clear points", onclick: this.act(a.clearPoints) })]),
      h("div", { class: "nv-row" }, [
        checkbox("Show test points", ui.showTest, (v) => a.guard(() => a.setUi({ showTest: v }))),
        checkbox("Discretize", ui.discretize, (v) => a.guard(() => a.setUi({ discretize: v }))),
      ]),
    ]);
  }

  dataFieldset() {
    const fields = DATA_SETTINGS.map((s) => this.settingField(s, s.label, () => this.actions.changeData({ [s.wire]: this.valueOf(s) })));
    return h("fieldset", {}, [
      h("legend", { text: "Data set" }),
      this.picker.element,
      this.dataSummary,
      ...fields,
      h("div", { class: "nv-row" }, [h("button", { type: "button", text: "Generate", "aria-label": "Generate", onclick: this.act(this.actions.generate) })]),
    ]);
  }

  networkFieldset() {
    const a = this.actions;
    const id = (/** @type {string} */ name) => `${this.viewId}-${name}`;
    const featureBox = h(
      "div",
      { class: "nv-features" },
      (this.schema.byWire.features.choices ?? []).map((f) => {
        const shown = choiceLabel(this.schema.byWire.features, f);
        const cb = checkbox(`Feature ${shown}`, false, () => a.guard(() => this.errors.run(this.featureCbs[f], () => this.changeFeatures())), shown);
        this.featureCbs[f] = /** @type {HTMLInputElement} */ (cb.querySelector("input"));
        return cb;
      }),
    );
    return h("fieldset", {}, [
      h("legend", { text: "Network" }),
      this.classesField,
      field(this.schema.architecture.label, this.hiddenIn, id("hidden")),
      ...this.settingFields("network"),
      h("div", { class: "nv-sub", text: this.schema.byWire.features.label }),
      featureBox,
    ]);
  }

  /**
   * The fields of the host's number and choice settings in one group, in the host's order.
   * @param {"network" | "training"} group
   */
  settingFields(group) {
    return this.schema.settings
      .filter((s) => (s.type === "float" || s.type === "int" || s.type === "choice") && s.group === group)
      .map((s) => this.settingField(s, s.label, () => this.settingChanged(s)));
  }

  /**
   * A labelled control for one setting (the host's or a page-local one).
   * @param {AnySetting} s
   * @param {string} label
   * @param {() => void} onchange
   */
  settingField(s, label, onchange) {
    const control =
      s.type === "choice"
        ? select(s.choices ?? [], (v) => choiceLabel(s, v), this.act(onchange))
        : numberInput({ ...numberAttrs(s), title: s.help || undefined }, this.act(onchange));
    if (s.type === "choice") control.title = s.help ?? "";
    this.inputs[s.wire] = /** @type {HTMLInputElement | HTMLSelectElement} */ (control);
    return field(label, control, `${this.viewId}-${s.wire}`);
  }

  /**
   * The value a setting's control holds.
   * @param {AnySetting} s
   */
  valueOf(s) {
    const input = this.inputs[s.wire];
    if (s.type === "choice") return input.value;
    const v = readNumber(input.value, s.label);
    if (s.wire === "points" && v > this.limits.maxPoints) fail(`Points must be at most ${this.limits.maxPoints} (this server's limit)`);
    return v;
  }

  /** @param {import("../settings/settings.js").HostSetting} s */
  settingChanged(s) {
    const value = this.valueOf(s);
    // The problem also changes the points and the output layer (regression.js).
    if (s.wire === "problem") this.actions.changeProblem(String(value));
    else if (s.onChange === "init") this.actions.changeArchitecture({ [s.wire]: value });
    else if (s.onChange === "optimizer") this.actions.changeOptimizer({ [s.wire]: value });
    else this.actions.setConfig({ [s.wire]: value });
  }

  changeHidden() {
    const config = /** @type {Config} */ (this.config);
    const sizes = parseHidden(this.hiddenIn.value, this.schema.architecture);
    this.actions.changeArchitecture({ architecture: [config.features.length, ...sizes, classesOf(config)] });
  }

  changeFeatures() {
    const features = Object.keys(this.featureCbs).filter((f) => this.featureCbs[f].checked);
    this.actions.changeArchitecture(withFeatures(/** @type {Config} */ (this.config), features));
  }

  changeValue() {
    const v = readNumber(this.valueIn.value, "Value");
    if (Math.abs(v) > 1e6) fail("Value must be within ±1000000");
    this.actions.setUi({ value: v });
  }

  changeClasses() {
    const { minClasses, maxClasses } = this.schema.architecture;
    const k = Number(this.classesIn.value);
    if (!Number.isInteger(k) || k < minClasses || k > maxClasses) {
      throw new ValidationError(`Classes must be a whole number from ${minClasses} to ${maxClasses}`);
    }
    this.actions.changeClasses(k);
  }

  /**
   * @param {boolean} canUndo
   * @param {boolean} canRedo
   */
  setUndoable(canUndo, canRedo) {
    this.undoBtn.disabled = !canUndo;
    this.redoBtn.disabled = !canRedo;
  }

  /**
   * Without a host (a restored widget whose kernel is gone) training and the settings that
   * need the host are disabled.
   * @param {boolean} online
   */
  setOnline(online) {
    for (const el of [this.playBtn, this.stepBtn, this.resetBtn, ...this.hostFieldsets]) {
      /** @type {HTMLButtonElement | HTMLFieldSetElement} */ (el).disabled = !online;
    }
  }

  /** @param {boolean} on */
  setPlaying(on) {
    this.playBtn.setAttribute("aria-label", on ? "Pause" : "Play");
    this.playBtn.textContent = on ? "❚❚ Pause" : "▶ Play";
    this.playBtn.classList.toggle("nv-on", on);
  }

  /**
   * Puts the config's values and the host's bounds into the controls.
   * @param {Config} config
   * @param {Ui} ui
   * @param {HostSchema} schema
   * @param {Limits} limits
   */
  sync(config, ui, schema, limits) {
    this.config = config;
    this.schema = schema;
    this.limits = limits;
    const arch = schema.architecture;
    for (const s of [...DATA_SETTINGS, ...schema.settings]) {
      const input = this.inputs[s.wire];
      if (!input) continue;
      // An optimizer's own setting (momentum, weight decay) shows with the optimizers that read it.
      const row = input.closest(".nv-field");
      if (row instanceof HTMLElement && "usedBy" in s) row.hidden = !s.usedBy?.includes(config.optimizer);
      if (s.type === "choice") syncOptions(/** @type {HTMLSelectElement} */ (input), s);
      else Object.assign(input, boundsOf(s.wire === "points" ? { ...s, max: limits.maxPoints } : s));
      input.value = String(config[s.wire]);
    }
    const regression = isRegression(config);
    const datasetIn = /** @type {HTMLSelectElement} */ (this.inputs.dataset);
    if (datasetIn) {
      syncOptions(datasetIn, { ...DATASET_SETTING, choices: [...datasetsOf(config)] });
      datasetIn.value = datasetOf(config);
    }
    this.classRow.hidden = this.classesField.hidden = regression;
    this.valueRow.hidden = !regression;
    if (document.activeElement !== this.valueIn) this.valueIn.value = String(ui.value);
    const classes = classesOf(config);
    Object.assign(this.classesIn, { min: String(arch.minClasses), max: String(arch.maxClasses), value: String(classes) });
    this.hiddenIn.value = hiddenOf(config).join("-");
    this.picker.sync({ dataset: datasetOf(config), noise: config.noise, classes, regression });
    this.speed.set(ui.speed);
    for (const [f, cb] of Object.entries(this.featureCbs)) cb.checked = config.features.includes(f);
    if (this.classRadios.childElementCount !== classes) this.buildClassRadios(classes, ui.selectedClass);
  }

  /**
   * @param {number} k classes
   * @param {number} selected
   */
  buildClassRadios(k, selected) {
    this.classRadios.replaceChildren(
      ...Array.from({ length: k }, (_, c) => {
        const input = h("input", {
          type: "radio",
          name: `${this.viewId}-class`,
          "aria-label": `Class ${c + 1}`,
          checked: c === selected,
          onchange: this.act(() => this.actions.setUi({ selectedClass: c })),
        });
        const swatch = h("span", { class: "nv-swatch", title: `Class ${c + 1} (${CLASS_NAMES[c % CLASS_NAMES.length]})`, "aria-hidden": "true" });
        swatch.style.background = css(classColor(c));
        return h("label", { class: "nv-radio nv-class" }, [input, swatch]);
      }),
    );
  }
}

/**
 * A number input's min and max as the attributes want them (none for unbounded).
 * @param {AnySetting} s
 */
function boundsOf(s) {
  const { min, max } = numberAttrs(s);
  return { min: min === undefined ? "" : String(min), max: max === undefined ? "" : String(max) };
}

/**
 * A select's options, rebuilt where the host's choices changed.
 * @param {HTMLSelectElement} sel
 * @param {AnySetting} s
 */
function syncOptions(sel, s) {
  const choices = s.choices ?? [];
  if ([...sel.options].map((o) => o.value).join() !== choices.join()) sel.replaceChildren(...options(choices, (v) => choiceLabel(s, v)));
}
