"""Keeping `SHARED_GRAPH` and `RUNS_GRAPH` in step with the document graphs.

Writes add shared triples (actor descriptions, asserted edges, runs) next to their
document graphs; within one graph a triple is stored once, so adding is idempotent. Before
document graphs are replaced or dropped, `stale_operations` asks the store what they
supported — asserted edges, names (aliases), actors, runs — and which of those another
document (or the new versions being written) still supports; the rest is deleted in the
same update request as the write (one transaction on Oxigraph). Every query binds what it
looks for, so the cost follows the documents written, not the size of the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from kg.store.namespaces import KG, PROV, RUNS_GRAPH, SDO, SHARED_GRAPH, SKOS
from kg.store.rdf import GENERATED_BY, MENTIONS, OCC_NAME, DocGraph
from kg.store.terms import nt_iri, nt_term

Rows = list[tuple[Node | None, ...]]
_SHARED, _RUNS = nt_iri(SHARED_GRAPH), nt_iri(RUNS_GRAPH)
_SUBJ, _PRED, _OBJ = nt_iri(KG.subject), nt_iri(KG.predicate), nt_iri(KG.object)
_NEG, _MOD = nt_iri(KG.negated), nt_iri(KG.modality)
_OCC_ACTOR, _OCC_NAME = nt_iri(KG.actor), nt_iri(KG.surfaceForm)
_MENTIONS, _GENERATED = nt_iri(SDO.mentions), nt_iri(PROV.wasGeneratedBy)
_ALT = nt_iri(SKOS.altLabel)
_FALSE = '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>'
_AFFIRMED = (f"?m {_SUBJ} ?s ; {_PRED} ?p ; {_OBJ} ?o ; {_NEG} {_FALSE} . "
             f"FILTER NOT EXISTS {{ ?m {_MOD} ?modality }}")
# What a document graph supports: variables, the pattern inside GRAPH ?g, and whether
# "supported elsewhere" is best asked with EXISTS (Oxigraph stops at the first match) or as
# a join (its EXISTS does not use the outer bindings of a longer pattern).
_KINDS = {
    "edges": ("?s ?p ?o", _AFFIRMED, False),
    "names": ("?a ?n", f"?r {_OCC_NAME} ?n ; {_OCC_ACTOR} ?a", False),
    "actors": ("?a", f"?d {_MENTIONS} ?a", True),
    "runs": ("?r", f"?x {_GENERATED} ?r", True),  # a document or its mentions
}


@dataclass
class Support:
    """Shared facts a set of documents supports."""

    edges: set[tuple[Node, ...]] = field(default_factory=set)
    names: set[tuple[Node, ...]] = field(default_factory=set)
    actors: set[tuple[Node, ...]] = field(default_factory=set)
    runs: set[tuple[Node, ...]] = field(default_factory=set)


def stale_operations(query: Callable[[str], Rows], dropped: list[URIRef],
                     new: Iterable[DocGraph] = (), per_candidate: bool = False) -> list[str]:
    """Update operations deleting the shared triples that only `dropped` graphs supported
    (`new`: the documents' next versions, written in the same update). `per_candidate`:
    look support up per candidate, stopping at the first match (fast on Oxigraph; Virtuoso
    answers those forms wrongly), else as one join per kind."""
    if not dropped:
        return []
    graphs = " ".join(nt_iri(g) for g in dropped)
    kept = supported_by(new)
    stale = Support()
    others = f"FILTER(?g NOT IN ({graphs.replace(' ', ', ')}))"
    for kind, (variables, pattern, exists) in _KINDS.items():
        candidates = {tuple(r) for r in query(
            f"SELECT DISTINCT {variables} WHERE {{ VALUES ?g {{ {graphs} }} "
            f"GRAPH ?g {{ {pattern} }} }}")} - getattr(kept, kind)
        if candidates:
            find = (_exists if exists else _first_each) if per_candidate else _join
            elsewhere = find(query, sorted(candidates, key=str), variables, pattern, others)
            getattr(stale, kind).update(candidates - elsewhere)
    return _deletions(stale)


def _exists(query: Callable[[str], Rows], candidates: list[tuple[Node, ...]], variables: str,
            pattern: str, others: str) -> set[tuple[Node, ...]]:
    """The candidates another graph supports: one query, EXISTS per candidate."""
    rows = " ".join("(" + " ".join(nt_term(t) for t in c) + ")" for c in candidates)
    return {tuple(r) for r in query(
        f"SELECT DISTINCT {variables} WHERE {{ VALUES ({variables}) {{ {rows} }} "
        f"FILTER EXISTS {{ GRAPH ?g {{ {pattern} }} {others} }} }}")}


def _join(query: Callable[[str], Rows], candidates: list[tuple[Node, ...]], variables: str,
          pattern: str, others: str) -> set[tuple[Node, ...]]:
    """The candidates another graph supports, as one join (reads every supporting match)."""
    rows = " ".join("(" + " ".join(nt_term(t) for t in c) + ")" for c in candidates)
    return {tuple(r) for r in query(
        f"SELECT DISTINCT {variables} WHERE {{ VALUES ({variables}) {{ {rows} }} "
        f"GRAPH ?g {{ {pattern} }} {others} }}")}


def _first_each(query: Callable[[str], Rows], candidates: list[tuple[Node, ...]],
                variables: str, pattern: str, others: str, chunk: int = 200
                ) -> set[tuple[Node, ...]]:
    """The same, as a UNION of one sub-select per candidate with its terms written in and
    LIMIT 1: the engine looks up each with constants and stops at the first match."""
    names = variables.split()
    found: set[tuple[Node, ...]] = set()
    for start in range(0, len(candidates), chunk):
        part = candidates[start:start + chunk]
        branches = []
        for i, cand in enumerate(part):
            bound = pattern
            for name, term in zip(names, cand, strict=True):
                text = nt_term(term)
                bound = re.sub(re.escape(name) + r"\b", lambda _m, t=text: t, bound)
            branches.append(f'{{ SELECT ("{i}" AS ?k) WHERE {{ GRAPH ?g {{ {bound} }} '
                            f"{others} }} LIMIT 1 }}")
        rows = query("SELECT ?k WHERE { " + " UNION ".join(branches) + " }")
        found.update(part[int(str(r[0]))] for r in rows)
    return found


def supported_by(docs: Iterable[DocGraph]) -> Support:
    """What documents about to be written support (read from their triples)."""
    out = Support()
    for d in docs:
        for graph, triples in d.shared:
            if graph == SHARED_GRAPH:
                out.edges.update(t for t in triples if t[1] in _RELATION_SET)
        for _s, p, o in d.triples:
            if p == MENTIONS:
                out.actors.add((o,))
            elif p == GENERATED_BY:
                out.runs.add((o,))
        occurrences = {s: o for s, p, o in d.triples if p == KG.actor}
        out.names.update((occurrences[s], o) for s, p, o in d.triples
                         if p == OCC_NAME and s in occurrences)
    return out


def _deletions(stale: Support) -> list[str]:
    ops = []
    data = [" ".join(nt_term(t) for t in e) + " ." for e in stale.edges]
    data += [f"{nt_term(a)} {_ALT} {nt_term(n)} ." for a, n in stale.names]
    if data:
        ops.append(f"DELETE DATA {{ GRAPH {_SHARED} {{ {' '.join(sorted(data))} }} }}")
    for graph, nodes in ((_SHARED, stale.actors), (_RUNS, stale.runs)):
        if nodes:
            values = " ".join(sorted(nt_term(n[0]) for n in nodes))
            ops.append(f"DELETE {{ GRAPH {graph} {{ ?x ?p ?v }} }} WHERE {{ VALUES ?x "
                       f"{{ {values} }} GRAPH {graph} {{ ?x ?p ?v }} }}")
    return ops


def write_update(graphs: list[tuple[URIRef, list[str]]],
                 shared: list[tuple[URIRef, list[str]]],
                 stale: Iterable[str] = ()) -> str:
    """One SPARQL Update: replace each document graph (`nt_lines`), add the shared lines,
    then run the `stale` deletions."""
    ops = [f"DROP SILENT GRAPH {nt_iri(g)}" for g, _ in graphs]
    ops += [_insert(g, lines) for g, lines in [*graphs, *shared] if lines]
    ops += stale
    return " ;\n".join(ops)


def _insert(graph: URIRef, lines: list[str]) -> str:
    body = "".join(f"{line} .\n" for line in lines)
    return f"INSERT DATA {{ GRAPH {nt_iri(graph)} {{\n{body}}} }}"


def _relations() -> frozenset[URIRef]:
    from kg.model import PREDICATES
    from kg.store.namespaces import predicate_iri

    return frozenset(predicate_iri(p) for p in PREDICATES)


_RELATION_SET = _relations()
