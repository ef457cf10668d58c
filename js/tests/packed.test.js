// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { encode } from "base32768";
import { isPacked, packBytes, packTensor, unpackBytes, unpackTensor } from "../model/packed.js";
import { toTensor } from "../model/tensors.js";
import { random } from "./fixtures.js";

test("bytes pack as the base32768 package writes them, and come back", () => {
  const rand = random(7);
  for (let n = 0; n < 100; n++) {
    const bytes = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
    const text = packBytes(bytes);
    assert.equal(text, encode(bytes), `${n} bytes`);
    assert.deepEqual(unpackBytes(text, "b"), bytes, `${n} bytes back`);
  }
  const big = Uint8Array.from({ length: 100003 }, () => Math.floor(rand() * 256));
  assert.deepEqual(unpackBytes(packBytes(big), "b"), big);
  assert.equal(packBytes(big).length, Math.ceil((big.length * 8) / 15), "15 bits per code unit");
});

test("text that is not base32768 is named", () => {
  assert.throws(() => unpackBytes("abcdefghijklmnopq", "optimizer.buffers.w.m"), /optimizer.buffers.w.m is not base32768 text/);
  assert.throws(() => unpackBytes("a", "x"), /x is not base32768 text/);
});

test("tensors pack bit-exact, shape kept; stored text of other forms is read as such", () => {
  const f = new Float32Array(1000);
  const bits = new Uint32Array(f.buffer);
  const rand = random(3);
  for (let i = 0; i < f.length; i++) {
    do bits[i] = Math.floor(rand() * 2 ** 32);
    while (!Number.isFinite(f[i]));
  }
  f[0] = -0;
  f[1] = 1e-45;
  const packed = packTensor({ shape: [10, 100], values: f }, "w");
  assert.ok(isPacked(packed));
  assert.deepEqual(packed.shape, [10, 100]);
  const back = unpackTensor(JSON.parse(JSON.stringify(packed)), "w");
  assert.deepEqual(back.shape, [10, 100]);
  assert.deepEqual(new Uint32Array(back.values.buffer), bits, "every bit");
  // a view into a larger buffer packs only its own values
  const view = { shape: [2], values: new Float32Array([1, 2, 3, 4]).subarray(1, 3) };
  assert.deepEqual([...unpackTensor(packTensor(view, "v"), "v").values], [2, 3]);
  assert.deepEqual(unpackTensor([[1, 2]], "n"), toTensor([[1, 2]], "n"));
});

test("packed values that do not fit their shape or are not finite are named", () => {
  const packed = packTensor([1, 2, 3], "b");
  assert.throws(() => unpackTensor({ ...packed, shape: [2] }, "b"), /b: shape \[2\] does not hold 3 values/);
  assert.throws(() => unpackTensor({ ...packed, shape: [4] }, "b"), /shorter than its shape/);
  const inf = packTensor({ shape: [1], values: new Float32Array([Infinity]) }, "i");
  assert.throws(() => unpackTensor(inf, "i"), /i must hold finite numbers/);
  assert.throws(() => unpackTensor({ shape: [1], float32: packBytes(new Uint8Array(3)) }, "odd"), /3 bytes are not float32/);
});
