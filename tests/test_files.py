"""The state file in Python (`nnvisu.wire.state_file`, `Widget.save` / `Widget.load`) and the
`export` message that builds a PyTorch file, with the snippet that rebuilds the model from it.

The page's side of the same file (export in one browser, import in a fresh one, and into a
widget, and back) is in test_browser_files.py."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import comm
import numpy as np
import orjson
import pytest
import torch
from widget_support import RecordingComm, circles

from nnvisu.core import trainer
from nnvisu.core.limits import Limits
from nnvisu.core.network import Network
from nnvisu.notebook.widget import Widget
from nnvisu.wire import protocol, state_file
from nnvisu.wire.codec import dumps

LIMITS = Limits()


@pytest.fixture(autouse=True)
def recording_comms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(comm, "create_comm", lambda **kw: RecordingComm(**kw))


def trained_widget() -> Widget:
    X, y = circles(80, seed=2)
    test = np.zeros(len(y), bool)
    test[::5] = True
    w = Widget(X, y, test=test, hidden_layers=(5, 3), features=("x", "y", "xy"), seed=4)
    w.fit(epochs=4, steps_per_update=2, progress=False)
    # The kernel keeps the history; rows of five (with accuracies) are the page's.
    w.history = {
        "losses": [[0, 0.7, 0.69, 0.5, 0.5], [w.step_count, 0.6, 0.65, 0.7, None]],
        "snapshots": [{"step": w.step_count, "weights": dict(w.weights)}],
    }
    return w


def test_save_and_load_give_the_same_state_which_trains_on_identically(tmp_path: Path) -> None:
    w = trained_widget()
    path = tmp_path / "state.json"
    w.save(path)
    doc = json.loads(path.read_text())
    assert (doc["format"], doc["version"]) == ("nnvisu-state", 1)
    assert doc["step"] == w.step_count and len(doc["data"]) == 80
    assert sum(p.get("test", False) for p in doc["data"]) == 16
    loaded = Widget.load(path)
    for k, v in w.weights.items():
        np.testing.assert_array_equal(loaded.weights[k], v, err_msg=k)
    assert loaded._optimizer_state is not None and w._optimizer_state is not None
    assert loaded._optimizer_state["t"] == w._optimizer_state["t"]
    for name, bufs in w._optimizer_state["buffers"].items():
        for b, a in bufs.items():
            np.testing.assert_array_equal(loaded._optimizer_state["buffers"][name][b], a)
    np.testing.assert_array_equal(loaded.X, w.X)
    np.testing.assert_array_equal(loaded.y, w.y)
    np.testing.assert_array_equal(loaded.test, w.test)
    assert loaded.step_count == w.step_count and loaded.config == w.config
    assert loaded.history["losses"] == w.history["losses"]
    assert loaded.history["snapshots"][0]["step"] == w.step_count
    # Optimizer state, step and seed came along: the next steps are the same steps.
    w.step(3)
    loaded.step(3)
    for k, v in w.weights.items():
        np.testing.assert_array_equal(loaded.weights[k], v, err_msg=k)


def test_a_file_without_weights_loads_with_fresh_ones(tmp_path: Path) -> None:
    w = trained_widget()
    path = tmp_path / "s.json"
    w.save(path)
    doc = json.loads(path.read_text())
    doc.update(weights=None, optimizer=None, history=None)
    path.write_text(json.dumps(doc))
    loaded = Widget.load(path)
    assert loaded.step_count == 0
    fresh = trainer.init_weights(loaded._config())
    for k, v in fresh.items():
        np.testing.assert_array_equal(loaded.weights[k], v)


def good_doc() -> dict[str, Any]:
    w = trained_widget()
    state = state_file.from_traits(
        {
            "config": w.config,
            "data": w.data,
            "history": w.history,
            "step": w.step_count,
            "weights": w.weights,
            "optimizer": w._optimizer_state,
        },
        LIMITS,
    )
    doc: dict[str, Any] = orjson.loads(dumps(state_file.state_json(state)))
    return doc


BAD: list[tuple[str, Any, str]] = [
    ("foreign", lambda d: {"name": "x"}, 'not an nnvisu state file (it has no "format"'),
    ("list", lambda d: [d], "not an nnvisu state file"),
    (
        "newer",
        lambda d: d | {"version": 2},
        "version 2; this nnvisu reads version 1 (it was written by a newer",
    ),
    (
        "regression with two outputs",
        lambda d: d | {"config": d["config"] | {"problem": "regression"}},
        "config.architecture[3]: output size must be 1 for regression",
    ),
    ("no config", lambda d: {k: v for k, v in d.items() if k != "config"}, "config: is required"),
    (
        "bad setting",
        lambda d: d | {"config": d["config"] | {"learningRate": -1}},
        "config.learningRate: must be in",
    ),
    (
        "weights shape",
        lambda d: d | {"weights": d["weights"] | {"layer_0_bias": [1.0]}},
        "weights.layer_0_bias: has shape [1], expected [5]",
    ),
    (
        "optimizer",
        lambda d: d | {"optimizer": d["optimizer"] | {"type": "sgd"}},
        "optimizer.type: state of optimizer 'sgd'",
    ),
    (
        "label",
        lambda d: d | {"data": [{"x": 0, "y": 0, "label": 7}]},
        "data[0].label: label 7 is outside the 2 classes",
    ),
    (
        "history row",
        lambda d: d | {"history": {"losses": [["a"]], "snapshots": []}},
        "history.losses[0]: must be [step, loss",
    ),
    (
        "snapshot",
        lambda d: d | {"history": {"losses": [], "snapshots": [{"step": 1, "weights": {}}]}},
        "history.snapshots[0].weights.layer_0_weights: is required",
    ),
]


@pytest.mark.parametrize(("what", "change", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_files_are_refused_naming_the_problem(
    tmp_path: Path, what: str, change: Any, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(orjson.dumps(change(good_doc())))
    with pytest.raises(state_file.FileFormatError) as e:
        Widget.load(path)
    assert message in str(e.value) and str(e.value).startswith(str(path))


def test_truncated_and_binary_files_are_refused(tmp_path: Path) -> None:
    text = orjson.dumps(good_doc())
    path = tmp_path / "cut.json"
    for cut in (1, len(text) // 3, len(text) - 1):
        path.write_bytes(text[:cut])
        with pytest.raises(state_file.FileFormatError, match="is not JSON"):
            Widget.load(path)
    path.write_bytes(bytes(range(256)))
    with pytest.raises(state_file.FileFormatError, match="is not JSON"):
        state_file.load(path)


# ---------------------------------------------------------------------------- .pt export


def export_request(
    config: trainer.Config, weights: dict[str, np.ndarray], **extra: Any
) -> dict[str, Any]:
    return {
        "type": "export",
        "id": "e1",
        "config": state_file.wire_config(config),
        "weights": {k: v.tolist() for k, v in weights.items()},
        "step": 12,
        **extra,
    }


def run_snippet(reply: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    (tmp_path / reply["filename"]).write_bytes(base64.b64decode(reply["file"]))
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    exec(reply["snippet"], namespace)  # the snippet as the page shows it
    return namespace["predict_proba"]


@pytest.mark.parametrize("activation", list(trainer.ACTIVATIONS))
def test_the_snippet_rebuilds_the_trainers_network_from_the_pt_file(
    activation: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    features = tuple(trainer.FEATURES)
    config = trainer.Config(
        architecture=(len(features), 6, 4, 3), activation=activation, features=features, seed=9
    )
    rng = np.random.default_rng(1)
    weights = {
        k: rng.standard_normal(s).astype(np.float32)
        for k, s in trainer.param_shapes(config.architecture).items()
    }
    reply = orjson.loads(protocol.handle(orjson.dumps(export_request(config, weights)), LIMITS))
    assert reply["type"] == "export_result" and reply["id"] == "e1"
    saved = torch.load(io.BytesIO(base64.b64decode(reply["file"])), weights_only=True)
    assert saved["format"] == "nnvisu-pt" and saved["step"] == 12
    assert saved["config"]["architecture"] == list(config.architecture)
    predict_proba = run_snippet(reply, tmp_path, monkeypatch)
    xy = torch.from_numpy(rng.uniform(-6, 6, size=(200, 2)).astype(np.float32))
    expected = torch.softmax(Network(config, weights)(xy), dim=1).detach().numpy()
    got = predict_proba(xy).numpy()
    assert np.abs(got - expected).max() <= 1e-6


def test_the_snippet_check_can_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = trainer.Config(architecture=(2, 4, 2), seed=1)
    weights = trainer.init_weights(config)
    reply = orjson.loads(protocol.handle(orjson.dumps(export_request(config, weights)), LIMITS))
    predict_proba = run_snippet(reply, tmp_path, monkeypatch)
    xy = torch.tensor([[1.0, 2.0], [-3.0, 0.5]])
    other = {k: v + 0.01 for k, v in weights.items()}
    assert (
        np.abs(
            predict_proba(xy).numpy()
            - torch.softmax(Network(config, other)(xy), 1).detach().numpy()
        ).max()
        > 1e-4
    )


def test_bad_export_requests_get_named_errors() -> None:
    config = trainer.Config(architecture=(2, 4, 2))
    weights = trainer.init_weights(config)
    good = export_request(config, weights)
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({k: v for k, v in good.items() if k != "weights"}, "invalid_request", "weights"),
        (
            good | {"weights": good["weights"] | {"layer_1_bias": [0.0]}},
            "invalid_request",
            "weights.layer_1_bias",
        ),
        (
            good | {"config": good["config"] | {"activation": "swish"}},
            "invalid_request",
            "config.activation",
        ),
        (good | {"step": -1}, "invalid_request", "step"),
        (
            good | {"config": good["config"] | {"architecture": [2, 101, 2]}},
            "limit_exceeded",
            "config.architecture[1]",
        ),
    ]
    for request, code, field in cases:
        reply = orjson.loads(protocol.handle(orjson.dumps(request), LIMITS))
        assert (reply["type"], reply["code"], reply["field"], reply["id"]) == (
            "error",
            code,
            field,
            "e1",
        ), reply
        assert reply["message"].startswith(field)
    unknown = orjson.loads(protocol.handle(b'{"type": "exports", "id": 1}', LIMITS))
    assert "'export'" in unknown["message"]


def test_export_in_the_binary_encoding_gets_a_binary_reply() -> None:
    from protocol_support import binary_frame, unpack

    config = trainer.Config(architecture=(2, 3, 2))
    weights = trainer.init_weights(config)
    request = export_request(config, weights)
    reply = unpack(protocol.handle(binary_frame(request), LIMITS))
    assert reply["type"] == "export_result"
    saved = torch.load(io.BytesIO(base64.b64decode(reply["file"])), weights_only=True)
    np.testing.assert_array_equal(
        saved["state_dict"]["2.weight"].numpy(), weights["layer_1_weights"]
    )


def test_a_regression_widget_saves_and_loads(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    X = rng.uniform(-3, 3, (60, 2))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1]
    w = Widget(X, y, problem="regression", hidden_layers=(6,), seed=2)
    w.fit(epochs=3, progress=False)
    w.save(tmp_path / "r.json")
    loaded = Widget.load(tmp_path / "r.json")
    assert loaded.problem == "regression" and loaded.step_count == w.step_count
    np.testing.assert_array_equal(loaded.y, w.y.astype(np.float32))
    np.testing.assert_array_equal(loaded.predict(X), w.predict(X))
