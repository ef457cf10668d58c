"""Decoding costs work and memory in proportion to the frame, for any frame the size limit
lets in (issue 23): hostile binary headers (long keys, deep nesting, many small arrays, many
references) are decoded or refused within bounds counted structurally.

- Work: the decoder's Python function calls (counted with `sys.setprofile`) are at most a
  few per array or object of the header, and its CPU time grows like the frame: the same
  shape at four times the size costs at most about four times as much (the old decoder spelled
  a path per element, and its time grew with the square of the size).
- Memory: the decoder's peak allocation (`tracemalloc`) is a bounded multiple of the frame (the
  old one held 1.3 GB for a 2.25 MB header of nested long keys).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from dataclasses import dataclass
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnvisu.core.limits import Limits
from nnvisu.wire import codec
from nnvisu.wire.errors import ProtocolError

LIMITS = Limits()
ELEMENTS = [b"[]", b"[[]]", b"[0]", b"{}", b'{"a":[]}', b'{"$f32":0,"shape":[1]}', b"1.5", b'"s"']


@dataclass(frozen=True)
class Shape:
    """A hostile header: `depth` objects nested under keys of `key` characters, holding a list
    of `count` copies of `element`, next to a string of `pad` characters; `scale` multiplies
    the key, the count and the pad."""

    key: int
    depth: int
    element: bytes
    count: int
    pad: int

    def frame(self, scale: int) -> bytes:
        key = b"k" * (self.key * scale)
        head = (b'{"' + key + b'":') * self.depth
        items = b",".join([self.element] * (self.count * scale))
        pad = b"p" * (self.pad * scale)
        header = b'{"type":"step","pad":"' + pad + b'","x":' + head + b"[" + items + b"]"
        header += b"}" * (self.depth + 1)
        frame = codec.BINARY_MAGIC + len(header).to_bytes(4, "little") + header
        return frame + b"\0" * (-len(frame) % 4) + b"\0" * 4


shapes = st.builds(
    Shape,
    key=st.sampled_from([1, 16, 64, 65, 2000]),  # 64 x 4 is the longest key let in
    depth=st.integers(0, 80),
    element=st.sampled_from(ELEMENTS),
    count=st.integers(0, 3000),
    pad=st.sampled_from([0, 1000, 20_000]),
)


def decode(frame: bytes) -> str:
    try:
        codec.decode(frame, LIMITS)
    except ProtocolError as e:
        return e.code
    return "decoded"


def containers(frame: bytes) -> int:
    return frame.count(b"[") + frame.count(b"{")


def values(frame: bytes) -> int:
    return containers(frame) + frame.count(b",")


def calls_made(frame: bytes) -> int:
    """The Python and C function calls `decode(frame)` makes."""
    calls = 0

    def count(f: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        decode(frame)
    finally:
        sys.setprofile(None)
    return calls


def peak_bytes(frame: bytes) -> int:
    tracemalloc.start()
    try:
        decode(frame)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def cpu_seconds(frame: bytes) -> float:
    """The least of five decodes' CPU time on this thread (others' load counts less)."""
    best = float("inf")
    for _ in range(5):
        t0 = time.thread_time()
        decode(frame)
        best = min(best, time.thread_time() - t0)
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=shapes)
def test_hostile_headers_cost_calls_and_memory_in_proportion(shape: Shape) -> None:
    frame = shape.frame(4)
    outcome = decode(frame)
    assert outcome in ("decoded", "invalid_request", "message_too_large"), outcome
    # A handful of calls per array or object (the walk's own, and the reference checks).
    assert calls_made(frame) <= 12 * containers(frame) + 200, outcome
    # What the parser makes and uses (orjson's working memory is up to about 13 bytes per
    # byte), and up to a couple of hundred bytes per value; the paths to the values cost
    # nothing.
    assert peak_bytes(frame) <= 16 * len(frame) + 200 * values(frame) + (1 << 20), outcome


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=shapes.filter(lambda s: s.count * len(s.element) + s.pad + s.key * s.depth > 5000))
def test_hostile_headers_cost_time_in_proportion_to_their_size(shape: Shape) -> None:
    """Four times the frame costs at most about four times the CPU: generous (twelve times,
    plus a millisecond for timer noise), where a cost per byte that grows with the size, as
    the old decoder's did, multiplies it by sixteen."""
    small, large = shape.frame(4), shape.frame(16)
    ratio = len(large) / len(small)
    for _ in range(3):  # measured again before failing: a busy machine stalls a measure
        cost_small, cost_large = cpu_seconds(small), cpu_seconds(large)
        if cost_large <= 3 * ratio * cost_small + 0.001:
            break
    assert cost_large <= 3 * ratio * cost_small + 0.001, (
        f"{len(small)} bytes: {1e3 * cost_small:.2f} ms; {len(large)} bytes: "
        f"{1e3 * cost_large:.2f} ms"
    )


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        (b'{"' + b"k" * 300 + b'":1}', "a header key is at most 256 characters"),
        (b'{"a":' + b"[" * 70 + b"[1]" + b"]" * 70 + b"}", "nested more than 64 levels deep"),
        (
            b'{"a":[' + b",".join([b'{"$f32":0,"shape":[1]}'] * 200) + b"]}",
            f"more than {codec.max_refs(LIMITS)} payload references",
        ),
    ],
)
def test_long_keys_deep_nesting_and_many_references_are_refused_with_a_named_reason(
    header: bytes, fragment: str
) -> None:
    frame = codec.BINARY_MAGIC + len(header).to_bytes(4, "little") + header
    frame += b"\0" * (-len(frame) % 4) + b"\0" * 4
    with pytest.raises(ProtocolError) as info:
        codec.decode(frame, LIMITS)
    assert info.value.code in ("invalid_request", "message_too_large")
    assert fragment in info.value.message, info.value.message
    assert len(info.value.message) < 400, "the error quotes the key cut short"
