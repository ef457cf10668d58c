// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { css, divergingRgb } from "../views/colors.js";
import { EDGE_LEVELS, MIN_EDGES, drawEdges, edgesOf, largestWeight, moreText, planColumns, rowsOf } from "../views/graph_lod.js";

test("a column that fits is drawn whole; a wider one shows its first neurons and a +K box", () => {
  const plan = planColumns([2, 8, 100, 17, 18, 3], 17);
  assert.deepEqual(
    plan.map((p) => [p.shown.length, p.more]),
    [[2, 0], [8, 0], [16, 84], [17, 0], [16, 2], [3, 0]],
  );
  assert.deepEqual(plan[2].shown.slice(0, 3), [0, 1, 2]);
  assert.equal(rowsOf(plan), 17, "16 nodes and the box");
  // inputs and outputs are always drawn whole
  assert.deepEqual(planColumns([7, 50, 8], 4).map((p) => p.shown.length), [7, 3, 8]);
  const { label, title } = moreText(plan[2], "layer 2");
  assert.equal(label, "+84");
  assert.match(title, /layer 2: neurons 17–100 \(84 more\) are not drawn/);
});

test("edges are drawn between the shown neurons only, one path per sign and level", () => {
  // 3 inputs -> 4 hidden (2 shown) -> 2 outputs
  const net = [
    { nIn: 3, nOut: 4, w: Float64Array.from([1, -2, 0.5, 4, 0, -1, 2, 2, 2, 3, 3, 3]), b: new Float64Array(4) },
    { nIn: 4, nOut: 2, w: Float64Array.from([-4, 1, 9, 9, 0.1, -0.1, 9, 9]), b: new Float64Array(2) },
  ];
  const plan = [{ shown: [0, 1, 2], more: 0 }, { shown: [0, 1], more: 2 }, { shown: [0, 1], more: 0 }];
  const centres = plan.map((p, c) => p.shown.map((_, k) => ({ x: 100 * c, y: 10 * k })));
  /** @type {{style: string, width: number, segments: number[][]}[]} */
  const paths = [];
  const ctx = {
    strokeStyle: "",
    lineWidth: 0,
    beginPath: () => paths.push({ style: "", width: 0, segments: [] }),
    moveTo: (/** @type {number} */ x, /** @type {number} */ y) => paths[paths.length - 1].segments.push([x, y]),
    lineTo: (/** @type {number} */ x, /** @type {number} */ y) => paths[paths.length - 1].segments.at(-1)?.push(x, y),
    stroke() {
      paths[paths.length - 1].style = this.strokeStyle;
      paths[paths.length - 1].width = this.lineWidth;
    },
  };
  const { drawn, labels } = drawEdges(/** @type {any} */ (ctx), net, plan, centres, 5);
  assert.equal(labels.length, 0, "no focus, no labels");
  assert.deepEqual(drawn.map((e) => e.length / 2), [6, 4], "the edges drawn, for hovering");
  const segments = paths.flatMap((p) => p.segments);
  assert.equal(segments.length, 3 * 2 + 2 * 2, "shown inputs x shown hidden + shown hidden x outputs");
  assert.ok(paths.length <= 2 * EDGE_LEVELS);
  // the weights 9 (into hidden neurons 2 and 3, not shown) set the scale but are not drawn
  assert.equal(largestWeight(net), 9);
  const strongest = paths.find((p) => p.segments.some(([x0, y0, x1, y1]) => x0 === 105 && y0 === 0 && x1 === 195 && y1 === 0));
  assert.ok(strongest, "hidden 0 -> output 0 (weight -4) is drawn");
  // |-4| / 9 is in level 7 of 16: the middle of that level on the negative side of the scale
  const m = 7.5 / EDGE_LEVELS;
  assert.equal(strongest.style, css(divergingRgb(-(0.35 + 0.65 * m)), 0.9), "negative: the negative colour");
  // each edge leaves its node's right side and enters the next node's left side
  assert.ok(segments.every(([x0, , x1]) => x0 % 100 === 5 && x1 % 100 === 95));
});

