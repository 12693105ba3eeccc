"""Streamed responses with bounded memory: one chunk in flight, and a write timeout.

uvicorn waits for the socket to drain before each send, so a response sent in chunks holds
at most about one chunk plus the transport's high-water mark per connection. A client that
stops reading would still hold its stream (and whatever feeds it) forever: each send here
must finish within `write_timeout` seconds, else the connection is dropped.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, BinaryIO

import anyio
import anyio.to_thread
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

log = logging.getLogger("kg.api")
CHUNK = 64 * 1024
#: Key in the ASGI scope's state under which the server puts the connection's abort().
ABORT_KEY = "kg_abort_connection"


class BoundedStream(StreamingResponse):
    """A StreamingResponse whose every send must complete within `write_timeout` s."""

    def __init__(self, content: AsyncIterator[bytes], *, write_timeout: float,
                 on_close: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self.write_timeout = write_timeout
        self.on_close = on_close
        self._abort: Callable[[], None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._abort = (scope.get("state") or {}).get(ABORT_KEY)
        try:
            await super().__call__(scope, receive, send)
        finally:
            # Close the source now (a dropped client's file, export process), not at GC.
            aclose = getattr(self.body_iterator, "aclose", None)
            if aclose is not None:
                with anyio.CancelScope(shield=True):
                    await aclose()
            if self.on_close is not None:
                self.on_close()

    async def stream_response(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code,
                    "headers": self.raw_headers})
        async for chunk in self.body_iterator:
            data = chunk if isinstance(chunk, bytes | memoryview) else chunk.encode()
            try:
                with anyio.fail_after(self.write_timeout):
                    await send({"type": "http.response.body", "body": data,
                                "more_body": True})
            except TimeoutError:
                log.warning("dropped a client that read nothing for %g s", self.write_timeout)
                if self._abort is not None:  # close now, without flushing what is queued
                    self._abort()
                return
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def file_chunks(file: BinaryIO, run: Callable[..., Any]) -> AsyncIterator[bytes]:
    """Chunks of an open file, each read in a thread through `run` (closed at the end)."""
    try:
        while chunk := await run(file.read, CHUNK):
            yield chunk
    finally:
        file.close()


async def thread_chunks(chunks: Iterator[bytes], run: Callable[..., Any]
                        ) -> AsyncIterator[bytes]:
    """Chunks of a blocking iterator, each taken in a thread through `run`."""
    done = object()
    try:
        while (chunk := await run(next, chunks, done)) is not done:
            yield chunk
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def open_spooled(path: str) -> BinaryIO:
    """Open a spooled result and unlink it at once: the file lives as long as the stream."""
    file = open(path, "rb")  # noqa: SIM115 - closed by file_chunks
    os.unlink(path)
    return file


def spooled_response(path: str, media_type: str, write_timeout: float) -> BoundedStream:
    """Stream a spool file written by a query worker (deleted once opened)."""
    return BoundedStream(file_chunks(open_spooled(path), anyio.to_thread.run_sync),
                         write_timeout=write_timeout, media_type=media_type)
