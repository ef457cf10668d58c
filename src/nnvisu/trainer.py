"""The one trainer: pure functions from a model's state to its next state.

Nothing here does I/O or keeps anything between calls. The server and the Jupyter widget
both call `train_step` and `init_weights`; the whole model state (weights, optimizer
buffers, step counter) goes in and comes back out, so the same request always yields the
same result and a stateless server trains exactly like an ordinary stateful PyTorch loop.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda t: F.leaky_relu(t, 0.01),
    "gelu": F.gelu,
    "sigmoid": torch.sigmoid,
    "linear": lambda t: t,
}

FEATURES: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "x": lambda x, y: x,
    "y": lambda x, y: y,
    "x2": lambda x, y: x * x,
    "y2": lambda x, y: y * y,
    "xy": lambda x, y: x * y,
    "sinx": lambda x, y: torch.sin(x),
    "siny": lambda x, y: torch.sin(y),
}

# Buffers each optimizer keeps per parameter, named as torch.optim names them.
OPTIMIZER_BUFFERS: dict[str, tuple[str, ...]] = {
    "sgd": (),
    "momentum": ("momentum_buffer",),
    "adam": ("exp_avg", "exp_avg_sq"),
    "rmsprop": ("square_avg",),
}

MIN_CLASSES = 2
MAX_CLASSES = 8

# torch.optim defaults, fixed so that clients cannot drift from the reference loop.
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
RMSPROP_ALPHA = 0.99
RMSPROP_EPS = 1e-8
LEAKY_SLOPE = 0.01

Arrays = dict[str, np.ndarray]


@dataclass(frozen=True)
class Config:
    """Everything that defines the network and how it trains."""

    architecture: tuple[int, ...]
    activation: str = "tanh"
    optimizer: str = "adam"
    learning_rate: float = 0.03
    momentum: float = 0.9
    l1: float = 0.0
    l2: float = 0.0
    batch_size: int = 0
    dropout: float = 0.0
    features: tuple[str, ...] = ("x", "y")
    seed: int = 0

    @property
    def num_layers(self) -> int:
        return len(self.architecture) - 1

    @property
    def num_classes(self) -> int:
        return self.architecture[-1]


@dataclass
class Data:
    """Points as columns: xy (n, 2) float32, label (n,) int64, test (n,) bool."""

    xy: np.ndarray
    label: np.ndarray
    test: np.ndarray

    @classmethod
    def from_arrays(cls, xy: np.ndarray, label: np.ndarray, test: np.ndarray | None = None) -> Data:
        xy = np.ascontiguousarray(xy, dtype=np.float32).reshape(-1, 2)
        label = np.ascontiguousarray(label, dtype=np.int64).reshape(-1)
        if test is None:
            test = np.zeros(len(label), dtype=bool)
        return cls(xy, label, np.ascontiguousarray(test, dtype=bool).reshape(-1))


@dataclass
class OptimizerState:
    """What a torch.optim optimizer would keep between steps.

    `t` is Adam's own step count (used for bias correction); `buffers` maps a parameter
    name to its named buffers (`exp_avg`, `momentum_buffer`, ...).
    """

    kind: str
    t: int = 0
    buffers: dict[str, Arrays] = field(default_factory=dict)


@dataclass
class Metrics:
    train_loss: float | None
    train_accuracy: float | None
    train_count: int
    test_loss: float | None
    test_accuracy: float | None
    test_count: int


@dataclass
class StepRequest:
    config: Config
    weights: Arrays
    optimizer: OptimizerState | None
    data: Data
    steps: int = 1
    step: int = 0


@dataclass
class StepResult:
    weights: Arrays
    optimizer: OptimizerState
    step: int
    metrics: Metrics


class TrainingDiverged(ArithmeticError):
    """The loss or a weight became NaN or infinite; the caller keeps its last good state."""

    def __init__(self, step: int) -> None:
        super().__init__(
            f"training diverged at step {step}: the loss or a weight became NaN or infinite; "
            "lower the learning rate and try again"
        )
        self.step = step


def param_names(num_layers: int) -> list[str]:
    """Wire names of the parameters in PyTorch order: weights then bias, layer by layer."""
    names = []
    for i in range(num_layers):
        names += [f"layer_{i}_weights", f"layer_{i}_bias"]
    return names


def param_shapes(architecture: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
    shapes: dict[str, tuple[int, ...]] = {}
    for i, (fan_in, fan_out) in enumerate(itertools.pairwise(architecture)):
        shapes[f"layer_{i}_weights"] = (fan_out, fan_in)
        shapes[f"layer_{i}_bias"] = (fan_out,)
    return shapes


def mix_seed(seed: int, step: int, stream: int = 0) -> int:
    """A torch seed for one (seed, step, stream) triple; nearby inputs give unrelated seeds."""
    h = (seed * 0x9E3779B97F4A7C15 + step * 0xBF58476D1CE4E5B9 + stream * 0x94D049BB133111EB) & (
        (1 << 64) - 1
    )
    h ^= h >> 31
    h = (h * 0xD6E8FEB86659FD93) & ((1 << 64) - 1)
    h ^= h >> 32
    return h & ((1 << 63) - 1)


def _init_layer(
    gen: torch.Generator, fan_in: int, fan_out: int, activation: str
) -> tuple[torch.Tensor, torch.Tensor]:
    # He init for the rectifier family keeps activations alive; Glorot for the saturating ones.
    if activation in ("relu", "leaky_relu", "gelu"):
        bound = math.sqrt(6.0 / fan_in)
    else:
        bound = math.sqrt(6.0 / (fan_in + fan_out))
    w = (torch.rand((fan_out, fan_in), generator=gen, dtype=torch.float32) * 2 - 1) * bound
    return w, torch.zeros(fan_out, dtype=torch.float32)


def init_weights(config: Config) -> Arrays:
    """Fresh weights for `config`, fully determined by `config.seed`."""
    gen = torch.Generator().manual_seed(mix_seed(config.seed, 0, stream=1))
    weights: Arrays = {}
    arch = config.architecture
    for i in range(config.num_layers):
        w, b = _init_layer(gen, arch[i], arch[i + 1], config.activation)
        weights[f"layer_{i}_weights"] = w.numpy()
        weights[f"layer_{i}_bias"] = b.numpy()
    return weights


def fresh_optimizer(config: Config) -> OptimizerState:
    shapes = param_shapes(config.architecture)
    return OptimizerState(
        kind=config.optimizer,
        t=0,
        buffers={
            name: {buf: np.zeros(shape, np.float32) for buf in OPTIMIZER_BUFFERS[config.optimizer]}
            for name, shape in shapes.items()
        },
    )


def resize_classes(
    config: Config, weights: Arrays, optimizer: OptimizerState | None
) -> tuple[Arrays, OptimizerState | None]:
    """Fit trained state to a config whose only change is the number of classes.

    Hidden layers are kept as trained. The output layer keeps the rows of the classes that
    still exist; rows for new classes are freshly initialized (seeded by the config seed and
    the class count) and start with empty optimizer buffers.
    """
    last = config.num_layers - 1
    wname, bname = f"layer_{last}_weights", f"layer_{last}_bias"
    classes = config.num_classes
    fan_in = config.architecture[-2]
    old_w, old_b = weights[wname], weights[bname]
    kept = min(classes, old_w.shape[0])
    gen = torch.Generator().manual_seed(mix_seed(config.seed, classes, stream=2))
    new_w, new_b = _init_layer(gen, fan_in, classes, config.activation)
    new_w_np, new_b_np = new_w.numpy(), new_b.numpy()
    new_w_np[:kept] = old_w[:kept]
    new_b_np[:kept] = old_b[:kept]
    out = dict(weights)
    out[wname], out[bname] = new_w_np, new_b_np
    if optimizer is None:
        return out, None
    buffers = {name: dict(bufs) for name, bufs in optimizer.buffers.items()}
    for name, shape in ((wname, new_w_np.shape), (bname, new_b_np.shape)):
        for buf, arr in optimizer.buffers.get(name, {}).items():
            resized = np.zeros(shape, np.float32)
            resized[:kept] = arr[:kept]
            buffers[name][buf] = resized
    return out, OptimizerState(optimizer.kind, optimizer.t, buffers)


def feature_matrix(features: tuple[str, ...], xy: torch.Tensor) -> torch.Tensor:
    """The network's input: one column per enabled feature, in the order given."""
    x, y = xy[:, 0], xy[:, 1]
    if features == ("x", "y"):
        return xy
    return torch.stack([FEATURES[f](x, y) for f in features], dim=1)


