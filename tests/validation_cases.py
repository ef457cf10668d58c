"""The protocol's per-rule error table: one case per validation rule, an edit of the base
request and the code, field and message it must get.

The rules of the message and its config are here; those of the weights, the optimizer state, the
data and the steps are in validation_cases_payload.py. CASES is the whole table, in that order.
"""

from __future__ import annotations

from protocol_support import DELETE, Case, arch, cfg
from validation_cases_payload import PAYLOAD_CASES

from nnvisu.core import optimizers

CONFIG_CASES: list[Case] = [
    # message
    (
        "unknown type",
        [(("type",), "train")],
        "unknown_type",
        "type",
        "unknown message type 'train'",
    ),
    ("missing type", [(("type",), DELETE)], "unknown_type", "type", "unknown message type None"),
    ("missing config", [(("config",), DELETE)], "invalid_request", "config", "is required"),
    ("missing weights", [(("weights",), DELETE)], "invalid_request", "weights", "is required"),
    ("missing data", [(("data",), DELETE)], "invalid_request", "data", "is required"),
    ("config not object", [(("config",), [1])], "invalid_request", "config", "must be an object"),
    # architecture
    (
        "architecture missing",
        [(("config", "architecture"), DELETE)],
        "invalid_request",
        "config.architecture",
        "is required",
    ),
    (
        "architecture not array",
        [cfg("architecture", "2-4-3")],
        "invalid_request",
        "config.architecture",
        "must be an array of layer sizes, got a string",
    ),
    (
        "architecture too short",
        [arch(2)],
        "invalid_request",
        "config.architecture",
        "needs at least an input and an output size",
    ),
    (
        "too many hidden layers",
        [arch(2, 4, 4, 4, 4, 3)],
        "limit_exceeded",
        "config.architecture",
        "4 hidden layers; this server allows at most 3",
    ),
    (
        "too many neurons",
        [arch(2, 11, 3)],
        "limit_exceeded",
        "config.architecture[1]",
        "11 neurons; this server allows at most 10",
    ),
    (
        "layer size string",
        [arch(2, "4", 3)],  # type: ignore[arg-type]
        "invalid_request",
        "config.architecture[1]",
        "must be an integer, got a string",
    ),
    (
        "layer size fractional",
        [(("config", "architecture"), [2, 4.5, 3])],
        "invalid_request",
        "config.architecture[1]",
        "must be an integer, got 4.5",
    ),
    (
        "layer size zero",
        [arch(2, 0, 3)],
        "invalid_request",
        "config.architecture[1]",
        "must be between 1 and",
    ),
    (
        "input size vs features",
        [arch(3, 4, 3)],
        "invalid_request",
        "config.architecture[0]",
        "input size 3 does not match the 2 enabled features",
    ),
    (
        "one class",
        [arch(2, 4, 1)],
        "invalid_request",
        "config.architecture[2]",
        "must be between 2 and 8, got 1",
    ),
    (
        "nine classes",
        [arch(2, 4, 9)],
        "invalid_request",
        "config.architecture[2]",
        "must be between 2 and 8, got 9",
    ),
    # names
    (
        "unknown activation",
        [cfg("activation", "softplus")],
        "invalid_request",
        "config.activation",
        "unknown activation 'softplus'; known: tanh, relu",
    ),
    (
        "activation not a string",
        [cfg("activation", ["tanh"])],
        "invalid_request",
        "config.activation",
        "unknown activation ['tanh']",
    ),
    (
        "unknown optimizer",
        [cfg("optimizer", "adagrad")],
        "invalid_request",
        "config.optimizer",
        "unknown optimizer 'adagrad'; known: " + ", ".join(optimizers.NAMES),
    ),
    (
        "optimizer not a string",
        [cfg("optimizer", {"adam": 1})],
        "invalid_request",
        "config.optimizer",
        "unknown optimizer",
    ),
    (
        "unknown feature",
        [cfg("features", ["x", "z"])],
        "invalid_request",
        "config.features",
        "unknown feature 'z'; known: x, y, x2",
    ),
    (
        "feature not a string",
        [cfg("features", ["x", ["y"]])],
        "invalid_request",
        "config.features",
        "unknown feature ['y']",
    ),
    (
        "features empty",
        [cfg("features", [])],
        "invalid_request",
        "config.features",
        "must be a non-empty array of feature names",
    ),
    (
        "features not array",
        [cfg("features", "x,y")],
        "invalid_request",
        "config.features",
        "must be a non-empty array",
    ),
    (
        "duplicate feature",
        [cfg("features", ["x", "x"])],
        "invalid_request",
        "config.features",
        "lists a feature twice",
    ),
    # numbers
    (
        "learning rate zero",
        [cfg("learningRate", 0)],
        "invalid_request",
        "config.learningRate",
        "must be in (0.0, 1000000.0], got 0.0",
    ),
    (
        "learning rate negative",
        [cfg("learningRate", -0.1)],
        "invalid_request",
        "config.learningRate",
        "got -0.1",
    ),
    (
        "learning rate too large",
        [cfg("learningRate", 1e7)],
        "invalid_request",
        "config.learningRate",
        "got 10000000.0",
    ),
    (
        "learning rate string",
        [cfg("learningRate", "0.1")],
        "invalid_request",
        "config.learningRate",
        "must be a number, got a string",
    ),
    (
        "learning rate boolean",
        [cfg("learningRate", True)],
        "invalid_request",
        "config.learningRate",
        "must be a number, got a boolean",
    ),
    (
        "learning rate null",
        [cfg("learningRate", None)],
        "invalid_request",
        "config.learningRate",
        "must be a number, got null",
    ),
    ("dropout high", [cfg("dropout", 0.96)], "invalid_request", "config.dropout", "[0.0, 0.95]"),
    ("dropout negative", [cfg("dropout", -0.1)], "invalid_request", "config.dropout", "got -0.1"),
    ("momentum 1", [cfg("momentum", 1)], "invalid_request", "config.momentum", "[0.0, 0.999]"),
    ("momentum negative", [cfg("momentum", -1)], "invalid_request", "config.momentum", "got -1"),
    ("l1 negative", [cfg("l1", -0.01)], "invalid_request", "config.l1", "[0.0, 100.0]"),
    ("l2 too large", [cfg("l2", 101)], "invalid_request", "config.l2", "[0.0, 100.0]"),
    ("l2 string", [cfg("l2", "a")], "invalid_request", "config.l2", "must be a number"),
    (
        "batch size negative",
        [cfg("batchSize", -1)],
        "invalid_request",
        "config.batchSize",
        "must be between 0 and",
    ),
    (
        "batch size fractional",
        [cfg("batchSize", 2.5)],
        "invalid_request",
        "config.batchSize",
        "must be an integer, got 2.5",
    ),
    ("seed negative", [cfg("seed", -1)], "invalid_request", "config.seed", "between 0 and"),
    (
        "seed too large",
        [cfg("seed", 2**31)],
        "invalid_request",
        "config.seed",
        "must be between 0 and 2147483647, got 2147483648",
    ),
    ("seed string", [cfg("seed", "7")], "invalid_request", "config.seed", "must be an integer"),
]

CASES: list[Case] = [*CONFIG_CASES, *PAYLOAD_CASES]
