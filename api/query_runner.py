"""Running /sparql queries where they can be stopped.

`ProcessQueryRunner` keeps a few worker processes, each with a read-only view of the
store directory; a query that runs past the time limit gets its worker killed (and
replaced) and the caller a `QueryTimeout`; a large result comes back as a spool file,
so a worker is free as soon as it has written it. `InlineQueryRunner` serves stores that
have no directory (in memory, remote) through `KGStore.query`, without a hard time limit.
A `ReadWriteLock` lets a write wait briefly for running queries; reads never wait for it.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

from rdflib import Variable
from rdflib.query import Result

from api.sparql_dataset import graph_body
from api.sparql_worker import QueryOutcome, QueryRequest
from kg.store import KGStore, QueryError, QueryResult

log = logging.getLogger("kg.api")
BOOT_TIMEOUT = 60.0  # seconds a fresh worker may take to start
WRITE_GRACE = 1.0  # seconds a write waits for running queries before it goes ahead


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class QueryBusy(Exception):
    """Every worker stayed busy for the whole time limit."""


class QueryFailed(Exception):
    """The worker died or could not be reached."""


class QueryRunner(Protocol):
    timeout: float
    lock: ReadWriteLock  # writes take it exclusively

    def run(self, request: QueryRequest, wait: bool = True) -> QueryOutcome: ...

    def invalidate(self) -> None:
        """The store changed: later queries must see the change."""

    def close(self) -> None: ...


class ReadWriteLock:
    """Reads never wait; a write waits up to `grace` seconds for the reads in flight.

    Oxigraph's readers see a snapshot, and a worker whose view a write has compacted away
    reopens it (see `api.sparql_worker`), so a write does not need to exclude reads: the
    short wait only spares a running query that retry. A waiting writer holds off nobody.
    """

    def __init__(self, grace: float = WRITE_GRACE) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self.grace = grace

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._readers, timeout=self.grace)
        yield


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    ready: bool = False


class ProcessQueryRunner:
    """A pool of `size` worker processes over `Store.read_only(path)`."""

    def __init__(self, path: str | Path, size: int, timeout: float) -> None:
        self.path = str(path)
        self.size = size
        self.timeout = timeout
        self.lock = ReadWriteLock()
        self.spool = tempfile.mkdtemp(prefix="kg-sparql-")  # large results, one file each
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._generation = 0
        self._closed = False
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        """Start `python -m api.sparql_worker` on one end of a socket pair (a fresh
        interpreter: nothing of this process, its threads or its open store is inherited)."""
        parent, child = socket.socketpair()
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "api.sparql_worker", str(child.fileno()), self.path],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, close_fds=True,
            )
        finally:
            child.close()
        worker = _Worker(process, Connection(parent.detach()))
        self._all.add(worker)
        return worker

    def _spool_of(self, worker: _Worker) -> str:
        """The worker's own spool directory: what a killed worker leaves there is removed."""
        path = os.path.join(self.spool, str(worker.process.pid))
        os.makedirs(path, exist_ok=True)
        return path

    def _claim(self, outcome: QueryOutcome) -> QueryOutcome:
        """Move a spooled result out of its worker's directory, so it is the caller's."""
        if not outcome.path:
            return outcome
        claimed = os.path.join(self.spool, os.path.basename(outcome.path))
        os.replace(outcome.path, claimed)
        return dataclasses.replace(outcome, path=claimed)

    def _kill(self, worker: _Worker) -> None:
        self._all.discard(worker)
        shutil.rmtree(os.path.join(self.spool, str(worker.process.pid)), ignore_errors=True)
        worker.process.kill()
        worker.process.wait(timeout=5)
        worker.conn.close()

    def invalidate(self) -> None:
        self._generation += 1

    def run(self, request: QueryRequest, wait: bool = True) -> QueryOutcome:
        """Answer `request`, or raise QueryTimeout / QueryBusy / QueryFailed. Without
        `wait`, QueryBusy comes at once when no worker is idle."""
        with self.lock.shared():
            try:
                worker = self._idle.get(timeout=self.timeout) if wait else self._idle.get_nowait()
            except queue.Empty:
                raise QueryBusy from None
            healthy = False
            try:
                if not worker.ready:
                    if not worker.conn.poll(BOOT_TIMEOUT):
                        raise QueryFailed("a query worker did not start")
                    worker.conn.recv()  # "ready"
                    worker.ready = True
                started = time.monotonic()
                worker.conn.send((self._generation,
                                  dataclasses.replace(request, spool=self._spool_of(worker))))
                if not worker.conn.poll(self.timeout):
                    log.warning("SPARQL query stopped after %.1f s", time.monotonic() - started)
                    raise QueryTimeout
                outcome: QueryOutcome = worker.conn.recv()
                healthy = True
                return self._claim(outcome)
            except (QueryTimeout, QueryFailed):
                raise
            except Exception as e:  # EOF, broken pipe, unpicklable answer: a lost worker
                log.error("SPARQL worker failed: %r", e)
                raise QueryFailed("the query worker failed; retry the query") from None
            finally:
                if healthy:
                    self._idle.put(worker)
                else:
                    self._kill(worker)
                    if not self._closed:
                        self._idle.put(self._spawn())

    def close(self) -> None:
        """Stop idle workers gently and busy ones at once; remove the spool."""
        self._closed = True
        idle = []
        while True:
            try:
                idle.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in idle:
            worker.conn.close()
            try:
                worker.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._kill(worker)
            self._all.discard(worker)
        for worker in list(self._all):  # mid-query: its caller gets QueryFailed
            worker.process.kill()
        shutil.rmtree(self.spool, ignore_errors=True)


