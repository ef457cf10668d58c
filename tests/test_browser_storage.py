"""Browser storage in the plan's shapes (docs/protocol.md section 3), in real Chromium against a
live server: the three plan keys after training, a profile seeded by hand, the first format
migrated, writes cut short by a full storage, and the largest state the server allows."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import orjson
import pytest
from browser_support import (
    PLAN_KEYS,
    assert_consistent,
    assert_plan_shapes,
    field,
    generate,
    open_app,
    readout,
    readout_int,
    set_field,
    step_once,
    storage,
    storage_raw,
    stored_bytes,
    stored_data,
    stored_model,
    stored_weights,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Page, expect
from test_browser_settings import Wire

from nnvisu.core.limits import Limits
from nnvisu.wire import protocol

pytestmark = pytest.mark.browser

LIMITS = Limits()
# The target for the largest state the server allows: 4 MB of the usual 5 MB.
BUDGET_BYTES = 4_000_000


def f32(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float32)


def same_bits(a: Any, b: Any) -> bool:
    x, y = f32(a), f32(b)
    return x.shape == y.shape and np.array_equal(x.view(np.uint32), y.view(np.uint32))


def assert_same_weights(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert same_bits(a[name], b[name]), name


def assert_same_optimizer(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert (a["type"], a["t"]) == (b["type"], b["t"])
    assert a["buffers"].keys() == b["buffers"].keys()
    for name, bufs in a["buffers"].items():
        assert bufs.keys() == b["buffers"][name].keys()
        for kind in bufs:
            assert same_bits(bufs[kind], b["buffers"][name][kind]), f"{name}.{kind}"


def seed_storage(page: Page, url: str, values: dict[str, Any]) -> None:
    """A profile holding only `values` (as JSON), then the page: the keys are written from a
    file of the same origin, so no page of the app is there to write over them."""
    page.goto(url + "static/nnvisu.css")
    page.evaluate(
        """vals => { localStorage.clear();
           for (const [k, v] of Object.entries(vals)) localStorage.setItem(k, v); }""",
        {k: json.dumps(v) for k, v in values.items()},
    )
    page.goto(url)
    expect(page.get_by_test_id("connection-status")).to_have_text("connected")


def last_reply(wire: Wire, kind: str = "step_result") -> dict[str, Any]:
    return [m for m in wire.received if m.get("type") == kind][-1]


def test_after_training_the_plan_keys_hold_the_plan_shapes(app: Page) -> None:
    set_field(app, "Test fraction", "0.25")
    generate(app, "blobs", 40, classes=3)
    set_field(app, "Hidden layers", "5-4")
    for _ in range(3):
        step_once(app)
    assert_plan_shapes(app)
    config = storage(app, "nnvisu_config")
    assert config["architecture"] == [2, 5, 4, 3]
    assert config["learningRate"] == float(field(app, "Learning rate").input_value())
    weights = storage(app, "nnvisu_weights")
    assert weights["step"] == readout_int(app, "step") == 3
    assert set(weights) == {"version", "step"} | {
        f"layer_{i}_{kind}" for i in range(3) for kind in ("weights", "bias")
    }
    points = storage(app, "nnvisu_data")
    assert len(points) == 40
    assert 0 < sum(p.get("test", False) for p in points) < 40
    assert {p["label"] for p in points} == {0, 1, 2}
    # The step stamps say the optimizer state and metrics are of the weights' step.
    assert storage(app, "nnvisu_optimizer")["step"] == 3
    assert storage(app, "nnvisu_metrics")["step"] == 3
    assert_consistent(app)


def hand_written(rng: np.random.Generator) -> dict[str, Any]:
    """The plan's three keys as a script would write them: 3 classes, hidden layer of 5."""
    n = 60
    labels = rng.integers(0, 3, n)
    xy = rng.normal(0, 1.5, (n, 2)) + np.stack([labels - 1.0, np.zeros(n)], axis=1) * 2
    points: list[dict[str, Any]] = [
        {"x": round(float(x), 4), "y": round(float(y), 4), "label": int(lab)}
        for (x, y), lab in zip(xy, labels, strict=True)
    ]
    for p in points[::6]:
        p["test"] = True
    weights = {
        "layer_0_weights": rng.uniform(-1, 1, (5, 2)).astype(np.float32).tolist(),
        "layer_0_bias": rng.uniform(-0.1, 0.1, 5).astype(np.float32).tolist(),
        "layer_1_weights": rng.uniform(-1, 1, (3, 5)).astype(np.float32).tolist(),
        "layer_1_bias": [0.0, 0.0, 0.0],
    }
    return {
        "nnvisu_config": {"architecture": [2, 5, 3], "learningRate": 0.05},
        "nnvisu_data": points,
        "nnvisu_weights": weights,
    }


