"""Frames a hostile client can send within the size limit, and what decoding them costs.

Each frame is decoded in a fresh process (`codec.decode`, then the whole `protocol.begin`),
which reports the CPU time per MB of frame and the process's memory (RSS) before, at its peak
and after. The issue 23 target: no frame under the size limit costs more than 50 ms of CPU per
MB to decode.

    python bench/hostile_frames.py [--megabytes 1]

`frames(megabytes)` is also what bench/classroom.py's hostile client sends.
"""

from __future__ import annotations

import argparse
import json
import resource
import struct
import subprocess
import sys
import time
from collections.abc import Callable

import orjson

MAGIC = b"NNVB"
CONTAINERS = 25_000  # under the default limits' count of arrays and objects


def binary(header: bytes, floats: int = 0) -> bytes:
    """A binary frame of `header` and a zero payload of `floats` float32 values."""
    frame = MAGIC + struct.pack("<I", len(header)) + header
    return frame + b"\0" * (-len(frame) % 4) + b"\0" * (4 * floats)


def long_key_many_elements(size: int) -> bytes:
    """One key of most of the frame, holding many small arrays (a path string per element
    made this quadratic)."""
    items = b",".join([b"[]"] * CONTAINERS)
    key = b"k" * max(1, size - len(items) - 40)
    return binary(b'{"type":"step","' + key + b'":[' + items + b"]}")


def nested_long_keys(size: int) -> bytes:
    """Objects nested 1000 deep, each under a long key (every level's path held at once)."""
    depth = 450  # within the old decoder's recursion limit
    key = b"k" * max(1, size // depth - 6)
    return binary((b'{"' + key + b'":') * depth + b"1" + b"}" * depth)


def bounded_keys_many_elements(size: int) -> bytes:
    """Within the decoder's bounds: 60 levels of 250-character keys, then many small arrays
    padded out with one long string."""
    key = b"k" * 250
    items = b",".join([b"[]"] * CONTAINERS)
    head = (b'{"' + key + b'":') * 60
    pad = b"p" * max(0, size - len(items) - len(head) - 100)
    return binary(
        b'{"type":"step","pad":"' + pad + b'","n":' + head + b"[" + items + b"]" + b"}" * 61
    )


def deep_lists(size: int) -> bytes:
    """Arrays nested as deep as the parser allows, many times over."""
    depth = 450
    one = b"[" * depth + b"]" * depth
    count = max(1, min(CONTAINERS // depth, size // len(one)))
    pad = b"p" * max(0, size - count * len(one) - 40)
    return binary(b'{"type":"step","pad":"' + pad + b'","a":[' + b",".join([one] * count) + b"]}")


def many_refs(size: int) -> bytes:
    """Payload references, as many as fit."""
    ref = b'{"$f32":0,"shape":[1]}'
    count = min(CONTAINERS // 2, size // (len(ref) + 1))
    pad = b"p" * max(0, size - count * (len(ref) + 1) - 40)
    refs = b",".join([ref] * count)
    return binary(b'{"type":"step","pad":"' + pad + b'","a":[' + refs + b"]}", floats=1)


def many_keys(size: int) -> bytes:
    """An object with as many keys as fit, each holding an empty array."""
    count = min(CONTAINERS, size // 16)
    pad = b"p" * max(0, size - count * 16 - 40)
    items = b",".join(b'"k%09d":[]' % i for i in range(count))
    return binary(b'{"type":"step","pad":"' + pad + b'","a":{' + items + b"}}")


def json_long_key(size: int) -> bytes:
    """The first frame as JSON text."""
    return long_key_many_elements(size)[8:].rstrip(b"\0")


FRAMES: dict[str, Callable[[int], bytes]] = {
    "long key, many elements": long_key_many_elements,
    "nested long keys": nested_long_keys,
    "bounded keys, many elements": bounded_keys_many_elements,
    "deep lists": deep_lists,
    "many refs": many_refs,
    "many keys": many_keys,
    "JSON text, long key": json_long_key,
}


def frames(megabytes: float) -> dict[str, bytes]:
    size = int(megabytes * (1 << 20))
    return {name: make(size) for name, make in FRAMES.items()}


def _rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def measure_one(name: str, megabytes: float) -> dict[str, float]:
    """In this process: decode the frame `name` once; CPU and memory."""
    import gc

    from nnvisu.core.limits import Limits
    from nnvisu.wire import codec, protocol
    from nnvisu.wire.errors import ProtocolError

    frame = frames(megabytes)[name]
    limits = Limits()
    gc.collect()
    before = _rss()
    t0 = time.process_time()
    try:
        codec.decode(frame, limits)
        outcome = "decoded"
    except ProtocolError as e:
        outcome = e.code
    decode_s = time.process_time() - t0
    t0 = time.process_time()
    reply = protocol.begin(frame, limits)
    begin_s = time.process_time() - t0
    gc.collect()
    mb = len(frame) / (1 << 20)
    return {
        "name": name,
        "mb": mb,
        "outcome": outcome,
        "reply": reply[:120].decode(errors="replace") if isinstance(reply, bytes) else "step",
        "decode_ms_per_mb": 1e3 * decode_s / mb,
        "begin_ms_per_mb": 1e3 * begin_s / mb,
        "rss_before_mb": before / 1e6,
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6,
        "rss_after_mb": _rss() / 1e6,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--megabytes", type=float, default=1.0)
    p.add_argument("--one", help=argparse.SUPPRESS)  # run in the child process
    args = p.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one, args.megabytes)))
        return
    print(f"{'frame':28} {'MB':>5} {'decode':>10} {'begin':>10}  RSS before/peak/after  outcome")
    for name in FRAMES:
        out = subprocess.run(
            [sys.executable, __file__, "--one", name, "--megabytes", str(args.megabytes)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        r = orjson.loads(out.strip().splitlines()[-1])
        print(
            f"{name:28} {r['mb']:5.2f} {r['decode_ms_per_mb']:7.0f} ms "
            f"{r['begin_ms_per_mb']:7.0f} ms"
            f"  {r['rss_before_mb']:5.0f}/{r['rss_peak_mb']:5.0f}/{r['rss_after_mb']:5.0f} MB"
            f"  {r['outcome']}"
        )
    print("(ms of CPU per MB of frame; target: at most 50 ms per MB)")


if __name__ == "__main__":
    main()
