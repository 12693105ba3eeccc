"""Export formats: names accepted by `export`, mapped to pyoxigraph serialisers."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import BinaryIO

import pyoxigraph as ox

from kg.store.jsonld import compact
from kg.store.namespaces import PREFIXES

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def rdf_format(name: str) -> ox.RdfFormat:
    try:
        return EXPORT_FORMATS[name]
    except KeyError:
        raise ValueError(
            f"unknown export format {name!r}; use one of {', '.join(EXPORT_FORMATS)}"
        ) from None


def is_dataset_format(name: str) -> bool:
    return rdf_format(name).supports_datasets


def write_rdf(items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: str, out: BinaryIO) -> int:
    """Serialise sorted triples or quads (same content → same bytes); returns their count.

    JSON-LD comes compacted with the project's prefixes (the `@context` published at
    `/context.jsonld` defines them too)."""
    rows = sorted(items, key=_sort_key)
    if fmt == "jsonld":
        expanded = io.BytesIO()
        ox.serialize(rows, expanded, rdf_format(fmt))
        text = json.dumps(compact(json.loads(expanded.getvalue() or b"[]")),
                          ensure_ascii=False, separators=(",", ":"))
        out.write(text.encode("utf-8"))
        return len(rows)
    prefixes = PREFIXES if fmt in ("turtle", "trig", "xml") else None
    ox.serialize(rows, out, rdf_format(fmt), prefixes=prefixes)
    return len(rows)


def _sort_key(item: ox.Triple | ox.Quad) -> tuple[str, str]:
    if isinstance(item, ox.Quad):
        return str(item.graph_name), str(item.triple)
    return "", str(item)
