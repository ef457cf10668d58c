"""Validation: a request's config, weights, optimizer state and points, from their wire form
to the trainer's types, or a `ProtocolError` naming the field and the problem.

The config is checked against `schema.SETTINGS`, so bounds, defaults and choices are the ones
every face of nnvisu uses.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..core import optimizers, schema, trainer
from ..core.limits import Limits
from ..core.trainer import Config, Data, OptimizerState
from .errors import invalid, kind_of, limit_exceeded, shown, shown_key


def get_field(obj: Mapping[str, Any], key: str, path: str, default: Any = ...) -> Any:
    if key in obj:
        return obj[key]
    if default is ...:
        invalid(f"{path}{key}", "is required")
    return default


# The largest integer a JSON client keeps exact (a double), as JavaScript names it: counters
# and ids stop here.
MAX_SAFE_INTEGER = 2**53 - 1


def check_int(value: Any, field: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        invalid(field, f"must be an integer, got {kind_of(value)}")
    if isinstance(value, float) and not value.is_integer():
        invalid(field, f"must be an integer, got {value}")
    if not lo <= value <= hi:
        invalid(field, f"must be between {lo} and {hi}, got {value}")
    return int(value)


def check_float(value: Any, field: str, lo: float, hi: float, *, open_lo: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        invalid(field, f"must be a number, got {kind_of(value)}")
    number = float(value)
    if not math.isfinite(number):
        invalid(field, "must be a finite number")
    if number < lo or number > hi or (open_lo and number == lo):
        bracket = "(" if open_lo else "["
        invalid(field, f"must be in {bracket}{lo}, {hi}], got {number}")
    return number


_NUMBER_TYPES = {int, float}


def check_array(value: Any, field: str, shape: tuple[int, ...]) -> np.ndarray:
    """A float32 array of exactly `shape` from nested JSON lists of finite numbers (or from a
    binary frame's payload)."""
    if isinstance(value, np.ndarray):
        if value.shape != shape:
            invalid(field, f"has shape {list(value.shape)}, expected {list(shape)}")
        # A read-only view into the frame: the trainer copies what it trains, so no copy here.
        out = value if value.dtype == np.float32 else value.astype(np.float32)
        if not np.isfinite(out).all():
            invalid(field, "contains a non-finite or out-of-range number")
        return out
    if not isinstance(value, list):
        invalid(field, f"must be an array of shape {list(shape)}, got {kind_of(value)}")
    fast = _numbers_fast(value, shape)
    if fast is not None:
        return fast
    # Something is wrong: find what, to name it.
    try:
        arr = np.asarray(value)
    except ValueError:
        invalid(field, f"must be a rectangular array of shape {list(shape)}")
    if arr.size and arr.dtype.kind not in "iuf":
        invalid(field, "must contain only numbers")
    if arr.shape != shape:
        invalid(field, f"has shape {list(arr.shape)}, expected {list(shape)}")
    # numpy quietly turns true into 1.0 when numbers surround it; a boolean is no weight.
    flat = value if arr.ndim == 1 else itertools.chain.from_iterable(value)
    if arr.size and bool in set(map(type, flat)):
        invalid(field, "must contain only numbers")
    with np.errstate(over="ignore"):  # overflow to infinity is reported just below
        out = arr.astype(np.float32)
    if not np.isfinite(out).all():
        invalid(field, "contains a non-finite or out-of-range number")
    return out


def _numbers_fast(value: list[Any], shape: tuple[int, ...]) -> np.ndarray | None:
    """`value` as a float32 array if it is a valid one of `shape` (numbers only, finite in
    float32), else None. Checking the element types first lets numpy convert without
    guessing a type, which halves the cost of the usual, valid, case."""
    if len(shape) == 1:
        flat: Any = value
    elif len(shape) == 2 and all(type(row) is list for row in value):
        flat = itertools.chain.from_iterable(value)
    else:
        return None
    if not set(map(type, flat)) <= _NUMBER_TYPES:
        return None
    try:
        with np.errstate(over="ignore"):
            out = np.array(value, dtype=np.float64).astype(np.float32)
    except (ValueError, OverflowError):  # ragged, or an integer beyond any float
        return None
    if out.shape != shape or not np.isfinite(out).all():
        return None
    return out


# ---------------------------------------------------------------------------- config
# One parser per kind of setting; `parse_config` runs the schema's table through them.


def _parse_float(s: schema.Setting, value: Any, field: str, limits: Limits) -> float:
    assert s.lo is not None and s.hi is not None
    return check_float(value, field, float(s.lo), float(s.hi), open_lo=s.lo_open)


def _parse_int(s: schema.Setting, value: Any, field: str, limits: Limits) -> int:
    assert s.lo is not None and s.hi is not None
    return check_int(value, field, int(s.lo), int(s.hi))


def _parse_choice(s: schema.Setting, value: Any, field: str, limits: Limits) -> str:
    if not isinstance(value, str) or value not in s.choices:
        invalid(field, f"unknown {s.name} {shown(value)}; known: {', '.join(s.choices)}")
    return value


def _parse_features(s: schema.Setting, value: Any, field: str, limits: Limits) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        invalid(field, "must be a non-empty array of feature names")
    for f in value:
        if not isinstance(f, str) or f not in s.choices:
            invalid(field, f"unknown feature {shown(f)}; known: {', '.join(s.choices)}")
    if len(set(value)) != len(value):
        invalid(field, "lists a feature twice")
    return tuple(value)


def _parse_architecture(
    s: schema.Setting, value: Any, field: str, limits: Limits
) -> tuple[int, ...]:
    assert s.lo is not None and s.hi is not None
    if not isinstance(value, list):
        invalid(field, f"must be an array of layer sizes, got {kind_of(value)}")
    if len(value) < 2:
        invalid(field, "needs at least an input and an output size")
    hidden = len(value) - 2
    if hidden > limits.max_hidden_layers:
        limit_exceeded(
            field, f"{hidden} hidden layers; this server allows at most {limits.max_hidden_layers}"
        )
    sizes = []
    for i, n in enumerate(value):
        size = check_int(n, f"{field}[{i}]", int(s.lo), int(s.hi))
        if 0 < i < len(value) - 1 and size > limits.max_neurons:
            limit_exceeded(
                f"{field}[{i}]", f"{size} neurons; this server allows at most {limits.max_neurons}"
            )
        sizes.append(size)
    return tuple(sizes)


_PARSERS: dict[schema.Kind, Callable[[schema.Setting, Any, str, Limits], Any]] = {
    "architecture": _parse_architecture,
    "choice": _parse_choice,
    "features": _parse_features,
    "float": _parse_float,
    "int": _parse_int,
}


# Features and the problem first: the architecture's ends are checked against them.
_PARSE_ORDER = sorted(schema.SETTINGS, key=lambda s: s.wire not in ("features", "problem"))


def parse_config(value: Any, limits: Limits, path: str = "config") -> Config:
    """A Config from its wire form, setting by setting as `schema.SETTINGS` defines them.
    Keys the table does not list are ignored (UI settings)."""
    if not isinstance(value, dict):
        invalid(path, f"must be an object, got {kind_of(value)}")
    p = path + "."
    fields: dict[str, Any] = {}
    for s in _PARSE_ORDER:
        if s.wire in value:
            fields[s.field] = _PARSERS[s.kind](s, value[s.wire], p + s.wire, limits)
        elif s.required:
            invalid(p + s.wire, "is required")
        else:
            fields[s.field] = s.default
        if s.kind == "architecture":
            _check_ends(fields[s.field], fields["features"], fields["problem"], p + s.wire)
    return Config(**fields)


def _check_ends(
    sizes: tuple[int, ...], features: tuple[str, ...], problem: str, field: str
) -> None:
    """The input size is the feature count; the output size the class count, or 1 (the
    predicted value) in a regression."""
    if sizes[0] != len(features):
        invalid(
            f"{field}[0]",
            f"input size {sizes[0]} does not match the {len(features)} enabled features",
        )
    out = f"{field}[{len(sizes) - 1}]"
    if problem == "regression":
        if sizes[-1] != schema.REGRESSION_OUTPUTS:
            invalid(
                out,
                f"output size must be {schema.REGRESSION_OUTPUTS} for regression (the one "
                f"predicted value), got {sizes[-1]}",
            )
    elif not schema.MIN_CLASSES <= sizes[-1] <= schema.MAX_CLASSES:
        hint = "; for one real-valued output use problem regression" if sizes[-1] == 1 else ""
        invalid(
            out,
            f"output size is the number of classes and must be between {schema.MIN_CLASSES} "
            f"and {schema.MAX_CLASSES}, got {sizes[-1]}{hint}",
        )


# ---------------------------------------------------------------------------- state


def parse_weights(value: Any, config: Config, path: str = "weights") -> dict[str, np.ndarray]:
    if not isinstance(value, dict):
        invalid(path, f"must be an object of layer arrays, got {kind_of(value)}")
    shapes = trainer.param_shapes(config.architecture)
    extra = sorted(set(value) - set(shapes))
    if extra:
        invalid(
            f"{path}.{shown_key(extra[0])}",
            f"is not a parameter of architecture {list(config.architecture)}",
        )
    return {
        name: check_array(get_field(value, name, path + "."), f"{path}.{name}", shape)
        for name, shape in shapes.items()
    }


NON_NEGATIVE_BUFFERS = frozenset({"exp_avg_sq", "square_avg"})


def parse_optimizer(value: Any, config: Config, path: str = "optimizer") -> OptimizerState | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        invalid(path, f"must be an object or null, got {kind_of(value)}")
    p = path + "."
    kind = get_field(value, "type", p)
    if kind != config.optimizer:
        invalid(
            p + "type",
            f"state of optimizer {shown(kind)} does not match config.optimizer "
            f"{config.optimizer!r}; send optimizer: null to start its state fresh",
        )
    t = check_int(get_field(value, "t", p, 0), p + "t", 0, MAX_SAFE_INTEGER)
    buffers_in = get_field(value, "buffers", p)
    if not isinstance(buffers_in, dict):
        invalid(p + "buffers", f"must be an object, got {kind_of(buffers_in)}")
    shapes = trainer.param_shapes(config.architecture)
    extra = sorted(set(buffers_in) - set(shapes))
    if extra:
        invalid(f"{p}buffers.{shown_key(extra[0])}", "is not a parameter of this architecture")
    buffers: dict[str, dict[str, np.ndarray]] = {}
    for name, shape in shapes.items():
        bp = f"{p}buffers.{name}"
        entry = get_field(buffers_in, name, p + "buffers.")
        if not isinstance(entry, dict):
            invalid(bp, f"must be an object, got {kind_of(entry)}")
        wanted = optimizers.BY_NAME[kind].buffers
        unknown = sorted(set(entry) - set(wanted))
        if unknown:
            invalid(f"{bp}.{shown_key(unknown[0])}", f"is not a buffer of optimizer {kind!r}")
        buffers[name] = {
            b: check_array(get_field(entry, b, bp + "."), f"{bp}.{b}", shape) for b in wanted
        }
        for b in NON_NEGATIVE_BUFFERS.intersection(wanted):
            # A negative running square would make the update's square root NaN.
            if (buffers[name][b] < 0).any():
                invalid(f"{bp}.{b}", "must not be negative: it is a running average of squares")
    return OptimizerState(kind=kind, t=t, buffers=buffers)


def parse_data(value: Any, config: Config, limits: Limits, path: str = "data") -> Data:
    """Points as `[{x, y, label, test?}]` or as columns `{x: [], y: [], label: [], test?: []}`.
    `label` is the class, or in a regression the real-valued target."""
    regression = config.regression
    if isinstance(value, list):
        n = len(value)
        if n > limits.max_points:
            limit_exceeded(path, f"{n} points; this server allows at most {limits.max_points}")
        fast = _rows_fast(value, regression)
        if fast is not None:
            xy, label, test = fast
            return _check_labels(value, config, path, xy, label, test)
        # Something is wrong with a point: find the first bad field and name it.
        xs, ys, labels, tests = [], [], [], []
        for i, pt in enumerate(value):
            if not isinstance(pt, dict):
                invalid(f"{path}[{i}]", f"must be an object {{x, y, label}}, got {kind_of(pt)}")
            xs.append(check_float(get_field(pt, "x", f"{path}[{i}]."), f"{path}[{i}].x", -1e6, 1e6))
            ys.append(check_float(get_field(pt, "y", f"{path}[{i}]."), f"{path}[{i}].y", -1e6, 1e6))
            label_in = get_field(pt, "label", f"{path}[{i}].")
            labels.append(
                check_float(label_in, f"{path}[{i}].label", -schema.MAX_TARGET, schema.MAX_TARGET)
                if regression
                # Any integer passes here; the class range is checked below with a clearer message.
                else check_int(label_in, f"{path}[{i}].label", -(2**62), 2**62)
            )
            t = pt.get("test", False)
            if not isinstance(t, bool):
                invalid(f"{path}[{i}].test", f"must be true or false, got {kind_of(t)}")
            tests.append(t)
        xy = np.array([xs, ys], dtype=np.float32).T.reshape(n, 2)
        label = np.array(labels, dtype=np.float32 if regression else np.int64)
        test = np.array(tests, dtype=bool)
    elif isinstance(value, dict):
        p = path + "."
        cols = {k: get_field(value, k, p) for k in ("x", "y", "label")}
        for k, col in cols.items():
            if not isinstance(col, list | np.ndarray):
                invalid(p + k, f"must be an array of numbers, got {kind_of(col)}")
            if isinstance(col, np.ndarray) and col.ndim != 1:
                invalid(p + k, f"must be one-dimensional, got shape {list(col.shape)}")
        n = len(cols["x"])
        if n > limits.max_points:
            limit_exceeded(path, f"{n} points; this server allows at most {limits.max_points}")
        x = check_array(cols["x"], p + "x", (n,))
        y = check_array(cols["y"], p + "y", (n,))
        label_f = check_array(cols["label"], p + "label", (n,))
        for k, coord in (("x", x), ("y", y)):
            if np.abs(coord).max(initial=0) > 1e6:
                invalid(p + k, "coordinates must be within ±1e6")
        if not regression and not np.all(label_f == np.round(label_f)):
            invalid(p + "label", "must contain integers")
        # whole numbers (or a regression's targets), possibly beyond any integer type: checked below
        label = label_f
        xy = np.stack([x, y], axis=1)
        test_in = value.get("test")
        if test_in is None:
            test = np.zeros(n, dtype=bool)
        elif isinstance(test_in, np.ndarray):  # from a binary payload: 0 or 1 per point
            if test_in.ndim != 1:
                invalid(p + "test", f"must be one-dimensional, got shape {list(test_in.shape)}")
            if len(test_in) != n:
                invalid(p + "test", f"has {len(test_in)} entries, expected {n}")
            if not np.isin(test_in, (0.0, 1.0)).all():
                invalid(p + "test", "must hold 0 or 1 for every point")
            test = test_in == 1.0
        else:
            if not isinstance(test_in, list) or not all(isinstance(t, bool) for t in test_in):
                invalid(p + "test", "must be an array of true/false")
            if len(test_in) != n:
                invalid(p + "test", f"has {len(test_in)} entries, expected {n}")
            test = np.array(test_in, dtype=bool)
    else:
        invalid(path, f"must be an array of points or an object of columns, got {kind_of(value)}")
    return _check_labels(value, config, path, xy, label, test)


def _rows_fast(
    value: list[Any], regression: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Valid `[{x, y, label, test?}]` rows as arrays, vectorized; None if any row is off.

    Validating point by point costs milliseconds for a few thousand points, more than a
    training step; this path does the same checks on whole columns, and the slow path runs
    only to name the culprit when something fails.
    """
    try:
        xs = [p["x"] for p in value]
        ys = [p["y"] for p in value]
        labels = [p["label"] for p in value]
        tests = [p.get("test", False) for p in value]
    except (TypeError, KeyError, AttributeError):
        return None
    if not ({*map(type, xs), *map(type, ys), *map(type, labels)} <= _NUMBER_TYPES):
        return None  # bool, str, None, list... (bool is not a subclass check: type() is exact)
    if not set(map(type, tests)) <= {bool}:
        return None
    try:
        xy64 = np.array([xs, ys], dtype=np.float64).T.reshape(len(value), 2)
        label_f = np.array(labels, dtype=np.float64)
    except (OverflowError, ValueError):
        return None
    with np.errstate(invalid="ignore"):
        if not (np.abs(xy64) <= 1e6).all():
            return None
        if regression:
            if not (np.abs(label_f) <= schema.MAX_TARGET).all():
                return None
        elif not ((label_f == np.floor(label_f)) & (np.abs(label_f) <= 2**62)).all():
            return None
    return (
        xy64.astype(np.float32),
        label_f.astype(np.float32 if regression else np.int64),
        np.array(tests, dtype=bool).reshape(len(value)),
    )


def _check_labels(
    value: Any, config: Config, path: str, xy: np.ndarray, label: np.ndarray, test: np.ndarray
) -> Data:
    if config.regression:
        far = np.flatnonzero(np.abs(label) > schema.MAX_TARGET)
        if len(far):  # only columns get here: a row's target is checked as it is read
            invalid(f"{path}.label[{far[0]}]", f"target {float(label[far[0]])} is outside ±1e6")
        # A copy: a binary frame's column is a read-only view, which torch will not wrap.
        return Data(np.ascontiguousarray(xy), np.array(label, dtype=np.float32), test)
    bad = np.nonzero((label < 0) | (label >= config.num_classes))[0]
    if len(bad):
        i = int(bad[0])
        field = f"{path}[{i}].label" if isinstance(value, list) else f"{path}.label[{i}]"
        # A float label is shown as the number it is (3.4e+38), an integral one as an integer.
        shown_label = str(label[i]) if abs(label[i]) > MAX_SAFE_INTEGER else int(label[i])
        invalid(
            field,
            f"label {shown_label} is outside the {config.num_classes} classes "
            f"of the output layer (0 to {config.num_classes - 1})",
        )
    return Data(xy=np.ascontiguousarray(xy), label=label.astype(np.int64, copy=False), test=test)


def parse_weights_for_resize(value: Any, config: Config) -> dict[str, np.ndarray]:
    """Weights of `config`'s architecture, except a classifier's output layer may have any class
    count (a regression's is its one output)."""
    if config.regression:
        return parse_weights(value, config)
    last = config.num_layers - 1
    bias = value.get(f"layer_{last}_bias") if isinstance(value, dict) else None
    classes = len(bias) if isinstance(bias, list | np.ndarray) else config.num_classes
    if not schema.MIN_CLASSES <= classes <= schema.MAX_CLASSES:
        invalid(
            f"weights.layer_{last}_bias",
            f"has {classes} classes; expected {schema.MIN_CLASSES} to {schema.MAX_CLASSES}",
        )
    prev = Config(architecture=(*config.architecture[:-1], classes))
    return parse_weights(value, prev)
