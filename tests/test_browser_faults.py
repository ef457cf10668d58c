"""Faults seen from the page: a crashed server, a full storage, a diverging network.

The trainer is deterministic, so a run that was interrupted must end exactly where an
uninterrupted run of the same number of steps ends.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

import numpy as np
import orjson
import pytest
from browser_support import (
    ErrorCollector,
    button,
    choose,
    field,
    generate,
    open_app,
    pause,
    readout,
    readout_int,
    set_field,
    step_once,
    storage,
    stored_config,
    stored_data,
    stored_model,
    wait_settled,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Page, expect

from nnvisu.core.limits import Limits
from nnvisu.wire import protocol

pytestmark = pytest.mark.browser

LIMITS = Limits(max_points=1 << 20)


def uninterrupted(
    config: dict[str, Any], weights: dict[str, Any], data: Any, steps: int
) -> dict[str, Any]:
    """The same run in one go, straight through the trainer, in chunks of `maxSteps`."""
    state: dict[str, Any] = {"weights": weights, "optimizer": None, "step": 0}
    while state["step"] < steps:
        chunk = min(LIMITS.max_steps, steps - state["step"])
        request = {"type": "step", "config": config, "data": data, "steps": chunk, **state}
        reply = orjson.loads(protocol.handle(orjson.dumps(request), LIMITS))
        assert reply["type"] == "step_result", reply
        state = {k: reply[k] for k in ("weights", "optimizer", "step")}
    return state


def max_difference(a: dict[str, Any], b: dict[str, Any]) -> float:
    return max(float(np.max(np.abs(np.asarray(a[k]) - np.asarray(b[k])))) for k in a)


def test_killed_server_mid_training_ends_where_an_uninterrupted_run_ends(
    page: Page, live_server: LiveServer, errors: ErrorCollector
) -> None:
    # While the server is down the page's socket fails, and Chromium logs that.
    errors.allow(r"WebSocket connection to .* failed")
    open_app(page, live_server.url)
    generate(page, "moons", 150)
    button(page, "Reset weights").click()
    wait_until(page, lambda: stored_model(page)["step"] == 0, "fresh weights")
    start = stored_model(page)
    config, data = stored_config(page), stored_data(page)

    button(page, "Play").click()
    wait_until(page, lambda: readout_int(page, "step") > 100, "training to get going", 60_000)
    for _ in range(2):  # two crashes, each while requests are in flight
        live_server.stop(sig=signal.SIGKILL)
        expect(page.get_by_test_id("connection-status")).to_have_text("disconnected")
        before = readout_int(page, "step")
        live_server.start()
        expect(page.get_by_test_id("connection-status")).to_have_text("connected")

        def resumed(limit: int = before + 100) -> bool:
            return readout_int(page, "step") > limit

        wait_until(page, resumed, "training to resume")
    pause(page)
    wait_settled(page)
    end = stored_model(page)
    steps = end["step"]

    expected = uninterrupted(config, start["weights"], data, steps)
    assert max_difference(end["weights"], expected["weights"]) <= 1e-6
    assert end["optimizer"]["t"] == expected["optimizer"]["t"] == steps


QUOTA_SWITCH = """
(() => {
  const setItem = Storage.prototype.setItem;
  window.__storageFull = false;
  Storage.prototype.setItem = function (key, value) {
    if (window.__storageFull) {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    }
    return setItem.call(this, key, value);
  };
})();
"""


def test_full_storage_is_reported_and_never_half_written(page: Page, server: LiveServer) -> None:
    page.add_init_script(QUOTA_SWITCH)
    open_app(page, server.url)
    step_once(page)
    wait_settled(page)
    saved = stored_model(page)

    page.evaluate("window.__storageFull = true")
    for _ in range(3):
        step_once(page)
    expect(page.get_by_test_id("message")).to_contain_text("storage is full")
    # The page goes on training in memory; storage still holds the last complete state.
    assert readout_int(page, "step") == saved["step"] + 3
    assert stored_model(page) == saved
    assert saved["optimizer"]["t"] == saved["optimizer"]["step"] == saved["step"]

    page.evaluate("window.__storageFull = false")
    step_once(page)
    wait_settled(page)
    now = stored_model(page)
    assert now["step"] == saved["step"] + 4
    assert now["optimizer"]["t"] == now["optimizer"]["step"] == now["step"], "one step"


def test_divergence_is_reported_and_the_last_good_weights_kept(
    page: Page, server: LiveServer
) -> None:
    open_app(page, server.url)
    # All 100 points train (the default holds 0.2 out): the run diverges early, at weights a
    # small learning rate can train on from.
    set_field(page, "Test fraction", "0")
    generate(page, "xor", 100)  # not linearly separable, so the loss cannot just go to 0
    choose(page, "Activation", "linear")
    choose(page, "Optimizer", "sgd")
    wait_until(page, lambda: stored_config(page)["optimizer"] == "sgd", "sgd to be saved")
    step_once(page)
    wait_settled(page)
    good = stored_model(page)

    set_field(page, "Learning rate", "10")
    button(page, "Play").click()
    expect(page.get_by_test_id("message")).to_contain_text("diverged", timeout=60_000)
    expect(button(page, "Play")).to_be_visible()  # training stopped by itself
    wait_settled(page)
    kept = stored_model(page)
    # Whatever steps succeeded before the blow-up are finite; nothing NaN was stored.
    for values in kept["weights"].values():
        assert np.isfinite(np.asarray(values, dtype=np.float64)).all()
    assert kept["step"] >= good["step"]
    assert readout(page, "train-loss") not in ("NaN", "Infinity")

    set_field(page, "Learning rate", "0.01")
    assert field(page, "Learning rate").input_value() == "0.01"
    resumed = step_once(page)
    assert resumed > kept["step"]
    wait_settled(page)
    for values in stored_model(page)["weights"].values():
        assert np.isfinite(np.asarray(values, dtype=np.float64)).all()


HAND_EDITS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    # An older schema: what a version without the envelope would have written.
    "older schema": ("nnvisu_config", lambda cfg: {"config": cfg}),
    "learning rate edited to text": (
        "nnvisu_config",
        lambda cfg: {**cfg, "learningRate": "fast"},
    ),
    "layer beyond the limits": (
        "nnvisu_config",
        lambda cfg: {**cfg, "architecture": [2, 5000, 2]},
    ),
}


@pytest.mark.parametrize("edit", sorted(HAND_EDITS))
def test_hand_edited_or_older_storage_is_reported_and_replaced(
    page: Page, server: LiveServer, edit: str
) -> None:
    open_app(page, server.url)
    key, change = HAND_EDITS[edit]
    edited = change(stored_config(page))
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, orjson.dumps(edited).decode()])
    page.reload()
    expect(page.get_by_test_id("message")).to_contain_text(key)
    expect(page.get_by_test_id("connection-status")).to_have_text("connected")
    assert field(page, "Hidden layers").input_value() == "8-8"
    step_once(page)
    wait_settled(page)
    assert storage(page, key)["version"] == 2
    assert stored_config(page)["learningRate"] == 0.03
