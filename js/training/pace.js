// @ts-check
/**
 * The pace of Play: a few steps a second to narrate a run, up to as fast as the host trains.
 * A paced run sends one request at a time, each of `steps` steps, `intervalMs` apart.
 */

import { h } from "../views/dom.js";

/** Steps a second of each Speed position, slowest first; 0 is "as fast as possible". */
export const SPEEDS = [1, 3, 10, 30, 100, 300, 0];
/** The Speed of a first visit: the host's full pace. */
export const DEFAULT_SPEED = 0;
/** Paced requests go out at most this often; faster paces put more steps in each. */
export const MIN_INTERVAL_MS = 1000 / 30;

/**
 * How a pace is kept: `steps` per request, one request every `intervalMs`; null for as fast as
 * possible.
 * @param {number} stepsPerSecond 0 for as fast as possible
 * @returns {{steps: number, intervalMs: number} | null}
 */
export function pacing(stepsPerSecond) {
  if (!(stepsPerSecond > 0) || !Number.isFinite(stepsPerSecond)) return null;
  const intervalMs = Math.max(1000 / stepsPerSecond, MIN_INTERVAL_MS);
  const steps = Math.max(1, Math.round((stepsPerSecond * intervalMs) / 1000));
  // The interval follows the rounded steps, so the rate stays the one asked for.
  return { steps, intervalMs: (1000 * steps) / stepsPerSecond };
}

/**
 * The Speed's name as shown and announced.
 * @param {number} stepsPerSecond
 */
export function speedLabel(stepsPerSecond) {
  if (!(stepsPerSecond > 0)) return "as fast as possible";
  return `${stepsPerSecond} step${stepsPerSecond === 1 ? "" : "s"}/s`;
}

/**
 * The Speed slider (slowest at the left) with its pace in words.
 * @param {string} id
 * @param {number} speed steps a second (one of SPEEDS)
 * @param {(speed: number) => void} onchange
 */
export function speedField(id, speed, onchange) {
  const input = /** @type {HTMLInputElement} */ (h("input", { type: "range", id, min: 0, max: SPEEDS.length - 1, step: 1, class: "nv-speed-range" }));
  const shown = h("output", { for: id, class: "nv-speed-value", "aria-hidden": "true" });
  const set = (/** @type {number} */ v) => {
    const i = Math.max(0, SPEEDS.indexOf(v));
    input.value = String(i);
    input.setAttribute("aria-valuetext", speedLabel(SPEEDS[i]));
    shown.textContent = speedLabel(SPEEDS[i]);
  };
  set(speed);
  input.addEventListener("input", () => {
    const v = SPEEDS[Number(input.value)] ?? DEFAULT_SPEED;
    set(v);
    onchange(v);
  });
  const element = h("div", { class: "nv-speed", title: "How fast Play trains: from one step a second to as fast as the host can" }, [h("label", { for: id, text: "Speed" }), input, shown]);
  return { element, input, set };
}
