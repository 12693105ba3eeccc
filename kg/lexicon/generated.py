"""The generated CAMEO cues (kg/relations/data/cameo/lexicon_candidates.tsv, built by
tools/build_cameo_cues.py from PETRARCH2's verb dictionary) merged into the lexicon.

Each row is checked by the same schema as cues.tsv. The hand-written lexicon wins: a
generated cue is skipped when cues.tsv has an entry for its lemma and POS (for a noun held
by its own light verbs: an entry with its id), and lends an entry with its id its CAMEO
codes. Rows measured wrong are listed, with the
reason, in kg/lexicon/data/cameo_drop.tsv (a listed id no row has fails: stale list).
"""

from __future__ import annotations

import csv
import dataclasses
from functools import lru_cache
from pathlib import Path

from kg.lexicon.lexicon import Cue, Lexicon, LexiconError, _parse_cue

CANDIDATES = (Path(__file__).parent.parent / "relations" / "data" / "cameo"
              / "lexicon_candidates.tsv")
LINE_OFFSET = 100_000  # generated cues sort after the hand-written ones (Cue.line)
MODALITIES = frozenset({"", "future", "mixed"})


def read_drop_list(path: Path) -> dict[str, str]:
    """Cue id -> why it is left out."""
    if not path.exists():
        return {}
    dropped: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != 2 or not row[1].strip():
            raise LexiconError(f"{path}: row {number}: expected an id and a reason")
        dropped[row[0]] = row[1]
    return dropped


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8") as handle:
        lines = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
    reader = csv.DictReader((line for _, line in lines), delimiter="\t")
    return [(lines[i + 1][0], row) for i, row in enumerate(reader)]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(c for c in cell.split("|") if c)


def read_generated(path: Path, drop_path: Path, lexicon: Lexicon) -> None:
    """Add the generated cues of `path` to `lexicon`, except dropped ones and those the
    hand-written lexicon already covers."""
    dropped = read_drop_list(drop_path)
    seen: set[str] = set()
    for number, row in _rows(path):
        where = f"{path}:{number}"
        cells = [row[k] for k in ("lemma", "pos", "predicate", "objects", "flags",
                                  "confidence")]
        cue = _parse_cue(where, LINE_OFFSET + number, cells)
        if cue.id != row["id"]:
            raise LexiconError(f"{where}: id {row['id']!r} is not the scheme's {cue.id!r}")
        if row["modality"] not in MODALITIES:
            raise LexiconError(f"{where}: unknown modality {row['modality']!r}")
        seen.add(cue.id)
        cue = dataclasses.replace(
            cue, cameo=_split(row["cameo"]),
            modality=row["modality"] or None, origin="cameo",
            light_verbs=frozenset(_split(row["light_verbs"])))
        hand = lexicon.cues.get((cue.lemma, cue.pos), [])
        if any(h.origin == "hand" for h in hand):
            _lend_codes(hand, cue)
        if _covered(hand, cue):
            continue
        if cue.id not in dropped:
            lexicon.cues[(cue.lemma, cue.pos)].append(cue)
    stale = sorted(set(dropped) - seen)
    if stale:
        raise LexiconError(f"{drop_path}: ids no generated cue has: {', '.join(stale)}")


def _covered(hand: list[Cue], cue: Cue) -> bool:
    """Whether the hand-written entries of the cue's word leave no room for it: any of them
    for a verb; one with the same id for a noun held by its own light verbs ("break
    relations" sanctions where the hand-written "relations" cooperates)."""
    hand = [h for h in hand if h.origin == "hand"]
    if cue.pos == "NOUN" and cue.light_verbs:
        return any(h.id == cue.id for h in hand)
    return bool(hand)


def _lend_codes(hand: list[Cue], cue: Cue) -> None:
    """A hand-written cue with the generated cue's id takes its CAMEO codes (only)."""
    for i, entry in enumerate(hand):
        if entry.id == cue.id and not entry.cameo:
            hand[i] = dataclasses.replace(entry, cameo=cue.cameo)


@lru_cache(maxsize=1)
def event_types() -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER event type, PLOVER mode), from the generated codes.tsv."""
    return {row["code"]: (row["plover"], row["plover_mode"])
            for _, row in _rows(CANDIDATES.parent / "codes.tsv")}
