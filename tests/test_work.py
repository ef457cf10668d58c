"""The work estimate (`nnvisu.core.work`): the page's copy in js/model/work.js prices every request
as the host does, and the estimate grows with what makes a request slow."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nnvisu.core import optimizers, schema, work
from nnvisu.core.trainer import Config

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "js" / "tests" / "work_cli.mjs"


def random_configs(count: int) -> list[tuple[dict[str, Any], int, int]]:
    rng = np.random.default_rng(16)
    cases = []
    for _ in range(count):
        hidden = [int(n) for n in rng.integers(1, 101, rng.integers(0, 11))]
        wire = {
            "architecture": [int(rng.integers(1, 8)), *hidden, int(rng.integers(2, 9))],
            "activation": str(rng.choice(schema.ACTIVATION_NAMES)),
            "optimizer": str(rng.choice(optimizers.NAMES)),
            "l1": float(rng.choice([0, 0.01])),
            "l2": float(rng.choice([0, 0.001])),
            "batchSize": int(rng.choice([0, 1, 10, 500])),
            "dropout": float(rng.choice([0, 0.5])),
        }
        total = int(rng.integers(1, 5001))
        cases.append((wire, int(rng.integers(1, total + 1)), total))
    return cases


def to_config(wire: dict[str, Any]) -> Config:
    return Config(
        architecture=tuple(wire["architecture"]),
        activation=wire["activation"],
        optimizer=wire["optimizer"],
        l1=wire["l1"],
        l2=wire["l2"],
        batch_size=wire["batchSize"],
        dropout=wire["dropout"],
    )


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_the_page_prices_requests_as_the_host_does(tmp_path: Path) -> None:
    cases = random_configs(200)
    path = tmp_path / "cases.json"
    path.write_text(
        json.dumps(
            {
                "costs": work.describe(),
                "cases": [{"config": w, "train": t, "all": n} for w, t, n in cases],
            }
        )
    )
    out = subprocess.run(
        ["node", str(CLI), str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    for (wire, train, total), js in zip(cases, json.loads(out.stdout), strict=True):
        call, step = work.price(to_config(wire), train, total)
        assert js["call"] == pytest.approx(call, rel=1e-12), wire
        assert js["step"] == pytest.approx(step, rel=1e-12), wire


def test_every_cost_is_priced_and_none_is_negative() -> None:
    names = set(work.terms(Config(architecture=(2, 3, 2)), 10, 10))
    assert names == set(work.COSTS)
    assert min(work.COSTS.values()) >= 0


def test_fixed_costs_count_where_multiply_adds_do_not() -> None:
    """Ten layers of two gelu neurons, dropout and one point a step: 66 multiply-adds, but the
    most expensive step of all for its size."""
    tiny = Config(architecture=(2, *[2] * 10, 2), activation="gelu", dropout=0.5, batch_size=1)
    call, step = work.price(tiny, 100, 100)
    assert step > 1000 * 66
    plain = Config(architecture=(2, *[2] * 10, 2), activation="linear")
    assert work.price(plain, 100, 100)[1] < step
    assert work.estimate(tiny, 100, 100, 1000) == round(call + 1000 * step)
