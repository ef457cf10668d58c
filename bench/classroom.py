"""A class on one server (issue 23): many simulated pages play at once through a real round
trip, with and without one client sending hostile frames.

Starts `python -m nnvisu --workers 2`; each simulated page connects through a delay proxy
(tests/delay_proxy.py: every chunk held `rtt / 2` each way, on loopback) and plays like the
page: it measures the round trip (pings) and the cost of a step (from its replies: the least
so far of a request's time beyond the round trip, per step), sizes each request to train
`--cover` times as long as the round trip (within the host's limits), and sends the next
request as soon as a reply comes, before it would draw it. Pages speak the binary encoding
and train the page's default network (2-8-8-8-2, full batch, so one step is one epoch) on
1000 points of their own. The hostile client, on a direct connection, sends the frames of
bench/hostile_frames.py (1 and 4 MB) one after another for the whole run.

Prints per run: per-page epochs/s (min, median, max), Jain's fairness index, reply latency
p50/p99, dropped connections, errors, the server's memory (all its processes' RSS)
(when it starts, a few seconds into the run, and at the end), and the load average.

    python bench/classroom.py [--pages 30 60] [--duration 60] [--rtt-ms 50] [--short]

Pages run in several client processes (`--clients`): one Python process encoding and
decoding for 60 pages would be the bottleneck on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import orjson

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))
from delay_proxy import DelayProxy  # noqa: E402
from hostile_frames import frames as hostile_frames  # noqa: E402

from nnvisu.core.limits import Limits  # noqa: E402
from nnvisu.wire import codec  # noqa: E402

POINTS = 1000
HIDDEN = (8, 8, 8)
LIMITS = Limits(max_message_bytes=64 << 20)  # for reading replies: the server's own apply


# ---------------------------------------------------------------------------- a WebSocket


class Socket:
    """A minimal asyncio WebSocket client: masked frames (with a zero mask: no cost), pings
    answered, messages returned whole."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> tuple[Socket, Any]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        host = f"127.0.0.1:{port}"
        writer.write(
            f"GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://{host}\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise ConnectionError(head.decode(errors="replace"))
        sock = cls(reader, writer)
        return sock, orjson.loads(await sock.recv())

    def send(self, payload: bytes, opcode: int = 0x2) -> None:
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head += bytes([0x80 | 127]) + n.to_bytes(8, "big")
        self.writer.write(head + b"\0\0\0\0" + payload)

    async def recv(self) -> bytes:
        while True:
            b0, b1 = await self.reader.readexactly(2)
            n = b1 & 0x7F
            if n == 126:
                n = int.from_bytes(await self.reader.readexactly(2), "big")
            elif n == 127:
                n = int.from_bytes(await self.reader.readexactly(8), "big")
            payload = await self.reader.readexactly(n)
            opcode = b0 & 0x0F
            if opcode == 0x9:
                self.send(payload, 0xA)
            elif opcode == 0x8:
                raise ConnectionError("the server closed the connection")
            elif opcode in (0x1, 0x2):
                return payload

    def close(self) -> None:
        self.writer.close()


# ---------------------------------------------------------------------------- a page


def spirals(seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = rng.uniform(0.5, 4.5, POINTS)
    label = rng.integers(0, 2, POINTS)
    angle = t * 1.3 + label * np.pi
    x = t * np.cos(angle) + rng.normal(0, 0.2, POINTS)
    y = t * np.sin(angle) + rng.normal(0, 0.2, POINTS)
    return {k: v.astype(np.float32) for k, v in {"x": x, "y": y, "label": label}.items()}


class Page:
    """One simulated page: its own network and points, playing as fast as it may."""

    def __init__(self, index: int, port: int, cover: float) -> None:
        self.index, self.port, self.cover = index, port, cover
        self.config = {
            "architecture": [2, *HIDDEN, 2],
            "activation": "tanh",
            "optimizer": "adam",
            "learningRate": 0.03,
            "batchSize": 0,
            "seed": index,
        }
        self.data = spirals(index)
        self.steps_done = 0
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.dropped = 0

    async def play(self, until: float) -> None:
        while time.monotonic() < until:
            try:
                await self._session(until)
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.dropped += 1  # a page reconnects and goes on
                await asyncio.sleep(0.1)

    async def _session(self, until: float) -> None:
        sock, hello = await Socket.open(self.port)
        try:
            max_steps = hello["limits"]["maxSteps"]
            rtt = min([await self._exchange(sock, {"type": "ping", "id": i}) for i in range(3)])
            sock.send(codec.dumps_binary({"type": "init", "id": "w", "config": self.config}))
            state = codec.decode(await sock.recv(), LIMITS)
            weights, optimizer, step = state["weights"], None, 0
            # A step's cost: the least so far of a request's time beyond the round trip, per
            # step (time queued behind other pages only ever adds to it); a guess until the
            # first reply.
            step_s = 0.001
            while time.monotonic() < until:
                # Train `cover` times as long as the round trip: the link is then busy for
                # only 1 / (1 + cover) of the time (here one request is in flight at once).
                steps = max(1, min(max_steps, math.ceil(self.cover * rtt / step_s)))
                request = {
                    "type": "step",
                    "id": self.steps_done,
                    "config": self.config,
                    "weights": weights,
                    "optimizer": optimizer,
                    "data": self.data,
                    "steps": steps,
                    "step": step,
                }
                t0 = time.perf_counter()
                sock.send(codec.dumps_binary(request))
                reply = codec.decode(await sock.recv(), LIMITS)
                elapsed = time.perf_counter() - t0
                if reply["type"] != "step_result":
                    self.errors.append(str(reply.get("code")))
                    await asyncio.sleep(0.05)
                    continue
                # The next request goes out now; a page would draw this reply meanwhile.
                weights, optimizer, step = reply["weights"], reply["optimizer"], reply["step"]
                self.steps_done += steps
                self.latencies.append(elapsed)
                step_s = min(step_s, max(elapsed - rtt, 1e-5) / steps)
        finally:
            sock.close()

    @staticmethod
    async def _exchange(sock: Socket, msg: dict[str, Any]) -> float:
        t0 = time.perf_counter()
        sock.send(orjson.dumps(msg), 0x1)
        await sock.recv()
        return time.perf_counter() - t0


async def hostile(port: int, frames: list[bytes], until: float) -> dict[str, Any]:
    """Send every hostile frame, one after another, until `until`; count the replies."""
    sent = replies = 0
    while time.monotonic() < until:
        try:
            sock, _ = await Socket.open(port)
            try:
                while time.monotonic() < until:
                    frame = frames[sent % len(frames)]
                    sock.send(frame, 0x2 if frame[:4] == codec.BINARY_MAGIC else 0x1)
                    sent += 1
                    await sock.recv()
                    replies += 1
            finally:
                sock.close()
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            await asyncio.sleep(0.1)
    return {"hostile_sent": sent, "hostile_replies": replies}


async def client(port: int, pages: list[int], args: argparse.Namespace) -> dict[str, Any]:
    """One client process's pages, through a delay proxy of its own."""
    frames = [*hostile_frames(1.0).values(), *hostile_frames(4.0).values()] if args.hostile else []
    async with DelayProxy(port, args.rtt_ms / 2000) as proxy:
        until = time.monotonic() + args.duration
        players = [Page(i, proxy.port, args.cover) for i in pages]
        tasks = [p.play(until) for p in players]
        extra: dict[str, Any] = {}
        if args.hostile:
            results = await asyncio.gather(hostile(port, frames, until), *tasks)
            extra = results[0]
        else:
            await asyncio.gather(*tasks)
    return {
        "pages": [
            {
                "steps": p.steps_done,
                "latencies": p.latencies,
                "errors": p.errors,
                "dropped": p.dropped,
            }
            for p in players
        ],
        **extra,
    }


# ---------------------------------------------------------------------------- the run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


def rss_tree(pid: int) -> int:
    """RSS of `pid` and its children, in bytes."""
    total = 0
    for p in [pid, *children(pid)]:
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) * 1024 for line in f if line[:6] == "VmRSS:")
        except (FileNotFoundError, StopIteration):
            pass
    return total


