"""The networkx projection the API computes metrics on.

Built from `kg.analytics`' public pieces (`edge_query`, `graph_from_relations`,
`neighbourhood`) with the API's own actor directory instead of `project()`: its
`actor_table` query joins per-document copies of the actor triples and does not finish
on stores where actors appear in hundreds of documents. Same graph, same attributes;
switch back to `project(store, filt)` once that query is fixed.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import unquote

import networkx as nx

from api.reader import ActorDirectory, actor_directory
from api.state import AppState
from kg.analytics import GraphFilter, edge_query, graph_from_relations
from kg.analytics.projection import neighbourhood
from kg.analytics.rollup import rollup_graph, rollup_map
from kg.model import PREDICATES
from kg.store.namespaces import ACTOR, DOC, predicate_name
from kg.viz.data import EdgeKey, Timeline, timeline_relations

_SEP = " "  # edge_query's GROUP_CONCAT separator


def _local(iri: str, ns: str) -> str:
    return unquote(iri[len(ns):]) if iri.startswith(ns) else iri


def project_graph(state: AppState, filt: GraphFilter) -> nx.MultiDiGraph:
    """The filtered asserted relations as a MultiDiGraph, like `kg.analytics.project`."""
    relations = []
    # rolled up, min_mentions counts the merged edges: the query must not cut them first
    query = edge_query(replace(filt, min_mentions=1) if filt.rollup else filt)
    for row in state.store.query(query).records():
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
    graph = _graph(state, filt, relations)
    if filt.rollup:
        directory = actor_directory(state)
        graph = _with_aliases(rollup_graph(graph, rollup_map(state.store), filt.min_mentions,
                                           _actors(directory)), directory)
    return _neighbourhood(graph, filt, state)


def page_graph(state: AppState, filt: GraphFilter) -> tuple[nx.MultiDiGraph,
                                                             dict[EdgeKey, Timeline]]:
    """`project_graph` (edges carry a document count, not the documents) and each
    relation's mentions per day, for the graph page, from one query."""
    relations, timeline = timeline_relations(state.store, filt)  # rolled up there if asked
    relations = [r for r in relations if r["predicate"] in PREDICATES]
    return _neighbourhood(_graph(state, filt, relations), filt, state), timeline


def _graph(state: AppState, filt: GraphFilter,
           relations: list[dict[str, object]]) -> nx.MultiDiGraph:
    directory = actor_directory(state)
    graph = graph_from_relations(relations, _actors(directory))
    graph.graph.update(filter=filt.to_json(), source=state.settings.store)
    return _with_aliases(graph, directory)


def _actors(directory: ActorDirectory) -> dict[str, dict[str, str | None]]:
    return {a.id: {"label": a.label, "type": a.type, "wikidata": a.wikidata}
            for a in directory.actors.values()}


def _with_aliases(graph: nx.MultiDiGraph, directory: ActorDirectory) -> nx.MultiDiGraph:
    """Give each node without them its aliases: the page's search finds actors by alias."""
    for node, attrs in graph.nodes(data=True):
        if "aliases" not in attrs:
            info = directory.actors.get(node)
            attrs["aliases"] = list(info.aliases) if info is not None else []
    return graph


def _neighbourhood(graph: nx.MultiDiGraph, filt: GraphFilter,
                   state: AppState) -> nx.MultiDiGraph:
    if filt.actor is None:
        return graph
    directory = actor_directory(state)
    # a lone actor is added without its aliases
    return _with_aliases(neighbourhood(graph, filt.actor, filt.hops, _actors(directory)),
                         directory)
