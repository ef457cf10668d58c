"""The protocol for a regression (config.problem "regression"): the output layer is one unit and
each point's `label` is its real-valued target. The same rules, and the same errors in both
encodings.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from protocol_support import (
    BASE,
    CONFIG,
    DELETE,
    JSON,
    LIMITS,
    POINTS,
    Path,
    arch,
    assert_same_reply,
    cfg,
    columns,
    edited,
    pack,
    point,
    send,
    send_binary,
    unpack,
)

from nnvisu.wire import protocol

pytestmark = pytest.mark.usefixtures("one_torch_thread")


REG_CONFIG: JSON = {**CONFIG, "problem": "regression", "architecture": [2, 4, 1]}
REG_POINTS = [
    {**p, "label": round(math.sin(p["x"]) + 0.25 * p["y"], 3), "test": p["test"]} for p in POINTS
]
REG_COLUMNS = columns(REG_POINTS)


def _reg_base() -> JSON:
    weights = send({"type": "init", "id": 0, "config": REG_CONFIG})["weights"]
    first = send({"type": "step", "config": REG_CONFIG, "weights": weights, "data": REG_POINTS})
    assert first["type"] == "step_result", first
    return {
        **BASE,
        "config": REG_CONFIG,
        "weights": first["weights"],
        "optimizer": first["optimizer"],
        "step": first["step"],
        "data": REG_POINTS,
    }


REG_BASE = _reg_base()


def reg_col(key: str, value: Any) -> tuple[Path, Any]:
    return (("data",), {**REG_COLUMNS, key: value})


# (id, edits, field, the whole message after "field: "); every code is invalid_request.
REGRESSION_CASES: list[tuple[str, list[tuple[Path, Any]], str, str]] = [
    (
        "unknown problem",
        [cfg("problem", "ranking")],
        "config.problem",
        "unknown problem 'ranking'; known: classification, regression",
    ),
    (
        "problem not a string",
        [cfg("problem", 1)],
        "config.problem",
        "unknown problem 1; known: classification, regression",
    ),
    (
        "regression with two outputs",
        [arch(2, 4, 2)],
        "config.architecture[2]",
        "output size must be 1 for regression (the one predicted value), got 2",
    ),
    (
        "classification with one output",
        [cfg("problem", "classification")],
        "config.architecture[2]",
        "output size is the number of classes and must be between 2 and 8, got 1; "
        "for one real-valued output use problem regression",
    ),
    (
        "classification weights for a regression",
        [(("weights",), BASE["weights"]), (("optimizer",), None)],
        "weights.layer_1_weights",
        "has shape [3, 4], expected [1, 4]",
    ),
    ("target missing", [point(2, "label", DELETE)], "data[2].label", "is required"),
    (
        "target string",
        [point(2, "label", "0.5")],
        "data[2].label",
        "must be a number, got a string",
    ),
    (
        "target boolean",
        [point(2, "label", True)],
        "data[2].label",
        "must be a number, got a boolean",
    ),
    ("target null", [point(2, "label", None)], "data[2].label", "must be a number, got null"),
    (
        "target far",
        [point(2, "label", 1000000.5)],
        "data[2].label",
        "must be in [-1000000.0, 1000000.0], got 1000000.5",
    ),
    (
        "target beyond float32",
        [point(2, "label", -1e39)],
        "data[2].label",
        "must be in [-1000000.0, 1000000.0], got -1e+39",
    ),
    (
        "target column far",
        [reg_col("label", [0.5, 0.25, -2e6, *REG_COLUMNS["label"][3:]])],
        "data.label[2]",
        "target -2000000.0 is outside ±1e6",
    ),
    (
        "target column beyond float32",
        [reg_col("label", [1e39, *REG_COLUMNS["label"][1:]])],
        "data.label",
        "contains a non-finite or out-of-range number",
    ),
    (
        "target column strings",
        [reg_col("label", ["1", *REG_COLUMNS["label"][1:]])],
        "data.label",
        "must contain only numbers",
    ),
    (
        "target column booleans",
        [reg_col("label", [True] * 10)],
        "data.label",
        "must contain only numbers",
    ),
    (
        "target column short",
        [reg_col("label", REG_COLUMNS["label"][:-1])],
        "data.label",
        "has shape [9], expected [10]",
    ),
]


def assert_regression_still_works() -> None:
    reply = send(REG_BASE)
    assert reply["type"] == "step_result", reply
    assert reply["r2"] is not None and reply["accuracy"] is None


@pytest.mark.parametrize(
    ("edits", "field", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in REGRESSION_CASES],
)
def test_each_invalid_regression_request_gets_a_precise_error(
    edits: list[tuple[Path, Any]], field: str, message: str
) -> None:
    msg = edited(REG_BASE, *edits)
    reply = send(msg)
    assert reply == {
        "type": "error",
        "id": "req-1",
        "code": "invalid_request",
        "field": field,
        "message": f"{field}: {message}",
    }
    assert send_binary(msg) == reply
    assert_regression_still_works()


def test_a_binary_target_beyond_the_bound_is_named() -> None:
    # Only a binary frame carries infinity; JSON cannot.
    for value, message in (
        (np.inf, "data.label: contains a non-finite or out-of-range number"),
        (np.nan, "data.label: contains a non-finite or out-of-range number"),
        (1.5e6, "data.label[4]: target 1500000.0 is outside ±1e6"),
    ):
        targets = np.array(REG_COLUMNS["label"], np.float32)
        targets[4] = value
        msg = edited(REG_BASE, (("data",), {**REG_COLUMNS, "label": {"$f32": 0, "shape": [10]}}))
        reply = unpack(protocol.handle(pack(json.dumps(msg).encode(), targets), LIMITS))
        assert (reply["code"], reply["message"]) == ("invalid_request", message)
    assert_regression_still_works()


def test_regression_targets_are_real_numbers_in_every_encoding() -> None:
    rows = send(REG_BASE)
    assert rows["type"] == "step_result"
    assert rows == send(edited(REG_BASE, (("data",), REG_COLUMNS)))
    assert_same_reply(send_binary(edited(REG_BASE, (("data",), REG_COLUMNS))), rows)
    assert_same_reply(send_binary(REG_BASE), rows)
    # Integers are targets too, and the bound is inclusive.
    edge = [*REG_COLUMNS["label"][:-2], 1_000_000, -1e6]
    for data in (
        {**REG_COLUMNS, "label": edge},
        [{**p, "label": t} for p, t in zip(REG_POINTS, edge, strict=True)],
    ):
        reply = send(edited(REG_BASE, (("data",), data)))
        assert reply["type"] == "step_result" and reply["loss"] > 1e9, reply


def test_regression_reply_fields() -> None:
    reply = send(REG_BASE)
    assert set(reply) == {
        "type", "id", "step", "weights", "optimizer", "loss", "accuracy", "testLoss",
        "testAccuracy", "r2", "testR2", "trainCount", "testCount",
    }  # fmt: skip
    assert reply["accuracy"] is None and reply["testAccuracy"] is None
    assert isinstance(reply["r2"], float) and isinstance(reply["testR2"], float)
    assert (reply["trainCount"], reply["testCount"]) == (8, 2)
    assert np.array(reply["weights"]["layer_1_weights"]).shape == (1, 4)
    classification = send(BASE)
    assert set(classification) == set(reply)
    assert classification["r2"] is None and classification["testR2"] is None


def test_regression_init_with_weights_is_refused_in_both_encodings() -> None:
    msg = {"type": "init", "id": 8, "config": REG_CONFIG, "weights": REG_BASE["weights"]}
    reply = send(msg)
    assert (reply["code"], reply["field"]) == ("invalid_request", "weights")
    assert reply["message"].startswith("weights: an init with weights changes the number of")
    assert send_binary(msg) == reply
    fresh = send({"type": "init", "id": 9, "config": REG_CONFIG})
    assert fresh["type"] == "init_result" and len(fresh["weights"]["layer_1_bias"]) == 1
    assert_regression_still_works()
