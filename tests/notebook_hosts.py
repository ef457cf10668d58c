"""Real notebook hosts for the widget tests, and how to drive their pages in Chromium.

`JupyterServer` runs JupyterLab or Jupyter Notebook 7 (`python -m jupyterlab` or `python -m
notebook`; Voilà is a server extension of both, at /voila/render/) on a free port with every
config and data dir in a temporary home; `Marimo` runs a marimo notebook as an app (`marimo
run`). Each is a subprocess, stopped by its own handle.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from browser_support import wait_until
from conftest import free_port
from playwright.sync_api import Locator, Page, expect

START_TIMEOUT = 60.0
# Opening a notebook and starting a kernel on a busy 2-core machine can take a while.
HOST_TIMEOUT_MS = 60_000
# What JupyterLab's status bar says once the kernel is connected (the toolbar says idle earlier).
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class HostProcess:
    """A server subprocess on a free port, its output in a log file; ready once `ready_path`
    answers 200."""

    ready_path = "/"

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = free_port()
        self.log_path = home / f"{type(self).__name__.lower()}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return dict(os.environ)

    def start(self) -> None:
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                self.command(), stdout=log, stderr=subprocess.STDOUT, env=self.env()
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.command()[2]} exited:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path.lstrip("/"), timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.command()[2]} did not answer in {START_TIMEOUT} s")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=20)
        self.proc = None


class JupyterServer(HostProcess):
    """JupyterLab (`app="jupyterlab"`) or Jupyter Notebook 7 (`app="notebook"`), with the
    notebooks in `root`. Saving widget state with the notebook is on (it is off by default)."""

    ready_path = "/api/status"

    def __init__(self, home: Path, app: str = "jupyterlab", extra: Sequence[str] = ()) -> None:
        super().__init__(home)
        self.app = app
        self.extra = list(extra)
        self.root = home / "notebooks"
        self.root.mkdir(exist_ok=True)
        settings = home / "settings"
        # Without this user setting a news toast covers part of the page.
        notification = settings / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True, exist_ok=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True})
        )
        manager = settings / "@jupyter-widgets" / "jupyterlab-manager"
        manager.mkdir(parents=True, exist_ok=True)
        (manager / "plugin.jupyterlab-settings").write_text(json.dumps({"saveState": True}))

    def env(self) -> dict[str, str]:
        h = self.home
        return {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(h / "config"),
            "JUPYTER_DATA_DIR": str(h / "data"),
            "JUPYTER_RUNTIME_DIR": str(h / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(h / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(h / "workspaces"),
        }

    def command(self) -> list[str]:
        # Notebook 7 has no news or update checks, nor these settings (given them, its server
        # extension fails to link).
        lab_only = [
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        return [
            sys.executable,
            "-m",
            self.app,
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            *(lab_only if self.app == "jupyterlab" else []),
            *self.extra,
        ]

    def wait_for_connected_kernel(self, timeout: float = START_TIMEOUT) -> None:
        """Until a kernel is idle with a page connected to it (its WebSocket open): the page's
        own indicators say idle before that, and a Run All issued then may do nothing."""
        deadline = time.monotonic() + timeout
        kernels: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "api/kernels", timeout=5) as r:
                    kernels = json.load(r)
            except urllib.error.HTTPError as exc:
                # The server answers 500 while a kernel it lists is still starting.
                if exc.code != 500:
                    raise
            if any(k["connections"] > 0 and k["execution_state"] == "idle" for k in kernels):
                return
            time.sleep(0.2)
        raise AssertionError(f"no connected idle kernel after {timeout} s: {kernels}")

    def notebook_url(self, name: str) -> str:
        if self.app == "jupyterlab":
            return f"{self.url}lab/tree/{name}?reset"
        return f"{self.url}notebooks/{name}"


class Marimo(HostProcess):
    """`marimo run` of the notebook `app` (a marimo .py file): the notebook as an app, every
    cell run on load, without a token."""

    def __init__(self, home: Path, app: str) -> None:
        super().__init__(home)
        self.app = home / "app.py"
        self.app.write_text(app)

    def env(self) -> dict[str, str]:
        # marimo keeps its config and caches under the home dir; it asks PyPI for a newer
        # version unless told not to.
        return {
            **os.environ,
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / "xdg"),
            "MARIMO_SKIP_UPDATE_CHECK": "1",
        }

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "marimo",
            "-y",
            "run",
            "--headless",
            "--no-token",
            "--host=127.0.0.1",
            f"--port={self.port}",
            str(self.app),
        ]


# ---------------------------------------------------------------------------- notebooks


def write_notebook(path: Path, *sources: str) -> None:
    cells: list[dict[str, Any]] = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": src}
        for src in sources
    ]
    nb = {
        "cells": cells,
        "metadata": {"kernelspec": KERNELSPEC},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb))


def menu(page: Page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def run_new_cell(page: Page, code: str) -> Any:
    """Add a cell at the end of the notebook (JupyterLab or Notebook 7), run `code` in it, and
    return what it printed after the marker RESULT, parsed as JSON."""
    cells = page.locator(".jp-Notebook .jp-Cell")
    cells.last.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")  # new cell below the active one, in command mode
    page.keyboard.press("Enter")
    page.keyboard.insert_text(code)  # no key events: the editor adds no closing brackets
    page.keyboard.press("Shift+Enter")
    # The run creates one more empty cell below; ours is the one before it.
    output = cells.nth(cells.count() - 2).locator(".jp-OutputArea-output")
    expect(output.filter(has_text="RESULT")).to_be_visible(timeout=HOST_TIMEOUT_MS)
    text = output.filter(has_text="RESULT").inner_text()
    return json.loads(text.split("RESULT", 1)[1])


# ---------------------------------------------------------------------------- the widget


def shown_int(widget: Locator, testid: str) -> int:
    return int(widget.get_by_test_id(testid).inner_text())


def shown_float(widget: Locator, testid: str) -> float:
    return float(widget.get_by_test_id(testid).inner_text())


def play_until_trained(page: Page, widget: Locator, timeout_ms: int = 60_000) -> int:
    """Play in the widget until the step shown moves past where it was, then Pause and wait for
    the step to settle; the step it settled at."""
    before = shown_int(widget, "step")
    widget.get_by_role("button", name="Play", exact=True).click()
    expect(widget.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    wait_until(page, lambda: shown_int(widget, "step") > before, "Play to train", timeout_ms)
    widget.get_by_role("button", name="Pause", exact=True).click()
    expect(widget.get_by_role("button", name="Play", exact=True)).to_be_visible()
    return settled_step(page, widget)


def settled_step(page: Page, widget: Locator) -> int:
    """A reply may still land after Pause; the step once it stops moving."""
    seen: list[str] = []

    def settled() -> bool:
        seen.append(widget.get_by_test_id("step").inner_text())
        return len(seen) > 5 and len(set(seen[-5:])) == 1

    wait_until(page, settled, "training to stop after Pause")
    return int(seen[-1])


def plane_position(box: Any, extent: list[float], x: float, y: float) -> Any:
    """Where the data point (x, y) is on the plane element of bounding box `box` (a click's
    `position`)."""
    xmin, xmax, ymin, ymax = extent
    return {
        "x": (x - xmin) / (xmax - xmin) * box["width"],
        "y": (ymax - y) / (ymax - ymin) * box["height"],
    }
