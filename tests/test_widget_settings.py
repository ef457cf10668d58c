"""The widget's settings as traits: generated from the table, read, assigned (checked as the
constructor checks them), observed, and kept equal to the synced wire `config` both ways; and
what a change does to the model, as the page does it.
"""

from __future__ import annotations

import ast
import copy
import inspect
import pydoc
import warnings
from typing import Any

import anywidget
import numpy as np
import pytest
from hypothesis import given, settings
from schema_strategies import widget_arguments, wire_configs
from widget_support import arrays, assert_same_weights, browser_sets, circles, comm_of

from nnvisu.core import schema, trainer
from nnvisu.core.limits import Limits
from nnvisu.notebook import settings as nnvisu_settings
from nnvisu.notebook import synced
from nnvisu.notebook import widget as widget_module
from nnvisu.notebook.widget import Widget

pytestmark = pytest.mark.usefixtures("recording_comms")

X, Y = circles(60)


@pytest.fixture
def w() -> Widget:
    return Widget(X, Y, hidden_layers=(6, 4), seed=3)


def test_one_trait_per_setting_from_the_table() -> None:
    traits = {
        name
        for name, t in Widget.class_traits().items()
        if isinstance(t, nnvisu_settings.SettingTrait)
    }
    assert traits == set(nnvisu_settings.NAMES)
    assert (*(s.name for s in schema.SETTINGS), "classes") == nnvisu_settings.NAMES
    for s in schema.SETTINGS:
        assert Widget.class_traits()[s.name].help == s.help
    # The static types declared for them name the same settings, in the same order.
    tree = ast.parse(inspect.getsource(widget_module))
    widget = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Widget")
    block = next(n for n in widget.body if isinstance(n, ast.If))
    declared = [
        n.target.id
        for n in block.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]
    assert tuple(declared) == nnvisu_settings.NAMES


@given(config=wire_configs(max_hidden_layers=3, max_neurons=16))
@settings(max_examples=40, deadline=None)
def test_each_trait_reads_what_the_widget_was_given(config: dict[str, Any]) -> None:
    args = widget_arguments(config)
    w = Widget(X, Y, **args)
    for name, value in args.items():
        assert getattr(w, name) == value, name
    assert nnvisu_settings.to_wire({n: getattr(w, n) for n in nnvisu_settings.NAMES}) == {
        k: w.config[k] for k in config
    }
    w.close()


def test_assigning_a_setting_updates_the_wire_config_and_the_browser(w: Widget) -> None:
    before = len(comm_of(w).updates())
    w.learning_rate = 0.1
    assert w.config["learningRate"] == 0.1
    w.features = ("x", "y", "xy")
    assert w.config["features"] == ["x", "y", "xy"]
    assert w.config["architecture"] == [3, 6, 4, 2]
    sent = [u["config"] for u in comm_of(w).updates()[before:] if "config" in u]
    assert sent[0]["learningRate"] == 0.1
    assert sent[-1]["architecture"] == [3, 6, 4, 2]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("learning_rate", -1.0),
        ("learning_rate", "fast"),
        ("momentum", 1.5),
        ("hidden_layers", (8, 500)),
        ("hidden_layers", [4] * 11),
        ("hidden_layers", "8-8"),
        ("activation", "swish"),
        ("optimizer", "lbfgs"),
        ("features", ()),
        ("features", ("x", "z")),
        ("batch_size", -1),
        ("dropout", 0.99),
        ("seed", 2**31),
        ("l1", float("nan")),
        ("classes", 9),
        ("problem", "clustering"),
    ],
)
def test_a_refused_value_is_the_constructors_error_and_changes_nothing(
    w: Widget, name: str, value: Any
) -> None:
    with pytest.raises((TypeError, ValueError)) as made:
        Widget(X, Y, **{name: value})
    config, weights = copy.deepcopy(w.config), copy.deepcopy(w.weights)
    old = getattr(w, name)
    with pytest.raises(type(made.value)) as assigned:
        setattr(w, name, value)
    assert str(assigned.value) == str(made.value)
    assert str(assigned.value).startswith(f"{name}: ")
    assert getattr(w, name) == old
    assert w.config == config
    assert w.weights is not None and weights is not None
    assert_same_weights(w.weights, weights)


def test_an_error_names_the_bounds(w: Widget) -> None:
    with pytest.raises(ValueError) as info:
        w.dropout = 0.96
    assert str(info.value) == "dropout: must be in [0.0, 0.95], got 0.96"


