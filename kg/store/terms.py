"""Conversion between rdflib terms (used to build and read RDF) and pyoxigraph terms (storage)."""

from __future__ import annotations

import re
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


# N-Triples string escapes (ECHAR); every other character may appear as it is.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


# Characters that may not appear in an IRI reference: with them, text inside <...> could
# end the IRI and inject quads or update operations.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_]+")


def nt_iri(iri: str) -> str:
    """`<iri>`, or ValueError if the IRI holds a character IRIs may not contain."""
    if (bad := _NOT_IN_IRI.search(iri)) is not None:
        raise ValueError(f"invalid IRI {iri[:80]!r}: it contains {bad.group()!r}")
    return f"<{iri}>"


def nt_term(term: Node) -> str:
    """An rdflib term in N-Triples syntax (also valid in N-Quads, Turtle and SPARQL).

    Much cheaper than building pyoxigraph terms. IRIs are checked here (rdflib accepts any
    string); literals are escaped; Oxigraph's parser validates the rest.
    """
    if isinstance(term, URIRef):
        return nt_iri(term)
    if isinstance(term, Literal):
        lexical = str(term).translate(_ESCAPES)
        if term.language:
            return f'"{lexical}"@{term.language}'
        datatype = term.datatype
        if datatype is None or datatype == _XSD_STRING:
            return f'"{lexical}"'
        return f'"{lexical}"^^{_IRI_NT.get(datatype) or _remember(datatype)}'
    if isinstance(term, BNode):
        if not _BNODE_LABEL.fullmatch(term):
            raise ValueError(f"invalid blank node label {term[:80]!r}")
        return f"_:{term}"
    raise TypeError(f"cannot store RDF term {term!r}")


# N-Triples forms of IRIs used as predicates and objects (a small vocabulary: properties,
# classes, actors); bounded, since documents and their IRIs keep coming.
_IRI_NT: dict[Node, str] = {}
_IRI_NT_MAX = 65536


def nt_lines(triples: Iterable[Triple]) -> list[str]:
    """Each triple as `s p o` in N-Triples syntax, without the final ` .`."""
    cache = _IRI_NT
    lines = []
    last_s: Node | None = None
    s_nt = ""
    for s, p, o in triples:
        if s is not last_s:  # consecutive triples mostly share their subject
            last_s, s_nt = s, nt_term(s)
        if (p_nt := cache.get(p)) is None:
            p_nt = _remember(p)
        if type(o) is URIRef:
            if (o_nt := cache.get(o)) is None:
                o_nt = _remember(o)
        else:
            o_nt = nt_term(o)
        lines.append(f"{s_nt} {p_nt} {o_nt}")
    return lines


def _remember(term: Node) -> str:
    if len(_IRI_NT) >= _IRI_NT_MAX:
        _IRI_NT.clear()
    text = _IRI_NT[term] = nt_term(term)
    return text


def nquads(graphs: Iterable[tuple[URIRef, list[str]]]) -> str:
    """N-Quads text for `(graph, nt_lines)` pairs."""
    parts = []
    for graph, lines in graphs:
        suffix = f" {nt_iri(graph)} .\n"
        parts.append(suffix.join(lines) + suffix if lines else "")
    return "".join(parts)
