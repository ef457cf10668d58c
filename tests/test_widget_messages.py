"""nnvisu.Widget's kernel-side message handler: the browser's custom messages (step, init,
ping) run the real `protocol.handle_message`, and its errors are the server's errors.

Messages from the browser enter through ipywidgets' own comm entry point (`_handle_msg`); see
widget_support.py.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from widget_support import (
    arrays,
    assert_same_weights,
    browser_sets,
    circles,
    comm_of,
    from_browser,
)

from nnvisu.core import trainer
from nnvisu.core.limits import Limits
from nnvisu.notebook.widget import Widget
from nnvisu.wire import protocol
from nnvisu.wire.errors import ProtocolError

pytestmark = pytest.mark.usefixtures("recording_comms")


def wire_request(w: Widget, steps: int) -> dict[str, Any]:
    """The `/ws` step request the standalone page would send for this widget's state."""
    return {
        "type": "step",
        "id": 1,
        "steps": steps,
        "step": w.step_count,
        "config": w.config,
        "weights": w.weights,
        "optimizer": w._optimizer_state,
        "data": w.data,
    }


# ---------------------------------------------------------------------- custom messages


def test_train_message_runs_the_protocol_step(widget: Widget) -> None:
    expected = protocol.handle_message({**wire_request(widget, steps=5), "id": "t1"}, Limits())
    assert expected["type"] == "step_result"
    updates_before = len(comm_of(widget).updates())

    reply = from_browser(widget, {"type": "step", "id": "t1", "steps": 5})

    # The wire reply, less the state (which the traits carry).
    assert reply == {k: v for k, v in expected.items() if k not in ("weights", "optimizer")}
    assert reply == {
        "type": "step_result",
        "id": "t1",
        "step": 5,
        "loss": expected["loss"],
        "accuracy": expected["accuracy"],
        "testLoss": None,
        "testAccuracy": None,
        "r2": None,
        "testR2": None,
        "trainCount": 120,
        "testCount": 0,
    }
    assert widget.step_count == 5
    assert_same_weights(widget.weights, expected["weights"])
    assert widget._optimizer_state is not None
    assert widget._optimizer_state["t"] == 5
    assert widget.metrics == {
        "loss": expected["loss"],
        "accuracy": expected["accuracy"],
        "testLoss": None,
        "testAccuracy": None,
        "r2": None,
        "testR2": None,
    }
    # Weights, optimizer, step and metrics reach the browser in one update message.
    new = comm_of(widget).updates()[updates_before:]
    together = [u for u in new if {"weights", "optimizer", "step", "metrics"} <= u.keys()]
    assert len(together) == 1
    assert not [u for u in new if u is not together[0] and "weights" in u]
    assert together[0]["step"] == 5


def test_weights_and_optimizer_state_are_arrays_and_travel_as_binary(widget: Widget) -> None:
    sent = comm_of(widget)
    widget.step(2)
    assert widget.weights is not None and widget._optimizer_state is not None
    buffers = widget._optimizer_state["buffers"]["layer_0_weights"]
    for a in [*widget.weights.values(), *buffers.values()]:
        assert isinstance(a, np.ndarray) and a.dtype == np.float32
    i, update = next(
        (i, d)
        for i, (t, d) in reversed(list(enumerate(sent.published)))
        if t == "comm_msg" and "optimizer" in d.get("state", {})
    )
    paths = update["buffer_paths"]
    assert ["optimizer", "buffers", "layer_0_weights", "exp_avg", "buffer"] in paths
    assert ["weights", "layer_0_weights", "buffer"] in paths
    # The history's snapshots go the same way (a snapshot of step 0 and of step 2).
    assert ["history", "snapshots", 1, "weights", "layer_0_weights", "buffer"] in paths
    snapshot_opt = ["history", "snapshots", 1, "optimizer", "buffers", "layer_0_weights"]
    assert [*snapshot_opt, "exp_avg", "buffer"] in paths
    assert {p[0] for p in paths} == {"weights", "optimizer", "history"}
    for path, raw in zip(paths, sent.buffers[i], strict=True):
        meta = update["state"]
        for key in path[:-1]:
            meta = meta[key]
        assert meta["dtype"] == "float32"
        decoded = np.frombuffer(raw, np.float32).reshape(meta["shape"])
        if path[0] == "weights":
            expected = widget.weights[path[1]]
        elif path[0] == "optimizer":
            expected = widget._optimizer_state["buffers"][path[2]][path[3]]
        elif path[3] == "weights":
            expected = widget.history["snapshots"][path[2]]["weights"][path[4]]
        else:  # a snapshot's optimizer state, so training can continue from it
            snapshot = widget.history["snapshots"][path[2]]
            expected = snapshot["optimizer"]["buffers"][path[5]][path[6]]
        np.testing.assert_array_equal(decoded, expected)
    assert update["state"]["history"]["snapshots"][1]["step"] == 2

    # What the browser may send back (saved state) decodes to the same arrays.
    state = copy.deepcopy(update["state"])
    for path, raw in zip(paths, sent.buffers[i], strict=True):
        target = state
        for key in path[:-1]:
            target = target[key]
        target["buffer"] = memoryview(raw)
    weights_before = copy.deepcopy(widget.weights)
    optimizer_before = copy.deepcopy(widget._optimizer_state)
    browser_sets(widget, weights=state["weights"], optimizer=state["optimizer"])
    assert_same_weights(widget.weights, weights_before)
    assert widget._optimizer_state["t"] == optimizer_before["t"]
    for name, bufs in optimizer_before["buffers"].items():
        assert_same_weights(widget._optimizer_state["buffers"][name], bufs)
    browser_sets(widget, optimizer=None)
    assert widget._optimizer_state is None
    widget.step(1)  # a fresh optimizer state, as after switching optimizers
    assert widget._optimizer_state is not None
    assert widget._optimizer_state["t"] == 1


