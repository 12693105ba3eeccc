"""Self-check for the built-in actor gazetteer (kg/actors/data/actors.tsv).

Standard library only, so it runs anywhere (CI included):

    python tools/check_gazetteer.py [path/to/actors.tsv]

Asserts: exact header; well-formed ids, types, statuses, Q-ids and ISO3 codes; the 193 UN
member states plus Taiwan, Kosovo, Palestine and Vatican City; at least 60 organisations,
blocs and groups; the labels the evaluation uses; unique ids, labels and Q-ids; and that
every label, alias, capital and demonym names one actor only. Collisions are printed.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

COLUMNS = ["id", "label", "type", "wikidata", "aliases", "capitals", "demonyms", "iso3", "status"]
TYPES = {"state", "organization", "bloc", "group", "party"}
STATUSES = {"un_member", "observer", "partially_recognized", "historical", "active"}
NAME_FIELDS = ("aliases", "capitals", "demonyms")

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "kg" / "actors" / "data" / "actors.tsv"

# label -> (type, status, wikidata or None); wikidata None means "not checked".
REQUIRED = {
    "Russia": ("state", "un_member", "Q159"),
    "United States": ("state", "un_member", "Q30"),
    "United Kingdom": ("state", "un_member", "Q145"),
    "China": ("state", "un_member", "Q148"),
    "Ukraine": ("state", "un_member", "Q212"),
    "France": ("state", "un_member", "Q142"),
    "Germany": ("state", "un_member", "Q183"),
    "Japan": ("state", "un_member", "Q17"),
    "Iran": ("state", "un_member", "Q794"),
    "Turkey": ("state", "un_member", "Q43"),
    "North Korea": ("state", "un_member", None),
    "South Korea": ("state", "un_member", None),
    "Saudi Arabia": ("state", "un_member", None),
    "Taiwan": ("state", "partially_recognized", None),
    "Kosovo": ("state", "partially_recognized", None),
    "Palestine": ("state", "observer", None),
    "Vatican City": ("state", "observer", None),
    "NATO": ("organization", "active", "Q7184"),
    "European Union": ("organization", "active", "Q458"),
    "United Nations": ("organization", "active", "Q1065"),
    "European Commission": ("organization", "active", None),
    "G7": ("organization", "active", None),
    "G8": ("organization", "active", None),
    "OSCE": ("organization", "active", None),
    "the West": ("bloc", "active", ""),
    "Europe": ("bloc", "active", ""),
    "Africa": ("bloc", "active", ""),
    "Palestinians": ("bloc", "active", ""),
    "Houthis": ("group", "active", None),
    "Soviet Union": ("state", "historical", None),
    "Yugoslavia": ("state", "historical", None),
    "Czechoslovakia": ("state", "historical", None),
    "East Germany": ("state", "historical", None),
    "West Germany": ("state", "historical", None),
}
# Each of these names must resolve to exactly this actor id.
REQUIRED_NAMES = {
    "Moscow": "russia",
    "the Kremlin": "russia",
    "Russian": "russia",
    "Washington": "united-states",
    "the White House": "united-states",
    "U.S.": "united-states",
    "Brussels": "european-union",
    "EU": "european-union",
    "Kyiv": "ukraine",
    "Kiev": "ukraine",
    "Beijing": "china",
    "Pyongyang": "north-korea",
    "Caracas": "venezuela",
    "Downing Street": "united-kingdom",
    "the Elysee": "france",
    "Western": "the-west",
    "European": "europe",
    "Palestinian": "palestinians",
    "Houthi": "houthis",
    "Soviet": "soviet-union",
}


def norm(name: str) -> str:
    """Key under which two names count as the same name (case, accents, 'the ' ignored)."""
    name = name.replace("\u2019", "'").replace("\u02bb", "'")
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = " ".join(name.split()).casefold()
    if name.startswith("the "):
        name = name[4:]
    return name


def read(path: Path) -> tuple[list[str], list[str], list[dict[str, str]]]:
    comments, header, rows = [], None, []
    with path.open(encoding="utf-8", newline="") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if header is None and line.startswith("#"):
                comments.append(line)
                continue
            if header is None:
                header = line.split("\t")
                continue
            if not line:
                continue
            cells = line.split("\t")
            if len(cells) != len(header):
                raise AssertionError(f"line {lineno}: {len(cells)} fields, expected {len(header)}")
            rows.append(dict(zip(header, cells, strict=True)))
    return comments, header or [], rows


def check(path: Path = DEFAULT_PATH) -> list[str]:
    """Return a list of problems (empty when the gazetteer passes)."""
    problems: list[str] = []
    comments, header, rows = read(path)
    if not comments:
        problems.append("no leading # comment lines describing the columns")
    if header != COLUMNS:
        problems.append(f"header is {header}, expected {COLUMNS}")
        return problems

    ids = Counter(r["id"] for r in rows)
    labels = Counter(r["label"] for r in rows)
    problems += [f"duplicate id {k!r}" for k, n in ids.items() if n > 1]
    problems += [f"duplicate label {k!r}" for k, n in labels.items() if n > 1]
    if [r["id"] for r in rows] != sorted(ids):
        problems.append("rows are not sorted by id")

    qids: dict[str, list[str]] = defaultdict(list)
    iso3s: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        rid = r["id"]
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid):
            problems.append(f"{rid}: id is not a lowercase ascii slug")
        if not r["label"] or r["label"] != r["label"].strip():
            problems.append(f"{rid}: empty or padded label")
        if r["type"] not in TYPES:
            problems.append(f"{rid}: bad type {r['type']!r}")
        if r["status"] not in STATUSES:
            problems.append(f"{rid}: bad status {r['status']!r}")
        if r["wikidata"]:
            if not re.fullmatch(r"Q[1-9][0-9]*", r["wikidata"]):
                problems.append(f"{rid}: bad wikidata {r['wikidata']!r}")
            qids[r["wikidata"]].append(rid)
        if r["iso3"]:
            if r["type"] != "state" or not re.fullmatch(r"[A-Z]{3}", r["iso3"]):
                problems.append(f"{rid}: bad iso3 {r['iso3']!r} for type {r['type']}")
            iso3s[r["iso3"]].append(rid)
        if r["type"] == "state" and r["status"] != "historical" and not r["iso3"]:
            problems.append(f"{rid}: current state without iso3")
        if r["type"] != "state" and r["status"] in {
            "un_member",
            "observer",
            "partially_recognized",
        }:
            problems.append(f"{rid}: status {r['status']} on a {r['type']}")
        for field in NAME_FIELDS:
            if r[field]:
                items = r[field].split("|")
                if any(not x or x != x.strip() for x in items):
                    problems.append(f"{rid}: empty or padded item in {field}: {r[field]!r}")
                if len(set(items)) != len(items):
                    problems.append(f"{rid}: repeated item in {field}")
    problems += [
        f"wikidata {q} on several actors: {v}" for q, v in sorted(qids.items()) if len(v) > 1
    ]
    problems += [f"iso3 {c} on several actors: {v}" for c, v in sorted(iso3s.items()) if len(v) > 1]

    # Every name (label, alias, capital, demonym) must belong to one actor only.
    owners: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        names = [r["label"]] + [x for f in NAME_FIELDS for x in r[f].split("|") if x]
        for name in names:
            owners[norm(name)].add(r["id"])
            spelled[norm(name)].add(name)
    collisions = {k: v for k, v in owners.items() if len(v) > 1}
    for key in sorted(collisions):
        problems.append(f"name collision {sorted(spelled[key])} -> {sorted(collisions[key])}")

    # Coverage.
    status = Counter(r["status"] for r in rows)
    if status["un_member"] != 193:
        problems.append(f"{status['un_member']} UN members, expected 193")
    non_state = sum(1 for r in rows if r["type"] in {"organization", "bloc", "group"})
    if non_state < 60:
        problems.append(f"only {non_state} organisations/blocs/groups, expected at least 60")
    by_label = {r["label"]: r for r in rows}
    for label, (typ, st, qid) in REQUIRED.items():
        r = by_label.get(label)
        if r is None:
            problems.append(f"required actor {label!r} missing")
            continue
        if (r["type"], r["status"]) != (typ, st):
            problems.append(f"{label}: type/status {r['type']}/{r['status']}, expected {typ}/{st}")
        if qid is not None and r["wikidata"] != qid:
            problems.append(f"{label}: wikidata {r['wikidata']!r}, expected {qid!r}")
    for name, rid in REQUIRED_NAMES.items():
        got = owners.get(norm(name), set())
        if got != {rid}:
            problems.append(f"name {name!r} resolves to {sorted(got)}, expected {rid}")
    return problems


def summary(path: Path = DEFAULT_PATH) -> str:
    _, _, rows = read(path)
    by = Counter((r["type"], r["status"]) for r in rows)
    lines = [f"{len(rows)} actors in {path}"]
    lines += [f"  {t:<13} {s:<21} {n}" for (t, s), n in sorted(by.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else DEFAULT_PATH
    problems = check(path)
    print(summary(path))
    for p in problems:
        print("FAIL:", p)
    print("gazetteer check:", "FAILED" if problems else "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
