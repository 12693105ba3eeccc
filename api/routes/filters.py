"""The relation filters shared by /relations and /metrics, as query parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query

from api.deps import StateDep
from api.errors import APIError
from api.params import IsoDate
from api.reader import Resolved, resolve_actor
from api.state import AppState
from kg.analytics import FilterError, GraphFilter
from kg.model import PREDICATES

_PREDICATES = ", ".join(PREDICATES)


@dataclass(frozen=True)
class FilterParams:
    predicate: str | None
    polarity: str | None
    min_mentions: int
    min_confidence: float
    since: date | None
    until: date | None
    rollup: str | None = None

    def graph_filter(self, **extra: Any) -> GraphFilter:
        """The GraphFilter these parameters describe; a bad value is a 400."""
        try:
            return GraphFilter.from_mapping({
                "predicates": self.predicate, "polarity": self.polarity,
                "min_mentions": self.min_mentions, "min_confidence": self.min_confidence,
                "since": self.since, "until": self.until, "rollup": self.rollup,
                **extra})
        except FilterError as e:
            raise APIError(400, "invalid_filter", str(e)) from None


def filter_params(
    predicate: Annotated[str | None, Query(max_length=500, description=(
        f"Predicate(s), comma-separated: {_PREDICATES}."))] = None,
    polarity: Annotated[str | None, Query(max_length=100, description=(
        "Polarity(ies), comma-separated: positive, negative, neutral, structural."))] = None,
    min_mentions: Annotated[int, Query(ge=1, le=1_000_000, description=(
        "Keep relations with at least this many mentions (after the other filters)."))] = 1,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0, description=(
        "Count only mentions with at least this confidence."))] = 0.0,
    since: Annotated[IsoDate | None, Query(description=(
        "Count only mentions from documents published on or after this date."))] = None,
    until: Annotated[IsoDate | None, Query(description=(
        "Count only mentions from documents published on or before this date."))] = None,
    rollup: Annotated[str | None, Query(max_length=20, description=(
        "'state': count each official (an actor with an affiliation) as the state or "
        "organisation it acts for; relations that then coincide are merged."))] = None,
) -> FilterParams:
    return FilterParams(predicate, polarity, min_mentions, min_confidence, since, until,
                        rollup)


FilterDep = Annotated[FilterParams, Depends(filter_params)]


def actor_param(state: AppState, name: str | None, role: str) -> Resolved | None:
    """Resolve an actor given by id, label or alias; unknown names are a 404."""
    if name is None or not name.strip():
        return None
    found = resolve_actor(state, name)
    if found is None:
        raise APIError(404, "actor_not_found", f"no actor is known by the name {name!r} ({role})")
    return found


__all__ = ["FilterDep", "FilterParams", "StateDep", "actor_param", "filter_params"]
