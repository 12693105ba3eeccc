"""The Phoenix field dictionaries (kg/actors/data/field/merge.tsv) merged into the gazetteer.

Only entries that name an actor in the sense of the relation spec are read: persons whose
dated terms give an affiliation (a state or organisation they act for), intergovernmental
organisations and non-state armed groups. Companies, NGOs, media and the like are left out:
Phoenix lists thousands of them and their one-word names ("Apple", "Oxfam") would turn
ordinary words and outlets into actors. Entities that already are in the gazetteer keep
their ids and Wikidata ids; their Phoenix names are added as aliases.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.actors.gazetteer import Gazetteer, normalize
from kg.model import Actor

FIELD_DIR = Path(__file__).parent / "data" / "field"
MERGE_FILE = FIELD_DIR / "merge.tsv"
# Phoenix kind -> our actor type; kinds not listed are not read.
TYPES = {"person": "person", "armed_group": "group", "igo": "organization"}
# Phoenix lists some officials and single persons as organisations or groups ("Brian
# Murgatroyd" IGOUNO, "Salamat Hashim" under a group code) and generic phrases ("UN
# Resident"): an organisation or group is read only when its label names a body.
BODY = re.compile(
    r"\b(organi[sz]ation|union|council|bank|communit(y|ies)|fund|commission|court|agency|"
    r"association|league|programme|program|project|area|states|nations|forum|conference|"
    r"committee|office|institute|federation|alliance|pact|treaty|assembly|parliament|mission|"
    r"force|forces|group|front|army|movement|brigades?|cells?|gang|party|battalion|militia|"
    r"mujahideen|mujahedin|lashkar|harkat|jihad|jama'?at|tigers|legion|commandos?|faction|"
    r"resistance|liberation|guards?|coalition|network|unit|squad|regiment|corps|command|"
    r"jund|ansar|hizb|tehrik|francophonie|secretariat|initiative|partnership|cooperation|"
    r"co-operation|development|centre|center|authority|board|system|service)\b", re.I)

@dataclass
class FieldCounts:
    """How many field entries the gazetteer took, by kind (for reports and tests)."""

    persons: int = 0
    organisations: int = 0
    groups: int = 0
    merged: int = 0  # entries of an existing actor that gained aliases or an affiliation


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        yield from csv.DictReader((line for line in handle if not line.startswith("#")),
                                  delimiter="\t", quoting=csv.QUOTE_NONE)


def usable_name(name: str, kind: str) -> bool:
    """Names safe to look up: two words or more, or (not for persons) an acronym of three
    letters or more. One-word names ("Hassan", "ETA" aside) are too often other things."""
    name = name.strip()
    if len(name.split()) >= 2:
        return not name.isupper() or kind != "person"
    letters = re.sub(r"[^A-Za-z]", "", name)
    return kind != "person" and name.isupper() and len(letters) >= 3


def _label(label: str) -> str:
    """Phoenix labels are case-folded from upper case: "1ST Brigade" -> "1st Brigade"."""
    return re.sub(r"\b(\d+)(ST|ND|RD|TH)\b", lambda m: m.group(1) + m.group(2).lower(), label)


def merge_field(gaz: Gazetteer, path: Path = MERGE_FILE) -> FieldCounts:
    """Add the usable field entries to `gaz`; returns what was added."""
    counts = FieldCounts()
    for row in _rows(path):
        kind, origin = row["type"], row["origin"]
        aliases = [a for a in row["aliases"].split("|") if a.strip()]
        affiliation = row["affiliation"] or None
        if origin != "phoenix":
            counts.merged += _enrich(gaz, row["id"], aliases, affiliation)
            continue
        our_type = TYPES.get(kind)
        if our_type is None or (our_type == "person" and affiliation is None):
            continue
        names = [n for n in [row["label"], *aliases] if usable_name(n, kind)]
        if our_type != "person" and not BODY.search(row["label"]):
            continue
        if not names or row["id"] in gaz.actors or _taken(gaz, row["label"]):
            continue  # one actor per name: the gazetteer, then the first Phoenix record
        # A group's country is where it fights, not whom it acts for: no affiliation.
        actor = Actor(id=row["id"], label=_label(row["label"]), type=our_type,
                      affiliation=affiliation if our_type == "person" else None)
        if our_type == "person":
            gaz.add_person(actor, names, [])
            counts.persons += 1
        else:
            names = [n for n in names if not _taken(gaz, n)]
            if not names:
                continue
            gaz.add(actor, names[1:] if names[0] == actor.label else names)
            counts.groups += our_type == "group"
            counts.organisations += our_type == "organization"
    return counts


def _taken(gaz: Gazetteer, name: str) -> bool:
    """Whether a name already names a gazetteer actor (the gazetteer wins)."""
    return gaz.lookup_name(name) is not None or normalize(name) in gaz.persons


def _enrich(gaz: Gazetteer, actor_id: str, aliases: list[str], affiliation: str | None) -> int:
    """Phoenix names and affiliation for an actor the gazetteer already has."""
    actor = gaz.actors.get(actor_id)
    if actor is None:
        return 0
    if actor.type == "person":
        extra = [a for a in aliases if usable_name(a, "person")
                 and normalize(a) not in gaz.persons]
        for alias in extra:
            gaz.persons[normalize(alias)] = actor_id
    else:
        extra = [a for a in aliases if usable_name(a, actor.type) and not _taken(gaz, a)]
        if extra:
            gaz.add(actor, extra)
    if affiliation and actor.affiliation is None and actor.type == "person":
        gaz.actors[actor_id] = Actor(actor.id, actor.label, actor.type, actor.wikidata,
                                     affiliation)
    return int(bool(extra) or bool(affiliation))
