"""The generated CAMEO cues in the lexicon (kg/lexicon/generated.py): schema-checked, the
hand-written lexicon wins, the drop list holds; mentions carry CAMEO code and PLOVER type
(JSON and RDF); `kg export --format plover|cameo-tsv` round-trips through a real store."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.lexicon import DATA_DIR, default_lexicon, read_lexicon
from kg.lexicon.generated import CANDIDATES
from kg.lexicon.lexicon import LexiconError
from kg.model import Article
from kg.pipeline import extract_parsed
from kg.relations.mentions import event_codes
from kg.store.events import CAMEO_COLUMNS
from kg.store.factory import open_store

# Field names of the PLOVER specification's JSON table (openeventdata/PLOVER,
# PLOVER_MANUAL.tex at 5e0c24f, "PLOVER JSON"), and of its entity objects.
PLOVER_FIELDS = {"id", "has_event", "date", "time", "enddate", "endtime", "actor", "recipient",
                 "event", "event_loc", "event_text", "quad_code", "event_scale", "mode",
                 "context", "link", "text", "text_info", "cite_info", "coder", "coded_date",
                 "coded_time", "comment"}
PLOVER_REQUIRED = {"id", "date", "actor", "event"}
PLOVER_ENTITY = {"raw_text", "entity_name", "wikidata_id", "wiki_description", "country_name",
                 "sector_code", "other_sector_codes", "code"}
OUR_FIELDS = {"negated", "document", "cameo"}
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT"}

TEXT = ("France denigrated Germany on Monday. Russia moved troops into Ukraine. "
        "Russia loaned troops into Ukraine. Iran did not condemn Iraq. "
        "Poland will castigate Belarus.")


def test_generated_cues_are_loaded_with_their_codes() -> None:
    (cue,) = default_lexicon().lookup("denigrate", "VERB")
    assert (cue.origin, cue.id, cue.cameo) == ("cameo", "denigrate.verb.criticizes", ("111",))
    phrasal = [c for c in default_lexicon().all_cues() if c.origin == "cameo" and c.particle]
    assert len(phrasal) > 20


def test_hand_written_cue_wins_and_lends_its_codes() -> None:
    cues = default_lexicon().lookup("condemn", "VERB")
    assert {c.origin for c in cues} == {"hand"}
    assert any(c.cameo for c in cues)  # the generated cue of the same id lent its code


def test_dropped_cues_are_left_out() -> None:
    assert not [c for c in default_lexicon().lookup("hold", "VERB") if c.origin == "cameo"]


def _lexicon_copy(tmp_path: Path, drop: str) -> Path:
    for name in ("cues.tsv", "words.tsv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    (tmp_path / "cameo_drop.tsv").write_text("id\treason\n" + drop, encoding="utf-8")
    return tmp_path


def test_stale_drop_list_fails_loading(tmp_path: Path) -> None:
    folder = _lexicon_copy(tmp_path, "nosuch.verb.opposes\tno such cue\n")
    with pytest.raises(LexiconError, match=r"nosuch\.verb\.opposes"):
        read_lexicon(folder, generated=CANDIDATES)


def test_generated_row_is_checked_by_the_schema(tmp_path: Path) -> None:
    folder = _lexicon_copy(tmp_path, "")
    lines = CANDIDATES.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(i for i, x in enumerate(lines) if x.startswith("id\t"))
    bad = lines[header + 1].replace("\tVERB\t", "\tVERB\tdislikes\t", 1).replace(
        "\tcooperates_with\t", "\t", 1)
    candidates = tmp_path / "candidates.tsv"
    candidates.write_text("".join(lines[:header + 1]) + bad, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"candidates.tsv:\d+: unknown predicate"):
        read_lexicon(folder, generated=candidates)


def test_intention_code_goes_with_future_modality() -> None:
    (cue,) = [c for c in default_lexicon().lookup("aid", "NOUN") if c.origin == "hand"
              and c.predicate == "supports"] or [None]
    if cue is None or not cue.cameo:
        pytest.skip("no coded aid cue")
    assert event_codes(cue, "future")["cameo"].startswith("03")
    assert event_codes(cue, None) == {"cameo": "070", "plover": "AID"}


@pytest.fixture(scope="module")
def extraction(spacy_backend):
    (parsed,) = spacy_backend.parse([Article(id="coded", text=TEXT, published="2024-05-06")])
    return extract_parsed(parsed)


def _found(extraction) -> set[tuple]:
    return {(m.subject.label, m.predicate, m.object.label, m.modality, m.rule, m.cameo,
             m.plover) for m in extraction.mentions}


def test_mentions_carry_code_type_and_rule(extraction) -> None:
    found = _found(extraction)
    assert ("France", "criticizes", "Germany", None, "denigrate.verb.criticizes|verb_frame|",
            "111", "ACCUSE") in found
    assert ("Russia", "attacks", "Ukraine", None, "troop.noun.attacks|light_verb|", "192",
            "COERCE") in found
    as_json = [m.to_json() for m in extraction.mentions]
    assert {"cameo": "111", "plover": "ACCUSE"}.items() <= as_json[0].items()


def test_generated_noun_needs_one_of_its_light_verbs(extraction) -> None:
    loaned = [m for m in extraction.mentions if "loaned" in m.evidence.sentence]
    assert not loaned


@pytest.fixture(scope="module")
def store_path(extraction, tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("events") / "kg")
    with open_store(path) as store:
        store.write_documents([extraction])
    return path


def _export(store_path: str, fmt: str) -> str:
    result = CliRunner().invoke(app, ["export", "--format", fmt, "--store", store_path])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_plover_export_round_trips_with_spec_fields(extraction, store_path: str) -> None:
    records = [json.loads(x) for x in _export(store_path, "plover").splitlines()]
    coded = [m for m in extraction.mentions if m.plover]
    assert len(records) == len(coded) > 0
    for record in records:
        assert PLOVER_REQUIRED <= set(record) <= PLOVER_FIELDS | OUR_FIELDS
        assert record["date"] == "2024-05-06" and record["document"] == "coded"
        assert set(record["event"]) <= PLOVER_TYPES
        for entity in record["actor"] + record["recipient"]:
            assert set(entity) <= PLOVER_ENTITY
    back = {(r["actor"][0]["code"], r["recipient"][0]["code"], r["cameo"], r["event"][0],
             r["negated"], r["text"]) for r in records}
    assert back == {(m.subject.id, m.object.id, m.cameo, m.plover, m.negated,
                     m.evidence.sentence) for m in coded}
    negated = [r for r in records if r["negated"]]
    assert negated and all("negation" in r["context"] for r in negated)
    future = [r for r in records if "future" in r.get("context", [])]
    assert future and future[0]["actor"][0]["entity_name"] == "Poland"


def test_cameo_tsv_export_round_trips_asserted_events(extraction, store_path: str) -> None:
    rows = list(csv.reader(io.StringIO(_export(store_path, "cameo-tsv")), delimiter="\t"))
    assert tuple(rows[0]) == CAMEO_COLUMNS
    asserted = {("2024-05-06", m.subject.id, m.object.id, m.cameo) for m in extraction.mentions
                if m.cameo and not m.negated and m.modality is None}
    assert {tuple(r) for r in rows[1:]} == asserted
    assert len(rows) - 1 == len(asserted) > 0


def test_unknown_export_format_is_a_clear_error(store_path: str) -> None:
    result = CliRunner().invoke(app, ["export", "--format", "gdelt", "--store", store_path])
    assert result.exit_code != 0
    assert "plover" in result.output and "Traceback" not in result.output
