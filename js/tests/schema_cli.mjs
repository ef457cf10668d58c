// For tests/test_schema_parity.py, which binds the front end's settings to nnvisu.schema:
//   node schema_cli.mjs labels      prints {settings: {wire: label}, page: [wire, ...],
//                                   features: {name: label}}: the labels of the host's
//                                   settings, the page-local settings, the features' labels
//   node schema_cli.mjs check FILE  reads {schema, configs} and prints, for every config, the
//                                   problems the front end finds with it under that schema
import { readFileSync } from "node:fs";
import { DATA_SETTINGS, FEATURE_LABELS, SETTING_TEXT } from "../settings/schema.js";
import { readConfig, readSchema } from "../settings/settings.js";

const [command, file] = process.argv.slice(2);
if (command === "labels") {
  const settings = Object.fromEntries(Object.entries(SETTING_TEXT).map(([wire, text]) => [wire, text.label]));
  process.stdout.write(JSON.stringify({ settings, page: DATA_SETTINGS.map((s) => s.wire), features: FEATURE_LABELS }));
} else if (command === "check") {
  const { schema, configs } = JSON.parse(readFileSync(file, "utf8"));
  const parsed = readSchema(schema);
  process.stdout.write(JSON.stringify(configs.map((/** @type {unknown} */ c) => readConfig(c, parsed).problems)));
} else {
  process.stderr.write("usage: schema_cli.mjs labels | check FILE\n");
  process.exit(2);
}
