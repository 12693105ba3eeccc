"""The lexicon's data files are checked against kg/lexicon/schema.py: a name the schema does
not declare fails loading with its file and line, never silently does nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg.lexicon import DATA_DIR, default_lexicon, read_lexicon, schema
from kg.lexicon.lexicon import LexiconError, cue_id

GOOD_CUE = "oppose\tVERB\topposes\tobj\t\t0.9"


def _copy(tmp_path: Path) -> Path:
    for name in ("cues.tsv", "words.tsv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _append(path: Path, line: str) -> int:
    """Append a line; its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize(("row", "message"), [
    ("oppose\tVERB\topposes\tobj\tsymetric\t0.9", "unknown flag 'symetric' (known: aid_object"),
    ("oppose\tVERB\topposes\tobjj\t\t0.9", "unknown slot 'objj' (known: about, against"),
    ("oppose\tVRB\topposes\tobj\t\t0.9", "unknown POS 'VRB' (known: ADJ, ADP, NOUN, VERB)"),
    ("oppose\tVERB\toposes\tobj\t\t0.9", "unknown predicate 'oposes' (known: accepts"),
    ("oppose\tVERB\topposes\tobj\tpolicy=critcizes\t0.9",
     "unknown value of flag policy 'critcizes' (known: accepts"),
    ("oppose\tVERB\topposes\tobj\tthank=yes\t0.9", "flag 'thank' takes no value"),
    ("oppose\tVERB\topposes\tobj\t\t1.5", "confidence must be a number in [0, 1]"),
    ("oppose\tVERB\topposes\tobj\t0.9", "expected 6 tab-separated columns, found 5"),
    (GOOD_CUE, "duplicate cue id 'oppose.verb.opposes' (first on line"),
])
def test_cues_tsv_rejects_undeclared_names(tmp_path: Path, row: str, message: str) -> None:
    directory = _copy(tmp_path)
    line = _append(directory / "cues.tsv", row)
    with pytest.raises(LexiconError) as error:
        read_lexicon(directory)
    assert str(error.value).startswith(f"{directory / 'cues.tsv'}:{line}: ")
    assert message in str(error.value)


@pytest.mark.parametrize(("row", "message"), [
    ("speech_verbs\tsay|tell", "unknown role 'speech_verbs' (known: ability_aux"),
    ("speech_verb\tsay|tell", "role 'speech_verb' listed twice"),
    ("just a role", "expected a role and |-separated words"),
])
def test_words_tsv_rejects_undeclared_roles(tmp_path: Path, row: str, message: str) -> None:
    directory = _copy(tmp_path)
    line = _append(directory / "words.tsv", row)
    with pytest.raises(LexiconError) as error:
        read_lexicon(directory)
    assert str(error.value).startswith(f"{directory / 'words.tsv'}:{line}: ")
    assert message in str(error.value)


def test_words_tsv_checks_pairs_and_missing_roles(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    words = directory / "words.tsv"
    lines = words.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("group_number\t")]
    words.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="declared roles not listed: group_number"):
        read_lexicon(directory)
    line = _append(words, "group_number\ttwo>2|three")
    with pytest.raises(LexiconError, match=rf"words.tsv:{line}: role 'group_number' lists "
                                           "pairs"):
        read_lexicon(directory)


def test_the_shipped_lexicon_loads_and_ids_are_stable() -> None:
    lexicon = read_lexicon()
    cues = lexicon.all_cues()
    assert len(cues) > 200
    assert len({c.id for c in cues}) == len(cues)
    ids = {c.id for c in cues}
    assert {"oppose.verb.opposes", "rule_out.verb.opposes", "against.adp.opposes",
            "opposed.adj.opposes"} <= ids
    # The id is derived from the entry, not its line: moving a row keeps it.
    assert cue_id("rule", "out", "VERB", "opposes") == "rule_out.verb.opposes"


def test_every_declared_name_is_used() -> None:
    """No dead declarations: every role, flag and slot the schema declares is named by the
    code or used by the data."""
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in (Path(schema.__file__).parent.parent).rglob("*.py")
                       if p.name != "schema.py")
    for role in schema.ROLES:
        if role.startswith("group_noun_"):  # read as f"group_noun_{kind}"
            role = "group_noun_{kind}"
        assert f'"{role}"' in source, f"role {role!r} is declared but no code reads it"
    for flag in schema.FLAGS:
        assert f'"{flag}"' in source, f"flag {flag!r} is declared but no code reads it"
    used_slots = {s for c in default_lexicon().all_cues() for s in c.objects}
    assert set(schema.SLOTS) <= used_slots


def test_an_undeclared_role_in_code_is_an_error() -> None:
    with pytest.raises(KeyError, match=re.escape("unknown role 'speach_verb'")):
        default_lexicon().has("speach_verb", "say")


def test_cameo_candidates_use_the_lexicon_id_scheme() -> None:
    """The generated CAMEO cue candidates carry ids that the lexicon would give the same
    rows, so a candidate moved into cues.tsv keeps its rule id."""
    import csv

    path = Path(schema.__file__).parent.parent / "relations" / "data" / "cameo" / (
        "lexicon_candidates.tsv")
    if not path.exists():
        pytest.skip("no CAMEO candidates in this checkout")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")),
                                   delimiter="\t"))
    # A lemma with a space ("attacked+and stabbed") can match no single token: not a cue.
    rows = [row for row in rows if " " not in row["lemma"]]
    assert len(rows) > 1000
    for row in rows:
        word, _, particle = row["lemma"].partition("+")
        assert row["id"] == cue_id(word, particle or None, row["pos"], row["predicate"])
