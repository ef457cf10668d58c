"""Target 6: epochs per second through the kernel, from the widget's own Play button.

Starts a real JupyterLab (every config dir in a temporary folder) and headless Chromium,
opens a notebook whose only widget is `nnvisu.Widget` with 1000 points (2-8-8-8-2, full
batch, so one step is one epoch), runs it, presses Play in the widget and reads its Epoch
readout over a fixed window. Also printed: frames per second the widget rendered, where the
CPU went (kernel, Jupyter server, browser), and the bare `train_step` ceiling measured here.

`--scenario large` runs the biggest networks the server allows instead (bench/large.py):
5,000 points, hidden layers 10 x 100 and 6 x 50, Play in the widget; frame intervals, the
longest task, click and Pause latency, epochs/s against the one-core ceiling, and the size of
the notebook saved with the widget's state.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import large
import numpy as np
from page import (
    MEASURE_WINDOW,
    OBSERVE_FRAMES,
    bare_ms_per_step,
    cmdline,
    cpu_seconds,
    descendants,
    frame_stats,
    verdict,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_support import ErrorCollector, launch_chromium, to_page_xy, wait_until
from playwright.sync_api import Browser, Page, expect, sync_playwright
from test_jupyterlab import KERNEL_IDLE, LAB_TIMEOUT_MS, JupyterLab, menu

POINTS = 1000
TARGET_EPOCHS = 300.0
NOTEBOOK = "bench.ipynb"


def rings(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Two noisy rings of `n` points (the notebook runs this function's own source)."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, n)
    radius = np.where(y == 0, rng.uniform(0, 2.5, n), rng.uniform(3, 5, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    X += rng.normal(0, 0.5, X.shape)
    return X, y


def cells(points: int, hidden: tuple[int, ...]) -> list[str]:
    """The notebook: `points` points in two rings, a widget with hidden layers `hidden`."""
    return [
        "import numpy as np\nimport nnvisu\n\n\n"
        + inspect.getsource(rings)
        + f"\n\nX, y = rings({points})\nw = nnvisu.Widget(X, y, hidden_layers={hidden!r})\nw",
    ]


def write_notebook(path: Path, sources: list[str]) -> None:
    code: list[dict[str, Any]] = [
        {"cell_type": "code", "metadata": {}, "source": src, "outputs": [], "execution_count": None}
        for src in sources
    ]
    path.write_text(
        json.dumps(
            {
                "cells": code,
                "metadata": {
                    "kernelspec": {
                        "display_name": "Python 3 (ipykernel)",
                        "language": "python",
                        "name": "python3",
                    }
                },
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )


def cpu_by_role(lab_pid: int) -> dict[str, float]:
    """CPU seconds so far of the kernel, the Jupyter server and everything else started here."""
    kernel = [p for p in descendants(lab_pid) if "ipykernel" in cmdline(p)]
    others = [p for p in descendants(os.getpid()) if p != lab_pid and p not in kernel]
    return {
        "kernel": sum(cpu_seconds(p) for p in kernel),
        "jupyter server": cpu_seconds(lab_pid),
        "browser + driver": sum(cpu_seconds(p) for p in others),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=10.0, help="measurement window")
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--scenario", choices=("small", "large", "all"), default="small")
    args = ap.parse_args()
    print(
        f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(anything else running shares them with the kernel and the browser)"
    )
    errors = ErrorCollector()
    with tempfile.TemporaryDirectory() as home, sync_playwright() as pw:
        lab = JupyterLab(Path(home))
        lab.start()
        chromium = launch_chromium(pw)
        try:
            if args.scenario in ("small", "all"):
                small_scenario(chromium, lab, errors, args.seconds, args.warmup)
            if args.scenario in ("large", "all"):
                for name, hidden in large.NETWORKS.items():
                    large_scenario(chromium, lab, errors, name, hidden, args.seconds, args.warmup)
        finally:
            chromium.close()
            lab.stop()
    print(f"load average after the run: {os.getloadavg()[0]:.1f}")
    errors.check()


def open_notebook(
    chromium: Browser, lab: JupyterLab, errors: ErrorCollector, name: str, sources: list[str]
) -> Page:
    """A new notebook `name` with `sources`, opened in a fresh context, not yet run."""
    write_notebook(lab.root / name, sources)
    page = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(LAB_TIMEOUT_MS)
    errors.attach(page)
    page.goto(f"{lab.url}lab/tree/{name}?reset")
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)
    return page


def small_scenario(
    chromium: Browser, lab: JupyterLab, errors: ErrorCollector, seconds: float, warmup: float
) -> None:
    """Target 6."""
    bare = bare_ms_per_step((8, 8, 8))
    page = open_notebook(chromium, lab, errors, NOTEBOOK, cells(POINTS, (8, 8, 8)))
    assert lab.proc is not None
    page.evaluate(OBSERVE_FRAMES)
    menu(page, "Run", "Run All Cells")
    widget = page.get_by_test_id("nnvisu-root")
    expect(widget).to_be_visible(timeout=LAB_TIMEOUT_MS)
    expect(widget.get_by_test_id("point-count")).to_have_text(str(POINTS))
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)

    widget.get_by_role("button", name="Play", exact=True).click()
    expect(widget.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    page.wait_for_timeout(int(warmup * 1000))  # steps per request settle
    cpu0, t0 = cpu_by_role(lab.proc.pid), time.monotonic()
    r: dict[str, Any] = page.evaluate(MEASURE_WINDOW, int(seconds * 1000))
    cpu1, elapsed = cpu_by_role(lab.proc.pid), time.monotonic() - t0
    widget.get_by_role("button", name="Pause", exact=True).click()
    expect(widget.get_by_role("button", name="Play", exact=True)).to_be_visible()
    page.context.close()

    epochs_s = r["epochs"] / r["seconds"]
    fps = len(r["frames"]) / r["seconds"]
    replies = len({f["step"] for f in r["frames"]})
    print(f"Target 6: Jupyter widget, {POINTS} points, 2-8-8-8-2, full batch, Play in the widget")
    print(
        f"  epochs/s {epochs_s:7.0f}  (target >= {TARGET_EPOCHS:.0f}: "
        f"{verdict(epochs_s >= TARGET_EPOCHS)})"
    )
    print(
        f"  frames/s {fps:7.1f}; {replies / r['seconds']:.1f}/s showed new weights "
        f"(~{r['epochs'] / max(replies, 1):.0f} steps each); frame {frame_stats(r['frames'])}"
    )
    print(
        f"  bare train_step {bare:.3f} ms/step => one-core ceiling {1000 / bare:.0f} epochs/s; "
        f"the widget reached {epochs_s * bare / 1000:.0%} of it"
    )
    shares = ", ".join(f"{k} {(cpu1[k] - cpu0[k]) / elapsed:.0%}" for k in cpu0)
    kernel_ms = 1000 * (cpu1["kernel"] - cpu0["kernel"]) / max(r["epochs"], 1)
    print(f"  CPU over the window, of one core: {shares}")
    print(f"  kernel CPU per epoch {kernel_ms:.2f} ms (bare train_step {bare:.2f} ms)")


def large_scenario(
    chromium: Browser,
    lab: JupyterLab,
    errors: ErrorCollector,
    name: str,
    hidden: tuple[int, ...],
    seconds: float,
    warmup: float,
) -> None:
    """5,000 points and a large network, Play in the widget: see bench/large.py."""
    bare = large.bare_ms_per_step(hidden, large.POINTS)
    notebook = f"large-{name}.ipynb"
    page = open_notebook(chromium, lab, errors, notebook, cells(large.POINTS, hidden))
    menu(page, "Run", "Run All Cells")
    widget = page.get_by_test_id("nnvisu-root")
    expect(widget.get_by_test_id("point-count")).to_have_text(str(large.POINTS))
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)
    widget.get_by_test_id("plane").scroll_into_view_if_needed()
    page.evaluate(large.OBSERVE)
    widget.get_by_role("radio", name="Eraser").check()
    X, _ = rings(large.POINTS)
    spots = [to_page_xy(page, *X[i]) for i in range(0, large.CLICKS * 97, 97)]
    assert lab.proc is not None
    lab_pid = lab.proc.pid
    m = large.play_and_measure(page, widget, spots, seconds, warmup, lambda: cpu_by_role(lab_pid))
    step = widget.get_by_test_id("step").inner_text()

    def saved() -> bool:
        nb = json.loads((lab.root / notebook).read_text())
        states = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
        return any(str(s["state"].get("step")) == step for s in states.values())

    page.keyboard.press("Control+s")
    wait_until(page, saved, "the notebook saved with the widget's state", 120_000)
    size = (lab.root / notebook).stat().st_size
    page.context.close()
    bare_after = large.bare_ms_per_step(hidden, large.POINTS)
    large.report(
        f"Jupyter widget, {large.POINTS} points, hidden {name}, full batch, Play in the widget",
        m,
        (bare, bare_after),
        f"the notebook saved with the widget's state: {size / 1e6:.2f} MB",
    )


if __name__ == "__main__":
    main()
