"""Shared pieces of the benchmarks: a standard request and a server subprocess."""

from __future__ import annotations

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

from nnvisu.trainer import Config, init_weights


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
