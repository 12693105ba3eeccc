"""Parser of PETRARCH2's actor and agent dictionaries (the Phoenix and validation files).

Actor file: records of a primary phrase (`WORDS_ [CODE]`), synonym lines (`+WORDS`) and
tab-indented code restrictions (`[CODE]`, `[CODE 19990101-20080507]`, `[CODE >080508]`,
`[CODE <911226]`); words joined by `_`, comments after `#` or `;`. A date is YYYYMMDD or
YYMMDD (YY 00-30 → 20YY, else 19YY, as PETRARCH reads it). Agent file: `!SET! = A, B`
substitution sets, then `WORDS {plural forms} [~CODE]` (agent code after the actor's) or
`[CODE~]` (before it).

Source lines that cannot be read at all raise SourceError (file:line). Values that are
wrong inside a well-formed line (an impossible date, a name with a lost character) are
dropped and listed in `defects` with file:line, so the build goes on and the manifest
says what was left out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from sourcelib import SourceError, read_lines

_RESTRICTION = re.compile(
    r"^\[\s*([A-Za-z0-9+/-]+)\s*(?:([<>])\s*(\d+)|(\d+)\s*-\s*(\d+)|(\d+))?\s*\]$")
# name, then [codes] (PETRARCH reads the codes from the first '['; text after them, such as
# the International file's tab-separated sector and revenue columns, is ignored), comment
_PRIMARY = re.compile(r"^([^\[#;]*?)\s*((?:\[[^\]]*\][^\[#;]*)*)([#;].*)?$")
_AGENT = re.compile(r"^(.*?)\s*(\{[^}]*\})?\s*\[\s*([~A-Z]+)\s*\]\s*(#.*)?$")
_SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")


@dataclass
class Restriction:
    code: str
    start: str  # ISO date or ''
    end: str
    line: int


@dataclass
class ActorRecord:
    file: str
    line: int
    names: list[str]  # primary first; upper-case words joined by spaces
    restrictions: list[Restriction] = field(default_factory=list)
    comment: str = ""
    separated: bool = True  # a blank or comment line precedes the record


@dataclass
class ActorFile:
    records: list[ActorRecord] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)


def phrase(text: str) -> str:
    """'VLADIMIR_V._PUTIN_ ' → 'VLADIMIR V. PUTIN'."""
    return " ".join(text.replace("_", " ").split())


def iso_date(text: str) -> str:
    """YYYYMMDD or YYMMDD → YYYY-MM-DD; ValueError if it is no calendar date."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= 30 else 1900 + year}{text[2:]}"
    if len(text) != 8:
        raise ValueError(f"date {text!r} is neither YYMMDD nor YYYYMMDD")
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()


def restriction(path: Path, number: int, text: str) -> Restriction:
    """One `[CODE dates]` cell; a bad date raises ValueError, a bad shape SourceError."""
    match = _RESTRICTION.match(text.strip())
    if not match:
        raise SourceError(path, number, f"not a [CODE date-range] restriction: {text.strip()!r}")
    code, side, single, start, end, lone = match.groups()
    if lone:  # '[CODE 20121204]': PETRARCH keeps one date; read as the start of the term
        start = lone
    if side == ">":
        return Restriction(code.upper(), iso_date(single), "", number)
    if side == "<":
        return Restriction(code.upper(), "", iso_date(single), number)
    return Restriction(code.upper(), iso_date(start) if start else "",
                       iso_date(end) if end else "", number)


def add_restrictions(path: Path, number: int, cells: str, record: ActorRecord,
                     defects: list[str]) -> None:
    for cell in re.findall(r"\[[^\]]*\]", cells):
        try:
            record.restrictions.append(restriction(path, number, cell))
        except ValueError as error:
            defects.append(f"{path.name}:{number}: restriction {cell} dropped: {error}")
    if "[" in re.sub(r"\[[^\]]*\]", "", cells):
        raise SourceError(path, number, f"unclosed '[' among the codes: {cells.strip()!r}")


