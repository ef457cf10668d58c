"""What a running server tells operators: `/healthz` for probes, `/metrics` for Prometheus.

With `--workers N`, prometheus_client's multiprocess mode adds up every worker of the port:
a scrape reaches one worker at random, and a counter that showed that one worker's count
would jump back and forth between workers. The mode has to be chosen before prometheus_client
is imported (`python -m nnvisu` does it); a lone process keeps its metrics in memory and also
reports its own CPU and memory (`process_*`).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import glob
import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import tornado.web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.mmap_dict import MmapedDict

from ..wire import protocol

T = TypeVar("T")
METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"

# Ours, not prometheus_client's global one: a process that imports nnvisu next to other
# instrumented code (a Jupyter server) must not mix their metrics.
REGISTRY = CollectorRegistry(auto_describe=True)

# From a ping (well under a millisecond) to the largest requests the limits allow (seconds).
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

HTTP_REQUESTS = Counter(
    "nnvisu_http_requests",
    "HTTP requests answered, by handler and status code (a WebSocket upgrade is one, code 101)",
    ["handler", "code"],
    registry=REGISTRY,
)
HTTP_SECONDS = Histogram(
    "nnvisu_http_request_duration_seconds",
    "Time to answer an HTTP request, by handler",
    ["handler"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
WS_REPLIES = Counter(
    "nnvisu_ws_replies",
    "WebSocket requests answered, by the reply's type ("
    + ", ".join(t for t in protocol.REPLY_TYPES if t != "hello")
    + ")",
    ["type"],
    registry=REGISTRY,
)
WS_ERRORS = Counter(
    "nnvisu_ws_errors",
    "WebSocket requests answered with an error, by its code (e.g. limit_exceeded)",
    ["code"],
    registry=REGISTRY,
)
WS_SECONDS = Histogram(
    "nnvisu_ws_request_duration_seconds",
    "Time from a WebSocket request's arrival to its reply being ready, by the reply's type",
    ["type"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
TRAINING_STEPS = Counter(
    "nnvisu_training_steps", "Optimizer steps trained for clients", registry=REGISTRY
)
CONNECTIONS = Gauge(
    "nnvisu_ws_connections",
    "Open WebSocket connections",
    multiprocess_mode="livesum",
    registry=REGISTRY,
)
IN_PROGRESS = Gauge(
    "nnvisu_ws_requests_in_progress",
    "WebSocket requests being answered now, on the event loop or a training thread",
    multiprocess_mode="livesum",
    registry=REGISTRY,
)
THREADS_BUSY = Gauge(
    "nnvisu_training_threads_busy",
    "Training threads running a request now",
    multiprocess_mode="livesum",
    registry=REGISTRY,
)
THREADS = Gauge(
    "nnvisu_training_threads",
    "Training threads (--threads per process, all processes)",
    multiprocess_mode="livesum",
    registry=REGISTRY,
)
PROCESSES = Gauge(
    "nnvisu_processes",
    "Processes serving this port (--workers)",
    multiprocess_mode="livesum",
    registry=REGISTRY,
)


def shared() -> bool:
    """Whether metrics live in files that every worker process of the port adds to."""
    return values.ValueClass is not values.MutexValue


if not shared():
    ProcessCollector(registry=REGISTRY)


def process_started(threads: int) -> None:
    """Count this process (called in each worker once its server is built)."""
    PROCESSES.set(1)
    THREADS.set(threads)


def process_exited(pid: int) -> None:
    """Fold a dead worker's files into the port's: its live gauges go, its counts and
    histograms are added to the archive of dead workers (so the totals keep them), and no
    file of it stays behind. Called in the supervisor for every worker that ends."""
    if not shared():
        return
    path = os.environ[METRICS_DIR_ENV]
    with _files_lock(path, exclusive=True):
        multiprocess.mark_process_dead(pid, path)  # type: ignore[no-untyped-call]
        for name in glob.glob(os.path.join(glob.escape(path), f"*_{pid}.db")):
            kind = os.path.basename(name).split("_", 1)[0]
            if kind in _ADDED_UP:
                _add_to_archive(name, os.path.join(path, f"{kind}_{DEAD_WORKERS}.db"))
            os.remove(name)


# prometheus_client names a file by its metric kind and process id; these kinds are added
# up across processes, so dead workers' values can be summed into one file.
_ADDED_UP = {"counter", "histogram", "summary"}
DEAD_WORKERS = "dead"


def _add_to_archive(name: str, archive_name: str) -> None:
    archive = MmapedDict(archive_name)  # type: ignore[no-untyped-call]
    try:
        for key, value, timestamp, _ in MmapedDict.read_all_values_from_file(name):  # type: ignore[no-untyped-call]
            total, _ = archive.read_value(key)  # type: ignore[no-untyped-call]
            archive.write_value(key, total + value, timestamp)  # type: ignore[no-untyped-call]
    finally:
        archive.close()  # type: ignore[no-untyped-call]


@contextlib.contextmanager
def _files_lock(path: str, exclusive: bool) -> Iterator[None]:
    """Scrapes read the metrics files under a shared lock, and a dead worker's files are
    folded into the archive under an exclusive one, so that no scrape counts them twice."""
    fd = os.open(os.path.join(path, ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def on_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run `fn(*args)` counted as a busy training thread (called on the thread)."""
    with THREADS_BUSY.track_inprogress():
        return fn(*args)


