"""The trainer learns: accuracy on small problems, regularization, seeded sampling, test points
that never train, honest metrics, class changes that keep what was learned, and divergence.
"""

from __future__ import annotations

import copy
import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from trainer_support import (
    JSON,
    LIMITS,
    REF_FEATURES,
    blobs,
    call,
    expect_ok,
    init,
    init_bound,
    make_config,
    max_abs_diff,
    protocol_train,
    reference_model,
    sectors,
    step_message,
    with_tests,
)

from nnvisu.core import trainer
from nnvisu.wire import validation

pytestmark = pytest.mark.usefixtures("one_torch_thread")


# ---------------------------------------------------------------------------- learning


def train_until(
    config: JSON, data: JSON, max_requests: int, accuracy: float, steps: int = 50
) -> JSON:
    state: JSON = {"weights": init(config), "optimizer": None, "step": 0}
    reply: JSON = {}
    for _ in range(max_requests):
        reply = expect_ok(
            call({**step_message(config, data=data, **state), "steps": steps}), "step_result"
        )
        state = {k: reply[k] for k in ("weights", "optimizer", "step")}
        if reply["accuracy"] >= accuracy:
            break
    return reply


def test_xor_reaches_full_accuracy() -> None:
    config = make_config(architecture=[2, 4, 2], learningRate=0.05, seed=3)
    data = {"x": [-1, -1, 1, 1], "y": [-1, 1, -1, 1], "label": [0, 1, 1, 0]}
    reply = train_until(config, data, max_requests=20, accuracy=1.0)
    assert reply["accuracy"] == 1.0
    assert reply["trainCount"] == 4


def test_three_blobs_train_to_high_accuracy() -> None:
    config = make_config(architecture=[2, 6, 3])
    data = with_tests(blobs(3, 40, seed=8), every=5)
    reply = train_until(config, data, max_requests=10, accuracy=0.95)
    assert reply["accuracy"] >= 0.95
    assert reply["testAccuracy"] >= 0.9


def test_five_sectors_train_to_high_accuracy() -> None:
    config = make_config(architecture=[2, 16, 16, 5], activation="relu", learningRate=0.01)
    data = sectors(5, 300, seed=9)
    reply = train_until(config, data, max_requests=20, accuracy=0.9)
    assert reply["accuracy"] >= 0.9


def weight_norms(weights: JSON) -> tuple[float, float]:
    ws = [np.array(v) for k, v in weights.items() if k.endswith("_weights")]
    return float(sum(np.abs(w).sum() for w in ws)), float(math.sqrt(sum((w**2).sum() for w in ws)))


@pytest.mark.parametrize("reg", ["l1", "l2"])
def test_regularization_shrinks_the_weights(reg: str) -> None:
    config = make_config(architecture=[2, 8, 8, 3], learningRate=0.02)
    data = blobs(3, 20, seed=10)
    plain = protocol_train(config, init(config), data, 200, per_request=100)
    shrunk = protocol_train({**config, reg: 0.01}, init(config), data, 200, per_request=100)
    l1_plain, l2_plain = weight_norms(plain["weights"])
    l1_shrunk, l2_shrunk = weight_norms(shrunk["weights"])
    if reg == "l1":
        assert l1_shrunk < 0.8 * l1_plain
    else:
        assert l2_shrunk < 0.8 * l2_plain


@pytest.mark.parametrize("setting", [{"dropout": 0.3}, {"batchSize": 5}])
def test_dropout_and_batches_are_reproducible_from_the_seed(setting: JSON) -> None:
    data = blobs(3, 15, seed=11)

    def run(seed: int) -> JSON:
        config = make_config(seed=seed, **setting)
        # The same initial weights for every seed, so only the sampling can differ.
        weights = init(make_config())
        trained: JSON = protocol_train(config, weights, data, 20, per_request=10)["weights"]
        return trained

    assert run(1) == run(1)
    assert max_abs_diff(run(1), run(2)) > 1e-3
    # Statistical sanity: the sampling neither stalls nor derails training.
    assert max_abs_diff(run(1), init(make_config())) > 1e-3


