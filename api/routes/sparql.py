"""`GET|POST /sparql`: the SPARQL 1.1 Protocol, read-only, with a time limit.

Queries come as `?query=`, as a form-encoded body, or as an `application/sparql-query`
body. SELECT/ASK results are SPARQL JSON, XML, CSV or TSV and CONSTRUCT/DESCRIBE results
Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads or TriG, chosen by `Accept` (or `format=`).
The default graph is the union of all graphs (`default-graph-uri` / `named-graph-uri`
name another dataset); the project's prefixes (kg:, actor:, rdfs:, ...) are predeclared.
A bare GET asking for RDF gets the service description (`api/sparql_protocol.py`).
Updates are refused with 400. A query running past the time limit
(KG_QUERY_TIMEOUT, default 10 s) is stopped and answered 503; so is a query over the
bounded queue in front of the workers (at once, with Retry-After). Large results stream.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response

from api.admission import Overloaded
from api.deps import StateDep
from api.errors import APIError
from api.negotiation import negotiate
from api.query_runner import QueryBusy, QueryFailed, QueryTimeout
from api.routes.common import errors
from api.sparql_protocol import (
    check_charset,
    describe_endpoint,
    description_media,
    endpoint_url,
    missing_query,
    one_query,
)
from api.sparql_worker import GRAPH_FORMATS, SOLUTION_FORMATS, QueryRequest
from api.state import AppState
from api.streaming import spooled_response
from kg.store.errors import QueryError
from kg.store.namespaces import PREFIXES
from kg.store.safety import check_query

router = APIRouter(tags=["sparql"])

MAX_QUERY = 100_000  # characters
_SOLUTION_OFFERS = [media for media, _ in SOLUTION_FORMATS.values()] + [
    "application/json=application/sparql-results+json",
    "application/xml=application/sparql-results+xml",
    "text/xml=application/sparql-results+xml",
]
_GRAPH_OFFERS = [media for media, _ in GRAPH_FORMATS.values()] + [
    "application/json=application/ld+json",
    "text/plain=application/n-triples",
    "application/xml=application/rdf+xml",
]
_OFFERED = [media for media, _ in [*SOLUTION_FORMATS.values(), *GRAPH_FORMATS.values()]]
_SOLUTION_NAMES = {media: name for name, (media, _) in SOLUTION_FORMATS.items()}
_GRAPH_NAMES = {media: name for name, (media, _) in GRAPH_FORMATS.items()}
FormatName = Literal["json", "xml", "csv", "tsv", "turtle", "nt", "jsonld", "rdfxml", "nq",
                     "trig"]
_UPDATE = re.compile(
    r"^(?:\s|#[^\n]*\n|(?:PREFIX\s+[^\s:]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>))*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_RESULTS = {
    200: {
        "description": "Query results in the negotiated format",
        "content": {media: {} for media, _ in
                    [*SOLUTION_FORMATS.values(), *GRAPH_FORMATS.values()]},
    },
    **errors(400, 406, 413, 415, 503),
}
_FORM_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": {
                "type": "object",
                "required": ["query"],
                "properties": {
                    "query": {"type": "string"},
                    "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                    "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                },
            }},
            "application/sparql-query": {"schema": {"type": "string"}},
        },
    }
}


def _choose_formats(accept: str | None, fmt: str | None) -> tuple[str | None, str | None]:
    """(SELECT/ASK format, CONSTRUCT/DESCRIBE format) for this request; None: unacceptable."""
    if fmt:
        return (fmt if fmt in SOLUTION_FORMATS else None,
                fmt if fmt in GRAPH_FORMATS else None)
    solutions = negotiate(accept, _SOLUTION_OFFERS)
    graph = negotiate(accept, _GRAPH_OFFERS)
    return (_SOLUTION_NAMES.get(solutions or ""), _GRAPH_NAMES.get(graph or ""))


async def answer(state: AppState, query: str | None, update: str | None,
           default_graphs: list[str], named_graphs: list[str], accept: str | None,
           fmt: str | None, base_iri: str | None = None) -> Response:
    """Run one protocol request and turn the worker's outcome into a response."""
    if query is not None:
        try:
            check_query(query)
        except QueryError as e:
            raise APIError(400, "query_refused", str(e)) from None
    if update is not None or (query is not None and _UPDATE.match(query)):
        raise APIError(400, "read_only", "this endpoint is read-only: SPARQL updates are "
                       "refused (write through POST/PUT/DELETE /documents)")
    if query is None or not query.strip():
        raise missing_query(PREFIXES)
    if len(query) > MAX_QUERY:
        raise APIError(413, "query_too_long", f"the query is over {MAX_QUERY} characters")
    for iri in (*default_graphs, *named_graphs):
        if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*", iri):
            raise APIError(400, "invalid_graph_uri", f"not an absolute IRI: {iri!r}")
    solutions, graph = _choose_formats(accept, fmt)
    if solutions is None and graph is None:
        raise APIError(406, "not_acceptable", "no result format matches the request; "
                       "offered: " + ", ".join(m for m, _ in
                                              [*SOLUTION_FORMATS.values(),
                                               *GRAPH_FORMATS.values()]))
    request = QueryRequest(query, solutions, graph, dict(PREFIXES), tuple(default_graphs),
                           tuple(named_graphs), base_iri=base_iri)
    runner = state.runner
    try:
        outcome = await state.query_gate.run(runner.run, request)
    except Overloaded as e:
        raise APIError(503, "busy", str(e), {"Retry-After": str(e.retry_after)}) from None
    except QueryTimeout:
        raise APIError(503, "query_timeout", f"the query ran past the {runner.timeout:g} s "
                       "limit and was stopped; simplify it or add a LIMIT") from None
    except QueryBusy:
        raise APIError(503, "busy", "every query worker stayed busy; retry shortly",
                       {"Retry-After": "1"}) from None
    except QueryFailed as e:
        raise APIError(503, "query_failed", str(e)) from None
    if outcome.status == "ok":
        table = SOLUTION_FORMATS if outcome.kind != "graph" else GRAPH_FORMATS
        media = table[outcome.format][0]
        if outcome.path:
            return spooled_response(outcome.path, media, state.settings.write_timeout)
        return Response(outcome.body, media_type=media)
    if outcome.status == "syntax":
        raise APIError(400, "invalid_query", f"invalid SPARQL query: {outcome.message}")
    if outcome.status == "not_acceptable":
        kind = "CONSTRUCT/DESCRIBE" if outcome.kind == "graph" else "SELECT/ASK"
        raise APIError(406, "not_acceptable",
                       f"no {kind} result format matches the Accept header or format=")
    if outcome.status == "too_large":
        raise APIError(400, "result_too_large", outcome.message)
    if outcome.status == "store_error":
        raise APIError(503, "store_unavailable", outcome.message)
    raise APIError(400, "query_failed", f"the query failed: {outcome.message}")


