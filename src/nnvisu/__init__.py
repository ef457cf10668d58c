"""nnvisu: watch a neural network learn, on a web page or in a Jupyter widget."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import ProtocolError
from .limits import Limits

if TYPE_CHECKING:
    from .estimators import Classifier, Regressor
    from .fitting import Epoch
    from .trainer import Config, StepRequest, StepResult, init_weights, train_step
    from .widget import Widget

__version__ = "0.1.0"
version = __version__

__all__ = [
    "Classifier",
    "Config",
    "Epoch",
    "Limits",
    "ProtocolError",
    "Regressor",
    "StepRequest",
    "StepResult",
    "Widget",
    "__version__",
    "init_weights",
    "train_step",
    "version",
]

# Imported on first use: the trainer pulls in torch, the widget anywidget and ipywidgets, the
# estimators scikit-learn (not a dependency), and none is needed to print the CLI's help or the
# settings schema.
_LAZY = {
    "Classifier": "estimators",
    "Regressor": "estimators",
    "Epoch": "fitting",
    "Config": "trainer",
    "StepRequest": "trainer",
    "StepResult": "trainer",
    "init_weights": "trainer",
    "train_step": "trainer",
    "Widget": "widget",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nnvisu' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
