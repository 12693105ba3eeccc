"""Extraction → RDF mapping: stable IRIs, asserted edges, ontology coverage."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from kg.model import PREDICATES
from kg.store import document_graph
from kg.store.namespaces import (
    BASE,
    KG,
    OWL,
    SKOS,
    WD,
    actor_iri,
    doc_id_of_graph,
    graph_iri,
    predicate_name,
)
from kg.store.schema import ontology_graph, shapes_graph
from kg.store.validation import validate_graph
from tests.store_samples import EU, NATO, PUTIN, RUSSIA, corpus, extraction

WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def edges(triples: list) -> set[tuple[str, str, str]]:
    return {
        (str(s), predicate_name(str(p)) or "", str(o))
        for s, p, o in triples
        if str(s).startswith(str(actor_iri(""))) and predicate_name(str(p)) in PREDICATES
    }


def test_iris_are_stable_across_builds() -> None:
    first = [document_graph(e, ingested_at=WHEN) for e in corpus(5)]
    second = [document_graph(e, ingested_at=WHEN) for e in corpus(5)]
    assert [d.triples for d in first] == [d.triples for d in second]
    later = document_graph(corpus(5)[2], ingested_at=datetime(2025, 1, 1, tzinfo=UTC))
    assert {s for s, _, _ in first[2].triples} == {s for s, _, _ in later.triples}


def test_negated_and_modal_mentions_assert_no_edge() -> None:
    ex = extraction(
        "d1",
        [
            (RUSSIA, "attacks", EU, True, None, None),
            (RUSSIA, "supports", NATO, False, "future", None),
            (RUSSIA, "opposes", NATO, False, None, PUTIN),
            (RUSSIA, "opposes", NATO, False, None, None),
        ],
    )
    doc = document_graph(ex, ingested_at=WHEN)
    assert edges(doc.triples) == set()  # edges are shared, never in a document graph
    assert edges(doc.all_triples()) == {
        (str(actor_iri("Q159")), "opposes", str(actor_iri("Q7184")))}
    mentions = [s for s, p, o in doc.triples if p == RDF.type and o == KG.RelationMention]
    assert len(mentions) == 4
    negated = [s for s, p, o in doc.triples if p == KG.negated and o == Literal(True)]
    assert len(negated) == 1


def test_repeated_mention_keeps_distinct_iris() -> None:
    rel = (RUSSIA, "opposes", NATO, False, None, None)
    ex = extraction("d1", [rel])
    ex.mentions.append(ex.mentions[0])
    doc = document_graph(ex, ingested_at=WHEN)
    mentions = {s for s, p, o in doc.triples if p == RDF.type and o == KG.RelationMention}
    assert len(mentions) == 2


def test_actor_and_document_nodes() -> None:
    doc = document_graph(corpus(1)[0], ingested_at=WHEN)
    g = doc.to_rdflib()
    russia = actor_iri("Q159")
    assert g.value(russia, RDFS.label) == Literal("Russia")
    assert (russia, RDF.type, KG.State) in g
    assert (russia, SKOS.exactMatch, WD.Q159) in g
    assert not any(p == OWL.sameAs for _, p, _ in g)
    assert Literal("RUSSIA") in set(g.objects(russia, SKOS.altLabel))
    assert doc_id_of_graph(str(doc.graph)) == "doc-0000"
    for inference in ("none", "rdfs"):
        ok, report = validate_graph(g, inference)
        assert ok, report


def test_odd_ids_give_valid_reversible_iris() -> None:
    doc_id = "bbc/2024 01?x=«Київ»#1"
    assert doc_id_of_graph(str(graph_iri(doc_id))) == doc_id
    assert " " not in graph_iri(doc_id) and "#" not in graph_iri(doc_id)


def test_unknown_predicate_is_rejected() -> None:
    ex = extraction("d1", [(RUSSIA, "loves", NATO, False, None, None)])
    with pytest.raises(ValueError, match="unknown predicate"):
        document_graph(ex)


def test_ontology_declares_every_predicate_and_type() -> None:
    ont = ontology_graph()
    props = {predicate_name(str(p)) for p in ont.subjects(RDF.type, OWL.ObjectProperty)}
    assert set(PREDICATES) <= props
    for p in PREDICATES:
        assert ont.value(KG[p], RDFS.label) is not None
        assert ont.value(KG[p], RDFS.comment) is not None
    stance = {predicate_name(str(p)) for p in ont.subjects(RDFS.subPropertyOf, KG.stanceRelation)}
    assert stance == {p for p in PREDICATES if ont.value(KG[p], KG.polarity) is not None}
    for cls in ("State", "Organization", "Bloc", "Person", "Group", "Party"):
        assert (KG[cls], RDFS.subClassOf, KG.Actor) in ont
    assert all(str(s).startswith(BASE) for s in ont.subjects() if isinstance(s, URIRef))
    assert len(shapes_graph()) > 0
