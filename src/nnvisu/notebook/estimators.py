"""scikit-learn estimators on nnvisu's trainer: `nnvisu.Classifier` and `nnvisu.Regressor`.

They train with the same `trainer.train_step` as the page and the widget (through
`fitting.run_epochs`), take the same settings as keyword arguments (from `schema.SETTINGS`,
checked at `fit` with the same errors), and work wherever scikit-learn estimators do:
`cross_val_score`, pipelines, grid searches. With 2 features (points of the plane) every
setting applies and `nnvisu.Widget(estimator)` shows one live (`Widget.estimator` gives one
back); with any other number the network takes the features as they are.

scikit-learn is not a dependency of nnvisu; this module needs it (``pip install
scikit-learn``).
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import torch

try:
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    from sklearn.utils.multiclass import check_classification_targets
    from sklearn.utils.validation import check_is_fitted, validate_data
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        "nnvisu's scikit-learn estimators need scikit-learn: pip install scikit-learn"
    ) from e

from ..core import schema, trainer
from ..core.limits import Limits
from ..core.network import Network
from ..core.schema import MAX_CLASSES, MIN_CLASSES
from ..core.trainer import Config, Data, OptimizerState, StepRequest
from ..wire import protocol
from . import data as data_module
from . import fitting, settings
from .fitting import Callback

_DEFAULT = settings.DEFAULTS
# The plane's two coordinates. Only networks of points of the plane can be shown in a widget
# and use the plane's features (x2, xy, sinx...); others take their n features as they are,
# which the trainer's features ("x", "y") do (`trainer.feature_matrix`).
N_FEATURES = 2
PLANE_AS_GIVEN = ("x", "y")
# The settings an estimator takes as parameters (the class count comes from y, the problem
# from the estimator's class).
SETTING_PARAMS = tuple(n for n in settings.NAMES if n not in (settings.CLASSES, settings.PROBLEM))


class NetworkEstimator(BaseEstimator):  # type: ignore[misc]  # sklearn is untyped
    """What `Classifier` and `Regressor` share: the settings as parameters, the training
    loop, the widget bridge."""

    _problem = "classification"

    # What fit and partial_fit set.
    n_features_in_: int
    config_: Config
    weights_: dict[str, np.ndarray]
    optimizer_state_: OptimizerState | None
    step_: int
    loss_curve_: list[float]
    n_iter_: int
    _history: list[list[Any]]
    _fit_xy: np.ndarray
    _fit_targets: np.ndarray

    def __init__(
        self,
        *,
        # Each setting's default is the table's (a test holds the two together).
        hidden_layers: Iterable[int] = _DEFAULT["hidden_layers"],
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
        epochs: float = 200,
        verbose: bool = False,
    ) -> None:
        self.hidden_layers = hidden_layers
        self.activation = activation
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.l1 = l1
        self.l2 = l2
        self.batch_size = batch_size
        self.dropout = dropout
        self.features = features
        self.seed = seed
        self.epochs = epochs
        self.verbose = verbose

    # ------------------------------------------------------------------ subclass parts

    def _outputs(self) -> int:
        raise NotImplementedError

    def _targets(self, y: np.ndarray) -> np.ndarray:
        """y as the trainer's labels (fitted state already set)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ training

    def _settings(self) -> dict[str, Any]:
        """The settings by Python name, the problem included."""
        return {
            **{name: getattr(self, name) for name in SETTING_PARAMS},
            settings.PROBLEM: self._problem,
        }

    def _make_config(self) -> Config:
        wire = settings.to_wire({**self._settings(), settings.CLASSES: self._outputs()})
        # The default host limits bound the architecture, so any estimator of the plane can
        # be shown in a widget.
        config = settings.parse(wire, Limits())
        if self.n_features_in_ == N_FEATURES:
            return config
        if config.features != PLANE_AS_GIVEN:
            raise ValueError(
                f"features: {list(config.features)} are computed from points of the plane "
                f"(n_features = {N_FEATURES}); with n_features = {self.n_features_in_} the "
                f"network takes the features as they are: keep features={PLANE_AS_GIVEN}"
            )
        return dataclasses.replace(
            config, architecture=(self.n_features_in_, *config.architecture[1:])
        )

    def _train(
        self, xy: np.ndarray, targets: np.ndarray, epochs: float, callback: Callback | None
    ) -> None:
        request = StepRequest(
            config=self.config_,
            weights=self.weights_,
            optimizer=self.optimizer_state_,
            # Data.from_arrays would make points of the plane; these have n_features columns.
            data=Data(xy, targets, np.zeros(len(xy), bool)),
            steps=1,
            step=self.step_,
        )
        total = math.ceil(epochs)
        with (
            fitting.one_torch_thread(),
            fitting.progress(total, bool(self.verbose), type(self).__name__) as bar,
        ):
            for result, epoch in fitting.run_epochs(request, epochs):
                self.weights_ = result.weights
                self.optimizer_state_ = result.optimizer
                self.step_ = result.step
                self.loss_curve_.append(epoch.loss)
                self._history.append([result.step, epoch.loss, None])
                self.n_iter_ += 1
                bar.update()
                bar.set_postfix_str(f"loss {epoch.loss:.4f}", refresh=False)
                if callback is not None and callback(epoch) is True:
                    break
        self._fit_xy, self._fit_targets = xy, targets

    def _start(self) -> None:
        """A fresh network for the current parameters and classes."""
        self.config_ = self._make_config()
        self.weights_ = trainer.init_weights(self.config_)
        self.optimizer_state_ = None
        self.step_ = 0
        self.loss_curve_ = []
        self.n_iter_ = 0
        self._history = []

    def _network(self, X: Any) -> torch.Tensor:
        """The network's raw outputs for `X`, computed in float64: float32 matrix products
        round differently for different numbers of rows, and a point's prediction must not
        depend on the points predicted with it."""
        check_is_fitted(self, "weights_")
        # A copy: the caller's array may be read-only (a frame's), which torch will not wrap.
        X = np.array(validate_data(self, X, reset=False, dtype=np.float64))
        names = trainer.param_names(self.config_.num_layers)
        params = [torch.from_numpy(self.weights_[n].astype(np.float64)) for n in names]
        with torch.no_grad():
            inputs = trainer.feature_matrix(self.config_.features, torch.from_numpy(X))
            return trainer.forward(self.config_, params, inputs)

    def to_torch(self) -> Network:
        """The fitted network as a ``torch.nn.Module`` (points in, raw outputs out)."""
        check_is_fitted(self, "weights_")
        return Network(self.config_, self.weights_)

    # ------------------------------------------------------------------ widget

    def widget_state(self, max_points: int) -> dict[str, Any]:
        """What `nnvisu.Widget(estimator)` shows: settings, and if fitted the network, its
        training points (at most `max_points`, evenly spaced) and labels."""
        state: dict[str, Any] = {
            "settings": self._settings(),
            "X": None,
            "y": None,
            "classes": None,
            "labels": None,
            "state": None,
        }
        if not hasattr(self, "weights_"):
            return state
        if self.n_features_in_ != N_FEATURES:
            raise ValueError(
                f"estimator: fitted with n_features = {self.n_features_in_}; a widget shows "
                f"points of the plane (n_features = {N_FEATURES})"
            )
        xy, targets = self._fit_xy, self._fit_targets
        most = max_points
        if len(xy) > most:
            warnings.warn(
                f"the widget shows {most} of the estimator's {len(xy)} training points, "
                "evenly spaced; all of them trained it",
                UserWarning,
                stacklevel=3,
            )
            keep = np.linspace(0, len(xy) - 1, most).round().astype(int)
            xy, targets = xy[keep], targets[keep]
        state.update(self._widget_data(xy, targets))
        optimizer = self.optimizer_state_
        state["state"] = {
            "weights": self.weights_,
            "optimizer": None if optimizer is None else protocol.encode_optimizer(optimizer),
            "step": self.step_,
            "losses": [list(row) for row in self._history],
        }
        return state

    def _widget_data(self, xy: np.ndarray, targets: np.ndarray) -> dict[str, Any]:
        raise NotImplementedError


