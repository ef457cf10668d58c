// @ts-check
/**
 * Tabs that know about each other. Every tab of the page's origin shares one localStorage, so
 * two tabs training two runs would overwrite each other's saved run, and a reload would show
 * the last writer's. Each write of the run (config, weights, points, history) also writes
 * WRITER_KEY: which tab wrote, and what (data set, network, points, step). Another tab hears of it through the
 * `storage` event, says so, and from then on writes nothing until its user chooses: keep this
 * tab's run (write it all again, over the other's) or load the other tab's (reload from
 * storage). So no run is ever overwritten without a word to the tab that held it.
 *
 * What another tab wrote is someone else's input: read through `readWriter`, which keeps
 * only checked fields, and shown as text.
 */

import { h } from "../views/dom.js";

/** localStorage key naming the tab and run the stored state is from. */
export const WRITER_KEY = "nnvisu_writer";
/** sessionStorage key of this tab's id: a reload keeps the tab, a new tab gets its own. */
export const TAB_KEY = "nnvisu_tab";
/** The writer of a storage another tab cleared (or of a value no tab could have written). */
const CLEARED = "?";
/** Model keys whose write changes the run stored (ui and metrics alone do not). */
const RUN_KEYS = new Set(["config", "weights", "optimizer", "step", "data", "history"]);

/**
 * @typedef {object} Writer what WRITER_KEY holds
 * @property {string} tab
 * @property {number} step
 * @property {string} dataset "" where unknown
 * @property {number[]} architecture
 * @property {number} points
 */

/** @param {() => number} random */
function newId(random) {
  return Math.floor(random() * 2 ** 48).toString(36);
}

/**
 * WRITER_KEY's value as written by any tab (any version), or null: fields of the wrong type
 * are dropped, strings are cut short.
 * @param {string | null} text
 * @returns {Writer | null}
 */
export function readWriter(text) {
  /** @type {any} */
  let v;
  try {
    v = JSON.parse(text ?? "");
  } catch {
    return null;
  }
  if (!v || typeof v !== "object" || typeof v.tab !== "string" || !v.tab) return null;
  const str = (/** @type {unknown} */ s, n = 40) => (typeof s === "string" ? s.slice(0, n) : "");
  const int = (/** @type {unknown} */ n) => (Number.isSafeInteger(n) && /** @type {number} */ (n) >= 0 ? /** @type {number} */ (n) : 0);
  const arch = Array.isArray(v.architecture) && v.architecture.length <= 16 && v.architecture.every((/** @type {unknown} */ n) => Number.isSafeInteger(n) && Number(n) > 0) ? v.architecture : [];
  return { tab: str(v.tab, 64), step: int(v.step), dataset: str(v.dataset), architecture: arch, points: int(v.points) };
}

/**
 * What the notice says of the other tab's write: a different run where its data set, network
 * or points differ from this tab's.
 * @param {Writer} other
 * @param {Omit<Writer, "tab">} mine
 */
export function noticeText(other, mine) {
  const tail = "This tab saves nothing until you choose which run to keep.";
  if (other.tab === CLEARED) return `Another tab cleared the saved state. ${tail}`;
  const n = (/** @type {number} */ v) => v.toLocaleString("en-US");
  const parts = [other.dataset, other.architecture.length ? `a ${other.architecture.join("-")} network` : "", other.points ? `${n(other.points)} points` : ""].filter(Boolean);
  const same = other.dataset === mine.dataset && other.points === mine.points && other.architecture.join() === mine.architecture.join();
  // No step that moves with every write of the other tab: an alert whose text changes is
  // announced again each time.
  const head = same ? `Another tab went on training this run from step ${n(Math.min(other.step, mine.step))}.` : `Another tab is training a different run${parts.length ? ` (${parts.join(", ")})` : ""}.`;
  return `${head} ${tail}`;
}

/**
 * The writer fields of a model's values.
 * @param {Record<string, any>} values
 * @returns {Omit<Writer, "tab">}
 */
export function describe(values) {
  const config = values.config ?? {};
  return {
    step: Number(values.step) || 0,
    dataset: typeof config.dataset === "string" ? config.dataset : "",
    architecture: Array.isArray(config.architecture) ? config.architecture : [],
    points: values.data?.x?.length ?? 0,
  };
}

/**
 * @typedef {object} TabOptions
 * @property {Storage} storage localStorage
 * @property {Storage | null} [session] sessionStorage (null: a new id each load)
 * @property {() => number} [random]
 */

