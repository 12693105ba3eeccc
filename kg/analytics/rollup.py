"""Roll officials up to the state or organisation they act for (`rollup="state"`).

`rollup_map(store)` reads every `kg:affiliation` (actor → actor, in the shared descriptions
graph) with one SPARQL query and follows each chain to its end (at most `MAX_HOPS` hops;
a cycle stops where it would repeat). Each read path (projection, graph page, /relations)
renames subjects and objects with it, merges what then coincides and drops the self-loops
the renaming made (an official of X criticising X).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote

import networkx as nx

from kg.analytics.filters import ROLLUPS
from kg.store.base import KGStore
from kg.store.namespaces import ACTOR

__all__ = ["MAX_HOPS", "ROLLUPS", "resolve_chains", "rolled_pair", "rollup_graph", "rollup_map"]
MAX_HOPS = 4  # office → ministry → government → state is already three

_AFFILIATIONS = f"""
SELECT DISTINCT ?a ?b WHERE {{
  ?a kg:affiliation ?b .
  FILTER(STRSTARTS(STR(?a), "{ACTOR}") && STRSTARTS(STR(?b), "{ACTOR}"))
}}"""


def rollup_map(store: KGStore) -> dict[str, str]:
    """Actor id → the id it rolls up to, for every actor with an affiliation."""
    return resolve_chains((_id(str(a)), _id(str(b))) for a, b in store.query(_AFFILIATIONS).rows)


def resolve_chains(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Follow affiliation chains to their end; an actor with several takes the first by id
    (deterministic), and a chain is cut where it would loop."""
    direct: dict[str, str] = {}
    for a, b in sorted(pairs):
        if a != b:
            direct.setdefault(a, b)
    out: dict[str, str] = {}
    for start in direct:
        seen, node = [start], start
        while node in direct and len(seen) <= MAX_HOPS and direct[node] not in seen:
            node = direct[node]
            seen.append(node)
        if node != start:
            out[start] = node
    return out


def rolled_pair(s: str, o: str, mapping: Mapping[str, str]) -> tuple[str, str] | None:
    """(subject, object) after the roll-up; None for a self-loop the roll-up made."""
    rs, ro = mapping.get(s, s), mapping.get(o, o)
    return None if rs == ro and s != o else (rs, ro)


def rollup_graph(graph: nx.MultiDiGraph, mapping: Mapping[str, str], min_mentions: int = 1,
                 actors: Mapping[str, Mapping[str, Any]] | None = None) -> nx.MultiDiGraph:
    """A projection-shaped graph with actors rolled up: edges of the same (subject,
    predicate, object) merged (weights and document counts summed, documents joined,
    confidence and dates widened), new self-loops dropped, then `min_mentions` applied.
    A state that only its officials brought in takes its attributes from `actors`."""
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for u, v, k, data in graph.edges(keys=True, data=True):
        pair = rolled_pair(u, v, mapping)
        if pair is None:
            continue
        key = (pair[0], pair[1], k)
        if key in merged:
            _merge_edge(merged[key], data)
        else:
            merged[key] = {**data, "docs": list(data.get("docs", []))}
    out = type(graph)()
    out.graph.update(graph.graph)
    for (u, v, k), data in merged.items():
        if data.get("weight", 1) < min_mentions:
            continue
        for n in (u, v):
            if n not in out:
                out.add_node(n, **_attrs(n, graph, actors or {}))
        out.add_edge(u, v, key=k, **data)
    return out


def _attrs(node: str, graph: nx.MultiDiGraph,
           actors: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    if node in graph:
        return dict(graph.nodes[node])
    info = actors.get(node, {})
    return {"label": info.get("label") or node, "type": info.get("type"),
            "wikidata": info.get("wikidata")}


def _merge_edge(into: dict[str, Any], data: Mapping[str, Any]) -> None:
    for key in ("weight", "documents"):
        if key in into or key in data:
            into[key] = int(into.get(key, 0)) + int(data.get(key, 0))
    into["docs"] = sorted(set(into.get("docs", [])) | set(data.get("docs", [])))
    for key, pick in (("confidence_min", min), ("confidence_max", max),
                      ("first_seen", min), ("last_seen", max)):
        values = [x for x in (into.get(key), data.get(key)) if x is not None]
        into[key] = pick(values) if values else None


def _id(iri: str) -> str:
    return unquote(iri[len(ACTOR):]) if iri.startswith(str(ACTOR)) else iri