def start_server(
    port: int, workers: int, log: Any, server_src: str | None
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if server_src:  # another version's src/ folder, for a before/after comparison
        env["PYTHONPATH"] = server_src
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnvisu", "--port", str(port), "--workers", str(workers)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        log.seek(0)
        if re.search(rb"serving at", log.read()):
            time.sleep(1.0)  # the workers start after the URL is printed
            return proc
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    log.seek(0)
    raise RuntimeError(f"server did not start: {log.read().decode(errors='replace')}")


def run(pages: int, hostile_on: bool, args: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    with tempfile.TemporaryFile("w+b") as log:
        proc = start_server(port, args.workers, log, args.server_src)
        try:
            load_start = os.getloadavg()[0]
            rss_start = rss_tree(proc.pid)
            clients = min(args.clients, pages)
            procs = []
            for c in range(clients):
                mine = list(range(c, pages, clients))
                cmd = [
                    sys.executable,
                    __file__,
                    "--client",
                    ",".join(map(str, mine)),
                    "--port",
                    str(port),
                    "--duration",
                    str(args.duration),
                    "--rtt-ms",
                    str(args.rtt_ms),
                    "--cover",
                    str(args.cover),
                ]
                if hostile_on and c == 0:
                    cmd.append("--hostile")
                procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE))
            time.sleep(min(5.0, args.duration / 6))
            rss_warm = rss_tree(proc.pid)  # every page has trained: torch's own memory is in
            outputs = [orjson.loads(p.communicate()[0].splitlines()[-1]) for p in procs]
            load_end = os.getloadavg()[0]
            time.sleep(2.0)  # replies sent, connections closed: what the server keeps
            rss_end = rss_tree(proc.pid)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still decoding (the old decoder)
                for pid in [*children(proc.pid), proc.pid]:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                proc.wait()
        log.seek(0)
        server_log = log.read().decode(errors="replace")
    per_page = [p for out in outputs for p in out["pages"]]
    extra = {k: v for out in outputs for k, v in out.items() if k != "pages"}
    return {
        "pages": pages,
        "hostile": hostile_on,
        "epochs_per_s": [p["steps"] / args.duration for p in per_page],
        "latencies": [x for p in per_page for x in p["latencies"]],
        "errors": [e for p in per_page for e in p["errors"]],
        "dropped": sum(p["dropped"] for p in per_page),
        "rss": (rss_start, rss_warm, rss_end),
        "load": (load_start, load_end),
        "tracebacks": server_log.count("Traceback"),
        **extra,
    }