test("between wide columns only the strongest edges are drawn; small ones keep all", () => {
  const ins = Array.from({ length: 16 }, (_, i) => i);
  const w = Float64Array.from({ length: 100 * 100 }, (_, k) => Math.sin(k * 12.9898) * 2);
  const layer = { nIn: 100, nOut: 100, w, b: new Float64Array(100) };
  const edges = edgesOf(layer, ins, ins);
  assert.equal(edges.length / 2, MIN_EDGES, "64 of 256");
  const strength = (/** @type {number} */ e) => Math.abs(w[edges[e + 1] * 100 + edges[e]]);
  let weakestKept = Infinity;
  for (let e = 0; e < edges.length; e += 2) weakestKept = Math.min(weakestKept, strength(e));
  let strongerLeftOut = 0;
  for (let b = 0; b < 16; b++) for (let a = 0; a < 16; a++) if (Math.abs(w[b * 100 + a]) > weakestKept) strongerLeftOut++;
  assert.equal(strongerLeftOut, MIN_EDGES - 1, "every edge kept is at least as strong as every one left out");
  const eight = ins.slice(0, 8);
  assert.equal(edgesOf(layer, eight, eight).length / 2, 64, "8 x 8: all of them");
});

/**
 * A canvas context that records each path's style, width and segments.
 * @returns {{ctx: any, paths: {style: string, width: number, segments: number[][]}[]}}
 */
function recorder() {
  /** @type {{style: string, width: number, segments: number[][]}[]} */
  const paths = [];
  const ctx = {
    strokeStyle: "",
    lineWidth: 0,
    beginPath: () => paths.push({ style: "", width: 0, segments: [] }),
    moveTo: (/** @type {number} */ x, /** @type {number} */ y) => paths[paths.length - 1].segments.push([x, y]),
    lineTo: (/** @type {number} */ x, /** @type {number} */ y) => paths[paths.length - 1].segments.at(-1)?.push(x, y),
    stroke() {
      paths[paths.length - 1].style = this.strokeStyle;
      paths[paths.length - 1].width = this.lineWidth;
    },
  };
  return { ctx, paths };
}

test("a focused neuron's edges among those shown are all drawn, highlighted, the others faded", () => {
  const n = 16;
  const shown = Array.from({ length: n }, (_, i) => i);
  const w = Float64Array.from({ length: 100 * 100 }, (_, k) => Math.sin(k * 12.9898) * 2);
  const net = [
    { nIn: 2, nOut: 100, w: Float64Array.from({ length: 200 }, (_, k) => Math.cos(k)), b: new Float64Array(100) },
    { nIn: 100, nOut: 100, w, b: new Float64Array(100) },
    { nIn: 100, nOut: 2, w: Float64Array.from({ length: 200 }, (_, k) => Math.sin(k)), b: new Float64Array(2) },
  ];
  const plan = [{ shown: [0, 1], more: 0 }, { shown, more: 84 }, { shown, more: 84 }, { shown: [0, 1], more: 0 }];
  const centres = plan.map((p, c) => p.shown.map((_, k) => ({ x: 100 * c, y: 10 * k })));
  const focus = { column: 2, index: 5 };
  const { ctx, paths } = recorder();
  const { drawn, labels } = drawEdges(ctx, net, plan, centres, 5, focus);
  const into = [];
  for (let e = 0; e < drawn[1].length; e += 2) if (drawn[1][e + 1] === 5) into.push(drawn[1][e]);
  assert.deepEqual(into.sort((a, b) => a - b), shown, "every shown neuron's edge into the focused one, strong or not");
  assert.equal(new Set(Array.from({ length: drawn[1].length / 2 }, (_, e) => `${drawn[1][2 * e]},${drawn[1][2 * e + 1]}`)).size, drawn[1].length / 2, "no edge twice");
  assert.ok(drawn[1].length / 2 <= MIN_EDGES + n);
  assert.equal(labels.length, n, "the edges into it, to label");
  assert.ok(labels.every(([, , x1, y1]) => x1 === 195 && y1 === 50));
  // out of it: to both outputs, highlighted too
  const out = [];
  for (let e = 0; e < drawn[2].length; e += 2) if (drawn[2][e] === 5) out.push(drawn[2][e + 1]);
  assert.deepEqual(out.sort(), [0, 1]);
  const alpha = (/** @type {string} */ style) => Number(style.slice(style.lastIndexOf(",") + 1, -1));
  for (const p of paths) {
    const hot = p.segments.every(([x0, y0, x1, y1]) => (x1 === 195 && y1 === 50) || (x0 === 205 && y0 === 50));
    const cold = p.segments.every(([x0, y0, x1, y1]) => !((x1 === 195 && y1 === 50) || (x0 === 205 && y0 === 50)));
    assert.ok(hot || cold, "a path is all the focused neuron's edges or none of them");
    assert.equal(alpha(p.style), hot ? 0.9 : 0.12);
  }
  // An input focused: its edges out are labelled.
  const { labels: fromInput } = drawEdges(recorder().ctx, net, plan, centres, 5, { column: 0, index: 1 });
  assert.equal(fromInput.length, n);
});