def forward(
    config: Config,
    params: list[torch.Tensor],
    inputs: torch.Tensor,
    dropout_gen: torch.Generator | None = None,
) -> torch.Tensor:
    """Logits for `inputs` (already feature-transformed). Dropout only when a generator is given."""
    act = ACTIVATIONS[config.activation]
    h = inputs
    keep = 1.0 - config.dropout
    last = config.num_layers - 1
    for i in range(config.num_layers):
        h = F.linear(h, params[2 * i], params[2 * i + 1])
        if i < last:
            h = act(h)
            if dropout_gen is not None and config.dropout > 0:
                mask = torch.rand(h.shape, generator=dropout_gen) < keep
                h = h * mask / keep
    return h


def batch_indices(seed: int, step: int, n: int, batch_size: int) -> torch.Tensor | None:
    """The training rows used at global step `step`; None means the full batch."""
    if batch_size <= 0 or batch_size >= n:
        return None
    gen = torch.Generator().manual_seed(mix_seed(seed, step, stream=3))
    return torch.randperm(n, generator=gen)[:batch_size]


def _regularization(config: Config, params: list[torch.Tensor]) -> torch.Tensor | None:
    weights = params[0::2]
    reg: torch.Tensor | None = None
    if config.l1 > 0:
        reg = config.l1 * sum((w.abs().sum() for w in weights), torch.zeros(()))
    if config.l2 > 0:
        l2 = 0.5 * config.l2 * sum((w.pow(2).sum() for w in weights), torch.zeros(()))
        reg = l2 if reg is None else reg + l2
    return reg


