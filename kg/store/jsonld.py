"""The JSON-LD context of kg-news (published at `/context.jsonld`) and compact JSON-LD.

`CONTEXT` maps the project's prefixes and short names for the common properties (with
`@id` coercion for links and datatypes for typed values). Exports are compacted with the
prefixes only — a compaction that needs no JSON-LD processor: full IRIs in keys, `@id`,
`@type` and datatypes become `prefix:local` names, so the output stays valid JSON-LD under
the published context.
"""

from __future__ import annotations

import json
from typing import Any

from kg.model import PREDICATES
from kg.store.namespaces import PREFIXES


def _terms() -> dict[str, Any]:
    link = {"@type": "@id"}
    terms: dict[str, Any] = {
        "label": "rdfs:label",
        "altLabel": "skos:altLabel",
        "identifier": "dcterms:identifier",
        "title": "dcterms:title",
        "issued": "dcterms:issued",
        "url": {"@id": "schema:url", "@type": "xsd:anyURI"},
        "exactMatch": {"@id": "skos:exactMatch", **link},
        "mentions": {"@id": "schema:mentions", **link},
        "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", **link},
        "wasGeneratedBy": {"@id": "prov:wasGeneratedBy", **link},
        "generatedAtTime": {"@id": "prov:generatedAtTime", "@type": "xsd:dateTime"},
        "subject": {"@id": "kg:subject", **link},
        "predicate": {"@id": "kg:predicate", **link},
        "object": {"@id": "kg:object", **link},
        "source": {"@id": "kg:source", **link},
        "negated": {"@id": "kg:negated", "@type": "xsd:boolean"},
        "confidence": {"@id": "kg:confidence", "@type": "xsd:decimal"},
        "sentence": "kg:sentence",
    }
    for p in PREDICATES:
        terms[p] = {"@id": f"kg:{p}", **link}
    return terms


CONTEXT: dict[str, Any] = {"@context": {**PREFIXES, **_terms()}}


def context_json() -> str:
    return json.dumps(CONTEXT, indent=2, sort_keys=True)


def compact_iri(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """`prefix:local` for an IRI under one of `prefixes` (the longest match), else the IRI."""
    best = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")):
            best = prefix
    if not best:
        return iri
    local = iri[len(prefixes[best]):]
    # "p://x" or an empty local name would not read back as the same IRI
    return iri if local.startswith("//") or not local else f"{best}:{local}"


def compact(document: Any, prefixes: dict[str, str] = PREFIXES) -> Any:
    """Expanded JSON-LD (as pyoxigraph writes it) with IRIs shortened, and the context."""
    body = _compact(document, prefixes)
    return {"@context": dict(prefixes), "@graph": body if isinstance(body, list) else [body]}


def _compact(node: Any, prefixes: dict[str, str]) -> Any:
    if isinstance(node, list):
        return [_compact(n, prefixes) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("@id", "@type") and not ("@value" in node and key == "@id"):
            value = ([compact_iri(v, prefixes) for v in value] if isinstance(value, list)
                     else compact_iri(value, prefixes))
            out[key] = value
        elif key.startswith("@"):
            out[key] = _compact(value, prefixes)
        else:
            out[compact_iri(key, prefixes)] = _compact(value, prefixes)
    return out
