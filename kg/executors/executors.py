"""Where extraction runs: in this process, in a pool of local processes, or on Dask.

Every executor takes articles (lazily) and yields `ChunkResult`s in input order, keeping
only a bounded number of chunks in flight, so memory does not grow with the input and
the one writer can write documents in the order they were read.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from itertools import islice
from typing import Protocol

from kg.executors.work import ChunkResult, exit_with_parent, extract_chunk
from kg.model import Article

CHUNK = 8  # documents per task for local processes: small, so the order stays fluid


class BuildError(RuntimeError):
    """The build could not go on (a worker died, the cluster is unreachable...)."""


class Executor(Protocol):
    workers: int

    def run(self, articles: Iterable[Article]) -> Iterator[ChunkResult]: ...

    def describe(self) -> str: ...


def chunked(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class InlineExecutor:
    """Everything in this process (`--jobs 1`): the model is loaded here."""

    workers = 1

    def __init__(self, backend: str, ingested_at: datetime, chunk: int = CHUNK) -> None:
        self.backend, self.ingested_at, self.chunk = backend, ingested_at, chunk

    def run(self, articles: Iterable[Article]) -> Iterator[ChunkResult]:
        for chunk in chunked(articles, self.chunk):
            yield extract_chunk(chunk, self.backend, self.ingested_at)

    def describe(self) -> str:
        return "1 process"


class ProcessExecutor:
    """`--jobs N`: N worker processes (spawned, so each loads its own model once)."""

    def __init__(self, jobs: int, backend: str, ingested_at: datetime,
                 chunk: int = CHUNK) -> None:
        self.workers, self.backend, self.ingested_at, self.chunk = (
            jobs, backend, ingested_at, chunk)

    def run(self, articles: Iterable[Article]) -> Iterator[ChunkResult]:
        # spawn, not fork: the writer's process holds RocksDB threads and open files.
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                   initializer=exit_with_parent)
        window: deque[Future[ChunkResult]] = deque()
        try:
            for chunk in chunked(articles, self.chunk):
                window.append(pool.submit(extract_chunk, chunk, self.backend, self.ingested_at))
                if len(window) >= 2 * self.workers:
                    yield _local_result(window.popleft())
            while window:
                yield _local_result(window.popleft())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def describe(self) -> str:
        return f"{self.workers} worker processes"


def _local_result(future: Future[ChunkResult]) -> ChunkResult:
    try:
        return future.result()
    except BrokenProcessPool:
        raise BuildError(
            "a worker process died (killed, or out of memory); the documents written so far "
            "are whole: run the same command with --since-last to continue"
        ) from None
