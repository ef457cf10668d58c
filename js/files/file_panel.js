// @ts-check
/**
 * The File menu: Export and Import of the state file (files.js), a share link (share.js),
 * the model as a PyTorch file with the snippet that rebuilds it (torch_export.js), and the
 * plane and the graph as PNG (pictures.js). Links and PyTorch files need the page's server,
 * so a widget in a notebook shows the rest (there `Widget.to_torch()` gives the model).
 *
 * A file or link is read and checked whole before anything changes: one that fails is
 * named in the message area and the page, its storage included, stays as it was. One that
 * passes replaces the settings, the points and the network, as one edit Undo takes back.
 */

import { ValidationError, errorText } from "../settings/check.js";
import { h } from "../views/dom.js";
import { FILE_NAME, documentOf, parseFile, readDocument } from "./files.js";
import { download, graphPicture, pngOf } from "./pictures.js";
import { MAX_LINK, readFragment, shareFragment } from "./share.js";
import { StandaloneModel } from "../page/standalone.js";
import { requestTorchFile } from "./torch_export.js";

/** @typedef {import("./files.js").Session} Session */
/**
 * What the menu needs of the app (app.js's App).
 * @typedef {object} FileHost
 * @property {import("../app/app.js").Model} model
 * @property {import("../settings/settings.js").Config} config
 * @property {import("../model/forward.js").Data} data
 * @property {import("../settings/settings.js").HostSchema} schema
 * @property {() => import("../settings/settings.js").Limits} limits
 * @property {() => unknown} liveNet
 * @property {import("../training/training.js").TrainingLoop} loop
 * @property {import("../training/history_view.js").HistoryView} history
 * @property {import("../app/edits.js").Edits} edits
 * @property {{canvas: HTMLCanvasElement}} [plane]
 * @property {{network: HTMLElement}} [views]
 * @property {(text: string) => void} say
 * @property {(change: Record<string, any>) => void} setConfig
 * @property {(data: import("../model/forward.js").Data) => void} setData
 * @property {(net: import("../app/edits.js").NetState) => boolean} restoreNet
 * @property {(resize: boolean) => void} requestInit
 */

/** How long an import waits for the request on the wire before it drops its reply. */
const IDLE_WAIT_MS = 3000;

export class FilePanel {
  /** @param {FileHost} app */
  constructor(app) {
    this.app = app;
    this.standalone = app.model instanceof StandaloneModel;
    this.input = /** @type {HTMLInputElement} */ (
      h("input", { type: "file", accept: ".json,application/json", hidden: true, "data-testid": "import-input", onchange: () => this.importChosen() })
    );
    const item = (/** @type {string} */ text, /** @type {string} */ testid, /** @type {string} */ title, /** @type {() => unknown} */ run) =>
      h("button", { type: "button", text, title, "data-testid": testid, onclick: () => this.run(run) });
    const items = [
      item("Export file", "export-file", "Save everything (settings, points, weights, optimizer state, history) as a JSON file", () => this.exportFile()),
      item("Import file…", "import-file", "Open a file saved by Export or by Widget.save", () => this.input.click()),
      ...(this.standalone
        ? [
            item("Share link", "share-link", "A link that opens these points and settings (and the weights, when they fit)", () => this.shareLink()),
            item("PyTorch .pt", "export-pt", "The model as a PyTorch file, with the Python that rebuilds it", () => this.torchFile()),
          ]
        : []),
      item("Plane as PNG", "plane-png", "The plane as shown, as a picture", () => this.planePng()),
      item("Graph as PNG", "graph-png", "The network graph as shown, as a picture", () => this.graphPng()),
    ];
    this.menu = /** @type {HTMLDetailsElement} */ (
      h("details", { class: "nv-file-menu", "data-testid": "file-menu" }, [h("summary", { text: "File" }), h("div", { class: "nv-file-items" }, [...items, this.input])])
    );
    this.menu.addEventListener("focusout", (e) => {
      if (!this.menu.contains(/** @type {Node | null} */ (e.relatedTarget))) this.menu.open = false;
    });
    this.output = /** @type {HTMLTextAreaElement} */ (h("textarea", { class: "nv-dialog-text", readonly: true, rows: 6, "aria-label": "Text to copy", "data-testid": "dialog-text" }));
    this.dialogNote = h("p", { "data-testid": "dialog-note" });
    this.dialogTitle = h("h2", {});
    this.dialog = /** @type {HTMLDialogElement} */ (
      h("dialog", { class: "nv-dialog", "data-testid": "file-dialog", "aria-label": "File" }, [
        this.dialogTitle,
        this.dialogNote,
        this.output,
        h("div", { class: "nv-dialog-buttons" }, [
          h("button", { type: "button", text: "Copy", "data-testid": "dialog-copy", onclick: () => this.copy() }),
          h("button", { type: "button", text: "Close", onclick: () => this.dialog.close() }),
        ]),
      ])
    );
    this.element = h("div", { class: "nv-file" }, [this.menu, this.dialog]);
    this.onHash = () => this.openLink();
    if (this.standalone) {
      window.addEventListener("hashchange", this.onHash);
      this.openLink();
    }
  }

  destroy() {
    window.removeEventListener("hashchange", this.onHash);
  }

  /**
   * Runs a menu item, its failure said in the message area.
   * @param {() => unknown} fn
   */
  async run(fn) {
    this.menu.open = false;
    this.app.say("");
    try {
      await fn();
    } catch (e) {
      this.app.say(errorText(e));
      if (!(e instanceof ValidationError)) throw e;
    }
  }

