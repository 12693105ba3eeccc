"""The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl)
against a live `kg serve`, on a local store and on a remote one (`oxigraph serve`).

Each W3C test is an HTTP exchange written out below as data: the request (method, path,
headers, body) and what the response must be. Adaptations, each marked in the table:
- the endpoint is `/sparql` (the tests say `/sparql/`);
- the test graphs `http://kasei.us/2009/09/sparql/data/dataN.rdf` are loaded as named
  graphs holding `<dataN.rdf> a foaf:Document` (the content the tests rely on);
- `query_multiple_dataset` sends its two named graphs as two `named-graph-uri` parameters
  (the manifest percent-encodes the `&` between them, a known erratum);
- the endpoint is read-only: every update test must get 400 `read_only`, and the update
  tests' follow-up queries (which check the update's effect) do not apply.
Then kg's own protocol details: base IRI, N-Quads/TriG results, dataset parameters, the
service description, HEAD and CORS.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import FOAF, RDF

from kg.store import open_store
from tests.servers import ApiServer, launch_api
from tests.store_backends import BACKENDS, store_spec
from tests.store_samples import corpus

DATA = "http://kasei.us/2009/09/sparql/data/"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SOLUTIONS = ("application/sparql-results+json", "application/sparql-results+xml",
             "text/csv", "text/tab-separated-values")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/ld+json",
             "application/rdf+xml", "application/n-quads", "application/trig")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
UPDATE = {"Content-Type": "application/sparql-update"}


def g(n: int) -> str:
    return quote(f"{DATA}data{n}.rdf", safe="")


@dataclass
class Case:
    name: str
    method: str
    path: str  # after /sparql
    expect: str  # "true", "false", "tabular", "rdf", "4xx" or "read_only"
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


UPDATE_TEXT = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nCLEAR ALL ;\nINSERT DATA { GRAPH "
               f"<{DATA}data1.rdf> {{ <{DATA}data1.rdf> a foaf:Document }} }}").encode()
TWO = f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}"
NAMED = (f"ASK {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} "
         f"GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}")
W3C = [
    Case("query_post_form", "POST", f"?default-graph-uri={g(0)}", "true", FORM,
         b"query=ASK%20%7B%7D"),
    Case("query_dataset_default_graphs_get", "GET",
         f"?query={quote(TWO)}&default-graph-uri={g(1)}&default-graph-uri={g(2)}", "true"),
    Case("query_dataset_default_graphs_post", "POST",
         f"?default-graph-uri={g(1)}&default-graph-uri={g(2)}", "true", DIRECT, TWO.encode()),
    Case("query_dataset_named_graphs_post", "POST",
         f"?named-graph-uri={g(1)}&named-graph-uri={g(2)}", "true", DIRECT, NAMED.encode()),
    Case("query_dataset_named_graphs_get", "GET",
         f"?query={quote(NAMED)}&named-graph-uri={g(1)}&named-graph-uri={g(2)}", "true"),
    Case("query_dataset_full", "POST",
         f"?default-graph-uri={g(3)}&named-graph-uri={g(1)}&named-graph-uri={g(2)}", "true",
         DIRECT, (f"ASK {{ <{DATA}data3.rdf> a ?type GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }}"
                  f" GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}").encode()),
    Case("query_multiple_dataset (adapted)", "POST",
         f"?named-graph-uri={g(1)}&named-graph-uri={g(2)}", "true", DIRECT,
         (f"ASK FROM <{DATA}data3.rdf> {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} "
          f"GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}").encode()),
    Case("query_get", "GET", f"?query=ASK%20%7B%7D&default-graph-uri={g(0)}", "true"),
    Case("query_content_type_select", "POST", f"?default-graph-uri={g(0)}", "tabular", DIRECT,
         b"SELECT (1 AS ?value) {}"),
    Case("query_content_type_ask", "POST", f"?default-graph-uri={g(0)}", "true", DIRECT,
         b"ASK {}"),
    Case("query_content_type_describe", "POST", f"?default-graph-uri={g(0)}", "rdf", DIRECT,
         b"DESCRIBE <http://example.org/>"),
    Case("query_content_type_construct", "POST", f"?default-graph-uri={g(0)}", "rdf", DIRECT,
         b"CONSTRUCT { <s> <p> 1 } WHERE {}"),
    Case("update_dataset_default_graph", "POST", f"?using-graph-uri={g(1)}", "read_only",
         UPDATE, UPDATE_TEXT),
    Case("update_dataset_default_graphs", "POST",
         f"?using-graph-uri={g(1)}&using-graph-uri={g(2)}", "read_only", UPDATE, UPDATE_TEXT),
    Case("update_dataset_named_graphs", "POST",
         f"?using-named-graph-uri={g(1)}&using-named-graph-uri={g(2)}", "read_only", UPDATE,
         UPDATE_TEXT),
    Case("update_dataset_full", "POST",
         f"?using-graph-uri={g(1)}&using-named-graph-uri={g(2)}", "read_only", UPDATE,
         UPDATE_TEXT),
    Case("update_post_form", "POST", "", "read_only", FORM,
         b"update=CLEAR%20ALL%20%3B%20INSERT%20DATA%20%7B%20%3Cs%3E%20%3Cp%3E%20%3Co%3E%20%7D"),
    Case("update_post_direct", "POST", "", "read_only", UPDATE,
         b"CLEAR ALL ; INSERT DATA { <s> <p> <o> }"),
    Case("update_base_uri", "POST", "", "read_only", UPDATE,
         b"CLEAR GRAPH <http://example.org/protocol-base-test/> ; INSERT DATA { GRAPH "
         b"<http://example.org/protocol-base-test/> { <http://example.org/s> "
         b"<http://example.org/p> <test> } }"),
    Case("query_post_direct", "POST", "", "true", DIRECT, b"ASK {}"),
    Case("bad_query_method", "PUT", f"?query=ASK%20%7B%7D&default-graph-uri={g(0)}", "4xx",
         FORM, b""),
    Case("bad_multiple_queries", "GET", "?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D",
         "4xx"),
    Case("bad_query_wrong_media_type", "POST", "", "4xx", {"Content-Type": "text/plain"},
         b"ASK {}"),
    Case("bad_query_missing_form_type", "POST", "", "4xx", {}, b"query=ASK%20%7B%7D"),
    Case("bad_query_missing_direct_type", "POST", "", "4xx", {}, b"ASK {}"),
    Case("bad_query_non_utf8", "POST", "", "4xx",
         {"Content-Type": "application/sparql-query; charset=UTF-16"},
         "ASK {}".encode("utf-16")),
    Case("bad_query_syntax", "GET", "?query=ASK%20%7B", "4xx"),
    Case("bad_update_get", "GET", "?update=CLEAR%20ALL", "4xx"),
    Case("bad_multiple_updates", "POST", "", "4xx", FORM,
         b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"),
    Case("bad_update_wrong_media_type", "POST", "", "4xx", {"Content-Type": "text/plain"},
         b"CLEAR NAMED"),
    Case("bad_update_missing_form_type", "POST", "", "4xx", {}, b"update=CLEAR%20NAMED"),
    Case("bad_update_non_utf8", "POST", "", "4xx",
         {"Content-Type": "application/sparql-update; charset=UTF-16"},
         "CLEAR NAMED".encode("utf-16")),
    Case("bad_update_syntax", "POST", "", "4xx", FORM, b"update=CLEAR%20XYZ"),
    Case("bad_update_dataset_conflict", "POST", f"?using-graph-uri={g(1)}", "4xx", UPDATE,
         b"CLEAR ALL ; INSERT { <s> <p> <o> } USING <http://example.org/> WHERE {}"),
]


def load_test_data(spec: str) -> None:
    with open_store(spec) as store:
        store.write_documents(corpus(3))
        for n in range(1, 4):
            iri = URIRef(f"{DATA}data{n}.rdf")
            store.replace_graph(iri, [(iri, RDF.type, FOAF.Document)])


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[ApiServer]:
    home = tmp_path_factory.mktemp(f"protocol-{request.param}")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ.update({"KG_NLP_BACKEND": "spacy", "KG_QUERY_WORKERS": "1",
                    "KG_CORS_ORIGINS": "https://reader.example"})
    with store_spec(request.param, home) as spec:
        load_test_data(spec)
        api = launch_api(spec, home / "server.log", environ)  # type: ignore[arg-type]
        yield api
        api.stop()


@pytest.mark.parametrize("case", W3C, ids=[c.name for c in W3C])
def test_w3c_protocol(server: ApiServer, case: Case) -> None:
    with server.client() as client:
        response = client.request(case.method, "/sparql" + case.path, headers=case.headers,
                                  content=case.body)
    ctype = response.headers.get("content-type", "").split(";")[0]
    if case.expect == "4xx":
        assert 400 <= response.status_code < 500, response.text
        return
    if case.expect == "read_only":
        assert response.status_code == 400 and response.json()["error"] == "read_only"
        return
    assert 200 <= response.status_code < 400, response.text
    if case.expect in ("true", "false"):
        assert ctype in SOLUTIONS
        assert response.json()["boolean"] is (case.expect == "true")
    elif case.expect == "tabular":
        assert ctype in SOLUTIONS and response.json()["results"]["bindings"]
    else:
        assert ctype in RDF_TYPES
        Graph().parse(data=response.text, format=ctype)


def get(server: ApiServer, query: str, **kwargs) -> httpx.Response:
    with server.client() as client:
        return client.get("/sparql", params={"query": query, **kwargs.pop("params", {})},
                          **kwargs)


def test_relative_iris_resolve_against_the_endpoint(server: ApiServer) -> None:
    rows = get(server, "SELECT ?x { BIND(<rel> AS ?x) }").json()["results"]["bindings"]
    assert rows == [{"x": {"type": "uri", "value": server.url + "/rel"}}]


@pytest.mark.parametrize("media", ["application/n-quads", "application/trig"])
def test_construct_and_describe_as_datasets(server: ApiServer, media: str) -> None:
    for query in ("CONSTRUCT WHERE { ?d a kg:Document }", "DESCRIBE actor:Q159"):
        response = get(server, query, headers={"Accept": media})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(media)
        dataset = Dataset()
        dataset.parse(data=response.text, format=media)
        assert len(dataset) > 0, query


def test_protocol_dataset_replaces_the_union(server: ApiServer) -> None:
    anything_named = "ASK { GRAPH ?g { ?s ?p ?o } }"
    assert get(server, anything_named).json()["boolean"] is True
    only_default = {"default-graph-uri": f"{DATA}data1.rdf"}
    assert get(server, anything_named, params=only_default).json()["boolean"] is False
    assert get(server, "ASK { ?s a <http://xmlns.com/foaf/0.1/Document> }",
               params=only_default).json()["boolean"]
    only_named = {"named-graph-uri": f"{DATA}data1.rdf"}
    assert get(server, "ASK { ?s ?p ?o }", params=only_named).json()["boolean"] is False
    # no protocol dataset: the union, each triple once
    count = get(server, "SELECT (COUNT(*) AS ?n) { ?s kg:leader_of ?o }").json()
    assert count["results"]["bindings"][0]["n"]["value"] == "1"


def test_ask_in_every_format(server: ApiServer) -> None:
    for fmt, expected in (("json", '"boolean": true'), ("xml", "<boolean>true</boolean>"),
                          ("csv", "true"), ("tsv", "true")):
        response = get(server, "ASK {}", params={"format": fmt})
        assert response.status_code == 200, (fmt, response.text)
        assert expected in response.text.replace('"boolean":true', '"boolean": true'), fmt


def test_service_description(server: ApiServer) -> None:
    with server.client() as client:
        for media in ("text/turtle", "application/ld+json", "application/n-triples",
                      "application/rdf+xml"):
            response = client.get("/sparql", headers={"Accept": media})
            assert response.status_code == 200 and response.headers["content-type"].startswith(
                media)
            sd = Graph().parse(data=response.text, format=media)
            service = URIRef(server.url + "/sparql")
            assert (service, RDF.type, SD.Service) in sd
            assert (service, SD.supportedLanguage, SD.SPARQL11Query) in sd
            declared = {str(sd.value(d, SH.prefix)): str(sd.value(d, SH.namespace))
                        for d in sd.objects(service, SH.declare)}
            assert declared["kg"] == "https://w3id.org/kg-news/ontology#"
        missing = client.get("/sparql")  # no query, no RDF asked for: the help lists prefixes
        assert missing.status_code == 400 and "PREFIX kg: <https://w3id.org/kg-news/ontology#>" \
            in missing.json()["detail"]


def test_head(server: ApiServer) -> None:
    with server.client() as client:
        response = client.head("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"].startswith("application/sparql-results+json")


def test_cors_for_reads_only(server: ApiServer, tmp_path: Path) -> None:
    origin = {"Origin": "https://reader.example"}
    with server.client() as client:
        read = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
        assert read.headers["access-control-allow-origin"] == "https://reader.example"
        other = client.get("/sparql", params={"query": "ASK {}"},
                           headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        write = client.options("/documents/x", headers={
            **origin, "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization"})
        assert write.status_code == 400  # the browser will not send the write


def test_no_cors_unless_configured() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from api.sparql_protocol import add_cors

    app = FastAPI()
    app.get("/x")(lambda: {"ok": True})
    add_cors(app, "")
    response = TestClient(app).get("/x", headers={"Origin": "https://reader.example"})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers
