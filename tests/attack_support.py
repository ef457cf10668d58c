"""Tools for attacking a live server: a raw WebSocket client that can send any frame, and a
bystander whose ping latency is measured before and during an attack.

The attacker side uses blocking sockets on threads of its own, so that building and sending
megabytes does not delay the bystander, which runs on an asyncio loop (`run_async`).
"""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
from conftest import run_async
from test_server import connect, read

PING, PONG, CLOSE = 0x9, 0xA, 0x8


class RawClient:
    """A WebSocket client that sends frames exactly as told (fragments, any size, bad UTF-8)."""

    def __init__(
        self, port: int, host: str | None = None, origin: str | None = None, timeout: float = 30
    ) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        host = host or f"127.0.0.1:{port}"
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                f"Sec-WebSocket-Version: 13\r\nOrigin: {origin or 'http://' + host}\r\n\r\n"
            ).encode()
        )
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        self.status = int(head.split(b" ")[1])
        self.head = head.decode(errors="replace")
        self.close_code: int | None = None
        if self.status == 101:
            self.hello = self.recv_message()

    @staticmethod
    def frame(payload: bytes, opcode: int = 0x1, fin: bool = True) -> bytes:
        n = len(payload)
        head = bytes([(0x80 if fin else 0) | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head += bytes([0x80 | 127]) + n.to_bytes(8, "big")
        # A zero mask leaves the payload as it is: no time spent masking megabytes.
        return head + b"\0\0\0\0" + payload

    def send(self, payload: bytes | str, opcode: int | None = None, fin: bool = True) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        if opcode is None:
            opcode = 0x1 if isinstance(payload, str) else 0x2
        self.sock.sendall(self.frame(data, opcode, fin))

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def recv_frame(self) -> tuple[int, bytes]:
        b0, b1 = self._read(2)
        n = b1 & 0x7F
        if n == 126:
            n = int.from_bytes(self._read(2), "big")
        elif n == 127:
            n = int.from_bytes(self._read(8), "big")
        return b0 & 0x0F, self._read(n)

    def recv_message(self, answer_pings: bool = True) -> Any:
        """The next data message, decoded from JSON; None once the server closes (its close
        code in `close_code`)."""
        while True:
            opcode, payload = self.recv_frame()
            if opcode == PING and answer_pings:
                self.send(payload, PONG)
            elif opcode == CLOSE:
                self.close_code = int.from_bytes(payload[:2], "big") if payload else None
                return None
            elif opcode in (0x1, 0x2):
                return orjson.loads(payload) if opcode == 0x1 else payload

    def close(self) -> None:
        self.sock.close()


def http_request(port: int, head: str, timeout: float = 10) -> tuple[int, str]:
    """Send raw request headers (no body) and read the status and body of the response."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head.encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    return int(status_line.split(b" ")[1]), rest.partition(b"\r\n\r\n")[2].decode()


# ---------------------------------------------------------------------------- the bystander


@dataclass
class Latency:
    """A bystander's ping round trips in seconds, on a quiet server and during an attack."""

    quiet: list[float] = field(default_factory=list)
    during: list[float] = field(default_factory=list)

    @property
    def quiet_ms(self) -> float:
        return 1e3 * statistics.median(self.quiet)

    @property
    def worst_ms(self) -> float:
        return 1e3 * max(self.during)

    @property
    def p90_ms(self) -> float:
        return 1e3 * sorted(self.during)[(9 * len(self.during)) // 10]

    @property
    def median_ms(self) -> float:
        return 1e3 * statistics.median(self.during)

    def __str__(self) -> str:
        return (
            f"bystander ping: quiet median {self.quiet_ms:.1f} ms; during the attack "
            f"{len(self.during)} pings, median {self.median_ms:.1f} ms, "
            f"p90 {self.p90_ms:.0f} ms, worst {self.worst_ms:.0f} ms"
        )

    def assert_isolated(self, bound_ms: float = 200.0) -> None:
        """The attack did not hold the bystander up: nine pings in ten within `bound_ms`, the
        typical one close to the quiet server's, and none held for a second (before, these
        attacks held every client for seconds). On this shared 2-core machine a process that
        holds nothing can still wait a few hundred milliseconds for a core, so the worst ping
        alone proves nothing."""
        assert len(self.during) >= 5, f"too few pings during the attack: {self}"
        assert self.p90_ms <= bound_ms, str(self)
        assert self.worst_ms <= 1000, str(self)
        assert self.median_ms <= max(50.0, 10 * self.quiet_ms), str(self)


def measure_bystander(url: str, attack: Callable[[], Any], quiet_pings: int = 30) -> Latency:
    """Ping over its own connection: `quiet_pings` times, then continuously while `attack`
    runs on a thread; returns the round trips. The attack's exceptions propagate."""
    latency = Latency()
    outcome: list[Any] = []

    def run_attack() -> None:
        try:
            attack()
        except BaseException as e:  # re-raised on the test's thread
            outcome.append(e)

    async def run() -> None:
        conn, _ = await connect(url)
        for i in range(quiet_pings):
            latency.quiet.append(await _ping(conn, i))
        thread = threading.Thread(target=run_attack)
        thread.start()
        i = 0
        while thread.is_alive():
            latency.during.append(await _ping(conn, i))
            i += 1
            await asyncio.sleep(0.005)
        thread.join()
        conn.close()

    run_async(run())
    if outcome:
        raise outcome[0]
    return latency


async def _ping(conn: Any, i: int) -> float:
    t0 = time.perf_counter()
    conn.write_message(orjson.dumps({"type": "ping", "id": i}).decode())
    reply = await read(conn, timeout=120)
    assert reply == {"type": "pong", "id": i}
    return time.perf_counter() - t0


@contextmanager
def clients(n: int, port: int, **kwargs: Any) -> Iterator[list[RawClient]]:
    opened = [RawClient(port, **kwargs) for _ in range(n)]
    try:
        yield opened
    finally:
        for c in opened:
            c.close()


def in_threads(work: Callable[[int], Any], n: int) -> list[Any]:
    """`work(i)` for i in range(n), each on a thread of its own; their results in order."""
    results: list[Any] = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = work(i)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
