"""The page and its host agree on settings: a value the server accepts is accepted by the page,
shown as it is, sent as it is and kept over a reload; the page never swaps a config it was given
for its own defaults. Real Chromium against a live server; what the page sends is read off the
WebSocket."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from browser_support import (
    button,
    choose,
    field,
    open_app,
    readout,
    set_field,
    storage,
    stored_config,
    wait_until,
)
from conftest import LiveServer
from playwright.sync_api import Page, Route, WebSocket, expect
from protocol_support import unpack
from test_schema_parity import random_config

from nnvisu.core import schema
from nnvisu.core.limits import Limits

pytestmark = pytest.mark.browser


class Wire:
    """The frames the page sends and receives over /ws (its connection worker's socket)."""

    def __init__(self, page: Page) -> None:
        self.sent: list[dict[str, Any]] = []
        self.received: list[dict[str, Any]] = []
        page.on("websocket", lambda ws: self._watch(ws))

    def _watch(self, ws: WebSocket) -> None:
        ws.on("framesent", lambda payload: self.sent.append(_read(payload)))
        ws.on("framereceived", lambda payload: self.received.append(_read(payload)))

    def requests(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if m.get("type") == kind]

    def reply_to(self, request: dict[str, Any]) -> dict[str, Any] | None:
        return next((m for m in self.received if m.get("id") == request["id"]), None)


def _read(payload: str | bytes) -> dict[str, Any]:
    msg: dict[str, Any] = unpack(payload) if isinstance(payload, bytes) else json.loads(payload)
    return msg


def step_request(page: Page, wire: Wire) -> dict[str, Any]:
    """Press Step and return the step request it sent (after any init before it)."""
    before = len(wire.requests("step"))
    button(page, "Step").click()
    wait_until(page, lambda: len(wire.requests("step")) > before, "a step request on the wire")
    return wire.requests("step")[-1]


def reload_with_config(page: Page, url: str, config: dict[str, Any]) -> None:
    """Storage holding only this config, in the plan's shape as a script would write it, then the
    page again.
    The app is left first, for a file of the same origin, so nothing it still has in flight can
    write over the storage."""
    page.goto(url + "static/nnvisu.css")
    page.evaluate(
        "c => { localStorage.clear(); localStorage.setItem('nnvisu_config', c) }",
        json.dumps(config),
    )
    page.goto(url)
    expect(page.get_by_test_id("connection-status")).to_have_text("connected")
    wait_until(page, lambda: storage(page, "nnvisu_weights") is not None, "fresh weights")


def host_labels(settings: list[dict[str, Any]]) -> dict[str, Any]:
    """The labels of the host's settings and of its features, as its schema describes them."""
    features = next(s for s in settings if s["wire"] == "features")
    return {
        "settings": {s["wire"]: s["label"] for s in settings},
        "features": features["choiceLabels"],
    }


def shown_config(page: Page, labels: dict[str, Any]) -> dict[str, Any]:
    """The host settings as the controls show them, read back into config values."""
    shown: dict[str, Any] = {}
    for s in schema.SETTINGS:
        if s.kind in ("float", "int"):
            text = field(page, labels["settings"][s.wire]).input_value()
            shown[s.wire] = float(text) if s.kind == "float" else int(text)
        elif s.kind == "choice":
            shown[s.wire] = field(page, labels["settings"][s.wire]).input_value()
        elif s.kind == "features":
            shown[s.wire] = {
                f for f in s.choices if field(page, f"Feature {labels['features'][f]}").is_checked()
            }
    hidden = field(page, labels["settings"]["architecture"]).input_value()
    classes = int(field(page, "Classes").input_value())
    shown["architecture"] = [
        len(shown["features"]),
        *map(int, filter(None, hidden.split("-"))),
        classes,
    ]
    return shown


def test_a_learning_rate_of_50_is_accepted_trained_with_and_kept(
    page: Page, server: LiveServer
) -> None:
    wire = Wire(page)
    open_app(page, server.url)
    set_field(page, "Learning rate", "50")
    expect(page.get_by_test_id("message")).to_have_text("")
    wait_until(page, lambda: stored_config(page)["learningRate"] == 50, "50 stored")
    request = step_request(page, wire)
    assert request["config"]["learningRate"] == 50
    wait_until(page, lambda: wire.reply_to(request) is not None, "the reply")
    assert wire.reply_to(request)["type"] == "step_result"  # type: ignore[index]

    page.reload()
    expect(page.get_by_test_id("connection-status")).to_have_text("connected")
    expect(field(page, "Learning rate")).to_have_value("50")
    assert readout(page, "message") == ""
    assert stored_config(page)["learningRate"] == 50
    assert step_request(page, wire)["config"]["learningRate"] == 50


def test_an_unusual_config_the_host_accepts_loads_unchanged(page: Page, server: LiveServer) -> None:
    wire = Wire(page)
    open_app(page, server.url)
    unusual = {
        **stored_config(page),
        "learningRate": 20,
        "activation": "relu",
        "architecture": [2, 16, 16, 2],
    }
    reload_with_config(page, server.url, unusual)
    assert readout(page, "message") == ""
    expect(field(page, "Learning rate")).to_have_value("20")
    expect(field(page, "Activation")).to_have_value("relu")
    expect(field(page, "Hidden layers")).to_have_value("16-16")
    assert stored_config(page) == unusual
    assert wire.requests("init")[-1]["config"] == unusual
    assert step_request(page, wire)["config"] == unusual
    assert stored_config(page) == unusual


def test_random_valid_configs_load_display_and_go_out_unchanged(
    page: Page, server: LiveServer
) -> None:
    """Property: configs drawn at random from nnvisu.core.schema's table (seeded) round-trip through
    the page: stored, loaded, shown by the controls and sent to the server, all unchanged."""
    labels = host_labels(schema.describe(Limits())["settings"])
    wire = Wire(page)
    open_app(page, server.url)
    page_keys = {k: v for k, v in stored_config(page).items() if k not in schema.BY_WIRE}
    rng = random.Random(1202)
    for _ in range(8):
        host = random_config(rng)
        config = {**page_keys, **host}
        reload_with_config(page, server.url, config)
        assert readout(page, "message") == "", config
        shown = shown_config(page, labels)
        assert shown == {**host, "features": set(config["features"])}, config
        assert stored_config(page) == config
        assert wire.requests("init")[-1]["config"] == config
        assert step_request(page, wire)["config"] == config


def test_a_page_without_the_embedded_schema_waits_for_the_hello(
    page: Page, server: LiveServer
) -> None:
    """index.html served by something other than nnvisu keeps the placeholder: the page then
    takes the schema from the server's hello and works as usual."""

    def unfilled(route: Route) -> None:
        response = route.fetch()
        body = response.text()
        start = body.index('id="nnvisu-schema">') + len('id="nnvisu-schema">')
        end = body.index("</script>", start)
        route.fulfill(response=response, body=body[:start] + "__NNVISU_SCHEMA__" + body[end:])

    page.route(server.url, unfilled)
    open_app(page, server.url)
    assert page.locator("#nnvisu-schema").text_content() == "__NNVISU_SCHEMA__"
    assert readout(page, "message") == ""
    expect(field(page, "Learning rate")).to_have_value("0.03")
    assert stored_config(page)["learningRate"] == 0.03
    button(page, "Step").click()
    expect(page.get_by_test_id("step")).to_have_text("1")


def test_every_host_setting_the_page_shows_is_labelled_by_the_host(
    page: Page, server: LiveServer
) -> None:
    """The page restates no label: served a schema whose labels, choice labels and feature
    names are all changed, it shows every one of them as the host wrote it."""
    described = schema.describe(Limits())
    for s in described["settings"]:
        s["label"] = f"Host {s['label']}"
        if "choiceLabels" in s:
            s["choiceLabels"] = {c: f"host {label}" for c, label in s["choiceLabels"].items()}

    def relabelled(route: Route) -> None:
        response = route.fetch()
        body = response.text()
        start = body.index('id="nnvisu-schema">') + len('id="nnvisu-schema">')
        end = body.index("</script>", start)
        route.fulfill(response=response, body=body[:start] + json.dumps(described) + body[end:])

    page.route(server.url, relabelled)
    open_app(page, server.url)
    labels = host_labels(described["settings"])
    shown = shown_config(page, labels)
    assert shown["learningRate"] == 0.03 and shown["features"] == {"x", "y"}
    expect(page.get_by_text(labels["settings"]["features"], exact=True)).to_be_visible()
    for s in described["settings"]:
        if s["type"] == "choice":
            options = field(page, s["label"]).evaluate("e => [...e.options].map(o => o.text)")
            assert options == [s["choiceLabels"][c] for c in s["choices"]], s["wire"]


def test_an_optimizers_own_settings_show_with_it(app: Page) -> None:
    """Momentum and weight decay are read by some optimizers only (the schema's usedBy): their
    fields show while one of those is chosen."""
    described = {s["wire"]: s for s in schema.describe(Limits())["settings"]}
    optimizer = described["optimizer"]
    own = {w: s for w, s in described.items() if s.get("usedBy")}
    assert {"momentum", "weightDecay"} <= set(own)
    for name in optimizer["choices"]:
        choose(app, optimizer["label"], name)
        for s in own.values():
            shown = expect(field(app, s["label"]))
            if name in s["usedBy"]:
                shown.to_be_visible()
            else:
                shown.to_be_hidden()
