"""The binary encoding: the same replies and the same errors as JSON, bit for bit, and named
errors for malformed frames.

Frames are built and read by hand in protocol_support.py (struct + numpy), not with the
module's own encoder, so that a mistake in the encoder cannot hide behind the same mistake in
the decoder.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import pytest
from protocol_support import (
    BASE,
    COLUMNS,
    CONFIG,
    JSON,
    LIMITS,
    POINTS,
    Path,
    assert_same_reply,
    assert_still_works,
    binary_frame,
    edited,
    pack,
    send,
    send_binary,
    unpack,
)
from validation_cases import CASES

from nnvisu.core import optimizers
from nnvisu.wire import protocol

pytestmark = pytest.mark.usefixtures("one_torch_thread")


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


@pytest.mark.parametrize("optimizer", optimizers.NAMES)
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
