"""`nnvisu.Widget`: the nnvisu front end as a Jupyter widget, trained by the kernel.

The synced traits are the model keys of docs/protocol.md section 2; the kernel-side message
handling and state are in `kernel`. This module is the Python face: the settings as traits,
the data as users have it, training from Python, prediction, and the estimators.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
import traitlets

from ..core import schema
from ..core.limits import Limits
from ..core.network import Network
from ..core.schema import MAX_CLASSES, MIN_CLASSES
from ..wire import history, protocol, validation
from ..wire.errors import ProtocolError
from . import data as data_module
from . import fitting, settings, widget_file
from .fitting import Callback, Epoch
from .synced import HISTORY_PUSH_SECONDS, KernelWidget, json_values

if TYPE_CHECKING:
    from .estimators import NetworkEstimator

_DEFAULT = settings.DEFAULTS


class _ExtentTrait(traitlets.Any):
    # None must reach the widget's validator, which fits the extent to the data (traitlets
    # passes None through a trait that allows it, and Any's allow_none=False is ignored).
    allow_none = False


if TYPE_CHECKING:
    _SettingTraits = traitlets.HasTraits
else:
    # One trait per setting, made from the table (settings.NAMES).
    _SettingTraits = type(
        "SettingTraits",
        (traitlets.HasTraits,),
        {"__module__": settings.__name__, **settings.setting_traits()},
    )


class Widget(_SettingTraits, KernelWidget):
    """An interactive nnvisu network in a notebook, trained by this kernel.

    ``Widget(X=None, y=None, *, test=None, extent=None, classes=None, limits=None,
    **settings)`` shows the points `X` (shape (n, 2)) with labels `y` (any hashable values:
    numbers, strings, booleans, a pandas categorical) and a fresh network. ``Widget()``
    starts empty, to draw points by hand; ``Widget(estimator)`` shows an ``nnvisu.Classifier``
    or ``nnvisu.Regressor`` with its settings, and its weights and data if it is fitted. With
    ``problem="regression"``, `y` holds real-valued targets.

    - `test`: boolean mask of points that are only evaluated, never trained on.
    - `extent`: (xmin, xmax, ymin, ymax) of the plane; by default a square around the data.
    - `classes`: the number of classes, 2 to 8 (default: the distinct labels in `y`).
    - `limits`: an ``nnvisu.Limits`` bounding what one training request may do.

    Settings (keyword arguments, and traits: read, assign, ``observe``; a change of
    hidden_layers, features or activation starts a new run, of classes resizes the output
    layer, of optimizer starts its state afresh, as the widget's own controls do):

    {settings}
    classes = (from y)
        The number of classes (the output layer's size), 2 to 8; 1 in a regression.

    Other state: `X`, `y`, `test` (the points, with any drawn in the widget; assignable),
    `classes_` (the label of each class), `extent` (assign None to fit the data), `weights`
    (dict of float32 arrays), `step_count`, `metrics`, `history` (``{"losses": [[step, loss,
    test_loss, accuracy, test_accuracy], ...], "snapshots": [...]}``, bounded); what the
    browser is sent: `config`
    (the settings as the wire writes them), `data` (the points as wire columns), `limits`,
    `schema`, `status`.

    Methods: ``fit(epochs=100, steps_per_update=10, *, callback=None, progress=True)``
    trains and returns the loss after each epoch; ``step(n=1)``; ``reset(seed=None)``;
    ``set_data(X, y, test=None)``; ``predict(X)``, ``predict_proba(X)``, ``score(X, y)``;
    ``to_torch()`` (a ``torch.nn.Module``); ``estimator`` (an ``nnvisu.Classifier`` or
    ``Regressor`` with this widget's settings, weights and data); ``check_setting(name,
    value)``; ``save(path)`` and ``load(path)`` (a class method), the page's Export/Import file.
    Training errors raise ``nnvisu.ProtocolError``.
    """

    if TYPE_CHECKING:  # the setting traits (settings.NAMES; a test holds them together)
        hidden_layers: tuple[int, ...]
        problem: str
        activation: str
        optimizer: str
        learning_rate: float
        momentum: float
        weight_decay: float
        l1: float
        l2: float
        batch_size: int
        dropout: float
        features: tuple[str, ...]
        seed: int
        classes: int

    # The plane's (xmin, xmax, ymin, ymax); the front end draws it. Assign None to fit the data.
    # Typed Any for checkers: it takes None or 4 numbers and always holds a list of 4.
    extent: Any = _ExtentTrait(list(data_module.DEFAULT_EXTENT)).tag(sync=True)

    def __init__(
        self,
        X: Any = None,
        y: Any = None,
        *,
        test: Any = None,
        # Each setting's default is the table's (a test holds the two together).
        hidden_layers: Iterable[int] = _DEFAULT["hidden_layers"],
        problem: str = _DEFAULT["problem"],
        activation: str = _DEFAULT["activation"],
        optimizer: str = _DEFAULT["optimizer"],
        learning_rate: float = _DEFAULT["learning_rate"],
        momentum: float = _DEFAULT["momentum"],
        weight_decay: float = _DEFAULT["weight_decay"],
        l1: float = _DEFAULT["l1"],
        l2: float = _DEFAULT["l2"],
        batch_size: int = _DEFAULT["batch_size"],
        dropout: float = _DEFAULT["dropout"],
        features: Iterable[str] = _DEFAULT["features"],
        seed: int = _DEFAULT["seed"],
        classes: int | None = None,
        extent: Any = None,
        limits: Limits | None = None,
    ) -> None:
        # The settings by their Python names, before any other local exists.
        arguments = locals()
        values = {s.name: arguments[s.name] for s in schema.SETTINGS}
        limits = limits if limits is not None else Limits()
        if not isinstance(limits, Limits):
            raise TypeError(f"limits: must be an nnvisu.Limits, got {type(limits)}")
        from_estimator = _estimator_state(X, limits)
        if from_estimator is not None:
            if y is not None or test is not None or classes is not None:
                raise ValueError("y: give the data to the estimator's fit, not with it")
            if any(values[k] != _DEFAULT[k] for k in values):
                raise ValueError("settings: give them to the estimator, not with it")
            values = from_estimator["settings"]
            X, y = from_estimator["X"], from_estimator["y"]
            classes = from_estimator["classes"]
        xy, y_values, mask = data_module.check_points(X, y, test, limits)
        problem = settings.check_type(settings.PROBLEM, values[settings.PROBLEM])
        known = None if from_estimator is None else from_estimator["labels"]
        order = data_module.category_order(y)
        labels, column = data_module.encode(y_values, problem, known, order=order)
        if problem == "regression":
            if classes not in (None, schema.REGRESSION_OUTPUTS):
                raise ValueError("classes: a regression has no classes (its one output)")
            classes = schema.REGRESSION_OUTPUTS
        elif classes is None:
            assert labels is not None
            classes = max(MIN_CLASSES, len(labels.named), int(column.max(initial=-1)) + 1)
        wire = settings.to_wire({**values, settings.CLASSES: classes})
        config = settings.parse(wire, limits)
        if labels is not None and len(labels.named) > config.num_classes:
            raise ValueError(
                f"y: {len(labels.named)} distinct labels need {len(labels.named)} classes; "
                f"there are {config.num_classes} (at most {MAX_CLASSES})"
            )
        if extent is None:
            shown = data_module.auto_extent(xy)
        else:
            shown = data_module.check_extent(extent)
            data_module.warn_outside(xy, shown)
        self._labels = labels
        self._auto_extent = extent is None
        super().__init__(wire, limits, _columns(xy, column, mask), list(shown))
        self._sync_setting_traits()
        if from_estimator is not None and from_estimator["state"] is not None:
            self._restore(**from_estimator["state"])
        else:
            self._init(resize=False)
        self.observe(self._on_setting, names=list(settings.NAMES))
        self._ready = True

    # ------------------------------------------------------------------ settings

    def check_setting(self, name: str, value: Any) -> Any:
        """The value of setting `name` as its trait keeps it, or the argument's error."""
        value = settings.check_type(name, value)
        if not getattr(self, "_ready", False) or self._syncing_settings:
            return value
        if name == settings.PROBLEM:
            self._switch_problem(value)  # refuses data the other problem cannot take
            return value
        settings.parse(settings.replace(self.config, **{name: value}), self._limits)
        if name == settings.CLASSES:
            if self._labels is None:
                raise ValueError("classes: a regression has no classes (its one output)")
            used = int(self._data().label.max(initial=-1)) + 1
            if value < used:
                raise ValueError(
                    f"classes: the points use {used} classes; remove the points of the "
                    "classes to drop first (or assign data with fewer labels)"
                )
        return value

    def _on_setting(self, change: Any) -> None:
        if self._syncing_settings:
            return
        name, value = change["name"], change["new"]
        with self.hold_sync():
            if name == settings.PROBLEM:
                wire, self._labels, column = self._switch_problem(value)
                d = self._data()
                self.data = _columns(d.xy, column, d.test)
                self.config = wire
            else:
                self.config = settings.replace(self.config, **{name: value})

    def _switch_problem(self, problem: str) -> tuple[dict[str, Any], Any, np.ndarray]:
        """The config, labels and label column for the same points under `problem`: class
        labels that are numbers become targets, targets become class labels."""
        if problem == self.config.get(settings.PROBLEM):
            d = self._data()
            return dict(self.config), self._labels, d.label
        y = self.y
        try:
            labels, column = data_module.encode(y, problem)
        except (TypeError, ValueError) as e:
            raise ValueError(f"problem: the points' labels do not fit a {problem}: {e}") from None
        extra: dict[str, Any] = {}
        if labels is not None:
            extra[settings.CLASSES] = max(MIN_CLASSES, len(labels.named))
        wire = settings.replace(self.config, problem=problem, **extra)
        settings.parse(wire, self._limits)
        return wire, labels, column

    def _sync_setting_traits(self) -> None:
        values = settings.from_wire(self.config)
        self._syncing_settings = True
        try:
            for name, value in values.items():
                if getattr(self, name) != value:
                    setattr(self, name, value)
        finally:
            self._syncing_settings = False

    def _apply_config(self, old: Any, new: Any, from_browser: bool) -> None:
        """Any new config: the setting traits follow it; one set in Python also re-initializes
        as the page does (the page sends its own `init` messages)."""
        try:
            settings.parse(new, self._limits)
        except ValueError:
            return  # the traits keep the last valid settings; training will name the problem
        self._sync_setting_traits()
        if from_browser:
            # The page relabels its points itself when its problem changes: class indices
            # are then the labels.
            if (self._labels is None) != (self.problem == "regression"):
                self._labels = None if self.problem == "regression" else data_module.Labels()
            return
        try:
            before = settings.from_wire(old)
        except (TypeError, KeyError, IndexError):
            before = {}
        after = settings.from_wire(new)
        effects = {settings.on_change(n) for n in settings.NAMES if before.get(n) != after[n]}
        if "optimizer" in effects:
            self._optimizer_state = None  # type: ignore[assignment]  # the trait allows None
        if "init" in effects:
            self._init(resize=False)
        elif "resize" in effects:
            self._init(resize=True)

    # ------------------------------------------------------------------ data

    @property
    def X(self) -> np.ndarray:
        """The points as a float array of shape (n, 2), including any drawn in the widget."""
        return self._data().xy.astype(np.float64)

    @X.setter
    def X(self, value: Any) -> None:
        d = self._data()
        self.set_data(value, self._decode(d.label), test=d.test)

    @property
    def y(self) -> np.ndarray:
        """The label of every point, shape (n,), as given (classes drawn in the widget beyond
        the given labels are named by `classes_`); in a regression the target."""
        return self._decode(self._data().label)

    @y.setter
    def y(self, value: Any) -> None:
        d = self._data()
        self.set_data(d.xy, value, test=d.test)

    def _decode(self, column: np.ndarray) -> np.ndarray:
        if self._labels is None:
            return column.astype(np.float64)
        return self._labels.decode(column, self.classes)

    @property
    def test(self) -> np.ndarray:
        """Boolean mask, shape (n,): True for test points (evaluated, never trained on)."""
        return self._data().test

    @test.setter
    def test(self, value: Any) -> None:
        d = self._data()
        self.set_data(d.xy, self._decode(d.label), test=value)

    @property
    def classes_(self) -> np.ndarray:
        """The label of each class (output unit): the distinct labels of `y` as given, sorted
        (a categorical: in its categories' order); classes without a given label are named
        after the others. A regression has none (AttributeError)."""
        if self._labels is None:
            raise AttributeError("classes_: a regression has no classes")
        return self._labels.classes(self.classes)

    def set_data(self, X: Any, y: Any, test: Any = None) -> None:
        """Replace all points. Labels not seen before become new classes (up to 8), keeping
        the hidden layers as trained; the extent follows the data unless one was given."""
        xy, values, mask = data_module.check_points(X, y, test, self._limits)
        order = data_module.category_order(y)
        labels, column = data_module.encode(values, self.problem, self._labels, self.classes, order)
        classes = self.classes
        if labels is not None:
            classes = max(classes, len(labels.named), int(column.max(initial=-1)) + 1)
        with self.hold_sync():
            if classes > self.classes:
                self.classes = classes
            self._labels = labels
            self.data = _columns(xy, column, mask)
            if self._auto_extent:
                self.extent = list(data_module.auto_extent(xy))
            else:
                data_module.warn_outside(xy, tuple(self.extent))

    @traitlets.validate("extent")
    def _valid_extent(self, proposal: Any) -> list[float]:
        value = proposal["value"]
        if value is None:
            self._auto_extent = True
            xy = self._data().xy if getattr(self, "_ready", False) else np.zeros((0, 2))
            return list(data_module.auto_extent(xy))
        extent = data_module.check_extent(value)
        if getattr(self, "_ready", False) and not self._from_browser:
            self._auto_extent = False
            data_module.warn_outside(self._data().xy, extent)
        return list(extent)

    # ------------------------------------------------------------------ training

    @property
    def history(self) -> history.History:
        """``{"losses": [[step, loss, test_loss, accuracy, test_accuracy], ...], "snapshots":
        [{"step", "weights", "optimizer"}]}``:
        the training loss after each epoch of `fit` and each training request of the widget,
        and weight snapshots, bounded (1000 rows, 50 snapshots, thinned evenly)."""
        return self._history

    @history.setter
    def history(self, value: history.History) -> None:
        self._history = value
        self._push_history()

    def fit(
        self,
        epochs: float = 100,
        steps_per_update: int = 10,
        *,
        callback: Callback | None = None,
        progress: bool = True,
    ) -> list[float]:
        """Train for `epochs` passes over the training points, showing a progress bar and
        updating the widget every `steps_per_update` optimizer steps, so it animates.

        Returns the training loss after each epoch (also added to `history`). `callback`, if
        given, is called after each epoch with an ``nnvisu.fitting.Epoch`` (epoch, step,
        loss, accuracy, test_loss, test_accuracy); returning True stops the fit there.
        Raises ``nnvisu.ProtocolError`` (a ValueError with `code`, `field`, `message`) if
        training cannot run or diverges; the widget then keeps the last good epoch.
        """
        epochs = fitting.check_epochs(epochs)
        if isinstance(steps_per_update, bool) or not isinstance(steps_per_update, int):
            raise TypeError(
                f"steps_per_update: must be an integer, got {type(steps_per_update).__name__}"
            )
        if not 1 <= steps_per_update <= self._limits.max_steps:
            raise ValueError(
                f"steps_per_update: must be between 1 and {self._limits.max_steps}, "
                f"got {steps_per_update}"
            )
        callback = fitting.check_callback(callback)
        request = self._step_request()
        losses: list[float] = []
        pushed_step, pushed_at = request.step, time.monotonic()
        last = None
        try:
            with (
                fitting.one_torch_thread(),
                fitting.progress(math.ceil(epochs), progress, "nnvisu") as bar,
            ):
                for result, epoch in fitting.run_epochs(request, epochs):
                    last = result
                    losses.append(epoch.loss)
                    self._record(
                        result.step,
                        protocol.encode_metrics(result.metrics),
                        result.weights,
                        protocol.encode_optimizer(result.optimizer),
                    )
                    bar.update()
                    bar.set_postfix_str(f"loss {epoch.loss:.4f}", refresh=False)
                    if result.step - pushed_step >= steps_per_update:
                        now = time.monotonic()
                        self._store(result, with_history=now - pushed_at >= HISTORY_PUSH_SECONDS)
                        pushed_step = result.step
                        pushed_at = now if now - pushed_at >= HISTORY_PUSH_SECONDS else pushed_at
                    if callback is not None and _stops(callback, epoch):
                        break
        finally:
            if last is not None:
                self._store(last, with_history=True)
        return losses

    def step(self, n: int = 1) -> float:
        """Run `n` optimizer steps and return the training loss afterwards."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n: must be an integer, got {type(n).__name__}")
        if not 1 <= n <= self._limits.max_steps:
            raise ValueError(f"n: must be between 1 and {self._limits.max_steps}, got {n}")
        reply = self._request("step", steps=n)
        if reply["type"] == "error":
            raise ProtocolError(reply["code"], reply["field"], reply["message"])
        return float(reply["loss"])

    def reset(self, seed: int | None = None) -> None:
        """Fresh weights (optionally with a new `seed`), step 0, a new history."""
        with self.hold_sync():
            if seed is not None:
                self.seed = seed
            self._init(resize=False)

    # ------------------------------------------------------------------ files

    def save(self, path: str | Path) -> None:
        """Write the whole state (settings, points, weights, optimizer state, step, history) to
        the JSON file the page's File > Export writes and its Import reads. Labels are saved
        as the class numbers the page uses (``classes_[label]``)."""
        widget_file.save_widget(self, path)

    @classmethod
    def load(cls, path: str | Path, *, limits: Limits | None = None) -> Widget:
        """A widget with the state of a file written by the page's Export or `save`; raises
        `nnvisu.wire.state_file.FileFormatError` naming the problem if the file cannot be used."""
        widget: Widget = widget_file.load_widget(cls, path, limits)
        return widget

    # ------------------------------------------------------------------ prediction

    def to_torch(self) -> Network:
        """A standalone ``torch.nn.Module`` with a copy of the current weights.

        It takes raw points (n, 2) and returns logits; softmax of them equals
        :meth:`predict_proba`.
        """
        config = self._config()
        return Network(config, self._parsed_weights(config))

    def _outputs(self, X: Any) -> torch.Tensor:
        xy = data_module.as_points(X, "X")
        with torch.no_grad():
            out: torch.Tensor = self.to_torch()(torch.from_numpy(xy))
        return out

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, shape (n, classes), for points `X` of shape (n, 2); column
        i is the probability of ``classes_[i]``."""
        if self._labels is None:
            raise ValueError("predict_proba: a regression predicts values; use predict")
        probabilities: np.ndarray = torch.softmax(self._outputs(X), dim=1).numpy()
        return probabilities

    def predict(self, X: Any) -> np.ndarray:
        """The most probable label (of `classes_`) of each point in `X` (shape (n, 2)); in a
        regression the predicted value."""
        out = self._outputs(X)
        if self._labels is None:
            return out.view(-1).numpy().astype(np.float64)
        return self._labels.decode(out.argmax(dim=1).numpy(), self.classes)

    def score(self, X: Any, y: Any) -> float:
        """Accuracy: the share of points in `X` whose predicted label is `y`; in a regression
        R² (1 - residual / total sum of squares)."""
        predicted = self.predict(X)
        if self._labels is None:
            target = data_module.as_targets(data_module.label_array(y)).astype(np.float64)
            return float(
                1 - ((target - predicted) ** 2).sum() / ((target - target.mean()) ** 2).sum()
            )
        return float(np.mean(predicted == data_module.label_array(y)))

    @property
    def estimator(self) -> NetworkEstimator:
        """An ``nnvisu.Classifier`` with this widget's settings; fitted (weights, optimizer
        state, step, labels, training points, loss curve) once the widget has points or has
        trained. Needs scikit-learn."""
        from .estimators import N_FEATURES, SETTING_PARAMS, Classifier, Regressor

        kind = Regressor if self.problem == "regression" else Classifier
        est = kind(**{name: getattr(self, name) for name in SETTING_PARAMS})
        points = self._data()
        if not len(points.xy) and self.step_count == 0:
            return est
        if isinstance(est, Classifier):
            classes = self.classes_
            est._labels = data_module.Labels(tuple(classes.tolist()), default=False)
            est.classes_ = classes
        est.n_features_in_ = N_FEATURES
        est.config_ = self._config()
        # Copies: the estimator trains on without changing the widget, and the other way round.
        est.weights_ = {k: v.copy() for k, v in self._parsed_weights(est.config_).items()}
        est.optimizer_state_ = validation.parse_optimizer(self._optimizer_state, est.config_)
        est.step_ = self.step_count
        est._history = [list(row) for row in self.history["losses"]]
        est.loss_curve_ = [float(row[1]) for row in est._history]
        est.n_iter_ = len(est.loss_curve_)
        est._fit_xy, est._fit_targets = points.xy.copy(), points.label.copy()
        return est

    def __repr__(self) -> str:
        loss = None if self.metrics is None else self.metrics.get("loss")
        loss_text = "" if loss is None else f", loss={loss:.3f}"
        c = self.config
        kind = "problem='regression'" if self._labels is None else f"classes={self.classes}"
        return (
            f"Widget(points={len(self.data.get('x', []))}, {kind}, "
            f"architecture={c.get('architecture')}, activation={c.get('activation')!r}, "
            f"optimizer={c.get('optimizer')!r}, step={self.step_count}{loss_text})"
        )


Widget.__doc__ = (Widget.__doc__ or "").replace("{settings}", settings.doc("    ").lstrip())


def _stops(callback: Callback, epoch: Epoch) -> bool:
    return callback(epoch) is True


def _columns(xy: np.ndarray, label: np.ndarray, test: np.ndarray) -> dict[str, Any]:
    """The wire's data columns; `label` holds class indices, or a regression's targets."""
    columns: dict[str, Any] = json_values(
        {"x": xy[:, 0].copy(), "y": xy[:, 1].copy(), "label": label}
    )
    return {**columns, "test": test.tolist()}


def _estimator_state(X: Any, limits: Limits) -> dict[str, Any] | None:
    """What a Widget shows of an nnvisu estimator, or None if `X` is none. The estimators
    module is only imported when loaded already (it needs scikit-learn)."""
    module = sys.modules.get(__package__ + ".estimators")
    if module is None or not isinstance(X, module.NetworkEstimator):
        return None
    state: dict[str, Any] = X.widget_state(limits.max_points)
    return state


__all__ = ("Epoch", "Widget")
