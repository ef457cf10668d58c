"""nnvisu.Classifier and nnvisu.Regressor: scikit-learn's own estimator checks, model selection
and pipelines, the settings from the schema, labels as users have them, and the bridge to the
widget (Widget(estimator), Widget.estimator), all on the one trainer.
"""

from __future__ import annotations

import inspect
import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import clone
from sklearn.datasets import make_moons
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

import nnvisu
from nnvisu.core import schema
from nnvisu.core.limits import Limits
from nnvisu.notebook import data as data_module
from nnvisu.notebook import settings
from nnvisu.notebook.estimators import SETTING_PARAMS, Classifier, NetworkEstimator, Regressor
from nnvisu.notebook.widget import Widget

pytestmark = pytest.mark.usefixtures("recording_comms")


def moons(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    X, y = make_moons(n, noise=0.15, random_state=seed)
    return X, y


def ridge(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, size=(n, 2))
    return X, np.sin(X[:, 0]) + 0.5 * X[:, 1]


# ---------------------------------------------------------------------- scikit-learn's checks


# Every check applies: an estimator takes any number of features (only the plane's derived
# features need 2), so no check is expected to fail.
@parametrize_with_checks([Classifier(), Regressor()])  # type: ignore[untyped-decorator]
def test_sklearn_estimator_checks(estimator: NetworkEstimator, check: Callable[..., Any]) -> None:
    with warnings.catch_warnings():
        # The checks fit tiny data sets for the default 200 epochs; nothing to report there.
        warnings.simplefilter("ignore", category=UserWarning)
        check(estimator)


def test_the_parameters_are_the_table() -> None:
    """One keyword parameter per setting (less the class count and the problem, which come
    from y and the class), in the table's order and with its defaults; then epochs, verbose."""
    for kind in (Classifier, Regressor):
        params = inspect.signature(kind).parameters
        assert list(params) == [*SETTING_PARAMS, "epochs", "verbose"]
        for name in SETTING_PARAMS:
            assert params[name].default == settings.DEFAULTS[name]
            assert params[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert kind().get_params() == {
            **{n: settings.DEFAULTS[n] for n in SETTING_PARAMS},
            "epochs": 200,
            "verbose": False,
        }
    assert set(SETTING_PARAMS) == {s.name for s in schema.SETTINGS} - {"problem"}


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        (
            {"learning_rate": -1.0},
            ValueError,
            "learning_rate: must be in (0.0, 1000000.0], got -1.0",
        ),
        ({"hidden_layers": (8, 500)}, ValueError, "hidden_layers: "),
        ({"activation": "swish"}, ValueError, "activation: unknown activation 'swish'"),
        ({"features": ("x", "z")}, ValueError, "features: unknown feature 'z'"),
        ({"batch_size": 2.5}, TypeError, "batch_size: must be an integer, got float"),
        ({"epochs": 0}, ValueError, "epochs: must be a positive number, got 0"),
    ],
)
def test_bad_settings_are_named_at_fit_as_the_widget_names_them(
    params: dict[str, Any], error: type[Exception], message: str
) -> None:
    X, y = moons(20)
    est = Classifier(**params)  # sklearn estimators check their parameters at fit
    with pytest.raises(error) as info:
        est.fit(X, y)
    assert str(info.value).startswith(message)
    if "epochs" not in params:
        with pytest.raises(error) as same:
            Widget(X, y, **params)
        assert str(same.value) == str(info.value)


# ---------------------------------------------------------------------- model selection


def test_cross_val_score_of_a_pipeline() -> None:
    X, y = moons(300)
    pipe = make_pipeline(StandardScaler(), Classifier(hidden_layers=(16,), epochs=150))
    scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.shape == (3,)
    assert scores.min() > 0.85

    Xr, t = ridge(300)
    r2 = cross_val_score(make_pipeline(StandardScaler(), Regressor(epochs=150)), Xr, t, cv=3)
    assert r2.min() > 0.8


def test_grid_search_over_settings() -> None:
    X, y = moons(150)
    search = GridSearchCV(
        Classifier(epochs=60), {"activation": ["tanh", "relu"], "learning_rate": [0.003, 0.03]}
    )
    search.fit(X, y)
    assert search.best_params_["learning_rate"] == 0.03
    assert search.best_estimator_.get_params()["activation"] in ("tanh", "relu")
    assert clone(search.best_estimator_).get_params() == search.best_estimator_.get_params()


# ---------------------------------------------------------------------- training


