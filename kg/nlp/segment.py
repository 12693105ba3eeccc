"""Split an article into text blocks (headlines, paragraphs) that no sentence crosses.

A blank line, or a line break after a line without sentence-final punctuation (a headline),
ends a block. Hard-wrapped copy (lines of similar width, indented paragraph starts) is the
exception: there a break inside a paragraph only wraps a sentence and is kept inside the block.
A block longer than `MAX_BLOCK_CHARS` is cut at sentence ends into bounded pieces: a parser's
cost per block grows faster than its length, so bounded blocks keep a document linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_FINAL = tuple('.!?:;"”’\'»)]…')
_INDENT = re.compile(r"^[ \t]+\S")
#: Longest block handed to a parser (characters); real paragraphs are far shorter.
MAX_BLOCK_CHARS = 5000
# A likely sentence end: final punctuation (and closing quotes), space, a capital or quote.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


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
    return [piece for b in blocks if b.text.strip() for part in _split_dateline(b)
            for piece in _bounded(part)]


def _bounded(block: Block, limit: int = MAX_BLOCK_CHARS) -> list[Block]:
    """`block` cut into pieces of at most `limit` characters: at the last sentence end in
    the second half of each window, else at the last space, else anywhere."""
    pieces: list[Block] = []
    text, start = block.text, 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 2)]
        cut = ends[-1] if ends else window.rfind(" ", limit // 2) + 1 or limit
        pieces.append(_piece(block, start, start + cut))
        start += cut
    pieces.append(_piece(block, start, len(text)))
    return [p for p in pieces if p.text]


def _piece(block: Block, start: int, end: int) -> Block:
    """The part [start, end) of `block.text`, outer whitespace trimmed, offsets kept exact."""
    raw = block.text[start:end]
    lead, trail = len(raw) - len(raw.lstrip()), len(raw) - len(raw.rstrip())
    return Block(block.start + start + lead, block.start + end - trail,
                 raw[lead:len(raw) - trail])


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
