"""Mini-batch sampling against its contract in docs/protocol.md, observed through `train_step`.

The contract: each step trains on `batchSize` training points drawn without replacement, fresh
for every global step, and the same for the same (seed, step); batch size 0, or at least the
training set, is the full batch. Nothing here asks the trainer which rows it would draw: each
batch is read back from the weights that one real SGD step leaves, on data built so that every
point leaves its own mark on them.
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest

from nnvisu.core import trainer

pytestmark = pytest.mark.usefixtures("one_torch_thread")

BATCH = 4
# Each point is a digit in base BASE of one input: x for positions 0-7, y for 8-15. A batch
# that drew a point up to BATCH times still reads back unambiguously.
BASE = BATCH + 1
DIGITS = 8
POSITIONS = 2 * DIGITS
# Every fourth point is a test point, which must never be drawn: 12 training points.
TEST = np.arange(POSITIONS) % 4 == 3
TRAIN_POSITIONS = np.flatnonzero(~TEST)
N_TRAIN = len(TRAIN_POSITIONS)


def marked_points() -> trainer.Data:
    xy = np.zeros((POSITIONS, 2), np.float32)
    for p in range(POSITIONS):
        xy[p, p // DIGITS] = BASE ** (p % DIGITS)
    return trainer.Data(xy, np.zeros(POSITIONS, np.int64), TEST.copy())


def drawn(seed: int, step: int, batch_size: int = BATCH) -> list[int]:
    """How often global step `step` drew each point, read from one SGD step's weights.

    A linear 2-class net from zero weights with every label 0: each drawn row adds
    -0.5 / batch * (x, y) to class 0's weight gradient, so with a learning rate of 2 * batch
    the step leaves class 0's weights at the sum of the drawn rows' (x, y) and its bias at the
    number of rows drawn.
    """
    rows = batch_size if 0 < batch_size < N_TRAIN else N_TRAIN
    config = trainer.Config(
        architecture=(2, 2),
        activation="linear",
        optimizer="sgd",
        learning_rate=2.0 * rows,
        batch_size=batch_size,
        seed=seed,
    )
    zeros = {
        name: np.zeros(shape, np.float32) for name, shape in trainer.param_shapes((2, 2)).items()
    }
    result = trainer.train_step(
        trainer.StepRequest(config, zeros, None, marked_points(), steps=1, step=step)
    )
    assert result.step == step + 1
    assert round(float(result.weights["layer_0_bias"][0])) == rows
    counts = []
    for channel in range(2):
        total = round(float(result.weights["layer_0_weights"][0, channel]))
        for _ in range(DIGITS):
            total, digit = divmod(total, BASE)
            counts.append(digit)
        assert total == 0
    return counts


def batch(seed: int, step: int) -> tuple[int, ...]:
    """The training rows (indices among the training points) drawn at `step`, checked to be
    `BATCH` distinct training points."""
    counts = drawn(seed, step)
    assert not any(counts[p] for p in np.flatnonzero(TEST)), f"step {step} drew a test point"
    assert max(counts) <= 1, f"step {step} drew a point twice: {counts}"
    rows = tuple(i for i, p in enumerate(TRAIN_POSITIONS) if counts[p])
    assert len(rows) == BATCH, counts
    return rows


def test_the_read_back_sees_every_point() -> None:
    # The full batch draws every training point once: the decoding itself is sound.
    for batch_size in (0, N_TRAIN, N_TRAIN + 1, 1000):
        counts = drawn(seed=1, step=3, batch_size=batch_size)
        assert counts == [int(not t) for t in TEST]


@pytest.mark.parametrize("seed", [0, 7, 2**31 - 1])
def test_batches_are_distinct_training_points_fresh_each_step_and_cover_the_data(
    seed: int,
) -> None:
    steps = 30 * N_TRAIN // BATCH
    batches = [batch(seed, s) for s in range(steps)]
    # Fresh for each step: of 495 possible batches, few repeat, and seldom one step to the next.
    assert len(set(batches)) >= 0.8 * steps, batches
    assert sum(a == b for a, b in itertools.pairwise(batches)) <= 3, batches
    # Every point is drawn within a few times n / b steps, and none is favoured.
    within = 10 * N_TRAIN // BATCH
    seen = {row for rows in batches[:within] for row in rows}
    assert len(seen) == N_TRAIN, f"only {sorted(seen)} drawn in {within} steps"
    counts = Counter(row for rows in batches for row in rows)
    expected = steps * BATCH / N_TRAIN
    assert all(0.5 * expected <= counts[row] <= 1.5 * expected for row in range(N_TRAIN)), counts


def test_the_same_seed_and_step_give_the_same_batch() -> None:
    for step in (0, 1, 17, 123_456, 2**40):
        assert batch(5, step) == batch(5, step)
    # The batch depends on the step given, not on how many requests came before.
    sequence = [batch(5, s) for s in range(10)]
    assert [batch(5, s) for s in reversed(range(10))] == sequence[::-1]
    # Another seed draws another sequence.
    other = [batch(6, s) for s in range(10)]
    assert sum(a != b for a, b in zip(sequence, other, strict=True)) >= 8
