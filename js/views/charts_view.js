// @ts-check
/**
 * The charts beside the network: loss (linear or log scale) and accuracy over the steps, train
 * and test, with the step the History shows marked; and the confusion matrices.
 */

import { LineChart, TEST_COLOR, TRAIN_COLOR } from "./chart.js";
import { ConfusionView } from "../model/confusion.js";
import { checkbox, fmtLoss, fmtPercent, fmtR2, h } from "./dom.js";

/** @typedef {import("../settings/state.js").History} History */
/** @typedef {import("../settings/state.js").Ui} Ui */

/**
 * Columns of a history row: [step, train loss, test loss, train accuracy, test accuracy] (R²
 * where accuracy is, in a regression).
 */
export const COLUMNS = { loss: 1, testLoss: 2, accuracy: 3, testAccuracy: 4 };

export class ChartsView {
  /**
   * @param {import("./dom.js").Tooltip} tooltip
   * @param {(log: boolean) => void} setLog the Log scale box changed
   */
  constructor(tooltip, setLog) {
    const canvas = (/** @type {string} */ testid, /** @type {string} */ label) =>
      /** @type {HTMLCanvasElement} */ (h("canvas", { class: "nv-chart", "data-testid": testid, role: "img", "aria-label": label }));
    const lossCanvas = canvas("loss-chart", "Loss chart");
    const accCanvas = canvas("accuracy-chart", "Accuracy chart");
    this.loss = new LineChart(lossCanvas, tooltip, {
      series: [
        { name: "train loss", column: COLUMNS.loss, color: TRAIN_COLOR, dash: [] },
        { name: "test loss", column: COLUMNS.testLoss, color: TEST_COLOR, dash: [5, 3] },
      ],
      empty: "the loss appears here while training",
      format: fmtLoss,
    });
    /** @type {import("./chart.js").ChartOptions} */
    this.accuracyOptions = {
      series: [
        { name: "train accuracy", column: COLUMNS.accuracy, color: TRAIN_COLOR, dash: [] },
        { name: "test accuracy", column: COLUMNS.testAccuracy, color: TEST_COLOR, dash: [5, 3] },
      ],
      empty: "the accuracy appears here while training",
      format: (v) => fmtPercent(v),
      range: [0, 1],
      tick: (v) => `${Math.round(v * 100)}%`,
    };
    // R² below 0 (worse than the mean) is drawn at the bottom; the hover tells its value.
    /** @type {import("./chart.js").ChartOptions} */
    this.r2Options = {
      series: [
        { name: "train R²", column: COLUMNS.accuracy, color: TRAIN_COLOR, dash: [] },
        { name: "test R²", column: COLUMNS.testAccuracy, color: TEST_COLOR, dash: [5, 3] },
      ],
      empty: "R² appears here while training",
      format: fmtR2,
      range: [0, 1],
    };
    this.accCanvas = accCanvas;
    this.accuracy = new LineChart(accCanvas, tooltip, this.accuracyOptions);
    this.accuracyTitle = h("h2", { text: "Accuracy" });
    const logBox = checkbox("Log scale", false, setLog);
    this.logInput = /** @type {HTMLInputElement} */ (logBox.querySelector("input"));
    this.confusion = new ConfusionView();
    this.perClass = h("details", { class: "nv-per-class", open: true }, [h("summary", { text: "Per class (true by row, predicted by column)" }), this.confusion.element]);
    this.element = h("div", { class: "nv-charts" }, [
      h("div", { class: "nv-chart-head" }, [h("h2", { text: "Loss" }), logBox]),
      lossCanvas,
      this.accuracyTitle,
      accCanvas,
      h("div", { class: "nv-legend" }, [
        h("span", { class: "nv-key nv-key-train", text: "train" }),
        h("span", { class: "nv-key nv-key-test", text: "test" }),
        h("span", { class: "nv-key nv-key-marker", text: "step shown" }),
      ]),
      this.perClass,
    ]);
  }

  /**
   * The second chart shows accuracy, or R² in a regression (which has no confusion matrices).
   * @param {boolean} regression
   */
  showProblem(regression) {
    this.accuracy.options = regression ? this.r2Options : this.accuracyOptions;
    // Drawn again with the other options.
    this.accuracy.rows = [];
    this.accuracyTitle.textContent = regression ? "R²" : "Accuracy";
    this.accCanvas.dataset.testid = regression ? "r2-chart" : "accuracy-chart";
    this.accCanvas.setAttribute("aria-label", regression ? "R² chart" : "Accuracy chart");
    this.perClass.hidden = regression;
  }

  /**
   * @param {History} history
   * @param {Ui} ui
   * @param {number | null} marker the step shown by the History, if not the live one
   */
  update(history, ui, marker) {
    this.logInput.checked = ui.logLoss;
    this.loss.update(history.losses, { log: ui.logLoss, marker });
    this.accuracy.update(history.losses, { marker });
  }

  destroy() {
    this.loss.destroy();
    this.accuracy.destroy();
  }
}
