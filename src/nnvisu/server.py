"""The Tornado app: `/` (the page), `/static/*` (the bundle) and `/ws` (the protocol).

The server keeps nothing per user: every `/ws` request carries the state it needs, so any
number of processes and hosts can serve the same users. Training runs on a thread pool, off
the event loop, so a long request on one connection never stalls the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
import webbrowser
from collections.abc import Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import torch
import tornado.httpserver
import tornado.ioloop
import tornado.netutil
import tornado.web
import tornado.websocket

from . import __version__, protocol
from .protocol import Limits

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger(__name__)

# Tornado closes a connection whose frame exceeds this; frames between the protocol limit and
# this still get a readable `message_too_large` reply.
FRAME_SLACK_BYTES = 1 << 20


class IndexHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.write((STATIC_DIR / "index.html").read_bytes())


class StaticHandler(tornado.web.StaticFileHandler):
    def set_extra_headers(self, path: str) -> None:
        # The bundle is not content-hashed: make browsers revalidate so an upgrade shows at once.
        self.set_header("Cache-Control", "no-cache")


class TrainSocket(tornado.websocket.WebSocketHandler):
    """One client connection. Requests are answered one at a time, in order."""

    def initialize(self, limits: Limits, executor: Executor, origins: frozenset[str]) -> None:
        self.limits = limits
        self.executor = executor
        self.origins = origins

    def check_origin(self, origin: str) -> bool:
        if "*" in self.origins or origin in self.origins:
            return True
        # Same origin: the page that opened the socket came from this host and port.
        return urlparse(origin).netloc == self.request.host

    def open(self, *args: str, **kwargs: str) -> None:
        hello = protocol.hello(self.limits, server=f"nnvisu {__version__}", pid=os.getpid())
        self.write_message(protocol.dumps(hello), binary=False)

    async def on_message(self, message: str | bytes) -> None:
        # Tornado delivers the next frame only after this returns, which keeps replies in order
        # and limits each connection to one request in the pool at a time.
        loop = asyncio.get_running_loop()
        reply = await loop.run_in_executor(self.executor, protocol.handle, message, self.limits)
        # The client may have left while its request ran.
        with contextlib.suppress(tornado.websocket.WebSocketClosedError):
            await self.write_message(reply, binary=False)


def make_executor(threads: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=threads, thread_name_prefix="nnvisu-train")


def make_app(
    limits: Limits | None = None,
    *,
    executor: Executor | None = None,
    allowed_origins: Iterable[str] = (),
    ping_interval: float = 20.0,
) -> tornado.web.Application:
    limits = limits or Limits()
    handler_args: dict[str, Any] = {
        "limits": limits,
        "executor": executor or make_executor(4),
        "origins": frozenset(allowed_origins),
    }
    return tornado.web.Application(
        [
            (r"/", IndexHandler),
            (r"/ws", TrainSocket, handler_args),
            (r"/static/(.*)", StaticHandler, {"path": str(STATIC_DIR)}),
        ],
        websocket_max_message_size=limits.max_message_bytes + FRAME_SLACK_BYTES,
        # Pings find half-open connections (a laptop that went to sleep) and close them.
        websocket_ping_interval=ping_interval,
        websocket_ping_timeout=ping_interval,
    )


def _serve_sockets(
    sockets: list[Any],
    limits: Limits,
    threads: int,
    allowed_origins: Iterable[str],
    ping_interval: float,
) -> None:
    """Serve on already-bound sockets until SIGTERM or SIGINT, then return."""
    # One thread per request: a second intra-op thread gains little on tiny matrices and
    # causes latency outliers under load; parallelism comes from requests and processes.
    torch.set_num_threads(1)
    executor = make_executor(threads)
    app = make_app(
        limits, executor=executor, allowed_origins=allowed_origins, ping_interval=ping_interval
    )
    server = tornado.httpserver.HTTPServer(
        app, max_buffer_size=limits.max_message_bytes + FRAME_SLACK_BYTES
    )
    server.add_sockets(sockets)
    loop = tornado.ioloop.IOLoop.current()

    def stop(signum: int, frame: object) -> None:
        loop.add_callback_from_signal(loop.stop)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    loop.start()
    server.stop()
    executor.shutdown(wait=False, cancel_futures=True)


def _supervise(
    workers: int,
    sockets: list[Any],
    limits: Limits,
    threads: int,
    allowed_origins: Iterable[str],
    ping_interval: float,
) -> None:
    """Run `workers` child processes on the shared sockets; restart any that dies unexpectedly."""
    children: dict[int, int] = {}  # pid -> worker index
    stopping = False

    def spawn(index: int) -> None:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 0
            try:
                _serve_sockets(sockets, limits, threads, allowed_origins, ping_interval)
            except BaseException:
                log.exception("worker %d failed", index)
                code = 1
            finally:
                os._exit(code)
        children[pid] = index

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for i in range(workers):
        spawn(i)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        index = children.pop(pid, None)
        if index is None or stopping:
            continue
        log.warning("worker %d (pid %d) exited with status %d; restarting it", index, pid, status)
        time.sleep(0.2)  # a worker that dies at start must not spin the CPU
        spawn(index)


def serve(
    host: str = "127.0.0.1",
    port: int = 8888,
    *,
    workers: int = 1,
    threads: int = 4,
    limits: Limits | None = None,
    allowed_origins: Iterable[str] = (),
    open_browser: bool = False,
    ping_interval: float = 20.0,
) -> None:
    """Bind, print the URL, serve until SIGTERM/SIGINT. `port=0` picks a free port."""
    limits = limits or Limits()
    sockets = tornado.netutil.bind_sockets(port, host)
    bound_port = sockets[0].getsockname()[1]
    shown_host = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    url = f"http://{shown_host}:{bound_port}/"
    print(f"nnvisu {__version__} serving at {url}", flush=True)
    if host in ("", "0.0.0.0", "::"):
        print(
            "note: listening on all interfaces; anyone who can reach this machine can use this "
            "server (WebSocket origins are still checked)",
            file=sys.stderr,
            flush=True,
        )
    if open_browser:
        webbrowser.open(url)
    if workers <= 1:
        _serve_sockets(sockets, limits, threads, allowed_origins, ping_interval)
    else:
        _supervise(workers, sockets, limits, threads, allowed_origins, ping_interval)
    for s in sockets:
        s.close()
