"""Read input articles: .txt, saved web pages (.html), .jsonl, directories of these, stdin.

Every problem with one input becomes an `IngestError` naming the file (and line for JSONL);
the other inputs of the run are still read. Only regular files are read (a FIFO or device
could block forever); a file name that is not valid UTF-8 is reported by its escaped name;
a document over `KG_MAX_DOC_CHARS` characters is refused.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_CHARS = 1_000_000
MAX_JSON_DEPTH = 32


def max_input_bytes() -> int:
    """Largest accepted input file (bytes); `KG_MAX_INPUT_BYTES` overrides."""
    try:
        return int(os.environ.get("KG_MAX_INPUT_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


def max_document_chars() -> int:
    """Longest document text accepted (characters); `KG_MAX_DOC_CHARS` overrides."""
    try:
        return int(os.environ.get("KG_MAX_DOC_CHARS", DEFAULT_MAX_CHARS))
    except ValueError:
        return DEFAULT_MAX_CHARS


@dataclass(frozen=True)
class IngestError:
    """A bad input: where it is and what is wrong with it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class InputError(ValueError):
    """Raised by the decoding helpers; turned into an IngestError by the readers."""


def display_path(path: Path | str) -> str:
    """The path as printable text: bytes that are not UTF-8 shown escaped (`\\xe9`)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def doc_id_from_path(path: Path) -> str:
    """The document id of a file: its name without extension."""
    return path.stem


def decode_bytes(data: bytes) -> str:
    """Decode article bytes: UTF-8 (with or without BOM) or UTF-16/32 with a BOM."""
    if not data.strip():
        raise InputError("empty input (no text)")
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {codec} text at byte {exc.start}") from None
            return check_text(text)
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes); expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line}); "
            "re-save the file as UTF-8"
        ) from None
    return check_text(text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(text: str) -> str:
    """Reject text that is empty or mostly control characters; normalise line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_encodable(text, "the text")
    if not text.strip():
        raise InputError("empty input (only whitespace)")
    controls = len(_CONTROL.findall(text[:20000]))
    if controls > 0.05 * min(len(text), 20000):
        raise InputError("looks binary (many control characters); expected text")
    return text


def _check_encodable(value: str, what: str) -> None:
    """Refuse lone surrogates (JSON can escape them): they cannot be written as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(f"{what} has an unpaired surrogate "
                         f"(\\u{ord(value[e.start]):04x}) at character {e.start}") from None


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading if it is a regular file (opened without blocking: a FIFO,
    socket or device is refused with an InputError instead of hanging the run)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    file = os.fdopen(fd, "rb")
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        file.close()
        raise InputError(f"not a regular file ({_file_kind(mode)}); only regular files are read")
    return file


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes (see `open_regular`), within the input size limit."""
    with open_regular(path) as file:
        info = os.fstat(file.fileno())
        limit = max_input_bytes()
        if info.st_size > limit:
            raise InputError(
                f"file is {info.st_size / 2**20:.1f} MiB, over the {limit / 2**20:.0f} MiB "
                "limit (set KG_MAX_INPUT_BYTES to raise it)"
            )
        data = file.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"file grew over the {limit / 2**20:.0f} MiB limit while read")
    return data


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a file"


def check_size(article: Article) -> Article:
    """Refuse a document longer than `KG_MAX_DOC_CHARS` characters (parsing time is
    linear in it, so this bounds the time per document)."""
    limit = max_document_chars()
    if len(article.text) > limit:
        raise InputError(f"the text has {len(article.text):,} characters, over the "
                         f"{limit:,} limit (set KG_MAX_DOC_CHARS); split it into documents")
    return article


def article_from_html(html: str, doc_id: str, source: str) -> Article:
    """Reduce a saved web page to its article text, title, date and URL (trafilatura)."""
    import trafilatura  # imported here: slow to import, only needed for HTML

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page")
    return Article(
        id=doc_id,
        text=text,
        title=getattr(doc, "title", None) or None,
        url=getattr(doc, "url", None) or None,
        published=getattr(doc, "date", None) or None,
        source=source,
    )


