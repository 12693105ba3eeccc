"""`kg extract --explain`: each mention says its cue, construction, argument paths
(pass-through, antecedent) and the reasons of its qualifiers."""

from __future__ import annotations

import json

from kg.relations.explain import explain_text
from tests.test_cli_extract import kg

TEXT = (b"The Kremlin has no objection to Turkey's ceasefire proposal, Lavrov said. "
        b"Norway decided to expel Russian diplomats. "
        b"Moscow called the decision unacceptable.")


def test_explain_jsonl_names_cue_construction_paths_and_reasons() -> None:
    result = kg("extract", "-", "--nlp", "spacy", "--explain", stdin=TEXT)
    assert result.returncode == 0, result.stderr.decode()
    rows = {(r["subject"]["label"], r["predicate"], r["object"]["label"]): r
            for r in map(json.loads, result.stdout.decode().splitlines())}
    accepts = rows[("Russia", "accepts", "Turkey")]
    assert accepts["rule"] == "objection.noun.opposes|light_verb|negation_flip"
    explanation = accepts["explanation"]
    assert explanation["cue"]["id"] == "objection.noun.opposes"
    assert explanation["construction"] == "light_verb"
    assert explanation["rewrites"] == ["negation_flip"]
    assert explanation["negation"] == ["'no' on 'objection'"]
    assert explanation["subject_path"] == ["Kremlin@1 name -> Russia"]
    assert explanation["object_path"] == ["proposal@9 pass-through nmod:poss 'Turkey' -> Turkey"]
    assert explanation["source"] == "reported by 'said'"
    opposes = rows[("Russia", "opposes", "Norway")]["explanation"]
    assert opposes["construction"] == "characterisation"
    assert opposes["object_path"] == ["decision@3 antecedent 'decided' in sentence 1 -> Norway"]


def test_without_explain_the_contract_is_unchanged() -> None:
    result = kg("extract", "-", "--nlp", "spacy", stdin=TEXT)
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert rows and all("explanation" not in r for r in rows)


def test_explain_table_prints_a_block_per_mention() -> None:
    result = kg("extract", "-", "--nlp", "spacy", "--format", "table", "--explain", stdin=TEXT)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "[objection.noun.opposes|light_verb|negation_flip]" in out
    assert "  construction  characterisation" in out
    assert "antecedent 'decided' in sentence 1 -> Norway" in out


def test_explain_text_of_a_structural_mention(seed_extraction) -> None:
    leader = next(m for m in seed_extraction.mentions if m.predicate == "leader_of")
    text = explain_text(leader)
    assert "[title|leader_title|]" in text and "construction  leader_title" in text


def test_rule_ids_are_stored_as_kg_rule(seed_extraction) -> None:
    from kg.store.namespaces import KG
    from kg.store.rdf import document_graph

    triples = document_graph(seed_extraction).triples
    rules = {str(o) for _, p, o in triples if p == KG.rule}
    assert rules == {m.rule for m in seed_extraction.mentions}
    assert all(len(rule.split("|")) == 3 for rule in rules)
    assert "title|leader_title|" in rules
