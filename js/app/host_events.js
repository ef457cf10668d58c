// @ts-check
/**
 * The app's answers to changes its host makes to the model's keys (the kernel, another view,
 * the page's store), and to the widget manager's news of the kernel.
 */

import { ValidationError, errorText } from "../settings/check.js";
import { configProblem, netShape, readConfig, readSchema } from "../settings/settings.js";

/** @typedef {import("./app.js").App} App */
/** @typedef {import("../settings/settings.js").Config} Config */

/**
 * What the app listens to on its model, with the handlers.
 * @param {App} app
 * @returns {[string, (...args: any[]) => void][]}
 */
export function hostSubscriptions(app) {
  return [
    ["change:config", () => onConfig(app)],
    ["change:data", () => onData(app)],
    ["change:weights", () => app.scheduleRender()],
    ["change:metrics", () => app.metrics.fromHost()],
    ["change:step", () => app.history.onStep()],
    ["change:status", () => onStatus(app)],
    ["change:history", () => app.history.onHostHistory()],
    ["change:limits", () => onLimits(app)],
    ["change:schema", () => onSchema(app)],
    ["change:extent", () => onExtent(app)],
    // The widget manager's own event: the comm to the kernel opened or closed.
    ["comm_live_update", () => app.link.watchKernel()],
    ["msg:custom", (msg) => app.loop.onReply(msg)],
  ];
}

/** @param {App} app */
function onConfig(app) {
  const raw = app.model.get("config");
  if (JSON.stringify(raw) === JSON.stringify(app.config)) return;
  const { config, problems } = readConfig(raw ?? {}, app.schema);
  if (problems.length) app.say(configProblem(problems));
  const archChanged = netShape(config, app.schema) !== netShape(app.config, app.schema);
  app.config = config;
  if (archChanged && !app.liveNet()) app.loop.initIfIdle();
  app.syncControls();
  app.scheduleRender();
  app.loop.pump();
}

/** @param {App} app */
function onData(app) {
  // The app's own points, echoed by the model (the standalone model tells its own sets too):
  // they keep their origin.
  if (app.model.get("data") === app.data) return app.scheduleRender();
  const { data, problem } = app.currentData();
  if (data && data !== app.data) {
    app.data = data;
    app.dataOrigin = "host";
  }
  if (problem) app.say(problem);
  app.scheduleRender();
}

/** @param {App} app */
function onStatus(app) {
  const err = app.model.get("status")?.error;
  if (err?.message) app.say(err.message);
  app.scheduleRender();
}

/**
 * The host changed the plane's extent.
 * @param {App} app
 */
function onExtent(app) {
  app.link.readExtent();
  app.notices.length = 0;
  app.scheduleRender();
}

/** @param {App} app */
function onLimits(app) {
  app.syncControls();
  app.scheduleRender();
}

/**
 * A new schema from the host (its bounds may differ): the controls and the config follow it.
 * @param {App} app
 */
function onSchema(app) {
  try {
    app.schema = readSchema(app.model.get("schema"));
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    app.say(`The host's new settings schema cannot be used (${errorText(e)}); keeping the one before`);
    return;
  }
  const { problems } = readConfig(app.model.get("config") ?? app.config, app.schema);
  if (problems.length) app.say(configProblem(problems));
  app.syncControls();
  app.scheduleRender();
}
