// @ts-check
// Shared by the unit tests: the default host's settings schema (js/tests/fixtures/schema.json,
// which tests/test_schema.py keeps equal to `python -m nnvisu.core.schema`), and random configs
// drawn from it.
import { readFileSync } from "node:fs";
import { readSchema } from "../settings/settings.js";

/** @type {any} the schema as a host sends it */
export const SCHEMA_JSON = JSON.parse(readFileSync(new URL("./fixtures/schema.json", import.meta.url), "utf8"));
export const SCHEMA = readSchema(SCHEMA_JSON);

/**
 * A seeded uniform source in [0, 1) (a linear congruential generator: enough for drawing test
 * cases reproducibly).
 * @param {number} seed
 */
export function random(seed) {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/**
 * A config the host accepts, every setting drawn at random within the schema's bounds
 * (numbers log-uniform where the range spans decades, so small and large values both come up).
 * @param {() => number} rand
 * @param {import("../settings/settings.js").HostSchema} [schema]
 */
export function randomConfig(rand, schema = SCHEMA) {
  const pick = (/** @type {any[]} */ list) => list[Math.floor(rand() * list.length)];
  const int = (/** @type {number} */ lo, /** @type {number} */ hi) => lo + Math.floor(rand() * (hi - lo + 1));
  /** @type {Record<string, any>} */
  const config = {};
  for (const s of schema.settings) {
    const lo = s.min ?? 0;
    const hi = s.max ?? 1;
    if (s.type === "choice") config[s.wire] = pick(s.choices ?? []);
    else if (s.type === "features") config[s.wire] = (s.choices ?? []).filter(() => rand() < 0.5).concat().sort(() => rand() - 0.5);
    else if (s.type === "int") config[s.wire] = rand() < 0.3 ? pick([lo, hi]) : int(lo, Math.min(hi, lo + 1000));
    else if (s.type === "float") {
      const floor = s.minExclusive ? Math.max(lo, 1e-6) : lo;
      config[s.wire] = hi / Math.max(floor, 1e-6) > 1e3 ? Math.exp(Math.log(Math.max(floor, 1e-6)) + rand() * (Math.log(hi) - Math.log(Math.max(floor, 1e-6)))) : floor + rand() * (hi - floor);
    }
  }
  if (!config.features.length) config.features = [pick(schema.byWire.features.choices ?? [])];
  const arch = schema.architecture;
  const hidden = Array.from({ length: int(0, arch.maxHiddenLayers) }, () => int(1, arch.maxNeurons));
  const outputs = config.problem === "regression" ? (arch.regressionOutputs ?? 1) : int(arch.minClasses, arch.maxClasses);
  config.architecture = [config.features.length, ...hidden, outputs];
  return config;
}

/**
 * An in-memory Storage that counts as browsers do (UTF-16 code units of keys and values):
 * beyond `quota` setItem throws a QuotaExceededError, and so it does for the keys in `refuse`.
 */
export class FakeStorage {
  /** @param {number} [quota] */
  constructor(quota = Infinity) {
    /** @type {Map<string, string>} */
    this.map = new Map();
    this.quota = quota;
    /** @type {Set<string>} */
    this.refuse = new Set();
  }
  get length() {
    return this.map.size;
  }
  /** @param {number} i */
  key(i) {
    return [...this.map.keys()][i] ?? null;
  }
  /** @param {string} k */
  getItem(k) {
    return this.map.get(k) ?? null;
  }
  /** @param {string} k @param {string} v */
  setItem(k, v) {
    if (this.refuse.has(k) || this.used(k) + k.length + v.length > this.quota) {
      const e = new Error("quota");
      e.name = "QuotaExceededError";
      throw e;
    }
    this.map.set(k, v);
  }
  /** Code units stored, except under `but`. @param {string} [but] */
  used(but) {
    let n = 0;
    for (const [k, v] of this.map) if (k !== but) n += k.length + v.length;
    return n;
  }
  /** @param {string} k */
  removeItem(k) {
    this.map.delete(k);
  }
  clear() {
    this.map.clear();
  }
}