def test_a_profile_seeded_with_the_plan_keys_loads_them_and_trains_from_them(
    page: Page, server: LiveServer
) -> None:
    seeded = hand_written(np.random.default_rng(18))
    wire = Wire(page)
    seed_storage(page, server.url, seeded)
    assert readout(page, "message") == ""
    expect(page.get_by_test_id("point-count")).to_have_text("60")
    assert field(page, "Hidden layers").input_value() == "5"
    assert field(page, "Classes").input_value() == "3"
    assert field(page, "Learning rate").input_value() == "0.05"
    # Nothing was asked of the server: the page shows the seeded weights on the seeded points.
    assert not wire.requests("init")
    assert_consistent(page)

    step_once(page)
    request = wire.requests("step")[-1]
    assert request["step"] == 0 and request["optimizer"] is None
    assert request["config"]["learningRate"] == 0.05
    assert_same_weights(request["weights"], seeded["nnvisu_weights"])
    sent = request["data"]
    assert same_bits(sent["x"], [p["x"] for p in seeded["nnvisu_data"]])
    assert [int(v) for v in sent["label"]] == [p["label"] for p in seeded["nnvisu_data"]]
    assert [bool(t) for t in sent["test"]] == [p.get("test", False) for p in seeded["nnvisu_data"]]
    assert readout_int(page, "step") == 1
    assert_consistent(page)
    assert_plan_shapes(page)


def test_a_profile_with_only_settings_and_points_gets_fresh_weights_and_trains(
    page: Page, server: LiveServer
) -> None:
    seeded = hand_written(np.random.default_rng(7))
    del seeded["nnvisu_weights"]
    seed_storage(page, server.url, seeded)
    wait_until(page, lambda: storage(page, "nnvisu_weights") is not None, "fresh weights")
    assert readout(page, "message") == ""
    expect(page.get_by_test_id("point-count")).to_have_text("60")
    assert stored_data(page)["x"] == [p["x"] for p in seeded["nnvisu_data"]]
    assert [out for out, _ in _shapes(stored_weights(page))] == [5, 3]
    step_once(page)
    assert_consistent(page)


