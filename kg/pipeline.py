"""The pipeline as one function: articles in, extractions out (CLI, API and notebook use it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.model import Article, Extraction
from kg.nlp import NLPBackend, load_backend
from kg.relations.extract import extract_relations


def extract_articles(articles: Iterable[Article], backend: NLPBackend | str = "auto"
                     ) -> Iterator[Extraction]:
    """Parse each article and extract its actors and relation mentions, in input order."""
    nlp = load_backend(backend) if isinstance(backend, str) else backend
    for parsed in nlp.parse(articles):
        yield extract_relations(parsed)


def extract_text(text: str, doc_id: str = "text", backend: NLPBackend | str = "auto"
                 ) -> Extraction:
    """Extract from one text (convenience for tests, notebooks and the API)."""
    return next(extract_articles([Article(id=doc_id, text=text)], backend))
