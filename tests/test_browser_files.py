"""Files, share links, PyTorch files and pictures from the page's File menu, in real Chromium
against a live server: real downloads, imports in fresh browser profiles and in the widget
(and back), links opened in fresh contexts, and bad files and links that change nothing."""

from __future__ import annotations

import base64
import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import comm
import numpy as np
import pytest
import torch
from browser_support import (
    TIMEOUT_MS,
    button,
    choose,
    field,
    generate,
    open_app,
    readout_int,
    screenshot,
    set_field,
    step_once,
    storage_all,
    stored_config,
    stored_data,
    stored_model,
    wait_settled,
)
from conftest import LiveServer
from playwright.sync_api import Browser, Page, expect
from widget_support import RecordingComm

from nnvisu.notebook.widget import Widget

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PARITY_CLI = ROOT / "js" / "tests" / "parity_cli.mjs"


@pytest.fixture(autouse=True)
def recording_comms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(comm, "create_comm", lambda **kw: RecordingComm(**kw))


def f32_bits(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float32).view(np.uint32)


def assert_same_weights(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(f32_bits(a[k]), f32_bits(b[k]), err_msg=k)


def points_f32(points: list[dict[str, Any]]) -> tuple[np.ndarray, list[int], list[bool]]:
    xy = np.array([[p["x"], p["y"]] for p in points], dtype=np.float32)
    return xy, [p["label"] for p in points], [p.get("test", False) for p in points]


def menu(page: Page, testid: str) -> None:
    page.get_by_test_id("file-menu").locator("summary").click()
    page.get_by_test_id(testid).click()


def message(page: Page) -> str:
    return page.get_by_test_id("message").inner_text()


def fresh_page(browser: Browser, errors: Any, **options: Any) -> Page:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    ctx.set_default_timeout(TIMEOUT_MS)
    page = ctx.new_page()
    errors.attach(page)
    return page


def export_file(page: Page, tmp_path: Path, name: str = "state.json") -> Path:
    with page.expect_download() as download:
        menu(page, "export-file")
    path = tmp_path / name
    download.value.save_as(path)
    assert download.value.suggested_filename == "nnvisu-state.json"
    return path


def import_file(page: Page, path: Path) -> None:
    page.get_by_test_id("import-input").set_input_files(str(path))


def trained_page(page: Page, url: str, steps: int = 3) -> None:
    open_app(page, url)
    choose(page, "Optimizer", "rmsprop")
    set_field(page, "Learning rate", "0.02")
    for _ in range(steps):
        step_once(page)
    wait_settled(page)


def test_an_exported_file_imports_in_a_fresh_profile_and_in_the_widget(
    app: Page, server: LiveServer, browser: Browser, errors: Any, tmp_path: Path
) -> None:
    trained_page(app, server.url)
    path = export_file(app, tmp_path)
    doc = json.loads(path.read_text())
    before = stored_model(app)
    assert doc["step"] == before["step"] == readout_int(app, "step")
    assert_same_weights(doc["weights"], before["weights"])
    assert doc["optimizer"]["type"] == "rmsprop" and doc["history"]["losses"]
    assert doc["data"] == json.loads(app.evaluate("localStorage.getItem('nnvisu_data')"))

    other = fresh_page(browser, errors)
    open_app(other, server.url)
    import_file(other, path)
    expect(other.get_by_test_id("message")).to_contain_text("Imported state.json")
    wait_settled(other)
    after = stored_model(other)
    assert after["step"] == doc["step"] == readout_int(other, "step")
    assert_same_weights(after["weights"], before["weights"])
    assert after["optimizer"] == before["optimizer"]  # packed float32: the same bits
    assert stored_data(other) == stored_data(app)
    assert stored_config(other) == stored_config(app)
    # Training goes on from the same state in both: the same next step.
    step_once(app)
    step_once(other)
    wait_settled(app)
    wait_settled(other)
    assert_same_weights(stored_model(other)["weights"], stored_model(app)["weights"])
    other.context.close()

    w = Widget.load(path)
    assert_same_weights(w.weights, doc["weights"])
    xy, labels, test = points_f32(doc["data"])
    np.testing.assert_array_equal(w.X.astype(np.float32), xy)
    assert w.y.tolist() == labels and w.test.tolist() == test
    assert w.step_count == doc["step"] and w.config["optimizer"] == "rmsprop"


def test_a_widget_file_imports_in_the_page_and_trains_on_identically(
    page: Page, server: LiveServer, tmp_path: Path
) -> None:
    rng = np.random.default_rng(5)
    X = rng.uniform(-5, 5, size=(90, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int) + (X[:, 0] > 3)
    w = Widget(X, y, hidden_layers=(6,), features=("x", "y", "xy"), optimizer="adam", seed=8)
    w.fit(epochs=5, steps_per_update=5)
    path = tmp_path / "from-widget.json"
    w.save(path)
    open_app(page, server.url)
    import_file(page, path)
    expect(page.get_by_test_id("message")).to_contain_text("Imported from-widget.json: 90 points")
    wait_settled(page)
    stored = stored_model(page)
    assert stored["step"] == w.step_count
    assert_same_weights(stored["weights"], w.weights)
    data = stored_data(page)
    np.testing.assert_array_equal(
        np.array([data["x"], data["y"]], np.float32).T, w.X.astype(np.float32)
    )
    assert data["label"] == w.y.tolist()
    assert stored_config(page)["architecture"] == [3, 6, 3]
    step_once(page)
    wait_settled(page)
    w.step(1)
    assert_same_weights(stored_model(page)["weights"], w.weights)


def bad_files(good: dict[str, Any]) -> dict[str, tuple[bytes, str]]:
    text = json.dumps(good).encode()
    return {
        "truncated.json": (text[: len(text) // 2], "it is not JSON (cut short or damaged?)"),
        "foreign.json": (
            b'{"cells": [], "nbformat": 4}',
            'it is not an nnvisu state (no "format": "nnvisu-state")',
        ),
        "newer.json": (
            json.dumps(good | {"version": 9}).encode(),
            "this nnvisu reads version 1 (it was written by a newer nnvisu)",
        ),
        "inconsistent.json": (
            json.dumps(good | {"config": good["config"] | {"problem": "regression"}}).encode(),
            "the output size must be 1 for regression (the one predicted value), got 2",
        ),
        "bad-weights.json": (
            json.dumps(good | {"weights": good["weights"] | {"layer_0_bias": [1, 2]}}).encode(),
            "layer_0_bias must have 8 finite numbers",
        ),
        "image.png": (bytes(range(256)) * 4, "it is not JSON"),
    }


def test_bad_files_are_refused_by_name_and_change_nothing(
    app: Page, server: LiveServer, tmp_path: Path
) -> None:
    trained_page(app, server.url, steps=2)
    good = json.loads(export_file(app, tmp_path).read_text())
    before = storage_all(app)
    step = readout_int(app, "step")
    for name, (content, reason) in bad_files(good).items():
        path = tmp_path / name
        path.write_bytes(content)
        import_file(app, path)
        expect(app.get_by_test_id("message")).to_contain_text(f"Import of {name} refused: ")
        expect(app.get_by_test_id("message")).to_contain_text(reason)
        expect(app.get_by_test_id("message")).to_contain_text("Nothing was changed")
        app.wait_for_timeout(300)
        assert storage_all(app) == before, name
        assert readout_int(app, "step") == step


def share_link(page: Page) -> str:
    menu(page, "share-link")
    expect(page.get_by_test_id("file-dialog")).to_be_visible()
    link = page.get_by_test_id("dialog-text").input_value()
    page.get_by_test_id("file-dialog").get_by_role("button", name="Close").click()
    return link


def test_a_share_link_opens_the_same_points_settings_and_weights_in_a_fresh_context(
    app: Page, server: LiveServer, browser: Browser, errors: Any
) -> None:
    trained_page(app, server.url)
    link = share_link(app)
    assert link.startswith(server.url + "#nnvisu=1.") and len(link) <= 8000
    expect(app.get_by_test_id("message")).to_have_text("Share link made")
    other = fresh_page(browser, errors)
    open_app(other, link)
    expect(other.get_by_test_id("message")).to_contain_text(
        "Opened a shared link: 200 points, the network at step 3"
    )
    wait_settled(other)
    assert "#" not in other.url
    assert stored_config(other) == stored_config(app)
    mine, theirs = stored_data(app), stored_data(other)
    assert theirs["label"] == mine["label"] and theirs["test"] == mine["test"]
    for k in ("x", "y"):
        np.testing.assert_array_equal(
            np.array(theirs[k], np.float32), np.array(mine[k], np.float32)
        )
    assert_same_weights(stored_model(other)["weights"], stored_model(app)["weights"])
    assert stored_model(other)["step"] == 3
    other.context.close()


def test_a_link_too_long_with_weights_holds_points_and_settings_and_one_too_long_is_refused(
    app: Page, server: LiveServer, browser: Browser, errors: Any
) -> None:
    set_field(app, "Hidden layers", "40-40")
    generate(app, "spiral", 300)
    wait_settled(app)
    link = share_link(app)
    assert len(link) <= 8000
    expect(app.get_by_test_id("message")).to_have_text(
        "Share link made without the weights (too long with them)"
    )
    other = fresh_page(browser, errors)
    open_app(other, link)
    expect(other.get_by_test_id("message")).to_contain_text(
        "Opened a shared link: 300 points, fresh weights"
    )
    wait_settled(other)
    assert stored_config(other) == stored_config(app)
    assert stored_data(other)["label"] == stored_data(app)["label"]
    assert stored_model(other)["step"] == 0
    other.context.close()
    generate(app, "gaussian", 3000)
    before = storage_all(app)
    app.get_by_test_id("file-menu").locator("summary").click()
    app.get_by_test_id("share-link").click()
    expect(app.get_by_test_id("message")).to_contain_text(
        "a link may hold here: use Export instead"
    )
    expect(app.get_by_test_id("file-dialog")).to_be_hidden()
    assert storage_all(app) == before


def test_damaged_and_foreign_links_are_refused_and_change_nothing(
    app: Page, server: LiveServer
) -> None:
    trained_page(app, server.url, steps=1)
    link = share_link(app)
    fragment = link[len(server.url) :]
    before = storage_all(app)
    body = fragment[len("#nnvisu=1.") :]
    deflate = zlib.compressobj(wbits=-15)
    foreign = deflate.compress(b'{"hello": "world"}') + deflate.flush()
    cases = {
        "#nnvisu=1." + body[: len(body) // 8 * 4]: "its data does not unpack",
        fragment.replace("#nnvisu=1.", "#nnvisu=7."): "link of version 7",
        "#nnvisu=1.%%%": "not base64url",
        "#nnvisu=1."
        + base64.urlsafe_b64encode(foreign).decode().rstrip("="): "not an nnvisu state",
    }
    for bad, reason in cases.items():
        app.goto(server.url + bad)  # a new fragment: the open page hears it
        expect(app.get_by_test_id("message")).to_contain_text("This link cannot be opened: ")
        expect(app.get_by_test_id("message")).to_contain_text(reason)
        app.wait_for_timeout(300)
        assert storage_all(app) == before, bad
    # And when the page is loaded with a bad link.
    app.reload()
    expect(app.get_by_test_id("message")).to_contain_text(
        "This link cannot be opened: it is not an nnvisu state"
    )
    app.wait_for_timeout(500)
    assert storage_all(app) == before


def page_probabilities(page: Page, xy: np.ndarray, tmp_path: Path) -> np.ndarray:
    """The page's own forward pass (js/model/forward.js) on its stored weights and settings."""
    node = shutil.which("node")
    assert node, "node is needed for the page's forward pass"
    config = stored_config(page)
    case = {
        "weights": stored_model(page)["weights"],
        "features": config["features"],
        "activation": config["activation"],
        "x": xy[:, 0].tolist(),
        "y": xy[:, 1].tolist(),
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps([case]))
    done = subprocess.run(
        [node, str(PARITY_CLI), str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    return np.array(json.loads(done.stdout)[0]["probs"]).reshape(len(xy), -1)


def test_the_pt_file_loads_with_the_snippet_and_predicts_what_the_page_shows(
    app: Page, server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_field(app, "Classes", "3")
    field(app, "Feature x²").check()
    field(app, "Feature sin y").check()
    choose(app, "Activation", "gelu")
    wait_settled(app)
    for _ in range(3):
        step_once(app)
    wait_settled(app)
    with app.expect_download() as download:
        menu(app, "export-pt")
    assert download.value.suggested_filename == "nnvisu-model.pt"
    download.value.save_as(tmp_path / "nnvisu-model.pt")
    expect(app.get_by_test_id("file-dialog")).to_be_visible()
    snippet = app.get_by_test_id("dialog-text").input_value()
    screenshot(app, "files-pt-dialog-1280.png")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    exec(snippet, namespace)  # the Python the page shows, as a user would run it
    saved = torch.load(tmp_path / "nnvisu-model.pt")
    assert saved["step"] == readout_int(app, "step") == 3
    assert saved["config"]["architecture"] == [4, 8, 8, 3]
    xy = np.random.default_rng(3).uniform(-6, 6, size=(300, 2)).astype(np.float32)
    ours = namespace["predict_proba"](torch.from_numpy(xy)).numpy()
    assert np.abs(ours - page_probabilities(app, xy, tmp_path)).max() <= 1e-5


def png_size_and_colours(data: bytes) -> tuple[int, int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at, idat = 8, b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"IDAT":
            idat += data[at + 8 : at + 8 + length]
        at += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


def test_the_plane_and_the_graph_save_as_png(app: Page, tmp_path: Path) -> None:
    sizes: dict[str, tuple[int, int]] = {}
    for testid, name in (("plane-png", "nnvisu-plane.png"), ("graph-png", "nnvisu-graph.png")):
        with app.expect_download() as download:
            menu(app, testid)
        assert download.value.suggested_filename == name
        download.value.save_as(tmp_path / name)
        width, height, colours = png_size_and_colours((tmp_path / name).read_bytes())
        assert colours > 50, f"{name} looks blank"
        sizes[name] = (width, height)
    plane = app.get_by_test_id("plane").evaluate("c => [c.width, c.height]")
    assert sizes["nnvisu-plane.png"] == tuple(plane)
    graph = app.get_by_test_id("network").bounding_box()
    assert graph is not None
    assert sizes["nnvisu-graph.png"] == (round(graph["width"]), round(graph["height"]))


@pytest.mark.parametrize("width", [390, 1024, 1280, 1440])
def test_the_file_menu_fits_every_layout(
    browser: Browser, server: LiveServer, errors: Any, width: int
) -> None:
    page = fresh_page(browser, errors)
    page.set_viewport_size({"width": width, "height": 900})
    open_app(page, server.url)
    page.get_by_test_id("file-menu").locator("summary").click()
    items = page.locator(".nv-file-items button")
    expect(items).to_have_count(6)
    for i in range(6):
        box = items.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, i
        assert box["height"] >= 24
    screenshot(page, f"files-menu-{width}.png")
    button(page, "Play").click()  # the menu closes when the focus leaves it
    expect(page.locator(".nv-file-items")).to_be_hidden()
    button(page, "Pause").click()
    page.context.close()
