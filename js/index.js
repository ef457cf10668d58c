// @ts-check
/**
 * The bundle's entry points: `render` for anywidget (JupyterLab), `startPage` for the
 * standalone page served by `python -m nnvisu`.
 */

import { createApp } from "./app.js";
import { STORAGE_KEYS, StandaloneModel, socketUrl } from "./standalone.js";

/**
 * anywidget's entry: the same app, on the kernel's model.
 * @param {{model: import("./app.js").Model, el: HTMLElement}} args
 */
function render({ model, el }) {
  return createApp(el, model);
}

/**
 * The standalone page: state in localStorage, training over the /ws WebSocket next to the page.
 * @param {HTMLElement} el
 * @param {{storage?: Storage | null, url?: string}} [options]
 */
export function startPage(el, options = {}) {
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  const model = new StandaloneModel({ url: options.url ?? socketUrl(document.baseURI), storage });
  model.load();
  const cleanup = createApp(el, model, {
    uiStore: {
      load: () => model.get("ui"),
      save: (ui) => {
        model.set("ui", ui);
        model.save_changes();
      },
    },
  });
  model.connect();
  return () => {
    cleanup();
    model.close();
  };
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
export default { render };
