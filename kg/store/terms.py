"""Conversion between rdflib terms (used to build and read RDF) and pyoxigraph terms (storage)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TypeAlias

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.store.namespaces import XSD

Triple: TypeAlias = tuple[Node, Node, Node]
OxTerm: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal

_XSD_STRING = str(XSD.string)


@lru_cache(maxsize=65536)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term: Node) -> OxTerm:
    """rdflib term → pyoxigraph term."""
    if type(term) is URIRef:
        return _named(term)
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store RDF term {term!r}")


def from_ox(term: OxTerm | ox.Triple | None) -> Node | None:
    """pyoxigraph term → rdflib term (xsd:string literals come back plain, as rdflib reads them)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return (
            Literal(term.value)
            if datatype == _XSD_STRING
            else Literal(term.value, datatype=datatype)
        )
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported RDF term {term!r}")


def to_ox_quads(triples: Iterable[Triple], graph: URIRef) -> list[ox.Quad]:
    g = _named(str(graph))
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]  # type: ignore[arg-type]


def nt_block(triples: Iterable[Triple]) -> str:
    """Triples as N-Triples lines, which is also valid SPARQL `INSERT DATA` content."""
    return "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples)


def replace_graphs_update(graphs: Iterable[tuple[URIRef, Iterable[Triple]]]) -> str:
    """One SPARQL Update that drops each graph and inserts its new triples."""
    parts = [
        f"DROP SILENT GRAPH {to_ox(g)} ;\nINSERT DATA {{ GRAPH {to_ox(g)} {{\n{nt_block(ts)}\n}} }}"
        for g, ts in graphs
    ]
    return " ;\n".join(parts)
