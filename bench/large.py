"""The "large" scenario shared by bench/page.py and bench/notebook.py: the biggest networks the
server allows, on 5,000 points, while Play runs.

Measured in the page, over one window of Play (`measure_play`):

- frames: the interval between animation frames (a rAF loop of the benchmark's own, so a
  blocked main thread shows as a long interval whatever the app draws), p50 and p90, and the
  cost of the app's own frames (its `nnvisu:render` measures);
- the longest main-thread task (PerformanceObserver "longtask") and how many passed 200 ms;
- the latency of a point click (Eraser) while playing: from the input event's timestamp to the
  Points readout showing the change;
- the latency of a Pause click: from the input event's timestamp to the button reading "Play",
  and to the last new step shown (a reply in flight may still land);
- epochs per second from the Epoch readout (full batch: one step is one epoch), next to the
  one-core ceiling of the same request (bare `train_step` on one thread, measured in the run).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import torch
from common import request

from nnvisu import protocol, trainer
from nnvisu.limits import Limits

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


def report(
    label: str,
    window: dict[str, Any],
    bare_ms: tuple[float, float],
    clicks: list[float | None],
    pause_ms: float | None,
    settle_ms: float | None,
    stored: str,
) -> None:
    """Prints one scenario's figures against the targets."""
    ok = "MET"
    no = "NOT MET"
    epochs_s = window["epochs"] / window["seconds"]
    bare = sum(bare_ms) / 2
    ceiling = 1000 / bare
    intervals = window["intervals"]
    renders = [r["ms"] for r in window["renders"]]
    longest = max((t["ms"] for t in window["longtasks"]), default=0.0)
    over = sum(1 for t in window["longtasks"] if t["ms"] > TARGET_LONGEST_TASK_MS)
    p90 = pct(intervals, 90)
    print(f"Large: {label}")
    print(
        f"  frame interval p50 {pct(intervals, 50):.1f} ms, p90 {p90:.1f} ms over "
        f"{len(intervals) + 1} frames (target p90 <= {TARGET_FRAME_P90_MS:.0f}: "
        f"{ok if p90 <= TARGET_FRAME_P90_MS else no}); the app's own frames: "
        f"{len(renders)}, cost p50 {pct(renders, 50):.1f} ms, p90 {pct(renders, 90):.1f} ms, "
        f"{sum(1 for r in window['renders'] if r['maps'])} with new maps"
    )
    print(
        f"  longest task {longest:.0f} ms, {len(window['longtasks'])} over 50 ms, {over} over "
        f"{TARGET_LONGEST_TASK_MS:.0f} ms (target <= {TARGET_LONGEST_TASK_MS:.0f}: "
        f"{ok if longest <= TARGET_LONGEST_TASK_MS else no})"
    )
    shown = lambda v: "never" if v is None else f"{v:.0f} ms"  # noqa: E731
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
    print(f"  stored: {stored}")
