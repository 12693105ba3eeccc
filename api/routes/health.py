"""`GET /health`: is the store reachable, how big is it, which NLP backend writes use.

Served on the event loop from counts kept by the service (taken at start and after each
write), so it holds no thread and never waits behind queries, exports or writes.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StateDep
from api.query_runner import ProcessQueryRunner
from api.schemas import Health, StoreHealth
from kg import __version__

router = APIRouter(tags=["service"])


def public_spec(spec: str) -> str:
    """The store as /health shows it: a directory by its name only (no absolute path), a
    remote endpoint without credentials or query."""
    if "://" in spec:
        parts = urlsplit(spec)
        return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
    return spec if spec == ":memory:" else Path(spec).name


@router.get("/health", response_model=Health,
            responses={503: {"model": Health, "description": "The store is unreachable"}})
async def health(state: StateDep) -> Health | JSONResponse:
    """Store reachability and counts, the NLP backend, and whether writes are enabled."""
    spec = public_spec(state.settings.store)
    stats = state.stats
    if stats is None:
        store = StoreHealth(spec=spec, reachable=False)
    else:
        store = StoreHealth(spec=spec, reachable=True, **stats.to_json())
    body = Health(
        status="ok" if store.reachable else "degraded",
        version=__version__,
        store=store,
        nlp_backend=state.nlp_backend_label,
        nlp_backend_loaded=state.nlp_backend_loaded,
        writes_enabled=state.settings.writes_enabled,
        query_timeout=state.settings.query_timeout,
        query_runner="process" if isinstance(state.runner, ProcessQueryRunner) else "inline",
    )
    if not store.reachable:
        return JSONResponse(body.model_dump(), status_code=503)
    return body
