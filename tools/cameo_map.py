"""The CAMEO code → kg predicate table (tools/cameo_predicates.tsv) and PLOVER's event types.

One table decides which predicate a CAMEO code gives; both tools/build_cameo_cues.py and
tools/convert_petrarch_records.py use it through `CameoMap.lookup`. PLOVER's event type and
mode per code come from PLOVER's own conversion table (tools/sources/plover/).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from sourcelib import ROOT, SOURCES, TOOLS, SourceError, read_lines

sys.path.insert(0, str(ROOT))
from kg.model import STANCE_PREDICATES

PREDICATE_TABLE = TOOLS / "cameo_predicates.tsv"
PLOVER_TABLE = SOURCES / "plover" / "CAMEO2PLOVER-2021.txt"
ROOTS = [f"{n:02d}" for n in range(1, 21)]
_CODE = re.compile(r"^\d{2,4}$")
_PLOVER_ROW = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*)(?:,([^#]*))?)?(?:#\s*(.*))?$")


@dataclass(frozen=True)
class Mapping:
    """What one CAMEO code gives: predicate ('' for none), modality, PLOVER type and mode."""

    code: str
    predicate: str
    modality: str
    plover: str
    plover_mode: str
    description: str


class CameoMap:
    """Longest-prefix lookup over the predicate table, with PLOVER's type for the exact code."""

    def __init__(self, table: Path = PREDICATE_TABLE, plover: Path = PLOVER_TABLE) -> None:
        self.rows = read_predicate_table(table)
        self.plover = read_plover_table(plover)

    def lookup(self, code: str) -> Mapping:
        """The mapping of a CAMEO code (2-4 digits)."""
        if not _CODE.match(code) or code[:2] not in ROOTS:
            raise KeyError(f"not a CAMEO event code: {code!r}")
        prefix = next(code[:n] for n in range(len(code), 1, -1) if code[:n] in self.rows)
        predicate, modality = self.rows[prefix]
        plover_type, mode, description = self._plover(code)
        return Mapping(code, predicate, modality, plover_type, mode, description)

    def _plover(self, code: str) -> tuple[str, str, str]:
        # PLOVER lists codes of 3-4 digits: the code, its parents, then the root's general
        # code NN0 (PLOVER has no row for some codes, e.g. 176; 01x and 02x it drops).
        candidates = [code[:n] for n in range(len(code), 2, -1)] + [code[:2] + "0"]
        for candidate in candidates:
            if candidate in self.plover:
                return self.plover[candidate]
        return "", "", ""


def read_predicate_table(path: Path) -> dict[str, tuple[str, str]]:
    """code prefix → (predicate, modality); every root 01-20 must have a row."""
    rows: dict[str, tuple[str, str]] = {}
    header_seen = False
    for number, line in read_lines(path):
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = cells == ["code", "predicate", "modality", "why"]
            if not header_seen:
                raise SourceError(path, number, "expected the header code/predicate/modality/why")
            continue
        if len(cells) != 4:
            raise SourceError(path, number, f"expected 4 tab-separated cells, got {len(cells)}")
        code, predicate, modality, _why = cells
        if not _CODE.match(code) or code[:2] not in ROOTS:
            raise SourceError(path, number, f"not a CAMEO code: {code!r}")
        if predicate and predicate not in STANCE_PREDICATES:
            raise SourceError(path, number, f"not a stance predicate: {predicate!r}")
        if modality not in ("", "future"):
            raise SourceError(path, number, f"modality must be empty or future: {modality!r}")
        if code in rows:
            raise SourceError(path, number, f"code {code} listed twice")
        rows[code] = (predicate, modality)
    missing = [root for root in ROOTS if root not in rows]
    if missing:
        raise SourceError(path, 0, f"no row for CAMEO roots {', '.join(missing)}")
    return rows


def read_plover_table(path: Path) -> dict[str, tuple[str, str, str]]:
    """PLOVER's table: code → (event type, mode, description); the first row of a code wins."""
    table: dict[str, tuple[str, str, str]] = {}
    for number, line in read_lines(path):
        text = line.strip()
        if not text or text.startswith("#") or text.startswith("~"):
            continue
        match = _PLOVER_ROW.match(text)
        if not match:
            raise SourceError(path, number, f"not a 'code: TYPE, mode, context' row: {text!r}")
        code, event_type, mode, _context, description = match.groups()
        if len(code) == 2:  # a root heading ("03: AGREE"): the codes below carry the type
            continue
        table.setdefault(code, (event_type, (mode or "").strip(), (description or "").strip()))
    return table
