"""nnvisu: watch a neural network learn, on a web page or in a Jupyter widget."""

from .trainer import Config, StepRequest, StepResult, init_weights, train_step

__version__ = "0.1.0"
version = __version__

__all__ = [
    "Config",
    "StepRequest",
    "StepResult",
    "__version__",
    "init_weights",
    "train_step",
    "version",
]
