// For tests/test_schema_parity.py, which binds the front end's settings to nnvisu.core.schema:
//   node schema_cli.mjs tables      prints {page: [wire, ...], labelTables: [name, ...]}: the
//                                   page-local settings, and every export of the settings'
//                                   modules that is a table keyed by host setting names (there
//                                   should be none: labels come from the host)
//   node schema_cli.mjs shown FILE  reads a host schema and prints {wire: label} of every
//                                   host setting's control as the front end labels it
//   node schema_cli.mjs check FILE  reads {schema, configs} and prints, for every config, the
//                                   problems the front end finds with it under that schema
import { readFileSync } from "node:fs";
import * as dataSettings from "../settings/data_settings.js";
import * as settings from "../settings/settings.js";
import { readConfig, readSchema } from "../settings/settings.js";

const [command, file] = process.argv.slice(2);
if (command === "tables") {
  const { schema } = JSON.parse(readFileSync(/** @type {string} */ (file), "utf8"));
  const wires = new Set(schema.settings.map((/** @type {any} */ s) => s.wire));
  const features = new Set(schema.settings.find((/** @type {any} */ s) => s.wire === "features").choices);
  // A table of its own: an object (or list) whose keys (or items' wire) are host settings or features.
  const keysOf = (/** @type {any} */ v) => (Array.isArray(v) ? v.map((x) => x?.wire) : v && typeof v === "object" ? Object.keys(v) : []);
  const labelTables = Object.entries({ ...dataSettings, ...settings })
    .filter(([, v]) => keysOf(v).some((k) => wires.has(k) || features.has(k)))
    .map(([name]) => name);
  process.stdout.write(JSON.stringify({ page: dataSettings.DATA_SETTINGS.map((s) => s.wire), labelTables }));
} else if (command === "check") {
  const { schema, configs } = JSON.parse(readFileSync(/** @type {string} */ (file), "utf8"));
  const parsed = readSchema(schema);
  process.stdout.write(JSON.stringify(configs.map((/** @type {unknown} */ c) => readConfig(c, parsed).problems)));
} else {
  process.stderr.write("usage: schema_cli.mjs tables FILE | check FILE\n");
  process.exit(2);
}
