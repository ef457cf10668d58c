"""Target 2: per-step time of nnvisu's train_step ÷ a plain nn.Sequential + torch.optim loop.

Both train the same network on the same 1000 points for the same number of full-batch
steps, on one thread, interleaved in rounds so that machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import time

import torch
from common import request
from torch import nn

from nnvisu.core import trainer
from nnvisu.core.limits import Limits
from nnvisu.wire import protocol


def reference_loop(req: dict[str, object], steps: int) -> float:
    parsed = protocol.parse_step(req, Limits())
    arch = parsed.config.architecture
    layers: list[nn.Module] = []
    for i in range(len(arch) - 1):
        layers.append(nn.Linear(arch[i], arch[i + 1]))
        if i < len(arch) - 2:
            layers.append(nn.Tanh())
    model = nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=parsed.config.learning_rate)
    x = torch.from_numpy(parsed.data.xy)
    y = torch.from_numpy(parsed.data.label)
    t0 = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    return (time.perf_counter() - t0) / steps


def ours(req: dict[str, object], steps: int) -> float:
    parsed = protocol.parse_step({**req, "steps": steps}, Limits())
    t0 = time.perf_counter()
    trainer.train_step(parsed)
    return (time.perf_counter() - t0) / steps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    torch.set_num_threads(1)
    for optimizer in ("adam", "sgd"):
        req = request(n=args.points, optimizer=optimizer)
        ref_times, our_times = [], []
        for _ in range(args.rounds):
            ref_times.append(reference_loop(req, args.steps))
            our_times.append(ours(req, args.steps))
        ref, our = min(ref_times), min(our_times)
        print(
            f"{optimizer:5s} 2-8-8-8-2, {args.points} points: nn.Sequential+torch.optim "
            f"{ref * 1e3:.3f} ms/step, train_step {our * 1e3:.3f} ms/step, "
            f"ratio {our / ref:.2f} (target <= 0.6)"
        )


if __name__ == "__main__":
    main()
