"""Table-driven extraction tests: short news sentences with the relations they must (and must
not) yield, on the spaCy backend and on Stanza parses loaded from CoNLL-U fixtures.

Cases the extractor does not yet get right are listed in data/extraction_known_failures.txt
and run as strict xfails: a case that starts passing fails the run until it is taken off the
list, so the list only ever shrinks honestly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.model import Article, RelationMention
from kg.pipeline import extract_parsed as extract_relations

DATA = Path(__file__).parent / "data"
CASES = [json.loads(line) for line in (DATA / "extraction_cases.jsonl").read_text().splitlines()
         if line.strip()]
KNOWN_FAILURES = {
    line.split("#")[0].strip()
    for line in (DATA / "extraction_known_failures.txt").read_text().splitlines()
    if line.split("#")[0].strip()
}
MINIMUM_PASS_RATE = 0.75


def _matches(pattern: dict, mention: RelationMention) -> bool:
    def field(value: str, actual: str) -> bool:
        return value == "*" or value.lower() == actual.lower()

    return (
        field(pattern.get("subject", "*"), mention.subject.label)
        and field(pattern.get("predicate", "*"), mention.predicate)
        and field(pattern.get("object", "*"), mention.object.label)
    )


def check_case(case: dict, mentions: list[RelationMention]) -> list[str]:
    """Problems with the mentions extracted for one case (empty when it passes)."""
    problems = []
    for expected in case["expect"]:
        found = [
            m for m in mentions
            if m.subject.label.lower() == expected["subject"].lower()
            and m.predicate == expected["predicate"]
            and m.object.label.lower() == expected["object"].lower()
            and m.negated == expected["negated"]
            and m.modality == expected.get("modality")
        ]
        if not found:
            problems.append(f"missing {expected}")
            continue
        source = expected.get("source")
        if source is not None and not any(m.source and m.source.label.lower() == source.lower()
                                          for m in found):
            problems.append(f"wrong source for {expected}: "
                            f"{[m.source.label if m.source else None for m in found]}")
    for pattern in case["forbid"]:
        bad = [m for m in mentions if _matches(pattern, m)]
        if bad:
            problems.append(f"forbidden {pattern}: {[(m.subject.label, m.predicate, m.object.label) for m in bad]}")  # noqa: E501
    return problems


@pytest.fixture(scope="module")
def spacy_results(spacy_backend) -> dict[str, list[str]]:
    articles = [Article(id=case["id"], text=case["text"]) for case in CASES]
    results = {}
    for case, parsed in zip(CASES, spacy_backend.parse(articles), strict=True):
        results[case["id"]] = check_case(case, extract_relations(parsed).mentions)
    return results


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_spacy(case: dict, spacy_results: dict[str, list[str]]) -> None:
    problems = spacy_results[case["id"]]
    if case["id"] in KNOWN_FAILURES:
        if problems:
            pytest.xfail("; ".join(problems))
        pytest.fail(f"{case['id']} now passes: remove it from extraction_known_failures.txt")
    assert not problems, f"{case['text']}\n" + "\n".join(problems)


def test_pass_rate_spacy(spacy_results: dict[str, list[str]]) -> None:
    passed = sum(1 for problems in spacy_results.values() if not problems)
    assert passed / len(spacy_results) >= MINIMUM_PASS_RATE


def test_known_failures_name_real_cases() -> None:
    ids = {c["id"] for c in CASES}
    assert {k.removeprefix("stanza:") for k in KNOWN_FAILURES} <= ids


def test_cases_cover_every_predicate() -> None:
    from kg.model import PREDICATES

    covered = {e["predicate"] for c in CASES for e in c["expect"]}
    assert set(PREDICATES) <= covered
    assert len(CASES) >= 60


def _stanza_cases() -> list[tuple[str, object]]:
    from tests.stanza_fixtures import all_stanza_documents, expected_relations

    return [(doc_id, document) for doc_id, document in all_stanza_documents()
            if expected_relations(document) is not None]


@pytest.mark.parametrize(("doc_id", "document"), _stanza_cases(),
                         ids=[doc_id for doc_id, _ in _stanza_cases()])
def test_case_stanza_parse(doc_id: str, document: object) -> None:
    """The same cases through the Stanza adapter, on parses loaded as stanza Documents."""
    from tests.stanza_fixtures import expected_relations, parsed_doc_from_stanza

    case = {"id": doc_id, "expect": expected_relations(document), "forbid": []}
    by_id = {c["id"]: c for c in CASES}
    if doc_id in by_id:
        case["forbid"] = by_id[doc_id]["forbid"]
    problems = check_case(case, extract_relations(parsed_doc_from_stanza(doc_id,
                                                                          document)).mentions)
    if f"stanza:{doc_id}" in KNOWN_FAILURES:
        if problems:
            pytest.xfail("; ".join(problems))
        pytest.fail(f"stanza:{doc_id} now passes: remove it from extraction_known_failures.txt")
    assert not problems, "\n".join(problems)


def test_lexicon_has_no_duplicate_entries() -> None:
    from kg.lexicon import default_lexicon

    entries = [(c.lemma, c.particle, c.pos, c.predicate)
               for cues in default_lexicon().cues.values() for c in cues]
    assert len(entries) == len(set(entries))
