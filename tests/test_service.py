"""How a server treats its connections over time (issue 23): a request that outlasts the ping
timeout keeps its connection, clients that leave or misbehave do not flood the log, the
training threads go round the connections in turn, and no metrics file outlives its process.

Servers are real `python -m nnvisu` processes on loopback; clients are real WebSockets.
"""

from __future__ import annotations

import asyncio
import base64
import glob
import os
import signal
import socket
import struct
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import orjson
import pytest
from attack_support import clients
from conftest import LiveServer, run_async
from test_ops import scrape, value
from test_server import connect, read, step_request

# About two seconds of training on one thread (just under the default --max-work).
LONG = step_request("long", [100, 100, 100], 2, seed=7, n=2000, steps=250)


def test_requests_longer_than_the_ping_timeout_keep_their_connections() -> None:
    """With pings every 0.2 s and one training thread, a request that trains for seconds, and
    one that waits behind it as long, both get their replies: the server reads the clients'
    pongs meanwhile, so neither connection is closed for a missed pong."""
    s = LiveServer("--ping-interval", "0.2", "--threads", "1")
    s.start()

    async def run() -> tuple[list[Any], float]:
        first, _ = await connect(s.ws_url)
        second, _ = await connect(s.ws_url)
        t0 = time.perf_counter()
        first.write_message(orjson.dumps(LONG).decode())
        await asyncio.sleep(0.1)
        second.write_message(orjson.dumps({**LONG, "id": "queued"}).decode())
        replies = [await read(first, timeout=120), await read(second, timeout=120)]
        waited = time.perf_counter() - t0
        for i, conn in enumerate((first, second)):
            conn.write_message(orjson.dumps({"type": "ping", "id": i}).decode())
            replies.append(await read(conn))
            conn.close()
        return replies, waited

    try:
        replies, waited = run_async(run())
        log = s.read_log()
    finally:
        s.stop()
    assert waited > 5 * 0.2, f"the requests took {waited:.2f} s: too short to tell anything"
    assert [r["type"] for r in replies[:2]] == ["step_result", "step_result"], replies[:2]
    assert [r["id"] for r in replies[:2]] == ["long", "queued"]
    assert replies[2:] == [{"type": "pong", "id": 0}, {"type": "pong", "id": 1}]
    assert "Traceback" not in log, log[-3000:]


def test_pipelined_requests_are_answered_in_order_skipped_ones_included() -> None:
    """A request that trains, one over the size limit (answered by the guard, unread), and a
    ping, sent at once: the replies come in the order of the requests."""
    s = LiveServer("--max-message-bytes", "100000")
    s.start()
    trains = step_request("trains", [32, 32], 2, seed=1, n=500, steps=200)
    try:
        with clients(1, s.port) as (c,):
            c.send(orjson.dumps(trains).decode())
            c.send(b'{"type": "ping", "id": "big", "pad": "' + b"x" * 150_000 + b'"}', 0x1)
            c.send('{"type": "ping", "id": "after"}')
            replies = [c.recv_message() for _ in range(3)]
    finally:
        s.stop()
    assert replies[0]["type"] == "step_result" and replies[0]["id"] == "trains", replies[0]
    assert replies[1]["code"] == "message_too_large", replies[1]
    assert replies[2] == {"type": "pong", "id": "after"}


