"""The server on a real socket, spoken to by real WebSocket clients.

Servers run as `python -m nnvisu` subprocesses: the same thing a user starts.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from statistics import median
from typing import Any

import orjson
import pytest
from conftest import LiveServer, run_async
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from nnvisu.core.limits import Limits
from nnvisu.core.trainer import Config, init_weights
from nnvisu.server.app import INLINE_MAX_DECODE_S
from nnvisu.wire import codec, protocol

LIMITS = Limits()


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    s = LiveServer()
    s.start()
    yield s
    assert s.stop() == 0


async def connect(url: str, origin: str | None = None) -> tuple[WebSocketClientConnection, Any]:
    headers = {"Origin": origin} if origin else {}
    conn = await websocket_connect(HTTPRequest(url, headers=headers))
    hello = await read(conn)
    assert hello["type"] == "hello"
    return conn, hello


async def read(conn: WebSocketClientConnection, timeout: float = 60) -> Any:
    msg = await asyncio.wait_for(conn.read_message(), timeout)
    assert msg is not None, "connection closed"
    assert isinstance(msg, str), "replies are text frames"
    return orjson.loads(msg)


def blobs(n: int, classes: int, seed: int) -> list[dict[str, Any]]:
    import numpy as np

    rng = np.random.default_rng(seed)
    centers = rng.uniform(-4, 4, size=(classes, 2))
    labels = rng.integers(0, classes, size=n)
    xy = centers[labels] + rng.normal(0, 0.7, size=(n, 2))
    return [
        {"x": float(x), "y": float(y), "label": int(c)}
        for (x, y), c in zip(xy, labels, strict=True)
    ]


def step_request(
    rid: Any, hidden: list[int], classes: int, seed: int, n: int = 100, steps: int = 1
) -> dict[str, Any]:
    config = {
        "architecture": [2, *hidden, classes],
        "activation": "tanh",
        "optimizer": "adam",
        "learningRate": 0.05,
        "seed": seed,
    }
    weights = init_weights(Config(architecture=(2, *hidden, classes), seed=seed))
    return {
        "type": "step",
        "id": rid,
        "config": config,
        "weights": {k: v.tolist() for k, v in weights.items()},
        "optimizer": None,
        "data": blobs(n, classes, seed),
        "steps": steps,
    }


def regression_request(
    rid: Any, hidden: list[int], seed: int, n: int = 100, steps: int = 1
) -> dict[str, Any]:
    """A regression step: one output, each point's `label` a real-valued target."""
    import numpy as np

    architecture = (2, *hidden, 1)
    config = {
        "architecture": list(architecture),
        "problem": "regression",
        "optimizer": "adam",
        "learningRate": 0.02,
        "seed": seed,
    }
    weights = init_weights(Config(architecture=architecture, problem="regression", seed=seed))
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-4, 4, size=(n, 2))
    target = np.sin(0.8 * xy[:, 0] + 0.6 * xy[:, 1])
    return {
        "type": "step",
        "id": rid,
        "config": config,
        "weights": {k: v.tolist() for k, v in weights.items()},
        "optimizer": None,
        "data": [
            {"x": float(x), "y": float(y), "label": float(t), "test": i % 5 == 0}
            for i, ((x, y), t) in enumerate(zip(xy, target, strict=True))
        ],
        "steps": steps,
    }


def local_reply(request: dict[str, Any]) -> Any:
    """What the trainer itself answers, computed in this process."""
    return orjson.loads(protocol.handle(orjson.dumps(request), LIMITS))


def test_page_and_bundle_are_served(server: LiveServer) -> None:
    with urllib.request.urlopen(server.url, timeout=10) as r:
        html = r.read().decode()
    assert "<title>" in html and "nnvisu" in html.split("<title>")[1].split("</title>")[0]
    assert 'src="/' not in html and 'href="/' not in html, (
        "URLs must be relative (sub-path proxies)"
    )
    with urllib.request.urlopen(server.url + "static/nnvisu.js", timeout=10) as r:
        assert r.status == 200
        assert "javascript" in r.headers["Content-Type"]


