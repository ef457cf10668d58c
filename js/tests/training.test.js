// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { paceNote, parameterCount } from "../training/pace_note.js";
import { LONG_CYCLE_MS, TrainingLoop, msPerStep, nextSteps, stepCap } from "../training/training.js";
import { batchPoints } from "../model/work.js";

/**
 * A loop on a fake host: `sent` collects the messages the loop sends, and `reply` answers one
 * as a host would. `state` is what the app would tell the loop.
 * @param {Partial<{online: boolean, hasNetwork: boolean, trainCount: number, architecture: number[], batchSize: number, limits: any}>} [given]
 */
function setup(given = {}) {
  const state = { online: true, hasNetwork: true, trainCount: 100, architecture: [2, 8, 2], activation: "tanh", optimizer: "sgd", l1: 0, l2: 0, batchSize: 0, dropout: 0, limits: { maxSteps: 1000, maxHiddenLayers: 10, maxNeurons: 100, maxPoints: 5000 }, ...given };
  /** @type {any[]} */
  const sent = [];
  /** @type {string[]} */
  const said = [];
  /** @type {string[]} */
  const events = [];
  /** @type {string[]} */
  const paces = [];
  let clock = 0;
  const loop = new TrainingLoop(
    { send: (msg) => sent.push(msg) },
    "v1",
    {
      hasNetwork: () => state.hasNetwork,
      config: () => state,
      trainCount: () => state.trainCount,
      pointCount: () => state.trainCount,
      limits: () => state.limits,
      say: (text) => said.push(text),
      playingChanged: (on) => events.push(on ? "playing" : "paused"),
      stepped: () => events.push("stepped"),
      initialized: () => events.push("initialized"),
      online: () => state.online,
      paceNote: (text) => paces.push(text),
    },
    () => clock,
  );
  /**
   * @param {any} msg the request answered
   * @param {Record<string, any>} [extra]
   */
  const reply = (msg, extra = {}) =>
    loop.onReply(msg.type === "init" ? { type: "init_result", id: msg.id, ...extra } : { type: "step_result", id: msg.id, step: 1, loss: 0.5, accuracy: 1, ...extra });
  const tick = (/** @type {number} */ ms) => (clock += ms);
  return { loop, state, sent, said, events, paces, reply, tick };
}

test("requests use the wire vocabulary: init first where there is no network, then step", () => {
  const { loop, state, sent, events, reply } = setup({ hasNetwork: false });
  loop.step();
  assert.deepEqual(sent, [{ type: "init", id: "v1-1", resize: false }]);
  state.hasNetwork = true;
  reply(sent[0]);
  assert.deepEqual(events, ["initialized"]);
  assert.deepEqual(sent[1], { type: "step", id: "v1-2", steps: 1 }, "the Step asked for goes out after the init");
  reply(sent[1]);
  assert.deepEqual(events, ["initialized", "stepped"]);
  assert.equal(sent.length, 2, "one Step, one request");
});

test("Play keeps two requests outstanding; each reply sends the next", () => {
  const { loop, sent, reply, events } = setup();
  loop.setPlaying(true);
  assert.deepEqual(events, ["playing"]);
  assert.deepEqual(sent.map((m) => m.type), ["step", "step"]);
  reply(sent[0]);
  assert.equal(sent.length, 3);
  reply(sent[1]);
  assert.equal(sent.length, 4);
  loop.setPlaying(false);
  reply(sent[2]);
  reply(sent[3]);
  assert.equal(sent.length, 4, "nothing more once paused");
  loop.step();
  assert.equal(sent.length, 5);
  loop.setPlaying(true);
  assert.equal(sent.length, 5, "Play waits while a Step is out");
});

