"""The local (pyoxigraph) store: re-ingest, delete, export round-trip, SHACL, queries, errors."""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.store import (
    EXPORT_FORMATS,
    DocGraph,
    InvalidExtractionError,
    KGStore,
    QueryError,
    StoreLockedError,
    StoreNotFoundError,
    open_store,
)
from kg.store.namespaces import KG, RDF, actor_iri, predicate_iri, wikidata_iri
from kg.store.oxigraph_store import uses_bulk_loader
from kg.store.rdf import document_graph
from kg.store.terms import from_ox
from tests.store_samples import EU, NATO, RUSSIA, corpus, extraction

WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "trig": "trig",
    "nt": "nt",
    "nq": "nquads",
    "jsonld": "json-ld",
    "xml": "xml",
}


def odd_document():
    ex = extraction(
        "bbc/2024 01 «Київ»",
        [(RUSSIA, "criticizes", EU, False, None, None)],
        title='He said "no"\nand left — «Київ» \\ done',
    )
    return ex


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "kg") as s:
        s.write_documents([*corpus(12), odd_document()], ingested_at=WHEN)
        yield s


def edge(s: KGStore, subj, pred: str, obj) -> bool:
    sparql = (
        f"ASK {{ {actor_iri(subj.id).n3()} {predicate_iri(pred).n3()} {actor_iri(obj.id).n3()} }}"
    )
    return bool(s.query(sparql))


def test_reingest_is_idempotent(store: KGStore) -> None:
    before = store.stats()
    assert before.documents == 13
    store.write_documents(corpus(12), ingested_at=WHEN)
    store.write_document(odd_document(), ingested_at=WHEN)
    assert store.stats() == before


def test_reingest_replaces_changed_document(store: KGStore) -> None:
    store.write_document(extraction("doc-0000", [(EU, "supports", NATO, False, None, None)]))
    [[n]] = store.query(
        "SELECT (COUNT(DISTINCT ?m) AS ?n) { GRAPH <https://w3id.org/kg-news/graph/doc-0000> "
        "{ ?m a kg:RelationMention } }"
    ).rows
    assert int(n) == 1


def test_delete_removes_edges_whose_last_mention_goes(tmp_path: Path) -> None:
    with open_store(tmp_path / "kg") as s:
        s.write_documents(
            [
                extraction("a", [(RUSSIA, "opposes", NATO, False, None, None)]),
                extraction(
                    "b",
                    [
                        (RUSSIA, "opposes", NATO, False, None, None),
                        (EU, "sanctions", RUSSIA, False, None, None),
                    ],
                ),
            ]
        )
        assert s.remove_document("b")
        assert edge(s, RUSSIA, "opposes", NATO)  # still asserted by "a"
        assert not edge(s, EU, "sanctions", RUSSIA)
        assert not s.remove_document("b")
        assert s.remove_document("a")
        assert not edge(s, RUSSIA, "opposes", NATO)
        stats = s.stats()
        assert (stats.documents, stats.mentions, stats.asserted_edges, stats.triples) == (
            0,
            0,
            0,
            0,
        )
        assert s.documents() == []


def test_negated_mention_gives_no_edge(tmp_path: Path) -> None:
    with open_store(tmp_path / "kg") as s:
        s.write_document(extraction("n", [(RUSSIA, "attacks", EU, True, None, None)]))
        assert not edge(s, RUSSIA, "attacks", EU)
        assert s.stats().mentions == 1


def test_documents_and_queries(store: KGStore) -> None:
    assert store.documents()[:2] == ["bbc/2024 01 «Київ»", "doc-0000"]
    res = store.query("SELECT DISTINCT ?label WHERE { ?a a kg:State ; rdfs:label ?label }")
    assert res.kind == "select" and res.records() == [{"label": "Russia"}]
    assert store.query("ASK { ?m kg:negated true }").boolean is True
    graph = store.query("CONSTRUCT { ?s kg:opposes ?o } WHERE { ?s kg:opposes ?o }")
    assert graph.kind == "graph" and len(graph.graph()) == len(graph.triples) > 0
    assert '"vars"' in res.to_json() and res.to_csv().startswith("label\r\n")
    with pytest.raises(QueryError):
        store.query("SELEKT ?x")
    with pytest.raises(QueryError):
        store.query("INSERT DATA { <http://a> <http://b> <http://c> }")


