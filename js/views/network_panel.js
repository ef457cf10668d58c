// @ts-check
/**
 * The network panel around the graph: hidden layers added and removed (+ layer, − layer, and
 * − / + neuron buttons over each hidden layer, within the host's bounds), the weight editor a
 * click on an edge or a neuron opens, the legend of the diverging scale, and the caption the
 * plane shows while a neuron's map is on it.
 */

import { ValidationError, errorText } from "../settings/check.js";
import { hiddenOf, withLayerAdded, withLayerRemoved } from "./controls.js";
import { h } from "./dom.js";
import { NetworkGraph, neuronName, paramValue } from "./graph.js";
import { scaleLegend } from "./legend.js";
import { readWeight, withNeuronsChanged, withParam } from "../model/network_edit.js";

/** @typedef {import("../model/forward.js").Layer} Layer */
/** @typedef {import("./graph.js").NeuronRef} NeuronRef */
/** @typedef {import("./graph.js").ParamRef} ParamRef */
/** @typedef {import("./graph.js").Geometry} Geometry */
/**
 * What the panel needs from the app.
 * @typedef {object} PanelHooks
 * @property {() => {architecture: number[], features: string[], problem?: unknown}} config
 * @property {() => {maxHiddenLayers: number, maxNeurons: number}} bounds the host's
 * @property {Pick<import("./controls.js").ControlActions, "guard" | "changeArchitecture">} actions
 * @property {() => Layer[] | null} net the live network (the one an edit changes)
 * @property {() => void} changed the neuron whose map the plane shows (`shown`) changed
 * @property {Record<string, string>} [featureLabels] the inputs' shown names (the host's)
 */

/** Room between columns, in CSS pixels, for a column's full title and its buttons side by side. */
const TIGHT = 60;

export class NetworkPanel {
  /**
   * @param {import("./dom.js").Tooltip} tooltip
   * @param {{get: (key: string) => any, set: (key: string, value: any) => void, save_changes: () => void}} model
   *   where an edited weight goes (`weights`, then save_changes: the next request trains from it)
   * @param {{setPlaying: (on: boolean) => void}} loop paused while a weight is edited
   * @param {{unscrub: () => void}} history an edit applies to the live network
   * @param {PanelHooks} hooks
   */
  constructor(tooltip, model, loop, history, hooks) {
    this.hooks = hooks;
    this.tooltip = tooltip;
    this.model = model;
    this.loop = loop;
    this.history = history;
    /** @type {NeuronRef | null} the neuron whose map the plane shows */
    this.shown = null;
    this.network = h("div", {
      class: "nv-network",
      "data-testid": "network",
      role: "group",
      tabindex: 0,
      "aria-label": "Network graph: arrow keys pick a neuron and show its map on the plane, Enter edits its bias and weights",
    });
    this.graph = new NetworkGraph(this.network, tooltip, {
      focus: (n) => this.focused(n),
      edit: (p, x, y) => this.openEditor(p, x, y),
      laidOut: (g) => this.placeLayerButtons(g),
      featureLabels: hooks.featureLabels,
    });
    this.layerCount = h("span", { class: "nv-layer-count" });
    this.columns = h("div", { class: "nv-columns", "aria-label": "Neurons per hidden layer", role: "group" });
    this.caption = h("div", { class: "nv-plane-caption", "data-testid": "plane-caption", hidden: true });
    this.editor = new WeightEditor((p, v) => {
      if (p) this.hooks.actions.guard(() => this.setParam(p, v));
      this.network.focus();
      this.focused(this.graph.focused);
    });
    const act = (/** @type {() => number[]} */ arch) => () => hooks.actions.guard(() => hooks.actions.changeArchitecture({ architecture: arch() }));
    this.element = h("section", { class: "nv-network-panel" }, [
      h("div", { class: "nv-panel-head" }, [
        h("h2", { text: "Network" }),
        h("span", { class: "nv-layer-buttons" }, [
          h("button", { type: "button", class: "nv-mini", text: "−", title: "Remove the last hidden layer", "aria-label": "Remove hidden layer", onclick: act(() => withLayerRemoved(hooks.config())) }),
          this.layerCount,
          h("button", { type: "button", class: "nv-mini", text: "+", title: "Add a hidden layer", "aria-label": "Add hidden layer", onclick: act(() => withLayerAdded(hooks.config(), hooks.bounds())) }),
        ]),
      ]),
      this.columns,
      this.network,
      scaleLegend(),
      this.editor.element,
    ]);
    /** @type {string} what the layer buttons were built for */
    this.columnsKey = "";
  }

