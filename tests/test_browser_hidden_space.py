"""The hidden-space view in Chromium: it opens, follows training and the History, and its
pickers change what it shows; screenshots of a trained spiral at three widths."""

from __future__ import annotations

import pytest
from browser_support import (
    SCREENSHOTS,
    ErrorCollector,
    button,
    choose,
    field,
    generate,
    pause,
    percent,
    play_until,
    readout,
    readout_int,
    screenshot,
    set_field,
    sized_page,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Browser, FloatRect, Locator, Page, expect
from test_browser_a11y import axe_violations

pytestmark = pytest.mark.browser


def view(page: Page) -> Locator:
    return page.get_by_test_id("hidden-space")


def open_view(page: Page) -> None:
    page.get_by_test_id("hidden-space-panel").locator("summary").click()
    expect(view(page)).to_be_visible()
    wait_until(page, lambda: view(page).get_attribute("data-points") is not None, "a drawn view")


def pixels(page: Page) -> bytes:
    return view(page).screenshot()


def shown_step(page: Page) -> int:
    return int(view(page).get_attribute("data-step") or -1)


def test_hidden_space_follows_training_and_the_history(app: Page) -> None:
    generate(app, "spiral", 300)
    open_view(app)
    # The last hidden layer by default, wider than 2: its principal components.
    expect(field(app, "Layer")).to_have_value("1")
    expect(field(app, "Axes")).to_have_value("pca")
    expect(field(app, "Horizontal")).to_be_hidden()
    assert view(app).get_attribute("data-points") == "300"
    label = view(app).get_attribute("aria-label") or ""
    assert "PC 1" in label and "PC 2" in label and "layer 2" in label, label
    untrained = pixels(app)

    # It animates while training runs: several steps are drawn, not only the last.
    button(app, "Play").click()
    seen: set[int] = set()

    def moved() -> bool:
        seen.add(shown_step(app))
        return len(seen - {0}) >= 3 and readout_int(app, "step") >= 60

    wait_until(app, moved, "the view to follow training", 60_000)
    pause(app)
    wait_until(app, lambda: shown_step(app) == readout_int(app, "step"), "the last step drawn")
    trained = pixels(app)
    assert trained != untrained

    # Two neurons of the first layer: another picture, axes named after them.
    choose(app, "Layer", "0")
    choose(app, "Axes", "neurons")
    choose(app, "Horizontal", "2")
    choose(app, "Vertical", "5")
    wait_until(app, lambda: "neuron 6" in (view(app).get_attribute("aria-label") or ""), "axes")
    label = view(app).get_attribute("aria-label") or ""
    assert "Layer 1, neuron 3 across, Layer 1, neuron 6 up" in label, label
    latest = pixels(app)
    assert latest != trained

    # The History's first snapshot shows the untrained network's view; its end the latest.
    scrubber = field(app, "History")
    scrubber.focus()
    scrubber.press("Home")
    wait_until(app, lambda: shown_step(app) == 0, "the first snapshot in the view")
    wait_until(app, lambda: pixels(app) != latest, "an earlier hidden space")
    scrubber.press("End")
    wait_until(app, lambda: pixels(app) == latest, "the latest hidden space again")

    # Closed, it stops following; opened again, it shows the network of now.
    app.get_by_test_id("hidden-space-panel").locator("summary").click()
    expect(view(app)).to_be_hidden()
    button(app, "Step").click()
    wait_until(app, lambda: readout_int(app, "step") > shown_step(app), "a step")
    app.get_by_test_id("hidden-space-panel").locator("summary").click()
    wait_until(app, lambda: shown_step(app) == readout_int(app, "step"), "the view to catch up")


def test_hidden_space_without_a_hidden_layer_says_so(app: Page) -> None:
    open_view(app)
    set_field(app, "Hidden layers", "")
    note = app.get_by_test_id("hidden-space-note")
    expect(note).to_contain_text("no hidden layer")
    set_field(app, "Hidden layers", "3-1")
    expect(field(app, "Layer")).to_have_value("1")
    # One neuron: no principal components to take, the points on a line.
    expect(field(app, "Axes")).to_have_value("neurons")
    expect(field(app, "Vertical")).to_be_hidden()
    expect(view(app)).to_have_attribute(
        "aria-label",
        "Hidden space of layer 2: Layer 2, neuron 1 across, (one neuron: a line) up; 200 points",
    )


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1024, 768), (1440, 900)])
def test_hidden_space_screenshots(
    browser: Browser, server: LiveServer, errors: ErrorCollector, width: int, height: int
) -> None:
    with sized_page(browser, server, errors, width, height) as page:
        # A last hidden layer of two neurons: the plane as the output layer sees it.
        choose(page, "Data set", "spiral")
        set_field(page, "Noise", "0.1")
        generate(page, "spiral", 300)
        set_field(page, "Hidden layers", "16-16-2")
        open_view(page)

        def learnt() -> bool:
            text = readout(page, "train-accuracy")
            done = text.endswith("%") and percent(text) >= 97
            return done or readout_int(page, "step") >= 3000

        play_until(page, learnt, "the spiral learnt")
        panel = page.get_by_test_id("hidden-space-panel")
        panel.scroll_into_view_if_needed()
        screenshot(page, f"hidden-space-{width}.png")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        panel.screenshot(path=str(SCREENSHOTS / f"hidden-space-panel-{width}.png"))
        # The plane and the view together (the picture in docs/page.md).
        stage = page.locator(".nv-stage").bounding_box()
        under = panel.bounding_box()
        assert stage is not None and under is not None
        # Boxes are in the viewport; a full-page clip is in the page.
        sx, sy = page.evaluate("() => [window.scrollX, window.scrollY]")
        x, y = min(stage["x"], under["x"]), min(stage["y"], under["y"])
        right = max(stage["x"] + stage["width"], under["x"] + under["width"])
        bottom = max(stage["y"] + stage["height"], under["y"] + under["height"])
        clip: FloatRect = {"x": x + sx, "y": y + sy, "width": right - x, "height": bottom - y}
        page.screenshot(
            path=str(SCREENSHOTS / f"hidden-space-stage-{width}.png"), clip=clip, full_page=True
        )
        box = view(page).bounding_box()
        assert box is not None and box["width"] >= min(300, width - 40), box
        # The pickers are labelled and large enough to hit, at every width.
        assert axe_violations(page) == []
    errors.check()