  /** @returns {Session} */
  session() {
    const { model, config, data, history } = this.app;
    const weights = this.app.liveNet() ? model.get("weights") : null;
    return { config, weights, optimizer: model.get("optimizer"), step: Number(model.get("step") ?? 0), data, history: history.history };
  }

  exportFile() {
    const s = this.session();
    const text = JSON.stringify(documentOf(s, {}, "nnvisu page"));
    download(new Blob([text], { type: "application/json" }), FILE_NAME);
    this.app.say(`Exported ${FILE_NAME}: ${s.data.x.length} points${s.weights ? `, the network at step ${s.step}` : ""}`);
  }

  async importChosen() {
    const file = this.input.files?.[0];
    this.input.value = "";
    if (!file) return;
    const text = await file.text();
    await this.run(() => this.open(() => parseFile(text), `Import of ${file.name} refused`, `Imported ${file.name}`));
  }

  /** Opens the state of the page's fragment, if it holds a share link. */
  async openLink() {
    /** @type {unknown} */
    let doc;
    try {
      doc = await readFragment(window.location.hash);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.app.say(`This link cannot be opened: ${e.message}. Nothing was changed`);
      return;
    }
    if (doc === null) return;
    if (await this.open(() => doc, "This link cannot be opened", "Opened a shared link")) {
      // Its state is the page's now; a reload must not undo what is done after this.
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }

  /**
   * Checks a document and, if it passes, makes it the app's state.
   * @param {() => unknown} doc the document (failing with a ValidationError if there is none)
   * @param {string} refused
   * @param {string} done
   */
  async open(doc, refused, done) {
    const app = this.app;
    /** @type {ReturnType<typeof readDocument>} */
    let read;
    try {
      read = readDocument(doc(), app.schema, app.limits());
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      app.say(`${refused}: ${e.message}. Nothing was changed`);
      return false;
    }
    await this.quiet();
    const s = read.session;
    app.edits.record(() => {
      app.setConfig(s.config);
      app.setData(s.data);
      const net = { weights: s.weights, optimizer: s.optimizer, step: s.step, metrics: null, history: s.history };
      if (!s.weights || !app.restoreNet(net)) app.requestInit(false);
    });
    const what = s.weights ? `the network at step ${s.step}` : "fresh weights (it holds none)";
    app.say([`${done}: ${s.data.x.length} points, ${what}`, ...read.notes].join("; "));
    return true;
  }

  /**
   * Training paused and the host done with the request on the wire, so no reply of the state
   * before lands on the one opened (a reply later than IDLE_WAIT_MS is dropped).
   */
  async quiet() {
    const loop = this.app.loop;
    loop.setPlaying(false);
    this.app.history.unscrub();
    const until = performance.now() + IDLE_WAIT_MS;
    while (loop.outstanding.length && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
    loop.outstanding.length = 0;
    loop.needInit = null;
    loop.wantStep = false;
  }

  async shareLink() {
    const base = window.location.href.split("#")[0];
    const { fragment, weights } = await shareFragment(this.session(), MAX_LINK - base.length);
    const link = base + fragment;
    let copied = false;
    try {
      await navigator.clipboard.writeText(link);
      copied = true;
    } catch {
      // No clipboard here (an insecure origin, or permission refused): the box has the link.
    }
    const held = weights ? "the points, the settings and the weights" : `the points and settings; the weights would make it longer than ${MAX_LINK} characters, so whoever opens it starts from fresh weights`;
    this.show("Share link", `${copied ? "Copied to the clipboard" : "Copy this link"} (${link.length} characters). It holds ${held}, in the part after # that browsers never send to a server.`, link);
    this.app.say(weights ? "Share link made" : "Share link made without the weights (too long with them)");
  }

  async torchFile() {
    const s = this.session();
    if (!s.weights) throw new ValidationError("There is no network yet to download");
    const url = /** @type {StandaloneModel} */ (/** @type {unknown} */ (this.app.model)).url;
    /** @type {import("./torch_export.js").TorchFile} */
    let file;
    try {
      file = await requestTorchFile(url, { config: s.config, weights: s.weights, step: s.step });
    } catch (e) {
      throw new ValidationError(`No PyTorch file: ${errorText(e)}`);
    }
    download(new Blob([file.bytes], { type: "application/octet-stream" }), file.filename);
    this.show("PyTorch model", `Saved ${file.filename} (step ${s.step}). This Python rebuilds the model from it; predict_proba gives what the plane shows:`, file.snippet);
    this.app.say(`Downloaded ${file.filename}`);
  }

  async planePng() {
    const canvas = this.app.plane?.canvas;
    if (!canvas) return;
    download(await pngOf(canvas), "nnvisu-plane.png");
  }

  async graphPng() {
    const network = this.app.views?.network;
    if (!network || !network.querySelector("canvas")) throw new ValidationError("There is no network drawn yet");
    download(await pngOf(graphPicture(network)), "nnvisu-graph.png");
  }

  /**
   * @param {string} title
   * @param {string} note
   * @param {string} text
   */
  show(title, note, text) {
    this.dialogTitle.textContent = title;
    this.dialogNote.textContent = note;
    this.output.value = text;
    const lines = text.split("\n").length;
    // A link wraps; code keeps its lines.
    this.output.classList.toggle("nv-wrap", lines === 1);
    this.output.rows = lines === 1 ? 4 : Math.min(16, lines + 1);
    if (!this.dialog.open) this.dialog.showModal();
    this.output.scrollTop = 0;
  }

  async copy() {
    this.output.select();
    try {
      await navigator.clipboard.writeText(this.output.value);
      this.dialogNote.textContent = "Copied to the clipboard";
    } catch {
      this.dialogNote.textContent = "The clipboard is not available here: the text is selected, copy it with Ctrl+C (Cmd+C)";
    }
  }
}
