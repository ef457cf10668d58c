// Reads cases from the JSON file named on the command line, runs the JS forward pass on each
// and prints the hidden activations and softmax probabilities as JSON (for
// tests/test_forward_parity.py, which compares them with the PyTorch forward pass).
import { readFileSync } from "node:fs";
import { compileNetwork, forwardBatch } from "../forward.js";

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = cases.map((c) => {
  const res = forwardBatch(compileNetwork(c.weights), c.features, c.activation, c.x, c.y);
  // Row-major (point by point), as the test reads them; forwardBatch keeps them neuron-major.
  const hidden = res.hidden.map((h) => {
    const size = h.length / res.n;
    return Array.from({ length: h.length }, (_, k) => h[(k % size) * res.n + Math.floor(k / size)]);
  });
  return { hidden, probs: Array.from(res.probs) };
});
process.stdout.write(JSON.stringify(out));
