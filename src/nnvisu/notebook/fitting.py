"""Training for a number of epochs on `trainer.train_step`: what `Widget.fit` and the
estimators' `fit` and `partial_fit` run, one `train_step` call per epoch so each epoch's loss
is known; and the progress bar they show.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import torch
from tqdm.auto import tqdm

from ..core import schema, trainer
from ..core.trainer import StepRequest, StepResult
from ..wire.errors import DIVERGED_FIELD, ProtocolError


@dataclass(frozen=True)
class Epoch:
    """What one epoch of a fit did, as a `fit(..., callback=f)` callback receives it. Losses
    and accuracies are over all training (or test) points after the epoch; a metric is None
    where there are no such points."""

    epoch: int  # epochs done in this fit, from 1; a fractional last epoch counts as one
    step: int  # the global optimizer step after it
    loss: float  # cross-entropy, or in a regression the mean squared error
    accuracy: float | None  # classification
    test_loss: float | None
    test_accuracy: float | None
    r2: float | None = None  # regression
    test_r2: float | None = None


Callback = Callable[[Epoch], Any]


def check_epochs(epochs: Any) -> float:
    if isinstance(epochs, bool) or not isinstance(epochs, int | float):
        raise TypeError(f"epochs: must be a number, got {type(epochs).__name__}")
    if not (math.isfinite(epochs) and epochs > 0):
        raise ValueError(f"epochs: must be a positive number, got {epochs}")
    return float(epochs)


def check_callback(callback: Any) -> Callback | None:
    if callback is not None and not callable(callback):
        raise TypeError(f"callback: must be callable, got {type(callback).__name__}")
    checked: Callback | None = callback
    return checked


def total_steps(request: StepRequest, epochs: float) -> int:
    n_train = int((~request.data.test).sum())
    return schema.epoch_steps(epochs, n_train, request.config.batch_size)


def run_epochs(request: StepRequest, epochs: float) -> Iterator[tuple[StepResult, Epoch]]:
    """Train `epochs` passes over the training points from `request`'s state, yielding the
    state and metrics after each. A fractional `epochs` ends with a partial epoch.

    Raises `ProtocolError` (code "diverged", as the protocol reports it) if a step diverges;
    the state yielded last is then the last good one.
    """
    n_train = int((~request.data.test).sum())
    per_epoch = schema.epoch_steps(1, n_train, request.config.batch_size)
    remaining = total_steps(request, epochs)
    state = request
    done = 0
    while remaining > 0:
        steps = min(per_epoch, remaining)
        state = dataclasses.replace(state, steps=steps)
        try:
            result = trainer.train_step(state)
        except trainer.TrainingDiverged as e:
            raise diverged(e) from None
        remaining -= steps
        done += 1
        m = result.metrics
        assert m.train_loss is not None  # there are training points
        yield (
            result,
            Epoch(
                done,
                result.step,
                m.train_loss,
                m.train_accuracy,
                m.test_loss,
                m.test_accuracy,
                m.train_r2,
                m.test_r2,
            ),
        )
        state = dataclasses.replace(
            state, weights=result.weights, optimizer=result.optimizer, step=result.step
        )


def diverged(e: trainer.TrainingDiverged) -> ProtocolError:
    """The error the protocol replies with for a diverged step (`protocol._finish`)."""
    return ProtocolError("diverged", DIVERGED_FIELD, str(e))


@contextmanager
def one_torch_thread() -> Iterator[None]:
    """Train on one thread, then give the kernel back its own setting.

    These networks are tiny: a second intra-op thread gains nothing, and on a busy machine
    it made each step many times slower (as in the server, which runs one thread for good).
    """
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        pass


@contextmanager
def progress(total: int, enabled: bool, description: str) -> Iterator[Any]:
    """tqdm's bar (in a notebook its widget bar, elsewhere text on stderr), or nothing."""
    if not enabled:
        yield _Silent()
        return
    bar = tqdm(total=total, desc=description, unit="epoch", leave=True)
    try:
        yield bar
    finally:
        bar.close()
