"""Ingestion jobs: every document write runs as a job in a small thread pool.

A request either waits for its job (small documents: 201/200 as before) or gets 202 with
the job's URL at once (large documents, or `Prefer: respond-async`); either way the work no
longer belongs to the connection, so a client that goes away holds nothing. The number of
jobs queued or running is bounded (over it: 503 with Retry-After), and finished jobs are
kept for a while for `GET /jobs/{id}`.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from api.admission import Overloaded

KEEP_FINISHED = 1000  # finished jobs remembered
WORKERS = 2  # jobs extracting at once (their parse steps take turns)


@dataclass
class Job:
    id: str
    doc: str
    status: str = "queued"  # queued, running, done, failed
    created: float = field(default_factory=time.time)
    finished: float | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None  # {"status", "error", "detail"}
    future: Future[Any] | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "document": self.doc, "status": self.status,
                                "href": f"/jobs/{self.id}", "created": _iso(self.created),
                                "finished": _iso(self.finished) if self.finished else None}
        if self.result is not None:
            body["result"] = self.result
        if self.error is not None:
            body["error"] = self.error
        return body


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


class JobQueue:
    """At most `limit` jobs queued or running, run by `workers` threads."""

    def __init__(self, limit: int, workers: int = WORKERS,
                 describe_error: Callable[[BaseException], dict[str, Any]] | None = None
                 ) -> None:
        self.limit = limit
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._active = 0
        self._lock = threading.Lock()
        self._describe = describe_error or (lambda e: {"status": 500, "error": "internal",
                                                       "detail": str(e)})

    def submit(self, doc: str, work: Callable[[], dict[str, Any]]) -> Job:
        """Queue `work` (returns the result body); Overloaded when the queue is full."""
        with self._lock:
            if self._active >= self.limit:
                raise Overloaded("ingestion jobs", retry_after=5)
            self._active += 1
            job = Job(secrets.token_urlsafe(12), doc)
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_FINISHED + self.limit:
                oldest = next(iter(self._jobs.values()))
                if oldest.finished is None:
                    break
                self._jobs.popitem(last=False)
        try:
            job.future = self._pool.submit(self._run, job, work)
        except RuntimeError:  # shutting down
            self._finish(job, error=RuntimeError("the server is shutting down"))
            raise Overloaded("ingestion jobs", retry_after=5) from None
        return job

    def _run(self, job: Job, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        job.status = "running"
        try:
            result = work()
        except BaseException as e:
            self._finish(job, error=e)
            raise
        self._finish(job, result=result)
        return result

    def _finish(self, job: Job, result: dict[str, Any] | None = None,
                error: BaseException | None = None) -> None:
        with self._lock:
            job.result = result
            job.error = self._describe(error) if error is not None else None
            job.status = "failed" if error is not None else "done"
            job.finished = time.time()
            self._active -= 1

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def close(self) -> None:
        """Drop queued jobs; running ones stop at their next budget check."""
        self._pool.shutdown(wait=False, cancel_futures=True)
