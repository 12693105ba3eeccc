"""`open_store`: a store from a spec string (a directory, `:memory:` or `sparql+http://...`)."""

from __future__ import annotations

import os
from pathlib import Path

from kg.store.base import KGStore

DEFAULT_STORE = "data/kg"
ENV_VAR = "KG_STORE"


def default_spec() -> str:
    """`$KG_STORE`, else `data/kg`."""
    return os.environ.get(ENV_VAR) or DEFAULT_STORE


def open_store(spec: str | Path | None = None, *, create: bool = True) -> KGStore:
    """Open the store named by `spec` (default: `default_spec()`).

    A directory (created if missing unless `create=False`), `:memory:`, or
    `sparql+http(s)://HOST:PORT/...` for a remote SPARQL 1.1 endpoint.
    """
    from kg.store.oxigraph_store import OxigraphStore
    from kg.store.remote import SCHEMES, RemoteStore

    spec = default_spec() if spec is None else spec
    if isinstance(spec, str) and spec.startswith(SCHEMES):
        return RemoteStore(spec)
    return OxigraphStore(spec, create=create)
