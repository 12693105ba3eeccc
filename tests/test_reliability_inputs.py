"""CLI inputs that could hang or crash `kg extract` / `kg build`: a FIFO, a file name that
is not UTF-8, a 15 MB line, a million short lines. Each is refused with one error line and
exit code 2, in bounded time, and the good inputs next to it are stored."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.test_reliability import run_kg

GOOD = {"good-one": "Russia opposes NATO expansion.", "good-two": "China supports Russia."}


def good_inputs(directory: Path) -> list[str]:
    directory.mkdir(exist_ok=True)
    paths = []
    for doc_id, text in GOOD.items():
        (directory / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        paths.append(str(directory / f"{doc_id}.txt"))
    return paths


def stored_ids(store: Path) -> set[str]:
    from kg.store import open_store

    with open_store(store, create=False) as kg:
        return set(kg.documents())


def build(store: Path, *paths: str | bytes, timeout: float = 300) -> tuple[int, str, float]:
    started = time.monotonic()
    result = run_kg("build", *paths, "--store", str(store), "--nlp", "spacy",  # type: ignore[arg-type]
                    timeout=timeout)
    return result.returncode, result.stderr.decode("utf-8"), time.monotonic() - started


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kg: error:")]


def test_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "in" / "pipe.txt"
    paths = good_inputs(tmp_path / "in")
    os.mkfifo(fifo)
    code, stderr, elapsed = build(tmp_path / "kg", str(fifo), *paths, timeout=120)
    assert code == 2, stderr
    assert error_lines(stderr) == [f"kg: error: {fifo}: not a regular file (a FIFO); "
                                   "only regular files are read"], stderr
    assert stored_ids(tmp_path / "kg") == set(GOOD)
    extract = run_kg("extract", str(fifo), "--nlp", "spacy", timeout=120)
    assert extract.returncode == 2 and b"not a regular file" in extract.stderr
    print(f"FIFO refused in {elapsed:.1f} s")


def test_file_name_not_utf8_is_reported_escaped(tmp_path: Path) -> None:
    directory = tmp_path / "in"
    good_inputs(directory)
    bad = os.fsencode(directory) + b"/caf\xe9.txt"
    with open(bad, "wb") as out:
        out.write(b"Iran threatens Israel.")
    code, stderr, _ = build(tmp_path / "kg", str(directory))
    assert code == 2, stderr
    [line] = error_lines(stderr)
    assert "caf\\xe9.txt" in line and "not valid UTF-8" in line, line
    assert stored_ids(tmp_path / "kg") == set(GOOD)
    extract = run_kg("extract", str(directory), "--nlp", "spacy", "--format", "jsonl")
    assert extract.returncode == 2
    rows = [json.loads(line) for line in extract.stdout.decode("utf-8").splitlines()]
    assert {row["doc"] for row in rows} <= set(GOOD) and rows


@pytest.mark.slow
def test_15_mb_line_is_refused_with_a_message(tmp_path: Path) -> None:
    directory = tmp_path / "in"
    paths = good_inputs(directory)
    big = directory / "one-line.txt"
    sentence = "Russia opposes NATO expansion and China supports Russia in the dispute. "
    big.write_text(sentence * (15 * 2**20 // len(sentence)), encoding="utf-8")
    code, stderr, elapsed = build(tmp_path / "kg", str(big), *paths)
    assert code == 2, stderr
    [line] = error_lines(stderr)
    assert "one-line.txt" in line and "over the 1,000,000 limit" in line, line
    assert "Traceback" not in stderr
    assert stored_ids(tmp_path / "kg") == set(GOOD)
    print(f"15 MB line refused in {elapsed:.1f} s")


@pytest.mark.slow
def test_a_million_short_lines(tmp_path: Path) -> None:
    directory = tmp_path / "in"
    paths = good_inputs(directory)
    lines = directory / "lines.txt"
    lines.write_text("Iran threatens\n" * 1_000_000, encoding="utf-8")
    code, stderr, elapsed = build(tmp_path / "kg", str(lines), *paths)
    assert code == 2, stderr
    [line] = error_lines(stderr)
    assert "lines.txt" in line and "limit" in line, line
    assert stored_ids(tmp_path / "kg") == set(GOOD)
    assert elapsed < 300
    print(f"1 M short lines refused in {elapsed:.1f} s")


def test_jsonl_lone_surrogates_are_refused_by_line(tmp_path: Path) -> None:
    """JSON can escape a lone surrogate, which no UTF-8 output can hold: that line is
    refused, the others are stored."""
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text('{"id": "bad-\\udce9", "text": "Iran threatens Israel."}\n'
                     '{"id": "ok-doc", "text": "Russia opposes NATO expansion."}\n'
                     '{"id": "bad-text", "text": "Iran \\ud800 threatens Israel."}\n',
                     encoding="utf-8")
    code, stderr, _ = build(tmp_path / "kg", str(jsonl))
    assert code == 2, stderr
    lines = error_lines(stderr)
    assert len(lines) == 2 and all("unpaired surrogate" in line for line in lines), lines
    assert stored_ids(tmp_path / "kg") == {"ok-doc"}


@pytest.mark.slow
def test_large_document_is_announced_and_extracted(tmp_path: Path) -> None:
    """Over 100,000 characters: a progress line on stderr, then its relations."""
    big = tmp_path / "long.txt"
    big.write_text("Russia opposes NATO expansion. China supports Russia. " * 2000,
                   encoding="utf-8")
    result = run_kg("extract", str(big), "--nlp", "spacy", timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"kg: {big}: 108,000 characters, parsing" in result.stderr.decode()
    assert len(result.stdout.decode().splitlines()) == 4000
