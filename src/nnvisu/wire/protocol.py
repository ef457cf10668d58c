"""The nnvisu protocol's messages and their dispatch.

Every message the server (over `/ws`) or the widget (over the Jupyter comm) receives goes
through `handle` (raw frames) or `handle_message` (decoded ones), which never raise: a bad
request becomes an `error` reply whose `field` and `message` name the problem. The encodings
live in `codec`, the checks of each field in `validation`; docs/protocol.md describes the
messages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core import optimizers, schema, trainer, work
from ..core.limits import Limits
from ..core.trainer import Config, Metrics, OptimizerState, StepRequest, StepResult
from . import torch_file
from .codec import ENCODINGS, JSON, decode, encode, is_binary
from .errors import DIVERGED_FIELD, ProtocolError, invalid, kind_of, limit_exceeded, shown
from .validation import (
    MAX_SAFE_INTEGER,
    check_int,
    get_field,
    parse_config,
    parse_data,
    parse_optimizer,
    parse_weights,
    parse_weights_for_resize,
)

PROTOCOL_VERSION = 1
log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------- requests


def step_work(request: StepRequest) -> int:
    """Multiply-adds a request costs: steps x batch points x parameters, and the fixed costs
    of each step and of the call counted as the multiply-adds that take as long (`work`)."""
    train = int((~request.data.test).sum())
    return work.estimate(request.config, train, len(request.data.label), request.steps)


def parse_step(msg: JSON, limits: Limits) -> StepRequest:
    config = parse_config(get_field(msg, "config", ""), limits)
    weights = parse_weights(get_field(msg, "weights", ""), config)
    optimizer = parse_optimizer(msg.get("optimizer"), config)
    data = parse_data(get_field(msg, "data", ""), config, limits)
    steps = msg.get("steps", 1)
    if isinstance(steps, int | float) and not isinstance(steps, bool) and steps > limits.max_steps:
        limit_exceeded(
            "steps", f"{steps} steps; this server allows at most {limits.max_steps} per request"
        )
    steps = check_int(steps, "steps", 1, limits.max_steps)
    step = check_int(msg.get("step", 0), "step", 0, MAX_SAFE_INTEGER)
    _check_counter("step", step, steps)
    if optimizer is not None and optimizers.BY_NAME[optimizer.kind].counts_steps:
        _check_counter("optimizer.t", optimizer.t, steps)
    if data.test.all():
        invalid("data", "has no training points (every point is a test point or there are none)")
    request = StepRequest(
        config=config, weights=weights, optimizer=optimizer, data=data, steps=steps, step=step
    )
    cost = step_work(request)
    if cost > limits.max_work:
        limit_exceeded(
            "steps",
            f"this request needs about {cost:.2g} multiply-adds (steps x batch x parameters, "
            f"and each step's fixed cost); the limit is {limits.max_work:.2g}: send fewer "
            "steps per request",
        )
    return request


def _check_counter(field: str, value: int, steps: int) -> None:
    """A counter may not pass 2^53 - 1: the client could no longer send it back exactly."""
    if value + steps > MAX_SAFE_INTEGER:
        invalid(
            field,
            f"{value} + {steps} steps would pass {MAX_SAFE_INTEGER} (2^53 - 1), the largest "
            "integer a JSON client keeps exact; start counting again from 0",
        )


# ---------------------------------------------------------------------------- replies


def encode_optimizer(state: OptimizerState) -> JSON:
    return {"type": state.kind, "t": state.t, "buffers": state.buffers}


def encode_metrics(m: Metrics) -> JSON:
    return {
        "loss": m.train_loss,
        "accuracy": m.train_accuracy,
        "testLoss": m.test_loss,
        "testAccuracy": m.test_accuracy,
        "r2": m.train_r2,
        "testR2": m.test_r2,
        "trainCount": m.train_count,
        "testCount": m.test_count,
    }


def encode_step_result(request_id: Any, result: StepResult) -> JSON:
    return {
        "type": "step_result",
        "id": request_id,
        "step": result.step,
        "weights": result.weights,
        "optimizer": encode_optimizer(result.optimizer),
        **encode_metrics(result.metrics),
    }


def error_reply(request_id: Any, code: str, message: str, field: str | None = None) -> JSON:
    return {"type": "error", "id": request_id, "code": code, "field": field, "message": message}


def hello(limits: Limits, **extra: Any) -> JSON:
    """The first message on a connection: what this server speaks and allows."""
    return {
        "type": "hello",
        "protocol": PROTOCOL_VERSION,
        "encodings": list(ENCODINGS),
        "limits": schema.describe_limits(limits),
        "schema": schema.describe(limits),
        **extra,
    }


# ---------------------------------------------------------------------------- dispatch


def _handle_init(msg: JSON, limits: Limits) -> JSON:
    config = parse_config(get_field(msg, "config", ""), limits)
    if msg.get("weights") is None:
        return {
            "type": "init_result",
            "id": msg.get("id"),
            "weights": trainer.init_weights(config),
            "optimizer": None,
        }
    if config.regression:
        invalid(
            "weights",
            "an init with weights changes the number of classes, and a regression has none "
            "(its output layer is 1 unit): send init without weights for fresh weights",
        )
    # Resizing: everything but the number of classes must match the sent weights.
    prev = parse_weights_for_resize(msg["weights"], config)
    optimizer_json = msg.get("optimizer")
    prev_config = Config(
        architecture=(*config.architecture[:-1], prev[f"layer_{config.num_layers - 1}_bias"].size),
        optimizer=config.optimizer,
    )
    opt = parse_optimizer(optimizer_json, prev_config)
    weights, opt = trainer.resize_classes(config, prev, opt)
    return {
        "type": "init_result",
        "id": msg.get("id"),
        "weights": weights,
        "optimizer": None if opt is None else encode_optimizer(opt),
    }


@dataclass(frozen=True)
class PendingStep:
    """A validated `step` request, to be trained by `finish` (here or on a worker thread)."""

    request_id: Any
    request: StepRequest
    binary: bool = False  # reply in the binary encoding


def _begin(msg: JSON, limits: Limits) -> JSON | PendingStep:
    """Validate one decoded request; answer it unless it is a step to train."""
    request_id = msg.get("id")
    if isinstance(request_id, str) and len(request_id) > 200:
        return error_reply(None, "invalid_request", "id: must be at most 200 characters", "id")
    if request_id is not None and (
        isinstance(request_id, bool) or not isinstance(request_id, str | int | float)
    ):
        return error_reply(None, "invalid_request", "id: must be a string or a number", "id")
    if isinstance(request_id, int | float) and abs(request_id) > MAX_SAFE_INTEGER:
        message = (
            f"id: a number must be within ±{MAX_SAFE_INTEGER} (2^53 - 1), the integers a JSON "
            "client keeps exact; send a larger id as a string"
        )
        return error_reply(None, "invalid_request", message, "id")
    kind = msg.get("type")
    if isinstance(kind, np.ndarray):  # an array does not compare to a name as one value
        kind = kind_of(kind)
    try:
        entry = BY_TYPE.get(kind) if isinstance(kind, str) else None
        if entry is None:
            raise ProtocolError("unknown_type", "type", unknown_type(kind, BY_TYPE))
        return entry.answer(msg, limits)
    except ProtocolError as e:
        return error_reply(request_id, e.code, e.message, e.field)
    except Exception:  # a bug must cost one reply, never the connection
        log.exception("internal error handling %s request", kind)
        return error_reply(request_id, "internal_error", "internal error; see the server log")


def _answer_step(msg: JSON, limits: Limits) -> PendingStep:
    return PendingStep(msg.get("id"), parse_step(msg, limits))


def _answer_ping(msg: JSON, limits: Limits) -> JSON:
    return {"type": "pong", "id": msg.get("id")}


@dataclass(frozen=True)
class Message:
    """A request type: the type of its reply and how a host answers it (a `step` is validated
    here and trained by `finish`, so that a server can train it on a thread)."""

    type: str
    reply: str
    answer: Callable[[JSON, Limits], JSON | PendingStep]


# THE messages a client may send, in the order errors name them. The kernel answers those a
# widget sends (`nnvisu.notebook.synced`) through this table too.
MESSAGES: tuple[Message, ...] = (
    Message("step", "step_result", _answer_step),
    Message("init", "init_result", _handle_init),
    Message("export", "export_result", torch_file.export_reply),
    Message("ping", "pong", _answer_ping),
)
BY_TYPE: dict[str, Message] = {m.type: m for m in MESSAGES}
# Every type a server sends: the greeting, the replies, and errors.
REPLY_TYPES: tuple[str, ...] = ("hello", *(m.reply for m in MESSAGES), "error")


def unknown_type(kind: Any, known: Iterable[str]) -> str:
    """The error message for a `type` that is none of `known`."""
    names = [repr(k) for k in known]
    listed = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
    return f"type: unknown message type {shown(kind)}; expected {listed}"


def _finish(pending: PendingStep) -> JSON:
    try:
        return encode_step_result(pending.request_id, trainer.train_step(pending.request))
    except trainer.TrainingDiverged as e:
        return error_reply(pending.request_id, "diverged", str(e), DIVERGED_FIELD)
    except Exception:  # a bug must cost one reply, never the connection
        log.exception("internal error training a step")
        return error_reply(
            pending.request_id, "internal_error", "internal error; see the server log"
        )


def handle_message(msg: JSON, limits: Limits) -> JSON:
    """Answer one decoded request. Never raises: failures become `error` replies."""
    started = _begin(msg, limits)
    return started if isinstance(started, dict) else _finish(started)


def begin(message: str | bytes, limits: Limits) -> bytes | PendingStep:
    """Decode and validate one raw message: the encoded reply, or a step still to train.

    The split lets a server train cheap steps at once and hand costly ones to a thread.
    """
    binary = is_binary(message)
    try:
        msg = decode(message, limits)
    except ProtocolError as e:
        return encode(error_reply(None, e.code, e.message, e.field), binary)
    started = _begin(msg, limits)
    if isinstance(started, dict):
        return encode(started, binary)
    return PendingStep(started.request_id, started.request, binary)


def finish(pending: PendingStep) -> bytes:
    """Train a validated step and encode the reply (in the request's encoding). Never raises."""
    return encode(_finish(pending), pending.binary)


def handle(message: str | bytes, limits: Limits) -> bytes:
    """Decode, answer and encode one raw message."""
    started = begin(message, limits)
    return started if isinstance(started, bytes) else finish(started)
