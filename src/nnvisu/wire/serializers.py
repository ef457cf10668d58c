"""How the widget's array-valued traits travel between kernel and browser.

In Python the weights are `{name: float32 array}` and the optimizer state is `{type, t,
buffers: {name: {buffer name: float32 array}}}`. On the comm every array is `{shape, dtype:
"float32", buffer}`, the buffer going as a binary message part: as JSON text the arrays cost
more than the training. The browser may also send an array as nested lists (after editing a
weight); both forms become arrays here. Anything else is kept as sent, for the protocol to
name the problem when the state is used.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import validation
from .errors import ProtocolError

Arrays = dict[str, np.ndarray]


def array_to_json(a: np.ndarray) -> dict[str, Any]:
    a = np.ascontiguousarray(a, dtype="<f4")
    # A flat byte view, not a copy: the comm sends it before anyone can change `a`.
    return {"shape": list(a.shape), "dtype": "float32", "buffer": a.data.cast("B")}


def array_from_json(value: Any, field: str) -> Any:
    if isinstance(value, dict) and isinstance(value.get("buffer"), bytes | bytearray | memoryview):
        if value.get("dtype") != "float32":
            return value
        try:
            return np.frombuffer(value["buffer"], dtype="<f4").reshape(value["shape"])
        except (TypeError, ValueError):
            return value
    if isinstance(value, list):
        try:
            return validation.check_array(value, field, np.shape(value))
        except (ProtocolError, ValueError):
            return value
    return value


def weights_to_json(weights: Arrays | None, _widget: Any = None) -> Any:
    if weights is None:
        return None
    return {name: array_to_json(a) for name, a in weights.items()}


def weights_from_json(value: Any, _widget: Any = None) -> Any:
    if not isinstance(value, dict):
        return value
    return {name: array_from_json(v, f"weights.{name}") for name, v in value.items()}


def optimizer_to_json(state: dict[str, Any] | None, _widget: Any = None) -> Any:
    if state is None:
        return None
    buffers = {
        name: {b: array_to_json(a) for b, a in bufs.items()}
        for name, bufs in state["buffers"].items()
    }
    return {**state, "buffers": buffers}


def optimizer_from_json(value: Any, _widget: Any = None) -> Any:
    if not isinstance(value, dict) or not isinstance(value.get("buffers"), dict):
        return value
    buffers = {
        name: {b: array_from_json(v, f"optimizer.buffers.{name}.{b}") for b, v in bufs.items()}
        if isinstance(bufs, dict)
        else bufs
        for name, bufs in value["buffers"].items()
    }
    return {**value, "buffers": buffers}
