"""`GET /metrics`: centrality, communities, balance and pair stances of the filtered graph."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import StateDep
from api.graph import project_graph
from api.routes.common import PageDep, errors
from api.routes.filters import FilterDep, actor_param
from api.schemas import MetricsOut
from api.state import AppState
from kg.analytics import GraphFilter, compute_metrics

router = APIRouter(tags=["metrics"])
CACHE_SIZE = 16


def metrics_for(state: AppState, filt: GraphFilter) -> dict[str, Any]:
    """`compute_metrics` of the projected graph as JSON, cached per filter and generation."""
    return state.cached_response(
        "metrics", repr(sorted(filt.to_json().items())),
        lambda: compute_metrics(project_graph(state, filt)).to_json(), CACHE_SIZE)


@router.get("/metrics", response_model=MetricsOut, responses=errors(400, 404))
def metrics(
    state: StateDep,
    page: PageDep,
    filters: FilterDep,
    actor: Annotated[str | None, Query(max_length=200, description=(
        "Keep this actor's neighbourhood (id, label or alias)."))] = None,
    hops: Annotated[int, Query(ge=0, le=10, description="Neighbourhood radius.")] = 1,
    pairs: Annotated[int, Query(ge=0, le=1000, description="Pairs to list.")] = 20,
) -> dict[str, Any]:
    """Metrics of the graph of asserted relations, with the /relations filters.

    Actors are sorted by PageRank and paginated; `pairs` are the most mentioned pairs.
    """
    found = actor_param(state, actor, "actor")
    filt = filters.graph_filter(**({"actor": found.id, "hops": hops} if found else {}))
    result = metrics_for(state, filt)
    return {
        "summary": result["summary"],
        "params": result["params"],
        "actors": page.page(result["actors"]),
        "communities": result["communities"],
        "modularity": result["modularity"],
        "balance": result["balance"],
        "pairs": result["pairs"][:pairs],
    }
