"""Content hashes of documents: what `kg build --since-last` compares to skip unchanged ones."""

from __future__ import annotations

import hashlib

from kg.model import Article

PREFIX = "sha256:"


def content_hash(article: Article) -> str:
    """A hash of what the extraction reads from an article: its id, text and metadata.

    Not the source path (moving a file does not change its content) nor the time it was read.
    """
    h = hashlib.sha256()
    for part in (article.id, article.title, article.url, article.published, article.text):
        value = (part or "").encode("utf-8", "surrogatepass")
        h.update(len(value).to_bytes(8, "big"))  # length-prefixed: no ambiguous joins
        h.update(value)
    return PREFIX + h.hexdigest()
