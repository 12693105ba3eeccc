"""The cue lexicon and word lists, read from the package's data files."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.model import STANCE_PREDICATES

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: a cue word and the frame it needs."""

    lemma: str
    particle: str | None
    pos: str
    predicate: str
    objects: tuple[str, ...]
    flags: frozenset[str]
    confidence: float
    line: int

    @property
    def name(self) -> str:
        word = f"{self.lemma}+{self.particle}" if self.particle else self.lemma
        return f"cues.tsv:{self.line}:{word}/{self.pos}"

    def flag_value(self, key: str) -> str | None:
        for flag in self.flags:
            if flag.startswith(key + "="):
                return flag.split("=", 1)[1]
        return None


@dataclass
class Lexicon:
    cues: dict[tuple[str, str], list[Cue]] = field(default_factory=lambda: defaultdict(list))
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def lookup(self, lemma: str, pos: str) -> list[Cue]:
        return self.cues.get((lemma, pos), [])

    def has(self, role: str, word: str) -> bool:
        return word.lower() in self.words.get(role, frozenset())


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            rows.append((number, next(csv.reader([line.rstrip("\n")], delimiter="\t"))))
    return rows


def read_lexicon(directory: Path = DATA_DIR) -> Lexicon:
    """Read cues.tsv and words.tsv; a malformed row raises ValueError naming its line."""
    lexicon = Lexicon()
    for number, row in _rows(directory / "cues.tsv"):
        if len(row) < 6:
            raise ValueError(f"cues.tsv:{number}: expected 6 tab-separated columns")
        lemma, pos, predicate, objects, flags, confidence = row[:6]
        if predicate not in STANCE_PREDICATES:
            raise ValueError(f"cues.tsv:{number}: unknown predicate {predicate!r}")
        word, _, particle = lemma.partition("+")
        cue = Cue(
            lemma=word,
            particle=particle or None,
            pos=pos,
            predicate=predicate,
            objects=tuple(o for o in objects.split(",") if o and o != "-"),
            flags=frozenset(f for f in flags.split(",") if f),
            confidence=float(confidence),
            line=number,
        )
        lexicon.cues[(word, pos)].append(cue)
    for number, row in _rows(directory / "words.tsv"):
        if len(row) < 2:
            raise ValueError(f"words.tsv:{number}: expected role and words")
        lexicon.words[row[0]] = frozenset(w.strip().lower() for w in row[1].split("|") if w)
    return lexicon


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return read_lexicon()
