"""The standalone page in Chromium as a class uses it (issue 13): the Speed of Play, data that
responds at once, the History as a time machine, undo and redo of every edit, the charts and
the per-class view."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from browser_support import (
    TRAIN_TIMEOUT_MS,
    assert_consistent,
    button,
    choose,
    click_plane,
    field,
    generate,
    open_app,
    pause,
    percent,
    play_until,
    readout,
    readout_int,
    screenshot,
    set_field,
    step_once,
    storage,
    stored_config,
    stored_data,
    stored_history,
    stored_model,
    stored_points,
    stored_weights,
    wait_settled,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Locator, Page, WebSocket, expect
from protocol_support import unpack

from nnvisu.core.limits import Limits
from nnvisu.core.trainer import evaluate
from nnvisu.wire import protocol, validation

pytestmark = pytest.mark.browser

# Positions of the Speed slider (js/training/pace.js SPEEDS): 3 steps a second, and as fast as
# possible.
SPEED_3_PER_SECOND = 1
SPEED_FASTEST = 6

# Samples (performance.now(), Step readout) in the page, every 50 ms, for the pace it shows.
SAMPLE_STEPS = """() => {
  window.__nvSamples = [];
  window.__nvSampler = setInterval(() => {
    const text = document.querySelector('[data-testid="step"]').textContent;
    window.__nvSamples.push([performance.now(), Number(text)]);
  }, 50);
}"""
STOP_SAMPLING = "() => { clearInterval(window.__nvSampler); return window.__nvSamples; }"


def set_speed(page: Page, position: int) -> None:
    speed = field(page, "Speed")
    speed.focus()
    page.keyboard.press("Home")
    for _ in range(position):
        page.keyboard.press("ArrowRight")


def scrub_to(page: Page, index: int) -> None:
    """Move the History slider to snapshot `index` with the keyboard (Home, then arrows)."""
    scrubber = field(page, "History")
    scrubber.focus()
    scrubber.press("Home")
    for _ in range(index):
        scrubber.press("ArrowRight")


def history_label(page: Page) -> Locator:
    """The step the History shows ("live" at its end); drawn at the next frame."""
    return page.locator(".nv-history-step")


def matrix(page: Page, testid: str) -> list[list[int]]:
    counts: list[list[int]] = page.get_by_test_id(testid).evaluate(
        "t => [...t.querySelectorAll('tbody tr')].map(r => [...r.querySelectorAll('td')]"
        ".map(td => Number(td.dataset.count)))"
    )
    return counts


def data_changes(page: Page) -> Callable[[], bool]:
    """Whether the stored points differ from those stored now."""
    before = stored_data(page)
    return lambda: stored_data(page) != before


def metrics_of(page: Page, weights: dict[str, Any]) -> Any:
    """The trainer's loss and accuracy of `weights` on the stored points."""
    limits = Limits(max_points=1 << 30, max_neurons=1 << 30, max_hidden_layers=1 << 30)
    config = validation.parse_config(stored_config(page), limits)
    data = validation.parse_data(stored_data(page), config, limits)
    return evaluate(config, validation.parse_weights(weights, config), data)


# ---------------------------------------------------------------------------- pace


def test_speed_paces_play_from_a_few_steps_a_second_to_the_usual_pace(
    page: Page, server: LiveServer
) -> None:
    steps_sent: list[int] = []

    def watch(ws: WebSocket) -> None:
        def sent(payload: str | bytes) -> None:
            msg = unpack(payload) if isinstance(payload, bytes) else json.loads(payload)
            if msg.get("type") == "step":
                steps_sent.append(int(msg["steps"]))

        ws.on("framesent", sent)

    page.on("websocket", watch)
    open_app(page, server.url)
    generate(page, "moons", 100)
    set_speed(page, SPEED_3_PER_SECOND)
    expect(field(page, "Speed")).to_have_attribute("aria-valuetext", "3 steps/s")

    page.evaluate(SAMPLE_STEPS)
    button(page, "Play").click()
    page.wait_for_timeout(4000)
    pause(page)
    samples: list[list[float]] = page.evaluate(STOP_SAMPLING)
    start_step = samples[0][1]
    trained = samples[-1][1] - start_step
    seconds = (samples[-1][0] - samples[0][0]) / 1000
    assert trained >= 2, f"only {trained} steps in {seconds:.1f} s at 3 steps/s"
    # Full batch: a step is an epoch. One request per step, a third of a second apart, so no
    # second shows more than a few (a late reply can land next to the one after it).
    assert trained <= 3 * seconds + 2, f"{trained} steps in {seconds:.1f} s at 3 steps/s"
    for i, (t, s) in enumerate(samples):
        later = [s2 for t2, s2 in samples[i:] if t2 - t <= 1000]
        assert later[-1] - s <= 5, f"{later[-1] - s} steps within one second"
    slow_requests = list(steps_sent)
    assert slow_requests and all(n == 1 for n in slow_requests), slow_requests

    # As fast as possible: two requests out, each of as many steps as fit a frame.
    set_speed(page, SPEED_FASTEST)
    expect(field(page, "Speed")).to_have_attribute("aria-valuetext", "as fast as possible")
    before = readout_int(page, "step")
    play_until(page, lambda: readout_int(page, "step") >= before + 400, "400 fast steps")
    fast_requests = steps_sent[len(slow_requests) :]
    assert max(fast_requests) > 1, fast_requests

    # The Speed is remembered with the UI settings.
    set_speed(page, SPEED_3_PER_SECOND)
    assert storage(page, "nnvisu_ui")["speed"] == 3
    page.reload()
    expect(field(page, "Speed")).to_have_attribute("aria-valuetext", "3 steps/s")


