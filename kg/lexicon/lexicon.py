"""The cue lexicon and word lists, read from the package's data files and checked against
the schema (kg/lexicon/schema.py)."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.lexicon import schema

DATA_DIR = Path(__file__).parent / "data"


class LexiconError(ValueError):
    """A data file names something the schema does not declare, or is malformed."""


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
    id: str = ""  # stable across edits: derived from word, POS and predicate
    # From the CAMEO verb dictionary (kg/lexicon/generated.py): its CAMEO codes ("033|070";
    # ":173" codes the reverse direction), the modality it states (03 intentions: "future"),
    # and for a generated NOUN cue the verbs it must be the object of ("lodge ... protest").
    cameo: tuple[str, ...] = ()
    modality: str | None = None
    light_verbs: frozenset[str] = frozenset()
    origin: str = "hand"

    def flag_value(self, key: str) -> str | None:
        for flag in self.flags:
            if flag.startswith(key + "="):
                return flag.split("=", 1)[1]
        return None


def cue_id(word: str, particle: str | None, pos: str, predicate: str) -> str:
    """ "oppose.verb.opposes", "rule_out.verb.opposes": unique per entry, not a line."""
    lemma = f"{word}_{particle}" if particle else word
    return f"{lemma.replace(' ', '_')}.{pos.lower()}.{predicate}"


@dataclass
class Lexicon:
    cues: dict[tuple[str, str], list[Cue]] = field(default_factory=lambda: defaultdict(list))
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def lookup(self, lemma: str, pos: str) -> list[Cue]:
        return self.cues.get((lemma, pos), [])

    def has(self, role: str, word: str) -> bool:
        """Whether a word is listed under a role; a role the schema lacks is a bug (every
        declared role is loaded, so an unknown one is simply absent)."""
        words = self.words.get(role)
        if words is None:
            raise KeyError(f"unknown role {role!r} (known: {schema.known(schema.ROLES)})")
        return word.lower() in words

    def pairs_to(self, second: str, role: str) -> set[str]:
        """The first words of a pairs role whose second word is `second`."""
        found = set()
        for pair in self.words.get(role, frozenset()):
            first, _, other = pair.partition(">")
            if other == second:
                found.add(first)
        return found

    def numbers(self, role: str) -> dict[str, int]:
        """A pairs role whose second words are numbers, as a mapping ("two>2")."""
        return {a: int(b) for a, _, b in (p.partition(">") for p in self.words[role])}

    def all_cues(self) -> list[Cue]:
        return sorted((c for cues in self.cues.values() for c in cues), key=lambda c: c.line)


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            rows.append((number, next(csv.reader([line.rstrip("\n")], delimiter="\t"))))
    return rows


def _unknown(where: str, kind: str, value: str, known: object) -> LexiconError:
    return LexiconError(f"{where}: unknown {kind} {value!r} (known: {schema.known(known)})")


def _check_flags(where: str, flags: frozenset[str]) -> None:
    for flag in flags:
        name, eq, value = flag.partition("=")
        if name not in schema.FLAGS:
            raise _unknown(where, "flag", name, schema.FLAGS)
        allowed = schema.VALUE_FLAGS.get(name)
        if allowed is not None and value not in allowed:
            raise _unknown(where, f"value of flag {name}", value, allowed)
        if allowed is None and eq:
            raise LexiconError(f"{where}: flag {name!r} takes no value")


def _parse_cue(where: str, number: int, row: list[str]) -> Cue:
    if len(row) != 6:
        raise LexiconError(f"{where}: expected 6 tab-separated columns, found {len(row)}")
    lemma, pos, predicate, objects, flags, confidence = row
    if pos not in schema.POS:
        raise _unknown(where, "POS", pos, schema.POS)
    if predicate not in schema.PREDICATES:
        raise _unknown(where, "predicate", predicate, schema.PREDICATES)
    slots = tuple(o for o in objects.split(",") if o and o != "-")
    for slot in slots:
        if slot not in schema.SLOTS and slot not in schema.PREPOSITIONS:
            raise _unknown(where, "slot", slot, set(schema.SLOTS) | schema.PREPOSITIONS)
    flag_set = frozenset(f for f in flags.split(",") if f)
    _check_flags(where, flag_set)
    try:
        prior = float(confidence)
    except ValueError:
        prior = -1.0
    if not 0.0 <= prior <= 1.0:
        raise LexiconError(f"{where}: confidence must be a number in [0, 1], got {confidence!r}")
    word, _, particle = lemma.partition("+")
    return Cue(lemma=word, particle=particle or None, pos=pos, predicate=predicate,
               objects=slots, flags=flag_set, confidence=prior, line=number,
               id=cue_id(word, particle or None, pos, predicate))


def read_cues(path: Path, lexicon: Lexicon) -> None:
    first_line: dict[str, int] = {}
    for number, row in _rows(path):
        where = f"{path}:{number}"
        cue = _parse_cue(where, number, row)
        if cue.id in first_line:
            raise LexiconError(f"{where}: duplicate cue id {cue.id!r} (first on line "
                               f"{first_line[cue.id]})")
        first_line[cue.id] = number
        lexicon.cues[(cue.lemma, cue.pos)].append(cue)


def read_words(path: Path, lexicon: Lexicon) -> None:
    for number, row in _rows(path):
        where = f"{path}:{number}"
        if len(row) != 2:
            raise LexiconError(f"{where}: expected a role and |-separated words")
        role = row[0]
        if role not in schema.ROLES:
            raise _unknown(where, "role", role, schema.ROLES)
        if role in lexicon.words:
            raise LexiconError(f"{where}: role {role!r} listed twice")
        words = frozenset(w.strip().lower() for w in row[1].split("|") if w)
        if role in schema.PAIR_ROLES and any(w.count(">") != 1 for w in words):
            raise LexiconError(f"{where}: role {role!r} lists pairs written 'a>b'")
        lexicon.words[role] = words
    missing = set(schema.ROLES) - set(lexicon.words)
    if missing:
        raise LexiconError(f"{path}: declared roles not listed: {schema.known(missing)}")


def read_lexicon(directory: Path = DATA_DIR, generated: Path | None = None) -> Lexicon:
    """Read cues.tsv and words.tsv, then the generated CAMEO cues (`generated`, default
    none; the hand-written cue wins where both have one); anything the schema does not
    declare raises LexiconError naming its file and line."""
    lexicon = Lexicon()
    read_cues(directory / "cues.tsv", lexicon)
    read_words(directory / "words.tsv", lexicon)
    if generated is not None:
        from kg.lexicon.generated import read_generated  # the module imports this one

        read_generated(generated, directory / "cameo_drop.tsv", lexicon)
    return lexicon


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    from kg.lexicon.generated import CANDIDATES

    return read_lexicon(generated=CANDIDATES)