# Label lookups cost more than the counting itself; reply types and error codes are few.
@functools.cache
def _reply_series(kind: str) -> tuple[Counter, Histogram]:
    return WS_REPLIES.labels(kind), WS_SECONDS.labels(kind)


@functools.cache
def _error_series(code: str) -> Counter:
    return WS_ERRORS.labels(code)


def observe_reply(kind: str, code: str | None, steps: int, seconds: float) -> None:
    replies, latency = _reply_series(kind)
    replies.inc()
    latency.observe(seconds)
    if code is not None:
        _error_series(code).inc()
    if steps:
        TRAINING_STEPS.inc(steps)


def observe_http(handler: tornado.web.RequestHandler) -> None:
    """Count a finished HTTP request (Tornado calls this through `Application.log_request`)."""
    name = getattr(handler, "metrics_name", "other")
    HTTP_REQUESTS.labels(name, str(handler.get_status())).inc()
    HTTP_SECONDS.labels(name).observe(handler.request.request_time())


def exposition() -> bytes:
    """The Prometheus text format of every metric of this port."""
    if shared():
        registry = CollectorRegistry()
        path = os.environ[METRICS_DIR_ENV]
        multiprocess.MultiProcessCollector(registry, path)  # type: ignore[no-untyped-call]
        with _files_lock(path, exclusive=False):
            return generate_latest(registry)
    return generate_latest(REGISTRY)


class MetricsHandler(tornado.web.RequestHandler):
    metrics_name = "metrics"

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.set_header("Cache-Control", "no-store")
        self.write(exposition())


class HealthHandler(tornado.web.RequestHandler):
    """200 while this process's event loop answers; no work beyond that, for frequent probes."""

    metrics_name = "healthz"

    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write("ok")


_TYPE_KEY = b'{"type":"'
_CODE_KEY = b'"code":"'


def reply_kind(reply: bytes) -> tuple[str, str | None]:
    """The type of an encoded reply and, for an error, its code, read without decoding it.

    Every reply's JSON (or, in the binary encoding, its JSON header after 8 bytes of framing)
    starts with its "type", and JSON strings cannot hold an unescaped quote, so the first
    `"code":"` of an error is its code.
    """
    start = reply.find(_TYPE_KEY, 0, 8 + len(_TYPE_KEY))
    if start < 0:
        return "unknown", None
    start += len(_TYPE_KEY)
    kind = reply[start : reply.find(b'"', start)].decode(errors="replace")
    if kind != "error":
        return kind, None
    at = reply.find(_CODE_KEY, start)
    if at < 0:
        return kind, "unknown"
    at += len(_CODE_KEY)
    return kind, reply[at : reply.find(b'"', at)].decode(errors="replace")
