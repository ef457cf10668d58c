"""What the trainer tests share: requests through the JSON protocol, data sets, and the
reference loop.

The reference is an ordinary stateful PyTorch loop (`nn.Sequential`, `torch.optim`, and
`CrossEntropyLoss` or `MSELoss`), written here independently of the trainer. It draws its
mini-batches and dropout masks by the rule that docs/protocol.md gives ("Randomness"), with its
own code: nothing of the trainer's is shared.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import nn

from nnvisu.core import optimizers, schema
from nnvisu.core.limits import Limits
from nnvisu.wire import protocol

LIMITS = Limits()


JSON = dict[str, Any]

TOLERANCE = 1e-6


def call(msg: JSON, limits: Limits = LIMITS) -> JSON:
    """One real JSON round trip through the protocol, as the server and the widget do it."""
    reply: JSON = json.loads(protocol.handle(json.dumps(msg).encode(), limits))
    return reply


def expect_ok(reply: JSON, kind: str) -> JSON:
    assert reply["type"] == kind, reply
    return reply


def make_config(**overrides: Any) -> JSON:
    config: JSON = {
        "architecture": [2, 6, 5, 3],
        "activation": "tanh",
        "optimizer": "adam",
        "learningRate": 0.03,
        "momentum": 0.9,
        "l1": 0,
        "l2": 0,
        "batchSize": 0,
        "dropout": 0,
        "features": ["x", "y"],
        "seed": 11,
    }
    config.update(overrides)
    config["architecture"] = [
        len(config["features"]),
        *config["architecture"][1:],
    ]
    return config


def init(config: JSON) -> JSON:
    weights: JSON = expect_ok(call({"type": "init", "id": 0, "config": config}), "init_result")[
        "weights"
    ]
    return weights


def blobs(classes: int, per_class: int, seed: int, spread: float = 0.6) -> JSON:
    """Gaussian blobs around points on a circle, as data columns."""
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(classes) / classes
    centres = 3 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    label = np.repeat(np.arange(classes), per_class)
    xy = centres[label] + rng.normal(0, spread, (len(label), 2))
    return {"x": xy[:, 0].tolist(), "y": xy[:, 1].tolist(), "label": label.tolist()}


def sectors(classes: int, n: int, seed: int) -> JSON:
    """Points in a disc labelled by angular sector: no class is linearly separable from all."""
    rng = np.random.default_rng(seed)
    r = 4 * np.sqrt(rng.uniform(0.04, 1, n))
    theta = rng.uniform(0, 2 * np.pi, n)
    label = np.floor(theta / (2 * np.pi / classes)).astype(int) % classes
    return {
        "x": (r * np.cos(theta)).tolist(),
        "y": (r * np.sin(theta)).tolist(),
        "label": label.tolist(),
    }


def sine_ridge(n: int, seed: int) -> JSON:
    """Points in a square whose target is a sine wave across the plane: sin(0.8x + 0.6y)."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-4, 4, (n, 2))
    target = np.sin(0.8 * xy[:, 0] + 0.6 * xy[:, 1])
    return {"x": xy[:, 0].tolist(), "y": xy[:, 1].tolist(), "label": target.tolist()}


def with_tests(data: JSON, every: int) -> JSON:
    out = dict(data)
    out["test"] = [i % every == 0 for i in range(len(data["label"]))]
    return out


# ---------------------------------------------------------------------------- the reference loop


REF_ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.01),
    "gelu": nn.GELU,
    "sigmoid": nn.Sigmoid,
    "linear": nn.Identity,
}

REF_FEATURES: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "x": lambda x, y: x,
    "y": lambda x, y: y,
    "x2": lambda x, y: x**2,
    "y2": lambda x, y: y**2,
    "xy": lambda x, y: x * y,
    "sinx": lambda x, y: torch.sin(x),
    "siny": lambda x, y: torch.sin(y),
}


def documented_seed(seed: int, step: int, stream: int) -> int:
    """`mix(seed, step, stream)` as docs/protocol.md defines it (arithmetic mod 2**64)."""
    mod = 1 << 64
    h = (seed * 0x9E3779B97F4A7C15 + step * 0xBF58476D1CE4E5B9 + stream * 0x94D049BB133111EB) % mod
    h ^= h >> 31
    h = h * 0xD6E8FEB86659FD93 % mod
    h ^= h >> 32
    return h % (1 << 63)


def documented_batch(seed: int, step: int, n: int, batch_size: int) -> torch.Tensor | None:
    """The training rows docs/protocol.md says global step `step` draws; None: all of them."""
    if batch_size == 0 or batch_size >= n:
        return None
    generator = torch.Generator().manual_seed(documented_seed(seed, step, 3))
    return torch.randperm(n, generator=generator)[:batch_size]


class SeededDropout(nn.Module):
    """Inverted dropout whose mask comes from a generator the loop reseeds every step."""

    def __init__(self, p: float, source: list[torch.Generator]) -> None:
        super().__init__()
        self.keep = 1 - p
        self.source = source

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return h
        mask = torch.rand(h.shape, generator=self.source[0]) < self.keep
        return h * mask / self.keep


