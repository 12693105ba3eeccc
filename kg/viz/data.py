"""The graph page's data: actors and relations with metrics, evidence and (for big graphs)
a precomputed layout.

    data = graph_page_data(store, GraphFilter(polarity=("negative",)))
    data = graph_data_from_graph(graph_from_relations([...]))   # hand-made, no store

Plain data only; `kg.viz.render` turns it into HTML.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import unquote

import networkx as nx

from kg.analytics import (
    GraphFilter,
    collapse,
    communities,
    pagerank,
    project,
    undirected,
)
from kg.analytics.metrics import DEFAULT_SEED
from kg.analytics.projection import AFFIRMED_MENTIONS
from kg.analytics.rollup import rolled_pair, rollup_map
from kg.store.base import KGStore
from kg.store.namespaces import ACTOR, DOC, actor_iri
from kg.viz.layout import community_layout

#: Above either size the page turns physics off and uses `community_layout`.
PHYSICS_MAX_NODES = 250
PHYSICS_MAX_EDGES = 1200
#: Evidence sentences per edge and relations per actor shown in tooltips.
EVIDENCE_PER_EDGE = 3
TOP_RELATIONS = 5
#: Up to this many actors, the evidence query is restricted to the graph's actors.
_VALUES_LIMIT = 500

EdgeKey = tuple[str, str, str]  # (subject id, predicate, object id)
Timeline = tuple[dict[str, int], int]  # ({ISO day: mentions}, undated mentions)


@dataclass(frozen=True)
class EvidenceItem:
    """One sentence supporting a relation, with its document."""

    doc: str
    sentence: str
    title: str | None = None
    published: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class RelationSummary:
    """One of an actor's relations, as its tooltip lists it."""

    direction: str  # "out": the actor is the subject; "in": the object
    predicate: str
    other: str  # the other actor's label
    mentions: int


@dataclass
class NodeData:
    id: str
    label: str
    type: str | None
    wikidata: str | None
    pagerank: float
    community: int | None  # index into GraphData.communities (largest first)
    relations: list[RelationSummary] = field(default_factory=list)
    degree: int = 0  # distinct neighbours (either direction)
    aliases: list[str] = field(default_factory=list)
    x: float | None = None
    y: float | None = None


@dataclass
class EdgeData:
    source: str
    target: str
    predicate: str
    sign: int | None  # +1, 0, -1; None for structural predicates
    mentions: int
    evidence: list[EvidenceItem] = field(default_factory=list)
    documents: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    #: mentions per document day (ISO date) and from undated documents: the time slider
    timeline: dict[str, int] = field(default_factory=dict)
    undated: int = 0


@dataclass
class GraphData:
    """Everything the page shows. `nodes` are sorted by PageRank, highest first."""

    nodes: list[NodeData]
    edges: list[EdgeData]
    communities: list[list[str]]
    physics: bool  # False: positions are precomputed (x, y set on every node)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def graph_page_data(
    store: KGStore,
    filters: GraphFilter | None = None,
    *,
    seed: int = DEFAULT_SEED,
    evidence_per_edge: int = EVIDENCE_PER_EDGE,
) -> GraphData:
    """The page data for the store's graph under `filters` (kg.analytics projection and
    metrics, plus up to `evidence_per_edge` evidence sentences per relation).

    Raises `kg.analytics.FilterError` for an unknown actor.
    """
    filt = filters or GraphFilter()
    graph = project(store, filt)
    evidence = edge_evidence(store, filt, graph, per_edge=evidence_per_edge)
    return graph_data_from_graph(graph, evidence, edge_timeline(store, filt), seed=seed)


def graph_data_from_graph(
    graph: nx.MultiDiGraph,
    evidence: Mapping[EdgeKey, list[EvidenceItem]] | None = None,
    timeline: Mapping[EdgeKey, Timeline] | None = None,
    *,
    seed: int = DEFAULT_SEED,
    physics_max_nodes: int = PHYSICS_MAX_NODES,
    physics_max_edges: int = PHYSICS_MAX_EDGES,
) -> GraphData:
    """Page data from a projection-shaped MultiDiGraph (`kg.analytics.project` or
    `graph_from_relations`); `evidence` maps (subject, predicate, object) to sentences,
    `timeline` to mentions per day (`edge_timeline`)."""
    ranks = pagerank(collapse(graph))
    simple = undirected(graph)  # once: building it is a good part of the time on big graphs
    parts = communities(simple, seed=seed)
    community_of = {n: i for i, part in enumerate(parts) for n in part}
    edges, relations = _edges(graph, evidence or {}, timeline or {})
    physics = len(graph) <= physics_max_nodes and len(edges) <= physics_max_edges
    positions = {} if physics else community_layout(simple, parts, seed=seed)
    nodes = []
    for n in graph:
        attrs = graph.nodes[n]
        x, y = positions.get(n, (None, None))
        nodes.append(
            NodeData(
                id=str(n),
                label=_label(graph, n),
                type=attrs.get("type"),
                wikidata=attrs.get("wikidata"),
                pagerank=_finite(ranks.get(n, 0.0)),
                community=community_of.get(n),
                relations=sorted(relations[n], key=lambda r: (-r.mentions, r.other, r.predicate))[
                    :TOP_RELATIONS
                ],
                x=x,
                y=y,
                degree=simple.degree(n) if n in simple else 0,
                aliases=list(attrs.get("aliases") or ()),
            )
        )
    nodes.sort(key=lambda node: (-node.pagerank, node.id))
    return GraphData(
        nodes=nodes,
        edges=edges,
        communities=[[str(n) for n in part] for part in parts],
        physics=physics,
    )


