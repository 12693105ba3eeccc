"""`coordinated_subjects`: a symmetric or mutual cue with coordinated subjects and no object
("Russia and China met", "the two countries signed a pact"): each towards the others."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations.arguments import Argument
from kg.relations.constructions import Frame, register
from kg.relations.context import SentenceContext


@register("coordinated_subjects", "pairing")
def coordinated_subjects(ctx: SentenceContext, cue: Cue, tok: Token, subjects: Argument,
                         objects: Argument, via: bool) -> Frame | None:
    """No object, two or more subjects, entry flagged symmetric or mutual."""
    if objects or not ({"symmetric", "mutual"} & cue.flags) or len(subjects.actors) < 2:
        return None
    return Frame(cue, "coordinated_subjects", subjects, subjects, via or subjects.via)
