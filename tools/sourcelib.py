"""Shared helpers of the data builders in tools/: reading vendored sources, writing data.

Every builder reads files under tools/sources/ (see MANIFEST.tsv there) and writes sorted,
deterministic TSV, so a test can rebuild the committed outputs byte for byte. A source line
the builder cannot read raises SourceError naming the file and line; the builders' main()
turns it into one message on stderr and exit status 1.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
SOURCES = TOOLS / "sources"


class SourceError(Exception):
    """A source line the builder cannot read: carries 'file:line: what is wrong'."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{display(path)}:{line}: {message}")


def display(path: Path | str) -> str:
    """The path relative to the repository root when it is inside it (stable messages)."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text without newline) of a UTF-8 source; a bad byte is a SourceError."""
    for number, raw in enumerate(path.read_bytes().split(b"\n"), 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SourceError(path, number, f"not UTF-8 ({error.reason})") from None
        yield number, text.rstrip("\r")


def source_record(name: str) -> dict[str, str]:
    """The MANIFEST.tsv row (repo, path, commit, licence, sha256) of a vendored file."""
    rows = (line.split("\t") for line in (SOURCES / "MANIFEST.tsv").read_text().splitlines())
    header = next(rows)
    for row in rows:
        record = dict(zip(header, row, strict=True))
        if record["file"] == name:
            return record
    raise SourceError(SOURCES / "MANIFEST.tsv", 0, f"no row for {name}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cell(value: object) -> str:
    """A TSV cell: lists |-joined, None empty; tabs and newlines cannot occur in data."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "|".join(str(v) for v in value)
    text = str(value)
    if "\t" in text or "\n" in text:
        raise ValueError(f"tab or newline in a TSV cell: {text!r}")
    return text


def write_tsv(path: Path, header: list[str], comments: list[str],
              rows: Iterable[dict[str, object]]) -> int:
    """Write sorted rows under '# ' comment lines and a header; return the row count."""
    lines = sorted("\t".join(cell(row.get(col)) for col in header) for row in rows)
    text = "".join(f"# {c}\n".replace("# \n", "#\n") for c in comments)
    text += "\t".join(header) + "\n" + "".join(line + "\n" for line in lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(lines)


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def run_main(build: Callable[[], int]) -> int:
    """Run a builder; a SourceError becomes one line on stderr and exit status 1."""
    try:
        return build()
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
