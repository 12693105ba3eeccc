"""`kg extract` and `kg models` as a user runs them (real subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import SEED

REQUIRED_FIELDS = {"doc", "subject", "predicate", "object", "negated", "modality", "source",
                   "confidence", "evidence"}


def kg(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], input=stdin,
                          capture_output=True, timeout=300, env=os.environ.copy())


def test_extract_seed_jsonl_contract():
    result = kg("extract", str(SEED), "--nlp", "spacy", "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert rows
    for row in rows:
        assert set(row) >= REQUIRED_FIELDS
        assert row["doc"] == "putin-beijing-nato"
        # affiliation: only where known (#13), e.g. a person's state
        assert set(row["subject"]) - {"affiliation"} == {"id", "label", "type", "wikidata"}
        assert set(row["evidence"]) >= {"sentence", "start", "end", "cue"}
    triples = {(r["subject"]["label"], r["predicate"], r["object"]["label"]) for r in rows}
    assert ("Russia", "opposes", "NATO") in triples
    nato = next(r["object"] for r in rows if r["object"]["label"] == "NATO")
    assert nato["wikidata"] == "Q7184"


def test_bad_inputs_exit_2_and_others_still_processed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    result = kg("extract", str(empty), str(binary), str(tmp_path / "missing.txt"), str(SEED),
                "--nlp", "spacy")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert f"{empty}: empty input" in stderr
    assert f"{binary}: binary file" in stderr
    assert "missing.txt: no such file" in stderr
    assert "Traceback" not in stderr
    assert "putin-beijing-nato" in result.stdout.decode()


def test_stdin_and_table_format():
    result = kg("extract", "-", "--nlp", "spacy", "--format", "table",
                stdin=b"Moscow rejected the peace plan put forward by Kyiv.")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "Russia" in out and "opposes" in out and "Ukraine" in out


def test_json_format_lists_actors():
    result = kg("extract", str(SEED), "--nlp", "spacy", "--format", "json")
    [document] = json.loads(result.stdout)
    labels = {a["label"] for a in document["actors"]}
    assert {"Donald Trump", "United States", "China"} <= labels


def test_auto_backend_announces_choice_and_stanza_missing_is_clear():
    result = kg("extract", str(SEED), "--nlp", "auto")
    assert result.returncode == 0
    assert "NLP backend spacy" in result.stderr.decode()
    result = kg("extract", str(SEED), "--nlp", "stanza")
    assert result.returncode == 2
    assert "kg models download" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_models_status():
    result = kg("models", "status")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "stanza: English models missing" in out
    assert "auto picks: spacy" in out


def test_help_explains_commands():
    result = kg("--help")
    assert result.returncode == 0
    out = result.stdout.decode()
    for command in ("extract", "build", "models", "serve"):
        assert command in out
