"""nnvisu: watch a neural network learn, on a web page or in a Jupyter widget."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .core.limits import Limits
from .wire.errors import ProtocolError

if TYPE_CHECKING:
    from .core.trainer import Config, StepRequest, StepResult, init_weights, train_step
    from .notebook.estimators import Classifier, Regressor
    from .notebook.fitting import Epoch
    from .notebook.widget import Widget

from .version import __version__

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
_LAZY: dict[str, str] = {
    "Classifier": "notebook.estimators",
    "Regressor": "notebook.estimators",
    "Epoch": "notebook.fitting",
    "Config": "core.trainer",
    "StepRequest": "core.trainer",
    "StepResult": "core.trainer",
    "init_weights": "core.trainer",
    "train_step": "core.trainer",
    "Widget": "notebook.widget",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nnvisu' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