def _upgrade(port: int, origin: str | None = None) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: {origin or f'http://127.0.0.1:{port}'}\r\n\r\n"
        ).encode()
    )
    return sock


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a client that crashes or loses its network does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_clients_that_leave_or_are_refused_write_no_traceback_and_no_flood() -> None:
    """300 connections that upgrade and reset at once (the greeting goes to a socket the
    client has closed), then 60 upgrades from a foreign origin (each refused with 403)."""
    s = LiveServer()
    s.start()
    try:
        barrier = threading.Barrier(300)

        def leave(i: int) -> None:
            sock = _upgrade(s.port)
            barrier.wait()
            _reset(sock)

        threads = [threading.Thread(target=leave, args=(i,)) for i in range(300)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for _ in range(60):
            sock = _upgrade(s.port, origin="http://elsewhere.example")
            assert sock.recv(100).startswith(b"HTTP/1.1 403 ")
            sock.close()

        async def still_serves() -> Any:
            conn, _ = await connect(s.ws_url)
            conn.write_message('{"type": "ping", "id": 1}')
            reply = await read(conn)
            conn.close()
            return reply

        assert run_async(still_serves()) == {"type": "pong", "id": 1}
        log = s.read_log()
    finally:
        s.stop()
    assert "Traceback" not in log and " ERROR " not in log, log[-3000:]
    refusals = [line for line in log.splitlines() if "403 GET /ws" in line]
    assert 1 <= len(refusals) <= 5, refusals


def test_training_threads_go_round_the_connections_in_turn() -> None:
    """One training thread; four connections each send four requests at once. Each request
    trains on the thread (its work is beyond what the event loop runs itself), and the replies
    go round the connections: none gets a second turn ahead of the others."""
    s = LiveServer("--threads", "1")
    s.start()
    conns, each = 4, 4
    # Beyond the event loop's share of work (server.INLINE_MAX_WORK), a few dozen ms each.
    frames = [
        [
            orjson.dumps(step_request(f"{c}-{r}", [32, 32], 2, seed=c, n=500, steps=20)).decode()
            for r in range(each)
        ]
        for c in range(conns)
    ]

    async def run() -> list[int]:
        opened = [(await connect(s.ws_url))[0] for _ in range(conns)]
        order: list[tuple[float, int]] = []

        async def replies(c: int) -> None:
            for r in range(each):
                reply = await read(opened[c], timeout=120)
                assert reply["type"] == "step_result" and reply["id"] == f"{c}-{r}", reply
                order.append((time.perf_counter(), c))

        for c in range(conns):
            for frame in frames[c]:
                opened[c].write_message(frame)
        await asyncio.gather(*(replies(c) for c in range(conns)))
        for conn in opened:
            conn.close()
        return [c for _, c in sorted(order)]

    try:
        sequence = run_async(run())
    finally:
        s.stop()
    print(f"\nreplies by connection, in the order they came: {sequence}")
    got = [0] * conns
    for c in sequence:
        got[c] += 1
        assert max(got) - min(got) <= 1, f"connection {c} got a second turn ahead: {sequence}"


# ---------------------------------------------------------------------------- metrics files


def _workers(parent: int, count: int) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with open(f"/proc/{parent}/task/{parent}/children") as f:
            children = [int(p) for p in f.read().split()]
        if len(children) >= count:
            return children
        time.sleep(0.1)
    raise AssertionError("the workers did not start")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _metrics_server(parent_dir: Path) -> tuple[LiveServer, Path]:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(parent_dir)
    try:
        s = LiveServer("--workers", "2")
        s.start()
    finally:
        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
    (folder,) = parent_dir.iterdir()
    return s, folder


def _files_of(folder: Path, pid: int) -> list[str]:
    return glob.glob(str(folder / f"*_{pid}.db"))


def _wait_until(condition: Any, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_dead_workers_metrics_files_are_folded_in_and_the_folder_goes_on_stop(
    tmp_path: Path,
) -> None:
    s, folder = _metrics_server(tmp_path)
    assert s.proc is not None
    try:
        workers = _workers(s.proc.pid, 2)

        async def train() -> None:
            for i in range(6):
                conn, _ = await connect(s.ws_url)
                conn.write_message(orjson.dumps(step_request(i, [4], 2, seed=i, steps=3)).decode())
                assert (await read(conn))["type"] == "step_result"
                conn.close()

        run_async(train())
        assert value(scrape(s.url), "nnvisu_training_steps_total") == 18
        victim = workers[0]
        assert _files_of(folder, victim), "the worker wrote no metrics file"
        os.kill(victim, signal.SIGKILL)
        assert _wait_until(lambda: not _files_of(folder, victim)), os.listdir(folder)
        # Its counts stay in the totals; its live gauges left with it.
        assert _wait_until(lambda: value(scrape(s.url), "nnvisu_processes") == 2)
        samples = scrape(s.url)
        assert value(samples, "nnvisu_training_steps_total") == 18
        replaced = [pid for pid in _workers(s.proc.pid, 2) if pid not in workers]
        assert replaced, "the dead worker was not replaced"
    finally:
        code = s.stop()
    assert code == 0
    assert not folder.exists(), os.listdir(folder)


@pytest.mark.parametrize("who", ["supervisor", "every process"])
def test_the_metrics_folder_goes_when_the_server_is_killed(tmp_path: Path, who: str) -> None:
    """SIGKILL of the supervisor (its workers follow it), or of the supervisor and every
    worker at once: the folder still goes, removed by the janitor once all are gone."""
    s, folder = _metrics_server(tmp_path)
    assert s.proc is not None
    parent = s.proc.pid
    workers = _workers(parent, 2)
    with urllib.request.urlopen(s.url + "metrics", timeout=10) as r:
        assert r.status == 200
    for pid in [parent, *workers] if who == "every process" else [parent]:
        os.kill(pid, signal.SIGKILL)
    s.stop(sig=signal.SIGKILL)
    assert _wait_until(lambda: not any(map(_alive, workers)))
    assert _wait_until(lambda: not folder.exists()), os.listdir(folder)
