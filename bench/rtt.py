"""bench/page.py --rtt: the standalone page's Play through round trips, against direct.

For each round trip (0 is direct) a fresh page is opened through a delay proxy
(tests/delay_proxy.py) that holds every chunk half the round trip in each direction; it
generates 1000 points (all training), sets 2-8-8-8-2 and full batch, so a step is an epoch,
and plays at "as fast as possible". Printed per round trip: epochs/s from the Epoch readout,
frames/s the app rendered (its `nnvisu:render` measures; the app renders only when something
changed, so these are frames of new states), steps per reply, the page's pace note and the
share of the direct epochs/s. Target (issue 23): through 20-100 ms, >= 80 % of the direct
epochs/s at >= 30 frames/s.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_support import (
    ErrorCollector,
    button,
    field,
    layer_shapes,
    open_app,
    set_field,
    stored_weights,
    wait_until,
)
from delay_proxy import delay_proxy_thread
from playwright.sync_api import Browser, Page, expect

POINTS = 1000
HIDDEN = "8-8-8"
SHARE = 0.8
FPS = 30.0
RTTS = (0, 20, 50, 100)

# Collects the app's render measures (the timeline keeps only the latest).
OBSERVE = """() => {
  window.__nvFrames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name !== "nnvisu:render") continue;
      window.__nvFrames.push({ t: e.startTime, step: e.detail.step });
    }
  }).observe({ type: "measure" });
}"""

# Epochs and frames over a window of `ms`, read in the page at the same instants.
WINDOW = """async (ms) => {
  const epoch = () => Number(document.querySelector('[data-testid="epoch"]').textContent);
  const t0 = performance.now();
  const e0 = epoch();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const t1 = performance.now();
  const e1 = epoch();
  await new Promise((resolve) => setTimeout(resolve, 300)); // observer callbacks are async
  const frames = window.__nvFrames.filter((f) => f.t >= t0 && f.t < t1);
  const note = document.querySelector('[data-testid="pace-note"]').textContent;
  return { seconds: (t1 - t0) / 1000, epochs: e1 - e0, frames, note };
}"""


def measure(
    chromium: Browser, url: str, errors: ErrorCollector, warmup: float, seconds: float
) -> dict[str, Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page: Page = context.new_page()
    page.set_default_timeout(60_000)
    errors.attach(page)
    try:
        open_app(page, url)
        page.evaluate(OBSERVE)
        set_field(page, "Test fraction", "0")
        set_field(page, "Points", str(POINTS))
        button(page, "Generate").click()
        expect(page.get_by_test_id("point-count")).to_have_text(str(POINTS))
        expect(field(page, "Batch size")).to_have_value("0")
        set_field(page, "Hidden layers", HIDDEN)
        wait_until(
            page,
            lambda: [o for o, _ in layer_shapes(stored_weights(page))] == [8, 8, 8, 2],
            "weights of 2-8-8-8-2",
            60_000,
        )
        button(page, "Play").click()
        expect(button(page, "Pause")).to_be_visible()
        page.wait_for_timeout(int(warmup * 1000))  # steps per request settle
        r: dict[str, Any] = page.evaluate(WINDOW, int(seconds * 1000))
        button(page, "Pause").click()
        expect(button(page, "Play")).to_be_visible()
    finally:
        context.close()
    steps = sorted({f["step"] for f in r["frames"]})
    gaps = [b - a for a, b in itertools.pairwise(steps)]
    return {
        "epochs": r["epochs"] / r["seconds"],
        "fps": len(r["frames"]) / r["seconds"],
        "per_reply": sum(gaps) / len(gaps) if gaps else float("nan"),
        "note": r["note"],
    }


def run(
    chromium: Browser,
    http_port: int,
    errors: ErrorCollector,
    rtts: list[int],
    warmup: float,
    seconds: float,
) -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(
        f"Play through a round trip: {POINTS} points, 2-{HIDDEN}-2, full batch (a step is an epoch)"
    )
    print(
        f"{'round trip':>10}  {'epochs/s':>9}  {'frames/s':>8}  {'steps/reply':>11}  "
        f"{'of direct':>9}  pace note"
    )
    direct = None
    for rtt in rtts:
        if rtt:
            with delay_proxy_thread(http_port, rtt / 2000) as port:
                m = measure(chromium, f"http://127.0.0.1:{port}/", errors, warmup, seconds)
        else:
            m = measure(chromium, f"http://127.0.0.1:{http_port}/", errors, warmup, seconds)
            direct = m["epochs"]
        share = f"{m['epochs'] / direct:9.0%}" if direct else f"{'-':>9}"
        print(
            f"{rtt:>7} ms  {m['epochs']:9.0f}  {m['fps']:8.1f}  {m['per_reply']:11.1f}  "
            f"{share}  {m['note']!r}"
        )
        if rtt and direct:
            ok = m["epochs"] >= SHARE * direct and m["fps"] >= FPS
            print(
                f"{'':>10}  target >= {SHARE:.0%} of direct at >= {FPS:.0f} frames/s: "
                + ("MET" if ok else "NOT MET")
            )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
