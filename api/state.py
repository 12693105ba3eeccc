"""What the running service holds: the open store, the query runner, locks and caches."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from api.config import Settings
from api.limits import RateLimiter
from api.query_runner import QueryRunner, make_runner
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
        self.write_lock = threading.Lock()  # one writer (extraction + store write) at a time
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
    def nlp_backend_loaded(self) -> bool:
        return self._backend is not None

    def close(self) -> None:
        self.runner.close()
        self.store.close()
