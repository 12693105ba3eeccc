"""Namespaces and IRI minting: the only place where IRIs of this project are built.

The vocabulary (kg:, the ontology, the software agent) lives at `VOCAB`
(https://w3id.org/kg-news/). Instance IRIs (actors, documents, graphs, mentions, runs)
sit under `BASE`: the same, unless `KG_BASE_IRI` (or `--base-iri` on `kg build` / `kg
serve`) names another, e.g. the URL of a deployment that should answer for them. Ids are
percent-encoded, so any document or actor id maps to one valid IRI and back.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from urllib.parse import quote, unquote

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace, URIRef

VOCAB = "https://w3id.org/kg-news/"
DEFAULT_BASE = VOCAB
BASE_ENV = "KG_BASE_IRI"
_BASE_SYNTAX = re.compile(r"https?://[^\s<>\"{}|\\^`#?]+/")


def check_base(iri: str) -> str:
    """`iri` if it can serve as a base for instance IRIs (http(s), ends with /)."""
    if not _BASE_SYNTAX.fullmatch(iri):
        raise ValueError(f"invalid base IRI {iri!r}: give an http(s) IRI ending with '/', "
                         "without query or fragment")
    return iri


BASE = check_base(os.environ.get(BASE_ENV) or DEFAULT_BASE)

KG = Namespace(VOCAB + "ontology#")
ACTOR = Namespace(BASE + "actor/")
DOC = Namespace(BASE + "doc/")
GRAPH = Namespace(BASE + "graph/")
MENTION = Namespace(BASE + "mention/")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: The ontology's own IRI; also the name of the graph holding it in a store.
ONTOLOGY = URIRef(VOCAB + "ontology")
# Derived data (graph metrics), regenerated on demand; not a document graph.
METRICS_GRAPH = URIRef(BASE + "metrics")
#: Descriptions shared by documents (actors, asserted edges), each triple once: a triple
#: in two named graphs would be seen twice in the union default graph (pyoxigraph 0.5).
SHARED_GRAPH = URIRef(BASE + "shared")
#: Extraction runs (prov:Activity), each while a stored document comes from it.
RUNS_GRAPH = URIRef(BASE + "runs")
RUN = Namespace(BASE + "run/")
#: The software agent that extracts: kg itself.
SOFTWARE = URIRef(VOCAB + "software/kg")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "actor": str(ACTOR),
    "doc": str(DOC),
    "graph": str(GRAPH),
    "mention": str(MENTION),
    "wd": str(WD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SDO),
}

__all__ = [
    "ACTOR",
    "BASE",
    "BASE_ENV",
    "DCTERMS",
    "DEFAULT_BASE",
    "DOC",
    "GRAPH",
    "KG",
    "MENTION",
    "METRICS_GRAPH",
    "ONTOLOGY",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "RUN",
    "RUNS_GRAPH",
    "SDO",
    "SH",
    "SHARED_GRAPH",
    "SKOS",
    "SOFTWARE",
    "VOCAB",
    "WD",
    "XSD",
    "actor_iri",
    "check_base",
    "doc_id_of_graph",
    "doc_iri",
    "graph_iri",
    "mention_iri",
    "occurrence_iri",
    "predicate_iri",
    "predicate_name",
    "sparql_prefixes",
    "store_graphs_filter",
    "wikidata_iri",
]


def _local(value: str) -> str:
    return quote(value, safe="")


@lru_cache(maxsize=4096)
def actor_iri(actor_id: str) -> URIRef:
    return ACTOR[_local(actor_id)]


@lru_cache(maxsize=4096)
def doc_iri(doc_id: str) -> URIRef:
    return DOC[_local(doc_id)]


@lru_cache(maxsize=4096)
def graph_iri(doc_id: str) -> URIRef:
    """Name of the graph holding everything taken from one document."""
    return GRAPH[_local(doc_id)]


def doc_id_of_graph(iri: str) -> str | None:
    """Inverse of `graph_iri`; None for graphs that are not document graphs."""
    return unquote(iri[len(GRAPH) :]) if iri.startswith(str(GRAPH)) else None


@lru_cache(maxsize=4096)
def predicate_iri(predicate: str) -> URIRef:
    return KG[predicate]


def predicate_name(iri: str) -> str | None:
    return iri[len(KG) :] if iri.startswith(str(KG)) else None


def wikidata_iri(qid: str | None) -> URIRef | None:
    """`Q159` or a full entity IRI → the Wikidata entity IRI; anything else → None."""
    if not qid:
        return None
    if qid.startswith(str(WD)):
        qid = qid[len(WD):]
    if qid[:1] in ("Q", "q") and qid[1:].isascii() and qid[1:].isdigit():
        return WD["Q" + qid[1:]]
    return None  # anything else would put arbitrary text inside an IRI


@lru_cache(maxsize=16384)
def occurrence_iri(doc_id: str, actor_id: str) -> URIRef:
    """The node for one actor as named in one document (its surface forms there)."""
    return URIRef(f"{doc_iri(doc_id)}#actor={_local(actor_id)}")


def mention_iri(*key: object) -> URIRef:
    """A mention IRI from its identifying fields (same fields → same IRI)."""
    digest = hashlib.sha256("\x1f".join(map(str, key)).encode("utf-8")).hexdigest()
    return MENTION[digest[:24]]


def store_graphs_filter(var: str = "?g") -> str:
    """A SPARQL FILTER keeping the graphs kg writes (a shared server holds others too)."""
    bases = sorted({BASE, VOCAB})
    return "FILTER(" + " || ".join(f'STRSTARTS(STR({var}), "{b}")' for b in bases) + ")"


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, to put in front of a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
