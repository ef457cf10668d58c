// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { compactFloat, isTensor, mapBuffers, nestedOf, outputSize, shortestFloat, toNested, toTensor, toTensors } from "../model/tensors.js";

test("nested arrays become float32 tensors with their shape", () => {
  const t = toTensor([[0.1, 2], [3, -4]], "w");
  assert.deepEqual(t.shape, [2, 2]);
  assert.ok(t.values instanceof Float32Array);
  assert.deepEqual([...t.values], [Math.fround(0.1), 2, 3, -4]);
  assert.deepEqual(toTensor([1, 2, 3], "b").shape, [3]);
  assert.deepEqual(toTensor([], "b").shape, [0]);
  assert.equal(toTensor(t, "w"), t, "a tensor is taken as it is");
});

test("a kernel's binary buffers become tensors, read in place where aligned", () => {
  const floats = new Float32Array([9, 1, 2, 3, 4, 5, 6]);
  const aligned = toTensor({ shape: [2, 3], dtype: "float32", buffer: new DataView(floats.buffer, 4, 24) }, "w");
  assert.deepEqual([...aligned.values], [1, 2, 3, 4, 5, 6]);
  assert.equal(aligned.values.buffer, floats.buffer, "no copy");
  // The same floats one byte off a multiple of 4, as a message may deliver them.
  const bytes = new Uint8Array(1 + 24);
  bytes.set(new Uint8Array(floats.buffer, 4, 24), 1);
  const shifted = toTensor({ shape: [6], dtype: "float32", buffer: new DataView(bytes.buffer, 1, 24) }, "b");
  assert.deepEqual([...shifted.values], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...toTensor({ shape: [1], dtype: "float32", buffer: new Float32Array([7]).buffer }, "c").values], [7]);
});

test("what cannot be a parameter is named", () => {
  /** @type {[unknown, RegExp][]} */
  const cases = [
    ["1, 2", /w must be an array of numbers/],
    [[[1, 2], [3]], /w must have rows of 2 numbers/],
    [[1, "2"], /w must hold finite numbers/],
    [[1, true], /finite numbers/],
    [[1e39], /finite numbers/],
    [[[1, NaN]], /finite numbers/],
    [{ shape: [2], dtype: "float64", buffer: new ArrayBuffer(16) }, /dtype must be float32/],
    [{ shape: [3], dtype: "float32", buffer: new DataView(new ArrayBuffer(8)) }, /8 bytes do not hold 3 float32 values/],
    [{ shape: [3], dtype: "float32", buffer: new ArrayBuffer(8) }, /shorter than its shape/],
    [{ shape: ["a"], dtype: "float32", buffer: new ArrayBuffer(8) }, /shape must list sizes/],
    [{ shape: [2], dtype: "float32", buffer: [1, 2] }, /buffer must be binary/],
  ];
  for (const [value, pattern] of cases) assert.throws(() => toTensor(value, "w"), pattern, JSON.stringify(value));
});

test("a map that is all tensors is the same object; others are converted", () => {
  const all = { a: toTensor([1], "a"), b: toTensor([[2]], "b") };
  assert.equal(toTensors(all), all);
  const mixed = toTensors({ a: [1, 2], b: all.b });
  assert.ok(isTensor(mixed.a) && mixed.b === all.b);
  assert.throws(() => toTensors(null), /weights must be an object/);
});

test("nested arrays back: exact, or compact with the same float32s in at most 9 digits", () => {
  const values = [0.1, -1 / 3, 1e-30, 3.4e38, 0, 123456.789, Math.PI];
  const t = toTensor([values, values], "w");
  assert.deepEqual(toNested(t), [[...t.values.subarray(0, 7)], [...t.values.subarray(7)]]);
  const compact = /** @type {number[][]} */ (toNested(t, true));
  compact[0].forEach((v, i) => {
    assert.equal(Math.fround(v), t.values[i], `value ${i} is the float32`);
    assert.ok(String(v).replace(/^-|e.*$|\./g, "").replace(/^0+/, "").length <= 9, String(v));
  });
  assert.deepEqual(nestedOf({ b: [1, 2], w: [[1], [2]] }), { b: [1, 2], w: [[1], [2]] });
  assert.throws(() => toNested({ shape: [1, 1, 1], values: new Float32Array(1) }), /vectors and matrices/);
});

test("optimizer buffers mapped; the output size of weights in any form", () => {
  const opt = { type: "adam", t: 2, buffers: { w: { exp_avg: [1, 2] } } };
  const mapped = mapBuffers(opt, toTensor);
  assert.equal(mapped.t, 2);
  assert.ok(isTensor(mapped.buffers.w.exp_avg));
  assert.equal(mapBuffers(null, toTensor), null);
  assert.equal(outputSize({ layer_1_bias: [0, 0, 0] }, 2), 3);
  assert.equal(outputSize({ layer_1_bias: toTensor([0, 0], "b") }, 2), 2);
  assert.equal(outputSize({ layer_1_bias: { shape: [4], dtype: "float32", buffer: new ArrayBuffer(16) } }, 2), 4);
  assert.equal(outputSize({}, 2), null);
});

test("compact floats: the same float32 back, in at most 9 digits, as toPrecision(9) writes it", () => {
  const f = new Float32Array(1);
  const bits = new Uint32Array(f.buffer);
  let seed = 12345;
  /** @type {number[]} */
  const values = [1, 10, 100, 1e8, 1e9, 1e12, 1e13, 1e-13, 0.001, 1000, 999999.9, 0.1, 3.4e38, 1e-45, 0, -0.5];
  for (let i = 0; i < 200000; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bits[0] = seed;
    if (Number.isFinite(f[0])) values.push(f[0]);
  }
  for (const x of values) {
    const v = Math.fround(x);
    const c = compactFloat(v);
    assert.equal(Math.fround(c), v, `${v} comes back`);
    assert.equal(c, +v.toPrecision(9), `${v} as toPrecision(9)`);
  }
});

test("shortest floats: the same float32 back, in no more digits than the shortest toPrecision that does", () => {
  const f = new Float32Array(1);
  const bits = new Uint32Array(f.buffer);
  let seed = 4242;
  /** @type {number[]} */
  const values = [1, 0.1, -0.4, 1e-13, 9.99999e12, 0.30000001, 1 / 3, 123456.789, 0, -0.5, 1e-45, 3.4e38];
  for (let i = 0; i < 100000; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bits[0] = seed;
    // weights and optimizer state live mostly within 1e-13..1e13, where the result is shortest
    if (Number.isFinite(f[0]) && Math.abs(f[0]) < 1e13 && Math.abs(f[0]) > 1e-13) values.push(f[0]);
  }
  const digits = (/** @type {number} */ x) => String(x).replace(/^-|e.*$|\./g, "").replace(/^0+/, "").replace(/0+$/, "").length || 1;
  for (const x of values) {
    const v = Math.fround(x);
    const s = shortestFloat(v);
    assert.equal(Math.fround(s), v, `${v} comes back`);
    if (!(Math.abs(v) >= 1e-13 && Math.abs(v) < 1e13)) continue;
    let p = 1;
    while (Math.fround(+v.toPrecision(p)) !== v) p++;
    assert.ok(digits(s) <= p, `${v}: ${s} has more than ${p} digits`);
  }
});