def test_observers_see_python_and_browser_changes(w: Widget) -> None:
    seen: list[tuple[str, Any, Any]] = []
    w.observe(lambda c: seen.append((c["name"], c["old"], c["new"])), ["learning_rate", "l2"])
    w.learning_rate = 0.2
    browser_sets(w, config={**w.config, "learningRate": 0.5, "l2": 0.01})
    assert seen == [("learning_rate", 0.03, 0.2), ("learning_rate", 0.2, 0.5), ("l2", 0.0, 0.01)]
    assert (w.learning_rate, w.l2) == (0.5, 0.01)


def test_a_browser_config_the_protocol_refuses_leaves_the_traits(w: Widget) -> None:
    browser_sets(w, config={**w.config, "activation": "swish", "l1": 0.5})
    # Kept as sent, for the training request to name; the traits keep the valid settings.
    assert w.config["activation"] == "swish"
    assert (w.activation, w.l1) == ("tanh", 0.0)
    with pytest.raises(ValueError, match=r"^config.activation: unknown activation 'swish'"):
        w.step()


def test_a_config_assigned_in_python_is_checked(w: Widget) -> None:
    with pytest.raises(ValueError, match=r"^learning_rate: must be in \(0.0"):
        w.config = {**w.config, "learningRate": 0}
    assert w.config["learningRate"] == 0.03


# ---------------------------------------------------------------------- what a change does


def test_new_hidden_layers_start_a_new_run(w: Widget) -> None:
    w.fit(epochs=5, progress=False)
    w.hidden_layers = (5,)
    assert w.config["architecture"] == [2, 5, 2]
    assert_same_weights(w.weights or {}, trainer.init_weights(w._config()))
    assert w.step_count == 0
    assert w._optimizer_state is None
    assert w.metrics is None
    assert [row[0] for row in w.history["losses"]] == [0]
    w.fit(epochs=3, progress=False)  # trains at once, no reset() needed
    assert w.step_count == 3


@pytest.mark.parametrize(
    ("name", "value"), [("features", ("x", "y", "x2")), ("activation", "relu")]
)
def test_features_and_activation_start_a_new_run(w: Widget, name: str, value: Any) -> None:
    w.fit(epochs=4, progress=False)
    setattr(w, name, value)
    assert_same_weights(w.weights or {}, trainer.init_weights(w._config()))
    assert w.step_count == 0


def test_new_class_count_resizes_the_output_layer(w: Widget) -> None:
    w.fit(epochs=4, progress=False)
    trained = arrays(w.weights or {})
    w.classes = 4
    resized = arrays(w.weights or {})
    assert resized["layer_2_weights"].shape == (4, 4)
    np.testing.assert_array_equal(resized["layer_0_weights"], trained["layer_0_weights"])
    np.testing.assert_array_equal(resized["layer_2_weights"][:2], trained["layer_2_weights"])
    assert w.step_count == 4  # the run continues, as on the page
    assert w.classes_.tolist() == [0, 1, 2, 3]
    w.classes = 3
    assert w.config["architecture"][-1] == 3
    y = Y.copy()
    y[:2] = 2
    w.y = y
    with pytest.raises(ValueError, match=r"^classes: the points use 3 classes; remove the points"):
        w.classes = 2
    assert w.classes == 3


def test_new_optimizer_starts_its_state_afresh(w: Widget) -> None:
    w.fit(epochs=4, progress=False)
    weights = copy.deepcopy(w.weights)
    w.optimizer = "momentum"
    assert w._optimizer_state is None
    assert w.step_count == 4
    assert_same_weights(w.weights or {}, weights or {})
    w.step()
    assert w._optimizer_state is not None and w._optimizer_state["type"] == "momentum"


def test_other_settings_apply_to_the_next_step(w: Widget) -> None:
    w.fit(epochs=3, progress=False)
    state = copy.deepcopy((w.weights, w._optimizer_state, w.step_count))
    w.learning_rate = 0.001
    w.seed = 9  # used by the next new run, as on the page
    w.batch_size = 16
    assert_same_weights(w.weights or {}, state[0] or {})
    assert w.step_count == state[2]
    w.reset()
    assert_same_weights(w.weights or {}, trainer.init_weights(w._config()))
    assert w._config().seed == 9


