"""The standalone page in Chromium: training, the network settings and what they show."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import numpy as np
import pytest
from browser_support import (
    assert_consistent,
    button,
    choose,
    field,
    generate,
    layer_shapes,
    layer_sizes_drawn,
    open_app,
    pause,
    percent,
    plane_png,
    play_until,
    readout,
    readout_int,
    screenshot,
    server_limits,
    set_field,
    step_once,
    storage_all,
    stored_config,
    stored_data,
    stored_model,
    stored_weights,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Page, WebSocket, expect
from protocol_support import assert_same_reply, unpack

from nnvisu.core.limits import Limits
from nnvisu.wire import protocol

pytestmark = pytest.mark.browser

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def accuracy_above(app: Page, bar: float) -> bool:
    text = readout(app, "train-accuracy")
    return text.endswith("%") and percent(text) > bar


def hidden_sizes(app: Page) -> list[int]:
    return [out for out, _ in layer_shapes(stored_weights(app))[:-1]]


def numbers_in(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(text.replace("\u2212", "-"))]


def test_moons_trains_past_95_percent(app: Page) -> None:
    generate(app, "moons", 100)
    play_until(app, lambda: accuracy_above(app, 95.0), "train accuracy above 95%")
    assert percent(readout(app, "train-accuracy")) > 95.0
    # Paused means paused: the counter holds still and the state is one consistent step.
    step = readout_int(app, "step")
    assert step > 0
    app.wait_for_timeout(500)
    assert readout_int(app, "step") == step
    assert_consistent(app)
    screenshot(app, "moons.png")


def test_four_classes_train_and_screenshot(app: Page) -> None:
    generate(app, "blobs", 120, classes=4)
    assert {*stored_data(app)["label"]} == {0, 1, 2, 3}
    play_until(app, lambda: accuracy_above(app, 90.0), "train accuracy above 90% on 4 blobs")
    assert layer_shapes(stored_weights(app))[-1][0] == 4
    assert layer_sizes_drawn(app)[-1] == 4
    assert_consistent(app)
    screenshot(app, "four-classes.png")


def test_step_and_reset_weights(app: Page) -> None:
    assert readout_int(app, "step") == 0
    initial = stored_weights(app)
    data = stored_data(app)
    first = step_once(app)
    trained = stored_weights(app)
    assert trained != initial
    # Full batch (batch size 0): one epoch per step.
    assert readout_int(app, "epoch") == first
    second = step_once(app)
    assert second > first
    assert stored_weights(app) != trained
    assert_consistent(app)

    button(app, "Reset weights").click()
    expect(app.get_by_test_id("step")).to_have_text("0")
    wait_until(app, lambda: stored_model(app)["step"] == 0, "the stored step to reset")
    assert stored_weights(app) != trained
    assert stored_data(app) == data
    assert readout_int(app, "point-count") == 200


def test_epoch_counts_whole_passes_over_the_points(app: Page) -> None:
    generate(app, "circles", 100)
    set_field(app, "Batch size", "60")
    # 0.6, then 1.2 passes over the points: rounding would show 1 after the first step,
    # rounding up 2 after the second.
    assert step_once(app) == 1
    assert readout_int(app, "epoch") == 0
    assert step_once(app) == 2
    assert readout_int(app, "epoch") == 1


def test_hidden_layers_text_and_buttons(app: Page) -> None:
    assert layer_shapes(stored_weights(app)) == [(8, 2), (8, 8), (2, 8)]
    assert layer_sizes_drawn(app) == [8, 8, 2]

    set_field(app, "Hidden layers", "4-3")
    wait_until(app, lambda: hidden_sizes(app) == [4, 3], "weights for 4-3")
    assert layer_shapes(stored_weights(app)) == [(4, 2), (3, 4), (2, 3)]
    assert stored_config(app)["architecture"] == [2, 4, 3, 2]
    # The graph is drawn at the next frame after the weights are stored.
    wait_until(app, lambda: layer_sizes_drawn(app) == [4, 3, 2], "4-3 drawn")

    button(app, "Add hidden layer").click()
    wait_until(app, lambda: len(hidden_sizes(app)) == 3, "a third hidden layer")
    assert hidden_sizes(app)[:2] == [4, 3]
    wait_until(app, lambda: len(layer_sizes_drawn(app)) == 4, "three hidden layers drawn")
    assert layer_sizes_drawn(app)[:2] == [4, 3]

    button(app, "Remove hidden layer").click()
    button(app, "Remove hidden layer").click()
    wait_until(app, lambda: hidden_sizes(app) == [4], "one hidden layer left")
    wait_until(app, lambda: layer_sizes_drawn(app) == [4, 2], "one hidden layer drawn")

    set_field(app, "Hidden layers", "")
    wait_until(app, lambda: hidden_sizes(app) == [], "no hidden layer")
    assert layer_shapes(stored_weights(app)) == [(2, 2)]
    wait_until(app, lambda: layer_sizes_drawn(app) == [2], "no hidden layer drawn")
    step_once(app)
    assert readout(app, "message") == ""


@pytest.mark.parametrize("kind", ["too many layers", "too many neurons", "not a list", "zero"])
def test_invalid_hidden_layers_change_nothing(app: Page, kind: str) -> None:
    limits = server_limits(app)
    text = {
        "too many layers": "-".join(["2"] * (limits["maxHiddenLayers"] + 1)),
        "too many neurons": f"8-{limits['maxNeurons'] + 1}",
        "not a list": "8-x",
        "zero": "8-0",
    }[kind]
    before = storage_all(app)
    set_field(app, "Hidden layers", text)
    expect(app.get_by_test_id("message")).not_to_have_text("")
    assert storage_all(app) == before
    assert layer_sizes_drawn(app) == [8, 8, 2]
    step_once(app)  # still works


def test_add_hidden_layer_at_the_limit_changes_nothing(app: Page) -> None:
    limits = server_limits(app)
    full = "-".join(["2"] * limits["maxHiddenLayers"])
    set_field(app, "Hidden layers", full)
    wait_until(app, lambda: len(hidden_sizes(app)) == limits["maxHiddenLayers"], "the full net")
    assert readout(app, "message") == ""
    before = storage_all(app)
    add = button(app, "Add hidden layer")
    if add.is_enabled():
        add.click()
        expect(app.get_by_test_id("message")).not_to_have_text("")
    assert storage_all(app) == before


def test_feature_toggles_set_the_input_size(app: Page) -> None:
    field(app, "Feature x\u00b2").check()
    wait_until(app, lambda: layer_shapes(stored_weights(app))[0][1] == 3, "3 inputs")
    assert set(stored_config(app)["features"]) == {"x", "y", "x2"}
    field(app, "Feature sin y").check()
    field(app, "Feature x").uncheck()
    wait_until(app, lambda: layer_shapes(stored_weights(app))[0][1] == 3, "3 inputs again")
    assert set(stored_config(app)["features"]) == {"y", "x2", "siny"}
    for name in ("Feature x", "Feature xy", "Feature sin x", "Feature y\u00b2"):
        field(app, name).check()
    wait_until(app, lambda: layer_shapes(stored_weights(app))[0][1] == 7, "all 7 inputs")
    step_once(app)
    assert_consistent(app)


def test_activation_change_reinitializes(app: Page) -> None:
    step_once(app)
    trained = stored_weights(app)
    choose(app, "Activation", "relu")
    expect(app.get_by_test_id("step")).to_have_text("0")
    wait_until(app, lambda: stored_config(app)["activation"] == "relu", "relu in the config")
    wait_until(app, lambda: stored_model(app)["step"] == 0, "fresh weights")
    assert stored_weights(app) != trained
    step_once(app)
    assert_consistent(app)


def test_learning_rate_change_keeps_weights(app: Page) -> None:
    step = step_once(app)
    before = stored_model(app)
    set_field(app, "Learning rate", "0.1")
    wait_until(app, lambda: stored_config(app)["learningRate"] == 0.1, "the new learning rate")
    after = stored_model(app)
    assert after["weights"] == before["weights"]
    assert after["optimizer"] == before["optimizer"]
    assert readout_int(app, "step") == step
    assert step_once(app) > step


def test_class_count_change_keeps_hidden_layers(app: Page) -> None:
    step_once(app)
    step_once(app)
    before = stored_weights(app)
    set_field(app, "Classes", "3")
    wait_until(app, lambda: layer_shapes(stored_weights(app))[-1][0] == 3, "a 3-class output")
    after = stored_weights(app)
    for name in ("layer_0_weights", "layer_0_bias", "layer_1_weights", "layer_1_bias"):
        assert after[name] == before[name], f"{name} changed"
    assert after["layer_2_weights"][:2] == before["layer_2_weights"]
    assert layer_sizes_drawn(app) == [8, 8, 3]
    step_once(app)
    assert_consistent(app)


def test_optimizer_change(app: Page) -> None:
    step_once(app)
    assert stored_model(app)["optimizer"]["type"] == "adam"
    choose(app, "Optimizer", "momentum")
    wait_until(app, lambda: stored_config(app)["optimizer"] == "momentum", "momentum chosen")
    step_once(app)
    optimizer = stored_model(app)["optimizer"]
    assert optimizer["type"] == "momentum"
    assert "momentum_buffer" in optimizer["buffers"]["layer_0_weights"]
    assert readout(app, "message") == ""
    assert_consistent(app)


def test_discretize_changes_the_plane(app: Page) -> None:
    step_once(app)
    smooth = plane_png(app)
    field(app, "Discretize").check()
    wait_until(app, lambda: plane_png(app) != smooth, "a discretized decision map")
    field(app, "Discretize").uncheck()
    wait_until(app, lambda: plane_png(app) == smooth, "the smooth map again")


def test_edge_hover_shows_its_weight(app: Page) -> None:
    set_field(app, "Hidden layers", "2-2")
    wait_until(app, lambda: hidden_sizes(app) == [2, 2], "a 2-2 network")
    step_once(app)
    # The edge from the first neuron of hidden layer 0 to the first of hidden layer 1 is the
    # only one through the midpoint of their centres (every other edge passes lower there).
    a = app.get_by_test_id("neuron-0-0").bounding_box()
    b = app.get_by_test_id("neuron-1-0").bounding_box()
    assert a is not None and b is not None
    mid_x = (a["x"] + a["width"] / 2 + b["x"] + b["width"] / 2) / 2
    mid_y = (a["y"] + a["height"] / 2 + b["y"] + b["height"] / 2) / 2
    app.mouse.move(mid_x, mid_y)
    tooltip = app.get_by_test_id("tooltip")
    expect(tooltip).to_be_visible()
    weight = stored_weights(app)["layer_1_weights"][0][0]
    shown = numbers_in(tooltip.inner_text())
    assert shown, f"no number in the tooltip {tooltip.inner_text()!r}"
    # The value comes last ("neuron 1.1 -> neuron 2.1: weight 0.123"), shown to 3 decimals.
    assert shown[-1] == pytest.approx(weight, abs=1e-3), (tooltip.inner_text(), weight)


def test_loss_chart_hover_shows_losses(app: Page) -> None:
    generate(app, "moons", 60)
    for _ in range(4):
        step_once(app)
    chart = app.get_by_test_id("loss-chart")
    box = chart.bounding_box()
    assert box is not None
    tooltip = app.get_by_test_id("tooltip")
    # At the right end: the latest step and the loss the readout shows.
    app.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    expect(tooltip).to_be_visible()
    latest = numbers_in(tooltip.inner_text())
    assert readout_int(app, "step") in latest, latest
    assert float(readout(app, "train-loss")) in latest, latest
    # At the left end: an earlier step, with its own (higher) loss.
    app.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
    wait_until(app, lambda: numbers_in(tooltip.inner_text()) != latest, "an earlier point")
    earliest = numbers_in(tooltip.inner_text())
    assert min(earliest) < readout_int(app, "step")


def test_history_scrubber_shows_earlier_maps(app: Page) -> None:
    generate(app, "moons", 60)
    play_until(app, lambda: readout_int(app, "step") >= 60, "60 steps")
    latest = plane_png(app)
    scrubber = field(app, "History")
    scrubber.focus()
    scrubber.press("Home")
    wait_until(app, lambda: plane_png(app) != latest, "an earlier decision map")
    scrubber.press("End")
    wait_until(app, lambda: plane_png(app) == latest, "the latest map again")


def test_play_pause_button_names(app: Page) -> None:
    generate(app, "moons", 40)
    button(app, "Play").click()
    expect(button(app, "Pause")).to_be_visible()
    expect(button(app, "Play")).to_have_count(0)
    wait_until(app, lambda: readout_int(app, "step") > 0, "training to start")
    pause(app)
    assert_consistent(app)


@pytest.mark.usefixtures("one_torch_thread")
def test_the_page_trains_over_the_binary_encoding(page: Page, server: LiveServer) -> None:
    """After the server's hello offers it, every step request the page sends is a binary
    frame, and the reply it gets equals what the trainer answers to that exact frame."""
    frames: list[tuple[str, str | bytes]] = []

    def watch(ws: WebSocket) -> None:
        ws.on("framesent", lambda payload: frames.append(("sent", payload)))
        ws.on("framereceived", lambda payload: frames.append(("received", payload)))

    page.on("websocket", watch)
    open_app(page, server.url)
    generate(page, "spiral", 120, classes=3)
    for _ in range(3):
        step_once(page)
    sent = [p for d, p in frames if d == "sent"]
    received = [p for d, p in frames if d == "received"]
    assert isinstance(received[0], str) and json.loads(received[0])["type"] == "hello"
    steps = [p for p in sent if isinstance(p, bytes) and unpack(p).get("type") == "step"]
    assert len(steps) >= 3, [type(p) for p in sent]
    assert all(isinstance(p, bytes) and p[:4] == b"NNVB" for p in sent[-3:])
    replies = {unpack(p)["id"]: unpack(p) for p in received if isinstance(p, bytes)}
    for frame in steps:
        request = unpack(frame)
        assert request["data"]["x"].shape == (120,) and request["weights"]
        expected = unpack(protocol.handle(frame, Limits()))
        assert_same_reply(replies[request["id"]], {**expected, "weights": tolists(expected)})
    weights = stored_weights(page)
    last = replies[unpack(steps[-1])["id"]]["weights"]
    for name, arr in last.items():
        assert np.array_equal(np.asarray(weights[name], np.float32), arr), name


def test_play_chains_every_request_from_the_reply_before(page: Page, server: LiveServer) -> None:
    """While playing, the page asks for the next request before the current reply comes; each
    request on the wire still carries exactly the step, weights and optimizer state the reply
    before it returned, so no step is lost, repeated or trained from older weights."""
    frames: list[tuple[str, str | bytes]] = []

    def watch(ws: WebSocket) -> None:
        ws.on("framesent", lambda payload: frames.append(("sent", payload)))
        ws.on("framereceived", lambda payload: frames.append(("received", payload)))

    page.on("websocket", watch)
    open_app(page, server.url)
    generate(page, "moons", 80)
    step_once(page)
    play_until(page, lambda: readout_int(page, "step") >= 200, "200 steps")
    order = [(d, unpack(p)) for d, p in frames if isinstance(p, bytes)]
    steps = [m for d, m in order if d == "sent" and m["type"] == "step"]
    replies = {m["id"]: m for d, m in order if d == "received"}
    assert len(steps) >= 4, len(steps)
    for before, after in itertools.pairwise(steps):
        reply = replies[before["id"]]
        assert reply["type"] == "step_result", reply
        assert after["step"] == reply["step"] == before["step"] + before["steps"]
        for name, arr in reply["weights"].items():
            assert np.array_equal(after["weights"][name], arr), name
        assert after["optimizer"]["t"] == reply["optimizer"]["t"]
        for name, buffers in reply["optimizer"]["buffers"].items():
            for kind, arr in buffers.items():
                assert np.array_equal(after["optimizer"]["buffers"][name][kind], arr), (name, kind)
    # One request on the wire at a time: each leaves after the reply before it arrived.
    at = {(d, m["id"]): i for i, (d, m) in enumerate(order)}
    for before, after in itertools.pairwise(steps):
        assert at[("received", before["id"])] < at[("sent", after["id"])]
    assert readout_int(page, "step") == replies[steps[-1]["id"]]["step"]


# Counts the WebSockets the page's main thread opens (a worker's are not seen here).
COUNT_MAIN_THREAD_SOCKETS = """
window.__nvSockets = 0;
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(...args) { super(...args); window.__nvSockets++; }
};
"""


@pytest.mark.parametrize("workers", ["available", "refused"])
def test_the_connection_runs_in_a_worker_where_one_can_start(
    page: Page, server: LiveServer, workers: str
) -> None:
    """The page's connection runs in a worker started from the bundle, so the next request
    leaves as a reply arrives even while the main thread draws; where no worker can start, the
    same connection runs on the main thread and the page trains just the same."""
    page.add_init_script(COUNT_MAIN_THREAD_SOCKETS)
    if workers == "refused":
        page.add_init_script("window.Worker = function () { throw new Error('no workers'); };")
    open_app(page, server.url)
    generate(page, "moons", 60)
    play_until(page, lambda: readout_int(page, "step") >= 50, "50 steps")
    in_worker = [w for w in page.workers if w.url.endswith("/static/nnvisu.js")]
    main_sockets = page.evaluate("window.__nvSockets")
    if workers == "available":
        assert len(in_worker) == 1 and main_sockets == 0, (page.workers, main_sockets)
    else:
        assert not in_worker and main_sockets == 1, (page.workers, main_sockets)
    assert_consistent(page)


def tolists(reply: dict[str, Any]) -> dict[str, Any]:
    return {k: v.tolist() for k, v in reply["weights"].items()}
