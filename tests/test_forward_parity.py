"""The JavaScript forward pass (js/model/forward.js, used for drawing) agrees with PyTorch's.

Random weights and points for every activation and every input feature go through
`nnvisu.core.trainer.forward` and through the real js/model/forward.js under node; the softmax
probabilities and every hidden neuron's activations must agree to 1e-5.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from nnvisu.core import trainer

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "js" / "tests" / "parity_cli.mjs"
TOLERANCE = 1e-5


def torch_forward(
    config: trainer.Config, weights: dict[str, np.ndarray], xy: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    """Hidden activations (by running the trainer's forward on truncated networks) and probs.

    The same float32 weights and points, evaluated in float64: the JS pass computes in
    doubles, and float32 round-off alone reaches 1e-5 where x² and xy make pre-activations
    of order 100, so float64 here compares the math rather than the rounding.
    """
    names = trainer.param_names(config.num_layers)
    params = [torch.from_numpy(weights[n]).double() for n in names]
    with torch.no_grad():
        inputs = trainer.feature_matrix(config.features, torch.from_numpy(xy).double())
        probs = torch.softmax(trainer.forward(config, params, inputs), dim=1).numpy()
        hidden = []
        act = trainer.ACTIVATIONS[config.activation]
        for layers in range(1, config.num_layers):
            sub = trainer.Config(
                architecture=config.architecture[: layers + 1],
                activation=config.activation,
                features=config.features,
            )
            # forward leaves its last layer linear; the activation of a hidden layer follows it
            hidden.append(act(trainer.forward(sub, params[: 2 * layers], inputs)).numpy())
    return hidden, probs


def make_case(
    rng: np.random.Generator, activation: str, features: tuple[str, ...], hidden: tuple[int, ...]
) -> tuple[trainer.Config, dict[str, np.ndarray], np.ndarray]:
    classes = int(rng.integers(2, 9))
    config = trainer.Config(
        architecture=(len(features), *hidden, classes),
        activation=activation,
        features=features,
        seed=int(rng.integers(0, 2**31 - 1)),
    )
    weights = {
        name: (rng.standard_normal(shape) * 1.5).astype(np.float32)
        for name, shape in trainer.param_shapes(config.architecture).items()
    }
    xy = rng.uniform(-6, 6, size=(64, 2)).astype(np.float32)
    return config, weights, xy


def run_js(cases: list[dict[str, Any]], tmp_path: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the JavaScript forward pass cannot run")
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases))
    done = subprocess.run(
        [node, str(CLI), str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def test_js_forward_matches_torch(tmp_path: Path) -> None:
    rng = np.random.default_rng(20240611)
    all_features = tuple(trainer.FEATURES)
    combos: list[tuple[str, tuple[str, ...], tuple[int, ...]]] = []
    for activation in trainer.ACTIVATIONS:
        combos.append((activation, all_features, (7, 5)))  # every feature at once
        for feature in all_features:
            combos.append((activation, (feature,), (4,)))  # each feature alone
        combos.append((activation, ("x", "y"), ()))  # no hidden layer
        combos.append((activation, ("x", "y", "xy"), (3, 6, 2)))
    cases = [make_case(rng, *c) for c in combos]
    payload = [
        {
            "weights": {k: v.tolist() for k, v in weights.items()},
            "features": list(config.features),
            "activation": config.activation,
            "x": xy[:, 0].tolist(),
            "y": xy[:, 1].tolist(),
        }
        for config, weights, xy in cases
    ]
    js = run_js(payload, tmp_path)
    assert len(js) == len(cases)
    for (config, weights, xy), got, combo in zip(cases, js, combos, strict=True):
        hidden, probs = torch_forward(config, weights, xy)
        js_probs = np.array(got["probs"]).reshape(probs.shape)
        diff = np.abs(js_probs - probs).max()
        assert diff <= TOLERANCE, f"{combo}: softmax differs by {diff}"
        assert len(got["hidden"]) == len(hidden), combo
        for layer, (h_torch, h_js) in enumerate(zip(hidden, got["hidden"], strict=True)):
            layer_diff = np.abs(np.array(h_js).reshape(h_torch.shape) - h_torch).max()
            assert layer_diff <= TOLERANCE, f"{combo}: hidden layer {layer} differs by {layer_diff}"


def test_parity_check_can_fail(tmp_path: Path) -> None:
    """The comparison sees a real difference: a perturbed weight changes the JS output."""
    rng = np.random.default_rng(7)
    config, weights, xy = make_case(rng, "tanh", ("x", "y"), (4,))
    perturbed = {k: v.copy() for k, v in weights.items()}
    perturbed["layer_0_weights"][0, 0] += 1e-3
    payload = [
        {
            "weights": {k: v.tolist() for k, v in perturbed.items()},
            "features": list(config.features),
            "activation": config.activation,
            "x": xy[:, 0].tolist(),
            "y": xy[:, 1].tolist(),
        }
    ]
    got = run_js(payload, tmp_path)[0]
    hidden, _ = torch_forward(config, weights, xy)
    diff = np.abs(np.array(got["hidden"][0]).reshape(hidden[0].shape) - hidden[0]).max()
    assert diff > TOLERANCE


GRID_LINES = 13  # js/model/hidden_space.js: lines each way, one unit apart over [-6, 6]


def grid_inputs(samples: int) -> np.ndarray:
    """The hidden-space view's grid samples: vertical lines (x fixed, left to right), then
    horizontal ones (y fixed, bottom to top), each from one edge of the plane to the other."""
    at = np.linspace(-6.0, 6.0, GRID_LINES)
    along = np.linspace(-6.0, 6.0, samples)
    vertical = [(x, y) for x in at for y in along]
    horizontal = [(x, y) for y in at for x in along]
    return np.array(vertical + horizontal)


def torch_pca(acts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, top two principal axes (columns) and all variances (descending) of the rows."""
    mean = acts.mean(axis=0)
    centred = acts - mean
    values, vectors = np.linalg.eigh(centred.T @ centred / len(acts))
    order = np.argsort(values)[::-1]
    return mean, vectors[:, order[:2]], values[order]


def check_space(
    combo: Any, layer: int, pick: dict[str, Any], got: dict[str, Any], acts: np.ndarray
) -> int:
    """The view's positions of the points and the grid against PyTorch's activations `acts`
    of that layer (the shown points first, then the grid samples). Returns how many axes were
    compared: a principal axis is compared where its variance stands apart from the others'
    (dead ReLUs leave several at zero, and then any direction among them is as good)."""
    what = f"{combo} layer {layer} {pick['mode']}"
    js = np.column_stack([got["px"] + got["gx"], got["py"] + got["gy"]])
    assert js.shape == (len(acts), 2), what
    if pick["mode"] == "neurons":
        expected = acts[:, [pick["x"], pick["y"] if acts.shape[1] > 1 else pick["x"]]]
        if acts.shape[1] == 1:
            expected[:, 1] = 0.0  # one neuron: the points on a line
        diff = np.abs(js - expected).max()
        assert diff <= TOLERANCE, f"{what}: positions differ by {diff}"
        return 2
    n = len(got["index"])
    fitted = acts[:n][np.searchsorted(got["index"], got["fit"])]
    mean, axes, values = torch_pca(fitted)
    js_axes = np.array(got["pca"]["axes"]).T
    padded = np.concatenate([[np.inf], values, [-np.inf]])
    compared = 0
    for k in range(2):
        apart = min(padded[k] - padded[k + 1], padded[k + 1] - padded[k + 2])
        variance_diff = abs(got["pca"]["variances"][k] - values[k])
        assert variance_diff <= TOLERANCE * max(1.0, values[0]), f"{what}: variance {k}"
        if apart <= 1e-3 * max(values[0], 1e-12):
            # Undetermined: any unit axis orthogonal to the other with that much variance.
            assert abs(np.linalg.norm(js_axes[:, k]) - 1) <= TOLERANCE, what
            assert abs(js_axes[:, 0] @ js_axes[:, 1]) <= TOLERANCE, what
            spread = np.mean(((fitted - mean) @ js_axes[:, k]) ** 2)
            assert abs(spread - values[k]) <= TOLERANCE * max(1.0, values[0]), what
            continue
        # The axes are defined up to sign.
        axis = axes[:, k] * np.sign(axes[:, k] @ js_axes[:, k])
        axis_diff = np.abs(js_axes[:, k] - axis).max()
        assert axis_diff <= TOLERANCE, f"{what}: principal axis {k} differs by {axis_diff}"
        diff = np.abs(js[:, k] - (acts - mean) @ axis).max()
        assert diff <= TOLERANCE, f"{what}: positions along axis {k} differ by {diff}"
        compared += 1
    return compared


def test_hidden_space_positions_match_torch(tmp_path: Path) -> None:
    """Every hidden layer's view (two neurons, and the top two principal components of the
    points' activations) puts the points and the grid where PyTorch's activations put them."""
    rng = np.random.default_rng(20240612)
    combos: list[tuple[str, tuple[str, ...], tuple[int, ...]]] = []
    for activation in trainer.ACTIVATIONS:
        combos.append((activation, ("x", "y"), (6, 1, 3)))
        combos.append((activation, tuple(trainer.FEATURES), (2, 7)))
    cases = [make_case(rng, *c) for c in combos]
    payload = []
    for config, weights, xy in cases:
        picks = []
        for layer, width in enumerate(config.architecture[1:-1]):
            x, y = (int(v) for v in rng.integers(0, width, size=2))
            picks.append({"layer": layer, "mode": "neurons", "x": x, "y": y})
            if width >= 2:
                picks.append({"layer": layer, "mode": "pca", "x": 0, "y": 1})
        payload.append(
            {
                "weights": {k: v.tolist() for k, v in weights.items()},
                "features": list(config.features),
                "activation": config.activation,
                "x": xy[:, 0].tolist(),
                "y": xy[:, 1].tolist(),
                "picks": picks,
            }
        )
    js = run_js(payload, tmp_path)
    checked = 0
    for (config, weights, xy), case, got, combo in zip(cases, payload, js, combos, strict=True):
        for pick, space in zip(case["picks"], got["spaces"], strict=True):
            # Every point is shown at this size; the grid's samples as the view chose them.
            assert space["index"] == list(range(len(xy))), combo
            inputs = np.concatenate([xy.astype(np.float64), grid_inputs(space["samples"])])
            hidden, _ = torch_forward(config, weights, inputs)
            checked += check_space(combo, pick["layer"], pick, space, hidden[pick["layer"]])
    # Two axes for each of 9 picks per activation, but for the few undetermined ones.
    assert checked >= 0.9 * len(trainer.ACTIVATIONS) * 9 * 2, checked


def test_hidden_space_of_a_subsample_matches_torch(tmp_path: Path) -> None:
    """Where the budget is short the view shows a stride of the points and fits the principal
    components on fewer still; those are PyTorch's activations of the same points."""
    rng = np.random.default_rng(5)
    config, weights, _ = make_case(rng, "tanh", ("x", "y"), (30, 30))
    xy = rng.uniform(-6, 6, size=(1200, 2)).astype(np.float32)
    picks = [
        {"layer": 1, "mode": "pca", "x": 0, "y": 1},
        {"layer": 1, "mode": "neurons", "x": 4, "y": 9},
    ]
    case = {
        "weights": {k: v.tolist() for k, v in weights.items()},
        "features": list(config.features),
        "activation": config.activation,
        "x": xy[:, 0].tolist(),
        "y": xy[:, 1].tolist(),
        "picks": picks,
        "work": 400_000,
    }
    got = run_js([case], tmp_path)[0]
    for pick, space in zip(picks, got["spaces"], strict=True):
        index = np.array(space["index"])
        assert 250 <= len(index) < len(xy), len(index)
        if pick["mode"] == "pca":
            assert 0 < len(space["fit"]) < len(index)
        inputs = np.concatenate([xy[index].astype(np.float64), grid_inputs(space["samples"])])
        hidden, _ = torch_forward(config, weights, inputs)
        assert check_space("subsample", 1, pick, space, hidden[1]) == 2