def _label(graph: nx.MultiDiGraph, n: Any) -> str:
    return str(graph.nodes[n].get("label") or n)


def _edges(
    graph: nx.MultiDiGraph,
    evidence: Mapping[EdgeKey, list[EvidenceItem]],
    timeline: Mapping[EdgeKey, Timeline],
) -> tuple[list[EdgeData], dict[Any, list[RelationSummary]]]:
    """The page's edges (sorted) and each actor's relations."""
    relations: dict[Any, list[RelationSummary]] = defaultdict(list)
    edges: list[EdgeData] = []
    for u, v, key, d in sorted(
        graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    ):
        pred = str(d.get("predicate", key))
        mentions = int(d.get("weight", 1))
        days, undated = timeline.get((str(u), pred, str(v)), ({}, 0))
        edges.append(
            EdgeData(
                source=str(u),
                target=str(v),
                predicate=pred,
                sign=d.get("sign"),
                mentions=mentions,
                evidence=list(evidence.get((str(u), pred, str(v)), ())),
                documents=int(d.get("documents", len(d.get("docs") or ()))),
                first_seen=d.get("first_seen"),
                last_seen=d.get("last_seen"),
                timeline=dict(days),
                undated=undated,
            )
        )
        relations[u].append(RelationSummary("out", pred, _label(graph, v), mentions))
        if v != u:
            relations[v].append(RelationSummary("in", pred, _label(graph, u), mentions))
    return edges, relations


# ------------------------------------------------------------------ evidence

_EVIDENCE = """
SELECT DISTINCT ?m ?s ?p ?o ?sentence ?c ?d ?docid ?title ?day
WHERE {{
  {values}
  ?m a kg:RelationMention ; kg:subject ?s ; kg:predicate ?p ; kg:object ?o ;
     kg:negated false ; kg:confidence ?c ; kg:sentence ?sentence ; prov:wasDerivedFrom ?d .
  FILTER NOT EXISTS {{ ?m kg:modality ?modality }}
  OPTIONAL {{ ?d dcterms:identifier ?docid }}
  OPTIONAL {{ ?d dcterms:title ?title }}
  OPTIONAL {{ ?d dcterms:issued ?issued }}
  BIND(IF(REGEX(STR(?issued), "^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}"),
          SUBSTR(STR(?issued), 1, 10), ?none) AS ?day)
  {filters}
}}
"""


def evidence_query(filt: GraphFilter, subjects: list[str] | None = None) -> str:
    """SPARQL for the affirmed mentions that `kg.analytics.project` counts under `filt`,
    with their sentences and documents (optionally only those of `subjects`)."""
    values = [filt.sparql_predicate_values()]
    if subjects is not None:
        values.append("VALUES ?s { " + " ".join(actor_iri(s).n3() for s in subjects) + " }")
    filters = filt.sparql_mention_filters()
    return _EVIDENCE.format(values="\n  ".join(values), filters="\n  ".join(filters))


