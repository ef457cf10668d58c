"""THE settings table: every training setting, defined once for every face.

Each `Setting` names a setting on the wire (camelCase, the protocol's config key) and in Python
(the Widget's and the estimators' keyword argument), with its type, bounds, default and a
one-line help. Validation (`protocol`), the widget's arguments and traits, the error field names
and what a host tells the front end (`describe`, sent in the server's `hello`, embedded in the
page and synced to the widget) all come from here. The front end keeps only labels.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Literal

from . import optimizers, work
from .limits import Limits

SCHEMA_VERSION = 1

ACTIVATION_NAMES = ("tanh", "relu", "leaky_relu", "gelu", "sigmoid", "linear")
FEATURE_NAMES = ("x", "y", "x2", "y2", "xy", "sinx", "siny")
PROBLEM_NAMES = ("classification", "regression")
MIN_CLASSES = 2
MAX_CLASSES = 8
# A regression network predicts one real value per point.
REGRESSION_OUTPUTS = 1
# A regression target, like a coordinate, lies within this bound.
MAX_TARGET = 1e6
MAX_SEED = 2**31 - 1
MAX_BATCH = 1 << 30
# The input layer's size is the feature count and the output's the class count; this bounds
# any size before those checks (hidden layers are bounded by the host's `max_neurons`).
MAX_LAYER_SIZE = 1 << 30

Kind = Literal["architecture", "choice", "features", "float", "int"]
# What a change of a setting does to a trained model, on every face: "init" starts a new run
# (fresh weights), "optimizer" starts the optimizer state afresh, "none" applies to the next
# step. A change of the class count (the architecture's last size) resizes the output layer.
Change = Literal["init", "optimizer", "none"]
Group = Literal["network", "training"]


@dataclass(frozen=True)
class Setting:
    """One training setting. `lo`/`hi` bound numbers, and each layer size of an architecture
    (`lo_open`: `lo` itself is refused). `required`: a wire config must give it."""

    wire: str
    name: str
    kind: Kind
    default: Any
    help: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    choices: tuple[str, ...] = ()
    required: bool = False
    on_change: Change = "none"
    # What a front end shows: the control's name, its panel, the shown names of choice values,
    # the arrow keys' step where 1 would be wrong, and help for the page where the Python help
    # speaks of Python names.
    label: str = ""
    group: Group = "training"
    choice_labels: tuple[tuple[str, str], ...] = ()
    step: float | None = None
    page_help: str = ""

    @property
    def field(self) -> str:
        """The `trainer.Config` field: the Python name, but the whole `architecture` for the
        architecture (which Python splits into `hidden_layers` and `classes`)."""
        return "architecture" if self.kind == "architecture" else self.name

    def bounds_text(self) -> str:
        """The accepted values, as docstrings write them."""
        if self.kind in ("float", "int"):
            bracket = "(" if self.lo_open else "["
            kind = "a number" if self.kind == "float" else "an integer"
            return f"{kind} in {bracket}{_num(self.lo)}, {_num(self.hi)}]"
        if self.kind == "features":
            return "any of " + ", ".join(self.choices)
        if self.choices:
            return "one of " + ", ".join(self.choices)
        return ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "wire": self.wire,
            "name": self.name,
            "type": self.kind,
            "default": list(self.default) if isinstance(self.default, tuple) else self.default,
            "help": self.page_help or self.help,
            "label": self.label,
            "group": self.group,
            "onChange": self.on_change,
        }
        if self.kind in ("float", "int"):
            out.update(min=self.lo, max=self.hi, minExclusive=self.lo_open)
        if self.step is not None:
            out["step"] = self.step
        if self.choices:
            out["choices"] = list(self.choices)
            labels = dict(self.choice_labels)
            out["choiceLabels"] = {c: labels.get(c, c) for c in self.choices}
        return out


def _num(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(v)


DEFAULT_HIDDEN = (8, 8)

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "architecture",
        "hidden_layers",
        "architecture",
        (2, *DEFAULT_HIDDEN, 2),
        "All layer sizes, input to output: the input is the number of features, the output "
        "the number of classes (1 for regression); in Python, `hidden_layers` and `classes`.",
        lo=1,
        hi=MAX_LAYER_SIZE,
        required=True,
        on_change="init",
        label="Hidden layers",
        group="network",
        page_help="Sizes of the hidden layers, such as 8-8-4; the input size follows the features, "
        "the output size the classes.",
    ),
    Setting(
        "problem",
        "problem",
        "choice",
        "classification",
        "Classification learns a class label per point; regression a real-valued target.",
        choices=PROBLEM_NAMES,
        on_change="init",
        label="Predict",
        group="network",
        # "classification" does not fit the 120 px select.
        choice_labels=(("classification", "classes"), ("regression", "numbers")),
    ),
    Setting(
        "activation",
        "activation",
        "choice",
        "tanh",
        "The non-linearity of every hidden neuron.",
        choices=ACTIVATION_NAMES,
        on_change="init",
        label="Activation",
        group="network",
        choice_labels=(("relu", "ReLU"), ("leaky_relu", "leaky ReLU"), ("gelu", "GELU")),
    ),
    Setting(
        "optimizer",
        "optimizer",
        "choice",
        "adam",
        "How each step moves the weights, as torch.optim does.",
        choices=optimizers.NAMES,
        on_change="optimizer",
        label="Optimizer",
        choice_labels=tuple((o.name, o.label) for o in optimizers.REGISTRY),
    ),
    Setting(
        "learningRate",
        "learning_rate",
        "float",
        0.03,
        "The size of each optimizer step.",
        lo=0.0,
        hi=1e6,
        lo_open=True,
        label="Learning rate",
    ),
    Setting(
        "momentum",
        "momentum",
        "float",
        0.9,
        "How much of the last step the momentum optimizer keeps.",
        lo=0.0,
        hi=0.999,
        label="Momentum",
        step=0.05,
    ),
    Setting(
        "weightDecay",
        "weight_decay",
        "float",
        0.01,
        "How much AdamW shrinks the weights each step, apart from the gradient step "
        "(decoupled weight decay, as torch.optim.AdamW).",
        lo=0.0,
        hi=100.0,
        label="Weight decay",
    ),
    Setting("l1", "l1", "float", 0.0, "L1 penalty on the weights.", lo=0.0, hi=100.0, label="L1"),
    Setting("l2", "l2", "float", 0.0, "L2 penalty on the weights.", lo=0.0, hi=100.0, label="L2"),
    Setting(
        "batchSize",
        "batch_size",
        "int",
        0,
        "Training points per step, drawn afresh each step; 0 = all of them.",
        lo=0,
        hi=MAX_BATCH,
        label="Batch size",
    ),
    Setting(
        "dropout",
        "dropout",
        "float",
        0.0,
        "Share of hidden neurons switched off at random in each training step.",
        lo=0.0,
        hi=0.95,
        label="Dropout",
        step=0.05,
    ),
    Setting(
        "features",
        "features",
        "features",
        ("x", "y"),
        "The network's inputs, computed from each point.",
        choices=FEATURE_NAMES,
        on_change="init",
        label="Input features",
        group="network",
        choice_labels=(("x2", "x²"), ("y2", "y²"), ("sinx", "sin x"), ("siny", "sin y")),
    ),
    Setting(
        "seed",
        "seed",
        "int",
        1,
        "Seeds the initial weights, the batches and dropout.",
        lo=0,
        hi=MAX_SEED,
        label="Seed",
    ),
)

BY_WIRE: dict[str, Setting] = {s.wire: s for s in SETTINGS}
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def default_wire_config() -> dict[str, Any]:
    """Every setting at its default, as the wire writes a config."""
    return {
        s.wire: list(s.default) if isinstance(s.default, tuple) else s.default for s in SETTINGS
    }


def python_defaults() -> dict[str, Any]:
    """Every setting's default by its Python name, as the Widget's arguments take it: the
    architecture's default is its hidden layers (input and output follow from the data)."""
    return {s.name: s.default[1:-1] if s.kind == "architecture" else s.default for s in SETTINGS}


