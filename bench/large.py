"""The "large" scenario shared by bench/page.py and bench/notebook.py: the biggest networks the
server allows, on 5,000 points, while Play runs.

Measured in the page, over one window of Play (`measure_play`):

- frames: the interval between animation frames (a rAF loop of the benchmark's own, so a
  blocked main thread shows as a long interval whatever the app draws), p50 and p90, and the
  cost of the app's own frames (its `nnvisu:render` measures);
- the longest main-thread task (PerformanceObserver "longtask") and how many passed 200 ms,
  and the longest by the main thread's own CPU time (Chromium's trace of the window): on a
  loaded machine the OS leaves the renderer waiting in the middle of short tasks, which the
  wall-clock entries count;
- the latency of a point click (Eraser) while playing: from the input event's timestamp to the
  Points readout showing the change;
- the latency of a Pause click: from the input event's timestamp to the button reading "Play",
  and to the last new step shown (a reply in flight may still land);
- epochs per second from the Epoch readout (full batch: one step is one epoch), next to the
  one-core ceiling of the same request (bare `train_step` on one thread, measured in the run),
  and the CPU the trainer (server or kernel) and the browser had over the window.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from common import request

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_support import TRACE_CATEGORIES, main_thread_tasks, wait_until
from playwright.sync_api import Locator, Page, expect

from nnvisu.core import trainer
from nnvisu.core.limits import Limits
from nnvisu.wire import protocol

POINTS = 5000
NETWORKS = {"10x100": (100,) * 10, "6x50": (50,) * 6}
TARGET_FRAME_P90_MS = 33.0
TARGET_LONGEST_TASK_MS = 200.0
TARGET_PAUSE_MS = 500.0
TARGET_CEILING_SHARE = 0.7
# Point clicks (Eraser) while playing, spread over the window.
CLICKS = 3

# Installed once: observers that keep everything the window needs, in the page.
OBSERVE = """() => {
  if (window.__nvLarge) return;
  const s = (window.__nvLarge = {
    longtasks: [], frames: [], renders: [], inputs: [], steps: [], marks: {},
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.longtasks.push({ t: e.startTime, ms: e.duration });
  }).observe({ type: "longtask" });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name !== "nnvisu:render") continue;
      s.renders.push({ t: e.startTime, ms: e.duration, maps: e.detail.maps });
    }
  }).observe({ type: "measure" });
  const tick = (t) => {
    s.frames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.addEventListener("pointerdown", (e) => s.inputs.push({ t: e.timeStamp }), true);
  const watch = (root) => {
    const el = () => root.querySelector('[data-testid="step"]');
    const all = { childList: true, characterData: true, subtree: true };
    const step = () => s.steps.push({ t: performance.now(), step: Number(el().textContent) });
    new MutationObserver(step).observe(el(), all);
    const count = root.querySelector('[data-testid="point-count"]');
    // The readout is rewritten every frame: only a new value counts.
    const changed = () => {
      if (count.textContent !== s.pointsBefore) s.marks.points ??= performance.now();
    };
    new MutationObserver(changed).observe(count, all);
    const play = root.querySelector("button.nv-play");
    new MutationObserver(() => {
      if (play.getAttribute("aria-label") === "Play") s.marks.paused ??= performance.now();
    }).observe(play, { ...all, attributes: true });
  };
  watch(document.querySelector('[data-testid="nnvisu-root"]'));
}"""

WINDOW_START = """() => {
  const s = window.__nvLarge;
  const epoch = Number(document.querySelector('[data-testid="epoch"]').textContent);
  s.window = { t0: performance.now(), e0: epoch };
  s.marks = {};
}"""

WINDOW_END = """() => {
  const s = window.__nvLarge;
  s.window.t1 = performance.now();
  s.window.e1 = Number(document.querySelector('[data-testid="epoch"]').textContent);
}"""

MARK_RESET = """(name) => {
  const s = window.__nvLarge;
  delete s.marks[name];
  s.inputs.length = 0;
  s.pointsBefore = document.querySelector('[data-testid="point-count"]').textContent;
}"""

COLLECT = """() => {
  const s = window.__nvLarge;
  const { t0, t1, e0, e1 } = s.window;
  const inWindow = (list) => list.filter((x) => x.t >= t0 && x.t < t1);
  const frames = inWindow(s.frames.map((t) => ({ t })));
  const intervals = frames.slice(1).map((f, i) => f.t - frames[i].t);
  return {
    seconds: (t1 - t0) / 1000,
    epochs: e1 - e0,
    intervals,
    renders: inWindow(s.renders),
    longtasks: inWindow(s.longtasks),
    longtasksAll: s.longtasks,
  };
}"""

STORED_BYTES = """() => {
  let n = 0;
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k.startsWith("nnvisu")) n += k.length + localStorage.getItem(k).length;
  }
  return n;
}"""


def bare_ms_per_step(hidden: tuple[int, ...], n: int) -> float:
    """train_step's own cost per full-batch step on `n` points, one thread, as the server runs
    it: the median of 5 calls of about 0.2 s each."""
    torch.set_num_threads(1)
    parsed = protocol.parse_step(request(n=n, hidden=hidden, steps=1), Limits())
    t0 = time.perf_counter()
    trainer.train_step(parsed)
    steps = max(1, round(0.2 / max(time.perf_counter() - t0, 1e-4)))
    parsed = protocol.parse_step(request(n=n, hidden=hidden, steps=steps), Limits())
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        trainer.train_step(parsed)
        times.append((time.perf_counter() - t0) / steps)
    return statistics.median(times) * 1e3


def jitter_ms(k: int) -> int:
    """A wait that puts click `k` at another moment of the page's frame and reply cycle."""
    return 37 + 61 * k % 150


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def input_latency(page: Any, mark: str) -> float | None:
    """Milliseconds from the last pointerdown to the mark (None if it never came)."""
    got: dict[str, Any] = page.evaluate(
        "(m) => ({ inputs: window.__nvLarge.inputs, mark: window.__nvLarge.marks[m] ?? null })",
        mark,
    )
    if got["mark"] is None or not got["inputs"]:
        return None
    return float(got["mark"] - got["inputs"][-1]["t"])


