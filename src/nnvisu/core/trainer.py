"""The one trainer: pure functions from a model's state to its next state.

Nothing here does I/O or keeps state between calls (only a cache of where each
architecture's parameters sit in a flat tensor). The server and the Jupyter widget both call
`train_step` and `init_weights`; the whole model state (weights, optimizer buffers, step
counter) goes in and comes back out, so the same request always yields the same result and a
stateless server trains exactly like an ordinary stateful PyTorch loop.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from . import optimizers, schema, work

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

Arrays = dict[str, np.ndarray]

_DEFAULT = {s.field: s.default for s in schema.SETTINGS}


@dataclass(frozen=True)
class Config:
    """Everything that defines the network and how it trains; the fields and their defaults
    are `schema.SETTINGS` (`Setting.field`)."""

    architecture: tuple[int, ...]
    problem: str = _DEFAULT["problem"]
    activation: str = _DEFAULT["activation"]
    optimizer: str = _DEFAULT["optimizer"]
    learning_rate: float = _DEFAULT["learning_rate"]
    momentum: float = _DEFAULT["momentum"]
    weight_decay: float = _DEFAULT["weight_decay"]
    l1: float = _DEFAULT["l1"]
    l2: float = _DEFAULT["l2"]
    batch_size: int = _DEFAULT["batch_size"]
    dropout: float = _DEFAULT["dropout"]
    features: tuple[str, ...] = _DEFAULT["features"]
    seed: int = _DEFAULT["seed"]

    @property
    def num_layers(self) -> int:
        return len(self.architecture) - 1

    @property
    def num_classes(self) -> int:
        return self.architecture[-1]

    @property
    def regression(self) -> bool:
        return self.problem == "regression"


@dataclass
class Data:
    """Points as columns: xy (n, 2) float32, label (n,): the class as int64, or in a regression
    the real-valued target as float32; test (n,) bool."""

    xy: np.ndarray
    label: np.ndarray
    test: np.ndarray

    @classmethod
    def from_arrays(
        cls,
        xy: np.ndarray,
        label: np.ndarray,
        test: np.ndarray | None = None,
        *,
        regression: bool = False,
    ) -> Data:
        xy = np.ascontiguousarray(xy, dtype=np.float32).reshape(-1, 2)
        dtype = np.float32 if regression else np.int64
        label = np.ascontiguousarray(label, dtype=dtype).reshape(-1)
        if test is None:
            test = np.zeros(len(label), dtype=bool)
        return cls(xy, label, np.ascontiguousarray(test, dtype=bool).reshape(-1))


@dataclass
class OptimizerState:
    """What a torch.optim optimizer would keep between steps.

    `t` is the step count of an optimizer that counts (Adam's bias correction); `buffers` maps a
    parameter name to its named buffers (`exp_avg`, `momentum_buffer`, ...).
    """

    kind: str
    t: int = 0
    buffers: dict[str, Arrays] = field(default_factory=dict)


@dataclass
class Metrics:
    """Loss (cross-entropy, or mean squared error in a regression) without regularization;
    accuracy for classification, R² for regression (None where it does not apply)."""

    train_loss: float | None
    train_accuracy: float | None
    train_count: int
    test_loss: float | None
    test_accuracy: float | None
    test_count: int
    train_r2: float | None = None
    test_r2: float | None = None


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
            name: {
                buf: np.zeros(shape, np.float32)
                for buf in optimizers.BY_NAME[config.optimizer].buffers
            }
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
    if config.regression:
        raise ValueError("a regression has no classes to resize: its output layer is one unit")
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
    if features == ("x", "y"):
        return xy
    x, y = xy[:, 0], xy[:, 1]
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
    size = work.batch_points(n, batch_size)
    if size == n:
        return None
    gen = torch.Generator().manual_seed(mix_seed(seed, step, stream=3))
    return torch.randperm(n, generator=gen)[:size]


def _regularization(config: Config, params: list[torch.Tensor]) -> torch.Tensor | None:
    weights = params[0::2]
    reg: torch.Tensor | None = None
    if config.l1 > 0:
        reg = config.l1 * sum((w.abs().sum() for w in weights), torch.zeros(()))
    if config.l2 > 0:
        l2 = 0.5 * config.l2 * sum((w.pow(2).sum() for w in weights), torch.zeros(()))
        reg = l2 if reg is None else reg + l2
    return reg


# Floats per 64 bytes. Each parameter starts on such a boundary in the flat tensors, as a
# tensor of its own would: MKL's small matrix products round differently at other offsets.
_ALIGN = 16


class _Layout:
    """Where each parameter of an architecture sits in a flat tensor of the model state.

    The weights and each optimizer buffer kind are one flat tensor each: a call copies the
    state in with one numpy operation per tensor, and the optimizer updates all parameters
    with one op instead of one per parameter. The gaps between parameters are zero, and every
    optimizer keeps them zero.
    """

    def __init__(self, architecture: tuple[int, ...]) -> None:
        self.names = param_names(len(architecture) - 1)
        self.shapes = list(param_shapes(architecture).values())
        self.slices: list[slice] = []
        end = 0
        for shape in self.shapes:
            size = math.prod(shape)
            self.slices.append(slice(end, end + size))
            end += -(-size // _ALIGN) * _ALIGN
        self.total = end
        self.positions = np.concatenate([np.arange(s.start, s.stop) for s in self.slices])
        self.positions.flags.writeable = False  # shared by every call through the cache

    def pack(self, arrays: list[np.ndarray | None]) -> torch.Tensor:
        """A new flat float32 tensor holding `arrays` (None: zeros)."""
        parts = [
            np.zeros(shape, np.float32) if a is None else a
            for a, shape in zip(arrays, self.shapes, strict=True)
        ]
        if [a.shape for a in parts] != self.shapes:
            raise ValueError(f"expected shapes {self.shapes}, got {[a.shape for a in parts]}")
        flat = torch.zeros(self.total)  # torch starts its buffers on 64-byte boundaries
        flat.numpy()[self.positions] = np.concatenate(parts, axis=None)
        return flat

    def split(self, flat: torch.Tensor) -> list[np.ndarray]:
        """Per-parameter numpy views into `flat`."""
        array = flat.numpy()
        return [array[s].reshape(shape) for s, shape in zip(self.slices, self.shapes, strict=True)]


@functools.lru_cache(maxsize=64)
def _layout(architecture: tuple[int, ...]) -> _Layout:
    return _Layout(architecture)


# d loss / d loss, where backpropagation starts.
_ONE = torch.ones((), dtype=torch.float32)


def _grads(loss: torch.Tensor, params: list[torch.Tensor]) -> tuple[torch.Tensor, ...]:
    """`torch.autograd.grad(loss, params)`, by the autograd engine call that it ends in.

    Its Python preamble (argument checks, making the ones tensor, logging hooks, a context
    copy) costs ~50 us per call here, as much as the whole Adam update; the engine and so the
    gradients are the same.
    """
    return torch.autograd.Variable._execution_engine.run_backward(
        (loss,), (_ONE,), False, False, tuple(params), False, False
    )


def evaluate(config: Config, weights: Mapping[str, np.ndarray], data: Data) -> Metrics:
    """The metrics (see `Metrics`) of `weights` on the train and test points."""
    params = [torch.from_numpy(weights[n]) for n in param_names(config.num_layers)]
    with torch.no_grad():
        inputs = feature_matrix(config.features, torch.from_numpy(data.xy))
        logits = forward(config, params, inputs)
        return _metrics(config, logits, torch.from_numpy(data.label), _test_rows(data.test))


def _loss(config: Config, outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The training loss of a batch, as torch.nn's CrossEntropyLoss or MSELoss (batch mean)."""
    if config.regression:
        return F.mse_loss(outputs.view(-1), targets)
    return F.cross_entropy(outputs, targets)


def _test_rows(test: np.ndarray) -> tuple[torch.Tensor, torch.Tensor] | None:
    """(train rows, test rows), or None when every point is a training point."""
    if not test.any():
        return None
    return torch.from_numpy(np.flatnonzero(~test)), torch.from_numpy(np.flatnonzero(test))


def _metrics(
    config: Config,
    logits: torch.Tensor,
    labels: torch.Tensor,
    rows: tuple[torch.Tensor, torch.Tensor] | None,
) -> Metrics:
    if config.regression:
        return _regression_metrics(logits.view(-1).numpy(), labels.numpy(), rows)
    if rows is None:  # the usual case, in the fewest operations
        n_train, n_test = len(labels), 0
        loss = F.cross_entropy(logits, labels, reduction="sum").item()
        right = torch.count_nonzero(logits.argmax(dim=1) == labels).item()
        sums = [loss, float(right), 0.0, 0.0]
    else:
        losses = F.cross_entropy(logits, labels, reduction="none")
        correct = (logits.argmax(dim=1) == labels).to(torch.float32)
        # All four sums in one tensor and one conversion to Python. Summing the rows of the
        # stack adds the same values in the same order as summing each vector on its own.
        both = torch.stack([losses, correct])
        train, test = rows
        n_train, n_test = len(train), len(test)
        sums = torch.cat([both[:, train].sum(dim=1), both[:, test].sum(dim=1)]).tolist()
    train_loss, train_correct, test_loss, test_correct = sums

    def mean(total: float, n: int) -> float | None:
        return total / n if n else None

    return Metrics(
        train_loss=mean(train_loss, n_train),
        train_accuracy=mean(train_correct, n_train),
        train_count=n_train,
        test_loss=mean(test_loss, n_test),
        test_accuracy=mean(test_correct, n_test),
        test_count=n_test,
    )


def _regression_metrics(
    predicted: np.ndarray, target: np.ndarray, rows: tuple[torch.Tensor, torch.Tensor] | None
) -> Metrics:
    # In float64: R² subtracts two sums of squares, which float32 would leave few digits of.
    predicted, target = predicted.astype(np.float64), target.astype(np.float64)
    parts = (slice(None), slice(0)) if rows is None else (r.numpy() for r in rows)
    (loss, r2, n), (test_loss, test_r2, n_test) = (_mse_r2(predicted[i], target[i]) for i in parts)
    return Metrics(loss, None, n, test_loss, None, n_test, train_r2=r2, test_r2=test_r2)


def _mse_r2(predicted: np.ndarray, target: np.ndarray) -> tuple[float | None, float | None, int]:
    """Mean squared error, R² = 1 - SS_res / SS_tot (None for fewer than 2 points or targets
    that are all equal, where it is undefined) and the point count."""
    n = len(target)
    if not n:
        return None, None, 0
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged fit is reported as such
        ss_res = float(np.square(predicted - target).sum())
    ss_tot = float(np.square(target - target.mean()).sum())
    return ss_res / n, 1.0 - ss_res / ss_tot if n >= 2 and ss_tot > 0 else None, n


def train_step(request: StepRequest) -> StepResult:
    """Run `request.steps` optimizer steps and return the new state and the metrics.

    Inputs are never modified: the state is copied into flat tensors, and the returned arrays
    are views into those copies. Raises TrainingDiverged, leaving the caller's state intact,
    if any step produces a non-finite loss or weight.
    """
    config = request.config
    opt = request.optimizer
    if opt is not None and opt.kind != config.optimizer:
        raise ValueError(
            f"optimizer state of {opt.kind!r} cannot continue with optimizer {config.optimizer!r}"
        )
    state = OptimizerState(config.optimizer, opt.t if opt is not None else 0)
    update = optimizers.BY_NAME[config.optimizer]
    layout = _layout(tuple(config.architecture))
    flat = layout.pack([request.weights[n] for n in layout.names])
    weights = layout.split(flat)
    # Leaves that share the flat tensor's memory: autograd sees ordinary parameters, while the
    # optimizer updates them all at once through `flat`, always after that step's gradients.
    params = [torch.from_numpy(w).requires_grad_() for w in weights]
    # Each step's gradients are copied into one flat tensor laid out like `flat`.
    grad = torch.zeros(layout.total)
    grad_parts = [torch.from_numpy(g) for g in layout.split(grad)]
    # A buffer missing for a parameter starts at zero, like torch.optim's lazily made state.
    bufs = {
        b: torch.zeros(layout.total)
        if opt is None
        else layout.pack([opt.buffers.get(n, {}).get(b) for n in layout.names])
        for b in update.buffers
    }

    xy = torch.from_numpy(request.data.xy)
    labels = torch.from_numpy(request.data.label)
    rows = _test_rows(request.data.test)
    inputs = feature_matrix(config.features, xy if rows is None else xy[rows[0]])
    targets = labels if rows is None else labels[rows[0]]

    step = request.step
    for _ in range(request.steps):
        idx = batch_indices(config.seed, step, len(targets), config.batch_size)
        batch_in = inputs if idx is None else inputs[idx]
        batch_y = targets if idx is None else targets[idx]
        dropout_gen = (
            torch.Generator().manual_seed(mix_seed(config.seed, step, stream=4))
            if config.dropout > 0
            else None
        )
        logits = forward(config, params, batch_in, dropout_gen)
        loss = _loss(config, logits, batch_y)
        reg = _regularization(config, params)
        total = loss if reg is None else loss + reg
        grads = _grads(total, params)
        if not math.isfinite(float(total.detach())):
            raise TrainingDiverged(step)
        torch._foreach_copy_(grad_parts, grads)
        update.update(config, state, flat, grad, bufs)
        step += 1

    if not np.isfinite(flat.numpy()).all():
        raise TrainingDiverged(step)
    with torch.no_grad():
        logits = forward(config, params, feature_matrix(config.features, xy))
        metrics = _metrics(config, logits, labels, rows)
    if metrics.train_loss is not None and not math.isfinite(metrics.train_loss):
        raise TrainingDiverged(step)

    views = {b: layout.split(buf) for b, buf in bufs.items()}
    state.buffers = {n: {b: v[i] for b, v in views.items()} for i, n in enumerate(layout.names)}
    return StepResult(
        weights=dict(zip(layout.names, weights, strict=True)),
        optimizer=state,
        step=step,
        metrics=metrics,
    )
