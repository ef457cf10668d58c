"""The protocol: one test per validation rule, each showing the exact code, field and message.

Every case sends a real JSON frame through `protocol.handle` on one shared `Limits`, checks the
error reply, then checks that the next valid request on the same `Limits` still trains.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
from typing import Any

import numpy as np
import pytest

from nnvisu import protocol, schema, work
from nnvisu.limits import Limits

JSON = dict[str, Any]


pytestmark = pytest.mark.usefixtures("one_torch_thread")

LIMITS = Limits(
    max_hidden_layers=3,
    max_neurons=10,
    max_points=50,
    max_steps=20,
    max_message_bytes=200_000,
    max_work=80_000_000,
)


def send(msg: Any, limits: Limits = LIMITS) -> JSON:
    reply: JSON = json.loads(protocol.handle(json.dumps(msg).encode(), limits))
    return reply


def send_raw(frame: str | bytes, limits: Limits = LIMITS) -> JSON:
    reply: JSON = json.loads(protocol.handle(frame, limits))
    return reply


CONFIG: JSON = {
    "architecture": [2, 4, 3],
    "activation": "tanh",
    "optimizer": "adam",
    "learningRate": 0.03,
    "momentum": 0.9,
    "l1": 0,
    "l2": 0.001,
    "batchSize": 0,
    "dropout": 0,
    "features": ["x", "y"],
    "seed": 1,
    "uiZoom": 3,  # a UI-only key: ignored
}
POINTS = [
    {"x": float(i) - 4.5, "y": (i * 7 % 10) / 3 - 1.5, "label": i % 3, "test": i % 5 == 0}
    for i in range(10)
]


def _base() -> JSON:
    weights = send({"type": "init", "id": 0, "config": CONFIG})["weights"]
    first = send(
        {"type": "step", "id": 0, "config": CONFIG, "weights": weights, "data": POINTS, "steps": 1}
    )
    assert first["type"] == "step_result", first
    return {
        "type": "step",
        "id": "req-1",
        "config": CONFIG,
        "weights": first["weights"],
        "optimizer": first["optimizer"],
        "step": first["step"],
        "steps": 2,
        "data": POINTS,
    }


BASE = _base()


def assert_still_works() -> None:
    reply = send(BASE)
    assert reply["type"] == "step_result", reply
    assert reply["id"] == "req-1" and reply["step"] == BASE["step"] + 2


DELETE = object()
Path = tuple[str | int, ...]


def edited(msg: JSON, *edits: tuple[Path, Any]) -> JSON:
    out = copy.deepcopy(msg)
    for path, value in edits:
        target: Any = out
        for key in path[:-1]:
            target = target[key]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return out


def columns(points: list[JSON]) -> JSON:
    return {k: [p.get(k, False) for p in points] for k in ("x", "y", "label", "test")}


COLUMNS = columns(POINTS)
W0 = BASE["weights"]["layer_0_weights"]
BIG_WEIGHTS = send({"type": "init", "config": {**CONFIG, "architecture": [2, 10, 10, 3]}})[
    "weights"
]
ADAM0 = BASE["optimizer"]["buffers"]["layer_0_weights"]


def arch(*sizes: int) -> tuple[Path, Any]:
    return (("config", "architecture"), list(sizes))


def cfg(key: str, value: Any) -> tuple[Path, Any]:
    return (("config", key), value)


def point(i: int, key: str, value: Any) -> tuple[Path, Any]:
    return (("data", i, key), value)


def col(key: str, value: Any) -> tuple[Path, Any]:
    return (("data",), {**COLUMNS, key: value} if value is not DELETE else _without(key))


def _without(key: str) -> JSON:
    return {k: v for k, v in COLUMNS.items() if k != key}


def buf(name: str, buffer: str, value: Any) -> tuple[Path, Any]:
    return (("optimizer", "buffers", name, buffer), value)


# (id, edits, code, field, a fragment of the message after "field: ")
CASES: list[tuple[str, list[tuple[Path, Any]], str, str | None, str]] = [
    # message
    (
        "unknown type",
        [(("type",), "train")],
        "unknown_type",
        "type",
        "unknown message type 'train'",
    ),
    ("missing type", [(("type",), DELETE)], "unknown_type", "type", "unknown message type None"),
    ("missing config", [(("config",), DELETE)], "invalid_request", "config", "is required"),
    ("missing weights", [(("weights",), DELETE)], "invalid_request", "weights", "is required"),
    ("missing data", [(("data",), DELETE)], "invalid_request", "data", "is required"),
    ("config not object", [(("config",), [1])], "invalid_request", "config", "must be an object"),
    # architecture
    (
        "architecture missing",
        [(("config", "architecture"), DELETE)],
        "invalid_request",
        "config.architecture",
        "is required",
    ),
    (
        "architecture not array",
        [cfg("architecture", "2-4-3")],
        "invalid_request",
        "config.architecture",
        "must be an array of layer sizes, got a string",
    ),
    (
        "architecture too short",
        [arch(2)],
        "invalid_request",
        "config.architecture",
        "needs at least an input and an output size",
    ),
    (
        "too many hidden layers",
        [arch(2, 4, 4, 4, 4, 3)],
        "limit_exceeded",
        "config.architecture",
        "4 hidden layers; this server allows at most 3",
    ),
    (
        "too many neurons",
        [arch(2, 11, 3)],
        "limit_exceeded",
        "config.architecture[1]",
        "11 neurons; this server allows at most 10",
    ),
    (
        "layer size string",
        [arch(2, "4", 3)],  # type: ignore[arg-type]
        "invalid_request",
        "config.architecture[1]",
        "must be an integer, got a string",
    ),
    (
        "layer size fractional",
        [(("config", "architecture"), [2, 4.5, 3])],
        "invalid_request",
        "config.architecture[1]",
        "must be an integer, got 4.5",
    ),
    (
        "layer size zero",
        [arch(2, 0, 3)],
        "invalid_request",
        "config.architecture[1]",
        "must be between 1 and",
    ),
    (
        "input size vs features",
        [arch(3, 4, 3)],
        "invalid_request",
        "config.architecture[0]",
        "input size 3 does not match the 2 enabled features",
    ),
    (
        "one class",
        [arch(2, 4, 1)],
        "invalid_request",
        "config.architecture[2]",
        "must be between 2 and 8, got 1",
    ),
    (
        "nine classes",
        [arch(2, 4, 9)],
        "invalid_request",
        "config.architecture[2]",
        "must be between 2 and 8, got 9",
    ),
    # names
    (
        "unknown activation",
        [cfg("activation", "softplus")],
        "invalid_request",
        "config.activation",
        "unknown activation 'softplus'; known: tanh, relu",
    ),
    (
        "activation not a string",
        [cfg("activation", ["tanh"])],
        "invalid_request",
        "config.activation",
        "unknown activation ['tanh']",
    ),
    (
        "unknown optimizer",
        [cfg("optimizer", "adagrad")],
        "invalid_request",
        "config.optimizer",
        "unknown optimizer 'adagrad'; known: sgd, momentum, adam, rmsprop",
    ),
    (
        "optimizer not a string",
        [cfg("optimizer", {"adam": 1})],
        "invalid_request",
        "config.optimizer",
        "unknown optimizer",
    ),
    (
        "unknown feature",
        [cfg("features", ["x", "z"])],
        "invalid_request",
        "config.features",
        "unknown feature 'z'; known: x, y, x2",
    ),
    (
        "feature not a string",
        [cfg("features", ["x", ["y"]])],
        "invalid_request",
        "config.features",
        "unknown feature ['y']",
    ),
    (
        "features empty",
        [cfg("features", [])],
        "invalid_request",
        "config.features",
        "must be a non-empty array of feature names",
    ),
    (
        "features not array",
        [cfg("features", "x,y")],
        "invalid_request",
        "config.features",
        "must be a non-empty array",
    ),
    (
        "duplicate feature",
        [cfg("features", ["x", "x"])],
        "invalid_request",
        "config.features",
        "lists a feature twice",
    ),
    # numbers
    (
        "learning rate zero",
        [cfg("learningRate", 0)],
        "invalid_request",
        "config.learningRate",
        "must be in (0.0, 1000000.0], got 0.0",
    ),
    (
        "learning rate negative",
        [cfg("learningRate", -0.1)],
        "invalid_request",
        "config.learningRate",
        "got -0.1",
    ),
    (
        "learning rate too large",
        [cfg("learningRate", 1e7)],
        "invalid_request",
        "config.learningRate",
        "got 10000000.0",
    ),
    (
        "learning rate string",
        [cfg("learningRate", "0.1")],
        "invalid_request",
        "config.learningRate",
        "must be a number, got a string",
    ),
    (
        "learning rate boolean",
        [cfg("learningRate", True)],
        "invalid_request",
        "config.learningRate",
        "must be a number, got a boolean",
    ),
    (
        "learning rate null",
        [cfg("learningRate", None)],
        "invalid_request",
        "config.learningRate",
        "must be a number, got null",
    ),
    ("dropout high", [cfg("dropout", 0.96)], "invalid_request", "config.dropout", "[0.0, 0.95]"),
    ("dropout negative", [cfg("dropout", -0.1)], "invalid_request", "config.dropout", "got -0.1"),
    ("momentum 1", [cfg("momentum", 1)], "invalid_request", "config.momentum", "[0.0, 0.999]"),
    ("momentum negative", [cfg("momentum", -1)], "invalid_request", "config.momentum", "got -1"),
    ("l1 negative", [cfg("l1", -0.01)], "invalid_request", "config.l1", "[0.0, 100.0]"),
    ("l2 too large", [cfg("l2", 101)], "invalid_request", "config.l2", "[0.0, 100.0]"),
    ("l2 string", [cfg("l2", "a")], "invalid_request", "config.l2", "must be a number"),
    (
        "batch size negative",
        [cfg("batchSize", -1)],
        "invalid_request",
        "config.batchSize",
        "must be between 0 and",
    ),
    (
        "batch size fractional",
        [cfg("batchSize", 2.5)],
        "invalid_request",
        "config.batchSize",
        "must be an integer, got 2.5",
    ),
    ("seed negative", [cfg("seed", -1)], "invalid_request", "config.seed", "between 0 and"),
    (
        "seed too large",
        [cfg("seed", 2**31)],
        "invalid_request",
        "config.seed",
        "must be between 0 and 2147483647, got 2147483648",
    ),
    ("seed string", [cfg("seed", "7")], "invalid_request", "config.seed", "must be an integer"),
    # weights
    (
        "weights not object",
        [(("weights",), [[1]])],
        "invalid_request",
        "weights",
        "must be an object of layer arrays",
    ),
    (
        "weight shape mismatch",
        [(("weights", "layer_0_weights"), [[*r, 0.0] for r in W0])],
        "invalid_request",
        "weights.layer_0_weights",
        "has shape [4, 3], expected [4, 2]",
    ),
    (
        "weights transposed",
        [(("weights", "layer_0_weights"), [list(c) for c in zip(*W0, strict=True)])],
        "invalid_request",
        "weights.layer_0_weights",
        "has shape [2, 4], expected [4, 2]",
    ),
    (
        "weight missing",
        [(("weights", "layer_1_bias"), DELETE)],
        "invalid_request",
        "weights.layer_1_bias",
        "is required",
    ),
    (
        "extra weight key",
        [(("weights", "layer_2_weights"), [[0.0]])],
        "invalid_request",
        "weights.layer_2_weights",
        "is not a parameter of architecture [2, 4, 3]",
    ),
    (
        "weight overflows float32",
        [(("weights", "layer_0_weights", 1, 0), 1e39)],
        "invalid_request",
        "weights.layer_0_weights",
        "contains a non-finite or out-of-range number",
    ),
    (
        "string in weights",
        [(("weights", "layer_0_bias", 2), "0.5")],
        "invalid_request",
        "weights.layer_0_bias",
        "must contain only numbers",
    ),
    (
        "null in weights",
        [(("weights", "layer_0_bias", 2), None)],
        "invalid_request",
        "weights.layer_0_bias",
        "must contain only numbers",
    ),
    (
        "boolean in weights",
        [(("weights", "layer_0_bias", 2), True)],
        "invalid_request",
        "weights.layer_0_bias",
        "must contain only numbers",
    ),
    (
        "ragged weights",
        [(("weights", "layer_0_weights", 2), [0.1])],
        "invalid_request",
        "weights.layer_0_weights",
        "must be a rectangular array of shape [4, 2]",
    ),
    (
        "weights not array",
        [(("weights", "layer_1_bias"), 0.5)],
        "invalid_request",
        "weights.layer_1_bias",
        "must be an array of shape [3], got a number",
    ),
    # optimizer state
    (
        "optimizer type mismatch",
        [(("optimizer", "type"), "rmsprop")],
        "invalid_request",
        "optimizer.type",
        "state of optimizer 'rmsprop' does not match config.optimizer 'adam'",
    ),
    (
        "optimizer switched in config",
        [cfg("optimizer", "sgd")],
        "invalid_request",
        "optimizer.type",
        "send optimizer: null to start its state fresh",
    ),
    (
        "optimizer not object",
        [(("optimizer",), "adam")],
        "invalid_request",
        "optimizer",
        "must be an object or null, got a string",
    ),
    (
        "optimizer t negative",
        [(("optimizer", "t"), -1)],
        "invalid_request",
        "optimizer.t",
        "must be between 0 and",
    ),
    (
        "optimizer buffers missing",
        [(("optimizer", "buffers"), DELETE)],
        "invalid_request",
        "optimizer.buffers",
        "is required",
    ),
    (
        "optimizer buffer entry missing",
        [(("optimizer", "buffers", "layer_1_bias"), DELETE)],
        "invalid_request",
        "optimizer.buffers.layer_1_bias",
        "is required",
    ),
    (
        "optimizer buffer missing",
        [buf("layer_0_bias", "exp_avg_sq", DELETE)],
        "invalid_request",
        "optimizer.buffers.layer_0_bias.exp_avg_sq",
        "is required",
    ),
    (
        "optimizer buffer shape",
        [buf("layer_0_weights", "exp_avg", ADAM0["exp_avg"][:3])],
        "invalid_request",
        "optimizer.buffers.layer_0_weights.exp_avg",
        "has shape [3, 2], expected [4, 2]",
    ),
    (
        "optimizer buffer of another optimizer",
        [buf("layer_0_weights", "momentum_buffer", ADAM0["exp_avg"])],
        "invalid_request",
        "optimizer.buffers.layer_0_weights.momentum_buffer",
        "is not a buffer of optimizer 'adam'",
    ),
    (
        "optimizer buffer of no parameter",
        [(("optimizer", "buffers", "layer_5_bias"), {})],
        "invalid_request",
        "optimizer.buffers.layer_5_bias",
        "is not a parameter of this architecture",
    ),
    (
        "optimizer buffer overflows",
        [buf("layer_1_bias", "exp_avg", [0.0, 1e39, 0.0])],
        "invalid_request",
        "optimizer.buffers.layer_1_bias.exp_avg",
        "non-finite or out-of-range",
    ),
    (
        "optimizer squared average negative",
        [buf("layer_1_bias", "exp_avg_sq", [0.0, -1.0, 0.0])],
        "invalid_request",
        "optimizer.buffers.layer_1_bias.exp_avg_sq",
        "must not be negative",
    ),
    # data as points
    (
        "data not array",
        [(("data",), "points")],
        "invalid_request",
        "data",
        "must be an array of points or an object of columns, got a string",
    ),
    (
        "point not object",
        [(("data", 1), [1, 2, 0])],
        "invalid_request",
        "data[1]",
        "must be an object {x, y, label}",
    ),
    ("point x missing", [point(1, "x", DELETE)], "invalid_request", "data[1].x", "is required"),
    ("point x string", [point(1, "x", "1")], "invalid_request", "data[1].x", "must be a number"),
    ("point y far", [point(1, "y", 2e6)], "invalid_request", "data[1].y", "got 2000000.0"),
    (
        "label out of range",
        [point(3, "label", 3)],
        "invalid_request",
        "data[3].label",
        "label 3 is outside the 3 classes of the output layer (0 to 2)",
    ),
    (
        "label negative",
        [point(3, "label", -1)],
        "invalid_request",
        "data[3].label",
        "label -1 is outside the 3 classes",
    ),
    (
        "label fractional",
        [point(3, "label", 1.5)],
        "invalid_request",
        "data[3].label",
        "must be an integer, got 1.5",
    ),
    (
        "label string",
        [point(3, "label", "1")],
        "invalid_request",
        "data[3].label",
        "must be an integer, got a string",
    ),
    (
        "test not boolean",
        [point(2, "test", 1)],
        "invalid_request",
        "data[2].test",
        "must be true or false",
    ),
    (
        "too many points",
        [(("data",), POINTS * 6)],
        "limit_exceeded",
        "data",
        "60 points; this server allows at most 50",
    ),
    (
        "no points",
        [(("data",), [])],
        "invalid_request",
        "data",
        "has no training points",
    ),
    (
        "only test points",
        [(("data",), [{**p, "test": True} for p in POINTS])],
        "invalid_request",
        "data",
        "has no training points",
    ),
    # data as columns
    ("column missing", [col("y", DELETE)], "invalid_request", "data.y", "is required"),
    (
        "column not array",
        [col("x", 1.0)],
        "invalid_request",
        "data.x",
        "must be an array of numbers, got a number",
    ),
    (
        "column lengths differ",
        [col("y", COLUMNS["y"][:-1])],
        "invalid_request",
        "data.y",
        "has shape [9], expected [10]",
    ),
    (
        "label column short",
        [col("label", COLUMNS["label"][:-1])],
        "invalid_request",
        "data.label",
        "has shape [9], expected [10]",
    ),
    (
        "string in column",
        [col("x", ["a", *COLUMNS["x"][1:]])],
        "invalid_request",
        "data.x",
        "must contain only numbers",
    ),
    (
        "column overflows",
        [col("y", [1e39, *COLUMNS["y"][1:]])],
        "invalid_request",
        "data.y",
        "non-finite or out-of-range",
    ),
    (
        "x column far",
        [col("x", [2e6, *COLUMNS["x"][1:]])],
        "invalid_request",
        "data.x",
        "coordinates must be within ±1e6",
    ),
    (
        "y column far",
        [col("y", [*COLUMNS["y"][:-1], -2e6])],
        "invalid_request",
        "data.y",
        "coordinates must be within ±1e6",
    ),
    (
        "label column fractional",
        [col("label", [0.5, *COLUMNS["label"][1:]])],
        "invalid_request",
        "data.label",
        "must contain integers",
    ),
    (
        "label column out of range",
        [col("label", [0, 1, 7, *COLUMNS["label"][3:]])],
        "invalid_request",
        "data.label[2]",
        "label 7 is outside the 3 classes",
    ),
    (
        "label column boolean",
        [col("label", [True] * 10)],
        "invalid_request",
        "data.label",
        "must contain only numbers",
    ),
    (
        "test column not booleans",
        [col("test", [0] * 10)],
        "invalid_request",
        "data.test",
        "must be an array of true/false",
    ),
    (
        "test column short",
        [col("test", [False] * 9)],
        "invalid_request",
        "data.test",
        "has 9 entries, expected 10",
    ),
    (
        "too many column points",
        [(("data",), {k: v * 6 for k, v in COLUMNS.items()})],
        "limit_exceeded",
        "data",
        "60 points; this server allows at most 50",
    ),
    (
        "column only test points",
        [col("test", [True] * 10)],
        "invalid_request",
        "data",
        "has no training points",
    ),
    (
        "empty columns",
        [(("data",), {"x": [], "y": [], "label": []})],
        "invalid_request",
        "data",
        "has no training points",
    ),
    # steps
    ("steps zero", [(("steps",), 0)], "invalid_request", "steps", "must be between 1 and 20"),
    ("steps negative", [(("steps",), -3)], "invalid_request", "steps", "got -3"),
    ("steps fractional", [(("steps",), 1.5)], "invalid_request", "steps", "must be an integer"),
    ("steps string", [(("steps",), "2")], "invalid_request", "steps", "got a string"),
    (
        "steps over the limit",
        [(("steps",), 21)],
        "limit_exceeded",
        "steps",
        "21 steps; this server allows at most 20 per request",
    ),
    (
        "steps astronomically over the limit",
        [(("steps",), 1e300)],
        "limit_exceeded",
        "steps",
        "this server allows at most 20 per request",
    ),
    ("step negative", [(("step",), -1)], "invalid_request", "step", "must be between 0 and"),
    ("step string", [(("step",), "5")], "invalid_request", "step", "must be an integer"),
    (
        "compute limit",
        [arch(2, 10, 10, 3), (("weights",), BIG_WEIGHTS), (("optimizer",), None), (("steps",), 20)],
        "limit_exceeded",
        "steps",
        "multiply-adds (steps x batch x parameters, and each step's fixed cost); the limit "
        "is 8e+07",
    ),
]


@pytest.mark.parametrize(
    ("edits", "code", "field", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_each_invalid_step_request_gets_a_precise_error(
    edits: list[tuple[Path, Any]], code: str, field: str | None, fragment: str
) -> None:
    reply = send(edited(BASE, *edits))
    assert reply == {
        "type": "error",
        "id": "req-1",
        "code": code,
        "field": field,
        "message": reply["message"],
    }
    assert reply["message"].startswith(f"{field}: ")
    assert fragment in reply["message"], reply["message"]
    assert_still_works()


def test_every_case_passes_once_its_edit_is_undone() -> None:
    """The base request is valid, so each case above fails only because of its edit."""
    assert send(BASE)["type"] == "step_result"
    assert send(edited(BASE, (("data",), COLUMNS)))["type"] == "step_result"


# ---------------------------------------------------------------------------- frames


@pytest.mark.parametrize(
    ("frame", "code", "fragment"),
    [
        pytest.param(b'{"type": "step", ', "invalid_json", "message is not valid JSON", id="cut"),
        pytest.param(b"\xff\xfe", "invalid_json", "message is not valid JSON", id="not utf-8"),
        pytest.param("", "invalid_json", "message is not valid JSON", id="empty"),
        pytest.param(
            '{"type": "ping", "id": Infinity}', "invalid_json", "not valid JSON", id="Infinity"
        ),
        pytest.param('{"learningRate": NaN}', "invalid_json", "not valid JSON", id="NaN"),
        pytest.param("[1, 2]", "invalid_request", "message must be a JSON object", id="array"),
        pytest.param('"step"', "invalid_request", "message must be a JSON object", id="string"),
        pytest.param("null", "invalid_request", "message must be a JSON object", id="null"),
    ],
)
def test_frames_that_are_not_json_objects(frame: str | bytes, code: str, fragment: str) -> None:
    reply = send_raw(frame)
    assert reply["type"] == "error" and reply["code"] == code and reply["id"] is None
    assert reply["field"] is None
    assert fragment in reply["message"]
    assert_still_works()


def test_non_finite_numbers_from_a_host_object_are_rejected() -> None:
    """The widget hands decoded objects to `handle_message`; those may hold NaN or infinity."""
    for value in (math.nan, math.inf, -math.inf):
        reply = protocol.handle_message(edited(BASE, cfg("learningRate", value)), LIMITS)
        assert reply["code"] == "invalid_request" and reply["field"] == "config.learningRate"
        assert reply["message"] == "config.learningRate: must be a finite number"
        reply = protocol.handle_message(edited(BASE, point(0, "x", value)), LIMITS)
        assert reply["field"] == "data[0].x" and "finite" in reply["message"]
    nan_weights = np.array(W0)
    nan_weights[0, 0] = math.nan
    reply = protocol.handle_message(
        edited(BASE, (("weights", "layer_0_weights"), nan_weights.tolist())), LIMITS
    )
    assert reply["field"] == "weights.layer_0_weights" and "non-finite" in reply["message"]


def test_a_message_over_the_size_limit_is_refused_unread() -> None:
    small = Limits(max_message_bytes=len(json.dumps(BASE)) - 1)
    reply = send(BASE, small)
    assert reply["type"] == "error" and reply["code"] == "message_too_large"
    assert reply["id"] is None and reply["field"] is None
    assert f"the limit is {small.max_message_bytes} bytes" in reply["message"]
    ok = Limits(max_message_bytes=len(json.dumps(BASE)))
    assert send(BASE, ok)["type"] == "step_result"
    # Size counts bytes, not characters.
    text = json.dumps({"type": "ping", "id": "é" * 10}, ensure_ascii=False)
    assert send_raw(text, Limits(max_message_bytes=len(text)))["code"] == "message_too_large"


@pytest.mark.parametrize(
    ("request_id", "fragment"),
    [
        ("x" * 201, "must be at most 200 characters"),
        ([1], "must be a string or a number"),
        ({"n": 1}, "must be a string or a number"),
        (True, "must be a string or a number"),
    ],
    ids=["too long", "array", "object", "boolean"],
)
def test_bad_ids(request_id: Any, fragment: str) -> None:
    reply = send(edited(BASE, (("id",), request_id)))
    assert reply == {
        "type": "error",
        "id": None,
        "code": "invalid_request",
        "field": "id",
        "message": f"id: {fragment}",
    }
    assert_still_works()


@pytest.mark.parametrize("request_id", ["x" * 200, "", 0, -7, 2.5, None, "é😀"])
def test_good_ids_are_echoed(request_id: Any) -> None:
    assert send({"type": "ping", "id": request_id}) == {"type": "pong", "id": request_id}
    reply = send(edited(BASE, (("id",), request_id)))
    assert reply["type"] == "step_result" and reply["id"] == request_id
    error = send(edited(BASE, (("id",), request_id), cfg("seed", -1)))
    assert error["type"] == "error" and error["id"] == request_id


# ---------------------------------------------------------------------------- valid variants


def test_columns_and_points_give_the_same_reply() -> None:
    as_points = protocol.handle(json.dumps(BASE).encode(), LIMITS)
    as_columns = protocol.handle(json.dumps(edited(BASE, (("data",), COLUMNS))).encode(), LIMITS)
    assert as_points == as_columns
    without_test = {k: v for k, v in COLUMNS.items() if k != "test"}
    reply = send(edited(BASE, (("data",), without_test)))
    assert reply["type"] == "step_result" and reply["testCount"] == 0
    assert reply["trainCount"] == 10


def test_defaults_fill_optional_fields() -> None:
    minimal = {
        "type": "step",
        "config": {"architecture": [2, 4, 3]},
        "weights": send({"type": "init", "config": {"architecture": [2, 4, 3]}})["weights"],
        "data": POINTS,
    }
    reply = send(minimal)
    assert reply["type"] == "step_result" and reply["id"] is None
    assert reply["step"] == 1 and reply["optimizer"]["type"] == "adam"
    assert reply["optimizer"]["t"] == 1


def test_integral_floats_are_accepted_as_integers() -> None:
    reply = send(edited(BASE, (("steps",), 2.0), cfg("seed", 1.0), arch(2.0, 4.0, 3.0)))  # type: ignore[arg-type]
    assert reply == send(BASE)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam", "rmsprop"])
def test_optimizer_state_round_trips_for_every_optimizer(optimizer: str) -> None:
    config = {**CONFIG, "optimizer": optimizer}
    msg = edited(BASE, (("config",), config), (("optimizer",), None))
    first = send(msg)
    assert first["optimizer"]["type"] == optimizer
    second = send({**msg, "optimizer": first["optimizer"], "weights": first["weights"]})
    assert second["type"] == "step_result", second


def test_init_errors() -> None:
    reply = send({"type": "init", "id": 9})
    assert (reply["code"], reply["field"], reply["id"]) == ("invalid_request", "config", 9)
    reply = send({"type": "init", "id": 9, "config": {**CONFIG, "architecture": [2, 4, 9]}})
    assert reply["field"] == "config.architecture[2]"
    bad_classes = edited(BASE, (("weights", "layer_1_bias"), [0.0] * 9))
    reply = send({"type": "init", "id": 9, "config": CONFIG, "weights": bad_classes["weights"]})
    assert reply["code"] == "invalid_request" and reply["field"] == "weights.layer_1_bias"
    assert "has 9 classes; expected 2 to 8" in reply["message"]
    reply = send({"type": "init", "config": CONFIG, "weights": BASE["weights"], "optimizer": 3})
    assert reply["field"] == "optimizer"
    assert_still_works()


def test_limits_are_inclusive() -> None:
    """Exactly at each limit is allowed; the cases above show one past it is refused."""
    big = [2, 10, 10, 10, 3]
    weights = send({"type": "init", "config": {**CONFIG, "architecture": big}})["weights"]
    at_layers = edited(BASE, arch(*big), (("weights",), weights), (("optimizer",), None))
    assert send({**at_layers, "steps": 1})["type"] == "step_result"
    at_points = edited(BASE, (("data",), POINTS * 5))
    assert send(at_points)["type"] == "step_result"
    assert send(edited(BASE, (("steps",), 20)))["type"] == "step_result"
    cost = protocol.step_work(protocol.parse_step(BASE, LIMITS))
    assert send(BASE, dataclasses.replace(LIMITS, max_work=cost))["type"] == "step_result"
    refused = send(BASE, dataclasses.replace(LIMITS, max_work=cost - 1))
    assert refused["code"] == "limit_exceeded" and refused["field"] == "steps"


def test_hello_lists_the_limits() -> None:
    hello = protocol.hello(LIMITS, server="nnvisu test")
    assert hello == {
        "type": "hello",
        "protocol": 1,
        "encodings": ["json", "binary"],
        "server": "nnvisu test",
        "limits": {
            "maxHiddenLayers": 3,
            "maxNeurons": 10,
            "maxPoints": 50,
            "maxSteps": 20,
            "maxMessageBytes": 200_000,
            "maxWork": 80_000_000,
            "workCosts": work.COSTS,
        },
        "schema": schema.describe(LIMITS),
    }
    assert hello["schema"]["limits"] == hello["limits"]


# ---------------------------------------------------------------------------- binary encoding
# Frames are built and read here by hand (struct + numpy), not with the module's own encoder,
# so that a mistake in the encoder cannot hide behind the same mistake in the decoder.


def _numeric(value: Any) -> bool:
    """A rectangular array of numbers (no booleans): what a client may send as float32."""
    try:
        arr = np.asarray(value)
    except ValueError:
        return False
    if arr.ndim == 0 or arr.dtype.kind not in "iuf":
        return False
    flat = value if arr.ndim == 1 else [v for row in value for v in row]
    return not any(isinstance(v, bool) for v in flat)


def binary_frame(msg: JSON) -> bytes:
    """`msg` in the binary encoding: weights, optimizer buffers and data columns that are
    numeric arrays go to the payload (test flags as 0/1); anything else stays in the header."""
    header = copy.deepcopy(msg)
    floats: list[np.ndarray] = []
    offset = 0

    def lift(value: Any) -> Any:
        nonlocal offset
        if not _numeric(value):
            return value
        with np.errstate(over="ignore"):  # beyond float32 becomes infinity, as in a client
            arr = np.asarray(value, dtype=np.float64).astype("<f4")
        floats.append(arr.ravel())
        ref = {"$f32": offset, "shape": list(arr.shape)}
        offset += arr.size
        return ref

    if isinstance(header.get("weights"), dict):
        header["weights"] = {k: lift(v) for k, v in header["weights"].items()}
    optimizer = header.get("optimizer")
    if isinstance(optimizer, dict) and isinstance(optimizer.get("buffers"), dict):
        for entry in optimizer["buffers"].values():
            if isinstance(entry, dict):
                for k in entry:
                    entry[k] = lift(entry[k])
    data = header.get("data")
    if isinstance(data, dict):
        for k in ("x", "y", "label"):
            if k in data:
                data[k] = lift(data[k])
        test = data.get("test")
        if isinstance(test, list) and all(isinstance(t, bool) for t in test):
            data["test"] = lift([float(t) for t in test])
    return pack(json.dumps(header).encode(), np.concatenate(floats) if floats else None)


def pack(header: bytes, payload: np.ndarray | None, magic: bytes = b"NNVB") -> bytes:
    frame = magic + len(header).to_bytes(4, "little") + header
    frame += b"\0" * (-len(frame) % 4)
    return frame + (b"" if payload is None else payload.astype("<f4").tobytes())


def unpack(frame: bytes) -> JSON:
    """A binary reply read by hand: every reference replaced by a float32 array."""
    assert frame[:4] == b"NNVB"
    size = int.from_bytes(frame[4:8], "little")
    header = json.loads(frame[8 : 8 + size])
    start = -(-(8 + size) // 4) * 4
    payload = np.frombuffer(frame[start:], dtype="<f4")

    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and "$f32" in value:
            n = math.prod(value["shape"])
            return payload[value["$f32"] : value["$f32"] + n].reshape(value["shape"])
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        return value

    out: JSON = resolve(header)
    return out


def send_binary(msg: JSON, limits: Limits = LIMITS) -> JSON:
    return unpack(protocol.handle(binary_frame(msg), limits))


def as_float32(tree: Any) -> Any:
    if isinstance(tree, dict):
        return {k: as_float32(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return np.asarray(tree, dtype=np.float32)
    return tree


def assert_same_reply(binary: JSON, text: JSON) -> None:
    """The same reply in the two encodings: equal fields, arrays equal to the last bit."""
    assert binary.keys() == text.keys()
    for key, value in text.items():
        if key in ("weights", "optimizer") and value is not None:
            ours, theirs = binary[key], as_float32(value)
            if key == "optimizer":
                assert ours["type"] == theirs["type"] and ours["t"] == theirs["t"]
                ours, theirs = ours["buffers"], theirs["buffers"]
            flat_ours = {f"{k}.{b}": v for k, e in ours.items() for b, v in _items(e)}
            flat_theirs = {f"{k}.{b}": v for k, e in theirs.items() for b, v in _items(e)}
            assert flat_ours.keys() == flat_theirs.keys()
            for name, arr in flat_theirs.items():
                assert flat_ours[name].dtype == np.float32
                assert np.array_equal(flat_ours[name], arr), name
        else:
            assert binary[key] == value, key


def _items(entry: Any) -> list[tuple[str, Any]]:
    return list(entry.items()) if isinstance(entry, dict) else [("", entry)]


def test_binary_step_gives_the_json_reply_bit_for_bit() -> None:
    for msg in (BASE, edited(BASE, (("data",), COLUMNS)), edited(BASE, (("optimizer",), None))):
        frame = binary_frame(msg)
        reply = protocol.handle(frame, LIMITS)
        assert reply[:4] == b"NNVB"
        assert_same_reply(unpack(reply), send(msg))
    # Columns travel as payload arrays: the header no longer holds the points.
    frame = binary_frame(edited(BASE, (("data",), COLUMNS)))
    header = json.loads(frame[8 : 8 + int.from_bytes(frame[4:8], "little")])
    assert set(header["data"]["x"]) == {"$f32", "shape"}
    assert set(header["weights"]["layer_0_weights"]) == {"$f32", "shape"}


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam", "rmsprop"])
def test_binary_chain_equals_json_chain(optimizer: str) -> None:
    """Five requests, each passing back the previous binary reply, equal the JSON chain."""
    config = {**CONFIG, "optimizer": optimizer}
    weights = send({"type": "init", "config": config})["weights"]
    text: JSON = {"type": "step", "config": config, "weights": weights, "data": COLUMNS, "steps": 2}
    binary = copy.deepcopy(text)
    for _ in range(5):
        t_reply, b_reply = send(text), send_binary(binary)
        assert_same_reply(b_reply, t_reply)
        text = {**text, **{k: t_reply[k] for k in ("weights", "optimizer", "step")}}
        binary = {
            **binary,
            "weights": {k: v.tolist() for k, v in b_reply["weights"].items()},
            "optimizer": {
                **b_reply["optimizer"],
                "buffers": {
                    k: {b: v.tolist() for b, v in e.items()}
                    for k, e in b_reply["optimizer"]["buffers"].items()
                },
            },
            "step": b_reply["step"],
        }


def test_binary_init_and_ping_answer_in_binary() -> None:
    reply = send_binary({"type": "init", "id": 4, "config": CONFIG})
    expected = send({"type": "init", "id": 4, "config": CONFIG})
    assert_same_reply(reply, expected)
    assert send_binary({"type": "ping", "id": 5}) == {"type": "pong", "id": 5}


@pytest.mark.parametrize(
    ("edits", "code", "field", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_each_invalid_request_gets_the_same_error_in_binary(
    edits: list[tuple[Path, Any]], code: str, field: str | None, fragment: str
) -> None:
    msg = edited(BASE, *edits)
    assert send_binary(msg) == send(msg)
    assert_same_reply(send_binary(BASE), send(BASE))


BINARY_HEADER = json.dumps({"type": "ping", "id": 1}).encode()


def _ref_frame(ref: Any, floats: int = 4) -> bytes:
    msg = edited(BASE, (("weights", "layer_0_bias"), ref), (("data",), COLUMNS))
    return pack(json.dumps(msg).encode(), np.zeros(floats, np.float32))


@pytest.mark.parametrize(
    ("frame", "code", "field", "fragment"),
    [
        pytest.param(b"NNVB\x01", "invalid_frame", None, "shorter than its 8-byte", id="short"),
        pytest.param(
            b"NNVB" + (99).to_bytes(4, "little") + b"{}",
            "invalid_frame",
            None,
            "announces a 99-byte header but has 2 bytes",
            id="header cut",
        ),
        pytest.param(
            pack(BINARY_HEADER, None) + b"\0\0", "invalid_frame", None, "whole number", id="ragged"
        ),
        pytest.param(pack(b"{nope", None), "invalid_json", None, "not valid JSON", id="not json"),
        pytest.param(pack(b"[1]", None), "invalid_request", None, "JSON object", id="array"),
        pytest.param(
            _ref_frame({"$f32": 0, "shape": [4], "x": 1}),
            "invalid_request",
            "weights.layer_0_bias",
            'exactly the keys "$f32" and "shape"',
            id="extra key",
        ),
        pytest.param(
            _ref_frame({"$f32": 0}),
            "invalid_request",
            "weights.layer_0_bias",
            'exactly the keys "$f32" and "shape"',
            id="no shape",
        ),
        pytest.param(
            _ref_frame({"$f32": -1, "shape": [4]}),
            "invalid_request",
            "weights.layer_0_bias.$f32",
            "integer >= 0",
            id="negative offset",
        ),
        pytest.param(
            _ref_frame({"$f32": True, "shape": [4]}),
            "invalid_request",
            "weights.layer_0_bias.$f32",
            "integer >= 0",
            id="boolean offset",
        ),
        pytest.param(
            _ref_frame({"$f32": 0, "shape": 4}),
            "invalid_request",
            "weights.layer_0_bias.shape",
            "array of at most 8 sizes",
            id="shape not a list",
        ),
        pytest.param(
            _ref_frame({"$f32": 0, "shape": [2.5]}),
            "invalid_request",
            "weights.layer_0_bias.shape[0]",
            "integer >= 0",
            id="fractional size",
        ),
        pytest.param(
            _ref_frame({"$f32": 1, "shape": [4]}),
            "invalid_request",
            "weights.layer_0_bias",
            "refers to floats 1 to 5 but the payload has 4",
            id="past the payload",
        ),
        pytest.param(
            _ref_frame({"$f32": 0, "shape": [2, 2]}),
            "invalid_request",
            "weights.layer_0_bias",
            "has shape [2, 2], expected [4]",
            id="wrong shape",
        ),
        pytest.param(
            pack(
                json.dumps({"type": {"$f32": 0, "shape": [2]}, "id": 1}).encode(),
                np.zeros(2, np.float32),
            ),
            "unknown_type",
            "type",
            "unknown message type 'an array from the binary payload'",
            id="array as type",
        ),
    ],
)
def test_malformed_binary_frames_get_named_errors(
    frame: bytes, code: str, field: str | None, fragment: str
) -> None:
    reply = unpack(protocol.handle(frame, LIMITS))
    assert reply["type"] == "error" and reply["code"] == code and reply["field"] == field, reply
    assert fragment in reply["message"], reply["message"]
    assert_still_works()
    assert_same_reply(send_binary(BASE), send(BASE))


def test_binary_payload_values_are_validated_like_json_numbers() -> None:
    bad = np.array(COLUMNS["x"], np.float32)
    bad[3] = np.inf
    msg = edited(BASE, (("data",), {**COLUMNS, "x": bad.tolist()}))
    reply = send_binary(msg)
    assert reply["field"] == "data.x" and "non-finite" in reply["message"]
    two_d = edited(BASE, (("data",), {**COLUMNS, "y": [[v] for v in COLUMNS["y"]]}))
    reply = send_binary(two_d)
    assert reply["field"] == "data.y" and "one-dimensional" in reply["message"]
    # Test flags from the payload must be 0 or 1.
    msg = edited(BASE, (("data",), {**COLUMNS, "test": {"$f32": 0, "shape": [len(POINTS)]}}))
    frame = pack(json.dumps(msg).encode(), np.full(len(POINTS), 0.5, np.float32))
    reply = unpack(protocol.handle(frame, LIMITS))
    assert reply["field"] == "data.test" and "0 or 1" in reply["message"]
    assert_still_works()