def test_fit_is_the_widgets_fit() -> None:
    """Same settings, data and epochs: the estimator's loss curve and weights are the
    widget's, bit for bit; both train with the one trainer, an epoch per call."""
    X, y = moons(120)
    kwargs: dict[str, Any] = {"hidden_layers": (6, 4), "activation": "relu", "seed": 5}
    est = Classifier(epochs=30, batch_size=32, **kwargs).fit(X, y)
    w = Widget(X, y, batch_size=32, **kwargs)
    losses = w.fit(epochs=30, progress=False)
    assert est.loss_curve_ == losses
    assert len(losses) == 30 and est.n_iter_ == 30
    assert est.step_ == w.step_count == 30 * math.ceil(120 / 32)
    assert w.weights is not None
    for name, value in w.weights.items():
        np.testing.assert_array_equal(est.weights_[name], value)
    assert losses[-1] < 0.6 * losses[0]


def test_partial_fit_continues_as_fit() -> None:
    X, y = moons(80)
    whole = Classifier(epochs=4).fit(X, y)
    parts = Classifier(epochs=4)
    parts.partial_fit(X, y, classes=[0, 1])
    for _ in range(3):
        parts.partial_fit(X, y)
    assert parts.loss_curve_ == whole.loss_curve_
    for name, value in whole.weights_.items():
        np.testing.assert_array_equal(parts.weights_[name], value)
    with pytest.raises(ValueError, match=r"^classes: the first partial_fit needs every label"):
        Classifier().partial_fit(X, y)


def test_callback_sees_each_epoch_and_can_stop() -> None:
    X, y = moons(60)
    seen: list[nnvisu.Epoch] = []

    def stop_after_five(epoch: nnvisu.Epoch) -> bool:
        seen.append(epoch)
        return epoch.epoch == 5

    est = Classifier(epochs=50).fit(X, y, callback=stop_after_five)
    assert [e.epoch for e in seen] == [1, 2, 3, 4, 5]
    assert est.n_iter_ == 5
    assert [e.loss for e in seen] == est.loss_curve_
    assert all(e.accuracy is not None and 0 <= e.accuracy <= 1 for e in seen)
    assert seen[-1].r2 is None

    r_seen: list[nnvisu.Epoch] = []
    Regressor(epochs=3).fit(*ridge(50), callback=r_seen.append)
    assert [e.accuracy for e in r_seen] == [None] * 3
    assert all(e.r2 is not None for e in r_seen)


def test_verbose_shows_a_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = moons(40)
    Classifier(epochs=7).fit(X, y)
    assert capsys.readouterr().err == ""
    Classifier(epochs=7, verbose=True).fit(X, y)
    err = capsys.readouterr().err
    assert "Classifier" in err and "7/7" in err and "loss" in err


def test_any_number_of_features_takes_them_as_they_are() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(150, 5))
    y = (X[:, 3] - X[:, 1] > 0).astype(int)
    est = Classifier(epochs=100).fit(X, y)
    assert est.config_.architecture == (5, 8, 8, 2)
    assert est.score(X, y) > 0.9
    with pytest.raises(ValueError, match=r"^features: \['x', 'x2'\] are computed from points"):
        Classifier(features=("x", "x2")).fit(X, y)
    with pytest.raises(ValueError, match=r"^estimator: fitted with n_features = 5; a widget"):
        Widget(est)


def test_to_torch_is_the_fitted_network() -> None:
    X, y = moons(100)
    est = Classifier(features=("x", "y", "xy"), epochs=40).fit(X, y)
    module = est.to_torch()
    with torch.no_grad():
        logits = module(torch.tensor(X, dtype=torch.float32))
    np.testing.assert_allclose(
        torch.softmax(logits, dim=1).numpy(), est.predict_proba(X), atol=1e-6
    )


# ---------------------------------------------------------------------- labels


