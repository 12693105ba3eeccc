"""IRIs that resolve: what the server says about one of its resources, in the format asked.

`describe(store, kind, id)` is the RDF about `actor/{id}`, `doc/{id}` (the document's whole
graph: everything that document says), `mention/{id}` or the ontology; `render` turns it
into Turtle, JSON-LD (compacted with the published `/context.jsonld`), N-Triples,
RDF/XML or an HTML page whose links to the server's own resources stay on the server.
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.store import KGStore
from kg.store.jsonld import CONTEXT, compact_iri
from kg.store.namespaces import (
    BASE,
    PREFIXES,
    RDFS,
    actor_iri,
    doc_iri,
    graph_iri,
)
from kg.store.schema import ontology_graph

#: media type -> rdflib serializer name; the first is the default for `*/*`.
RDF_MEDIA: dict[str, str] = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
OFFERS = [*RDF_MEDIA, "text/html", "application/json=application/ld+json",
          "application/xml=application/rdf+xml", "text/plain=application/n-triples"]
# Links from an actor that are its mentions' bookkeeping, not statements about it.
_MENTION_LINKS = "kg:subject kg:object kg:source kg:actor"


def resource_iri(kind: str, ident: str) -> URIRef:
    if kind == "actor":
        return actor_iri(ident)
    if kind == "doc":
        return doc_iri(ident)
    return URIRef(f"{BASE}mention/{quote(ident, safe='')}")


def describe(store: KGStore, kind: str, ident: str) -> Graph:
    """The triples about one resource (empty when the server knows nothing of it)."""
    if kind == "ontology":
        return ontology_graph()
    iri = resource_iri(kind, ident).n3()
    if kind == "doc":
        graph = graph_iri(ident).n3()
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    elif kind == "actor":
        sparql = (f"CONSTRUCT {{ {iri} ?p ?o . ?s ?q {iri} }} WHERE {{ {{ {iri} ?p ?o }} UNION "
                  f"{{ ?s ?q {iri} FILTER(?q NOT IN ({_MENTION_LINKS.replace(' ', ', ')})) }} }}")
    else:
        sparql = f"CONSTRUCT WHERE {{ {iri} ?p ?o }}"
    g = Graph()
    for t in store.query(sparql).triples:
        g.add(t)
    return g


def render(g: Graph, media: str, title: str, here: str) -> bytes:
    """`g` as `media`; `here` is the server's base URL (for HTML links)."""
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, override=True)
    if media == "text/html":
        return _html(g, title, here).encode("utf-8")
    if media == "application/ld+json":  # compacted with, then pointing at, /context.jsonld
        doc = json.loads(g.serialize(format="json-ld", context=CONTEXT["@context"],
                                     auto_compact=True))
        doc["@context"] = here.rstrip("/") + "/context.jsonld"
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    return g.serialize(format=RDF_MEDIA[media], encoding="utf-8")


def _link(term: Node, here: str) -> str:
    if isinstance(term, Literal):
        text = html.escape(str(term))
        return f"{text} <small>({html.escape(compact_iri(str(term.datatype)))})</small>" \
            if term.datatype else text
    iri = str(term)
    href = here.rstrip("/") + "/" + iri[len(BASE):] if iri.startswith(BASE) else iri
    return f'<a href="{html.escape(href)}">{html.escape(compact_iri(iri))}</a>'


def _html(g: Graph, title: str, here: str) -> str:
    rows = []
    for s in sorted(set(g.subjects()), key=str):
        label = g.value(s, RDFS.label)
        rows.append(f"<h2>{_link(s, here)}{' — ' + html.escape(label) if label else ''}</h2>"
                    "<table><tr><th>property</th><th>value</th></tr>")
        for p, o in sorted(g.predicate_objects(s), key=lambda po: (str(po[0]), str(po[1]))):
            rows.append(f"<tr><td>{_link(p, here)}</td><td>{_link(o, here)}</td></tr>")
        rows.append("</table>")
    formats = " · ".join(f'<code>{m}</code>' for m in RDF_MEDIA)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>"
            f"{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
            f"<p>Also as {formats} (HTTP content negotiation: the Accept header).</p>"
            f"{''.join(rows)}</body></html>")
