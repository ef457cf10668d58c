"""Accessibility and touch in Chromium: axe-core at three sizes, named readouts that do not
chatter, the History slider's steps, keyboard shortcuts, 24 px targets, and a phone where one
finger scrolls, drawing mode draws and errors appear beside their field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    ErrorCollector,
    button,
    field,
    plane,
    readout,
    readout_int,
    screenshot,
    set_field,
    sized_page,
    step_once,
    stored_config,
    stored_model,
    wait_settled,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Browser, CDPSession, Page, expect

pytestmark = pytest.mark.browser

# axe-core from the npm devDependencies (package.json), injected into the page: nothing downloads.
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
READOUTS = [
    "Epoch",
    "Step",
    "Train loss",
    "Test loss",
    "Train accuracy",
    "Test accuracy",
    "Points",
]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical violations of every axe rule that runs by default, plus the WCAG
    2.2 target size."""
    assert AXE.exists(), f"{AXE} is missing: run npm ci"
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const r = await axe.run(document, { rules: { "target-size": { enabled: true } } });
            return r.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(" ")) }));
        }"""
    )
    return found


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1024, 768), (1440, 900)])
def test_axe_finds_no_serious_violations(
    browser: Browser, server: LiveServer, errors: ErrorCollector, width: int, height: int
) -> None:
    phone = width < 500
    with sized_page(
        browser, server, errors, width, height, is_mobile=phone, has_touch=phone
    ) as page:
        button(page, "Step").click()
        wait_until(page, lambda: readout_int(page, "step") > 0, "a step")
        page.get_by_text("How to use").click()
        assert axe_violations(page) == []
        # With a neuron's map on the plane and the weight editor open.
        page.get_by_test_id("neuron-0-0").click()
        expect(page.get_by_test_id("weight-editor")).to_be_visible()
        assert axe_violations(page) == []
        screenshot(page, f"a11y-{width}x{height}.png")


def test_readouts_are_named_groups_and_only_two_regions_speak(app: Page) -> None:
    for name in READOUTS:
        group = app.get_by_role("group", name=name, exact=True)
        expect(group).to_have_count(1)
    expect(app.get_by_role("group", name="Train loss", exact=True)).to_contain_text(
        readout(app, "train-loss")
    )
    live = app.locator(
        ":is([aria-live], [role=status], [role=alert], [role=log], output)"
        ":not([aria-hidden=true]):not([hidden])"
    )
    # The message area and the announcer (the Speed's <output> is hidden from screen readers,
    # and the other-tab alert is hidden until another tab writes a run).
    expect(live).to_have_count(2)
    expect(app.get_by_test_id("tab-notice")).to_be_hidden()


def test_announcements_are_throttled_while_playing_and_made_on_pause(app: Page) -> None:
    announcer = app.get_by_test_id("announcer")
    app.evaluate(
        """() => {
            window.__said = [];
            const el = document.querySelector('[data-testid="announcer"]');
            new MutationObserver(() => window.__said.push(el.textContent)).observe(
                el, { childList: true, characterData: true, subtree: true });
        }"""
    )
    button(app, "Play").click()
    wait_until(app, lambda: readout_int(app, "step") > 200, "training")
    app.wait_for_timeout(2000)
    said_while_playing = app.evaluate("() => window.__said.length")
    assert said_while_playing <= 1, app.evaluate("() => window.__said")
    button(app, "Pause").click()
    wait_settled(app)
    expect(announcer).to_contain_text(re.compile(r"Step \d+"))
    expect(announcer).to_contain_text("Train loss")
    # The step stored once Step's reply is in (read at once, it may still be the paused one).
    before = stored_model(app)["step"]
    button(app, "Step").click()
    wait_until(app, lambda: stored_model(app)["step"] > before, "the step stored")
    step = stored_model(app)["step"]
    wait_until(app, lambda: f"Step {step}" in announcer.inner_text(), "the step announced")


def test_history_slider_says_steps(app: Page) -> None:
    for _ in range(3):
        step_once(app)
    slider = field(app, "History")
    step = readout_int(app, "step")
    expect(slider).to_have_attribute("aria-valuetext", f"live, step {step}")
    slider.focus()
    slider.press("Home")
    expect(slider).to_have_attribute("aria-valuetext", "step 0")
    slider.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"^step [1-9]\d*$"))


def test_keyboard_shortcuts(app: Page) -> None:
    help_text = app.locator(".nv-help").text_content() or ""
    assert "Space" in help_text and "→" in help_text and "←" in help_text
    app.locator("body").focus()
    app.keyboard.press("Space")
    expect(button(app, "Pause")).to_be_visible()
    wait_until(app, lambda: readout_int(app, "step") > 5, "training")
    app.keyboard.press("Space")
    expect(button(app, "Play")).to_be_visible()
    wait_settled(app)

    step = readout_int(app, "step")
    app.keyboard.press("ArrowRight")
    wait_until(app, lambda: readout_int(app, "step") == step + 1, "one step")
    wait_settled(app)
    # Back through the history, then forward to the live network again.
    label = app.locator(".nv-history-step")
    app.keyboard.press("ArrowLeft")
    expect(label).to_have_text(re.compile(r"^step \d+$"))
    app.keyboard.press("ArrowRight")
    expect(label).to_have_text("live")
    assert readout_int(app, "step") == step + 1, "moving to the live end does not train"

    # Keys typed into a field are the field's.
    lr = field(app, "Learning rate")
    lr.focus()
    app.keyboard.press("Space")
    app.keyboard.press("ArrowRight")
    expect(button(app, "Play")).to_be_visible()
    assert readout_int(app, "step") == step + 1
    # The graph uses the arrows itself: they pick a neuron and show its map.
    app.get_by_test_id("network").focus()
    app.keyboard.press("ArrowDown")
    expect(app.get_by_test_id("plane-caption")).to_have_text(re.compile("^Neuron 1.1 on the plane"))
    app.keyboard.press("Enter")
    expect(app.get_by_test_id("weight-editor")).to_be_visible()
    expect(app.get_by_test_id("weight-value")).to_be_focused()
    app.keyboard.press("Escape")
    expect(app.get_by_test_id("weight-editor")).to_be_hidden()
    assert readout_int(app, "step") == step + 1


def test_targets_are_at_least_24_px(app: Page) -> None:
    small: list[str] = app.evaluate(
        """() => {
            const root = document.querySelector('[data-testid="nnvisu-root"]');
            const targets = root.querySelectorAll(`button, select, summary,
                input:not([type=checkbox]):not([type=radio]), label.nv-check, label.nv-radio`);
            const out = [];
            for (const el of targets) {
                const r = el.getBoundingClientRect();
                if (!r.width) continue; // not shown at this size
                const what = el.outerHTML.slice(0, 80);
                if (r.width < 24 || r.height < 24) out.push(`${what} ${r.width}x${r.height}`);
            }
            return out;
        }"""
    )
    assert not small, small


# ---------------------------------------------------------------------------- phone


def swipe(page: Page, cdp: CDPSession, x: float, y0: float, y1: float, moves: int = 10) -> None:
    """One finger from (x, y0) to (x, y1), as the touchscreen sends it."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y0}]})
    for k in range(1, moves + 1):
        y = y0 + (y1 - y0) * k / moves
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def scroll_y(page: Page) -> float:
    value: float = page.evaluate("() => window.scrollY")
    return value


