"""Driving the nnvisu page in a real Chromium: launcher, error collector, page helpers, fixtures.

Plain functions and classes (`launch_chromium`, `ErrorCollector`) can be imported by any test.
Test modules that want the fixtures (`browser`, `context`, `page`, `app`) load this file as a
pytest plugin: `pytest_plugins = ["browser_support"]`, so the browser is shared by the session.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import LiveServer
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from nnvisu.core.limits import Limits
from nnvisu.core.trainer import Metrics, evaluate
from nnvisu.wire import validation

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying hosts it cannot reach here.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Every wait in these tests is bounded; these are generous so a loaded 2-core box still passes.
TIMEOUT_MS = 15_000
TRAIN_TIMEOUT_MS = 60_000

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

# The plane shows [-PLANE_EXTENT, PLANE_EXTENT] on both axes (UI contract).
PLANE_EXTENT = 6.0

STORAGE_KEYS = (
    "nnvisu_config",
    "nnvisu_weights",
    "nnvisu_data",
    "nnvisu_optimizer",
    "nnvisu_metrics",
    "nnvisu_history",
    "nnvisu_ui",
)
# The keys whose shapes the founding plan fixes (docs/protocol.md section 3).
PLAN_KEYS = ("nnvisu_config", "nnvisu_weights", "nnvisu_data")

expect.set_options(timeout=TIMEOUT_MS)


def launch_chromium(playwright: Playwright) -> Browser:
    """The system Chromium, headless, with the flags that work on this machine."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class ErrorCollector:
    """Collects uncaught page errors and console errors of the pages it is attached to.

    `check()` fails the test if any were seen. A test that provokes an error on purpose (a
    stopped server makes the WebSocket log a failed connection) declares it with `allow`.
    """

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._allowed: list[re.Pattern[str]] = []
        self._foreign: list[re.Pattern[str]] = []

    def attach(self, page: Page) -> None:
        page.on("pageerror", lambda exc: self._page_error(exc))
        page.on("console", lambda msg: self._console(msg))

    def allow_host_errors(self, script: str) -> None:
        """Tolerate uncaught errors thrown entirely inside a host's own script (its URL matches
        the regular expression `script`): a notebook host's bug that any notebook shows."""
        self._foreign.append(re.compile(script))

    def _page_error(self, exc: Error) -> None:
        frames = [line for line in (exc.stack or "").splitlines() if "http" in line]
        if (
            frames
            and self._foreign
            and all(any(p.search(f) for p in self._foreign) for f in frames)
        ):
            return
        self._record(f"pageerror: {exc}")

    def allow(self, pattern: str) -> None:
        """Tolerate console errors matching the regular expression `pattern` (searched)."""
        self._allowed.append(re.compile(pattern))

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            url = msg.location.get("url", "")
            if url.endswith("/favicon.ico"):
                return  # Chromium asks for it on its own; the page never did
            self._record(f"console.error: {msg.text}" + (f" ({url})" if url else ""))

    def _record(self, text: str) -> None:
        if text.startswith("console.error") and any(p.search(text) for p in self._allowed):
            return
        self.errors.append(text)

    def check(self) -> None:
        if self.errors:
            raise AssertionError("errors in the page:\n" + "\n".join(self.errors))


# ---------------------------------------------------------------------------- page helpers


def root(page: Page) -> Locator:
    return page.get_by_test_id("nnvisu-root")


def plane(page: Page) -> Locator:
    return page.get_by_test_id("plane")


def open_app(page: Page, url: str, *, connected: bool = True) -> None:
    """Load the page and wait until it is rendered (and, by default, connected)."""
    page.goto(url)
    expect(root(page)).to_be_visible()
    if connected:
        expect(page.get_by_test_id("connection-status")).to_have_text("connected")
        # A first visit asks the server for weights; the page is ready once they are stored.
        wait_until(page, lambda: storage(page, "nnvisu_weights") is not None, "weights")


