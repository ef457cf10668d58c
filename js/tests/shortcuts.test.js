// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { Announcer, ANNOUNCE_EVERY_MS } from "../views/announce.js";
import { shortcutOf } from "../app/shortcuts.js";

/**
 * A key event as shortcutOf reads it, its target inside an element matching `inside` or not.
 * @param {string} key
 * @param {{inside?: boolean, ctrlKey?: boolean, defaultPrevented?: boolean}} [opts]
 */
function key(key, opts = {}) {
  const target = { closest: (/** @type {string} */ sel) => (opts.inside && sel.includes("input") ? {} : null) };
  return /** @type {KeyboardEvent} */ (/** @type {unknown} */ ({ key, target, altKey: false, ctrlKey: !!opts.ctrlKey, metaKey: false, shiftKey: false, defaultPrevented: !!opts.defaultPrevented }));
}

test("Space plays, the arrows move through the steps, and only outside fields and widgets", () => {
  assert.equal(shortcutOf(key(" ")), "play");
  assert.equal(shortcutOf(key("ArrowRight")), "forward");
  assert.equal(shortcutOf(key("ArrowLeft")), "back");
  assert.equal(shortcutOf(key("ArrowUp")), null);
  assert.equal(shortcutOf(key(" ", { inside: true })), null, "typing a space in a field");
  assert.equal(shortcutOf(key("ArrowRight", { ctrlKey: true })), null);
  assert.equal(shortcutOf(key(" ", { defaultPrevented: true })), null);
});

// Node has no DOM; the announcer's element needs only these.
/** @type {any} */ (globalThis).document ??= {
  createElement: () => ({ textContent: "", setAttribute() {}, append() {}, addEventListener() {} }),
};

test("announcements: when training comes to rest at a new step, else at most every ANNOUNCE_EVERY_MS", () => {
  let t = 0;
  const a = new Announcer(() => t);
  /** @type {string[]} */
  const said = [];
  const offer = (/** @type {boolean} */ running, /** @type {number} */ step) => {
    const before = a.element.textContent;
    a.offer(() => `step ${step} at ${t}`, running, step);
    if (a.element.textContent !== before) said.push(String(a.element.textContent));
  };
  offer(false, 0);
  offer(false, 0);
  assert.deepEqual(said, [], "the state at the start is not news");
  for (t = 0; t <= 2 * ANNOUNCE_EVERY_MS; t += 50) offer(true, t);
  assert.equal(said.length, 3, "at the start of the run, once a period later, and once more");
  t += 10;
  offer(false, 99);
  offer(false, 99);
  assert.equal(said.length, 4, "paused: said once");
  offer(false, 100);
  assert.deepEqual(said.slice(-1), [`step 100 at ${t}`], "a Step: said at once");
  offer(false, 100);
  assert.equal(said.length, 5);
});
