// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultConfig } from "../settings/settings.js";
import { StandaloneModel } from "../page/standalone.js";
import { TAB_KEY, TabWatch, WRITER_KEY, describe, noticeText, readWriter } from "../page/tabs.js";
import { FakeStorage, SCHEMA, SCHEMA_JSON } from "./fixtures.js";

/** Two tabs on one storage, each with its own session and model. */
function twoTabs() {
  const storage = new FakeStorage();
  const tab = () => {
    const watch = new TabWatch({ storage: /** @type {any} */ (storage), session: /** @type {any} */ (new FakeStorage()) });
    /** @type {any[]} */
    const heard = [];
    watch.changed = (other) => heard.push(other);
    const model = new StandaloneModel({ url: "ws://x/ws", storage: /** @type {any} */ (storage), schema: SCHEMA_JSON, openSocket: () => /** @type {any} */ ({}), tabs: watch });
    return { watch, heard, model };
  };
  const a = tab();
  const b = tab();
  /** What a browser does after a write: the other tab hears of it. @param {{watch: TabWatch}} to */
  const deliver = (to) => to.watch.onStorage({ key: WRITER_KEY, newValue: storage.getItem(WRITER_KEY) });
  return { storage, a, b, deliver };
}

const config = { ...defaultConfig(SCHEMA), architecture: [2, 8, 2], dataset: "moons" };
const data = { x: [1, -1, 0], y: [0, 0, 1], label: [0, 1, 0], test: [false, false, false] };

test("a tab's writes of its run name it the writer; the other tab hears of them and then saves nothing", () => {
  const { storage, a, b, deliver } = twoTabs();
  a.model.set("config", config);
  a.model.set("data", data);
  a.model.save_changes();
  assert.deepEqual(readWriter(storage.getItem(WRITER_KEY)), { tab: a.watch.id, step: 0, dataset: "moons", architecture: [2, 8, 2], points: 3 });
  deliver(b);
  assert.equal(b.heard.length, 1);
  assert.ok(b.watch.held());
  const before = storage.getItem("nnvisu_data");
  b.model.set("data", { ...data, x: [5, 5, 5] });
  b.model.save_changes();
  assert.equal(storage.getItem("nnvisu_data"), before, "held: nothing written");
  b.watch.keep();
  b.model.saveAll();
  assert.notEqual(storage.getItem("nnvisu_data"), before, "kept: this tab's run is written, all of it");
  assert.equal(readWriter(storage.getItem(WRITER_KEY))?.tab, b.watch.id);
  assert.deepEqual(b.heard, [b.heard[0], null]);
  deliver(a);
  assert.ok(a.watch.held(), "now the other tab is asked");
});

test("writes of the tool or view options alone name no writer; a tab never hears itself", () => {
  const { storage, a } = twoTabs();
  a.model.save_changes(); // the host's default config, stored at the first save
  storage.removeItem(WRITER_KEY);
  a.model.set("ui", a.model.get("ui"));
  a.model.save_changes();
  assert.equal(storage.getItem(WRITER_KEY), null);
  a.model.set("config", config);
  a.model.save_changes();
  a.watch.onStorage({ key: WRITER_KEY, newValue: storage.getItem(WRITER_KEY) });
  assert.equal(a.watch.held(), false);
  a.watch.onStorage({ key: "nnvisu_ui", newValue: "{}" });
  assert.equal(a.watch.held(), false, "only the writer key counts");
});

test("a reload keeps the tab's id (sessionStorage); a new tab gets another", () => {
  const storage = /** @type {any} */ (new FakeStorage());
  const session = /** @type {any} */ (new FakeStorage());
  const first = new TabWatch({ storage, session });
  assert.equal(session.getItem(TAB_KEY), first.id);
  assert.equal(new TabWatch({ storage, session }).id, first.id);
  assert.notEqual(new TabWatch({ storage, session: /** @type {any} */ (new FakeStorage()) }).id, first.id);
});

test("what another tab wrote is read field by field and described as text", () => {
  assert.equal(readWriter("not json"), null);
  assert.equal(readWriter(JSON.stringify({ step: 3 })), null, "no tab");
  const odd = readWriter(JSON.stringify({ tab: "t", step: -1, dataset: { html: 1 }, architecture: ["2", 3], points: 1.5 }));
  assert.deepEqual(odd, { tab: "t", step: 0, dataset: "", architecture: [], points: 0 });
  assert.equal(readWriter(JSON.stringify({ tab: "t", dataset: "x".repeat(500) }))?.dataset.length, 40);
  const mine = describe({ config, data, step: 40 });
  const other = { tab: "t", step: 700, dataset: "spiral", architecture: [2, 8, 8, 2], points: 1200 };
  assert.equal(noticeText(other, mine), "Another tab is training a different run (spiral, a 2-8-8-2 network, 1,200 points). This tab saves nothing until you choose which run to keep.");
  assert.equal(noticeText({ ...mine, tab: "t", step: 900 }, mine), "Another tab went on training this run from step 40. This tab saves nothing until you choose which run to keep.");
  assert.equal(noticeText({ ...other, step: 800 }, mine), noticeText(other, mine), "the other tab's progress alone does not change the text");
  const cleared = new TabWatch({ storage: /** @type {any} */ (new FakeStorage()), session: null });
  /** @type {any[]} */
  const heard = [];
  cleared.changed = (o) => heard.push(o);
  cleared.onStorage({ key: null, newValue: null });
  assert.match(noticeText(heard[0], mine), /^Another tab cleared the saved state\./);
});
