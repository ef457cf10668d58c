"""The Tornado app: `/` (the page), `/static/*` (the bundle), `/ws` (the protocol), and
`/healthz` and `/metrics` for operators.

The server keeps nothing per user: every `/ws` request carries the state it needs, so any
number of processes and hosts can serve the same users. Any request of more than a tiny
amount of work trains on a thread pool, off the event loop, so a long request on one
connection never stalls the others.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ctypes
import errno
import functools
import logging
import os
import sys
import time
import webbrowser
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlparse

import torch
import tornado.httpserver
import tornado.ioloop
import tornado.iostream
import tornado.netutil
import tornado.web
import tornado.websocket

from ..core import schema
from ..core.limits import Limits
from ..version import __version__
from ..wire import codec, protocol
from . import guard, metrics
from .processes import block_stop_signals, run_workers, unblock_stop_signals

T = TypeVar("T")
STATIC_DIR = Path(__file__).parent.parent / "static"
log = logging.getLogger(__name__)

# What a connection's read buffer may hold beyond one message of the protocol's limit.
FRAME_SLACK_BYTES = 1 << 20
# A message larger than the limit is skipped unread and answered; one this many times larger
# closes the connection after the answer.
HARD_CAP_FACTOR = 4

# Work that runs on the event loop itself instead of the thread pool (whose round trip costs
# two thread wake-ups): a request this small holds up the other connections of the process
# for no more than a couple of milliseconds, whoever is connected. Decoding is judged by its
# JSON's structure (`codec.decode_seconds`), training by the work estimate
# (`protocol.step_work`, which counts each step's and each call's fixed cost).
INLINE_MAX_DECODE_S = 0.002
INLINE_MAX_WORK = 30_000_000

# Requests a connection may have read and not yet answered. The page keeps one or two in
# flight; a client that sends more waits (its frames stay unread) until replies go out.
MAX_QUEUED = 8

# HTTP: how long a client may take to send a request's headers (and how long an idle
# keep-alive connection stays open), and how large they may be.
MAX_HEADER_BYTES = 32 * 1024


# The page carries this host's settings schema, so it has its bounds and defaults before the
# WebSocket opens (and while it is down).
SCHEMA_PLACEHOLDER = b"__NNVISU_SCHEMA__"


class IndexHandler(tornado.web.RequestHandler):
    metrics_name = "page"

    def initialize(self, limits: Limits) -> None:
        page = (STATIC_DIR / "index.html").read_bytes()
        # "</" inside a <script> element would end it early.
        schema_json = codec.dumps(schema.describe(limits)).replace(b"</", b"<\\/")
        self.page = page.replace(SCHEMA_PLACEHOLDER, schema_json)

    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.write(self.page)


class StaticHandler(tornado.web.StaticFileHandler):
    metrics_name = "static"

    def set_extra_headers(self, path: str) -> None:
        # The bundle is not content-hashed: make browsers revalidate so an upgrade shows at once.
        self.set_header("Cache-Control", "no-cache")

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        if "\0" in absolute_path:  # no file has one; the OS would refuse the name
            raise tornado.web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)


@dataclass(frozen=True)
class Options:
    """How one server process behaves; the CLI fills it in."""

    limits: Limits = field(default_factory=Limits)
    threads: int = 4
    allowed_origins: frozenset[str] = frozenset()
    # Host names answered besides addresses and localhost (`hosts`); "*" answers any.
    allowed_hosts: frozenset[str] = frozenset()
    # Pings find half-open connections (a laptop that went to sleep) and close them.
    ping_interval: float = 20.0
    # A connection that sends nothing for this long is closed; pages reconnect when needed.
    idle_timeout: float = 3600.0
    # On SIGTERM, requests in flight get this long to finish before their connections close.
    drain_timeout: float = 10.0
    # An HTTP request's headers must arrive within this; an idle HTTP connection is closed.
    header_timeout: float = 10.0
    # A WebSocket message must arrive within this of its first frame.
    message_timeout: float = 60.0
    # Bytes of messages a process holds at once; None: 8 messages of the largest size.
    max_buffered_bytes: int | None = None

    @property
    def buffered_bytes(self) -> int:
        if self.max_buffered_bytes is not None:
            return self.max_buffered_bytes
        return 8 * self.limits.max_message_bytes

    @property
    def hard_cap_bytes(self) -> int:
        return HARD_CAP_FACTOR * self.limits.max_message_bytes


class Turns:
    """The training threads of a process, taken in turn by the connections that wait.

    Each connection has at most one request in the pool's queue at a time (its requests are
    answered one after another, in order), so the pool's first come, first served is round
    robin among the connections: a connection that sends a hundred requests gets one turn,
    then waits behind everyone else. A thread that finishes takes the next request itself,
    without waiting for the event loop."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` on a training thread once it is this caller's turn."""
        return await asyncio.get_running_loop().run_in_executor(
            self.executor, metrics.on_thread, fn, *args
        )


