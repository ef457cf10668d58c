"""nnvisu behind a real nginx running the project's deploy/nginx site, on the sub-path
/nnvisu/, in front of two `python -m nnvisu` processes."""

from __future__ import annotations

import asyncio
import signal
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import pytest
from browser_support import (
    ErrorCollector,
    button,
    generate,
    open_app,
    pause,
    readout_int,
    screenshot,
    step_once,
    stored_config,
    stored_data,
    stored_model,
    wait_settled,
    wait_until,
)
from conftest import LiveServer, run_async
from nginx_support import PREFIX, Nginx
from playwright.sync_api import Browser, Page
from test_browser_faults import max_difference, uninterrupted
from test_ops import scrape, value, wait_for_metric
from test_server import connect, read, step_request
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


class Site:
    """nginx on a free port in front of two nnvisu backends."""

    def __init__(self, tmp: Path) -> None:
        self.backends = [LiveServer(), LiveServer()]
        self.nginx = Nginx(tmp, [b.port for b in self.backends])

    def start(self) -> None:
        with ThreadPoolExecutor(len(self.backends)) as pool:
            list(pool.map(lambda b: b.start(), self.backends))
        self.nginx.start()

    def stop(self) -> None:
        self.nginx.stop()
        for backend in self.backends:
            if backend.proc is not None:
                backend.stop()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.nginx.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.nginx.port}{PREFIX}ws"

    def steps_by_backend(self) -> list[float]:
        return [value(scrape(b.url), "nnvisu_training_steps_total") for b in self.backends]

    def connections_by_backend(self) -> list[float]:
        return [value(scrape(b.url), "nnvisu_ws_connections") for b in self.backends]


def running_site(tmp: Path) -> Iterator[Site]:
    s = Site(tmp)
    s.start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """For the tests that stop nothing."""
    yield from running_site(tmp_path_factory.mktemp("nginx"))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """For the tests that stop a backend."""
    yield from running_site(tmp_path)


def get(url: str) -> tuple[int, str, bytes]:
    """Status, final URL and body, following redirects; HTTP errors are returned too."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.geturl(), r.read()
    except urllib.error.HTTPError as e:
        return e.code, url, e.read()


def test_the_page_its_bundle_and_the_websocket_work_on_the_sub_path(shared_site: Site) -> None:
    site = shared_site
    before = sum(site.steps_by_backend())
    status, final, html = get(site.origin + "/nnvisu")
    assert status == 200 and final == site.origin + PREFIX, "/nnvisu redirects to /nnvisu/"
    assert b"nnvisu-schema" in html
    status, _, bundle = get(site.nginx.url + "static/nnvisu.js")
    assert status == 200 and len(bundle) > 10_000
    # Prometheus scrapes the backends directly; the public side does not serve /metrics.
    assert get(site.nginx.url + "metrics")[0] == 403
    assert get(site.nginx.url + "healthz") == (200, site.nginx.url + "healthz", b"ok")

    async def train() -> tuple[Any, Any]:
        # A browser sends its page's origin; nginx passes the Host it was given.
        conn, hello = await connect(site.ws_url, origin=site.origin)
        conn.write_message(orjson.dumps(step_request("n", [4], 2, seed=2, steps=4)).decode())
        reply = await read(conn)
        conn.close()
        return hello, reply

    hello, reply = run_async(train())
    assert hello["type"] == "hello" and reply["type"] == "step_result" and reply["step"] == 4
    assert sum(site.steps_by_backend()) == before + 4


def test_a_foreign_origin_is_refused_through_the_proxy_too(shared_site: Site) -> None:
    site = shared_site

    async def attempt() -> int:
        request = HTTPRequest(site.ws_url, headers={"Origin": "http://evil.example"})
        with pytest.raises(Exception) as info:
            await websocket_connect(request)
        return int(getattr(info.value, "code", 0))

    assert run_async(attempt()) == 403


def test_a_stopping_backend_sends_its_page_to_the_other_one(site: Site) -> None:
    """SIGTERM on the backend a connection is on: the reply in flight still comes, the
    connection closes with 1001 through nginx, and the next one lands on the other backend."""

    async def run() -> tuple[int | None, Any]:
        conn, first = await connect(site.ws_url, origin=site.origin)
        on = [b for b in site.backends if b.proc is not None and b.proc.pid == first["pid"]]
        assert len(on) == 1, "the hello names one of the two backends"
        assert on[0].proc is not None
        on[0].proc.send_signal(signal.SIGTERM)
        while await asyncio.wait_for(conn.read_message(), 60) is not None:
            pass
        again, second = await connect(site.ws_url, origin=site.origin)
        again.write_message(orjson.dumps(step_request("m", [4], 2, seed=3, steps=2)).decode())
        reply = await read(again)
        again.close()
        assert second["pid"] != first["pid"]
        code = on[0].proc.wait(timeout=60)
        assert code == 0
        on[0].proc = None
        return conn.close_code, reply

    close_code, reply = run_async(run())
    assert close_code == 1001
    assert reply["type"] == "step_result"


@pytest.mark.slow
@pytest.mark.browser
def test_a_page_trains_on_through_the_other_backend_when_its_backend_dies(
    site: Site, browser: Browser, errors: ErrorCollector
) -> None:
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    pages: list[Page] = []
    for ctx in contexts:
        page = ctx.new_page()
        errors.attach(page)
        pages.append(page)
    a, b = pages
    try:
        open_app(a, site.nginx.url)
        generate(a, "moons", 150)
        button(a, "Reset weights").click()
        wait_until(a, lambda: stored_model(a)["step"] == 0, "fresh weights")
        start = stored_model(a)
        config, data = stored_config(a), stored_data(a)
        button(a, "Play").click()
        wait_until(a, lambda: readout_int(a, "step") > 50, "training to get going", 60_000)

        # A second page, in a browser context of its own, goes to the other backend (nginx
        # sends a new WebSocket to the backend with the fewest).
        open_app(b, site.nginx.url)
        for _ in range(3):
            step_once(b)
        steps = site.steps_by_backend()
        assert all(n > 0 for n in steps), f"both backends should have trained: {steps}"
        contexts[1].close()
        # Page a's backend: the one with a connection left.
        wait_until(a, lambda: sorted(site.connections_by_backend()) == [0, 1], "page b to leave")
        a_backend = site.connections_by_backend().index(1)
        dead, other = site.backends[a_backend], site.backends[1 - a_backend]
        other_before = value(scrape(other.url), "nnvisu_training_steps_total")

        dead.stop(sig=signal.SIGKILL)  # while page a trains
        before = readout_int(a, "step")
        wait_until(a, lambda: readout_int(a, "step") > before + 100, "training to go on")
        wait_for_metric(other.url, "nnvisu_ws_connections", 1)
        assert value(scrape(other.url), "nnvisu_training_steps_total") > other_before + 100
        pause(a)
        wait_settled(a)
        screenshot(a, "nginx_failover.png")
        end = stored_model(a)
        expected = uninterrupted(config, start["weights"], data, end["step"])
        assert max_difference(end["weights"], expected["weights"]) <= 1e-6
        assert end["optimizer"]["t"] == expected["optimizer"]["t"] == end["step"]
    finally:
        for ctx in contexts:
            ctx.close()
    errors.check()
