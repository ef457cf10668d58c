// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { binaryRequest } from "../connection.js";
import { Floats, MAGIC, decodeBinary, encodeBinary, isBinary } from "../wire.js";

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

test("decoding restores nested arrays whose values are the float32s, in at most 9 digits", () => {
  const values = [0.1, -1 / 3, 1e-30, 3.4e38, 0, 123456.789, Math.PI];
  const buffer = encodeBinary({ type: "step_result", weights: { a: Floats.of([values, values]) }, loss: 0.25 });
  const msg = decodeBinary(buffer);
  assert.equal(msg.loss, 0.25);
  assert.equal(msg.weights.a.length, 2);
  for (const row of msg.weights.a) {
    row.forEach((/** @type {number} */ v, /** @type {number} */ i) => {
      assert.equal(Math.fround(v), Math.fround(values[i]), `value ${i} is the float32`);
      assert.ok(String(v).replace(/^-|e.*$|\./g, "").replace(/^0+/, "").length <= 9, String(v));
    });
  }
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
    weights: { layer_0_weights: [[1, 2], [3, 4]], layer_0_bias: [5, 6] },
    optimizer: { type: "adam", t: 3, buffers: { layer_0_bias: { exp_avg: [1, 1], exp_avg_sq: [2, 2] } } },
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
