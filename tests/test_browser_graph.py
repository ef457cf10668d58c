"""The network as the centrepiece, in Chromium: a neuron's map on the plane, weights edited by
hand and sent with the next request, neurons added and removed, the layouts that keep plane,
graph and loss chart above the fold, and the colour language of the plane."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from browser_support import (
    PLANE_EXTENT,
    ErrorCollector,
    button,
    field,
    generate,
    layer_shapes,
    layer_sizes_drawn,
    open_app,
    readout_int,
    screenshot,
    set_field,
    sized_page,
    stored_config,
    stored_data,
    stored_model,
    stored_weights,
    wait_settled,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Browser, Page, expect
from test_browser_settings import Wire, step_request

pytestmark = pytest.mark.browser

RGB = tuple[int, int, int]
# Away from the axes and the tick labels along the bottom and left edges.
SAMPLES = [(x, y) for x in (-3.0, -1.0, 1.0, 3.0) for y in (-3.0, -1.0, 1.0, 3.0)]


def plane_rgb(page: Page, points: list[tuple[float, float]]) -> list[RGB]:
    """The plane canvas's pixels at these data points."""
    values: list[list[int]] = page.get_by_test_id("plane").evaluate(
        """(c, [pts, extent]) => {
            const ctx = c.getContext("2d");
            return pts.map(([x, y]) => {
                const at = (v, n) => Math.min(n - 1, Math.floor(((v + extent) / (2 * extent)) * n));
                const [px, py] = [at(x, c.width), at(-y, c.height)];
                return Array.from(ctx.getImageData(px, py, 1, 1).data.slice(0, 3));
            });
        }""",
        [points, PLANE_EXTENT],
    )
    return [(v[0], v[1], v[2]) for v in values]


def hidden_sizes(page: Page) -> list[int]:
    return [out for out, _ in layer_shapes(stored_weights(page))[:-1]]


def is_green(c: RGB) -> bool:
    return c[1] > c[0] + 12 and c[1] > c[2] + 12


def is_purple(c: RGB) -> bool:
    return c[0] > c[1] + 12 and c[2] > c[1] + 12


def edge_midpoint(page: Page, a: str, b: str) -> tuple[float, float]:
    """The middle of the edge between two neurons (by test id), in page pixels."""
    boxes = [page.get_by_test_id(t).bounding_box() for t in (a, b)]
    assert boxes[0] is not None and boxes[1] is not None
    ax = boxes[0]["x"] + boxes[0]["width"]
    bx = boxes[1]["x"]
    ay = boxes[0]["y"] + boxes[0]["height"] / 2
    by = boxes[1]["y"] + boxes[1]["height"] / 2
    return (ax + bx) / 2, (ay + by) / 2


def test_hovering_a_neuron_shows_its_map_on_the_plane_and_leaving_restores(app: Page) -> None:
    button(app, "Clear points").click()
    expect(app.get_by_test_id("point-count")).to_have_text("0")
    decision = plane_rgb(app, SAMPLES)
    weights = stored_weights(app)
    w = np.array(weights["layer_0_weights"])
    b = np.array(weights["layer_0_bias"])
    xy = np.array(SAMPLES)
    acts = np.tanh(xy @ w.T + b)  # samples x neurons: the default activation is tanh
    # The neuron whose map says most: the most samples clearly positive or negative.
    neuron = int(np.argmax((np.abs(acts) > 0.3).sum(axis=0)))
    assert (np.abs(acts[:, neuron]) > 0.3).sum() >= 4, acts[:, neuron]

    app.get_by_test_id(f"neuron-0-{neuron}").hover()
    expect(app.get_by_test_id("plane-caption")).to_have_text(
        f"Neuron 1.{neuron + 1} on the plane: the neuron's activation"
    )
    wait_until(app, lambda: plane_rgb(app, SAMPLES) != decision, "the neuron's map")
    shown = plane_rgb(app, SAMPLES)
    for (x, y), a, rgb in zip(SAMPLES, acts[:, neuron], shown, strict=True):
        if a > 0.3:
            assert is_green(rgb), f"activation {a:.2f} at ({x}, {y}) shows {rgb}, not green"
        elif a < -0.3:
            assert is_purple(rgb), f"activation {a:.2f} at ({x}, {y}) shows {rgb}, not purple"
    # Its incoming weights are written on its edges.
    expect(app.get_by_test_id("tooltip")).to_contain_text(f"neuron 1.{neuron + 1}: bias")

    app.mouse.move(1, 1)
    wait_until(app, lambda: plane_rgb(app, SAMPLES) == decision, "the decision map again")
    expect(app.get_by_test_id("plane-caption")).to_be_hidden()

    # An input's map is its feature: x is negative (purple) left and positive (green) right.
    app.get_by_test_id("input-x").hover()
    wait_until(app, lambda: plane_rgb(app, SAMPLES) != decision, "the map of x")
    by_x = dict(zip(SAMPLES, plane_rgb(app, SAMPLES), strict=True))
    assert all(is_purple(by_x[(-3.0, y)]) and is_green(by_x[(3.0, y)]) for y in (-3.0, 3.0))


