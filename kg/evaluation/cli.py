"""`kg eval GOLD.jsonl PRED.jsonl|PATHS...`: score relations against a gold set.

`kg/cli.py` calls `register(app)`. Bad input (a malformed gold or prediction line, a bad
actors table, an unreadable article) prints one `kg: error:` line naming the file and line
and exits with code 2.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.evaluation.labels import LabelMatcher
from kg.evaluation.loading import (
    STDIN,
    EvalInputError,
    PredMention,
    load_gold,
    load_predictions,
    looks_like_predictions,
    predictions_from_rows,
)
from kg.evaluation.report import print_tables, to_json
from kg.evaluation.scoring import evaluate

EXIT_BAD_INPUT = 2


class By(StrEnum):
    predicate = "predicate"
    document = "document"
    rule = "rule"
    cue = "cue"
    construction = "construction"


class Backend(StrEnum):
    auto = "auto"
    stanza = "stanza"
    spacy = "spacy"


class Format(StrEnum):
    table = "table"
    json = "json"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"kg: error: {message}", err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def _is_prediction_file(path: str) -> bool:
    if path == STDIN:
        return True
    if not path.lower().endswith(".jsonl"):
        return False
    return not Path(path).exists() or (Path(path).is_file() and looks_like_predictions(path))


def _without_gold(paths: list[str], gold: str) -> list[str]:
    """Directories to extract, with the gold file left out where it lies inside one
    (`kg eval dev/gold.jsonl dev/` is the natural call)."""
    from kg.ingest import SUPPORTED_SUFFIXES

    gold_path = Path(gold).resolve() if gold != STDIN else None
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if gold_path is None or not path.is_dir() or path.resolve() not in gold_path.parents:
            out.append(raw)
            continue
        out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file()
                   and p.suffix.lower() in SUPPORTED_SUFFIXES and p.resolve() != gold_path)
    return out


def _extract(paths: list[str], nlp: str) -> list[dict[str, Any]]:
    """Run the extractor over articles, as `kg extract` would; mentions as JSON rows."""
    from tqdm import tqdm

    from kg.ingest import IngestError, iter_inputs
    from kg.nlp import BackendUnavailable, load_backend
    from kg.pipeline import extract_articles

    try:
        backend = load_backend(nlp)
    except BackendUnavailable as exc:
        raise _fail(str(exc)) from None
    bad: list[IngestError] = []

    def articles():
        for item in iter_inputs(paths):
            if isinstance(item, IngestError):
                bad.append(item)
                typer.echo(f"kg: error: {item}", err=True)
            else:
                yield item

    rows = [m.to_json()
            for e in tqdm(extract_articles(articles(), backend), desc="extracting", unit="doc",
                          file=sys.stderr, disable=None, leave=False)
            for m in e.mentions]
    if bad:
        raise _fail(f"{len(bad)} input(s) could not be read; not scoring a partial run")
    return rows


def _predictions(paths: list[str], gold: str, nlp: str, save: Path | None
                 ) -> list[PredMention]:
    kinds = {_is_prediction_file(p) for p in paths}
    if kinds == {True}:
        if save is not None:
            raise _fail("--save-predictions is for articles that kg eval extracts itself")
        return [m for p in paths for m in load_predictions(p)]
    if len(kinds) > 1:
        raise _fail("give either prediction files (kg extract --format jsonl output) or "
                    "articles to extract, not both")
    rows = _extract(_without_gold(paths, gold), nlp)
    if save is not None:
        try:
            save.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                            encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {save}: {exc.strerror or exc}") from None
    return predictions_from_rows(rows, "extracted")


def eval_command(
    gold: Annotated[str, typer.Argument(help="Gold set JSONL: one article a line, "
                    '{"doc": ID, "relations": [{"subject", "predicate", "object", '
                    '"negated"}, ...]}.', show_default=False, metavar="GOLD.jsonl")],
    predictions: Annotated[list[str], typer.Argument(help="Predictions: JSONL written by "
                           "`kg extract --format jsonl` ('-' for standard input), or "
                           "articles (.txt, .html, .jsonl, directories) to extract now.",
                           show_default=False, metavar="PRED.jsonl|PATHS")],
    by: Annotated[list[By] | None, typer.Option("--by", help="Breakdown to show (repeatable)"
                  "; default: predicate. rule, cue and construction (the parts of a rule id "
                  "cue|construction|rewrites) count the predicted relations each took part "
                  "in.")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="List every false positive with "
                      "its sentences and rules, and every miss with its gold note.")] = False,
    actors: Annotated[Path | None, typer.Option("--actors", help="Extra actors TSV (label, "
                      "wikidata, aliases), consulted before the built-in gazetteer.")] = None,
    gazetteer: Annotated[bool, typer.Option("--gazetteer/--no-gazetteer", help="Match labels "
                         "through the built-in gazetteer too.")] = True,
    nlp: Annotated[Backend, typer.Option("--nlp", help="NLP backend when extracting "
                   "articles (as for kg extract).")] = Backend.auto,
    save: Annotated[Path | None, typer.Option("--save-predictions", help="When extracting "
                    "articles, also write the mentions (JSONL) here.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table: readable tables; "
                   "json: one object with every figure.")] = Format.table,
) -> None:
    """Score extracted relations against a gold set (document-level, micro P/R/F1).

    Each article is reduced to its set of (subject, predicate, object, negated) relations over
    canonical labels; mentions of one relation collapse; future, conditional and hypothetical
    mentions are ignored; stance and structural (leader_of, member_of) are scored apart.
    """
    if gold == STDIN and STDIN in predictions:
        raise _fail("gold and predictions cannot both come from standard input")
    breakdowns = [b.value for b in by] if by else ["predicate"]
    try:
        labels = LabelMatcher.build(actors, gazetteer)
        gold_docs = load_gold(gold)
        mentions = _predictions(predictions, gold, nlp.value, save)
    except EvalInputError as exc:
        raise _fail(str(exc)) from None
    result = evaluate(gold_docs, mentions, labels)
    if result.sets.outside_docs:
        outside = sorted(result.sets.outside_docs)
        typer.echo(f"kg eval: note: {len(outside)} predicted document(s) not in the gold set "
                   f"were left out: {', '.join(outside[:5])}"
                   f"{' ...' if len(outside) > 5 else ''}", err=True)
    if fmt is Format.json:
        json.dump(to_json(result, breakdowns, errors), sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
    else:
        print_tables(result, breakdowns, errors)


def register(app: typer.Typer) -> None:
    """Add `kg eval` to the `kg` app."""
    app.command("eval")(eval_command)
