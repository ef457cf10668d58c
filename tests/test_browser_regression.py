"""Regression in the page, in real Chromium against a live server: choosing "Predict numbers",
the regression data sets, training a sine ridge (the server's replies carry R², the readouts
show it and agree with the trainer on the stored state), drawing a point with a value, the
switch back to classification and its Undo, and screenshots of a trained sine ridge."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import (
    SCREENSHOTS,
    TRAIN_TIMEOUT_MS,
    button,
    choose,
    click_plane,
    field,
    pause,
    python_metrics,
    readout,
    readout_int,
    screenshot,
    set_field,
    sized_page,
    stored_config,
    stored_data,
    stored_history,
    stored_model,
    wait_settled,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Browser, Page, expect
from test_browser_classroom import scrub_to
from test_browser_settings import Wire

from nnvisu.core.limits import Limits
from nnvisu.core.trainer import evaluate
from nnvisu.wire import validation

pytestmark = pytest.mark.browser

REGRESSION_SETS = ["plane", "bumps", "ridge"]


def step_r2(wire: Wire) -> list[float]:
    """Train R² of every step reply so far, in order."""
    return [
        m["r2"] for m in wire.received if m.get("type") == "step_result" and m.get("r2") is not None
    ]


def choose_regression(page: Page) -> None:
    choose(page, "Predict", "regression")
    expect(page.get_by_test_id("message")).to_contain_text("Predicting numbers")
    wait_until(
        page, lambda: stored_config(page)["problem"] == "regression", "the regression config"
    )
    wait_until(page, lambda: len(stored_model(page)["weights"]["layer_2_bias"]) == 1, "one output")


def train_ridge(page: Page, wire: Wire, r2: float) -> None:
    """Play on the generated sine ridge until the server reports a train R² of at least `r2`."""
    button(page, "Play").click()
    expect(button(page, "Pause")).to_be_visible()
    wait_until(page, lambda: max(step_r2(wire), default=-1e9) >= r2, f"R² ≥ {r2}", TRAIN_TIMEOUT_MS)
    pause(page)


def assert_readouts_are_the_trainers(page: Page, wire: Wire) -> None:
    """The R² and loss shown are the trainer's metrics of the stored weights on the stored
    points (and the server's reply of that step said so), and the classification readouts and
    matrices are hidden."""
    metrics = python_metrics(page)
    assert metrics.train_r2 is not None and metrics.test_r2 is not None
    assert metrics.train_accuracy is None
    assert float(readout(page, "train-r2")) == pytest.approx(metrics.train_r2, abs=2e-3)
    assert float(readout(page, "test-r2")) == pytest.approx(metrics.test_r2, abs=2e-3)
    assert float(readout(page, "train-loss")) == pytest.approx(metrics.train_loss, abs=2e-3)
    step = stored_model(page)["step"]
    assert step == readout_int(page, "step")
    reply = [m for m in wire.received if m.get("type") == "step_result" and m["step"] == step][-1]
    assert reply["r2"] == pytest.approx(metrics.train_r2, abs=1e-5)
    assert reply["testR2"] == pytest.approx(metrics.test_r2, abs=1e-5)
    assert reply["accuracy"] is None
    for hidden in ("train-accuracy", "test-accuracy", "accuracy-chart", "confusion-train"):
        expect(page.get_by_test_id(hidden)).to_be_hidden()
    expect(page.get_by_test_id("r2-chart")).to_be_visible()


def test_a_sine_ridge_is_learnt_and_shown_as_a_regression(app: Page) -> None:
    wire = Wire(app)
    app.reload()
    expect(app.get_by_test_id("connection-status")).to_have_text("connected")
    choose_regression(app)
    # The data set menu and the pictures offer the regression data sets only.
    options = field(app, "Data set").evaluate("s => [...s.options].map(o => o.value)")
    assert options == REGRESSION_SETS
    shown = app.locator(".nv-thumb:visible").evaluate_all("bs => bs.map(b => b.dataset.dataset)")
    assert shown == REGRESSION_SETS
    expect(field(app, "Data set")).to_have_value("ridge")
    expect(field(app, "Classes")).to_be_hidden()
    expect(field(app, "Value")).to_be_visible()
    data = stored_data(app)
    assert len(data["label"]) == 200
    assert len(set(data["label"])) > 150, "real-valued targets"
    assert min(data["label"]) < -0.8 and max(data["label"]) > 0.8
    expect(app.get_by_test_id("data-summary")).to_contain_text(
        "Generated sine ridge: 200 points, targets"
    )
    legend = app.get_by_test_id("value-legend")
    expect(legend).to_be_visible()
    assert (legend.get_attribute("data-lo"), legend.get_attribute("data-hi")) == ("-1.5", "1.5")

    button(app, "Step").click()
    wait_until(app, lambda: len(step_r2(wire)) >= 1, "a step reply with R²")
    first = step_r2(wire)[0]
    train_ridge(app, wire, 0.9)
    assert max(step_r2(wire)) > first + 0.3, f"R² rose from {first}"
    assert_readouts_are_the_trainers(app, wire)

    # The history keeps R² where a classification keeps accuracy; the History shows a
    # snapshot's R² (its weights on the points), and Continue trains on from it.
    history = stored_history(app)
    replies = {m["step"]: m for m in wire.received if m.get("type") == "step_result"}
    rows = [row for row in history["losses"] if row[0] in replies]
    assert rows and all(row[3] == pytest.approx(replies[row[0]]["r2"], abs=1e-6) for row in rows)
    index = len(history["snapshots"]) // 2
    snapshot = history["snapshots"][index]
    scrub_to(app, index)
    expect(app.get_by_test_id("step")).to_have_text(str(snapshot["step"]))
    limits = Limits(max_points=1 << 30, max_neurons=1 << 30, max_hidden_layers=1 << 30)
    config = validation.parse_config(stored_config(app), limits)
    then = evaluate(
        config,
        validation.parse_weights(snapshot["weights"], config),
        validation.parse_data(stored_data(app), config, limits),
    )
    assert then.train_r2 is not None
    wait_until(
        app,
        lambda: float(readout(app, "train-r2")) == pytest.approx(then.train_r2, abs=2e-3),
        "the snapshot's R²",
    )
    button(app, "Continue from here").click()
    expect(button(app, "Pause")).to_be_visible()
    wait_until(
        app,
        lambda: readout_int(app, "step") >= snapshot["step"] + 20,
        "20 more steps",
        TRAIN_TIMEOUT_MS,
    )
    pause(app)
    assert_readouts_are_the_trainers(app, wire)


def test_a_drawn_point_takes_the_value_and_switching_back_converts_and_undoes(app: Page) -> None:
    choose_regression(app)
    step_before = readout_int(app, "step")
    set_field(app, "Value", "0.75")
    click_plane(app, 2.0, 3.0)
    wait_until(app, lambda: len(stored_data(app)["x"]) == 201, "the drawn point")
    data = stored_data(app)
    assert data["label"][-1] == 0.75
    assert data["x"][-1] == pytest.approx(2.0, abs=0.1)
    assert data["y"][-1] == pytest.approx(3.0, abs=0.1)
    assert data["test"][-1] is False
    # A value beyond the targets' range widens the scale.
    set_field(app, "Value", "4")
    click_plane(app, -3.0, -3.0)
    wait_until(app, lambda: stored_data(app)["label"][-1] == 4, "the second drawn point")
    expect(app.get_by_test_id("value-legend")).to_have_attribute("data-hi", "4")
    set_field(app, "Value", "2000000")
    expect(app.get_by_test_id("message")).to_contain_text("Value must be within ±1000000")
    set_field(app, "Value", "")
    expect(app.get_by_test_id("message")).to_contain_text("Value must be a number")

    # Drawn points: the switch back converts their targets into two classes at the median.
    targets = stored_data(app)["label"]
    choose(app, "Predict", "classification")
    expect(app.get_by_test_id("message")).to_contain_text("became class 2, the others class 1")
    wait_until(app, lambda: stored_config(app)["architecture"][-1] == 2, "two classes")
    converted = stored_data(app)
    assert set(converted["label"]) == {0, 1}
    median = sorted(targets)[(len(targets) - 1) // 2]
    assert converted["label"] == [1 if t > median else 0 for t in targets]
    expect(app.get_by_test_id("train-accuracy")).to_be_visible()
    expect(app.get_by_test_id("train-r2")).to_be_hidden()
    expect(app.get_by_test_id("class-legend")).to_have_attribute("data-problem", "classification")

    # Undo brings the regression back: its config, its targets and its network.
    button(app, "Undo").click()
    wait_until(app, lambda: stored_config(app)["problem"] == "regression", "the regression again")
    assert stored_data(app)["label"] == targets
    wait_until(app, lambda: len(stored_model(app)["weights"]["layer_2_bias"]) == 1, "its network")
    assert readout_int(app, "step") >= step_before
    expect(app.get_by_test_id("train-r2")).to_be_visible()


def test_screenshots_of_a_trained_sine_ridge(
    browser: Browser, server: LiveServer, errors: Any
) -> None:
    with sized_page(browser, server, errors, 1440, 1000) as page:
        wire = Wire(page)
        page.reload()
        expect(page.get_by_test_id("connection-status")).to_have_text("connected")
        choose_regression(page)
        train_ridge(page, wire, 0.9)
        wait_settled(page)
        # The README's picture: the toolbar, the readouts, the network and the plane.
        page.screenshot(
            path=str(SCREENSHOTS / "regression-readme.jpg"),
            quality=85,
            clip={"x": 0, "y": 0, "width": 1440, "height": 770},
        )
        for width, height in ((1440, 1000), (1024, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(400)
            legend = page.get_by_test_id("value-legend")
            expect(legend).to_be_visible()
            box = legend.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
                "legend inside the page"
            )
            screenshot(page, f"regression-{width}.png")
            legend.screenshot(path=str(SCREENSHOTS / f"regression-legend-{width}.png"))
        page.locator(".nv-thumbs").screenshot(path=str(SCREENSHOTS / "regression-thumbnails.png"))
        errors.check()
