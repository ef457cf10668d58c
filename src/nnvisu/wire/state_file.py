"""nnvisu's state file: one JSON document with everything a session needs to go on.

The page's Export writes it and its Import reads it (js/files/files.js); `Widget.save` and
`Widget.load` write and read the same file, so a session moves between the page and a
notebook. README "Files, share links and PyTorch" describes the format:

    {"format": "nnvisu-state", "version": 1, "savedBy": "nnvisu 0.1.0",
     "config": {... the wire config, plus the page's data-generator settings ...},
     "step": 120, "weights": {"layer_0_weights": [[...]], ...} or null,
     "optimizer": {"type", "t", "buffers"} or null,
     "data": [{"x", "y", "label", "test"?}, ...],
     "history": {"losses": [[step, loss, testLoss, accuracy, testAccuracy], ...],
                 "snapshots": [{"step", "weights", "optimizer"?}, ...]}}

Every part is checked by the protocol's own validation (`validation`), so a file loads
where a training request with the same state would be accepted. The problem type is the
config's `problem` setting (classification when absent); a file of a problem this nnvisu
does not know is refused by name rather than misread.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..core import optimizers, schema
from ..core.limits import Limits
from ..core.trainer import Arrays, Config, Data, OptimizerState
from ..version import __version__
from . import serializers as wtraits
from . import validation
from .codec import JSON, dumps
from .errors import ProtocolError, invalid, kind_of

FORMAT = "nnvisu-state"
VERSION = 1
# The problem a file without `config.problem` is; others need a setting of that name.
CLASSIFICATION = "classification"


class FileFormatError(ValueError):
    """A state file that cannot be used; the message names the part and the problem."""


@dataclass
class Snapshot:
    step: int
    weights: Arrays
    optimizer: OptimizerState | None = None


@dataclass
class SavedState:
    """A checked state file. `config_json` is the config as written (with the page's own
    settings, which the trainer ignores); `config` is what the trainer reads of it."""

    config_json: JSON
    config: Config
    weights: Arrays | None
    optimizer: OptimizerState | None
    step: int
    data: Data
    losses: list[list[float | None]] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)


# ---------------------------------------------------------------------------- reading


def read_state(doc: Any, limits: Limits) -> SavedState:
    """A parsed file's state, checked; raises FileFormatError naming what is wrong."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise FileFormatError(
            f'this is not an nnvisu state file (it has no "format": "{FORMAT}"); '
            "export one from the page's File menu or with Widget.save"
        )
    version = doc.get("version")
    if version != VERSION:
        raise FileFormatError(
            f"the file is of version {version!r}; this nnvisu reads version {VERSION}"
            + (" (it was written by a newer nnvisu)" if _newer(version) else "")
        )
    try:
        return _read_parts(doc, limits)
    except ProtocolError as e:
        raise FileFormatError(e.message) from None


def _newer(version: Any) -> bool:
    return isinstance(version, int) and not isinstance(version, bool) and version > VERSION


def _read_parts(doc: JSON, limits: Limits) -> SavedState:
    raw_config = validation.get_field(doc, "config", "")
    config = validation.parse_config(raw_config, limits)
    step = validation.check_int(doc.get("step", 0), "step", 0, validation.MAX_SAFE_INTEGER)
    raw_weights = doc.get("weights")
    weights = None if raw_weights is None else validation.parse_weights(raw_weights, config)
    optimizer = None
    if weights is not None:
        optimizer = validation.parse_optimizer(doc.get("optimizer"), config)
    data = validation.parse_data(validation.get_field(doc, "data", ""), config, limits)
    losses, snapshots = _read_history(doc.get("history"), config)
    return SavedState(
        config_json=dict(raw_config),
        config=config,
        weights=weights,
        optimizer=optimizer,
        step=step if weights is not None else 0,
        data=data,
        losses=[row for row in losses if row[0] is not None and row[0] <= step],
        snapshots=[s for s in snapshots if s.step <= step],
    )


def _read_history(value: Any, config: Config) -> tuple[list[list[float | None]], list[Snapshot]]:
    if value is None:
        return [], []
    if not isinstance(value, dict):
        invalid("history", f"must be an object {{losses, snapshots}}, got {kind_of(value)}")
    losses_in = value.get("losses", [])
    snapshots_in = value.get("snapshots", [])
    if not isinstance(losses_in, list) or not isinstance(snapshots_in, list):
        invalid("history", "losses and snapshots must be lists")
    losses = [_loss_row(row, f"history.losses[{i}]") for i, row in enumerate(losses_in)]
    snapshots = [
        _snapshot(s, config, f"history.snapshots[{i}]") for i, s in enumerate(snapshots_in)
    ]
    return losses, snapshots


