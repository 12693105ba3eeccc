"""`GET /graph/mentions`: one relation's mentions, paged, for the graph page's inspector
(the page loads evidence on demand instead of embedding it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import reader
from api.deps import StateDep
from api.errors import APIError
from api.routes.common import errors
from api.routes.filters import FilterDep, actor_param
from kg.model import PREDICATES

router = APIRouter(tags=["graph"])
MAX_PAGE = 200


@router.get("/graph/mentions", responses=errors(400, 404))
def edge_mentions(
    state: StateDep,
    filters: FilterDep,
    subject: Annotated[str, Query(max_length=200, description="Subject actor id or name.")],
    predicate: Annotated[str, Query(max_length=50, description="The relation's predicate.")],
    object: Annotated[str, Query(max_length=200, description="Object actor id or name.")],
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Mentions to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Mentions per page.")] = 20,
) -> dict[str, object]:
    """Every mention of (subject, predicate, object): asserted ones first, then negated or
    modal ones, newest first; each with its sentence and cue, negation, modality, source
    and document (title, date, URL, `/documents/{id}` link). Confidence and date filters
    apply as on /graph."""
    if predicate not in PREDICATES:
        raise APIError(400, "invalid_filter",
                       f"unknown predicate {predicate!r}; use {', '.join(PREDICATES)}")
    found_s = actor_param(state, subject, "subject")
    found_o = actor_param(state, object, "object")
    if found_s is None or found_o is None:
        raise APIError(400, "invalid_filter", "subject and object must not be empty")
    return reader.edge_mentions(state, found_s.id, predicate, found_o.id,
                                filters.graph_filter(), offset, limit)
