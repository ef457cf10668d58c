"""What operators rely on: /healthz, /metrics, a clear error for a taken port, and the drain
on SIGTERM. Servers are real `python -m nnvisu` processes; metrics are read with
prometheus_client's own parser, as Prometheus reads them."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from conftest import LiveServer, free_port, run_async
from prometheus_client.parser import text_string_to_metric_families
from protocol_support import binary_frame, unpack
from test_server import connect, read, step_request
from tornado.websocket import WebSocketClientConnection

from nnvisu.core.limits import Limits
from nnvisu.server import metrics
from nnvisu.wire import protocol

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(base_url: str) -> Samples:
    with urllib.request.urlopen(base_url + "metrics", timeout=10) as r:
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("text/plain; version=")
        text = r.read().decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def wait_for_metric(base_url: str, name: str, want: float, timeout: float = 30.0) -> Samples:
    deadline = time.monotonic() + timeout
    while True:
        samples = scrape(base_url)
        if value(samples, name) == want or time.monotonic() > deadline:
            assert value(samples, name) == want, f"{name} is {value(samples, name)}, not {want}"
            return samples
        time.sleep(0.05)


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    s = LiveServer()
    s.start()
    yield s
    assert s.stop() == 0


# ---------------------------------------------------------------------------- unit


def replies_of_every_kind() -> list[tuple[str, bytes]]:
    """(encoding, reply) for each reply type and several error codes, from the protocol."""
    limits = Limits(max_message_bytes=100_000)
    step = step_request("s", [4], 3, seed=1, n=30, steps=2)
    step["data"] = {k: [p[k] for p in step["data"]] for k in ("x", "y", "label")}
    requests: list[dict[str, Any]] = [
        step,
        {"type": "init", "id": 2, "config": step["config"]},
        {"type": "ping", "id": 3},
        {"type": "nope", "id": 4},
        {**step, "id": 5, "steps": 10**6},  # limit_exceeded
        # An id that spells a code must not be taken for the code.
        {"type": "nope", "id": '"code":"fake"'},
    ]
    out = []
    for request in requests:
        out.append(("json", protocol.handle(orjson.dumps(request), limits)))
        out.append(("binary", protocol.handle(binary_frame(request), limits)))
    out.append(("json", protocol.handle(b"{not json", limits)))
    out.append(("json", protocol.handle(b"x" * 100_001, limits)))
    return out


def test_reply_kind_reads_type_and_code_as_a_decoder_does() -> None:
    seen = set()
    for encoding, reply in replies_of_every_kind():
        decoded = unpack(reply) if encoding == "binary" else orjson.loads(reply)
        expected = (decoded["type"], decoded.get("code"))
        assert metrics.reply_kind(reply) == expected, (encoding, reply[:120])
        seen.add(expected)
    assert {kind for kind, _ in seen} == {"step_result", "init_result", "pong", "error"}
    codes = {code for _, code in seen if code}
    assert {"unknown_type", "limit_exceeded", "invalid_json", "message_too_large"} <= codes


# ---------------------------------------------------------------------------- live


def test_healthz_answers_ok(server: LiveServer) -> None:
    with urllib.request.urlopen(server.url + "healthz", timeout=10) as r:
        assert r.status == 200
        assert r.read() == b"ok"
        assert r.headers["Cache-Control"] == "no-store"


def test_metrics_count_steps_replies_errors_and_http_codes(server: LiveServer) -> None:
    before = scrape(server.url)
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(server.url + "no-such-page", timeout=10)
    assert info.value.code == 404

    async def run() -> tuple[list[Any], Samples]:
        conn, _ = await connect(server.ws_url)
        replies = []
        for request in (
            step_request("a", [5], 2, seed=3, steps=7),
            step_request("b", [5], 2, seed=4, steps=3),
            {"type": "ping", "id": 1},
            {"type": "nope", "id": 2},
            {**step_request("c", [5], 2, seed=5), "steps": 10**6},
        ):
            conn.write_message(orjson.dumps(request).decode())
            replies.append(await read(conn))
        during = await asyncio.to_thread(scrape, server.url)
        conn.close()
        return replies, during

    replies, during = run_async(run())
    assert [r["type"] for r in replies] == ["step_result", "step_result", "pong", "error", "error"]

    def delta(name: str, **labels: str) -> float:
        return value(during, name, **labels) - value(before, name, **labels)

    assert delta("nnvisu_training_steps_total") == 10
    assert delta("nnvisu_ws_replies_total", type="step_result") == 2
    assert delta("nnvisu_ws_replies_total", type="pong") == 1
    assert delta("nnvisu_ws_replies_total", type="error") == 2
    assert delta("nnvisu_ws_errors_total", code="unknown_type") == 1
    assert delta("nnvisu_ws_errors_total", code="limit_exceeded") == 1
    assert delta("nnvisu_ws_request_duration_seconds_count", type="step_result") == 2
    assert delta("nnvisu_ws_request_duration_seconds_sum", type="step_result") > 0
    assert delta("nnvisu_http_requests_total", handler="other", code="404") == 1
    assert delta("nnvisu_http_requests_total", handler="ws", code="101") == 1
    assert value(during, "nnvisu_ws_connections") == 1
    assert value(during, "nnvisu_processes") == 1
    assert value(during, "nnvisu_training_threads") == 4
    assert value(during, "process_resident_memory_bytes") > 0
    wait_for_metric(server.url, "nnvisu_ws_connections", 0)


def test_metrics_of_several_workers_add_up_on_every_scrape() -> None:
    """Each scrape reaches one worker; every one shows the whole port, and a worker that
    crashes takes its open connections out of the gauge but not its steps out of the count."""
    s = LiveServer("--workers", "2", "--threads", "3")
    s.start()

    async def run() -> None:
        conns = await asyncio.gather(*(connect(s.ws_url) for _ in range(8)))
        for i, (conn, _) in enumerate(conns):
            conn.write_message(orjson.dumps(step_request(i, [4], 2, seed=i, steps=3)).decode())
            assert (await read(conn))["type"] == "step_result"
        pids = [hello["pid"] for _, hello in conns]
        assert len(set(pids)) == 2, "the connections should reach both workers"
        for _ in range(6):
            samples = await asyncio.to_thread(scrape, s.url)
            assert value(samples, "nnvisu_training_steps_total") == 24
            assert value(samples, "nnvisu_ws_replies_total", type="step_result") == 8
            assert value(samples, "nnvisu_ws_connections") == 8
            assert value(samples, "nnvisu_processes") == 2
            assert value(samples, "nnvisu_training_threads") == 6
        victim = min(pids)
        os.kill(victim, signal.SIGKILL)
        left = 8 - pids.count(victim)
        await asyncio.to_thread(wait_for_metric, s.url, "nnvisu_ws_connections", left)
        samples = await asyncio.to_thread(wait_for_metric, s.url, "nnvisu_processes", 2)
        assert value(samples, "nnvisu_training_steps_total") == 24
        for conn, _ in conns:
            conn.close()

    try:
        run_async(run())
    finally:
        code = s.stop()
    assert code == 0


def test_a_taken_port_gets_one_clear_line(server: LiveServer) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nnvisu", "--port", str(server.port)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"port {server.port} is already in use" in lines[0]
    assert "--port" in lines[0]
    assert result.stdout == ""


def test_a_host_that_is_not_ours_gets_one_clear_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nnvisu", "--host", "192.0.2.1", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("nnvisu: cannot listen on 192.0.2.1:"), result.stderr


# ---------------------------------------------------------------------------- drain

# Just under the default --max-work: a second or two of training on one thread.
HEAVY = step_request("heavy", [100, 100, 100], 2, seed=7, n=2000, steps=250)


async def read_until_closed(conn: WebSocketClientConnection) -> list[Any]:
    """Every message until the server closes the connection."""
    messages = []
    while (msg := await asyncio.wait_for(conn.read_message(), 120)) is not None:
        messages.append(orjson.loads(msg))
    return messages


def refused(port: int, timeout: float = 30.0) -> bool:
    """Whether connections to `port` are refused within `timeout` (every worker process
    closes its copy of the listening socket as it gets the signal)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        except ConnectionRefusedError:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)