class Classifier(ClassifierMixin, NetworkEstimator):  # type: ignore[misc]  # sklearn is untyped
    """A neural network classifier for points of the plane (2 features), trained by nnvisu.

    Parameters are the settings of ``nnvisu.Widget`` (``help(nnvisu.Widget)`` lists them with
    their bounds), and:

    - `epochs` (200): passes over the training points that `fit` trains; `partial_fit` trains
      one.
    - `verbose` (False): show a progress bar while fitting.

    Labels may be any hashable values, 2 to 8 distinct ones (`classes_`). After `fit`:
    `classes_`, `loss_curve_` (the training loss after each epoch), `n_iter_` (epochs trained),
    `n_features_in_`, `weights_` (dict of float32 arrays), `optimizer_state_`, `step_`
    (optimizer steps), `config_`. ``to_torch()`` gives the network as a ``torch.nn.Module``;
    ``nnvisu.Widget(classifier)`` shows it live.
    """

    def fit(self, X: Any, y: Any, *, callback: Callback | None = None) -> Classifier:
        """Train a fresh network for `epochs` epochs on points `X` (n, 2) with labels `y`.
        `callback(epoch)` is called after each epoch (see ``Widget.fit``)."""
        order = data_module.category_order(y)  # validation makes y a plain array
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32))
        epochs = fitting.check_epochs(self.epochs)
        callback = fitting.check_callback(callback)
        self._set_classes(y, order)
        xy = _float32(X)
        self._start()
        self._train(xy, self._targets(y), epochs, callback)
        return self

    def partial_fit(
        self, X: Any, y: Any, classes: Any = None, *, callback: Callback | None = None
    ) -> Classifier:
        """Train one epoch, continuing from the current state. The first call needs every
        label in `classes`."""
        first = not hasattr(self, "weights_")
        X, y = validate_data(self, X, y, reset=first, dtype=(np.float64, np.float32))
        callback = fitting.check_callback(callback)
        if first:
            if classes is None:
                raise ValueError("classes: the first partial_fit needs every label in classes")
            self._set_classes(np.asarray(classes), data_module.category_order(classes))
        xy = _float32(X)
        if first:
            self._start()
        elif classes is not None and not np.array_equal(
            np.sort(np.asarray(classes)), np.sort(self.classes_)
        ):
            raise ValueError(f"classes: must be the classes of the first call, {self.classes_}")
        self._train(xy, self._targets(y), 1, callback)
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, shape (n, classes); column i is ``classes_[i]``'s."""
        probabilities: np.ndarray = torch.softmax(self._network(X), dim=1).numpy()
        return probabilities

    def predict(self, X: Any) -> np.ndarray:
        """The most probable label of each point."""
        best = self._network(X).argmax(dim=1).numpy()
        labels: np.ndarray = self.classes_[best]
        return labels

    def _set_classes(self, y: np.ndarray, order: list[Any] | None) -> None:
        check_classification_targets(y)
        labels, _ = data_module.Labels.of(y, order=order)
        if not MIN_CLASSES <= len(labels.named) <= MAX_CLASSES:
            raise ValueError(
                f"y: {len(labels.named)} class{'es' if len(labels.named) != 1 else ''}; "
                f"a classifier needs {MIN_CLASSES} to {MAX_CLASSES} distinct labels"
            )
        self._labels = labels
        self.classes_ = _as_label_array(labels.named, np.asarray(y).dtype)

    def _outputs(self) -> int:
        return len(self.classes_)

    def _targets(self, y: np.ndarray) -> np.ndarray:
        return self._labels.encode(data_module.label_array(y)).astype(np.int64)

    def _widget_data(self, xy: np.ndarray, targets: np.ndarray) -> dict[str, Any]:
        return {
            "X": xy,
            "y": self.classes_[targets],
            "classes": len(self.classes_),
            "labels": self._labels,
        }

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        tags.classifier_tags.multi_label = False
        return tags


