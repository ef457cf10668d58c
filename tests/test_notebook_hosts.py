"""The widget in the other notebook hosts anywidget supports here, each in a real Chromium:
Jupyter Notebook 7 and marimo (the widget renders, Play trains it in the kernel, Python reads
the new step) and Voilà (an example notebook as a dashboard, where Play trains too).
JupyterLab has its own module, test_jupyterlab.py; VS Code and Colab are not tested here.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import ErrorCollector
from notebook_hosts import (
    HOST_TIMEOUT_MS,
    JupyterServer,
    Marimo,
    menu,
    play_until_trained,
    run_new_cell,
    shown_int,
    write_notebook,
)
from playwright.sync_api import Browser, Locator, Page, Route, expect

pytestmark = [pytest.mark.jupyter, pytest.mark.browser]

VOILA_CDN = (
    r"https://(cdn\.jsdelivr\.net/npm/@fortawesome/|cdnjs\.cloudflare\.com/ajax/libs/mathjax/)"
)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
WIDGET_CELL = """import json
import numpy as np
import nnvisu
rng = np.random.default_rng(0)
X = rng.normal(0, 2, (120, 2))
y = np.where(X[:, 0] * X[:, 1] > 0, "same", "other")
w = nnvisu.Widget(X, y, hidden_layers=(8, 8))
w"""
STEP_CELL = 'print("RESULT", json.dumps(w.step_count))'


class HostPage:
    """A page in its own context that reaches only the loopback hosts: a request elsewhere is
    refused (this machine has no internet, and a test must not depend on it) and recorded."""

    def __init__(self, browser: Browser, errors: ErrorCollector) -> None:
        self.ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
        self.ctx.set_default_timeout(HOST_TIMEOUT_MS)
        self.external: list[str] = []
        self.ctx.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])"), self._refuse)
        self.page = self.ctx.new_page()
        errors.attach(self.page)

    def _refuse(self, route: Route) -> None:
        self.external.append(route.request.url)
        route.abort()


@pytest.fixture
def host(browser: Browser, errors: ErrorCollector) -> Iterator[HostPage]:
    host = HostPage(browser, errors)
    yield host
    host.ctx.close()


def rendered(page: Page) -> Locator:
    """The widget's own DOM (not a text repr or a javascript error), with its parts."""
    widget = page.get_by_test_id("nnvisu-root").first
    try:
        expect(widget).to_be_visible(timeout=HOST_TIMEOUT_MS)
    except AssertionError as exc:
        dialogs = page.locator(".jp-Dialog").all_inner_texts()
        raise AssertionError(f"no widget; dialogs shown: {dialogs}") from exc
    expect(widget.get_by_test_id("plane")).to_be_visible()
    expect(widget.get_by_test_id("network")).to_be_visible()
    return widget


# ---------------------------------------------------------------------- Jupyter Notebook 7


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    server = JupyterServer(tmp_path_factory.mktemp("notebook7"), app="notebook")
    write_notebook(server.root / "widget.ipynb", WIDGET_CELL)
    server.start()
    yield server
    server.stop()


def test_widget_in_jupyter_notebook_7(
    notebook7: JupyterServer, host: HostPage, errors: ErrorCollector
) -> None:
    page = host.page
    # Notebook 7.6 throws "Cannot read properties of undefined (reading 'schema')" from its own
    # settings code when it opens any notebook, one without nnvisu too.
    errors.allow_host_errors(r"/static/notebook/notebook_core\.")
    page.goto(notebook7.notebook_url("widget.ipynb"))
    notebook7.wait_for_connected_kernel()
    menu(page, "Run", "Run All Cells")
    widget = rendered(page)
    expect(widget.get_by_test_id("connection-status")).to_have_text("kernel")
    expect(widget.get_by_test_id("point-count")).to_have_text("120")
    step = play_until_trained(page, widget)
    assert step > 0
    assert run_new_cell(page, STEP_CELL) == step
    errors.check()
    assert host.external == []


