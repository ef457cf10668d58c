// Reads cases from the JSON file named on the command line, runs the JS forward pass on each
// and prints the hidden activations and softmax probabilities as JSON (for
// tests/test_forward_parity.py, which compares them with the PyTorch forward pass). A case
// with `picks` also gets the hidden-space view's positions (hidden_space.js) for each pick.
import { readFileSync } from "node:fs";
import { compileNetwork, forwardBatch } from "../model/forward.js";
import { hiddenSpace } from "../model/hidden_space.js";

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = cases.map((c) => {
  const net = compileNetwork(c.weights);
  const res = forwardBatch(net, c.features, c.activation, c.x, c.y);
  // Row-major (point by point), as the test reads them; forwardBatch keeps them neuron-major.
  const hidden = res.hidden.map((h) => {
    const size = h.length / res.n;
    return Array.from({ length: h.length }, (_, k) => h[(k % size) * res.n + Math.floor(k / size)]);
  });
  const spaces = (c.picks ?? []).map((/** @type {any} */ pick) => {
    const s = hiddenSpace(net, c.features, c.activation, c, pick, { work: c.work });
    const list = (/** @type {ArrayLike<number>} */ a) => Array.from(a);
    return {
      index: list(s.index),
      fit: list(s.fit),
      samples: s.samples,
      px: list(s.px),
      py: list(s.py),
      gx: list(s.gx),
      gy: list(s.gy),
      pca: s.pca && { mean: list(s.pca.mean), axes: s.pca.axes.map(list), variances: s.pca.variances },
    };
  });
  return { hidden, probs: Array.from(res.probs), spaces };
});
process.stdout.write(JSON.stringify(out));
