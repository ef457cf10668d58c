"""`nnvisu.Widget`: the nnvisu front end as a Jupyter widget, trained by the kernel.

The widget's synced traits are the model keys of docs/protocol.md section 2. The browser
asks for training with the custom messages `step` and `init`, named as on `/ws`; the kernel
answers them with `nnvisu.protocol.handle_message`, the same function the standalone server
calls, so the notebook and the web page train, validate and fail identically. The replies are
the wire replies without the state, which reaches the browser in the traits.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import orjson
import torch
import traitlets

from . import protocol, schema, trainer, traits, validation
from .codec import JSON, dumps
from .errors import ProtocolError
from .limits import Limits
from .network import Network
from .schema import MAX_CLASSES, MIN_CLASSES
from .trainer import Config

STATIC = Path(__file__).parent / "static"
BUNDLE = STATIC / "nnvisu.js"
STYLESHEET = STATIC / "nnvisu.css"

# Python argument names of the wire config keys, so errors name what the caller typed.
_ARGUMENT = {s.wire: s.name for s in schema.SETTINGS}
# What a `step_result` tells the browser; the weights and optimizer state go in the traits.
_STEP_REPLY_KEYS = (
    "type",
    "id",
    "step",
    "loss",
    "accuracy",
    "testLoss",
    "testAccuracy",
    "trainCount",
    "testCount",
)
# The constructor's default of each setting, by its Python name.
_DEFAULT = schema.python_defaults()


def _json(value: Any) -> Any:
    """Plain JSON values for a trait (the data columns). Going through orjson writes float32
    coordinates with their shortest exact repr, about half as long as `tolist()`'s."""
    return orjson.loads(dumps(value))


@contextmanager
def _one_torch_thread() -> Iterator[None]:
    """Train on one thread, then give the kernel back its own setting.

    These networks are tiny: a second intra-op thread gains nothing, and on a busy machine
    it made each step many times slower (as in the server, which runs one thread for good).
    """
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


