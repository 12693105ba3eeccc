"""Shared fixtures: the spaCy backend is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "putin-beijing-nato.txt"
# The example corpus (34 dated Wikinews articles, see seeds/MANIFEST.tsv): tests use only
# what the repository holds, never a folder beside it.
CORPUS = ROOT / "seeds" / "wikinews.jsonl"

# Tests never download models: make sure Stanza looks only at an empty local directory
# unless the developer points it at real models.
os.environ.setdefault("KG_STANZA_DIR", str(ROOT / ".venv" / "stanza-models-absent"))


def corpus_articles() -> list:
    """The example corpus as Articles (id, title, text, published, url), in file order."""
    from kg.ingest import iter_inputs
    from kg.model import Article

    articles = list(iter_inputs([CORPUS]))
    assert all(isinstance(a, Article) for a in articles), articles
    return articles


@pytest.fixture(scope="session")
def spacy_backend():
    from kg.nlp import load_backend

    return load_backend("spacy", announce=False)


@pytest.fixture(scope="session")
def seed_extraction(spacy_backend):
    from kg.model import Article
    from kg.pipeline import extract_parsed as extract_relations

    article = Article(id="putin-beijing-nato", text=SEED.read_text(encoding="utf-8"))
    return extract_relations(next(spacy_backend.parse([article])))
