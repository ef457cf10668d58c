"""What one request may ask of a host. The server sets these from its command line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    """What one request may ask for. The server sets these from its command line."""

    max_hidden_layers: int = 10
    max_neurons: int = 100
    max_points: int = 5000
    max_steps: int = 1000
    max_message_bytes: int = 16 * 1024 * 1024
    # Multiply-adds of one request, fixed costs included (`nnvisu.work`). The default is about
    # a second of one core, so no request can monopolize a worker.
    max_work: int = 20_000_000_000

    def to_json(self) -> dict[str, Any]:
        return {
            "maxHiddenLayers": self.max_hidden_layers,
            "maxNeurons": self.max_neurons,
            "maxPoints": self.max_points,
            "maxSteps": self.max_steps,
            "maxMessageBytes": self.max_message_bytes,
            "maxWork": self.max_work,
        }
