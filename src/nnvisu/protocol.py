"""The nnvisu protocol: decoding, validation, limits, dispatch and encoding.

Every message the server (over `/ws`) or the widget (over the Jupyter comm) receives goes
through `handle`, which never raises: a bad request becomes an `error` reply whose `field`
and `message` name the problem. Messages come as JSON or in the binary encoding (a JSON header
whose float arrays live in a float32 payload); both decode to the same message and go through
the same validation. docs/protocol.md describes the messages and the encodings.
"""

from __future__ import annotations

import itertools
import logging
import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np
import orjson

from . import schema, trainer
from .limits import Limits
from .trainer import (
    MAX_CLASSES,
    MIN_CLASSES,
    OPTIMIZER_BUFFERS,
    Config,
    Data,
    OptimizerState,
    StepRequest,
    StepResult,
)

PROTOCOL_VERSION = 1
# A binary frame starts with these bytes; any other frame is JSON. Nothing JSON starts with "N".
BINARY_MAGIC = b"NNVB"
ENCODINGS = ("json", "binary")
log = logging.getLogger(__name__)

JSON = dict[str, Any]


class ProtocolError(ValueError):
    """A request the server will not run; `field` is a dotted path into the request."""

    def __init__(self, code: str, field: str | None, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message


def _invalid(field: str, message: str) -> NoReturn:
    raise ProtocolError("invalid_request", field, f"{field}: {message}")


def _limit(field: str, message: str) -> NoReturn:
    raise ProtocolError("limit_exceeded", field, f"{field}: {message}")


# ---------------------------------------------------------------------------- decoding


def is_binary(message: str | bytes) -> bool:
    """Whether `message` uses the binary encoding (and so gets its replies in it)."""
    return isinstance(message, bytes) and message[:4] == BINARY_MAGIC


def decode(message: str | bytes, limits: Limits) -> JSON:
    size = len(message.encode() if isinstance(message, str) else message)
    if size > limits.max_message_bytes:
        raise ProtocolError(
            "message_too_large",
            None,
            f"message is {size} bytes; the limit is {limits.max_message_bytes} bytes",
        )
    if is_binary(message):
        assert isinstance(message, bytes)
        return _decode_binary(message)
    return _decode_json(message)


def _decode_json(message: str | bytes | memoryview) -> JSON:
    try:
        obj = orjson.loads(message)
    except orjson.JSONDecodeError as e:
        raise ProtocolError("invalid_json", None, f"message is not valid JSON: {e}") from None
    if not isinstance(obj, dict):
        raise ProtocolError("invalid_request", None, "message must be a JSON object")
    return obj


# Binary frame: magic, uint32 LE header length, the JSON header, zero padding to a multiple of
# 4 bytes, then little-endian float32 values. In the header, {"$f32": offset, "shape": [...]}
# stands for the array of prod(shape) floats starting at float `offset` of the payload.
_HEADER = struct.Struct("<4sI")
_REF_KEY = "$f32"


def _decode_binary(frame: bytes) -> JSON:
    if len(frame) < _HEADER.size:
        raise ProtocolError("invalid_frame", None, "binary frame is shorter than its 8-byte prefix")
    _, header_len = _HEADER.unpack_from(frame)
    start = _HEADER.size + header_len
    if start > len(frame):
        raise ProtocolError(
            "invalid_frame",
            None,
            f"binary frame announces a {header_len}-byte header but has "
            f"{len(frame) - _HEADER.size} bytes after its prefix",
        )
    msg = _decode_json(memoryview(frame)[_HEADER.size : start])
    payload_at = -(-start // 4) * 4
    if payload_at >= len(frame):
        payload = np.zeros(0, dtype="<f4")
    elif (len(frame) - payload_at) % 4:
        raise ProtocolError(
            "invalid_frame", None, "binary payload is not a whole number of float32 values"
        )
    else:
        payload = np.frombuffer(frame, dtype="<f4", offset=payload_at)
    try:
        resolved = _resolve_refs(msg, payload, "")
    except RecursionError:
        raise ProtocolError("invalid_request", None, "header is nested too deeply") from None
    assert isinstance(resolved, dict)
    return resolved


def _resolve_refs(value: Any, payload: np.ndarray, path: str) -> Any:
    """`value` with every payload reference replaced by its float32 array."""
    if isinstance(value, dict):
        if _REF_KEY in value:
            return _ref_array(value, payload, path or "message")
        prefix = f"{path}." if path else ""
        return {k: _resolve_refs(v, payload, prefix + k) for k, v in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict | list):
        return [_resolve_refs(v, payload, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def _ref_array(ref: dict[str, Any], payload: np.ndarray, field: str) -> np.ndarray:
    if len(ref) != 2 or "shape" not in ref:
        _invalid(field, 'a payload reference has exactly the keys "$f32" and "shape"')
    offset, shape = ref[_REF_KEY], ref["shape"]
    if type(offset) is not int or offset < 0:
        _invalid(f"{field}.$f32", f"must be a float offset (an integer >= 0), got {offset!r}")
    if not isinstance(shape, list) or len(shape) > 8:
        _invalid(f"{field}.shape", "must be an array of at most 8 sizes")
    for i, d in enumerate(shape):
        if type(d) is not int or d < 0:
            _invalid(f"{field}.shape[{i}]", f"must be a size (an integer >= 0), got {d!r}")
    count = math.prod(shape)
    if offset + count > len(payload):
        _invalid(
            field,
            f"refers to floats {offset} to {offset + count} but the payload has {len(payload)}",
        )
    return payload[offset : offset + count].reshape(shape)


def _get(obj: Mapping[str, Any], key: str, path: str, default: Any = ...) -> Any:
    if key in obj:
        return obj[key]
    if default is ...:
        _invalid(f"{path}{key}", "is required")
    return default


def _int(value: Any, field: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _invalid(field, f"must be an integer, got {_describe(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            _invalid(field, f"must be an integer, got {value}")
        value = int(value)
    if not lo <= value <= hi:
        _invalid(field, f"must be between {lo} and {hi}, got {value}")
    return int(value)


def _float(value: Any, field: str, lo: float, hi: float, *, open_lo: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _invalid(field, f"must be a number, got {_describe(value)}")
    number = float(value)
    if not math.isfinite(number):
        _invalid(field, "must be a finite number")
    if number < lo or number > hi or (open_lo and number == lo):
        bracket = "(" if open_lo else "["
        _invalid(field, f"must be in {bracket}{lo}, {hi}], got {number}")
    return number


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, np.ndarray):
        return "an array from the binary payload"
    return "a number"


def _array(value: Any, field: str, shape: tuple[int, ...]) -> np.ndarray:
    """A float32 array of exactly `shape` from nested JSON lists of finite numbers (or from a
    binary frame's payload)."""
    if isinstance(value, np.ndarray):
        if value.shape != shape:
            _invalid(field, f"has shape {list(value.shape)}, expected {list(shape)}")
        # A read-only view into the frame: the trainer copies what it trains, so no copy here.
        out = value if value.dtype == np.float32 else value.astype(np.float32)
        if not np.isfinite(out).all():
            _invalid(field, "contains a non-finite or out-of-range number")
        return out
    if not isinstance(value, list):
        _invalid(field, f"must be an array of shape {list(shape)}, got {_describe(value)}")
    try:
        arr = np.asarray(value)
    except ValueError:
        _invalid(field, f"must be a rectangular array of shape {list(shape)}")
    if arr.size and arr.dtype.kind not in "iuf":
        _invalid(field, "must contain only numbers")
    if arr.shape != shape:
        _invalid(field, f"has shape {list(arr.shape)}, expected {list(shape)}")
    # numpy quietly turns true into 1.0 when numbers surround it; a boolean is no weight.
    flat = value if arr.ndim == 1 else itertools.chain.from_iterable(value)
    if arr.size and bool in set(map(type, flat)):
        _invalid(field, "must contain only numbers")
    with np.errstate(over="ignore"):  # overflow to infinity is reported just below
        out = arr.astype(np.float32)
    if not np.isfinite(out).all():
        _invalid(field, "contains a non-finite or out-of-range number")
    return out


# ---------------------------------------------------------------------------- config

CONFIG_KEYS = {
    "architecture": "architecture",
    "activation": "activation",
    "optimizer": "optimizer",
    "learningRate": "learning_rate",
    "momentum": "momentum",
    "l1": "l1",
    "l2": "l2",
    "batchSize": "batch_size",
    "dropout": "dropout",
    "features": "features",
    "seed": "seed",
}


def parse_config(value: Any, limits: Limits, path: str = "config") -> Config:
    """A Config from its JSON form. Keys not listed in CONFIG_KEYS are ignored (UI settings)."""
    if not isinstance(value, dict):
        _invalid(path, f"must be an object, got {_describe(value)}")
    p = path + "."
    defaults = Config(architecture=(2, 2))

    features = _get(value, "features", p, list(defaults.features))
    if not isinstance(features, list) or not features:
        _invalid(p + "features", "must be a non-empty array of feature names")
    for f in features:
        if not isinstance(f, str) or f not in trainer.FEATURES:
            _invalid(p + "features", f"unknown feature {f!r}; known: {', '.join(trainer.FEATURES)}")
    if len(set(features)) != len(features):
        _invalid(p + "features", "lists a feature twice")

    arch = _get(value, "architecture", p)
    if not isinstance(arch, list):
        _invalid(p + "architecture", f"must be an array of layer sizes, got {_describe(arch)}")
    if len(arch) < 2:
        _invalid(p + "architecture", "needs at least an input and an output size")
    if len(arch) - 2 > limits.max_hidden_layers:
        _limit(
            p + "architecture",
            f"{len(arch) - 2} hidden layers; this server allows at most {limits.max_hidden_layers}",
        )
    sizes = []
    for i, n in enumerate(arch):
        field = f"{p}architecture[{i}]"
        size = _int(n, field, 1, 1 << 30)
        if 0 < i < len(arch) - 1 and size > limits.max_neurons:
            _limit(field, f"{size} neurons; this server allows at most {limits.max_neurons}")
        sizes.append(size)
    if sizes[0] != len(features):
        _invalid(
            p + "architecture[0]",
            f"input size {sizes[0]} does not match the {len(features)} enabled features",
        )
    if not MIN_CLASSES <= sizes[-1] <= MAX_CLASSES:
        _invalid(
            f"{p}architecture[{len(sizes) - 1}]",
            f"output size is the number of classes and must be between {MIN_CLASSES} and "
            f"{MAX_CLASSES}, got {sizes[-1]}",
        )

    activation = _get(value, "activation", p, defaults.activation)
    if not isinstance(activation, str) or activation not in trainer.ACTIVATIONS:
        _invalid(
            p + "activation",
            f"unknown activation {activation!r}; known: {', '.join(trainer.ACTIVATIONS)}",
        )
    optimizer = _get(value, "optimizer", p, defaults.optimizer)
    if not isinstance(optimizer, str) or optimizer not in OPTIMIZER_BUFFERS:
        _invalid(
            p + "optimizer",
            f"unknown optimizer {optimizer!r}; known: {', '.join(OPTIMIZER_BUFFERS)}",
        )
    return Config(
        architecture=tuple(sizes),
        activation=activation,
        optimizer=optimizer,
        learning_rate=_float(
            _get(value, "learningRate", p, defaults.learning_rate),
            p + "learningRate",
            0.0,
            1e6,
            open_lo=True,
        ),
        momentum=_float(_get(value, "momentum", p, defaults.momentum), p + "momentum", 0.0, 0.999),
        l1=_float(_get(value, "l1", p, 0.0), p + "l1", 0.0, 100.0),
        l2=_float(_get(value, "l2", p, 0.0), p + "l2", 0.0, 100.0),
        batch_size=_int(_get(value, "batchSize", p, 0), p + "batchSize", 0, 1 << 30),
        dropout=_float(_get(value, "dropout", p, 0.0), p + "dropout", 0.0, 0.95),
        features=tuple(features),
        seed=_int(_get(value, "seed", p, 0), p + "seed", 0, 2**31 - 1),
    )


def config_to_json(config: Config) -> JSON:
    out: JSON = {}
    for wire, attr in CONFIG_KEYS.items():
        v = getattr(config, attr)
        out[wire] = list(v) if isinstance(v, tuple) else v
    return out


# ---------------------------------------------------------------------------- state


def parse_weights(value: Any, config: Config, path: str = "weights") -> dict[str, np.ndarray]:
    if not isinstance(value, dict):
        _invalid(path, f"must be an object of layer arrays, got {_describe(value)}")
    shapes = trainer.param_shapes(config.architecture)
    extra = sorted(set(value) - set(shapes))
    if extra:
        _invalid(
            f"{path}.{extra[0]}",
            f"is not a parameter of architecture {list(config.architecture)}",
        )
    return {
        name: _array(_get(value, name, path + "."), f"{path}.{name}", shape)
        for name, shape in shapes.items()
    }


NON_NEGATIVE_BUFFERS = frozenset({"exp_avg_sq", "square_avg"})


def parse_optimizer(value: Any, config: Config, path: str = "optimizer") -> OptimizerState | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        _invalid(path, f"must be an object or null, got {_describe(value)}")
    p = path + "."
    kind = _get(value, "type", p)
    if kind != config.optimizer:
        _invalid(
            p + "type",
            f"state of optimizer {kind!r} does not match config.optimizer "
            f"{config.optimizer!r}; send optimizer: null to start its state fresh",
        )
    t = _int(_get(value, "t", p, 0), p + "t", 0, 1 << 53)
    buffers_in = _get(value, "buffers", p)
    if not isinstance(buffers_in, dict):
        _invalid(p + "buffers", f"must be an object, got {_describe(buffers_in)}")
    shapes = trainer.param_shapes(config.architecture)
    extra = sorted(set(buffers_in) - set(shapes))
    if extra:
        _invalid(f"{p}buffers.{extra[0]}", "is not a parameter of this architecture")
    buffers: dict[str, dict[str, np.ndarray]] = {}
    for name, shape in shapes.items():
        bp = f"{p}buffers.{name}"
        entry = _get(buffers_in, name, p + "buffers.")
        if not isinstance(entry, dict):
            _invalid(bp, f"must be an object, got {_describe(entry)}")
        wanted = OPTIMIZER_BUFFERS[kind]
        unknown = sorted(set(entry) - set(wanted))
        if unknown:
            _invalid(f"{bp}.{unknown[0]}", f"is not a buffer of optimizer {kind!r}")
        buffers[name] = {b: _array(_get(entry, b, bp + "."), f"{bp}.{b}", shape) for b in wanted}
        for b in NON_NEGATIVE_BUFFERS.intersection(wanted):
            # A negative running square would make the update's square root NaN.
            if (buffers[name][b] < 0).any():
                _invalid(f"{bp}.{b}", "must not be negative: it is a running average of squares")
    return OptimizerState(kind=kind, t=t, buffers=buffers)


def parse_data(value: Any, config: Config, limits: Limits, path: str = "data") -> Data:
    """Points as `[{x, y, label, test?}]` or as columns `{x: [], y: [], label: [], test?: []}`."""
    if isinstance(value, list):
        n = len(value)
        if n > limits.max_points:
            _limit(path, f"{n} points; this server allows at most {limits.max_points}")
        fast = _rows_fast(value)
        if fast is not None:
            xy, label, test = fast
            return _check_labels(value, config, path, xy, label, test)
        # Something is wrong with a point: find the first bad field and name it.
        xs, ys, labels, tests = [], [], [], []
        for i, pt in enumerate(value):
            if not isinstance(pt, dict):
                _invalid(f"{path}[{i}]", f"must be an object {{x, y, label}}, got {_describe(pt)}")
            xs.append(_float(_get(pt, "x", f"{path}[{i}]."), f"{path}[{i}].x", -1e6, 1e6))
            ys.append(_float(_get(pt, "y", f"{path}[{i}]."), f"{path}[{i}].y", -1e6, 1e6))
            labels.append(
                # Any integer passes here; the class range is checked below with a clearer message.
                _int(_get(pt, "label", f"{path}[{i}]."), f"{path}[{i}].label", -(2**62), 2**62)
            )
            t = pt.get("test", False)
            if not isinstance(t, bool):
                _invalid(f"{path}[{i}].test", f"must be true or false, got {_describe(t)}")
            tests.append(t)
        xy = np.array([xs, ys], dtype=np.float32).T.reshape(n, 2)
        label = np.array(labels, dtype=np.int64)
        test = np.array(tests, dtype=bool)
    elif isinstance(value, dict):
        p = path + "."
        cols = {k: _get(value, k, p) for k in ("x", "y", "label")}
        for k, col in cols.items():
            if not isinstance(col, list | np.ndarray):
                _invalid(p + k, f"must be an array of numbers, got {_describe(col)}")
            if isinstance(col, np.ndarray) and col.ndim != 1:
                _invalid(p + k, f"must be one-dimensional, got shape {list(col.shape)}")
        n = len(cols["x"])
        if n > limits.max_points:
            _limit(path, f"{n} points; this server allows at most {limits.max_points}")
        x = _array(cols["x"], p + "x", (n,))
        y = _array(cols["y"], p + "y", (n,))
        label_f = _array(cols["label"], p + "label", (n,))
        for k, coord in (("x", x), ("y", y)):
            if np.abs(coord).max(initial=0) > 1e6:
                _invalid(p + k, "coordinates must be within ±1e6")
        if not np.all(label_f == np.round(label_f)):
            _invalid(p + "label", "must contain integers")
        label = label_f.astype(np.int64)
        xy = np.stack([x, y], axis=1)
        test_in = value.get("test")
        if test_in is None:
            test = np.zeros(n, dtype=bool)
        elif isinstance(test_in, np.ndarray):  # from a binary payload: 0 or 1 per point
            if test_in.ndim != 1:
                _invalid(p + "test", f"must be one-dimensional, got shape {list(test_in.shape)}")
            if len(test_in) != n:
                _invalid(p + "test", f"has {len(test_in)} entries, expected {n}")
            if not np.isin(test_in, (0.0, 1.0)).all():
                _invalid(p + "test", "must hold 0 or 1 for every point")
            test = test_in == 1.0
        else:
            if not isinstance(test_in, list) or not all(isinstance(t, bool) for t in test_in):
                _invalid(p + "test", "must be an array of true/false")
            if len(test_in) != n:
                _invalid(p + "test", f"has {len(test_in)} entries, expected {n}")
            test = np.array(test_in, dtype=bool)
    else:
        _invalid(
            path, f"must be an array of points or an object of columns, got {_describe(value)}"
        )
    return _check_labels(value, config, path, xy, label, test)


_NUMBER_TYPES = {int, float}


def _rows_fast(value: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
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
        if not ((label_f == np.floor(label_f)) & (np.abs(label_f) <= 2**62)).all():
            return None
    return (
        xy64.astype(np.float32),
        label_f.astype(np.int64),
        np.array(tests, dtype=bool).reshape(len(value)),
    )


def _check_labels(
    value: Any, config: Config, path: str, xy: np.ndarray, label: np.ndarray, test: np.ndarray
) -> Data:
    bad = np.nonzero((label < 0) | (label >= config.num_classes))[0]
    if len(bad):
        i = int(bad[0])
        field = f"{path}[{i}].label" if isinstance(value, list) else f"{path}.label[{i}]"
        _invalid(
            field,
            f"label {int(label[i])} is outside the {config.num_classes} classes "
            f"of the output layer (0 to {config.num_classes - 1})",
        )
    return Data(xy=np.ascontiguousarray(xy), label=label, test=test)


def num_params(config: Config) -> int:
    return sum(math.prod(shape) for shape in trainer.param_shapes(config.architecture).values())


def step_work(request: StepRequest) -> int:
    """Multiply-adds a request costs, roughly: steps x batch points x parameters."""
    n_train = int((~request.data.test).sum())
    batch = n_train if request.config.batch_size <= 0 else min(request.config.batch_size, n_train)
    return request.steps * batch * num_params(request.config)


def parse_step(msg: JSON, limits: Limits) -> StepRequest:
    config = parse_config(_get(msg, "config", ""), limits)
    weights = parse_weights(_get(msg, "weights", ""), config)
    optimizer = parse_optimizer(msg.get("optimizer"), config)
    data = parse_data(_get(msg, "data", ""), config, limits)
    steps = msg.get("steps", 1)
    if isinstance(steps, int | float) and not isinstance(steps, bool) and steps > limits.max_steps:
        _limit("steps", f"{steps} steps; this server allows at most {limits.max_steps} per request")
    steps = _int(steps, "steps", 1, limits.max_steps)
    step = _int(msg.get("step", 0), "step", 0, 1 << 53)
    if data.test.all():
        _invalid("data", "has no training points (every point is a test point or there are none)")
    request = StepRequest(
        config=config, weights=weights, optimizer=optimizer, data=data, steps=steps, step=step
    )
    work = step_work(request)
    if work > limits.max_work:
        _limit(
            "steps",
            f"this request needs about {work:.2g} multiply-adds (steps x batch x parameters); "
            f"the limit is {limits.max_work:.2g}: send fewer steps per request",
        )
    return request


# ---------------------------------------------------------------------------- encoding


def encode_optimizer(state: OptimizerState) -> JSON:
    return {"type": state.kind, "t": state.t, "buffers": state.buffers}


def encode_step_result(request_id: Any, result: StepResult) -> JSON:
    m = result.metrics
    return {
        "type": "step_result",
        "id": request_id,
        "step": result.step,
        "weights": result.weights,
        "optimizer": encode_optimizer(result.optimizer),
        "loss": m.train_loss,
        "accuracy": m.train_accuracy,
        "testLoss": m.test_loss,
        "testAccuracy": m.test_accuracy,
        "trainCount": m.train_count,
        "testCount": m.test_count,
    }


def dumps(obj: JSON) -> bytes:
    """JSON bytes; numpy float32 arrays are written with float32's shortest exact repr."""
    return orjson.dumps(obj, option=orjson.OPT_SERIALIZE_NUMPY)


def dumps_binary(obj: JSON) -> bytes:
    """A binary frame of `obj`: every numpy array goes to the float32 payload."""
    arrays: list[np.ndarray] = []
    offset = 0

    def lift(value: Any) -> Any:
        nonlocal offset
        if isinstance(value, np.ndarray):
            arrays.append(value)
            ref = {_REF_KEY: offset, "shape": list(value.shape)}
            offset += value.size
            return ref
        if isinstance(value, dict):
            return {k: lift(v) for k, v in value.items()}
        return value

    header = orjson.dumps(lift(obj))
    padding = b"\0" * (-(_HEADER.size + len(header)) % 4)
    payload = [np.ascontiguousarray(a, dtype="<f4").tobytes() for a in arrays]
    return b"".join([_HEADER.pack(BINARY_MAGIC, len(header)), header, padding, *payload])


def encode(obj: JSON, binary: bool) -> bytes:
    return dumps_binary(obj) if binary else dumps(obj)


def error_reply(request_id: Any, code: str, message: str, field: str | None = None) -> JSON:
    return {"type": "error", "id": request_id, "code": code, "field": field, "message": message}


def hello(limits: Limits, **extra: Any) -> JSON:
    """The first message on a connection: what this server speaks and allows."""
    return {
        "type": "hello",
        "protocol": PROTOCOL_VERSION,
        "encodings": list(ENCODINGS),
        "limits": limits.to_json(),
        "schema": schema.describe(limits),
        **extra,
    }


# ---------------------------------------------------------------------------- dispatch


def _handle_init(msg: JSON, limits: Limits) -> JSON:
    config = parse_config(_get(msg, "config", ""), limits)
    if msg.get("weights") is None:
        return {
            "type": "init_result",
            "id": msg.get("id"),
            "weights": trainer.init_weights(config),
            "optimizer": None,
        }
    # Resizing: everything but the number of classes must match the sent weights.
    prev = parse_weights_for_resize(msg["weights"], config)
    optimizer_json = msg.get("optimizer")
    prev_config = Config(
        architecture=(*config.architecture[:-1], prev[f"layer_{config.num_layers - 1}_bias"].size),
        optimizer=config.optimizer,
    )
    opt = parse_optimizer(optimizer_json, prev_config)
    weights, opt = trainer.resize_classes(config, prev, opt)
    return {
        "type": "init_result",
        "id": msg.get("id"),
        "weights": weights,
        "optimizer": None if opt is None else encode_optimizer(opt),
    }


def parse_weights_for_resize(value: Any, config: Config) -> dict[str, np.ndarray]:
    """Weights of `config`'s architecture, except the output layer may have any class count."""
    last = config.num_layers - 1
    bias = value.get(f"layer_{last}_bias") if isinstance(value, dict) else None
    classes = len(bias) if isinstance(bias, list | np.ndarray) else config.num_classes
    if not MIN_CLASSES <= classes <= MAX_CLASSES:
        _invalid(f"weights.layer_{last}_bias", f"has {classes} classes; expected 2 to 8")
    prev = Config(architecture=(*config.architecture[:-1], classes))
    return parse_weights(value, prev)


@dataclass(frozen=True)
class PendingStep:
    """A validated `step` request, to be trained by `finish` (here or on a worker thread)."""

    request_id: Any
    request: StepRequest
    binary: bool = False  # reply in the binary encoding


def _begin(msg: JSON, limits: Limits) -> JSON | PendingStep:
    """Validate one decoded request; answer it unless it is a step to train."""
    request_id = msg.get("id")
    if isinstance(request_id, str) and len(request_id) > 200:
        return error_reply(None, "invalid_request", "id: must be at most 200 characters", "id")
    if request_id is not None and (
        isinstance(request_id, bool) or not isinstance(request_id, str | int | float)
    ):
        return error_reply(None, "invalid_request", "id: must be a string or a number", "id")
    kind = msg.get("type")
    if isinstance(kind, np.ndarray):  # an array does not compare to a name as one value
        kind = _describe(kind)
    try:
        if kind == "step":
            return PendingStep(request_id, parse_step(msg, limits))
        if kind == "init":
            return _handle_init(msg, limits)
        if kind == "ping":
            return {"type": "pong", "id": request_id}
        raise ProtocolError(
            "unknown_type",
            "type",
            f"type: unknown message type {kind!r}; expected 'step', 'init' or 'ping'",
        )
    except ProtocolError as e:
        return error_reply(request_id, e.code, e.message, e.field)
    except Exception:  # a bug must cost one reply, never the connection
        log.exception("internal error handling %s request", kind)
        return error_reply(request_id, "internal_error", "internal error; see the server log")


def _finish(pending: PendingStep) -> JSON:
    try:
        return encode_step_result(pending.request_id, trainer.train_step(pending.request))
    except trainer.TrainingDiverged as e:
        return error_reply(pending.request_id, "diverged", str(e), "config.learningRate")
    except Exception:  # a bug must cost one reply, never the connection
        log.exception("internal error training a step")
        return error_reply(
            pending.request_id, "internal_error", "internal error; see the server log"
        )


def handle_message(msg: JSON, limits: Limits) -> JSON:
    """Answer one decoded request. Never raises: failures become `error` replies."""
    started = _begin(msg, limits)
    return started if isinstance(started, dict) else _finish(started)


def begin(message: str | bytes, limits: Limits) -> bytes | PendingStep:
    """Decode and validate one raw message: the encoded reply, or a step still to train.

    The split lets a server train cheap steps at once and hand costly ones to a thread.
    """
    binary = is_binary(message)
    try:
        msg = decode(message, limits)
    except ProtocolError as e:
        return encode(error_reply(None, e.code, e.message, e.field), binary)
    started = _begin(msg, limits)
    if isinstance(started, dict):
        return encode(started, binary)
    return PendingStep(started.request_id, started.request, binary)


def finish(pending: PendingStep) -> bytes:
    """Train a validated step and encode the reply (in the request's encoding). Never raises."""
    return encode(_finish(pending), pending.binary)


def handle(message: str | bytes, limits: Limits) -> bytes:
    """Decode, answer and encode one raw message."""
    started = begin(message, limits)
    return started if isinstance(started, bytes) else finish(started)
