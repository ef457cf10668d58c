// @ts-check
/**
 * The model as a PyTorch file, made by the server: the `export` message on /ws (docs/protocol.md)
 * carries the config and weights and is checked as a training request is; the reply holds the
 * `.pt` file (base64) and the Python snippet that rebuilds the model from it. It goes on a
 * WebSocket of its own, so the training connection keeps its one request on the wire.
 */

import { fail } from "../settings/check.js";
import { nestedOf } from "../model/tensors.js";

/** @typedef {{filename: string, bytes: Uint8Array<ArrayBuffer>, snippet: string}} TorchFile */

export const EXPORT_TIMEOUT_MS = 30_000;

/**
 * @param {string} url the /ws URL
 * @param {{config: Record<string, any>, weights: Record<string, any>, step: number}} state
 * @param {(url: string) => WebSocket} [open]
 * @returns {Promise<TorchFile>}
 */
export function requestTorchFile(url, state, open = (u) => new WebSocket(u)) {
  const id = `export-${Date.now()}`;
  const request = { type: "export", id, config: state.config, weights: nestedOf(state.weights, true), step: state.step };
  return new Promise((resolve, reject) => {
    const ws = open(url);
    const done = (/** @type {() => void} */ settle) => {
      clearTimeout(timer);
      ws.onclose = ws.onerror = ws.onmessage = null;
      ws.close();
      settle();
    };
    const timer = setTimeout(() => done(() => reject(new Error("the server did not answer in time"))), EXPORT_TIMEOUT_MS);
    ws.onerror = () => done(() => reject(new Error("the server cannot be reached")));
    ws.onclose = () => done(() => reject(new Error("the server closed the connection")));
    ws.onmessage = (ev) => {
      /** @type {any} */
      let msg;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return done(() => reject(new Error("the server's reply is not JSON")));
      }
      if (msg?.type === "hello") {
        ws.send(JSON.stringify(request));
      } else if (msg?.id === id && msg.type === "export_result") {
        done(() => resolve({ filename: String(msg.filename), bytes: fromBase64(String(msg.file)), snippet: String(msg.snippet) }));
      } else if (msg?.type === "error") {
        done(() => reject(new Error(String(msg.message))));
      }
    };
  });
}

/** @param {string} text */
function fromBase64(text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    fail("the server's file is not base64");
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
