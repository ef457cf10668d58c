"""The standalone page through a 50 ms round trip (tests/delay_proxy.py): Play sizes its requests
so that the trainer does not wait on the network, and Pause and Play still work."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import button, generate, open_app, readout_int, wait_until
from conftest import LiveServer
from delay_proxy import delay_proxy_thread
from playwright.sync_api import Page, WebSocket, expect
from protocol_support import unpack

pytestmark = pytest.mark.browser

RTT_MS = 50

# When Pause was pressed, when the button said Play again, and the last step change after it.
WATCH_PAUSE = """() => {
  const s = (window.__nvPause = { clicked: null, shown: null, lastStep: null });
  const play = document.querySelector('.nv-play');
  const shows = () => s.clicked !== null && s.shown === null && play.textContent.includes('Play');
  new MutationObserver(() => { if (shows()) s.shown = performance.now(); })
    .observe(play, { childList: true, characterData: true, subtree: true });
  const step = document.querySelector('[data-testid="step"]');
  new MutationObserver(() => { if (s.clicked !== null) s.lastStep = performance.now(); })
    .observe(step, { childList: true, characterData: true, subtree: true });
  const pausing = () => s.clicked === null && play.textContent.includes('Pause');
  play.addEventListener('click', () => { if (pausing()) s.clicked = performance.now(); }, true);
}"""


@pytest.fixture
def proxy_url(server: LiveServer) -> Iterator[str]:
    with delay_proxy_thread(server.port, RTT_MS / 2000) as port:
        yield f"http://127.0.0.1:{port}/"


def sent_requests(page: Page) -> list[dict[str, Any]]:
    """Every message the page sends on /ws, in order (its connection runs in a worker; the
    browser still reports the socket's frames)."""
    sent: list[dict[str, Any]] = []

    def watch(ws: WebSocket) -> None:
        ws.on(
            "framesent",
            lambda p: sent.append(unpack(p) if isinstance(p, bytes) else json.loads(p)),
        )

    page.on("websocket", watch)
    return sent


def test_through_a_round_trip_requests_grow_until_the_network_is_covered(
    page: Page, proxy_url: str
) -> None:
    sent = sent_requests(page)
    open_app(page, proxy_url)
    generate(page, "moons", 200)
    page.evaluate(WATCH_PAUSE)
    button(page, "Play").click()
    expect(button(page, "Pause")).to_be_visible()
    note = page.get_by_test_id("pace-note")
    # What limits is named: the round trip (a ping ahead of the requests measures it), not
    # the host.
    expect(note).to_contain_text(" ms round trip: training waits ")

    def waits() -> int:
        return int(note.inner_text().rsplit("waits ", 1)[1].split("%")[0])

    # Requests grow until the page's own reckoning says the trainer waits at most about a
    # fifth of the time (the sizing aims at 20 %).
    wait_until(page, lambda: waits() <= 25, "the round trip covered")
    steps = [m["steps"] for m in sent if m["type"] == "step"]
    # Play starts at one step and grows: the later requests are many times the first.
    assert steps[0] <= 2 and max(steps[-4:]) >= 16 * steps[0], steps
    assert any(m["type"] == "ping" for m in sent), "the round trip is measured"

    button(page, "Pause").click()
    expect(button(page, "Play")).to_be_visible()
    page.wait_for_timeout(1000)
    pause = page.evaluate("window.__nvPause")
    assert pause["shown"] - pause["clicked"] <= 500, pause
    at_pause = readout_int(page, "step")
    count = len([m for m in sent if m["type"] == "step"])
    page.wait_for_timeout(300)
    assert readout_int(page, "step") == at_pause and len(sent) >= count, "paused: nothing moves"
    assert len([m for m in sent if m["type"] == "step"]) == count, "paused: nothing is sent"
    last = (pause["lastStep"] or pause["clicked"]) - pause["clicked"]
    print(
        f"steps per request {steps}; Pause shown after {pause['shown'] - pause['clicked']:.0f} ms,"
        f" the last reply landed {last:.0f} ms after it"
    )

    # Play again: training goes on, at the size learned before the pause.
    button(page, "Play").click()
    wait_until(page, lambda: readout_int(page, "step") > at_pause + 100, "training to go on")
    resumed = [m["steps"] for m in sent if m["type"] == "step"][count:]
    assert resumed[0] >= min(steps[-4:]) // 2, (steps, resumed)
    button(page, "Pause").click()
    expect(button(page, "Play")).to_be_visible()
