"""The protocol every NLP backend follows, and the shared block-parsing driver."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from kg.model import Article, ParsedDoc, Sentence
from kg.nlp.segment import Block, split_blocks

# Parses blocks of text; yields, per block, its sentences with offsets relative to the block.
BlockParser = Callable[[list[str]], Iterator[list[Sentence]]]


class NLPBackend(Protocol):
    """Turns articles into ParsedDocs in UD v2 with OntoNotes entity spans."""

    name: str

    @property
    def version(self) -> str: ...

    def parse(self, articles: Iterable[Article]) -> Iterator[ParsedDoc]: ...


class BackendUnavailable(RuntimeError):
    """The backend's library or models are missing; the message says how to get them."""


def shift_sentence(sentence: Sentence, offset: int, index: int) -> Sentence:
    """Move a block-relative sentence to article offsets."""
    sentence.index = index
    sentence.start += offset
    sentence.end += offset
    for tok in sentence.tokens:
        tok.start += offset
        tok.end += offset
    for ent in sentence.entities:
        ent.start_char += offset
        ent.end_char += offset
    return sentence


def parse_articles_by_block(
    articles: Iterable[Article],
    parse_blocks: BlockParser,
    backend: str,
    version: str,
    batch_chars: int = 200_000,
) -> Iterator[ParsedDoc]:
    """Split articles into blocks, parse blocks in batches, reassemble documents in order."""
    pending: list[tuple[Article, list[Block]]] = []
    size = 0

    def flush() -> Iterator[ParsedDoc]:
        texts = [block.text for _, blocks in pending for block in blocks]
        parsed = iter(parse_blocks(texts))
        for article, blocks in pending:
            sentences: list[Sentence] = []
            for block in blocks:
                for sentence in next(parsed):
                    sentences.append(shift_sentence(sentence, block.start, len(sentences)))
            yield ParsedDoc(article=article, sentences=sentences, backend=backend,
                            backend_version=version)

    for article in articles:
        blocks = split_blocks(article.text)
        pending.append((article, blocks))
        size += len(article.text)
        if size >= batch_chars:
            yield from flush()
            pending, size = [], 0
    if pending:
        yield from flush()