def test_an_edited_weight_is_the_one_the_next_request_sends(page: Page, server: LiveServer) -> None:
    wire = Wire(page)
    open_app(page, server.url)
    set_field(page, "Hidden layers", "2-2")
    wait_until(page, lambda: hidden_sizes(page) == [2, 2], "a 2-2 network")

    # Clicking an edge opens the editor on that weight, pausing training.
    button(page, "Play").click()
    expect(button(page, "Pause")).to_be_visible()
    page.mouse.click(*edge_midpoint(page, "neuron-0-0", "neuron-1-0"))
    editor = page.get_by_test_id("weight-editor")
    expect(editor).to_be_visible()
    expect(button(page, "Play")).to_be_visible()
    expect(editor).to_contain_text("Into neuron 2.1")
    expect(page.get_by_label("Weight from")).to_have_value("0")

    value = page.get_by_test_id("weight-value")
    value.fill("lots")
    value.press("Enter")
    expect(page.get_by_test_id("weight-error")).to_have_text(
        'A weight must be a number, not "lots"'
    )
    expect(editor).to_be_visible()
    value.fill("1.5")
    value.press("Enter")
    expect(editor).to_be_hidden()
    wait_until(
        page, lambda: stored_weights(page)["layer_1_weights"][0][0] == 1.5, "the edit stored"
    )
    edited = stored_weights(page)
    request = step_request(page, wire)
    assert request["weights"]["layer_1_weights"][0, 0] == np.float32(1.5)
    for name, values in edited.items():
        np.testing.assert_array_equal(request["weights"][name], np.float32(values), err_msg=name)

    # A click on a neuron edits its bias (a typographic minus is fine).
    page.get_by_test_id("neuron-0-1").click()
    expect(editor).to_contain_text("Into neuron 1.2")
    expect(page.get_by_label("Weight from")).to_have_value("bias")
    value.fill("\u22120.25")
    page.get_by_role("button", name="Set", exact=True).click()
    wait_until(page, lambda: stored_weights(page)["layer_0_bias"][1] == -0.25, "the bias stored")
    request = step_request(page, wire)
    assert request["weights"]["layer_0_bias"][1] == np.float32(-0.25)

    # Escape leaves everything as it was (once that step's reply is in).
    wait_settled(page)
    before = stored_model(page)
    page.get_by_test_id("neuron-1-1").click()
    value.fill("9")
    value.press("Escape")
    expect(editor).to_be_hidden()
    assert stored_model(page) == before


def test_neuron_buttons_change_the_architecture_and_reinitialize(app: Page) -> None:
    button(app, "Step").click()
    wait_until(app, lambda: stored_model(app)["step"] > 0, "a trained step")
    button(app, "Add a neuron to layer 1 (8 neurons)").click()
    wait_until(app, lambda: hidden_sizes(app) == [9, 8], "9-8")
    assert stored_config(app)["architecture"] == [2, 9, 8, 2]
    assert stored_model(app)["step"] == 0, "fresh weights for the new network"
    assert layer_sizes_drawn(app) == [9, 8, 2]
    expect(field(app, "Hidden layers")).to_have_value("9-8")

    button(app, "Remove a neuron from layer 2 (8 neurons)").click()
    wait_until(app, lambda: hidden_sizes(app) == [9, 7], "9-7")
    assert layer_sizes_drawn(app) == [9, 7, 2]
    button(app, "Add hidden layer").click()
    wait_until(app, lambda: hidden_sizes(app) == [9, 7, 7], "a third layer")
    expect(app.get_by_text("3 hidden layers")).to_be_visible()
    button(app, "Remove hidden layer").click()
    wait_until(app, lambda: hidden_sizes(app) == [9, 7], "two layers again")

    # At the host's bounds the buttons cannot be pressed.
    set_field(app, "Hidden layers", "1-100")
    wait_until(app, lambda: hidden_sizes(app) == [1, 100], "1-100")
    expect(button(app, "Remove a neuron from layer 1 (1 neurons)")).to_be_disabled()
    expect(button(app, "Add a neuron to layer 2 (100 neurons)")).to_be_disabled()
    expect(button(app, "Add a neuron to layer 1 (1 neurons)")).to_be_enabled()


