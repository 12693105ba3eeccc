"""The remote store against a live Oxigraph server (`oxigraph serve` from the PyPI package)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kg.store import KGStore, QueryError, RemoteStoreError, open_store
from kg.store.remote import RemoteStore, endpoints
from tests.oxigraph_server import free_port, oxigraph_server
from tests.store_samples import EU, NATO, RUSSIA, corpus, extraction
from tests.virtuoso_server import virtuoso_server

WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[str]:
    """A live SPARQL server: `oxigraph serve`, or Virtuoso Open Source 7."""
    location = tmp_path_factory.mktemp(request.param)
    if request.param == "oxigraph":
        with oxigraph_server(location) as url:
            yield f"sparql+{url}/"
    else:
        with virtuoso_server(location) as url:
            yield f"sparql+{url}"


@pytest.fixture
def remote(server: str) -> Iterator[KGStore]:
    store = open_store(server)
    for doc_id in store.documents():
        store.remove_document(doc_id)
    yield store
    store.close()


def export(store: KGStore, fmt: str, doc_id: str | None = None) -> bytes:
    out = io.BytesIO()
    store.export(fmt, out, doc_id=doc_id)
    return out.getvalue()


def test_endpoint_layouts() -> None:
    assert endpoints("sparql+http://h:7878/") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoints("sparql+http://h:7878/query") == (
        "http://h:7878/query",
        "http://h:7878/update",
    )
    assert endpoints("sparql+https://h/ds") == ("https://h/ds/query", "https://h/ds/update")
    assert endpoints("sparql+http://h:8890/sparql") == ("http://h:8890/sparql",
                                                        "http://h:8890/sparql")


def test_remote_matches_local(remote: KGStore, tmp_path: Path) -> None:
    docs = corpus(15)
    assert isinstance(remote, RemoteStore)
    remote.write_documents(docs, ingested_at=WHEN, batch_size=4)
    with open_store(tmp_path / "local") as local:
        local.write_documents(docs, ingested_at=WHEN)
        assert remote.stats() == local.stats()
        assert remote.documents() == local.documents()
        for fmt in ("turtle", "nq"):
            assert export(remote, fmt) == export(local, fmt)
        assert export(remote, "nt", "doc-0002") == export(local, "nt", "doc-0002")
    conforms, report = remote.validate()
    assert conforms, report


def test_remote_reingest_and_delete(remote: KGStore) -> None:
    remote.write_documents(corpus(5), ingested_at=WHEN)
    before = remote.stats()
    remote.write_documents(corpus(5), ingested_at=WHEN)
    assert remote.stats() == before

    remote.write_document(extraction("x", [(EU, "sanctions", RUSSIA, False, None, None)]))
    ask = "ASK { actor:Q458 kg:sanctions actor:Q159 }"
    assert remote.query(ask).boolean
    assert remote.remove_document("x") and not remote.remove_document("x")
    assert not remote.query(ask).boolean
    assert remote.stats() == before

    remote.write_document(extraction("n", [(RUSSIA, "attacks", NATO, True, None, None)]))
    assert not remote.query("ASK { actor:Q159 kg:attacks actor:Q7184 }").boolean


def test_remote_query_kinds_and_errors(remote: KGStore) -> None:
    remote.write_documents(corpus(3), ingested_at=WHEN)
    rows = remote.query("SELECT DISTINCT ?l WHERE { ?a a kg:Person ; rdfs:label ?l }")
    assert rows.records() == [{"l": "Vladimir Putin"}]
    assert len(remote.query("CONSTRUCT WHERE { ?s kg:opposes ?o }").triples) > 0
    with pytest.raises(QueryError):
        remote.query("SELEKT ?x")


def test_unreachable_endpoint() -> None:
    store = open_store(f"sparql+http://127.0.0.1:{free_port()}/")
    with pytest.raises(RemoteStoreError, match="cannot reach"):
        store.documents()
