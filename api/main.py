"""The app factory: `create_app(settings)` wires state, middleware, errors and routers."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles

from api.config import Settings
from api.errors import install_error_handlers
from api.limits import BodySizeLimit
from api.routes import (
    actors,
    documents,
    export,
    graph,
    health,
    home,
    metrics,
    relations,
    resources,
    sparql,
)
from api.sparql_protocol import add_cors
from api.state import AppState
from kg import __version__
from kg.analytics import predicate_polarity
from kg.store.schema import ontology_graph
from kg.viz import STATIC_DIR

log = logging.getLogger("kg.api")

DESCRIPTION = """
Who opposes, supports, threatens or talks to whom in the news: actors, relations with
their evidence sentences, documents, graph metrics, a read-only SPARQL 1.1 endpoint and
RDF export. Writes (`POST`/`PUT`/`DELETE /documents`) need `Authorization: Bearer <token>`
with the token set in `KG_API_TOKEN`. Errors are `{"error": code, "detail": message}`.
"""


def _warm_up(state: AppState) -> None:
    """Parse shared data once, before requests can race on it (rdflib parsing is not
    thread-safe); load the NLP backend early when writes are enabled."""
    ontology_graph()
    predicate_polarity()
    threading.Thread(target=_load_backend, args=(state,), daemon=True,
                     name="kg-nlp-preload").start()


def _load_backend(state: AppState) -> None:
    try:
        state.nlp_backend_name()
        if state.settings.writes_enabled:
            state.nlp_backend()
    except Exception as e:  # the first write reports it again
        log.warning("NLP backend not loaded: %s", e)


def create_app(settings: Settings | None = None) -> FastAPI:
    """A FastAPI app serving the store named by `settings.store` (default: from the env)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = await run_in_threadpool(AppState, settings)
        app.state.kg = state
        await run_in_threadpool(_warm_up, state)
        log.info("serving store %s (writes %s, query limit %g s)", settings.store,
                 "enabled" if settings.writes_enabled else "disabled", settings.query_timeout)
        try:
            yield
        finally:
            await run_in_threadpool(state.close)

    app = FastAPI(
        title="kg: actor relations in news",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body)
    add_cors(app)  # KG_CORS_ORIGINS: reads from other origins (none by default)
    for module in (home, health, actors, relations, documents, metrics, sparql, export, graph):
        app.include_router(module.router)
    app.include_router(resources.router)  # IRIs that resolve: /actor/{id}, /doc/{id}, ...
    # vis-network for the graph page, served by the app itself (the page loads nothing else).
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
