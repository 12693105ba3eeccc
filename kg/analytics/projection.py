"""The store as networkx graphs.

`project(store, filter)` → `MultiDiGraph`: one node per actor (id; attributes label, type,
wikidata), one edge per asserted relation, keyed by predicate, with attributes

    predicate, weight (supporting mentions: not negated, no modality), sign (+1/0/-1, None
    for structural predicates), confidence_min, confidence_max, first_seen, last_seen
    (ISO dates of the documents, None where undated), docs (document ids)

`collapse(M)` gives the signed `DiGraph` (one edge per ordered pair) and `undirected(M)` the
signed `Graph` (one edge per unordered pair); both carry weight, positive, negative,
neutral, structural (mention counts by polarity), net (positive - negative), sign
(the sign of net) and predicates ({predicate: mentions}). Self-loops are left out of both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

import networkx as nx

from kg.analytics.filters import FilterError, GraphFilter, predicate_polarity
from kg.analytics.rollup import rollup_graph, rollup_map
from kg.model import ACTOR_TYPES, PREDICATES
from kg.store.base import KGStore
from kg.store.namespaces import ACTOR, DOC, KG, predicate_name

_SEP = " "  # document IRIs are percent-encoded: never hold a space

# Affirmed mentions (not negated, no modality) with their confidence ?c, document ?d and the
# document's day ?day; `{values}` and `{filters}` narrow them. Shared with the graph page's
# timeline (kg.viz.data), so both count the same mentions.
AFFIRMED_MENTIONS = """
  {values}
  ?m a kg:RelationMention ; kg:subject ?s ; kg:predicate ?p ; kg:object ?o ;
     kg:negated false ; kg:confidence ?c ; prov:wasDerivedFrom ?d .
  FILTER NOT EXISTS {{ ?m kg:modality ?modality }}
  OPTIONAL {{ ?d dcterms:issued ?issued }}
  BIND(IF(REGEX(STR(?issued), "^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}"),
          SUBSTR(STR(?issued), 1, 10), ?none) AS ?day)
  {filters}
"""

_EDGES = """
SELECT ?s ?p ?o (COUNT(DISTINCT ?m) AS ?n) (MIN(?c) AS ?cmin) (MAX(?c) AS ?cmax)
       (MIN(?day) AS ?first) (MAX(?day) AS ?last)
       (GROUP_CONCAT(DISTINCT STR(?d); separator="{sep}") AS ?docs)
