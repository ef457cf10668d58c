"""A TCP proxy on loopback that holds every chunk for a fixed delay in each direction: a round
trip of `2 * delay_s` over a real network, simulated without touching the machine's network.

Chunks keep their order and are not throttled: only latency is added, as a long link has.
A page opened through the proxy's port is same-origin with itself, so the server's Origin and
Host checks pass unchanged.

    async with DelayProxy(server_port, 0.025) as proxy:   # on a running event loop
        ... connect to proxy.port ...

    with delay_proxy_thread(server_port, 0.025) as port:  # from synchronous code
        ...

Tests import it directly; bench scripts put tests/ on sys.path (as bench/page.py does).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from types import TracebackType

HOST = "127.0.0.1"
_CHUNK = 1 << 16


class DelayProxy:
    """Listens on `HOST` (a free port unless `port` is given) and forwards each connection to
    `HOST:target_port`, every chunk `delay_s` later in both directions."""

    def __init__(self, target_port: int, delay_s: float, port: int = 0) -> None:
        self.target_port = target_port
        self.delay_s = delay_s
        self.port = port
        self.connections = 0  # accepted so far
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._serve, HOST, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def __aenter__(self) -> DelayProxy:
        await self.start()
        return self

    async def __aexit__(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        try:
            server_r, server_w = await asyncio.open_connection(HOST, self.target_port)
        except OSError:
            client_w.close()
            self._tasks.discard(task)
            return
        try:
            await asyncio.gather(self._pipe(client_r, server_w), self._pipe(server_r, client_w))
        except asyncio.CancelledError:
            pass  # the proxy closes; a cancelled connection task would be reported by asyncio
        finally:
            for w in (client_w, server_w):
                w.close()
            self._tasks.discard(task)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Forward `reader` to `writer`, each chunk once `delay_s` has passed since it came."""
        loop = asyncio.get_running_loop()
        held: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, chunk = await held.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not chunk:  # the sender closed: so does the proxy, as late
                    with contextlib.suppress(OSError):
                        writer.write_eof()
                    return
                writer.write(chunk)
                await writer.drain()

        delivering = asyncio.ensure_future(deliver())
        try:
            while True:
                try:
                    chunk = await reader.read(_CHUNK)
                except OSError:
                    chunk = b""
                held.put_nowait((loop.time() + self.delay_s, chunk))
                if not chunk:
                    break
            await delivering
        except (OSError, ConnectionError):
            pass
        finally:
            delivering.cancel()
            with contextlib.suppress(asyncio.CancelledError, OSError, ConnectionError):
                await delivering


@contextlib.contextmanager
def delay_proxy_thread(target_port: int, delay_s: float) -> Iterator[int]:
    """A `DelayProxy` on an event loop of its own thread; yields its port."""
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    proxy = DelayProxy(target_port, delay_s)

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(proxy.start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(proxy.close())
        loop.close()

    thread = threading.Thread(target=run, name="delay-proxy", daemon=True)
    thread.start()
    ready.wait()
    try:
        yield proxy.port
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