class Regressor(RegressorMixin, NetworkEstimator):  # type: ignore[misc]  # sklearn is untyped
    """A neural network regressor for points of the plane (2 features), trained by nnvisu:
    one output unit, mean squared error.

    Parameters are the settings of ``nnvisu.Widget`` (``help(nnvisu.Widget)`` lists them with
    their bounds), and `epochs` (200) and `verbose` (False) as for ``nnvisu.Classifier``.
    Targets are real numbers. ``score`` is R². After `fit`: `loss_curve_` (the training mean
    squared error after each epoch), `n_iter_`, `n_features_in_`, `weights_`,
    `optimizer_state_`, `step_`, `config_`. ``nnvisu.Widget(regressor)`` shows it live.
    """

    _problem = "regression"

    def fit(self, X: Any, y: Any, *, callback: Callback | None = None) -> Regressor:
        """Train a fresh network for `epochs` epochs on points `X` with targets `y`.
        `callback(epoch)` is called after each epoch (see ``Widget.fit``)."""
        X, y = validate_data(self, X, y, y_numeric=True, dtype=(np.float64, np.float32))
        epochs = fitting.check_epochs(self.epochs)
        callback = fitting.check_callback(callback)
        xy = _float32(X)
        self._start()
        self._train(xy, self._targets(y), epochs, callback)
        return self

    def partial_fit(self, X: Any, y: Any, *, callback: Callback | None = None) -> Regressor:
        """Train one epoch, continuing from the current state."""
        first = not hasattr(self, "weights_")
        X, y = validate_data(self, X, y, reset=first, y_numeric=True)
        callback = fitting.check_callback(callback)
        xy = _float32(X)
        if first:
            self._start()
        self._train(xy, self._targets(y), 1, callback)
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The predicted value of each point."""
        values: np.ndarray = self._network(X).view(-1).numpy()
        return values

    def _outputs(self) -> int:
        return schema.REGRESSION_OUTPUTS

    def _targets(self, y: np.ndarray) -> np.ndarray:
        return _float32(np.asarray(y, dtype=np.float64))

    def _widget_data(self, xy: np.ndarray, targets: np.ndarray) -> dict[str, Any]:
        return {"X": xy, "y": targets, "classes": None, "labels": None}


def _float32(X: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # reported just below
        out = np.array(X, dtype=np.float32, order="C")  # a writable copy, for torch
    if not np.isfinite(out).all():
        raise ValueError("X: has values beyond float32's range (about ±3.4e38)")
    return out


def _as_label_array(named: tuple[Any, ...], dtype: np.dtype[Any]) -> np.ndarray:
    """The labels as an array of the type `y` had (as `np.unique(y)` would give them)."""
    if dtype.kind == "O":
        out = np.empty(len(named), dtype=object)
        out[:] = list(named)
        return out
    return np.asarray(named, dtype=dtype)
