"""`GET /actors` (search) and `GET /actors/{name}` (one actor by id, label or alias)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api import reader
from api.deps import StateDep
from api.errors import APIError
from api.routes.common import PageDep, errors
from api.schemas import ActorDetail, ActorSummary, Page
from kg.model import ACTOR_TYPES

router = APIRouter(prefix="/actors", tags=["actors"])
ActorType = Literal[ACTOR_TYPES]  # type: ignore[valid-type]
WIKIDATA = "https://www.wikidata.org/wiki/"


@router.get("", response_model=Page[ActorSummary], responses=errors())
def list_actors(
    state: StateDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200,
                                   description="Label or alias prefix (any case).")] = None,
    type: Annotated[ActorType | None, Query(description="Actor type.")] = None,
    sort: Annotated[Literal["pagerank", "degree", "mentions", "label"],
                    Query(description="Order, highest first (label: A-Z).")] = "pagerank",
) -> dict[str, object]:
    """Actors with their degree and PageRank in the graph of asserted relations."""
    return page.page(reader.list_actors(state, q, type, sort))


@router.get("/{name}", response_model=ActorDetail, responses=errors(404))
def get_actor(
    state: StateDep,
    name: Annotated[str, Path(max_length=200,
                              description="Actor id, label, alias or Wikidata id "
                                          "('Moscow' finds Russia).")],
) -> dict[str, object]:
    """One actor: aliases, Wikidata link, outgoing and incoming relations with counts."""
    found = reader.resolve_actor(state, name)
    if found is None:
        raise APIError(404, "actor_not_found", f"no actor is known by the name {name!r}")
    if found.info is None:
        raise APIError(404, "actor_not_found",
                       f"{name!r} is the actor {found.id!r}, which has no relations in the store")
    outgoing, incoming = reader.actor_relations(state, found.id)
    info = found.info
    return reader.actor_summary(state, info) | {
        "aliases": info.aliases,
        "wikidata_url": WIKIDATA + info.wikidata if info.wikidata else None,
        "matched": found.matched,
        "outgoing": outgoing,
        "incoming": incoming,
        "outgoing_mentions": sum(r["mentions"] for r in outgoing),
        "incoming_mentions": sum(r["mentions"] for r in incoming),
    }
