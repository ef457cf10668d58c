"""What a client can make a server process hold, and for how long.

- `Gate` looks at every HTTP request's headers before anything else does: a Host this server
  does not answer to (see `hosts`) gets 403, and a request body (no endpoint takes one) 413,
  both before the body is read or a WebSocket is upgraded.
- `GuardedProtocol` is Tornado's WebSocket protocol with limits on messages: one larger than
  the protocol's limit is skipped unread (its sender gets `message_too_large`), the messages a
  process holds at once share a byte budget (beyond it: `server_busy`), a message must arrive
  within a time limit (`message_timeout`, then close 1008), and a text frame that is not UTF-8
  gets `invalid_json` before the close (1007) that RFC 6455 asks for.

`GuardedProtocol` follows the frames by the reads Tornado's protocol makes (`_read_bytes`) and
filters what it delivers (`_handle_message`): both are Tornado 6 internals (pyproject.toml
keeps Tornado below 7), and tests/test_hardening.py fails if they change.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import socket
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import tornado.http1connection
import tornado.httputil
import tornado.iostream
import tornado.websocket

from ..core.limits import Limits
from ..wire import codec
from ..wire.errors import ProtocolError
from ..wire.protocol import error_reply
from . import allowed_hosts

log = logging.getLogger(__name__)

# No endpoint takes a request body; a few KB leaves room for a client that sends an empty form.
MAX_HTTP_BODY_BYTES = 4096


class Gate(tornado.httputil.HTTPServerConnectionDelegate):
    """An HTTP application behind a check of each request's headers."""

    def __init__(self, app: tornado.httputil.HTTPServerConnectionDelegate, names: frozenset[str]):
        self.app = app
        self.names = names
        self.warned: set[str] = set()
        self.refusing: set[asyncio.Future[None]] = set()

    def start_request(
        self, server_conn: object, request_conn: tornado.httputil.HTTPConnection
    ) -> tornado.httputil.HTTPMessageDelegate:
        return _GatedRequest(self, self.app.start_request(server_conn, request_conn), request_conn)

    def on_close(self, server_conn: object) -> None:
        self.app.on_close(server_conn)

    def check(self, headers: tornado.httputil.HTTPHeaders) -> tuple[int, str, str] | None:
        """(status, reason, text) of a refusal, or None to let the request through."""
        host = headers.get("Host")
        if not allowed_hosts.allowed(host, self.names):
            text = allowed_hosts.refusal(host)
            if len(self.warned) < 100 and text not in self.warned:  # once per name
                self.warned.add(text)
                log.warning("refused a request: %s", text)
            return 403, "Forbidden", text
        length = headers.get("Content-Length", "0")
        if "Transfer-Encoding" in headers or not length.isdigit():
            return 413, "Content Too Large", "nnvisu: no endpoint takes a request body"
        if int(length) > MAX_HTTP_BODY_BYTES:
            return (
                413,
                "Content Too Large",
                f"nnvisu: no endpoint takes a request body (this one is {length} bytes)",
            )
        return None


class _GatedRequest(tornado.httputil.HTTPMessageDelegate):
    def __init__(
        self,
        gate: Gate,
        inner: tornado.httputil.HTTPMessageDelegate,
        conn: tornado.httputil.HTTPConnection,
    ) -> None:
        self.gate = gate
        self.inner = inner
        self.conn = conn
        self.refused = False

    def headers_received(
        self,
        start_line: tornado.httputil.RequestStartLine | tornado.httputil.ResponseStartLine,
        headers: tornado.httputil.HTTPHeaders,
    ) -> Any:
        refusal = self.gate.check(headers)
        if refusal is None:
            return self.inner.headers_received(start_line, headers)
        self.refused = True
        assert isinstance(self.conn, tornado.http1connection.HTTP1Connection)
        # Taken from Tornado's HTTP connection, so that it reads no body and no next request.
        stream = self.conn.detach()
        task = asyncio.ensure_future(_refuse(stream, *refusal))
        self.gate.refusing.add(task)  # the loop keeps only a weak reference
        task.add_done_callback(self.gate.refusing.discard)
        return None

    def data_received(self, chunk: bytes) -> Any:
        return None if self.refused else self.inner.data_received(chunk)

    def finish(self) -> None:
        if not self.refused:
            self.inner.finish()

    def on_connection_close(self) -> None:
        if not self.refused:
            self.inner.on_connection_close()