def test_labels_as_users_have_them() -> None:
    X, y = moons(100)
    words = np.where(y == 1, "inside", "outside")
    est = Classifier(epochs=80).fit(X, words)
    assert est.classes_.tolist() == ["inside", "outside"]
    assert set(est.predict(X)) <= {"inside", "outside"}
    assert est.score(X, words) > 0.8
    proba = est.predict_proba(X)
    assert proba.shape == (100, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    assert (est.classes_[proba.argmax(axis=1)] == est.predict(X)).all()

    flags = Classifier(epochs=5).fit(X, y == 1)
    assert flags.classes_.tolist() == [False, True]
    assert flags.predict(X).dtype == bool

    # Labels 0 and 5: two classes, not six.
    sparse = Classifier(epochs=5).fit(X, np.where(y == 1, 5, 0))
    assert sparse.classes_.tolist() == [0, 5]
    assert sparse.config_.architecture[-1] == 2
    assert set(sparse.predict(X)) <= {0, 5}


def test_pandas_frames_and_categoricals() -> None:
    X, y = moons(90)
    frame = pd.DataFrame(X, columns=["width", "height"])
    kinds = pd.Series(pd.Categorical(np.where(y == 1, "b", "a"), categories=["b", "a"]))
    est = Classifier(epochs=40).fit(frame, kinds)
    # The categories' order, not the sorted one; and the frame's column names are kept.
    assert est.classes_.tolist() == ["b", "a"]
    assert est.feature_names_in_.tolist() == ["width", "height"]
    assert est.score(frame, kinds) > 0.8
    w = Widget(X, kinds)
    assert w.classes_.tolist() == ["b", "a"]
    np.testing.assert_array_equal(w.y, kinds.to_numpy())


def test_one_or_nine_classes_are_refused() -> None:
    X, _ = moons(18)
    with pytest.raises(ValueError, match=r"^y: 1 class; a classifier needs 2 to 8"):
        Classifier().fit(X, np.zeros(18))
    with pytest.raises(ValueError, match=r"^y: 9 distinct labels; nnvisu shows at most 8 classes"):
        Classifier().fit(X, np.arange(18) % 9)


# ---------------------------------------------------------------------- the widget


def test_widget_shows_a_fitted_classifier_and_gives_it_back() -> None:
    X, y = moons(150)
    words = np.where(y == 1, "b", "a")
    est = Classifier(hidden_layers=(5,), learning_rate=0.05, seed=7, epochs=20).fit(X, words)
    w = Widget(est)
    assert (w.hidden_layers, w.learning_rate, w.seed) == ((5,), 0.05, 7)
    assert w.step_count == est.step_
    assert w.weights is not None
    for name, value in est.weights_.items():
        np.testing.assert_array_equal(w.weights[name], value)
    np.testing.assert_array_equal(w.X, X.astype(np.float32))
    np.testing.assert_array_equal(w.y, words)
    assert w.classes_.tolist() == ["a", "b"]
    assert [row[1] for row in w.history["losses"]] == est.loss_curve_
    np.testing.assert_array_equal(w.predict(X), est.predict(X))
    assert w.extent == list(data_module.auto_extent(X.astype(np.float32)))

    # It trains on in the widget (its optimizer state too), and comes back as an estimator.
    w.fit(epochs=10, progress=False)
    back = w.estimator
    assert isinstance(back, Classifier)
    assert back.get_params() == {**est.get_params(), "epochs": 200}
    assert back.step_ == w.step_count == est.step_ + 10
    assert back.classes_.tolist() == ["a", "b"]
    np.testing.assert_array_equal(back.predict(X), w.predict(X))
    assert back.loss_curve_[: est.n_iter_] == est.loss_curve_
    # The same run as one estimator trained 30 epochs: the optimizer state went along.
    straight = Classifier(hidden_layers=(5,), learning_rate=0.05, seed=7, epochs=30)
    straight.fit(X, words)
    for name, value in straight.weights_.items():
        np.testing.assert_array_equal(back.weights_[name], value)
    # A copy: training one does not change the other.
    back.partial_fit(X, words)
    assert w.step_count == est.step_ + 10


def test_widget_of_an_unfitted_estimator_and_back() -> None:
    w = Widget(Classifier(activation="relu", hidden_layers=(3, 3)))
    assert (w.activation, w.hidden_layers, len(w.X)) == ("relu", (3, 3), 0)
    back = w.estimator
    assert back.get_params()["activation"] == "relu"
    assert not hasattr(back, "weights_")
    with pytest.raises(ValueError, match=r"^settings: give them to the estimator"):
        Widget(Classifier(), learning_rate=0.1)
    with pytest.raises(ValueError, match=r"^y: give the data to the estimator's fit"):
        Widget(Classifier(), np.zeros(3))


def test_widget_of_a_regressor() -> None:
    X, t = ridge(120)
    est = Regressor(epochs=30).fit(X, t)
    w = Widget(est)
    assert w.problem == "regression"
    assert w.config["architecture"][-1] == 1
    np.testing.assert_allclose(w.y, t.astype(np.float32))
    np.testing.assert_allclose(w.predict(X), est.predict(X), atol=1e-5)
    assert w.score(X, t) == pytest.approx(est.score(X, t), abs=1e-5)
    back = w.estimator
    assert isinstance(back, Regressor)
    assert back.score(X, t) == pytest.approx(est.score(X, t))


def test_widget_of_more_points_than_it_shows() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2))
    y = (X[:, 0] > 0).astype(int)
    est = Classifier(epochs=2).fit(X, y)
    with pytest.warns(UserWarning, match=r"the widget shows 100 of the estimator's 300"):
        w = Widget(est, limits=Limits(max_points=100))
    assert len(w.X) == 100
