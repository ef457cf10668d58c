"""Process supervision: serve already-bound sockets in this process or in N forked workers.

Nothing here knows about the app: each process calls `start()` once its event loop runs, to
build its HTTP server, and awaits the function `start()` returns when the process stops, after
it has stopped listening (so that new connections go to other servers while it drains).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import errno
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import tornado.httpserver
import tornado.ioloop
import tornado.iostream

log = logging.getLogger(__name__)

# What a process runs: build its HTTP server, return it and what to do on stop.
Start = Callable[[], tuple[tornado.httpserver.HTTPServer, Callable[[], Awaitable[None]]]]

# SIGTERM and SIGINT stay blocked from start-up until a handler is in place to stop cleanly: a
# signal that comes early waits instead of killing a half-started process (or a child between
# fork and its own handlers).
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def block_stop_signals() -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)


def unblock_stop_signals() -> None:
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


class Balance:
    """Open connections per worker process, in memory the workers share.

    Tornado's own accept loop takes every pending connection at once, so with several workers
    on one listening socket the first to wake gets a whole burst of clients and the others
    none, doubling the latency of everyone on the crowded worker. Here a worker that has more
    connections than the least loaded one leaves a new connection to the others for a moment
    and takes it only if nobody else does.
    """

    def __init__(self, workers: int) -> None:
        self.loads = multiprocessing.RawArray("i", workers)
        self.me = 0

    def least_loaded(self) -> bool:
        return bool(self.loads[self.me] <= min(self.loads))


class _CountedStream(tornado.iostream.IOStream):
    """A connection that counts itself in its worker's load while it is open."""

    def __init__(self, connection: socket.socket, balance: Balance, **kwargs: Any) -> None:
        super().__init__(connection, **kwargs)
        self.balance = balance
        balance.loads[balance.me] += 1

    def close(self, exc_info: Any = False) -> None:
        if not self.closed():
            self.balance.loads[self.balance.me] -= 1
        super().close(exc_info)


# How long a busier worker leaves a new connection to the others.
BALANCE_DEFER_S = 0.002

# Out of file descriptors, `accept` fails while the connection stays pending, so the socket
# stays readable: accepting pauses (the clients wait in the backlog), doubling from the first
# pause up to the last, until a descriptor is free again.
FD_PAUSE_S = (0.05, 1.0)
_OUT_OF_FDS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
# Once warned, the next warning about it waits this long.
FD_WARN_EVERY_S = 60.0


class _FdPause:
    """The backoff of one process's accept loops while it is out of file descriptors."""

    def __init__(self) -> None:
        self.pause = 0.0
        self.warned_at: float | None = None

    def failed(self, e: OSError) -> float:
        """How long to pause after `e`; warns once a minute at most."""
        now = time.monotonic()
        if self.warned_at is None or now - self.warned_at > FD_WARN_EVERY_S:
            self.warned_at = now
            log.warning(
                "cannot accept connections: %s; pausing until a descriptor is free (raise the "
                "limit with ulimit -n)",
                os.strerror(e.errno or 0),
            )
        low, high = FD_PAUSE_S
        self.pause = min(high, max(low, 2 * self.pause))
        return self.pause

    def succeeded(self) -> None:
        if self.pause:
            self.pause = 0.0
            log.info("accepting connections again")


def _accept(
    server: tornado.httpserver.HTTPServer, sock: socket.socket, balance: Balance, fds: _FdPause
) -> None:
    """Serve connections from `sock`: one per wake-up, least loaded worker first."""
    loop = tornado.ioloop.IOLoop.current()

    def accept_one() -> None:
        try:
            connection, address = sock.accept()
        except (BlockingIOError, ConnectionAbortedError):
            return  # another worker took it, or the client gave up
        except OSError as e:
            if e.errno not in _OUT_OF_FDS:
                raise
            loop.remove_handler(sock)
            loop.call_later(fds.failed(e), retry)
            return
        fds.succeeded()
        stream = _CountedStream(connection, balance, max_buffer_size=server.max_buffer_size)
        server.handle_stream(stream, address)

    def retry() -> None:
        loop.add_handler(sock, on_readable, tornado.ioloop.IOLoop.READ)
        accept_one()

    def on_readable(fd: Any, events: int) -> None:
        if not balance.least_loaded():
            loop.remove_handler(sock)
            loop.call_later(BALANCE_DEFER_S, retry)
            return
        accept_one()

    loop.add_handler(sock, on_readable, tornado.ioloop.IOLoop.READ)


