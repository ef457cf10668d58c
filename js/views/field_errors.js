// @ts-check
/**
 * Errors shown beside the control that caused them (on a phone the message area may be a
 * screen away): the message goes right after the control's row, which is marked invalid and
 * described by it, until the next change.
 */

import { ValidationError } from "../settings/check.js";
import { h } from "./dom.js";

/** The row a control's error goes after. */
const ROW = ".nv-field, .nv-row, .nv-features";
let errorCount = 0;

export class FieldErrors {
  constructor() {
    /** @type {Map<Element, HTMLElement>} */
    this.shown = new Map();
  }

  /**
   * Runs a change made with `control`: earlier errors go, and a ValidationError is shown beside
   * the control before it is thrown on (for the app's message area and its sync).
   * @param {EventTarget | null | undefined} control
   * @param {() => void} fn
   */
  run(control, fn) {
    this.clearAll();
    try {
      fn();
    } catch (e) {
      if (e instanceof ValidationError && control instanceof Element) this.show(control, e.message);
      throw e;
    }
  }

  /**
   * @param {Element} control
   * @param {string} text
   */
  show(control, text) {
    const id = `nv-field-error-${++errorCount}`;
    const el = h("div", { class: "nv-field-error", id, "data-testid": "field-error", text });
    (control.closest(ROW) ?? control).after(el);
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", id);
    this.shown.set(control, el);
  }

  clearAll() {
    for (const [control, el] of this.shown) {
      el.remove();
      control.removeAttribute("aria-invalid");
      control.removeAttribute("aria-describedby");
    }
    this.shown.clear();
  }
}
