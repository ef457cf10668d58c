"""Measure the constants of `nnvisu.core.work`: what a request costs, in multiply-adds.

`train_step` is timed (CPU time of this thread, one torch thread, as a server worker runs) with
1 and with 21 steps on a grid of settings. The difference gives each setting's cost per step,
the rest its cost per call. Least squares on those then splits the cost per step into
batch x parameters (the unit: one multiply-add) and the fixed costs per step, per layer, per
hidden layer by activation, per dropout layer, per sampled batch (and per point it is drawn
from), per regularized layer and per optimizer; and the cost per call into a constant, a part
per layer and the metrics pass (per point x parameter). Prints the constants in multiply-adds,
as `nnvisu/core/work.py` holds them, and how far the fitted model is from each measurement.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np
import torch

from nnvisu.core import optimizers, schema, trainer, work
from nnvisu.core.trainer import Config, Data, StepRequest, init_weights


def make(arch: tuple[int, ...], n: int, steps: int, **settings: Any) -> StepRequest:
    config = Config(architecture=arch, **settings)
    rng = np.random.default_rng(0)
    xy = rng.uniform(-3, 3, (n, 2)).astype(np.float32)
    data = Data.from_arrays(xy, rng.integers(0, arch[-1], n))
    return StepRequest(config, init_weights(config), None, data, steps=steps)


def cpu_time(request: StepRequest, repeats: int) -> float:
    """The least CPU time of `repeats` calls, in seconds."""
    trainer.train_step(request)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.thread_time()
        trainer.train_step(request)
        best = min(best, time.thread_time() - t0)
    return best


def grid() -> list[tuple[tuple[int, ...], int, dict[str, Any]]]:
    """Settings where each term of the model weighs: tiny layers (the fixed costs), wide ones
    on many points (the element-wise work), big matrices (the multiply-adds), sampled batches."""
    cases: list[tuple[tuple[int, ...], int, dict[str, Any]]] = []
    for hidden in (1, 4, 10):
        tiny = (2, *[4] * hidden, 2)
        for act in schema.ACTIVATION_NAMES:
            cases.append((tiny, 40, {"activation": act}))
        cases.append((tiny, 40, {"dropout": 0.5}))
        cases.append((tiny, 40, {"l2": 0.01}))
        for opt in optimizers.NAMES:
            cases.append((tiny, 40, {"optimizer": opt}))
    for wide in ((2, 32, 32, 2), (2, 16, 16, 16, 16, 2)):
        for act in schema.ACTIVATION_NAMES:
            cases.append((wide, 2000, {"activation": act}))
        cases.append((wide, 2000, {"dropout": 0.5}))
    for n in (100, 1000, 5000):
        cases.append(((2, 4, 4, 2), n, {"batch_size": 1}))
        cases.append(((2, 4, 4, 2), n, {"batch_size": 10}))
    for n in (100, 1000, 3000):
        cases.append(((2, 64, 64, 64, 8), n, {}))
        cases.append(((2, 8, 8, 8, 2), n, {}))
    return cases


def nonnegative_fit(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Least squares with every coefficient >= 0: terms fitted below zero are dropped, one at a
    time, and the rest fitted again (a cost cannot be negative; noise can make it look so)."""
    active = list(range(a.shape[1]))
    while True:
        x = np.zeros(a.shape[1])
        x[active] = np.linalg.lstsq(a[:, active], b, rcond=None)[0]
        if x.min() >= 0:
            return x
        active.remove(int(np.argmin(x)))


def features(arch: tuple[int, ...], n: int, settings: dict[str, Any]) -> dict[str, float]:
    """The quantities each constant multiplies: one row of the least squares."""
    config = Config(architecture=arch, **settings)
    return work.terms(config, n, n)


def main() -> None:
    torch.set_num_threads(1)
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    rows: list[dict[str, float]] = []
    per_step: list[float] = []
    per_call: list[float] = []
    for arch, n, settings in grid():
        one = cpu_time(make(arch, n, 1, **settings), args.repeats)
        many = cpu_time(make(arch, n, 21, **settings), max(2, args.repeats // 3))
        step = (many - one) / 20
        rows.append(features(arch, n, settings))
        per_step.append(step)
        per_call.append(one - step)
    step_names = [k for k in rows[0] if k.startswith("step")]
    call_names = [k for k in rows[0] if k.startswith("call")]
    a = np.array([[r[k] for k in step_names] for r in rows])
    step_fit = nonnegative_fit(a, np.array(per_step))
    unit = step_fit[step_names.index("step_multiply_adds")]  # seconds per multiply-add
    c = np.array([[r[k] for k in call_names] for r in rows])
    call_fit = nonnegative_fit(c, np.array(per_call))
    print(f"one multiply-add of a step: {unit * 1e9:.3f} ns")
    fitted = [*zip(step_names, step_fit, strict=True), *zip(call_names, call_fit, strict=True)]
    for name, value in fitted:
        print(f"{name:28s} {value / unit:14,.0f} multiply-adds ({value * 1e6:8.2f} us)")
    model = a @ step_fit + c @ call_fit
    measured = np.array(per_step) + np.array(per_call)
    errors = model / measured - 1
    print(f"fitted steps=1 cost vs measured: median error {np.median(np.abs(errors)):.0%}, ")
    print(f"worst {errors.min():+.0%} / {errors.max():+.0%}")
    now = [work.estimate(Config(architecture=arch, **s), n, n, 1) * unit for arch, n, s in grid()]
    ratio = np.array(now) / measured
    print(f"work model as it is, steps=1, estimate / measured: {min(ratio):.2f}-{max(ratio):.2f}")


if __name__ == "__main__":
    main()
