"""Reading gold sets and predictions (JSONL); every malformed line is reported as FILE:LINE."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.model import MODALITIES, PREDICATES

STDIN = "-"


class EvalInputError(ValueError):
    """A gold or prediction file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class ActorRef:
    """An actor as a file names it: a label and, where given, a Wikidata id (Q-number)."""

    label: str
    wikidata: str | None = None


@dataclass(frozen=True)
class GoldRelation:
    subject: ActorRef
    predicate: str
    object: ActorRef
    negated: bool
    note: str  # the annotator's quote from the article, shown with a miss
    line: int


@dataclass(frozen=True)
class GoldDoc:
    doc: str
    relations: tuple[GoldRelation, ...]
    line: int


@dataclass(frozen=True)
class PredMention:
    """One predicted relation mention (a line of `kg extract --format jsonl`)."""

    doc: str
    subject: ActorRef
    predicate: str
    object: ActorRef
    negated: bool
    modality: str | None
    rule: str
    sentence: str
    line: int


def _lines(path: str) -> Iterator[tuple[int, str]]:
    """Numbered non-blank lines of a file ('-' is standard input)."""
    if path == STDIN:
        yield from ((n, line) for n, line in enumerate(sys.stdin, 1) if line.strip())
        return
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise EvalInputError(f"{path}: is a directory, expected a JSONL file") from None
    except UnicodeDecodeError as exc:
        raise EvalInputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
                             ) from None
    except OSError as exc:
        raise EvalInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    yield from ((n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip())


def _object(where: str, line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalInputError(f"{where}: not JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(value, dict):
        raise EvalInputError(f"{where}: expected a JSON object, got {type(value).__name__}")
    return value


def _text(where: str, value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EvalInputError(f"{where}: '{name}' must be a non-empty string")
    return value


def _actor(where: str, value: Any, name: str) -> ActorRef:
    """A label string, or an object with 'label' (or 'name') and optionally 'wikidata'/'qid'."""
    if isinstance(value, str) and value.strip():
        return ActorRef(value)
    if isinstance(value, dict):
        label = value.get("label") or value.get("name") or ""
        qid = value.get("wikidata") or value.get("qid") or ""
        if isinstance(label, str) and isinstance(qid, str) and (label.strip() or qid.strip()):
            # A full entity IRI (http://www.wikidata.org/entity/Q159) counts as its Q-number.
            return ActorRef(label, qid.rsplit("/", 1)[-1] or None)
    raise EvalInputError(f"{where}: '{name}' must be a label or an object with a 'label' "
                         "(and optionally 'wikidata')")


def _relation_fields(where: str, row: dict[str, Any]) -> tuple[ActorRef, str, ActorRef, bool]:
    for name in ("subject", "predicate", "object"):
        if name not in row:
            raise EvalInputError(f"{where}: missing '{name}'")
    predicate = row["predicate"]
    if predicate not in PREDICATES:
        raise EvalInputError(f"{where}: unknown predicate {predicate!r} "
                             f"(known: {', '.join(PREDICATES)})")
    negated = row.get("negated", False)
    if not isinstance(negated, bool):
        raise EvalInputError(f"{where}: 'negated' must be true or false")
    return (_actor(where, row["subject"], "subject"), predicate,
            _actor(where, row["object"], "object"), negated)


def load_gold(path: str) -> list[GoldDoc]:
    """Read a gold set: one article a line, {"doc": ..., "relations": [{...}, ...]}."""
    docs: list[GoldDoc] = []
    first_line: dict[str, int] = {}
    for n, line in _lines(path):
        where = f"{path}:{n}"
        row = _object(where, line)
        doc = _text(where, row.get("doc"), "doc")
        if doc in first_line:
            raise EvalInputError(f"{where}: document {doc!r} already given on line "
                                 f"{first_line[doc]}")
        first_line[doc] = n
        relations = row.get("relations")
        if not isinstance(relations, list):
            raise EvalInputError(f"{where}: 'relations' must be a list (may be empty)")
        parsed = []
        for i, rel in enumerate(relations, 1):
            rel_where = f"{where}: relation {i}"
            if not isinstance(rel, dict):
                raise EvalInputError(f"{rel_where}: expected a JSON object")
            subject, predicate, obj, negated = _relation_fields(rel_where, rel)
            note = rel.get("note")
            parsed.append(GoldRelation(subject, predicate, obj, negated,
                                       note if isinstance(note, str) else "", n))
        docs.append(GoldDoc(doc, tuple(parsed), n))
    if not docs:
        raise EvalInputError(f"{path}: no gold documents in it")
    return docs


def prediction(where: str, row: dict[str, Any], line: int = 0) -> PredMention:
    """One mention from a `kg extract --format jsonl` row (as parsed JSON)."""
    doc = row.get("doc")
    if isinstance(doc, int) and not isinstance(doc, bool):
        doc = str(doc)
    doc = _text(where, doc, "doc")
    subject, predicate, obj, negated = _relation_fields(where, row)
    modality = row.get("modality")
    if modality not in MODALITIES:
        raise EvalInputError(f"{where}: unknown modality {modality!r} (known: null, "
                             f"{', '.join(m for m in MODALITIES if m)})")
    rule = row.get("rule")
    evidence = row.get("evidence")
    sentence = evidence.get("sentence") if isinstance(evidence, dict) else None
    return PredMention(doc, subject, predicate, obj, negated, modality,
                       rule if isinstance(rule, str) else "",
                       sentence if isinstance(sentence, str) else "", line)


def load_predictions(path: str) -> list[PredMention]:
    """Read predictions: one relation mention a line, as `kg extract --format jsonl` writes."""
    return [prediction(f"{path}:{n}", _object(f"{path}:{n}", line), n)
            for n, line in _lines(path)]


def predictions_from_rows(rows: Iterable[dict[str, Any]], source: str) -> list[PredMention]:
    """Mentions from rows made in this process (`kg eval` extracting articles itself)."""
    return [prediction(f"{source}: mention {n}", row, n) for n, row in enumerate(rows, 1)]


def looks_like_predictions(path: str) -> bool:
    """Whether a .jsonl file holds relation mentions rather than articles to extract.

    Articles have "text"; mentions have "predicate". An empty file is an empty prediction
    set (an extractor may find nothing); anything unreadable is left to the prediction
    loader, which reports it with its line.
    """
    if path == STDIN:
        return True
    try:
        with open(path, encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        row = json.loads(first) if first else {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return True
    return not (isinstance(row, dict) and "text" in row and "predicate" not in row)
