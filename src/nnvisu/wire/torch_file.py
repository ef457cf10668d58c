"""The model as a PyTorch file: what the page's "Download .pt" gets through the `export`
message (docs/protocol.md), and the short snippet that rebuilds it with plain torch.

The file is `torch.save` of a dict: `state_dict` (an `nn.Sequential` of `Linear` layers with
the activation modules between them, so layer i is `"{2i}.weight"` / `"{2i}.bias"`), `config`
(the wire settings), `step` and a `format` marker. It loads with `torch.load`'s default
`weights_only=True`. A test holds the snippet's outputs to the trainer's forward pass.
"""

from __future__ import annotations

import base64
import io
from collections import OrderedDict

import torch

from ..core.limits import Limits
from ..core.trainer import Arrays, Config
from . import validation
from .codec import JSON
from .state_file import wire_config

FORMAT = "nnvisu-pt"
VERSION = 1
FILENAME = "nnvisu-model.pt"

SNIPPET = f'''import torch

saved = torch.load("{FILENAME}")  # {{"state_dict", "config", "step", "format"}}
config = saved["config"]
ACTIVATIONS = {{"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "leaky_relu": torch.nn.LeakyReLU,
               "gelu": torch.nn.GELU, "sigmoid": torch.nn.Sigmoid, "linear": torch.nn.Identity}}
FEATURES = {{"x": lambda x, y: x, "y": lambda x, y: y, "x2": lambda x, y: x * x,
            "y2": lambda x, y: y * y, "xy": lambda x, y: x * y,
            "sinx": lambda x, y: torch.sin(x), "siny": lambda x, y: torch.sin(y)}}
sizes = config["architecture"]
layers = []
for i in range(len(sizes) - 1):
    layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
    if i < len(sizes) - 2:
        layers.append(ACTIVATIONS[config["activation"]]())
model = torch.nn.Sequential(*layers)
model.load_state_dict(saved["state_dict"])
model.eval()


def predict_proba(points):
    """Class probabilities of points, a float tensor of shape (n, 2)."""
    x, y = points[:, 0], points[:, 1]
    inputs = torch.stack([FEATURES[f](x, y) for f in config["features"]], dim=1)
    with torch.no_grad():
        return torch.softmax(model(inputs), dim=1)
'''


def state_dict(config: Config, weights: Arrays) -> OrderedDict[str, torch.Tensor]:
    """The weights as the snippet's `nn.Sequential` names them."""
    out: OrderedDict[str, torch.Tensor] = OrderedDict()
    for i in range(config.num_layers):
        out[f"{2 * i}.weight"] = torch.from_numpy(weights[f"layer_{i}_weights"].copy())
        out[f"{2 * i}.bias"] = torch.from_numpy(weights[f"layer_{i}_bias"].copy())
    return out


def pt_bytes(config: Config, weights: Arrays, step: int) -> bytes:
    buffer = io.BytesIO()
    saved = {
        "format": FORMAT,
        "version": VERSION,
        "config": wire_config(config),
        "step": step,
        "state_dict": state_dict(config, weights),
    }
    torch.save(saved, buffer)
    return buffer.getvalue()


def export_reply(msg: JSON, limits: Limits) -> JSON:
    """`export` -> `export_result`: the request's config, weights and step checked as a
    `step` request's are; raises ProtocolError naming the field otherwise."""
    config = validation.parse_config(validation.get_field(msg, "config", ""), limits)
    weights = validation.parse_weights(validation.get_field(msg, "weights", ""), config)
    step = validation.check_int(msg.get("step", 0), "step", 0, validation.MAX_SAFE_INTEGER)
    data = pt_bytes(config, weights, step)
    return {
        "type": "export_result",
        "id": msg.get("id"),
        "filename": FILENAME,
        "file": base64.b64encode(data).decode("ascii"),
        "snippet": SNIPPET,
    }