WHERE {{""" + AFFIRMED_MENTIONS + """}}
GROUP BY ?s ?p ?o
{having}
"""

# Three flat queries: joining labels, types and Wikidata matches in one query multiplies the rows by
# the number of documents per actor, cubed (each document graph repeats the actor).
_ACTOR_LABELS = (
    'SELECT DISTINCT ?a ?v WHERE {{ ?a rdfs:label ?v FILTER(STRSTARTS(STR(?a), "{ns}")) }}'
)
_ACTOR_TYPES = "SELECT DISTINCT ?a ?v WHERE {{ VALUES ?v {{ {classes} }} ?a a ?v }}"
_ACTOR_WIKIDATA = (
    'SELECT DISTINCT ?a ?v WHERE {{ ?a skos:exactMatch ?v FILTER(STRSTARTS(STR(?a), "{ns}")) }}'
)


def edge_query(filt: GraphFilter | None = None) -> str:
    """The SPARQL SELECT behind `project`: one row per asserted (subject, predicate, object)."""
    filt = filt or GraphFilter()
    values = filt.sparql_predicate_values()
    filters = filt.sparql_mention_filters()
    having = f"HAVING (COUNT(DISTINCT ?m) >= {filt.min_mentions})" if filt.min_mentions > 1 else ""
    return _EDGES.format(sep=_SEP, values=values, filters="\n  ".join(filters), having=having)


def actor_table(store: KGStore) -> dict[str, dict[str, Any]]:
    """Every actor in the store: id → {label, type, wikidata}."""
    classes = {str(KG[t.capitalize()]): t for t in ACTOR_TYPES}
    out: dict[str, dict[str, Any]] = {}

    def rows(template: str) -> list[tuple[str, str]]:
        text = template.format(ns=ACTOR, classes=" ".join(f"<{c}>" for c in classes))
        return sorted((str(a), str(v)) for a, v in store.query(text).rows)

    for iri, label in rows(_ACTOR_LABELS):
        out.setdefault(_actor_id(iri), {"label": label, "type": None, "wikidata": None})
    for field, template, value in (
        ("type", _ACTOR_TYPES, classes.get),
        ("wikidata", _ACTOR_WIKIDATA, lambda v: v.rsplit("/", 1)[-1]),
    ):
        for iri, v in rows(template):
            entry = out.get(_actor_id(iri))
            if entry is not None and entry[field] is None:
                entry[field] = value(v)
    return out


def project(store: KGStore, filt: GraphFilter | None = None) -> nx.MultiDiGraph:
    """The (filtered) asserted relations of the store as a MultiDiGraph (see module doc)."""
    filt = filt or GraphFilter()
    polarity = predicate_polarity()
    actors = actor_table(store)
    graph = nx.MultiDiGraph(filter=filt.to_json(), source=getattr(store, "spec", None))
    # rolled up, min_mentions counts the merged edges: the query must not cut them first
    query = edge_query(replace(filt, min_mentions=1) if filt.rollup else filt)
    for row in store.query(query).records():
        pred = predicate_name(row["p"])
        if pred not in polarity:
            continue
        s, o = _actor_id(row["s"]), _actor_id(row["o"])
        for node in (s, o):
            if node not in graph:
                graph.add_node(node, **_node_attrs(node, actors))
        graph.add_edge(
            s,
            o,
            key=pred,
            predicate=pred,
            weight=int(row["n"]),
            sign=polarity[pred],
            confidence_min=_float(row["cmin"]),
            confidence_max=_float(row["cmax"]),
            first_seen=_str(row["first"]),
            last_seen=_str(row["last"]),
            docs=sorted(_doc_id(d) for d in (row["docs"] or "").split(_SEP) if d),
        )
    if filt.rollup:
        graph = rollup_graph(graph, rollup_map(store), filt.min_mentions, actors)
    if filt.actor is not None:
        graph = neighbourhood(graph, resolve_actor(filt.actor, actors, graph), filt.hops, actors)
    return graph


def resolve_actor(
    name: str, actors: Mapping[str, Mapping[str, Any]], graph: nx.Graph | None = None
) -> str:
    """An actor id from an id, a label or a Wikidata id (case-insensitive); FilterError if none."""
    table = dict(actors)
    if graph is not None:
        table.update({n: graph.nodes[n] for n in graph if n not in table})
    if name in table:
        return name
    key = name.casefold()
    for field in (None, "label", "wikidata"):
        for actor_id, attrs in sorted(table.items()):
            value = actor_id if field is None else attrs.get(field)
            if isinstance(value, str) and value.casefold() == key:
                return actor_id
    raise FilterError(f"unknown actor {name!r} (give an actor id, label or Wikidata id)")


def neighbourhood(
    graph: nx.MultiDiGraph,
    actor: str,
    hops: int,
    actors: Mapping[str, Mapping[str, Any]] | None = None,
) -> nx.MultiDiGraph:
    """The `hops`-hop neighbourhood of `actor`, edge directions ignored."""
    if actor not in graph:
        out = _empty_like(graph)
        out.add_node(actor, **_node_attrs(actor, actors or {}))
        return out
    return nx.ego_graph(graph, actor, radius=hops, undirected=True)


def filter_graph(graph: nx.MultiDiGraph, filt: GraphFilter) -> nx.MultiDiGraph:
    """Apply the edge-level parts of a filter (predicates, polarity, min_mentions, actor/hops)
    to a graph already built; the mention-level parts (confidence, dates) need `project`."""
    keep = set(filt.selected_predicates)
    out = _empty_like(graph)
    out.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if d.get("predicate", k) in keep and d.get("weight", 1) >= filt.min_mentions
    )
    for n in out:
        out.nodes[n].update(graph.nodes[n])
    if filt.actor is not None:
        actors = {n: graph.nodes[n] for n in graph}
        out = neighbourhood(out, resolve_actor(filt.actor, actors), filt.hops, actors)
    return out


def graph_from_relations(
    relations: Iterable[tuple[Any, ...] | Mapping[str, Any]],
    actors: Mapping[str, Mapping[str, Any]] | None = None,
) -> nx.MultiDiGraph:
    """A projection-shaped MultiDiGraph from hand-made relations (tests, notebooks).

    Each relation is (subject, predicate, object[, weight]) or a mapping with those keys
    and any edge attributes; repeating a relation adds to its weight.
    """
    polarity = predicate_polarity()
    graph = nx.MultiDiGraph()
    for rel in relations:
        attrs = (
            dict(rel)
            if isinstance(rel, Mapping)
            else dict(zip(("subject", "predicate", "object", "weight"), rel, strict=False))
        )
        s, p, o = attrs.pop("subject"), attrs.pop("predicate"), attrs.pop("object")
        if p not in polarity:
            raise ValueError(f"unknown predicate {p!r}; use {', '.join(PREDICATES)}")
        weight = int(attrs.pop("weight", 1))
        for node in (s, o):
            if node not in graph:
                graph.add_node(node, **_node_attrs(node, actors or {}))
        if graph.has_edge(s, o, key=p):
            graph.edges[s, o, p]["weight"] += weight
            continue
        edge = {
            "predicate": p,
            "weight": weight,
            "sign": polarity[p],
            "confidence_min": None,
            "confidence_max": None,
            "first_seen": None,
            "last_seen": None,
            "docs": [],
        }
        edge.update(attrs)
        graph.add_edge(s, o, key=p, **edge)
    return graph


_COUNTS = ("weight", "positive", "negative", "neutral", "structural")


def collapse(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """The signed DiGraph: one edge per ordered pair with mention counts and the net sign."""
    return _signed(graph, graph, nx.DiGraph)


def undirected(graph: nx.MultiDiGraph | nx.DiGraph) -> nx.Graph:
    """The signed Graph: one edge per unordered pair, both directions summed."""
    return _signed(graph if graph.is_multigraph() else _expand(graph), graph, nx.Graph)


def _signed(edges: nx.MultiDiGraph, graph: nx.Graph, kind: type[nx.Graph]) -> nx.Graph:
    """Merge the relation edges of `edges` into one `kind` edge per pair (no self-loops)."""
    out = _empty_like(graph, kind)
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in edges.edges(data=True):
        if u != v:
            _merge(out, u, v, data)
    _finish(out)
    return out


def signed_edges(graph: nx.Graph) -> nx.Graph:
    """The undirected graph restricted to pairs with a non-zero net sign (for balance)."""
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    out.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if d.get("sign"))
    return out


def _merge(out: nx.Graph, u: str, v: str, data: Mapping[str, Any]) -> None:
    if out.has_edge(u, v):
        edge = out.edges[u, v]
    else:
        out.add_edge(
            u, v, **dict.fromkeys(_COUNTS, 0), predicates={}, first_seen=None, last_seen=None
        )
        edge = out.edges[u, v]
    if "predicates" in data:  # an already collapsed edge (undirected() of a DiGraph)
        for key in _COUNTS:
            edge[key] += data[key]
        for p, n in data["predicates"].items():
            edge["predicates"][p] = edge["predicates"].get(p, 0) + n
    else:
        weight, sign = int(data.get("weight", 1)), data.get("sign")
        edge["weight"] += weight
        bucket = {1: "positive", -1: "negative", 0: "neutral"}.get(sign, "structural")
        edge[bucket] += weight
        pred = data.get("predicate", "?")
        edge["predicates"][pred] = edge["predicates"].get(pred, 0) + weight
    for key, pick in (("first_seen", min), ("last_seen", max)):
        seen = [x for x in (edge[key], data.get(key)) if x]
        edge[key] = pick(seen) if seen else None


def _finish(out: nx.Graph) -> None:
    for _, _, edge in out.edges(data=True):
        edge["net"] = edge["positive"] - edge["negative"]
        edge["sign"] = (edge["net"] > 0) - (edge["net"] < 0)


def _empty_like(graph: nx.Graph, cls: type[nx.Graph] | None = None) -> Any:
    """An empty graph of `cls` (default: the type of `graph`) with a copy of its graph data."""
    out = (cls or type(graph))()
    out.graph.update(graph.graph)
    return out


def _expand(graph: nx.DiGraph) -> nx.MultiDiGraph:
    multi = nx.MultiDiGraph()
    multi.add_edges_from(graph.edges(data=True))
    return multi


def _node_attrs(node: str, actors: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    info = actors.get(node, {})
    return {
        "label": info.get("label") or node,
        "type": info.get("type"),
        "wikidata": info.get("wikidata"),
    }


def _actor_id(iri: str) -> str:
    return unquote(iri[len(ACTOR) :]) if iri.startswith(str(ACTOR)) else iri


def _doc_id(iri: str) -> str:
    return unquote(iri[len(DOC) :]) if iri.startswith(str(DOC)) else iri


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