def _store_triples(s: KGStore) -> set:
    return {(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in s._triples(None)}


def _store_quads(s: KGStore) -> set:
    return {
        (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name))
        for q in s._quads(None)
    }


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers
@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_export_round_trips(store: KGStore, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    count = store.export(fmt, path)
    dataset = EXPORT_FORMATS[fmt].supports_datasets
    expected = _store_quads(store) if dataset else _store_triples(store)
    assert count == len(expected)

    # rdflib reads it back to the same statements
    if dataset:
        ds = rdflib.Dataset()
        ds.parse(path, format=RDFLIB_FORMATS[fmt])
        got = {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads()}
    else:
        got = set(rdflib.Graph().parse(path, format=RDFLIB_FORMATS[fmt]))
    assert got == expected

    # and so does pyoxigraph
    parsed = ox.parse(path=path, format=EXPORT_FORMATS[fmt])
    if dataset:
        ox_got = {
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name))
            for q in parsed
        }
    else:
        ox_got = {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in parsed}
    assert ox_got == expected


def test_export_is_deterministic_and_per_document(store: KGStore) -> None:
    a, b = io.BytesIO(), io.BytesIO()
    store.export("turtle", a)
    store.export("turtle", b)
    assert a.getvalue() == b.getvalue()
    one = io.BytesIO()
    store.export("nt", one, doc_id="doc-0003")
    triples = rdflib.Graph().parse(data=one.getvalue(), format="nt")
    assert 0 < len(triples) < store.stats().triples


def test_shacl_conformance(store: KGStore) -> None:
    conforms, report = store.validate()
    assert conforms, report


def test_shacl_catches_an_edge_without_mention(store: KGStore) -> None:
    store._ox.update(  # type: ignore[attr-defined]
        "INSERT DATA { GRAPH <urn:x> { <https://w3id.org/kg-news/actor/Q458> "
        "<https://w3id.org/kg-news/ontology#attacks> <https://w3id.org/kg-news/actor/Q159> } }"
    )
    conforms, report = store.validate()
    assert not conforms and "asserted edge without an affirmed mention" in report


def test_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "kg"), pytest.raises(StoreLockedError, match="in use"):
        open_store(tmp_path / "kg")
    open_store(tmp_path / "kg").close()  # closing released the lock


def test_missing_store_is_not_created_for_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError):
        open_store(tmp_path / "nope", create=False)
    assert not (tmp_path / "nope").exists()


def test_default_spec_comes_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kg.store import default_spec

    monkeypatch.setenv("KG_STORE", str(tmp_path / "env"))
    assert default_spec() == str(tmp_path / "env")
    monkeypatch.delenv("KG_STORE")
    assert default_spec() == "data/kg"


