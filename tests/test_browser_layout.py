"""The standalone page in Chromium: title, keyboard access, phone width."""

from __future__ import annotations

import pytest
from browser_support import (
    TIMEOUT_MS,
    ErrorCollector,
    button,
    click_plane,
    field,
    open_app,
    plane,
    step_once,
)
from conftest import LiveServer
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

BUTTONS = [
    "Play",
    "Step",
    "Reset weights",
    "Undo",
    "Clear points",
    "Data set moons",
    "Generate",
    "Add hidden layer",
    "Remove hidden layer",
]
FIELDS = [
    "Classes",
    "Hidden layers",
    "Activation",
    "Optimizer",
    "Learning rate",
    "L1",
    "L2",
    "Batch size",
    "Dropout",
    "Seed",
    "Feature x",
    "Feature y",
    "Feature x\u00b2",
    "Feature y\u00b2",
    "Feature xy",
    "Feature sin x",
    "Feature sin y",
    "Data set",
    "Points",
    "Noise",
    "Data seed",
    "Test fraction",
    "Show test points",
    "Discretize",
    "History",
    "Speed",
    "Log scale",
]
# Tab reaches a radio group once, at its checked button; arrows move within the group.
RADIO_GROUPS = [["Class 1", "Class 2"], ["Add points", "Eraser"]]


def test_title_and_first_load(app: Page) -> None:
    assert "nnvisu" in app.title()
    expect(app.get_by_test_id("message")).to_have_text("")
    expect(app.get_by_test_id("connection-status")).to_have_text("connected")
    assert app.get_by_test_id("nnvisu-root").evaluate("el => el.classList.contains('nnvisu')")
    expect(app.get_by_test_id("plane")).to_have_attribute("aria-label", "Data plane")


def test_every_control_is_reachable_by_tab(app: Page) -> None:
    # Undo and History have something to act on only after an edit and some training.
    click_plane(app, 1.0, 1.0)
    step_once(app)
    step_once(app)
    names = BUTTONS + FIELDS + [group[0] for group in RADIO_GROUPS]
    for name in names:
        locator = button(app, name) if name in BUTTONS else field(app, name)
        expect(locator).to_have_count(1)
        locator.evaluate("(el, name) => el.setAttribute('data-kb', name)", name)

    reached: set[str] = set()
    app.locator("body").focus()
    for _ in range(4 * len(names) + 40):
        app.keyboard.press("Tab")
        name = app.evaluate("() => document.activeElement?.getAttribute('data-kb') ?? null")
        if name is not None:
            reached.add(name)
    missing = [name for name in names if name not in reached]
    assert not missing, f"not reachable by Tab: {missing}"

    for first, second in RADIO_GROUPS:
        field(app, first).focus()
        app.keyboard.press("ArrowDown")
        expect(field(app, second)).to_be_focused()
        expect(field(app, second)).to_be_checked()


def test_phone_width_has_no_horizontal_scrolling(
    browser: Browser, server: LiveServer, errors: ErrorCollector
) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        page = ctx.new_page()
        errors.attach(page)
        open_app(page, server.url)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px view"
        box = plane(page).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        # Still usable: a tap adds a point.
        click_plane(page, 0.0, 0.0)
        expect(page.get_by_test_id("point-count")).to_have_text("201")
    finally:
        ctx.close()
    errors.check()
