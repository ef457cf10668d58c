"""The settings table (`nnvisu.schema`) against everything that must agree with it."""

from __future__ import annotations

import dataclasses
import inspect

from nnvisu import schema, trainer


def test_the_trainer_implements_exactly_the_schema_choices() -> None:
    assert tuple(trainer.ACTIVATIONS) == schema.ACTIVATION_NAMES
    assert tuple(trainer.FEATURES) == schema.FEATURE_NAMES
    assert tuple(trainer.OPTIMIZER_BUFFERS) == schema.OPTIMIZER_NAMES


def test_config_fields_and_defaults_are_the_table() -> None:
    fields = {f.name: f for f in dataclasses.fields(trainer.Config)}
    assert list(fields) == [s.field for s in schema.SETTINGS]
    for s in schema.SETTINGS:
        if s.kind != "architecture":  # a Config always names its architecture
            assert fields[s.field].default == s.default, s.name
    assert trainer.Config(architecture=(2, 2)).seed == 1


def test_the_widget_signature_is_the_table() -> None:
    """One keyword argument per setting, in the table's order, with the table's default."""
    from nnvisu.widget import Widget

    params = inspect.signature(Widget).parameters
    settings = [p for p in params.values() if p.name not in ("X", "y", "test", "classes", "limits")]
    assert [p.name for p in settings] == [s.name for s in schema.SETTINGS]
    defaults = schema.python_defaults()
    for p in settings:
        assert p.kind is inspect.Parameter.KEYWORD_ONLY
        assert p.default == defaults[p.name] and type(p.default) is type(defaults[p.name])
    assert defaults["hidden_layers"] == schema.DEFAULT_HIDDEN
