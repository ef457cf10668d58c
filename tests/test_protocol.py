"""The protocol's messages and replies: frames that are not JSON objects, the size limit, ids,
the valid variants of a request, init, the limits and hello.

The per-rule error table is test_validation_rules.py; the binary encoding test_protocol_binary.py,
regression test_protocol_regression.py.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import numpy as np
import pytest
from protocol_support import (
    BASE,
    COLUMNS,
    CONFIG,
    LIMITS,
    POINTS,
    W0,
    arch,
    assert_still_works,
    cfg,
    edited,
    point,
    send,
    send_raw,
)

from nnvisu.core import optimizers, schema, work
from nnvisu.core.limits import Limits
from nnvisu.wire import protocol

pytestmark = pytest.mark.usefixtures("one_torch_thread")


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


@pytest.mark.parametrize("optimizer", optimizers.NAMES)
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


def test_the_message_table_is_the_one_list_of_messages() -> None:
    """Dispatch, its error, the kernel's answers and the metrics' help all read one table."""
    from nnvisu.notebook import synced
    from nnvisu.server import metrics

    reply = protocol.handle_message({"type": "fly", "id": 1}, Limits())
    assert reply["code"] == "unknown_type"
    for m in protocol.MESSAGES:
        assert repr(m.type) in reply["message"]
    assert set(synced._ANSWERS) <= set(protocol.BY_TYPE)
    help_text = metrics.WS_REPLIES._documentation
    assert all(t in help_text for t in protocol.REPLY_TYPES if t != "hello")
    ping = protocol.handle_message({"type": "ping", "id": 7}, Limits())
    assert ping == {"type": protocol.BY_TYPE["ping"].reply, "id": 7}
