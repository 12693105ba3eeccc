"""The ontology and SHACL shapes shipped with the package, parsed once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from rdflib import RDFS, Graph, URIRef

from kg.store.namespaces import KG, ONTOLOGY


def _resource(name: str) -> str:
    return files("kg.store").joinpath(name).read_text(encoding="utf-8")


@cache
def _parsed(name: str) -> Graph:
    g = Graph(identifier=ONTOLOGY if name == "ontology.ttl" else None)
    g.parse(data=_resource(name), format="turtle")
    if name == "ontology.ttl":  # every term of the namespace points back at its ontology
        for term in {s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(KG)}:
            g.add((term, RDFS.isDefinedBy, ONTOLOGY))
    return g


def ontology_graph() -> Graph:
    """The kg-news ontology (`ontology.ttl`). Do not modify the returned graph."""
    return _parsed("ontology.ttl")


def shapes_graph() -> Graph:
    """The SHACL shapes (`shapes.ttl`). Do not modify the returned graph."""
    return _parsed("shapes.ttl")