# ---------------------------------------------------------------------- Voilà


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """Voilà as the Jupyter server's extension, at /voila/render/."""
    # Notebook 7's lab extension, loaded into Voilà's page, fails to load there (it needs a
    # module Voilà's page does not share); the dashboard has no use for it.
    server = JupyterServer(
        tmp_path_factory.mktemp("voila"),
        extra=['--VoilaConfiguration.extension_denylist=["@jupyter-notebook/lab-extension"]'],
    )
    shutil.copy(EXAMPLES / "numpy_spirals.ipynb", server.root / "numpy_spirals.ipynb")
    server.start()
    yield server
    server.stop()


def test_voila_renders_an_example_as_a_dashboard(
    voila: JupyterServer, host: HostPage, errors: ErrorCollector
) -> None:
    page = host.page
    # Voilà's page links Font Awesome and MathJax from CDNs; refused here, so it logs them.
    errors.allow(rf"Failed to load resource: net::ERR_FAILED \({VOILA_CDN}")
    page.goto(f"{voila.url}voila/render/numpy_spirals.ipynb")
    widget = rendered(page)
    # The notebook ran server-side: its fit (300 epochs of one step) is what the widget shows,
    # and its printed accuracies are on the page; no code cells are.
    expect(widget.get_by_test_id("step")).to_have_text("300", timeout=HOST_TIMEOUT_MS)
    expect(page.get_by_text(re.compile(r"train \d+\.\d%, test \d+\.\d%"))).to_be_visible()
    expect(page.get_by_text("nnvisu.Widget(")).to_have_count(0)
    expect(widget.get_by_test_id("data-summary")).to_have_text(
        f"Your data: 300 points, 2 classes, {shown_test(widget)} for testing"
    )
    # The dashboard's kernel trains when Play is pressed.
    assert play_until_trained(page, widget) > 300
    errors.check()
    assert [url for url in host.external if not re.match(VOILA_CDN, url)] == []


def shown_test(widget: Locator) -> int:
    text = widget.get_by_test_id("data-summary").inner_text()
    return int(text.rsplit(", ", 1)[1].split()[0])


# ---------------------------------------------------------------------- marimo

MARIMO_APP = """import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    import numpy as np

    import nnvisu

    return mo, nnvisu, np


@app.cell
def _(nnvisu, np):
    rng = np.random.default_rng(0)
    X = rng.normal(0, 2, (120, 2))
    w = nnvisu.Widget(X, np.where(X[:, 0] * X[:, 1] > 0, "same", "other"), hidden_layers=(8, 8))
    return (w,)


@app.cell
def _(mo, w):
    view = mo.ui.anywidget(w)
    view
    return (view,)


@app.cell
def _(mo):
    read = mo.ui.button(label="Read the step", value=0, on_click=lambda n: n + 1)
    read
    return (read,)


@app.cell
def _(mo, read, w):
    read.value  # noqa: B018 - runs again on each click
    mo.md(f"RESULT {w.step_count} after {read.value} reads")
    return


if __name__ == "__main__":
    app.run()
"""


@pytest.fixture(scope="module")
def marimo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Marimo]:
    server = Marimo(tmp_path_factory.mktemp("marimo"), MARIMO_APP)
    server.start()
    yield server
    server.stop()


def test_widget_in_marimo(marimo: Marimo, host: HostPage, errors: ErrorCollector) -> None:
    page = host.page
    page.goto(marimo.url)
    widget = rendered(page)
    expect(widget.get_by_test_id("point-count")).to_have_text("120")
    expect(page.get_by_text("RESULT 0 after 0 reads")).to_be_visible(timeout=HOST_TIMEOUT_MS)
    step = play_until_trained(page, widget)
    assert step > 0 and shown_int(widget, "step") == step
    # Python (a cell run again by the button) reads the step the browser trained to.
    page.get_by_role("button", name="Read the step").click()
    expect(page.get_by_text(f"RESULT {step} after 1 reads")).to_be_visible(timeout=HOST_TIMEOUT_MS)
    errors.check()
    assert host.external == []
