"""The seed and the example corpus, extracted for real (spaCy), stored, validated and exported."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.model import Article
from kg.store import KGStore, open_store
from kg.store.namespaces import graph_iri
from kg.store.terms import from_ox
from tests.conftest import SEED, corpus_articles

WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def extractions(spacy_backend) -> list:
    from kg.pipeline import extract_parsed as extract_relations

    articles = [Article(id=SEED.stem, text=SEED.read_text(encoding="utf-8")),
                *corpus_articles()]
    return [extract_relations(parsed) for parsed in spacy_backend.parse(articles)]


def nt(store: KGStore) -> bytes:
    out = io.BytesIO()
    store.export("nt", out)
    return out.getvalue()


def test_seed_and_corpus_conform_and_rebuild_identically(extractions, tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as a, open_store(tmp_path / "b") as b:
        a.write_documents(extractions, ingested_at=WHEN)
        b.write_documents(extractions, ingested_at=WHEN)
        stats = a.stats()
        assert stats.documents == len(extractions) and stats.mentions > 0
        conforms, report = a.validate()
        assert conforms, report
        assert nt(a) == nt(b)  # stable IRIs: two builds diff cleanly


def test_seed_turtle_loads_back_to_the_same_triples(extractions, tmp_path: Path) -> None:
    with open_store(tmp_path / "kg") as s:
        s.write_document(extractions[0], ingested_at=WHEN)
        path = tmp_path / "seed.ttl"
        s.export("turtle", path, doc_id=extractions[0].article.article.id)
        stored = {
            tuple(map(from_ox, (t.subject, t.predicate, t.object)))
            for t in s._triples(graph_iri(extractions[0].article.article.id))
        }
    assert set(rdflib.Graph().parse(path, format="turtle")) == stored
    parsed = ox.parse(path=path, format=ox.RdfFormat.TURTLE)
    assert {tuple(map(from_ox, (q.subject, q.predicate, q.object))) for q in parsed} == stored
