// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { binaryRequest, jsonRequest, tensorsOf } from "../page/connection.js";
import { isTensor, toTensor } from "../model/tensors.js";
import { Floats, MAGIC, decodeBinary, encodeBinary, isBinary } from "../model/wire.js";

/** @param {ArrayBuffer} buffer */
function parts(buffer) {
  const length = new DataView(buffer).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, length)));
  const payloadAt = Math.ceil((8 + length) / 4) * 4;
  return { header, payloadAt, payload: new Float32Array(buffer.slice(payloadAt)) };
}

test("a frame is magic, header length, JSON header with references, aligned float32 payload", () => {
  const msg = { type: "step", id: 7, w: Floats.of([[1, 2, 3], [4, 5, 6]]), b: Floats.of([0.5, -1]), flags: Floats.of([true, false]) };
  const buffer = encodeBinary(msg);
  assert.equal(String.fromCharCode(...new Uint8Array(buffer, 0, 4)), MAGIC);
  assert.ok(isBinary(buffer));
  const { header, payloadAt, payload } = parts(buffer);
  assert.equal(payloadAt % 4, 0);
  assert.deepEqual(header, {
    type: "step",
    id: 7,
    w: { $f32: 0, shape: [2, 3] },
    b: { $f32: 6, shape: [2] },
    flags: { $f32: 8, shape: [2] },
  });
  assert.deepEqual([...payload], [1, 2, 3, 4, 5, 6, 0.5, -1, 1, 0]);
  assert.equal(buffer.byteLength, payloadAt + 10 * 4);
});

test("decoding gives tensors whose values are the float32s, read in place", () => {
  const values = [0.1, -1 / 3, 1e-30, 3.4e38, 0, 123456.789, Math.PI];
  const buffer = encodeBinary({ type: "step_result", weights: { a: Floats.of([values, values]) }, loss: 0.25 });
  const msg = decodeBinary(buffer);
  assert.equal(msg.loss, 0.25);
  assert.deepEqual(msg.weights.a.shape, [2, 7]);
  assert.ok(msg.weights.a.values instanceof Float32Array);
  assert.equal(msg.weights.a.values.buffer, buffer, "a view of the frame, no copy");
  assert.deepEqual([...msg.weights.a.values], [...values, ...values].map(Math.fround));
});

test("decoding rejects what is not a well-formed frame", () => {
  assert.throws(() => decodeBinary(new TextEncoder().encode('{"type": "hello"}').buffer));
  const cut = encodeBinary({ a: Floats.of([1, 2, 3]) }).slice(0, -4);
  assert.throws(() => decodeBinary(cut), /out of range/);
  const bytes = new Uint8Array(encodeBinary({ a: 1 }));
  new DataView(bytes.buffer).setUint32(4, 9999, true);
  assert.throws(() => decodeBinary(bytes.buffer), /shorter/);
});

test("a wire request's weights, optimizer buffers and data columns go to the payload", () => {
  const request = {
    type: "step",
    config: { architecture: [2, 2] },
    weights: { layer_0_weights: toTensor([[1, 2], [3, 4]], "w"), layer_0_bias: [5, 6] },
    optimizer: { type: "adam", t: 3, buffers: { layer_0_bias: { exp_avg: toTensor([1, 1], "m"), exp_avg_sq: [2, 2] } } },
    data: { x: [0.5], y: [-0.5], label: [1], test: [true] },
  };
  const { header, payload } = parts(encodeBinary(binaryRequest(request)));
  assert.deepEqual(header.config, { architecture: [2, 2] }, "config stays JSON");
  assert.deepEqual(header.weights.layer_0_weights, { $f32: 0, shape: [2, 2] });
  assert.deepEqual(header.optimizer.buffers.layer_0_bias.exp_avg_sq, { $f32: 8, shape: [2] });
  assert.equal(header.optimizer.t, 3);
  assert.deepEqual(header.data.test, { $f32: 13, shape: [1] });
  assert.deepEqual([...payload], [1, 2, 3, 4, 5, 6, 1, 1, 2, 2, 0.5, -0.5, 1, 1]);
  const withoutOptimizer = parts(encodeBinary(binaryRequest({ ...request, optimizer: null }))).header;
  assert.equal(withoutOptimizer.optimizer, null);
});

test("the JSON encoding: tensors go as nested arrays of the exact float32s, and come back as tensors", () => {
  const w = toTensor([[0.1, 2]], "w");
  const request = { type: "step", weights: { layer_0_weights: w, layer_0_bias: toTensor([0], "b") }, optimizer: { type: "sgd", t: 0, buffers: {} } };
  const sent = JSON.parse(JSON.stringify(jsonRequest(request)));
  assert.deepEqual(sent.weights, { layer_0_weights: [[Math.fround(0.1), 2]], layer_0_bias: [0] });
  assert.equal(Math.fround(sent.weights.layer_0_weights[0][0]), w.values[0]);
  assert.deepEqual(sent.optimizer, { type: "sgd", t: 0, buffers: {} });
  const reply = tensorsOf({ type: "step_result", weights: sent.weights, optimizer: { type: "adam", t: 1, buffers: { b: { exp_avg: [1] } } } });
  assert.ok(isTensor(reply.weights.layer_0_weights) && isTensor(reply.optimizer.buffers.b.exp_avg));
  assert.deepEqual([...reply.weights.layer_0_weights.values], [...w.values]);
  assert.deepEqual(tensorsOf({ type: "error", code: "x" }), { type: "error", code: "x" });
});