test("steps per request: probing doubles, then replies are aimed at the cycle target, within the host's caps", () => {
  const { loop, sent, reply, tick } = setup();
  loop.setPlaying(true);
  // 5 ms of round trip and 0.1 ms per step: the plan settles where a reply takes about 30 ms.
  for (let i = 0; i < 60; i++) {
    const req = sent[i];
    tick(5 + 0.1 * req.steps);
    reply(req, { ms: 5 + 0.1 * req.steps });
  }
  const recent = sent.slice(-10).map((m) => m.steps);
  const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
  assert.ok(mean > 200 && mean < 300, `about 250 steps, got ${recent}`);
  // maxWork caps steps x batch x parameters (2-8-2 has 42 parameters; 100 points per step)
  const capped = setup({ limits: { maxSteps: 1000, maxWork: 42 * 100 * 7, maxHiddenLayers: 10, maxNeurons: 100, maxPoints: 5000 } });
  capped.loop.setPlaying(true);
  for (let i = 0; i < 30; i++) capped.reply(capped.sent[i], { ms: 1 });
  assert.ok(capped.sent.every((m) => m.steps <= 7), String(capped.sent.map((m) => m.steps)));
});

test("a new network or twice the points starts the sizing again from 1 step", () => {
  const { loop, state, sent, reply } = setup();
  loop.setPlaying(true);
  for (let i = 0; i < 10; i++) reply(sent[i], { ms: 1 });
  assert.ok(sent[sent.length - 1].steps > 8);
  state.architecture = [2, 4, 2];
  reply(sent[10], { ms: 1 });
  assert.equal(sent[sent.length - 1].steps, 1);
});

test("stale replies retry what they were for; other errors stop Play and are shown", () => {
  const { loop, sent, said, events } = setup();
  loop.step();
  loop.onReply({ type: "error", id: sent[0].id, code: "stale", message: "changed" });
  assert.deepEqual(sent[1], { type: "step", id: "v1-2", steps: 1 }, "the Step is sent again");
  loop.requestInit(false);
  loop.onReply({ type: "step_result", id: sent[1].id });
  loop.onReply({ type: "error", id: sent[2].id, code: "stale", message: "changed" });
  assert.equal(sent[3].type, "init", "the init is sent again");
  loop.onReply({ type: "init_result", id: sent[3].id });
  loop.setPlaying(true);
  loop.onReply({ type: "error", id: sent[4].id, code: "invalid_request", message: "config.learningRate: bad" });
  assert.deepEqual(said, ["Training stopped: config.learningRate: bad"]);
  assert.equal(loop.playing, false);
  assert.equal(events.at(-1), "paused");
  loop.setPlaying(true);
  const last = sent[sent.length - 1];
  loop.onReply({ type: "error", id: last.id, code: "diverged", message: "training diverged" });
  assert.equal(said.at(-1), "training diverged");
});

test("replies to other views are ignored; without training points nothing is sent", () => {
  const { loop, sent, said, events } = setup({ trainCount: 0 });
  loop.onReply({ type: "step_result", id: "v2-1" });
  assert.deepEqual(events, []);
  loop.setPlaying(true);
  assert.equal(sent.length, 0);
  assert.deepEqual(said, ["Add some training points first"]);
  assert.equal(loop.playing, false);
});

test("batch points, the work cap, and the fit of steps per request", () => {
  assert.equal(batchPoints(100, 0), 100);
  assert.equal(batchPoints(100, 30), 30);
  assert.equal(batchPoints(20, 30), 20);
  const limits = { maxSteps: 1000, maxHiddenLayers: 10, maxNeurons: 100, maxPoints: 5000 };
  const net = { architecture: [2, 8, 2], activation: "tanh", optimizer: "sgd", l1: 0, l2: 0, batchSize: 0, dropout: 0 };
  assert.equal(stepCap(net, 100, 100, limits), 1000);
  // Without a cost table a step costs batch x parameters (42): 5 steps of batch 10 fit.
  assert.equal(stepCap({ ...net, batchSize: 10 }, 100, 100, { ...limits, maxWork: 42 * 10 * 5 }), 5);
  assert.equal(stepCap(net, 100, 100, { ...limits, maxWork: 1 }), 1, "never below 1");
  assert.equal(nextSteps([[4, 30]], 4, 30), 8);
  // one step already takes longer than the cycle (10 layers of 100 on 5,000 points): no probing
  assert.equal(nextSteps([[1, 150], [1, 140]], 1, 30), 1);
  assert.equal(msPerStep([[1, 150], [2, 280], [1, 130]]), 140);
  // 10 ms round trip + 1 ms per step: a reply in 30 ms has 20 steps (growth capped at doubling)
  const samples = /** @type {[number, number][]} */ ([
    [10, 20],
    [20, 30],
  ]);
  assert.equal(nextSteps(samples, 20, 30), 20);
  assert.equal(nextSteps(samples, 5, 30), 10);
  // a slower host shrinks the request at once
  assert.equal(nextSteps([[10, 110], [20, 210]], 20, 30), 2);
  // a 60 ms round trip + 1 ms per step: 30 ms replies are out of reach; 60 ms of work each
  assert.equal(nextSteps([[10, 70], [20, 80]], 40, 30), 60);
  // a fit through noise with a negative round trip still aims at the target
  assert.equal(nextSteps([[10, 5], [20, 25]], 40, 30), 15);
});