  /**
   * Over each column its name, and over each hidden layer − and + buttons, at the columns'
   * places in the graph.
   * @param {Geometry} g
   */
  placeLayerButtons(g) {
    const { architecture } = this.hooks.config();
    const hidden = hiddenOf({ architecture });
    const bounds = this.hooks.bounds();
    this.layerCount.textContent = `${hidden.length} hidden layer${hidden.length === 1 ? "" : "s"}`;
    const key = `${architecture.join()}|${g.centres.map((c) => c[0]?.x).join()}|${bounds.maxNeurons}`;
    if (key === this.columnsKey) return;
    this.columnsKey = key;
    const last = g.centres.length - 1;
    // Columns too close for "Layer 10" and two buttons side by side get short titles and
    // stacked buttons.
    const tight = last > 0 && (g.centres[1][0]?.x ?? 0) - (g.centres[0][0]?.x ?? 0) < TIGHT;
    this.columns.classList.toggle("nv-tight", tight);
    this.columns.replaceChildren(
      ...g.centres.map((centres, c) => {
        const title = c === 0 ? (tight ? "In" : "Input") : c === last ? (tight ? "Out" : "Output") : `${tight ? "L" : "Layer "}${c}`;
        /** @type {HTMLElement[]} */
        const parts = [h("span", { class: "nv-column-title", text: title })];
        if (c > 0 && c < last) {
          const n = hidden[c - 1];
          const { guard, changeArchitecture } = this.hooks.actions;
          const change = (/** @type {1 | -1} */ d) => () =>
            guard(() => changeArchitecture({ architecture: withNeuronsChanged(this.hooks.config(), c - 1, d, this.hooks.bounds()) }));
          parts.push(
            h("span", { class: "nv-column-buttons" }, [
              h("button", { type: "button", class: "nv-mini", text: "−", "aria-label": `Remove a neuron from layer ${c} (${n} neurons)`, disabled: n <= 1, onclick: change(-1) }),
              h("button", { type: "button", class: "nv-mini", text: "+", "aria-label": `Add a neuron to layer ${c} (${n} neurons)`, disabled: n >= bounds.maxNeurons, onclick: change(1) }),
            ]),
          );
        }
        const el = h("div", { class: "nv-column-head" }, parts);
        el.style.left = `${centres[0]?.x ?? 0}px`;
        return el;
      }),
    );
  }

  /**
   * The graph's focused neuron changed: the plane shows its map (while the editor is open, the
   * map of the neuron being edited).
   * @param {NeuronRef | null} focus
   */
  focused(focus) {
    const n = focus ?? this.editor.neuron();
    this.shown = n;
    this.hooks.changed();
    const columns = this.graph.geometry.centres.length;
    if (!n) {
      this.caption.hidden = true;
      return;
    }
    const name = neuronName(n, columns, this.graph.features, this.graph.featureLabels);
    const what =
      n.column === 0 ? "the feature's values" : n.column === columns - 1
        ? this.hooks.config().problem === "regression"
          ? "the predicted value"
          : `the probability of class ${n.index + 1}`
        : "the neuron's activation";
    this.caption.textContent = `${name[0].toUpperCase()}${name.slice(1)} on the plane: ${what}`;
    this.caption.hidden = false;
  }

  /**
   * A weight or bias edited by hand, written through the model interface: the next training
   * request starts from it.
   * @param {ParamRef} p
   * @param {number} value
   */
  setParam(p, value) {
    this.history.unscrub();
    this.model.set("weights", withParam(this.model.get("weights"), p, value));
    this.model.save_changes();
  }

