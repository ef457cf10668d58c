"""A trained nnvisu network as an ordinary PyTorch module (what `Widget.to_torch()` returns)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import torch

from . import trainer
from .trainer import Config


class Network(torch.nn.Module):
    """A trained nnvisu network as an ordinary PyTorch module.

    `forward` takes raw points of shape (n, 2) and returns logits of shape (n, classes);
    the input feature transform (x², sin x, ...) is part of the module. Softmax of the
    logits is what the widget draws. The forward pass is the trainer's own.
    """

    def __init__(self, config: Config, weights: dict[str, np.ndarray]) -> None:
        super().__init__()
        self.config = config
        arch = config.architecture
        layers = [torch.nn.Linear(fan_in, fan_out) for fan_in, fan_out in pairwise(arch)]
        with torch.no_grad():
            for i, layer in enumerate(layers):
                layer.weight.copy_(torch.from_numpy(weights[f"layer_{i}_weights"]))
                layer.bias.copy_(torch.from_numpy(weights[f"layer_{i}_bias"]))
        self.layers = torch.nn.ModuleList(layers)

    def forward(self, xy: torch.Tensor) -> torch.Tensor:
        # parameters() yields weight then bias, layer by layer: the trainer's order.
        params: list[torch.Tensor] = list(self.parameters())
        inputs = trainer.feature_matrix(self.config.features, xy.to(torch.float32))
        return trainer.forward(self.config, params, inputs)