def wait_scroll_rest(page: Page) -> None:
    seen: list[float] = []

    def resting() -> bool:
        seen.append(scroll_y(page))
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    wait_until(page, resting, "the page to stop scrolling")


def test_phone_one_finger_scrolls_taps_add_and_drawing_mode_draws(
    browser: Browser, server: LiveServer, errors: ErrorCollector
) -> None:
    with sized_page(
        browser, server, errors, 390, 844, is_mobile=True, has_touch=True, device_scale_factor=2
    ) as page:
        cdp = page.context.new_cdp_session(page)
        count = readout_int(page, "point-count")
        box = plane(page).bounding_box()
        assert box is not None
        x = box["x"] + box["width"] / 2
        start = box["y"] + box["height"] * 0.85
        swipe(page, cdp, x, start, start - 250)
        wait_scroll_rest(page)
        assert scroll_y(page) > 50, "a vertical swipe on the plane scrolls the page"
        assert readout_int(page, "point-count") == count, "and adds no point"

        box = plane(page).bounding_box()
        assert box is not None
        # A tap on the part of the plane still on screen.
        page.touchscreen.tap(box["x"] + 30, max(box["y"], 0) + 30)
        expect(page.get_by_test_id("point-count")).to_have_text(str(count + 1))

        mode = page.get_by_role("button", name="✎ Draw with a finger")
        expect(mode).to_have_attribute("aria-pressed", "false")
        mode.click()
        expect(mode).to_have_attribute("aria-pressed", "true")
        wait_scroll_rest(page)
        before = scroll_y(page)
        box = plane(page).bounding_box()
        assert box is not None
        start = box["y"] + box["height"] * 0.85
        swipe(page, cdp, box["x"] + box["width"] / 2, start, start - 200)
        wait_until(page, lambda: readout_int(page, "point-count") > count + 3, "a stroke of points")
        wait_scroll_rest(page)
        assert scroll_y(page) == before, "drawing does not scroll"
        screenshot(page, "phone-390x844.png")


def test_phone_errors_appear_beside_their_field_and_the_graph_is_near(
    browser: Browser, server: LiveServer, errors: ErrorCollector
) -> None:
    with sized_page(browser, server, errors, 390, 844, is_mobile=True, has_touch=True) as page:
        graph = page.get_by_test_id("network").bounding_box()
        panel = page.locator(".nv-network-panel").bounding_box()
        assert graph is not None and panel is not None
        assert panel["y"] < 844, f"the network starts below the first screen: {panel}"
        assert graph["y"] + graph["height"] < 2 * 844, graph

        before = stored_config(page)["learningRate"]
        set_field(page, "Learning rate", "-1")
        lr = field(page, "Learning rate")
        expect(lr).to_have_value(str(before))
        expect(lr).to_have_attribute("aria-invalid", "true")
        error = page.get_by_test_id("field-error")
        expect(error).to_have_count(1)
        expect(error).to_contain_text("Learning rate")
        expect(lr).to_have_attribute("aria-describedby", error.get_attribute("id") or "")
        lr_box = lr.bounding_box()
        error_box = error.bounding_box()
        assert lr_box is not None and error_box is not None
        assert 0 <= error_box["y"] - (lr_box["y"] + lr_box["height"]) < 20, (lr_box, error_box)
        screenshot(page, "phone-field-error.png")

        # The next good change clears it.
        set_field(page, "Learning rate", "0.1")
        expect(error).to_have_count(0)
        expect(lr).not_to_have_attribute("aria-invalid", "true")
