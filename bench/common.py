"""Shared pieces of the benchmarks: a standard request and a server subprocess."""

from __future__ import annotations

import base64
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import numpy as np

from nnvisu.core.trainer import Config, init_weights


def request(
    n: int = 1000,
    hidden: tuple[int, ...] = (8, 8, 8),
    classes: int = 2,
    steps: int = 1,
    optimizer: str = "adam",
    seed: int = 0,
    columns: bool = True,
) -> dict[str, Any]:
    """A step request like the page sends: fresh weights, `n` points in two spirals, as
    columns (what the page sends) or as `[{x, y, label}]` rows."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0.5, 4.5, n)
    label = rng.integers(0, classes, n)
    angle = t * 1.3 + label * (2 * np.pi / classes)
    xy = np.stack([t * np.cos(angle), t * np.sin(angle)], 1) + rng.normal(0, 0.2, (n, 2))
    arch = (2, *hidden, classes)
    weights = init_weights(Config(architecture=arch, seed=seed))
    return {
        "type": "step",
        "id": 0,
        "config": {
            "architecture": list(arch),
            "activation": "tanh",
            "optimizer": optimizer,
            "learningRate": 0.03,
            "seed": seed,
        },
        "weights": {k: v.tolist() for k, v in weights.items()},
        "optimizer": None,
        "data": {"x": xy[:, 0].tolist(), "y": xy[:, 1].tolist(), "label": label.tolist()}
        if columns
        else [
            {"x": float(x), "y": float(y), "label": int(c)}
            for (x, y), c in zip(xy, label, strict=True)
        ],
        "steps": steps,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def server(*args: str) -> Iterator[str]:
    """Run `python -m nnvisu` with `args`; yield its ws:// URL."""
    port = free_port()
    with tempfile.TemporaryFile("w+") as log:
        yield from _run_server(port, log, args)


def _run_server(port: int, log: IO[str], args: tuple[str, ...]) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnvisu", "--port", str(port), "--log-level", "warning", *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            log.seek(0)
            if re.search(r"serving at", log.read()):
                break
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read())
            time.sleep(0.05)
        time.sleep(0.5)  # workers start after the URL is printed
        yield f"ws://127.0.0.1:{port}/ws"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


class RawWebSocket:
    """A minimal blocking WebSocket client for load and latency measurements.

    A Python asyncio client spends ~0.2 ms of its own per round trip, as much as the server's
    whole overhead on a small request, and on a 2-core machine it takes CPU from the server.
    This one sends frames masked once in advance (`frame`) and reads replies with plain
    socket calls, so what a benchmark measures is the server.
    """

    def __init__(self, url: str) -> None:
        rest = url.split("://", 1)[1]
        hostport, _, path = rest.partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port or 80)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: http://{hostport}\r\n\r\n".encode()
        )
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed during the handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise ConnectionError(head.decode(errors="replace"))
        self.hello = self.recv()

    @staticmethod
    def frame(payload: bytes | str) -> bytes:
        """A masked client frame, binary for bytes and text for str; send it with `send`."""
        binary = isinstance(payload, bytes)
        data = payload if isinstance(payload, bytes) else payload.encode()
        n = len(data)
        head = bytes([0x80 | (0x2 if binary else 0x1)])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head += bytes([0x80 | 127]) + n.to_bytes(8, "big")
        mask = os.urandom(4)
        masked = np.frombuffer(data, np.uint8) ^ np.resize(np.frombuffer(mask, np.uint8), n)
        return head + mask + masked.tobytes()

    def send(self, frame: bytes) -> None:
        self.sock.sendall(frame)

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def recv(self) -> bytes:
        """The next message's payload (text frames as UTF-8 bytes)."""
        b0, b1 = self._read(2)
        n = b1 & 0x7F
        if n == 126:
            n = int.from_bytes(self._read(2), "big")
        elif n == 127:
            n = int.from_bytes(self._read(8), "big")
        payload = self._read(n)
        if b0 & 0x0F == 0x8:
            raise ConnectionError("server closed the connection")
        return payload

    def close(self) -> None:
        self.sock.close()