# ---------------------------------------------------------------------------- data


def test_a_fresh_page_holds_out_test_points_and_shows_test_accuracy_after_play(app: Page) -> None:
    marked = [test for *_, test in stored_points(app)]
    assert sum(marked) == 40, "the default test fraction is 0.2 of 200 points"
    play_until(app, lambda: readout_int(app, "step") >= 20, "20 steps")
    assert readout(app, "test-accuracy").endswith("%")
    assert float(readout(app, "test-loss")) > 0
    assert_consistent(app)


def test_data_settings_regenerate_at_once_and_undo_takes_them_back(app: Page) -> None:
    original = stored_data(app)
    set_field(app, "Noise", "0.8")
    wait_until(app, lambda: stored_data(app) != original, "new points for the new noise")
    noisier = stored_data(app)
    assert len(noisier["x"]) == 200 and noisier["label"] == original["label"]
    assert np.std(noisier["x"]) > np.std(original["x"])
    assert readout(app, "message") == ""

    button(app, "Undo").click()
    wait_until(app, lambda: stored_data(app) == original, "the points before")
    expect(field(app, "Noise")).to_have_value("0.3")
    button(app, "Redo").click()
    wait_until(app, lambda: stored_data(app) == noisier, "the noisier points again")
    expect(field(app, "Noise")).to_have_value("0.8")

    # Every data setting: the points follow without Generate.
    for label, value in (("Points", "120"), ("Test fraction", "0.5"), ("Data seed", "7")):
        changed = data_changes(app)
        set_field(app, label, value)
        wait_until(app, changed, f"points for {label}")
    assert len(stored_data(app)["x"]) == 120
    assert sum(stored_data(app)["test"]) == 60

    # The pictures pick a data set; Undo (by keyboard too) goes back.
    before = stored_data(app)
    moons = button(app, "Data set moons")
    moons.click()
    expect(moons).to_have_attribute("aria-pressed", "true")
    expect(field(app, "Data set")).to_have_value("moons")
    wait_until(app, lambda: stored_data(app) != before, "moons")
    app.locator("body").press("Control+z")
    wait_until(app, lambda: stored_data(app) == before, "the circles again")
    expect(field(app, "Data set")).to_have_value("circles")
    app.locator("body").press("Control+Shift+z")
    expect(field(app, "Data set")).to_have_value("moons")
    app.locator("body").press("Control+z")
    app.locator("body").press("Control+y")
    expect(field(app, "Data set")).to_have_value("moons")


def test_test_points_can_be_drawn(app: Page) -> None:
    button(app, "Clear points").click()
    expect(app.get_by_test_id("point-count")).to_have_text("0")
    field(app, "Add test points").check()
    click_plane(app, 2.0, 2.0)
    field(app, "Add points").check()
    click_plane(app, -2.0, -2.0)
    expect(app.get_by_test_id("point-count")).to_have_text("2")
    assert [test for *_, test in stored_points(app)] == [True, False]


# ---------------------------------------------------------------------------- undo and redo


