// For the browser tests (tests/browser_support.py data_sets()), which follow the data set
// registry instead of listing the sets again: prints, per data set, its name, label, problem,
// the class count it always makes (or null) and, for a boundary, its curve y = f(x) sampled
// every 0.01 over the default plane's x range [-6, 6].
import { DATA_SETS } from "../data/datasets.js";

const xs = Array.from({ length: 1201 }, (_, i) => -6 + i / 100);
process.stdout.write(
  JSON.stringify(
    DATA_SETS.map((d) => ({
      name: d.name,
      label: d.label,
      problem: d.problem,
      classes: (d.problem === "classification" && d.classes) || null,
      curve: d.problem === "classification" && d.curve ? xs.map((x) => [x, /** @type {(x: number) => number} */ (d.curve)(x)]) : null,
    })),
  ),
);
