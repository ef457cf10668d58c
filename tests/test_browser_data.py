"""The standalone page in Chromium: placing, painting, erasing and generating points."""

from __future__ import annotations

import json
from typing import Any

import pytest
from browser_support import (
    SCREENSHOTS,
    ErrorCollector,
    button,
    choose,
    click_plane,
    data_columns,
    data_sets,
    drag_plane,
    field,
    pixel_scale,
    plane_png,
    readout,
    readout_int,
    screenshot,
    set_field,
    sized_page,
    step_once,
    storage_raw,
    stored_data,
    stored_points,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

# From the registry (js/data/datasets.js): a new data set is tested here without an edit.
CLASS_SETS = [d for d in data_sets() if d["problem"] == "classification"]
DATA_SETS = [d["name"] for d in CLASS_SETS]
TWO_CLASS_ONLY = {d["name"] for d in CLASS_SETS if d["classes"] == 2}
BOUNDARIES = [d for d in CLASS_SETS if d["curve"]]
GENERATED_EXTENT = 5.5


def clear(app: Page) -> None:
    button(app, "Clear points").click()
    expect(app.get_by_test_id("point-count")).to_have_text("0")


def tolerance(app: Page) -> float:
    """Where a click lands, in data units: a couple of CSS pixels of rounding."""
    return 2.5 * pixel_scale(app)


def generate(app: Page, name: str, points: int, classes: int | None = None) -> None:
    choose(app, "Data set", name)
    if classes is not None:
        set_field(app, "Classes", str(classes))
    set_field(app, "Points", str(points))
    button(app, "Generate").click()
    expect(app.get_by_test_id("point-count")).to_have_text(str(points))


def test_default_state_has_generated_circles(app: Page) -> None:
    assert readout_int(app, "point-count") == 200
    points = stored_points(app)
    assert len(points) == 200
    assert {label for _, _, label, _ in points} == {0, 1}
    assert readout(app, "message") == ""
    assert "nnvisu" in app.title()


def test_click_adds_point_of_selected_class_at_data_coordinates(app: Page) -> None:
    clear(app)
    field(app, "Class 2").check()
    click_plane(app, 2.0, -3.0)
    expect(app.get_by_test_id("point-count")).to_have_text("1")
    field(app, "Class 1").check()
    click_plane(app, -4.5, 4.0)
    expect(app.get_by_test_id("point-count")).to_have_text("2")

    (x0, y0, label0, test0), (x1, y1, label1, _) = stored_points(app)
    tol = tolerance(app)
    assert (label0, label1) == (1, 0)
    assert not test0
    assert x0 == pytest.approx(2.0, abs=tol) and y0 == pytest.approx(-3.0, abs=tol)
    assert x1 == pytest.approx(-4.5, abs=tol) and y1 == pytest.approx(4.0, abs=tol)


def test_drag_paints_points_along_the_path(app: Page) -> None:
    clear(app)
    field(app, "Class 2").check()
    drag_plane(app, [(-4.0, 1.0), (0.0, 1.0), (4.0, 1.0)], steps=10)
    wait_until(app, lambda: readout_int(app, "point-count") >= 5, "painted points")
    points = stored_points(app)
    assert len(points) == readout_int(app, "point-count")
    # Painting scatters points around the cursor; they stay near the stroke.
    near = 1.0 + tolerance(app)
    xs = [x for x, _, _, _ in points]
    assert all(abs(y - 1.0) <= near for _, y, _, _ in points)
    assert min(xs) >= -4.0 - near and max(xs) <= 4.0 + near
    assert min(xs) < -2.0 and max(xs) > 2.0, "points only at one end of the stroke"
    assert {label for _, _, label, _ in points} == {1}


def test_eraser_removes_points_under_the_cursor_only(app: Page) -> None:
    clear(app)
    targets = [(0.0, 0.0), (0.1, -0.1), (4.0, 4.0), (-4.0, -4.0), (4.0, -4.0)]
    for i, (x, y) in enumerate(targets):
        click_plane(app, x, y)
        expect(app.get_by_test_id("point-count")).to_have_text(str(i + 1))
    field(app, "Eraser").check()
    click_plane(app, 0.0, 0.0)
    expect(app.get_by_test_id("point-count")).to_have_text("3")
    kept = {(round(x), round(y)) for x, y, _, _ in stored_points(app)}
    assert kept == {(4, 4), (-4, -4), (4, -4)}

    # Dragging the eraser clears a stroke and nothing off it.
    drag_plane(app, [(-4.0, -4.0), (4.0, -4.0)], steps=20)
    expect(app.get_by_test_id("point-count")).to_have_text("1")
    assert [(round(x), round(y)) for x, y, _, _ in stored_points(app)] == [(4, 4)]


def test_undo_reverts_add_clear_data_settings_and_generate(app: Page) -> None:
    original = storage_raw(app, "nnvisu_data")
    click_plane(app, 1.0, 1.0)
    expect(app.get_by_test_id("point-count")).to_have_text("201")
    button(app, "Undo").click()
    expect(app.get_by_test_id("point-count")).to_have_text("200")
    assert stored_data(app) == _data_of(original)

    clear(app)
    button(app, "Undo").click()
    expect(app.get_by_test_id("point-count")).to_have_text("200")
    assert stored_data(app) == _data_of(original)

    # Points follow each data setting at once: choosing xor and 60 points are two edits, and
    # Generate, which makes the same points again, is none.
    generate(app, "xor", 60)
    button(app, "Undo").click()
    expect(app.get_by_test_id("point-count")).to_have_text("200")
    expect(field(app, "Data set")).to_have_value("xor")
    button(app, "Undo").click()
    expect(field(app, "Data set")).to_have_value("circles")
    assert stored_data(app) == _data_of(original)

    # Generate after drawing replaces the drawn points; Undo brings them back.
    click_plane(app, 1.0, 1.0)
    drawn = stored_data(app)
    button(app, "Generate").click()
    expect(app.get_by_test_id("point-count")).to_have_text("200")
    button(app, "Undo").click()
    expect(app.get_by_test_id("point-count")).to_have_text("201")
    assert stored_data(app) == drawn


def _data_of(raw: str | None) -> object:
    assert raw is not None
    return data_columns(json.loads(raw))


def test_clear_removes_every_point(app: Page) -> None:
    clear(app)
    assert stored_points(app) == []


def test_class_radio_buttons_follow_the_class_count(app: Page) -> None:
    expect(field(app, "Class 2")).to_be_visible()
    expect(field(app, "Class 3")).to_have_count(0)
    set_field(app, "Classes", "5")
    for k in range(1, 6):
        expect(field(app, f"Class {k}")).to_be_visible()
    expect(field(app, "Class 6")).to_have_count(0)
    clear(app)
    field(app, "Class 4").check()
    click_plane(app, -1.0, 2.0)
    expect(app.get_by_test_id("point-count")).to_have_text("1")
    assert stored_points(app)[0][2] == 3


@pytest.mark.parametrize("name", DATA_SETS)
def test_generate_data_set(app: Page, name: str) -> None:
    classes = 2 if name in TWO_CLASS_ONLY else 4
    set_field(app, "Test fraction", "0")  # the default holds out 0.2 as test points
    generate(app, name, 120, classes=4)
    points = stored_points(app)
    assert len(points) == 120
    assert {label for _, _, label, _ in points} == set(range(classes))
    for x, y, _, test in points:
        assert abs(x) <= GENERATED_EXTENT and abs(y) <= GENERATED_EXTENT
        assert not test
    if name not in TWO_CLASS_ONLY:
        assert readout(app, "message") == ""


def test_data_sets_differ_and_data_seed_matters(app: Page) -> None:
    seen: dict[str, object] = {}
    for name in DATA_SETS:
        generate(app, name, 80, classes=2)
        seen[name] = stored_data(app)
    for i, a in enumerate(DATA_SETS):
        for b in DATA_SETS[i + 1 :]:
            assert seen[a] != seen[b], f"{a} and {b} generated the same points"

    generate(app, "gaussian", 80)
    first = stored_data(app)
    set_field(app, "Data seed", "12345")
    button(app, "Generate").click()
    wait_until(app, lambda: stored_data(app) != first, "new points for a new data seed")


def test_test_fraction_and_show_test_points(app: Page) -> None:
    set_field(app, "Test fraction", "0")  # the default is 0.2
    wait_until(app, lambda: not any(t for *_, t in stored_points(app)), "no test points")
    assert readout(app, "test-loss") == "\u2014"
    set_field(app, "Test fraction", "0.25")
    generate(app, "circles", 100)
    marked = [test for _, _, _, test in stored_points(app)]
    assert sum(marked) == 25
    step_once(app)
    assert readout(app, "test-loss") != "\u2014"
    assert readout(app, "test-accuracy").endswith("%")

    with_test = plane_png(app)
    field(app, "Show test points").uncheck()
    wait_until(app, lambda: plane_png(app) != with_test, "the plane to hide the test points")
    field(app, "Show test points").check()
    wait_until(app, lambda: plane_png(app) == with_test, "the plane to show them again")


# What a data set's picture shows: how much is drawn, and the colour most drawn in its top and
# bottom sixth (white and the curve's grey left out).
PICTURE = """c => {
  const {width, height} = c;
  const px = c.getContext('2d').getImageData(0, 0, width, height).data;
  let ink = 0;
  const bands = [new Map(), new Map()];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = 4 * (y * width + x);
    const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
    if (r > 245 && g > 245 && b > 245) continue;
    ink++;
    if (Math.max(r, g, b) - Math.min(r, g, b) < 24) continue;
    const band = y < height / 6 ? bands[0] : y >= height * 5 / 6 ? bands[1] : null;
    if (band) band.set(`${r},${g},${b}`, (band.get(`${r},${g},${b}`) ?? 0) + 1);
  }
  const top = (m) => [...m].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return {ink, pixels: width * height, top: top(bands[0]), bottom: top(bands[1])};
}"""


def curve_at(curve: list[list[float]], x: float) -> float:
    """The boundary's y at x, between the registry's samples every 0.01."""
    i = min(max(int((x + 6) * 100), 0), len(curve) - 2)
    (x0, y0), (x1, y1) = curve[i], curve[i + 1]
    return float(y0 + (y1 - y0) * (x - x0) / (x1 - x0))


@pytest.mark.parametrize("boundary", BOUNDARIES, ids=lambda d: str(d["name"]))
def test_a_function_boundary_is_picked_from_its_picture(
    app: Page, boundary: dict[str, Any]
) -> None:
    name, label, curve = boundary["name"], boundary["label"], boundary["curve"]
    thumb = app.locator(f'.nv-thumb[data-dataset="{name}"]')
    expect(thumb).to_be_visible()
    expect(thumb).to_have_attribute("aria-label", f"Data set {label}")
    picture = thumb.locator("canvas").evaluate(PICTURE)
    assert picture["ink"] > 0.1 * picture["pixels"], f"the picture of {name} is drawn: {picture}"
    assert picture["top"] and picture["bottom"] and picture["top"] != picture["bottom"], (
        f"one class above the curve, the other below, in the picture: {picture}"
    )

    set_field(app, "Test fraction", "0")
    set_field(app, "Noise", "0")
    set_field(app, "Classes", "3")
    thumb.click()
    expect(thumb).to_have_attribute("aria-pressed", "true")
    expect(field(app, "Data set")).to_have_value(name)
    expect(app.get_by_test_id("message")).to_have_text(f"{label} makes 2 classes")
    expect(app.get_by_test_id("data-summary")).to_contain_text(f"Generated {label}: 200 points")
    points = stored_points(app)
    assert len(points) == 200
    assert {c for *_, c, _ in points} == {0, 1}
    for x, y, c, _ in points:
        gap = y - curve_at(curve, x)
        assert (gap > 0.29) if c == 0 else (gap < -0.29), f"class {c + 1} at ({x}, {y})"
    for c in (0, 1):
        xs = [x for x, _, k, _ in points if k == c]
        assert min(xs) < -3 and max(xs) > 3, f"class {c + 1} along the whole curve"

    # With noise some points cross the curve, most stay on their side.
    set_field(app, "Noise", "0.3")
    wait_until(app, lambda: stored_points(app) != points, "new points with noise")
    noisy = stored_points(app)
    kept = sum((y > curve_at(curve, x)) == (c == 0) for x, y, c, _ in noisy)
    assert 0.8 * len(noisy) <= kept < len(noisy), f"{kept} of {len(noisy)} on their side"


@pytest.mark.parametrize("width", [390, 1440])
def test_screenshots_of_the_data_set_pictures(
    browser: Browser, server: LiveServer, errors: ErrorCollector, width: int
) -> None:
    with sized_page(browser, server, errors, width, 900) as page:
        thumbs = page.locator(".nv-thumbs")
        thumbs.scroll_into_view_if_needed()
        boxes = [b.bounding_box() for b in thumbs.locator(".nv-thumb:visible").all()]
        assert len(boxes) == len(DATA_SETS)
        row = thumbs.bounding_box()
        assert row is not None
        for box in boxes:
            assert box is not None and box["width"] >= 24 and box["height"] >= 24
            assert row["x"] <= box["x"] and box["x"] + box["width"] <= row["x"] + row["width"] + 0.5
        thumbs.screenshot(path=str(SCREENSHOTS / f"data-set-pictures-{width}.png"))
        screenshot(page, f"data-set-pictures-page-{width}.png")
        errors.check()
