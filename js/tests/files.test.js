// @ts-check
// The state file and share links: a session written and read back whole, and every kind of
// bad document refused with its reason (nothing is read from one that fails).
import assert from "node:assert/strict";
import { test } from "node:test";
import { FILE_FORMAT, documentOf, parseFile, readDocument } from "../files/files.js";
import { generate } from "../data/generators.js";
import { record } from "../training/history.js";
import { defaultConfig } from "../settings/settings.js";
import { LINK_PREFIX, fragmentOf, fromBase64Url, readFragment, shareFragment, toBase64Url } from "../files/share.js";
import { emptyHistory } from "../settings/state.js";
import { toTensors } from "../model/tensors.js";
import { SCHEMA, random } from "./fixtures.js";

const LIMITS = { maxPoints: 5000 };

/** @param {number[]} arch */
function weightsOf(arch, seed = 3) {
  const rand = random(seed);
  /** @type {Record<string, number[][] | number[]>} */
  const w = {};
  for (let i = 0; i < arch.length - 1; i++) {
    w[`layer_${i}_weights`] = Array.from({ length: arch[i + 1] }, () => Array.from({ length: arch[i] }, () => Math.fround(rand() * 4 - 2)));
    w[`layer_${i}_bias`] = Array.from({ length: arch[i + 1] }, () => Math.fround(rand() - 0.5));
  }
  return toTensors(w);
}

/** @returns {import("../files/files.js").Session} */
function session(points = 200) {
  const config = { ...defaultConfig(SCHEMA), architecture: [2, 5, 3, 2], learningRate: 0.1, points };
  const weights = weightsOf(config.architecture);
  const buffers = Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, { exp_avg: t, exp_avg_sq: { shape: t.shape, values: t.values.map(Math.abs) } }]));
  const optimizer = { type: "adam", t: 7, buffers };
  let history = emptyHistory();
  history = record(history, 3, { loss: 0.7, testLoss: 0.6, accuracy: 0.5, testAccuracy: null }, weightsOf(config.architecture, 5), optimizer);
  history = record(history, 7, { loss: 0.5 }, weights, optimizer);
  const data = generate({ dataset: "circles", points, noise: 0.3, classes: 2, seed: 4, testFraction: 0.2 });
  return { config, weights, optimizer, step: 7, data, history };
}

/** @param {unknown} a @param {unknown} b */
const sameFloats = (a, b) => assert.deepEqual(Array.from(/** @type {any} */ (a).values), Array.from(/** @type {any} */ (b).values));

test("a session goes through its file whole: settings, points, weights, optimizer state, step, history", () => {
  const s = session();
  const text = JSON.stringify(documentOf(s));
  const { session: back, notes } = readDocument(parseFile(text), SCHEMA, LIMITS);
  assert.deepEqual(notes, []);
  assert.deepEqual(back.config, s.config);
  assert.deepEqual(back.data, s.data);
  assert.equal(back.step, 7);
  for (const k of Object.keys(s.weights ?? {})) sameFloats(back.weights?.[k], s.weights?.[k]);
  assert.equal(back.optimizer?.type, "adam");
  assert.equal(back.optimizer?.t, 7);
  sameFloats(back.optimizer?.buffers.layer_1_weights.exp_avg_sq, s.optimizer.buffers.layer_1_weights.exp_avg_sq);
  assert.deepEqual(back.history.losses, s.history.losses);
  assert.deepEqual(back.history.snapshots.map((x) => x.step), [3, 7]);
  sameFloats(back.history.snapshots[0].weights.layer_0_weights, toTensors(s.history.snapshots[0].weights).layer_0_weights);
});

test("the file has the documented outline: format marker, version, plan-shaped weights and points", () => {
  const doc = documentOf(session());
  assert.equal(doc.format, FILE_FORMAT);
  assert.equal(doc.version, 1);
  assert.equal(doc.weights.layer_0_weights.length, 5);
  assert.equal(doc.weights.layer_0_weights[0].length, 2);
  assert.deepEqual(Object.keys(doc.data[0]).sort(), ["label", "x", "y"].concat("test" in doc.data[0] ? ["test"] : []).sort());
  assert.equal(doc.optimizer.type, "adam");
});

/** @type {[string, (doc: any) => any, RegExp][]} */
const BAD = [
  ["not an object", () => [1, 2], /not an nnvisu state/],
  ["another program's JSON", () => ({ name: "x", data: [] }), /not an nnvisu state/],
  ["a newer version", (d) => ({ ...d, version: 2 }), /version 2; this nnvisu reads version 1 \(it was written by a newer nnvisu\)/],
  ["a regression model with two outputs", (d) => ({ ...d, config: { ...d.config, problem: "regression" } }), /output size must be 1 for regression/],
  ["a setting out of bounds", (d) => ({ ...d, config: { ...d.config, learningRate: -1 } }), /Learning rate/],
  ["weights of another shape", (d) => ({ ...d, weights: { ...d.weights, layer_1_bias: [1, 2] } }), /layer_1_bias must have 3 finite numbers/],
  ["a weight that is not a number", (d) => ({ ...d, weights: { ...d.weights, layer_0_bias: [1, "2", 3, 4, 5] } }), /layer_0_bias must hold finite numbers/],
  ["optimizer state of another optimizer", (d) => ({ ...d, optimizer: { ...d.optimizer, type: "sgd" } }), /optimizer state is for "sgd", not adam/],
  ["a label beyond the classes", (d) => ({ ...d, data: [{ x: 0, y: 0, label: 5 }] }), /label 5 of point 0 is not one of the 2 classes/],
  ["points that are not a list", (d) => ({ ...d, data: { x: [] } }), /data must be a list of points/],
  ["a point without coordinates", (d) => ({ ...d, data: [{ label: 0 }] }), /coordinates must be finite numbers/],
  ["more points than the server allows", (d) => ({ ...d, data: Array(5001).fill({ x: 0, y: 0, label: 0 }) }), /5001 points; this server allows at most 5000/],
  ["a broken history", (d) => ({ ...d, history: { losses: [["a"]], snapshots: [] } }), /history.losses/],
  ["a negative step", (d) => ({ ...d, step: -3 }), /step must be at least 0/],
];

