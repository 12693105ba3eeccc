"""The RDF dataset of a /sparql request, as pyoxigraph query arguments.

The protocol's `default-graph-uri` / `named-graph-uri` replace the query's FROM / FROM
NAMED; giving only `default-graph-uri` leaves no named graph visible, and giving only
`named-graph-uri` leaves the default graph empty, as the SPARQL 1.1 Protocol says. With
neither, the default graph is the union of all graphs — a set, since the store never holds
one triple in two graphs — unless the query names its own dataset.

Kept free of heavy imports: the query worker processes import it.
"""

from __future__ import annotations

import io
from typing import Any

import pyoxigraph as ox

from kg.store.results import QueryResult
from kg.store.safety import declares_dataset
from kg.store.terms import to_ox


def dataset_kwargs(query: str, default_graphs: tuple[str, ...] | list[str],
                   named_graphs: tuple[str, ...] | list[str],
                   base_iri: str | None = None) -> dict[str, Any]:
    """Keyword arguments of `pyoxigraph.Store.query` for the request's dataset and base."""
    kwargs: dict[str, Any] = {}
    if default_graphs or named_graphs:  # the protocol's dataset replaces the query's
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    elif not declares_dataset(query):
        kwargs["use_default_graph_as_union"] = True
    if base_iri:
        kwargs["base_iri"] = base_iri
    return kwargs


def graph_body(result: QueryResult, fmt: str) -> bytes:
    """CONSTRUCT/DESCRIBE triples of a store's answer serialised like the workers do."""
    from api.sparql_worker import GRAPH_FORMATS

    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.triples]  # type: ignore[arg-type]
    out = io.BytesIO()
    ox.serialize(triples, out, GRAPH_FORMATS[fmt][1])
    return out.getvalue()
