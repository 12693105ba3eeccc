"""Small facts about the tree that several rules ask."""

from __future__ import annotations

from kg.model import Token
from kg.relations.context import SentenceContext


def is_passive(ctx: SentenceContext, tok: Token) -> bool:
    return bool(ctx.kids(tok.i, "aux:pass", "nsubj:pass")) or (
        tok.deprel in {"acl", "amod"} and tok.xpos == "VBN"
    )
