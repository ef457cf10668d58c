"""A regression widget in a real JupyterLab, driven in a real Chromium: the front end shows R²
and the value scale for `nnvisu.Widget(X, y_float, problem="regression")`, Play trains in the
kernel to the R² the kernel computes, and a point drawn with a value reaches `w.y`."""

from __future__ import annotations

import pytest
from browser_support import SCREENSHOTS, TRAIN_TIMEOUT_MS, ErrorCollector, wait_until
from notebook_hosts import (
    KERNEL_IDLE,
    JupyterServer,
    plane_position,
    run_new_cell,
    settled_step,
    shown_float,
    write_notebook,
)
from playwright.sync_api import Page, expect
from test_jupyterlab import LAB_TIMEOUT_MS, lab, lab_page, open_and_run

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

__all__ = ["lab", "lab_page"]  # fixtures, used by name

NOTEBOOK = "regression.ipynb"
CELL = """import json
import numpy as np
import nnvisu
rng = np.random.default_rng(0)
X = rng.uniform(-3, 3, (150, 2))
y = np.sin(1.5 * X[:, 0])
w = nnvisu.Widget(X, y, problem="regression", hidden_layers=(8, 8))
w"""


def test_a_regression_widget_trains_and_draws_values(
    lab: JupyterServer, lab_page: Page, errors: ErrorCollector
) -> None:
    page = lab_page
    write_notebook(lab.root / NOTEBOOK, CELL)
    widget = open_and_run(page, lab, NOTEBOOK)
    expect(page.get_by_text(KERNEL_IDLE)).to_be_visible(timeout=LAB_TIMEOUT_MS)
    expect(widget.get_by_test_id("data-summary")).to_contain_text("Your data: 150 points, targets")
    expect(widget.get_by_test_id("value-legend")).to_be_visible()
    expect(widget.get_by_test_id("train-r2")).to_be_visible()
    expect(widget.get_by_test_id("train-accuracy")).to_be_hidden()
    predict = widget.locator("select").and_(widget.get_by_label("Predict", exact=True))
    expect(predict).to_have_value("regression")

    widget.get_by_role("button", name="Play", exact=True).click()
    expect(widget.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    wait_until(page, lambda: shown_float(widget, "train-r2") > 0.5, "R² > 0.5", TRAIN_TIMEOUT_MS)
    widget.get_by_role("button", name="Pause", exact=True).click()
    expect(widget.get_by_role("button", name="Play", exact=True)).to_be_visible()
    step = settled_step(page, widget)
    shown = shown_float(widget, "train-r2")
    result = run_new_cell(
        page, 'print("RESULT", json.dumps({"step": w.step_count, "r2": float(w.score(w.X, w.y))}))'
    )
    assert result["step"] == step
    assert result["r2"] == pytest.approx(shown, abs=2e-3)

    # A point drawn with a value: the kernel's targets end with it.
    value = widget.locator("input").and_(widget.get_by_label("Value", exact=True))
    value.fill("0.5")
    value.press("Enter")
    extent = run_new_cell(page, 'print("RESULT", json.dumps(w.extent))')
    plane = widget.get_by_test_id("plane")
    box = plane.bounding_box()
    assert box is not None
    plane.click(position=plane_position(box, extent, 0.5 * extent[1], 0.5 * extent[3]))
    expect(widget.get_by_test_id("point-count")).to_have_text("151")
    last = run_new_cell(page, 'print("RESULT", json.dumps([len(w.y), float(w.y[-1])]))')
    assert last == [151, 0.5]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    plane.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "jupyterlab-regression.png"))
    errors.check()