def to_page_xy(page: Page, x: float, y: float) -> tuple[float, float]:
    """Page pixel coordinates of the data point (x, y) on the plane (y up)."""
    box = plane(page).bounding_box()
    assert box is not None, "the plane is not displayed"
    fx = (x + PLANE_EXTENT) / (2 * PLANE_EXTENT)
    fy = (PLANE_EXTENT - y) / (2 * PLANE_EXTENT)
    return box["x"] + fx * box["width"], box["y"] + fy * box["height"]


def click_plane(page: Page, x: float, y: float) -> None:
    px, py = to_page_xy(page, x, y)
    page.mouse.click(px, py)


def drag_plane(page: Page, points: list[tuple[float, float]], steps: int = 5) -> None:
    """Press at the first data point, move through the others, release at the last."""
    px, py = to_page_xy(page, *points[0])
    page.mouse.move(px, py)
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(*to_page_xy(page, x, y), steps=steps)
    page.mouse.up()


def pixel_scale(page: Page) -> float:
    """Data units per CSS pixel on the plane (the plane may be non-square; take the coarser)."""
    box = plane(page).bounding_box()
    assert box is not None
    return 2 * PLANE_EXTENT / min(box["width"], box["height"])


def readout(page: Page, testid: str) -> str:
    return page.get_by_test_id(testid).inner_text().strip()


def readout_int(page: Page, testid: str) -> int:
    return int(readout(page, testid))


def percent(text: str) -> float:
    """'97.5%' -> 97.5; fails clearly on anything else (such as '—')."""
    match = re.fullmatch(r"(\d+(?:\.\d)?)%", text)
    assert match, f"not a percent readout: {text!r}"
    return float(match.group(1))


def storage_raw(page: Page, key: str) -> str | None:
    value: str | None = page.evaluate("k => window.localStorage.getItem(k)", key)
    return value


def storage(page: Page, key: str) -> Any:
    """The parsed JSON value of a localStorage key (None when absent)."""
    raw = storage_raw(page, key)
    return None if raw is None else json.loads(raw)


def stored_config(page: Page) -> dict[str, Any]:
    """The wire config (plus UI-only keys) kept in `nnvisu_config`, without its version."""
    value: dict[str, Any] = storage(page, "nnvisu_config")
    return {k: v for k, v in value.items() if k != "version"}


def stored_model(page: Page) -> dict[str, Any]:
    """`weights` and `step` from `nnvisu_weights`, `optimizer` (buffers packed) and `metrics`
    from their own keys, as stored, each with the step it belongs to."""
    raw: dict[str, Any] = storage(page, "nnvisu_weights")
    weights = {k: v for k, v in raw.items() if re.fullmatch(r"layer_\d+_(weights|bias)", k)}
    return {
        "weights": weights,
        "step": raw.get("step", 0),
        "optimizer": storage(page, "nnvisu_optimizer"),
        "metrics": storage(page, "nnvisu_metrics"),
    }


def stored_history(page: Page) -> dict[str, Any]:
    """`nnvisu_history` unpacked by the page's own reader: `{losses: [[step, loss, testLoss,
    accuracy, testAccuracy], ...], snapshots: [{step, weights, optimizer}, ...]}`."""
    history: dict[str, Any] = page.evaluate(
        """async () => (await import("./static/nnvisu.js")).storedHistoryJson(
            window.localStorage.getItem("nnvisu_history"))"""
    )
    return history


def stored_weights(page: Page) -> dict[str, Any]:
    weights: dict[str, Any] = stored_model(page)["weights"]
    return weights


