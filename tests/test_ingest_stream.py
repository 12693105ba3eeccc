"""Streaming input for large collections: JSONL and .jsonl.gz line by line, lazy walks."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from kg.ingest import IngestError
from kg.ingest_stream import stream_inputs, stream_jsonl, walk_files
from kg.model import Article
from kg.store import open_store
from kg.store.hashes import content_hash
from kg.store.rdf import document_graph
from tests.store_samples import corpus


def _lines(records: list[object]) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n"
                    for r in records)


RECORDS = [
    {"id": "a", "text": "NATO condemned Russia."},
    b"{not json",
    {"id": "b", "text": "China supports Russia.", "title": "T"},
    b"",
    b'{"id": "c", "text": "caf\xe9"}',  # Latin-1, not UTF-8
    {"text": "No id here."},
]


@pytest.mark.parametrize("name", ["in.jsonl", "in.jsonl.gz"])
def test_jsonl_streamed_plain_and_gzip(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    data = _lines(RECORDS)
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    items = list(stream_jsonl(path))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [str(i) for i in items if isinstance(i, IngestError)]
    assert [a.id for a in articles] == ["a", "b", "in-6"]
    assert articles[1].title == "T"
    assert errors[0].startswith(f"{path}:2: malformed JSON")
    assert errors[1].startswith(f"{path}:5: not valid UTF-8 (byte 0xe9")
    assert len(errors) == 2


def test_truncated_gzip_keeps_the_good_lines_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress(_lines([{"id": f"d{i}", "text": "x " * 500} for i in range(200)]))
    path.write_bytes(whole[: len(whole) // 2])
    items = list(stream_jsonl(path))
    assert isinstance(items[-1], IngestError) and "cannot read further" in str(items[-1])
    assert all(isinstance(i, Article) for i in items[:-1]) and len(items) > 1


def test_line_over_the_limit_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_MAX_INPUT_BYTES", "1000")
    path = tmp_path / "big.jsonl"
    path.write_bytes(_lines([{"id": "big", "text": "y" * 5000}, {"id": "ok", "text": "fine"}]))
    items = list(stream_jsonl(path))
    assert "over the" in str(items[0]) and str(items[0]).startswith(f"{path}:1:")
    assert isinstance(items[1], Article) and items[1].id == "ok"


def test_walk_is_lazy_sorted_and_skips_what_is_not_a_regular_file(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "b/1.html", "a/z.jsonl.gz", "c.md", "skip.pdf", "a/deep/x.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path / "loop").symlink_to(tmp_path)  # a cycle: not followed
    walk = walk_files(tmp_path)
    assert next(walk) == tmp_path / "a" / "deep" / "x.txt"  # a generator: one at a time
    rest = [p.relative_to(tmp_path).as_posix() for p in walk]
    assert rest == ["a/z.jsonl.gz", "b/1.html", "b/2.txt", "c.md"]


def test_stream_inputs_mixes_files_dirs_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "one.txt").write_text("NATO condemned Russia.", encoding="utf-8")
    (tmp_path / "d" / "more.jsonl.gz").write_bytes(gzip.compress(_lines(RECORDS[:1])))
    (tmp_path / "empty").mkdir()
    items = list(stream_inputs([tmp_path / "d", tmp_path / "nope", tmp_path / "empty"]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "one"]
    errors = [str(i) for i in items if isinstance(i, IngestError)]
    assert errors == [f"{tmp_path / 'nope'}: no such file or directory",
                      f"{tmp_path / 'empty'}: directory holds no .txt, .html or .jsonl files"]


def test_a_fifo_named_jsonl_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    [item] = list(stream_inputs([fifo]))  # returns at once: no writer ever opens the FIFO
    assert isinstance(item, IngestError) and "not a regular file" in item.message


def test_a_name_that_is_not_utf8_is_reported_escaped(tmp_path: Path) -> None:
    missing = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.jsonl"))
    [item] = list(stream_inputs([missing]))
    assert isinstance(item, IngestError) and "\\xe9" in item.where
    item.where.encode("utf-8")  # printable: no lone surrogate left


def test_content_hash_covers_text_and_metadata_and_is_stored() -> None:
    base = Article(id="x", text="NATO condemned Russia.", title="T")
    assert content_hash(base) == content_hash(Article(id="x", text=base.text, title="T",
                                                      source="elsewhere"))
    for changed in (Article(id="y", text=base.text, title="T"),
                    Article(id="x", text=base.text + " ", title="T"),
                    Article(id="x", text=base.text, title="U"),
                    Article(id="x", text=base.text, title=None, url="T")):
        assert content_hash(changed) != content_hash(base)
    docs = list(corpus(3))
    with open_store(":memory:") as store:
        store.write_documents(docs)
        stored = store.content_hashes()
        assert stored == {d.article.article.id: content_hash(d.article.article) for d in docs}
        conforms, report = store.validate()
        assert conforms, report
    assert any(str(t[1]).endswith("#contentHash") for t in document_graph(docs[0]).triples)
