"""Canonical labels: actor names and Wikidata ids in gold and predictions mapped to one label.

Matching follows the scoring contract: a Wikidata id known to a table gives that table's
label; otherwise the name, compared case-insensitively with a leading "the" dropped, is
looked up among the table's labels and aliases; a name no table knows stays itself
(normalised). Tables are consulted in priority order: the user's `--actors` file first, then
the product's gazetteer. A gazetteer hit is translated back to the user's label when the user's
table knows the same actor (by Wikidata id or by one of the gazetteer row's names), so both
sides of a comparison end on the same label.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.evaluation.loading import ActorRef, EvalInputError


def norm(name: str) -> str:
    """Comparison key of a name: curly apostrophes folded, spaces squeezed, lower case,
    a leading "the " dropped."""
    name = " ".join(name.replace("’", "'").split()).lower()
    return name.removeprefix("the ")


@dataclass(frozen=True)
class ActorRow:
    label: str
    wikidata: str | None
    names: tuple[str, ...]  # label first, then aliases


@dataclass
class ActorTable:
    """Actors of one or more TSV files with columns label, wikidata, aliases (|-separated)."""

    rows: list[ActorRow] = field(default_factory=list)
    by_name: dict[str, ActorRow] = field(default_factory=dict)  # first row naming it wins
    by_qid: dict[str, ActorRow] = field(default_factory=dict)  # last row with the id wins

    def add(self, row: ActorRow) -> None:
        self.rows.append(row)
        for name in row.names:
            self.by_name.setdefault(norm(name), row)
        if row.wikidata:
            self.by_qid[row.wikidata] = row

    def find(self, ref: ActorRef) -> ActorRow | None:
        if ref.wikidata and ref.wikidata in self.by_qid:
            return self.by_qid[ref.wikidata]
        return self.by_name.get(norm(ref.label))

    def find_row(self, row: ActorRow) -> ActorRow | None:
        """This table's row for an actor of another table, by Wikidata id, then by name."""
        if row.wikidata and row.wikidata in self.by_qid:
            return self.by_qid[row.wikidata]
        return next((self.by_name[k] for k in map(norm, row.names) if k in self.by_name), None)

    @classmethod
    def read(cls, paths: Iterable[Path]) -> ActorTable:
        table = cls()
        for path in paths:
            for row in _read_rows(path):
                table.add(row)
        return table


def _read_rows(path: Path) -> list[ActorRow]:
    """Rows of an actors TSV; lines starting with '#' are comments."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
        raise EvalInputError(f"{path}: cannot read actors table: {reason}") from None
    numbered = [(n, line) for n, line in enumerate(lines, 1)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        raise EvalInputError(f"{path}: empty actors table")
    header = [h.strip() for h in numbered[0][1].split("\t")]
    if "label" not in header:
        raise EvalInputError(f"{path}:{numbered[0][0]}: no 'label' column in the header "
                             "(expected tab-separated label, wikidata, aliases)")
    rows = []
    for n, line in numbered[1:]:
        cells = dict(zip(header, line.split("\t"), strict=False))
        label = (cells.get("label") or "").strip()
        if not label:
            raise EvalInputError(f"{path}:{n}: empty label")
        aliases = [a.strip() for a in (cells.get("aliases") or "").split("|") if a.strip()]
        rows.append(ActorRow(label, (cells.get("wikidata") or "").strip() or None,
                             (label, *aliases)))
    return rows


def gazetteer_files() -> list[Path]:
    """The product's own actor and person gazetteers."""
    from kg.actors.gazetteer import ACTORS_FILE, PERSONS_FILE

    return [p for p in (ACTORS_FILE, PERSONS_FILE) if p.exists()]


class LabelMatcher:
    """Maps an actor reference to its canonical label over tables in priority order."""

    def __init__(self, tables: list[ActorTable]) -> None:
        self.tables = tables
        self._cache: dict[ActorRef, str] = {}
        self._shown: dict[str, str] = {}  # key of a name no table knows -> its first spelling

    @classmethod
    def build(cls, actors: Path | None = None, gazetteer: bool = True) -> LabelMatcher:
        tables = [ActorTable.read([actors])] if actors else []
        if gazetteer:
            tables.append(ActorTable.read(gazetteer_files()))
        return cls(tables)

    def canonical(self, ref: ActorRef) -> str:
        if ref not in self._cache:
            self._cache[ref] = self._resolve(ref)
        return self._cache[ref]

    def _resolve(self, ref: ActorRef) -> str:
        for i, table in enumerate(self.tables):
            row = table.find(ref)
            if row is None:
                continue
            for better in self.tables[:i]:
                hit = better.find_row(row)
                if hit is not None:
                    return hit.label
            return row.label
        key = norm(ref.label)
        self._shown.setdefault(key, " ".join(ref.label.split()))
        return key

    def shown(self, label: str) -> str:
        """How to print a canonical label: names no table knows as first written."""
        return self._shown.get(label, label)
