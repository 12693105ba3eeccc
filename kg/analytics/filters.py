"""`GraphFilter`: which relations go into the projected graph (shared by CLI, API, notebook).

Mention-level parts (predicates, polarity, confidence, document dates) are applied in the
SPARQL query that builds the projection, so a mention that fails them is not counted;
`min_mentions` is a HAVING clause on the count that is left; `actor`/`hops` cut the k-hop
neighbourhood out of the projected graph (directions ignored).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from kg.model import PREDICATES

#: Accepted `rollup` values (see `kg.analytics.rollup`).
ROLLUPS = ("state",)

#: Polarity names accepted by `GraphFilter.polarity` and their sign (None: structural).
POLARITY_NAMES: dict[str, int | None] = {
    "positive": 1,
    "negative": -1,
    "neutral": 0,
    "structural": None,
}
_POLARITY_ALIASES = {
    "+": "positive",
    "-": "negative",
    "0": "neutral",
    "pos": "positive",
    "neg": "negative",
}


class FilterError(ValueError):
    """A filter value that makes no sense (unknown predicate, bad date, since > until...)."""


@cache
def predicate_polarity() -> dict[str, int | None]:
    """Each predicate's sign in the signed graph, read from the ontology (None: structural)."""
    from kg.store.namespaces import KG, predicate_iri
    from kg.store.schema import ontology_graph

    ont = ontology_graph()
    out: dict[str, int | None] = {}
    for p in PREDICATES:
        value = ont.value(predicate_iri(p), KG.polarity)
        out[p] = None if value is None else int(value.toPython())
    return out


