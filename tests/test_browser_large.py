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
    plane_png,
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
# Rows of the graph's tallest column when it has the room (graph.js MAX_ROWS): at most
# MAX_ROWS - 1 neurons of each hidden layer and a "+K" box are drawn, inputs and outputs whole.
MAX_ROWS = 24
MAX_NODES = 2 + (MAX_ROWS - 1) * len(HIDDEN) + 2

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


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (1024, 768), (390, 844)])
def test_the_graph_at_the_limits_stays_legible_and_interactive(
    browser: Browser, server: LiveServer, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(server.url)
        expect(page.get_by_test_id("connection-status")).to_have_text("connected")
        at_the_limits(page)
        graph = page.get_by_test_id("network")
        expect(graph.get_by_test_id("more-9")).to_be_visible()
        # Each hidden layer draws its first neurons (as many as fit) and a "+K" box for the rest.
        drawn = layer_sizes_drawn(page)
        shown = drawn[0]
        assert drawn == [shown] * len(HIDDEN) + [2]
        assert 10 <= shown < MAX_ROWS, drawn
        expect(graph.get_by_test_id("more-9")).to_have_text(f"+{100 - shown}")
        assert graph.evaluate("g => g.querySelectorAll('canvas').length") <= MAX_NODES + 1
        node = graph.get_by_test_id("neuron-3-2").bounding_box()
        box = graph.bounding_box()
        assert node is not None and box is not None
        assert node["width"] >= 12, "nodes large enough to show their maps"
        assert box["height"] <= 0.8 * height, "the graph fits the screen"
        # Hovering a drawn neuron and a "+K" box tells what they are; the neuron's map goes
        # on the plane.
        decision = plane_png(page)
        if width >= 1024:
            graph.get_by_test_id("neuron-3-2").hover()
        else:
            # On a phone the plane is above the graph: reading it scrolls the graph away from
            # the pointer, so the neuron is picked with the keys.
            graph.focus()
            for key in ["ArrowDown"] * 3 + ["ArrowRight"] * 3:
                graph.press(key)
        expect(page.get_by_test_id("tooltip")).to_contain_text("neuron 4.3: bias")
        expect(page.get_by_test_id("plane-caption")).to_have_text(
            "Neuron 4.3 on the plane: the neuron's activation"
        )
        wait_until(page, lambda: plane_png(page) != decision, "the neuron's map on the plane")
        screenshot(page, f"large-10x100-focus-{width}.png")
        graph.get_by_test_id("more-3").hover()
        expect(page.get_by_test_id("tooltip")).to_contain_text(f"neurons {shown + 1}\u2013100")
        expect(page.get_by_test_id("plane-caption")).to_be_hidden()
        # A click on a drawn neuron edits it, and any weight into it, drawn or not.
        graph.get_by_test_id("neuron-3-2").click()
        editor = page.get_by_test_id("weight-editor")
        expect(editor).to_contain_text("Into neuron 4.3")
        page.get_by_label("Weight from").select_option("49")
        value = page.get_by_test_id("weight-value")
        value.fill("0.5")
        value.press("Enter")
        expect(editor).to_be_hidden()
        wait_until(
            page,
            lambda: stored_weights(page)["layer_3_weights"][2][49] == 0.5,
            "the weight from a neuron not drawn, edited",
        )
        page.mouse.move(1, 1)
        screenshot(page, f"large-10x100-{width}.png")
        # Playing, the pace note shows without moving the buttons or the plane.
        page.evaluate("() => window.scrollTo(0, 0)")
        play = button(page, "Play").bounding_box()
        plane = page.get_by_test_id("plane").bounding_box()
        button(page, "Play").click()
        expect(page.get_by_test_id("pace-note")).to_contain_text("ms per step: large network")
        moved = button(page, "Pause").bounding_box()
        assert play is not None and moved is not None
        assert (moved["x"], moved["y"]) == (play["x"], play["y"]), "the button stays put"
        assert page.get_by_test_id("plane").bounding_box() == plane
        screenshot(page, f"large-10x100-playing-{width}.png")
        pause(page)
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
