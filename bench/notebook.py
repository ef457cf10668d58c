"""Target 6: epochs per second through the kernel, from the widget's own Play button.

Starts a real JupyterLab (every config dir in a temporary folder) and headless Chromium,
opens a notebook whose only widget is `nnvisu.Widget` with 1000 points (2-8-8-8-2, full
batch, so one step is one epoch), runs it, presses Play in the widget and reads its Epoch
readout over a fixed window. Also printed: frames per second the widget rendered, where the
CPU went (kernel, Jupyter server, browser), and the bare `train_step` ceiling measured here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
from browser_support import ErrorCollector, launch_chromium
from playwright.sync_api import expect, sync_playwright
from test_jupyterlab import KERNEL_IDLE, LAB_TIMEOUT_MS, JupyterLab, menu

POINTS = 1000
TARGET_EPOCHS = 300.0
NOTEBOOK = "bench.ipynb"
CELLS = [
    "import numpy as np\n"
    "import nnvisu\n"
    "rng = np.random.default_rng(0)\n"
    f"n = {POINTS}\n"
    "y = rng.integers(0, 2, n)\n"
    "radius = np.where(y == 0, rng.uniform(0, 2.5, n), rng.uniform(3, 5, n))\n"
    "angle = rng.uniform(0, 2 * np.pi, n)\n"
    "X = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)\n"
    "X += rng.normal(0, 0.5, X.shape)\n"
    "w = nnvisu.Widget(X, y, hidden_layers=(8, 8, 8))\n"
    "w",
]


def write_notebook(path: Path) -> None:
    cells: list[dict[str, Any]] = [
        {"cell_type": "code", "metadata": {}, "source": src, "outputs": [], "execution_count": None}
        for src in CELLS
    ]
    path.write_text(
        json.dumps(
            {
                "cells": cells,
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
    args = ap.parse_args()
    print(
        f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(anything else running shares them with the kernel and the browser)"
    )
    bare = bare_ms_per_step((8, 8, 8))
    errors = ErrorCollector()
    with tempfile.TemporaryDirectory() as home, sync_playwright() as pw:
        lab = JupyterLab(Path(home))
        write_notebook(lab.root / NOTEBOOK)
        lab.start()
        chromium = launch_chromium(pw)
        try:
            assert lab.proc is not None
            page = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            page.set_default_timeout(LAB_TIMEOUT_MS)
            errors.attach(page)
            page.goto(f"{lab.url}lab/tree/{NOTEBOOK}?reset")
            expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)
            page.evaluate(OBSERVE_FRAMES)
            menu(page, "Run", "Run All Cells")
            widget = page.get_by_test_id("nnvisu-root")
            expect(widget).to_be_visible(timeout=LAB_TIMEOUT_MS)
            expect(widget.get_by_test_id("point-count")).to_have_text(str(POINTS))
            expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)

            widget.get_by_role("button", name="Play", exact=True).click()
            expect(widget.get_by_role("button", name="Pause", exact=True)).to_be_visible()
            page.wait_for_timeout(int(args.warmup * 1000))  # steps per request settle
            cpu0, t0 = cpu_by_role(lab.proc.pid), time.monotonic()
            r: dict[str, Any] = page.evaluate(MEASURE_WINDOW, int(args.seconds * 1000))
            cpu1, elapsed = cpu_by_role(lab.proc.pid), time.monotonic() - t0
            widget.get_by_role("button", name="Pause", exact=True).click()
            expect(widget.get_by_role("button", name="Play", exact=True)).to_be_visible()
        finally:
            chromium.close()
            lab.stop()
    errors.check()

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


if __name__ == "__main__":
    main()