@pytest.mark.parametrize(
    "path",
    ["static/../server.py", "static/..%2fserver.py", "static/%2e%2e/__init__.py", "static/../../"],
)
def test_static_does_not_serve_outside_its_folder(server: LiveServer, path: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(server.url + path, timeout=10)
    assert info.value.code in (403, 404)


def test_step_round_trip_matches_the_trainer(server: LiveServer) -> None:
    request = step_request("a", [6, 6], 3, seed=1, steps=5)

    async def run() -> Any:
        conn, hello = await connect(server.ws_url)
        assert hello["limits"]["maxPoints"] == LIMITS.max_points
        conn.write_message(orjson.dumps(request).decode())
        reply = await read(conn)
        conn.close()
        return reply

    reply = run_async(run())
    assert reply["type"] == "step_result" and reply["id"] == "a" and reply["step"] == 5
    assert reply == local_reply(request)


def test_pipelined_requests_answer_in_order(server: LiveServer) -> None:
    requests = [step_request(i, [4], 2, seed=i) for i in range(8)]
    requests.insert(3, {"type": "ping", "id": "p"})

    async def run() -> list[Any]:
        conn, _ = await connect(server.ws_url)
        for r in requests:
            conn.write_message(orjson.dumps(r).decode())
        replies = [await read(conn) for _ in requests]
        conn.close()
        return replies

    replies = run_async(run())
    assert [r["id"] for r in replies] == [r["id"] for r in requests]
    for req, rep in zip(requests, replies, strict=True):
        if req["type"] == "step":
            assert rep == local_reply(req)


def test_concurrent_clients_each_get_their_own_results(server: LiveServer) -> None:
    clients = 24
    rounds = 4

    async def client(i: int) -> tuple[list[Any], list[Any]]:
        request = step_request(f"c{i}", [3 + i % 5, 4], 2 + i % 3, seed=100 + i, n=60 + i)
        conn, _ = await connect(server.ws_url)
        got, want = [], []
        for r in range(rounds):
            request["id"] = f"c{i}-{r}"
            conn.write_message(orjson.dumps(request).decode())
            reply = await read(conn)
            got.append(reply)
            want.append(local_reply(request))
            # Continue from the server's state, as a page does.
            request = {**request, "weights": reply["weights"], "optimizer": reply["optimizer"]}
            request["step"] = reply["step"]
        conn.close()
        return got, want

    async def run() -> list[tuple[list[Any], list[Any]]]:
        return await asyncio.gather(*(client(i) for i in range(clients)))

    for got, want in run_async(run()):
        assert got == want


def tiny_net_request(rid: Any) -> dict[str, Any]:
    """1000 steps of batch size 1 on 10 hidden layers of 2 neurons, gelu, dropout 0.5: little
    work by steps x batch x parameters, but each step's fixed cost (some sixty small torch ops)
    adds up to a long request."""
    hidden = [2] * 10
    request = step_request(rid, hidden, 2, seed=4, n=100, steps=1000)
    request["config"].update(activation="gelu", dropout=0.5, batchSize=1)
    weights = init_weights(Config(architecture=(2, *hidden, 2), activation="gelu", seed=4))
    request["weights"] = {k: v.tolist() for k, v in weights.items()}
    return request


HEAVY_REQUESTS = {
    # Offloaded for its decoding alone.
    "large frame": lambda: step_request("heavy", [100, 100, 100], 4, seed=3, n=2000, steps=200),
    # Cheap to decode, but a billion multiply-adds.
    "small frame, much work": lambda: step_request(
        "heavy", [50, 50, 50], 4, seed=3, n=300, steps=1000
    ),
    "tiny net, many steps": lambda: tiny_net_request("heavy"),
}


async def ping(conn: WebSocketClientConnection, rid: int) -> float:
    """One ping's round trip, in seconds."""
    t0 = time.perf_counter()
    conn.write_message(orjson.dumps({"type": "ping", "id": rid}).decode())
    assert await read(conn) == {"type": "pong", "id": rid}
    return time.perf_counter() - t0


@pytest.mark.parametrize(
    "case",
    [
        "large frame",
        "small frame, much work",
        "tiny net, many steps",
    ],
)
def test_a_heavy_request_does_not_hold_up_another_connection(server: LiveServer, case: str) -> None:
    """Pings on a second connection, one after another from the moment the heavy request is
    sent until its reply has come, are answered about as fast as on a quiet server for most of
    that time. Had the heavy request run on the event loop, the ping in flight meanwhile would
    have waited for all of it."""
    request = HEAVY_REQUESTS[case]()
    frame = orjson.dumps(request).decode()
    decode_s = codec.decode_seconds(frame)
    assert (decode_s is None or decode_s > INLINE_MAX_DECODE_S) == (case == "large frame")

    async def run() -> tuple[list[float], list[tuple[float, bool]], Any, float]:
        slow, _ = await connect(server.ws_url)
        fast, _ = await connect(server.ws_url)
        quiet = [await ping(fast, i) for i in range(30)]

        async def heavy_reply() -> tuple[Any, float]:
            t0 = time.perf_counter()
            slow.write_message(frame)
            return await read(slow, timeout=300), time.perf_counter() - t0

        heavy = asyncio.ensure_future(heavy_reply())
        during: list[tuple[float, bool]] = []  # (latency, the heavy reply came first)
        while not heavy.done():
            during.append((await ping(fast, len(during)), heavy.done()))
        result, heavy_s = await heavy
        slow.close()
        fast.close()
        return quiet, during, result, heavy_s

    quiet, during, result, heavy_s = run_async(run())
    assert result["type"] == "step_result" and result["step"] == request["steps"], result
    latencies = [latency for latency, _ in during]
    quiet_ms, worst_ms, heavy_ms = (1e3 * x for x in (median(quiet), max(latencies), heavy_s))
    print(
        f"\n{case}: {heavy_ms:.0f} ms; {len(during)} pings meanwhile, median "
        f"{1e3 * median(latencies):.1f} ms, worst {worst_ms:.1f} ms (quiet {quiet_ms:.2f} ms)"
    )
    # Generous for a busy machine, where the OS now and then stalls a process for a while,
    # yet far below the heavy request's own time.
    bound_ms = max(20 * quiet_ms, 50.0)
    assert heavy_ms > 4 * bound_ms, "the heavy request was too light to tell anything"
    assert not during[0][1], "the first ping waited for the heavy reply"
    fast_ms = 1e3 * sum(latency for latency in latencies if latency * 1e3 < bound_ms)
    assert fast_ms > heavy_ms / 2, (
        f"pings answered within {bound_ms:.0f} ms cover only {fast_ms:.0f} ms "
        f"of the {heavy_ms:.0f} ms request"
    )


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("this is not json", "invalid_json"),
        ('{"type": "step"', "invalid_json"),
        ("[1, 2, 3]", "invalid_request"),
        ('{"type": "dance", "id": 9}', "unknown_type"),
        (b"\x00\x01\x02binary", "invalid_json"),
    ],
)
def test_bad_frames_get_errors_and_the_connection_keeps_working(
    server: LiveServer, frame: str | bytes, code: str
) -> None:
    async def run() -> tuple[Any, Any]:
        conn, _ = await connect(server.ws_url)
        conn.write_message(frame, binary=isinstance(frame, bytes))
        error = await read(conn)
        conn.write_message(orjson.dumps(step_request("after", [3], 2, seed=0)).decode())
        after = await read(conn)
        conn.close()
        return error, after

    error, after = run_async(run())
    assert error["type"] == "error" and error["code"] == code and error["message"]
    assert after["type"] == "step_result" and after["id"] == "after"