export class TabWatch {
  /** @param {TabOptions} options */
  constructor(options) {
    this.storage = options.storage;
    const random = options.random ?? Math.random;
    let id = null;
    try {
      id = options.session?.getItem(TAB_KEY) ?? null;
      if (!id) options.session?.setItem(TAB_KEY, (id = newId(random)));
    } catch {
      // No sessionStorage: a reload counts as another tab, which only costs a notice.
    }
    this.id = id || newId(random);
    /** @type {Writer | null} the other tab's write not yet answered: while set, nothing is saved */
    this.other = null;
    /** @type {(other: Writer | null) => void} */
    this.changed = () => {};
  }

  /** Whether this tab holds its writes back, waiting for its user's choice. */
  held() {
    return this.other !== null;
  }

  /**
   * After the model wrote `keys`: where they change the run, names this tab as its writer.
   * @param {Record<string, any>} values
   * @param {Iterable<string>} keys
   */
  saved(values, keys) {
    if (![...keys].some((k) => RUN_KEYS.has(k))) return;
    try {
      this.storage.setItem(WRITER_KEY, JSON.stringify({ tab: this.id, ...describe(values) }));
    } catch {
      // A full storage is reported by the write of the state itself.
    }
  }

  /**
   * A `storage` event (another tab's write; a tab never hears its own).
   * @param {{key: string | null, newValue: string | null, storageArea?: Storage | null}} event
   */
  onStorage(event) {
    if (event.storageArea && event.storageArea !== this.storage) return;
    if (event.key !== WRITER_KEY && event.key !== null) return;
    const other = readWriter(event.newValue ?? null) ?? { tab: CLEARED, step: 0, dataset: "", architecture: [], points: 0 };
    if (other.tab === this.id) return; // this tab's own write, replayed by a reload
    this.other = other;
    this.changed(other);
  }

  /** Keep this tab's run: the caller writes it all again, which names this tab the writer. */
  keep() {
    this.other = null;
    this.changed(null);
  }
}

/**
 * The notice above the app while another tab's write waits for an answer, with the two
 * choices. role=alert: it is announced when it appears; its buttons are ordinary buttons.
 * @param {{keep: () => void, load: () => void}} choices
 */
export function tabNotice(choices) {
  const text = h("p", { class: "nv-tabs-text", "data-testid": "tab-notice-text" });
  const keep = h("button", { type: "button", text: "Keep this tab's run", onclick: choices.keep });
  const load = h("button", { type: "button", text: "Load the other tab's run", onclick: choices.load });
  const element = h("div", { class: "nnvisu nv-tabs", role: "alert", "data-testid": "tab-notice", hidden: true }, [text, h("div", { class: "nv-tabs-actions" }, [keep, load])]);
  return {
    element,
    keep,
    /** @param {string} message "" hides it */
    show(message) {
      if (text.textContent !== message) text.textContent = message;
      element.hidden = !message;
    },
  };
}

/**
 * The standalone page's tab watch: the `storage` listener, the notice above the app `el`, and
 * the two choices. `attach` gives it the model whose writes it holds back.
 * @param {Storage} storage
 * @param {HTMLElement} el
 * @param {{session?: Storage | null, reload?: () => void}} [options]
 */
export function watchTabs(storage, el, options = {}) {
  const watch = new TabWatch({ storage, session: options.session === undefined ? sessionStore() : options.session });
  const reload = options.reload ?? (() => location.reload());
  /** @type {{saveAll: () => void, values: Record<string, any>} | null} */
  let model = null;
  const notice = tabNotice({
    keep: () => {
      watch.keep();
      model?.saveAll();
      // The notice is gone: the focus goes back to the app rather than to the page's start.
      /** @type {HTMLElement | null} */ (el.querySelector("[data-testid=nnvisu-root]"))?.focus();
    },
    // Held: nothing this tab has is written on the way out (pagehide saves otherwise).
    load: () => reload(),
  });
  el.before(notice.element);
  watch.changed = (other) => notice.show(other ? noticeText(other, describe(model?.values ?? {})) : "");
  const onStorage = (/** @type {StorageEvent} */ e) => watch.onStorage(e);
  window.addEventListener("storage", onStorage);
  return {
    watch,
    notice,
    /** @param {{saveAll: () => void, values: Record<string, any>}} m */
    attach(m) {
      model = m;
    },
    detach() {
      window.removeEventListener("storage", onStorage);
      notice.element.remove();
    },
  };
}

/** sessionStorage, or null where the browser refuses it. */
function sessionStore() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