def test_weights_edited_in_the_browser_as_lists_become_arrays(widget: Widget) -> None:
    assert widget.weights is not None
    edited = {name: a.tolist() for name, a in widget.weights.items()}
    edited["layer_0_bias"][1] = 0.5
    browser_sets(widget, weights=edited)
    assert all(isinstance(a, np.ndarray) for a in widget.weights.values())
    assert widget.weights["layer_0_bias"][1] == np.float32(0.5)
    assert_same_weights(widget.weights, edited)
    widget.step(1)  # and they train

    # What is not an array stays as sent, and the protocol names it when it is used.
    browser_sets(widget, weights={**edited, "layer_0_bias": ["a", 1]})
    assert widget.weights["layer_0_bias"] == ["a", 1]
    with pytest.raises(ProtocolError, match=r"^weights.layer_0_bias: must contain only numbers"):
        widget.step(1)


def test_consecutive_train_messages_continue_the_optimizer(widget: Widget) -> None:
    for i in range(3):
        from_browser(widget, {"type": "step", "id": i, "steps": 4})
    fresh = Widget(widget.X, widget.y, hidden_layers=(6, 4), seed=3)
    from_browser(fresh, {"type": "step", "id": 0, "steps": 12})
    assert widget.step_count == fresh.step_count == 12
    # How the steps are split into messages changes no arithmetic: equal bit for bit.
    for name, value in arrays(widget.weights).items():
        np.testing.assert_array_equal(value, arrays(fresh.weights)[name])


def test_test_points_are_reported_separately() -> None:
    X, y = circles(60)
    w = Widget(X, y, test=np.arange(60) % 4 == 0)
    reply = from_browser(w, {"type": "step", "id": 1, "steps": 2})
    assert reply["testLoss"] is not None
    assert 0 <= reply["testAccuracy"] <= 1
    metrics = trainer.evaluate(w._config(), arrays(w.weights), w._data())
    assert metrics.test_count == 15
    assert reply["testLoss"] == pytest.approx(metrics.test_loss, rel=1e-5)


def test_init_message_gives_fresh_weights(widget: Widget) -> None:
    from_browser(widget, {"type": "step", "id": 1, "steps": 3})
    reply = from_browser(widget, {"type": "init", "id": 2})
    assert reply == {"type": "init_result", "id": 2}
    assert_same_weights(widget.weights, trainer.init_weights(widget._config()))
    assert widget._optimizer_state is None
    assert widget.step_count == 0
    assert widget.metrics is None


def test_init_resize_keeps_hidden_layers(widget: Widget) -> None:
    from_browser(widget, {"type": "step", "id": 1, "steps": 3})
    trained = arrays(widget.weights)
    metrics = widget.metrics
    config = copy.deepcopy(widget.config)
    config["architecture"][-1] = 3
    browser_sets(widget, config=config)
    expected = protocol.handle_message(
        {
            "type": "init",
            "id": 7,
            "config": config,
            "weights": widget.weights,
            "optimizer": widget._optimizer_state,
        },
        Limits(),
    )
    reply = from_browser(widget, {"type": "init", "id": 7, "resize": True})
    assert reply == {"type": "init_result", "id": 7}
    assert_same_weights(widget.weights, expected["weights"])
    resized = arrays(widget.weights)
    np.testing.assert_array_equal(resized["layer_0_weights"], trained["layer_0_weights"])
    np.testing.assert_array_equal(resized["layer_2_weights"][:2], trained["layer_2_weights"])
    assert resized["layer_2_weights"].shape == (3, 4)
    assert widget.step_count == 3  # the run continues, as on the standalone page
    assert widget.metrics == metrics
    assert widget._optimizer_state is not None
    assert widget._optimizer_state["buffers"]["layer_2_bias"]["exp_avg"][2] == 0


