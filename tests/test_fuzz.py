"""Property-based fuzzing of the protocol: whatever arrives, a named error or a clean close.

In-process properties run `protocol.handle` on generated garbage, truncations and mutations
of valid requests; the live-server properties send raw frames (binary, invalid UTF-8, deep
nesting) over real sockets and check that the server keeps serving everyone else.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from conftest import LiveServer, run_async
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from protocol_support import binary_frame, pack, unpack
from test_server import connect, local_reply, read, regression_request, step_request

from nnvisu.core.limits import Limits
from nnvisu.wire import protocol

LIMITS = Limits(max_points=200, max_steps=20, max_message_bytes=200_000)
CODES = {
    "invalid_json",
    "invalid_frame",
    "message_too_large",
    "invalid_request",
    "limit_exceeded",
    "unknown_type",
    "diverged",
}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=30,
)


def base_request() -> dict[str, Any]:
    req = step_request("fuzz", [3, 2], 3, seed=4, n=12, steps=2)
    req["data"][5]["test"] = True
    return req


BASE = base_request()
# A regression request: one output, real-valued targets in `label`.
REG_BASE = regression_request("fuzz-r", [3, 2], seed=4, n=12, steps=2)


def paths(obj: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into a JSON value, so a mutation can reach any field at any depth."""
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from paths(v, (*prefix, i))


ALL_PATHS = [p for p in paths(BASE) if p]
REG_PATHS = [p for p in paths(REG_BASE) if p]


def check_reply(raw: bytes, *, request_id: Any = ...) -> dict[str, Any]:
    reply = unpack(raw) if raw[:4] == b"NNVB" else orjson.loads(raw)
    assert isinstance(reply, dict)
    assert reply["type"] in {"step_result", "init_result", "export_result", "pong", "error"}
    if reply["type"] == "error":
        assert reply["code"] in CODES, reply
        assert isinstance(reply["message"], str) and len(reply["message"]) > 10
        # A field's error names it first; a divergence is no fault of a field, and its field
        # points at the setting to change (docs/protocol.md, the error codes).
        if reply["field"] is not None and reply["code"] != "diverged":
            assert reply["message"].startswith(reply["field"])
    if request_id is not ...:
        assert reply["id"] == request_id
    return reply


FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(frame: bytes) -> None:
    check_reply(protocol.handle(frame, LIMITS))


@FUZZ
@given(json_values)
def test_random_json_values(value: Any) -> None:
    check_reply(protocol.handle(json.dumps(value).encode(), LIMITS))


@FUZZ
@given(st.integers(min_value=0, max_value=len(orjson.dumps(BASE)) - 1))
def test_truncated_requests(cut: int) -> None:
    reply = check_reply(protocol.handle(orjson.dumps(BASE)[:cut], LIMITS))
    assert reply["code"] == "invalid_json"


ENCODERS = {"json": lambda req: json.dumps(req).encode(), "binary": binary_frame}


