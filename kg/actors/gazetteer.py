"""The built-in actor gazetteer: states, organisations, blocs and groups, read from data."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.model import Actor

DATA_DIR = Path(__file__).parent / "data"
ACTORS_FILE = DATA_DIR / "actors.tsv"
PERSONS_FILE = DATA_DIR / "persons.tsv"


def slugify(name: str) -> str:
    """A stable ASCII id for a name: 'Recep Tayyip Erdoğan' -> 'recep-tayyip-erdogan'.

    Letters that have no ASCII form (Cyrillic, Arabic, CJK, ...) would vanish and make
    different names collide, so such names keep a short hash of the full name.
    """
    folded = unicodedata.normalize("NFKD", name)
    ascii_name = folded.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    lost = any(c.isalpha() and not c.isascii() and not unicodedata.combining(c) for c in folded)
    if lost or not slug:
        digest = hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:10]
        return f"{slug}-{digest}" if slug else f"actor-{digest}"
    return slug


@lru_cache(maxsize=65536)  # called for every token window; the words repeat
def normalize(name: str) -> str:
    """Key used for case-insensitive lookups: folded quotes, dots kept, spaces squeezed."""
    name = name.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", name).strip().lower()


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and len(name) <= 8


@dataclass
class Gazetteer:
    """Lookup tables from names, capitals and demonyms to actors."""

    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # normalized name -> actor id
    acronyms: dict[str, str] = field(default_factory=dict)  # exact-case acronym -> actor id
    capitals: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    persons: dict[str, str] = field(default_factory=dict)  # normalized name -> person id
    # person id -> offices held: (actor id, first year, last year or None while serving)
    offices: dict[str, list[tuple[str, int | None, int | None]]] = field(default_factory=dict)
    # actor id -> (valid from, valid to) as ISO date prefixes, from a user dictionary
    validity: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    max_name_tokens: int = 1
    first_words: set[str] = field(default_factory=set)  # where a name can start (fast skip)

    def _note_first_word(self, name: str) -> None:
        words = [w for w in re.split(r"[\s\-–/]+", normalize(name)) if w]
        if words and words[0] == "the" and len(words) > 1:
            words = words[1:]
        if words:
            self.first_words.add(words[0])

    def may_start_name(self, word: str) -> bool:
        """Whether some name, capital or demonym begins with this word."""
        return normalize(word) in self.first_words

    def add(self, actor: Actor, aliases: Iterable[str], capitals: Iterable[str] = (),
            demonyms: Iterable[str] = ()) -> None:
        self.actors[actor.id] = actor
        for name in [actor.label, *aliases, *capitals, *demonyms]:
            self._note_first_word(name)
        for alias in [actor.label, *aliases]:
            alias = alias.strip()
            if not alias:
                continue
            if _is_acronym(alias):
                self.acronyms.setdefault(alias.replace(".", ""), actor.id)
                self.acronyms.setdefault(alias, actor.id)
            else:
                self.names.setdefault(normalize(alias), actor.id)
                self.names.setdefault(normalize(re.sub(r"^the ", "", alias, flags=re.I)),
                                      actor.id)
            self.max_name_tokens = max(self.max_name_tokens, len(alias.split()) + 1)
        for capital in capitals:
            if capital.strip():
                self.capitals.setdefault(normalize(capital), actor.id)
        for demonym in demonyms:
            if demonym.strip():
                self.demonyms.setdefault(normalize(demonym), actor.id)

    def add_person(self, actor: Actor, aliases: Iterable[str],
                   offices: Iterable[tuple[str, int | None, int | None]]) -> None:
        self.actors[actor.id] = actor
        for alias in [actor.label, *aliases]:
            if alias.strip():
                self.persons.setdefault(normalize(alias), actor.id)
        self.offices[actor.id] = list(offices)

    def led_by(self, person_id: str, year: int | None = None) -> set[str]:
        """Actors the person led (in `year`, when given)."""
        return {
            org for org, first, last in self.offices.get(person_id, [])
            if year is None or ((first is None or first <= year) and (last is None or year <= last))
        }

    def lookup_person(self, text: str) -> Actor | None:
        """A well-known person by full name or listed alias ("Putin", "Erdogan")."""
        key = self.persons.get(normalize(text))
        return self.actors.get(key) if key else None

    def lookup_name(self, text: str) -> Actor | None:
        """An actor by one of its names or acronyms (not capitals or demonyms)."""
        text = text.strip()
        key = self.acronyms.get(text) or self.acronyms.get(text.replace(".", ""))
        if key is None and not (text.isalpha() and text.isupper() and len(text) <= 3):
            key = self.names.get(normalize(text))
            if key is None:
                key = self.names.get(normalize(re.sub(r"^the ", "", text, flags=re.I)))
        if key is None and text.isupper() and len(text) > 3:
            key = self.names.get(normalize(text))  # "PRESIDENT"-style all-caps copy
        return self.actors.get(key) if key else None

    def lookup_capital(self, text: str) -> Actor | None:
        key = self.capitals.get(normalize(text))
        return self.actors.get(key) if key else None

    def lookup_demonym(self, text: str) -> Actor | None:
        key = self.demonyms.get(normalize(text))
        return self.actors.get(key) if key else None


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def read_gazetteer(path: Path = ACTORS_FILE) -> Gazetteer:
    """Read a gazetteer TSV (comment lines start with '#')."""
    gazetteer = Gazetteer()
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
        for row in rows:
            actor = Actor(
                id=row["id"],
                label=row["label"],
                type=row["type"],
                wikidata=row.get("wikidata") or None,
            )
            gazetteer.add(actor, _split(row.get("aliases")), _split(row.get("capitals")),
                          _split(row.get("demonyms")))
    return gazetteer


def _office(role: str) -> tuple[str, int | None, int | None]:
    """'leader_of:russia:2012-' -> ('russia', 2012, None)."""
    parts = role.split(":")
    first, _, last = (parts[2] if len(parts) > 2 else "").partition("-")
    return parts[1], int(first) if first.isdigit() else None, int(last) if last.isdigit() else None


def read_persons(gazetteer: Gazetteer, path: Path = PERSONS_FILE) -> Gazetteer:
    """Add the curated persons file (names, aliases, Wikidata ids, offices held)."""
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
        for row in rows:
            offices = [_office(role) for role in _split(row.get("roles"))
                       if role.startswith("leader_of:")]
            # The latest office gives the affiliation (rolling a person up to a state).
            latest = max(offices, key=lambda o: (o[2] is None, o[2] or 0, o[1] or 0),
                         default=None)
            actor = Actor(id=row["id"], label=row["label"], type="person",
                          wikidata=row.get("wikidata") or None,
                          affiliation=latest[0] if latest else None)
            gazetteer.add_person(actor, _split(row.get("aliases")), offices)
    return gazetteer


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped with the package (read once per process)."""
    from kg.actors import field, user  # late: they build on this module

    gazetteer = read_gazetteer()
    if PERSONS_FILE.exists():
        read_persons(gazetteer)
    field.merge_field(gazetteer)
    user.apply_env(gazetteer)
    return gazetteer
