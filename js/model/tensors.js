// @ts-check
/**
 * Weights and optimizer buffers in memory: every parameter is a Tensor, its float32 values in
 * a Float32Array, row-major, with its shape. Hosts deliver parameters in three forms: nested
 * arrays (JSON, localStorage), binary buffers `{shape, dtype: "float32", buffer}` (a Jupyter
 * kernel's traits) and tensors (the page's connection, which decodes the binary encoding
 * straight into them). `toTensor` takes any of them; `toNested` writes nested arrays where
 * text is needed (localStorage, the JSON encoding, history snapshots, weights the front end
 * sends to a host).
 */

import { fail, isObject } from "../settings/check.js";

/** @typedef {{shape: number[], values: Float32Array}} Tensor */
/** @typedef {Record<string, Tensor>} Tensors */
/** @typedef {number[] | number[][]} Nested */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Powers of ten that doubles hold exactly. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * @param {unknown} v
 * @returns {v is Tensor}
 */
export function isTensor(v) {
  return isObject(v) && v.values instanceof Float32Array && Array.isArray(v.shape);
}

/**
 * One parameter as a tensor, from whichever form it came in; a tensor is returned as it is.
 * @param {unknown} value
 * @param {string} name for messages
 * @returns {Tensor}
 */
export function toTensor(value, name) {
  if (isTensor(value)) return value;
  if (Array.isArray(value)) return fromNested(value, name);
  if (isObject(value) && "buffer" in value) return fromBuffer(value, name);
  fail(`${name} must be an array of numbers`);
}

/**
 * Every entry of `value` as a tensor. The same object comes back when all already are, so
 * identity keeps meaning "the same weights".
 * @param {unknown} value
 * @param {string} what for messages
 * @returns {Tensors}
 */
export function toTensors(value, what = "weights") {
  if (!isObject(value)) fail(`${what} must be an object`);
  if (Object.values(value).every(isTensor)) return /** @type {Tensors} */ (value);
  /** @type {Tensors} */
  const out = {};
  for (const [name, v] of Object.entries(value)) out[name] = toTensor(v, name);
  return out;
}

/**
 * @param {any[]} nested
 * @param {string} name
 * @returns {Tensor}
 */
function fromNested(nested, name) {
  if (!nested.length || !Array.isArray(nested[0])) {
    const values = Float32Array.from(nested);
    checkValues(nested, values, name);
    return { shape: [nested.length], values };
  }
  const cols = nested[0].length;
  const values = new Float32Array(nested.length * cols);
  nested.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== cols) fail(`${name} must have rows of ${cols} numbers`);
    checkValues(row, values.subarray(r * cols, (r + 1) * cols), name);
    values.set(row, r * cols);
  });
  return { shape: [nested.length, cols], values };
}

/**
 * Plain numbers only (Float32Array.from would take "1" or true), finite as float32.
 * @param {any[]} given
 * @param {Float32Array} values the float32 values of `given`, or where they go
 * @param {string} name
 */
function checkValues(given, values, name) {
  for (let i = 0; i < given.length; i++) {
    const v = given[i];
    if (typeof v !== "number" || !Number.isFinite(Math.fround(v))) fail(`${name} must hold finite numbers`);
  }
  return values;
}

/**
 * @param {Record<string, unknown>} value
 * @param {string} name
 * @returns {Tensor}
 */
