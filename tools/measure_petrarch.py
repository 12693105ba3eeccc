"""For information only: how the current extractor does on PETRARCH's validation sentences.

    .venv/bin/python tools/measure_petrarch.py [--nlp spacy] [--pred PRED.jsonl]

`kg extract` has no option to load extra actors yet (the open-world actors issue adds
`--actors`), so this runs the same pipeline through the Python API with kg's gazetteer plus
tests/data/petrarch/actors.tsv (Arnor, Gondor ...), by replacing the resolver's default
gazetteer for this process. With `--pred` it scores a file of `kg extract --format jsonl`
output instead (e.g. one made without the suite's actors, as a baseline).

Counts, at the predicate level over the events tests/data/petrarch/gold.jsonl marks `scored`:
gold events whose (source, predicate, target) kg emits for that sentence, with any
modality (`matched`) and with null modality as the scorer counts (`matched_asserted`), and
sentences with at least one matched event. Precision counts kg's asserted stance triples in
the sentences that have scored gold events.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tests" / "data" / "petrarch"
sys.path.insert(0, str(ROOT))


def predictions_from_kg(backend: str) -> list[dict]:
    import kg.actors.resolve as resolve
    from kg.actors.gazetteer import Gazetteer, _split, default_gazetteer
    from kg.ingest import read_jsonl
    from kg.model import Actor
    from kg.pipeline import extract_articles

    gazetteer: Gazetteer = default_gazetteer()
    lines = (SUITE / "actors.tsv").read_text(encoding="utf-8").splitlines()
    rows = [x.split("\t") for x in lines if not x.startswith("#")]
    for row in (dict(zip(rows[0], r, strict=True)) for r in rows[1:]):
        gazetteer.add(Actor(id=row["id"], label=row["label"], type=row["type"]),
                      _split(row["aliases"]))
    resolve.default_gazetteer = lambda: gazetteer  # this process only
    articles = [a for a in read_jsonl(SUITE / "texts.jsonl") if hasattr(a, "text")]
    return [m.to_json() for extraction in extract_articles(articles, backend)
            for m in extraction.mentions]


def score(gold: list[dict], predicted: Iterable[dict]) -> dict[str, object]:
    by_doc: dict[str, set[tuple[str, str, str, str | None]]] = {}
    for m in predicted:
        triple = (m["subject"]["id"], m["predicate"], m["object"]["id"], m["modality"])
        by_doc.setdefault(m["doc"], set()).add(triple)
    events = matched = asserted = 0
    records_matched = 0
    predicted_asserted = correct_asserted = 0
    for record in gold:
        scored = [e for e in record["events"] if e["scored"]]
        if not scored:
            continue
        found = by_doc.get(record["id"], set())
        hit_any = False
        for event in scored:
            events += 1
            key = (event["source"], event["predicate"], event["target"])
            hit = any(t[:3] == key for t in found)
            matched += hit
            asserted += (*key, None) in found
            hit_any |= hit
        records_matched += hit_any
        gold_keys = {(e["source"], e["predicate"], e["target"]) for e in scored}
        mine = {t[:3] for t in found if t[3] is None and t[1] not in ("leader_of", "member_of")}
        predicted_asserted += len(mine)
        correct_asserted += len(mine & gold_keys)
    return {"gold_events_scored": events, "matched": matched, "matched_asserted": asserted,
            "records_with_scored_events": sum(1 for r in gold if any(
                e["scored"] for e in r["events"])),
            "records_with_a_match": records_matched,
            "predicted_asserted_stances": predicted_asserted,
            "precision_asserted": round(correct_asserted / predicted_asserted, 3)
            if predicted_asserted else None,
            "recall_any_modality": round(matched / events, 3) if events else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nlp", default="spacy")
    parser.add_argument("--pred", type=Path, help="score this kg extract JSONL instead")
    args = parser.parse_args(argv)
    gold = [json.loads(x) for x in (SUITE / "gold.jsonl").read_text().splitlines()]
    if args.pred:
        predicted = [json.loads(x) for x in args.pred.read_text().splitlines() if x.strip()]
    else:
        predicted = predictions_from_kg(args.nlp)
    print(json.dumps(score(gold, predicted), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
