"""The kernel side of the widget: its synced state and the browser's training messages.

The synced traits are the model keys of docs/protocol.md section 2. The browser asks for
training with the custom messages `step` and `init`, named as on `/ws`; the kernel answers them
with `nnvisu.protocol.handle_message`, the same function the standalone server calls, so the
notebook and the web page train, validate and fail identically. The replies are the wire
replies without the state, which reaches the browser in the traits. The kernel also keeps the
training history, so it is complete whether or not a browser shows the widget.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Mapping
from itertools import count
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import orjson
import traitlets

from ..core import schema, trainer
from ..core.limits import Limits
from ..core.trainer import Config, StepRequest, StepResult
from ..wire import history, protocol, serializers, validation
from ..wire.codec import JSON, dumps
from ..wire.errors import ProtocolError
from . import settings
from .fitting import one_torch_thread

STATIC = Path(__file__).parent.parent / "static"
BUNDLE = STATIC / "nnvisu.js"
STYLESHEET = STATIC / "nnvisu.css"

# What a `step_result` tells the browser: all but the state, which goes in the traits.
_STATE_KEYS = ("weights", "optimizer")
# The `metrics` key: the wire reply's metrics.
_METRIC_KEYS = ("loss", "accuracy", "testLoss", "testAccuracy", "r2", "testR2")
# Traits whose model key is another name: `step` is the Python method `Widget.step()`, and
# `optimizer` and `history` are the Python setting and property (see `Widget`).
_WIRE_NAME = {
    "step_count": "step",
    "_optimizer_state": "optimizer",
    "_history_state": "history",
    "_comm_model_id": "model_id",
}
_TRAIT_NAME = {wire: name for name, wire in _WIRE_NAME.items()}
# How often the history follows the browser's training to the browser (the page saves its own
# history as often); the rows in between reach it through `step`.
HISTORY_PUSH_SECONDS = 1.0


def json_values(value: Any) -> Any:
    """Plain JSON values for a trait (the data columns). Going through orjson writes float32
    coordinates with their shortest exact repr, about half as long as `tolist()`'s."""
    return orjson.loads(dumps(value))


