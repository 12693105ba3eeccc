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


def test_absurd_nesting_refused_before_the_parser():
    with pytest.raises(QueryError, match="nested"):
        check_query("SELECT * WHERE " + "{" * 5000 + "}" * 5000)
    check_query("SELECT * WHERE " + "{" * 10 + " ?s ?p ?o " + "}" * 10)


def test_from_names_the_dataset(tmp_path):
    """FROM in a query applies instead of the union of all graphs."""
    from kg.store.safety import declares_dataset

    assert declares_dataset("SELECT * FROM <http://x/g> WHERE { ?s ?p ?o }")
    assert not declares_dataset('SELECT ?from WHERE { ?from ?p "FROM" }')
    from tests.store_samples import corpus

    with open_store(tmp_path / "kg") as store:
        store.write_documents(corpus(2))
        everything = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
        nothing = store.query("SELECT (COUNT(*) AS ?n) FROM <http://nothing.example/> "
                              "WHERE { ?s ?p ?o }").rows[0][0]
    assert int(everything) > 0 and int(nothing) == 0


def test_stale_read_only_view_is_recognised():
    """RocksDB's message when a write compacted files away under an old read-only view."""
    from api.sparql_worker import _stale_view

    assert _stale_view(RuntimeError("Corruption: IO error: No such file or directory: While "
                                    "open a file for random read: kg/000012.sst"))
    assert not _stale_view(RuntimeError("The variable ?x is not bound"))
