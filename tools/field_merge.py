"""The proposed merge of Phoenix entities with today's gazetteer (for build_field_dictionaries).

A Phoenix entity matches an actor of kg/actors/data/{persons,actors}.tsv when its label or
one of its multi-word aliases (single words too for organisations: acronyms) equals, after
normalisation (ascii, lower case, punctuation as spaces), the actor's label or an alias, and
the kinds agree (person with person, organisation or group with a non-state actor). One
match: the entity's names and codes join that actor, whose id and Wikidata id are kept.
Several: ambiguous, reported and left out of the merge. None: a new actor with its own id.
"""

from __future__ import annotations

from field_entities import norm

# Words that begin a title rather than a name: aliases starting with them are not merged.
TITLE_WORDS = {"president", "prime", "minister", "former", "ex", "vice", "deputy", "acting",
               "interim", "foreign", "defense", "defence", "secretary", "general", "gen",
               "chairman", "chief", "leader", "king", "queen", "prince", "premier", "mr", "mrs",
               "ms", "dr", "sen", "rep", "gov", "governor", "senator", "ambassador", "envoy",
               "spokesman", "spokeswoman", "opposition", "rebel", "colonel", "col", "lt",
               "commander", "sheikh", "emir", "sultan", "supreme", "speaker", "mayor",
               "communist", "soviet", "party", "un", "u"}
MERGE_COLUMNS = ["id", "label", "type", "wikidata", "aliases", "affiliation", "cameo_codes",
                 "field_ids", "origin"]


def gazetteer_entries(persons: list[dict[str, str]], actors: list[dict[str, str]]) -> list[dict]:
    """Our non-state actors as merge rows (persons.tsv and non-state rows of actors.tsv)."""
    rows = [{"id": p["id"], "label": p["label"], "type": "person", "wikidata": p["wikidata"],
             "aliases": [a for a in p["aliases"].split("|") if a], "affiliation": "",
             "cameo_codes": [], "field_ids": [], "origin": "gazetteer"} for p in persons]
    rows += [{"id": a["id"], "label": a["label"], "type": a["type"], "wikidata": a["wikidata"],
              "aliases": [x for x in a["aliases"].split("|") if x], "affiliation": "",
              "cameo_codes": [], "field_ids": [], "origin": "gazetteer"}
             for a in actors if a["type"] != "state"]
    return rows


def name_index(rows: list[dict]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for row in rows:
        for name in [row["label"], *row["aliases"]]:
            index.setdefault(norm(name), set()).add(row["id"])
    return index


def clean_aliases(names: list[str], demonyms: set[str]) -> list[str]:
    """Aliases worth merging: not a title form ('President X', 'Russian Prime Minister X')."""
    out = []
    for name in names:
        first = norm(name).split(" ")[0] if norm(name) else ""
        if first and first not in TITLE_WORDS and first not in demonyms:
            out.append(name)
    return out


def candidates(entity: dict, kind: str) -> list[str]:
    names = [entity["label"], *entity["aliases"]]
    if kind == "person":
        names = [n for n in names if len(norm(n).split()) > 1]
    return [norm(n) for n in names if norm(n)]


def merge_report(field: dict[str, list[dict]], persons: list[dict[str, str]],
                 actors: list[dict[str, str]]) -> tuple[list[dict], dict]:
    """(merge rows, report): every gazetteer non-state actor, Phoenix names merged in, and
    every unmatched Phoenix entity as a new actor."""
    ours = gazetteer_entries(persons, actors)
    by_id = {row["id"]: row for row in ours}
    index = name_index(ours)
    demonyms = {norm(d) for a in actors for d in a.get("demonyms", "").split("|") if d}
    # Phoenix lists some leaders as names of their organisation (Khaled Meshaal under Hamas):
    # a person's name is never merged as an organisation's alias.
    person_names = {norm(n) for row in [*field["person"], *(r for r in ours if r["type"] ==
                    "person")] for n in [row["label"], *row["aliases"]]}
    report: dict[str, dict[str, int]] = {}
    new_rows = []
    for kind, rows in (("person", field["person"]), ("organization", field["organization"]),
                       ("group", field["group"])):
        counts = {"entries": len(rows), "matched": 0, "ambiguous": 0, "new": 0}
        for entity in rows:
            hits = {i for name in candidates(entity, kind) for i in index.get(name, set())
                    if (by_id[i]["type"] == "person") == (kind == "person")}
            if len(hits) > 1:
                counts["ambiguous"] += 1
                continue
            aliases = clean_aliases([entity["label"], *entity["aliases"]], demonyms)
            if kind != "person":
                aliases = aliases[:1] + [a for a in aliases[1:] if norm(a) not in person_names]
            if hits:
                counts["matched"] += 1
                target = by_id[hits.pop()]
                known = {norm(n) for n in [target["label"], *target["aliases"]]}
                target["aliases"] += [a for a in aliases if norm(a) not in known
                                      and not known.add(norm(a))]
                target["cameo_codes"] = sorted({*target["cameo_codes"], *entity["codes"]})
                target["field_ids"] = sorted({*target["field_ids"], entity["id"]})
                target["affiliation"] = target["affiliation"] or entity["affiliation"]
                target["origin"] = "gazetteer+phoenix"
                continue
            counts["new"] += 1
            new_rows.append({"id": entity["id"], "label": entity["label"],
                             "type": "person" if kind == "person" else entity.get("kind", kind),
                             "wikidata": "", "aliases": aliases[1:],
                             "affiliation": entity["affiliation"],
                             "cameo_codes": entity["codes"], "field_ids": [entity["id"]],
                             "origin": "phoenix"})
        report[kind] = counts
    taken = set(by_id)
    clashes = [row["id"] for row in new_rows if row["id"] in taken]
    report["id_clashes_with_gazetteer"] = {"count": len(clashes)}
    return ours + [r for r in new_rows if r["id"] not in taken], report
