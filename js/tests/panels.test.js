// @ts-check
// The panel list (app/panels.js) and the stylesheet's layouts: at every width and height the
// stylesheet distinguishes, the grid's areas are exactly the panels' (a stack shown as one
// column stands in for its panels), so a panel added to the list and forgotten in a layout, or
// an area left behind, fails here.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { PANELS } from "../app/panels.js";

const CSS = readFileSync(new URL("../views/nnvisu.css", import.meta.url), "utf8");

/**
 * The stylesheet's rules with the at-rule conditions around them.
 * @param {string} css
 * @returns {{conditions: string[], selector: string, body: string}[]}
 */
function rules(css) {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  /** @type {{conditions: string[], selector: string, body: string}[]} */
  const out = [];
  /** @type {string[]} */
  const open = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "{") {
      const head = text.slice(start, i).trim();
      if (head.startsWith("@")) {
        open.push(head);
        start = i + 1;
      } else {
        const end = text.indexOf("}", i);
        out.push({ conditions: [...open], selector: head, body: text.slice(i + 1, end) });
        i = end;
        start = i + 1;
      }
    } else if (text[i] === "}") {
      open.pop();
      start = i + 1;
    }
  }
  return out;
}

/**
 * Whether an at-rule holds at this size of the app (container) and the screen (media); any
 * other feature (pointer, hover) counts as not holding.
 * @param {string} condition
 * @param {number} width
 * @param {number} height
 */
function holds(condition, width, height) {
  const features = [...condition.matchAll(/\((min|max)-(width|height):\s*(\d+)px\)/g)];
  if (!features.length) return false;
  return features.every(([, bound, axis, px]) => {
    const v = axis === "width" ? width : height;
    return bound === "min" ? v >= Number(px) : v <= Number(px);
  });
}

/**
 * The last value of `property` among the rules for `selector` that apply at this size.
 * @param {string} selector
 * @param {string} property
 * @param {number} width
 * @param {number} height
 */
function valueAt(selector, property, width, height) {
  let value = null;
  for (const r of rules(CSS)) {
    if (!r.selector.split(",").map((s) => s.trim()).includes(selector)) continue;
    if (!r.conditions.every((c) => holds(c, width, height))) continue;
    const m = r.body.match(new RegExp(`(?:^|;)\\s*${property}\\s*:([^;]*)`));
    if (m) value = m[1].trim();
  }
  return value;
}

/** Every width and height at which some rule starts or stops applying, and one beyond. */
function sizes() {
  const widths = new Set([320]);
  const heights = new Set([600]);
  for (const [, bound, axis, px] of CSS.matchAll(/\((min|max)-(width|height):\s*(\d+)px\)/g)) {
    const edge = Number(px) + (bound === "max" ? 1 : 0);
    (axis === "width" ? widths : heights).add(edge);
    (axis === "width" ? widths : heights).add(edge - 1);
  }
  return [...widths].flatMap((w) => [...heights].map((h) => [w, h]));
}

test("the panel list: areas are unique CSS names, every panel titled and built", () => {
  const areas = PANELS.map((p) => p.area);
  assert.equal(new Set(areas).size, areas.length);
  for (const p of PANELS) {
    assert.match(p.area, /^[a-z][a-z-]*$/);
    assert.ok(p.title.trim(), p.area);
    assert.equal(typeof p.build, "function");
    assert.ok(p.help.every((line) => line.trim().endsWith(".")), `${p.area}: help lines are sentences`);
  }
});

test("every layout of the stylesheet places every panel, and nothing else", () => {
  const checked = new Set();
  for (const [width, height] of sizes()) {
    const template = valueAt(".nv-main", "grid-template-areas", width, height);
    assert.ok(template, `a grid at ${width} x ${height}`);
    checked.add(template);
    const named = new Set([...template.matchAll(/"([^"]*)"/g)].flatMap(([, row]) => row.split(/\s+/)).filter((a) => a && a !== "."));
    /** @type {Set<string>} */
    const wanted = new Set();
    for (const p of PANELS) {
      const stack = p.stack ? PANELS.filter((q) => q.stack === p.stack) : [p];
      // The stack's own rule is the more specific one.
      const display = p.stack && (valueAt(`.nv-stack[data-stack="${p.stack}"]`, "display", width, height) ?? valueAt(".nv-stack", "display", width, height));
      const column = p.stack && display !== "contents";
      // A stack shown as one column takes the area of its first panel.
      wanted.add(column ? stack[0].area : p.area);
    }
    assert.deepEqual([...named].sort(), [...wanted].sort(), `the grid's areas at ${width} x ${height}: ${template}`);
  }
  assert.ok(checked.size >= 4, `the phone, medium, wide and wide-and-tall layouts (${checked.size})`);
});

test("no rule of the stylesheet places a panel itself: the layout does, from the list", () => {
  const placed = rules(CSS).filter((r) => /(?:^|;)\s*grid-area\s*:/.test(r.body));
  assert.deepEqual(placed.map((r) => r.selector), []);
});
