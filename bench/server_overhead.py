"""Target 1: end-to-end time of a request over a live /ws ÷ the bare train_step compute.

Prints one ratio per `steps` value, measured in this one run: the same request is timed
through the server (one client, sequential requests) and directly through train_step.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import orjson
import torch
from common import request, server
from tornado.websocket import websocket_connect

from nnvisu import protocol, trainer


def bare_compute(req: dict[str, object], repeats: int) -> float:
    parsed = protocol.parse_step(req, protocol.Limits())
    trainer.train_step(parsed)
    t0 = time.perf_counter()
    for _ in range(repeats):
        trainer.train_step(parsed)
    return (time.perf_counter() - t0) / repeats


async def over_ws(url: str, req: dict[str, object], repeats: int) -> float:
    conn = await websocket_connect(url)
    await conn.read_message()  # hello
    frame = orjson.dumps(req).decode()
    for _ in range(5):
        conn.write_message(frame)
        await conn.read_message()
    t0 = time.perf_counter()
    for _ in range(repeats):
        conn.write_message(frame)
        await conn.read_message()
    elapsed = (time.perf_counter() - t0) / repeats
    conn.close()
    return elapsed


def main() -> None:
    torch.set_num_threads(1)  # as each server worker does
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=300)
    args = ap.parse_args()
    with server() as url:
        for steps in (1, 10):
            req = request(n=args.points, steps=steps)
            reps = max(args.repeats // steps, 20)
            bare = bare_compute(req, reps)
            e2e = asyncio.run(over_ws(url, req, reps))
            bare2 = bare_compute(req, reps)  # again, so drift shows up in the spread
            bare_mean = (bare + bare2) / 2
            print(
                f"steps={steps:3d}  bare train_step {bare_mean * 1e3:7.3f} ms  "
                f"over /ws {e2e * 1e3:7.3f} ms  ratio {e2e / bare_mean:5.2f}  "
                f"(target <= {1.5 if steps == 1 else 1.1})"
            )


if __name__ == "__main__":
    main()
