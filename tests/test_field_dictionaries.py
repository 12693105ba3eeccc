"""The data builders over vendored public sources (tools/): field dictionaries from Phoenix,
CAMEO cue data, the PETRARCH validation suite. Each rebuilds its committed output byte for
byte, fails with file:line on a malformed source line, and produces sane counts."""

from __future__ import annotations

import filecmp
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.actors.gazetteer import default_gazetteer, read_gazetteer
from kg.model import STANCE_PREDICATES

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
SOURCES = TOOLS / "sources"
FIELD = ROOT / "kg" / "actors" / "data" / "field"
CAMEO = ROOT / "kg" / "relations" / "data" / "cameo"
PETRARCH = ROOT / "tests" / "data" / "petrarch"

sys.path.insert(0, str(TOOLS))
from cameo_map import ROOTS, CameoMap  # noqa: E402


def run_tool(script: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOLS / script), *map(str, args)],
                          capture_output=True, text=True, timeout=600, check=False)


def assert_same_tree(built: Path, committed: Path) -> None:
    names = sorted(p.name for p in committed.iterdir() if p.is_file())
    assert sorted(p.name for p in built.iterdir()) == names
    _match, mismatch, errors = filecmp.cmpfiles(built, committed, names, shallow=False)
    assert (mismatch, errors) == ([], []), f"rebuilt files differ: {mismatch + errors}"


def rows(path: Path) -> list[dict[str, str]]:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, x.split("\t"), strict=True)) for x in lines[1:]]


# --- vendored sources -------------------------------------------------------------------

def test_vendored_sources_match_their_manifest() -> None:
    manifest = rows(SOURCES / "MANIFEST.tsv")
    assert {r["licence"] for r in manifest} == {"MIT", "CC-BY-SA-4.0"}
    for row in manifest:
        data = (SOURCES / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]
        assert len(row["commit"]) == 40
    assert run_tool("vendor_sources.py", "--check").returncode == 0


# --- rebuilt byte for byte ----------------------------------------------------------------

def test_cameo_cues_rebuild_byte_identically(tmp_path: Path) -> None:
    result = run_tool("build_cameo_cues.py", "--output", tmp_path)
    assert result.returncode == 0, result.stderr
    assert_same_tree(tmp_path, CAMEO)


@pytest.mark.slow
def test_field_dictionaries_rebuild_byte_identically(tmp_path: Path) -> None:
    result = run_tool("build_field_dictionaries.py", "--output", tmp_path)
    assert result.returncode == 0, result.stderr
    assert_same_tree(tmp_path, FIELD)


def test_petrarch_suite_rebuilds_byte_identically(tmp_path: Path) -> None:
    result = run_tool("convert_petrarch_records.py", "--output", tmp_path)
    assert result.returncode == 0, result.stderr
    assert_same_tree(tmp_path, PETRARCH)


# --- malformed sources fail with file:line --------------------------------------------------

