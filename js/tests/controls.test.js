// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { classesOf, hiddenOf, numberAttrs, readNumber, withFeatures, withLayerAdded, withLayerRemoved } from "../views/controls.js";
import { DATA_SETTINGS } from "../settings/data_settings.js";
import { SCHEMA } from "./fixtures.js";

test("a number typed into a control, or a message naming the control", () => {
  assert.equal(readNumber(" 50 ", "Learning rate"), 50);
  assert.equal(readNumber("1e-7", "Learning rate"), 1e-7);
  assert.throws(() => readNumber("", "Learning rate"), /Learning rate must be a number/);
  assert.throws(() => readNumber("fast", "L1"), /L1 must be a number/);
});

test("number inputs take the host's bounds: any step for rates, whole steps for counts", () => {
  assert.deepEqual(numberAttrs(SCHEMA.byWire.learningRate), { step: "any", min: 0, max: 1e6 });
  assert.deepEqual(numberAttrs(SCHEMA.byWire.batchSize), { step: 1, min: 0, max: 2 ** 30 });
  assert.deepEqual(numberAttrs(SCHEMA.byWire.dropout), { step: 0.05, min: 0, max: 0.95 });
  assert.deepEqual(numberAttrs({ ...SCHEMA.byWire.learningRate, max: 7 }), { step: "any", min: 0, max: 7 });
  const noise = /** @type {any} */ (DATA_SETTINGS.find((s) => s.wire === "noise"));
  assert.deepEqual(numberAttrs(noise), { step: 0.05, min: 0, max: 3 });
});

test("layer buttons and feature toggles edit the architecture within the host's limits", () => {
  const config = { architecture: [2, 8, 4, 3], features: ["x", "y"] };
  assert.deepEqual(hiddenOf(config), [8, 4]);
  assert.equal(classesOf(config), 3);
  assert.deepEqual(withLayerAdded(config, { maxHiddenLayers: 3 }), [2, 8, 4, 4, 3]);
  assert.deepEqual(withLayerAdded({ architecture: [2, 3], features: ["x", "y"] }, { maxHiddenLayers: 3 }), [2, 4, 3]);
  assert.throws(() => withLayerAdded(config, { maxHiddenLayers: 2 }), /At most 2 hidden layers/);
  assert.deepEqual(withLayerRemoved(config), [2, 8, 3]);
  assert.throws(() => withLayerRemoved({ architecture: [2, 3], features: ["x", "y"] }), /no hidden layer to remove/);
  assert.deepEqual(withFeatures(config, ["x", "xy", "siny"]), { features: ["x", "xy", "siny"], architecture: [3, 8, 4, 3] });
  assert.throws(() => withFeatures(config, []), /at least one input feature/);
});