SETTLE_AFTER = """() => {
  const s = window.__nvLarge;
  const t = s.inputs.length ? s.inputs[s.inputs.length - 1].t : null;
  if (t === null) return null;
  const later = s.steps.filter((x) => x.t > t);
  return later.length ? later[later.length - 1].t - t : 0;
}"""


def settle(page: Page, root: Locator) -> None:
    """Waits until the Step readout has held still for a second (a reply in flight at Pause
    may still land)."""
    seen: list[str] = []

    def still() -> bool:
        seen.append(root.get_by_test_id("step").inner_text())
        return len(seen) >= 5 and len(set(seen[-5:])) == 1

    wait_until(page, still, "training to come to rest", 120_000)


def play_and_measure(
    page: Page,
    root: Locator,
    spots: list[tuple[float, float]],
    seconds: float,
    warmup: float,
    cpu: Callable[[], dict[str, float]],
) -> dict[str, Any]:
    """Play for `warmup` + `seconds`, clicking (Eraser) at each of `spots` during the window,
    then Pause; returns the window's figures (COLLECT) with the click and Pause latencies.
    Positions are read before Play: a blocked page may not answer in time while playing."""
    play = root.get_by_role("button", name="Play", exact=True)
    box = play.bounding_box()
    assert box is not None
    play.click()
    expect(root.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    page.wait_for_timeout(int(warmup * 1000))
    browser = page.context.browser
    assert browser is not None
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    cpu0, t0 = cpu(), time.monotonic()
    page.evaluate(WINDOW_START)
    gap = int(seconds * 1000 / (len(spots) + 1))
    clicks: list[float | None] = []
    for k, spot in enumerate(spots):
        page.wait_for_timeout(gap)
        page.evaluate(MARK_RESET, "points")
        # Not in step with the page's tasks (the evaluate above waited for one to end).
        page.wait_for_timeout(jitter_ms(k))
        page.mouse.click(*spot)
        with contextlib.suppress(AssertionError):
            wait_until(page, lambda: input_latency(page, "points") is not None, "", 60_000)
        clicks.append(input_latency(page, "points"))
    page.wait_for_timeout(gap)
    page.evaluate(WINDOW_END)
    cpu1, elapsed = cpu(), time.monotonic() - t0
    tasks = main_thread_tasks(browser.stop_tracing())
    page.evaluate(MARK_RESET, "paused")
    page.wait_for_timeout(jitter_ms(len(spots)))
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(play).to_be_visible(timeout=120_000)
    pause_ms = input_latency(page, "paused")
    settle(page, root)
    result: dict[str, Any] = page.evaluate(COLLECT)
    result.update(clicks=clicks, pause_ms=pause_ms, settle_ms=page.evaluate(SETTLE_AFTER))
    result.update(tasks=tasks, cpu={k: (v - cpu0.get(k, 0.0)) / elapsed for k, v in cpu1.items()})
    return result


def shown(ms: float | None) -> str:
    return "never" if ms is None else f"{ms:.0f} ms"


def report(label: str, m: dict[str, Any], bare_ms: tuple[float, float], stored: str) -> None:
    """Prints one scenario's figures (play_and_measure's) against the targets."""
    ok = "MET"
    no = "NOT MET"
    clicks, pause_ms, settle_ms = m["clicks"], m["pause_ms"], m["settle_ms"]
    epochs_s = m["epochs"] / m["seconds"]
    bare = sum(bare_ms) / 2
    ceiling = 1000 / bare
    intervals = m["intervals"]
    renders = [r["ms"] for r in m["renders"]]
    longest = max((t["ms"] for t in m["longtasks"]), default=0.0)
    over = sum(1 for t in m["longtasks"] if t["ms"] > TARGET_LONGEST_TASK_MS)
    p90 = pct(intervals, 90)
    print(f"Large: {label}")
    print(
        f"  frame interval p50 {pct(intervals, 50):.1f} ms, p90 {p90:.1f} ms over "
        f"{len(intervals) + 1} frames (target p90 <= {TARGET_FRAME_P90_MS:.0f}: "
        f"{ok if p90 <= TARGET_FRAME_P90_MS else no}); the app's own frames: "
        f"{len(renders)}, cost p50 {pct(renders, 50):.1f} ms, p90 {pct(renders, 90):.1f} ms, "
        f"{sum(1 for r in m['renders'] if r['maps'])} with new maps"
    )
    cpu = max((c for _, c in m["tasks"]), default=0.0)
    busy = sum(c for _, c in m["tasks"]) / (1000 * m["seconds"])
    print(
        f"  longest task {longest:.0f} ms, {len(m['longtasks'])} over 50 ms, {over} over "
        f"{TARGET_LONGEST_TASK_MS:.0f} ms (target <= {TARGET_LONGEST_TASK_MS:.0f}: "
        f"{ok if longest <= TARGET_LONGEST_TASK_MS else no}); by the main thread's CPU time: "
        f"longest {cpu:.0f} ms ({ok if cpu <= TARGET_LONGEST_TASK_MS else no}), "
        f"{busy:.0%} of the window busy"
    )
    print(
        f"  point clicks while playing: {', '.join(map(shown, clicks))} to the readout; "
        f"Pause: {shown(pause_ms)} "
        f"to the button (target <= {TARGET_PAUSE_MS:.0f}: "
        f"{ok if pause_ms is not None and pause_ms <= TARGET_PAUSE_MS else no}), "
        f"{shown(settle_ms)} to the last step shown"
    )
    print(
        f"  epochs/s {epochs_s:.2f}; bare train_step {min(bare_ms):.1f}-{max(bare_ms):.1f} ms/step "
        f"(before, after) => one-core ceiling {ceiling:.2f} epochs/s; reached "
        f"{epochs_s / ceiling:.0%} (target >= {TARGET_CEILING_SHARE:.0%}: "
        f"{ok if epochs_s / ceiling >= TARGET_CEILING_SHARE else no})"
    )
    shares = ", ".join(f"{k} {v:.0%}" for k, v in m["cpu"].items())
    print(f"  CPU over the window, of one core: {shares} (load average {os.getloadavg()[0]:.1f})")
    print(f"  stored: {stored}")
