"""The networkx projection the API computes metrics on.

Built from `kg.analytics`' public pieces (`edge_query`, `graph_from_relations`,
`neighbourhood`) with the API's own actor directory instead of `project()`: its
`actor_table` query joins per-document copies of the actor triples and does not finish
on stores where actors appear in hundreds of documents. Same graph, same attributes;
switch back to `project(store, filt)` once that query is fixed.
"""

from __future__ import annotations

from urllib.parse import unquote

import networkx as nx

from api.reader import actor_directory
from api.state import AppState
from kg.analytics import GraphFilter, edge_query, graph_from_relations
from kg.analytics.projection import neighbourhood
from kg.model import PREDICATES
from kg.store.namespaces import ACTOR, DOC, predicate_name
from kg.viz.data import EdgeKey, Timeline, timeline_relations

_SEP = " "  # edge_query's GROUP_CONCAT separator


def _local(iri: str, ns: str) -> str:
    return unquote(iri[len(ns):]) if iri.startswith(ns) else iri


def project_graph(state: AppState, filt: GraphFilter) -> nx.MultiDiGraph:
    """The filtered asserted relations as a MultiDiGraph, like `kg.analytics.project`."""
    relations = []
    for row in state.store.query(edge_query(filt)).records():
        pred = predicate_name(row["p"])
        if pred not in PREDICATES:
            continue
        relations.append({
            "subject": _local(row["s"], str(ACTOR)),
            "predicate": pred,
            "object": _local(row["o"], str(ACTOR)),
            "weight": int(row["n"]),
            "confidence_min": None if row["cmin"] is None else float(row["cmin"]),
            "confidence_max": None if row["cmax"] is None else float(row["cmax"]),
            "first_seen": None if row["first"] is None else str(row["first"]),
            "last_seen": None if row["last"] is None else str(row["last"]),
            "docs": sorted(_local(d, str(DOC)) for d in (row["docs"] or "").split(_SEP) if d),
        })
    return _graph(state, filt, relations)


def page_graph(state: AppState, filt: GraphFilter) -> tuple[nx.MultiDiGraph,
                                                             dict[EdgeKey, Timeline]]:
    """`project_graph` (edges carry a document count, not the documents) and each
    relation's mentions per day, for the graph page, from one query."""
    relations, timeline = timeline_relations(state.store, filt)
    relations = [r for r in relations if r["predicate"] in PREDICATES]
    return _graph(state, filt, relations), timeline


def _graph(state: AppState, filt: GraphFilter,
           relations: list[dict[str, object]]) -> nx.MultiDiGraph:
    directory = actor_directory(state)
    actors = {a.id: {"label": a.label, "type": a.type, "wikidata": a.wikidata}
              for a in directory.actors.values()}
    graph = graph_from_relations(relations, actors)
    graph.graph.update(filter=filt.to_json(), source=state.settings.store)
    if filt.actor is not None:
        graph = neighbourhood(graph, filt.actor, filt.hops, actors)
    for node, attrs in graph.nodes(data=True):  # the page's search finds actors by alias
        info = directory.actors.get(node)
        attrs["aliases"] = list(info.aliases) if info is not None else []
    return graph