@pytest.mark.parametrize("change", ["label", "position"])
def test_test_points_never_train(change: str) -> None:
    config = make_config(batchSize=8, dropout=0.1)
    data = with_tests(blobs(3, 12, seed=13), every=3)
    weights = init(config)
    changed = copy.deepcopy(data)
    for i, is_test in enumerate(data["test"]):
        if is_test:
            if change == "label":
                changed["label"][i] = (data["label"][i] + 1) % 3
            else:
                changed["x"][i] += 2.5
    a = call(step_message(config, weights, data, steps=10))
    b = call(step_message(config, weights, changed, steps=10))
    assert a["weights"] == b["weights"]
    assert (a["loss"], a["accuracy"]) == (b["loss"], b["accuracy"])
    assert a["testLoss"] != b["testLoss"]
    n_test = sum(data["test"])
    assert (a["trainCount"], a["testCount"]) == (len(data["label"]) - n_test, n_test)


def test_metrics_without_test_points_are_null() -> None:
    config = make_config()
    reply = call(step_message(config, init(config), blobs(3, 5, seed=14)))
    assert reply["testLoss"] is None and reply["testAccuracy"] is None
    assert reply["testCount"] == 0 and reply["trainCount"] == 15
    assert 0 <= reply["accuracy"] <= 1 and reply["loss"] > 0


def test_reported_metrics_match_a_forward_pass_of_the_returned_weights() -> None:
    # Dropout trains but never touches the metrics: they are a plain forward pass.
    config = make_config(activation="gelu", features=["x", "xy", "siny"], dropout=0.5)
    data = with_tests(blobs(3, 10, seed=15), every=4)
    reply = call(step_message(config, init(config), data, steps=5))
    model, _ = reference_model(config, reply["weights"], [torch.Generator()])
    model.eval()
    x = torch.tensor(data["x"], dtype=torch.float32)
    y = torch.tensor(data["y"], dtype=torch.float32)
    inputs = torch.stack([REF_FEATURES[f](x, y) for f in config["features"]], dim=1)
    with torch.no_grad():
        logits = model(inputs)
    labels = torch.tensor(data["label"])
    test = torch.tensor(data["test"])
    for mask, loss_key, acc_key in (
        (~test, "loss", "accuracy"),
        (test, "testLoss", "testAccuracy"),
    ):
        loss = F.cross_entropy(logits[mask], labels[mask]).item()
        correct = int((logits[mask].argmax(1) == labels[mask]).sum())
        assert reply[loss_key] == pytest.approx(loss, abs=1e-6)
        assert reply[acc_key] == correct / int(mask.sum())


# ---------------------------------------------------------------------------- class change


@pytest.mark.parametrize("classes", [2, 3, 4, 8])
def test_changing_the_class_count_keeps_what_was_learned(classes: int) -> None:
    config = make_config(architecture=[2, 5, 4, 3], optimizer="adam")
    data = blobs(3, 8, seed=16)
    trained = protocol_train(config, init(config), data, 5, per_request=5)
    new_config = {**config, "architecture": [2, 5, 4, classes]}
    reply = expect_ok(
        call({"type": "init", "id": 1, "config": new_config, **trained}), "init_result"
    )
    w, opt = reply["weights"], reply["optimizer"]
    for name in ("layer_0_weights", "layer_0_bias", "layer_1_weights", "layer_1_bias"):
        assert w[name] == trained["weights"][name]
        assert opt["buffers"][name] == trained["optimizer"]["buffers"][name]
    kept = min(3, classes)
    assert np.array(w["layer_2_weights"]).shape == (classes, 4)
    assert len(w["layer_2_bias"]) == classes
    assert w["layer_2_weights"][:kept] == trained["weights"]["layer_2_weights"][:kept]
    assert w["layer_2_bias"][:kept] == trained["weights"]["layer_2_bias"][:kept]
    assert opt["type"] == "adam" and opt["t"] == trained["optimizer"]["t"]
    for buf in ("exp_avg", "exp_avg_sq"):
        old = trained["optimizer"]["buffers"]
        for name in ("layer_2_weights", "layer_2_bias"):
            arr = np.array(opt["buffers"][name][buf])
            assert arr.shape[0] == classes
            np.testing.assert_array_equal(arr[:kept], np.array(old[name][buf])[:kept])
            assert not arr[kept:].any()
    if classes > 3:
        # New classes start from fresh, non-zero (not dead) weights.
        assert np.abs(np.array(w["layer_2_weights"][3:])).sum() > 0
    # The resized state trains on.
    more = {**blobs(classes, 4, seed=17)}
    step = call(step_message(new_config, w, more, optimizer=opt, step=trained["step"]))
    assert step["type"] == "step_result", step


