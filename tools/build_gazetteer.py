"""Build the built-in actor gazetteer, kg/actors/data/actors.tsv.

    .venv/bin/python tools/build_gazetteer.py

Merges two well-kept packages with hand-curated data:

* country_converter (coco): short and official English names, ISO3 codes and UN
  membership of every state. Read from the country_data.tsv the package ships (its
  CountryConverter class is not needed, and fails to load under pandas 3).
* pycountry: ISO 3166-1 names (name, official_name, common_name) as extra aliases, and
  ISO 3166-3 (historic_countries) to validate the codes of historical states.
* tools/gazetteer_curated.tsv: labels that differ from coco's, Wikidata ids, aliases
  (executive-seat metonyms, acronyms), capitals, demonyms, and every organisation, bloc,
  armed group, party and historical state.

The output is deterministic (rows sorted by id) and is committed: the kg package reads it
at run time and never imports coco or pycountry. The script ends by running
tools/check_gazetteer.py on what it wrote and exits non-zero if that fails.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

import country_converter
import pycountry

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
CURATED = TOOLS / "gazetteer_curated.tsv"
OUTPUT = ROOT / "kg" / "actors" / "data" / "actors.tsv"
COLUMNS = ["id", "label", "type", "wikidata", "aliases", "capitals", "demonyms", "iso3", "status"]

sys.path.insert(0, str(TOOLS))
import check_gazetteer  # noqa: E402


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


def package_name(name: str | None) -> str | None:
    """A package-provided country name, usable as a news alias, or None.

    Drops inverted ISO forms ("Korea, Republic of") and qualified ones
    ("Holy See (Vatican City State)"), and a leading lowercase "the ".
    """
    if not name or "," in name or "(" in name:
        return None
    name = " ".join(name.split())
    return name[4:] if name.startswith("the ") else name


def load_coco() -> dict[str, dict[str, str]]:
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return {r["ISO3"]: r for r in rows}


def load_curated() -> list[dict[str, str]]:
    rows, header = [], None
    with CURATED.open(encoding="utf-8", newline="") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                if header != COLUMNS:
                    raise SystemExit(f"{CURATED}: header {header} != {COLUMNS}")
                continue
            if len(cells) != len(COLUMNS):
                raise SystemExit(
                    f"{CURATED}:{lineno}: {len(cells)} fields, expected {len(COLUMNS)}"
                )
            rows.append({k: v.strip() for k, v in zip(COLUMNS, cells, strict=True)})
    return rows


def build() -> list[dict[str, str]]:
    coco = load_coco()
    historic = {c.alpha_3 for c in pycountry.historic_countries}
    curated = load_curated()
    by_iso3 = {
        r["iso3"]: r for r in curated if r["type"] == "state" and r["status"] != "historical"
    }
    un_members = sorted(iso for iso, r in coco.items() if r["UNmember"].strip())
    missing = [iso for iso in un_members if iso not in by_iso3]
    if missing:  # every UN member gets a row, curated or not
        print("warning: no curated row for", ", ".join(missing), file=sys.stderr)
        for iso in missing:
            by_iso3[iso] = dict.fromkeys(COLUMNS, "") | {"type": "state", "iso3": iso}

    out = []
    for row in curated:
        if row["type"] == "state" and row["status"] != "historical":
            continue
        if row["iso3"] and row["iso3"] not in historic:
            raise SystemExit(
                f"{row['id']}: iso3 {row['iso3']} is not in pycountry.historic_countries"
            )
        out.append(
            dict(
                row,
                aliases="|".join(unique([a for a in split(row["aliases"]) if a != row["label"]])),
            )
        )

    for iso, row in sorted(by_iso3.items()):
        if iso not in coco:
            raise SystemExit(f"curated state {iso} not in country_converter data")
        c = coco[iso]
        py = pycountry.countries.get(alpha_3=iso)  # None for XKX (Kosovo, user-assigned code)
        label = row["label"] or c["name_short"]
        status = row["status"] or ("un_member" if c["UNmember"].strip() else "")
        if (status == "un_member") != bool(c["UNmember"].strip()):
            raise SystemExit(
                f"{iso}: curated status {status!r} disagrees with coco UNmember {c['UNmember']!r}"
            )
        if not status:
            raise SystemExit(f"{iso}: not a UN member in coco and no curated status")
        curated_aliases = split(row["aliases"])
        removed = {a[1:] for a in curated_aliases if a.startswith("-")}
        from_packages = [c["name_short"], c["name_official"]]
        if py is not None:
            from_packages += [
                py.name,
                getattr(py, "official_name", None),
                getattr(py, "common_name", None),
            ]
        aliases = [a for a in curated_aliases if not a.startswith("-")]
        aliases += [n for n in map(package_name, from_packages) if n]
        aliases = unique([a for a in aliases if a != label and a not in removed])
        out.append(
            {
                "id": row["id"] or slug(label),
                "label": label,
                "type": "state",
                "wikidata": row["wikidata"],
                "aliases": "|".join(aliases),
                "capitals": "|".join(unique(split(row["capitals"]))),
                "demonyms": "|".join(unique(split(row["demonyms"]))),
                "iso3": iso,
                "status": status,
            }
        )
    for r in out:
        r["id"] = r["id"] or slug(r["label"])
    return sorted(out, key=lambda r: r["id"])


def header_comments() -> list[str]:
    coco_v, py_v = version("country_converter"), version("pycountry")
    return [
        "# kg built-in actor gazetteer. GENERATED by tools/build_gazetteer.py, do not edit:",
        "# edit tools/gazetteer_curated.tsv, then run .venv/bin/python tools/build_gazetteer.py",
        f"# Sources: country_converter {coco_v} (its country_data.tsv), pycountry {py_v},",
        "#   curated tools/gazetteer_curated.tsv. Tab-separated; list cells are |-separated.",
        "# id: curated, else ascii slug of label",
        "# label: curated, else country_converter name_short",
        "# type: curated (state|organization|bloc|group|party); states from country_converter",
        "# wikidata: curated, only where certain; empty otherwise",
        "# aliases: curated (acronyms, executive-seat metonyms like the Kremlin)",
        "#   + country_converter name_short, name_official",
        "#   + pycountry name, official_name, common_name ('X, Y of' and '(...)' forms dropped)",
        "# capitals: curated; seats that stand for the actor when it acts; one actor each",
        "# demonyms: curated; one actor each, ambiguous ones (Korean, Congolese) omitted",
        "# iso3: country_converter ISO3 for current states (XKX for Kosovo is user-assigned);",
        "#   historical states: ISO 3166-3 codes checked against pycountry.historic_countries",
        "# status: un_member from country_converter UNmember;",
        "#   observer, partially_recognized, historical, active: curated",
    ]


def write(rows: list[dict[str, str]], path: Path = OUTPUT) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for line in header_comments():
            f.write(line + "\n")
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            cells = [r[c] for c in COLUMNS]
            if any("\t" in x or "\n" in x for x in cells):
                raise SystemExit(f"{r['id']}: tab or newline in a cell")
            f.write("\t".join(cells) + "\n")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Build kg/actors/data/actors.tsv from "
                                     "country_converter, pycountry and the curated TSV.")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the TSV")
    output = parser.parse_args(argv).output
    rows = build()
    write(rows, output)
    print(f"wrote {len(rows)} actors to {output}")
    return check_gazetteer.main([str(output)])


if __name__ == "__main__":
    sys.exit(main())