  /**
   * @param {ParamRef} p
   * @param {number} clientX
   * @param {number} clientY
   */
  openEditor(p, clientX, clientY) {
    this.loop.setPlaying(false);
    this.history.unscrub();
    const net = this.hooks.net();
    if (!net) return;
    const box = this.element.getBoundingClientRect();
    this.tooltip.hide();
    const { features, featureLabels } = this.graph;
    this.editor.open(net, (n) => neuronName(n, net.length + 1, features, featureLabels), p, clientX - box.left, clientY - box.top, box.width);
    // The neuron being edited stays focused: its map on the plane, its weights marked.
    this.graph.setFocus({ column: p.layer + 1, index: p.out });
  }
}

/**
 * The small form that edits one weight or bias of a neuron: where it comes from (the bias or an
 * incoming neuron) and its value.
 */
class WeightEditor {
  /** @param {(p: ParamRef | null, value: number) => void} commit called with null on Cancel */
  constructor(commit) {
    this.commit = commit;
    /** @type {{net: Layer[], layer: number, out: number} | null} */
    this.target = null;
    this.title = h("div", { class: "nv-editor-title" });
    this.source = /** @type {HTMLSelectElement} */ (h("select", { "aria-label": "Weight from", onchange: () => this.showValue() }));
    this.value = /** @type {HTMLInputElement} */ (h("input", { type: "text", inputmode: "decimal", "aria-label": "Weight value", spellcheck: "false", "data-testid": "weight-value" }));
    this.error = h("div", { class: "nv-field-error", "data-testid": "weight-error" });
    const form = h("form", { onsubmit: (/** @type {Event} */ e) => this.submit(e) }, [
      this.title,
      h("div", { class: "nv-editor-row" }, [h("span", { text: "from", "aria-hidden": "true" }), this.source]),
      h("div", { class: "nv-editor-row" }, [
        this.value,
        h("button", { type: "submit", text: "Set" }),
        h("button", { type: "button", text: "Cancel", onclick: () => this.cancel() }),
      ]),
      this.error,
    ]);
    this.element = h("div", { class: "nv-weight-editor", "data-testid": "weight-editor", role: "dialog", "aria-label": "Edit a weight", hidden: true }, [form]);
    // Enter and Escape are handled here, not left to the form: a host page may take them.
    this.element.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.cancel();
      else if (e.key === "Enter" && e.target === this.value) this.submit(e);
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
  }

  /**
   * @param {Layer[]} net
   * @param {(n: NeuronRef) => string} name a neuron's shown name
   * @param {ParamRef} p
   * @param {number} x where it opens, in the panel's pixels
   * @param {number} y
   * @param {number} width the panel's width
   */
  open(net, name, p, x, y, width) {
    this.target = { net, layer: p.layer, out: p.out };
    this.title.textContent = `Into ${name({ column: p.layer + 1, index: p.out })}`;
    const sources = Array.from({ length: net[p.layer].nIn }, (_, i) => name({ column: p.layer, index: i }));
    this.source.replaceChildren(h("option", { value: "bias", text: "bias" }), ...sources.map((name, i) => h("option", { value: String(i), text: name })));
    this.source.value = p.from === null ? "bias" : String(p.from);
    this.showValue();
    this.error.textContent = "";
    this.element.hidden = false;
    const w = this.element.offsetWidth;
    this.element.style.left = `${Math.max(0, Math.min(x + 8, width - w))}px`;
    this.element.style.top = `${y + 8}px`;
    this.value.focus();
    this.value.select();
  }

  /** @returns {NeuronRef | null} the neuron being edited */
  neuron() {
    return this.target && { column: this.target.layer + 1, index: this.target.out };
  }

  /** @returns {ParamRef | null} */
  param() {
    const t = this.target;
    if (!t) return null;
    return { layer: t.layer, out: t.out, from: this.source.value === "bias" ? null : Number(this.source.value) };
  }

  showValue() {
    const p = this.param();
    if (this.target && p) this.value.value = String(+paramValue(this.target.net, p).toFixed(4));
  }

  /** @param {Event} e */
  submit(e) {
    e.preventDefault();
    const p = this.param();
    if (!p) return;
    try {
      const v = readWeight(this.value.value);
      this.close();
      this.commit(p, v);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      this.error.textContent = errorText(err);
      this.value.setAttribute("aria-invalid", "true");
    }
  }

  cancel() {
    this.close();
    this.commit(null, 0);
  }

  close() {
    this.element.hidden = true;
    this.target = null;
    this.value.removeAttribute("aria-invalid");
  }
}
