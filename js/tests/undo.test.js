// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { UndoRedo, undoKey } from "../app/undo.js";

const keep = (/** @type {number} */ current) => () => current;

test("undo goes back through the edits and redo forward again; a new edit forgets the redo side", () => {
  /** @type {UndoRedo<number>} */
  const u = new UndoRedo();
  u.push(0); // 0 -> 1
  u.push(1); // 1 -> 2
  assert.equal(u.undo(keep(2)), 1);
  assert.equal(u.undo(keep(1)), 0);
  assert.equal(u.undo(keep(0)), null);
  assert.equal(u.redo(keep(0)), 1);
  assert.equal(u.redo(keep(1)), 2);
  assert.equal(u.redo(keep(2)), null);
  assert.equal(u.undo(keep(2)), 1);
  assert.ok(u.canRedo);
  u.push(1); // 1 -> 5
  assert.ok(!u.canRedo, "a new edit: nothing to redo");
  assert.equal(u.undo(keep(5)), 1);
});

test("the stack keeps at most its bound, dropping the oldest", () => {
  /** @type {UndoRedo<number>} */
  const u = new UndoRedo(3);
  for (let i = 0; i < 10; i++) u.push(i);
  assert.deepEqual([u.undo(keep(10)), u.undo(keep(9)), u.undo(keep(8)), u.undo(keep(7))], [9, 8, 7, null]);
});

test("the state kept for redo is described for the state undone to", () => {
  /** @type {UndoRedo<{v: number, seen?: number}>} */
  const u = new UndoRedo();
  u.push({ v: 1 });
  u.undo((target) => ({ v: 2, seen: target.v }));
  assert.deepEqual(u.redo(() => ({ v: 1 })), { v: 2, seen: 1 });
});

test("shortcuts: Ctrl/Cmd+Z undoes, Shift+Ctrl+Z and Ctrl+Y redo, text fields keep their own", () => {
  const k = (/** @type {Partial<{key: string, ctrlKey: boolean, metaKey: boolean, shiftKey: boolean, altKey: boolean}>} */ e) => ({ key: "z", ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...e });
  assert.equal(undoKey(k({ ctrlKey: true }), false), "undo");
  assert.equal(undoKey(k({ metaKey: true }), false), "undo");
  assert.equal(undoKey(k({ key: "Z", ctrlKey: true, shiftKey: true }), false), "redo");
  assert.equal(undoKey(k({ key: "y", ctrlKey: true }), false), "redo");
  assert.equal(undoKey(k({}), false), null);
  assert.equal(undoKey(k({ ctrlKey: true, altKey: true }), false), null);
  assert.equal(undoKey(k({ ctrlKey: true }), true), null, "typing in a field");
});