def _json_depth(value: object, depth: int = 0) -> int:
    if depth > MAX_JSON_DEPTH:
        return depth
    if isinstance(value, dict):
        return max((_json_depth(v, depth + 1) for v in value.values()), default=depth + 1)
    if isinstance(value, list):
        return max((_json_depth(v, depth + 1) for v in value), default=depth + 1)
    return depth


def article_from_record(record: object, default_id: str, source: str) -> Article:
    """Build an Article from a JSON object `{"id","title","text","published","url"}`."""
    if not isinstance(record, dict):
        raise InputError("expected a JSON object with a 'text' field")
    if _json_depth(record) > MAX_JSON_DEPTH:
        raise InputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("missing or non-string 'text' field")
    text = check_text(text)
    doc_id = record.get("id", default_id)
    if (not isinstance(doc_id, str | int) or isinstance(doc_id, bool)
            or not str(doc_id).strip()):
        raise InputError("'id' must be a non-empty string")
    _check_encodable(str(doc_id), "'id'")
    fields: dict[str, str | None] = {}
    for key in ("title", "url", "published"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"'{key}' must be a string")
        if value:
            _check_encodable(value, f"'{key}'")
        fields[key] = value or None
    return Article(id=str(doc_id).strip(), text=text, source=source, **fields)


def read_jsonl(path: Path) -> Iterator[Article | IngestError]:
    """One article per line; a bad line is reported with its number and the rest still read."""
    try:
        data = read_bytes(path)
        content = decode_bytes(data)
    except (InputError, OSError) as exc:
        yield IngestError(display_path(path), _reason(exc))
        return
    for lineno, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{display_path(path)}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"malformed JSON ({exc.msg}, column {exc.colno})")
            continue
        except RecursionError:
            yield IngestError(where, "JSON nested too deeply")
            continue
        try:
            yield check_size(article_from_record(record, f"{path.stem}-{lineno}", where))
        except InputError as exc:
            yield IngestError(where, str(exc))


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, InputError) else exc.strerror or str(exc)


def read_file(path: Path) -> Iterator[Article | IngestError]:
    """Read one file by its suffix."""
    if not utf8_name(path):
        yield IngestError(display_path(path), "the file name is not valid UTF-8; rename "
                          "the file (its name becomes the document id)")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path)
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield IngestError(
            str(path),
            f"unknown format '{suffix or '(no extension)'}'; "
            f"supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}",
        )
        return
    try:
        text = decode_bytes(read_bytes(path))
        if suffix in HTML_SUFFIXES:
            yield check_size(article_from_html(text, doc_id_from_path(path), str(path)))
        else:
            yield check_size(Article(id=doc_id_from_path(path), text=text, source=str(path)))
    except (InputError, OSError) as exc:
        yield IngestError(str(path), _reason(exc))


def read_stdin(doc_id: str = "stdin") -> Iterator[Article | IngestError]:
    try:
        data = sys.stdin.buffer.read(max_input_bytes() + 1)
        if len(data) > max_input_bytes():
            raise InputError("standard input is over the size limit")
        yield check_size(Article(id=doc_id, text=decode_bytes(data), source="stdin"))
    except InputError as exc:
        yield IngestError("<stdin>", str(exc))


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Article | IngestError]:
    """Articles from paths (files, directories, '-' for stdin), in a stable order."""
    for raw in paths:
        if str(raw) == "-":
            yield from read_stdin()
            continue
        path = Path(raw)
        if not path.exists():
            yield IngestError(display_path(path), "no such file or directory")
        elif path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            if not files:
                yield IngestError(display_path(path),
                                  "directory holds no .txt, .html or .jsonl files")
            for file in files:
                yield from read_file(file)
        else:
            yield from read_file(path)
