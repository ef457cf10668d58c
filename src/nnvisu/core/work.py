"""What a training request costs, in multiply-adds: the unit of `--max-work`, and what tells
the server whether a request may run on its event loop.

A step costs one multiply-add per batch point and parameter, element-wise work per batch point
and neuron, and a fixed cost that does not depend on the batch: the small torch operations each
layer, activation, dropout mask and the optimizer's update take, and drawing the batch. A call
adds its own: copying the state in and out, and the metrics pass over every point. Each cost is
counted as the multiply-adds that take as long (`bench/work_model.py` measures them), so a
thousand steps of a tiny network count for the second they take.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Hashable
from typing import Protocol

from . import optimizers


class Config(Hashable, Protocol):
    """What pricing needs of a `trainer.Config` (so pricing needs neither torch nor the trainer)."""

    @property
    def architecture(self) -> tuple[int, ...]: ...
    @property
    def num_layers(self) -> int: ...
    @property
    def num_classes(self) -> int: ...
    @property
    def optimizer(self) -> str: ...
    @property
    def activation(self) -> str: ...
    @property
    def dropout(self) -> float: ...
    @property
    def l1(self) -> float: ...
    @property
    def l2(self) -> float: ...
    @property
    def batch_size(self) -> int: ...


# Multiply-adds that take as long as one of each term (bench/work_model.py). A term named
# *_element counts points x neurons: element-wise work, which on small layers costs more than
# their multiply-adds.
COSTS: dict[str, float] = {
    **{f"step_{o.name}": o.step_cost for o in optimizers.REGISTRY},
    "step_multiply_adds": 1,
    "step_per_layer": 450_000,
    "step_element": 25,
    # Beyond the identity, whose cost is the layer's own.
    "step_tanh": 150_000,
    "step_relu": 120_000,
    "step_leaky_relu": 80_000,
    "step_gelu": 600_000,
    "step_sigmoid": 110_000,
    "step_tanh_element": 25,
    "step_relu_element": 20,
    "step_leaky_relu_element": 20,
    "step_gelu_element": 30,
    "step_sigmoid_element": 15,
    "step_dropout": 540_000,
    "step_dropout_element": 130,
    "step_sampled": 35_000,
    "step_sampled_point": 170,
    "step_regularized_layer": 490_000,
    "call": 2_400_000,
    "call_per_layer": 210_000,
    "call_multiply_adds": 0.5,
    "call_element": 30,
}


def batch_points(n_train: int, batch_size: int) -> int:
    """Points in one training step: all training points for batch size 0, else the batch."""
    return n_train if batch_size <= 0 else min(batch_size, n_train)


def params(architecture: tuple[int, ...]) -> int:
    return sum((a + 1) * b for a, b in itertools.pairwise(architecture))


def terms(config: Config, train_points: int, all_points: int) -> dict[str, float]:
    """How many of each cost a request has: `step_*` terms per step, `call_*` once."""
    layers = config.num_layers
    hidden = sum(config.architecture[1:-1])
    neurons = hidden + config.num_classes
    p = params(config.architecture)
    batch = batch_points(train_points, config.batch_size)
    sampled = batch < train_points
    out: dict[str, float] = dict.fromkeys(COSTS, 0.0)
    out["step_multiply_adds"] = batch * p
    out[f"step_{config.optimizer}"] = 1
    out["step_per_layer"] = layers
    out["step_element"] = batch * neurons
    if config.activation != "linear":
        out[f"step_{config.activation}"] = layers - 1
        out[f"step_{config.activation}_element"] = batch * hidden
    if config.dropout > 0:
        out["step_dropout"] = layers - 1
        out["step_dropout_element"] = batch * hidden
    out["step_sampled"] = int(sampled)
    out["step_sampled_point"] = train_points if sampled else 0
    out["step_regularized_layer"] = layers * ((config.l1 > 0) + (config.l2 > 0))
    out["call"] = 1
    out["call_per_layer"] = layers
    out["call_multiply_adds"] = all_points * p
    out["call_element"] = all_points * neurons
    return out


@functools.lru_cache(maxsize=256)  # a page sends the same settings request after request
def price(config: Config, train_points: int, all_points: int) -> tuple[float, float]:
    """The multiply-adds of one call and of each step."""
    call = step = 0.0
    for name, count in terms(config, train_points, all_points).items():
        if name.startswith("step"):
            step += COSTS[name] * count
        else:
            call += COSTS[name] * count
    return call, step


def estimate(config: Config, train_points: int, all_points: int, steps: int) -> int:
    """The multiply-adds a request of `steps` steps costs, fixed costs included."""
    call, step = price(config, train_points, all_points)
    return round(call + steps * step)


def describe() -> dict[str, float]:
    """The costs, for a client that sizes its requests within the host's `maxWork`."""
    return dict(COSTS)
