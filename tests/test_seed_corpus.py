"""The example corpus in seeds/: rebuilt byte-identically, licensed, dated, attributed."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

sys.path.insert(0, str(ROOT / "tools"))
import build_seed_corpus as builder

SEEDS = ROOT / "seeds"
BUILT = ("wikinews.jsonl", "MANIFEST.tsv", "ATTRIBUTION")
# The original seed article stays byte for byte as it was first committed.
SEED_SHA256 = "b1d90ac81228dd2b4242bd1c0d8934c058dc0baf518bb24c2282de2b2cb67c54"


def _manifest() -> list[dict[str, str]]:
    with open(SEEDS / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _articles() -> list[dict[str, str]]:
    lines = (SEEDS / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_corpus_rebuilds_byte_identically(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_seed_corpus.py"),
                             "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for name in BUILT:
        assert (tmp_path / name).read_bytes() == (SEEDS / name).read_bytes(), name


def test_seed_article_is_unchanged() -> None:
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256


def test_manifest_describes_every_article() -> None:
    rows, articles = _manifest(), _articles()
    assert len(articles) >= 30
    assert [r["id"] for r in rows] == [a["id"] for a in articles]
    years = set()
    for row, art in zip(rows, articles, strict=True):
        assert row["title"] == art["title"] and row["url"] == art["url"]
        assert row["published"] == art["published"]
        assert art["url"].startswith("https://en.wikinews.org/wiki/")
        expected = "Public domain" if art["published"] < "2005-09-25" else "CC BY 2.5"
        assert row["licence"] == expected, row["id"]
        assert row["attribution"] == "Wikinews contributors"
        assert row["commit"] in row["source"] and len(row["commit"]) == 40
        years.add(art["published"][:4])
        assert len(art["text"]) > 200 and "{{" not in art["text"] and "[[" not in art["text"]
    assert len(years) >= 3


def test_manifest_hashes_match_the_excerpt() -> None:
    lines = builder.EXCERPT.read_text(encoding="utf-8").splitlines(keepends=True)
    digests = {hashlib.sha256(line.encode("utf-8")).hexdigest() for line in lines}
    assert {row["excerpt_sha256"] for row in _manifest()} == digests


def test_attribution_names_every_article_and_the_licence() -> None:
    text = (SEEDS / "ATTRIBUTION").read_text(encoding="utf-8")
    assert "https://creativecommons.org/licenses/by/2.5/" in text and "Wikinews" in text
    for art in _articles():
        assert art["url"] in text


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_select_checks_the_pinned_blob(tmp_path: Path) -> None:
    """--select reads the pinned commit of a clone and refuses a file that differs."""
    repo = tmp_path / "owner+name"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "data.csv").write_text("url,date,title,text\nu,2020-01-01,T,body\n")
    _git(repo, "add", "data.csv")
    _git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "data")
    commit = _git(repo, "rev-parse", "HEAD")
    blob = _git(repo, "rev-parse", "HEAD:data.csv")
    good = builder.Source("owner/name", commit, "data.csv", blob, "plain-csv")
    data = builder.read_source(tmp_path, good)
    assert builder.source_records(data, "plain-csv")[0]["title"] == "T"
    with pytest.raises(SystemExit, match="is not blob"):
        builder.read_source(tmp_path, builder.Source("owner/name", commit, "data.csv",
                                                     "0" * 40, "plain-csv"))
    with pytest.raises(SystemExit, match="no clone"):
        builder.read_source(tmp_path / "empty", good)


def test_wikitext_is_reduced_to_plain_paragraphs() -> None:
    from seed_corpus_text import clean_wikitext, wikitext_date

    wikitext = ("{{date|November 18, 2004}}\n[[Image:x.jpg|thumb|caption]]\n"
                "The [[w:Japan|Japanese]] envoy met {{w|Hu Jintao}} in '''[[Beijing]]''' "
                "&mdash; [http://x.org talks].\n"
                "{{archive}}\n{{PD-Article}}")
    assert clean_wikitext(wikitext) == "The Japanese envoy met Hu Jintao in Beijing — talks.\n"
    assert wikitext_date(wikitext, []) == "2004-11-18"
    assert wikitext_date("'''December 3, 2004'''\ntext", []) == "2004-12-03"
    assert wikitext_date("text", ["Africa", "January 6, 2005"]) == "2005-01-06"
    assert wikitext_date("text", ["Africa"]) is None
