"""A store behind a remote SPARQL 1.1 endpoint (Query + Update over HTTP), e.g. Oxigraph server.

`sparql+http://HOST:PORT/` → query `/query`, update `/update` (Oxigraph's layout);
`sparql+http://HOST:PORT/ds` → `/ds/query` and `/ds/update` (Fuseki's); a spec ending in
`/query` or `/sparql` uses that URL for queries and `.../update` for updates.
Union queries name the dataset with the standard protocol parameters: every named graph as
a default graph (and as a named graph), unless the server's default graph already is the
union of its graphs (Virtuoso's default), which is probed once. No server-specific
parameter is needed, so any SPARQL 1.1 server with Update can be the backend.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import URIRef

from kg.store.base import Dataset, KGStore
from kg.store.errors import QueryError, RemoteStoreError
from kg.store.rdf import DocGraph, nt_graphs, nt_shared
from kg.store.results import QueryResult
from kg.store.terms import to_ox

SCHEMES = ("sparql+http://", "sparql+https://")
# A graph name nothing is stored under: the protocol's way to say "an empty default graph".
_EMPTY_GRAPH = "urn:x-kg:empty"
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
        self._native_union: bool | None = None

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

    def _raw_query(self, sparql: str, union: bool, dataset: Dataset | None = None
                   ) -> tuple[str, bytes]:
        if dataset is None and union and not self._has_native_union():
            graphs = self._graph_names()
            dataset = Dataset(graphs, graphs)
        params: list[tuple[str, str]] = [("query", sparql)]
        if dataset is not None:
            params += [("default-graph-uri", g) for g in dataset.default_graphs]
            params += [("named-graph-uri", g) for g in dataset.named_graphs]
            if not dataset.default_graphs:
                # an empty default graph: no graph at all would mean "the server's default"
                params.append(("default-graph-uri", _EMPTY_GRAPH))
        return self._post(self.query_url, urlencode(params), "application/x-www-form-urlencoded",
                          _ACCEPT)

    def _graph_names(self) -> tuple[str, ...]:
        ctype, body = self._raw_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                      False)
        results_format = ox.QueryResultsFormat.from_media_type(ctype)
        if results_format is None:
            raise RemoteStoreError(f"{self.query_url}: unexpected response type {ctype}")
        return tuple(sorted(sol["g"].value for sol in  # type: ignore[union-attr]
                            ox.parse_query_results(body, results_format)))

    def _has_native_union(self) -> bool:
        """Whether the server's own default graph is the union of its named graphs: true when
        it sees named-graph data although kg never writes to the default graph."""
        if self._native_union is None:
            named = self._ask("ASK { GRAPH ?g { ?s ?p ?o } }")
            if not named:
                return False  # nothing stored yet: ask again later
            self._native_union = self._ask("ASK { ?s ?p ?o }")
        return self._native_union

    def _ask(self, sparql: str) -> bool:
        return bool(self._query(sparql, False))

    def _query(self, sparql: str, union: bool, dataset: Dataset | None = None) -> QueryResult:
        ctype, body = self._raw_query(sparql, union, dataset)
        if (results_format := ox.QueryResultsFormat.from_media_type(ctype)) is not None:
            return QueryResult.from_oxigraph(ox.parse_query_results(body, results_format))
        triples = [q.triple for q in _parse_rdf(ctype, body)]
        return QueryResult.from_oxigraph(iter(triples))  # type: ignore[arg-type]

    def _replace_graphs(self, docs: list[DocGraph]) -> None:
        self._update(self._replace_update(docs, nt_graphs(docs), nt_shared(docs)))

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
