"""Service settings, read once from the environment (`Settings.from_env`)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from typing import TypeVar

from kg.store import default_spec

ENV_TOKEN = "KG_API_TOKEN"
ENV_QUERY_TIMEOUT = "KG_QUERY_TIMEOUT"
ENV_QUERY_WORKERS = "KG_QUERY_WORKERS"
ENV_MAX_BODY = "KG_API_MAX_BODY"
ENV_MAX_TEXT = "KG_API_MAX_TEXT"
ENV_WRITE_RATE = "KG_API_WRITE_RATE"
ENV_NLP_BACKEND = "KG_NLP_BACKEND"
ENV_CACHE = "KG_API_CACHE"
ENV_QUERY_QUEUE = "KG_QUERY_QUEUE"
ENV_EXPORTS = "KG_API_EXPORTS"
ENV_WRITE_TIMEOUT = "KG_API_WRITE_TIMEOUT"
ENV_DOC_SECONDS = "KG_API_DOC_SECONDS"
ENV_SYNC_TEXT = "KG_API_SYNC_TEXT"
ENV_JOBS = "KG_API_JOBS"
ENV_AUTH_RATE = "KG_API_AUTH_RATE"
ENV_MAX_CONNECTIONS = "KG_API_MAX_CONNECTIONS"
ENV_MAX_HEADER = "KG_API_MAX_HEADER"
ENV_KEEPALIVE = "KG_API_KEEPALIVE"
ENV_READ_TIMEOUT = "KG_API_READ_TIMEOUT"
ENV_SHUTDOWN_TIMEOUT = "KG_API_SHUTDOWN_TIMEOUT"

N = TypeVar("N", int, float)

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(s|sec|second|m|min|minute|h|hour)\s*$", re.I)
_PERIODS = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0,
            "h": 3600.0, "hour": 3600.0}


@dataclass(frozen=True)
class Settings:
    """Everything the service can be configured with; defaults are safe for a laptop."""

    store: str = "data/kg"
    token: str | None = None  # writes are disabled without one
    query_timeout: float = 10.0  # seconds per /sparql query
    query_workers: int = 2  # worker processes answering /sparql
    max_body: int = 5 * 1024 * 1024  # bytes per request body
    max_text: int = 1_000_000  # characters per document text
    write_rate: tuple[int, float] = (30, 60.0)  # writes per period (seconds) per client
    nlp_backend: str = "auto"
    cache_size: int = 256  # cached responses per kind (relations, metrics); 0: none
    query_queue: int = 0  # /sparql requests waiting for a worker; 0: 2 per worker
    export_slots: int = 2  # concurrent /export streams (more wait briefly, then 503)
    write_timeout: float = 30.0  # seconds one streamed chunk may wait for a slow client
    doc_seconds: float = 30.0  # extraction time budget per document
    sync_text: int = 100_000  # longer documents are ingested as asynchronous jobs
    jobs: int = 16  # ingestion jobs queued or running; more → 503
    auth_rate: tuple[int, float] = (10, 60.0)  # failed token checks per period per client
    max_connections: int = 200  # open connections + tasks; more → 503 (uvicorn)
    max_header: int = 16 * 1024  # bytes of request line + headers (h11)
    keepalive: float = 5.0  # seconds an idle keep-alive connection stays open
    read_timeout: float = 10.0  # seconds to receive a request's head (its body: 6 times it)
    shutdown_timeout: float = 5.0  # seconds SIGTERM waits for requests before cancelling

    @property
    def body_timeout(self) -> float:
        """Seconds a request body may take to arrive (a 5 MB body at about 100 KB/s)."""
        return 6 * self.read_timeout

    @property
    def queue_depth(self) -> int:
        return self.query_queue or 2 * self.query_workers

    @property
    def writes_enabled(self) -> bool:
        return bool(self.token)

    @classmethod
    def from_env(cls, store: str | None = None) -> Settings:
        """Settings from `KG_*` variables; `store` overrides `KG_STORE`."""
        env = os.environ
        base = cls()
        return replace(
            base,
            store=store or default_spec(),
            token=env.get(ENV_TOKEN) or None,
            query_timeout=_positive(env.get(ENV_QUERY_TIMEOUT), float, base.query_timeout,
                                    ENV_QUERY_TIMEOUT),
            query_workers=_positive(env.get(ENV_QUERY_WORKERS), int,
                                    max(2, min(4, os.cpu_count() or 2)), ENV_QUERY_WORKERS),
            max_body=_positive(env.get(ENV_MAX_BODY), int, base.max_body, ENV_MAX_BODY),
            max_text=_positive(env.get(ENV_MAX_TEXT), int, base.max_text, ENV_MAX_TEXT),
            write_rate=parse_rate(env[ENV_WRITE_RATE]) if env.get(ENV_WRITE_RATE)
            else base.write_rate,
            nlp_backend=env.get(ENV_NLP_BACKEND) or base.nlp_backend,
            cache_size=int(env[ENV_CACHE]) if env.get(ENV_CACHE, "").strip().isdigit()
            else base.cache_size,
            **_limits(env, base),
        )


def _limits(env: os._Environ[str] | dict[str, str], base: Settings) -> dict[str, object]:
    """The availability limits (see api/README.md) from their `KG_*` variables."""
    def num(name: str, kind: type[N], default: N) -> N:
        return _positive(env.get(name), kind, default, name)

    return {
        "query_queue": num(ENV_QUERY_QUEUE, int, 0) if env.get(ENV_QUERY_QUEUE) else 0,
        "export_slots": num(ENV_EXPORTS, int, base.export_slots),
        "write_timeout": num(ENV_WRITE_TIMEOUT, float, base.write_timeout),
        "doc_seconds": num(ENV_DOC_SECONDS, float, base.doc_seconds),
        "sync_text": num(ENV_SYNC_TEXT, int, base.sync_text),
        "jobs": num(ENV_JOBS, int, base.jobs),
        "auth_rate": parse_rate(env[ENV_AUTH_RATE], ENV_AUTH_RATE) if env.get(ENV_AUTH_RATE)
        else base.auth_rate,
        "max_connections": num(ENV_MAX_CONNECTIONS, int, base.max_connections),
        "max_header": num(ENV_MAX_HEADER, int, base.max_header),
        "keepalive": num(ENV_KEEPALIVE, float, base.keepalive),
        "read_timeout": num(ENV_READ_TIMEOUT, float, base.read_timeout),
        "shutdown_timeout": num(ENV_SHUTDOWN_TIMEOUT, float, base.shutdown_timeout),
    }


def parse_rate(text: str, name: str = ENV_WRITE_RATE) -> tuple[int, float]:
    """`"30/minute"` → (30, 60.0). Units: s, m, h (or second, minute, hour)."""
    match = _RATE.match(text)
    if not match or int(match[1]) < 1:
        raise ValueError(f"{name} must look like '30/minute', not {text!r}")
    return int(match[1]), _PERIODS[match[2].lower()]


def _positive(raw: str | None, kind: type[N], default: N, name: str) -> N:
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name} must be a positive number, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be a positive number, not {raw!r}")
    return value
