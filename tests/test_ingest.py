"""Reading inputs: every bad input is named with a clear message, the rest still read."""

from __future__ import annotations

import json

import pytest

from kg.ingest import IngestError, iter_inputs
from kg.model import Article


def _read(*paths):
    return list(iter_inputs([str(p) for p in paths]))


def test_text_file_becomes_article_with_stem_id(tmp_path):
    path = tmp_path / "russia-nato.txt"
    path.write_text("Russia opposes NATO.\n", encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.id == "russia-nato"
    assert article.text == "Russia opposes NATO.\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x00\x01\x02binary\x00data", "binary"),
        (b"Caf\xe9 au lait in Paris.", "not valid UTF-8"),
    ],
)
def test_bad_text_files_are_reported(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [error] = _read(path)
    assert isinstance(error, IngestError)
    assert message in error.message
    assert str(path) in str(error)


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Moscow rejected the plan.".encode("utf-16"))
    [article] = _read(path)
    assert article.text == "Moscow rejected the plan."


def test_crlf_is_normalised(tmp_path):
    path = tmp_path / "dos.txt"
    path.write_bytes(b"Headline\r\nBody text.\r\n")
    [article] = _read(path)
    assert article.text == "Headline\nBody text.\n"


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_MAX_INPUT_BYTES", "1000")
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    [error] = _read(path)
    assert "over the" in error.message and "limit" in error.message


def test_unknown_format_and_missing_path(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    errors = _read(pdf, tmp_path / "nope.txt")
    assert [type(e) for e in errors] == [IngestError, IngestError]
    assert "unknown format" in errors[0].message
    assert "no such file" in errors[1].message


def _deep(levels: int) -> list:
    value: list = [1]
    for _ in range(levels):
        value = [value]
    return value


def test_jsonl_bad_lines_named_and_rest_read(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "title": "A", "text": "Russia opposes NATO.",
                    "published": "2024-01-02", "url": "https://example.org/a"}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "c", "text": "China backs Russia."}),
        json.dumps({"id": "d", "text": "x", "nested": _deep(40)}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [a.id for a in articles] == ["a", "c"]
    assert articles[0].published == "2024-01-02" and articles[0].title == "A"
    assert [e.where for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:6"]
    assert "malformed JSON" in errors[0].message
    assert "'text'" in errors[1].message
    assert "nested" in errors[3].message


def test_html_page_reduced_to_article(tmp_path):
    body = " ".join(["Russia rejected NATO expansion on Tuesday, officials said."] * 8)
    html = f"""<html><head><title>Russia rejects NATO</title>
    <meta property="article:published_time" content="2024-03-05"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Russia rejects NATO</h1>
    <p>{body}</p><p>{body}</p></article><footer>Cookie policy</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    [article] = _read(path)
    assert article.id == "page"
    assert "Russia rejected NATO expansion" in article.text
    assert "Cookie policy" not in article.text
    assert article.title == "Russia rejects NATO"
    assert article.published == "2024-03-05"


def test_directory_reads_supported_files_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("B text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A text.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y", encoding="utf-8")
    assert [a.id for a in _read(tmp_path)] == ["a", "b"]


def test_empty_directory_is_an_error(tmp_path):
    [error] = _read(tmp_path)
    assert "no .txt" in error.message
