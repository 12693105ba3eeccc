"""`GET /graph`: the interactive actor graph page (pyvis + vis-network, served offline)."""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import StateDep
from api.graph import page_graph
from api.routes.common import errors
from api.routes.filters import FilterDep, actor_param
from api.state import AppState
from kg.analytics import GraphFilter
from kg.viz import graph_data_from_graph, render_graph_html

router = APIRouter(tags=["graph"])
CACHE_SIZE = 8


def page_for(state: AppState, filt: GraphFilter, color: str) -> tuple[str, str]:
    """The page for one filter and colouring and its ETag, cached until the next write.
    Evidence and actors' relations are not embedded: the page asks /graph/mentions and
    /actors."""

    def build() -> tuple[str, str]:
        graph, timeline = page_graph(state, filt)
        data = graph_data_from_graph(graph, timeline=timeline)
        html = render_graph_html(data, filters=filt, color_by=color, api=True)
        # from the content, so that a restart over a changed store cannot reuse a tag
        return html, '"' + hashlib.sha256(html.encode()).hexdigest()[:32] + '"'

    key = repr((sorted(filt.to_json().items()), color))
    return state.cached_response("graph", key, build, CACHE_SIZE)


@router.get("/graph", response_class=HTMLResponse,
            responses={**errors(400, 404), 304: {"description": "Not modified (If-None-Match)"}})
def graph(
    request: Request,
    state: StateDep,
    filters: FilterDep,
    actor: Annotated[str | None, Query(max_length=200, description=(
        "Show this actor's neighbourhood (id, label or alias)."))] = None,
    hops: Annotated[int, Query(ge=0, le=10, description="Neighbourhood radius.")] = 1,
    color: Annotated[Literal["community", "type"], Query(description=(
        "Colour nodes by community (Louvain) or by actor type."))] = "community",
) -> HTMLResponse:
    """The actor graph as an interactive page: node size = PageRank, edge colour = polarity,
    width = mentions; click an edge for its mentions, an actor for its card. Same filters as
    /relations."""
    found = actor_param(state, actor, "actor")
    filt = filters.graph_filter(**({"actor": found.id, "hops": hops} if found else {}))
    html, etag = page_for(state, filt, color)
    # revalidated on every visit: an unchanged graph costs a 304, not the page again
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return HTMLResponse(html, headers=headers)
