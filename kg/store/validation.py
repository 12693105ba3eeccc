"""SHACL validation with pyshacl (serialised: rdflib's SPARQL parser is not thread-safe)."""

from __future__ import annotations

import threading

from pyshacl import validate
from rdflib import Graph

from kg.store.schema import shapes_graph

_LOCK = threading.Lock()


def validate_graph(data: Graph) -> tuple[bool, str]:
    """Validate `data` against the kg-news shapes; returns (conforms, report text)."""
    with _LOCK:
        conforms, _report, text = validate(
            data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True
        )
    return bool(conforms), str(text)
