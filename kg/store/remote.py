"""A store behind a remote SPARQL 1.1 endpoint (Query + Update over HTTP), e.g. Oxigraph server.

`sparql+http://HOST:PORT/` → query `/query`, update `/update` (Oxigraph's layout);
`sparql+http://HOST:PORT/ds` → `/ds/query` and `/ds/update` (Fuseki's); a spec ending in
`/query` or `/sparql` uses that URL for queries and `.../update` for updates.
Queries run over the union of graphs through Oxigraph's `union-default-graph` parameter.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import URIRef

from kg.store.base import KGStore
from kg.store.errors import QueryError, RemoteStoreError
from kg.store.rdf import DocGraph, nt_graphs
from kg.store.results import QueryResult
from kg.store.terms import replace_graphs_update, to_ox

SCHEMES = ("sparql+http://", "sparql+https://")
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"


def endpoints(spec: str) -> tuple[str, str]:
    """`sparql+http://...` → (query URL, update URL)."""
    parts = urlsplit(spec.removeprefix("sparql+"))
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in ("query", "sparql"):
        query, update = path, f"{head}/update"
    else:
        query, update = f"{path}/query", f"{path}/update"
    return (urlunsplit(parts._replace(path=query)), urlunsplit(parts._replace(path=update)))


class RemoteStore(KGStore):
    """Writes go through SPARQL Update (one request per batch, which Oxigraph runs as one
    transaction); reads through SPARQL Query."""

    def __init__(self, spec: str, *, timeout: float = 60.0) -> None:
        super().__init__()
        self.spec = spec
        self.query_url, self.update_url = endpoints(spec)
        self.timeout = timeout

    def _post(
        self, url: str, body: str, content_type: str, accept: str = "*/*"
    ) -> tuple[str, bytes]:
        req = urllib.request.Request(
            url,
            data=body.encode("utf-8"),
            method="POST",
            headers={"Content-Type": content_type, "Accept": accept},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.headers.get_content_type(), resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip().splitlines()
            message = f"{detail[0] if detail else e.reason}"
            if e.code == 400:
                raise QueryError(f"invalid SPARQL: {message}") from None
            raise RemoteStoreError(f"{url}: HTTP {e.code}: {message}") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise RemoteStoreError(f"cannot reach SPARQL endpoint {url}: {reason}") from None

    def _update(self, sparql: str) -> None:
        self._post(self.update_url, sparql, "application/sparql-update")

    def _raw_query(self, sparql: str, union: bool) -> tuple[str, bytes]:
        url = self.query_url + ("?union-default-graph" if union else "")
        return self._post(url, sparql, "application/sparql-query", _ACCEPT)

    def _query(self, sparql: str, union: bool) -> QueryResult:
        ctype, body = self._raw_query(sparql, union)
        if (results_format := ox.QueryResultsFormat.from_media_type(ctype)) is not None:
            return QueryResult.from_oxigraph(ox.parse_query_results(body, results_format))
        triples = [q.triple for q in _parse_rdf(ctype, body)]
        return QueryResult.from_oxigraph(iter(triples))  # type: ignore[arg-type]

    def _replace_graphs(self, docs: list[DocGraph]) -> None:
        self._update(replace_graphs_update(
            nt_graphs(docs)))

    def _drop_graph(self, graph: URIRef) -> None:
        self._update(f"DROP SILENT GRAPH {to_ox(graph)}")

    def _has_graph(self, graph: URIRef) -> bool:
        return bool(self._query(f"ASK {{ GRAPH {to_ox(graph)} {{ ?s ?p ?o }} }}", False))

    def _triples(self, graph: URIRef | None) -> Iterable[ox.Triple]:
        where = "?s ?p ?o" if graph is None else f"GRAPH {to_ox(graph)} {{ ?s ?p ?o }}"
        ctype, body = self._raw_query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", graph is None
        )
        return {q.triple for q in _parse_rdf(ctype, body)}

    def _quads(self, graph: URIRef | None) -> Iterable[ox.Quad]:
        g = "?g" if graph is None else str(to_ox(graph))
        ctype, body = self._raw_query(
            f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", False
        )
        results_format = ox.QueryResultsFormat.from_media_type(ctype)
        if results_format is None:
            raise RemoteStoreError(f"{self.query_url}: unexpected response type {ctype}")
        fixed = to_ox(graph) if graph is not None else None
        for sol in ox.parse_query_results(body, results_format):  # type: ignore[union-attr]
            yield ox.Quad(sol["s"], sol["p"], sol["o"], fixed or sol["g"])  # type: ignore[arg-type]

    def close(self) -> None:
        pass

    def __repr__(self) -> str:
        return f"RemoteStore({self.spec!r})"


def _parse_rdf(ctype: str, body: bytes) -> Iterable[ox.Quad]:
    rdf_format = ox.RdfFormat.from_media_type(ctype)
    if rdf_format is None:
        raise RemoteStoreError(f"unexpected response type {ctype} from SPARQL endpoint")
    return ox.parse(body, rdf_format)
