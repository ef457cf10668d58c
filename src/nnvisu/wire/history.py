"""The widget's training history: a loss row per training call and weight snapshots, bounded.

The same rule as the page's `js/training/history.js` (a test holds the two together): when a list is
full every other entry goes, so what is kept always spans the whole run at an even density;
snapshots keep the spacing of their first two. The kernel keeps a widget's history, so it is
there whether or not a browser shows the widget.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import numpy as np

from . import serializers

MAX_LOSSES = 1000
MAX_SNAPSHOTS = 50
# Bytes of snapshots the browser is sent and a notebook saves
# (js/page/storage.js HOST_HISTORY_BYTES).
HOST_HISTORY_BYTES = 2 * 1024 * 1024

T = TypeVar("T")
History = dict[str, list[Any]]


def empty() -> History:
    return {"losses": [], "snapshots": []}


def thin(items: list[T]) -> list[T]:
    """Every other entry, always keeping the newest."""
    kept = items[::2]
    if kept[-1] is not items[-1]:
        kept.append(items[-1])
    return kept


def record(
    history: History,
    step: int,
    metrics: Mapping[str, float | None],
    weights: dict[str, np.ndarray],
    optimizer: dict[str, Any] | None = None,
) -> History:
    """A new history with one more step recorded (`history` is not modified): a row
    ``[step, loss, testLoss, accuracy, testAccuracy]`` of `metrics` (wire names; R² in place
    of accuracy in a regression), and maybe a
    snapshot of the weights with the optimizer state that goes with them (wire form), so
    training can continue from it exactly."""
    # A regression keeps its R² where a classifier keeps accuracy, as the page does.
    regression = metrics.get("accuracy") is None and metrics.get("r2") is not None
    keys = ("r2", "testR2") if regression else ("accuracy", "testAccuracy")
    row = [step, metrics.get("loss"), metrics.get("testLoss"), *(metrics.get(k) for k in keys)]
    losses = [*history["losses"], row]
    if len(losses) > MAX_LOSSES:
        losses = thin(losses)
    snapshots = history["snapshots"]
    n = len(snapshots)
    spacing = snapshots[1]["step"] - snapshots[0]["step"] if n >= 2 else 0
    if not n or step - snapshots[-1]["step"] >= spacing:
        snapshots = [*snapshots, {"step": step, "weights": weights, "optimizer": optimizer}]
        if len(snapshots) > MAX_SNAPSHOTS:
            snapshots = thin(snapshots)
    return {"losses": losses, "snapshots": snapshots}


def even_selection(sizes: list[int], room: int) -> list[int]:
    """The most entries, spread evenly from the first to the last, whose sizes fit in `room`
    (js/page/storage.js `evenSelection`): indices, ascending."""
    n = len(sizes)
    for k in range(n, 0, -1):
        # Half-up rounding, as Math.round: Python's round() would round halves to even.
        picks = [n - 1] if k == 1 else [int(i * (n - 1) / (k - 1) + 0.5) for i in range(k)]
        if sum(sizes[i] for i in picks) <= room:
            return picks
    return []


def for_host(history: History, max_bytes: int = HOST_HISTORY_BYTES) -> History:
    """The history as the browser is sent it and a notebook saves it: the snapshots within
    `max_bytes` of float32 values, spread evenly over the run (the kernel keeps them all)."""
    snapshots = history["snapshots"]
    sizes = [4 * _floats(s) for s in snapshots]
    picks = even_selection(sizes, max_bytes)
    return {"losses": list(history["losses"]), "snapshots": [snapshots[i] for i in picks]}


def _floats(snapshot: dict[str, Any]) -> int:
    """The float32 values of a snapshot's weights and optimizer buffers (js/page/storage.js
    snapshotBytes counts the same)."""
    n = sum(int(np.size(a)) for a in snapshot["weights"].values())
    opt = snapshot.get("optimizer")
    if isinstance(opt, dict):
        n += sum(int(np.size(a)) for bufs in opt["buffers"].values() for a in bufs.values())
    return n


def _map_snapshots(history: Any, weights: Any, optimizer: Any) -> Any:
    if not isinstance(history, dict) or not isinstance(history.get("snapshots"), list):
        return history
    snapshots = [
        {**s, "weights": weights(s["weights"]), "optimizer": optimizer(s.get("optimizer"))}
        if isinstance(s, dict) and isinstance(s.get("weights"), dict)
        else s
        for s in history["snapshots"]
    ]
    return {**history, "snapshots": snapshots}


def to_json(history: History | None, _widget: Any = None) -> Any:
    """Snapshot weights and optimizer buffers travel as binary buffers, as the `weights` and
    `optimizer` keys do."""
    return _map_snapshots(history, serializers.weights_to_json, serializers.optimizer_to_json)


def from_json(value: Any, _widget: Any = None) -> Any:
    return _map_snapshots(value, serializers.weights_from_json, serializers.optimizer_from_json)
