// @ts-check
/**
 * Float32 tensors as short text, for browser storage: the little-endian float32 bytes in
 * base32768 (15 bits per UTF-16 code unit; the `base32768` package's alphabet). Browsers count
 * localStorage in UTF-16 code units, so this is 2.5 times shorter than base64.
 *
 * The package encodes bit by bit and decodes through an object lookup, too slow for the
 * largest networks on the page's thread (bench/storage_size.mjs), so whole 15-byte groups (8
 * code units) go through tables built once from the package's own output; the last partial
 * group goes through the package itself.
 */

import { decode as b32kDecode, encode as b32kEncode } from "base32768";
import { fail, isObject } from "../settings/check.js";
import { toTensor } from "./tensors.js";

/** @typedef {import("./tensors.js").Tensor} Tensor */
/** A tensor as stored: its shape and its float32 values, packed. @typedef {{shape: number[], float32: string}} Packed */

const GROUP_BYTES = 15;
const GROUP_UNITS = 8;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** @type {{toUnit: Uint16Array, toValue: Int32Array} | null} */
let tables = null;

/** The code unit of every 15-bit value and back, from one call of the package. */
function alphabet() {
  if (tables) return tables;
  // Every 15-bit value once, in order: 32768 x 15 bits = 4096 whole groups.
  const bytes = new Uint8Array((32768 * 15) / 8);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let z = 0; z < 32768; z++) {
    acc = (acc << 15) | z;
    bits += 15;
    while (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >>> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  const text = b32kEncode(bytes);
  const toUnit = new Uint16Array(32768);
  const toValue = new Int32Array(65536).fill(-1);
  for (let z = 0; z < 32768; z++) {
    const unit = text.charCodeAt(z);
    toUnit[z] = unit;
    toValue[unit] = z;
  }
  tables = { toUnit, toValue };
  return tables;
}

/**
 * Bytes as base32768 text.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function packBytes(bytes) {
  const { toUnit } = alphabet();
  const whole = bytes.length - (bytes.length % GROUP_BYTES);
  const units = new Uint16Array((whole / GROUP_BYTES) * GROUP_UNITS);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < whole; i++) {
    acc = (acc << 8) | bytes[i];
    bits += 8;
    if (bits >= 15) {
      bits -= 15;
      units[o++] = toUnit[(acc >>> bits) & 0x7fff];
      acc &= (1 << bits) - 1;
    }
  }
  return unitsText(units) + b32kEncode(bytes.subarray(whole));
}

/**
 * The bytes of base32768 text.
 * @param {string} text
 * @param {string} name for messages
 * @returns {Uint8Array}
 */
export function unpackBytes(text, name) {
  const { toValue } = alphabet();
  // The package's own tail is at most one group long; everything before it is whole groups.
  const whole = Math.max(0, Math.floor((text.length - 1) / GROUP_UNITS) * GROUP_UNITS);
  let tail;
  try {
    tail = b32kDecode(text.slice(whole));
  } catch (e) {
    fail(`${name} is not base32768 text (${e instanceof Error ? e.message : e})`);
  }
  const out = new Uint8Array((whole / GROUP_UNITS) * GROUP_BYTES + tail.length);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < whole; i++) {
    const z = toValue[text.charCodeAt(i)];
    if (z < 0) fail(`${name} is not base32768 text (character ${i})`);
    acc = (acc << 15) | z;
    bits += 15;
    while (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  out.set(tail, o);
  return out;
}

/** @param {Uint16Array} units */
function unitsText(units) {
  const parts = [];
  // Chunks keep the argument count of fromCharCode well below engine limits.
  for (let i = 0; i < units.length; i += 8192) parts.push(String.fromCharCode.apply(null, /** @type {any} */ (units.subarray(i, i + 8192))));
  return parts.join("");
}

/**
 * A parameter in any form (tensors.js) as stored text.
 * @param {unknown} value
 * @param {string} name
 * @returns {Packed}
 */
export function packTensor(value, name) {
  const t = toTensor(value, name);
  const v = t.values;
  let bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (!LITTLE_ENDIAN) {
    const view = new DataView(new ArrayBuffer(v.byteLength));
    v.forEach((x, i) => view.setFloat32(4 * i, x, true));
    bytes = new Uint8Array(view.buffer);
  }
  return { shape: [...t.shape], float32: packBytes(bytes) };
}

/**
 * @param {unknown} value
 * @returns {value is Packed}
 */
export function isPacked(value) {
  return isObject(value) && typeof value.float32 === "string";
}

/**
 * A stored parameter as a tensor; anything else toTensor takes (nested arrays written by hand)
 * is read as such.
 * @param {unknown} value
 * @param {string} name
 * @returns {Tensor}
 */
export function unpackTensor(value, name) {
  if (!isPacked(value)) return toTensor(value, name);
  const bytes = unpackBytes(value.float32, name);
  if (bytes.length % 4) fail(`${name}: ${bytes.length} bytes are not float32 values`);
  // A copy into a fresh buffer: aligned, and the tensor owns it.
  const tensor = toTensor({ shape: value.shape, dtype: "float32", buffer: bytes.slice().buffer }, name);
  if (tensor.values.length !== bytes.length / 4) fail(`${name}: shape ${JSON.stringify(value.shape)} does not hold ${bytes.length / 4} values`);
  for (const x of tensor.values) if (!Number.isFinite(x)) fail(`${name} must hold finite numbers`);
  return tensor;
}
