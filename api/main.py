"""The app factory: `create_app(settings)` wires state, middleware, errors and routers."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from api.config import Settings
from api.docs import install_docs
from api.errors import install_error_handlers
from api.limits import BodySizeLimit
from api.options import AllowOptions
from api.routes import (
    actors,
    documents,
    export,
    graph,
    health,
    home,
    inspect,
    jobs,
    metrics,
    relations,
    resources,
    sparql,
)
from api.security import SecurityHeaders
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
    state.refresh_stats()
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
        docs_url=None,  # install_docs serves /docs and /redoc offline, under the policy
        redoc_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body,
                       read_timeout=settings.body_timeout)
    add_cors(app)  # KG_CORS_ORIGINS: reads from other origins (none by default)
    app.add_middleware(AllowOptions)
    # Security headers inside gzip, so they see (and a page's meta policy is read from)
    # the uncompressed body; gzip for responses over 1 KB.
    app.add_middleware(SecurityHeaders)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    install_docs(app)
    for module in (home, health, actors, relations, documents, jobs, metrics, sparql, export,
                   graph, inspect):
        app.include_router(module.router)
    app.include_router(resources.router)  # IRIs that resolve: /actor/{id}, /doc/{id}, ...
    # vis-network for the graph page, served by the app itself (the page loads nothing else).
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
