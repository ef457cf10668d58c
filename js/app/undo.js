// @ts-check
/**
 * A bounded undo/redo stack of states. The caller pushes the state before each edit; undo gives
 * back the state before the last edit and keeps the current one for redo; a new edit forgets
 * what could be redone.
 */

export const MAX_UNDO = 50;

/** @template T */
export class UndoRedo {
  /** @param {number} [max] */
  constructor(max = MAX_UNDO) {
    this.max = max;
    /** @type {T[]} states before the edits, newest last */
    this.past = [];
    /** @type {T[]} states undone, the next to redo last */
    this.future = [];
  }

  /** @param {T} before the state before an edit */
  push(before) {
    this.past.push(before);
    if (this.past.length > this.max) this.past.shift();
    this.future.length = 0;
  }

  /**
   * The state before the last edit, or null. The current state, as `keep` describes it for
   * going back to it from that one, is kept for redo.
   * @param {(target: T) => T} keep
   * @returns {T | null}
   */
  undo(keep) {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(keep(prev));
    return prev;
  }

  /**
   * The state the last undo left, or null; the current one (see undo) goes back on the undo side.
   * @param {(target: T) => T} keep
   * @returns {T | null}
   */
  redo(keep) {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(keep(next));
    return next;
  }

  get canUndo() {
    return this.past.length > 0;
  }

  get canRedo() {
    return this.future.length > 0;
  }
}

/**
 * What a key press asks of undo: "undo" for Ctrl/Cmd+Z, "redo" for Shift+Ctrl/Cmd+Z and Ctrl+Y,
 * else null. Keys typed into a text field are its own (the browser undoes the typing).
 * @param {{key: string, ctrlKey: boolean, metaKey: boolean, shiftKey: boolean, altKey: boolean}} e
 * @param {boolean} inTextField
 * @returns {"undo" | "redo" | null}
 */
export function undoKey(e, inTextField) {
  if (inTextField || e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  const key = e.key.toLowerCase();
  if (key === "z") return e.shiftKey ? "redo" : "undo";
  if (key === "y" && !e.shiftKey) return "redo";
  return null;
}