class Widget(anywidget.AnyWidget):
    """An interactive nnvisu network in a notebook.

    ``Widget(X, y)`` shows the points `X` (shape (n, 2)) with integer labels `y` and a fresh
    network; ``Widget()`` starts empty so you can draw points by hand. The plane shows x and y
    in [-6, 6], so scale your data to about that range. Press Play in the widget, or call
    :meth:`fit`, to train; the kernel runs the training either way.

    `classes` (2 to 8) is by default inferred from `y`. `test` is an optional boolean mask of
    points that are only evaluated, never trained on. `limits` bounds what one training
    request may do. The other keyword arguments configure the network and its training; they
    are listed below, from the settings table every face of nnvisu shares (`nnvisu.schema`).

    The whole state lives in the widget's traits and so is saved with the notebook.
    """

    config = traitlets.Dict().tag(sync=True)
    # Weights and optimizer buffers are float32 numpy arrays here and binary buffers on the
    # comm (see `traits`): as JSON text they cost more than the training itself.
    weights = traitlets.Dict(allow_none=True, default_value=None).tag(
        sync=True, to_json=traits.weights_to_json, from_json=traits.weights_from_json
    )
    optimizer = traitlets.Dict(allow_none=True, default_value=None).tag(
        sync=True, to_json=traits.optimizer_to_json, from_json=traits.optimizer_from_json
    )
    # The model key "step" is the global step counter, while `Widget.step()` is the method
    # the Python API promises; so the trait is `step_count` here and "step" on the wire
    # (renamed in get_state / set_state). No echo: the browser never edits the counter.
    step_count = traitlets.Int(0).tag(sync=True, echo_update=False)
    data = traitlets.Dict().tag(sync=True)
    metrics = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    # The browser writes the history (snapshots as float32 buffers, at most 2 MiB of them:
    # js/storage.js historyForHost): echoing it back would send all of that a second time.
    history = traitlets.Dict().tag(sync=True, echo_update=False)
    limits = traitlets.Dict().tag(sync=True)
    # The host's settings schema (schema.describe): the front end's bounds and defaults.
    schema = traitlets.Dict().tag(sync=True, echo_update=False)
    status = traitlets.Dict().tag(sync=True)

    _esm: str
    _css: str

    def __init__(
        self,
        X: Any = None,
        y: Any = None,
        *,
        test: Any = None,
        # Each setting's default is the table's (a test holds the two together).
        hidden_layers: Iterable[int] = _DEFAULT["hidden_layers"],
        activation: str = _DEFAULT["activation"],
        optimizer: str = _DEFAULT["optimizer"],
        learning_rate: float = _DEFAULT["learning_rate"],
        momentum: float = _DEFAULT["momentum"],
        l1: float = _DEFAULT["l1"],
        l2: float = _DEFAULT["l2"],
        batch_size: int = _DEFAULT["batch_size"],
        dropout: float = _DEFAULT["dropout"],
        features: Iterable[str] = _DEFAULT["features"],
        seed: int = _DEFAULT["seed"],
        classes: int | None = None,
        limits: Limits | None = None,
    ) -> None:
        # The settings by their Python names, before any other local exists.
        arguments = locals()
        settings = {s.name: arguments[s.name] for s in schema.SETTINGS}
        if not BUNDLE.is_file():
            raise FileNotFoundError(
                f"the nnvisu front-end bundle {BUNDLE} is missing; build it from the source "
                "checkout with `npm ci && npm run build`, then reinstall or restart the kernel"
            )
        # Set before AnyWidget.__init__, which turns them into synced traits. Read here, not
        # at import, so that a missing bundle is this clear error rather than an import failure.
        self._esm = BUNDLE.read_text(encoding="utf-8")
        self._css = STYLESHEET.read_text(encoding="utf-8") if STYLESHEET.is_file() else ""
        self._limits = limits if limits is not None else Limits()
        if not isinstance(self._limits, Limits):
            raise TypeError(f"limits: must be an nnvisu.Limits, got {type(limits)}")

        xy, labels, mask = _points(X, y, test, self._limits)
        if classes is None:
            _check_labels(labels, MAX_CLASSES)
            classes = max(MIN_CLASSES, int(labels.max(initial=-1)) + 1)
        wire = _wire_config(settings, classes)
        parsed = _parse_config(wire, self._limits)
        _check_labels(labels, parsed.num_classes)

        self._request_ids = count(1)
        super().__init__(
            config=wire,
            data=_columns(xy, labels, mask),
            history={"losses": [], "snapshots": []},
            limits=self._limits.to_json(),
            schema=schema.describe(self._limits),
            status={"connected": True, "error": None},
        )
        self._init(resize=False)
        self.on_msg(self._on_custom_message)

    # ------------------------------------------------------------------ data

    @property
    def X(self) -> np.ndarray:
        """The points as a float array of shape (n, 2), including any drawn in the widget."""
        return self._data().xy.astype(np.float64)

    @X.setter
    def X(self, value: Any) -> None:
        d = self._data()
        self.set_data(value, d.label, test=d.test)

    @property
    def y(self) -> np.ndarray:
        """The integer class label of every point, shape (n,)."""
        return self._data().label

    @y.setter
    def y(self, value: Any) -> None:
        d = self._data()
        self.set_data(d.xy, value, test=d.test)

    @property
    def test(self) -> np.ndarray:
        """Boolean mask, shape (n,): True for test points (evaluated, never trained on)."""
        return self._data().test

    @test.setter
    def test(self, value: Any) -> None:
        d = self._data()
        self.set_data(d.xy, d.label, test=value)

    def set_data(self, X: Any, y: Any, test: Any = None) -> None:
        """Replace all points. Labels beyond the current classes add classes (up to 8),
        keeping the hidden layers as trained."""
        xy, labels, mask = _points(X, y, test, self._limits)
        classes = int(labels.max(initial=-1)) + 1
        if classes > self.classes:
            _check_labels(labels, MAX_CLASSES)
            config = dict(self.config)
            config["architecture"] = [*config["architecture"][:-1], classes]
            with self.hold_sync():
                self.config = config
                self._init(resize=True)
        self.data = _columns(xy, labels, mask)

    def _data(self) -> trainer.Data:
        try:
            return validation.parse_data(self.data, self._config(), self._limits)
        except ProtocolError as e:
            raise ValueError(f"the widget's data is invalid: {e.message}") from None

    # ------------------------------------------------------------------ training

    @property
    def classes(self) -> int:
        """The number of classes (the output layer's size)."""
        return int(self.config["architecture"][-1])

    def fit(self, epochs: float = 100, steps_per_update: int = 10) -> list[float]:
        """Train for `epochs` passes over the training points, updating the widget every
        `steps_per_update` optimizer steps so it animates while this runs.

        Returns the training loss after each update. Raises ``nnvisu.ProtocolError``
        (a ValueError, with `code`, `field`, `message`) if training cannot run or diverges; the
        widget then keeps its last good state.
        """
        if isinstance(epochs, bool) or not isinstance(epochs, int | float):
            raise TypeError(f"epochs: must be a number, got {type(epochs).__name__}")
        if not (math.isfinite(epochs) and epochs > 0):
            raise ValueError(f"epochs: must be a positive number, got {epochs}")
        if isinstance(steps_per_update, bool) or not isinstance(steps_per_update, int):
            raise TypeError(
                f"steps_per_update: must be an integer, got {type(steps_per_update).__name__}"
            )
        if not 1 <= steps_per_update <= self._limits.max_steps:
            raise ValueError(
                f"steps_per_update: must be between 1 and {self._limits.max_steps}, "
                f"got {steps_per_update}"
            )
        config = self._config()
        total = schema.epoch_steps(epochs, int((~self.test).sum()), config.batch_size)
        losses = []
        while total > 0:
            n = min(total, steps_per_update)
            losses.append(self._train(n))
            total -= n
        return losses

    def step(self, n: int = 1) -> float:
        """Run `n` optimizer steps and return the training loss afterwards."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n: must be an integer, got {type(n).__name__}")
        if not 1 <= n <= self._limits.max_steps:
            raise ValueError(f"n: must be between 1 and {self._limits.max_steps}, got {n}")
        return self._train(n)

    def reset(self, seed: int | None = None) -> None:
        """Fresh weights (optionally with a new `seed`), step 0, an empty loss history."""
        with self.hold_sync():
            if seed is not None:
                config = dict(self.config)
                config["seed"] = seed
                try:
                    validation.parse_config(config, self._limits)
                except ProtocolError as e:
                    raise ValueError(f"seed: {e.message.split(': ', 1)[1]}") from None
                self.config = config
            self._init(resize=False)
            self.history = {"losses": [], "snapshots": []}

    def _train(self, steps: int) -> float:
        reply = self._request("step", steps=steps)
        if reply["type"] == "error":
            raise ProtocolError(reply["code"], reply["field"], reply["message"])
        return float(reply["loss"])

    def _init(self, *, resize: bool) -> None:
        reply = self._request("init", resize=resize)
        if reply["type"] == "error":
            raise ProtocolError(reply["code"], reply["field"], reply["message"])

    def _request(self, kind: str, *, request_id: Any = None, **args: Any) -> JSON:
        """Ask `protocol.handle_message` about the current state and store its answer.

        The kernel handles one message at a time, so the state a reply was computed from is
        still the widget's state when the reply is stored: replies here are never stale.
        """
        if request_id is None:
            request_id = next(self._request_ids)
        msg: JSON = {"type": kind, "id": request_id, "config": self.config}
        if kind == "step":
            msg.update(
                steps=args["steps"],
                step=self.step_count,
                weights=self.weights,
                optimizer=self.optimizer,
                data=self.data,
            )
        elif args.get("resize"):
            msg.update(weights=self.weights, optimizer=self.optimizer)
        with _one_torch_thread():
            reply = protocol.handle_message(msg, self._limits)
        if reply["type"] == "error":
            self.status = {"connected": True, "error": _error_fields(reply)}
            return reply
        # One update message carries all four, so the browser never sees a mixed state.
        with self.hold_sync():
            self.weights = reply["weights"]
            self.optimizer = reply["optimizer"]
            if kind == "step":
                self.step_count = reply["step"]
                self.metrics = {
                    k: reply[k] for k in ("loss", "accuracy", "testLoss", "testAccuracy")
                }
            elif not args.get("resize"):
                # A class-count change (resize) continues the run; a fresh init starts one.
                self.step_count = 0
                self.metrics = None  # type: ignore[assignment]  # the trait allows None
            self.status = {"connected": True, "error": None}
        return reply

    def _on_custom_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        request_id = content.get("id")
        kind = content.get("type")
        if kind == "step":
            reply = self._request("step", request_id=request_id, steps=content.get("steps", 1))
            if reply["type"] == "step_result":
                reply = {k: reply[k] for k in _STEP_REPLY_KEYS}
        elif kind == "init":
            resize = content.get("resize", False)
            if not isinstance(resize, bool):
                reply = protocol.error_reply(
                    request_id, "invalid_request", "resize: must be true or false", "resize"
                )
            else:
                reply = self._request("init", request_id=request_id, resize=resize)
                if reply["type"] == "init_result":
                    reply = {"type": "init_result", "id": reply["id"]}
        else:
            reply = protocol.error_reply(
                request_id,
                "unknown_type",
                f"type: unknown message type {kind!r}; expected 'step' or 'init'",
                "type",
            )
        self.send(reply)

    # ------------------------------------------------------------------ prediction

    def to_torch(self) -> Network:
        """A standalone ``torch.nn.Module`` with a copy of the current weights.

        It takes raw points (n, 2) and returns logits; softmax of them equals
        :meth:`predict_proba`.
        """
        config = self._config()
        return Network(config, validation.parse_weights(self.weights, config))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, shape (n, classes), for points `X` of shape (n, 2)."""
        xy = _xy(X, "X")
        model = self.to_torch()
        with torch.no_grad():
            probabilities: np.ndarray = torch.softmax(model(torch.from_numpy(xy)), dim=1).numpy()
        return probabilities

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each point in `X` (shape (n, 2)), as integers."""
        classes: np.ndarray = self.predict_proba(X).argmax(axis=1)
        return classes

    def _config(self) -> Config:
        return _parse_config(self.config, self._limits)

    def get_state(self, key: Any = None, drop_defaults: bool = False) -> JSON:
        if key is not None:
            keys = [key] if isinstance(key, str) else list(key)
            key = ["step_count" if k == "step" else k for k in keys]
        state: JSON = super().get_state(key, drop_defaults)
        if "step_count" in state:
            state["step"] = state.pop("step_count")
        return state

    def set_state(self, sync_data: JSON) -> None:
        if "step" in sync_data:
            sync_data = {("step_count" if k == "step" else k): v for k, v in sync_data.items()}
        super().set_state(sync_data)

    def __repr__(self) -> str:
        c = self.config
        loss = None if self.metrics is None else self.metrics.get("loss")
        loss_text = "" if loss is None else f", loss={loss:.3f}"
        return (
            f"Widget(points={len(self.data.get('x', []))}, classes={self.classes}, "
            f"architecture={c.get('architecture')}, activation={c.get('activation')!r}, "
            f"optimizer={c.get('optimizer')!r}, step={self.step_count}{loss_text})"
        )


def _settings_doc() -> str:
    lines = ["", "    Settings (keyword arguments, with their defaults):", ""]
    for s in schema.SETTINGS:
        if s.kind == "architecture":
            text = "The sizes of the hidden layers, first to last (each 1 to limits.max_neurons)."
        else:
            text = f"{s.help} {s.bounds_text().capitalize()}."
        lines.append(f"    {s.name} = {_DEFAULT[s.name]!r}\n        {text}")
    return "\n".join(lines) + "\n"


Widget.__doc__ = (Widget.__doc__ or "") + _settings_doc()


# ---------------------------------------------------------------------- helpers


def _error_fields(reply: JSON) -> JSON:
    return {"code": reply["code"], "field": reply["field"], "message": reply["message"]}


def _parse_config(wire: JSON, limits: Limits) -> Config:
    """`parse_config`, with errors naming the Python argument rather than the wire key."""
    try:
        return validation.parse_config(wire, limits)
    except ProtocolError as e:
        field = (e.field or "").removeprefix("config.")
        if field.startswith("architecture"):
            last = len(wire.get("architecture", [])) - 1
            name = "classes" if field == f"architecture[{last}]" else "hidden_layers"
        else:
            name = _ARGUMENT.get(field.split("[")[0], field)
        raise ValueError(f"{name}: {e.message.split(': ', 1)[1]}") from None


def _number(name: str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name}: must be a number, got {type(value).__name__}")
    return value.item() if isinstance(value, np.generic) else value


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name}: must be an integer, got {type(value).__name__}")
    return int(value)


def _name(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name}: must be a string, got {type(value).__name__}")
    return value


def _feature_names(name: str, value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name}: must be a sequence of feature names, e.g. ('x', 'y')")
    names = list(value)
    for f in names:
        if not isinstance(f, str):
            raise TypeError(f"{name}: names must be strings, got {type(f).__name__}")
    return names


def _layer_sizes(name: str, value: Any) -> list[int]:
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return [int(value)]
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name}: must be a sequence of layer sizes, e.g. (8, 8)")
    return [_integer(name, size) for size in value]


# The Python type of each kind of setting; the values and ranges are `parse_config`'s to check.
_TYPE_CHECKS: dict[schema.Kind, Callable[[str, Any], Any]] = {
    "architecture": _layer_sizes,
    "choice": _name,
    "features": _feature_names,
    "float": _number,
    "int": _integer,
}


def _wire_config(settings: dict[str, Any], classes: Any) -> JSON:
    """The wire config of the constructor's settings (by Python name) and class count."""
    wire: JSON = {s.wire: _TYPE_CHECKS[s.kind](s.name, settings[s.name]) for s in schema.SETTINGS}
    wire["architecture"] = [
        len(wire["features"]),
        *wire["architecture"],
        _integer("classes", classes),
    ]
    return wire


