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
        )


def parse_rate(text: str) -> tuple[int, float]:
    """`"30/minute"` → (30, 60.0). Units: s, m, h (or second, minute, hour)."""
    match = _RATE.match(text)
    if not match or int(match[1]) < 1:
        raise ValueError(f"{ENV_WRITE_RATE} must look like '30/minute', not {text!r}")
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
