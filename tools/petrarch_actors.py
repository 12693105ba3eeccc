"""The validation suite's actors (PETR.Validate.actors.txt) as kg actors (for
convert_petrarch_records.py).

CAMEO codes the suite's events with actor codes: a base (a state such as ARN for Arnor, or a
whole organisation code such as IGOEEU) and optional role chunks (BREGOV: Bree's
government). spec/relations.md lets governments, armed forces, police, legislatures and
courts stand for their state, so a base plus only such roles is the base's actor; any other
role (rebels, opposition, civilians, NGOs ...) names a group of its own that kg does not
resolve, and events with it are not scored. A base whose dictionary names match an actor of
kg's gazetteer (Libya, the United States, the European Union) is that actor; the others
(the fictional states) become test-local actors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from field_entities import label_case, norm, slug
from phoenix import parse_actor_file

STATE_ROLES = {"GOV", "MIL", "COP", "LEG", "JUD", "SPY", "FRM", "PRS"}
ORGANISATION_CODES = {"UNO", "IBR", "IMF", "G77", "EEC"}  # the suite's IGOs with 3-letter codes


@dataclass
class SuiteActors:
    names: dict[str, list[str]] = field(default_factory=dict)  # base code -> names
    ids: dict[str, str] = field(default_factory=dict)  # base code -> kg actor id
    new: dict[str, dict[str, object]] = field(default_factory=dict)  # id -> actors.tsv row
    skipped: list[str] = field(default_factory=list)


def split_code(code: str) -> tuple[str, list[str]]:
    """'BREGOV' → ('BRE', ['GOV']); organisation codes (IGO..., NGO..., IMG...) stay whole."""
    if code[:3] in ("IGO", "NGO", "NGM", "IMG", "MNC"):
        return code, []
    return code[:3], [code[i:i + 3] for i in range(3, len(code), 3)]


def collect_names(path: Path, suite: SuiteActors) -> None:
    """Names per base code; a record's names join every base its codes give (a dated
    record may name several), where the code's roles all stand for the state."""
    parsed = parse_actor_file(path)
    suite.skipped += parsed.defects
    for record in parsed.records:
        where = f"{path.name}:{record.line}"
        if not record.names:
            continue
        for code in sorted({r.code for r in record.restrictions}):
            if not re.fullmatch(r"[A-Z0-9]{3,}", code):
                suite.skipped.append(f"{where}: {record.names[0]} [{code}] is no actor code")
                continue
            base, roles = split_code(code)
            if any(role not in STATE_ROLES for role in roles):
                suite.skipped.append(f"{where}: {record.names[0]} [{code}] is a sub-state group")
                continue
            known = suite.names.setdefault(base, [])
            known.extend(n for n in record.names if n not in known)


def resolve_bases(suite: SuiteActors, ours: list[dict[str, str]]) -> None:
    """Each base code → an existing kg actor (by name) or a new test-local actor."""
    index: dict[str, set[str]] = {}
    for row in ours:
        for name in [row["label"], *"|".join((row["aliases"], row["capitals"],
                                               row["demonyms"])).split("|")]:
            if name:
                index.setdefault(norm(name), set()).add(row["id"])
    taken = {row["id"] for row in ours}
    for base in sorted(suite.names):
        names = suite.names[base]
        hits = {i for n in names for i in index.get(norm(n), set())}
        if not hits:  # stems: ARGENTIN, BULGAR name Argentina, Bulgaria
            hits = {i for n in names if len(norm(n)) >= 5 for key, ids in index.items()
                    if key.startswith(norm(n)) for i in ids}
        if len(hits) > 1:  # 'Palestine' and 'Palestinian': the primary name decides
            hits = index.get(norm(names[0]), hits)
        if len(hits) == 1:
            suite.ids[base] = next(iter(hits))
            continue
        actor_id = slug(names[0]) if slug(names[0]) not in taken else f"{slug(names[0])}-test"
        taken.add(actor_id)
        suite.ids[base] = actor_id
        organisation = base in ORGANISATION_CODES or base[:3] in ("IGO", "NGO", "IMG")
        suite.new[actor_id] = {
            "id": actor_id, "label": label_case(names[0], not organisation),
            "type": "organization" if organisation else "state", "wikidata": "",
            "aliases": [label_case(n, not organisation) for n in names[1:]],
            "capitals": "", "demonyms": "", "iso3": base, "status": "active"}


def load_suite_actors(path: Path, ours: list[dict[str, str]]) -> SuiteActors:
    suite = SuiteActors()
    collect_names(path, suite)
    resolve_bases(suite, ours)
    return suite


def resolve_code(code: str, suite: SuiteActors, iso: dict[str, str]) -> tuple[str, str]:
    """(kg actor id, '') for an event's actor code, or ('', why it has none)."""
    if not code or code.startswith("---") or not re.fullmatch(r"[A-Z]{3,}", code):
        return "", f"no actor code ({code or 'empty'})"
    for cut in range(len(code), 2, -3):
        base = code[:cut]
        known = suite.ids.get(base) or (iso.get(base) if cut == 3 else None)
        if known:
            roles = [code[i:i + 3] for i in range(cut, len(code), 3)]
            others = [r for r in roles if r not in STATE_ROLES]
            return (known, "") if not others else ("", f"{code}: role {others[0]} is no state")
    return "", f"{code}: no actor with this code"
