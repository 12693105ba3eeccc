"""The product's own example: what a reader takes from the seed article."""

from __future__ import annotations

CITIES_USED_AS_PLACES = {"Beijing"}


def _relations(extraction):
    return {(m.subject.label, m.predicate, m.object.label, m.negated)
            for m in extraction.mentions if m.modality is None}


def test_seed_relations(seed_extraction):
    relations = _relations(seed_extraction)
    assert ("Russia", "opposes", "NATO", False) in relations
    assert ("Russia", "accepts", "European Union", False) in relations
    assert ("Vladimir Putin", "leader_of", "Russia", False) in relations


def test_seed_actors(seed_extraction):
    labels = {a.label for a in seed_extraction.actors.values()}
    for expected in ("Russia", "NATO", "European Union", "Ukraine", "United States", "China",
                     "Vladimir Putin", "Donald Trump"):
        assert expected in labels


def test_no_city_used_as_a_place_becomes_an_actor(seed_extraction):
    for mention in seed_extraction.mentions:
        assert mention.subject.label not in CITIES_USED_AS_PLACES
        assert mention.object.label not in CITIES_USED_AS_PLACES
    # "speaking in Beijing, China": Beijing is a place there, so it must not stand for China.
    first = seed_extraction.article.sentences[0]
    assert not any(m.subject.label == "China" or m.object.label == "China"
                   for m in seed_extraction.mentions if m.sentence_index == first.index)


def test_mentions_are_well_formed(seed_extraction):
    text = seed_extraction.article.article.text
    for m in seed_extraction.mentions:
        assert 0.0 <= m.confidence <= 1.0
        assert m.subject.id != m.object.id
        assert m.modality in (None, "future", "conditional", "hypothetical")
        assert text[m.evidence.start:m.evidence.end].replace("\n", " ") == m.evidence.sentence
        assert m.evidence.cue and m.evidence.cue in m.evidence.sentence
        assert m.rule


def test_negated_attack_with_attribution(seed_extraction):
    found = [m for m in seed_extraction.mentions
             if (m.subject.label, m.predicate, m.object.label) == ("Russia", "attacks", "Europe")
             and m.negated and m.modality is None]
    assert found, "Moscow does not intend to attack Europe → attacks, negated"


def test_seed_relations_on_stanza_parses():
    """The same article parsed as Stanza would (CoNLL-U fixture) gives the same key relations."""
    from kg.pipeline import extract_parsed as extract_relations
    from tests.stanza_fixtures import all_stanza_documents, parsed_doc_from_stanza

    [(doc_id, document)] = [(d, doc) for d, doc in all_stanza_documents()
                            if d == "putin-beijing-nato"]
    relations = _relations(extract_relations(parsed_doc_from_stanza(doc_id, document)))
    assert ("Russia", "opposes", "NATO", False) in relations
    assert ("Russia", "accepts", "European Union", False) in relations
    assert ("Vladimir Putin", "leader_of", "Russia", False) in relations
    assert not any(s == o for s, _, o, _ in relations)
