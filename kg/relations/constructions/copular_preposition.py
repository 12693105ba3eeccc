"""`copular_preposition`: a preposition cue as the predicate of a copula ("Russia is
against NATO expansion"): the subject takes the stance towards the predicate nominal."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations import subjects
from kg.relations.constructions import Frame, register
from kg.relations.constructions.common import combine
from kg.relations.context import SentenceContext


@register("copular_preposition", "free")
def copular_preposition(ctx: SentenceContext, cue: Cue, tok: Token) -> list[Frame] | None:
    """ADP cue whose governor has a copula."""
    governor = ctx.head(tok)
    if cue.pos != "ADP" or governor is None or not ctx.kids(governor.i, "cop"):
        return None
    return combine(ctx, cue, tok, "copular_preposition", subjects.verb_subjects(ctx, governor),
                   [governor])
