"""The trainer: fidelity to torch.optim through the JSON protocol, learning, determinism.

The reference is an ordinary stateful PyTorch loop (`nn.Sequential`, `torch.optim`), written
here independently of the trainer. It draws its mini-batches and dropout masks by the rule that
docs/protocol.md gives ("Randomness"), with its own code: nothing of the trainer's is shared.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import re
from collections.abc import Callable
from typing import Any

import hypothesis.strategies as st
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from torch import nn

from nnvisu import codec, protocol, trainer, validation
from nnvisu.limits import Limits

pytestmark = pytest.mark.usefixtures("one_torch_thread")

LIMITS = Limits()


JSON = dict[str, Any]

TOLERANCE = 1e-6


def call(msg: JSON, limits: Limits = LIMITS) -> JSON:
    """One real JSON round trip through the protocol, as the server and the widget do it."""
    reply: JSON = json.loads(protocol.handle(json.dumps(msg).encode(), limits))
    return reply


def expect_ok(reply: JSON, kind: str) -> JSON:
    assert reply["type"] == kind, reply
    return reply


def make_config(**overrides: Any) -> JSON:
    config: JSON = {
        "architecture": [2, 6, 5, 3],
        "activation": "tanh",
        "optimizer": "adam",
        "learningRate": 0.03,
        "momentum": 0.9,
        "l1": 0,
        "l2": 0,
        "batchSize": 0,
        "dropout": 0,
        "features": ["x", "y"],
        "seed": 11,
    }
    config.update(overrides)
    config["architecture"] = [
        len(config["features"]),
        *config["architecture"][1:],
    ]
    return config


def init(config: JSON) -> JSON:
    weights: JSON = expect_ok(call({"type": "init", "id": 0, "config": config}), "init_result")[
        "weights"
    ]
    return weights


def blobs(classes: int, per_class: int, seed: int, spread: float = 0.6) -> JSON:
    """Gaussian blobs around points on a circle, as data columns."""
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(classes) / classes
    centres = 3 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    label = np.repeat(np.arange(classes), per_class)
    xy = centres[label] + rng.normal(0, spread, (len(label), 2))
    return {"x": xy[:, 0].tolist(), "y": xy[:, 1].tolist(), "label": label.tolist()}


def sectors(classes: int, n: int, seed: int) -> JSON:
    """Points in a disc labelled by angular sector: no class is linearly separable from all."""
    rng = np.random.default_rng(seed)
    r = 4 * np.sqrt(rng.uniform(0.04, 1, n))
    theta = rng.uniform(0, 2 * np.pi, n)
    label = np.floor(theta / (2 * np.pi / classes)).astype(int) % classes
    return {
        "x": (r * np.cos(theta)).tolist(),
        "y": (r * np.sin(theta)).tolist(),
        "label": label.tolist(),
    }


def with_tests(data: JSON, every: int) -> JSON:
    out = dict(data)
    out["test"] = [i % every == 0 for i in range(len(data["label"]))]
    return out


# ---------------------------------------------------------------------------- the reference loop


REF_ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.01),
    "gelu": nn.GELU,
    "sigmoid": nn.Sigmoid,
    "linear": nn.Identity,
}

REF_FEATURES: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "x": lambda x, y: x,
    "y": lambda x, y: y,
    "x2": lambda x, y: x**2,
    "y2": lambda x, y: y**2,
    "xy": lambda x, y: x * y,
    "sinx": lambda x, y: torch.sin(x),
    "siny": lambda x, y: torch.sin(y),
}


def documented_seed(seed: int, step: int, stream: int) -> int:
    """`mix(seed, step, stream)` as docs/protocol.md defines it (arithmetic mod 2**64)."""
    mod = 1 << 64
    h = (seed * 0x9E3779B97F4A7C15 + step * 0xBF58476D1CE4E5B9 + stream * 0x94D049BB133111EB) % mod
    h ^= h >> 31
    h = h * 0xD6E8FEB86659FD93 % mod
    h ^= h >> 32
    return h % (1 << 63)


def documented_batch(seed: int, step: int, n: int, batch_size: int) -> torch.Tensor | None:
    """The training rows docs/protocol.md says global step `step` draws; None: all of them."""
    if batch_size == 0 or batch_size >= n:
        return None
    generator = torch.Generator().manual_seed(documented_seed(seed, step, 3))
    return torch.randperm(n, generator=generator)[:batch_size]


class SeededDropout(nn.Module):
    """Inverted dropout whose mask comes from a generator the loop reseeds every step."""

    def __init__(self, p: float, source: list[torch.Generator]) -> None:
        super().__init__()
        self.keep = 1 - p
        self.source = source

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return h
        mask = torch.rand(h.shape, generator=self.source[0]) < self.keep
        return h * mask / self.keep


def reference_optimizer(config: JSON, params: Any) -> torch.optim.Optimizer:
    lr = config["learningRate"]
    kind = config["optimizer"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if kind == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=config["momentum"])
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr)
    assert kind == "rmsprop"
    return torch.optim.RMSprop(params, lr=lr)


def reference_model(
    config: JSON, weights: JSON, generator: list[torch.Generator]
) -> tuple[nn.Sequential, list[nn.Linear]]:
    arch = config["architecture"]
    layers: list[nn.Module] = []
    linears = []
    for i in range(len(arch) - 1):
        lin = nn.Linear(arch[i], arch[i + 1])
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(weights[f"layer_{i}_weights"]))
            lin.bias.copy_(torch.tensor(weights[f"layer_{i}_bias"]))
        linears.append(lin)
        layers.append(lin)
        if i < len(arch) - 2:
            layers.append(REF_ACTIVATIONS[config["activation"]]())
            if config["dropout"] > 0:
                layers.append(SeededDropout(config["dropout"], generator))
    return nn.Sequential(*layers), linears


def reference_train(
    config: JSON,
    weights: JSON,
    data: JSON,
    steps: int,
    *,
    rebuild_optimizer_each_step: bool = False,
) -> JSON:
    """`steps` steps of an ordinary stateful PyTorch loop; returns the weights as lists."""
    generator = [torch.Generator()]
    model, linears = reference_model(config, weights, generator)
    train = [not t for t in data.get("test", [False] * len(data["label"]))]
    x = torch.tensor(data["x"], dtype=torch.float32)[train]
    y = torch.tensor(data["y"], dtype=torch.float32)[train]
    inputs = torch.stack([REF_FEATURES[f](x, y) for f in config["features"]], dim=1)
    labels = torch.tensor(data["label"])[torch.tensor(train)]
    opt = reference_optimizer(config, model.parameters())
    for step in range(steps):
        if rebuild_optimizer_each_step:
            opt = reference_optimizer(config, model.parameters())
        idx = documented_batch(config["seed"], step, len(labels), config["batchSize"])
        batch_in = inputs if idx is None else inputs[idx]
        batch_y = labels if idx is None else labels[idx]
        generator[0] = torch.Generator().manual_seed(documented_seed(config["seed"], step, 4))
        loss = F.cross_entropy(model(batch_in), batch_y)
        if config["l1"] > 0:
            loss = loss + config["l1"] * sum(lin.weight.abs().sum() for lin in linears)
        if config["l2"] > 0:
            loss = loss + 0.5 * config["l2"] * sum(lin.weight.pow(2).sum() for lin in linears)
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
    out: JSON = {}
    for i, lin in enumerate(linears):
        out[f"layer_{i}_weights"] = lin.weight.detach().tolist()
        out[f"layer_{i}_bias"] = lin.bias.detach().tolist()
    return out


def protocol_train(
    config: JSON, weights: JSON, data: JSON, steps: int, per_request: int = 1
) -> JSON:
    """`steps` steps through `protocol.handle`, passing each reply's state into the next."""
    state: JSON = {"weights": weights, "optimizer": None, "step": 0}
    assert steps % per_request == 0
    for i in range(steps // per_request):
        msg = {"type": "step", "id": i, "config": config, "data": data, "steps": per_request}
        reply = expect_ok(call({**msg, **state}), "step_result")
        assert reply["id"] == i
        state = {k: reply[k] for k in ("weights", "optimizer", "step")}
    assert state["step"] == steps
    return state


def max_abs_diff(a: JSON, b: JSON) -> float:
    assert a.keys() == b.keys()
    return max(float(np.max(np.abs(np.array(a[k]) - np.array(b[k])))) for k in a)


# ---------------------------------------------------------------------------- fidelity

OPTIMIZERS = ["sgd", "momentum", "adam", "rmsprop"]

FIDELITY_CASES: dict[str, JSON] = {
    "tanh-plain": {"activation": "tanh"},
    "relu-l2": {"activation": "relu", "l2": 0.01},
    "gelu-l1-l2-features": {
        "activation": "gelu",
        "l1": 0.001,
        "l2": 0.003,
        "features": ["x", "y", "x2", "y2", "xy", "sinx", "siny"],
    },
    "sigmoid-features": {"activation": "sigmoid", "features": ["sinx", "xy", "y"]},
    "leaky-linear-l1": {"activation": "leaky_relu", "l1": 0.002, "features": ["x2", "y2"]},
    "linear": {"activation": "linear", "features": ["y", "x"]},
}


@pytest.mark.parametrize("case", list(FIDELITY_CASES))
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_protocol_steps_equal_a_stateful_torch_loop(optimizer: str, case: str) -> None:
    lr = 0.1 if optimizer == "sgd" else 0.01
    config = make_config(optimizer=optimizer, learningRate=lr, momentum=0.8, **FIDELITY_CASES[case])
    data = with_tests(blobs(3, 12, seed=1), every=5)
    weights = init(config)
    steps = 30
    ours = protocol_train(config, weights, data, steps)
    ref = reference_train(config, weights, data, steps)
    assert max_abs_diff(ours["weights"], ref) <= TOLERANCE
    # The test has teeth: training moved the weights much further than the tolerance.
    assert max_abs_diff(weights, ref) > 1000 * TOLERANCE


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_minibatch_and_dropout_equal_the_reference_with_the_documented_sampling(
    optimizer: str,
) -> None:
    config = make_config(
        optimizer=optimizer,
        learningRate=0.02,
        batchSize=7,
        dropout=0.3,
        l2=0.001,
        activation="relu",
        architecture=[2, 8, 8, 4],
    )
    data = with_tests(blobs(4, 10, seed=2), every=4)
    weights = init(config)
    steps = 30
    ours = protocol_train(config, weights, data, steps, per_request=3)
    ref = reference_train(config, weights, data, steps)
    assert max_abs_diff(ours["weights"], ref) <= TOLERANCE
    # Without the documented sampling the same run lands elsewhere: the sampling is exercised.
    unseeded = reference_train({**config, "batchSize": 0, "dropout": 0}, weights, data, steps)
    assert max_abs_diff(ours["weights"], unseeded) > 1000 * TOLERANCE


@settings(max_examples=20, deadline=None)
@given(
    optimizer=st.sampled_from(OPTIMIZERS),
    activation=st.sampled_from(list(REF_ACTIVATIONS)),
    features=st.lists(st.sampled_from(list(REF_FEATURES)), min_size=1, max_size=7, unique=True),
    hidden=st.lists(st.integers(1, 6), min_size=0, max_size=3),
    classes=st.integers(2, 5),
    l1=st.sampled_from([0.0, 0.003]),
    l2=st.sampled_from([0.0, 0.01]),
    batch_size=st.sampled_from([0, 4, 9]),
    dropout=st.sampled_from([0.0, 0.4]),
    seed=st.integers(0, 2**31 - 1),
)
def test_random_settings_equal_the_reference(
    optimizer: str,
    activation: str,
    features: list[str],
    hidden: list[int],
    classes: int,
    l1: float,
    l2: float,
    batch_size: int,
    dropout: float,
    seed: int,
) -> None:
    config = make_config(
        optimizer=optimizer,
        activation=activation,
        features=features,
        architecture=[0, *hidden, classes],
        # Momentum's steady step is ten times its learning rate: with squared features
        # (values up to ~30) anything larger can diverge, which proves nothing here.
        learningRate={"sgd": 0.05, "momentum": 0.005}.get(optimizer, 0.01),
        l1=l1,
        l2=l2,
        batchSize=batch_size,
        dropout=dropout,
        seed=seed,
    )
    data = with_tests(blobs(classes, 6, seed=seed % 1000), every=4)
    weights = init(config)
    reference = reference_train(config, weights, data, 25)
    if not all(np.isfinite(np.asarray(w)).all() for w in reference.values()):
        # Some settings blow up (plain SGD on squared features, say): then ours must stop
        # with the named error instead of returning weights.
        reply = call(step_message(config, weights, data, steps=25))
        assert (reply["type"], reply.get("code")) == ("error", "diverged"), reply
        return
    ours = protocol_train(config, weights, data, 25, per_request=5)
    # Float32 round-off scales with the weights; random settings can grow them well past 1.
    scale = max(1.0, max(float(np.abs(np.asarray(w)).max()) for w in reference.values()))
    assert max_abs_diff(ours["weights"], reference) <= TOLERANCE * scale


@pytest.mark.parametrize("per_request", [1, 5, 25])
def test_steps_per_request_do_not_change_the_result(per_request: int) -> None:
    config = make_config(optimizer="adam", batchSize=5, dropout=0.2)
    data = blobs(3, 10, seed=3)
    weights = init(config)
    ours = protocol_train(config, weights, data, 25, per_request=per_request)
    ref = reference_train(config, weights, data, 25)
    assert max_abs_diff(ours["weights"], ref) <= TOLERANCE


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("architecture", [[2, 6, 5, 3], [2, 5, 7, 2]])
def test_small_batches_equal_torch_optim_bit_for_bit(
    optimizer: str, architecture: list[int]
) -> None:
    # Stricter than the tolerance: the trainer keeps torch.optim's arithmetic exactly. Batches
    # of one point go through small matrix products whose rounding depends on where a weight
    # sits in memory, so this also guards how the trainer lays its parameters out.
    config = make_config(
        optimizer=optimizer, learningRate=0.02, batchSize=1, architecture=architecture
    )
    data = blobs(architecture[-1], 10, seed=19)
    weights = init(config)
    ours = protocol_train(config, weights, data, 20, per_request=20)["weights"]
    ref = reference_train(config, weights, data, 20)
    for name in ref:
        # The JSON round trip keeps float32 values exactly, as float32.
        np.testing.assert_array_equal(
            np.array(ours[name], np.float32), np.array(ref[name], np.float32)
        )


def test_rebuilding_adam_every_step_differs_from_ours() -> None:
    config = make_config(optimizer="adam", learningRate=0.01)
    data = blobs(3, 12, seed=4)
    weights = init(config)
    ours = protocol_train(config, weights, data, 25)
    naive = reference_train(config, weights, data, 25, rebuild_optimizer_each_step=True)
    assert max_abs_diff(ours["weights"], naive) > 1e-3


def test_weights_survive_the_json_round_trip_exactly() -> None:
    config = make_config()
    data = blobs(3, 5, seed=5)
    reply = protocol_train(config, init(config), data, 3)
    req = trainer.StepRequest(
        config=validation.parse_config(config, LIMITS),
        weights={k: np.array(v, np.float32) for k, v in reply["weights"].items()},
        optimizer=None,
        data=validation.parse_data(data, validation.parse_config(config, LIMITS), LIMITS),
    )
    encoded = json.loads(codec.dumps({"w": req.weights}))["w"]
    for name, arr in req.weights.items():
        np.testing.assert_array_equal(np.array(encoded[name], np.float32), arr)


# ---------------------------------------------------------------------------- determinism


def step_message(config: JSON, weights: JSON, data: JSON, **extra: Any) -> JSON:
    return {"type": "step", "id": "r", "config": config, "weights": weights, "data": data, **extra}


def test_the_same_request_twice_gives_byte_identical_replies() -> None:
    config = make_config(optimizer="rmsprop", batchSize=6, dropout=0.25, l1=0.001)
    data = with_tests(blobs(3, 10, seed=6), every=3)
    msg = json.dumps(step_message(config, init(config), data, steps=7, step=40)).encode()
    first = protocol.handle(msg, LIMITS)
    second = protocol.handle(msg, LIMITS)
    assert json.loads(first)["type"] == "step_result"
    assert first == second


def test_train_step_does_not_mutate_its_inputs() -> None:
    config_json = make_config(optimizer="momentum", batchSize=4, dropout=0.1)
    config = validation.parse_config(config_json, LIMITS)
    data = validation.parse_data(with_tests(blobs(3, 6, seed=7), 4), config, LIMITS)
    first = trainer.train_step(
        trainer.StepRequest(config, trainer.init_weights(config), None, data, steps=3)
    )
    request = trainer.StepRequest(config, first.weights, first.optimizer, data, steps=3, step=3)
    before = copy.deepcopy(request)
    result = trainer.train_step(request)
    for name in before.weights:
        np.testing.assert_array_equal(request.weights[name], before.weights[name])
        for buf, arr in before.optimizer.buffers[name].items():  # type: ignore[union-attr]
            np.testing.assert_array_equal(request.optimizer.buffers[name][buf], arr)  # type: ignore[union-attr]
    assert request.optimizer.t == before.optimizer.t  # type: ignore[union-attr]
    np.testing.assert_array_equal(request.data.xy, before.data.xy)
    np.testing.assert_array_equal(request.data.label, before.data.label)
    assert request.step == 3
    assert max(float(np.abs(result.weights[n] - before.weights[n]).max()) for n in before.weights)
    assert result.step == 6


def test_init_depends_only_on_architecture_activation_and_seed() -> None:
    config = make_config()
    same = init({**config, "learningRate": 0.5, "optimizer": "sgd", "uiTheme": "dark"})
    assert init(config) == same
    assert init({**config, "seed": 12}) != init(config)
    assert init({**config, "activation": "relu"}) != init(config)


RECTIFIERS = ("relu", "leaky_relu", "gelu")


def init_bound(activation: str, fan_in: int, fan_out: int) -> float:
    """docs/protocol.md: He for the rectifiers, Glorot for the others."""
    return math.sqrt(6 / fan_in if activation in RECTIFIERS else 6 / (fan_in + fan_out))


@pytest.mark.parametrize("activation", list(REF_ACTIVATIONS))
def test_init_draws_uniform_weights_at_the_documented_scale(activation: str) -> None:
    config = make_config(activation=activation, architecture=[2, 60, 40, 3])
    weights = init(config)
    for i, (fan_in, fan_out) in enumerate(itertools.pairwise(config["architecture"])):
        w = np.array(weights[f"layer_{i}_weights"])
        bound = init_bound(activation, fan_in, fan_out)
        assert w.shape == (fan_out, fan_in)
        # Uniform on [-bound, bound]: it reaches nearly to the bound, and its spread is
        # bound / sqrt(3).
        assert 0.95 * bound <= np.abs(w).max() <= bound
        assert np.std(w) == pytest.approx(bound / math.sqrt(3), rel=0.15)
        assert weights[f"layer_{i}_bias"] == [0.0] * fan_out


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
