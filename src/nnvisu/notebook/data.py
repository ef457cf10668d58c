"""Data as users have it, for the widget and the estimators: points, labels and the plane.

Points are float arrays of shape (n, 2). Labels may be any hashable values (integers, strings,
booleans, a pandas categorical): `Labels` maps them to the class indices the trainer and the
wire use (0 to classes - 1) and back. The plane shows an `extent` (xmin, xmax, ymin, ymax),
by default fitted to the points; points outside it train but cannot be drawn, so they are
reported.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.limits import Limits
from ..core.schema import MAX_CLASSES, MAX_TARGET

# What the plane shows of data that has no points yet (the page's plane, [-6, 6] squared).
DEFAULT_EXTENT = (-6.0, 6.0, -6.0, 6.0)
# The automatic extent leaves this share of the data's span free on every side.
MARGIN = 0.1
# Coordinates the protocol accepts (validation.parse_data).
MAX_COORDINATE = 1e6

Extent = tuple[float, float, float, float]


def as_points(X: Any, name: str = "X") -> np.ndarray:
    """Validated points as float32 of shape (n, 2)."""
    try:
        xy = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: must be an array of numbers of shape (n, 2)") from None
    if xy.size == 0:
        xy = xy.reshape(0, 2)
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise ValueError(f"{name}: must have shape (n, 2), got {xy.shape}")
    if not np.isfinite(xy).all():
        raise ValueError(f"{name}: contains NaN or infinite values")
    if np.abs(xy).max(initial=0) > MAX_COORDINATE:
        raise ValueError(f"{name}: coordinates must be within ±{MAX_COORDINATE:g}")
    return xy.astype(np.float32)


def check_points(
    X: Any, y: Any, test: Any, limits: Limits
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated (xy float32 (n, 2), y as a 1-D array (n,), test bool (n,)) from user input."""
    if X is None and y is None:
        if test is not None:
            raise ValueError("test: given without X and y")
        return np.zeros((0, 2), np.float32), np.zeros(0, np.int64), np.zeros(0, bool)
    if X is None or y is None:
        raise ValueError(f"{'X' if X is None else 'y'}: X and y must be given together")
    xy = as_points(X)
    n = len(xy)
    if n > limits.max_points:
        raise ValueError(f"X: {n} points; at most {limits.max_points} are allowed")
    values = label_array(y)
    if values.shape != (n,):
        raise ValueError(f"y: must have shape ({n},) to match X, got {values.shape}")
    mask = np.zeros(n, bool) if test is None else np.asarray(test)
    if mask.shape != (n,) or mask.dtype != bool:
        raise ValueError(f"test: must be a boolean mask of shape ({n},)")
    return xy, values, mask


# ---------------------------------------------------------------------------- labels


def label_array(y: Any) -> np.ndarray:
    """`y` as a 1-D numpy array of its values, refusing missing ones."""
    values = np.asarray(y)
    if values.dtype.kind == "U" and not isinstance(y, np.ndarray):
        items = list(y)
        if not all(isinstance(v, str) for v in items):
            # numpy would make every label a string; a mix of kinds stays as given.
            values = np.empty(len(items), dtype=object)
            values[:] = items
    if values.dtype.kind == "f" and np.isnan(values).any():
        raise ValueError("y: contains NaN; every point needs a label")
    if values.dtype.kind == "O" and any(v is None or v != v for v in values.ravel()):
        raise ValueError("y: contains missing labels (None or NaN); every point needs a label")
    if values.dtype.kind in "cmMV":
        raise TypeError(f"y: labels of dtype {values.dtype} are not supported")
    return values


def category_order(y: Any) -> list[Any] | None:
    """A pandas categorical's categories, in their order (without importing pandas)."""
    dtype = getattr(y, "dtype", None)
    categories = getattr(dtype, "categories", None)
    if getattr(dtype, "name", None) != "category" or categories is None:
        return None
    return list(categories)


def _distinct(values: np.ndarray, order: Sequence[Any] | None = None) -> list[Any]:
    """The distinct labels: in `order` if given, else sorted, else as they first appear."""
    present = dict.fromkeys(values.tolist())
    if order is not None:
        return [c for c in order if c in present]
    try:
        return sorted(present)
    except TypeError:  # labels of kinds that do not compare, e.g. 1 and "a"
        return list(present)