def test_oversized_message_gets_an_error(server: LiveServer) -> None:
    frame = orjson.dumps({"type": "ping", "id": 1, "pad": "x" * (LIMITS.max_message_bytes + 10)})

    async def run() -> tuple[Any, Any]:
        conn, _ = await connect(server.ws_url)
        conn.write_message(frame.decode())
        error = await read(conn)
        conn.write_message('{"type": "ping", "id": 2}')
        pong = await read(conn)
        conn.close()
        return error, pong

    error, pong = run_async(run())
    assert error["code"] == "message_too_large"
    assert str(LIMITS.max_message_bytes) in error["message"]
    assert pong == {"type": "pong", "id": 2}


def test_foreign_origins_are_refused_by_default(server: LiveServer) -> None:
    async def run() -> None:
        conn, _ = await connect(server.ws_url, origin=f"http://127.0.0.1:{server.port}")
        conn.close()
        with pytest.raises(HTTPClientError) as info:
            await connect(server.ws_url, origin="http://evil.example")
        assert info.value.code == 403

    run_async(run())


def test_allow_origin_flag_admits_that_origin() -> None:
    s = LiveServer("--allow-origin", "http://class.example")
    s.start()

    async def run() -> None:
        conn, _ = await connect(s.ws_url, origin="http://class.example")
        conn.close()
        with pytest.raises(HTTPClientError):
            await connect(s.ws_url, origin="http://other.example")

    try:
        run_async(run())
    finally:
        assert s.stop() == 0


