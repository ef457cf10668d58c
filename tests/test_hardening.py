"""Attacks on a live `python -m nnvisu` (issue 16), each with the behaviour that defeats it.

Where an attack is meant to be isolated, a bystander pings the server over its own connection
before and during the attack (`attack_support.measure_bystander`), and its latency must stay
close to its own quiet baseline from the same run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import signal
import socket
import time
from typing import Any

import orjson
import pytest
from attack_support import (
    RawClient,
    clients,
    cpu_seconds,
    http_request,
    in_threads,
    measure_bystander,
    rss_bytes,
)
from conftest import LiveServer, run_async
from test_server import connect, read, step_request

from nnvisu.core.trainer import Config, init_weights
from nnvisu.server import allowed_hosts


@pytest.fixture(scope="module")
def server() -> Any:
    s = LiveServer()
    s.start()
    yield s
    assert s.stop() == 0


def tiny_net(rid: Any, steps: int = 1000) -> dict[str, Any]:
    """A 2 KB message that trains for seconds: batch size 1 on ten layers of two gelu neurons
    with dropout, where each step is a hundred tiny torch operations."""
    hidden = [2] * 10
    request = step_request(rid, hidden, 2, seed=4, n=100, steps=steps)
    request["config"].update(activation="gelu", dropout=0.5, batchSize=1)
    weights = init_weights(Config(architecture=(2, *hidden, 2), activation="gelu", seed=4))
    request["weights"] = {k: v.tolist() for k, v in weights.items()}
    return request


# ---------------------------------------------------------------------------- 1. work


def test_max_work_counts_each_steps_fixed_cost() -> None:
    """The tiny net does 66 multiply-adds a step, so by steps x batch x parameters alone a
    limit of 5e8 allowed it; its fixed cost per step makes it seconds of work, refused."""
    s = LiveServer("--max-work", "500000000")
    s.start()
    try:
        with clients(1, s.port) as (c,):
            c.send(orjson.dumps(tiny_net(1)).decode())
            refused = c.recv_message()
            c.send(orjson.dumps(tiny_net(2, steps=10)).decode())
            fine = c.recv_message()
    finally:
        s.stop()
    assert refused["code"] == "limit_exceeded" and refused["field"] == "steps", refused
    assert fine["type"] == "step_result" and fine["step"] == 10


def test_a_lone_connections_request_does_not_hold_up_a_new_connection(server: LiveServer) -> None:
    """While the only connection's request trains (a request the page might send), a client
    that connects gets its hello and a pong about as fast as on an idle server."""
    heavy = orjson.dumps(step_request("h", [8, 8, 8], 2, seed=1, n=1000, steps=100)).decode()

    async def newcomer() -> float:
        t0 = time.perf_counter()
        conn, _ = await connect(server.ws_url)
        conn.write_message('{"type": "ping", "id": 0}')
        assert await read(conn) == {"type": "pong", "id": 0}
        conn.close()
        return time.perf_counter() - t0

    async def run() -> tuple[list[float], list[float], list[float]]:
        quiet = [await newcomer() for _ in range(10)]
        during, heavy_s = [], []
        for _ in range(10):
            lone, _ = await connect(server.ws_url)
            t0 = time.perf_counter()
            lone.write_message(heavy)
            await asyncio.sleep(0.005)  # the request has started
            during.append(await newcomer())
            assert (await read(lone))["type"] == "step_result"
            heavy_s.append(time.perf_counter() - t0)
            lone.close()
            await asyncio.sleep(0.05)
        return quiet, during, heavy_s

    quiet, during, heavy_s = run_async(run())
    q, d, h = (1e3 * sorted(x)[len(x) // 2] for x in (quiet, during, heavy_s))
    print(f"\nnew connection: quiet {q:.1f} ms, during a {h:.0f} ms request {d:.1f} ms")
    assert h > 30, "the request was too light to tell anything"
    assert d < q + h / 3, "the new connection waited for the lone connection's request"


# ---------------------------------------------------------------------------- 2. big JSON


def junk_frame(rid: int, megabytes: int = 14) -> bytes:
    """A step whose ignored config key holds millions of empty arrays: megabytes that take
    seconds to parse."""
    arrays = megabytes * (1 << 20) // 3
    return b'{"type":"step","id":%d,"config":{"junk":[' % rid + b"[]," * arrays + b"[]]}}"


def test_frames_of_millions_of_arrays_do_not_hold_up_others(server: LiveServer) -> None:
    """16 clients, each sending two 14 MB frames of empty arrays one after the other, as fast
    as the server answers."""
    attackers, rounds = 16, 2
    body = junk_frame(0)
    frames = [RawClient.frame(body.replace(b'"id":0', b'"id":%d' % i, 1)) for i in range(16)]
    conns = [RawClient(server.port) for _ in range(attackers)]
    replies: list[Any] = []

    def attack() -> None:
        def one(i: int) -> list[Any]:
            got = []
            for _ in range(rounds):
                conns[i].sock.sendall(frames[i])
                got.append(conns[i].recv_message())
            return got

        for got in in_threads(one, attackers):
            replies.extend(got)

    try:
        latency = measure_bystander(server.ws_url, attack)
    finally:
        for c in conns:
            c.close()
    print(f"\n{attackers} x {rounds} frames of {len(body) >> 20} MB of empty arrays: {latency}")
    assert len(replies) == attackers * rounds
    codes = [r["code"] for r in replies]
    assert set(codes) <= {"message_too_large", "server_busy"}, replies
    counted = [r for r in replies if r["code"] == "message_too_large"]
    assert counted and "arrays and objects" in counted[0]["message"], replies
    latency.assert_isolated()


# ---------------------------------------------------------------------------- 3. buffers


def test_http_request_bodies_are_refused_from_their_headers(server: LiveServer) -> None:
    """No endpoint takes a body: 60 clients that start sending 2 MB bodies get 413 from the
    headers alone, and the server holds none of it."""
    assert server.proc is not None
    before = rss_bytes(server.proc.pid)
    head = (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Length: {2 << 20}\r\n\r\n"
    ).encode()
    body = b"x" * (2 << 20)
    responses: list[bytes] = []
    grown: list[int] = []

    def post(i: int) -> bytes:
        with socket.create_connection(("127.0.0.1", server.port), timeout=20) as s:
            s.sendall(head)
            with contextlib.suppress(OSError):  # the server may close before it is all sent
                s.sendall(body)
            response = s.recv(4096)
            time.sleep(1.0)  # hold the connection, as the attack did
            return response

    def attack() -> None:
        clients_done = in_threads(post, 60)
        responses.extend(clients_done)

    def watch() -> None:
        time.sleep(0.8)
        assert server.proc is not None
        grown.append(rss_bytes(server.proc.pid) - before)

    latency = measure_bystander(
        server.ws_url, lambda: in_threads(lambda i: attack() if i == 0 else watch(), 2)
    )
    print(f"\n60 clients sending 2 MB bodies: server grew {grown[0] / 1e6:.0f} MB; {latency}")
    assert len(responses) == 60
    assert all(r.startswith(b"HTTP/1.1 413 ") for r in responses), responses[:2]
    assert b"no endpoint takes a request body" in responses[0]
    chunked = (
        f"POST /ws HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    assert http_request(server.port, chunked)[0] == 413
    small = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n\r\n"
    assert http_request(server.port, small)[0] == 200
    assert grown[0] < 32 << 20
    latency.assert_isolated()


def test_half_sent_request_headers_time_out() -> None:
    s = LiveServer("--header-timeout", "1")
    s.start()
    try:
        socks = [socket.create_connection(("127.0.0.1", s.port), timeout=20) for _ in range(20)]
        t0 = time.monotonic()
        for sock in socks:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        closed = [sock.recv(100) for sock in socks]  # blocks until the server closes
        waited = time.monotonic() - t0
        for sock in socks:
            sock.close()
    finally:
        s.stop()
    assert closed == [b""] * 20
    assert 0.9 < waited < 10


def test_a_fragmented_message_must_arrive_in_time() -> None:
    """A client that starts a message and keeps the connection alive by answering pings is
    told and closed once the message timeout passes."""
    s = LiveServer("--message-timeout", "1.5", "--ping-interval", "0.3")
    s.start()
    try:
        with clients(1, s.port) as (c,):
            t0 = time.monotonic()
            c.send('{"type": "ping", ', fin=False)
            error = c.recv_message()  # answering pings meanwhile
            closed = c.recv_message()
            waited = time.monotonic() - t0
    finally:
        s.stop()
    assert error["code"] == "message_timeout" and "1.5 s" in error["message"], error
    assert closed is None and c.close_code == 1008
    assert 1.4 < waited < 10


def test_bytes_held_for_unfinished_messages_are_capped_per_process() -> None:
    """20 clients each send most of a 3.8 MB frame and stop: the process holds at most its
    budget (16 MB); the clients beyond it are told `server_busy` and their bytes dropped."""
    s = LiveServer("--max-message-bytes", "4000000", "--max-buffered-bytes", "16000000")
    s.start()
    assert s.proc is not None
    try:
        before = rss_bytes(s.proc.pid)
        size = 3_800_000
        frame = RawClient.frame(b"x" * size)
        with clients(20, s.port) as conns:

            def attack() -> None:
                for c in conns:
                    c.sock.sendall(frame[: size - 1000])
                time.sleep(1.0)

            latency = measure_bystander(s.ws_url, attack)
            grown = rss_bytes(s.proc.pid) - before
            busy = 0
            for c in conns:
                c.sock.settimeout(0.5)
                with contextlib.suppress(TimeoutError):
                    busy += c.recv_message()["code"] == "server_busy"
    finally:
        s.stop()
    print(f"\n20 unfinished 3.8 MB frames: server grew {grown / 1e6:.0f} MB; {latency}")
    assert busy >= 20 - 16_000_000 // size, busy
    assert grown < 40e6
    latency.assert_isolated()


def test_a_message_over_the_limit_is_skipped_unread_and_answered_in_its_encoding() -> None:
    s = LiveServer("--max-message-bytes", "100000")
    s.start()
    try:
        with clients(1, s.port) as (c,):
            c.send(b"NNVB" + b"\0" * 300_000)  # binary encoding: the reply is binary too
            binary = c.recv_message()
            parts = [b'{"type": "ping", "id": 1, "pad": "', b"x" * 80_000, b'"}']
            c.send(parts[0], 0x1, fin=False)
            c.send(parts[1], 0x0, fin=False)
            c.send(parts[1], 0x0, fin=False)  # past the limit in its third fragment
            c.send(parts[2], 0x0, fin=True)
            text = c.recv_message()
            c.send('{"type": "ping", "id": 2}')
            pong = c.recv_message()
    finally:
        s.stop()
    assert isinstance(binary, bytes) and binary[:4] == b"NNVB"
    assert b'"message_too_large"' in binary and b"300004 bytes" in binary
    assert text["code"] == "message_too_large" and "at least" in text["message"], text
    assert pong == {"type": "pong", "id": 2}


# ---------------------------------------------------------------------------- 4. descriptors


def _limit_fds(soft: int, hard: int) -> Any:
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_the_soft_descriptor_limit_is_raised_to_the_hard_one() -> None:
    s = LiveServer(preexec_fn=_limit_fds(256, 4096))
    s.start()
    assert s.proc is not None
    try:
        with open(f"/proc/{s.proc.pid}/limits") as f:
            line = next(line for line in f if line.startswith("Max open files"))
    finally:
        s.stop()
    assert line.split()[3:5] == ["4096", "4096"], line


def test_out_of_descriptors_accept_pauses_instead_of_spinning() -> None:
    """With every descriptor taken by half-sent requests, the server neither spins nor floods
    its log; a connected client is served meanwhile, and new ones once descriptors free up."""
    s = LiveServer("--header-timeout", "60", preexec_fn=_limit_fds(96, 96))
    s.start()
    assert s.proc is not None
    pid = s.proc.pid
    try:
        used = len(os.listdir(f"/proc/{pid}/fd"))
        hogs: list[socket.socket] = []
        spin: list[float] = []

        def attack() -> None:
            for _ in range(96 - used + 20):  # 20 more than fit: they wait in the backlog
                hog = socket.create_connection(("127.0.0.1", s.port), timeout=10)
                hog.sendall(b"GET / HTTP/1.1\r\n")
                hogs.append(hog)
            time.sleep(0.5)
            cpu = cpu_seconds(pid)
            time.sleep(2.0)
            spin.append(cpu_seconds(pid) - cpu)

        latency = measure_bystander(s.ws_url, attack)
        for hog in hogs:
            hog.close()

        async def newcomer() -> Any:
            conn, hello = await connect(s.ws_url)
            conn.close()
            return hello

        hello = run_async(asyncio.wait_for(newcomer(), 15))
        log = s.read_log()
    finally:
        s.stop()
    print(f"\nout of descriptors: {spin[0]:.2f} s of CPU in 2 s; {latency}")
    assert hello["type"] == "hello"
    assert log.count("cannot accept connections: Too many open files") == 1, log[-2000:]
    assert "Traceback" not in log, log[-2000:]
    assert spin[0] < 0.5
    latency.assert_isolated()


# ---------------------------------------------------------------------------- 5. orphans


def test_workers_exit_when_their_supervisor_is_killed() -> None:
    s = LiveServer("--workers", "2")
    s.start()
    assert s.proc is not None
    parent = s.proc.pid
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        with open(f"/proc/{parent}/task/{parent}/children") as f:
            workers = [int(p) for p in f.read().split()]
        time.sleep(0.1)
    assert len(workers) == 2
    s.stop(sig=signal.SIGKILL)
    t0 = time.monotonic()
    freed = None
    while freed is None and time.monotonic() - t0 < 20:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", s.port))
                probe.listen()
                freed = time.monotonic() - t0
            except OSError:
                time.sleep(0.05)
    assert freed is not None and freed < 5, freed
    # The port frees as each worker stops listening; each then drains its (idle) connections
    # and exits.
    gone_by = time.monotonic() + 15
    while (alive := [pid for pid in workers if _running(pid)]) and time.monotonic() < gone_by:
        time.sleep(0.05)
    print(f"\nsupervisor killed: port free after {freed} s; workers still running: {alive}")
    assert not alive
    again = LiveServer(port=s.port)
    again.start()
    try:

        async def ping() -> Any:
            conn, _ = await connect(again.ws_url)
            conn.write_message('{"type": "ping", "id": 1}')
            reply = await read(conn)
            conn.close()
            return reply

        assert run_async(ping()) == {"type": "pong", "id": 1}
    finally:
        again.stop()


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


# ---------------------------------------------------------------------------- 6. Host


def test_dns_rebinding_is_refused_before_the_upgrade(server: LiveServer) -> None:
    """A page on evil.example whose name now resolves here sends Host and Origin
    evil.example: refused with 403 for the page and for the WebSocket."""
    evil = f"evil.example:{server.port}"
    page = f"GET / HTTP/1.1\r\nHost: {evil}\r\nConnection: close\r\n\r\n"
    status, body = http_request(server.port, page)
    assert status == 403 and "--allow-host evil.example" in body, body
    ws = RawClient(server.port, host=evil, origin=f"http://{evil}")
    assert ws.status == 403 and "DNS rebinding" in ws.head + ws.buffer.decode()
    ws.close()
    for host in (f"localhost:{server.port}", f"127.0.0.1:{server.port}", f"[::1]:{server.port}"):
        ok = RawClient(server.port, host=host, origin=f"http://{host}")
        assert ok.status == 101 and ok.hello["type"] == "hello", host
        ok.close()


def test_allow_host_admits_a_name() -> None:
    s = LiveServer("--allow-host", "class.example")
    s.start()
    try:
        named = RawClient(s.port, host=f"class.example:{s.port}")
        other = RawClient(s.port, host=f"other.example:{s.port}")
    finally:
        s.stop()
    assert named.status == 101 and other.status == 403


def test_allow_host_star_admits_any_name() -> None:
    s = LiveServer("--host", "0.0.0.0", "--allow-host", "*")
    s.start()
    try:
        named = RawClient(s.port, host=f"anything.example:{s.port}")
    finally:
        s.stop()
    assert named.status == 101


# ---------------------------------------------------------------------------- 7. minor


def test_invalid_utf8_text_is_answered_then_closed(server: LiveServer) -> None:
    with clients(1, server.port) as (c,):
        c.send(b'{"type": "ping", "id": "\xff"}', 0x1)
        error = c.recv_message()
        closed = c.recv_message()
    assert error["code"] == "invalid_json" and "not valid UTF-8" in error["message"], error
    assert closed is None and c.close_code == 1007


def test_a_nul_in_a_static_path_is_not_found(server: LiveServer) -> None:
    for path in ("/static/%00", "/static/a%00b.js"):
        head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        assert http_request(server.port, head)[0] == 404
    assert "Traceback" not in server.read_log()


def test_requests_in_flight_at_shutdown_log_no_traceback() -> None:
    s = LiveServer()
    s.start()
    try:
        socks = [RawClient(s.port) for _ in range(3)]
        for c in socks:
            c.send(orjson.dumps(step_request(1, [30, 30], 2, seed=0, n=1000, steps=200)).decode())
        time.sleep(0.5)
    finally:
        code = s.stop(timeout=120)
    log = s.read_log()
    assert code == 0
    assert "Traceback" not in log and "CancelledError" not in log, log[-3000:]


def test_odd_values_get_exact_short_errors(server: LiveServer) -> None:
    """Counters beyond 2^53 - 1, a huge label, a 10 MB type name and ids beyond 2^53 - 1."""
    big = (1 << 53) - 1
    request = step_request(1, [3], 2, seed=0, n=20)
    columns = {k: [p[k] for p in request["data"]] for k in ("x", "y", "label")}
    with clients(1, server.port) as (c,):
        c.send(orjson.dumps({**request, "step": big - 1, "steps": 1}).decode())
        last = c.recv_message()
        c.send(orjson.dumps({**request, "step": big - 1, "steps": 2}).decode())
        past = c.recv_message()
        adam = {**last["optimizer"], "t": big}  # Adam counts its own steps too
        c.send(orjson.dumps({**request, "weights": last["weights"], "optimizer": adam}).decode())
        t_past = c.recv_message()
        c.send(orjson.dumps({**request, "data": {**columns, "label": [3.4e38] * 20}}).decode())
        label = c.recv_message()
        c.send(orjson.dumps({"type": "x" * 10_000_000, "id": 5}).decode())
        long_type = c.recv_message()
        c.send('{"type": "ping", "id": 18446744073709551616}')
        huge_id = c.recv_message()
        c.send('{"type": "ping", "id": 9007199254740991}')
        max_id = c.recv_message()
    assert last["type"] == "step_result" and last["step"] == big
    assert past["field"] == "step" and "9007199254740991" in past["message"], past
    assert t_past["field"] == "optimizer.t", t_past
    assert label["field"] == "data.label[0]" and "label 3.4e+38 " in label["message"], label
    assert long_type["code"] == "unknown_type" and len(long_type["message"]) < 400, long_type
    assert huge_id["field"] == "id" and huge_id["code"] == "invalid_request", huge_id
    assert max_id == {"type": "pong", "id": 9007199254740991}
    assert "RuntimeWarning" not in server.read_log()


@pytest.mark.parametrize(
    ("header", "answered"),
    [
        ("127.0.0.1:8888", True),
        ("10.1.2.3", True),
        ("[::1]:8888", True),
        ("[fe80::1]", True),
        ("localhost:8888", True),
        ("LocalHost.:8888", True),
        ("app.localhost:8888", True),
        ("class.example:8888", True),  # listed
        ("evil.example:8888", False),
        ("127.0.0.1.evil.example", False),
        ("evil.example:8888/x", False),
        ("[::1]x", False),
        ("", False),
        (None, False),
    ],
)
def test_which_host_headers_are_answered(header: str | None, answered: bool) -> None:
    assert allowed_hosts.allowed(header, frozenset({"class.example"})) == answered
    assert allowed_hosts.allowed(header, frozenset({allowed_hosts.ANY}))
