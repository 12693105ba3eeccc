"""User actor dictionaries: `--actors FILE` / `KG_ACTORS` add or override gazetteer actors.

The file is TSV (or CSV when it ends in .csv), UTF-8, with a header row and lines starting
with '#' ignored. Columns (only id, label and type are required):

    id           stable actor id: lower-case letters, digits and '-' ("wagner-group")
    label        the display name ("Wagner Group")
    type         one of state, organization, bloc, person, group, party
    aliases      further names, separated by '|' ("Wagner|PMC Wagner")
    wikidata     a Wikidata id ("Q20988766"), or empty
    affiliation  the id of the state or organisation the actor acts for ("russia"), or empty
    valid_from   ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from which the affiliation holds
    valid_to     ISO date up to which it holds (empty = still)

A row whose id the gazetteer already has replaces that actor (label, type, Wikidata id,
affiliation) and its names win over the built-in ones. A bad row stops the run with the
file and line (`UserActorsError`; the CLI exits with status 2).
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kg.actors.gazetteer import Gazetteer, _is_acronym, normalize
from kg.model import ACTOR_TYPES, Actor

ENV = "KG_ACTORS"
REQUIRED = ("id", "label", "type")
COLUMNS = (*REQUIRED, "aliases", "wikidata", "affiliation", "valid_from", "valid_to")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class UserActorsError(ValueError):
    """A user actor file that cannot be read: the message names the file and line."""


@dataclass(frozen=True)
class UserActor:
    actor: Actor
    aliases: tuple[str, ...]
    valid_from: str | None
    valid_to: str | None


def _fail(path: Path, line: int, message: str) -> UserActorsError:
    return UserActorsError(f"{path}:{line}: {message}")


def _row(path: Path, line: int, row: dict[str, str | None]) -> UserActor:
    """One checked row (`line` is the file line, for messages)."""
    cell = {k: (row.get(k) or "").strip() for k in COLUMNS}
    for name in REQUIRED:
        if not cell[name]:
            raise _fail(path, line, f"empty {name}")
    if not _ID.match(cell["id"]):
        raise _fail(path, line, f"bad id {cell['id']!r} (lower-case letters, digits, '-')")
    if cell["type"] not in ACTOR_TYPES:
        raise _fail(path, line, f"unknown type {cell['type']!r} (one of "
                                f"{', '.join(ACTOR_TYPES)})")
    if cell["wikidata"] and not _QID.match(cell["wikidata"]):
        raise _fail(path, line, f"bad Wikidata id {cell['wikidata']!r} (like Q42)")
    if cell["affiliation"] and not _ID.match(cell["affiliation"]):
        raise _fail(path, line, f"bad affiliation id {cell['affiliation']!r}")
    for name in ("valid_from", "valid_to"):
        if cell[name] and not _DATE.match(cell[name]):
            raise _fail(path, line, f"bad {name} {cell[name]!r} (YYYY[-MM[-DD]])")
    if cell["valid_from"] and cell["valid_to"] and cell["valid_to"] < cell["valid_from"]:
        raise _fail(path, line, "valid_to before valid_from")
    actor = Actor(cell["id"], cell["label"], cell["type"], cell["wikidata"] or None,
                  cell["affiliation"] or None)
    aliases = tuple(a.strip() for a in cell["aliases"].split("|") if a.strip())
    return UserActor(actor, aliases, cell["valid_from"] or None, cell["valid_to"] or None)


def read_user_actors(path: Path) -> list[UserActor]:
    """Read and check a user actor file; raises UserActorsError on the first bad row."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserActorsError(f"{path}: cannot read: {exc}") from exc
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        raise UserActorsError(f"{path}: no header row")
    header_line, header = lines[0]
    fields = [h.strip() for h in next(csv.reader([header], delimiter=delimiter))]
    missing = [c for c in REQUIRED if c not in fields]
    unknown = [c for c in fields if c not in COLUMNS]
    if missing or unknown:
        raise _fail(path, header_line, f"header: missing {missing}, unknown {unknown} "
                                       f"(columns: {', '.join(COLUMNS)})")
    out, seen = [], set()
    for n, line in lines[1:]:
        values = next(csv.reader([line], delimiter=delimiter))
        if len(values) > len(fields):
            raise _fail(path, n, f"{len(values)} cells, the header has {len(fields)}")
        entry = _row(path, n, dict(zip(fields, values, strict=False)))
        if entry.actor.id in seen:
            raise _fail(path, n, f"id {entry.actor.id!r} given twice")
        seen.add(entry.actor.id)
        out.append(entry)
    return out


def apply(gaz: Gazetteer, entries: list[UserActor]) -> None:
    """Add or override actors in `gaz`; the user's names win."""
    for entry in entries:
        actor = entry.actor
        gaz.actors[actor.id] = actor
        gaz.validity[actor.id] = (entry.valid_from, entry.valid_to)
        if actor.type == "person":
            gaz.add_person(actor, entry.aliases, gaz.offices.get(actor.id, []))
            for name in (actor.label, *entry.aliases):
                gaz.persons[normalize(name)] = actor.id
            continue
        gaz.add(actor, entry.aliases)
        for name in (actor.label, *entry.aliases):
            if _is_acronym(name):
                gaz.acronyms[name.replace(".", "")] = actor.id
                gaz.acronyms[name] = actor.id
            else:
                gaz.names[normalize(name)] = actor.id
                gaz.names[normalize(re.sub(r"^the ", "", name, flags=re.I))] = actor.id


def apply_env(gaz: Gazetteer) -> None:
    """Apply the file named by KG_ACTORS, if set."""
    value = os.environ.get(ENV, "").strip()
    if value:
        apply(gaz, read_user_actors(Path(value)))