function fromBuffer(value, name) {
  const { shape, dtype, buffer } = value;
  if (dtype !== "float32") fail(`${name}: dtype must be float32, got ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`${name}: shape must list sizes`);
  const size = shape.reduce((a, b) => a * b, 1);
  /** @type {ArrayBufferLike} */
  let bytes;
  let offset = 0;
  if (buffer instanceof ArrayBuffer) {
    bytes = buffer;
  } else if (ArrayBuffer.isView(buffer)) {
    bytes = buffer.buffer;
    offset = buffer.byteOffset;
    if (buffer.byteLength !== size * 4) fail(`${name}: ${buffer.byteLength} bytes do not hold ${size} float32 values`);
  } else {
    fail(`${name}: buffer must be binary`);
  }
  if (bytes.byteLength - offset < size * 4) fail(`${name}: the buffer is shorter than its shape`);
  /** @type {Float32Array} */
  let values;
  if (LITTLE_ENDIAN && offset % 4 === 0) {
    values = new Float32Array(bytes, offset, size);
  } else {
    const view = new DataView(bytes, offset, size * 4);
    values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = view.getFloat32(4 * i, true);
  }
  return { shape: [...shape], values };
}

/**
 * The float32 `v` rounded to 9 significant digits (enough to give back the same float32), as a
 * number whose text is at most that long: what toPrecision(9) gives, without its cost. The
 * digits come from one rounding of v scaled by an exact power of ten, and the number from one
 * exact division or multiplication, so it is the double nearest those digits.
 * @param {number} v
 */
export function compactFloat(v) {
  const a = Math.abs(v);
  if (!(a >= 1e-13 && a < 1e13)) return +v.toPrecision(9); // 0, tiny, huge: the exact way
  let k = 8 - Math.floor(Math.log10(a));
  const digits = () => Math.round(k >= 0 ? a * POW10[k] : a / POW10[-k]);
  let m = digits();
  // log10 can land one off next to a power of ten: then there are 10 or 8 digits.
  if (m >= 1e9) {
    k--;
    m = digits();
  } else if (m < 1e8) {
    k++;
    m = digits();
  }
  const r = k >= 0 ? m / POW10[k] : m * POW10[-k];
  return v < 0 ? -r : r;
}

/**
 * The float32 `v` with the fewest significant digits that give back the same float32, as a
 * number whose text is that short (outside 1e-13..1e13, as compactFloat). Fewer digits read
 * back the same float32 only if more do, so the search goes down from 8 until one fails.
 * @param {number} v
 */
export function shortestFloat(v) {
  const a = Math.abs(v);
  if (!(a >= 1e-13 && a < 1e13)) return compactFloat(v);
  // Scale of 9 digits; as in compactFloat, log10 may be one off, which only costs a digit.
  const k9 = 8 - Math.floor(Math.log10(a));
  let r = roundedTo(a, k9 - 1);
  if (Math.fround(r) !== a) {
    r = Math.abs(compactFloat(v));
  } else {
    for (let k = k9 - 2; k >= k9 - 8; k--) {
      const s = roundedTo(a, k);
      if (Math.fround(s) !== a) break;
      r = s;
    }
  }
  return v < 0 ? -r : r;
}

/**
 * `a` rounded to `k` decimals (k < 0: to a multiple of 10^-k), as the double nearest them.
 * @param {number} a
 * @param {number} k
 */
function roundedTo(a, k) {
  return k >= 0 ? Math.round(a * POW10[k]) / POW10[k] : Math.round(a / POW10[-k]) * POW10[-k];
}

/**
 * A tensor as nested arrays of numbers. `compact` writes each float32 with at most 9
 * significant digits, enough to give back the same float32, so stored text stays short.
 * @param {Tensor} t
 * @param {boolean} [compact]
 * @returns {Nested}
 */
export function toNested(t, compact = false) {
  const v = t.values;
  /** @param {number} from @param {number} to */
  const row = (from, to) => {
    const out = new Array(to - from);
    if (compact) for (let i = from; i < to; i++) out[i - from] = compactFloat(v[i]);
    else for (let i = from; i < to; i++) out[i - from] = v[i];
    return out;
  };
  if (t.shape.length === 1) return row(0, v.length);
  if (t.shape.length !== 2) fail(`only vectors and matrices have nested forms, not shape ${t.shape}`);
  const [rows, cols] = t.shape;
  return Array.from({ length: rows }, (_, r) => row(r * cols, (r + 1) * cols));
}

/**
 * Every entry as nested arrays (any form in, via toTensor).
 * @param {Record<string, unknown>} value
 * @param {boolean} [compact]
 * @returns {Record<string, Nested>}
 */
export function nestedOf(value, compact = false) {
  /** @type {Record<string, Nested>} */
  const out = {};
  for (const [name, v] of Object.entries(value)) out[name] = toNested(toTensor(v, name), compact);
  return out;
}

/**
 * Optimizer state with its buffers mapped by `f` (type and t kept); null stays null.
 * @template T
 * @param {any} optimizer
 * @param {(value: unknown, name: string) => T} f
 * @returns {any}
 */
export function mapBuffers(optimizer, f) {
  if (!isObject(optimizer) || !isObject(optimizer.buffers)) return optimizer;
  /** @type {Record<string, Record<string, T>>} */
  const buffers = {};
  for (const [param, bufs] of Object.entries(optimizer.buffers)) {
    if (!isObject(bufs)) fail(`optimizer.buffers.${param} must be an object`);
    buffers[param] = {};
    for (const [kind, v] of Object.entries(bufs)) buffers[param][kind] = f(v, `optimizer.buffers.${param}.${kind}`);
  }
  return { ...optimizer, buffers };
}

/**
 * The output size of weights in any form: the length of the last layer's bias.
 * @param {unknown} weights
 * @param {number} layers number of layers
 * @returns {number | null}
 */
export function outputSize(weights, layers) {
  if (!isObject(weights)) return null;
  const b = weights[`layer_${layers - 1}_bias`];
  if (isTensor(b)) return b.shape[0];
  if (Array.isArray(b)) return b.length;
  if (isObject(b) && Array.isArray(b.shape)) return Number(b.shape[0]);
  return null;
}
