"""Split an article into text blocks (headlines, paragraphs) that no sentence crosses.

A blank line, or a line break after a line without sentence-final punctuation (a headline),
ends a block. Hard-wrapped copy (lines of similar width, indented paragraph starts) is the
exception: there a break inside a paragraph only wraps a sentence and is kept inside the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_FINAL = tuple('.!?:;"”’\'»)]…')
_INDENT = re.compile(r"^[ \t]+\S")


@dataclass(frozen=True)
class Block:
    """A span [start, end) of the article text; `text` has its inner line breaks as spaces."""

    start: int
    end: int
    text: str


def _wrap_width(lines: list[str]) -> int | None:
    """The wrap width when the text looks hard-wrapped, else None."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 4:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 110 or width < 30:
        return None
    near_width = sum(1 for n in lengths if n >= 0.6 * width)
    return width if near_width >= 0.5 * len(lengths) else None


def split_blocks(text: str) -> list[Block]:
    """Blocks of `text` in order; offsets index `text` itself."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    blocks: list[Block] = []
    block_start: int | None = None
    offset = 0
    for n, line in enumerate(lines):
        line_end = offset + len(line)
        if line.strip():
            if block_start is None:
                block_start = offset
            stripped = line.rstrip()
            next_line = lines[n + 1] if n + 1 < len(lines) else ""
            ends_sentence = stripped.endswith(SENTENCE_FINAL)
            soft_wrap = (
                width is not None
                and len(stripped) >= 0.6 * width
                and next_line.strip() != ""
                and not _INDENT.match(next_line)
                and not (ends_sentence and _looks_like_heading(next_line, width))
            )
            if not soft_wrap:
                blocks.append(_make_block(text, block_start, line_end))
                block_start = None
        elif block_start is not None:
            blocks.append(_make_block(text, block_start, offset))
            block_start = None
        offset = line_end + 1
    if block_start is not None:
        blocks.append(_make_block(text, block_start, len(text)))
    return [part for b in blocks if b.text.strip() for part in _split_dateline(b)]


# "PARIS (Reuters) -", "QAMISHLI, Syria (North Press) –", "LONDON, June 3 —": a dateline is
# page furniture, not part of the first sentence's syntax.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,40})?(?:\s*\([^)]{1,40}\))?\s*[-–—]{1,2}\s+"
)


def _split_dateline(block: Block) -> list[Block]:
    match = _DATELINE.match(block.text)
    if not match or match.end() >= len(block.text):
        return [block]
    cut = match.end()
    head_text = block.text[:cut].rstrip()
    return [
        Block(block.start, block.start + len(head_text), head_text),
        Block(block.start + cut, block.end, block.text[cut:]),
    ]


def _looks_like_heading(line: str, width: int) -> bool:
    stripped = line.strip()
    return len(stripped) < 0.6 * width and not stripped.endswith(SENTENCE_FINAL)


def _make_block(text: str, start: int, end: int) -> Block:
    raw = text[start:end]
    # Trim outer whitespace but keep offsets exact; inner breaks become spaces (same length).
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    start, end = start + lead, end - trail
    return Block(start=start, end=end, text=text[start:end].replace("\n", " ").replace("\t", " "))
