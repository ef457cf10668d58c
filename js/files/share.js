// @ts-check
/**
 * Share links: the state document (files.js) without optimizer state and history, compressed
 * with the browser's own deflate (CompressionStream "deflate-raw") into the URL's fragment,
 * `#nnvisu=1.<base64url>`. Browsers never send a fragment to a server, so a shared state stays
 * out of every server's logs.
 *
 * A link is at most MAX_LINK characters, the page's address included. Browsers take URLs of
 * megabytes, but a link is pasted into chats, mails and documents and passes tools of all
 * kinds; 8,000 is the length the HTTP standard recommends that everything handling a URI
 * supports (RFC 9110, section 4.1), so a link within it is no surprise anywhere.
 */

import { ValidationError, fail } from "../settings/check.js";
import { documentOf } from "./files.js";

/** @typedef {import("./files.js").Session} Session */

export const LINK_PREFIX = "#nnvisu=";
export const LINK_VERSION = 1;
export const MAX_LINK = 8000;
/** A link's document is never larger than this uncompressed (a link that inflates beyond is refused). */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/**
 * @param {Uint8Array<ArrayBuffer>} bytes
 * @param {"CompressionStream" | "DecompressionStream"} kind
 * @param {number} [max] bytes out at most
 */
async function through(bytes, kind, max = Infinity) {
  const stream = new Blob([bytes]).stream().pipeThrough(kind === "CompressionStream" ? new CompressionStream("deflate-raw") : new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  /** @type {Uint8Array[]} */
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      fail(`it holds more than ${max} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** @param {Uint8Array} bytes */
export function toBase64Url(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** @param {string} text */
export function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) fail("it is not base64url text (cut short or changed?)");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * The fragment of a document.
 * @param {unknown} doc
 */
export async function fragmentOf(doc) {
  const packed = await through(new TextEncoder().encode(JSON.stringify(doc)), "CompressionStream");
  return `${LINK_PREFIX}${LINK_VERSION}.${toBase64Url(packed)}`;
}

/**
 * The fragment that shares a session: with its weights when they fit in `max` characters,
 * else its settings and points only (`weights` false); fails when even those do not fit.
 * @param {Session} session
 * @param {number} max characters the fragment may take (MAX_LINK less the page's address)
 * @returns {Promise<{fragment: string, weights: boolean}>}
 */
export async function shareFragment(session, max) {
  const full = await fragmentOf(documentOf(session, { training: false, float32Points: true }, "nnvisu link"));
  if (full.length <= max && session.weights) return { fragment: full, weights: true };
  const light = await fragmentOf(documentOf(session, { weights: false, float32Points: true }, "nnvisu link"));
  if (light.length > max) fail(`the points and settings alone take ${light.length} characters, more than the ${max} a link may hold here: use Export instead`);
  return { fragment: light, weights: false };
}

/**
 * The document in a fragment; null for a fragment that is not a share link (no `#nnvisu=`),
 * which the page leaves alone. Fails naming what is wrong with a damaged or foreign link.
 * @param {string} hash location.hash
 * @returns {Promise<unknown>}
 */
export async function readFragment(hash) {
  if (!hash.startsWith(LINK_PREFIX)) return null;
  const body = hash.slice(LINK_PREFIX.length);
  const dot = body.indexOf(".");
  const version = dot < 0 ? "" : body.slice(0, dot);
  if (version !== String(LINK_VERSION)) {
    fail(/^\d+$/.test(version) ? `it is a link of version ${version}; this nnvisu reads version ${LINK_VERSION}` : "it has no version (cut short or changed?)");
  }
  let bytes;
  try {
    bytes = await through(fromBase64Url(body.slice(dot + 1)), "DecompressionStream", MAX_INFLATED_BYTES);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    fail("its data does not unpack (cut short or changed?)");
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    fail("its data is not an nnvisu state");
  }
}
