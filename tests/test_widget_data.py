"""The widget's data as users have it (labels of any kind, regression targets), the plane's
extent, and training from Python: per-epoch losses, the progress bar, the callback, and the
history the kernel keeps whether or not a browser is open.
"""

from __future__ import annotations

import copy
import json
import subprocess
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from widget_support import browser_sets, circles, comm_of, from_browser

import nnvisu
from nnvisu.core import trainer
from nnvisu.notebook import data as data_module
from nnvisu.notebook.widget import Widget
from nnvisu.wire import history as history_module

pytestmark = pytest.mark.usefixtures("recording_comms")

ROOT = Path(__file__).resolve().parent.parent
X, Y = circles(80)


# ---------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("labels", "classes"),
    [
        (np.where(Y == 1, "cat", "dog"), ["cat", "dog"]),
        (Y == 1, [False, True]),
        (np.where(Y == 1, 5, 0), [0, 5]),
        (np.where(Y == 1, -1.5, 2.5), [-1.5, 2.5]),
        (np.where(Y == 1, 2, 1), [1, 2]),
        # Labels that do not sort: in the order they first appear.
        (["b" if v else 7 for v in Y == 1], None),
    ],
    ids=["strings", "bools", "zero-five", "floats", "one-two", "mixed"],
)
def test_labels_as_users_have_them(labels: Any, classes: list[Any] | None) -> None:
    w = Widget(X, labels)
    if classes is None:
        classes = list(dict.fromkeys(labels))
        labels = np.array(labels, dtype=object)
    assert w.classes_.tolist() == classes
    assert w.classes == 2  # no empty classes
    np.testing.assert_array_equal(w.y, np.asarray(labels))
    # Class i of the wire is classes_[i].
    assert (w.classes_[np.asarray(w.data["label"])] == np.asarray(labels)).all()
    w.fit(epochs=40, progress=False)
    predicted = w.predict(X)
    assert set(predicted.tolist()) <= set(w.classes_.tolist())
    assert w.score(X, labels) == pytest.approx(np.mean(predicted == np.asarray(labels)))
    proba = w.predict_proba(X)
    assert (w.classes_[proba.argmax(axis=1)] == predicted).all()


def test_a_categorical_keeps_its_category_order() -> None:
    kinds = pd.Series(pd.Categorical(np.where(Y == 1, "low", "high"), ["low", "high", "mid"]))
    w = Widget(X, kinds)
    assert w.classes_.tolist() == ["low", "high"]  # in order; the unused category is no class


def test_new_labels_become_new_classes_and_old_ones_keep_their_class() -> None:
    w = Widget(X, np.where(Y == 1, "cat", "dog"))
    w.fit(epochs=5, progress=False)
    before = copy.deepcopy(w.weights)
    y2 = np.where(Y == 1, "cat", "dog")
    y2[:4] = "emu"
    w.y = y2
    assert w.classes_.tolist() == ["cat", "dog", "emu"]
    assert w.weights is not None and before is not None
    np.testing.assert_array_equal(w.weights["layer_2_weights"][:2], before["layer_2_weights"])
    np.testing.assert_array_equal(w.y, y2)


def test_a_class_drawn_in_the_browser_gets_a_name() -> None:
    for labels, name in ((np.where(Y == 1, "cat", "dog"), "class 3"), (Y * 5, 6)):
        w = Widget(X, labels, classes=3)
        data = copy.deepcopy(w.data)
        for col, v in (("x", 0.5), ("y", 0.5), ("label", 2), ("test", False)):
            data[col].append(v)
        browser_sets(w, data=data)
        assert w.classes_[2] == name
        assert w.y[-1] == name


def test_a_widget_without_labels_keeps_label_i_as_class_i() -> None:
    w = Widget()
    w.set_data([[1.5, -2.0]], [1])
    assert w.data["label"] == [1]
    assert w.y.tolist() == [1]
    assert w.classes_.tolist() == [0, 1]


