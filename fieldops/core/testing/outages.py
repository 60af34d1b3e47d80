"""Database outages for tests: a TCP proxy between the site and PostgreSQL that a
test takes down, freezes and brings back (the shared server itself is never
touched), and the test's own connection pointed at it."""

from __future__ import annotations

import asyncio
import contextlib
import threading

from django.db import connection

from .smtp import WAIT_SECONDS


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `target`. `down()` closes the listening
    socket and every open connection (connections are refused, as by a stopped
    server), `freeze()` accepts connections and holds every byte (a server that
    stopped answering), `up()` forwards again on the same port."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = 0
        self.frozen = False
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    def start(self) -> TcpProxy:
        self._thread.start()
        self._call(self._listen())
        return self

    def _call(self, coroutine):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(timeout=WAIT_SECONDS)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._handle, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _handle(self, reader, writer) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                *self.target
            )
        except OSError:
            writer.close()
            return
        self._writers |= {writer, upstream_writer}
        await asyncio.gather(
            self._pipe(reader, upstream_writer),
            self._pipe(upstream_reader, writer),
            return_exceptions=True,
        )

    async def _pipe(self, reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                while self.frozen:
                    await asyncio.sleep(0.05)
                writer.write(data)
                await writer.drain()
        except OSError:
            pass  # the other side went away, or down() cut the connection
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def down(self) -> None:
        self.frozen = False
        self._call(self._close())

    def freeze(self) -> None:
        self.frozen = True

    def up(self) -> None:
        self.frozen = False
        if self._server is None:
            self._call(self._listen())

    def stop(self) -> None:
        self._call(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=WAIT_SECONDS)


@contextlib.contextmanager
def connection_through(proxy: TcpProxy, **options):
    """Point the test's own connection (the one the test client's requests use)
    at `proxy`, with `options` over its OPTIONS; restored afterwards."""
    saved = connection.settings_dict.copy()
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
    connection.settings_dict["OPTIONS"] = {**saved.get("OPTIONS", {}), **options}
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            connection.close()
        connection.connection = None
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@contextlib.contextmanager
def sqlite_file(name: str):
    """Point the test's own SQLite connection at the file `name` (a missing
    directory makes the database unavailable); the test database's connection
    is kept aside, open, and restored afterwards."""
    saved_name, kept = connection.settings_dict["NAME"], connection.connection
    connection.connection = None
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            connection.close()
        connection.settings_dict["NAME"] = saved_name
        connection.connection = kept