def test_limits_come_from_the_command_line() -> None:
    s = LiveServer("--max-neurons", "5", "--max-steps", "3")
    s.start()

    async def run() -> tuple[Any, Any, Any]:
        conn, hello = await connect(s.ws_url)
        conn.write_message(orjson.dumps(step_request(1, [6], 2, seed=0)).decode())
        too_wide = await read(conn)
        conn.write_message(orjson.dumps(step_request(2, [5], 2, seed=0, steps=4)).decode())
        too_long = await read(conn)
        conn.close()
        return hello, too_wide, too_long

    try:
        hello, too_wide, too_long = run_async(run())
    finally:
        s.stop()
    assert hello["limits"]["maxNeurons"] == 5 and hello["limits"]["maxSteps"] == 3
    assert too_wide["code"] == "limit_exceeded"
    assert too_wide["field"] == "config.architecture[1]"
    assert too_long["code"] == "limit_exceeded" and too_long["field"] == "steps"


def test_cli_port_zero_serves_and_exits_cleanly_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnvisu", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "serving at http://127.0.0.1:" in line
        url = line.split("serving at ")[1].strip()
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.status == 200

        async def ping() -> Any:
            conn, _ = await connect(url.replace("http://", "ws://") + "ws")
            conn.write_message('{"type": "ping", "id": 1}')
            reply = await read(conn)
            conn.close()
            return reply

        assert run_async(ping()) == {"type": "pong", "id": 1}
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_two_workers_share_a_burst_of_clients_and_refill_the_lighter_one() -> None:
    """30 clients connecting at once spread evenly over 2 workers (tornado's own accept loop
    would hand most of a burst to whichever worker woke first); once one worker's clients
    leave, the next clients go to it."""
    s = LiveServer("--workers", "2")
    s.start()

    async def run() -> tuple[Counter[int], int, Counter[int]]:
        conns = await asyncio.gather(*(connect(s.ws_url) for _ in range(30)))
        first = Counter(hello["pid"] for _, hello in conns)
        for conn, _ in conns:
            conn.write_message(orjson.dumps(step_request(1, [3], 2, seed=0)).decode())
            assert (await read(conn))["type"] == "step_result"
        leaving = min(first)
        gone = [conn for conn, hello in conns if hello["pid"] == leaving]
        for conn in gone:
            conn.close()
        # A worker answers a close and drops the connection from its count in one go: once
        # every closed client has seen the answer, the leaving worker counts none of them.
        for conn in gone:
            assert await asyncio.wait_for(conn.read_message(), 10) is None
        later = [await connect(s.ws_url) for _ in range(10)]  # one user after another
        second = Counter(hello["pid"] for _, hello in later)
        for conn, _ in [*conns, *later]:
            conn.close()
        return first, leaving, second

    try:
        first, leaving, second = run_async(run())
    finally:
        code = s.stop()
    assert len(first) == 2 and min(first.values()) >= 12, first
    assert second[leaving] >= 6, (leaving, second)  # most, even on a busy machine
    assert code == 0


