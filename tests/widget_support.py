"""What the widget tests share: a comm that records what the kernel sends, the browser's
two ways into the kernel (a state update, a custom message), and a small widget to drive."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import comm
import numpy as np
import pytest
from comm.base_comm import BaseComm

from nnvisu.notebook.widget import Widget


class RecordingComm(BaseComm):
    """A comm that keeps what the kernel would publish to the front end."""

    def __init__(self, **kwargs: Any) -> None:
        self.published: list[tuple[str, Any]] = []
        self.buffers: list[list[bytes]] = []
        super().__init__(**kwargs)

    def publish_msg(
        self,
        msg_type: str,
        data: Any = None,
        metadata: Any = None,
        buffers: Any = None,
        **keys: Any,
    ) -> None:
        self.published.append((msg_type, copy.deepcopy(data)))
        self.buffers.append([bytes(b) for b in buffers or []])

    def messages(self, method: str) -> list[Any]:
        return [d for t, d in self.published if t == "comm_msg" and d and d.get("method") == method]

    def replies(self) -> list[Any]:
        return [d["content"] for d in self.messages("custom")]

    def updates(self) -> list[dict[str, Any]]:
        return [d["state"] for d in self.messages("update")]


@pytest.fixture
def recording_comms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(comm, "create_comm", lambda **kw: RecordingComm(**kw))


def comm_of(w: Widget) -> RecordingComm:
    assert isinstance(w.comm, RecordingComm)
    return w.comm


def from_browser(w: Widget, content: dict[str, Any]) -> Any:
    """Deliver a custom message as the front end's `model.send(content)` would; the reply."""
    before = len(comm_of(w).replies())
    w._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})
    replies = comm_of(w).replies()
    assert len(replies) == before + 1, "expected exactly one reply"
    return replies[-1]


def browser_sets(w: Widget, **state: Any) -> None:
    """Deliver a state update as the front end's `model.set(...); model.save_changes()` would."""
    msg = {"method": "update", "state": state, "buffer_paths": []}
    w._handle_msg({"content": {"data": msg}, "buffers": []})


def circles(n: int = 120, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-5, 5, size=(n, 2))
    y = (np.hypot(X[:, 0], X[:, 1]) < 3).astype(np.int64)
    return X, y


def arrays(weights: dict[str, Any]) -> dict[str, np.ndarray]:
    return {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}


def assert_same_weights(a: dict[str, Any], b: dict[str, Any]) -> None:
    a_arr, b_arr = arrays(a), arrays(b)
    assert a_arr.keys() == b_arr.keys()
    for k in a_arr:
        np.testing.assert_array_equal(a_arr[k], b_arr[k], err_msg=k)


@pytest.fixture
def widget(recording_comms: None) -> Iterator[Widget]:
    """A fresh widget on 120 circle points (two classes), hidden layers (6, 4), seed 3."""
    X, y = circles()
    w = Widget(X, y, hidden_layers=(6, 4), seed=3)
    yield w
    w.close()