# Sent to every page when the server stops: "going away", so it reconnects (to another server
# behind the same proxy) and sends its unanswered request again.
GOING_AWAY = 1001


class TrainSocket(tornado.websocket.WebSocketHandler):
    """One client connection. Requests are answered one at a time, in order, by a task of
    the connection's own (`_serve`); `on_message` only queues them, so Tornado goes on
    reading the connection's control frames (its pongs) while a request trains or waits."""

    metrics_name = "ws"
    # Open connections in this process.
    live: ClassVar[set[TrainSocket]] = set()
    # Set when the last connection closes while the process drains.
    all_closed: ClassVar[asyncio.Event | None] = None

    def initialize(
        self, options: Options, turns: Turns, message_limits: guard.MessageLimits
    ) -> None:
        # Not `self.options`: that is the handler's HTTP OPTIONS method.
        self.server_options = options
        self.turns = turns
        self.message_limits = message_limits
        self.idle_timer: object | None = None
        self.last_message = time.monotonic()
        # (message, its arrival, its reply if the guard made it) in order.
        self.queue: collections.deque[tuple[str | bytes, float, bytes | None]] = collections.deque()
        self.serving: asyncio.Task[None] | None = None
        self.room: asyncio.Future[None] | None = None  # set while the queue is full
        self.going_away = False
        self.closed = False
        # (code, reason) to close with once every queued request is answered.
        self.close_when_answered: tuple[int, str] | None = None

    @property
    def in_flight(self) -> bool:
        return self.serving is not None

    def check_origin(self, origin: str) -> bool:
        origins = self.server_options.allowed_origins
        if "*" in origins or origin in origins:
            return True
        # Same origin: the page that opened the socket came from this host and port.
        return urlparse(origin).netloc == self.request.host

    def get_websocket_protocol(self) -> tornado.websocket.WebSocketProtocol | None:
        plain = super().get_websocket_protocol()
        if not isinstance(plain, tornado.websocket.WebSocketProtocol13):
            return plain
        return guard.GuardedProtocol(self, plain.params, self.message_limits)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, asyncio.CancelledError | tornado.websocket.WebSocketClosedError):
            return  # a request in flight when the server stops, or a client that left
        super().log_exception(typ, value, tb)

    def open(self, *args: str, **kwargs: str) -> None:
        hello = protocol.hello(
            self.server_options.limits, server=f"nnvisu {__version__}", pid=os.getpid()
        )
        if not self._send(codec.dumps(hello), binary=False):
            return  # the client left during the upgrade
        TrainSocket.live.add(self)
        metrics.CONNECTIONS.inc()
        self._idle_check()

    def _send(self, message: bytes, binary: bool) -> asyncio.Future[None] | None:
        """Write `message`; None if the client has left (not an error: clients leave)."""
        try:
            sent = self.write_message(message, binary=binary)
        except tornado.websocket.WebSocketClosedError:
            return None
        sent.add_done_callback(guard.ignore_closed)
        return sent

    def _idle_check(self) -> None:
        # One timer per connection, moved on only when it fires: re-arming it on every
        # message would cost more than the rest of a tiny request's bookkeeping.
        quiet = time.monotonic() - self.last_message
        if quiet >= self.server_options.idle_timeout:
            self.close(1000, "idle")
            return
        self.idle_timer = tornado.ioloop.IOLoop.current().call_later(
            self.server_options.idle_timeout - quiet, self._idle_check
        )

    def on_close(self) -> None:
        self.closed = True
        self.queue.clear()
        self._make_room()
        if self in TrainSocket.live:
            TrainSocket.live.discard(self)
            metrics.CONNECTIONS.dec()
            if not TrainSocket.live and TrainSocket.all_closed is not None:
                TrainSocket.all_closed.set()
        if self.idle_timer is not None:
            tornado.ioloop.IOLoop.current().remove_timeout(self.idle_timer)

    def go_away(self) -> None:
        """Close with 1001 once the request in flight, if any, has its reply."""
        self.going_away = True
        if not self.in_flight:
            self.close(GOING_AWAY, "server shutting down")

    def on_message(self, message: str | bytes) -> asyncio.Future[None] | None:
        if self.going_away or self.closed:
            return None  # sent before our close frame reached the page; it sends it again
        self.last_message = time.monotonic()
        self._enqueue(message, None)
        if len(self.queue) >= MAX_QUEUED:
            # Tornado reads this connection's next frame once this resolves.
            self.room = asyncio.get_running_loop().create_future()
            return self.room
        return None

    def reply_in_order(self, reply: bytes, binary: bool) -> None:
        """Send `reply` (the guard's answer to a message it skipped) after the replies to the
        messages before it."""
        if not (self.going_away or self.closed):
            self._enqueue(b"NNVB" if binary else b"", reply)  # a stand-in of its encoding

    def close_after_replies(self, code: int, reason: str) -> None:
        """Close once the queued requests (the guard's last error among them) are answered."""
        self.close_when_answered = (code, reason)
        if self.serving is None:
            self.close(code, reason)

    def _enqueue(self, message: str | bytes, reply: bytes | None) -> None:
        self.queue.append((message, time.perf_counter(), reply))
        if self.serving is None:
            self.serving = asyncio.create_task(self._serve())

    def _make_room(self) -> None:
        if self.room is not None and not self.room.done():
            self.room.set_result(None)
        self.room = None

    async def _serve(self) -> None:
        """Answer the queued requests in order, each reply written before the next starts."""
        try:
            await self._answer_queued()
        except Exception:
            # Once the server stops, its training threads refuse work: nothing went wrong.
            if not (self.closed or self.going_away):
                log.exception("internal error answering a request")
            self.close(1011, "internal error")
        finally:
            self.serving = None
        if self.going_away:
            self.close(GOING_AWAY, "server shutting down")
        elif self.close_when_answered is not None:
            self.close(*self.close_when_answered)

    async def _answer_queued(self) -> None:
        while self.queue and not self.closed:
            message, arrived, made = self.queue[0]
            metrics.IN_PROGRESS.inc()
            try:
                reply, steps = (made, 0) if made is not None else await self._answer(message)
            finally:
                metrics.IN_PROGRESS.dec()
            # Counted before it leaves, so a client that got it sees it in /metrics.
            kind, code = metrics.reply_kind(reply)
            seconds = time.perf_counter() - arrived
            metrics.observe_reply(kind, code, steps if kind == "step_result" else 0, seconds)
            if self.closed:
                break
            sent = self._send(reply, binary=codec.is_binary(message))
            self.queue.popleft()
            if made is None and isinstance(self.ws_connection, guard.GuardedProtocol):
                self.ws_connection.answered()
            if len(self.queue) < MAX_QUEUED:
                self._make_room()
            if sent is not None:
                # Flow control: a client that does not read its replies gets no more.
                with contextlib.suppress(tornado.iostream.StreamClosedError):
                    await sent
            if self.going_away:
                break

    async def _answer(self, message: str | bytes) -> tuple[bytes, int]:
        """The encoded reply, and how many steps it trained if it is a step's."""
        limits = self.server_options.limits
        decode_s = codec.decode_seconds(message)
        if decode_s is None or decode_s > INLINE_MAX_DECODE_S:
            return await self.turns.run(_answer_all, message, limits)
        started = protocol.begin(message, limits)
        if isinstance(started, bytes):
            return started, 0
        steps = started.request.steps
        if protocol.step_work(started.request) <= INLINE_MAX_WORK:
            return protocol.finish(started), steps
        return await self.turns.run(protocol.finish, started), steps