def test_a_config_assigned_in_python_re_initializes_as_a_trait_does(w: Widget) -> None:
    w.fit(epochs=3, progress=False)
    w.config = {**w.config, "architecture": [2, 3, 2]}
    assert w.hidden_layers == (3,)
    assert_same_weights(w.weights or {}, trainer.init_weights(w._config()))
    w.fit(epochs=2, progress=False)  # the issue: this used to fail with a shape error
    assert w.step_count == 2


def test_a_browser_config_does_not_re_initialize(w: Widget) -> None:
    """The page sends its own `init` after an architecture change; the kernel must not init a
    second time."""
    w.fit(epochs=3, progress=False)
    weights = copy.deepcopy(w.weights)
    browser_sets(w, config={**w.config, "architecture": [2, 5, 2]})
    assert w.hidden_layers == (5,)
    assert_same_weights(w.weights or {}, weights or {})


# ---------------------------------------------------------------------- problem


def test_switching_to_regression_and_back() -> None:
    w = Widget(X, Y * 3)  # labels 0 and 3
    w.problem = "regression"
    assert w.config["architecture"][-1] == 1
    assert w.classes == 1
    np.testing.assert_array_equal(w.y, (Y * 3).astype(float))
    assert w.data["label"][:5] == [float(v) for v in Y[:5] * 3]
    assert w.fit(epochs=3, progress=False)
    assert w.metrics is not None and w.metrics["r2"] is not None
    with pytest.raises(AttributeError, match=r"classes_: a regression has no classes"):
        _ = w.classes_
    with pytest.raises(ValueError, match=r"^classes: a regression has no classes"):
        w.classes = 3
    w.problem = "classification"
    assert w.classes == 2
    assert w.classes_.tolist() == [0.0, 3.0]
    np.testing.assert_array_equal(w.y, Y * 3)


def test_labels_that_are_not_numbers_cannot_be_targets() -> None:
    w = Widget(X, np.where(Y == 1, "in", "out"))
    with pytest.raises(ValueError, match=r"^problem: the points' labels do not fit a regression"):
        w.problem = "regression"
    assert w.problem == "classification"
    assert w.config["problem"] == "classification"


def test_many_targets_cannot_be_classes() -> None:
    w = Widget(X, X[:, 0], problem="regression")
    with pytest.raises(ValueError, match=r"^problem: .*60 distinct labels; nnvisu shows at most 8"):
        w.problem = "classification"
    assert w.problem == "regression"


def test_the_kernel_trait_names_differ_from_the_wire_only_where_python_needs_it() -> None:
    assert synced._WIRE_NAME == {
        "step_count": "step",
        "_optimizer_state": "optimizer",
        "_history_state": "history",
        "_comm_model_id": "model_id",
    }
    w = Widget(X, Y, limits=Limits())
    state = w.get_state()
    assert {"step", "optimizer", "history"} <= state.keys()
    assert not {"step_count", "_optimizer_state", "_history_state", "_comm_model_id"} & state.keys()
    assert state["model_id"] == w.model_id


def test_help_opens_with_a_short_complete_summary() -> None:
    """`help(nnvisu.Widget)` starts with the class docstring: short, and naming every
    argument, setting (with its bounds), public attribute and method the class defines."""
    doc = Widget.__doc__ or ""
    assert len(doc.splitlines()) <= 70
    for name in inspect.signature(Widget).parameters:
        assert f"{name}" in doc, name
    for s in schema.SETTINGS:
        text = s.bounds_text()
        if text:
            assert text.capitalize() in doc, s.name
    public = {
        name
        for klass in Widget.__mro__[: Widget.__mro__.index(synced.KernelWidget) + 1]
        for name in vars(klass)
        # Overrides of ipywidgets' own methods (get_state...) are not this class's API.
        if not name.startswith("_") and not hasattr(anywidget.AnyWidget, name)
    }
    for name in sorted(public):
        assert f"`{name}" in doc or f"``{name}(" in doc or name in nnvisu_settings.NAMES, name
    # pydoc shows it first.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # ipywidgets' own, seen by pydoc
        text = pydoc.plain(pydoc.render_doc(Widget))
    lines = [line.strip(" |") for line in text.splitlines()]
    # The title, the class line, the signature, a blank line, then the summary.
    assert lines.index("An interactive nnvisu network in a notebook, trained by this kernel.") == 5