class InlineQueryRunner:
    """Queries through `KGStore.query` in the calling thread (no hard time limit)."""

    def __init__(self, store: KGStore, timeout: float) -> None:
        self.store = store
        self.timeout = timeout
        self.lock = ReadWriteLock()

    def invalidate(self) -> None:
        pass

    def close(self) -> None:
        pass

    def run(self, request: QueryRequest, wait: bool = True) -> QueryOutcome:
        try:
            result = self.store.query(request.query, default_graphs=request.default_graphs,
                                      named_graphs=request.named_graphs,
                                      base_iri=request.base_iri)
        except (QueryError, ValueError) as e:
            return QueryOutcome("syntax", message=str(e))
        if result.kind == "graph":
            fmt = request.graph_format
            if fmt is None:
                return QueryOutcome("not_acceptable", kind="graph")
            return QueryOutcome("ok", kind="graph", format=fmt, body=graph_body(result, fmt))
        fmt = request.solutions_format
        if fmt is None:
            return QueryOutcome("not_acceptable", kind=result.kind)
        if fmt == "tsv":  # rdflib has no TSV results serializer
            return QueryOutcome("ok", kind=result.kind, format=fmt, body=_tsv(result))
        if fmt == "csv" and result.kind == "ask":  # nor a CSV one for booleans
            return QueryOutcome("ok", kind="ask", format=fmt,
                                body=str(bool(result.boolean)).lower().encode())
        out = Result("ASK" if result.kind == "ask" else "SELECT")
        if result.kind == "ask":
            out.askAnswer = bool(result.boolean)
        else:
            names = [Variable(v) for v in result.variables]
            out.vars = names
            out.bindings = [{n: t for n, t in zip(names, row, strict=True) if t is not None}
                            for row in result.rows]
        body = out.serialize(format=fmt, encoding="utf-8") or b""
        return QueryOutcome("ok", kind=result.kind, format=fmt, body=body)


def _tsv(result: QueryResult) -> bytes:
    """SPARQL 1.1 TSV results: terms in N-Triples syntax, unbound values empty."""
    if result.kind == "ask":
        return str(bool(result.boolean)).lower().encode()
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def make_runner(store: KGStore, spec: str, workers: int, timeout: float) -> QueryRunner:
    """A process pool for a store directory, else the inline runner."""
    path = Path(spec)
    if spec != ":memory:" and "://" not in spec and (path / "CURRENT").is_file():
        return ProcessQueryRunner(path, workers, timeout)
    return InlineQueryRunner(store, timeout)