def describe(limits: Limits) -> dict[str, Any]:
    """What a host tells a front end: the settings with their bounds, and its limits."""
    settings = []
    for s in SETTINGS:
        out = s.to_json()
        if s.kind == "architecture":
            out.update(
                maxHiddenLayers=limits.max_hidden_layers,
                maxNeurons=limits.max_neurons,
                minClasses=MIN_CLASSES,
                maxClasses=MAX_CLASSES,
                regressionOutputs=REGRESSION_OUTPUTS,
            )
        elif s.wire == "problem":
            out.update(maxTarget=MAX_TARGET)
        users = [o.name for o in optimizers.REGISTRY if s.name in o.settings]
        if users:  # a setting only these optimizers read
            out["usedBy"] = users
        settings.append(out)
    return {"version": SCHEMA_VERSION, "settings": settings, "limits": describe_limits(limits)}


def epoch_steps(epochs: float, n_train: int, batch_size: int) -> int:
    """Optimizer steps for `epochs` passes over `n_train` training points (at least 1): an
    epoch is as many batches as cover the points once, a fractional epoch that share of one."""
    if n_train <= 0:
        return 1
    per_epoch = math.ceil(n_train / work.batch_points(n_train, batch_size))
    whole, part = divmod(epochs, 1)
    return max(1, int(whole) * per_epoch + math.ceil(part * per_epoch))


def describe_limits(limits: Limits) -> dict[str, Any]:
    """A host's limits as it tells a front end, with the work model's costs so that a client
    sizes its requests within `maxWork`."""
    return {**limits.to_json(), "workCosts": work.describe()}


if __name__ == "__main__":  # `python -m nnvisu.schema`: the default host's schema as JSON
    print(json.dumps(describe(Limits()), indent=1))
