"""The standalone page in Chromium: state in localStorage, many users, a server that goes away."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from browser_support import (
    STORAGE_KEYS,
    ErrorCollector,
    assert_consistent,
    assert_plan_shapes,
    button,
    choose,
    click_plane,
    field,
    generate,
    layer_shapes,
    open_app,
    pause,
    plane_png,
    readout,
    readout_int,
    set_field,
    set_storage,
    step_once,
    storage,
    stored_config,
    stored_data,
    stored_model,
    stored_points,
    stored_weights,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

READOUTS = ("epoch", "step", "train-loss", "test-loss", "train-accuracy", "test-accuracy")
CONTROLS = ("Hidden layers", "Classes", "Learning rate", "Activation", "Optimizer", "Test fraction")


def snapshot(page: Page) -> dict[str, Any]:
    """Everything a reload must bring back: stored state, readouts and control values."""
    return {
        "storage": {key: storage(page, key) for key in STORAGE_KEYS},
        "readouts": {testid: readout(page, testid) for testid in (*READOUTS, "point-count")},
        "controls": {label: field(page, label).input_value() for label in CONTROLS},
        "plane": plane_png(page),
        "loss chart": page.get_by_test_id("loss-chart").screenshot(),
        "latest loss": chart_tooltip_at_right_end(page),
    }


def chart_tooltip_at_right_end(page: Page) -> str:
    box = page.get_by_test_id("loss-chart").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    tooltip = page.get_by_test_id("tooltip")
    expect(tooltip).to_be_visible()
    text = tooltip.inner_text()
    page.mouse.move(0, 0)
    expect(tooltip).to_be_hidden()
    return text


def test_reload_restores_the_exact_state(app: Page) -> None:
    set_field(app, "Test fraction", "0.2")
    generate(app, "xor", 80)
    set_field(app, "Hidden layers", "6-3")
    choose(app, "Optimizer", "rmsprop")
    set_field(app, "Learning rate", "0.02")
    field(app, "Discretize").check()
    for _ in range(3):
        step_once(app)
    # Right after the last step, as a user might: everything must already be stored.
    before = snapshot(app)
    assert before["storage"]["nnvisu_optimizer"]["type"] == "rmsprop"
    assert (
        before["storage"]["nnvisu_optimizer"]["step"] == before["storage"]["nnvisu_weights"]["step"]
    )
    assert before["storage"]["nnvisu_history"] is not None

    app.reload()
    expect(app.get_by_test_id("connection-status")).to_have_text("connected")
    expect(app.get_by_test_id("point-count")).to_have_text("80")
    after = snapshot(app)
    for part in before:
        assert after[part] == before[part], f"{part} differs after the reload"
    assert field(app, "Discretize").is_checked()
    assert readout(app, "message") == ""

    # And it trains on from there, not from scratch.
    step = readout_int(app, "step")
    assert step_once(app) > step
    assert_consistent(app)


def steps_reached(page: Page, n: int) -> Callable[[], bool]:
    return lambda: readout_int(page, "step") >= n


def test_two_users_train_independently(browser: Browser, server: LiveServer) -> None:
    collector = ErrorCollector()
    pages = []
    contexts = [browser.new_context() for _ in range(2)]
    try:
        for ctx in contexts:
            page = ctx.new_page()
            collector.attach(page)
            open_app(page, server.url)
            pages.append(page)
        a, b = pages
        generate(a, "moons", 80)
        set_field(a, "Hidden layers", "4")
        generate(b, "blobs", 90, classes=3)
        set_field(b, "Hidden layers", "6-5")
        set_field(b, "Learning rate", "0.01")
        data_a, data_b = stored_data(a), stored_data(b)

        for page in pages:
            button(page, "Play").click()
        for page in pages:
            wait_until(page, steps_reached(page, 40), "40 steps", 60_000)
        for page in pages:
            pause(page)

        assert layer_shapes(stored_weights(a)) == [(4, 2), (2, 4)]
        assert layer_shapes(stored_weights(b)) == [(6, 2), (5, 6), (3, 5)]
        assert stored_data(a) == data_a and stored_data(b) == data_b
        assert stored_config(a)["learningRate"] != stored_config(b)["learningRate"]
        for page in pages:
            assert_consistent(page)
    finally:
        for ctx in contexts:
            ctx.close()
    collector.check()


CORRUPTIONS = {
    "garbage": "{not json at all",
    "wrong version": json.dumps({"version": 999, "config": {}, "data": {}, "weights": {}}),
    "foreign shape": json.dumps(["something", "else", 42]),
    "foreign object": json.dumps({"version": 1, "weights": "yes", "data": [1], "config": 7}),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
@pytest.mark.parametrize("key", STORAGE_KEYS)
def test_corrupt_storage_is_reported_and_replaced(app: Page, key: str, corruption: str) -> None:
    set_storage(app, {key: CORRUPTIONS[corruption]})
    app.reload()
    expect(app.get_by_test_id("nnvisu-root")).to_be_visible()
    expect(app.get_by_test_id("message")).to_contain_text(key)
    expect(app.get_by_test_id("connection-status")).to_have_text("connected")
    if key == "nnvisu_data":
        expect(app.get_by_test_id("point-count")).to_have_text("200")
    if key == "nnvisu_config":
        assert field(app, "Hidden layers").input_value() == "8-8"
    # The page works: it trains, and what it stores is valid again.
    step_once(app)
    assert_consistent(app)
    assert_plan_shapes(app)


def test_weights_that_do_not_fit_the_config_are_replaced(app: Page) -> None:
    stored = storage(app, "nnvisu_weights")
    stored["layer_0_weights"] = [[0.5]]
    set_storage(app, {"nnvisu_weights": json.dumps(stored)})
    app.reload()
    expect(app.get_by_test_id("message")).not_to_have_text("")
    step_once(app)
    assert layer_shapes(stored_weights(app)) == [(8, 2), (8, 8), (2, 8)]
    assert_consistent(app)


def test_server_restart_mid_training(
    page: Page, errors: ErrorCollector, live_server: LiveServer
) -> None:
    # While the server is down Chromium logs each failed reconnection attempt.
    errors.allow(r"WebSocket connection to .* failed")
    open_app(page, live_server.url)
    generate(page, "moons", 60)
    button(page, "Play").click()
    wait_until(page, lambda: readout_int(page, "step") >= 20, "20 steps before the stop")

    live_server.stop()
    expect(page.get_by_test_id("connection-status")).to_have_text("disconnected")
    at_stop = readout_int(page, "step")
    assert stored_model(page)["step"] == at_stop

    # Editing works offline.
    click_plane(page, 0.5, 0.5)
    expect(page.get_by_test_id("point-count")).to_have_text("61")
    edited = stored_points(page)
    assert len(edited) == 61

    live_server.start()
    expect(page.get_by_test_id("connection-status")).to_have_text("connected", timeout=30_000)
    # Training was never paused: it picks up again by itself.
    expect(button(page, "Pause")).to_be_visible()
    seen: list[int] = []

    def resumed() -> bool:
        seen.append(readout_int(page, "step"))
        return seen[-1] > at_stop + 10

    wait_until(page, resumed, "training to resume")
    assert seen == sorted(seen) and seen[0] >= at_stop, f"the step went back: {seen}"
    pause(page)
    assert stored_model(page)["step"] > at_stop
    assert stored_points(page) == edited
    assert_consistent(page)