def reference_optimizer(config: JSON, params: Any) -> torch.optim.Optimizer:
    """The registry entry's torch.optim twin, given the wire config's learning rate and the
    entry's own settings."""
    entry = optimizers.BY_NAME[config["optimizer"]]
    values = {"learning_rate": config["learningRate"]}
    for name in entry.settings:
        setting = schema.BY_NAME[name]
        values[name] = config.get(setting.wire, setting.default)
    return entry.reference(params, values)


def reference_model(
    config: JSON, weights: JSON, generator: list[torch.Generator]
) -> tuple[nn.Sequential, list[nn.Linear]]:
    arch = config["architecture"]
    layers: list[nn.Module] = []
    linears = []
    for i in range(len(arch) - 1):
        lin = nn.Linear(arch[i], arch[i + 1])
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(weights[f"layer_{i}_weights"]))
            lin.bias.copy_(torch.tensor(weights[f"layer_{i}_bias"]))
        linears.append(lin)
        layers.append(lin)
        if i < len(arch) - 2:
            layers.append(REF_ACTIVATIONS[config["activation"]]())
            if config["dropout"] > 0:
                layers.append(SeededDropout(config["dropout"], generator))
    return nn.Sequential(*layers), linears


def reference_train(
    config: JSON,
    weights: JSON,
    data: JSON,
    steps: int,
    *,
    rebuild_optimizer_each_step: bool = False,
    losses: list[float] | None = None,
) -> JSON:
    """`steps` steps of an ordinary stateful PyTorch loop; returns the weights as lists, and
    appends each step's training loss (regularization included) to `losses` if given."""
    generator = [torch.Generator()]
    model, linears = reference_model(config, weights, generator)
    train = [not t for t in data.get("test", [False] * len(data["label"]))]
    x = torch.tensor(data["x"], dtype=torch.float32)[train]
    y = torch.tensor(data["y"], dtype=torch.float32)[train]
    inputs = torch.stack([REF_FEATURES[f](x, y) for f in config["features"]], dim=1)
    regression = config.get("problem") == "regression"
    label_type = torch.float32 if regression else torch.int64
    labels = torch.tensor(data["label"], dtype=label_type)[torch.tensor(train)]
    criterion = nn.MSELoss() if regression else nn.CrossEntropyLoss()
    opt = reference_optimizer(config, model.parameters())
    for step in range(steps):
        if rebuild_optimizer_each_step:
            opt = reference_optimizer(config, model.parameters())
        idx = documented_batch(config["seed"], step, len(labels), config["batchSize"])
        batch_in = inputs if idx is None else inputs[idx]
        batch_y = labels if idx is None else labels[idx]
        generator[0] = torch.Generator().manual_seed(documented_seed(config["seed"], step, 4))
        # MSELoss compares like shapes: the model's (batch, 1) output with (batch, 1) targets.
        loss: torch.Tensor = criterion(
            model(batch_in), batch_y.unsqueeze(1) if regression else batch_y
        )
        if config["l1"] > 0:
            loss = loss + config["l1"] * sum(lin.weight.abs().sum() for lin in linears)
        if config["l2"] > 0:
            loss = loss + 0.5 * config["l2"] * sum(lin.weight.pow(2).sum() for lin in linears)
        if losses is not None:
            losses.append(float(loss.detach()))
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
    out: JSON = {}
    for i, lin in enumerate(linears):
        out[f"layer_{i}_weights"] = lin.weight.detach().tolist()
        out[f"layer_{i}_bias"] = lin.bias.detach().tolist()
    return out


def protocol_train(
    config: JSON, weights: JSON, data: JSON, steps: int, per_request: int = 1
) -> JSON:
    """`steps` steps through `protocol.handle`, passing each reply's state into the next."""
    state: JSON = {"weights": weights, "optimizer": None, "step": 0}
    assert steps % per_request == 0
    for i in range(steps // per_request):
        msg = {"type": "step", "id": i, "config": config, "data": data, "steps": per_request}
        reply = expect_ok(call({**msg, **state}), "step_result")
        assert reply["id"] == i
        state = {k: reply[k] for k in ("weights", "optimizer", "step")}
    assert state["step"] == steps
    return state


def max_abs_diff(a: JSON, b: JSON) -> float:
    assert a.keys() == b.keys()
    return max(float(np.max(np.abs(np.array(a[k]) - np.array(b[k])))) for k in a)


# Every optimizer of the registry: a new entry is checked against its torch.optim twin.
OPTIMIZERS = list(optimizers.NAMES)


def step_message(config: JSON, weights: JSON, data: JSON, **extra: Any) -> JSON:
    return {"type": "step", "id": "r", "config": config, "weights": weights, "data": data, **extra}


RECTIFIERS = ("relu", "leaky_relu", "gelu")


def init_bound(activation: str, fan_in: int, fan_out: int) -> float:
    """docs/protocol.md: He for the rectifiers, Glorot for the others."""
    return math.sqrt(6 / fan_in if activation in RECTIFIERS else 6 / (fan_in + fan_out))