@dataclass(frozen=True)
class GraphFilter:
    """Which relations to keep. Empty tuples / None mean "no restriction".

    predicates:     keep only these predicates (names from `kg.model.PREDICATES`)
    polarity:       keep only predicates of these polarities (positive, negative, neutral,
                    structural); combined with `predicates` by intersection
    min_mentions:   drop edges with fewer supporting mentions (after the other filters)
    min_confidence: count only mentions with at least this confidence
    since, until:   count only mentions from documents published in [since, until]
                    (inclusive; documents without a date are then left out)
    actor, hops:    keep the `hops`-hop neighbourhood of one actor (id, label or Wikidata id)
    rollup:         "state": each actor with an affiliation counts as its state or
                    organisation (`kg.analytics.rollup`); None: actors as extracted
    """

    predicates: tuple[str, ...] = ()
    polarity: tuple[str, ...] = ()
    min_mentions: int = 1
    min_confidence: float = 0.0
    since: date | None = None
    until: date | None = None
    actor: str | None = None
    hops: int = 1
    rollup: str | None = None
    _preds: tuple[str, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        preds = tuple(dict.fromkeys(_split(self.predicates)))
        unknown = [p for p in preds if p not in PREDICATES]
        if unknown:
            raise FilterError(
                f"unknown predicate {', '.join(map(repr, unknown))}; use {', '.join(PREDICATES)}"
            )
        pols = tuple(dict.fromkeys(_POLARITY_ALIASES.get(p, p) for p in _split(self.polarity)))
        bad = [p for p in pols if p not in POLARITY_NAMES]
        if bad:
            raise FilterError(
                f"unknown polarity {', '.join(map(repr, bad))}; use {', '.join(POLARITY_NAMES)}"
            )
        if isinstance(self.min_mentions, bool) or not isinstance(self.min_mentions, int):
            raise FilterError(f"min_mentions must be an integer, not {self.min_mentions!r}")
        if self.min_mentions < 1:
            raise FilterError(f"min_mentions must be at least 1, not {self.min_mentions}")
        if not 0.0 <= float(self.min_confidence) <= 1.0:
            raise FilterError(f"min_confidence must be in [0, 1], not {self.min_confidence}")
        since, until = _date(self.since, "since"), _date(self.until, "until")
        if since and until and since > until:
            raise FilterError(f"since ({since}) is after until ({until})")
        if isinstance(self.hops, bool) or not isinstance(self.hops, int) or self.hops < 0:
            raise FilterError(f"hops must be a non-negative integer, not {self.hops!r}")
        rollup = self.rollup.strip().lower() if isinstance(self.rollup, str) else self.rollup
        if rollup and rollup not in ROLLUPS:
            raise FilterError(f"unknown rollup {self.rollup!r}; use {', '.join(ROLLUPS)}")
        actor = self.actor.strip() if isinstance(self.actor, str) else self.actor
        set_ = object.__setattr__
        set_(self, "predicates", preds)
        set_(self, "polarity", pols)
        set_(self, "min_confidence", float(self.min_confidence))
        set_(self, "since", since)
        set_(self, "until", until)
        set_(self, "actor", actor or None)
        set_(self, "rollup", rollup or None)
        signs = {POLARITY_NAMES[p] for p in pols}
        polarity = predicate_polarity()
        kept = tuple(p for p in (preds or PREDICATES) if not pols or polarity[p] in signs)
        set_(self, "_preds", kept)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> GraphFilter:
        """Build from loose values (query parameters, CLI options, JSON); None = default."""
        known = {k: v for k, v in values.items() if v is not None and k in _FIELDS}
        extra = sorted(set(values) - set(_FIELDS))
        if extra:
            raise FilterError(f"unknown filter {', '.join(extra)}")
        for name in ("min_mentions", "hops"):
            if isinstance(known.get(name), str):
                known[name] = _int(known[name], name)
        if isinstance(known.get("min_confidence"), str):
            try:
                known["min_confidence"] = float(known["min_confidence"])
            except ValueError:
                raise FilterError(
                    f"min_confidence is not a number: {known['min_confidence']!r}"
                ) from None
        return cls(**known)

    @property
    def selected_predicates(self) -> tuple[str, ...]:
        """The predicates the filter keeps (all predicates when unrestricted)."""
        return self._preds

    @property
    def restricts_predicates(self) -> bool:
        return len(self._preds) < len(PREDICATES)

    @property
    def is_empty(self) -> bool:
        return self == GraphFilter()

    def sparql_predicate_values(self) -> str:
        """`VALUES ?p {...}` for the kept predicates ("" when unrestricted)."""
        if not self.restricts_predicates:
            return ""
        from kg.store.namespaces import predicate_iri

        return "VALUES ?p { " + " ".join(predicate_iri(p).n3() for p in self._preds) + " }"

    def sparql_mention_filters(self) -> list[str]:
        """FILTERs over a mention's confidence `?c` and its document's day `?day`."""
        filters = []
        if self.min_confidence > 0:
            filters.append(f"FILTER(?c >= {self.min_confidence!r})")
        if self.since:
            filters.append(f'FILTER(BOUND(?day) && ?day >= "{self.since.isoformat()}")')
        if self.until:
            filters.append(f'FILTER(BOUND(?day) && ?day <= "{self.until.isoformat()}")')
        return filters

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("_preds", None)
        if self.rollup is None:  # absent unless asked: filters without it read as before
            out.pop("rollup")
        out["predicates"], out["polarity"] = list(self.predicates), list(self.polarity)
        out["since"] = self.since.isoformat() if self.since else None
        out["until"] = self.until.isoformat() if self.until else None
        return out


_FIELDS = (
    "predicates",
    "polarity",
    "min_mentions",
    "min_confidence",
    "since",
    "until",
    "actor",
    "hops",
    "rollup",
)


def _split(values: Iterable[str] | str | None) -> list[str]:
    """Names from a tuple/list and/or comma-separated strings, trimmed and lower-cased."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v.strip().lower() for item in values for v in str(item).split(",") if v.strip()]


def _date(value: date | str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise FilterError(f"{name} is not a date (YYYY-MM-DD): {value!r}") from None


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise FilterError(f"{name} is not an integer: {value!r}") from None