def data_columns(points: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """`[{x, y, label, test?}, ...]` as the columns {x, y, label, test} the trainer reads."""
    return {
        "x": [p["x"] for p in points],
        "y": [p["y"] for p in points],
        "label": [p["label"] for p in points],
        "test": [p.get("test", False) for p in points],
    }


def stored_data(page: Page) -> dict[str, list[Any]]:
    """The points of `nnvisu_data` as columns {x, y, label, test}."""
    return data_columns(storage(page, "nnvisu_data"))


def stored_points(page: Page) -> list[tuple[float, float, int, bool]]:
    data = stored_data(page)
    test = data.get("test") or [False] * len(data["x"])
    return list(zip(data["x"], data["y"], data["label"], test, strict=True))


def layer_shapes(weights: dict[str, Any]) -> list[tuple[int, int]]:
    """(out, in) of every layer, input to output."""
    shapes = []
    i = 0
    while f"layer_{i}_weights" in weights:
        w = weights[f"layer_{i}_weights"]
        shapes.append((len(w), len(w[0])))
        assert len(weights[f"layer_{i}_bias"]) == len(w)
        i += 1
    return shapes


def assert_plan_shapes(page: Page) -> None:
    """The three keys the founding plan fixes hold its shapes: `nnvisu_config` an object with
    `architecture` and `learningRate` at its top level; `nnvisu_weights` `layer_{i}_weights` as
    `[out][in]` and `layer_{i}_bias` arrays of numbers for every layer, beside a `step` stamp;
    `nnvisu_data` a list of `{x, y, label}` points (`test: true` on test points). Other fields
    are allowed; nothing may move these keys down a level."""
    config = storage(page, "nnvisu_config")
    assert isinstance(config, dict), config
    arch = config["architecture"]
    assert isinstance(arch, list) and all(type(n) is int for n in arch), arch
    assert isinstance(config["learningRate"], int | float), config
    weights = storage(page, "nnvisu_weights")
    assert isinstance(weights, dict) and type(weights["step"]) is int, weights.keys()
    for i, (fan_in, fan_out) in enumerate(itertools.pairwise(arch)):
        w, b = weights[f"layer_{i}_weights"], weights[f"layer_{i}_bias"]
        assert isinstance(w, list) and len(w) == fan_out, f"layer_{i}_weights has {len(w)} rows"
        for row in w:
            assert isinstance(row, list) and len(row) == fan_in
            assert all(type(v) in (int, float) for v in row)
        assert isinstance(b, list) and len(b) == fan_out
        assert all(type(v) in (int, float) for v in b)
    assert f"layer_{len(arch) - 1}_weights" not in weights
    points = storage(page, "nnvisu_data")
    assert isinstance(points, list)
    for p in points:
        assert isinstance(p, dict), p
        assert type(p["x"]) in (int, float) and type(p["y"]) in (int, float), p
        assert type(p["label"]) is int, p
        assert p.get("test", True) is True, p


def stored_bytes(page: Page) -> int:
    """What the page's localStorage holds, in bytes as Chromium counts them: two per UTF-16
    code unit of every key and value."""
    units: int = page.evaluate(
        """() => { let n = 0;
          for (let i = 0; i < localStorage.length; i++) {
            const k = localStorage.key(i); n += k.length + localStorage.getItem(k).length;
          }
          return n; }"""
    )
    return 2 * units


def storage_all(page: Page) -> dict[str, str | None]:
    """The raw values of every nnvisu key, for exact before/after comparisons."""
    return {key: storage_raw(page, key) for key in STORAGE_KEYS}


def set_storage(page: Page, values: dict[str, str]) -> None:
    page.evaluate(
        "vals => { for (const [k, v] of Object.entries(vals)) window.localStorage.setItem(k, v) }",
        values,
    )


def wait_until(
    page: Page, condition: Callable[[], bool], what: str, timeout_ms: int = TIMEOUT_MS
) -> None:
    """Poll `condition` (which may read the page) until it holds; fail naming `what`."""
    deadline_polls = max(1, timeout_ms // 100)
    for _ in range(deadline_polls):
        try:
            if condition():
                return
        except (Error, ValueError, KeyError, TypeError, AssertionError):
            pass  # the page may be mid-update; ask again
        page.wait_for_timeout(100)
    assert condition(), f"timed out after {timeout_ms} ms waiting for {what}"


def field(page: Page, label: str) -> Locator:
    """A form control by its exact accessible name (readouts may share a name, e.g. "Points")."""
    return page.locator("input, select, textarea").and_(page.get_by_label(label, exact=True))


def button(page: Page, name: str) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def set_field(page: Page, label: str, value: str) -> None:
    """Type a value and commit it the way a user does (Enter, then leaving the field)."""
    control = field(page, label)
    control.fill(value)
    control.press("Enter")
    control.blur()


def choose(page: Page, label: str, value: str) -> None:
    field(page, label).select_option(value)


def neuron_ids(page: Page) -> list[str]:
    """The data-testids of the network graph's neuron canvases (`neuron-{layer}-{index}`)."""
    ids: list[str] = page.get_by_test_id("network").evaluate(
        """net => [...net.querySelectorAll('[data-testid^="neuron-"]')]
            .map(e => e.dataset.testid).filter(id => /^neuron-\\d+-\\d+$/.test(id))"""
    )
    return ids


def layer_sizes_drawn(page: Page) -> list[int]:
    """Neurons drawn per layer (hidden layers then output), from the canvases' test ids."""
    counts: dict[int, int] = {}
    for testid in neuron_ids(page):
        layer = int(testid.split("-")[1])
        counts[layer] = counts.get(layer, 0) + 1
    return [counts[i] for i in sorted(counts)]


def plane_png(page: Page) -> bytes:
    """The plane's pixels as shown, for before/after comparisons."""
    return plane(page).screenshot()


def generate(page: Page, name: str, points: int, classes: int = 2) -> None:
    """Generate a data set from the page's own controls and wait until it is there."""
    choose(page, "Data set", name)
    set_field(page, "Classes", str(classes))
    set_field(page, "Points", str(points))
    button(page, "Generate").click()
    expect(page.get_by_test_id("point-count")).to_have_text(str(points))


@functools.cache
def data_sets() -> list[dict[str, Any]]:
    """The front end's data set registry (js/data/datasets.js) as js/tests/datasets_cli.mjs
    prints it: name, label, problem, the class count a set always makes, a boundary's curve.
    Tests iterate over it, so a new data set is tested without a test edit."""
    node = shutil.which("node")
    if node is None:
        return []
    cli = Path(__file__).resolve().parent.parent / "js" / "tests" / "datasets_cli.mjs"
    done = subprocess.run([node, str(cli)], capture_output=True, text=True, timeout=60, check=True)
    sets: list[dict[str, Any]] = json.loads(done.stdout)
    return sets


def step_once(page: Page) -> int:
    """Press Step and wait for the global step to move; returns the new step."""
    before = readout_int(page, "step")
    button(page, "Step").click()
    wait_until(page, lambda: readout_int(page, "step") > before, "the step counter to increase")
    return readout_int(page, "step")


def play_until(page: Page, condition: Callable[[], bool], what: str) -> None:
    """Press Play, wait (bounded) for `condition`, press Pause and wait for training to stop."""
    button(page, "Play").click()
    expect(button(page, "Pause")).to_be_visible()
    wait_until(page, condition, what, TRAIN_TIMEOUT_MS)
    pause(page)


def pause(page: Page) -> None:
    button(page, "Pause").click()
    expect(button(page, "Play")).to_be_visible()
    wait_settled(page)


def wait_settled(page: Page, quiet_polls: int = 4) -> None:
    """Wait until training has come to rest: a reply in flight at Pause may still land, so
    the step must hold still for a few polls and agree with the stored step."""
    seen: list[int] = []

    def settled() -> bool:
        seen.append(readout_int(page, "step"))
        recent = seen[-quiet_polls:]
        return (
            len(recent) == quiet_polls
            and len(set(recent)) == 1
            and stored_model(page)["step"] == recent[0]
        )

    wait_until(page, settled, "training to come to rest")


def server_limits(page: Page) -> dict[str, int]:
    """The limits the server announces in its `hello`, read through a WebSocket of our own."""
    limits: dict[str, int] = page.evaluate(
        """() => new Promise((resolve, reject) => {
            const ws = new WebSocket(new URL("ws", document.baseURI).href.replace(/^http/, "ws"));
            ws.onmessage = e => { resolve(JSON.parse(e.data).limits); ws.close(); };
            ws.onerror = () => reject(new Error("no hello from the server"));
        })"""
    )
    return limits


def python_metrics(page: Page) -> Metrics:
    """Loss and accuracy of the stored weights on the stored data, computed by the trainer."""
    limits = Limits(max_points=1 << 30, max_neurons=1 << 30, max_hidden_layers=1 << 30)
    config = validation.parse_config(stored_config(page), limits)
    weights = validation.parse_weights(stored_weights(page), config)
    data = validation.parse_data(stored_data(page), config, limits)
    return evaluate(config, weights, data)


def assert_consistent(page: Page) -> None:
    """The readouts are the metrics of the stored weights on the stored data, and the stored
    step is the step shown: weights, data and readouts all belong to one state."""
    metrics = python_metrics(page)
    assert stored_model(page)["step"] == readout_int(page, "step")
    assert metrics.train_loss is not None
    assert float(readout(page, "train-loss")) == pytest.approx(metrics.train_loss, abs=2e-3)
    assert metrics.train_accuracy is not None
    shown = percent(readout(page, "train-accuracy"))
    assert shown == pytest.approx(100 * metrics.train_accuracy, abs=0.06)
    if metrics.test_count == 0:
        assert readout(page, "test-loss") == "\u2014"
        assert readout(page, "test-accuracy") == "\u2014"
    else:
        assert metrics.test_loss is not None
        assert metrics.test_accuracy is not None
        assert float(readout(page, "test-loss")) == pytest.approx(metrics.test_loss, abs=2e-3)
        shown_test = percent(readout(page, "test-accuracy"))
        assert shown_test == pytest.approx(100 * metrics.test_accuracy, abs=0.06)


# What a Chromium trace needs to time the page's tasks (main_thread_tasks).
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline"]


def main_thread_tasks(trace: bytes) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) of every task of the page's main thread in a Chromium trace."""
    events = json.loads(trace)["traceEvents"]
    mains = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    tasks: dict[tuple[int, int], list[tuple[float, float]]] = {m: [] for m in mains}
    for e in events:
        key = (e.get("pid"), e.get("tid"))
        if e.get("name") == "RunTask" and e.get("ph") == "X" and key in tasks:
            tasks[key].append((e["dur"] / 1000, e.get("tdur", e["dur"]) / 1000))
    # The page's renderer is the busiest one.
    return max(tasks.values(), key=len, default=[])


@contextmanager
def sized_page(
    browser: Browser,
    server: LiveServer,
    errors: ErrorCollector,
    width: int,
    height: int,
    **options: Any,
) -> Iterator[Page]:
    """The app in a context of its own with this viewport (and e.g. `has_touch=True`)."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, **options)
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        page = ctx.new_page()
        errors.attach(page)
        open_app(page, server.url)
        yield page
    finally:
        ctx.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def errors() -> ErrorCollector:
    return ErrorCollector()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context per test, so localStorage starts empty."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, errors: ErrorCollector) -> Iterator[Page]:
    pg = context.new_page()
    errors.attach(pg)
    yield pg
    errors.check()


@pytest.fixture(scope="session")
def server() -> Iterator[LiveServer]:
    """One server for every test that does not stop it: the server keeps no per-user state,
    and each test has its own browser context, so tests cannot see each other."""
    srv = LiveServer()
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def app(page: Page, server: LiveServer) -> Page:
    """The standalone page, loaded from the shared server, rendered and connected."""
    open_app(page, server.url)
    return page