@pytest.mark.parametrize(
    ("y", "error", "message"),
    [
        ([0, np.nan], ValueError, "y: contains NaN; every point needs a label"),
        (["a", None], ValueError, "y: contains missing labels (None or NaN)"),
        (list("abcdefghi"), ValueError, "y: 9 distinct labels; nnvisu shows at most 8 classes"),
    ],
)
def test_bad_labels_are_named(y: list[Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        Widget(np.zeros((len(y), 2)), y)
    assert str(info.value).startswith(message)


# ---------------------------------------------------------------------- regression


def test_regression_targets() -> None:
    t = np.sin(X[:, 0]) + 0.3 * X[:, 1]
    w = Widget(X, t, problem="regression", hidden_layers=(12,))
    assert w.classes == 1 and w.config["architecture"] == [2, 12, 1]
    np.testing.assert_allclose(w.y, t.astype(np.float32))
    losses = w.fit(epochs=150, progress=False)
    assert losses[-1] < 0.2 * losses[0]
    assert w.metrics is not None and w.metrics["accuracy"] is None
    assert w.score(X, t) > 0.8
    assert w.score(X, t) == pytest.approx(w.metrics["r2"], abs=1e-4)
    assert w.predict(X).dtype == np.float64
    with pytest.raises(ValueError, match=r"^predict_proba: a regression predicts values"):
        w.predict_proba(X)
    with pytest.raises(TypeError, match=r"^y: a regression needs numbers as targets"):
        Widget(X, np.where(Y == 1, "a", "b"), problem="regression")
    with pytest.raises(ValueError, match=r"^y: targets must be within ±1e\+06"):
        Widget(X, t * 1e7, problem="regression")
    with pytest.raises(ValueError, match=r"^classes: a regression has no classes"):
        Widget(X, t, problem="regression", classes=3)


# ---------------------------------------------------------------------- extent


def test_the_automatic_extent_fits_the_data() -> None:
    for scale in (0.1, 1.0, 10.0, 1000.0):
        points = X * scale + 3 * scale
        w = Widget(points, Y)
        xmin, xmax, ymin, ymax = w.extent
        assert data_module.count_outside(points, tuple(w.extent)) == 0
        assert xmax - xmin == pytest.approx(ymax - ymin)  # one scale for x and y
        span = (points.max(axis=0) - points.min(axis=0)).max()
        assert xmax - xmin == pytest.approx(span * (1 + 2 * data_module.MARGIN), rel=1e-6)
    assert Widget().extent == list(data_module.DEFAULT_EXTENT)


def test_a_given_extent_is_kept_and_points_outside_are_reported() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w = Widget(X, Y, extent=(-6, 6, -6, 6))  # every point inside: no warning
    assert w.extent == [-6.0, 6.0, -6.0, 6.0]
    outside = int((np.abs(X * 2) > 6).any(axis=1).sum())
    assert outside > 0
    with pytest.warns(UserWarning, match=rf"^{outside} of 80 points lie outside the extent"):
        Widget(X * 2, Y, extent=(-6, 6, -6, 6))
    with pytest.warns(UserWarning, match=rf"^{outside} of 80 points lie outside"):
        w.X = X * 2  # the given extent stays; the points train all the same
    assert len(w.X) == 80
    with pytest.warns(UserWarning, match=r"^80 of 80 points lie outside"):
        w.extent = (100, 101, 100, 101)
    w.extent = None  # back to fitting the data
    assert data_module.count_outside(X * 2, tuple(w.extent)) == 0
    w.X = X * 50
    assert data_module.count_outside(X * 50, tuple(w.extent)) == 0


@pytest.mark.parametrize(
    ("extent", "error", "message"),
    [
        ((0, 1, 0), ValueError, "extent: must be 4 numbers (xmin, xmax, ymin, ymax), got 3"),
        ((1, 0, 0, 1), ValueError, "extent: needs xmin < xmax and ymin < ymax"),
        ((0, 1, 0, np.inf), ValueError, "extent: must hold finite numbers"),
        ("all", TypeError, "extent: must be (xmin, xmax, ymin, ymax), got str"),
        ((0, 1, 0, "1"), TypeError, "extent: must hold numbers, got str"),
    ],
)
def test_bad_extents_are_named(extent: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        Widget(X, Y, extent=extent)
    assert str(info.value).startswith(message)
    w = Widget(X, Y)
    before = list(w.extent)
    with pytest.raises(error):
        w.extent = extent
    assert w.extent == before


def test_the_extent_is_synced() -> None:
    w = Widget(X, Y, extent=(-10, 10, -5, 5))
    opened = [d for t, d in comm_of(w).published if t == "comm_open"]
    assert opened[0]["state"]["extent"] == [-10.0, 10.0, -5.0, 5.0]


# ---------------------------------------------------------------------- fit and history


def test_fit_gives_a_loss_per_epoch_and_keeps_the_history_without_a_browser() -> None:
    w = Widget(X, Y, batch_size=16)
    losses = w.fit(epochs=6, steps_per_update=4, progress=False)
    assert len(losses) == 6
    assert w.step_count == 6 * 5  # 80 points in batches of 16: 5 steps an epoch
    rows = w.history["losses"]
    assert [r[0] for r in rows] == [0, 5, 10, 15, 20, 25, 30]
    assert [r[1] for r in rows[1:]] == losses
    # The loss of an epoch is the loss of all training points after it.
    final = trainer.evaluate(w._config(), w.weights or {}, w._data())
    assert losses[-1] == pytest.approx(final.train_loss, rel=1e-6)
    # The browser gets the history too (once per second during the fit, and at the end).
    sent = [u["history"] for u in comm_of(w).updates() if "history" in u]
    assert [r[0] for r in sent[-1]["losses"]] == [0, 5, 10, 15, 20, 25, 30]


def test_fractional_epochs() -> None:
    w = Widget(X, Y, batch_size=16)
    assert len(w.fit(epochs=2.5, progress=False)) == 3
    assert w.step_count == 13  # 5 + 5 + 3


def test_training_from_the_browser_is_recorded_too() -> None:
    w = Widget(X, Y)
    from_browser(w, {"type": "step", "id": 1, "steps": 7})
    from_browser(w, {"type": "step", "id": 2, "steps": 3})
    assert [r[0] for r in w.history["losses"]] == [0, 7, 10]
    assert w.history["losses"][-1][1] == (w.metrics or {})["loss"]


def test_the_callback_sees_each_epoch_and_may_stop_the_fit() -> None:
    w = Widget(X, Y)
    seen: list[nnvisu.Epoch] = []

    def callback(epoch: nnvisu.Epoch) -> bool:
        seen.append(epoch)
        assert w.step_count <= epoch.step  # the widget is never ahead of the callback
        return epoch.loss < seen[0].loss * 0.9

    losses = w.fit(epochs=200, callback=callback, progress=False)
    assert len(losses) == len(seen) < 200
    assert w.step_count == seen[-1].step
    assert seen[-1].loss < 0.9 * seen[0].loss
    assert [e.epoch for e in seen] == list(range(1, len(seen) + 1))
    with pytest.raises(TypeError, match=r"^callback: must be callable, got int"):
        w.fit(epochs=1, callback=3, progress=False)  # type: ignore[arg-type]


def test_fit_shows_a_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    w = Widget(X, Y)
    w.fit(epochs=12)
    err = capsys.readouterr().err
    assert "nnvisu" in err and "12/12" in err and "loss" in err
    w.fit(epochs=3, progress=False)
    assert capsys.readouterr().err == ""


def test_the_history_is_bounded_by_the_pages_rule() -> None:
    """The kernel's history is the page's (js/training/history.js `record`): the same rows and
    snapshot steps for the same sequence."""
    steps = list(range(0, 2600, 1)) + list(range(2600, 9000, 7))
    history: history_module.History = history_module.empty()
    for s in steps:
        history = history_module.record(history, s, {"loss": 1.0 / (s + 1)}, {})
    script = (
        "import { record } from './js/training/history.js';"
        "let h = { losses: [], snapshots: [] };"
        f"for (const s of {json.dumps(steps)}) h = record(h, s, {{ loss: 1 / (s + 1) }}, {{}});"
        "console.log(JSON.stringify({ losses: h.losses.map((r) => r[0]),"
        " snapshots: h.snapshots.map((s) => s.step) }));"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    js = json.loads(out.stdout)
    assert [r[0] for r in history["losses"]] == js["losses"]
    assert [s["step"] for s in history["snapshots"]] == js["snapshots"]
    assert len(history["losses"]) <= history_module.MAX_LOSSES
    assert len(history["snapshots"]) <= history_module.MAX_SNAPSHOTS


def test_the_snapshots_sent_fit_the_pages_budget() -> None:
    """What the browser is sent (and a notebook saves) keeps snapshots within 2 MiB, chosen as
    the page chooses them (js/page/storage.js `evenSelection`); the kernel keeps all of them."""
    cases = [([5] * 7, 17), ([3, 9, 1, 4, 4, 8, 2, 6, 5, 5, 7], 20), ([10] * 50, 95), ([7], 3)]
    script = (
        "import { evenSelection } from './js/page/storage.js';"
        f"console.log(JSON.stringify({json.dumps(cases)}.map(([s, r]) => evenSelection(s, r))));"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert [history_module.even_selection(s, r) for s, r in cases] == json.loads(out.stdout)

    # A big network: snapshots of 400 KB each; the widget sends as many as fit in 2 MiB.
    w = Widget(X, Y, hidden_layers=(100,) * 10)
    for _ in range(60):
        w.step(1)
    assert len(w.history["snapshots"]) > 20  # all kept in the kernel
    sent = [u["history"] for u in comm_of(w).updates() if "history" in u][-1]

    def floats(s: dict[str, Any]) -> int:
        buffers = [*(s["optimizer"] or {"buffers": {}})["buffers"].values()]
        arrays = [*s["weights"].values(), *(a for b in buffers for a in b.values())]
        return sum(int(np.prod(a["shape"])) for a in arrays)

    # Weights and the optimizer state that goes with them, as the page counts them.
    sizes = [4 * floats(s) for s in sent["snapshots"]]
    assert 0 < sum(sizes) <= history_module.HOST_HISTORY_BYTES < sum(sizes) + max(sizes)
    assert sent["snapshots"][0]["step"] == 0
    assert sent["snapshots"][-1]["step"] == w.step_count
    assert len(sent["losses"]) == len(w.history["losses"])
