"""Self-check for the curated persons gazetteer (kg/actors/data/persons.tsv).

Standard library only, so it runs anywhere (CI included):

    python tools/check_persons.py [path/to/persons.tsv [path/to/actors.tsv]]

Asserts: leading # comment lines and the exact header; every row has the five fields;
ids are unique ascii slugs of their labels; Q-ids are well formed and unique; alias cells
hold no empty, padded or repeated items; no name (label or alias) belongs to two persons or
to a person and an actor of actors.tsv (compared case-, accent- and quote-insensitively);
every role is leader_of:<actor id>:<from>-<to or empty>, names an actor id that exists in
actors.tsv, and has a sane year range. Problems are printed; exit status 1 if any.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

COLUMNS = ["id", "label", "wikidata", "aliases", "roles"]
DATA_DIR = Path(__file__).resolve().parent.parent / "kg" / "actors" / "data"
DEFAULT_PERSONS = DATA_DIR / "persons.tsv"
DEFAULT_ACTORS = DATA_DIR / "actors.tsv"
ACTOR_NAME_FIELDS = ("label", "aliases", "capitals", "demonyms")
ROLE = re.compile(r"leader_of:([a-z0-9]+(?:-[a-z0-9]+)*):(\d{4})-(\d{4})?")
FIRST_YEAR, LAST_YEAR = 1900, 2100

# Letters that NFKD does not reduce to ASCII.
_FOLD = str.maketrans(
    {
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "ı": "i",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ð": "d",
        "þ": "th",
        "ʻ": "'",
        "’": "'",
        "‘": "'",
    }
)


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return text.encode("ascii", "ignore").decode("ascii")


def slug(text: str) -> str:
    """'Recep Tayyip Erdoğan' -> 'recep-tayyip-erdogan', 'Milo Đukanović' -> 'milo-dukanovic'."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def norm(name: str) -> str:
    """Key under which two names count as the same name (case, accents, quotes, spacing)."""
    name = " ".join(ascii_fold(name).split()).casefold()
    return name[4:] if name.startswith("the ") else name


def read_tsv(path: Path) -> tuple[list[str], list[str], list[tuple[int, list[str]]]]:
    """Leading comment lines, header cells, and (line number, cells) for each data row."""
    comments: list[str] = []
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    with path.open(encoding="utf-8", newline="") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if header is None and line.startswith("#"):
                comments.append(line)
                continue
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
            else:
                rows.append((lineno, cells))
    return comments, header or [], rows


def split(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def actor_index(path: Path) -> tuple[set[str], dict[str, str]]:
    """Actor ids, and every actor name (label, alias, capital, demonym) -> actor id."""
    _, header, rows = read_tsv(path)
    ids: set[str] = set()
    names: dict[str, str] = {}
    for _, cells in rows:
        row = dict(zip(header, cells, strict=False))
        ids.add(row.get("id", ""))
        for field in ACTOR_NAME_FIELDS:
            for name in split(row.get(field, "")):
                if name.strip():
                    names.setdefault(norm(name), row["id"])
    return ids, names


def check(persons: Path = DEFAULT_PERSONS, actors: Path = DEFAULT_ACTORS) -> list[str]:
    """Return a list of problems (empty when the persons file passes)."""
    problems: list[str] = []
    comments, header, raw_rows = read_tsv(persons)
    if not comments:
        problems.append("no leading # comment lines saying where the data comes from")
    if header != COLUMNS:
        return [*problems, f"header is {header}, expected {COLUMNS}"]
    actor_ids, actor_names = actor_index(actors)

    rows: list[dict[str, str]] = []
    for lineno, cells in raw_rows:
        if len(cells) != len(COLUMNS):
            problems.append(f"line {lineno}: {len(cells)} fields, expected {len(COLUMNS)}")
            continue
        rows.append(dict(zip(COLUMNS, cells, strict=True)))

    ids = Counter(r["id"] for r in rows)
    problems += [f"duplicate id {k!r}" for k, n in sorted(ids.items()) if n > 1]
    if [r["id"] for r in rows] != sorted(r["id"] for r in rows):
        problems.append("rows are not sorted by id")

    qids: dict[str, list[str]] = defaultdict(list)
    owners: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        rid, label = r["id"], r["label"]
        if not label or label != label.strip():
            problems.append(f"{rid}: empty or padded label")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid):
            problems.append(f"{rid}: id is not a lowercase ascii slug")
        elif rid != slug(label):
            problems.append(f"{rid}: id is not the slug of its label ({slug(label)!r})")
        if r["wikidata"]:
            if not re.fullmatch(r"Q[1-9][0-9]*", r["wikidata"]):
                problems.append(f"{rid}: bad wikidata {r['wikidata']!r}")
            qids[r["wikidata"]].append(rid)

        aliases = split(r["aliases"])
        if any(not a or a != a.strip() for a in aliases):
            problems.append(f"{rid}: empty or padded alias in {r['aliases']!r}")
        if len(set(aliases)) != len(aliases):
            problems.append(f"{rid}: repeated alias")
        folded = [" ".join(n.split()).casefold() for n in [label, *aliases]]
        if len(set(folded)) != len(folded):
            problems.append(f"{rid}: label or alias repeated (ignoring case)")
        for name in [label, *aliases]:
            if name.strip():
                owners[norm(name)].add(rid)
                spelled[norm(name)].add(name)

        roles = split(r["roles"])
        if len(set(roles)) != len(roles):
            problems.append(f"{rid}: repeated role")
        for role in roles:
            m = ROLE.fullmatch(role)
            if not m:
                problems.append(f"{rid}: malformed role {role!r}")
                continue
            actor, start, end = m.group(1), int(m.group(2)), m.group(3)
            if actor not in actor_ids:
                problems.append(f"{rid}: role {role!r} names no actor in {actors.name}")
            if not FIRST_YEAR <= start <= LAST_YEAR or (
                end is not None and not start <= int(end) <= LAST_YEAR
            ):
                problems.append(f"{rid}: role {role!r} has a bad year range")

    problems += [
        f"wikidata {q} on several persons: {v}" for q, v in sorted(qids.items()) if len(v) > 1
    ]
    for key in sorted(k for k, v in owners.items() if len(v) > 1):
        problems.append(f"name collision {sorted(spelled[key])} -> {sorted(owners[key])}")
    for key in sorted(k for k in owners if k in actor_names):
        problems.append(
            f"person name {sorted(spelled[key])} ({sorted(owners[key])}) is also the name "
            f"of actor {actor_names[key]!r}"
        )
    return problems


def summary(persons: Path = DEFAULT_PERSONS) -> str:
    _, header, raw_rows = read_tsv(persons)
    rows = [dict(zip(header, cells, strict=False)) for _, cells in raw_rows]
    with_qid = sum(1 for r in rows if r.get("wikidata"))
    with_roles = sum(1 for r in rows if r.get("roles"))
    serving = sum(1 for r in rows if any(x.endswith("-") for x in split(r.get("roles", ""))))
    return (
        f"{len(rows)} persons in {persons}: {with_qid} with a Wikidata id, "
        f"{with_roles} with leader_of roles ({serving} serving)"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    persons = Path(argv[0]) if argv else DEFAULT_PERSONS
    actors = Path(argv[1]) if len(argv) > 1 else DEFAULT_ACTORS
    problems = check(persons, actors)
    print(summary(persons))
    for p in problems:
        print("FAIL:", p)
    print("persons check:", "FAILED" if problems else "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