def test_undo_after_a_class_change_restores_every_point_and_the_network(app: Page) -> None:
    generate(app, "blobs", 200, classes=8)
    step_once(app)
    click_plane(app, 0.0, 0.0)  # drawn into: no longer the generated set
    expect(app.get_by_test_id("point-count")).to_have_text("201")
    points = stored_data(app)
    model = stored_model(app)

    set_field(app, "Classes", "3")
    wait_until(app, lambda: readout_int(app, "point-count") < 201, "points of classes 4-8 removed")
    expect(app.get_by_test_id("message")).to_contain_text("Removed")
    assert set(stored_data(app)["label"]) <= {0, 1, 2}
    wait_until(app, lambda: len(stored_weights(app)["layer_2_bias"]) == 3, "a 3-class output")

    button(app, "Undo").click()
    wait_until(app, lambda: stored_data(app) == points, "every point back")
    expect(field(app, "Classes")).to_have_value("8")
    wait_until(app, lambda: stored_weights(app) == model["weights"], "the 8-class network back")
    assert stored_model(app)["step"] == model["step"]
    expect(app.get_by_test_id("point-count")).to_have_text("201")

    button(app, "Redo").click()
    expect(field(app, "Classes")).to_have_value("3")
    wait_until(app, lambda: set(stored_data(app)["label"]) <= {0, 1, 2}, "the 3 classes again")
    step_once(app)
    assert_consistent(app)


def test_a_generated_data_set_follows_the_class_count_and_undo_brings_it_back(app: Page) -> None:
    generate(app, "blobs", 200, classes=8)
    eight = stored_data(app)
    set_field(app, "Classes", "3")
    wait_until(app, lambda: set(stored_data(app)["label"]) == {0, 1, 2}, "3-class blobs")
    assert len(stored_data(app)["x"]) == 200, "a data set as generated is generated again"
    app.locator("body").press("Control+z")
    wait_until(app, lambda: stored_data(app) == eight, "all 200 points of 8 classes")
    expect(field(app, "Classes")).to_have_value("8")


def test_undo_and_redo_cover_the_training_settings(app: Page) -> None:
    set_field(app, "Learning rate", "0.1")
    choose(app, "Activation", "relu")
    wait_until(app, lambda: stored_config(app)["activation"] == "relu", "relu")
    app.locator("body").press("Control+z")
    wait_until(app, lambda: stored_config(app)["activation"] == "tanh", "tanh again")
    app.locator("body").press("Control+z")
    wait_until(app, lambda: stored_config(app)["learningRate"] == 0.03, "the learning rate before")
    expect(field(app, "Learning rate")).to_have_value("0.03")
    expect(button(app, "Undo")).to_be_disabled()
    app.locator("body").press("Control+y")
    wait_until(app, lambda: stored_config(app)["learningRate"] == 0.1, "0.1 again")
    # Ctrl+Z in a text field is the field's own.
    field(app, "Learning rate").press("Control+z")
    assert stored_config(app)["learningRate"] == 0.1
    step_once(app)
    assert_consistent(app)


# ---------------------------------------------------------------------------- history


def test_scrubbing_while_playing_pauses_and_shows_that_step(app: Page) -> None:
    generate(app, "moons", 80)
    button(app, "Play").click()
    wait_until(app, lambda: readout_int(app, "step") >= 100, "100 steps", TRAIN_TIMEOUT_MS)
    live_chart = app.get_by_test_id("loss-chart").screenshot()
    scrub_to(app, 0)
    expect(button(app, "Play")).to_be_visible()
    expect(app.get_by_test_id("step")).to_have_text("0")
    expect(history_label(app)).to_have_text("step 0")
    first = stored_history(app)["snapshots"][0]
    assert first["step"] == 0
    metrics = metrics_of(app, first["weights"])
    assert float(readout(app, "train-loss")) == pytest.approx(metrics.train_loss, abs=2e-3)
    shown = percent(readout(app, "train-accuracy"))
    assert shown == pytest.approx(100 * metrics.train_accuracy, abs=0.06)
    assert float(readout(app, "test-loss")) == pytest.approx(metrics.test_loss, abs=2e-3)
    # The loss chart marks the step; the graph shows that step's weights.
    scrubbed_chart = app.get_by_test_id("loss-chart").screenshot()
    assert scrubbed_chart != live_chart
    scrubbed_graph = app.get_by_test_id("network").screenshot()
    field(app, "History").press("End")
    expect(history_label(app)).to_have_text("live")
    wait_until(app, lambda: readout_int(app, "step") >= 100, "the live step again")
    wait_until(
        app, lambda: app.get_by_test_id("network").screenshot() != scrubbed_graph, "live weights"
    )
    wait_settled(app)
    assert_consistent(app)


