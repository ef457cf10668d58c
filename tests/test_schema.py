"""The settings table (`nnvisu.core.schema`) against everything that must agree with it: the JS
fixture, the trainer, validation (`parse_config` and the protocol), and the widget's arguments.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from schema_strategies import widget_arguments, wire_configs

from nnvisu.core import optimizers, schema, trainer
from nnvisu.core.limits import Limits
from nnvisu.notebook.widget import Widget
from nnvisu.wire import protocol, validation
from nnvisu.wire.errors import ProtocolError

FIXTURE = Path(__file__).resolve().parent.parent / "js" / "tests" / "fixtures" / "schema.json"
# Small architecture limits, so their edges are cheap to build.
LIMITS = Limits(max_hidden_layers=3, max_neurons=10)
X = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
Y = np.array([0, 1, 0, 1])

JSON = dict[str, Any]


def test_the_js_fixture_is_the_default_hosts_schema() -> None:
    """js/tests/fixtures/schema.json is what the JS tests read; it must not go stale.
    Regenerate it with `python -m nnvisu.core.schema > js/tests/fixtures/schema.json`."""
    assert json.loads(FIXTURE.read_text()) == schema.describe(Limits())


def test_the_trainer_implements_exactly_the_schema_choices() -> None:
    assert tuple(trainer.ACTIVATIONS) == schema.ACTIVATION_NAMES
    assert tuple(trainer.FEATURES) == schema.FEATURE_NAMES
    assert next(s for s in schema.SETTINGS if s.wire == "optimizer").choices == optimizers.NAMES


def test_config_fields_and_defaults_are_the_table() -> None:
    fields = {f.name: f for f in dataclasses.fields(trainer.Config)}
    assert list(fields) == [s.field for s in schema.SETTINGS]
    for s in schema.SETTINGS:
        if s.kind != "architecture":  # a Config always names its architecture
            assert fields[s.field].default == s.default, s.name
    assert trainer.Config(architecture=(2, 2)).seed == 1
    assert validation.parse_config(schema.default_wire_config(), Limits()) == trainer.Config(
        architecture=(2, *schema.DEFAULT_HIDDEN, 2)
    )


def test_the_widget_signature_is_the_table() -> None:
    """One keyword argument per setting, in the table's order, with the table's default."""
    params = inspect.signature(Widget).parameters
    settings = [
        p
        for p in params.values()
        if p.name not in ("X", "y", "test", "classes", "extent", "limits")
    ]
    assert [p.name for p in settings] == [s.name for s in schema.SETTINGS]
    defaults = schema.python_defaults()
    for p in settings:
        assert p.kind is inspect.Parameter.KEYWORD_ONLY
        assert p.default == defaults[p.name] and type(p.default) is type(defaults[p.name])
    assert defaults["hidden_layers"] == schema.DEFAULT_HIDDEN


# ---------------------------------------------------------------------------- edges


def _edges(s: schema.Setting) -> list[tuple[Any, bool]]:
    """(wire value, accepted) at each edge of a setting and just beyond it."""
    if s.kind == "float":
        assert s.lo is not None and s.hi is not None
        lo, hi = float(s.lo), float(s.hi)
        low = [(lo, False), (math.nextafter(lo, math.inf), True)]
        if not s.lo_open:
            low = [(lo, True), (math.nextafter(lo, -math.inf), False)]
        return [*low, (hi, True), (math.nextafter(hi, math.inf), False)]
    if s.kind == "int":
        assert s.lo is not None and s.hi is not None
        lo_i, hi_i = int(s.lo), int(s.hi)
        return [(lo_i, True), (lo_i - 1, False), (hi_i, True), (hi_i + 1, False)]
    if s.kind == "choice":
        return [*((c, True) for c in s.choices), ("none_such", False)]
    if s.kind == "features":
        return [
            *(([f], True) for f in s.choices),
            (list(s.choices), True),
            ([], False),
            (["none_such"], False),
            ([s.choices[0], s.choices[0]], False),
        ]
    return []


def _architecture_edges() -> list[tuple[list[int], str | None]]:
    """(wire architecture, the field an error names or None) at the edges of LIMITS."""
    most = LIMITS.max_neurons
    hidden = LIMITS.max_hidden_layers
    lo, hi = schema.MIN_CLASSES, schema.MAX_CLASSES
    return [
        ([2, lo], None),
        ([2, *[1] * hidden, hi], None),
        ([2, *[most] * hidden, lo], None),
        ([2, *[1] * (hidden + 1), lo], "config.architecture"),
        ([2, most + 1, lo], "config.architecture[1]"),
        ([2, 0, lo], "config.architecture[1]"),
        ([2, 4, lo - 1], "config.architecture[2]"),
        ([2, 4, hi + 1], "config.architecture[2]"),
    ]


EDGES = [
    pytest.param(s, value, ok, id=f"{s.wire}={value!r}")
    for s in schema.SETTINGS
    for value, ok in _edges(s)
]


def _config_with(s: schema.Setting, value: Any) -> JSON:
    config = schema.default_wire_config()
    config[s.wire] = value
    if s.kind == "features":
        config["architecture"] = [max(1, len(value)), *config["architecture"][1:]]
    if s.wire == "problem" and value == "regression":
        config["architecture"] = [*config["architecture"][:-1], schema.REGRESSION_OUTPUTS]
    return config


def _protocol_error(config: JSON) -> ProtocolError | None:
    """What validation says of `config`, checked to be what a `/ws` request is told."""
    reply = protocol.handle_message({"type": "init", "id": 1, "config": config}, LIMITS)
    try:
        validation.parse_config(config, LIMITS)
    except ProtocolError as e:
        assert reply == protocol.error_reply(1, e.code, e.message, e.field)
        return e
    assert reply["type"] == "init_result", reply
    return None


@pytest.mark.parametrize(("setting", "value", "accepted"), EDGES)
def test_each_bound_holds_in_the_protocol_and_the_widget(
    setting: schema.Setting, value: Any, accepted: bool
) -> None:
    error = _protocol_error(_config_with(setting, value))
    py_value = tuple(value) if setting.kind == "features" else value
    kwargs: JSON = {setting.name: py_value}
    if accepted:
        assert error is None
        parsed = validation.parse_config(_config_with(setting, value), LIMITS)
        assert getattr(parsed, setting.field) == py_value
        w = Widget(X, Y, limits=LIMITS, **kwargs)
        assert w.config[setting.wire] == value
        assert getattr(w._config(), setting.field) == py_value
        w.close()
        return
    assert error is not None and error.code == "invalid_request"
    assert error.field == f"config.{setting.wire}"
    # The widget says the same, naming the Python argument.
    with pytest.raises(ValueError) as info:
        Widget(X, Y, limits=LIMITS, **kwargs)
    assert str(info.value) == f"{setting.name}: " + error.message.split(": ", 1)[1]


@pytest.mark.parametrize(("architecture", "field"), _architecture_edges(), ids=str)
def test_architecture_bounds_hold_in_the_protocol_and_the_widget(
    architecture: list[int], field: str | None
) -> None:
    config = {**schema.default_wire_config(), "architecture": architecture}
    error = _protocol_error(config)
    kwargs: JSON = {"hidden_layers": tuple(architecture[1:-1]), "classes": architecture[-1]}
    if field is None:
        assert error is None
        w = Widget(X, Y, limits=LIMITS, **kwargs)
        assert w.config["architecture"] == architecture
        w.close()
        return
    assert error is not None and error.field == field
    name = (
        "classes" if field == f"config.architecture[{len(architecture) - 1}]" else "hidden_layers"
    )
    with pytest.raises(ValueError) as info:
        Widget(X, Y, limits=LIMITS, **kwargs)
    assert str(info.value) == f"{name}: " + error.message.split(": ", 1)[1]


def test_an_error_names_the_argument_and_its_bounds() -> None:
    with pytest.raises(ValueError) as info:
        Widget(X, Y, learning_rate=-1.0)
    assert str(info.value) == "learning_rate: must be in (0.0, 1000000.0], got -1.0"


# ---------------------------------------------------------------------------- round trip


def test_the_issues_example_keeps_its_settings() -> None:
    w = Widget(X, Y, learning_rate=20, hidden_layers=(16, 16), activation="relu")
    asked = {"learningRate": 20, "architecture": [2, 16, 16, 2], "activation": "relu"}
    assert w.config == {**schema.default_wire_config(), **asked}
    w.fit(epochs=5)
    assert w.config == {**schema.default_wire_config(), **asked}
    assert w.step_count == 5
    w.close()


@given(config=wire_configs(max_hidden_layers=3, max_neurons=16))
@settings(max_examples=60, deadline=None)
def test_the_widget_keeps_any_valid_config_exactly(config: JSON) -> None:
    """Random configs drawn from the table: `Widget(**arguments)` keeps each one exactly (the
    same values of the same JSON types), trains on it, and changes none of it."""
    sent = copy.deepcopy(config)
    w = Widget(X, Y, **widget_arguments(config))
    assert json.dumps(w.config, sort_keys=True) == json.dumps(sent, sort_keys=True)
    assert w._config() == validation.parse_config(sent, Limits())
    try:
        w.step(1)
    except ProtocolError as e:  # a huge learning rate may diverge; the state stays as it was
        assert e.code == "diverged"
    assert json.dumps(w.config, sort_keys=True) == json.dumps(sent, sort_keys=True)
    w.close()