def test_a_class_change_is_reproducible_and_new_classes_start_from_the_init_rule() -> None:
    config = make_config(architecture=[2, 5, 3], activation="tanh")
    trained = protocol_train(config, init(config), blobs(3, 8, seed=16), 5, per_request=5)
    msg = {"type": "init", "id": 1, "config": {**config, "architecture": [2, 5, 6]}, **trained}
    first = expect_ok(call(msg), "init_result")
    assert call(msg) == first
    new_rows = np.array(first["weights"]["layer_1_weights"][3:])
    assert 0 < np.abs(new_rows).max() <= init_bound("tanh", 5, 6)
    assert first["weights"]["layer_1_bias"][3:] == [0.0] * 3


def test_class_change_without_optimizer_state() -> None:
    config = make_config(architecture=[2, 4, 3])
    weights = init(config)
    reply = call(
        {"type": "init", "config": {**config, "architecture": [2, 4, 5]}, "weights": weights}
    )
    assert reply["optimizer"] is None
    assert reply["weights"]["layer_0_weights"] == weights["layer_0_weights"]
    assert reply["weights"]["layer_1_weights"][:3] == weights["layer_1_weights"]


def test_class_change_rejects_a_changed_hidden_layer() -> None:
    config = make_config(architecture=[2, 4, 3])
    weights = init(config)
    reply = call(
        {
            "type": "init",
            "id": 4,
            "config": {**config, "architecture": [2, 5, 4]},
            "weights": weights,
        }
    )
    assert reply["type"] == "error" and reply["code"] == "invalid_request", reply
    assert reply["field"].startswith("weights.layer_0")


# ---------------------------------------------------------------------------- divergence


def test_a_huge_learning_rate_diverges_without_returning_weights() -> None:
    config = make_config(
        architecture=[2, 16, 16, 16, 3], activation="relu", optimizer="sgd", learningRate=1e6
    )
    data = blobs(3, 10, seed=18)
    reply = call(step_message(config, init(config), data, steps=50))
    assert reply["type"] == "error", reply
    assert reply["code"] == "diverged"
    assert reply["field"] == "config.learningRate"
    assert re.fullmatch(
        r"training diverged at step \d+: the loss or a weight became NaN or infinite; "
        r"lower the learning rate and try again",
        reply["message"],
    ), reply["message"]
    assert "weights" not in reply and "optimizer" not in reply


def test_divergence_is_raised_by_the_trainer_and_leaves_inputs_intact() -> None:
    config = validation.parse_config(
        make_config(
            architecture=[2, 16, 16, 16, 3], activation="relu", optimizer="sgd", learningRate=1e6
        ),
        LIMITS,
    )
    data = validation.parse_data(blobs(3, 10, seed=18), config, LIMITS)
    weights = trainer.init_weights(config)
    before = copy.deepcopy(weights)
    with pytest.raises(trainer.TrainingDiverged):
        trainer.train_step(trainer.StepRequest(config, weights, None, data, steps=50))
    for k, v in before.items():
        np.testing.assert_array_equal(weights[k], v)