def _xy(X: Any, name: str) -> np.ndarray:
    try:
        xy = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: must be an array of numbers of shape (n, 2)") from None
    if xy.size == 0:
        xy = xy.reshape(0, 2)
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise ValueError(f"{name}: must have shape (n, 2), got {xy.shape}")
    if not np.isfinite(xy).all():
        raise ValueError(f"{name}: contains NaN or infinite values")
    if np.abs(xy).max(initial=0) > 1e6:
        raise ValueError(f"{name}: coordinates must be within ±1e6")
    return xy.astype(np.float32)


def _points(X: Any, y: Any, test: Any, limits: Limits) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated (xy float32 (n, 2), label int64 (n,), test bool (n,)) from user input."""
    if X is None and y is None:
        if test is not None:
            raise ValueError("test: given without X and y")
        return np.zeros((0, 2), np.float32), np.zeros(0, np.int64), np.zeros(0, bool)
    if X is None or y is None:
        raise ValueError(f"{'X' if X is None else 'y'}: X and y must be given together")
    xy = _xy(X, "X")
    n = len(xy)
    if n > limits.max_points:
        raise ValueError(f"X: {n} points; at most {limits.max_points} are allowed")
    labels = np.asarray(y)
    if labels.shape != (n,):
        raise ValueError(f"y: must have shape ({n},) to match X, got {labels.shape}")
    if labels.dtype.kind == "f" and np.isfinite(labels).all() and (labels == labels.round()).all():
        labels = labels.astype(np.int64)
    if n and labels.dtype.kind not in "iu":
        raise TypeError(f"y: must hold integer class labels, got dtype {labels.dtype}")
    if n and labels.min() < 0:
        raise ValueError(f"y: labels must be 0 or more, got {int(labels.min())}")
    mask = np.zeros(n, bool) if test is None else np.asarray(test)
    if mask.shape != (n,) or mask.dtype != bool:
        raise ValueError(f"test: must be a boolean mask of shape ({n},)")
    return xy, labels.astype(np.int64), mask


def _check_labels(labels: np.ndarray, classes: int) -> None:
    if labels.size and labels.max() >= classes:
        raise ValueError(
            f"y: label {int(labels.max())} needs {int(labels.max()) + 1} classes; "
            f"there are {classes} (at most {MAX_CLASSES})"
        )


def _columns(xy: np.ndarray, labels: np.ndarray, test: np.ndarray) -> JSON:
    data: JSON = _json({"x": xy[:, 0].copy(), "y": xy[:, 1].copy(), "label": labels})
    data["test"] = test.tolist()
    return data


__all__: Sequence[str] = ("Widget",)