async def _run(sockets: list[Any], start: Start, balance: Balance, parent: int | None) -> None:
    server, on_stop = start()
    fds = _FdPause()
    for sock in sockets:
        _accept(server, sock, balance, fds)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if parent is not None:
        watch = tornado.ioloop.PeriodicCallback(
            lambda: None if os.getppid() == parent else stop.set(), PARENT_WATCH_S * 1000
        )
        watch.start()
    await stop.wait()
    for sock in sockets:
        tornado.ioloop.IOLoop.current().remove_handler(sock)
        # Once every process has closed it, connections are refused: a proxy tries the next
        # server at once instead of waiting in this one's backlog.
        sock.close()
    await on_stop()


def _serve_sockets(
    sockets: list[Any], start: Start, balance: Balance | None = None, parent: int | None = None
) -> None:
    """Serve on already-bound sockets until SIGTERM or SIGINT (or until the process `parent`
    is gone), then return. `balance` is shared with the other workers; a lone process has a
    balance of its own."""
    asyncio.run(_run(sockets, start, balance or Balance(1), parent))


# A worker whose supervisor is gone would keep serving the port with nobody to stop it: the
# kernel sends it SIGTERM when its parent dies (Linux), and it checks its parent this often.
PARENT_WATCH_S = 1.0
_PR_SET_PDEATHSIG = 1


def _stop_with_parent(parent: int) -> None:
    """In a forked worker: get SIGTERM when `parent` dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the parent watch still notices within a second
    if os.getppid() != parent:
        os._exit(0)


def raise_fd_limit() -> None:
    """Raise this process's soft limit on open descriptors to its hard limit: each client
    holds one, and the common soft default (1024) is easy to reach."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft != resource.RLIM_INFINITY and soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _supervise(
    workers: int, sockets: list[Any], start: Start, on_exit: Callable[[int], None]
) -> None:
    """Run `workers` child processes on the shared sockets; restart any that dies unexpectedly.
    `on_exit(pid)` runs for every child that ends."""
    children: dict[int, int] = {}  # pid -> worker index
    stopping = False
    balance = Balance(workers)

    supervisor = os.getpid()

    def spawn(index: int) -> None:
        # Called with the stop signals blocked; the child inherits that until its loop runs.
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _stop_with_parent(supervisor)
            code = 0
            try:
                balance.me = index
                balance.loads[index] = 0
                _serve_sockets(sockets, start, balance, supervisor)
            except BaseException:
                log.exception("worker %d failed", index)
                code = 1
            finally:
                os._exit(code)
        children[pid] = index

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        for sock in sockets:
            sock.close()
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for i in range(workers):
        spawn(i)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        index = children.pop(pid, None)
        on_exit(pid)
        if index is None or stopping:
            continue
        balance.loads[index] = 0  # its connections died with it
        log.warning("worker %d (pid %d) exited with status %d; restarting it", index, pid, status)
        time.sleep(0.2)  # a worker that dies at start must not spin the CPU
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        if not stopping:
            spawn(index)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def run_workers(
    sockets: list[Any],
    workers: int,
    start: Start,
    on_exit: Callable[[int], None] = lambda pid: None,
) -> None:
    """Serve `sockets` until SIGTERM or SIGINT: in this process, or in `workers` children
    (`on_exit(pid)` runs as each child ends). Closes the sockets.

    Call `block_stop_signals()` before binding the sockets."""
    raise_fd_limit()
    if workers <= 1:
        _serve_sockets(sockets, start)
    else:
        _supervise(workers, sockets, start, on_exit)
    for sock in sockets:
        sock.close()