def edge_evidence(
    store: KGStore,
    filt: GraphFilter,
    graph: nx.MultiDiGraph,
    *,
    per_edge: int = EVIDENCE_PER_EDGE,
) -> dict[EdgeKey, list[EvidenceItem]]:
    """Up to `per_edge` evidence sentences for each edge of `graph`: most confident first,
    then newest; a sentence repeated in several documents is shown once."""
    wanted = {
        (str(u), str(d.get("predicate", k)), str(v))
        for u, v, k, d in graph.edges(keys=True, data=True)
    }
    if not wanted or per_edge <= 0:
        return {}
    # rolled up, an edge's subjects are the officials behind it: no VALUES on the subject
    mapping = rollup_map(store) if filt.rollup else {}
    small = len(graph) <= _VALUES_LIMIT and not mapping
    subjects = sorted({s for s, _, _ in wanted}) if small else None
    found: dict[EdgeKey, list[EvidenceItem]] = defaultdict(list)
    for row in store.query(evidence_query(filt, subjects)).records():
        key = _rolled_key(row, mapping)
        if key not in wanted:
            continue
        found[key].append(
            EvidenceItem(
                doc=str(row["docid"] or _local(row["d"], DOC)),
                sentence=str(row["sentence"]),
                title=None if row["title"] is None else str(row["title"]),
                published=None if row["day"] is None else str(row["day"]),
                confidence=_float(row["c"]),
            )
        )
    out: dict[EdgeKey, list[EvidenceItem]] = {}
    for key, items in found.items():
        items.sort(key=lambda e: e.published or "", reverse=True)
        items.sort(key=lambda e: -(e.confidence or 0.0))  # stable: newest first within ties
        seen: set[str] = set()
        kept = []
        for item in items:
            if item.sentence not in seen:
                seen.add(item.sentence)
                kept.append(item)
            if len(kept) == per_edge:
                break
        out[key] = kept
    return out


_TIMELINE = """
SELECT ?s ?p ?o ?day (COUNT(DISTINCT ?m) AS ?n) (COUNT(DISTINCT ?d) AS ?nd)
       (MIN(?c) AS ?cmin) (MAX(?c) AS ?cmax)
WHERE {{""" + AFFIRMED_MENTIONS + """}}
GROUP BY ?s ?p ?o ?day
"""


def edge_timeline(store: KGStore, filt: GraphFilter) -> dict[EdgeKey, Timeline]:
    """Per relation: the mentions `project` counts, by document day, and those of undated
    documents (the page's time slider filters with these)."""
    return timeline_relations(store, filt)[1]


def timeline_relations(
    store: KGStore, filt: GraphFilter
) -> tuple[list[dict[str, Any]], dict[EdgeKey, Timeline]]:
    """The relations `project` finds (as `graph_from_relations` mappings, with a document
    count instead of the document list) and their timelines, from one query: the graph
    page needs both, and the day-grouped query costs about what `edge_query` alone does."""
    query = _TIMELINE.format(
        values=filt.sparql_predicate_values(), filters="\n  ".join(filt.sparql_mention_filters())
    )
    days: dict[EdgeKey, dict[str, int]] = defaultdict(dict)
    undated: dict[EdgeKey, int] = defaultdict(int)
    stats: dict[EdgeKey, list[Any]] = {}
    mapping = rollup_map(store) if filt.rollup else {}
    for row in store.query(query).records():
        key = _rolled_key(row, mapping)
        if key is None:
            continue
        n, day = int(row["n"]), None if row["day"] is None else str(row["day"])
        if day is None:
            undated[key] += n
        else:
            days[key][day] = days[key].get(day, 0) + n  # rolled-up rows share keys
        cmin, cmax = _float(row["cmin"]), _float(row["cmax"])
        old = stats.setdefault(key, [0, 0, cmin, cmax])
        old[0] += n
        old[1] += int(row["nd"])
        old[2] = min(x for x in (old[2], cmin) if x is not None) if cmin is not None else old[2]
        old[3] = max(x for x in (old[3], cmax) if x is not None) if cmax is not None else old[3]
    relations = []
    timeline: dict[EdgeKey, Timeline] = {}
    for key, (n, docs, cmin, cmax) in sorted(stats.items()):
        if n < filt.min_mentions:
            continue
        seen = sorted(days.get(key, {}))
        relations.append({
            "subject": key[0], "predicate": key[1], "object": key[2], "weight": n,
            "confidence_min": cmin, "confidence_max": cmax,
            "first_seen": seen[0] if seen else None, "last_seen": seen[-1] if seen else None,
            "documents": docs,
        })
        timeline[key] = ({d: days[key][d] for d in seen}, undated.get(key, 0))
    return relations, timeline


def _rolled_key(row: Mapping[str, Any], mapping: Mapping[str, str]) -> EdgeKey | None:
    """A row's (subject, predicate, object) after the roll-up (None: a self-loop it made)."""
    s, o = _local(row["s"], ACTOR), _local(row["o"], ACTOR)
    pair = rolled_pair(s, o, mapping)
    return None if pair is None else (pair[0], _local(row["p"], None), pair[1])


def _local(iri: Any, ns: Any) -> str:
    text = str(iri)
    if ns is None:  # a predicate IRI: kg:opposes → opposes
        return text.rsplit("#", 1)[-1]
    return unquote(text[len(ns) :]) if text.startswith(str(ns)) else text


def _float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _finite(x: float) -> float:
    return float(x) if math.isfinite(x) else 0.0