def _answer_all(message: str | bytes, limits: Limits) -> tuple[bytes, int]:
    """Decode, validate and answer a request in one go (on a training thread)."""
    started = protocol.begin(message, limits)
    if isinstance(started, bytes):
        return started, 0
    return protocol.finish(started), started.request.steps


class App(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        # Probes and scrapes come every few seconds: log them only when they fail.
        if handler.get_status() >= 400 or not isinstance(
            handler, metrics.HealthHandler | metrics.MetricsHandler
        ):
            super().log_request(handler)
        metrics.observe_http(handler)


async def drain(server: tornado.httpserver.HTTPServer, timeout: float) -> None:
    """Let this process's requests in flight finish (up to `timeout` seconds), send every page
    elsewhere with 1001, then close the remaining HTTP connections. Call it once the
    listening sockets are closed."""
    TrainSocket.all_closed = asyncio.Event()
    for conn in list(TrainSocket.live):
        conn.go_away()
    if TrainSocket.live:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(TrainSocket.all_closed.wait(), timeout)
    for conn in list(TrainSocket.live):  # still training: the page sends it again elsewhere
        conn.close(GOING_AWAY, "server shutting down")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(server.close_all_connections(), 1.0)


def make_executor(threads: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=threads, thread_name_prefix="nnvisu-train")


def make_app(options: Options, executor: Executor) -> tornado.web.Application:
    """The app of one process (its message budget is the process's own)."""
    limits = options.limits
    message_limits = guard.MessageLimits(
        max_message_bytes=limits.max_message_bytes,
        hard_cap_bytes=options.hard_cap_bytes,
        timeout_s=options.message_timeout,
        budget=guard.Budget(options.buffered_bytes),
        request_limits=limits,
    )
    turns = Turns(executor)
    socket_args = {"options": options, "turns": turns, "message_limits": message_limits}
    return App(
        [
            (r"/", IndexHandler, {"limits": limits}),
            (r"/ws", TrainSocket, socket_args),
            (r"/static/(.*)", StaticHandler, {"path": str(STATIC_DIR)}),
            (r"/healthz", metrics.HealthHandler),
            (r"/metrics", metrics.MetricsHandler),
        ],
        websocket_max_message_size=options.hard_cap_bytes,
        websocket_ping_interval=options.ping_interval,
        websocket_ping_timeout=options.ping_interval,
    )


def _start(
    options: Options,
) -> tuple[tornado.httpserver.HTTPServer, Callable[[], Awaitable[None]]]:
    """One process's server, built once its event loop runs (after the fork)."""
    # One thread per request: a second intra-op thread gains little on tiny matrices and
    # causes latency outliers under load; parallelism comes from requests and processes.
    torch.set_num_threads(1)
    # The event loop thread waits for the GIL whenever a training thread holds it; a shorter
    # switch interval bounds that wait, so a client with a heavy request (or a flood of them)
    # adds less latency to everyone else's small ones.
    sys.setswitchinterval(0.0005)
    map_large_allocations()
    executor = make_executor(options.threads)
    server = tornado.httpserver.HTTPServer(
        guard.Gate(make_app(options, executor), options.allowed_hosts),
        max_buffer_size=options.limits.max_message_bytes + FRAME_SLACK_BYTES,
        idle_connection_timeout=options.header_timeout,
        body_timeout=options.header_timeout,
        max_header_size=MAX_HEADER_BYTES,
        max_body_size=guard.MAX_HTTP_BODY_BYTES,
    )
    metrics.process_started(options.threads)

    async def stop() -> None:
        await drain(server, options.drain_timeout)
        executor.shutdown(wait=False, cancel_futures=True)

    return server, stop


# glibc serves an allocation this large or larger by a mapping of its own, unmapped when it is
# freed. By default the threshold rises to the largest block freed so far (up to 32 MB), after
# which a large message's buffers come from the heap and stay in the process once freed.
MMAP_THRESHOLD_BYTES = 256 * 1024
_M_MMAP_THRESHOLD = -3


def map_large_allocations() -> None:
    """Give the memory of large messages back to the system once they are answered (glibc)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    except (OSError, AttributeError):
        pass  # another C library: its own policy


class ListenError(Exception):
    """The port cannot be listened on; the message says why and what to do."""


def bind(host: str, port: int) -> list[Any]:
    try:
        return tornado.netutil.bind_sockets(port, host)
    except OSError as e:
        where = f"{host}:{port}" if ":" not in host else f"[{host}]:{port}"
        if e.errno == errno.EADDRINUSE:
            raise ListenError(
                f"port {port} is already in use on {host} (another nnvisu or another server?): "
                "choose another with --port N, or --port 0 for a free one"
            ) from None
        raise ListenError(f"cannot listen on {where}: {e.strerror or e}") from None


def serve(
    host: str,
    port: int,
    *,
    workers: int = 1,
    options: Options | None = None,
    open_browser: bool = False,
) -> None:
    """Bind, print the URL, serve until SIGTERM/SIGINT. `port=0` picks a free port.

    With `workers` > 1, PROMETHEUS_MULTIPROC_DIR must name a fresh directory before
    prometheus_client is first imported (`python -m nnvisu` sees to it), so that `/metrics`
    counts every worker. Raises `ListenError` if the port cannot be had."""
    options = options or Options()
    if workers > 1 and not metrics.shared():
        raise RuntimeError(
            f"--workers {workers} needs PROMETHEUS_MULTIPROC_DIR set before nnvisu.server "
            "is imported, so that /metrics adds up all workers"
        )
    block_stop_signals()
    try:
        sockets = bind(host, port)
    except ListenError:
        unblock_stop_signals()
        raise
    bound_port = sockets[0].getsockname()[1]
    everywhere = host in ("", "0.0.0.0", "::")
    shown_host = "127.0.0.1" if everywhere else host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    url = f"http://{shown_host}:{bound_port}/"
    print(f"nnvisu {__version__} serving at {url}", flush=True)
    if everywhere:
        print(
            "note: listening on all interfaces; anyone who can reach this machine on port "
            f"{bound_port} can use this server and its CPU (WebSocket origins are still checked; "
            "use --host 127.0.0.1 to keep it local). Requests must name it by an IP address, "
            "localhost, or a name given with --allow-host NAME (--allow-host '*': any name)",
            file=sys.stderr,
            flush=True,
        )
    if open_browser:
        webbrowser.open(url)
    run_workers(sockets, workers, functools.partial(_start, options), metrics.process_exited)
