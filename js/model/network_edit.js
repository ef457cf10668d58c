// @ts-check
/**
 * Edits of the network as pure functions: one weight or bias set by hand, a neuron added to or
 * removed from a hidden layer. Weights come in any form a host sends (tensors.js) and go back
 * as nested arrays, the form the front end writes (docs/protocol.md).
 */

import { fail } from "../settings/check.js";
import { hiddenOf } from "../views/controls.js";
import { nestedOf } from "./tensors.js";

/** @typedef {import("../views/graph.js").ParamRef} ParamRef */

/** A weight typed by hand is at most this large: beyond it every unit saturates anyway. */
export const MAX_EDITED_WEIGHT = 1000;

/**
 * A weight or bias as typed into the editor.
 * @param {string} text
 */
export function readWeight(text) {
  const t = text.trim().replace("\u2212", "-");
  const v = Number(t);
  if (!t || !Number.isFinite(v)) fail(`A weight must be a number, not ${JSON.stringify(text)}`);
  if (Math.abs(v) > MAX_EDITED_WEIGHT) fail(`A weight must be between -${MAX_EDITED_WEIGHT} and ${MAX_EDITED_WEIGHT}, got ${v}`);
  return v;
}

/**
 * The weights with one parameter set to `value` (as float32), all as nested arrays.
 * @param {unknown} weights
 * @param {ParamRef} p
 * @param {number} value
 */
export function withParam(weights, p, value) {
  const out = nestedOf(/** @type {Record<string, unknown>} */ (weights));
  const v = Math.fround(value);
  if (p.from === null) {
    const b = /** @type {number[] | undefined} */ (out[`layer_${p.layer}_bias`]);
    if (!b || p.out >= b.length) fail(`there is no neuron ${p.out + 1} in layer ${p.layer + 1}`);
    b[p.out] = v;
  } else {
    const row = /** @type {number[][] | undefined} */ (out[`layer_${p.layer}_weights`])?.[p.out];
    if (!row || p.from >= row.length) fail(`there is no weight from ${p.from + 1} to ${p.out + 1} in layer ${p.layer + 1}`);
    row[p.from] = v;
  }
  return out;
}

/**
 * The architecture with one neuron more (`delta` 1) or less (-1) in hidden layer `layer`.
 * @param {{architecture: number[]}} config
 * @param {number} layer index among the hidden layers
 * @param {1 | -1} delta
 * @param {{maxNeurons: number}} bounds
 */
export function withNeuronsChanged(config, layer, delta, bounds) {
  const sizes = hiddenOf(config);
  if (layer < 0 || layer >= sizes.length) fail(`There is no hidden layer ${layer + 1}`);
  const n = sizes[layer] + delta;
  if (n < 1) fail(`Hidden layer ${layer + 1} keeps at least one neuron (− layer removes a layer)`);
  if (n > bounds.maxNeurons) fail(`Hidden layer ${layer + 1} is at this host's limit of ${bounds.maxNeurons} neurons`);
  const arch = [...config.architecture];
  arch[layer + 1] = n;
  return arch;
}