def _apply_update(
    config: Config,
    state: OptimizerState,
    params: list[torch.Tensor],
    grads: list[torch.Tensor],
    bufs: dict[str, list[torch.Tensor]],
) -> None:
    """One optimizer update with the arithmetic of torch.optim's single-tensor code.

    On CPU each `_foreach_` op runs the same per-tensor kernel as the single-tensor code, so
    results are bit-identical, but all parameters go through one call instead of one each.
    """
    lr = config.learning_rate
    kind = config.optimizer
    with torch.no_grad():
        if kind == "sgd":
            torch._foreach_add_(params, grads, alpha=-lr)
        elif kind == "momentum":
            buf = bufs["momentum_buffer"]
            torch._foreach_mul_(buf, config.momentum)
            torch._foreach_add_(buf, grads)
            torch._foreach_add_(params, buf, alpha=-lr)
        elif kind == "adam":
            state.t += 1
            beta1, beta2 = ADAM_BETAS
            bias_correction1 = 1 - beta1**state.t
            bias_correction2_sqrt = math.sqrt(1 - beta2**state.t)
            exp_avg, exp_avg_sq = bufs["exp_avg"], bufs["exp_avg_sq"]
            torch._foreach_lerp_(exp_avg, grads, 1 - beta1)
            torch._foreach_mul_(exp_avg_sq, beta2)
            torch._foreach_addcmul_(exp_avg_sq, grads, grads, value=1 - beta2)
            denom = torch._foreach_sqrt(exp_avg_sq)
            torch._foreach_div_(denom, bias_correction2_sqrt)
            torch._foreach_add_(denom, ADAM_EPS)
            torch._foreach_addcdiv_(params, exp_avg, denom, value=-lr / bias_correction1)
        else:  # rmsprop
            square_avg = bufs["square_avg"]
            torch._foreach_mul_(square_avg, RMSPROP_ALPHA)
            torch._foreach_addcmul_(square_avg, grads, grads, value=1 - RMSPROP_ALPHA)
            avg = torch._foreach_sqrt(square_avg)
            torch._foreach_add_(avg, RMSPROP_EPS)
            torch._foreach_addcdiv_(params, grads, avg, value=-lr)


