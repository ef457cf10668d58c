"""bench/page.py --rtt runs end to end in its short mode and prints its figures (their values
are the benchmark's business, not a test's)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_page_bench_prints_epochs_and_frames_through_round_trips() -> None:
    out = subprocess.run(
        [sys.executable, "page.py", "--rtt", "0,50", "--short"],
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert any(line.startswith("load average before:") for line in lines), out.stdout
    assert any(line.startswith("load average after:") for line in lines), out.stdout
    row = re.compile(r"^\s+(\d+) ms\s+(\d+)\s+([\d.]+)\s+([\d.]+|nan)\s+(\d+%)\s+'.*'$")
    rows = [m.groups() for line in lines if (m := row.match(line))]
    assert [r[0] for r in rows] == ["0", "50"], out.stdout
    assert re.search(r"target >= 80% of direct at >= 30 frames/s: (MET|NOT MET)", out.stdout)