def test_opening_a_store_removes_unfinished_bulk_files(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    with open_store(path) as store:
        store.write_documents(corpus(3))
    leftover = path / "bulk-1234567890.sst"  # what a writer killed mid-batch leaves
    leftover.write_bytes(b"\0" * 64)
    with open_store(path) as store:
        assert not leftover.exists()
        assert len(store.documents()) == 3


# Text that N-Triples, N-Quads and SPARQL Update must carry exactly: quotes, backslashes,
# line breaks, what looks like escapes, control characters, astral characters.
AWKWARD = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40
) | st.sampled_from(['say "no"', "a\\b", "line\nbreak\r\n", "\\u0041 \\n \\\"", "\t\x00\x7f",
                     "emoji 🛰️ and ü", "trailing backslash \\"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(AWKWARD, min_size=1, max_size=3))
def test_awkward_text_round_trips_through_every_write_path(texts: list[str]) -> None:
    """A transaction (small batch), the bulk loader (large batch) and a replacement
    (SPARQL update) all store titles exactly as given."""
    small = [extraction(f"t-{i}", [(RUSSIA, "opposes", NATO, False, None, None)], title=t)
             for i, t in enumerate(texts)]
    filler = corpus(40, prefix="filler")  # makes the batch large enough for the bulk loader
    large = [extraction(f"b-{i}", [(RUSSIA, "opposes", NATO, False, None, None)], title=t)
             for i, t in enumerate(texts)] + filler
    assert uses_bulk_loader(sum(len(document_graph(e).triples) for e in large))
    with tempfile.TemporaryDirectory() as where, open_store(Path(where) / "kg") as store:
        store.write_documents(small)
        store.write_documents(large, batch_size=len(large))
        store.write_documents(small)  # replaces them
        rows = store.query("SELECT ?id ?title { ?d dcterms:identifier ?id ; dcterms:title ?title"
                           " FILTER(!STRSTARTS(?id, 'filler')) }")
        got = {str(r[0]): str(r[1]) for r in rows}
    want = {f"{p}-{i}": t for p in "tb" for i, t in enumerate(texts) if t}  # "" is no title
    assert got == want


BAD_IRIS = ["http://x/a> <http://evil/g> .\n<http://evil/s> <http://evil/p> <http://evil/o",
            "http://x/a> } } ; DROP ALL ; INSERT DATA { GRAPH <http://evil/g> { <http://e/s",
            "http://x/with space", "http://x/{brace}", "http://x/back\\slash"]


@pytest.mark.parametrize("iri", BAD_IRIS)
@pytest.mark.parametrize("path", ["new-small", "new-bulk", "replace"])
def test_iris_that_could_inject_are_refused_and_nothing_is_written(tmp_path: Path, iri: str,
                                                                  path: str) -> None:
    """rdflib accepts any string as an IRI; written into N-Quads or a SPARQL update
    unchecked, one could add quads to other graphs or run `DROP ALL`."""
    with open_store(tmp_path / "kg") as store:
        store.write_documents(corpus(3))
        before = store.stats()
        docs = corpus(60 if path == "new-bulk" else 2, prefix="new" if path != "replace" else "doc")
        if path == "new-bulk":
            assert uses_bulk_loader(sum(len(document_graph(e).triples) for e in docs))
        graphs = [document_graph(e) for e in docs]
        bad = graphs[1]
        graphs[1] = DocGraph(bad.doc_id, bad.graph, [*bad.triples, (rdflib.URIRef(iri), RDF.type,
                                                                   KG.Actor)])
        with pytest.raises(InvalidExtractionError, match=rf"document {bad.doc_id!r}.*invalid IRI"):
            store._replace_graphs(graphs)
        assert store.stats() == before
        assert not store.query("ASK { GRAPH <http://evil/g> { ?s ?p ?o } }").boolean


@pytest.mark.parametrize("value", [
    "http://www.wikidata.org/entity/Q1> <http://evil/g> .", "Q1 2", "Q١٢", "Q", "q-7", "P31"])
def test_wikidata_ids_mint_iris_only_when_they_are_entity_ids(value: str) -> None:
    assert wikidata_iri(value) is None


def test_wikidata_ids_in_either_form() -> None:
    assert wikidata_iri("Q159") == wikidata_iri("q159") == wikidata_iri(
        "http://www.wikidata.org/entity/Q159") == rdflib.URIRef("http://www.wikidata.org/entity/Q159")


def test_a_failing_input_stops_after_the_batch_in_flight(tmp_path: Path) -> None:
    def docs():
        yield from corpus(5)
        raise RuntimeError("the input broke")

    with open_store(tmp_path / "kg") as store:
        with pytest.raises(RuntimeError, match="the input broke"):
            store.write_documents(docs(), batch_size=2)
        # batches [0, 1] and [2, 3] are whole; document 4 was never written
        assert store.documents() == [f"doc-{i:04d}" for i in range(4)]
