"""One actor per real entity (#13): over the shipped gazetteer merged with the field
dictionaries, and over extraction output from repository texts (the seed article, the
extraction cases, the PETRARCH sentences), no two actor ids share a Wikidata id or a
normalised full name, and no id is upper-case or a bare surname of another person."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from kg.actors.gazetteer import default_gazetteer, normalize
from kg.model import Actor, Article
from kg.pipeline import extract_parsed

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).parent.parent / "seeds" / "putin-beijing-nato.txt"


def clashes(actors: list[Actor]) -> list[tuple[str, set[str]]]:
    """Wikidata ids and normalised names that more than one actor id carries."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        if a.wikidata:
            by_key[f"wikidata:{a.wikidata}"].add(a.id)
        by_key[f"name:{a.type}:{normalize(a.label)}"].add(a.id)
    return [(k, ids) for k, ids in by_key.items() if len(ids) > 1]


def test_clashes_finds_duplicates():
    twins = [Actor("orban", "Viktor Orbán", "person", "Q57641"),
             Actor("viktor-orban", "Viktor Orban", "person", "Q57641")]
    assert clashes(twins) == [("wikidata:Q57641", {"orban", "viktor-orban"})]
    assert clashes([Actor("a", "OSCE", "organization"), Actor("b", "osce", "organization")])


def test_gazetteer_has_one_actor_per_entity():
    assert clashes(list(default_gazetteer().actors.values())) == []


def _repository_articles() -> list[Article]:
    articles = [Article(id="seed", text=SEED.read_text(encoding="utf-8"))]
    cases = [json.loads(line) for line in
             (DATA / "extraction_cases.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    # Cases in groups of ten make dev-like articles: actors recur across sentences.
    for n in range(0, len(cases), 10):
        text = " ".join(c["text"] for c in cases[n:n + 10])
        articles.append(Article(id=f"cases-{n}", text=text))
    for line in (DATA / "petrarch" / "texts.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        articles.append(Article(id=row["id"], text=row["text"], published=row["published"]))
    return articles


def test_extraction_output_has_one_id_per_entity(spacy_backend):
    found: dict[str, Actor] = {}
    for parsed in spacy_backend.parse(_repository_articles()):
        extraction = extract_parsed(parsed)
        for m in extraction.mentions:
            for a in (m.subject, m.object, m.source):
                if a is not None:
                    found.setdefault(a.id, a)
        for a in extraction.actors.values():
            found.setdefault(a.id, a)
    assert len(found) > 50
    assert clashes(list(found.values())) == []
    assert [a.id for a in found.values() if a.id != a.id.lower()] == []
    people = [a for a in found.values() if a.type == "person"]
    full = {normalize(a.label.split()[-1]): a.id for a in people if len(a.label.split()) > 1}
    bare = [a.id for a in people if len(a.label.split()) == 1
            and normalize(a.label) in full]
    assert bare == []