async def drain_while_training(s: LiveServer) -> tuple[Any, ...]:
    """With a heavy request in flight on a training thread and a second, idle connection,
    SIGTERM the server; read both connections until they close. Returns the idle one's
    messages and close code, the heavy one's, and whether the port refused a connection
    once the idle one was closed."""
    assert s.proc is not None
    heavy, _ = await connect(s.ws_url)
    idle, _ = await connect(s.ws_url)  # two open: the heavy one goes to the pool
    heavy.write_message(orjson.dumps(HEAVY).decode())
    await asyncio.to_thread(wait_for_metric, s.url, "nnvisu_training_threads_busy", 1)
    s.proc.send_signal(signal.SIGTERM)
    heavy_reading = asyncio.ensure_future(read_until_closed(heavy))
    idle_messages = await read_until_closed(idle)
    port_refused = await asyncio.to_thread(refused, s.port)
    heavy_messages = await heavy_reading
    return idle_messages, idle.close_code, heavy_messages, heavy.close_code, port_refused


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_lets_the_request_in_flight_finish_then_sends_pages_away(workers: str) -> None:
    s = LiveServer("--drain-timeout", "120", "--workers", workers)
    s.start()
    assert s.proc is not None
    proc = s.proc
    try:
        idle_messages, idle_code, heavy_messages, heavy_code, port_refused = run_async(
            drain_while_training(s)
        )
        assert idle_messages == [] and idle_code == 1001
        # New connections are refused while the old one drains: a proxy tries another server.
        assert port_refused
        assert [m["type"] for m in heavy_messages] == ["step_result"]
        assert heavy_messages[0]["step"] == HEAVY["steps"]
        assert heavy_code == 1001
        assert proc.wait(timeout=60) == 0
    finally:
        s.stop()


def test_the_drain_is_bounded() -> None:
    """A request that outlasts --drain-timeout loses its reply (the page sends it again
    elsewhere); its connection still gets 1001."""
    s = LiveServer("--drain-timeout", "0.3")
    s.start()
    assert s.proc is not None
    proc = s.proc
    try:
        idle_messages, idle_code, heavy_messages, heavy_code, _ = run_async(drain_while_training(s))
        assert idle_messages == [] and idle_code == 1001
        # Closed before its reply: the drain did not wait for the request to finish.
        assert heavy_messages == [] and heavy_code == 1001
        assert proc.wait(timeout=120) == 0
    finally:
        s.stop()