def boxes_in_view(page: Page) -> dict[str, Any]:
    boxes: dict[str, Any] = {}
    for testid in ("plane", "network", "loss-chart"):
        box = page.get_by_test_id(testid).bounding_box()
        assert box is not None, f"{testid} is not displayed"
        boxes[testid] = box
    return boxes


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1280, 720)])
def test_plane_graph_and_chart_are_above_the_fold(
    browser: Browser, server: LiveServer, errors: ErrorCollector, width: int, height: int
) -> None:
    with sized_page(browser, server, errors, width, height) as page:
        button(page, "Step").click()
        wait_until(page, lambda: readout_int(page, "step") > 0, "a step")
        for name, box in boxes_in_view(page).items():
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (name, box)
        boxes = boxes_in_view(page)
        assert boxes["plane"]["width"] >= 340, boxes["plane"]
        # The whole network is inside its box, with neurons of a readable size.
        neuron = page.get_by_test_id("neuron-1-7").bounding_box()
        assert neuron is not None and neuron["width"] >= 30, neuron
        assert neuron["y"] + neuron["height"] <= height
        screenshot(page, f"layout-{width}x{height}.png")


def test_a_wide_screen_uses_the_space(
    browser: Browser, server: LiveServer, errors: ErrorCollector
) -> None:
    with sized_page(browser, server, errors, 1440, 900) as page:
        boxes = boxes_in_view(page)
        for name, box in boxes.items():
            assert box["y"] + box["height"] <= 900, (name, box)
        assert boxes["plane"]["width"] >= 540, boxes["plane"]
        neuron = page.get_by_test_id("neuron-0-0").bounding_box()
        assert neuron is not None and neuron["width"] >= 44, neuron
        # Graph and plane side by side, and the page does not scroll sideways.
        assert boxes["network"]["x"] + boxes["network"]["width"] <= boxes["plane"]["x"]
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1]
        screenshot(page, "layout-1440x900.png")


def point_pixels(page: Page, x: float, y: float, radius: int) -> list[list[int]]:
    """RGB of the plane's pixels within `radius` device pixels of a data point."""
    values: list[list[int]] = page.get_by_test_id("plane").evaluate(
        """(c, [x, y, r, extent]) => {
            const cx = Math.round(((x + extent) / (2 * extent)) * c.width);
            const cy = Math.round(((extent - y) / (2 * extent)) * c.height);
            const d = c.getContext("2d").getImageData(cx - r, cy - r, 2 * r + 1, 2 * r + 1).data;
            const out = [];
            for (let i = 0; i < d.length; i += 4) out.push([d[i], d[i + 1], d[i + 2]]);
            return out;
        }""",
        [x, y, radius, PLANE_EXTENT],
    )
    return values


def isolated_point(data: dict[str, list[Any]], test: bool) -> int:
    """The point (test or training) farthest from every other point."""
    xs, ys = np.array(data["x"]), np.array(data["y"])
    best, best_d = -1, -1.0
    for i, t in enumerate(data["test"]):
        d = np.hypot(xs - xs[i], ys - ys[i])
        d[i] = math.inf
        if bool(t) == test and abs(xs[i]) < 5 and abs(ys[i]) < 5 and d.min() > best_d:
            best, best_d = i, float(d.min())
    assert best >= 0
    return best


def test_points_stand_out_on_their_own_region_and_test_points_are_filled(app: Page) -> None:
    generate(app, "moons", 120)
    set_field(app, "Test fraction", "0.5")
    button(app, "Generate").click()
    wait_until(app, lambda: any(stored_data(app)["test"]), "test points")
    button(app, "Play").click()
    wait_until(app, lambda: readout_int(app, "step") > 150, "some training")
    button(app, "Pause").click()
    data = stored_data(app)
    colours = {0: (0, 114, 178), 1: (230, 159, 0)}
    for test in (False, True):
        i = isolated_point(data, test)
        pixels = point_pixels(app, data["x"][i], data["y"][i], 9)
        centre = pixels[len(pixels) // 2]
        expected = colours[data["label"][i]]
        assert all(abs(a - b) < 30 for a, b in zip(centre, expected, strict=True)), (test, centre)
        # A dark outline around it, whatever the region's colour.
        darkest = min(0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in pixels)
        assert darkest < 70, (test, darkest)
    screenshot(app, "test-points.png")


@pytest.mark.parametrize("width", [390, 1024])
def test_no_menu_cuts_its_choices(
    browser: Browser, server: LiveServer, errors: ErrorCollector, width: int
) -> None:
    with sized_page(browser, server, errors, width, 844) as page:
        cut: list[str] = page.evaluate(
            """() => {
                const ctx = document.createElement("canvas").getContext("2d");
                const cut = [];
                for (const sel of document.querySelectorAll(".nnvisu select")) {
                    if (!sel.offsetParent) continue;
                    const st = getComputedStyle(sel);
                    ctx.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
                    // the text, the padding and the arrow
                    const padding = parseFloat(st.paddingLeft) + parseFloat(st.paddingRight);
                    const room = sel.clientWidth - padding - 18;
                    for (const o of sel.options) {
                        if (ctx.measureText(o.text).width > room) cut.push(`${sel.id}: ${o.text}`);
                    }
                }
                return cut;
            }"""
        )
        assert not cut, f"cut: {cut}"
