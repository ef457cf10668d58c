"""Shared fixtures: a real `python -m nnvisu` server process on a real socket."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any, TypeVar

import pytest

# Registered here, before any test module imports it, so its asserts are rewritten.
pytest_plugins = ["browser_support"]


T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on a thread of its own.

    Once a browser test has run, Playwright's sync API keeps an event loop running on the
    main thread for the rest of the session, and `asyncio.run` refuses to start there.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LiveServer:
    """`python -m nnvisu` as a subprocess; stop() and start() keep the same port."""

    def __init__(
        self,
        *extra_args: str,
        port: int | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> None:
        self.port = port or free_port()
        self.extra_args = extra_args
        self.preexec_fn = preexec_fn  # run in the server's process before it starts
        self.proc: subprocess.Popen[str] | None = None
        self.log: IO[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def start(self, timeout: float = 30.0) -> None:
        assert self.proc is None, "already running"
        cmd = [sys.executable, "-m", "nnvisu", "--port", str(self.port), *self.extra_args]
        deadline = time.monotonic() + timeout
        while True:
            # Output goes to a file, not a pipe: a pipe nobody reads would block the server.
            log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - lives as long as the server
            proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                preexec_fn=self.preexec_fn,
            )
            while proc.poll() is None and time.monotonic() < deadline:
                log.seek(0)
                if re.search(r"serving at http://\S+:\d+/", log.read()):
                    self.proc, self.log = proc, log
                    return
                time.sleep(0.05)
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            log.seek(0)
            text = log.read()
            # Right after a stop the port can linger briefly; retry until the deadline.
            if "already in use" not in text or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {text}")
            time.sleep(0.2)

    def read_log(self) -> str:
        if self.log is None:
            return ""
        self.log.seek(0)
        return self.log.read()

    def stop(self, timeout: float = 15.0, sig: int = signal.SIGTERM) -> int:
        """Stop the server (SIGKILL for a crash) and return its exit status."""
        assert self.proc is not None, "not running"
        proc, self.proc = self.proc, None
        proc.send_signal(sig)
        try:
            code = proc.wait(timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        return code


@pytest.fixture(scope="module")
def one_torch_thread() -> Iterator[None]:
    """Train on one thread, as the server does: these tensors are tiny, and on a busy machine
    torch's thread barriers made each step some thirty times slower."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture
def live_server() -> Iterator[LiveServer]:
    server = LiveServer()
    server.start()
    try:
        yield server
    finally:
        if server.proc is not None:
            server.stop()
