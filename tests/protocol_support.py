"""What the protocol tests share: one `Limits`, a valid base step request and edits of it,
and binary frames built and read by hand.

Every request is a real frame through `protocol.handle`.
"""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import numpy as np

from nnvisu.core.limits import Limits
from nnvisu.wire import protocol

JSON = dict[str, Any]

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
Case = tuple[str, list[tuple[Path, Any]], str, str | None, str]


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
