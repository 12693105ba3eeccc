"""`GET /relations`: relations with their mentions, filtered; actors by id, label or alias."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import reader
from api.deps import StateDep
from api.routes.common import PageDep, errors
from api.routes.filters import FilterDep, actor_param
from api.schemas import RelationPage

router = APIRouter(tags=["relations"])


@router.get("/relations", response_model=RelationPage, responses=errors(400, 404))
def list_relations(
    state: StateDep,
    page: PageDep,
    filters: FilterDep,
    subject: Annotated[str | None, Query(max_length=200, description=(
        "Subject actor: id, label, alias or Wikidata id ('Moscow' finds Russia)."))] = None,
    object: Annotated[str | None, Query(max_length=200, description=(
        "Object actor: id, label, alias or Wikidata id."))] = None,
    negated: Annotated[bool | None, Query(description=(
        "Only negated (true) or only affirmed (false) relations."))] = None,
    include_modal: Annotated[bool, Query(description=(
        "Count future/conditional/hypothetical mentions too."))] = True,
    mentions: Annotated[int, Query(ge=0, le=100, description=(
        "Mentions to list per relation (the count covers all)."))] = 5,
) -> dict[str, object]:
    """Relations `(subject, predicate, object, negated)`, most mentioned first.

    Each lists its mentions with the evidence sentence and a link to its document. With
    `rollup=state` officials count as their state: relations that then coincide are merged
    (mentions summed, each still with its own sentence) and self-loops it makes are dropped.
    """
    subj = actor_param(state, subject, "subject")
    obj = actor_param(state, object, "object")
    filt = reader.RelationFilter(
        graph=filters.graph_filter(),
        subject=subj.id if subj else None,
        object=obj.id if obj else None,
        negated=negated,
        include_modal=include_modal,
    )
    key = repr((filt, page.limit, page.offset, mentions))

    def build() -> dict[str, object]:
        total, items = reader.find_relations(state, filt, page.limit, page.offset, mentions)
        return {"total": total, "limit": page.limit, "offset": page.offset,
                "rollup": filt.graph.rollup, "items": items}

    return state.cached_response("relations", key, build)