def _shapes(weights: dict[str, Any]) -> list[tuple[int, int]]:
    return [np.shape(weights[f"layer_{i}_weights"]) for i in range(len(weights) // 2)]


def first_format_state() -> tuple[dict[str, Any], dict[str, Any]]:
    """A trained run as the first storage format held it (every value wrapped as
    `{"version": 1, ...}`, optimizer state beside the weights), made by the trainer itself."""
    config = {
        "architecture": [2, 6, 2],
        "activation": "tanh",
        "optimizer": "adam",
        "learningRate": 0.05,
        "features": ["x", "y"],
        "seed": 3,
        "batchSize": 0,
        "dataset": "xor",
        "points": 50,
        "noise": 0.3,
        "dataSeed": 1,
        "testFraction": 0.2,
    }
    rng = np.random.default_rng(12)
    x, y = rng.uniform(-4, 4, 50).round(4), rng.uniform(-4, 4, 50).round(4)
    data = {
        "x": x.tolist(),
        "y": y.tolist(),
        "label": ((x > 0) ^ (y > 0)).astype(int).tolist(),
        "test": [i % 5 == 0 for i in range(50)],
    }

    def ask(request: dict[str, Any]) -> dict[str, Any]:
        reply: dict[str, Any] = orjson.loads(protocol.handle(orjson.dumps(request), LIMITS))
        assert reply["type"] in ("init_result", "step_result"), reply
        return reply

    init = ask({"type": "init", "id": 1, "config": config})
    trained = ask(
        {
            "type": "step",
            "id": 2,
            "config": config,
            "weights": init["weights"],
            "optimizer": None,
            "step": 0,
            "steps": 7,
            "data": data,
        }
    )
    metrics = {k: trained[k] for k in ("loss", "accuracy", "testLoss", "testAccuracy")}
    model = {"weights": trained["weights"], "optimizer": trained["optimizer"], "step": 7}
    history = {
        "losses": [[0, 0.75, 0.8], [7, trained["loss"], trained["testLoss"]]],
        "snapshots": [
            {"step": 0, "weights": init["weights"]},
            {"step": 7, "weights": trained["weights"]},
        ],
    }
    ui = {"selectedClass": 1, "tool": "erase", "showTest": False, "discretize": True}
    stored = {
        "nnvisu_config": {"version": 1, "config": config},
        "nnvisu_weights": {"version": 1, **model, "metrics": metrics},
        "nnvisu_data": {"version": 1, "data": data},
        "nnvisu_history": {"version": 1, "history": history},
        "nnvisu_ui": {"version": 1, "ui": ui},
    }
    return {"config": config, "data": data, "history": history, **model}, stored


def test_the_first_format_migrates_with_nothing_lost(page: Page, server: LiveServer) -> None:
    """This was the format under test in test_browser_state before the plan's shapes: a profile
    holding it must come back whole (weights, optimizer state, step, points, history, UI)."""
    state, stored = first_format_state()
    wire = Wire(page)
    seed_storage(page, server.url, stored)
    assert readout(page, "message") == ""
    assert readout_int(page, "step") == 7
    expect(page.get_by_test_id("point-count")).to_have_text("50")
    assert field(page, "Hidden layers").input_value() == "6"
    assert field(page, "Learning rate").input_value() == "0.05"
    assert field(page, "Discretize").is_checked()
    assert field(page, "History").get_attribute("max") == "2"

    # Written anew in the current format at once, with the same values.
    assert_plan_shapes(page)
    model = stored_model(page)
    assert model["step"] == 7
    assert_same_weights(model["weights"], state["weights"])
    assert (model["optimizer"]["type"], model["optimizer"]["t"], model["optimizer"]["step"]) == (
        "adam",
        7,
        7,
    )
    assert stored_data(page) == state["data"]
    history = storage(page, "nnvisu_history")
    assert history["version"] == 2 and history["losses"] == state["history"]["losses"]
    assert [s["step"] for s in history["snapshots"]] == [0, 7]
    assert storage(page, "nnvisu_ui")["tool"] == "erase"

    # And it trains on from exactly that state: the request carries it bit for bit.
    step_once(page)
    request = wire.requests("step")[-1]
    assert request["step"] == 7
    assert_same_weights(request["weights"], state["weights"])
    assert_same_optimizer(request["optimizer"], state["optimizer"])
    assert readout_int(page, "step") == 8
    assert_consistent(page)


REFUSE = """
(() => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const refused = (sessionStorage.getItem("refuse") || "").split(",");
    if (this === window.localStorage && refused.includes(key)) {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    }
    return setItem.call(this, key, value);
  };
})();
"""


def refuse(page: Page, *keys: str) -> None:
    """From now on (and over reloads of this tab) setItem of these keys fails as a full
    storage does."""
    page.evaluate("k => sessionStorage.setItem('refuse', k)", ",".join(keys))


@pytest.fixture
def refusing(page: Page, server: LiveServer) -> tuple[Page, Wire]:
    """The app in a page whose setItem can be made to fail for chosen keys (`refuse`), and
    the frames of its socket."""
    page.add_init_script(REFUSE)
    wire = Wire(page)
    open_app(page, server.url)
    return page, wire


def test_optimizer_state_cut_off_by_a_full_storage_leaves_the_weights_and_is_reported(
    refusing: tuple[Page, Wire],
) -> None:
    page, wire = refusing
    step_once(page)
    refuse(page, "nnvisu_optimizer")
    step_once(page)
    expect(page.get_by_test_id("message")).to_contain_text("storage is full")
    expect(page.get_by_test_id("message")).to_contain_text("nnvisu_optimizer")
    # The weights of step 2 are stored whole; the optimizer state is still step 1's.
    assert_plan_shapes(page)
    model = stored_model(page)
    assert (model["step"], model["optimizer"]["step"]) == (2, 1)
    assert_same_weights(model["weights"], last_reply(wire)["weights"])

    page.reload()
    expect(page.get_by_test_id("connection-status")).to_have_text("connected")
    expect(page.get_by_test_id("message")).to_contain_text("fresh optimizer")
    assert readout_int(page, "step") == 2
    assert [row[0] for row in storage(page, "nnvisu_history")["losses"]] == [0, 1, 2]
    step_once(page)
    request = wire.requests("step")[-1]
    assert request["optimizer"] is None, "the optimizer restarts"
    assert_same_weights(request["weights"], model["weights"])
    assert_consistent(page)


def test_weights_cut_off_by_a_full_storage_keep_the_stored_step_whole(
    refusing: tuple[Page, Wire],
) -> None:
    page, wire = refusing
    step_once(page)
    before = {key: storage_raw(page, key) for key in (*PLAN_KEYS, "nnvisu_optimizer")}
    refuse(page, "nnvisu_weights")
    step_once(page)
    expect(page.get_by_test_id("message")).to_contain_text("(nnvisu_weights) could not be saved")
    assert readout_int(page, "step") == 2
    # Not the optimizer state of step 2 either: what is stored is still all of step 1.
    assert {key: storage_raw(page, key) for key in before} == before

    page.reload()
    expect(page.get_by_test_id("connection-status")).to_have_text("connected")
    assert readout(page, "message") == ""
    assert readout_int(page, "step") == 1
    step_once(page)
    assert wire.requests("step")[-1]["optimizer"]["t"] == 1, "the optimizer state went on"


def test_the_largest_state_fits_and_comes_back_exactly(page: Page, server: LiveServer) -> None:
    """At the limits (10 hidden layers of 100 with Adam state, 5,000 points, a history) nothing
    says the storage is full, all keys together stay within 4 MB, and a reload right after a
    step brings back the same float32 weights and optimizer state."""
    wire = Wire(page)
    open_app(page, server.url)
    set_field(page, "Hidden layers", "-".join(["100"] * LIMITS.max_hidden_layers))
    wait_until(
        page,
        lambda: len(stored_weights(page)) == 2 * (LIMITS.max_hidden_layers + 1),
        "the large network",
    )
    assert field(page, "Optimizer").input_value() == "adam"
    generate(page, "circles", LIMITS.max_points)
    for _ in range(4):
        step_once(page)
    reply = last_reply(wire)
    assert reply["step"] == 4
    # Right after the last step, as a user might: a save still put off is made on the way out.
    page.reload()
    expect(page.get_by_test_id("connection-status")).to_have_text("connected")
    assert "storage is full" not in readout(page, "message")
    assert readout_int(page, "step") == 4
    size = stored_bytes(page)
    print(f"stored at the limits: {size} bytes")
    assert size <= BUDGET_BYTES, f"{size} bytes stored"
    assert_plan_shapes(page)
    assert_same_weights(stored_weights(page), reply["weights"])
    losses = storage(page, "nnvisu_history")["losses"]
    assert [row[0] for row in losses][-4:] == [1, 2, 3, 4]

    step_once(page)
    request = wire.requests("step")[-1]
    assert request["step"] == 4
    assert_same_weights(request["weights"], reply["weights"])
    assert_same_optimizer(request["optimizer"], reply["optimizer"])
    assert "storage is full" not in readout(page, "message")
