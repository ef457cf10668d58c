"""The two encodings of a message: JSON text, and binary frames (a JSON header whose float
arrays live in a float32 payload). Both decode to the same message; docs/protocol.md describes
them.
"""

from __future__ import annotations

import functools
import itertools
import math
import struct
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import orjson

from ..core import schema
from ..core.limits import Limits
from .errors import ProtocolError, invalid, shown, shown_key

# A binary frame starts with these bytes; any other frame is JSON. Nothing JSON starts with "N".
BINARY_MAGIC = b"NNVB"
ENCODINGS = ("json", "binary")

JSON = dict[str, Any]


def is_binary(message: str | bytes) -> bool:
    """Whether `message` uses the binary encoding (and so gets its replies in it)."""
    return isinstance(message, bytes) and message[:4] == BINARY_MAGIC


def decode(message: str | bytes, limits: Limits) -> JSON:
    ascii_text = isinstance(message, str) and message.isascii()
    size = len(message.encode() if isinstance(message, str) and not ascii_text else message)
    if size > limits.max_message_bytes:
        raise ProtocolError(
            "message_too_large",
            None,
            f"message is {size} bytes; the limit is {limits.max_message_bytes} bytes",
        )
    if is_binary(message):
        assert isinstance(message, bytes)
        return _decode_binary(message, limits)
    return _decode_json(message, limits)


# Parsing JSON costs per value, and far more per array or object: a frame of millions of
# empty arrays takes seconds. Counting commas, brackets and quote marks first (a few
# milliseconds for the largest frame) refuses what no request within the limits could hold.
# The server counts a text frame as it arrives (`JsonCounter`); `decode` counts what it gets.
_COUNT_FROM = 4096
_COUNT_CHUNK = 1 << 20  # counted piecewise, so other threads get the interpreter in between


