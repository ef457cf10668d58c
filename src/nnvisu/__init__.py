"""nnvisu: watch a neural network learn, on a web page or in a Jupyter widget."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ProtocolError
from .limits import Limits
from .trainer import Config, StepRequest, StepResult, init_weights, train_step

if TYPE_CHECKING:
    from .widget import Widget

__version__ = "0.1.0"
version = __version__

__all__ = [
    "Config",
    "Limits",
    "ProtocolError",
    "StepRequest",
    "StepResult",
    "Widget",
    "__version__",
    "init_weights",
    "train_step",
    "version",
]


def __getattr__(name: str) -> Any:
    # Widget pulls in anywidget and ipywidgets; the server never needs them, so import lazily.
    if name == "Widget":
        from .widget import Widget

        return Widget
    raise AttributeError(f"module 'nnvisu' has no attribute {name!r}")
