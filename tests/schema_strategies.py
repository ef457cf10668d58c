"""Hypothesis strategies drawn from the settings table (`nnvisu.core.schema.SETTINGS`).

`wire_configs()` draws random configs a host accepts: every setting of the table, each within
its bounds and choices, and an architecture within the host's limits. `widget_arguments()` turns
one into the keyword arguments of `nnvisu.Widget`. A setting added to the table is drawn here
without a change, as long as its kind is one of the kinds below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from nnvisu.core import schema
from nnvisu.core.limits import Limits

JSON = dict[str, Any]


def _number(s: schema.Setting) -> st.SearchStrategy[Any]:
    assert s.lo is not None and s.hi is not None
    floats = st.floats(
        min_value=s.lo, max_value=s.hi, exclude_min=s.lo_open, allow_nan=False, allow_infinity=False
    )
    # Whole numbers too: `learning_rate=20` is how people write it.
    lo = int(s.lo) + 1 if s.lo_open else int(s.lo)
    return st.one_of(floats, st.integers(min_value=lo, max_value=int(s.hi)))


def _integer(s: schema.Setting) -> st.SearchStrategy[Any]:
    assert s.lo is not None and s.hi is not None
    return st.integers(min_value=int(s.lo), max_value=int(s.hi))


def _choice(s: schema.Setting) -> st.SearchStrategy[Any]:
    return st.sampled_from(s.choices)


def _features(s: schema.Setting) -> st.SearchStrategy[Any]:
    return st.lists(st.sampled_from(s.choices), min_size=1, max_size=len(s.choices), unique=True)


_SIMPLE: dict[schema.Kind, Callable[[schema.Setting], st.SearchStrategy[Any]]] = {
    "float": _number,
    "int": _integer,
    "choice": _choice,
    "features": _features,
}


@st.composite
def wire_configs(
    draw: st.DrawFn,
    limits: Limits | None = None,
    max_hidden_layers: int | None = None,
    max_neurons: int | None = None,
) -> JSON:
    """A config as the wire writes it, valid for a host with `limits`; `max_hidden_layers` and
    `max_neurons` may draw smaller networks than the limits allow (for speed)."""
    limits = limits or Limits()
    layers = min(limits.max_hidden_layers, max_hidden_layers or limits.max_hidden_layers)
    neurons = min(limits.max_neurons, max_neurons or limits.max_neurons)
    config: JSON = {}
    for s in schema.SETTINGS:
        if s.kind != "architecture":
            config[s.wire] = draw(_SIMPLE[s.kind](s))
    for s in schema.SETTINGS:
        if s.kind == "architecture":
            hidden = draw(st.lists(st.integers(1, neurons), max_size=layers))
            if config["problem"] == "regression":
                outputs = schema.REGRESSION_OUTPUTS
            else:
                outputs = draw(st.integers(schema.MIN_CLASSES, schema.MAX_CLASSES))
            config[s.wire] = [len(config["features"]), *hidden, outputs]
    return config


def widget_arguments(config: JSON) -> JSON:
    """`nnvisu.Widget` keyword arguments for a wire config (by the table's Python names); a
    regression's single output follows from its problem, so it gets no `classes`."""
    args: JSON = {}
    for s in schema.SETTINGS:
        value = config[s.wire]
        if s.kind == "architecture":
            args[s.name] = tuple(value[1:-1])
            if config["problem"] != "regression":
                args["classes"] = value[-1]
        elif s.kind == "features":
            args[s.name] = tuple(value)
        else:
            args[s.name] = value
    return args