@functools.lru_cache(maxsize=16)
def json_counts_allowed(limits: Limits) -> dict[str, int]:
    """The most arrays and objects, quote marks and commas a request within `limits` has
    (with a margin, and room for the UI keys a config may carry)."""
    layers, neurons, points = limits.max_hidden_layers, limits.max_neurons, limits.max_points
    features, classes = len(schema.FEATURE_NAMES), schema.MAX_CLASSES
    widths = [features, *[neurons] * layers, classes]
    params = sum((a + 1) * b for a, b in itertools.pairwise(widths))
    # Weights and up to two optimizer buffers; one array per matrix row and per bias.
    arrays = 3 * (sum(widths[1:]) + 3 * len(widths))
    values = 3 * params + 5 * points
    strings = 4 * points + 6 * len(widths) + 100
    legal = {"arrays and objects": arrays + points, "quote marks": 2 * strings, "commas": values}
    slack = {"arrays and objects": 20_000, "quote marks": 40_000, "commas": 100_000}
    return {k: v * 5 // 4 + slack[k] for k, v in legal.items()}


_COUNTED = {"arrays and objects": ("[", "{"), "quote marks": ('"',), "commas": (",",)}


class JsonCounter:
    """Counts the arrays and objects, quote marks and commas of a JSON text fed to it piece by
    piece; `feed` raises `message_too_large` once any is beyond what `limits` allow."""

    def __init__(self, limits: Limits, arriving: bool = False) -> None:
        self.allowed = json_counts_allowed(limits)  # shared: read only
        self.counts = dict.fromkeys(self.allowed, 0)
        self.arriving = arriving  # fed while it arrives: a count is a lower bound

    def feed(self, piece: str | bytes) -> None:
        for what, chars in _COUNTED.items():
            for char in chars:
                needle: Any = char if isinstance(piece, str) else char.encode()
                for start in range(0, len(piece), _COUNT_CHUNK):
                    self.counts[what] += piece.count(needle, start, start + _COUNT_CHUNK)
            if self.counts[what] > self.allowed[what]:
                raise ProtocolError(
                    "message_too_large",
                    None,
                    f"message holds {'at least ' if self.arriving else ''}{self.counts[what]} "
                    f"{what}; a request within this server's limits holds at most "
                    f"{self.allowed[what]}",
                )


# What decoding costs, about (bench/hostile_frames.py): nanoseconds per byte of JSON, per value
# (a comma), and per array or object, which in a binary header is also walked for references.
_NS_PER_BYTE = 5
_NS_PER_VALUE = 60
_NS_PER_CONTAINER = {False: 100, True: 800}
# Counting is cheap but not free: JSON beyond this is not counted on the event loop.
COST_SCAN_MAX_BYTES = 256 * 1024


def decode_seconds(message: str | bytes) -> float | None:
    """About how long `decode(message)` takes, judged from its JSON's (a binary frame's header's)
    commas and brackets rather than its size: a binary frame's payload costs nothing to decode,
    while a small header of nested arrays costs much. None when the JSON is too large to count
    (beyond `COST_SCAN_MAX_BYTES`)."""
    binary = is_binary(message)
    text: str | bytes = message
    if binary:
        assert isinstance(message, bytes)
        header_len = int.from_bytes(message[4:8], "little")
        if header_len > COST_SCAN_MAX_BYTES:
            return None
        text = message[_HEADER.size : _HEADER.size + header_len]
    elif len(message) > COST_SCAN_MAX_BYTES:
        return None
    brackets, comma = ("[", "{"), ","
    if isinstance(text, bytes):
        containers = text.count(b"[") + text.count(b"{")
        values = text.count(b",")
    else:
        containers = sum(map(text.count, brackets))
        values = text.count(comma)
    ns = _NS_PER_BYTE * len(text) + _NS_PER_VALUE * values
    return 1e-9 * (ns + _NS_PER_CONTAINER[binary] * containers)


def _decode_json(message: str | bytes | memoryview, limits: Limits) -> JSON:
    if len(message) > _COUNT_FROM:
        JsonCounter(limits).feed(bytes(message) if isinstance(message, memoryview) else message)
    try:
        obj = orjson.loads(message)
    except orjson.JSONDecodeError as e:
        raise ProtocolError("invalid_json", None, f"message is not valid JSON: {e}") from None
    if not isinstance(obj, dict):
        raise ProtocolError("invalid_request", None, "message must be a JSON object")
    return obj


# Binary frame: magic, uint32 LE header length, the JSON header, zero padding to a multiple of
# 4 bytes, then little-endian float32 values. In the header, {"$f32": offset, "shape": [...]}
# stands for the array of prod(shape) floats starting at float `offset` of the payload.
_HEADER = struct.Struct("<4sI")
_REF_KEY = "$f32"


@functools.lru_cache(maxsize=16)
def max_refs(limits: Limits) -> int:
    """The most payload references a request within `limits` has, with a margin: a weight and
    a bias per layer, up to three optimizer buffers of each, and the data columns."""
    return 8 * (limits.max_hidden_layers + 1) + 16


# A header's nesting and keys: far beyond what a request has (five levels, keys of a few
# dozen characters), and bounds on what an error's field path can hold.
MAX_HEADER_DEPTH = 64
MAX_KEY_CHARS = 256


def _decode_binary(frame: bytes, limits: Limits) -> JSON:
    if len(frame) < _HEADER.size:
        raise ProtocolError("invalid_frame", None, "binary frame is shorter than its 8-byte prefix")
    _, header_len = _HEADER.unpack_from(frame)
    start = _HEADER.size + header_len
    if start > len(frame):
        raise ProtocolError(
            "invalid_frame",
            None,
            f"binary frame announces a {header_len}-byte header but has "
            f"{len(frame) - _HEADER.size} bytes after its prefix",
        )
    msg = _decode_json(memoryview(frame)[_HEADER.size : start], limits)
    payload_at = -(-start // 4) * 4
    if payload_at >= len(frame):
        payload = np.zeros(0, dtype="<f4")
    elif (len(frame) - payload_at) % 4:
        raise ProtocolError(
            "invalid_frame", None, "binary payload is not a whole number of float32 values"
        )
    else:
        payload = np.frombuffer(frame, dtype="<f4", offset=payload_at)
    resolved = _Resolver(payload, max_refs(limits)).value(msg)
    assert isinstance(resolved, dict)
    return resolved


_CONTAINERS = (dict, list)
_REPEAT_CONTAINERS = itertools.repeat(_CONTAINERS)


class _Resolver:
    """Replaces every payload reference of a header by its float32 array, in one pass: each
    value is visited once, and the path to it (`trail`, the keys and indexes from the top) is
    spelled out only for an error message, so the work is linear in the header's size."""

    def __init__(self, payload: np.ndarray, max_refs: int) -> None:
        self.payload = payload
        self.trail: list[str | int] = []
        self.max_refs = max_refs
        self.refs = 0

    def value(self, value: Any) -> Any:
        """`value` with its references resolved, in place (it is the parser's own object).
        Scalars are passed over at C speed, empty containers at once."""
        if type(value) is dict:
            if _REF_KEY in value:
                self.refs += 1
                if self.refs > self.max_refs:
                    raise ProtocolError(
                        "message_too_large",
                        None,
                        f"header holds more than {self.max_refs} payload references; a "
                        f"request within this server's limits holds at most {self.max_refs}",
                    )
                return _ref_array(value, self.payload, self.field)
            if max(map(len, value), default=0) > MAX_KEY_CHARS:
                self.trail.append(next(k for k in value if len(k) > MAX_KEY_CHARS))
                invalid(self.field(), f"a header key is at most {MAX_KEY_CHARS} characters")
            if not any(map(isinstance, value.values(), _REPEAT_CONTAINERS)):
                return value
            children: Iterable[tuple[Any, Any]] = value.items()
        elif type(value) is list:
            if not any(map(isinstance, value, _REPEAT_CONTAINERS)):
                return value
            children = enumerate(value)
        else:
            return value
        trail = self.trail
        if len(trail) >= MAX_HEADER_DEPTH:
            raise ProtocolError(
                "invalid_request",
                None,
                f"header is nested more than {MAX_HEADER_DEPTH} levels deep (at {self.field()})",
            )
        for k, v in children:
            if v and isinstance(v, _CONTAINERS):
                trail.append(k)
                value[k] = self.value(v)
                trail.pop()
        return value

    def field(self) -> str:
        """The path to the value being resolved, as error messages name fields."""
        parts: list[str] = []
        for step in self.trail:
            if isinstance(step, int):
                parts.append(f"[{step}]")
            else:
                parts.append(("." if parts else "") + shown_key(step))
        return "".join(parts) or "message"


def _ref_array(ref: dict[str, Any], payload: np.ndarray, where: Callable[[], str]) -> np.ndarray:
    if len(ref) != 2 or "shape" not in ref:
        invalid(where(), 'a payload reference has exactly the keys "$f32" and "shape"')
    offset, shape = ref[_REF_KEY], ref["shape"]
    if type(offset) is not int or offset < 0:
        invalid(f"{where()}.$f32", f"must be a float offset (an integer >= 0), got {shown(offset)}")
    if not isinstance(shape, list) or len(shape) > 8:
        invalid(f"{where()}.shape", "must be an array of at most 8 sizes")
    for i, d in enumerate(shape):
        if type(d) is not int or d < 0:
            invalid(f"{where()}.shape[{i}]", f"must be a size (an integer >= 0), got {shown(d)}")
    count = math.prod(shape)
    if offset + count > len(payload):
        invalid(
            where(),
            f"refers to floats {offset} to {offset + count} but the payload has {len(payload)}",
        )
    return payload[offset : offset + count].reshape(shape)


def dumps(obj: JSON) -> bytes:
    """JSON bytes; numpy float32 arrays are written with float32's shortest exact repr."""
    return orjson.dumps(obj, option=orjson.OPT_SERIALIZE_NUMPY)


def dumps_binary(obj: JSON) -> bytes:
    """A binary frame of `obj`: every numpy array goes to the float32 payload."""
    arrays: list[np.ndarray] = []
    offset = 0

    def lift(value: Any) -> Any:
        nonlocal offset
        if isinstance(value, np.ndarray):
            arrays.append(value)
            ref = {_REF_KEY: offset, "shape": list(value.shape)}
            offset += value.size
            return ref
        if isinstance(value, dict):
            return {k: lift(v) for k, v in value.items()}
        return value

    header = orjson.dumps(lift(obj))
    padding = b"\0" * (-(_HEADER.size + len(header)) % 4)
    payload = [np.ascontiguousarray(a, dtype="<f4").tobytes() for a in arrays]
    return b"".join([_HEADER.pack(BINARY_MAGIC, len(header)), header, padding, *payload])


def encode(obj: JSON, binary: bool) -> bytes:
    return dumps_binary(obj) if binary else dumps(obj)
