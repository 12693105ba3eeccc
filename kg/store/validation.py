"""SHACL validation with pyshacl (serialised: rdflib's SPARQL parser is not thread-safe)."""

from __future__ import annotations

import threading

from pyshacl import validate
from rdflib import Graph

from kg.store.schema import ontology_graph, shapes_graph

_LOCK = threading.Lock()


def validate_graph(data: Graph, inference: str = "none") -> tuple[bool, str]:
    """Validate `data` (with the ontology mixed in) against the kg-news shapes, optionally
    after RDFS inference (`inference="rdfs"`); returns (conforms, report text)."""
    with _LOCK:
        conforms, _report, text = validate(
            data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference=inference,
            allow_warnings=True,
        )
    return bool(conforms), str(text)
