"""Target 3: throughput of --workers 2 ÷ --workers 1 under 20 clients, and p99 latency at
50 concurrent clients on 2 workers (steps=1, 1000 points, 2-8-8-8-2).

Each client is closed-loop (its next request goes out when its reply arrives), in the binary
encoding the page uses, on a lean blocking WebSocket client (`common.RawWebSocket`, one thread
per client, in 2 processes) so that the load generator takes as little as possible of the 2
cores it shares with the server. Also printed: how
the connections spread over the worker processes (from the pid in each hello).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import threading
import time
from collections import Counter

import orjson
from common import RawWebSocket, percentile, request, server
from server_overhead import binary_frame

PIDS: Counter[int] = Counter()


def _clients(url: str, n: int, seconds: float, frame: bytes) -> tuple[list[float], list[int]]:
    """`n` closed-loop clients, one thread each (blocking sockets: the thread sleeps while its
    request is served, so a process can drive dozens of them cheaply)."""
    latencies: list[float] = []
    pids: list[int] = []
    conns = [RawWebSocket(url) for _ in range(n)]
    pids.extend(orjson.loads(c.hello)["pid"] for c in conns)
    masked = RawWebSocket.frame(frame)
    end = time.perf_counter() + seconds

    def run(conn: RawWebSocket) -> None:
        mine: list[float] = []
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            conn.send(masked)
            reply = conn.recv()
            assert b'"step_result"' in reply[:200], reply[:200]
            mine.append(time.perf_counter() - t0)
        latencies.extend(mine)
        conn.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in conns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, pids


def _client_process(args: tuple[str, int, float, bytes]) -> tuple[list[float], list[int]]:
    return _clients(*args)


def load(url: str, clients: int, seconds: float, processes: int = 2) -> list[float]:
    frame = binary_frame(request(n=1000))
    per = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    with mp.get_context("spawn").Pool(processes) as pool:
        parts = pool.map(_client_process, [(url, k, seconds, frame) for k in per])
    PIDS.clear()
    PIDS.update(pid for _, pids in parts for pid in pids)
    return [x for lat, _ in parts for x in lat]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=8.0)
    args = ap.parse_args()
    rates = {}
    for workers in (1, 2):
        with server("--workers", str(workers)) as url:
            load(url, 20, 1.0)  # warm up
            lat = load(url, 20, args.seconds)
            rates[workers] = len(lat) / args.seconds
            print(
                f"--workers {workers}, 20 clients: {rates[workers]:.0f} steps/s, "
                f"p50 {percentile(lat, 50) * 1e3:.1f} ms, p99 {percentile(lat, 99) * 1e3:.1f} ms, "
                f"clients per worker {sorted(PIDS.values())}"
            )
            if workers == 2:
                lat50 = load(url, 50, args.seconds)
                print(
                    f"--workers 2, 50 clients: {len(lat50) / args.seconds:.0f} steps/s, "
                    f"p50 {percentile(lat50, 50) * 1e3:.1f} ms, "
                    f"p99 {percentile(lat50, 99) * 1e3:.1f} ms (target <= 50 ms), "
                    f"clients per worker {sorted(PIDS.values())}"
                )
    print(f"throughput ratio 2 workers / 1 worker: {rates[2] / rates[1]:.2f} (target >= 1.8)")


if __name__ == "__main__":
    main()
