"""`GET /export`: the whole graph, or one document's graph, as RDF, streamed.

A few exports run at once (KG_API_EXPORTS; more wait briefly, then 503 with Retry-After),
each holding one chunk in flight and dropped when its client stops reading.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from api.admission import Overloaded
from api.deps import StateDep
from api.errors import APIError
from api.negotiation import negotiate
from api.routes.common import errors
from api.streaming import BoundedStream, thread_chunks
from kg.store import KGStore

router = APIRouter(tags=["export"])
log = logging.getLogger("kg.api")

#: format name -> (media type, file extension); the first is the default.
EXPORTS: dict[str, tuple[str, str]] = {
    "turtle": ("text/turtle", "ttl"),
    "trig": ("application/trig", "trig"),
    "nt": ("application/n-triples", "nt"),
    "nq": ("application/n-quads", "nq"),
    "jsonld": ("application/ld+json", "jsonld"),
    "xml": ("application/rdf+xml", "rdf"),
}
_OFFERS = [media for media, _ in EXPORTS.values()] + [
    "application/json=application/ld+json", "application/xml=application/rdf+xml",
    "text/plain=application/n-triples"]
_BY_MEDIA = {media: name for name, (media, _) in EXPORTS.items()}
CHUNK = 64 * 1024


class _QueueWriter:
    """A binary sink handing chunks to a consumer thread through a bounded queue."""

    def __init__(self, out: queue.Queue[bytes | BaseException | None],
                 cancelled: threading.Event) -> None:
        self.out = out
        self.cancelled = cancelled
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self._put(bytes(self.buffer))
            self.buffer.clear()

    def _put(self, item: bytes | BaseException | None) -> None:
        while not self.cancelled.is_set():
            try:
                self.out.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise ConnectionAbortedError("export cancelled: the client went away")


def stream_export(store: KGStore, fmt: str, doc_id: str | None) -> Iterator[bytes]:
    """Serialise in a thread, yielding chunks as they are written."""
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=16)
    cancelled = threading.Event()
    writer = _QueueWriter(chunks, cancelled)

    def produce() -> None:
        try:
            store.export(fmt, writer, doc_id=doc_id)  # type: ignore[arg-type]
            writer.flush()
            writer._put(None)
        except ConnectionAbortedError:
            pass
        except Exception as e:  # reported to the consumer, which ends the stream
            log.error("export failed", exc_info=e)
            with contextlib.suppress(ConnectionAbortedError):
                writer._put(e)

    threading.Thread(target=produce, name="kg-export", daemon=True).start()
    try:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                return  # headers are sent: the truncated body is all we can signal
            yield item
    finally:
        cancelled.set()


async def process_export(path: str, fmt: str, doc_id: str | None) -> AsyncIterator[bytes]:
    """Chunks of `python -m api.export_worker`, read on the event loop (no thread per
    chunk); the process is killed when the stream ends early."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "api.export_worker", path, fmt, doc_id or "",
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    try:
        while chunk := await process.stdout.read(CHUNK):
            yield chunk
        if await process.wait() != 0:  # headers are sent: a truncated body is all we can do
            log.error("export failed: %s", (await process.stderr.read(2000)).decode(
                errors="replace"))
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={200: {"description": "The graph as RDF",
                     "content": {media: {} for media, _ in EXPORTS.values()}},
               **errors(404, 406, 503)},
)
async def export(
    state: StateDep,
    format: Annotated[Literal["turtle", "trig", "nt", "nq", "jsonld", "xml"] | None,
                      Query(description="Format; without it, chosen by the Accept header "
                                        "(default Turtle).")] = None,
    doc: Annotated[str | None, Query(max_length=256,
                                     description="Export only this document's graph.")] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> StreamingResponse:
    """Triple formats hold the union of all graphs; TriG and N-Quads keep one named graph
    per document."""
    if format is None:
        media = negotiate(accept, _OFFERS)
        if media is None:
            raise APIError(406, "not_acceptable",
                           "no export format matches the Accept header; offered: "
                           + ", ".join(m for m, _ in EXPORTS.values()))
        format = _BY_MEDIA[media]
    store = state.store
    if doc is not None and not await run_in_threadpool(store.has_document, doc):
        raise APIError(404, "document_not_found", f"no document {doc!r} in the store")
    media, ext = EXPORTS[format]
    name = "kg" if doc is None else "".join(
        c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in doc)[:100]
    gate = state.export_gate
    try:
        await gate.acquire()
    except Overloaded as e:
        raise APIError(503, "busy", str(e), {"Retry-After": str(e.retry_after)}) from None
    directory = state.store_directory
    chunks = (process_export(directory, format, doc) if directory
              else thread_chunks(stream_export(store, format, doc), gate.in_thread))
    return BoundedStream(
        chunks,
        write_timeout=state.settings.write_timeout, on_close=gate.release,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{ext}"'},
    )
