// @ts-check
/**
 * The bundle's entry points: `render` for anywidget (JupyterLab), `startPage` for the
 * standalone page served by `python -m nnvisu`, and the page's connection worker, which is
 * this same bundle started as a module worker.
 */

import { createApp } from "./app/app.js";
import { serveConnection } from "./page/connection.js";
import { schemaFromPage } from "./settings/settings.js";
import { STORAGE_KEYS, StandaloneModel, socketUrl } from "./page/standalone.js";

/** @type {any} */
const scope = globalThis;
if (typeof scope.document === "undefined" && typeof scope.WorkerGlobalScope !== "undefined") {
  serveConnection(scope);
}

/**
 * anywidget's entry: the same app, on the kernel's model.
 * @type {import("@anywidget/types").Render}
 */
function render({ model, el }) {
  return createApp(el, model);
}

/**
 * The standalone page: state in localStorage, training over the /ws WebSocket next to the page.
 * The server's settings schema comes embedded in the page (#nnvisu-schema), so the page has
 * its bounds and defaults before it connects; a page not served by nnvisu waits for the hello.
 * @param {HTMLElement} el
 * @param {{storage?: Storage | null, url?: string}} [options]
 */
export function startPage(el, options = {}) {
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  const schema = schemaFromPage(document.getElementById("nnvisu-schema")?.textContent);
  const model = new StandaloneModel({ url: options.url ?? socketUrl(document.baseURI), storage, schema, worker: connectionWorker() });
  model.load();
  const cleanup = createApp(el, model, {
    // The app is the whole page: its shortcuts work wherever the focus is.
    keys: document,
    uiStore: {
      load: () => model.get("ui"),
      save: (ui) => {
        model.set("ui", ui);
        model.save_changes();
      },
    },
  });
  model.connect();
  // A save put off while a large network trains is made before the page goes away.
  const saveNow = () => model.save_changes();
  const saveIfHidden = () => document.visibilityState === "hidden" && saveNow();
  window.addEventListener("pagehide", saveNow);
  document.addEventListener("visibilitychange", saveIfHidden);
  return () => {
    window.removeEventListener("pagehide", saveNow);
    document.removeEventListener("visibilitychange", saveIfHidden);
    cleanup();
    model.close();
  };
}

/**
 * A worker for the connection, running this bundle; null where none can start (the model
 * then keeps the connection on the main thread).
 */
function connectionWorker() {
  try {
    return new Worker(import.meta.url, { type: "module", name: "nnvisu-connection" });
  } catch {
    return null;
  }
}

/** localStorage, or null where the browser refuses it (privacy modes, sandboxed frames). */
function browserStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export { STORAGE_KEYS };
// Reading the stored history (packed float32) as plain JSON, for scripts and tests.
export { storedHistoryJson } from "./page/storage.js";
export default { render };
