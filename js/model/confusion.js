// @ts-check
/**
 * The per-class view: confusion matrices of the training and the test points (true class by
 * row, predicted class by column), from the JS forward pass on the network shown. A large
 * network's pass over many points is done over frames (budget.js).
 */

import { pointsPass } from "./budget.js";
import { CLASS_NAMES, classColor, css } from "../views/colors.js";
import { h } from "../views/dom.js";
import { forwardBatch } from "./forward.js";

/** @typedef {import("./forward.js").Layer} Layer */
/** @typedef {import("./forward.js").Data} Data */
/**
 * Counts by [true class][predicted class], and how many points each holds.
 * @typedef {{counts: number[][], total: number}} Matrix
 */

/**
 * The confusion matrices of a network's predictions.
 * @param {Float64Array} logits point-major, `classes` per point
 * @param {number} classes
 * @param {Data} data
 * @returns {{train: Matrix, test: Matrix}}
 */
export function confusion(logits, classes, data) {
  const empty = () => ({ counts: Array.from({ length: classes }, () => new Array(classes).fill(0)), total: 0 });
  const out = { train: empty(), test: empty() };
  for (let p = 0; p < data.x.length; p++) {
    const label = data.label[p];
    if (label >= classes) continue; // a class the network has no output for
    let arg = 0;
    for (let c = 1; c < classes; c++) if (logits[p * classes + c] > logits[p * classes + arg]) arg = c;
    const m = data.test[p] ? out.test : out.train;
    m.counts[label][arg]++;
    m.total++;
  }
  return out;
}

/**
 * The confusion matrices of `net` on the points.
 * @param {Layer[]} net
 * @param {string[]} features
 * @param {string} activation
 * @param {Data} data
 */
export function confusionOf(net, features, activation, data) {
  const { logits } = forwardBatch(net, features, activation, data.x, data.y);
  return confusion(logits, net[net.length - 1].nOut, data);
}

/** While training runs, the matrices are computed at most this often (a forward pass each). */
export const CONFUSION_EVERY_MS = 200;
/**
 * ...and a pass done over frames (a large network on many points: the costliest view) waits
 * this many times its work before the next starts, so it takes at most a seventh of the main
 * thread, next to the maps' quarter.
 */
const CONFUSION_REST = 6;

export class ConfusionView {
  constructor() {
    this.train = h("table", { class: "nv-confusion", "data-testid": "confusion-train" });
    this.test = h("table", { class: "nv-confusion", "data-testid": "confusion-test" });
    this.element = h("div", { class: "nv-confusions" }, [
      h("figure", {}, [h("figcaption", { text: "Training points" }), this.train]),
      h("figure", {}, [h("figcaption", { text: "Test points" }), this.test]),
    ]);
    /** @type {unknown[] | null} what the shown matrices were computed from */
    this.key = null;
    /** While training runs, no pass starts before this time. */
    this.nextAt = -Infinity;
    /** @type {{key: unknown[], net: Layer[], data: Data, forward: import("./budget.js").ForwardJob, workMs: number} | null} */
    this.job = null;
  }

  /**
   * Shows the matrices of `net` on the points; while the network keeps changing, at most every
   * CONFUSION_EVERY_MS (`now` in milliseconds). A pass too big for a frame runs until
   * `deadline` and goes on at the next call (even if the network changed meanwhile: the next
   * pass takes the newest), and while training runs the next waits CONFUSION_REST times its work.
   * @param {Layer[] | null} net
   * @param {{features: string[], activation: string}} config
   * @param {Data} data
   * @param {number} now
   * @param {boolean} busy training runs, so another frame follows
   * @param {number} [deadline] (performance.now()) for a pass done over frames
   * @returns {boolean} whether a pass is under way (another frame should move it on)
   */
  update(net, config, data, now, busy, deadline = Infinity) {
    if (!this.job) {
      const key = [net, data, config.features, config.activation];
      if ((this.key && key.every((v, i) => v === this.key?.[i])) || (busy && now < this.nextAt)) return false;
      this.nextAt = now + CONFUSION_EVERY_MS;
      if (!net) {
        this.key = key;
        this.train.replaceChildren();
        this.test.replaceChildren();
        return false;
      }
      this.job = { key, net, data, forward: pointsPass(net, config.features, config.activation, data), workMs: 0 };
    }
    const job = this.job;
    const start = performance.now();
    const done = job.forward.run(deadline);
    job.workMs += performance.now() - start;
    if (!done) return true;
    this.job = null;
    this.key = job.key;
    if (job.forward.sliced) this.nextAt = Math.max(this.nextAt, performance.now() + CONFUSION_REST * job.workMs);
    const m = confusion(job.forward.result.logits, job.net[job.net.length - 1].nOut, job.data);
    fill(this.train, m.train, "training");
    fill(this.test, m.test, "test");
    return false;
  }
}

/**
 * @param {HTMLElement} table
 * @param {Matrix} m
 * @param {string} what
 */
function fill(table, m, what) {
  table.dataset.total = String(m.total);
  const k = m.counts.length;
  const swatch = (/** @type {number} */ c) => {
    const s = h("span", { class: "nv-dot", "aria-hidden": "true" });
    s.style.background = css(classColor(c));
    return s;
  };
  const name = (/** @type {number} */ c) => `class ${c + 1} (${CLASS_NAMES[c % CLASS_NAMES.length]})`;
  const head = h("tr", {}, [
    h("th", { scope: "col", text: "true \\ predicted" }),
    ...Array.from({ length: k }, (_, c) => h("th", { scope: "col", title: name(c), "aria-label": `predicted ${name(c)}` }, [swatch(c)])),
  ]);
  const rows = m.counts.map((row, t) => {
    const n = row.reduce((a, b) => a + b, 0);
    return h("tr", {}, [
      h("th", { scope: "row", title: name(t), "aria-label": `true ${name(t)}` }, [swatch(t)]),
      ...row.map((count, p) => {
        const cell = h("td", { text: String(count), "data-count": count, title: `${count} of ${n} ${what} points of ${name(t)} predicted as ${name(p)}` });
        // Shade by the share of the row: the diagonal dark where the class is learnt.
        const share = n ? count / n : 0;
        cell.style.background = p === t ? `rgba(0,158,115,${(0.1 + 0.6 * share).toFixed(2)})` : share ? `rgba(213,94,0,${(0.1 + 0.6 * share).toFixed(2)})` : "";
        return cell;
      }),
    ]);
  });
  table.replaceChildren(h("caption", { class: "nv-sr", text: `Confusion matrix of the ${m.total} ${what} points` }), h("thead", {}, [head]), h("tbody", {}, rows));
}