def evaluate(config: Config, weights: Mapping[str, np.ndarray], data: Data) -> Metrics:
    """Loss (cross-entropy, no regularization) and accuracy on the train and test points."""
    params = [torch.from_numpy(weights[n]) for n in param_names(config.num_layers)]
    with torch.no_grad():
        inputs = feature_matrix(config.features, torch.from_numpy(data.xy))
        logits = forward(config, params, inputs)
        return _metrics(logits, torch.from_numpy(data.label), torch.from_numpy(data.test))


def _metrics(logits: torch.Tensor, labels: torch.Tensor, test: torch.Tensor) -> Metrics:
    losses = F.cross_entropy(logits, labels, reduction="none")
    correct = (logits.argmax(dim=1) == labels).to(torch.float32)
    train = ~test
    n_train, n_test = int(train.sum()), int(test.sum())

    def mean(v: torch.Tensor, mask: torch.Tensor, n: int) -> float | None:
        return float(v[mask].sum()) / n if n else None

    return Metrics(
        train_loss=mean(losses, train, n_train),
        train_accuracy=mean(correct, train, n_train),
        train_count=n_train,
        test_loss=mean(losses, test, n_test),
        test_accuracy=mean(correct, test, n_test),
        test_count=n_test,
    )


def train_step(request: StepRequest) -> StepResult:
    """Run `request.steps` optimizer steps and return the new state and the metrics.

    Inputs are never modified. Raises TrainingDiverged, leaving the caller's state intact,
    if any step produces a non-finite loss or weight.
    """
    config = request.config
    names = param_names(config.num_layers)
    params = [torch.tensor(request.weights[n], dtype=torch.float32) for n in names]
    for p in params:
        p.requires_grad_(True)
    opt = request.optimizer if request.optimizer is not None else fresh_optimizer(config)
    if opt.kind != config.optimizer:
        raise ValueError(
            f"optimizer state of {opt.kind!r} cannot continue with optimizer {config.optimizer!r}"
        )
    state = OptimizerState(opt.kind, opt.t)
    # Per buffer kind, one tensor per parameter, so that updates can use _foreach_ ops.
    bufs = {
        b: [
            torch.tensor(opt.buffers[n][b], dtype=torch.float32)
            if n in opt.buffers and b in opt.buffers[n]
            else torch.zeros_like(p)
            for n, p in zip(names, params, strict=True)
        ]
        for b in OPTIMIZER_BUFFERS[config.optimizer]
    }

    xy = torch.from_numpy(request.data.xy)
    labels = torch.from_numpy(request.data.label)
    test = torch.from_numpy(request.data.test)
    train_rows = torch.nonzero(~test).squeeze(1)
    all_train = len(train_rows) == len(labels)
    inputs = feature_matrix(config.features, xy if all_train else xy[train_rows])
    targets = labels if all_train else labels[train_rows]
    n = len(targets)

    step = request.step
    for _ in range(request.steps):
        idx = batch_indices(config.seed, step, n, config.batch_size)
        batch_in = inputs if idx is None else inputs[idx]
        batch_y = targets if idx is None else targets[idx]
        dropout_gen = (
            torch.Generator().manual_seed(mix_seed(config.seed, step, stream=4))
            if config.dropout > 0
            else None
        )
        logits = forward(config, params, batch_in, dropout_gen)
        loss = F.cross_entropy(logits, batch_y)
        reg = _regularization(config, params)
        total = loss if reg is None else loss + reg
        grads = list(torch.autograd.grad(total, params))
        if not math.isfinite(float(total.detach())):
            raise TrainingDiverged(step)
        _apply_update(config, state, params, grads, bufs)
        step += 1

    with torch.no_grad():
        if not bool(torch.isfinite(torch.cat([p.reshape(-1) for p in params])).all()):
            raise TrainingDiverged(step)
        logits = forward(config, params, feature_matrix(config.features, xy))
        metrics = _metrics(logits, labels, test)
    if metrics.train_loss is not None and not math.isfinite(metrics.train_loss):
        raise TrainingDiverged(step)

    state.buffers = {
        n: {b: tensors[i].numpy() for b, tensors in bufs.items()} for i, n in enumerate(names)
    }
    return StepResult(
        weights={n: p.detach().numpy() for n, p in zip(names, params, strict=True)},
        optimizer=state,
        step=step,
        metrics=metrics,
    )
