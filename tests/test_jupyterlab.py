"""The widget in a real JupyterLab, driven in a real Chromium.

Opens examples/quickstart.ipynb, runs it, trains with the widget's own Play button, draws a
point, and checks from new cells that the kernel sees what the browser did; and checks that
settings given to `nnvisu.Widget` are the ones the widget shows and trains.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    SCREENSHOTS,
    TIMEOUT_MS,
    TRAIN_TIMEOUT_MS,
    ErrorCollector,
    wait_until,
)
from notebook_hosts import (
    HOST_TIMEOUT_MS,
    KERNEL_IDLE,
    JupyterServer,
    menu,
    plane_position,
    play_until_trained,
    run_new_cell,
    settled_step,
    shown_float,
    write_notebook,
)
from playwright.sync_api import Browser, Locator, Page, expect

from nnvisu.core import schema

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOK = "quickstart.ipynb"
LAB_TIMEOUT_MS = HOST_TIMEOUT_MS
# What a widget whose kernel is gone says (js/app/host_link.js NO_KERNEL).
NO_KERNEL = "not connected to a kernel: run the cell again"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    server = JupyterServer(tmp_path_factory.mktemp("jupyterlab"))
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


def open_and_run(page: Page, lab: JupyterServer, name: str) -> Locator:
    """Open the notebook, run all its cells; the (first) widget, rendered."""
    page.goto(lab.notebook_url(name))
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)
    menu(page, "Run", "Run All Cells")
    widget = page.get_by_test_id("nnvisu-root").first
    expect(widget).to_be_visible(timeout=LAB_TIMEOUT_MS)
    expect(widget.get_by_test_id("connection-status")).to_have_text("kernel")
    return widget


def test_widget_in_jupyterlab(lab: JupyterServer, lab_page: Page, errors: ErrorCollector) -> None:
    page = lab_page
    # The widget renders itself: its own DOM, not a text repr or a javascript error.
    widget = open_and_run(page, lab, NOTEBOOK)
    expect(widget.get_by_test_id("plane")).to_be_visible()
    expect(widget.get_by_test_id("network")).to_be_visible()
    # The last cell printed, so fit() is done and the widget shows its result.
    expect(page.get_by_text("200 points, training accuracy")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS
    )
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)
    expect(widget.get_by_test_id("step")).to_have_text("60")
    expect(widget.get_by_test_id("point-count")).to_have_text("200")
    # The Data set panel says these are the user's points, not the generator's.
    expect(widget.get_by_test_id("data-summary")).to_have_text("Your data: 200 points, 2 classes")
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
    step_shown = settled_step(page, widget)
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

    # The plane shows the widget's extent, fitted to the data, and says so.
    extent = run_new_cell(page, 'print("RESULT", json.dumps(w.extent))')
    data_extent = run_new_cell(
        page,
        'print("RESULT", json.dumps([float(v) for v in nnvisu.notebook.data.auto_extent(w.X)]))',
    )
    assert extent == pytest.approx(data_extent)
    expect(widget.get_by_test_id("extent")).to_contain_text("x \u2212")
    # A point drawn on the plane reaches w.X. Near the corner is far from the ring data.
    xmin, xmax, ymin, ymax = extent
    x, y = xmax - 0.05 * (xmax - xmin), ymax - 0.05 * (ymax - ymin)
    plane = widget.get_by_test_id("plane")
    box = plane.bounding_box()
    assert box is not None
    assert box["width"] == pytest.approx(box["height"], abs=2)  # a square extent, a square plane
    # Locator.click scrolls the plane into view first; the notebook may have scrolled away.
    plane.click(position=plane_position(box, extent, x, y))
    expect(widget.get_by_test_id("point-count")).to_have_text("201")
    result = run_new_cell(
        page,
        f"d = np.hypot(w.X[:, 0] - {x}, w.X[:, 1] - {y})\n"
        'print("RESULT", json.dumps({"n": len(w.X), "near": int((d < 0.2).sum()),'
        ' "label": int(w.y[d.argmin()]), "distance": float(d.min())}))',
    )
    assert result["n"] == 201
    assert result["near"] == 1
    assert result["label"] == 0  # "Class 1" is selected by default
    scale = (xmax - xmin) / box["width"]
    assert result["distance"] <= 2 * scale
    # The kernel kept the history of what the browser trained, per training request.
    history = run_new_cell(page, 'print("RESULT", json.dumps([r[0] for r in w.history["losses"]]))')
    assert history[0] == 0 and history[-1] == step_shown
    assert history == sorted(history)

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


def test_widget_settings_survive_render_and_training_in_jupyterlab(
    lab: JupyterServer, lab_page: Page, errors: ErrorCollector
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
    widget = open_and_run(page, lab, SETTINGS_NOTEBOOK)
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
    settled = settled_step(page, widget)

    state = run_new_cell(page, STATE_CELL)
    assert settings_of(state["config"]) == asked
    assert state["step"] == settled > after_step
    expect(control("Learning rate")).to_have_value("20")
    expect(control("Activation")).to_have_value("relu")
    expect(control("Hidden layers")).to_have_value("16-16")
    errors.check()


RESTORE_NOTEBOOK = "restore.ipynb"


def stop_kernels(lab: JupyterServer) -> None:
    """Shut down every kernel session of the server (its REST API)."""
    with urllib.request.urlopen(lab.url + "api/sessions", timeout=10) as r:
        sessions = json.loads(r.read())
    for session in sessions:
        request = urllib.request.Request(lab.url + f"api/sessions/{session['id']}", method="DELETE")
        with urllib.request.urlopen(request, timeout=30):
            pass


def test_a_restored_widget_without_its_kernel_says_so(
    lab: JupyterServer, lab_page: Page, errors: ErrorCollector
) -> None:
    """A notebook saved with its widget state and opened again with a new kernel shows the
    saved widget, says it has no kernel and offers no training; running the cell again gives a
    live widget."""
    page = lab_page
    write_notebook(lab.root / RESTORE_NOTEBOOK, SETTINGS_CELL)
    widget = open_and_run(page, lab, RESTORE_NOTEBOOK)
    step = play_until_trained(page, widget)
    page.keyboard.press("Control+s")

    def saved_at_step() -> bool:
        nb = json.loads((lab.root / RESTORE_NOTEBOOK).read_text())
        states = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
        return [s["state"]["step"] for s in states.values() if s["model_name"] == "AnyModel"] == [
            step
        ]

    wait_until(page, saved_at_step, "the notebook saved with the widget at its step")
    stop_kernels(lab)
    page.reload()
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)
    widget = page.get_by_test_id("nnvisu-root")
    expect(widget).to_be_visible(timeout=LAB_TIMEOUT_MS)
    expect(widget.get_by_test_id("message")).to_have_text(NO_KERNEL)
    expect(widget.get_by_test_id("connection-status")).to_have_text("not connected")
    expect(widget.get_by_test_id("step")).to_have_text(str(step))  # the saved state shows
    for name in ("Play", "Step", "Reset weights"):
        expect(widget.get_by_role("button", name=name, exact=True)).to_be_disabled()
    expect(widget.get_by_label("Learning rate", exact=True)).to_be_disabled()
    screenshot_of(widget, "jupyterlab-restored-without-kernel.png")

    menu(page, "Run", "Run All Cells")
    expect(widget.get_by_test_id("connection-status")).to_have_text(
        "kernel", timeout=LAB_TIMEOUT_MS
    )
    expect(widget.get_by_test_id("message")).to_have_text("")
    expect(widget.get_by_role("button", name="Play", exact=True)).to_be_enabled()
    assert play_until_trained(page, widget) > 0
    errors.check()


def screenshot_of(element: Locator, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    element.screenshot(path=str(path))
    return path


WINDOW_HEIGHT = 2600


@pytest.mark.parametrize("width", [848, 1400, 620])
def test_the_widget_fits_the_notebook_width(
    lab: JupyterServer, browser: Browser, errors: ErrorCollector, width: int
) -> None:
    """At 848 px of notebook width (1280 x 800 with the file browser open) nothing is cut off
    and the plane, then the network, sit beside the settings; at 1400 px three columns sit side
    by side, the network between the settings and the plane; below 700 px the widget is one
    compact column, the plane first."""
    name = f"layout-{width}.ipynb"
    write_notebook(lab.root / name, SETTINGS_CELL)
    # The layout sizes the plane and the graph by the window's height, so the wide layouts are
    # measured in a common 1000 px tall window; the one column at 620 px in a window tall
    # enough to show all of it (a screenshot shows only what the notebook shows).
    height = WINDOW_HEIGHT if width < 700 else 1000
    ctx = browser.new_context(viewport={"width": 1280, "height": height})
    ctx.set_default_timeout(LAB_TIMEOUT_MS)
    try:
        page = ctx.new_page()
        errors.attach(page)
        widget = open_and_run(page, lab, name)
        notebook = page.locator(".jp-NotebookPanel-notebook").first
        # Size the window so that the notebook is `width` wide beside the open file browser.
        shown = notebook.evaluate("el => el.clientWidth")
        page.set_viewport_size({"width": 1280 + width - shown, "height": height})
        wait_until(page, lambda: notebook.evaluate("el => el.clientWidth") == width, "the width")
        widget.scroll_into_view_if_needed()
        page.wait_for_timeout(300)  # one frame for the graph and the maps at the new size
        boxes = widget.evaluate(
            """root => Object.fromEntries(['nnvisu-root', 'plane', 'network', 'loss-chart']
                .map(id => [id, (id === 'nnvisu-root' ? root : root.querySelector(
                  `[data-testid="${id}"]`)).getBoundingClientRect().toJSON()])
                .concat([['controls', root.querySelector('.nv-controls fieldset')
                  .getBoundingClientRect().toJSON()],
                  ['overflow', root.scrollWidth - root.clientWidth]]))"""
        )
        path = screenshot_of(widget, f"jupyterlab-widget-{width}px.png")
        assert path.stat().st_size > 10_000
        root_box = boxes["nnvisu-root"]
        assert boxes["overflow"] <= 0, "the widget scrolls sideways"
        for part in ("plane", "network", "loss-chart", "controls"):
            box = boxes[part]
            assert box["width"] > 100, part
            assert box["left"] >= root_box["left"] - 1, part
            assert box["right"] <= root_box["right"] + 1, f"{part} is cut off on the right"
        plane, network, controls = boxes["plane"], boxes["network"], boxes["controls"]
        if width >= 960:
            assert controls["right"] < network["left"] < network["right"] < plane["left"]
            assert root_box["height"] < 1400
        elif width >= 720:
            # Two columns: the settings, then the plane with the network below it.
            assert controls["right"] < plane["left"]
            assert network["top"] > plane["bottom"] and network["left"] > controls["right"]
            assert root_box["height"] < 2000
        else:
            assert plane["top"] < network["top"] < controls["top"], "plane, network, settings"
            assert abs(plane["left"] - controls["left"]) < 40
        errors.check()
    finally:
        ctx.close()


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
