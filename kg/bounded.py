"""Extraction with a budget: a size limit per document, and a time limit checked as it goes.

The text is split into bounded blocks (`kg.nlp.segment`), so parsing is linear in its
length; the blocks are parsed a group at a time, and between groups the deadline and a
stop flag are checked, so a document over its budget (or a server shutting down) stops
within one group's parse, with nothing stored.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from kg.ingest import max_document_chars
from kg.model import Article, Extraction, ParsedDoc, Sentence
from kg.nlp.base import shift_sentence
from kg.nlp.segment import Block, split_blocks

GROUP_CHARS = 20_000  # characters parsed between two budget checks


class BudgetExceeded(Exception):
    """The document is over its size or time budget, or extraction was told to stop."""


@dataclass
class Budget:
    """`seconds` per document (None: no limit), `max_chars` per text, and a stop flag."""

    seconds: float | None = None
    max_chars: int = field(default_factory=max_document_chars)
    stop: threading.Event | None = None

    def check_size(self, article: Article) -> None:
        if len(article.text) > self.max_chars:
            raise BudgetExceeded(
                f"document {article.id!r} has {len(article.text):,} characters, over the "
                f"{self.max_chars:,} limit; split it into smaller documents")

    def deadline(self) -> float | None:
        return None if self.seconds is None else time.monotonic() + self.seconds

    def check_time(self, article: Article, deadline: float | None) -> None:
        if self.stop is not None and self.stop.is_set():
            raise BudgetExceeded(f"extraction of {article.id!r} stopped: shutting down")
        if deadline is not None and time.monotonic() > deadline:
            raise BudgetExceeded(
                f"extraction of {article.id!r} took over its {self.seconds:g} s budget; "
                "split the document into smaller ones")


class TurnLock:
    """A lock taken in arrival order. `threading.Lock` lets the thread that just released
    it take it again at once, so one long document would starve the short ones behind it;
    here each parse step queues behind the steps already waiting."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    def __enter__(self) -> None:
        with self._cond:
            ticket = self._next_ticket
            self._next_ticket += 1
            self._cond.wait_for(lambda: self._serving == ticket)

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._serving += 1
            self._cond.notify_all()


def _groups(blocks: list[Block], size: int) -> Iterator[list[Block]]:
    group: list[Block] = []
    chars = 0
    for block in blocks:
        group.append(block)
        chars += len(block.text)
        if chars >= size:
            yield group
            group, chars = [], 0
    if group:
        yield group


def parse_bounded(article: Article, backend: object, budget: Budget,
                  lock: AbstractContextManager[object] | None = None) -> ParsedDoc:
    """Parse `article` group by group (each under `lock`, if given), checking `budget`."""
    budget.check_size(article)
    deadline = budget.deadline()
    parse_blocks = backend.parse_blocks  # type: ignore[attr-defined]
    sentences: list[Sentence] = []
    for group in _groups(split_blocks(article.text), GROUP_CHARS):
        budget.check_time(article, deadline)
        with lock or nullcontext():
            parsed = list(parse_blocks([block.text for block in group]))
        for block, block_sentences in zip(group, parsed, strict=True):
            for sentence in block_sentences:
                sentences.append(shift_sentence(sentence, block.start, len(sentences)))
    budget.check_time(article, deadline)
    return ParsedDoc(article=article, sentences=sentences,
                     backend=backend.name,  # type: ignore[attr-defined]
                     backend_version=backend.version)  # type: ignore[attr-defined]


def extract_bounded(article: Article, backend: object, budget: Budget,
                    lock: AbstractContextManager[object] | None = None) -> Extraction:
    """Parse and extract one article within `budget` (BudgetExceeded otherwise)."""
    from kg.pipeline import extract_parsed

    parsed = parse_bounded(article, backend, budget, lock)
    return extract_parsed(parsed)