class KernelWidget(anywidget.AnyWidget):
    """The widget's synced state and the kernel's answers to the browser (see the module)."""

    config = traitlets.Dict().tag(sync=True)
    # Weights and optimizer buffers are float32 numpy arrays here and binary buffers on the
    # comm (see `traits`): as JSON text they cost more than the training itself.
    weights = traitlets.Dict(allow_none=True, default_value=None).tag(
        sync=True, to_json=serializers.weights_to_json, from_json=serializers.weights_from_json
    )
    # No echo for the renamed keys: an echo would go out under the trait's own name.
    _optimizer_state = traitlets.Dict(allow_none=True, default_value=None).tag(
        sync=True,
        echo_update=False,
        to_json=serializers.optimizer_to_json,
        from_json=serializers.optimizer_from_json,
    )
    step_count = traitlets.Int(0).tag(sync=True, echo_update=False)
    data = traitlets.Dict().tag(sync=True)
    metrics = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    _history_state = traitlets.Dict().tag(
        sync=True, echo_update=False, to_json=history.to_json, from_json=history.from_json
    )
    limits = traitlets.Dict().tag(sync=True)
    # The host's settings schema (schema.describe): the front end's bounds and defaults.
    schema = traitlets.Dict().tag(sync=True, echo_update=False)
    status = traitlets.Dict().tag(sync=True)
    # This model's id in the widget manager, so that the front end can ask the manager whether a
    # kernel is behind it (a widget restored from a saved notebook has none until its cell runs
    # again). `model_id` itself is ipywidgets' property, hence the trait's name.
    _comm_model_id = traitlets.Unicode("").tag(sync=True, echo_update=False)

    _esm: str
    _css: str

    def __init__(self, wire: JSON, limits: Limits, columns: JSON, extent: list[float]) -> None:
        if not BUNDLE.is_file():
            raise FileNotFoundError(
                f"the nnvisu front-end bundle {BUNDLE} is missing; build it from the source "
                "checkout with `npm ci && npm run build`, then reinstall or restart the kernel"
            )
        # Set before AnyWidget.__init__, which turns them into synced traits. Read here, not
        # at import, so that a missing bundle is this clear error rather than an import failure.
        self._esm = BUNDLE.read_text(encoding="utf-8")
        self._css = STYLESHEET.read_text(encoding="utf-8") if STYLESHEET.is_file() else ""
        self._limits = limits
        self._request_ids = count(1)
        self._from_browser = False
        self._syncing_settings = False
        self._history: history.History = history.empty()
        self._history_timer: asyncio.TimerHandle | None = None
        # The comm's id chosen here, so that the first state sent already names it.
        model_id = uuid.uuid4().hex
        super().__init__(
            model_id=model_id,
            _comm_model_id=model_id,
            config=wire,
            data=columns,
            extent=extent,
            _history_state=history.empty(),
            limits=schema.describe_limits(limits),
            schema=schema.describe(limits),
            status=_status(None),
        )
        self.on_msg(self._on_custom_message)

    # ------------------------------------------------------------------ state

    def _config(self) -> Config:
        return settings.parse(self.config, self._limits)

    def _data(self) -> trainer.Data:
        try:
            return validation.parse_data(self.data, self._config(), self._limits)
        except ProtocolError as e:
            raise ValueError(f"the widget's data is invalid: {e.message}") from None

    def _parsed_weights(self, config: Config) -> dict[str, np.ndarray]:
        return validation.parse_weights(self.weights, config)

    def _apply_config(self, old: Any, new: Any, from_browser: bool) -> None:
        """A new config (see `Widget`)."""

    @traitlets.validate("config")
    def _valid_config(self, proposal: Any) -> Any:
        """A config set in Python must be valid (an error names the Python argument); one
        from the browser is kept as sent, for the protocol to name its problem."""
        value = proposal["value"]
        if getattr(self, "_ready", False) and not self._from_browser:
            settings.parse(value, self._limits)
        return value

    @traitlets.observe("config")
    def _on_config(self, change: Any) -> None:
        if getattr(self, "_ready", False):
            self._apply_config(change["old"], change["new"], self._from_browser)

    @traitlets.observe("_history_state")
    def _on_history_state(self, change: Any) -> None:
        if self._from_browser and isinstance(change["new"], dict):
            self._history = change["new"]

    def get_state(self, key: Any = None, drop_defaults: bool = False) -> JSON:
        if key is not None:
            keys = [key] if isinstance(key, str) else list(key)
            key = [_TRAIT_NAME.get(k, k) for k in keys]
        state: JSON = super().get_state(key, drop_defaults)
        return {_WIRE_NAME.get(k, k): v for k, v in state.items()}

    def set_state(self, sync_data: JSON) -> None:
        sync_data = {_TRAIT_NAME.get(k, k): v for k, v in sync_data.items()}
        self._from_browser = True
        try:
            super().set_state(sync_data)
        finally:
            self._from_browser = False

    # ------------------------------------------------------------------ history

    def _record(
        self, step: int, metrics: Mapping[str, Any], weights: Any, optimizer: Any = None
    ) -> None:
        self._history = history.record(self._history, step, metrics, weights, optimizer)

    def _push_history(self) -> None:
        if self._history_timer is not None:
            self._history_timer.cancel()
            self._history_timer = None
        self._history_state = history.for_host(self._history)

    def _push_history_soon(self) -> None:
        """Push within `HISTORY_PUSH_SECONDS` (at once outside an event loop)."""
        if self._history_timer is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._push_history()
            return
        self._history_timer = loop.call_later(HISTORY_PUSH_SECONDS, self._push_history)

    def _start_history(self) -> None:
        """A new history: the fresh model's loss at its step, if there are training points."""
        self._history = history.empty()
        config = self._config()
        try:
            points = self._data()
        except ValueError:
            points = None
        if points is not None and (~points.test).any() and self.weights is not None:
            weights = self._parsed_weights(config)
            m = trainer.evaluate(config, weights, points)
            assert m.train_loss is not None
            metrics = protocol.encode_metrics(m)
            self._record(self.step_count, metrics, weights, self._optimizer_state)
        self._push_history()

    # ------------------------------------------------------------------ training

    def _step_request(self, steps: int = 1) -> StepRequest:
        """The current state as a validated `StepRequest` (the protocol's checks and errors)."""
        try:
            return protocol.parse_step(self._step_message(steps), self._limits)
        except ProtocolError as e:
            self.status = _status(_error_fields(vars(e)))
            raise

    def _step_message(self, steps: int, request_id: Any = None) -> JSON:
        return {
            "type": "step",
            "id": request_id,
            "config": self.config,
            "steps": steps,
            "step": self.step_count,
            "weights": self.weights,
            "optimizer": self._optimizer_state,
            "data": self.data,
        }

    def _store(self, result: StepResult, *, with_history: bool) -> None:
        """A training result as the widget's state, in one update to the browser."""
        reply = protocol.encode_step_result(None, result)
        with self.hold_sync():
            self.weights = reply["weights"]
            self._optimizer_state = reply["optimizer"]
            self.step_count = reply["step"]
            self.metrics = {k: reply[k] for k in _METRIC_KEYS}
            self.status = _status(None)
            if with_history:
                self._push_history()

    def _init(self, *, resize: bool) -> None:
        reply = self._request("init", resize=resize)
        if reply["type"] == "error":
            raise ProtocolError(reply["code"], reply["field"], reply["message"])

    def _restore(
        self, weights: Any, optimizer: Any, step: int, losses: list[list[Any]] | None = None
    ) -> None:
        """Take over a trained state (an estimator's), checked as a request would be."""
        config = self._config()
        parsed = validation.parse_weights(weights, config)
        state = validation.parse_optimizer(optimizer, config)
        with self.hold_sync():
            self.weights = parsed
            encoded = None if state is None else protocol.encode_optimizer(state)
            self._optimizer_state = encoded  # type: ignore[assignment]  # the trait allows None
            self.step_count = step
            points = self._data()
            if (~points.test).any():
                m = trainer.evaluate(config, parsed, points)
                result = StepResult(parsed, trainer.fresh_optimizer(config), step, m)
                reply = protocol.encode_step_result(None, result)
                self.metrics = {k: reply[k] for k in _METRIC_KEYS}
            self._history = history.empty()
            for row in losses or []:
                self._history["losses"].append(row)
            self._history["snapshots"].append({"step": step, "weights": parsed})
            self._push_history()

    def _request(self, kind: str, *, request_id: Any = None, **args: Any) -> JSON:
        """Ask `protocol.handle_message` about the current state and store its answer.

        The kernel handles one message at a time, so the state a reply was computed from is
        still the widget's state when the reply is stored: replies here are never stale.
        """
        if request_id is None:
            request_id = next(self._request_ids)
        msg: JSON = {"type": kind, "id": request_id, "config": self.config}
        if kind == "step":
            msg = self._step_message(args["steps"], request_id)
        elif args.get("resize"):
            msg.update(weights=self.weights, optimizer=self._optimizer_state)
        with one_torch_thread():
            reply = protocol.handle_message(msg, self._limits)
        if reply["type"] == "error":
            self.status = _status(_error_fields(reply))
            return reply
        # One update message carries all four, so the browser never sees a mixed state.
        with self.hold_sync():
            self.weights = reply["weights"]
            self._optimizer_state = reply["optimizer"]
            if kind == "step":
                self.step_count = reply["step"]
                self.metrics = {k: reply[k] for k in _METRIC_KEYS}
                self._record(reply["step"], reply, reply["weights"], reply["optimizer"])
                if self._from_message:
                    self._push_history_soon()
                else:
                    self._push_history()
            elif not args.get("resize"):
                # A class-count change (resize) continues the run; a fresh init starts one.
                self.step_count = 0
                self.metrics = None  # type: ignore[assignment]  # the trait allows None
                self._start_history()
            self.status = _status(None)
        return reply

    _from_message = False

    def _on_custom_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        self._from_message = True
        try:
            self.send(self._answer(content))
        finally:
            self._from_message = False

    def _answer(self, content: JSON) -> JSON:
        kind = content.get("type")
        answer = _ANSWERS.get(kind) if isinstance(kind, str) else None
        if answer is None:
            message = protocol.unknown_type(kind, _ANSWERS)
            return protocol.error_reply(content.get("id"), "unknown_type", message, "type")
        return answer(self, content)

    def _answer_step(self, content: JSON) -> JSON:
        steps = content.get("steps", 1)
        reply = self._request("step", request_id=content.get("id"), steps=steps)
        if reply["type"] == "step_result":
            reply = {k: v for k, v in reply.items() if k not in _STATE_KEYS}
        return reply

    def _answer_init(self, content: JSON) -> JSON:
        request_id = content.get("id")
        resize = content.get("resize", False)
        if not isinstance(resize, bool):
            return protocol.error_reply(
                request_id, "invalid_request", "resize: must be true or false", "resize"
            )
        reply = self._request("init", request_id=request_id, resize=resize)
        if reply["type"] == "init_result":
            reply = {"type": "init_result", "id": reply["id"]}
        return reply

    def _answer_ping(self, content: JSON) -> JSON:
        return protocol.handle_message(content, self._limits)


# The protocol's messages a widget's browser sends its kernel, each answered with the kernel's
# state (the browser sends none); `export` is the server's (in Python, `Widget.to_torch`).
_ANSWERS: dict[str, Callable[[KernelWidget, JSON], JSON]] = {
    "step": KernelWidget._answer_step,
    "init": KernelWidget._answer_init,
    "ping": KernelWidget._answer_ping,
}


def _status(error: JSON | None) -> JSON:
    """The `status` key: the kernel keeps the history (the front end only shows it)."""
    return {"connected": True, "error": error, "keepsHistory": True}


def _error_fields(reply: JSON) -> JSON:
    return {"code": reply["code"], "field": reply["field"], "message": reply["message"]}