def name_or_defect(path: Path, number: int, text: str, defects: list[str]) -> str | None:
    name = phrase(text)
    if "\x1a" in name or not re.search(r"[^\W\d_]", name):
        defects.append(f"{path.name}:{number}: name {name!r} dropped (lost character or no letter)")
        return None
    return name


def parse_actor_file(path: Path) -> ActorFile:
    """Every record of an actor dictionary, in file order."""
    result = ActorFile()
    record: ActorRecord | None = None
    separated = True
    for number, raw in read_lines(path):
        text = raw.strip()
        if not text or text.startswith("#") or text.startswith("<"):
            separated = True
            continue
        if text.startswith("["):
            if record is None:
                raise SourceError(path, number, "code restriction before any actor")
            add_restrictions(path, number, text.split("#")[0], record, result.defects)
        elif text.startswith("+"):
            if record is None:
                raise SourceError(path, number, "synonym before any actor")
            name = name_or_defect(path, number, re.split(r"[#;]", text[1:])[0], result.defects)
            if name:
                record.names.append(name)
        else:
            record = primary_record(path, number, text, result.defects, separated)
            result.records.append(record)
        separated = False
    return result


def primary_record(path: Path, number: int, text: str, defects: list[str],
                   separated: bool) -> ActorRecord:
    match = _PRIMARY.match(text)
    if not match or not match.group(1).strip():
        raise SourceError(path, number, f"not an actor line: {text!r}")
    name = name_or_defect(path, number, match.group(1), defects)
    record = ActorRecord(path.name, number, [name] if name else [],
                         comment=(match.group(3) or "")[1:].strip(), separated=separated)
    add_restrictions(path, number, match.group(2) or "", record, defects)
    return record


@dataclass
class Agent:
    phrase: str  # lower-case words
    plurals: list[str]
    code: str  # the agent code without '~'
    position: str  # 'after' ([~GOV]: appended to the actor's code) or 'before' ([NGO~])
    line: int


def parse_agents(path: Path, defects: list[str]) -> list[Agent]:
    """Agents with substitution sets expanded; `[~X}` and bad markers go to defects."""
    sets: dict[str, list[str]] = {}
    agents: list[Agent] = []
    for number, raw in read_lines(path):
        text = raw.strip()
        if not text or text.startswith("#") or text.startswith("<"):
            continue
        if sub := _SUBSTITUTION.match(text):
            sets[sub.group(1)] = [x.strip() for x in sub.group(2).split(",") if x.strip()]
            continue
        match = _AGENT.match(text)
        if not match:
            defects.append(f"{path.name}:{number}: agent line without a [code]: {text!r}")
            continue
        words, plural, code, _comment = match.groups()
        if code.strip("~") == "" or code.count("~") != 1 or (code[0] != "~" and code[-1] != "~"):
            raise SourceError(path, number, f"agent code must be [~CODE] or [CODE~]: [{code}]")
        agents += expand_agent(path, number, words, plural, code, sets, defects)
    return agents


def regular_plural(text: str) -> str:
    """PETRARCH's regular plural of a phrase's last word: -s, -y → -ies, -ss → -sses."""
    if text.endswith("ss"):
        return text + "es"
    if text.endswith("y") and text[-2:-1] not in "aeiou":
        return text[:-1] + "ies"
    return text + "s"


def expand_agent(path: Path, number: int, words: str, plural: str | None, code: str,
                 sets: dict[str, list[str]], defects: list[str]) -> list[Agent]:
    marker = re.search(r"![A-Z]+!", words)
    if marker and marker.group(0) not in sets:
        raise SourceError(path, number, f"undefined substitution set {marker.group(0)}")
    if re.search(r"[A-Z]![A-Z]+![A-Z]", words):
        defects.append(f"{path.name}:{number}: agent {words!r} dropped: marker inside a word")
        return []
    variants = [words.replace(marker.group(0), s) for s in sets[marker.group(0)]] \
        if marker else [words]
    plurals = [phrase(p).lower() for p in plural[1:-1].split()] if plural is not None \
        else [regular_plural(phrase(words).lower())]
    position = "after" if code.startswith("~") else "before"
    return [Agent(phrase(v).lower(), [] if marker else plurals, code.strip("~"), position,
                  number) for v in variants if phrase(v)]
