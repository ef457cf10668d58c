"""The front end's settings are the Python table's settings (nnvisu.core.schema), as the
forward-pass parity test binds the math: the JS labels name exactly the table's wire names, the
JS fixture is the default host's schema, and under that schema the JS accepts exactly the configs
the server's validation accepts. Node runs the real js/ modules (js/tests/schema_cli.mjs).
"""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from nnvisu.core import schema
from nnvisu.core.limits import Limits
from nnvisu.wire import validation
from nnvisu.wire.errors import ProtocolError

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "js" / "tests" / "schema_cli.mjs"
FIXTURE = ROOT / "js" / "tests" / "fixtures" / "schema.json"


def run_cli(*args: str) -> Any:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the front end's schema code cannot run")
    done = subprocess.run(
        [node, str(CLI), *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def js_tables(tmp_path: Path) -> dict[str, Any]:
    """The page-local settings, and the settings modules' own tables keyed by host settings."""
    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"schema": schema.describe(Limits())}))
    tables: dict[str, Any] = run_cli("tables", str(path))
    return tables


def random_config(rng: random.Random, limits: Limits | None = None) -> dict[str, Any]:
    """A config the host accepts, every setting drawn within the table's bounds: the ends of
    each range often, numbers log-uniform where the range spans decades."""
    limits = limits or Limits()
    config: dict[str, Any] = {}
    for s in schema.SETTINGS:
        if s.kind == "choice":
            config[s.wire] = rng.choice(s.choices)
        elif s.kind == "features":
            features = [f for f in s.choices if rng.random() < 0.5] or [rng.choice(s.choices)]
            rng.shuffle(features)
            config[s.wire] = features
        elif s.kind == "int":
            lo, hi = int(s.lo or 0), int(s.hi or 0)
            config[s.wire] = rng.choice([lo, hi, rng.randint(lo, min(hi, lo + 1000))])
        elif s.kind == "float":
            config[s.wire] = _random_float(rng, s)
    hidden = [
        rng.randint(1, limits.max_neurons) for _ in range(rng.randint(0, limits.max_hidden_layers))
    ]
    if config["problem"] == "regression":
        outputs = schema.REGRESSION_OUTPUTS
    else:
        outputs = rng.randint(schema.MIN_CLASSES, schema.MAX_CLASSES)
    config["architecture"] = [len(config["features"]), *hidden, outputs]
    return config


def _random_float(rng: random.Random, s: schema.Setting) -> float:
    lo, hi = float(s.lo or 0.0), float(s.hi or 0.0)
    ends = [hi] if s.lo_open else [lo, hi]
    if rng.random() < 0.25:
        return rng.choice(ends)
    floor = max(lo, 1e-6)
    if hi / floor > 1e3:
        return math.exp(rng.uniform(math.log(floor), math.log(hi)))
    value = rng.uniform(lo, hi)
    return value if value > lo or not s.lo_open else hi


def invalid_variants(config: dict[str, Any], limits: Limits) -> list[dict[str, Any]]:
    """Configs one step beyond the table's bounds, one setting at a time."""
    out: list[dict[str, Any]] = []
    for s in schema.SETTINGS:
        bad: list[Any] = ["text", None, True]
        if s.kind in ("float", "int"):
            lo, hi = float(s.lo or 0), float(s.hi or 0)
            bad += [hi * 1.5 + 1, lo - 1] + ([lo] if s.lo_open else [])
            if s.kind == "int":
                bad.append(lo + 0.5)
        elif s.kind == "choice":
            bad.append("not-a-" + s.wire)
        elif s.kind == "features":
            bad += [[], ["x", "x"], ["x", "q"]]
        elif s.kind == "architecture":
            n = len(config["features"])
            if config["problem"] == "regression":
                ok, wrong_outputs = schema.REGRESSION_OUTPUTS, [2, 0]
            else:
                ok, wrong_outputs = 2, [schema.MAX_CLASSES + 1, 1]
            bad += [
                [n + 1, 4, ok],
                *[[n, 4, k] for k in wrong_outputs],
                [n, limits.max_neurons + 1, ok],
                [n, *[2] * (limits.max_hidden_layers + 1), ok],
                [n, 0, ok],
                [n],
            ]
        for value in bad:
            out.append({**config, s.wire: value})
    return out


def host_accepts(config: dict[str, Any], limits: Limits) -> bool:
    try:
        validation.parse_config(config, limits)
    except ProtocolError:
        return False
    return True


def test_the_front_end_restates_no_label_of_the_host(tmp_path: Path) -> None:
    """Labels, choice labels, groups, steps and what a change starts are the host's
    (Setting.to_json); the front end's settings modules hold no table of host settings."""
    assert js_tables(tmp_path)["labelTables"] == []
    described = schema.describe(Limits())["settings"]
    for s in described:
        assert s["label"].strip() and s["group"] in ("network", "training"), s["wire"]
        assert s["onChange"] in ("init", "optimizer", "none"), s["wire"]
    labels = [s["label"] for s in described]
    assert len(set(labels)) == len(labels), "two settings share a label"


def test_page_settings_are_not_host_settings(tmp_path: Path) -> None:
    page = js_tables(tmp_path)["page"]
    assert page, "the page's data-generator settings are listed"
    assert not set(page) & set(schema.BY_WIRE), "a page-local setting shadows a host setting"


def test_js_fixture_is_the_default_hosts_schema() -> None:
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert fixture == json.loads(json.dumps(schema.describe(Limits()))), (
        "js/tests/fixtures/schema.json is stale: write `python -m nnvisu.core.schema` into it"
    )


@pytest.mark.parametrize("limits", [Limits(), Limits(max_hidden_layers=3, max_neurons=12)])
def test_js_accepts_exactly_what_the_host_accepts(limits: Limits, tmp_path: Path) -> None:
    rng = random.Random(20261202)
    valid = [random_config(rng, limits) for _ in range(200)]
    invalid = [v for c in valid[:10] for v in invalid_variants(c, limits)]
    configs = valid + invalid
    path = tmp_path / "configs.json"
    path.write_text(json.dumps({"schema": schema.describe(limits), "configs": configs}))
    problems = run_cli("check", str(path))
    assert len(problems) == len(configs)
    for config, found in zip(configs, problems, strict=True):
        accepted = host_accepts(config, limits)
        assert accepted == (not found), (
            f"the host {'accepts' if accepted else 'refuses'} {config} but the front end "
            f"{'finds ' + '; '.join(found) if found else 'accepts it'}"
        )
    assert all(host_accepts(c, limits) for c in valid), "the drawn configs are all valid"
    assert not any(host_accepts(c, limits) for c in invalid), "each variant breaks a bound"
