"""IRIs that resolve: /actor/{id}, /doc/{id}, /mention/{id}, /ontology, /context.jsonld on a
live `kg serve`, with content negotiation; the JSON-LD export and the ontology's metadata."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import OWL, RDFS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.store import open_store
from kg.store.namespaces import KG, ONTOLOGY, actor_iri, doc_iri
from kg.store.schema import ontology_graph
from tests.servers import ApiServer, launch_api
from tests.store_samples import corpus

FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
           "application/n-triples": "nt", "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    home = tmp_path_factory.mktemp("linked")
    with open_store(home / "kg") as store:
        store.write_documents(corpus(3))
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ.update({"KG_NLP_BACKEND": "spacy", "KG_QUERY_WORKERS": "1"})
    api = launch_api(home / "kg", home / "server.log", environ)
    yield api
    api.stop()


def parse(server: ApiServer, text: str, media: str) -> Graph:
    if media == "application/ld+json":  # the context the document points at, fetched
        doc = json.loads(text)
        assert doc["@context"] == server.url + "/context.jsonld"
        with server.client() as client:
            doc["@context"] = client.get("/context.jsonld").json()["@context"]
        text = json.dumps(doc)
    return Graph().parse(data=text, format=FORMATS[media])


def mention_of(server: ApiServer) -> str:
    with server.client() as client:
        rows = client.get("/sparql", params={"query": "SELECT ?m { ?m a kg:RelationMention } "
                                             "ORDER BY ?m LIMIT 1"}).json()
    return rows["results"]["bindings"][0]["m"]["value"]


@pytest.mark.parametrize("media", list(FORMATS))
def test_resources_in_every_format(server: ApiServer, media: str) -> None:
    mention = mention_of(server)
    cases = {"/actor/Q159": (actor_iri("Q159"), RDFS.label),
             "/doc/doc-0001": (doc_iri("doc-0001"), DCTERMS.identifier),
             "/mention/" + mention.rsplit("/", 1)[1]: (URIRef(mention), KG.sentence),
             "/ontology": (ONTOLOGY, OWL.versionIRI)}
    with server.client() as client:
        for path, (iri, prop) in cases.items():
            response = client.get(path, headers={"Accept": media})
            assert response.status_code == 200, (path, response.text)
            assert response.headers["content-type"].startswith(media)
            assert "Accept" in response.headers["vary"]
            g = parse(server, response.text, media)
            assert g.value(iri, prop) is not None, (path, media)
    # the actor's page shows the edges to it and the documents naming it
    with server.client() as client:
        actor = Graph().parse(data=client.get("/actor/Q7184").text, format="turtle")
    assert (actor_iri("Q159"), KG.opposes, actor_iri("Q7184")) in actor
    assert len(list(actor.subjects(URIRef("https://schema.org/mentions"),
                                   actor_iri("Q7184")))) == 3


def test_html_for_browsers_and_errors(server: ApiServer) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    with server.client() as client:
        page = client.get("/actor/Q159", headers={"Accept": browser})
        assert page.headers["content-type"].startswith("text/html")
        assert f'href="{server.url}/doc/doc-0000"' in page.text  # links stay on the server
        assert "Russia" in page.text
        assert client.get("/actor/Q159").headers["content-type"].startswith("text/turtle")
        assert client.get("/actor/nobody").status_code == 404
        assert client.get("/doc/nothing").status_code == 404
        assert client.get("/actor/Q159", headers={"Accept": "image/png"}).status_code == 406


def test_context_and_compact_json_ld_export(tmp_path: Path) -> None:
    with open_store(tmp_path / "kg") as store:
        store.write_documents(corpus(4))
        out, nq = io.BytesIO(), io.BytesIO()
        store.export("jsonld", out)
        store.export("nq", nq)
    doc = json.loads(out.getvalue())
    assert doc["@context"]["actor"] == "https://w3id.org/kg-news/actor/"
    assert any(node["@id"].startswith("graph:") for node in doc["@graph"])
    a, b = Dataset(), Dataset()
    a.parse(data=out.getvalue(), format="json-ld")
    b.parse(data=nq.getvalue(), format="nquads")
    assert {(s, p, o, str(g)) for s, p, o, g in a.quads()} == \
        {(s, p, o, str(g)) for s, p, o, g in b.quads()}


def test_ontology_metadata() -> None:
    ont = ontology_graph()
    assert ont.value(ONTOLOGY, OWL.versionIRI) is not None
    assert ont.value(ONTOLOGY, DCTERMS.license) is not None
    terms = {s for s in ont.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))}
    assert terms and all(ont.value(t, RDFS.isDefinedBy) == ONTOLOGY for t in terms)


def test_base_iri(tmp_path: Path) -> None:
    """Data built under another base resolves on a server given the same base."""
    import subprocess
    import sys

    base = "https://kg.example.org/news/"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ.update({"KG_BASE_IRI": base, "KG_NLP_BACKEND": "spacy", "KG_QUERY_WORKERS": "1"})
    build = ("from kg.store import open_store\nfrom tests.store_samples import corpus\n"
             f"with open_store({str(tmp_path / 'kg')!r}) as s:\n    s.write_documents(corpus(2))\n")
    subprocess.run([sys.executable, "-c", build], env=environ, check=True,
                   cwd=Path(__file__).parent.parent)
    api = launch_api(tmp_path / "kg", tmp_path / "server.log", environ)
    try:
        with api.client() as client:
            g = Graph().parse(data=client.get("/actor/Q159").text, format="turtle")
            page = client.get("/actor/Q159", headers={"Accept": "text/html"}).text
    finally:
        api.stop()
    assert g.value(URIRef(base + "actor/Q159"), RDFS.label) is not None
    assert f'href="{api.url}/doc/doc-0000"' in page
    bad = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(tmp_path),
                          "--base-iri", "ftp://nowhere"], env=environ, capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "invalid base IRI" in bad.stderr
