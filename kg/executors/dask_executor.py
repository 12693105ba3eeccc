"""`--executor dask://HOST:PORT` / `dask-local`: extraction on Dask distributed.

Partitions of documents go to Dask workers as tasks (`extract_chunk`), each returning the
partition's mapped document graphs; this process writes them, partition by partition in
input order. A worker that dies mid-partition is Dask's business: the scheduler reruns its
tasks on another worker (up to `distributed.scheduler.allowed-failures` times). Only a
partition that keeps failing stops the build; the writer has then written whole documents
only, and a re-run skips what is stored.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime
from typing import Any

from kg.executors.executors import BuildError, chunked
from kg.executors.work import ChunkResult, extract_chunk
from kg.model import Article
from kg.store.errors import StoreError

PARTITION = 16  # documents per Dask task
LOCAL = "dask-local"
SCHEME = "dask://"


def parse_executor(spec: str) -> str | None:
    """`dask://HOST:PORT` → `tcp://HOST:PORT`; `dask-local` → None (start a LocalCluster)."""
    if spec == LOCAL:
        return None
    if spec.startswith(SCHEME):
        address = spec.removeprefix(SCHEME).strip("/")
        host, _, port = address.rpartition(":")
        if host and port.isdigit():
            return f"tcp://{address}"
    raise ValueError(f"unknown executor {spec!r}; use dask://HOST:PORT or dask-local")


class DaskExecutor:
    """Runs the extraction as Dask tasks on a cluster (or on a given `Client`)."""

    def __init__(self, backend: str, ingested_at: datetime, *, address: str | None = None,
                 workers: int = 2, client: Any = None, partition: int = PARTITION) -> None:
        self.backend, self.ingested_at, self.partition = backend, ingested_at, partition
        self.address, self.workers, self.client = address, workers, client

    def describe(self) -> str:
        where = self.address or "a local Dask cluster"
        return f"{self.workers} Dask workers on {where}"

    def _connect(self, stack: ExitStack) -> Any:
        import dask
        from distributed import Client, LocalCluster

        if self.client is not None:
            self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
            return self.client
        try:
            if self.address is None:
                # No statistical profiler in the workers: sampling deep parser stacks every
                # 10 ms costs CPU the extraction needs (Nannies copy this config to them).
                with dask.config.set({"distributed.worker.profile.enabled": False}):
                    cluster = stack.enter_context(LocalCluster(
                        n_workers=self.workers, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address="127.0.0.1:0",
                        silence_logs=logging.ERROR))
                return stack.enter_context(Client(cluster))
            client = stack.enter_context(Client(self.address, timeout="10s"))
        except (OSError, TimeoutError) as exc:
            raise BuildError(f"cannot reach the Dask scheduler at {self.address}: {exc}") from None
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))
        return client

    def run(self, articles: Iterable[Article]) -> Iterator[ChunkResult]:
        with ExitStack() as stack:
            client = self._connect(stack)
            run_id = uuid.uuid4().hex[:12]
            window: deque[Any] = deque()
            try:
                for i, part in enumerate(chunked(articles, self.partition)):
                    window.append(client.submit(
                        extract_chunk, part, self.backend, self.ingested_at,
                        key=f"kg-extract-{run_id}-{i}", pure=False, retries=1))
                    if len(window) > 2 * self.workers:
                        yield _dask_result(window.popleft())
                while window:
                    yield _dask_result(window.popleft())
            finally:
                for future in window:
                    future.cancel()


def _dask_result(future: Any) -> ChunkResult:
    from distributed.scheduler import KilledWorker

    try:
        result = future.result()
    except KilledWorker as exc:
        raise BuildError(
            f"a partition killed Dask workers repeatedly ({exc}); the documents written so "
            "far are whole: fix the cause and run the same command again to continue"
        ) from None
    except StoreError:
        raise
    except Exception as exc:  # raised on a remote worker: say what and where, no traceback
        raise BuildError(f"a partition failed on a Dask worker: {type(exc).__name__}: "
                         f"{exc}; the documents written so far are whole") from None
    finally:
        future.release()
    return result