def test_continue_from_here_trains_on_exactly_from_the_snapshot(app: Page) -> None:
    generate(app, "moons", 80)
    play_until(app, lambda: readout_int(app, "step") >= 150, "150 steps")
    history = stored_history(app)
    index = len(history["snapshots"]) // 2
    snapshot = history["snapshots"][index]
    assert snapshot["optimizer"]["type"] == "adam" and snapshot["optimizer"]["t"] > 0
    scrub_to(app, index)
    expect(history_label(app)).to_have_text(f"step {snapshot['step']}")
    expect(app.get_by_test_id("step")).to_have_text(str(snapshot["step"]))
    screenshot(app, "classroom-history-1280.png")

    button(app, "Continue from here").click()
    expect(button(app, "Pause")).to_be_visible()
    target = snapshot["step"] + 40
    wait_until(app, lambda: readout_int(app, "step") >= target, "40 more steps", TRAIN_TIMEOUT_MS)
    pause(app)
    model = stored_model(app)
    # The same run from the snapshot through the protocol, in requests the limits allow (a fast
    # page may have run past one request's worth of steps before the pause).
    expected = {
        "weights": snapshot["weights"],
        "optimizer": snapshot["optimizer"],
        "step": snapshot["step"],
    }
    while expected["step"] < model["step"]:
        request = {
            "type": "step",
            "id": "check",
            "config": stored_config(app),
            "weights": expected["weights"],
            "optimizer": expected["optimizer"],
            "data": stored_data(app),
            "step": expected["step"],
            "steps": min(model["step"] - expected["step"], Limits().max_steps),
        }
        expected = protocol.handle_message(request, Limits())
        assert expected["type"] == "step_result", expected
    assert expected["step"] == model["step"]
    for name, values in expected["weights"].items():
        got = np.asarray(model["weights"][name], np.float32)
        np.testing.assert_allclose(got, np.asarray(values, np.float32), rtol=1e-5, atol=1e-6)
    # The history runs on from the snapshot: what came after it is gone.
    steps = [row[0] for row in stored_history(app)["losses"]]
    assert steps == sorted(set(steps))
    kept = [row for row in history["losses"] if row[0] <= snapshot["step"]]
    assert stored_history(app)["losses"][: len(kept)] == kept


# ---------------------------------------------------------------------------- charts


def test_charts_log_scale_accuracy_and_confusion_matrices(app: Page) -> None:
    generate(app, "blobs", 150, classes=3)
    play_until(app, lambda: readout_int(app, "step") >= 60, "60 steps")
    # The confusion matrices hold every point, train and test apart, and agree with the
    # accuracy readouts.
    points = stored_points(app)
    train = matrix(app, "confusion-train")
    test = matrix(app, "confusion-test")
    assert sum(map(sum, train)) == sum(1 for *_, t in points if not t)
    assert sum(map(sum, test)) == sum(1 for *_, t in points if t)
    assert len(train) == 3 and all(len(row) == 3 for row in train)
    diagonal = sum(train[i][i] for i in range(3)) / sum(map(sum, train))
    assert 100 * diagonal == pytest.approx(percent(readout(app, "train-accuracy")), abs=0.06)
    # They follow the weights live: fresh weights predict otherwise.
    button(app, "Reset weights").click()
    expect(app.get_by_test_id("step")).to_have_text("0")
    wait_until(app, lambda: matrix(app, "confusion-train") != train, "new matrices")

    play_until(app, lambda: readout_int(app, "step") >= 60, "60 steps")
    chart = app.get_by_test_id("loss-chart")
    linear = chart.screenshot()
    field(app, "Log scale").check()
    wait_until(app, lambda: chart.screenshot() != linear, "a log-scale loss chart")
    assert storage(app, "nnvisu_ui")["logLoss"] is True

    accuracy = app.get_by_test_id("accuracy-chart")
    accuracy.scroll_into_view_if_needed()
    box = accuracy.bounding_box()
    assert box is not None
    app.mouse.move(box["x"] + box["width"] - 3, box["y"] + box["height"] / 2)
    tooltip = app.get_by_test_id("tooltip")
    expect(tooltip).to_contain_text(f"step {readout_int(app, 'step')}")
    expect(tooltip).to_contain_text(f"train accuracy {readout(app, 'train-accuracy')}")
    expect(tooltip).to_contain_text(f"test accuracy {readout(app, 'test-accuracy')}")
    screenshot(app, "classroom-1280.png")


def test_classroom_controls_at_phone_width(page: Page, server: LiveServer) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_app(page, server.url)
    play_until(page, lambda: readout_int(page, "step") >= 40, "40 steps")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px view"
    for name in ("Undo", "Redo", "Continue from here", "Data set circles"):
        box = button(page, name).bounding_box()
        assert box is not None and box["height"] >= 24 and box["x"] + box["width"] <= 390, name
    screenshot(page, "classroom-390.png")