@dataclass(frozen=True)
class Labels:
    """The user's label of each class, by class index. Classes beyond the named ones (drawn in
    the widget, or asked for with `classes=`) get names by `name_of`."""

    named: tuple[Any, ...] = ()
    # True when the labels were never given: class i is then simply the integer i.
    default: bool = True

    @classmethod
    def of(
        cls,
        y: Any,
        known: Labels | None = None,
        count: int = 0,
        order: Sequence[Any] | None = None,
    ) -> tuple[Labels, np.ndarray]:
        """Labels covering `known`'s and every value in `y`, and `y` as class indices.

        While labels were never named, small non-negative integers stay their own class
        (label i is class i) if they are 0..k-1 or fit the `count` classes there are. Other
        labels are named: new values get the next indices, sorted (a categorical: in its
        categories' order, or `order` where `y` has lost it: see `category_order`), so the
        classes a network has learned keep their meaning.
        """
        order = category_order(y) if order is None else order
        values = label_array(y)
        if values.ndim != 1:
            raise ValueError(f"y: must be one-dimensional, got shape {values.shape}")
        known = known or cls()
        if values.size == 0:
            return known, np.zeros(0, np.int64)
        if known.default and _small_integers(values, count):
            return cls(tuple(range(int(values.max()) + 1))), values.astype(np.int64)
        named = [] if known.default else list(known.named)
        seen = set(named)
        named += [v for v in _distinct(values, order) if v not in seen]
        if len(named) > MAX_CLASSES:
            raise ValueError(
                f"y: {len(named)} distinct labels; nnvisu shows at most {MAX_CLASSES} classes"
            )
        labels = cls(tuple(named), default=False)
        return labels, labels.encode(values)

    def encode(self, values: np.ndarray) -> np.ndarray:
        index = {label: i for i, label in enumerate(self.named)}
        try:
            return np.fromiter((index[v] for v in values.tolist()), np.int64, len(values))
        except KeyError as e:
            raise ValueError(f"y: unknown label {e.args[0]!r}") from None

    def classes(self, count: int) -> np.ndarray:
        """The label of each of `count` classes, as a 1-D array."""
        names = [self.name_of(i) for i in range(count)]
        kinds = {type(v) for v in names}
        out = np.empty(count, dtype=object)
        out[:] = names
        if kinds and all(issubclass(k, str) for k in kinds):
            return out.astype(str)
        if kinds and all(issubclass(k, int | float | np.number) for k in kinds):
            return np.asarray(names)
        return out

    def name_of(self, i: int) -> Any:
        if i < len(self.named):
            return self.named[i]
        if self.default:
            return i
        numbers = [v for v in self.named if _is_number(v)]
        if len(numbers) == len(self.named):
            return max(numbers) + 1 + (i - len(self.named))
        return f"class {i + 1}"

    def decode(self, indices: np.ndarray, count: int) -> np.ndarray:
        classes: np.ndarray = self.classes(count)[indices]
        return classes


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_)


def _small_integers(values: np.ndarray, count: int) -> bool:
    """Integer labels that can be class indices as they are: 0..k-1, or within `count`."""
    if values.dtype.kind not in "iu" or values.min() < 0 or values.max() >= MAX_CLASSES:
        return False
    top = int(values.max())
    return top < count or len(np.unique(values)) == top + 1


def as_targets(values: np.ndarray, name: str = "y") -> np.ndarray:
    """A regression's real-valued targets as float32, finite and within ±MAX_TARGET."""
    if values.dtype.kind not in "iufO":
        raise TypeError(f"{name}: a regression needs numbers as targets, got dtype {values.dtype}")
    try:
        targets = values.astype(np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: a regression needs numbers as targets") from None
    if not np.isfinite(targets).all():
        raise ValueError(f"{name}: contains NaN or infinite targets")
    if np.abs(targets).max(initial=0) > MAX_TARGET:
        raise ValueError(f"{name}: targets must be within ±{MAX_TARGET:g}")
    return targets.astype(np.float32)


def encode(
    values: np.ndarray,
    problem: str,
    known: Labels | None = None,
    count: int = 0,
    order: Sequence[Any] | None = None,
) -> tuple[Labels | None, np.ndarray]:
    """The wire's `label` column of `y`: class indices (with their labels), or in a
    regression the targets (and no labels)."""
    if problem == "regression":
        if values.ndim != 1:
            raise ValueError(f"y: must be one-dimensional, got shape {values.shape}")
        return None, as_targets(values)
    return Labels.of(values, known, count, order)


# ---------------------------------------------------------------------------- extent
def check_extent(value: Any, name: str = "extent") -> Extent:
    """(xmin, xmax, ymin, ymax), finite, each min below its max."""
    if isinstance(value, str) or not isinstance(value, Sequence | np.ndarray):
        raise TypeError(f"{name}: must be (xmin, xmax, ymin, ymax), got {type(value).__name__}")
    if len(value) != 4:
        raise ValueError(f"{name}: must be 4 numbers (xmin, xmax, ymin, ymax), got {len(value)}")
    out = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating):
            raise TypeError(f"{name}: must hold numbers, got {type(v).__name__}")
        f = float(v)
        if not (math.isfinite(f) and abs(f) <= MAX_COORDINATE):
            raise ValueError(f"{name}: must hold finite numbers within ±{MAX_COORDINATE:g}")
        out.append(f)
    xmin, xmax, ymin, ymax = out
    if not (xmin < xmax and ymin < ymax):
        raise ValueError(
            f"{name}: needs xmin < xmax and ymin < ymax, got ({xmin}, {xmax}, {ymin}, {ymax})"
        )
    return xmin, xmax, ymin, ymax


def auto_extent(xy: np.ndarray) -> Extent:
    """A square around the points with a margin: the plane keeps x and y at one scale, so
    circles stay circles; data whose axes differ in scale can be given its own extent."""
    if len(xy) == 0:
        return DEFAULT_EXTENT
    lo = xy.min(axis=0).astype(np.float64)
    hi = xy.max(axis=0).astype(np.float64)
    center = (lo + hi) / 2
    span = float((hi - lo).max())
    if span == 0:
        span = max(1.0, float(np.abs(center).max()))
    half = span * (0.5 + MARGIN)
    cx, cy = (float(c) for c in center)
    return cx - half, cx + half, cy - half, cy + half


def count_outside(xy: np.ndarray, extent: Extent) -> int:
    xmin, xmax, ymin, ymax = extent
    x, y = xy[:, 0], xy[:, 1]
    return int(((x < xmin) | (x > xmax) | (y < ymin) | (y > ymax)).sum())


def warn_outside(xy: np.ndarray, extent: Extent, stacklevel: int = 3) -> int:
    """Warn when points lie outside the extent (they train, but the plane cannot show them)."""
    n = count_outside(xy, extent)
    if n:
        warnings.warn(
            f"{n} of {len(xy)} points lie outside the extent {tuple(extent)}: they train but "
            "the plane does not show them; give a larger extent or extent=None to fit the data",
            UserWarning,
            stacklevel=stacklevel,
        )
    return n
