"""What the running service holds: the open store, the query runner, locks and caches."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from api.admission import Gate
from api.config import Settings
from api.jobs import JobQueue
from api.limits import RateLimiter
from api.query_runner import ProcessQueryRunner, QueryRunner, make_runner
from kg.bounded import TurnLock
from kg.store import KGStore, open_store

log = logging.getLogger("kg.api")
T = TypeVar("T")


class AppState:
    """One per app: the store, the /sparql runner, the writer lock and per-version caches.

    `generation` counts writes made through this service; caches are keyed by it, so a
    write makes every later read see the new graph.
    """

    def __init__(self, settings: Settings, store: KGStore | None = None) -> None:
        self.settings = settings
        self.store = store if store is not None else open_store(settings.store)
        self.runner: QueryRunner = make_runner(self.store, settings.store,
                                               settings.query_workers, settings.query_timeout)
        self.rate_limiter = RateLimiter(*settings.write_rate)
        self.auth_failures = RateLimiter(*settings.auth_rate)
        self.write_lock = threading.Lock()  # one store write at a time
        self.parse_lock = TurnLock()  # one NLP parse step at a time, in arrival order
        self.stopping = threading.Event()  # set on shutdown: running extractions give up
        # /sparql: one slot per worker and a bounded queue; /export: a few streams at once.
        self.query_gate = Gate("SPARQL queries", settings.query_workers,
                               settings.queue_depth, settings.query_timeout)
        self.export_gate = Gate("exports", settings.export_slots, settings.export_slots,
                                settings.query_timeout)
        self.jobs = JobQueue(settings.jobs, describe_error=_job_error)
        self.stats: Any = None  # the last store counts /health reports (see `refresh_stats`)
        self.generation = 0
        self._cache: dict[str, tuple[int, Any]] = {}
        self._cache_lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._backend: Any = None
        self._backend_lock = threading.Lock()
        self._name_lock = threading.Lock()
        self._backend_name: str | None = None

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """`build()` once per store generation (concurrent callers wait for one build)."""
        hit = self._cache.get(key)
        if hit is not None and hit[0] == self.generation:
            return hit[1]
        with self._cache_lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            hit = self._cache.get(key)
            generation = self.generation
            if hit is not None and hit[0] == generation:
                return hit[1]
            value = build()
            with self._cache_lock:
                self._cache[key] = (generation, value)
            return value

    def cached_response(self, kind: str, key: str, build: Callable[[], T],
                        size: int | None = None) -> T:
        """`cached` for request-dependent results: the last `size` (default
        `settings.cache_size`; 0 disables) distinct requests of one kind are kept."""
        size = self.settings.cache_size if size is None else size
        if size <= 0:
            return build()
        value = self.cached(f"{kind}:{key}", build)
        if len(self._cache) > size:
            self.trim_cache(f"{kind}:", size)
        return value

    def trim_cache(self, prefix: str, keep: int) -> None:
        """Forget stale entries under `prefix`, and the oldest beyond `keep`."""
        with self._cache_lock:
            keys = [k for k in self._cache if k.startswith(prefix)]
            stale = [k for k in keys if self._cache[k][0] != self.generation]
            for k in stale + [k for k in keys if k not in stale][:-keep]:
                self._cache.pop(k, None)
                self._key_locks.pop(k, None)

    def changed(self) -> None:
        """Record a write: bump the generation and tell the query workers."""
        self.generation += 1
        self.runner.invalidate()

    @property
    def store_directory(self) -> str | None:
        """The store's directory when it has one (the process runner reads it)."""
        return self.runner.path if isinstance(self.runner, ProcessQueryRunner) else None

    def refresh_stats(self) -> Any:
        """Count the store again (at start, after a write): /health reports the last
        counts without querying the store itself; None while the store is unreachable."""
        from kg.store import StoreError

        try:
            self.stats = self.store.stats()
        except StoreError as e:
            log.warning("health: store unreachable: %s", e)
            self.stats = None
        return self.stats

    def nlp_backend(self) -> Any:
        """The NLP backend, loaded on first use (thread-safe)."""
        with self._backend_lock:
            if self._backend is None:
                from kg.nlp import load_backend

                self._backend = load_backend(self.settings.nlp_backend, announce=False)
                log.info("NLP backend %s %s loaded", self._backend.name,
                         self._backend.version)
            return self._backend

    def nlp_backend_name(self) -> str:
        """The concrete backend writes use (`auto` resolved once; that may import Stanza)."""
        with self._name_lock:
            if self._backend_name is None:
                from kg.nlp import resolve_name

                try:
                    self._backend_name = resolve_name(self.settings.nlp_backend)
                except Exception:  # an unknown name: writes will report it
                    self._backend_name = self.settings.nlp_backend
            return self._backend_name

    @property
    def nlp_backend_label(self) -> str:
        """The backend's name without waiting: resolved if known, else as configured."""
        return self._backend_name or self.settings.nlp_backend

    @property
    def nlp_backend_loaded(self) -> bool:
        return self._backend is not None

    def close(self, wait: float = 3.0) -> None:
        """Stop: running extractions give up, a store write in progress may finish."""
        self.stopping.set()
        self.jobs.close()
        held = self.write_lock.acquire(timeout=wait)
        try:
            self.runner.close()
            self.store.close()
        finally:
            if held:
                self.write_lock.release()


def _job_error(error: BaseException) -> dict[str, Any]:
    """A failed job's error in the API's error shape, with its HTTP status."""
    from api.errors import APIError

    if isinstance(error, APIError):
        return {"status": error.status, "error": error.error, "detail": error.detail}
    log.error("ingestion job failed", exc_info=error)
    return {"status": 500, "error": "internal_error", "detail": "the write failed"}
