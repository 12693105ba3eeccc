"""`kg eval` output: readable tables (rich) or one JSON object for machines."""

from __future__ import annotations

import sys
from typing import Any

from kg.evaluation.reduce import Relation
from kg.evaluation.scoring import Counts, Evaluation, RuleCounts, is_structural

BREAKDOWNS = ("predicate", "document", "rule", "cue", "construction")


def relation_text(ev: Evaluation, r: Relation) -> str:
    return (f"{ev.shown(r.subject)} {'NOT ' if r.negated else ''}{r.predicate} "
            f"{ev.shown(r.object)}")


def _relation_json(ev: Evaluation, r: Relation) -> dict[str, Any]:
    return {"doc": r.doc, "subject": ev.shown(r.subject), "predicate": r.predicate,
            "object": ev.shown(r.object), "negated": r.negated}


def _errors_json(ev: Evaluation) -> dict[str, Any]:
    return {
        "false_positives": [
            {**_relation_json(ev, r), "rules": list(dict.fromkeys(m.rule for m in found)),
             "sentences": list(dict.fromkeys(m.sentence for m in found if m.sentence))}
            for r, found in ev.false_positives()
        ],
        "misses": [
            {**_relation_json(ev, r), "notes": notes,
             "predicted_instead": [_relation_json(ev, o) for o in instead]}
            for r, notes, instead in ev.misses()
        ],
    }


def to_json(ev: Evaluation, by: list[str], errors: bool) -> dict[str, Any]:
    """Every figure asked for, as one JSON object (counts with precision, recall, f1)."""
    out: dict[str, Any] = {
        "articles": len(ev.sets.docs),
        "stance": ev.counts().to_json(),
        "structural": ev.counts(is_structural).to_json(),
        "polarity": ev.polarity().to_json(),
        "predicates": {p: c.to_json() for p, c in ev.by_predicate().items()},
        "ignored": {"unasserted_mentions": ev.sets.ignored_modality,
                    "documents_not_in_gold": sorted(ev.sets.outside_docs)},
    }
    if "document" in by:
        out["documents"] = [{"doc": d, "stance": s.to_json(), "structural": st.to_json()}
                            for d, (s, st) in ev.by_document().items()]
    if "rule" in by:
        out["rules"] = [r.to_json() for r in ev.by_rule()]
    if "cue" in by:
        out["cues"] = [r.to_json() for r in ev.by_cue()]
    if "construction" in by:
        out["constructions"] = [r.to_json() for r in ev.by_construction()]
    if errors:
        out["errors"] = _errors_json(ev)
    return out


def _score_cells(c: Counts) -> list[str]:
    return [str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.3f}", f"{c.recall:.3f}",
            f"{c.f1:.3f}"]


def _table(title: str, first: str, extra: tuple[str, ...] = ("tp", "fp", "fn", "P", "R",
                                                              "F1")):
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    table.add_column(first, overflow="fold")
    for column in extra:
        table.add_column(column, justify="right")
    return table


def _text(value: str):
    from rich.text import Text

    return Text(value)  # labels and sentences may hold [brackets]: never read as markup


def _summary(ev: Evaluation):
    table = _table(f"Scores over {len(ev.sets.docs)} articles (micro-averaged)", "")
    table.add_row("stance", *_score_cells(ev.counts()))
    table.add_row("structural", *_score_cells(ev.counts(is_structural)))
    table.add_row("polarity", *_score_cells(ev.polarity()))
    return table


def _predicates(ev: Evaluation):
    table = _table("By predicate", "predicate")
    for predicate, counts in ev.by_predicate().items():
        table.add_row(predicate, *_score_cells(counts))
    return table


def _documents(ev: Evaluation):
    table = _table("By document", "document", ("stance tp", "fp", "fn", "P", "R", "F1",
                                               "structural tp", "fp", "fn"))
    for doc, (stance, structural) in ev.by_document().items():
        table.add_row(_text(doc), *_score_cells(stance), str(structural.tp),
                      str(structural.fp), str(structural.fn))
    return table


def _rules(title: str, first: str, rows: list[RuleCounts]):
    table = _table(title, first, ("mentions", "tp", "fp", "precision"))
    for row in rows:
        table.add_row(_text(row.rule), str(row.mentions), str(row.tp), str(row.fp),
                      f"{row.precision:.3f}")
    return table


def _error_tables(ev: Evaluation) -> list:
    fps = _table("False positives (predicted, not in gold)", "document",
                 ("relation", "rule", "sentence"))
    for r, found in ev.false_positives():
        sentences = list(dict.fromkeys(m.sentence for m in found if m.sentence))
        more = f" (+{len(sentences) - 1} more)" if len(sentences) > 1 else ""
        fps.add_row(_text(r.doc), _text(relation_text(ev, r)),
                    _text(", ".join(dict.fromkeys(m.rule for m in found))),
                    _text((sentences[0] if sentences else "") + more))
    misses = _table("Misses (in gold, not predicted)", "document",
                    ("relation", "gold note", "predicted instead"))
    for r, notes, instead in ev.misses():
        misses.add_row(_text(r.doc), _text(relation_text(ev, r)), _text(" / ".join(notes)),
                       _text("; ".join(relation_text(ev, o) for o in instead)))
    for table in (fps, misses):
        for column in table.columns[1:]:
            column.justify = "left"
    return [fps, misses]


def print_tables(ev: Evaluation, by: list[str], errors: bool) -> None:
    """Print the summary, the breakdowns asked for and, with `errors`, every error."""
    from rich.console import Console

    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 200)
    parts = [_summary(ev)]
    if "predicate" in by:
        parts.append(_predicates(ev))
    if "document" in by:
        parts.append(_documents(ev))
    if "rule" in by:
        parts.append(_rules("By rule (predicted relations each rule took part in)", "rule",
                            ev.by_rule()))
    if "cue" in by:
        parts.append(_rules("By cue", "cue", ev.by_cue()))
    if "construction" in by:
        parts.append(_rules("By construction", "construction", ev.by_construction()))
    if errors:
        parts.extend(_error_tables(ev))
    for part in parts:
        console.print(part)
