"""The process that answers /sparql queries over a read-only view of the store.

Kept free of heavy imports: the pool starts it as `python -m api.sparql_worker FD PATH`,
so this module and pyoxigraph are all a worker loads. A worker serves one query at a time; the pool
kills it when a query runs past the time limit.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from api.sparql_dataset import dataset_kwargs

#: Result formats for SELECT/ASK: name -> (media type, pyoxigraph format).
SOLUTION_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
#: Result formats for CONSTRUCT/DESCRIBE: name -> (media type, pyoxigraph format).
GRAPH_FORMATS: dict[str, tuple[str, ox.RdfFormat]] = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "nq": ("application/n-quads", ox.RdfFormat.N_QUADS),
    "trig": ("application/trig", ox.RdfFormat.TRIG),
}
MAX_RESULT_BYTES = 256 * 1024 * 1024
#: Results up to this size travel back through the pipe; larger ones go to a spool file.
INLINE_BYTES = 256 * 1024


@dataclass(frozen=True)
class QueryRequest:
    """One query and how to answer it (`None` format: the client accepts no such form)."""

    query: str
    solutions_format: str | None = "json"
    graph_format: str | None = "turtle"
    prefixes: dict[str, str] = field(default_factory=dict)
    default_graphs: tuple[str, ...] = ()  # empty: the union of all graphs
    named_graphs: tuple[str, ...] = ()
    spool: str | None = None  # directory for large results (None: all in memory)
    base_iri: str | None = None  # for relative IRIs in the query: the endpoint's URL


@dataclass(frozen=True)
class QueryOutcome:
    """What a worker answers: `status` is ok, syntax, not_acceptable, too_large, error
    (evaluation) or store_error."""

    status: str
    kind: str = ""  # select, ask or graph
    format: str = ""
    body: bytes = b""
    message: str = ""
    path: str = ""  # a spool file holding the body instead (the receiver deletes it)


class _ResultTooLarge(Exception):
    pass


class _SpoolSink:
    """A binary sink that keeps up to `INLINE_BYTES` in memory, then writes to a file in
    `spool`, and refuses to grow past `limit` bytes (the file is removed then)."""

    def __init__(self, limit: int, spool: str | None) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.limit = limit
        self.spool = spool
        self.file: Any = None

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.discard()
            raise _ResultTooLarge
        if self.file is None and self.spool and self.size > INLINE_BYTES:
            self.file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finish()
                dir=self.spool, prefix="result-", delete=False)
            self.file.write(b"".join(self.parts))
            self.parts = []
        if self.file is not None:
            self.file.write(data)
        else:
            self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> tuple[bytes, str]:
        """(body, "") or (b"", spool file path)."""
        if self.file is None:
            return b"".join(self.parts), ""
        self.file.close()
        return b"", self.file.name

    def discard(self) -> None:
        if self.file is not None:
            self.file.close()
            os.unlink(self.file.name)
            self.file = None
        self.parts = []


def execute(store: ox.Store, request: QueryRequest, max_bytes: int = MAX_RESULT_BYTES
            ) -> QueryOutcome:
    """Run one query and serialise its results in the requested format."""
    kwargs: dict[str, Any] = {"prefixes": request.prefixes or None, **dataset_kwargs(
        request.query, request.default_graphs, request.named_graphs, request.base_iri)}
    try:
        result = store.query(request.query, **kwargs)
    except SyntaxError as e:
        return QueryOutcome("syntax", message=str(e))
    if isinstance(result, ox.QueryTriples):
        kind, name = "graph", request.graph_format
        fmt: Any = GRAPH_FORMATS[name][1] if name else None
    else:
        kind = "ask" if isinstance(result, ox.QueryBoolean) else "select"
        name = request.solutions_format
        fmt = SOLUTION_FORMATS[name][1] if name else None
    if fmt is None:
        return QueryOutcome("not_acceptable", kind=kind)
    sink = _SpoolSink(max_bytes, request.spool)
    try:
        result.serialize(sink, fmt)
    except _ResultTooLarge:
        return QueryOutcome("too_large", kind=kind,
                            message=f"the result is over {max_bytes // 2**20} MB; add a LIMIT")
    except BaseException:
        sink.discard()
        raise
    body, path = sink.finish()
    return QueryOutcome("ok", kind=kind, format=name or "", body=body, path=path)


_OPEN_ATTEMPTS = 5


def _stale_view(error: RuntimeError) -> bool:
    text = str(error)
    return "Corruption" in text or "IO error" in text or "No such file" in text


def worker_main(conn: Connection, path: str) -> None:  # pragma: no cover - runs in a child
    """Serve `(generation, QueryRequest)` messages until the pipe closes.

    The read-only view is reopened whenever the generation changes (after a write), so
    every query sees the store as the last write left it.
    """
    store: ox.Store | None = None
    generation = None
    conn.send("ready")
    while True:
        try:
            gen, request = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        outcome: QueryOutcome | None = None
        for attempt in range(1, _OPEN_ATTEMPTS + 1):
            try:
                if store is None or gen != generation:
                    store, generation = None, None
                    store, generation = ox.Store.read_only(path), gen
                outcome = execute(store, request)
                break
            except (OSError, RuntimeError) as e:
                if isinstance(e, RuntimeError) and not _stale_view(e):
                    outcome = QueryOutcome("error", message=f"{type(e).__name__}: {e}")
                    break
                # A write compacted away files this read-only view points at (RocksDB
                # reports "Corruption: IO error ... No such file"); a compaction running
                # while the view opens can do it again, so back off a little and reopen.
                store = None
                if attempt == _OPEN_ATTEMPTS:
                    outcome = QueryOutcome("store_error", message=f"store read failed: {e}")
                else:
                    time.sleep(0.01 * 2**attempt)
            except Exception as e:  # evaluation errors: report, keep serving
                outcome = QueryOutcome("error", message=f"{type(e).__name__}: {e}")
                break
        try:
            conn.send(outcome)
        except (OSError, ValueError):
            return


if __name__ == "__main__":  # pragma: no cover - `python -m api.sparql_worker FD PATH`
    import sys

    # Run the importable module's function, so pickled classes resolve in the parent.
    from api.sparql_worker import worker_main as serve

    serve(Connection(int(sys.argv[1])), sys.argv[2])
