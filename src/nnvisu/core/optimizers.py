"""THE optimizer registry: every optimizer nnvisu trains with, defined once.

Each entry carries what every part needs: the wire name and label (the settings schema), the
buffers it keeps per parameter and whether it counts its steps (the stateless protocol carries
both, and validation checks them), its update rule (the trainer), its cost per step (the work
model), the settings of its own it reads, and its `torch.optim` twin, which the fidelity tests
run beside the trainer for every entry. Adding an optimizer is one entry here, plus a setting
in `schema.SETTINGS` (and its `trainer.Config` field) for each hyperparameter of its own.

The update rules are torch.optim's single-tensor code. Every op is elementwise, so running one
over all parameters laid end to end computes bit for bit what torch.optim computes parameter
by parameter, with a handful of calls per step. This module needs torch only to run an update
(the work model reads the registry without it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import torch


class Hyper(Protocol):
    """What an update reads of a `trainer.Config`."""

    @property
    def learning_rate(self) -> float: ...
    @property
    def momentum(self) -> float: ...
    @property
    def weight_decay(self) -> float: ...


class Counter(Protocol):
    """The optimizer state's step counter (`trainer.OptimizerState.t`)."""

    t: int


Buffers = dict[str, "torch.Tensor"]
Update = Callable[[Hyper, Counter, "torch.Tensor", "torch.Tensor", Buffers], None]
# (parameters, {"learning_rate": ..., and each of the optimizer's own settings by Python name})
Reference = Callable[[Iterable["torch.Tensor"], Mapping[str, float]], "torch.optim.Optimizer"]

# torch.optim's defaults, fixed so that clients cannot drift from the reference loop.
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
RMSPROP_ALPHA = 0.99
RMSPROP_EPS = 1e-8


@dataclass(frozen=True)
class Optimizer:
    name: str
    label: str
    buffers: tuple[str, ...]
    # Multiply-adds that take as long as one update (bench/work_model.py measures them).
    step_cost: float
    update: Update
    reference: Reference
    # Python names of the settings it reads besides the learning rate.
    settings: tuple[str, ...] = ()
    # Keeps a step counter (bias correction), which a request may not overflow.
    counts_steps: bool = False


@cache
def _constant(value: float) -> torch.Tensor:
    """A float32 0-dim tensor for in-place ops' tensor operands: the same float32 value as the
    Python float, without converting it on every call."""
    import torch

    return torch.tensor(value, dtype=torch.float32)


def _sgd(h: Hyper, s: Counter, param: torch.Tensor, grad: torch.Tensor, bufs: Buffers) -> None:
    param.add_(grad, alpha=-h.learning_rate)


def _momentum(h: Hyper, s: Counter, param: torch.Tensor, grad: torch.Tensor, bufs: Buffers) -> None:
    buf = bufs["momentum_buffer"]
    buf.mul_(h.momentum).add_(grad)
    param.add_(buf, alpha=-h.learning_rate)


def _adam_moments(
    s: Counter, param: torch.Tensor, grad: torch.Tensor, bufs: Buffers, lr: float
) -> None:
    s.t += 1
    beta1, beta2 = ADAM_BETAS
    bias_correction1 = 1 - beta1**s.t
    bias_correction2_sqrt = math.sqrt(1 - beta2**s.t)
    exp_avg, exp_avg_sq = bufs["exp_avg"], bufs["exp_avg_sq"]
    exp_avg.lerp_(grad, 1 - beta1)
    exp_avg_sq.mul_(_constant(beta2)).addcmul_(grad, grad, value=1 - beta2)
    denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(_constant(ADAM_EPS))
    param.addcdiv_(exp_avg, denom, value=-lr / bias_correction1)


def _adam(h: Hyper, s: Counter, param: torch.Tensor, grad: torch.Tensor, bufs: Buffers) -> None:
    _adam_moments(s, param, grad, bufs, h.learning_rate)


def _adamw(h: Hyper, s: Counter, param: torch.Tensor, grad: torch.Tensor, bufs: Buffers) -> None:
    # Decoupled weight decay: the weights shrink before, and apart from, the Adam step.
    param.mul_(1 - h.learning_rate * h.weight_decay)
    _adam_moments(s, param, grad, bufs, h.learning_rate)


def _rmsprop(h: Hyper, s: Counter, param: torch.Tensor, grad: torch.Tensor, bufs: Buffers) -> None:
    square_avg = bufs["square_avg"]
    square_avg.mul_(_constant(RMSPROP_ALPHA)).addcmul_(grad, grad, value=1 - RMSPROP_ALPHA)
    avg = square_avg.sqrt().add_(_constant(RMSPROP_EPS))
    param.addcdiv_(grad, avg, value=-h.learning_rate)


def _torch_optim(name: str) -> Reference:
    """The torch.optim class `name`, given the learning rate and the entry's own settings (by
    their torch.optim names, which are the Python names)."""

    def make(params: Iterable[torch.Tensor], values: Mapping[str, float]) -> torch.optim.Optimizer:
        import torch

        kwargs: dict[str, Any] = {
            ("lr" if k == "learning_rate" else k): v for k, v in values.items()
        }
        make_optimizer: Callable[..., torch.optim.Optimizer] = getattr(torch.optim, name)
        return make_optimizer(params, **kwargs)

    return make


REGISTRY: tuple[Optimizer, ...] = (
    Optimizer("sgd", "SGD", (), 400_000, _sgd, _torch_optim("SGD")),
    Optimizer(
        "momentum",
        "SGD + momentum",
        ("momentum_buffer",),
        500_000,
        _momentum,
        _torch_optim("SGD"),
        settings=("momentum",),
    ),
    Optimizer(
        "adam",
        "Adam",
        ("exp_avg", "exp_avg_sq"),
        1_300_000,
        _adam,
        _torch_optim("Adam"),
        counts_steps=True,
    ),
    Optimizer(
        "adamw",
        "AdamW",
        ("exp_avg", "exp_avg_sq"),
        1_400_000,
        _adamw,
        _torch_optim("AdamW"),
        settings=("weight_decay",),
        counts_steps=True,
    ),
    Optimizer("rmsprop", "RMSprop", ("square_avg",), 800_000, _rmsprop, _torch_optim("RMSprop")),
)

BY_NAME: dict[str, Optimizer] = {o.name: o for o in REGISTRY}
NAMES: tuple[str, ...] = tuple(BY_NAME)