def test_binary_frames_get_binary_replies_equal_to_json(server: LiveServer) -> None:
    """The negotiated binary encoding over a real socket: the hello offers it, a binary
    request gets a binary reply with the JSON reply's values, errors included, and text
    requests on the same connection still get text."""
    from protocol_support import assert_same_reply, binary_frame, unpack

    request = step_request("b", [5, 4], 3, seed=2, n=120, steps=4)
    request["data"] = {k: [p[k] for p in request["data"]] for k in ("x", "y", "label")}
    bad = {**request, "id": "bad", "config": {**request["config"], "activation": "nope"}}

    async def run() -> list[Any]:
        conn, hello = await connect(server.ws_url)
        assert "binary" in hello["encodings"]
        replies: list[Any] = []
        for frame in (binary_frame(request), binary_frame(bad)):
            conn.write_message(frame, binary=True)
            raw = await asyncio.wait_for(conn.read_message(), 60)
            assert isinstance(raw, bytes), "a binary request gets a binary reply"
            replies.append(unpack(raw))
        conn.write_message(orjson.dumps(request).decode())
        replies.append(await read(conn))
        conn.close()
        return replies

    binary_reply, binary_error, text_reply = run_async(run())
    assert_same_reply(binary_reply, local_reply(request))
    assert_same_reply(binary_reply, text_reply)
    assert binary_error == local_reply(bad)
    assert (
        binary_error["code"] == "invalid_request" and binary_error["field"] == "config.activation"
    )


def test_regression_trains_over_the_socket_in_json_and_binary(server: LiveServer) -> None:
    """A regression through a live server: a chain of JSON steps carrying the state equals
    the trainer in this process, the same chain in binary frames (data as payload columns)
    gives the same replies, and a bad target gets the same named error in both."""
    from protocol_support import assert_same_reply, binary_frame, unpack

    first = regression_request("r0", [8, 8], seed=3, n=150, steps=20)
    columns = {k: [p[k] for p in first["data"]] for k in ("x", "y", "label", "test")}
    bad_row = {**first, "id": "bad"}
    bad_row["data"] = [dict(p) for p in first["data"]]
    bad_row["data"][7]["label"] = "0.3"
    bad_column = {**first, "id": "bad", "data": {**columns, "label": [*columns["label"][:-1], 2e6]}}

    async def chain(binary: bool) -> list[Any]:
        conn, _ = await connect(server.ws_url)
        request = dict(first) if not binary else {**first, "data": columns}
        replies = []
        for i in range(4):
            if binary:
                conn.write_message(binary_frame(request), binary=True)
                raw = await asyncio.wait_for(conn.read_message(), 60)
                assert isinstance(raw, bytes), "a binary request gets a binary reply"
                reply = unpack(raw)
            else:
                conn.write_message(orjson.dumps(request).decode())
                reply = await read(conn)
            assert reply["type"] == "step_result", reply
            replies.append(reply)
            # A binary reply's arrays go back into the next frame's payload as they are.
            state = {k: reply[k] for k in ("weights", "optimizer", "step")}
            request = {**request, **state, "id": f"r{i + 1}"}
        for bad in (bad_row, bad_column):
            if binary:
                conn.write_message(binary_frame(bad), binary=True)
                raw = await asyncio.wait_for(conn.read_message(), 60)
                assert isinstance(raw, bytes)
                replies.append(unpack(raw))
            else:
                conn.write_message(orjson.dumps(bad).decode())
                replies.append(await read(conn))
        conn.close()
        return replies

    text = run_async(chain(binary=False))
    binary = run_async(chain(binary=True))
    # The JSON chain is what the trainer gives here, request by request.
    request = dict(first)
    for i, reply in enumerate(text[:4]):
        assert reply == local_reply(request)
        request = {**request, **{k: reply[k] for k in ("weights", "optimizer", "step")}}
        request["id"] = f"r{i + 1}"
    for b, t in zip(binary[:4], text[:4], strict=True):
        assert_same_reply(b, t)
    assert text[3]["r2"] > text[0]["r2"] and text[3]["accuracy"] is None
    assert text[3]["step"] == 80 and text[3]["testCount"] == 30
    assert text[4] == binary[4] == local_reply(bad_row)
    assert text[4]["field"] == "data[7].label" and "must be a number" in text[4]["message"]
    assert text[5] == binary[5] == local_reply(bad_column)
    assert text[5]["message"] == "data.label[149]: target 2000000.0 is outside ±1e6"
