"""The pieces that bound work: blocks of bounded length, the extraction budget, the fair
parse lock and the admission gate."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from api.admission import Gate, Overloaded
from kg.bounded import Budget, BudgetExceeded, TurnLock, extract_bounded
from kg.model import Article
from kg.nlp.segment import MAX_BLOCK_CHARS, split_blocks
from tests.conftest import SEED


def test_long_paragraph_is_cut_at_sentence_ends() -> None:
    text = "Russia opposes NATO expansion. China supports Russia. " * 1000
    blocks = split_blocks(text)
    assert len(blocks) > 1
    for block in blocks:
        assert len(block.text) <= MAX_BLOCK_CHARS
        assert text[block.start:block.end] == block.text
        assert block.text.endswith(".") and block.text[0].isupper()
    assert "".join(b.text + " " for b in blocks) == text


def test_text_without_sentence_ends_or_spaces_is_still_bounded() -> None:
    words = "word " * 3000
    solid = "x" * 12_000
    for text in (words, solid):
        blocks = split_blocks(text)
        assert all(len(b.text) <= MAX_BLOCK_CHARS for b in blocks)
        assert all(text[b.start:b.end] == b.text for b in blocks)
        # nothing lost: every non-space character is in exactly one block
        assert "".join(b.text for b in blocks).replace(" ", "") == text.replace(" ", "")


def test_short_paragraphs_are_not_cut() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert all(len(b.text) < MAX_BLOCK_CHARS for b in split_blocks(text))


def test_bounded_extraction_matches_the_pipeline(spacy_backend: Any) -> None:
    from kg.pipeline import extract_articles

    article = Article(id="seed", text=SEED.read_text(encoding="utf-8"))
    plain = next(extract_articles([article], spacy_backend))
    bounded = extract_bounded(article, spacy_backend, Budget(seconds=300))
    assert [m.to_json() for m in bounded.mentions] == [m.to_json() for m in plain.mentions]


def test_budget_refuses_size_time_and_stop(spacy_backend: Any) -> None:
    article = Article(id="long", text="Russia opposes NATO expansion. " * 3000)
    with pytest.raises(BudgetExceeded, match="over the 1,000 limit"):
        extract_bounded(article, spacy_backend, Budget(max_chars=1000))
    started = time.monotonic()
    with pytest.raises(BudgetExceeded, match="budget"):
        extract_bounded(article, spacy_backend, Budget(seconds=0.05))
    assert time.monotonic() - started < 10
    stop = threading.Event()
    stop.set()
    with pytest.raises(BudgetExceeded, match="shutting down"):
        extract_bounded(article, spacy_backend, Budget(stop=stop))


def test_turn_lock_lets_a_waiting_thread_in() -> None:
    """A thread taking the lock in a tight loop does not starve one that waits."""
    lock = TurnLock()
    stop = threading.Event()
    turns = 0

    def hog() -> None:
        nonlocal turns
        while not stop.is_set():
            with lock:
                turns += 1
                time.sleep(0.01)

    thread = threading.Thread(target=hog)
    thread.start()
    time.sleep(0.05)
    started = time.monotonic()
    with lock:
        waited = time.monotonic() - started
    stop.set()
    thread.join()
    assert waited < 0.5, waited


def test_gate_queues_then_refuses_at_once() -> None:
    async def scenario() -> list[str]:
        gate = Gate("work", slots=1, queue=1, wait=0.3)
        events: list[str] = []
        await gate.acquire()  # the slot
        waiter = asyncio.create_task(gate.acquire())  # the queue
        await asyncio.sleep(0.01)
        started = time.monotonic()
        try:
            await gate.acquire()  # over the queue: refused without waiting
        except Overloaded:
            events.append(f"refused in {time.monotonic() - started:.2f}")
        try:
            await waiter  # no slot within 0.3 s
        except Overloaded:
            events.append("waiter timed out")
        gate.release()
        assert gate.admitted == 0
        events.append(f"runs: {await gate.run(lambda: 'done')}")
        return events

    events = asyncio.run(scenario())
    assert events[0] in ("refused in 0.00", "refused in 0.01")
    assert events[1:] == ["waiter timed out", "runs: done"]
