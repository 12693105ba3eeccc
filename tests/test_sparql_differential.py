"""Differential test: the same queries on `/sparql` of a live `kg serve` and on rdflib over
the server's own N-Quads export (`/export?format=nq`, parsed as a dataset whose default
graph is the union of its graphs), for a local store and for a remote one (`oxigraph
serve`). Answers must be identical as multisets (as sequences where the query orders them
completely); CONSTRUCT and DESCRIBE answers as graphs.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import rdflib.plugins.sparql
from rdflib import Dataset, Graph, Literal
from rdflib.query import Result
from rdflib.term import Node

from kg.store import open_store
from kg.store.namespaces import SHARED_GRAPH, graph_iri, sparql_prefixes
from tests.servers import ApiServer, launch_api
from tests.store_backends import BACKENDS, store_spec
from tests.store_samples import corpus

SHARED = SHARED_GRAPH.n3()
DOC1 = graph_iri("doc-0001").n3()
QUERIES = [
    # aggregates
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }",
    "SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p",
    "SELECT (COUNT(*) AS ?n) { ?s kg:leader_of ?o }",
    "SELECT (COUNT(*) AS ?n) { ?s kg:opposes ?o }",
    "SELECT ?d (COUNT(?m) AS ?n) { ?m prov:wasDerivedFrom ?d } GROUP BY ?d",
    "SELECT (MIN(?c) AS ?lo) (MAX(?c) AS ?hi) (SUM(?c) AS ?sum) { ?m kg:confidence ?c }",
    "SELECT ?a (COUNT(?alt) AS ?n) { ?a skos:altLabel ?alt } GROUP BY ?a HAVING (COUNT(?alt) > 1)",
    "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s skos:altLabel ?o }",
    "SELECT (COUNT(*) AS ?n) { ?s a kg:Actor . ?s ?p ?o }",
    # basic patterns, VALUES, OPTIONAL, ORDER BY
    "SELECT ?s ?o { ?s kg:leader_of ?o }",
    "SELECT ?a ?label ?wd { VALUES ?a { actor:Q159 actor:Q7184 actor:Q458 actor:nobody } "
    "?a rdfs:label ?label OPTIONAL { ?a skos:exactMatch ?wd } }",
    "SELECT ?label { ?a a kg:Actor ; rdfs:label ?label } ORDER BY ?label LIMIT 8",
    "SELECT DISTINCT ?type { ?a a ?type }",
    "SELECT ?m ?mod { ?m a kg:RelationMention OPTIONAL { ?m kg:modality ?mod } }",
    "SELECT ?d ?t { ?d a kg:Document OPTIONAL { ?d dcterms:title ?t } FILTER(BOUND(?t)) }",
    'SELECT ?a ?l { ?a rdfs:label ?l FILTER(STRSTARTS(?l, "N") || STRSTARTS(?l, "R")) }',
    "SELECT ?a ?b { ?a kg:opposes ?b . ?b kg:attacks|kg:opposes ?a }",
    # property paths
    "SELECT ?s ?o { ?s kg:opposes|kg:criticizes ?o }",
    "SELECT ?x ?y { ?x (kg:supports|kg:opposes|kg:leader_of)+ ?y }",
    "SELECT DISTINCT ?s ?o { ?s kg:opposes|kg:criticizes ?o }",
    "SELECT ?m ?d { ?d ^prov:wasDerivedFrom ?m }",
    "SELECT ?a ?wd { ?m kg:subject/skos:exactMatch ?wd . ?m kg:subject ?a }",
    "SELECT ?d ?a { ?d schema:mentions/rdfs:label ?a }",
    # negation
    "SELECT ?m { ?m a kg:RelationMention MINUS { ?m kg:negated true } }",
    "SELECT ?a { ?a a kg:Actor FILTER NOT EXISTS { ?a skos:exactMatch ?w } }",
    "SELECT ?s ?p ?o { ?s ?p ?o . ?s a kg:Actor . ?o a kg:Actor "
    "FILTER NOT EXISTS { ?m kg:subject ?s ; kg:predicate ?p ; kg:object ?o } }",
    # subqueries
    "SELECT ?a ?n { { SELECT ?a (COUNT(*) AS ?n) { ?m kg:subject ?a } GROUP BY ?a } "
    "FILTER(?n > 1) }",
    "SELECT ?p ?n { VALUES ?p { kg:opposes kg:supports kg:leader_of } "
    "{ SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p } }",
    "SELECT ?label { ?a rdfs:label ?label { SELECT ?a { ?m kg:object ?a } } }",
    # named graphs and datasets
    "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT ?g ?d { GRAPH ?g { ?d a kg:Document } }",
    f"SELECT ?s ?p ?o FROM {SHARED} {{ ?s ?p ?o }}",
    f"SELECT ?g ?d FROM NAMED {DOC1} {{ GRAPH ?g {{ ?d a kg:Document }} }}",
    f"SELECT (COUNT(*) AS ?n) FROM {SHARED} FROM {DOC1} {{ ?s ?p ?o }}",
    "SELECT ?r ?start { ?r a prov:Activity ; prov:startedAtTime ?start }",
    # ASK, CONSTRUCT, DESCRIBE
    "ASK { actor:Q159 kg:opposes actor:Q7184 }",
    "ASK { actor:Q7184 kg:leader_of ?x }",
    "CONSTRUCT { ?s kg:opposes ?o } WHERE { ?s kg:opposes ?o }",
    "CONSTRUCT WHERE { ?a a kg:Actor ; rdfs:label ?l }",
    "DESCRIBE actor:Q159",
    f"DESCRIBE {graph_iri('doc-0001').n3().replace('graph/', 'doc/')}",
]


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           seed_extraction: Any) -> Iterator[ApiServer]:
    home = tmp_path_factory.mktemp(f"differential-{request.param}")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ.update({"KG_NLP_BACKEND": "spacy", "KG_QUERY_WORKERS": "1"})
    docs = [seed_extraction, *corpus(8), *corpus(3, variant=1)]  # three replaced
    with store_spec(request.param, home) as spec:
        with open_store(spec) as store:
            store.write_documents(docs, batch_size=3)
            store.remove_document("doc-0007")
        api = launch_api(spec, home / "server.log", environ)  # type: ignore[arg-type]
        yield api
        api.stop()


@pytest.fixture(scope="module")
def reference(server: ApiServer) -> Dataset:
    with server.client() as client:
        response = client.get("/export", params={"format": "nq"})
    assert response.status_code == 200
    dataset = Dataset(default_union=True)
    dataset.parse(data=response.text, format="nquads")
    return dataset


def norm(term: Node | None) -> Any:
    """A term as a comparable value: numbers by value (engines differ in lexical forms)."""
    if isinstance(term, Literal) and isinstance(term.toPython(), int | float | Decimal) \
            and not isinstance(term.toPython(), bool):
        return ("number", Decimal(str(term.toPython())).normalize())
    return None if term is None else term.n3()


def rows(result: Result) -> list[tuple[Any, ...]]:
    names = sorted(str(v) for v in result.vars or [])
    return [tuple(norm(row.asdict().get(v)) for v in names) for row in result]  # type: ignore[union-attr]


ALT_PATH = "SELECT ?s ?o { ?s kg:opposes|kg:criticizes ?o }"
_OXIGRAPH_ALT = ("Oxigraph 0.5 answers an alternative path as a set; SPARQL 1.1 translates "
                 "`p|q` to a UNION (a bag), as rdflib, Jena and Virtuoso do")
_DESCRIBE = ("DESCRIBE's answer is left to the engine (SPARQL 1.1, 16.4): Virtuoso adds the "
             "triples pointing at the resource")
#: (backend, query) → why the answers differ. Checked: if one stops differing, the test fails.
KNOWN = {
    ("local", ALT_PATH): _OXIGRAPH_ALT,
    ("remote", ALT_PATH): _OXIGRAPH_ALT,
    ("virtuoso", "SELECT ?x ?y { ?x (kg:supports|kg:opposes|kg:leader_of)+ ?y }"):
        "Virtuoso 7 refuses a transitive path with both ends unbound",
    ("virtuoso", "DESCRIBE actor:Q159"): _DESCRIBE,
    ("virtuoso", QUERIES[-1]): _DESCRIBE,
}


@pytest.mark.parametrize("query", QUERIES, ids=[q[:60] for q in QUERIES])
def test_same_answers_as_rdflib(server: ApiServer, reference: Dataset, query: str,
                                request: pytest.FixtureRequest,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdflib.plugins.sparql, "SPARQL_LOAD_GRAPHS", False)  # no web access
    known = KNOWN.get((request.node.callspec.params["server"], query))
    try:
        compare(server, reference, query)
    except AssertionError:
        if known:
            pytest.xfail(known)
        raise
    assert not known, f"no longer differs ({known}): remove it from KNOWN"


def compare(server: ApiServer, reference: Dataset, query: str) -> None:
    expected = reference.query(sparql_prefixes() + query)
    graph_form = query.startswith(("CONSTRUCT", "DESCRIBE"))
    accept = "application/n-triples" if graph_form else "application/sparql-results+json"
    with server.client() as client:
        response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    if graph_form:
        mine = Graph().parse(data=response.text, format="nt")
        assert set(mine) == set(expected.graph), query  # type: ignore[union-attr]
        assert len(mine) > 0, query
        return
    got = Result.parse(io.BytesIO(response.content), format="json")
    if query.startswith("ASK"):
        assert got.askAnswer == expected.askAnswer, query
        return
    if "ORDER BY" in query:
        assert rows(got) == rows(expected), query
    else:
        assert Counter(rows(got)) == Counter(rows(expected)), query


def test_json_api_counts_agree(server: ApiServer, reference: Dataset) -> None:
    def count(query: str) -> int:
        return int(next(iter(reference.query(sparql_prefixes() + query)))[0])

    with server.client() as client:
        actors = client.get("/actors", params={"limit": 1}).json()["total"]
        documents = client.get("/documents", params={"limit": 1}).json()["total"]
        relations = client.get("/relations", params={"limit": 1}).json()["total"]
    assert actors == count("SELECT (COUNT(DISTINCT ?a) AS ?n) { ?a a kg:Actor }")
    assert documents == count("SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d a kg:Document }")
    assert relations == count(  # (subject, predicate, object, negated) with their mentions
        "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o ?neg { ?m kg:subject ?s ; "
        "kg:predicate ?p ; kg:object ?o ; kg:negated ?neg } }")
