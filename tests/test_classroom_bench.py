"""bench/classroom.py runs and prints its figures (its values are the benchmark's business),
and the delay proxy it uses adds its delay both ways."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from pathlib import Path

from conftest import LiveServer, run_async
from delay_proxy import DelayProxy
from test_server import connect, read

BENCH = Path(__file__).resolve().parent.parent / "bench" / "classroom.py"


def test_the_delay_proxy_holds_each_chunk_both_ways(live_server: LiveServer) -> None:
    async def run() -> float:
        async with DelayProxy(live_server.port, 0.05) as proxy:
            conn, _ = await connect(f"ws://127.0.0.1:{proxy.port}/ws")
            t0 = time.perf_counter()
            conn.write_message('{"type": "ping", "id": 1}')
            assert await read(conn) == {"type": "pong", "id": 1}
            elapsed = time.perf_counter() - t0
            conn.close()
            await asyncio.sleep(0.2)
            return elapsed

    assert run_async(run()) >= 0.1


def test_the_classroom_bench_runs_and_prints_its_figures() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--short"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if " pages" in line]
    assert len(lines) == 2, result.stdout
    assert "hostile client" in lines[1] and "hostile frames sent" in lines[1]
    for line in lines:
        for figure in (
            r"epochs/s per page min \d+, median \d+, max \d+",
            r"fairness \(Jain\) [\d.]+",
            r"reply p50 \d+ ms, p99 \d+ ms",
            r"dropped connections \d+",
            r"server RSS start \d+ MB, warm \d+ MB, end \d+ MB",
            r"load average [\d.]+ -> [\d.]+",
        ):
            assert re.search(figure, line), (figure, line)