test("without a host nothing is sent, and Play and Step stop", () => {
  const { loop, sent, events, state } = setup({ online: false });
  loop.step();
  loop.setPlaying(true);
  assert.equal(sent.length, 0);
  assert.equal(loop.playing, false);
  assert.deepEqual(events, ["playing", "paused"]);
  state.online = true;
  loop.step();
  assert.deepEqual(sent.map((m) => m.type), ["step"]);
});

test("a few late replies do not swing the request size", () => {
  // 6 ms of overhead + 1 ms per step, requests alternating 17 and 23 steps: 24 steps fill 30 ms
  /** @type {[number, number][]} */
  const samples = Array.from({ length: 12 }, (_, i) => {
    const steps = i % 2 ? 23 : 17;
    return [steps, 6 + steps];
  });
  assert.equal(nextSteps(samples, 20, 30), 24);
  // two replies 40 and 25 ms late (a long frame, a descheduled server)
  samples[4] = [17, 63];
  samples[9] = [23, 54];
  assert.equal(nextSteps(samples, 20, 30), 24);
});

test("a slow step is named while playing, with what limits it; Pause clears it", () => {
  const { loop, sent, reply, paces } = setup({ trainCount: 5000, architecture: [2, ...Array(10).fill(100), 2] });
  loop.setPlaying(true);
  for (let i = 0; i < 6; i++) reply(sent[i], { ms: 150 });
  assert.equal(paces.at(-1), "150 ms per step: large network on 5,000 points");
  assert.ok(sent.slice(2).every((m) => m.steps === 1), "a step longer than the cycle: one per request");
  loop.setPlaying(false);
  assert.equal(paces.at(-1), "");
});

test("the pace names the network, the points or the host", () => {
  assert.equal(paceNote(8, [2, 8, 2], 100), "", "quick steps say nothing");
  assert.equal(paceNote(null, [2, 8, 2], 100), "");
  assert.equal(parameterCount([2, 8, 2]), 8 * 3 + 2 * 9);
  assert.equal(paceNote(54.4, [2, 100, 100, 2], 200), "54 ms per step: large network");
  assert.equal(paceNote(20, [2, 8, 2], 4000), "20 ms per step: 4,000 points per step");
  assert.equal(paceNote(20, [2, 8, 2], 200), "20 ms per step: busy host");
});

test("a cycle longer than LONG_CYCLE_MS keeps one request outstanding, so Pause stops within a cycle", () => {
  const { loop, sent, reply } = setup({ trainCount: 5000, architecture: [2, ...Array(10).fill(100), 2] });
  loop.setPlaying(true);
  assert.equal(sent.length, 2, "two at first");
  reply(sent[0], { ms: LONG_CYCLE_MS + 50 });
  assert.equal(sent.length, 2, "the reply of a long cycle sends no new one while one is out");
  reply(sent[1], { ms: LONG_CYCLE_MS + 50 });
  assert.equal(sent.length, 3);
  assert.equal(loop.outstanding.length, 1);
  loop.setPlaying(false);
  reply(sent[2], { ms: LONG_CYCLE_MS + 50 });
  assert.equal(sent.length, 3, "after Pause nothing more goes out");
  // quick cycles again: two outstanding
  loop.setPlaying(true);
  for (let i = 3; i < 20; i++) reply(sent[i], { ms: 20 });
  assert.equal(loop.outstanding.length, 2);
});