for (const [what, change, message] of BAD) {
  test(`a file with ${what} is refused with its reason`, () => {
    const doc = change(JSON.parse(JSON.stringify(documentOf(session(20)))));
    assert.throws(() => readDocument(doc, SCHEMA, LIMITS), message);
  });
}

test("a regression file is refused by a host without regression", () => {
  const { problem: _, ...byWire } = SCHEMA.byWire;
  const doc = documentOf(session(20));
  doc.config = { ...doc.config, problem: "regression" };
  assert.throws(() => readDocument(doc, { ...SCHEMA, byWire }, LIMITS), /"regression" model; this server knows classification only/);
});

test("a truncated file is refused as not JSON; unknown settings are left out and named", () => {
  const text = JSON.stringify(documentOf(session(20)));
  for (const cut of [1, 10, text.length / 2, text.length - 1]) assert.throws(() => parseFile(text.slice(0, cut)), /not JSON \(cut short or damaged\?\)/);
  const doc = JSON.parse(text);
  doc.config.colour = "blue";
  const { session: s, notes } = readDocument(doc, SCHEMA, LIMITS);
  assert.equal("colour" in s.config, false);
  assert.match(notes[0], /"colour" is not a setting of this server, left out/);
});

test("a file without weights gives settings and points only, at step 0", () => {
  const doc = documentOf(session(20), { weights: false });
  assert.equal(doc.weights, null);
  const { session: s } = readDocument(JSON.parse(JSON.stringify(doc)), SCHEMA, LIMITS);
  assert.equal(s.weights, null);
  assert.equal(s.step, 0);
  assert.equal(s.data.x.length, 20);
});

test("base64url round trip over every byte value", () => {
  const bytes = Uint8Array.from({ length: 700 }, (_, i) => (i * 37) % 256);
  for (const n of [0, 1, 2, 3, 700]) assert.deepEqual(fromBase64Url(toBase64Url(bytes.subarray(0, n))), bytes.subarray(0, n));
  assert.throws(() => fromBase64Url("ab+c"), /not base64url/);
});

test("a share link holds the settings, the points (as float32) and the weights", async () => {
  const s = session();
  const { fragment, weights } = await shareFragment(s, 8000);
  assert.ok(weights);
  assert.ok(fragment.startsWith(`${LINK_PREFIX}1.`));
  assert.ok(fragment.length <= 8000);
  const { session: back } = readDocument(await readFragment(fragment), SCHEMA, LIMITS);
  assert.deepEqual(back.config, s.config);
  assert.deepEqual(back.data.x.map(Math.fround), s.data.x.map(Math.fround));
  assert.deepEqual(back.data.y.map(Math.fround), s.data.y.map(Math.fround));
  assert.deepEqual(back.data.label, s.data.label);
  assert.deepEqual(back.data.test, s.data.test);
  for (const k of Object.keys(s.weights ?? {})) sameFloats(back.weights?.[k], s.weights?.[k]);
  assert.equal(back.optimizer, null);
  assert.equal(back.step, 7);
});

test("a link too long with the weights falls back to settings and points; too long without them fails", async () => {
  const s = session();
  const full = await shareFragment(s, 8000);
  const light = await shareFragment(s, full.fragment.length - 1);
  assert.equal(light.weights, false);
  const { session: back } = readDocument(await readFragment(light.fragment), SCHEMA, LIMITS);
  assert.equal(back.weights, null);
  assert.equal(back.data.x.length, 200);
  await assert.rejects(shareFragment(s, light.fragment.length - 1), /the points and settings alone take \d+ characters, more than the \d+ a link may hold here/);
});

test("fragments that are not share links are left alone; damaged or foreign ones are refused", async () => {
  assert.equal(await readFragment(""), null);
  assert.equal(await readFragment("#help"), null);
  const good = (await shareFragment(session(30), 8000)).fragment;
  await assert.rejects(readFragment(good.slice(0, good.length - 40)), /does not unpack/);
  await assert.rejects(readFragment(good.replace(`${LINK_PREFIX}1.`, `${LINK_PREFIX}2.`)), /link of version 2; this nnvisu reads version 1/);
  await assert.rejects(readFragment(`${LINK_PREFIX}abc`), /no version/);
  await assert.rejects(readFragment(`${LINK_PREFIX}1.%%%`), /not base64url/);
  await assert.rejects(readFragment(`${LINK_PREFIX}1.${toBase64Url(Uint8Array.of(1, 2, 3, 4, 5))}`), /does not unpack/);
  const foreign = await fragmentOf({ hello: "world" });
  const foreignDoc = await readFragment(foreign);
  assert.throws(() => readDocument(foreignDoc, SCHEMA, LIMITS), /not an nnvisu state/);
  const notJson = await fragmentOf("x");
  assert.equal(await readFragment(notJson), "x");
});
