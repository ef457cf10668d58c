"""`Widget.save` and `Widget.load`: a widget's state in the nnvisu state file
(`nnvisu.wire.state_file`), which the page's Export and Import write and read too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.limits import Limits
from ..wire import history as history_module
from ..wire.state_file import CLASSIFICATION, from_traits, load, optimizer_json, save, wire_config
from . import settings


def save_widget(widget: Any, path: str | Path) -> None:
    """`Widget.save`: the kernel's state as the page's Export writes it."""
    traits = {
        "config": widget.config,
        "data": widget.data,
        "history": history_module.to_json(widget.history),
        "step": widget.step_count,
        "weights": widget.weights,
        "optimizer": widget._optimizer_state,
    }
    save(path, from_traits(traits, widget._limits))


def load_widget(cls: Any, path: str | Path, limits: Limits | None) -> Any:
    """`Widget.load`: a widget built from a file's points and settings, then given its
    weights, optimizer state, step and history."""
    state = load(path, limits)
    d = state.data
    arguments = settings.from_wire(wire_config(state.config))
    if arguments[settings.PROBLEM] != CLASSIFICATION:
        arguments[settings.CLASSES] = None
    if len(d.xy):
        arguments.update(X=d.xy, y=d.label, test=d.test)
    widget = cls(**arguments, limits=limits)
    extra = {k: v for k, v in state.config_json.items() if k not in widget.config}
    if extra:
        widget.config = {**widget.config, **extra}
    if state.weights is not None:
        widget._restore(state.weights, optimizer_json(state.optimizer), state.step, state.losses)
        widget.history = {
            "losses": state.losses,
            "snapshots": [
                {"step": s.step, "weights": s.weights, "optimizer": optimizer_json(s.optimizer)}
                for s in state.snapshots
            ],
        }
    return widget
