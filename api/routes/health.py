"""`GET /health`: is the store reachable, how big is it, which NLP backend writes use."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import StateDep
from api.query_runner import ProcessQueryRunner
from api.schemas import Health, StoreHealth
from kg import __version__
from kg.store import StoreError

router = APIRouter(tags=["service"])
log = logging.getLogger("kg.api")


@router.get("/health", response_model=Health,
            responses={503: {"model": Health, "description": "The store is unreachable"}})
def health(state: StateDep) -> Health | JSONResponse:
    """Store reachability and counts, the NLP backend, and whether writes are enabled."""
    try:
        stats = state.cached("stats", state.store.stats)
        store = StoreHealth(spec=state.settings.store, reachable=True, **stats.to_json())
    except StoreError as e:
        log.warning("health: store unreachable: %s", e)
        store = StoreHealth(spec=state.settings.store, reachable=False)
    body = Health(
        status="ok" if store.reachable else "degraded",
        version=__version__,
        store=store,
        nlp_backend=state.nlp_backend_name(),
        nlp_backend_loaded=state.nlp_backend_loaded,
        writes_enabled=state.settings.writes_enabled,
        query_timeout=state.settings.query_timeout,
        query_runner="process" if isinstance(state.runner, ProcessQueryRunner) else "inline",
    )
    if not store.reachable:
        return JSONResponse(body.model_dump(), status_code=503)
    return body