def jain(values: list[float]) -> float:
    """Jain's fairness index: 1 when all are equal, 1/n when one has everything."""
    squares = sum(v * v for v in values)
    return sum(values) ** 2 / (len(values) * squares) if squares else 0.0


def report(r: dict[str, Any]) -> str:
    eps = r["epochs_per_s"]
    lat = np.asarray(r["latencies"] or [math.nan]) * 1e3
    hostile_note = (
        f", hostile frames sent {r['hostile_sent']} (answered {r['hostile_replies']})"
        if r["hostile"]
        else ""
    )
    return (
        f"{r['pages']} pages{' + hostile client' if r['hostile'] else ''}: "
        f"epochs/s per page min {min(eps):.0f}, median {statistics.median(eps):.0f}, "
        f"max {max(eps):.0f} (total {sum(eps):.0f}); fairness (Jain) {jain(eps):.3f}; "
        f"reply p50 {np.percentile(lat, 50):.0f} ms, p99 {np.percentile(lat, 99):.0f} ms; "
        f"dropped connections {r['dropped']}; errors {len(r['errors'])}; "
        f"server RSS start {r['rss'][0] / 1e6:.0f} MB, warm {r['rss'][1] / 1e6:.0f} MB, "
        f"end {r['rss'][2] / 1e6:.0f} MB; "
        f"load average {r['load'][0]:.2f} -> {r['load'][1]:.2f}; "
        f"server tracebacks {r['tracebacks']}{hostile_note}"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, nargs="+", default=[30, 60])
    p.add_argument("--duration", type=float, default=60.0, help="seconds per run")
    p.add_argument("--rtt-ms", type=float, default=50.0, help="round trip through the proxy")
    p.add_argument("--cover", type=float, default=4.0, help="train time per round trip")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--clients", type=int, default=3, help="client processes")
    p.add_argument("--no-hostile", action="store_true", help="skip the runs with a hostile client")
    p.add_argument(
        "--server-src",
        help="serve another version's src/ folder (e.g. `git archive OLD src | tar -x -C /tmp/old`"
        " and /tmp/old/src): a before/after comparison with the same clients",
    )
    p.add_argument("--short", action="store_true", help="3 pages for 2 s: a smoke run")
    p.add_argument("--client", help=argparse.SUPPRESS)  # a client process: its pages
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    p.add_argument("--hostile", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.client is not None:
        pages = [int(i) for i in args.client.split(",")]
        out = asyncio.run(client(args.port, pages, args))
        sys.stdout.write(orjson.dumps(out).decode() + "\n")
        return
    if args.short:
        args.pages, args.duration, args.clients = [3], 2.0, 1
    print(
        f"classroom: {args.duration:g} s per run, {args.rtt_ms:g} ms round trip, "
        f"--workers {args.workers}, {os.cpu_count()} cores, {args.clients} client processes",
        flush=True,
    )
    for pages in args.pages:
        for hostile_on in (False,) if args.no_hostile else (False, True):
            print(report(run(pages, hostile_on, args)), flush=True)


if __name__ == "__main__":
    main()
