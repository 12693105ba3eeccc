"""PETRARCH2's validation records as a peer suite (tests/data/petrarch, converted by
tools/convert_petrarch_records.py): extracted on spaCy with the package's gazetteer plus the
suite's fictional states (passed to the pipeline as an actor table; kg/actors is untouched),
scored by `kg eval` at the predicate level against our mapping of each expected CAMEO code.

The figures are a floor that may only rise, and the records kg misses are listed strictly:
a listed record that now passes fails the test too (take it off the list).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.actors.gazetteer import PERSONS_FILE, Gazetteer, read_gazetteer, read_persons
from kg.cli import app
from kg.ingest import read_jsonl
from kg.model import Actor, Article
from kg.pipeline import extract_parsed

SUITE = Path(__file__).parent / "data" / "petrarch"
# Measured on spaCy (tools/measure_petrarch.py and this test agree); raise when it rises.
# Before and after the CAMEO cues (their drop list includes the ones these records measured
# wrong): before tp 26, fp 76, fn 173 over 148 records (R 0.131, P 0.255); after tp 26,
# fp 78 (R 0.131, P 0.250: "signed a trade protocol with" reads as cooperates_with).
FLOOR_RECALL = 0.130
FLOOR_PRECISION = 0.250
# Records with an asserted scored event kg does not find (fn > 0), by id.
KNOWN_FAILURES: frozenset[str] = frozenset({
    "ACTOR-10", "ACTOR-11", "ACTOR-12", "ACTOR-13", "ACTOR-14", "ACTOR-15",
    "AFP0808020593-1a", "AFP0808020593-1b", "AGENT-09", "AGENT-12", "AGENT-13", "AGENT-14",
    "AGENT-15", "AGENTS-11", "AGENTS-17", "AGENTS-18", "AGENTS-24", "COMMA-05", "COMMA-09",
    "COMMA-13", "COMPOUND-02", "COMPOUND-03", "COMPOUND-04", "COMPOUND-05", "COMPOUND-06",
    "COMPOUND-07", "COMPOUND-07B", "COMPOUND-08", "COMPOUND-09", "COMPOUND-11",
    "COMPOUND-12", "COMPOUND-13", "COMPOUND-14", "COMPOUND-15", "COMPOUND-16",
    "COMPOUND-17", "COMPOUND-18", "COMPOUND-19", "COMPOUND-20", "COMPOUND-21",
    "COMPOUND-22", "COMPOUND-23", "COMPOUND-24", "COMPOUND-25", "COMPOUND-29",
    "COMPOUND-30", "COMPOUND-32", "COMPOUND-35", "COMPOUND-36", "DATE-03", "DATE-04",
    "DATE-05", "DATE-07", "DATE-08", "DATE-12", "DATE-13", "DEMO-06", "DEMO-07", "DEMO-10",
    "DEMO-12", "DEMO-13", "DEMO-14", "DEMO-15", "DEMO-25", "DEMO-26", "DEMO-27", "DEMO-28",
    "DEMO-29", "DEMO-30", "DEMO-31", "DEMO-32", "ICC-01", "PASSIVE-01", "PASSIVE-02",
    "PASSIVE-03", "PASSIVE-04", "PATTERN-01", "PATTERN-05", "PATTERN-08", "PATTERN-10",
    "PATTERN-12", "PATTERN-13", "PATTERN-14", "PATTERN-15", "PATTERN-16", "PATTERN-17",
    "PATTERN-18", "PATTERN-22", "PATTERN-23", "PATTERN-24", "PATTERN-25", "PATTERN-27",
    "PATTERN-29", "PATTERN-30", "PATTERN-31", "SYNSET-07a", "SYNSET-11a", "SYNSET-11b",
    "SYNSET-12", "SYNSET-21a", "SYNSET-21b", "SYNSET-23a", "SYNSET-23ee", "SYNSET-23g",
    "SYNSET-24b", "VERB-01", "VERB-02", "VERB-03", "VERB-04", "VERB-05a", "VERB-06",
    "VERB-07", "VERB-08", "VERB-09", "VERB-10", "VERB-11", "VERB-12", "VERB-13", "VERB-14",
    "VERB-15", "VERB-16", "VERB-22", "VERB-23"
})


@cache
def suite_gazetteer() -> Gazetteer:
    """The package's gazetteer plus the suite's fictional actors (a fresh copy)."""
    gazetteer = read_gazetteer()
    if PERSONS_FILE.exists():
        read_persons(gazetteer)
    lines = [x for x in (SUITE / "actors.tsv").read_text(encoding="utf-8").splitlines()
             if x and not x.startswith("#")]
    header = lines[0].split("\t")
    for row in (dict(zip(header, x.split("\t"), strict=True)) for x in lines[1:]):
        gazetteer.add(Actor(id=row["id"], label=row["label"], type=row["type"]),
                      [a for a in row["aliases"].split("|") if a])
    return gazetteer


def gold_documents(gazetteer: Gazetteer) -> list[dict]:
    """`kg eval` gold: each record with scored, asserted events, as labelled relations."""
    docs = []
    for line in (SUITE / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        events = [e for e in record["events"] if e["scored"] and e["modality"] is None]
        if events:
            docs.append({"doc": record["id"], "relations": [
                {"subject": gazetteer.actors[e["source"]].label, "predicate": e["predicate"],
                 "object": gazetteer.actors[e["target"]].label, "negated": False}
                for e in events]})
    return docs


@pytest.fixture(scope="module")
def scores(spacy_backend, tmp_path_factory) -> dict:
    gazetteer = suite_gazetteer()
    gold = gold_documents(gazetteer)
    wanted = {d["doc"] for d in gold}
    articles = [a for a in read_jsonl(SUITE / "texts.jsonl")
                if isinstance(a, Article) and a.id in wanted]
    mentions = [m.to_json() for parsed in spacy_backend.parse(articles)
                for m in extract_parsed(parsed, gazetteer=gazetteer).mentions]
    folder = tmp_path_factory.mktemp("petrarch")
    (folder / "gold.jsonl").write_text("".join(json.dumps(d) + "\n" for d in gold))
    (folder / "pred.jsonl").write_text("".join(json.dumps(m) + "\n" for m in mentions))
    result = CliRunner().invoke(app, [
        "eval", str(folder / "gold.jsonl"), str(folder / "pred.jsonl"), "--actors",
        str(SUITE / "actors.tsv"), "--by", "document", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_suite_is_scored_at_the_predicate_level(scores: dict) -> None:
    stance = scores["stance"]
    assert scores["articles"] > 100
    assert stance["tp"] + stance["fn"] > 100  # the converted gold is not empty


def test_recall_and_precision_do_not_fall_below_the_floor(scores: dict) -> None:
    stance = scores["stance"]
    assert stance["recall"] >= FLOOR_RECALL, stance
    assert stance["precision"] >= FLOOR_PRECISION, stance


def test_known_failures_are_exactly_the_missed_records(scores: dict) -> None:
    missed = {d["doc"] for d in scores["documents"] if d["stance"]["fn"] > 0}
    assert not missed - KNOWN_FAILURES, f"new failures: {sorted(missed - KNOWN_FAILURES)}"
    assert not KNOWN_FAILURES - missed, f"now passing: {sorted(KNOWN_FAILURES - missed)}"


def test_suite_actor_table_keeps_the_package_gazetteer_apart() -> None:
    from kg.actors.gazetteer import default_gazetteer

    assert "arnor" in suite_gazetteer().actors
    assert "arnor" not in default_gazetteer().actors
