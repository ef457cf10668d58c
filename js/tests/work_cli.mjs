// Reads cases from the JSON file named on the command line and prints, for each, the cost of
// its call and of each step by js/model/work.js (for tests/test_work.py, which compares them with
// nnvisu/core/work.py).
import { readFileSync } from "node:fs";
import { workPrice } from "../model/work.js";

const { costs, cases } = JSON.parse(readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(cases.map((c) => workPrice(costs, c.config, c.train, c.all))));
