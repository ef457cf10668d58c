"""The settings table (`nnvisu.schema`) against everything that must agree with it."""

from __future__ import annotations

import dataclasses

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
