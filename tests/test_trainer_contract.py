"""Promises of the trainer that the fidelity tests leave open, each written from its contract
(docs/protocol.md) rather than from the code: the seed mix, the metrics of a request without
test points, and the step a divergence names. Mutation testing found them untested."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnvisu.core import trainer
from nnvisu.core.limits import Limits
from nnvisu.core.network import Network
from nnvisu.wire import validation

LIMITS = Limits()
MASK64 = 2**64 - 1


def documented_mix(seed: int, step: int, stream: int) -> int:
    """docs/protocol.md, Randomness: the arithmetic is modulo 2**64, the seed h mod 2**63."""
    h = (seed * 0x9E3779B97F4A7C15 + step * 0xBF58476D1CE4E5B9 + stream * 0x94D049BB133111EB) % (
        2**64
    )
    h ^= h >> 31
    h = (h * 0xD6E8FEB86659FD93) % (2**64)
    h ^= h >> 32
    return h % (2**63)


def test_the_seed_mix_is_the_documented_one() -> None:
    seeds = [0, 1, 7, 2**31 - 1, 2**53 - 1]
    steps = [0, 1, 2, 1000, 2**40 + 3, 2**53 - 1]
    for seed, step, stream in itertools.product(seeds, steps, range(6)):
        assert trainer.mix_seed(seed, step, stream) == documented_mix(seed, step, stream), (
            seed,
            step,
            stream,
        )
    # The default stream is 0.
    assert trainer.mix_seed(5, 9) == documented_mix(5, 9, 0)


def small_problem(
    test_every: int = 0,
) -> tuple[trainer.Config, dict[str, np.ndarray], trainer.Data]:
    config = validation.parse_config(
        {"architecture": [2, 6, 3], "activation": "tanh", "seed": 3}, LIMITS
    )
    rng = np.random.default_rng(4)
    xy = rng.normal(0, 2, (40, 2)).astype(np.float32)
    label = rng.integers(0, 3, 40)
    test = np.zeros(40, bool)
    if test_every:
        test[::test_every] = True
    data = trainer.Data(xy=xy, label=label, test=test)
    return config, trainer.init_weights(config), data


@pytest.mark.parametrize("test_every", [0, 4])
def test_metrics_are_the_means_of_a_plain_forward_pass(test_every: int) -> None:
    """With and without test points (the trainer takes a shorter path without them)."""
    config, weights, data = small_problem(test_every)
    m = trainer.evaluate(config, weights, data)
    with torch.no_grad():
        logits = Network(config, weights)(torch.from_numpy(data.xy))
    labels = torch.from_numpy(data.label)
    train = torch.from_numpy(~data.test)
    assert m.train_count == int(train.sum())
    assert m.train_loss == pytest.approx(float(F.cross_entropy(logits[train], labels[train])))
    right = (logits.argmax(dim=1) == labels)[train].float().mean()
    assert m.train_accuracy == pytest.approx(float(right))
    if test_every:
        test = ~train
        assert m.test_loss == pytest.approx(float(F.cross_entropy(logits[test], labels[test])))
    else:
        assert m.test_loss is None and m.test_accuracy is None and m.test_count == 0


def test_a_divergence_names_the_step_it_happened_at() -> None:
    """Run one step at a time to find the first step that diverges; a single long request
    from the start must name that same step."""
    config = validation.parse_config(
        {
            "architecture": [2, 16, 16, 16, 3],
            "activation": "relu",
            "optimizer": "sgd",
            "learningRate": 1e6,
        },
        LIMITS,
    )
    rng = np.random.default_rng(18)
    data = trainer.Data(
        xy=rng.normal(0, 2, (30, 2)).astype(np.float32),
        label=rng.integers(0, 3, 30),
        test=np.zeros(30, bool),
    )
    weights, state = trainer.init_weights(config), None
    first = None
    for step in range(50):
        try:
            result = trainer.train_step(trainer.StepRequest(config, weights, state, data, 1, step))
        except trainer.TrainingDiverged as e:
            first = e.step
            break
        weights, state = result.weights, result.optimizer
    assert first is not None, "the huge learning rate did not diverge within 50 steps"
    with pytest.raises(trainer.TrainingDiverged) as caught:
        trainer.train_step(
            trainer.StepRequest(config, trainer.init_weights(config), None, data, 50, 0)
        )
    assert caught.value.step == first
    assert str(caught.value).startswith(f"training diverged at step {first}:")
