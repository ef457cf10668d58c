"""Two tabs of the standalone page in one browser context share localStorage, as two tabs of
one browser do: a tab hears of the other's writes, says so, and writes nothing over the other
tab's run until its user chooses which run to keep."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import (
    SCREENSHOTS,
    ErrorCollector,
    button,
    field,
    generate,
    open_app,
    play_until,
    readout_int,
    storage_all,
    stored_config,
    stored_model,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import BrowserContext, Locator, Page, expect

pytestmark = pytest.mark.browser


def notice(page: Page) -> Locator:
    return page.get_by_role("alert").filter(has=page.get_by_test_id("tab-notice-text"))


def train(page: Page, dataset: str, points: int) -> dict[str, Any]:
    """A run of its own in this tab: a data set, some training; returns what it stored."""
    generate(page, dataset, points)
    start = readout_int(page, "step")
    play_until(page, lambda: readout_int(page, "step") >= start + 20, "20 steps")
    return {"step": readout_int(page, "step"), "points": points, "dataset": dataset}


def resting_step(page: Page, polls: int = 10) -> int:
    """The step once it has held still for `polls` polls (a second)."""
    seen: list[int] = []

    def rests() -> bool:
        seen.append(readout_int(page, "step"))
        return len(seen) >= polls and len(set(seen[-polls:])) == 1

    wait_until(page, rests, "training to rest")
    return seen[-1]


def shows_run(page: Page, run: dict[str, Any]) -> None:
    """The page shows `run` (its data set, points and step) and storage holds it."""
    expect(field(page, "Data set")).to_have_value(run["dataset"])
    expect(page.get_by_test_id("point-count")).to_have_text(str(run["points"]))
    expect(page.get_by_test_id("step")).to_have_text(str(run["step"]))
    assert stored_config(page)["dataset"] == run["dataset"]
    assert stored_model(page)["step"] == run["step"]


def two_tabs(
    context: BrowserContext, page: Page, server: LiveServer, errors: ErrorCollector
) -> tuple[Page, Page, dict[str, Any], dict[str, Any]]:
    """Tab A trains moons; then tab B opens (with A's run), says nothing of it, and trains
    spirals; A announces B's run."""
    a = page
    open_app(a, server.url)
    run_a = train(a, "moons", 60)
    b = context.new_page()
    errors.attach(b)
    open_app(b, server.url)
    shows_run(b, run_a)
    # Opening a tab writes no run: neither tab has anything to announce yet.
    a.wait_for_timeout(300)
    expect(notice(a)).to_be_hidden()
    expect(notice(b)).to_be_hidden()
    run_b = train(b, "spiral", 80)
    # A tab in the background draws no frames (its readouts wait): A comes to the front.
    a.bring_to_front()
    expect(notice(a)).to_be_visible()
    expect(notice(a)).to_contain_text("Another tab is training a different run (spiral")
    expect(notice(a)).to_contain_text("80 points")
    expect(notice(b)).to_be_hidden()
    return a, b, run_a, run_b


def test_a_second_tab_is_announced_and_keeping_this_tabs_run_survives_a_reload(
    context: BrowserContext, page: Page, server: LiveServer, errors: ErrorCollector
) -> None:
    a, b, run_a, run_b = two_tabs(context, page, server, errors)
    # Undecided, A trains on and writes nothing: storage still holds B's run, byte for byte.
    stored_b = storage_all(a)
    button(a, "Play").click()
    wait_until(a, lambda: readout_int(a, "step") >= run_a["step"] + 20, "20 more steps")
    button(a, "Pause").click()
    # Training rests once the replies out at Pause have landed (the storage cannot tell: A
    # writes nothing).
    run_a["step"] = resting_step(a)
    assert storage_all(a) == stored_b
    # Its choices are buttons reachable by keyboard.
    keep = button(a, "Keep this tab's run")
    keep.focus()
    a.keyboard.press("Enter")
    expect(notice(a)).to_be_hidden()
    # A's whole run is stored again, and now B is the tab told.
    shows_run(a, run_a)
    expect(notice(b)).to_contain_text("Another tab is training a different run (moons")
    a.reload()
    expect(a.get_by_test_id("connection-status")).to_have_text("connected")
    shows_run(a, run_a)
    expect(notice(a)).to_be_hidden()
    # B, undecided, wrote nothing over it; it still shows its own run.
    expect(b.get_by_test_id("point-count")).to_have_text(str(run_b["points"]))


def test_loading_the_other_tabs_run_shows_it(
    context: BrowserContext, page: Page, server: LiveServer, errors: ErrorCollector
) -> None:
    a, _b, _run_a, run_b = two_tabs(context, page, server, errors)
    button(a, "Load the other tab's run").click()
    expect(a.get_by_test_id("connection-status")).to_have_text("connected")
    shows_run(a, run_b)
    expect(notice(a)).to_be_hidden()


def test_what_another_tab_wrote_is_shown_as_text(
    context: BrowserContext, page: Page, server: LiveServer, errors: ErrorCollector
) -> None:
    """The notice at phone and desktop width, with another tab's text that looks like HTML."""
    open_app(page, server.url)
    other = context.new_page()
    errors.attach(other)
    other.goto(server.url + "static/nnvisu.css")  # same origin, without an app of its own
    other.evaluate(
        """() => localStorage.setItem("nnvisu_writer", JSON.stringify({
             tab: "elsewhere", run: "r", step: 1234567, points: 5000,
             dataset: "<img src=x onerror=window.__nvOwned=1>", architecture: [2, 100, 100, 2]}))"""
    )
    expect(notice(page)).to_be_visible()
    expect(notice(page)).to_contain_text("<img src=x onerror=window.__nvOwned=1>")
    expect(notice(page).locator("img")).to_have_count(0)
    assert page.evaluate("window.__nvOwned") is None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1440):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(SCREENSHOTS / f"tab-notice-{width}.png"))
        for name in ("Keep this tab's run", "Load the other tab's run"):
            box = button(page, name).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, name
            assert box["height"] >= 24, name
