"""The training settings by their Python names, from `schema.SETTINGS`.

The widget's and the estimators' keyword arguments, the widget's setting traits, the wire
config they make and the errors that name a bad one all come from here. Checking a value is
two steps: its Python type here (a TypeError naming the argument), then `validation.
parse_config` on the wire config it makes, whose message is reworded to name the argument, so
every face refuses the same values with the same bounds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import traitlets

from ..core import schema
from ..core.limits import Limits
from ..core.trainer import Config
from ..wire import validation
from ..wire.errors import ProtocolError

JSON = dict[str, Any]

# The architecture is two settings in Python: the hidden layers, and the class count.
CLASSES = "classes"
PROBLEM = "problem"
# Every setting's Python name, in the table's order, then the class count.
NAMES: tuple[str, ...] = (*(s.name for s in schema.SETTINGS), CLASSES)
# The constructor's default of each setting, by its Python name (the class count: from y).
DEFAULTS = schema.python_defaults()
# Python argument names of the wire config keys, so errors name what the caller typed.
_ARGUMENT = {s.wire: s.name for s in schema.SETTINGS}
_ARCHITECTURE = next(s for s in schema.SETTINGS if s.kind == "architecture")


def _number(name: str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name}: must be a number, got {type(value).__name__}")
    return value.item() if isinstance(value, np.generic) else value


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name}: must be an integer, got {type(value).__name__}")
    return int(value)


def _name(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name}: must be a string, got {type(value).__name__}")
    return value


def _feature_names(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name}: must be a sequence of feature names, e.g. ('x', 'y')")
    names = tuple(value)
    for f in names:
        if not isinstance(f, str):
            raise TypeError(f"{name}: names must be strings, got {type(f).__name__}")
    return names


def _layer_sizes(name: str, value: Any) -> tuple[int, ...]:
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return (int(value),)
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name}: must be a sequence of layer sizes, e.g. (8, 8)")
    return tuple(_integer(name, size) for size in value)


# The Python type of each kind of setting; the values and ranges are `parse_config`'s to check.
_TYPE_CHECKS: dict[schema.Kind, Callable[[str, Any], Any]] = {
    "architecture": _layer_sizes,
    "choice": _name,
    "features": _feature_names,
    "float": _number,
    "int": _integer,
}


def check_type(name: str, value: Any) -> Any:
    """`value` as the setting `name` holds it in Python (tuples for sequences), or TypeError."""
    if name == CLASSES:
        return _integer(name, value)
    if name not in schema.BY_NAME:
        raise AttributeError(f"{name}: not an nnvisu setting")
    return _TYPE_CHECKS[schema.BY_NAME[name].kind](name, value)


def to_wire(settings: Mapping[str, Any]) -> JSON:
    """The wire config of settings by Python name (each of `NAMES`), types checked. A
    regression's output layer is its one predicted value, whatever `classes` says."""
    values = {name: check_type(name, settings[name]) for name in NAMES}
    wire: JSON = {}
    for s in schema.SETTINGS:
        value = values[s.name]
        if s.kind == "architecture":
            outputs = (
                schema.REGRESSION_OUTPUTS if values[PROBLEM] == "regression" else values[CLASSES]
            )
            value = [len(values["features"]), *value, outputs]
        elif isinstance(value, tuple):
            value = list(value)
        wire[s.wire] = value
    return wire


def from_wire(wire: Mapping[str, Any]) -> dict[str, Any]:
    """Settings by Python name from a wire config that `parse` accepts."""
    out: dict[str, Any] = {}
    for s in schema.SETTINGS:
        value = wire.get(s.wire, s.default)
        if s.kind == "architecture":
            out[s.name] = tuple(value[1:-1])
            out[CLASSES] = value[-1]
        else:
            out[s.name] = tuple(value) if isinstance(value, list | tuple) else value
    return out


def replace(wire: Mapping[str, Any], **values: Any) -> JSON:
    """`wire` with some settings (by Python name, types already checked) replaced."""
    settings = {**from_wire(wire), **values}
    return {**wire, **to_wire(settings)}


def parse(wire: Mapping[str, Any], limits: Limits) -> Config:
    """`validation.parse_config`, with errors naming the Python argument, not the wire key."""
    try:
        return validation.parse_config(dict(wire), limits)
    except ProtocolError as e:
        raise ValueError(f"{argument_of(e.field, wire)}: {e.message.split(': ', 1)[1]}") from None


def argument_of(field: str | None, wire: Mapping[str, Any]) -> str:
    """The Python argument a validation error's field (`config.learningRate`) is about."""
    field = (field or "").removeprefix("config.")
    if field.startswith(_ARCHITECTURE.wire):
        architecture = wire.get(_ARCHITECTURE.wire)
        last = len(architecture) - 1 if isinstance(architecture, list) else -1
        return CLASSES if field == f"{_ARCHITECTURE.wire}[{last}]" else _ARCHITECTURE.name
    return _ARGUMENT.get(field.split("[")[0], field)


def on_change(name: str) -> str:
    """What changing setting `name` does to a trained model: "init", "resize" (the class
    count), "optimizer" or "none" (see `schema.Change`)."""
    return "resize" if name == CLASSES else schema.BY_NAME[name].on_change


def doc(indent: str = "    ") -> str:
    """The settings part of a docstring: each argument with its default and bounds."""
    lines = []
    for s in schema.SETTINGS:
        if s.kind == "architecture":
            text = "The sizes of the hidden layers, first to last (each 1 to limits.max_neurons)."
        else:
            text = f"{s.help} {s.bounds_text().capitalize()}."
        lines.append(f"{indent}{s.name} = {DEFAULTS[s.name]!r}\n{indent}    {text}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- traits


class SettingTrait(traitlets.TraitType[Any, Any]):
    """A setting as a trait. Its owner checks each value (`check_setting`), so a value is
    refused on assignment with the argument's error, and it applies the change."""

    info_text = "a valid nnvisu setting"

    def validate(self, obj: Any, value: Any) -> Any:
        assert self.name is not None
        return obj.check_setting(self.name, value)


def setting_traits() -> dict[str, SettingTrait]:
    """One trait per setting (`NAMES`), with the table's default and help."""
    traits = {}
    for name in NAMES:
        if name == CLASSES:
            default: Any = 2
            help_text = (
                "The number of classes (the output layer's size), 2 to 8; 1 in a regression."
            )
        else:
            default = DEFAULTS[name]
            help_text = schema.BY_NAME[name].help
        traits[name] = SettingTrait(default_value=default, help=help_text)
    return traits
