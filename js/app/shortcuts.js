// @ts-check
/**
 * Keyboard shortcuts: Space plays or pauses; → runs one training step (while the History shows
 * an earlier step, it moves one snapshot later instead); ← moves one snapshot earlier. They act
 * only where a key means nothing else: not in a field, on a button, on the plane or in the graph.
 */

/**
 * The training loop as the shortcuts drive it (training.js TrainingLoop).
 * @typedef {object} Playable
 * @property {boolean} playing
 * @property {(on: boolean) => void} setPlaying
 * @property {() => void} step one step (ignored while playing)
 */

export const SHORTCUT_HELP = "Keys: Space plays or pauses; → runs one step; ← goes back through the History (→ then forward again to the live network).";

/** Elements that use these keys themselves. */
const OWN_KEYS = "input, select, textarea, button, a, summary, canvas, [contenteditable], [role=group][tabindex], [role=dialog]";

/**
 * Moves a range input by `delta` as a user would (an input event follows); false at its ends.
 * @param {HTMLInputElement} range
 * @param {number} delta
 */
export function moveRange(range, delta) {
  const v = Number(range.value);
  const next = Math.max(Number(range.min) || 0, Math.min(Number(range.max), v + delta));
  if (next === v) return false;
  range.value = String(next);
  range.dispatchEvent(new Event("input", { bubbles: true }));
  return true;
}

/**
 * The shortcut a key press means here, if any.
 * @param {KeyboardEvent} e
 * @returns {"play" | "forward" | "back" | null}
 */
export function shortcutOf(e) {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  const target = /** @type {Element | null} */ (e.target);
  if (target && typeof target.closest === "function" && target.closest(OWN_KEYS)) return null;
  return e.key === " " ? "play" : e.key === "ArrowRight" ? "forward" : e.key === "ArrowLeft" ? "back" : null;
}

/**
 * Listens on `target` (the app's root, or the whole page); returns the function that stops.
 * @param {EventTarget} target
 * @param {Playable} loop
 * @param {HTMLInputElement} range the History slider
 */
export function bindShortcuts(target, loop, range) {
  /** @param {Event} ev */
  const onKey = (ev) => {
    const e = /** @type {KeyboardEvent} */ (ev);
    const what = shortcutOf(e);
    if (!what) return;
    e.preventDefault();
    if (what === "play") {
      loop.setPlaying(!loop.playing);
    } else if (what === "back") {
      if (loop.playing) loop.setPlaying(false);
      moveRange(range, -1);
    } else if (Number(range.value) >= Number(range.max) || !moveRange(range, 1)) {
      loop.step();
    }
  };
  target.addEventListener("keydown", onKey);
  return () => target.removeEventListener("keydown", onKey);
}

/**
 * The app's root carries `data-lm-suppress-shortcuts`, so JupyterLab leaves the keys pressed
 * in it to the app; but Ctrl/⌘ combinations (Ctrl+S saves the notebook) are the notebook's.
 * JupyterLab reads keys as they bubble to the document, so lifting the mark for the length of
 * one such event lets them through.
 * @param {HTMLElement} root
 */
export function passAccelKeys(root) {
  root.addEventListener(
    "keydown",
    (e) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || !root.hasAttribute("data-lm-suppress-shortcuts")) return;
      root.removeAttribute("data-lm-suppress-shortcuts");
      setTimeout(() => root.setAttribute("data-lm-suppress-shortcuts", "true"), 0);
    },
    true,
  );
}