def server_error(request: dict[str, Any]) -> dict[str, Any]:
    """The error the standalone server would send for `request` (no id, as the widget's)."""
    reply = protocol.handle_message(request, Limits())
    assert reply["type"] == "error"
    return reply


def test_errors_are_the_servers_errors(widget: Widget) -> None:
    weights, step = copy.deepcopy(widget.weights), widget.step_count
    config = {**widget.config, "activation": "swish"}
    browser_sets(widget, config=config)
    expected = server_error({**wire_request(widget, steps=2), "id": "e"})

    reply = from_browser(widget, {"type": "step", "id": "e", "steps": 2})

    assert reply == expected
    assert reply["code"] == "invalid_request"
    assert reply["field"] == "config.activation"
    assert widget.status["error"] == {
        "code": "invalid_request",
        "field": "config.activation",
        "message": expected["message"],
    }
    assert_same_weights(widget.weights, weights)
    assert widget.step_count == step

    browser_sets(widget, config={**config, "activation": "tanh"})
    from_browser(widget, {"type": "step", "id": "ok", "steps": 1})
    assert widget.status["error"] is None


@pytest.mark.parametrize(
    ("content", "code", "field"),
    [
        ({"type": "step", "id": 1, "steps": 5000}, "limit_exceeded", "steps"),
        ({"type": "step", "id": 1, "steps": 0}, "invalid_request", "steps"),
        ({"type": "step", "id": 1, "steps": "many"}, "invalid_request", "steps"),
        ({"type": "step", "id": {"no": 1}, "steps": 1}, "invalid_request", "id"),
        ({"type": "fly", "id": 1}, "unknown_type", "type"),
        ({"type": "init", "id": 1, "resize": "yes"}, "invalid_request", "resize"),
    ],
)
def test_bad_messages_get_error_replies(
    widget: Widget, content: dict[str, Any], code: str, field: str
) -> None:
    weights = copy.deepcopy(widget.weights)
    reply = from_browser(widget, content)
    assert reply["type"] == "error"
    assert (reply["code"], reply["field"]) == (code, field)
    assert reply["message"].startswith(f"{field}: ")
    assert_same_weights(widget.weights, weights)
    if content["type"] == "step" and field != "id":
        request = {**wire_request(widget, steps=content["steps"]), "id": content["id"]}
        assert reply == server_error(request)


def test_only_the_wire_names_are_understood(widget: Widget) -> None:
    for old in ("train", "trained", "initialized"):
        reply = from_browser(widget, {"type": old, "id": 3, "steps": 1})
        assert reply == {
            "type": "error",
            "id": 3,
            "code": "unknown_type",
            "field": "type",
            "message": f"type: unknown message type {old!r}; expected 'step', 'init' or 'ping'",
        }
    assert widget.step_count == 0
    # The same words as /ws, and ping as there; /ws also exports a .pt file, which the
    # kernel leaves to Widget.to_torch.
    assert from_browser(widget, {"type": "ping", "id": 4}) == {"type": "pong", "id": 4}
    ws = protocol.handle_message({"type": "fly", "id": 3}, Limits())
    assert ws["message"] == (
        "type: unknown message type 'fly'; expected 'step', 'init', 'export' or 'ping'"
    )


def test_training_without_points_is_an_error() -> None:
    w = Widget()
    reply = from_browser(w, {"type": "step", "id": 1, "steps": 1})
    assert (reply["code"], reply["field"]) == ("invalid_request", "data")
    with pytest.raises(ProtocolError, match=r"^data: has no training points"):
        w.fit(epochs=1, progress=False)


def test_divergence_keeps_the_last_good_state() -> None:
    X, y = circles(40)
    w = Widget(X, y, optimizer="sgd", learning_rate=1e6, hidden_layers=(8,), activation="relu")
    weights = copy.deepcopy(w.weights)
    reply = from_browser(w, {"type": "step", "id": 1, "steps": 50})
    assert (reply["code"], reply["field"]) == ("diverged", "config.learningRate")
    assert_same_weights(w.weights, weights)
    assert w.step_count == 0
    with pytest.raises(ProtocolError, match=r"training diverged") as info:
        w.fit(epochs=50, steps_per_update=20, progress=False)
    assert info.value.code == "diverged"
    # The widget keeps the last epoch that did not diverge, shown and recorded.
    good = w.step_count
    assert 0 < good < 50
    assert all(np.isfinite(a).all() for a in w.weights.values())
    again = Widget(X, y, optimizer="sgd", learning_rate=1e6, hidden_layers=(8,), activation="relu")
    again.fit(epochs=good, progress=False)
    assert_same_weights(w.weights, again.weights)
    assert w.history["losses"][-1][0] == good
    assert comm_of(w).updates()[-1]["step"] == good
