"""The pipeline as functions: articles in, extractions out (CLI, API and notebook use it).

Stages: `NLPBackend.parse(Article) -> ParsedDoc` → `resolve_actors(ParsedDoc) ->
ArticleActors` → `extract_relations(ParsedDoc, ArticleActors) -> Extraction`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.actors.gazetteer import Gazetteer
from kg.actors.resolve import resolve_actors
from kg.lexicon import Lexicon, default_lexicon
from kg.lexicon.config import DEFAULT_CONFIG, ExtractionConfig
from kg.model import Article, Extraction, ParsedDoc
from kg.nlp import NLPBackend, load_backend
from kg.relations.extract import extract_relations


def extract_parsed(parsed: ParsedDoc, lexicon: Lexicon | None = None,
                   config: ExtractionConfig = DEFAULT_CONFIG,
                   gazetteer: Gazetteer | None = None) -> Extraction:
    """The actor and relation stages on one parsed article (`gazetteer`: another actor
    table than the package's, e.g. one with a test suite's fictional states)."""
    lexicon = lexicon or default_lexicon()
    actors = resolve_actors(parsed, gazetteer, lexicon=lexicon, config=config)
    return extract_relations(parsed, actors, lexicon=lexicon, config=config)


def extract_articles(articles: Iterable[Article], backend: NLPBackend | str = "auto",
                     gazetteer: Gazetteer | None = None) -> Iterator[Extraction]:
    """Parse each article and extract its actors and relation mentions, in input order."""
    nlp = load_backend(backend) if isinstance(backend, str) else backend
    for parsed in nlp.parse(articles):
        yield extract_parsed(parsed, gazetteer=gazetteer)


def extract_text(text: str, doc_id: str = "text", backend: NLPBackend | str = "auto"
                 ) -> Extraction:
    """Extract from one text (convenience for tests, notebooks and the API)."""
    return next(extract_articles([Article(id=doc_id, text=text)], backend))
