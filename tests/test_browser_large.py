"""The standalone page in Chromium at the server's limits: 10 hidden layers of 100 neurons and
5,000 points. The page must stay usable: no long task while playing, Pause and clicks that
take effect at once, a graph that stays readable, and a state that survives a reload.

A task's length is the main thread's own CPU time in it, from Chromium's trace: on a shared
2-core machine with a load of 20, the OS leaves the renderer waiting for the CPU for hundreds
of milliseconds in the middle of 10 ms tasks, and the wall-clock "longtask" entries measure
that wait. Both are recorded and printed; the CPU time is asserted."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import (
    TRACE_CATEGORIES,
    button,
    layer_sizes_drawn,
    main_thread_tasks,
    pause,
    readout_int,
    screenshot,
    set_field,
    step_once,
    storage_raw,
    stored_data,
    stored_model,
    stored_weights,
    to_page_xy,
    wait_settled,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

POINTS = 5000
HIDDEN = [100] * 10
LONG_TASK_MS = 200
INPUT_MS = 500
# Nodes the graph may draw: 16 of each hidden layer (the column's room), inputs and outputs.
MAX_NODES = 2 + 16 * len(HIDDEN) + 2

# Long tasks, the last input and when its effect showed: the Play button's label and the
# Points readout (rewritten every frame, so only a new value counts).
OBSERVE = """() => {
  const s = (window.__nvTest = { longtasks: [], input: null, paused: null, points: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.longtasks.push(Math.round(e.duration));
  }).observe({ type: "longtask" });
  window.addEventListener("pointerdown", (e) => { s.input = e.timeStamp; }, true);
  const play = document.querySelector("button.nv-play");
  const all = { childList: true, characterData: true, subtree: true, attributes: true };
  new MutationObserver(() => {
    if (play.getAttribute("aria-label") === "Play") s.paused ??= performance.now();
  }).observe(play, all);
  const count = document.querySelector('[data-testid="point-count"]');
  const before = count.textContent;
  new MutationObserver(() => {
    if (count.textContent !== before) s.points ??= performance.now();
  }).observe(count, all);
}"""


def observed(page: Page) -> dict[str, Any]:
    state: dict[str, Any] = page.evaluate("() => window.__nvTest")
    return state


def latency(page: Page, mark: str) -> float:
    state = observed(page)
    assert state["input"] is not None, "no input seen"
    assert state[mark] is not None, f"no {mark} seen"
    return float(state[mark] - state["input"])


def at_the_limits(page: Page) -> None:
    """5,000 training points and 10 hidden layers of 100, from the page's own controls."""
    set_field(page, "Test fraction", "0")
    set_field(page, "Points", str(POINTS))
    button(page, "Generate").click()
    expect(page.get_by_test_id("point-count")).to_have_text(str(POINTS))
    set_field(page, "Hidden layers", "-".join(map(str, HIDDEN)))
    wait_until(
        page,
        lambda: len(stored_weights(page)) == 2 * (len(HIDDEN) + 1),
        "weights of 10 hidden layers",
        60_000,
    )


def test_playing_at_the_limits_keeps_the_page_responsive(app: Page) -> None:
    at_the_limits(app)
    app.get_by_role("radio", name="Eraser").check()
    data = stored_data(app)
    spot = to_page_xy(app, data["x"][0], data["y"][0])
    pause_box = button(app, "Play").bounding_box()
    assert pause_box is not None
    app.evaluate(OBSERVE)
    browser = app.context.browser
    assert browser is not None

    browser.start_tracing(page=app, categories=TRACE_CATEGORIES)
    button(app, "Play").click()
    app.wait_for_timeout(5_000)
    # Tens of milliseconds a step: the page says why.
    expect(app.get_by_test_id("pace-note")).to_contain_text(
        "ms per step: large network on 5,000 points"
    )
    app.mouse.click(*spot)  # erases points while training runs
    wait_until(app, lambda: observed(app)["points"] is not None, "the erase to show")
    click_ms = latency(app, "points")
    app.wait_for_timeout(5_000)
    app.mouse.click(pause_box["x"] + pause_box["width"] / 2, pause_box["y"] + 5)
    expect(button(app, "Play")).to_be_visible()
    pause_ms = latency(app, "paused")
    tasks = main_thread_tasks(browser.stop_tracing())
    wait_settled(app)
    wall = observed(app)["longtasks"]
    longest = sorted(tasks, key=lambda t: -t[1])[:10]
    print(f"longtask entries (wall ms): {wall}; longest tasks (wall, CPU ms): {longest}")

    assert readout_int(app, "step") > 0, "it trained"
    assert readout_int(app, "point-count") < POINTS, "the click erased points"
    assert len(tasks) > 100, "the trace has the page's tasks"
    assert longest[0][1] <= LONG_TASK_MS, f"tasks (wall, CPU ms): {longest}"
    assert pause_ms <= INPUT_MS, f"Pause took {pause_ms:.0f} ms to show"
    assert click_ms <= INPUT_MS, f"the erase took {click_ms:.0f} ms to show"
    expect(app.get_by_test_id("pace-note")).to_have_text("")


def test_the_graph_at_the_limits_stays_legible(browser: Browser, server: LiveServer) -> None:
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            page.goto(server.url)
            expect(page.get_by_test_id("connection-status")).to_have_text("connected")
            at_the_limits(page)
            graph = page.get_by_test_id("network")
            # A "+84" box stands for the neurons of each hidden layer that are not drawn.
            expect(graph.get_by_test_id("more-9")).to_have_text("+84")
            drawn = layer_sizes_drawn(page)
            assert drawn == [16] * len(HIDDEN) + [2]
            assert len(drawn) and sum(drawn) + 2 <= MAX_NODES
            assert graph.evaluate("g => g.querySelectorAll('canvas').length") <= MAX_NODES + 1
            box = graph.bounding_box()
            assert box is not None
            assert box["height"] <= 340, "the graph keeps its height"
            # Hovering a drawn neuron and a "+K" box tells what they are.
            graph.get_by_test_id("neuron-3-2").hover()
            expect(page.get_by_test_id("tooltip")).to_contain_text("neuron 4.3: bias")
            graph.get_by_test_id("more-3").hover()
            expect(page.get_by_test_id("tooltip")).to_contain_text("neurons 17\u2013100")
            screenshot(page, f"large-10x100-{width}.png")
        finally:
            context.close()


def test_reload_at_the_limits_restores_identical_weights(app: Page) -> None:
    at_the_limits(app)
    button(app, "Play").click()
    wait_until(app, lambda: readout_int(app, "step") >= 3, "a few steps", 60_000)
    pause(app)
    before = storage_raw(app, "nnvisu_weights")
    step = stored_model(app)["step"]
    weights = stored_weights(app)
    assert readout_int(app, "step") == step

    app.reload()
    expect(app.get_by_test_id("connection-status")).to_have_text("connected")
    expect(app.get_by_test_id("point-count")).to_have_text(str(POINTS))
    wait_settled(app)
    assert readout_int(app, "step") == step
    assert storage_raw(app, "nnvisu_weights") == before
    assert stored_weights(app) == weights
    assert step_once(app) == step + 1, "it trains on from the stored state"
