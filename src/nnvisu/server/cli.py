"""`python -m nnvisu`: serve the nnvisu page and its training WebSocket."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator, Sequence

from ..core.limits import Limits
from ..version import __version__
from . import allowed_hosts

# Not Jupyter's 8888: people run both, and the widget lives in Jupyter.
DEFAULT_PORT = 8642
METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"


def build_parser() -> argparse.ArgumentParser:
    d = Limits()
    p = argparse.ArgumentParser(
        prog="nnvisu", description="Serve nnvisu: watch a neural network learn in your browser."
    )
    p.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)"
    )
    p.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="port; 0 picks a free one (default: %(default)s)",
    )
    p.add_argument("--open", action="store_true", help="open the page in a web browser")
    p.add_argument(
        "--workers", type=int, default=1, help="processes sharing the port (default: %(default)s)"
    )
    p.add_argument(
        "--threads", type=int, default=4, help="training threads per process (default: %(default)s)"
    )
    p.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="also accept WebSocket connections from this origin (e.g. https://example.org); "
        "'*' accepts any; repeatable. By default only the page's own origin is accepted.",
    )
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests that name this server NAME in their Host header (e.g. the "
        "name a reverse proxy serves it under); '*' answers any; repeatable. By default only "
        "IP addresses and localhost are answered, a defence against DNS rebinding.",
    )
    p.add_argument(
        "--ping-interval",
        type=float,
        default=20.0,
        help="seconds between WebSocket pings; a client that misses a pong is dropped",
    )
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=3600.0,
        help="seconds after which a connection that sent nothing is closed (default: %(default)s)",
    )
    p.add_argument(
        "--drain-timeout",
        type=float,
        default=10.0,
        help="on SIGTERM, seconds that requests in flight get to finish before every page is "
        "sent elsewhere (default: %(default)s)",
    )
    p.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        help="seconds an HTTP request's headers may take to arrive; also how long an idle "
        "HTTP connection stays open (default: %(default)s)",
    )
    p.add_argument(
        "--message-timeout",
        type=float,
        default=60.0,
        help="seconds a WebSocket message may take to arrive, from its first frame to its "
        "last (default: %(default)s)",
    )
    p.add_argument(
        "--max-buffered-bytes",
        type=int,
        default=None,
        help="bytes of incoming messages one process holds at once; beyond it a message is "
        "refused with server_busy (default: 8 x --max-message-bytes)",
    )
    p.add_argument("--max-hidden-layers", type=int, default=d.max_hidden_layers)
    p.add_argument("--max-neurons", type=int, default=d.max_neurons, help="per hidden layer")
    p.add_argument("--max-points", type=int, default=d.max_points)
    p.add_argument("--max-steps", type=int, default=d.max_steps, help="per request")
    p.add_argument("--max-message-bytes", type=int, default=d.max_message_bytes)
    p.add_argument(
        "--max-work",
        type=int,
        default=d.max_work,
        help="multiply-adds per request (steps x batch x parameters)",
    )
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.add_argument("--version", action="version", version=f"nnvisu {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    for name in (
        "ping_interval",
        "idle_timeout",
        "drain_timeout",
        "header_timeout",
        "message_timeout",
    ):
        if getattr(args, name) <= 0:
            build_parser().error(f"--{name.replace('_', '-')} must be positive")
    for name in (
        "workers",
        "threads",
        "max_hidden_layers",
        "max_neurons",
        "max_points",
        "max_steps",
        "max_message_bytes",
        "max_work",
    ):
        if getattr(args, name) < 1:
            build_parser().error(f"--{name.replace('_', '-')} must be at least 1")
    if args.max_buffered_bytes is not None and args.max_buffered_bytes < args.max_message_bytes:
        build_parser().error("--max-buffered-bytes must be at least --max-message-bytes")
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    with _metrics_dir(args.workers):
        _serve(args)


@contextlib.contextmanager
def _metrics_dir(workers: int) -> Iterator[None]:
    """With several workers, a fresh directory where prometheus_client's multiprocess mode
    keeps every worker's metrics (under $PROMETHEUS_MULTIPROC_DIR if set, e.g. a tmpfs), so
    /metrics adds them up; the mode must be chosen before prometheus_client is imported.

    The directory goes when the server stops, and also when every process of it is killed:
    a janitor process removes it once the last of them is gone (`_janitor`)."""
    if workers <= 1:
        os.environ.pop(METRICS_DIR_ENV, None)
        yield
        return
    path = tempfile.mkdtemp(prefix="nnvisu-metrics-", dir=os.environ.get(METRICS_DIR_ENV))
    alive = _start_janitor(path)
    os.environ[METRICS_DIR_ENV] = path
    try:
        yield
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(alive)


def _start_janitor(path: str) -> int:
    """Fork the janitor of `path`; return the write end of the pipe it watches. Every worker
    inherits that end, so the janitor reads end-of-file only once the server and all its
    workers are gone, however they died (SIGKILL included), and then removes `path`."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        # Forked twice, so that it is nobody's child: the supervisor waits only for workers.
        try:
            if os.fork() == 0:
                os.close(write_end)
                _janitor(read_end, path)
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    os.close(read_end)
    return write_end


def _janitor(read_end: int, path: str) -> None:
    # Its own session: a Ctrl-C or a signal to the server's process group leaves it be.
    os.setsid()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    # Nothing of the server's stays open in it (a pipe someone reads to its end, a socket).
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.closerange(3, read_end)
    os.closerange(read_end + 1, os.sysconf("SC_OPEN_MAX"))
    while os.read(read_end, 1):
        pass
    shutil.rmtree(path, ignore_errors=True)


def _serve(args: argparse.Namespace) -> None:
    from .app import ListenError, Options, serve
    from .guard import quiet_logs

    quiet_logs()

    options = Options(
        limits=Limits(
            max_hidden_layers=args.max_hidden_layers,
            max_neurons=args.max_neurons,
            max_points=args.max_points,
            max_steps=args.max_steps,
            max_message_bytes=args.max_message_bytes,
            max_work=args.max_work,
        ),
        threads=args.threads,
        allowed_origins=frozenset(args.allow_origin),
        allowed_hosts=frozenset(map(allowed_hosts.normalize, args.allow_host)),
        ping_interval=args.ping_interval,
        idle_timeout=args.idle_timeout,
        drain_timeout=args.drain_timeout,
        header_timeout=args.header_timeout,
        message_timeout=args.message_timeout,
        max_buffered_bytes=args.max_buffered_bytes,
    )
    try:
        serve(args.host, args.port, workers=args.workers, options=options, open_browser=args.open)
    except ListenError as e:
        sys.exit(f"nnvisu: {e}")