def mutated(
    path: tuple[Any, ...], value: Any, delete: bool, base: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`base` (BASE) with the value at `path` replaced by `value`, or deleted."""
    req = copy.deepcopy(BASE if base is None else base)
    parent = req
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return req


mutations = {"path": st.sampled_from(ALL_PATHS), "value": json_values, "delete": st.booleans()}


@pytest.mark.parametrize("encoding", list(ENCODERS))
@FUZZ
@given(**mutations)
def test_mutated_requests(encoding: str, path: tuple[Any, ...], value: Any, delete: bool) -> None:
    reply = check_reply(protocol.handle(ENCODERS[encoding](mutated(path, value, delete)), LIMITS))
    if reply["type"] == "step_result":
        # Whatever got through must still be a complete state of the same network.
        assert reply["weights"].keys() == BASE["weights"].keys()


@pytest.mark.parametrize("encoding", list(ENCODERS))
@FUZZ
@given(path=st.sampled_from(REG_PATHS), value=json_values, delete=st.booleans())
def test_mutated_regression_requests(
    encoding: str, path: tuple[Any, ...], value: Any, delete: bool
) -> None:
    req = mutated(path, value, delete, REG_BASE)
    reply = check_reply(protocol.handle(ENCODERS[encoding](req), LIMITS))
    if reply["type"] == "step_result":
        assert reply["weights"].keys() == REG_BASE["weights"].keys()
        # Only a regression trains a 1-output network; classification needs 2 or more.
        assert req["config"].get("problem") == "regression", req
        assert reply["accuracy"] is None and len(reply["weights"]["layer_2_bias"]) == 1


@FUZZ
@given(
    targets=st.lists(
        st.floats(allow_nan=False, allow_infinity=False, width=32) | st.integers(-(2**70), 2**70),
        min_size=12,
        max_size=12,
    ),
    columns=st.booleans(),
)
def test_any_real_targets(targets: list[float], columns: bool) -> None:
    """Random targets: within ±1e6 they train (in rows and columns alike), else the error
    names the first point beyond the bound."""
    req = copy.deepcopy(REG_BASE)
    for p, t in zip(req["data"], targets, strict=True):
        p["label"] = t
    if columns:
        req["data"] = {k: [p[k] for p in req["data"]] for k in ("x", "y", "label", "test")}
    reply = check_reply(protocol.handle(json.dumps(req).encode(), LIMITS))
    far = [i for i, t in enumerate(targets) if abs(t) > 1e6]
    if not far:
        # A huge learning signal may diverge; anything else trains.
        assert reply["type"] == "step_result" or reply["code"] == "diverged", reply
        return
    assert reply["type"] == "error" and reply["code"] == "invalid_request"
    if columns:
        # Integers beyond float32 become infinity in the column's float32 array.
        assert reply["field"] in (f"data.label[{far[0]}]", "data.label")
    else:
        assert reply["field"] == f"data[{far[0]}].label"


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_mutations_reach_validation_of_every_part_and_training(encoding: str) -> None:
    """The fuzzing above is only as good as where its inputs get: past the parser to the
    checks of config, weights and data, and, where a mutation leaves a valid request, through
    training. A broken BASE or mutation would pass it vacuously; this catches that."""
    outcomes: Counter[str] = Counter()
    fields: Counter[str] = Counter()

    @settings(max_examples=300, deadline=None, derandomize=True, database=None)
    @given(**mutations)
    def run(path: tuple[Any, ...], value: Any, delete: bool) -> None:
        reply = check_reply(
            protocol.handle(ENCODERS[encoding](mutated(path, value, delete)), LIMITS)
        )
        outcomes[reply.get("code") or reply["type"]] += 1
        if reply.get("field"):
            fields[reply["field"].replace("[", ".").split(".")[0]] += 1

    run()
    print(f"\n{encoding}: {dict(outcomes)}; errors by part: {dict(fields)}")
    assert outcomes["step_result"] > 0
    assert outcomes["invalid_request"] > outcomes["invalid_json"] + outcomes["invalid_frame"]
    assert {"config", "weights", "data"} <= fields.keys()


EXPORT_BASE = {k: BASE[k] for k in ("id", "config", "weights")} | {"type": "export", "step": 3}
EXPORT_PATHS = [p for p in paths(EXPORT_BASE) if p and p[0] != "type"]


@FUZZ
@given(path=st.sampled_from(EXPORT_PATHS), value=json_values, delete=st.booleans())
def test_mutated_export_requests(path: tuple[Any, ...], value: Any, delete: bool) -> None:
    """The `export` message is checked as a step's config and weights are: whatever is sent,
    a named error or a file of the same network."""
    req = copy.deepcopy(EXPORT_BASE)
    parent: Any = req
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    reply = check_reply(protocol.handle(json.dumps(req).encode(), LIMITS))
    assert reply["type"] in {"export_result", "error"}
    if reply["type"] == "export_result":
        assert isinstance(reply["file"], str) and reply["file"]


@FUZZ
@given(st.integers(min_value=0, max_value=len(orjson.dumps(EXPORT_BASE)) - 1))
def test_truncated_export_requests(cut: int) -> None:
    reply = check_reply(protocol.handle(orjson.dumps(EXPORT_BASE)[:cut], LIMITS))
    assert reply["code"] == "invalid_json"


BINARY_BASE = binary_frame(
    BASE
    | {"data": {k: [p.get(k, False) for p in BASE["data"]] for k in ("x", "y", "label", "test")}}
)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_after_the_binary_magic(rest: bytes) -> None:
    reply = check_reply(protocol.handle(b"NNVB" + rest, LIMITS))
    assert reply["type"] == "error"


@FUZZ
@given(st.integers(min_value=0, max_value=len(BINARY_BASE) - 1))
def test_truncated_binary_requests(cut: int) -> None:
    reply = check_reply(protocol.handle(BINARY_BASE[:cut], LIMITS))
    assert reply["type"] == "error" or cut < 4


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(BINARY_BASE) - 1), st.integers(0, 255)), max_size=4))
def test_binary_requests_with_overwritten_bytes(changes: list[tuple[int, int]]) -> None:
    frame = bytearray(BINARY_BASE)
    for at, byte in changes:
        frame[at] = byte
    check_reply(protocol.handle(bytes(frame), LIMITS))


@pytest.mark.parametrize("depth", [100, 1000, 5000])
def test_deeply_nested_binary_header(depth: int) -> None:
    for inner in (b"", b'{"$f32": 0, "shape": [1]}'):
        header = b'{"a":' + b"[" * depth + inner + b"]" * depth + b"}"
        reply = check_reply(protocol.handle(pack(header, None), LIMITS))
        assert reply["type"] == "error"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        *((f, v) for f in ("x", "y") for v in (1e39, -1e39, 1e308, 2**64, -(2**64))),
        *(("label", v) for v in (0.5, -1, 3, 10**30, 2**64, 1e39, True)),
    ],
)
def test_huge_and_odd_numbers(field: str, value: Any) -> None:
    req = copy.deepcopy(BASE)
    req["data"][3][field] = value
    reply = check_reply(protocol.handle(json.dumps(req).encode(), LIMITS))
    assert reply["type"] == "error" and reply["field"] == f"data[3].{field}"


@pytest.mark.parametrize(
    "value", [1e39, -1e39, 1e308, 2**64, -(2**64), 10**30, 1_000_000.5, True, "1", None, [1.0]]
)
def test_huge_and_odd_targets(value: Any) -> None:
    req = copy.deepcopy(REG_BASE)
    req["data"][3]["label"] = value
    reply = check_reply(protocol.handle(json.dumps(req).encode(), LIMITS))
    assert reply["type"] == "error" and reply["field"] == "data[3].label"


@pytest.mark.parametrize("depth", [100, 1000, 5000, 100_000])
def test_deeply_nested_json(depth: int) -> None:
    frame = b"[" * depth + b"]" * depth
    reply = check_reply(protocol.handle(frame, LIMITS))
    assert reply["type"] == "error"
    nested_config = copy.deepcopy(BASE)
    nested_config["config"]["architecture"] = orjson.loads(b"[" * 200 + b"]" * 200)
    assert check_reply(protocol.handle(orjson.dumps(nested_config), LIMITS))["type"] == "error"


def test_oversized_collections() -> None:
    req = copy.deepcopy(BASE)
    req["data"] = req["data"] * 20  # 240 points > 200
    reply = check_reply(protocol.handle(orjson.dumps(req), LIMITS))
    assert reply["code"] == "limit_exceeded" and reply["field"] == "data"
    req = copy.deepcopy(BASE)
    req["weights"]["layer_0_weights"] = [[0.0] * 2] * 30_000
    reply = check_reply(protocol.handle(orjson.dumps(req), LIMITS))
    assert reply["code"] == "message_too_large"


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    s = LiveServer("--max-message-bytes", "200000")
    s.start()
    yield s
    assert s.stop() == 0


garbage_frames = st.one_of(
    st.binary(max_size=200).map(lambda b: (b, True)),
    st.binary(max_size=200).map(lambda b: (b, False)),  # text frame: often invalid UTF-8
    st.binary(max_size=200).map(lambda b: (b"NNVB" + b, True)),  # a broken binary-encoded one
    json_values.map(lambda v: (json.dumps(v).encode(), False)),
    st.integers(min_value=1, max_value=3000).map(lambda d: (b"[" * d + b"]" * d, False)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(garbage_frames, min_size=1, max_size=5))
# Found in a full run: the invalid UTF-8 error overtook the replies to the frames before it.
@example([(b"", True), (b"NNVB", True), (b"\x80", False)])
def test_live_server_survives_garbage_and_keeps_serving_others(
    server: LiveServer, frames: list[tuple[bytes, bool]]
) -> None:
    valid = step_request("bystander", [4], 2, seed=9, n=30, steps=3)
    expected = local_reply(valid)

    async def run() -> None:
        bystander, _ = await connect(server.ws_url)
        attacker, _ = await connect(server.ws_url)
        for frame, binary in frames:
            try:
                await attacker.write_message(frame, binary=binary)
            except Exception:
                break  # the server closed the attacker's connection: a clean close
        # The attacker's own connection: each frame got a reply, or it was closed.
        answered = 0
        while answered < len(frames):
            msg = await asyncio.wait_for(attacker.read_message(), 30)
            if msg is None:
                break
            frame, binary = frames[answered]
            # Replies come in order, in the encoding of their request.
            assert isinstance(msg, bytes) == (binary and frame[:4] == b"NNVB")
            check_reply(msg if isinstance(msg, bytes) else msg.encode())
            answered += 1
        attacker.close()
        # Nothing leaked: the bystander's request gives exactly what the trainer gives.
        bystander.write_message(orjson.dumps(valid).decode())
        assert await read(bystander) == expected
        bystander.close()

    run_async(run())
