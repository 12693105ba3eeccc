"""SPARQL 1.1 Protocol details of /sparql, apart from running queries (`api.sparql_dataset`).

- request parsing: one `query` at most, UTF-8 bodies only, the endpoint's URL as the base
  for relative IRIs (as Oxigraph server does);
- a SPARQL 1.1 Service Description of the endpoint on a bare GET that asks for RDF, listing
  the predeclared prefixes (also listed when a request has no query);
- HEAD, and CORS for reads (`KG_CORS_ORIGINS`, none by default).
"""

from __future__ import annotations

import io
import os

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response

from api.errors import APIError
from api.negotiation import parse_accept

SD = "http://www.w3.org/ns/sparql-service-description#"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_ANYURI = "http://www.w3.org/2001/XMLSchema#anyURI"
FORMATS = "http://www.w3.org/ns/formats/"
#: Result media types → their W3C format IRIs (local names under FORMATS).
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
    "application/n-quads": "N-Quads",
    "application/trig": "TriG",
}
#: Media types a bare GET may ask for to get the service description.
DESCRIPTION_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


def service_description(endpoint: str, prefixes: dict[str, str],
                        result_formats: list[str]) -> list[ox.Triple]:
    """The endpoint described with the SPARQL 1.1 Service Description vocabulary; the
    predeclared prefixes as SHACL prefix declarations (`sh:declare`)."""
    n = ox.NamedNode
    service = n(endpoint)
    triples = [
        ox.Triple(service, n(RDF_TYPE), n(SD + "Service")),
        ox.Triple(service, n(SD + "endpoint"), service),
        ox.Triple(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        ox.Triple(service, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
    ]
    for media in result_formats:
        if media in FORMAT_IRIS:
            triples.append(ox.Triple(service, n(SD + "resultFormat"),
                                     n(FORMATS + FORMAT_IRIS[media])))
    for prefix, namespace in sorted(prefixes.items()):
        decl = ox.BlankNode(f"prefix_{prefix}")
        triples += [
            ox.Triple(service, n(SH + "declare"), decl),
            ox.Triple(decl, n(SH + "prefix"), ox.Literal(prefix)),
            ox.Triple(decl, n(SH + "namespace"), ox.Literal(namespace, datatype=n(XSD_ANYURI))),
        ]
    return triples


def serialize_description(triples: list[ox.Triple], media: str) -> bytes:
    out = io.BytesIO()
    fmt = DESCRIPTION_FORMATS[media]
    prefixes = {"sd": SD, "sh": SH} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    ox.serialize(triples, out, fmt, prefixes=prefixes)
    return out.getvalue()


def prefix_help(prefixes: dict[str, str]) -> str:
    """The predeclared prefixes as PREFIX lines (to copy into a query run elsewhere)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items())


# ------------------------------------------------------------------ request level


def endpoint_url(request: Request) -> str:
    """The endpoint's own URL, without query string: the base of relative IRIs."""
    return str(request.url.replace(query="", fragment=""))


def one_query(values: list[str]) -> str | None:
    """The `query` parameter; more than one is a client error (SPARQL 1.1 Protocol 2.1.4)."""
    if len(values) > 1:
        raise APIError(400, "multiple_queries", "give exactly one query parameter, not "
                       f"{len(values)}")
    return values[0] if values else None


def check_charset(content_type: str | None) -> None:
    """Bodies must be UTF-8 (the protocol's only encoding): another charset is refused."""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in (
                "utf-8", "utf8"):
            raise APIError(415, "unsupported_charset", "SPARQL requests must be UTF-8, not "
                           f"{value.strip()!r}")


def description_media(accept: str | None) -> str | None:
    """The RDF format a bare GET asks for by name (a wildcard is not asking for RDF)."""
    named = [(media, q) for media, q in parse_accept(accept)
             if media in DESCRIPTION_FORMATS and q > 0]
    return max(named, key=lambda mq: mq[1])[0] if named else None


def describe_endpoint(request: Request, media: str, prefixes: dict[str, str],
                      result_formats: list[str]) -> Response:
    triples = service_description(endpoint_url(request), prefixes, result_formats)
    return Response(serialize_description(triples, media), media_type=media)


def missing_query(prefixes: dict[str, str]) -> APIError:
    return APIError(400, "missing_query", "give a SPARQL query as ?query=, as a form field, "
                    "or as an application/sparql-query body. Predeclared prefixes (declare "
                    "them to run the query elsewhere):\n" + prefix_help(prefixes))


def add_cors(app: FastAPI, origins: str | None = None) -> None:
    """CORS for reads from the origins in `KG_CORS_ORIGINS` (comma-separated, `*` for any;
    none by default). Authorization is not an allowed header, so no browser page of another
    origin can send a write."""
    origins = os.environ.get("KG_CORS_ORIGINS", "") if origins is None else origins
    allowed = [o.strip() for o in origins.split(",") if o.strip()]
    if allowed:
        app.add_middleware(CORSMiddleware, allow_origins=allowed,
                           allow_methods=["GET", "HEAD", "POST"],
                           allow_headers=["Accept", "Content-Type"], allow_credentials=False,
                           max_age=600)
