// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { Edits } from "../app/edits.js";
import { netShape, onlyClassesDiffer } from "../settings/settings.js";
import { SCHEMA } from "./fixtures.js";
import { keepClasses } from "../data/points.js";

/** @typedef {import("../app/edits.js").NetState} NetState */

const config = (/** @type {Record<string, any>} */ change = {}) =>
  /** @type {any} */ ({ architecture: [2, 8, 2], activation: "tanh", features: ["x", "y"], optimizer: "adam", learningRate: 0.03, noise: 0.3, ...change });
const points = (/** @type {number[]} */ labels) => ({ x: labels.map((_, i) => i), y: labels.map(() => 0), label: labels, test: labels.map(() => false) });

/** An app as the edits see it: config, points and a network whose weights fit one architecture. */
function setup() {
  const app = {
    config: config(),
    data: points([0, 1, 2, 3]),
    /** @type {NetState | null} */
    net: { weights: "w0", optimizer: "o0", step: 10, metrics: null, history: /** @type {any} */ ({ losses: [], snapshots: [] }) },
    netFor: "[2,8,2]",
    /** @type {string[]} */
    calls: [],
    undoable: [false, false],
  };
  const edits = new Edits({
    schema: () => SCHEMA,
    config: () => app.config,
    data: () => app.data,
    net: () => app.net,
    setConfig: (c) => {
      app.config = c;
      app.calls.push("config");
    },
    setData: (d) => {
      app.data = d;
      app.calls.push("data");
    },
    setNet: (net) => {
      app.net = net;
      app.calls.push(`net ${net.weights}`);
      return true;
    },
    init: (resize) => {
      app.net = { weights: `fresh${resize ? " resized" : ""}`, optimizer: null, step: resize ? (app.net?.step ?? 0) : 0, metrics: null, history: /** @type {any} */ ({}) };
      app.calls.push(`init ${resize}`);
    },
    dropOptimizer: () => app.calls.push("drop optimizer"),
    changed: (u, r) => (app.undoable = [u, r]),
  });
  return { app, edits };
}

test("a settings edit undoes and redoes; the trained weights stay where the network did not change", () => {
  const { app, edits } = setup();
  edits.record(() => (app.config = config({ learningRate: 0.1 })));
  assert.deepEqual(app.undoable, [true, false]);
  assert.ok(edits.undo());
  assert.equal(app.config.learningRate, 0.03);
  assert.deepEqual(app.calls, ["config"], "no new weights for a learning rate");
  assert.deepEqual(app.undoable, [false, true]);
  assert.ok(edits.redo());
  assert.equal(app.config.learningRate, 0.1);
  assert.equal(edits.redo(), false, "nothing more to redo");
});

test("an edit that changes nothing is not remembered; one that fails is remembered only if it changed something", () => {
  const { app, edits } = setup();
  edits.record(() => (app.config = config()));
  edits.record(() => (app.data = points([0, 1, 2, 3])));
  assert.equal(edits.undo(), false, "the same settings and points again are no edit");
  assert.throws(() =>
    edits.record(() => {
      throw new Error("bad value");
    }),
  );
  assert.equal(edits.undo(), false);
});

test("undo after lowering the class count brings back every point and the network before", () => {
  const { app, edits } = setup();
  app.config = config({ architecture: [2, 8, 4] });
  const before = app.data;
  edits.record(() => {
    app.data = keepClasses(app.data, 2).data;
    app.config = config({ architecture: [2, 8, 2] });
    app.net = { weights: "w-resized", optimizer: null, step: 10, metrics: null, history: /** @type {any} */ ({}) };
  });
  assert.equal(app.data.x.length, 2);
  edits.undo();
  assert.equal(app.data, before, "every point, as it was");
  assert.deepEqual(app.config.architecture, [2, 8, 4]);
  assert.equal(app.net?.weights, "w0", "the 4-class network, as trained");
  edits.redo();
  assert.equal(app.data.x.length, 2);
  assert.equal(app.net?.weights, "w-resized");
});

test("without a network to bring back, undo asks for fresh weights (resized where only the classes differ)", () => {
  const { app, edits } = setup();
  app.net = null;
  edits.record(() => (app.config = config({ architecture: [2, 8, 3] })));
  app.calls.length = 0;
  edits.undo();
  assert.deepEqual(app.calls, ["config", "init true"]);
  app.net = null;
  edits.record(() => (app.config = config({ architecture: [2, 4, 2] })));
  app.calls.length = 0;
  edits.undo();
  assert.deepEqual(app.calls, ["config", "init false"]);
});

test("points edits and strokes undo; an optimizer change drops the other optimizer's state", () => {
  const { app, edits } = setup();
  const d0 = app.data;
  edits.savePoints(d0);
  app.data = points([0]);
  edits.record(() => (app.config = config({ optimizer: "sgd" })));
  edits.undo();
  assert.deepEqual(app.calls, ["config", "drop optimizer"]);
  edits.undo();
  assert.equal(app.data, d0);
  assert.equal(app.net?.weights, "w0", "points edits leave the network alone");
});

test("shapes, from the host's onChange: layers, activation and features need other weights; classes alone only resize", () => {
  assert.notEqual(netShape(config(), SCHEMA), netShape(config({ activation: "relu" }), SCHEMA));
  assert.notEqual(netShape(config(), SCHEMA), netShape(config({ features: ["x"] }), SCHEMA));
  assert.equal(netShape(config(), SCHEMA), netShape(config({ learningRate: 1, optimizer: "sgd" }), SCHEMA));
  assert.ok(onlyClassesDiffer(config(), config({ architecture: [2, 8, 5] }), SCHEMA));
  assert.ok(!onlyClassesDiffer(config(), config({ architecture: [2, 4, 2] }), SCHEMA));
  // A setting the host marks as starting a new run is one, with no edit here.
  const seedStarts = { ...SCHEMA, settings: SCHEMA.settings.map((s) => (s.wire === "seed" ? { ...s, onChange: /** @type {const} */ ("init") } : s)) };
  assert.notEqual(netShape(config({ seed: 1 }), seedStarts), netShape(config({ seed: 2 }), seedStarts));
  assert.equal(netShape(config({ seed: 1 }), SCHEMA), netShape(config({ seed: 2 }), SCHEMA));
});
