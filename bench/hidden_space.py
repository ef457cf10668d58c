"""The hidden-space view's cost in headless Chromium, from small networks to the server's limits.

Starts `python -m nnvisu` and Chromium (1440 x 900), and for each case generates the points,
sets the hidden layers, opens the "Hidden space" panel on a layer (principal components) and
measures, from the app's own User Timing measures:

- paused: every History snapshot shown in turn, one per animation frame, so each frame
  computes the view (`nnvisu:hidden-space`: the forward pass to the layer, the principal
  components, the projection) and draws the whole frame (`nnvisu:render`, which includes it);
- training: Play for a window; frames drawn, how many of them computed the view (it skips
  frames while its cost would take more than a quarter of the time), and the longest task
  the main thread ran (`longtask` entries: nothing may block it for 200 ms).

    PYTHONPATH=src python bench/hidden_space.py [--window 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

from common import server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_support import (
    ErrorCollector,
    button,
    choose,
    generate,
    launch_chromium,
    open_app,
    pause,
    set_field,
    wait_until,
)
from playwright.sync_api import Page, expect, sync_playwright

OBSERVE = """() => {
  window.__nv = { render: [], hidden: [], long: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const entry = { t: e.startTime, ms: e.duration, ...e.detail };
      if (e.name === "nnvisu:render") window.__nv.render.push(entry);
      if (e.name === "nnvisu:hidden-space") window.__nv.hidden.push(entry);
    }
  }).observe({ type: "measure" });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__nv.long.push({ t: e.startTime, ms: e.duration });
  }).observe({ type: "longtask" });
}"""

SCRUB = """async () => {
  const range = document.querySelector('.nv-history input[type="range"]');
  const n = Number(range.max);
  const t0 = performance.now();
  for (let i = 0; i <= n; i++) {
    range.value = String(i);
    range.dispatchEvent(new Event("input"));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  const since = (list) => list.filter((e) => e.t >= t0);
  const nv = window.__nv;
  return { render: since(nv.render), hidden: since(nv.hidden), long: since(nv.long) };
}"""

WINDOW = """async (ms) => {
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const t1 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const within = (list) => list.filter((e) => e.t >= t0 && e.t < t1);
  const nv = window.__nv;
  const seconds = (t1 - t0) / 1000;
  return { seconds, render: within(nv.render), hidden: within(nv.hidden), long: within(nv.long) };
}"""

CASES = [
    # (hidden layers, points, layer picked (1-based))
    ("8-8", 200, 2),
    ("100", 5000, 1),
    ("100-100-100-100-100-100-100-100-100-100", 5000, 1),
    ("100-100-100-100-100-100-100-100-100-100", 5000, 10),
]


def stats(entries: list[dict[str, Any]]) -> str:
    ms = sorted(e["ms"] for e in entries)
    if not ms:
        return "none"
    return f"median {statistics.median(ms):.1f} ms, max {ms[-1]:.1f} ms ({len(ms)})"


def run_case(page: Page, hidden: str, points: int, layer: int, window_ms: int) -> None:
    generate(page, "spiral", points)
    set_field(page, "Hidden layers", hidden)
    sizes = [int(s) for s in hidden.split("-")]
    expect(page.get_by_test_id("network")).to_be_visible()
    panel = page.get_by_test_id("hidden-space-panel")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    choose(page, "Layer", str(layer - 1))
    choose(page, "Axes", "pca")
    view = page.get_by_test_id("hidden-space")
    wait_until(page, lambda: f"layer {layer}:" in (view.get_attribute("aria-label") or ""), "view")
    page.evaluate(OBSERVE)
    button(page, "Play").click()
    expect(button(page, "Pause")).to_be_visible()
    # A few steps first, so the History has snapshots to scrub through.
    wait_until(page, lambda: int(page.get_by_test_id("step").inner_text()) >= 3, "3 steps", 120_000)
    training = page.evaluate(WINDOW, window_ms)
    pause(page)
    paused = page.evaluate(SCRUB)
    shown = paused["hidden"][-1] if paused["hidden"] else {}
    layers = hidden if len(sizes) < 3 else f"{len(sizes)} x {sizes[0]}"
    name = f"{layers}, {points} points, layer {layer}"
    print(f"\n{name}: {shown.get('points')} points and {shown.get('samples')} samples a line shown")
    print(f"  paused, view computed every frame: view {stats(paused['hidden'])}")
    print(f"                                     frame {stats(paused['render'])}")
    print(f"  training {training['seconds']:.1f} s: frames {stats(training['render'])}")
    computed = f"{len(training['hidden'])} of {len(training['render'])} frames"
    print(f"    view computed in {computed}: {stats(training['hidden'])}")
    longest = max((e["ms"] for e in training["long"] + paused["long"]), default=0.0)
    print(f"  longest main-thread task: {longest:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=float, default=8.0, help="seconds of training measured")
    args = parser.parse_args()
    with server() as ws_url, sync_playwright() as pw:
        url = ws_url.replace("ws://", "http://").removesuffix("ws")
        browser = launch_chromium(pw)
        errors = ErrorCollector()
        for hidden, points, layer in CASES:
            ctx = browser.new_context(viewport={"width": 1440, "height": 900})
            ctx.set_default_timeout(120_000)
            page = ctx.new_page()
            errors.attach(page)
            open_app(page, url)
            run_case(page, hidden, points, layer, int(args.window * 1000))
            ctx.close()
        browser.close()
        errors.check()


if __name__ == "__main__":
    main()
