"""`copular_adjective`: an adjective cue predicated of its subject ("Russia is opposed to
X", "Hungary remains hostile towards Y")."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations import objects, subjects
from kg.relations.constructions import Slots, register
from kg.relations.context import SentenceContext


@register("copular_adjective", "head")
def copular_adjective(ctx: SentenceContext, cue: Cue, tok: Token) -> Slots | None:
    """Adjective cue: the clause's subject holds it; objects from the entry's slots."""
    if cue.pos != "ADJ":
        return None
    holders = subjects.verb_subjects(ctx, tok) or ctx.kids(tok.i, "nsubj:pass")
    return Slots("copular_adjective", holders, objects.cue_objects(ctx, cue, tok, False))
