"""The JavaScript forward pass (js/forward.js, used for drawing) agrees with PyTorch's.

Random weights and points for every activation and every input feature go through
`nnvisu.trainer.forward` and through the real js/forward.js under node; the softmax
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

from nnvisu import trainer

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
