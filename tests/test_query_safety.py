"""SERVICE is refused on every query path; the word inside literals, IRIs or names is fine."""

from __future__ import annotations

import pytest

from kg.store import QueryError, open_store
from kg.store.safety import check_query


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE\n<http://x/> { ?a ?b ?c } }",
])
def test_service_refused(query):
    with pytest.raises(QueryError, match="SERVICE"):
        check_query(query)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE" }',
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE in a comment",
    "SELECT * WHERE { ?s ?p '''a SERVICE\nb''' }",
])
def test_harmless_mentions_pass(query):
    check_query(query)


def test_store_query_refuses_service(tmp_path):
    with open_store(tmp_path / "kg") as store, pytest.raises(QueryError):
        store.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
