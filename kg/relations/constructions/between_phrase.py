"""`between_phrase`: a symmetric or mutual cue with a "between" phrase naming two or more
parties ("talks between Russia and China", "a deal signed between X and Y"): every party
relates to every other."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations import arguments, objects
from kg.relations.constructions import Frame, Slots, register
from kg.relations.context import SentenceContext


def between_parties(ctx: SentenceContext, cue: Cue, tok: Token) -> arguments.Argument | None:
    """The resolved parties of the cue's "between" phrase, when its entry is symmetric or
    mutual; None otherwise."""
    phrases = objects.between(ctx, tok)
    if not phrases or not ({"symmetric", "mutual"} & cue.flags):
        return None
    return arguments.resolve(ctx, phrases)


@register("between_phrase", "shape")
def between_phrase(ctx: SentenceContext, cue: Cue, tok: Token,
                   slots: Slots) -> list[Frame] | None:
    """Two or more parties in a "between" phrase: each towards the others."""
    parties = between_parties(ctx, cue, tok)
    if parties is None or len(parties.actors) < 2:
        return None
    return [Frame(cue, "between_phrase", parties, parties, parties.via)]
