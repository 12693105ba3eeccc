"""Convert PETRARCH2's validation records into a peer test suite for kg.

    .venv/bin/python tools/convert_petrarch_records.py [--output DIR]

Reads tools/sources/petrarch2/PETR.UnitTest.records.xml and the suite's actor dictionary
PETR.Validate.actors.txt (MIT, see tools/sources/MANIFEST.tsv) and writes into
tests/data/petrarch/ (or DIR):

* gold.jsonl      one record per sentence: id, text, published date, category, the parser
                  options in force, and each expected event: CAMEO source/target/event codes,
                  the kg actors they resolve to, our predicate (tools/cameo_predicates.tsv),
                  modality, PLOVER type, and `scored` (false with `skip` saying why)
* texts.jsonl     the sentences as kg input: {"id", "text", "published"}
* actors.tsv      the suite's actors that kg's gazetteer does not know (Arnor, Gondor ...),
                  in the layout of kg/actors/data/actors.tsv (iso3 holds the CAMEO code)
* conversion.json counts and every skipped record, event and actor with the reason

Output is deterministic: a test rebuilds it byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from cameo_map import CameoMap
from petrarch_actors import SuiteActors, load_suite_actors, resolve_code
from sourcelib import (
    ROOT,
    SOURCES,
    SourceError,
    display,
    run_main,
    source_record,
    write_json,
    write_tsv,
)

OUTPUT = ROOT / "tests" / "data" / "petrarch"
RECORDS = "petrarch2/PETR.UnitTest.records.xml"
ACTORS = "petrarch2/PETR.Validate.actors.txt"
GAZETTEER = ROOT / "kg" / "actors" / "data" / "actors.tsv"
ACTOR_COLUMNS = ["id", "label", "type", "wikidata", "aliases", "capitals", "demonyms", "iso3",
                 "status"]


def read_root(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as error:
        raise SourceError(path, error.position[0], f"not well-formed XML: {error}") from None


def read_ours(path: Path) -> list[dict[str, str]]:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    header = lines[0].split("\t")
    return [dict(zip(header, (x.split("\t") + [""] * 9)[:len(header)], strict=True))
            for x in lines[1:]]


def event(coding: ET.Element, suite: SuiteActors, iso: dict[str, str], cameo: CameoMap) -> dict:
    source_code, target_code = coding.get("sourcecode", ""), coding.get("targetcode", "")
    code = coding.get("eventcode", "")
    source, why_source = resolve_code(source_code, suite, iso)
    target, why_target = resolve_code(target_code, suite, iso)
    row = {"source_code": source_code, "target_code": target_code, "cameo": code,
           "source": source or None, "target": target or None, "predicate": None,
           "modality": None, "plover": None}
    try:
        mapping = cameo.lookup(code)
    except KeyError:
        return {**row, "scored": False, "skip": f"event code {code!r} is no CAMEO code "
                "(a code of the suite's own test verbs)"}
    row.update(predicate=mapping.predicate or None, modality=mapping.modality or None,
               plover=mapping.plover or None)
    skip = why_source or why_target or ("" if mapping.predicate else
                                        f"CAMEO {code} gives no predicate")
    if not skip and source == target:
        skip = "source and target are the same actor"
    return {**row, "scored": not skip, "skip": skip or None}


def sentences(root: ET.Element, path: Path) -> list[tuple[ET.Element, dict[str, str]]]:
    """(sentence, options in force) in file order; <Config> elements change options."""
    body = root.find("Sentences")
    if body is None:
        raise SourceError(path, 0, "no <Sentences> element")
    options: dict[str, str] = {}
    out = []
    for element in body:
        if element.tag == "Config":
            options[element.get("option", "")] = element.get("value", "").lower()
        elif element.tag == "Sentence":
            out.append((element, dict(options)))
    return out


def record(sentence: ET.Element, options: dict[str, str], suite: SuiteActors,
           iso: dict[str, str], cameo: CameoMap, path: Path) -> dict:
    text = " ".join((sentence.findtext("Text") or "").split())
    ident = sentence.get("id", "")
    try:
        date = dt.datetime.strptime(sentence.get("date", ""), "%Y%m%d").date().isoformat()
    except ValueError:
        raise SourceError(path, 0, f"sentence {ident}: date {sentence.get('date')!r}") from None
    codings = sentence.findall("EventCoding")
    events = [event(c, suite, iso, cameo) for c in codings if c.get("noevents") is None]
    return {"id": ident, "text": text, "published": date,
            "category": sentence.get("category", ""), "options": options,
            "noevents": any(c.get("noevents") for c in codings), "events": events}


def summary(records: list[dict], suite: SuiteActors, skipped: list[str]) -> dict:
    events = [e for r in records for e in r["events"]]
    reasons: dict[str, int] = {}
    for item in events:
        if item["skip"]:
            key = item["skip"].split(": ")[-1] if ": " in item["skip"] else item["skip"]
            reasons[key] = reasons.get(key, 0) + 1
    return {
        "records": len(records), "records_skipped": skipped,
        "records_with_scored_event": sum(1 for r in records if any(e["scored"] for e in r[
            "events"])),
        "records_expecting_no_event": sum(1 for r in records if r["noevents"]),
        "events": len(events), "events_scored": sum(1 for e in events if e["scored"]),
        "events_not_scored_by_reason": dict(sorted(reasons.items())),
        "suite_actors_new": len(suite.new), "suite_actors_mapped_to_gazetteer": {
            base: actor for base, actor in sorted(suite.ids.items()) if actor not in suite.new},
        "suite_actor_names_skipped": suite.skipped,
    }


def build(out: Path = OUTPUT, sources: Path = SOURCES) -> dict:
    path = sources / RECORDS
    root = read_root(path)
    suite = load_suite_actors(sources / ACTORS, read_ours(GAZETTEER))
    iso = {row["iso3"]: row["id"] for row in read_ours(GAZETTEER) if row.get("iso3")}
    cameo = CameoMap()
    records, skipped = [], []
    for sentence, options in sentences(root, path):
        if sentence.get("sentence", "true").lower() != "true":
            skipped.append(f"{sentence.get('id')}: marked sentence=\"false\" (not coded)")
            continue
        records.append(record(sentence, options, suite, iso, cameo, path))
    records.sort(key=lambda r: r["id"])
    out.mkdir(parents=True, exist_ok=True)
    dump = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    (out / "gold.jsonl").write_text(dump, encoding="utf-8")
    (out / "texts.jsonl").write_text("".join(json.dumps(
        {"id": r["id"], "text": r["text"], "published": r["published"]}, ensure_ascii=False)
        + "\n" for r in records), encoding="utf-8")
    write_tsv(out / "actors.tsv", ACTOR_COLUMNS, [
        "GENERATED by tools/convert_petrarch_records.py from PETR.Validate.actors.txt "
        "(openeventdata/petrarch2, MIT); do not edit.",
        "The validation suite's actors that kg's gazetteer does not know (fictional states).",
        "iso3: the suite's CAMEO actor code (no ISO code exists); aliases: the dictionary's "
        "other names for the code, including its government and armed forces."],
        suite.new.values())
    report = {"generated_by": "tools/convert_petrarch_records.py",
              "sources": [source_record(RECORDS), source_record(ACTORS)],
              **summary(records, suite, skipped)}
    write_json(out / "conversion.json", report)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--sources", type=Path, default=SOURCES,
                        help="directory laid out like tools/sources (default: it)")
    args = parser.parse_args(argv)

    def run() -> int:
        report = build(args.output, args.sources)
        print(f"wrote {display(args.output)}: {report['records']} records, "
              f"{report['events']} events, {report['events_scored']} scored", file=sys.stderr)
        return 0

    return run_main(run)


if __name__ == "__main__":
    sys.exit(main())