# After a refusal, what the client still sends is read and dropped for a moment before the
# connection closes: closing with unread data would reset the connection, and the client
# could lose the response.
LINGER_S = 2.0
LINGER_BYTES = 1 << 20


async def _refuse(stream: tornado.iostream.IOStream, status: int, reason: str, text: str) -> None:
    body = (text + "\n").encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    try:
        await stream.write(head + body)
        stream.socket.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + LINGER_S
        dropped = 0
        while dropped < LINGER_BYTES:
            chunk = await asyncio.wait_for(
                stream.read_bytes(65536, partial=True), deadline - time.monotonic()
            )
            dropped += len(chunk)
    except (tornado.iostream.StreamClosedError, OSError, asyncio.TimeoutError):
        pass
    finally:
        stream.close()


# ---------------------------------------------------------------------------- logs


class QuietLog(logging.Filter):
    """Lets through at most `burst` warnings (and errors) of one kind per `period` seconds; the
    first one after a quiet spell says how many were left out. A kind is the logger and the
    message's template, so a client that repeats what it does (a refused origin, a reset
    connection) cannot flood the log, while a different problem still shows at once."""

    def __init__(self, period: float = 60.0, burst: int = 5) -> None:
        super().__init__()
        self.period = period
        self.burst = burst
        # kind -> [start of its window, records let through in it, records left out]
        self.kinds: dict[tuple[str, int, str], list[Any]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        kind = (record.name, record.levelno, str(record.msg)[:200])
        now = time.monotonic()
        window = self.kinds.get(kind)
        if window is None or now - window[0] >= self.period:
            left_out = window[2] if window is not None else 0
            if len(self.kinds) >= 1000:  # kinds are few; a flood of distinct ones is not kept
                self.kinds.clear()
            self.kinds[kind] = [now, 1, 0]
            if left_out:
                record.msg = f"{record.msg} [{left_out} more like this not logged]"
            return True
        if window[1] < self.burst:
            window[1] += 1
            return True
        window[2] += 1
        return False


def quiet_logs(period: float = 60.0, burst: int = 5) -> None:
    """Rate-limit repeated warnings on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, QuietLog) for f in handler.filters):
            handler.addFilter(QuietLog(period, burst))


# ---------------------------------------------------------------------------- WebSocket


class Budget:
    """Bytes of client messages one process holds at once: being read, or read and not yet
    answered."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0

    def take(self, n: int) -> bool:
        if self.held + n > self.limit:
            return False
        self.held += n
        return True

    def give(self, n: int) -> None:
        self.held -= n


@dataclass(frozen=True)
class MessageLimits:
    max_message_bytes: int
    # Beyond this a message is not skipped but the connection closed (1009) after the reply.
    hard_cap_bytes: int
    # From a message's first frame header to its last frame's end.
    timeout_s: float
    budget: Budget
    # What the requests may hold, for counting a large JSON text as it arrives.
    request_limits: Limits


@dataclass
class _Message:
    """The data message a connection is receiving (or has received and not yet answered)."""

    binary_frames: bool
    text: bool
    counter: codec.JsonCounter | None = None  # once a text message is large
    timer: Any = None
    size: int = 0
    held: int = 0  # bytes taken from the budget
    binary: bool | None = None  # in the binary encoding (from its magic), once known
    skipping: bool = False
    reply: tuple[str, str] | None = None  # an error to send once its encoding is known


_HEADER, _LENGTH, _MASK, _PAYLOAD = range(4)
# A payload is read this much at a time, letting the event loop serve the other connections in
# between: read in one go, a fast sender's megabytes would hold it for as long as they take.
_READ_CHUNK = 64 * 1024


class GuardedProtocol(tornado.websocket.WebSocketProtocol13):
    """Tornado's RFC 6455 protocol, server side, with `MessageLimits`."""

    def __init__(self, handler: Any, params: Any, limits: MessageLimits) -> None:
        super().__init__(handler, False, params)
        self.limits = limits
        self._expect = _HEADER
        self._fin = False
        self._opcode = 0
        self._masked = False
        self._length = 0
        self._mask = b""
        self._key: np.ndarray | None = None  # the mask repeated, for unmasking chunks
        self._key_mask = b""
        self._message: _Message | None = None  # being received
        self._answering: _Message | None = None  # the last received, handed to the handler
        # Received and not yet answered, oldest first: each holds its bytes of the budget
        # until the handler calls `answered`.
        self._unanswered: collections.deque[_Message] = collections.deque()
        # After a frame that ends the connection, later frames are not answered.
        self._ending = False

    # Tornado reads each frame as: 2 header bytes, 2 or 8 length bytes if the length needs
    # them, 4 mask bytes if masked, then the payload. Following those reads tells which one is
    # a data payload, and how long it is, before it is read.
    async def _read_bytes(self, n: int) -> bytes:
        expect = self._expect
        if expect == _PAYLOAD:
            self._expect = _HEADER
            if self._opcode & 0x8:  # a control frame
                return await super()._read_bytes(n)
            return await self._read_payload(n)
        data = await super()._read_bytes(n)
        if expect == _HEADER:
            self._fin = bool(data[0] & 0x80)
            self._opcode = data[0] & 0x0F
            self._masked = bool(data[1] & 0x80)
            self._length = data[1] & 0x7F
            if self._length >= 126:
                self._expect = _LENGTH
                return data
        elif expect == _LENGTH:
            self._length = int.from_bytes(data, "big")
        else:
            self._mask = data
            self._expect = _PAYLOAD
            return data
        self._expect = _MASK if self._masked else _PAYLOAD
        self._check_hard_cap()
        return data

    def _check_hard_cap(self) -> None:
        """Reply before Tornado closes the connection of a message past the hard cap."""
        if self._opcode & 0x8:
            return
        msg = self._message if self._opcode == 0 else None
        if msg is not None and msg.skipping:
            return  # already answered; its skipped bytes are not in Tornado's count
        size = (msg.size if msg is not None else 0) + self._length
        if size > self.limits.hard_cap_bytes:
            self._reply(
                "message_too_large",
                f"message is at least {size} bytes; the limit is "
                f"{self.limits.max_message_bytes} bytes, and beyond "
                f"{self.limits.hard_cap_bytes} the connection closes",
                bool(msg is not None and msg.binary),
            )

    async def _read_payload(self, n: int) -> bytes:
        if self._opcode != 0:
            self._start_message()
        msg = self._message
        if msg is None:  # a continuation of nothing: Tornado aborts after this read
            return await super()._read_bytes(n)
        msg.size += n
        if not msg.skipping:
            if msg.size > self.limits.max_message_bytes:
                at_least = "" if self._fin else "at least "
                self._skip(
                    msg,
                    (
                        "message_too_large",
                        f"message is {at_least}{msg.size} bytes; the limit "
                        f"is {self.limits.max_message_bytes} bytes",
                    ),
                )
            elif self.limits.budget.take(n):
                msg.held += n
            else:
                self._skip(
                    msg,
                    (
                        "server_busy",
                        "the server holds too many large messages right now; "
                        "send it again in a moment",
                    ),
                )
        data = await self._read_in_chunks(msg, n)
        if self._fin:
            self._end_message(msg)
        return data

    async def _read_in_chunks(self, msg: _Message, n: int) -> bytes:
        """The payload, read a chunk at a time (dropped if the message is being skipped).

        A large JSON text is counted as it comes, and skipped as soon as it holds more than
        any request could (`codec.JsonCounter`)."""
        first_frame = msg.size == n
        count = msg.text and msg.size > _READ_CHUNK
        if count and msg.counter is None:
            msg.counter = codec.JsonCounter(self.limits.request_limits, arriving=True)
        parts: list[bytes] = []
        read = 0
        while True:
            chunk = await super()._read_bytes(min(_READ_CHUNK, n - read))
            if first_frame and read == 0:
                msg.binary = msg.binary_frames and self._unmasked(chunk[:4]) == codec.BINARY_MAGIC
            read += len(chunk)
            if count and not msg.skipping:
                assert msg.counter is not None
                try:
                    msg.counter.feed(self._unmasked(chunk))
                except ProtocolError as e:
                    self._skip(msg, (e.code, e.message))
                    parts = []
            if msg.reply is not None:
                self._reply(*msg.reply, bool(msg.binary), in_order=True)
                msg.reply = None
            if not msg.skipping:
                parts.append(chunk)
            if read >= n:
                return parts[0] if len(parts) == 1 else b"".join(parts)
            await asyncio.sleep(0)

    def _unmasked(self, chunk: bytes) -> bytes:
        """A chunk of this frame's payload (starting at a multiple of 4) without its mask."""
        if not self._masked:
            return chunk
        if self._key is None or self._key_mask != self._mask:
            self._key = np.resize(np.frombuffer(self._mask, np.uint8), _READ_CHUNK)
            self._key_mask = self._mask
        unmasked: bytes = (np.frombuffer(chunk, np.uint8) ^ self._key[: len(chunk)]).tobytes()
        return unmasked

    def _start_message(self) -> None:
        if self._message is not None:  # a new message inside another: Tornado aborts
            self._end_message(self._message)
        msg = _Message(binary_frames=self._opcode == 0x2, text=self._opcode == 0x1)
        msg.timer = self.stream.io_loop.call_later(self.limits.timeout_s, self._too_slow, msg)
        self._message = msg

    def _end_message(self, msg: _Message) -> None:
        self.stream.io_loop.remove_timeout(msg.timer)
        self._message = None
        self._answering = msg
        if not msg.skipping:  # handed to the handler (a skipped one was answered here)
            self._unanswered.append(msg)

    def answered(self) -> None:
        """The handler has answered the oldest message it was given: its bytes are free."""
        if self._unanswered:
            self._give_back(self._unanswered.popleft())

    def _give_back(self, msg: _Message) -> None:
        self.limits.budget.give(msg.held)
        msg.held = 0

    def _skip(self, msg: _Message, reply: tuple[str, str] | None) -> None:
        """Drop the rest of this message unread; `reply` goes out once its encoding is known
        (from its first bytes)."""
        msg.skipping = True
        msg.reply = reply
        self._give_back(msg)

    def _too_slow(self, msg: _Message) -> None:
        if self._message is not msg or self.is_closing():
            return
        self._skip(msg, None)
        limit = self.limits.timeout_s
        self._reply(
            "message_timeout",
            f"the message did not arrive within {limit:g} s of its first frame",
            bool(msg.binary),
        )
        self.close(1008, f"message not complete after {limit:g} s")

    def _reply(self, code: str, message: str, binary: bool, in_order: bool = False) -> None:
        """Send an error. `in_order`: after the replies to the messages before this one (the
        connection stays open); otherwise at once, as the connection is about to close."""
        if self.is_closing():
            return
        reply = codec.encode(error_reply(None, code, message), binary)
        queue = getattr(self.handler, "reply_in_order", None)
        if in_order and queue is not None:
            queue(reply, binary)
            return
        try:
            sent = self.write_message(reply, binary=binary)
        except tornado.websocket.WebSocketClosedError:
            return
        sent.add_done_callback(ignore_closed)

    def _handle_message(self, opcode: int, data: bytes) -> Any:
        if not opcode & 0x8 and (
            self._ending or (self._answering is not None and self._answering.skipping)
        ):
            return None  # answered when it was skipped, or after the connection's end
        if opcode == 0x1 and not data.isascii():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as e:
                # The error goes after the replies to the messages before it, then the close.
                self._ending = True
                self._reply(
                    "invalid_json",
                    f"text frame is not valid UTF-8 ({e.reason} at byte {e.start}); send "
                    "JSON as UTF-8 text",
                    False,
                    in_order=True,
                )
                close_after = getattr(self.handler, "close_after_replies", None)
                if close_after is None:
                    self.close(1007, "invalid UTF-8")
                else:
                    close_after(1007, "invalid UTF-8")
                return None
        return super()._handle_message(opcode, data)

    def close(self, code: int | None = None, reason: str | None = None) -> None:
        super().close(code, reason)
        if self.stream is not None and self.stream.closed():
            for msg in (self._message, self._answering, *self._unanswered):
                if msg is not None:
                    self.stream.io_loop.remove_timeout(msg.timer)
                    self._give_back(msg)
            self._message = self._answering = None
            self._unanswered.clear()


def ignore_closed(sent: asyncio.Future[None]) -> None:
    if not sent.cancelled():
        sent.exception()  # retrieved: a client that left needs no reply
