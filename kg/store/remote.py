"""A store behind a remote SPARQL 1.1 endpoint (Query + Update over HTTP), e.g. Oxigraph server.

`sparql+http://HOST:PORT/` → query `/query`, update `/update` (Oxigraph's layout);
`sparql+http://HOST:PORT/ds` → `/ds/query` and `/ds/update` (Fuseki's); a spec ending in
`/query` uses that URL for queries and `.../update` for updates; one ending in `/sparql`
uses that URL for both (Virtuoso's layout).
Union queries name the dataset with the standard protocol parameters: each of kg's graphs
as a default graph and as a named graph. No server-specific parameter is needed, so any
SPARQL 1.1 server with Update can be the backend, and graphs of others on the same server
(Virtuoso's system graphs, say) stay out of kg's answers and exports.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import URIRef

from kg.store.base import Dataset, KGStore
from kg.store.errors import QueryError, RemoteStoreError
from kg.store.namespaces import store_graphs_filter
from kg.store.rdf import DocGraph, nt_graphs, nt_shared
from kg.store.results import QueryResult
from kg.store.terms import from_ox, to_ox

SCHEMES = ("sparql+http://", "sparql+https://")
# A graph name nothing is stored under: the protocol's way to say "an empty default graph".
_EMPTY_GRAPH = "urn:x-kg:empty"
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"
_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"
_GRAPH_FORM = re.compile(r"(?:\s|#[^\n]*\n|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*"
                         r"(?:CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_ASK_COLUMN = "__ASK_RETVAL"  # Virtuoso answers ASK as a one-cell table


def endpoints(spec: str) -> tuple[str, str]:
    """`sparql+http://...` → (query URL, update URL)."""
    parts = urlsplit(spec.removeprefix("sparql+"))
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last == "sparql":
        query = update = path
    elif last == "query":
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
        # form-encoded: the one way every SPARQL 1.1 server takes (Virtuoso included)
        self._post(self.update_url, urlencode({"update": sparql}),
                   "application/x-www-form-urlencoded")

    def _raw_query(self, sparql: str, union: bool, dataset: Dataset | None = None,
                   accept: str = _ACCEPT) -> tuple[str, bytes]:
        if dataset is None and union:
            graphs = self._graph_names()
            dataset = Dataset(graphs, graphs)
        params: list[tuple[str, str]] = [("query", sparql)]
        if dataset is not None:
            params += [("default-graph-uri", g) for g in dataset.default_graphs]
            params += [("named-graph-uri", g) for g in dataset.named_graphs]
            # Name an empty graph rather than none: no parameter of a kind may mean "the
            # server's own choice" (Virtuoso shows every named graph then).
            if not dataset.default_graphs:
                params.append(("default-graph-uri", _EMPTY_GRAPH))
            if not dataset.named_graphs:
                params.append(("named-graph-uri", _EMPTY_GRAPH))
        return self._post(self.query_url, urlencode(params), "application/x-www-form-urlencoded",
                          accept)

    def _graph_names(self) -> tuple[str, ...]:
        ctype, body = self._raw_query(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {store_graphs_filter()} }}",
            False)
        results_format = ox.QueryResultsFormat.from_media_type(ctype)
        if results_format is None:
            raise RemoteStoreError(f"{self.query_url}: unexpected response type {ctype}")
        return tuple(sorted(sol["g"].value for sol in  # type: ignore[union-attr]
                            ox.parse_query_results(body, results_format)))

    def _query(self, sparql: str, union: bool, dataset: Dataset | None = None) -> QueryResult:
        # Ask for the form the query gives: Virtuoso answers CONSTRUCT as a table when the
        # client accepts one.
        graph_form = _GRAPH_FORM.match(sparql) is not None
        ctype, body = self._raw_query(sparql, union, dataset,
                                      _GRAPH_ACCEPT if graph_form else _RESULTS_ACCEPT)
        if (results_format := ox.QueryResultsFormat.from_media_type(ctype)) is not None:
            return _results(ox.parse_query_results(body, results_format))
        triples = [_canonical_triple(q.triple) for q in _parse_rdf(ctype, body)]
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
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", graph is None, None, _GRAPH_ACCEPT
        )
        return {_canonical_triple(q.triple) for q in _parse_rdf(ctype, body)}

    def _quads(self, graph: URIRef | None) -> Iterable[ox.Quad]:
        g = "?g" if graph is None else str(to_ox(graph))
        keep = store_graphs_filter() if graph is None else ""
        ctype, body = self._raw_query(
            f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH {g} {{ ?s ?p ?o }} {keep} }}", False
        )
        results_format = ox.QueryResultsFormat.from_media_type(ctype)
        if results_format is None:
            raise RemoteStoreError(f"{self.query_url}: unexpected response type {ctype}")
        fixed = to_ox(graph) if graph is not None else None
        for sol in ox.parse_query_results(body, results_format):  # type: ignore[union-attr]
            yield ox.Quad(sol["s"], sol["p"], _canonical(sol["o"]),  # type: ignore[arg-type]
                          fixed or sol["g"])

    def close(self) -> None:
        pass

    def __repr__(self) -> str:
        return f"RemoteStore({self.spec!r})"


def _parse_rdf(ctype: str, body: bytes) -> Iterable[ox.Quad]:
    rdf_format = ox.RdfFormat.from_media_type(ctype)
    if rdf_format is None:
        raise RemoteStoreError(f"unexpected response type {ctype} from SPARQL endpoint")
    return ox.parse(body, rdf_format)


def _results(parsed: ox.QuerySolutions | ox.QueryBoolean) -> QueryResult:
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(parsed))
    names = [v.value for v in parsed.variables]
    if names == [_ASK_COLUMN]:
        cells = [sol[_ASK_COLUMN] for sol in parsed]
        return QueryResult("ask", boolean=bool(cells) and cells[0] is not None
                           and cells[0].value not in ("0", "false"))
    rows = [tuple(from_ox(_canonical(sol[n])) for n in names) for sol in parsed]  # type: ignore[arg-type]
    return QueryResult("select", variables=names, rows=rows)  # type: ignore[arg-type]


def _canonical(term: Any) -> Any:
    """Booleans in their canonical form (Virtuoso writes false as "0")."""
    if isinstance(term, ox.Literal) and term.datatype.value == _BOOLEAN \
            and term.value in ("0", "1"):
        return ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
    return term


def _canonical_triple(t: ox.Triple) -> ox.Triple:
    return ox.Triple(t.subject, t.predicate, _canonical(t.object))