@router.get("/sparql", response_class=Response, responses=_RESULTS)
@router.head("/sparql", response_class=Response, include_in_schema=False)
async def sparql_get(
    request: Request,
    state: StateDep,
    query: Annotated[str | None, Query(description="The SPARQL query.")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
    format: Annotated[FormatName | None, Query(
        description="Result format, overriding Accept.")] = None,
    update: Annotated[str | None, Query(description="Refused: the endpoint is read-only.")
                      ] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """SPARQL 1.1 query via GET; without a query, the service description if asked for RDF."""
    query = one_query(request.query_params.getlist("query"))
    if query is None and update is None and (media := description_media(accept)):
        return describe_endpoint(request, media, dict(PREFIXES), _OFFERED)
    return await answer(state, query, update, default_graph_uri or [], named_graph_uri or [],
                        accept, format, endpoint_url(request))


@router.post("/sparql", response_class=Response, responses=_RESULTS, openapi_extra=_FORM_BODY)
async def sparql_post(
    request: Request,
    state: StateDep,
    format: Annotated[FormatName | None, Query(
        description="Result format, overriding Accept.")] = None,
) -> Response:
    """SPARQL 1.1 query via POST: form-encoded or `application/sparql-query` body."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    check_charset(request.headers.get("content-type"))
    body = await request.body()
    query: str | None
    update: str | None = None
    defaults: list[str] = list(request.query_params.getlist("default-graph-uri"))
    named: list[str] = list(request.query_params.getlist("named-graph-uri"))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise APIError(400, "invalid_body", "the body is not UTF-8") from None
    if media == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        query = one_query(form.get("query", []) + request.query_params.getlist("query"))
        update = form.get("update", [None])[0]
        defaults += form.get("default-graph-uri", [])
        named += form.get("named-graph-uri", [])
    elif media == "application/sparql-query":
        query = text
    elif media == "application/sparql-update":
        raise APIError(400, "read_only", "this endpoint is read-only: SPARQL updates are "
                       "refused (write through POST/PUT/DELETE /documents)")
    else:
        raise APIError(415, "unsupported_media_type", "send application/sparql-query or "
                       f"application/x-www-form-urlencoded, not {media or 'no Content-Type'!r}")
    return await answer(state, query, update, defaults, named,
                        request.headers.get("accept"), format, endpoint_url(request))
