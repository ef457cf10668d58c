"""A round trip on loopback: a TCP proxy that holds every chunk a fixed delay in each direction.

`DelayProxy(target_port, one_way_ms)` listens on a free loopback port and forwards to
`127.0.0.1:target_port`; a round trip through it takes `2 * one_way_ms` more. Each chunk is
held from when it was read, not after the one before it, so the delay adds latency without
capping throughput, as a long network path does. The page opened through the proxy's port is
same-origin with itself, so the server's Origin and Host checks pass unchanged. It runs its
own event loop on a thread (Playwright's sync API owns the main thread's loop); bench scripts
import it with `tests/` on `sys.path`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from types import TracebackType


class DelayProxy:
    def __init__(self, target_port: int, one_way_ms: float) -> None:
        self.target_port = target_port
        self.delay = one_way_ms / 1000
        self.port = 0
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> DelayProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()
        server.close()
        for task in asyncio.all_tasks(self.loop):
            task.cancel()
        self.loop.run_until_complete(asyncio.sleep(0))
        self.loop.close()

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(self._pipe(client_r, server_w), self._pipe(server_r, client_w))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # Chunks read now go out `delay` later, in order: a queue between reader and writer.
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def forward() -> None:
            while (item := await queue.get())[1]:
                await asyncio.sleep(max(0.0, item[0] - time.monotonic()))
                writer.write(item[1])
                await writer.drain()
            await asyncio.sleep(max(0.0, item[0] - time.monotonic()))
            writer.close()

        sender = asyncio.create_task(forward())
        try:
            while chunk := await reader.read(1 << 16):
                queue.put_nowait((time.monotonic() + self.delay, chunk))
        except OSError:
            pass
        queue.put_nowait((time.monotonic() + self.delay, b""))
        try:
            await sender
        except OSError:
            writer.close()
