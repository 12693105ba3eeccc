"""`passive_frame`: a passive verb cue; the agent phrase is the subject, the passive subject
the object ("the plan was rejected by Moscow")."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations import objects
from kg.relations.constructions import Slots, register
from kg.relations.context import SentenceContext
from kg.relations.syntax import is_passive


@register("passive_frame", "head")
def passive_frame(ctx: SentenceContext, cue: Cue, tok: Token) -> Slots | None:
    """Passive verb: `obl:agent` acts on `nsubj:pass` (or the entry's prepositions)."""
    if cue.pos != "VERB" or not is_passive(ctx, tok):
        return None
    return Slots("passive_frame", ctx.kids(tok.i, "obl:agent"),
                 objects.cue_objects(ctx, cue, tok, True))