def _loss_row(row: Any, path: str) -> list[float | None]:
    if not isinstance(row, list) or len(row) not in (3, 5):
        invalid(path, "must be [step, loss, testLoss, accuracy, testAccuracy]")
    step = validation.check_int(row[0], f"{path}[0]", 0, validation.MAX_SAFE_INTEGER)
    out: list[float | None] = [step]
    for i, v in enumerate(row[1:], 1):
        if v is None and i > 1:
            out.append(None)
            continue
        out.append(validation.check_float(v, f"{path}[{i}]", -math.inf, math.inf))
    return out


def _snapshot(value: Any, config: Config, path: str) -> Snapshot:
    if not isinstance(value, dict):
        invalid(path, f"must be an object {{step, weights}}, got {kind_of(value)}")
    step = validation.check_int(
        validation.get_field(value, "step", path + "."),
        path + ".step",
        0,
        validation.MAX_SAFE_INTEGER,
    )
    raw = validation.get_field(value, "weights", path + ".")
    try:
        # A snapshot from before a change of the class count has another output layer.
        weights = validation.parse_weights_for_resize(raw, config)
    except ProtocolError as e:
        raise ProtocolError(e.code, f"{path}.{e.field}", f"{path}.{e.message}") from None
    opt = value.get("optimizer")
    optimizer = None
    if opt is not None:
        kind = opt.get("type") if isinstance(opt, dict) else None
        if kind not in optimizers.BY_NAME:
            invalid(f"{path}.optimizer.type", f"unknown optimizer {kind!r}")
        classes = weights[f"layer_{config.num_layers - 1}_bias"].size
        own = dataclasses.replace(
            config, architecture=(*config.architecture[:-1], classes), optimizer=kind
        )
        optimizer = validation.parse_optimizer(opt, own, f"{path}.optimizer")
    return Snapshot(step=step, weights=weights, optimizer=optimizer)


def load(path: str | Path, limits: Limits | None = None) -> SavedState:
    """Read and check a state file."""
    try:
        doc = orjson.loads(Path(path).read_bytes())
    except orjson.JSONDecodeError as e:
        raise FileFormatError(f"{path}: is not JSON (cut short or damaged?): {e}") from None
    try:
        return read_state(doc, limits or Limits())
    except FileFormatError as e:
        raise FileFormatError(f"{path}: {e}") from None


# ---------------------------------------------------------------------------- writing


def wire_config(config: Config) -> JSON:
    """The settings as the wire names them (tuples as lists)."""
    out: JSON = {}
    for s in schema.SETTINGS:
        value = getattr(config, s.field)
        out[s.wire] = list(value) if isinstance(value, tuple) else value
    return out


def optimizer_json(state: OptimizerState | None) -> JSON | None:
    if state is None:
        return None
    return {"type": state.kind, "t": state.t, "buffers": state.buffers}


def state_json(state: SavedState) -> JSON:
    """The file's document; arrays stay numpy (`codec.dumps` writes float32 exactly)."""
    d = state.data
    points: list[JSON] = []
    # float32 scalars: `codec.dumps` writes each as the shortest decimal that gives it back.
    for (x, y), label, test in zip(d.xy, d.label.tolist(), d.test.tolist(), strict=True):
        point: JSON = {"x": x, "y": y, "label": label}
        if test:
            point["test"] = True
        points.append(point)
    return {
        "format": FORMAT,
        "version": VERSION,
        "savedBy": f"nnvisu {__version__}",
        "config": state.config_json,
        "step": state.step,
        "weights": state.weights,
        "optimizer": optimizer_json(state.optimizer),
        "data": points,
        "history": {
            "losses": state.losses,
            "snapshots": [
                {"step": s.step, "weights": s.weights, "optimizer": optimizer_json(s.optimizer)}
                for s in state.snapshots
            ],
        },
    }


def save(path: str | Path, state: SavedState) -> None:
    Path(path).write_bytes(dumps(state_json(state)))


# ---------------------------------------------------------------------------- the widget


def from_traits(traits: JSON, limits: Limits) -> SavedState:
    """The state of a widget's traits (`config`, `weights`, `optimizer`, `step`, `data`,
    `history`), checked as a file is: the history's snapshots may hold binary buffers."""
    history = traits.get("history") or {}
    snapshots = []
    for s in history.get("snapshots", []):
        weights = wtraits.weights_from_json(s.get("weights"))
        optimizer = wtraits.optimizer_from_json(s.get("optimizer"))
        snapshots.append({**s, "weights": weights, "optimizer": optimizer})
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "config": traits["config"],
        "step": traits["step"],
        "weights": traits["weights"],
        "optimizer": traits["optimizer"],
        "data": traits["data"],
        "history": {"losses": history.get("losses", []), "snapshots": snapshots},
    }
    return read_state(doc, limits)


def history_traits(state: SavedState) -> JSON:
    """The history as the front end writes it to a host: tensors as float32 buffers."""
    snapshots = []
    for s in state.snapshots:
        opt = optimizer_json(s.optimizer)
        snapshots.append(
            {
                "step": s.step,
                "weights": wtraits.weights_to_json(s.weights),
                "optimizer": wtraits.optimizer_to_json(opt),
            }
        )
    return {"losses": state.losses, "snapshots": snapshots}
