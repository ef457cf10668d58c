"""nnvisu.Widget without a browser: construction, traits, data, training from Python and
prediction. The kernel-side message handler is test_widget_messages.py.

Messages from the browser enter through ipywidgets' own comm entry point (`_handle_msg`), and
what the kernel sends is recorded by a comm that keeps its messages instead of publishing
them to a front end. Training and validation are the real `protocol.handle_message`.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from widget_support import (
    arrays,
    assert_same_weights,
    browser_sets,
    circles,
    comm_of,
    from_browser,
)

import nnvisu
from nnvisu.core import schema, trainer
from nnvisu.core.limits import Limits
from nnvisu.core.network import Network
from nnvisu.notebook import synced as synced_module
from nnvisu.notebook.widget import Widget
from nnvisu.wire import validation

pytestmark = pytest.mark.usefixtures("recording_comms")


MODEL_KEYS = {
    "model_id",
    "extent",
    "config",
    "weights",
    "optimizer",
    "step",
    "data",
    "metrics",
    "history",
    "limits",
    "status",
}


# ---------------------------------------------------------------------- construction


def test_esm_and_css_are_the_files_the_server_ships() -> None:
    static = Path(nnvisu.__file__).parent / "static"
    w = Widget()
    assert w._esm == (static / "nnvisu.js").read_text(encoding="utf-8")
    assert w._css == (static / "nnvisu.css").read_text(encoding="utf-8")


def test_missing_bundle_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(synced_module, "BUNDLE", tmp_path / "nnvisu.js")
    with pytest.raises(FileNotFoundError, match=r"npm ci && npm run build"):
        Widget()


def test_synced_state_is_the_model_interface() -> None:
    w = Widget()
    opened = [d for t, d in comm_of(w).published if t == "comm_open"]
    assert len(opened) == 1
    state = opened[0]["state"]
    assert set(state) >= MODEL_KEYS
    assert "step_count" not in state
    assert state["step"] == 0
    assert state["status"] == {"connected": True, "error": None, "keepsHistory": True}
    assert state["model_id"] == w.model_id
    assert state["limits"] == schema.describe_limits(Limits())
    assert state["history"] == {"losses": [], "snapshots": []}


def test_empty_widget_shows_a_fresh_default_model() -> None:
    w = Widget()
    assert w.X.shape == (0, 2)
    assert w.y.shape == (0,)
    assert w.test.shape == (0,)
    assert w.config["architecture"] == [2, 8, 8, 2]
    assert w.config["activation"] == "tanh"
    assert w.config["optimizer"] == "adam"
    assert w.config["learningRate"] == 0.03
    assert w.config["features"] == ["x", "y"]
    config = validation.parse_config(w.config, Limits())
    assert_same_weights(w.weights, trainer.init_weights(config))
    assert w.optimizer == "adam"  # the setting; its state is the model key "optimizer"
    assert w._optimizer_state is None
    assert w.metrics is None
    assert w.step_count == 0


def test_classes_are_inferred_from_labels() -> None:
    X, _ = circles(40)
    y = np.arange(40) % 5
    w = Widget(X, y, hidden_layers=[3], features=["x", "y", "xy"])
    assert w.classes == 5
    assert w.config["architecture"] == [3, 3, 5]


def test_repr_names_the_model() -> None:
    X, y = circles()
    w = Widget(X, y)
    assert repr(w) == (
        "Widget(points=120, classes=2, architecture=[2, 8, 8, 2], activation='tanh', "
        "optimizer='adam', step=0)"
    )
    w.step(2)
    assert repr(w).endswith(f"step=2, loss={w.metrics['loss']:.3f})")


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"learning_rate": -1}, ValueError, "learning_rate"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate"),
        ({"hidden_layers": (8, 500)}, ValueError, "hidden_layers"),
        ({"hidden_layers": (8, 0)}, ValueError, "hidden_layers"),
        ({"hidden_layers": [4] * 11}, ValueError, "hidden_layers"),
        ({"hidden_layers": "8-8"}, TypeError, "hidden_layers"),
        ({"hidden_layers": (8.5,)}, TypeError, "hidden_layers"),
        ({"activation": "swish"}, ValueError, "activation"),
        ({"optimizer": "lbfgs"}, ValueError, "optimizer"),
        ({"features": ("x", "z")}, ValueError, "features"),
        ({"features": ()}, ValueError, "features"),
        ({"features": "xy"}, TypeError, "features"),
        ({"classes": 9}, ValueError, "classes"),
        ({"classes": 1}, ValueError, "classes"),
        ({"dropout": 0.99}, ValueError, "dropout"),
        ({"batch_size": -1}, ValueError, "batch_size"),
        ({"batch_size": 2.5}, TypeError, "batch_size"),
        ({"seed": -1}, ValueError, "seed"),
        ({"l2": math.nan}, ValueError, "l2"),
        ({"momentum": True}, TypeError, "momentum"),
    ],
)
def test_bad_config_arguments_are_named(
    kwargs: dict[str, Any], error: type[Exception], name: str
) -> None:
    X, y = circles(20)
    with pytest.raises(error, match=rf"^{name}: "):
        Widget(X, y, **kwargs)


@pytest.mark.parametrize(
    ("args", "error", "name"),
    [
        ((np.zeros((3, 3)), [0, 1, 0]), ValueError, "X"),
        (([[0, 0], [1, math.inf]], [0, 1]), ValueError, "X"),
        ((["a", "b"], [0, 1]), TypeError, "X"),
        ((np.zeros((3, 2)), [0, 1]), ValueError, "y"),
        ((np.zeros((2, 2)), [0, math.nan]), ValueError, "y"),
        ((np.zeros((2, 2)), ["a", None]), ValueError, "y"),
        ((np.zeros((2, 2)), np.zeros((2, 2))), ValueError, "y"),
        ((np.zeros((9, 2)), list("abcdefghi")), ValueError, "y"),
        ((np.zeros((2, 2)), None), ValueError, "y"),
    ],
)
def test_bad_data_arguments_are_named(
    args: tuple[Any, Any], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=rf"^{name}: "):
        Widget(*args)


def test_labels_beyond_given_classes_are_rejected() -> None:
    X, y = circles(20)
    with pytest.raises(ValueError, match=r"^y: 3 distinct labels need 3 classes; there are 2"):
        Widget(X, np.arange(20) % 3, classes=2)
    with pytest.raises(ValueError, match=r"^test: "):
        Widget(X, y, test=np.ones(3, bool))


def test_too_many_points_for_the_limits() -> None:
    X, y = circles(30)
    with pytest.raises(ValueError, match=r"^X: 30 points; at most 20"):
        Widget(X, y, limits=Limits(max_points=20))


# ---------------------------------------------------------------------- data


def test_data_round_trip() -> None:
    X, y = circles(50)
    test = np.arange(50) % 5 == 0
    w = Widget(X, y, test=test)
    np.testing.assert_array_equal(w.X, X.astype(np.float32))
    np.testing.assert_array_equal(w.y, y)
    np.testing.assert_array_equal(w.test, test)
    assert w.data["test"] == test.tolist()

    X2, y2 = circles(10, seed=1)
    w.set_data(X2, y2)
    np.testing.assert_array_equal(w.X, X2.astype(np.float32))
    assert not w.test.any()

    w.X = X2 * 0.5
    np.testing.assert_array_equal(w.X, (X2 * 0.5).astype(np.float32))
    np.testing.assert_array_equal(w.y, y2)
    w.y = 1 - y2
    np.testing.assert_array_equal(w.y, 1 - y2)
    w.test = np.ones(10, bool)
    assert w.test.all()
    with pytest.raises(ValueError, match=r"^y: must have shape \(5,\)"):
        w.X = X2[:5]
    # A rejected assignment leaves the points as they were.
    np.testing.assert_array_equal(w.X, (X2 * 0.5).astype(np.float32))


def test_assigning_data_sends_it_to_the_browser() -> None:
    w = Widget()
    w.set_data([[1.5, -2.0]], [1])
    sent = [s["data"] for s in comm_of(w).updates() if "data" in s]
    assert sent[-1] == {"x": [1.5], "y": [-2.0], "label": [1], "test": [False]}


def test_points_drawn_in_the_browser_appear_in_X() -> None:
    X, y = circles(4)
    w = Widget(X, y)
    data = copy.deepcopy(w.data)
    for col, v in (("x", 2.25), ("y", -1.5), ("label", 1), ("test", False)):
        data[col].append(v)
    browser_sets(w, data=data)
    assert w.X.shape == (5, 2)
    np.testing.assert_array_equal(w.X[-1], [2.25, -1.5])
    assert w.y[-1] == 1


def test_new_labels_add_classes_and_keep_hidden_layers(widget: Widget) -> None:
    widget.fit(epochs=5, progress=False)
    before = arrays(widget.weights)
    X, y = circles(30)
    y[:3] = 3
    widget.set_data(X, y)
    # Label 3 is a new class of its own, without an empty class 2.
    assert widget.classes == 3
    assert widget.classes_.tolist() == [0, 1, 3]
    np.testing.assert_array_equal(widget.y, y)
    after = arrays(widget.weights)
    for name in ("layer_0_weights", "layer_0_bias", "layer_1_weights", "layer_1_bias"):
        np.testing.assert_array_equal(after[name], before[name])
    assert after["layer_2_weights"].shape == (3, 4)
    np.testing.assert_array_equal(after["layer_2_weights"][:2], before["layer_2_weights"])
    # The grown model trains on the new labels at once.
    assert np.isfinite(widget.step())


# ---------------------------------------------------------------------- Python training


def test_fit_decreases_loss_and_animates(widget: Widget) -> None:
    initial = trainer.evaluate(widget._config(), arrays(widget.weights), widget._data())
    assert initial.train_loss is not None
    updates_before = len(comm_of(widget).updates())

    losses = widget.fit(epochs=60, steps_per_update=7, progress=False)

    assert widget.step_count == 60
    assert len(losses) == 60  # one per epoch (of one full-batch step here)
    assert losses[-1] < 0.5 * initial.train_loss
    assert losses[-1] == widget.metrics["loss"]
    steps_seen = [u["step"] for u in comm_of(widget).updates()[updates_before:] if "step" in u]
    assert steps_seen == [*range(7, 60, 7), 60]


def test_fit_counts_epochs_in_batches() -> None:
    X, y = circles(100)
    test = np.arange(100) < 20
    w = Widget(X, y, test=test, batch_size=16)
    w.fit(epochs=2, steps_per_update=3, progress=False)
    assert w.step_count == math.ceil(2 * 80 / 16)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": math.inf}, ValueError, "epochs"),
        ({"epochs": "10"}, TypeError, "epochs"),
        ({"steps_per_update": 0}, ValueError, "steps_per_update"),
        ({"steps_per_update": 1001}, ValueError, "steps_per_update"),
        ({"steps_per_update": 2.0}, TypeError, "steps_per_update"),
    ],
)
def test_bad_fit_arguments_are_named(
    widget: Widget, kwargs: dict[str, Any], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=rf"^{name}: "):
        widget.fit(**kwargs)
    assert widget.step_count == 0


def test_step_and_reset(widget: Widget) -> None:
    loss = widget.step(3)
    assert widget.step_count == 3
    assert loss == widget.metrics["loss"]
    with pytest.raises(ValueError, match=r"^n: "):
        widget.step(0)
    assert [row[0] for row in widget.history["losses"]] == [0, 3]

    widget.reset(seed=11)

    assert widget.config["seed"] == 11
    assert widget.seed == 11
    assert widget.step_count == 0
    assert widget._optimizer_state is None
    assert_same_weights(widget.weights, trainer.init_weights(widget._config()))
    # A new history, starting with the fresh network's loss.
    fresh = trainer.evaluate(widget._config(), arrays(widget.weights), widget._data())
    assert widget.history["losses"] == [[0, fresh.train_loss, None, fresh.train_accuracy, None]]
    assert [s["step"] for s in widget.history["snapshots"]] == [0]
    with pytest.raises(ValueError, match=r"^seed: "):
        widget.reset(seed=-5)
    assert widget.config["seed"] == 11


def test_widgets_are_independent() -> None:
    X, y = circles()
    a, b = Widget(X, y, seed=1), Widget(X, y, seed=1)
    b_weights = copy.deepcopy(b.weights)
    from_browser(a, {"type": "step", "id": 1, "steps": 5})
    a.set_data(X[:10], y[:10])
    assert_same_weights(b.weights, b_weights)
    assert b.step_count == 0
    assert len(b.X) == len(X)
    assert comm_of(b).replies() == []
    a_weights = copy.deepcopy(a.weights)
    b.fit(epochs=3, progress=False)
    assert b.step_count == 3
    assert a.step_count == 5
    assert_same_weights(a.weights, a_weights)
    assert len(a.X) == 10


# ---------------------------------------------------------------------- prediction


def numpy_forward(w: Widget, X: np.ndarray) -> np.ndarray:
    """An independent re-implementation for this test's config (features x, y2, sinx; relu)."""
    x, y = X[:, 0], X[:, 1]
    h = np.stack([x, y * y, np.sin(x)], axis=1).astype(np.float64)
    weights = arrays(w.weights)
    layers = len(weights) // 2
    for i in range(layers):
        h = h @ weights[f"layer_{i}_weights"].T.astype(np.float64) + weights[f"layer_{i}_bias"]
        if i < layers - 1:
            h = np.maximum(h, 0)
    e = np.exp(h - h.max(axis=1, keepdims=True))
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def test_to_torch_agrees_with_predict_proba() -> None:
    X, y = circles(80)
    y[:10] = 2
    w = Widget(X, y, hidden_layers=(7, 5), activation="relu", features=("x", "y2", "sinx"))
    w.fit(epochs=30, progress=False)
    model = w.to_torch()
    assert isinstance(model, Network) and isinstance(model, torch.nn.Module)
    points = np.random.default_rng(5).uniform(-6, 6, size=(300, 2))

    with torch.no_grad():
        logits = model(torch.tensor(points, dtype=torch.float32))
    proba = w.predict_proba(points)

    assert proba.shape == (300, 3)
    np.testing.assert_allclose(torch.softmax(logits, dim=1).numpy(), proba, atol=1e-6)
    np.testing.assert_allclose(proba, numpy_forward(w, points), atol=1e-5)
    np.testing.assert_array_equal(w.predict(points), proba.argmax(axis=1))
    # The reported accuracy is the accuracy of what predict() says.
    assert w.metrics is not None
    assert (w.predict(w.X) == w.y).mean() == pytest.approx(w.metrics["accuracy"])

    # The module is a copy: later training does not change it.
    w.fit(epochs=5, progress=False)
    with torch.no_grad():
        again = model(torch.tensor(points, dtype=torch.float32))
    np.testing.assert_array_equal(again.numpy(), logits.numpy())


def test_predict_rejects_bad_points(widget: Widget) -> None:
    with pytest.raises(ValueError, match=r"^X: must have shape \(n, 2\)"):
        widget.predict(np.zeros((4, 3)))
