// @ts-check
// The size rule for hand-written sources: no file over 600 lines, no function over 150. The
// TypeScript parser (a dev dependency already, for the type check) finds every function.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const JS = path.resolve(import.meta.dirname, "..");
const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 150;

/** @param {string} dir @returns {string[]} */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(m?js|css)$/.test(e.name) ? [full] : [];
  });
}

/** @param {string} file @returns {{ name: string, lines: number }[]} */
function functionsOf(file) {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  /** @type {{ name: string, lines: number }[]} */
  const out = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named = /** @type {{ name?: ts.Node }} */ (node).name;
      out.push({ name: named ? named.getText(sf) : `(anonymous at line ${start + 1})`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const files = sources(JS);

test("the walk finds the sources and their functions", () => {
  assert.ok(files.length > 50);
  assert.ok(functionsOf(path.join(JS, "model", "forward.js")).length > 5);
});

test("no source file is over 600 lines", () => {
  const long = files
    .map((f) => ({ f: path.relative(JS, f), n: readFileSync(f, "utf8").split("\n").length }))
    .filter(({ n }) => n > MAX_FILE_LINES);
  assert.deepEqual(long, []);
});

test("no function is over 150 lines", () => {
  const long = files
    .filter((f) => !f.endsWith(".css"))
    .flatMap((f) => functionsOf(f).map((fn) => ({ file: path.relative(JS, f), ...fn })))
    .filter((fn) => fn.lines > MAX_FUNCTION_LINES);
  assert.deepEqual(long, []);
});