def test_cameo_builder_names_a_malformed_pattern_line(tmp_path: Path) -> None:
    source = tmp_path / "CAMEO.2.0.txt"
    text = (SOURCES / "petrarch2" / "CAMEO.2.0.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    at = lines.index(next(x for x in lines if x.startswith("- * ")))
    lines.insert(at + 1, "- * SANCTIONS (ON               [163]   # unbalanced")
    source.write_text("\n".join(lines), encoding="utf-8")
    result = run_tool("build_cameo_cues.py", "--source", source, "--output", tmp_path / "out")
    assert result.returncode == 1
    assert f"CAMEO.2.0.txt:{at + 2}: unclosed bracket" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_cameo_builder_rejects_a_stale_drop_row(tmp_path: Path) -> None:
    drop = tmp_path / "drop.tsv"
    drop.write_text((TOOLS / "cameo_drop.tsv").read_text(encoding="utf-8")
                    + "verb\tNO_SUCH_BLOCK\tfoo\tnever generated\n", encoding="utf-8")
    count = len(drop.read_text(encoding="utf-8").splitlines())
    result = run_tool("build_cameo_cues.py", "--drop", drop, "--output", tmp_path / "out")
    assert result.returncode == 1
    assert f"drop.tsv:{count}: drop row matches no generated cue" in result.stderr


def test_field_builder_names_a_malformed_actor_line(tmp_path: Path) -> None:
    for path in (SOURCES / "petrarch2").glob("Phoenix.*.txt"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / "Phoenix.MilNonState.actors.txt"
    lines = target.read_text(encoding="utf-8").split("\n")
    at = lines.index(next(x for x in lines if x.startswith("ABU_NIDAL")))
    lines.insert(at + 1, "\t[IRQREB 20030320-20060520")
    target.write_text("\n".join(lines), encoding="utf-8")
    result = run_tool("build_field_dictionaries.py", "--sources", tmp_path, "--output",
                      tmp_path / "out")
    assert result.returncode == 1
    assert f"Phoenix.MilNonState.actors.txt:{at + 2}: unclosed '['" in result.stderr
    assert "Traceback" not in result.stderr


def test_converter_names_malformed_xml(tmp_path: Path) -> None:
    shutil.copytree(SOURCES, tmp_path / "sources")
    records = tmp_path / "sources" / "petrarch2" / "PETR.UnitTest.records.xml"
    lines = records.read_text(encoding="utf-8").split("\n")
    at = lines.index(next(x for x in lines if x.startswith("<Sentence ")))
    lines[at] = lines[at].replace('sentence="true">', 'sentence="true"')
    records.write_text("\n".join(lines), encoding="utf-8")
    result = run_tool("convert_petrarch_records.py", "--sources", tmp_path / "sources",
                      "--output", tmp_path / "out")
    assert result.returncode == 1
    assert "PETR.UnitTest.records.xml:" in result.stderr and "not well-formed XML" in result.stderr


# --- the mapping table ----------------------------------------------------------------------

def test_mapping_table_covers_every_cameo_root() -> None:
    cameo = CameoMap()
    assert [f"{n:02d}" for n in range(1, 21)] == ROOTS
    for root in ROOTS:
        mapping = cameo.lookup(root)
        assert mapping.predicate in ("", *STANCE_PREDICATES)
    expected = {"01": "", "02": "demands", "030": "cooperates_with", "04": "engages_with",
                "06": "cooperates_with", "07": "supports", "08": "accepts", "09": "",
                "10": "demands", "11": "criticizes", "12": "opposes", "13": "threatens",
                "14": "criticizes", "15": "threatens", "16": "sanctions", "17": "sanctions",
                "176": "attacks", "18": "attacks", "19": "attacks", "20": "attacks"}
    assert {code: cameo.lookup(code).predicate for code in expected} == expected
    assert cameo.lookup("036").modality == "future" and cameo.lookup("040").modality == ""
    assert cameo.lookup("1123").plover == "ACCUSE" and cameo.lookup("0841").plover == "RETREAT"


def test_mapping_table_rejects_a_bad_row(tmp_path: Path) -> None:
    from sourcelib import SourceError

    table = tmp_path / "table.tsv"
    table.write_text("code\tpredicate\tmodality\twhy\n11\tdislikes\t\t\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"table.tsv:2: not a stance predicate"):
        CameoMap(table)


# --- counts and content -------------------------------------------------------------------

def test_cameo_cue_counts_and_known_cues() -> None:
    counts = json.loads((CAMEO / "MANIFEST.json").read_text())["counts"]
    assert counts["verbs"] > 1500 and counts["patterns"] > 4000
    assert counts["phrasal_verbs"] > 100 and counts["synonym_classes"] >= 30
    verbs = {(r["lemma"], r["particle"]): r for r in rows(CAMEO / "verbs.tsv")
             if r["block"] in ("BLAME", "THREATEN", "ASK")}
    assert verbs[("condemn", "")]["predicate"] == "criticizes"
    assert verbs[("threaten", "")]["predicate"] == "threatens"
    assert verbs[("ask", "for")]["predicate"] == "demands"
    patterns = rows(CAMEO / "patterns.tsv")
    lodge = [p for p in patterns if p["block"] == "LODGE" and p["pattern"] == "* protest"]
    assert [p["predicate"] for p in lodge] == ["criticizes"]
    assert any(p["object"] == "&weapon" for p in patterns)
    synsets = {r["set"] for r in rows(CAMEO / "synsets.tsv")}
    assert {"&weapon", "&currency"} <= synsets
    drops = rows(TOOLS / "cameo_drop.tsv")
    assert drops, "the hand-read sample's bad cues are listed"
    kept = {(p["block"], p["pattern"]) for p in patterns}
    assert not any((d["block"], d["key"]) in kept for d in drops if d["kind"] == "pattern")


def test_field_dictionary_counts_and_known_entries() -> None:
    manifest = json.loads((FIELD / "MANIFEST.json").read_text())
    counts = manifest["counts"]
    assert counts["persons"] > 10000 and counts["person_terms"] > counts["persons"]
    assert counts["organisations_by_kind"]["igo"] > 100 and counts["groups"] > 500
    assert counts["agent_words"] > 2000
    agents = {(r["phrase"], r["kind"]) for r in rows(FIELD / "agents.tsv")}
    assert {("junta", "government"), ("police", "police"), ("minister", "government"),
            ("ambassador", "government")} <= agents
    roles = [r for r in rows(FIELD / "person_roles.tsv") if r["id"].startswith("vladimir-putin")]
    assert {"russia"} == {r["affiliation"] for r in roles}
    assert any(r["role"] == "government" and r["start"] == "2008-05-08" for r in roles)
    merge = {r["id"]: r for r in rows(FIELD / "merge.tsv")}
    assert merge["vladimir-putin"]["wikidata"] == "Q7747"  # our id and Wikidata id kept
    assert merge["vladimir-putin"]["origin"] == "gazetteer+phoenix"
    report = manifest["merge_with_gazetteer"]
    assert report["person"]["matched"] > 200
    assert sum(r["origin"] == "gazetteer+phoenix" for r in merge.values()) == sum(
        report[k]["matched"] for k in ("person", "organization", "group")) - duplicates(merge)


def duplicates(merge: dict[str, dict[str, str]]) -> int:
    """Matched Phoenix entities beyond the first per gazetteer actor (several may match one)."""
    return sum(len(r["field_ids"].split("|")) - 1 for r in merge.values()
               if r["origin"] == "gazetteer+phoenix")


def test_merge_has_one_row_per_id_and_keeps_every_gazetteer_actor() -> None:
    merged = rows(FIELD / "merge.tsv")
    ids = [r["id"] for r in merged]
    assert len(ids) == len(set(ids))
    ours = {r["id"] for r in rows(ROOT / "kg" / "actors" / "data" / "persons.tsv")}
    assert ours <= set(ids)


def test_petrarch_suite_is_consistent_with_kg() -> None:
    gold = [json.loads(x) for x in (PETRARCH / "gold.jsonl").read_text().splitlines()]
    texts = [json.loads(x) for x in (PETRARCH / "texts.jsonl").read_text().splitlines()]
    assert [g["id"] for g in gold] == [t["id"] for t in texts] and len(gold) > 250
    suite = read_gazetteer(PETRARCH / "actors.tsv")  # the real loader reads the layout
    assert suite.lookup_name("Arnor").id == "arnor"
    assert suite.lookup_name("Minas Tirith").id == "gondor"
    known = {r["id"] for r in rows(PETRARCH / "actors.tsv")} | set(default_gazetteer().actors)
    scored = [e for g in gold for e in g["events"] if e["scored"]]
    assert len(scored) > 150
    assert all(e["source"] in known and e["target"] in known for e in scored)
    assert all(e["predicate"] in STANCE_PREDICATES for e in scored)
    report = json.loads((PETRARCH / "conversion.json").read_text())
    assert report["events_scored"] == len(scored)


def test_cameo_ids_are_unique_and_candidates_fit_the_lexicon_layout() -> None:
    for name in ("verbs.tsv", "patterns.tsv"):
        ids = [r["id"] for r in rows(CAMEO / name)]
        assert len(ids) == len(set(ids)) and all(i.startswith("cameo/") for i in ids)
    cues = rows(CAMEO / "lexicon_candidates.tsv")
    assert len({c["id"] for c in cues}) == len(cues) > 1000
    for cue in cues:
        lemma, pos, predicate = cue["lemma"], cue["pos"], cue["predicate"]
        assert cue["id"] == f"{lemma.replace('+', '_').replace(' ', '_')}.{pos.lower()}.{predicate}"
        assert pos in ("VERB", "NOUN") and predicate in STANCE_PREDICATES
        assert all(slot == "-" or slot.isalpha() for slot in cue["objects"].split(","))
        assert cue["flags"] in ("", "symmetric") and 0 < float(cue["confidence"]) <= 1
    by_id = {c["id"]: c for c in cues}
    assert by_id["condemn.verb.criticizes"]["cameo"] == "111"
    assert by_id["ask_for.verb.demands"]["lemma"] == "ask+for"


def test_petrarch_measure_scores_at_the_predicate_level() -> None:
    from measure_petrarch import score

    gold = [{"id": "a", "events": [
        {"source": "arnor", "predicate": "criticizes", "target": "gondor", "scored": True},
        {"source": "gondor", "predicate": "attacks", "target": "arnor", "scored": True}]},
        {"id": "b", "events": [{"source": "x", "predicate": "opposes", "target": "y",
                                "scored": False}]}]

    def mention(doc: str, s: str, p: str, o: str, modality: str | None = None) -> dict:
        return {"doc": doc, "subject": {"id": s}, "predicate": p, "object": {"id": o},
                "modality": modality}

    predicted = [mention("a", "arnor", "criticizes", "gondor"),
                 mention("a", "gondor", "attacks", "arnor", "future"),
                 mention("a", "gondor", "opposes", "arnor"), mention("b", "x", "opposes", "y")]
    result = score(gold, predicted)
    assert (result["gold_events_scored"], result["matched"], result["matched_asserted"]) == (
        2, 2, 1)
    assert result["records_with_scored_events"] == 1 and result["records_with_a_match"] == 1
    assert (result["predicted_asserted_stances"], result["precision_asserted"]) == (2, 0.5)
