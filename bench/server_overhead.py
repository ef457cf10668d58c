"""Target 1: end-to-end time of a request over a live /ws ÷ the bare train_step compute.

For each encoding (JSON text frames, and the binary encoding the page uses) and each `steps`,
the same request is timed in rounds: a batch of bare `train_step` calls in this process, then
a batch of requests through the server (one client, sequential, `common.RawWebSocket` so that
the client's own cost stays out of the server's). Each round gives one ratio; the median over
rounds is printed, so a noisy neighbour on the machine moves both sides alike.

Then the JSON path's fixed cost (issue 16): a steps=1 JSON request over /ws, with its points as
columns and as `[{x, y, label}]` rows, divided by one marginal training step (bare `train_step`
of 11 steps minus that of 1, over 10), both measured in the same rounds (targets <= 2 for
columns, <= 3 for rows). The load average is printed beside: on a shared machine the ranges
are what to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

import numpy as np
import orjson
import torch
from common import RawWebSocket, request, server

from nnvisu.core import trainer
from nnvisu.core.limits import Limits
from nnvisu.wire import codec, protocol


def binary_frame(req: dict[str, Any]) -> bytes:
    """The request as the page sends it in the binary encoding."""
    as_arrays = {
        **req,
        "weights": {k: np.asarray(v, np.float32) for k, v in req["weights"].items()},
        "data": {k: np.asarray(v, np.float32) for k, v in req["data"].items()},
    }
    return codec.dumps_binary(as_arrays)


def bare(parsed: trainer.StepRequest, repeats: int) -> float:
    t0 = time.perf_counter()
    for _ in range(repeats):
        trainer.train_step(parsed)
    return (time.perf_counter() - t0) / repeats


def over_ws(conn: RawWebSocket, frame: bytes, repeats: int) -> float:
    t0 = time.perf_counter()
    for _ in range(repeats):
        conn.send(frame)
        conn.recv()
    return (time.perf_counter() - t0) / repeats


def measure(url: str, req: dict[str, Any], rounds: int, per_round: int) -> dict[str, Any]:
    parsed = protocol.parse_step(req, Limits())
    frames = {
        "json": RawWebSocket.frame(orjson.dumps(req).decode()),
        "binary": RawWebSocket.frame(binary_frame(req)),
    }
    conn = RawWebSocket(url)
    for frame in frames.values():  # warm up both paths
        over_ws(conn, frame, 5)
    bare(parsed, 5)
    ratios: dict[str, list[float]] = {name: [] for name in frames}
    times: dict[str, list[float]] = {"bare": [], **{name: [] for name in frames}}
    for _ in range(rounds):
        b = bare(parsed, per_round)
        times["bare"].append(b)
        for name, frame in frames.items():
            e = over_ws(conn, frame, per_round)
            times[name].append(e)
            ratios[name].append(e / b)
    conn.close()
    return {"ratios": ratios, "times": times}


def fixed_cost(url: str, points: int, rounds: int, per_round: int) -> dict[str, list[float]]:
    """Per round: a steps=1 JSON request over /ws (columns, rows) ÷ one marginal step."""
    one = protocol.parse_step(request(n=points, steps=1), Limits())
    eleven = protocol.parse_step(request(n=points, steps=11), Limits())
    frames = {
        layout: RawWebSocket.frame(orjson.dumps(request(n=points, columns=layout == "columns")))
        for layout in ("columns", "rows")
    }
    conn = RawWebSocket(url)
    for frame in frames.values():
        over_ws(conn, frame, 5)
    bare(one, 5)
    bare(eleven, 2)
    out: dict[str, list[float]] = {"marginal": [], **{k: [] for k in frames}}
    for _ in range(rounds):
        marginal = (bare(eleven, max(per_round // 5, 2)) - bare(one, per_round)) / 10
        out["marginal"].append(marginal)
        for layout, frame in frames.items():
            out[layout].append(over_ws(conn, frame, per_round) / marginal)
    conn.close()
    return out


def main() -> None:
    torch.set_num_threads(1)  # as each server worker does
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--requests", type=int, default=40, help="requests per round at steps=1")
    args = ap.parse_args()
    with server() as url:
        for steps in (1, 10):
            req = request(n=args.points, steps=steps)
            per_round = max(args.requests // steps, 5)
            result = measure(url, req, args.rounds, per_round)
            med = {k: statistics.median(v) * 1e3 for k, v in result["times"].items()}
            target = 1.5 if steps == 1 else 1.1
            for name in ("json", "binary"):
                r = result["ratios"][name]
                print(
                    f"steps={steps:3d} {name:6s}  bare train_step {med['bare']:7.3f} ms  "
                    f"over /ws {med[name]:7.3f} ms  ratio median {statistics.median(r):5.2f} "
                    f"(rounds {min(r):.2f}-{max(r):.2f})  target <= {target}"
                )
        fixed = fixed_cost(url, args.points, args.rounds, args.requests)
        marginal = statistics.median(fixed["marginal"]) * 1e3
        for layout, target in (("columns", 2), ("rows", 3)):
            r = fixed[layout]
            print(
                f"steps=  1 json {layout:7s} request / marginal step ({marginal:.3f} ms): "
                f"median {statistics.median(r):5.2f} (rounds {min(r):.2f}-{max(r):.2f})  "
                f"target <= {target}"
            )
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
