"""IRIs that resolve: `GET /actor/{id}`, `/doc/{id}`, `/mention/{id}`, `/ontology` and
`/context.jsonld`.

The graph's IRIs are `{base}actor/{id}`, ... (base `https://w3id.org/kg-news/` unless
`KG_BASE_IRI` says otherwise); a redirect from the base to this server makes them
dereferenceable. Each answers with content negotiation: Turtle (the default), JSON-LD,
N-Triples, RDF/XML, or HTML for browsers.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import StateDep
from api.errors import APIError
from api.linked_data import OFFERS, RDF_MEDIA, describe, render
from api.negotiation import negotiate
from api.routes.common import errors
from kg.store.jsonld import context_json

router = APIRouter(tags=["linked data"])
_RESPONSES = {200: {"description": "The resource's description in the negotiated format",
                    "content": {m: {} for m in [*RDF_MEDIA, "text/html"]}},
              **errors(404, 406)}
AcceptHeader = Annotated[str | None, Header(include_in_schema=False)]


async def _answer(request: Request, state: StateDep, kind: str, ident: str,
                  accept: str | None) -> Response:
    media = negotiate(accept, OFFERS)
    if media is None:
        raise APIError(406, "not_acceptable", "offered: " + ", ".join([*RDF_MEDIA,
                                                                       "text/html"]))
    g = await run_in_threadpool(describe, state.store, kind, ident)
    if len(g) == 0:
        raise APIError(404, "not_found", f"no {kind} {ident!r} in this graph")
    title = f"{kind} {ident}" if kind != "ontology" else "kg-news ontology"
    body = await run_in_threadpool(render, g, media, title, str(request.base_url))
    return Response(body, media_type=media, headers={"Vary": "Accept"})


@router.get("/actor/{actor_id}", response_class=Response, responses=_RESPONSES)
async def actor(request: Request, state: StateDep, actor_id: str,
                accept: AcceptHeader = None) -> Response:
    """An actor: its description, the edges to and from it, the documents naming it."""
    return await _answer(request, state, "actor", actor_id, accept)


@router.get("/doc/{doc_id:path}", response_class=Response, responses=_RESPONSES)
async def document(request: Request, state: StateDep, doc_id: str,
                   accept: AcceptHeader = None) -> Response:
    """A document: everything it says (its named graph)."""
    return await _answer(request, state, "doc", doc_id, accept)


@router.get("/mention/{mention_id}", response_class=Response, responses=_RESPONSES)
async def mention(request: Request, state: StateDep, mention_id: str,
                  accept: AcceptHeader = None) -> Response:
    """One relation mention: its sentence, negation, modality, confidence, provenance."""
    return await _answer(request, state, "mention", mention_id, accept)


@router.get("/ontology", response_class=Response, responses=_RESPONSES)
async def ontology(request: Request, state: StateDep, accept: AcceptHeader = None
                   ) -> Response:
    """The kg-news ontology."""
    return await _answer(request, state, "ontology", "", accept)


@router.get("/context.jsonld", response_class=Response,
            responses={200: {"content": {"application/ld+json": {}}}})
def context() -> Response:
    """The JSON-LD context of kg-news (prefixes and short property names)."""
    return Response(context_json(), media_type="application/ld+json")
