"""Streaming input for large collections: JSONL (plain or gzip) read line by line, and
directories walked lazily.

`kg.ingest.iter_inputs` reads a JSONL file whole (under a size limit) and lists a whole
directory tree before the first article; that is right for a handful of files and wrong for
an archive of millions. Here memory stays bounded by one line (JSONL) and by the largest
single directory (walks), and the first article is read at once. Other files go through
`kg.ingest.read_file`, so they are checked exactly as `kg extract` checks them.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kg.ingest import (
    JSONL_SUFFIXES,
    SUPPORTED_SUFFIXES,
    IngestError,
    InputError,
    article_from_record,
    display_path,
    max_input_bytes,
    open_regular,
    read_file,
    read_stdin,
)
from kg.model import Article

GZIP_SUFFIX = ".gz"
STREAM_SUFFIXES = SUPPORTED_SUFFIXES | {s + GZIP_SUFFIX for s in JSONL_SUFFIXES}


def is_jsonl_stream(path: Path) -> bool:
    """A `.jsonl`/`.ndjson` file, or one of them compressed with gzip."""
    name = path.name.lower()
    return any(name.endswith(s) or name.endswith(s + GZIP_SUFFIX) for s in JSONL_SUFFIXES)


def _open_stream(path: Path) -> BinaryIO:
    raw = open_regular(path)
    if path.name.lower().endswith(GZIP_SUFFIX):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def _record_line(line: bytes, where: str, default_id: str) -> Article | IngestError:
    """One JSONL line → an Article, or an IngestError saying what is wrong with it."""
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return IngestError(where, f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at column "
                           f"{exc.start + 1}); re-save the file as UTF-8")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return IngestError(where, f"malformed JSON ({exc.msg}, column {exc.colno})")
    except RecursionError:
        return IngestError(where, "JSON nested too deeply")
    try:
        return article_from_record(record, default_id, where)
    except InputError as exc:
        return IngestError(where, str(exc))


def stream_jsonl(path: Path) -> Iterator[Article | IngestError]:
    """Articles of a JSONL file (plain or .gz), one line in memory at a time.

    A line longer than the input size limit is skipped and reported; so is a bad line.
    A truncated or corrupt gzip stream ends the file with an error after the good lines.
    """
    limit = max_input_bytes()
    stem = path.name.split(".")[0] or path.stem
    try:
        stream = _open_stream(path)
    except InputError as exc:
        yield IngestError(display_path(path), str(exc))
        return
    except OSError as exc:
        yield IngestError(display_path(path), exc.strerror or str(exc))
        return
    lineno = 0
    with stream:
        try:
            while True:
                line = stream.readline(limit + 1)
                if not line:
                    break
                lineno += 1
                where = f"{path}:{lineno}"
                if len(line) > limit and not line.endswith(b"\n"):
                    _skip_rest_of_line(stream, limit)
                    yield IngestError(where, f"line is over the {limit / 2**20:.0f} MiB limit")
                    continue
                if line.strip():
                    yield _record_line(line, where, f"{stem}-{lineno}")
        except (OSError, EOFError, zlib.error) as exc:
            yield IngestError(f"{path}:{lineno + 1}", f"cannot read further: {exc}")


def _skip_rest_of_line(stream: BinaryIO, chunk: int) -> None:
    while (part := stream.readline(chunk)) and not part.endswith(b"\n"):
        pass


def walk_files(directory: Path) -> Iterator[Path]:
    """Supported files under `directory`, depth first, each directory's entries sorted.

    Lazy: only one directory's listing is held at a time per level, so a tree of millions
    of files starts yielding at once. Symbolic links to directories are not followed
    (no cycles); only regular files are yielded (no FIFOs, sockets or devices).
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from walk_files(Path(entry.path))
            elif entry.is_file() and _supported(entry.name):
                yield Path(entry.path)
        except OSError:
            continue


def _supported(name: str) -> bool:
    lower = name.lower()
    return any(lower.endswith(s) for s in STREAM_SUFFIXES)


def _read_one(path: Path) -> Iterator[Article | IngestError]:
    if is_jsonl_stream(path):
        yield from stream_jsonl(path)
    else:
        yield from read_file(path)


def stream_inputs(paths: Iterable[str | Path]) -> Iterator[Article | IngestError]:
    """Like `kg.ingest.iter_inputs`, streaming: JSONL (and .jsonl.gz) line by line,
    directories walked lazily; the same order for the same tree."""
    for raw in paths:
        if str(raw) == "-":
            yield from read_stdin()
            continue
        path = Path(raw)
        if not path.exists():
            yield IngestError(display_path(path), "no such file or directory")
        elif path.is_dir():
            found = False
            for file in walk_files(path):
                found = True
                yield from _read_one(file)
            if not found:
                yield IngestError(display_path(path),
                                  "directory holds no .txt, .html or .jsonl files")
        else:
            yield from _read_one(path)


__all__ = ["is_jsonl_stream", "stream_inputs", "stream_jsonl", "walk_files"]
