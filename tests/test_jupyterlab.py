"""The widget in a real JupyterLab, driven in a real Chromium.

Opens examples/quickstart.ipynb, runs it, trains with the widget's own Play button, draws a
point, and checks from new cells that the kernel sees what the browser did; and checks that
settings given to `nnvisu.Widget` are the ones the widget shows and trains.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    PLANE_EXTENT,
    SCREENSHOTS,
    TIMEOUT_MS,
    TRAIN_TIMEOUT_MS,
    ErrorCollector,
    wait_until,
)
from conftest import free_port
from playwright.sync_api import Browser, Locator, Page, expect

from nnvisu import schema

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOK = "quickstart.ipynb"
LAB_START_TIMEOUT = 60.0
# Opening JupyterLab and starting a kernel on a busy 2-core machine can take a while.
LAB_TIMEOUT_MS = 60_000
# What the status bar says once the kernel is connected (the toolbar says idle earlier).
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"


class JupyterLab:
    """`python -m jupyterlab` on a free port, with every config and data dir in `home`."""

    def __init__(self, home: Path) -> None:
        self.root = home / "notebooks"
        self.root.mkdir()
        self.port = free_port()
        self.env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_DATA_DIR": str(home / "data"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        }
        # Without this user setting a news toast covers part of the page.
        notification = home / "settings" / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True})
        )
        # Saving widget state with the notebook is how the widget keeps its state; it is off
        # by default.
        manager = home / "settings" / "@jupyter-widgets" / "jupyterlab-manager"
        manager.mkdir(parents=True)
        (manager / "plugin.jupyterlab-settings").write_text(json.dumps({"saveState": True}))
        self.log_path = home / "jupyterlab.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + LAB_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "api/status", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer in {LAB_START_TIMEOUT} s")

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


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLab]:
    server = JupyterLab(tmp_path_factory.mktemp("jupyterlab"))
    shutil.copy(EXAMPLES / NOTEBOOK, server.root / NOTEBOOK)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lab_page(browser: Browser, errors: ErrorCollector) -> Iterator[Page]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(LAB_TIMEOUT_MS)
    page = ctx.new_page()
    errors.attach(page)
    yield page
    ctx.close()


def menu(page: Page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def run_new_cell(page: Page, code: str) -> Any:
    """Add a cell at the end of the notebook, run `code` in it, and return what it printed
    after the marker RESULT, parsed as JSON."""
    cells = page.locator(".jp-Notebook .jp-Cell")
    cells.last.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")  # new cell below the active one, in command mode
    page.keyboard.press("Enter")
    page.keyboard.insert_text(code)  # no key events: the editor adds no closing brackets
    page.keyboard.press("Shift+Enter")
    # The run creates one more empty cell below; ours is the one before it.
    output = cells.nth(cells.count() - 2).locator(".jp-OutputArea-output")
    expect(output.filter(has_text="RESULT")).to_be_visible(timeout=LAB_TIMEOUT_MS)
    text = output.filter(has_text="RESULT").inner_text()
    return json.loads(text.split("RESULT", 1)[1])


def shown_float(widget: Locator, testid: str) -> float:
    return float(widget.get_by_test_id(testid).inner_text())


def test_widget_in_jupyterlab(lab: JupyterLab, lab_page: Page, errors: ErrorCollector) -> None:
    page = lab_page
    page.goto(f"{lab.url}lab/tree/{NOTEBOOK}?reset")
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)

    menu(page, "Run", "Run All Cells")

    # The widget renders itself: its own DOM, not a text repr or a javascript error.
    widget = page.get_by_test_id("nnvisu-root")
    expect(widget).to_be_visible(timeout=LAB_TIMEOUT_MS)
    expect(widget.get_by_test_id("plane")).to_be_visible()
    expect(widget.get_by_test_id("network")).to_be_visible()
    expect(widget.get_by_test_id("connection-status")).to_have_text("kernel")
    # The last cell printed, so fit() is done and the widget shows its result.
    expect(page.get_by_text("200 points, training accuracy")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS
    )
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)
    expect(widget.get_by_test_id("step")).to_have_text("60")
    expect(widget.get_by_test_id("point-count")).to_have_text("200")
    loss_before = shown_float(widget, "train-loss")

    # Play trains in the kernel; the shown loss falls.
    widget.get_by_role("button", name="Play", exact=True).click()
    expect(widget.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    wait_until(
        page,
        lambda: shown_float(widget, "train-loss") < loss_before,
        "the shown train loss to fall",
        TRAIN_TIMEOUT_MS,
    )
    # The kernel answers a cell between training requests while the widget keeps training.
    during = run_new_cell(page, 'print("RESULT", w.step_count)')
    assert during > 60
    wait_until(
        page,
        lambda: int(widget.get_by_test_id("step").inner_text()) > during,
        "training to go on after the cell ran",
        TRAIN_TIMEOUT_MS,
    )
    widget.get_by_role("button", name="Pause", exact=True).click()
    expect(widget.get_by_role("button", name="Play", exact=True)).to_be_visible()
    # A reply may still land after Pause; wait until the step shown stops moving.
    steps_shown: list[str] = []

    def settled() -> bool:
        steps_shown.append(widget.get_by_test_id("step").inner_text())
        return len(steps_shown) > 5 and len(set(steps_shown[-5:])) == 1

    wait_until(page, settled, "training to stop after Pause")
    step_shown = int(steps_shown[-1])
    loss_shown = shown_float(widget, "train-loss")
    assert step_shown > 60
    # The hidden space opens in the widget too, on the network the kernel trained.
    widget.get_by_test_id("hidden-space-panel").locator("summary").click()
    expect(widget.get_by_test_id("hidden-space")).to_have_attribute("data-step", str(step_shown))
    expect(widget.get_by_test_id("hidden-space")).to_have_attribute("data-points", "200")

    # Python sees the weights the browser trained: same step, and the loss it computes from
    # w.weights on w.X is the loss the widget shows.
    result = run_new_cell(
        page,
        "import json\n"
        "p = w.predict_proba(w.X)[np.arange(len(w.y)), w.y]\n"
        'print("RESULT", json.dumps({"step": w.step_count, "loss": float(-np.log(p).mean())}))',
    )
    assert result["step"] == step_shown
    assert abs(result["loss"] - loss_shown) <= 6e-4
    assert result["loss"] < loss_before

    # A point drawn on the plane reaches w.X. The corner is far from the data.
    x, y = 5.25, 5.25
    plane = widget.get_by_test_id("plane")
    box = plane.bounding_box()
    assert box is not None
    fx, fy = (x + PLANE_EXTENT) / (2 * PLANE_EXTENT), (PLANE_EXTENT - y) / (2 * PLANE_EXTENT)
    # Locator.click scrolls the plane into view first; the notebook may have scrolled away.
    plane.click(position={"x": fx * box["width"], "y": fy * box["height"]})
    expect(widget.get_by_test_id("point-count")).to_have_text("201")
    result = run_new_cell(
        page,
        "d = np.hypot(w.X[:, 0] - 5.25, w.X[:, 1] - 5.25)\n"
        'print("RESULT", json.dumps({"n": len(w.X), "near": int((d < 0.2).sum()),'
        ' "label": int(w.y[d.argmin()]), "distance": float(d.min())}))',
    )
    assert result["n"] == 201
    assert result["near"] == 1
    assert result["label"] == 0  # "Class 1" is selected by default
    scale = 2 * PLANE_EXTENT / min(box["width"], box["height"])
    assert result["distance"] <= 2 * scale

    # A bias edited in the graph reaches the kernel (set, save_changes), which trains from it.
    widget.get_by_test_id("neuron-0-0").click()
    edited = widget.get_by_test_id("weight-value")
    edited.fill("0.625")
    edited.press("Enter")
    expect(widget.get_by_test_id("weight-editor")).to_be_hidden()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widget.get_by_test_id("network").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "jupyterlab-widget.png"))
    bias_cell = 'print("RESULT", json.dumps(float(w.weights["layer_0_bias"][0])))'
    assert run_new_cell(page, bias_cell) == 0.625

    # Saving the notebook saves the widget's state in it; nothing goes to localStorage.
    page.keyboard.press("Control+s")
    saved: dict[str, Any] = {}
    buffers: list[dict[str, Any]] = []

    def widget_state_saved() -> bool:
        nb = json.loads((lab.root / NOTEBOOK).read_text())
        states = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
        ours = [s for s in states.values() if s["model_name"] == "AnyModel"]
        saved.update(ours[0]["state"])
        buffers[:] = ours[0].get("buffers", [])
        return len(ours) == 1 and len(saved["data"]["x"]) == 201

    wait_until(page, widget_state_saved, "the notebook to be saved with the widget state")
    assert saved["step"] == step_shown
    assert {"config", "weights", "optimizer", "data", "history", "metrics"} <= saved.keys()
    assert saved["history"]["losses"], "the loss history is saved too"
    # Snapshots are saved as float32 buffers (base64 in the file), not as lists of numbers.
    snapshots = saved["history"]["snapshots"]
    assert snapshots and snapshots[-1]["weights"]["layer_0_weights"]["dtype"] == "float32"
    paths = [b["path"] for b in buffers]
    assert ["history", "snapshots", len(snapshots) - 1, "weights", "layer_0_weights", "buffer"] in (
        paths
    ), paths
    assert (
        page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('nnvisu'))") == []
    )

    errors.check()


SETTINGS_NOTEBOOK = "settings.ipynb"
# The example: settings the front end used to replace with its own defaults.
SETTINGS_CELL = """import json
import numpy as np
import nnvisu
rng = np.random.default_rng(0)
X = np.concatenate([rng.normal(-2, 1, (60, 2)), rng.normal(2, 1, (60, 2))])
y = np.repeat([0, 1], 60)
w = nnvisu.Widget(X, y, learning_rate=20, hidden_layers=(16, 16), activation="relu")
w"""
STATE_CELL = 'print("RESULT", json.dumps({"config": w.config, "step": w.step_count}))'


def write_notebook(path: Path, *sources: str) -> None:
    cells: list[dict[str, Any]] = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": src}
        for src in sources
    ]
    kernel = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb = {"cells": cells, "metadata": {"kernelspec": kernel}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))


def test_widget_settings_survive_render_and_training_in_jupyterlab(
    lab: JupyterLab, lab_page: Page, errors: ErrorCollector
) -> None:
    """Settings the kernel accepted are the settings the widget shows and trains, unchanged."""
    asked = {
        **schema.default_wire_config(),
        "architecture": [2, 16, 16, 2],
        "activation": "relu",
        "learningRate": 20,
    }

    def settings_of(config: dict[str, Any]) -> dict[str, Any]:
        return {k: config.get(k) for k in asked}  # the front end may add UI-only keys

    page = lab_page
    write_notebook(lab.root / SETTINGS_NOTEBOOK, SETTINGS_CELL)
    page.goto(f"{lab.url}lab/tree/{SETTINGS_NOTEBOOK}?reset")
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)
    menu(page, "Run", "Run All Cells")
    widget = page.get_by_test_id("nnvisu-root")
    expect(widget).to_be_visible(timeout=LAB_TIMEOUT_MS)
    expect(widget.get_by_test_id("connection-status")).to_have_text("kernel")
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)

    def control(label: str) -> Locator:
        return widget.locator("input, select").and_(widget.get_by_label(label, exact=True))

    # After render: the kernel still has what was asked, and the widget shows it.
    state = run_new_cell(page, STATE_CELL)
    assert settings_of(state["config"]) == asked
    assert state["step"] == 0
    expect(control("Learning rate")).to_have_value("20")
    expect(control("Activation")).to_have_value("relu")
    expect(control("Hidden layers")).to_have_value("16-16")

    # Step, then Play and Pause, in the widget: training runs on those settings.
    widget.get_by_role("button", name="Step", exact=True).click()
    wait_until(
        page,
        lambda: int(widget.get_by_test_id("step").inner_text()) > 0,
        "the Step button to train",
        TRAIN_TIMEOUT_MS,
    )
    after_step = int(widget.get_by_test_id("step").inner_text())
    widget.get_by_role("button", name="Play", exact=True).click()
    wait_until(
        page,
        lambda: int(widget.get_by_test_id("step").inner_text()) > after_step,
        "Play to train",
        TRAIN_TIMEOUT_MS,
    )
    widget.get_by_role("button", name="Pause", exact=True).click()
    expect(widget.get_by_role("button", name="Play", exact=True)).to_be_visible()
    steps_shown: list[str] = []

    def settled() -> bool:
        steps_shown.append(widget.get_by_test_id("step").inner_text())
        return len(steps_shown) > 5 and len(set(steps_shown[-5:])) == 1

    wait_until(page, settled, "training to stop after Pause")

    state = run_new_cell(page, STATE_CELL)
    assert settings_of(state["config"]) == asked
    assert state["step"] == int(steps_shown[-1]) > after_step
    expect(control("Learning rate")).to_have_value("20")
    expect(control("Activation")).to_have_value("relu")
    expect(control("Hidden layers")).to_have_value("16-16")
    errors.check()


def test_lab_extensions_are_installed() -> None:
    """Guards the assertion style above: anywidget's lab extension must be installed here,
    or JupyterLab would show a text repr and the DOM assertions would be the only alarm."""
    out = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_MS / 1000,
        check=True,
    )
    listing = out.stdout + out.stderr
    assert "anywidget" in listing
    assert "@jupyter-widgets/jupyterlab-manager" in listing
