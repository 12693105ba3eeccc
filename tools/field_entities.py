"""Phoenix actor records → persons, organisations and armed groups (for build_field_dictionaries).

CAMEO actor codes are three-letter chunks: a country (ISO3-like) or an international
prefix (IGO, NGO, MNC, IMG, ...), then role chunks (GOV, MIL, REB, ...), then sectors or
named organisations. `decode` splits a code; `classify` decides what a record names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from phoenix import ActorRecord

# CAMEO role chunk → (role name, our kind, what it stands for in kg: state | organization |
# group | person | none). Kinds follow spec/relations.md: ministries, governments, armed
# forces and state media stand for their state; media and outlets are never actors.
ROLES: dict[str, tuple[str, str, str]] = {
    "GOV": ("government", "government", "state"),
    "MIL": ("military", "military", "state"),
    "COP": ("police", "police", "state"),
    "JUD": ("judiciary", "judiciary", "state"),
    "LEG": ("legislature", "legislature", "state"),
    "SPY": ("intelligence", "intelligence", "state"),
    "ELI": ("elite", "elite", "person"),
    "OPP": ("opposition", "opposition", "group"),
    "PTY": ("party", "party", "group"),
    "REB": ("rebels", "armed_group", "group"),
    "INS": ("insurgents", "armed_group", "group"),
    "UAF": ("unaffiliated armed forces", "armed_group", "group"),
    "SEP": ("separatists", "armed_group", "group"),
    "IMG": ("international militarized group", "armed_group", "group"),
    "CRM": ("criminals", "criminal", "none"),
    "MED": ("media", "media", "none"),
    "BUS": ("business", "company", "organization"),
    "NGO": ("non-governmental organisation", "ngo", "organization"),
    "NGM": ("non-governmental movement", "ngo", "organization"),
    "IGO": ("intergovernmental organisation", "igo", "organization"),
    "HRI": ("human rights", "ngo", "organization"),
    "CVL": ("civilians", "civilians", "none"),
    "PPL": ("people", "civilians", "none"),
    "EDU": ("education", "education", "none"),
    "HLH": ("health", "health", "none"),
    "AGR": ("agriculture", "agriculture", "none"),
    "LAB": ("labour", "labour", "none"),
    "ENV": ("environment", "environment", "none"),
    "DEV": ("development", "development", "none"),
    "REF": ("refugees", "refugees", "none"),
    "REL": ("religion", "religious", "none"),
    "MUS": ("Muslim", "religious", "none"),
    "CHR": ("Christian", "religious", "none"),
    "JEW": ("Jewish", "religious", "none"),
    "HIN": ("Hindu", "religious", "none"),
    "BUD": ("Buddhist", "religious", "none"),
    "RAD": ("radical", "modifier", "none"),
    "MOD": ("moderate", "modifier", "none"),
    "UNR": ("unrecognised", "modifier", "none"),
}
# First chunks that are not a country: what the actor is.
INTERNATIONAL = {"IGO": "igo", "NGO": "ngo", "NGM": "ngo", "MNC": "company", "IMG": "armed_group",
                 "INT": "international"}
# A name with one of these words names a body, not a person.
ORG_WORDS = re.compile(
    r"\b(ARMY|BRIGADES?|FRONT|PARTY|MOVEMENT|COUNCIL|MINISTRY|COMMITTEE|ASSEMBLY|PARLIAMENT|"
    r"GOVERNMENT|FORCES?|ORGANI[SZ]ATION|UNION|LEAGUE|ALLIANCE|CONGRESS|COURT|SERVICE|AGENCY|"
    r"BANK|COMMISSION|GROUP|REPUBLIC|KINGDOM|STATES?|OFFICE|DEPARTMENT|POLICE|GUARDS?|MILITIA|"
    r"CABINET|SENATE|SECRETARIAT|FEDERATION|ASSOCIATION|INSTITUTE|FUND|PROGRAMM?E|BUREAU|"
    r"AUTHORITY|ADMINISTRATION|JUNTA|REGIME|BATTALIONS?|CORPS|DIVISION|NETWORK|COALITION|BLOC|"
    r"SOVIET|POLITBURO|PRESIDIUM|TRIBUNAL|CHAMBER|DUMA|KNESSET|COMPANY|CORPORATION|INC|LTD|"
    r"FOUNDATION|SOCIETY|CENTER|CENTRE|MISSION|FORUM|BOARD|TALIBAN|MUJAHIDEEN|REBELS|"
    r"ISLAMIC|NATIONAL|PEOPLE'?S|LIBERATION|REVOLUTIONARY)\b")


def decode(code: str) -> tuple[str, list[str]]:
    """'RUSGOVMIL' → ('RUS', ['GOV', 'MIL']); the first chunk is a country or prefix."""
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    return (chunks[0] if chunks else ""), chunks[1:]


def role_of(code: str) -> tuple[str, str]:
    """(role, sector) of a code: its first role chunk and the role chunks after it."""
    _country, rest = decode(code)
    roles = [c for c in rest if c in ROLES]
    if not roles:
        return "", ""
    return ROLES[roles[0]][0], " ".join(ROLES[c][0] for c in roles[1:])


def is_dated(record: ActorRecord) -> bool:
    return any(r.start or r.end for r in record.restrictions)


def classify(record: ActorRecord) -> str:
    """state | person | organization | group | none, from codes, dates and the name."""
    if not record.restrictions or not record.names:
        return "none"
    first = record.restrictions[0].code
    prefix, rest = decode(first)
    if prefix in INTERNATIONAL:
        kind = INTERNATIONAL[prefix]
        if kind != "armed_group" and is_dated(record) and not ORG_WORDS.search(record.names[0]):
            return "person"
        return "group" if kind == "armed_group" else "organization"
    if len(first) == 3 or all(c not in ROLES for c in rest):
        return "state"
    if "countryinfo" in record.comment.lower() and not ORG_WORDS.search(record.names[0]):
        return "person"
    if any(ROLES.get(c, ("", "", ""))[1] == "armed_group" for c in rest):
        return "group"
    if is_dated(record) and not ORG_WORDS.search(record.names[0]):
        return "person"
    return "organization"


def merge_continuations(records: list[ActorRecord]) -> tuple[list[ActorRecord], int]:
    """A record with no codes directly followed by another (no blank line between) is a
    further name of that one (PETRARCH would leave it uncoded); returns (records, merged)."""
    out: list[ActorRecord] = []
    pending: list[str] = []
    merged = 0
    for index, record in enumerate(records):
        following = records[index + 1] if index + 1 < len(records) else None
        if not record.restrictions and following is not None and not following.separated:
            pending += record.names
            merged += 1
            continue
        if pending:
            record.names = [*record.names, *pending] if record.names else pending
            pending = []
        out.append(record)
    return out, merged


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def norm(text: str) -> str:
    """Name key for matching: ascii, lower case, punctuation as spaces."""
    return " ".join(slug(text).split("-"))


_LOWER = {"al", "el", "bin", "ibn", "bint", "de", "du", "da", "dos", "das", "del", "della", "van",
          "von", "der", "den", "la", "le", "di", "y", "of", "the", "and", "for", "on", "in", "to",
          "at", "by", "des", "et", "les", "ul", "ud", "abu"}
_COMMON3 = {"new", "red", "sea", "oil", "gas", "war", "art", "all", "aid", "air", "our", "one",
            "two", "law", "sun", "pro", "non", "age", "job", "arm", "act", "way", "bay"}


def label_case(name: str, person: bool) -> str:
    """Best-effort proper case for an upper-case dictionary name."""
    words = name.split()
    out = []
    for index, word in enumerate(words):
        lower = word.lower()
        keep_upper = "." in word.rstrip(".")[:-1] or not re.search(r"[AEIOUY]", word) or (
            not person and len(word) <= 3 and lower not in _LOWER | _COMMON3) or (
            not person and len(words) == 1 and len(word) <= 5)
        if keep_upper and (len(words) > 1 or not person):
            out.append(word)
        elif lower in _LOWER and index > 0:
            out.append(lower)
        else:
            parts = re.split(r"([-'])", lower)
            out.append("".join(p[:1].upper() + p[1:] if p not in "-'" else p for p in parts))
    return re.sub(r"(?<= )(Al|El)-", lambda m: m.group(1).lower() + "-", " ".join(out))


@dataclass
class Entity:
    """One real entity built from one or more Phoenix records."""

    kind: str  # person | organization | group
    names: list[str]  # upper-case, primary first
    codes: list[tuple[str, str, str, str, int]] = field(default_factory=list)
    # (code, start, end, file, line)
    subkind: str = ""  # igo, ngo, company, armed_group, state_body, ...
    country: str = ""  # CAMEO country chunk of the first code, if it is one
    files: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def subkind_of(code: str, kind: str) -> str:
    prefix, rest = decode(code)
    if prefix in INTERNATIONAL:
        return INTERNATIONAL[prefix]
    if kind == "group":
        return "armed_group"
    role = next((c for c in rest if c in ROLES), "")
    return {"BUS": "company", "MED": "media", "NGO": "ngo", "OPP": "opposition",
            "PTY": "party"}.get(role, "state_body")
