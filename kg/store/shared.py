"""Keeping `SHARED_GRAPH` in step with the document graphs.

Writes add shared triples (actor descriptions, asserted edges) next to their document
graphs; within one graph a triple is stored once, so adding is idempotent. When a document
graph is replaced or dropped, `collect_update` removes what no remaining document supports:
an asserted edge without an affirmed mention, an alias no document uses any more, the
whole description of an actor no document mentions, and a run no document came from.
Everything is one SPARQL Update, run in the same request (one transaction) as the write.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from kg.model import PREDICATES
from kg.store.namespaces import KG, PROV, RUNS_GRAPH, SDO, SHARED_GRAPH, SKOS, predicate_iri
from kg.store.terms import nt_iri

_SHARED = nt_iri(SHARED_GRAPH)
_RELATIONS = " ".join(nt_iri(predicate_iri(p)) for p in PREDICATES)
_K = {name: nt_iri(KG[name]) for name in
      ("subject", "predicate", "object", "negated", "modality", "actor", "surfaceForm")}
_MENTIONS = nt_iri(SDO.mentions)
_RUNS = nt_iri(RUNS_GRAPH)
_GENERATED = nt_iri(PROV.wasGeneratedBy)
_ALT = nt_iri(SKOS.altLabel)
_FALSE = '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>'

# MINUS, not FILTER NOT EXISTS: the affirmed mentions are read once (a hash join), not
# once per edge.
_EDGES = f"""DELETE {{ GRAPH {_SHARED} {{ ?s ?p ?o }} }} WHERE {{
  VALUES ?s {{ {{actors}} }} VALUES ?p {{ {_RELATIONS} }}
  GRAPH {_SHARED} {{ ?s ?p ?o }}
  MINUS {{ GRAPH ?g {{
    ?m {_K["subject"]} ?s ; {_K["predicate"]} ?p ; {_K["object"]} ?o ; {_K["negated"]} {_FALSE} .
    FILTER NOT EXISTS {{ ?m {_K["modality"]} ?modality }} }} }}
}}"""
_ALIASES = f"""DELETE {{ GRAPH {_SHARED} {{ ?a {_ALT} ?name }} }} WHERE {{
  VALUES ?a {{ {{actors}} }}
  GRAPH {_SHARED} {{ ?a {_ALT} ?name }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?r {_K["actor"]} ?a ; {_K["surfaceForm"]} ?name }} }}
}}"""
_ACTORS = f"""DELETE {{ GRAPH {_SHARED} {{ ?a ?p ?v }} }} WHERE {{
  VALUES ?a {{ {{actors}} }}
  GRAPH {_SHARED} {{ ?a ?p ?v }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?d {_MENTIONS} ?a }} }}
}}"""

_RUN_LOG = f"""DELETE {{ GRAPH {_RUNS} {{ ?a ?p ?v }} }} WHERE {{
  VALUES ?a {{ {{actors}} }}
  GRAPH {_RUNS} {{ ?a ?p ?v }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?d {_GENERATED} ?a }} }}
}}"""

def mentioned_query(graphs: Iterable[URIRef]) -> str:
    """The actors and runs `graphs` refer to (ask before replacing or dropping them)."""
    values = " ".join(nt_iri(g) for g in graphs)
    return (f"SELECT DISTINCT ?a WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ "
            f"{{ ?d {_MENTIONS} ?a }} UNION {{ ?d a {nt_iri(KG.Document)} ; {_GENERATED} ?a }}"
            " } }")


def collect_update(actors: Iterable[URIRef]) -> list[str]:
    """Update operations removing shared triples about `actors` (and runs) that no
    document supports any more."""
    values = " ".join(sorted(nt_iri(a) for a in actors))
    if not values:
        return []
    return [t.replace("{actors}", values) for t in (_EDGES, _ALIASES, _ACTORS, _RUN_LOG)]


def write_update(graphs: list[tuple[URIRef, list[str]]],
                 shared: list[tuple[URIRef, list[str]]],
                 stale_actors: Iterable[URIRef] = ()) -> str:
    """One SPARQL Update: replace each document graph (`nt_lines`), add the shared lines,
    then drop shared triples about `stale_actors` no document supports any more."""
    ops = [f"DROP SILENT GRAPH {nt_iri(g)}" for g, _ in graphs]
    ops += [_insert(g, lines) for g, lines in [*graphs, *shared] if lines]
    ops += collect_update(stale_actors)
    return " ;\n".join(ops)


def _insert(graph: URIRef, lines: list[str]) -> str:
    body = "".join(f"{line} .\n" for line in lines)
    return f"INSERT DATA {{ GRAPH {nt_iri(graph)} {{\n{body}}} }}"
