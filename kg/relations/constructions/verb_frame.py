"""`verb_frame`: an active verb cue; its subject (through control and coordination) acts on
the object its entry names ("Moscow rejected the plan", "China stood against the move")."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations import objects, subjects
from kg.relations.constructions import Slots, register
from kg.relations.context import SentenceContext
from kg.relations.syntax import is_passive


@register("verb_frame", "head")
def verb_frame(ctx: SentenceContext, cue: Cue, tok: Token) -> Slots | None:
    """Active verb: subject of the verb, object from the entry's slots."""
    if cue.pos != "VERB" or is_passive(ctx, tok):
        return None
    return Slots("verb_frame", subjects.verb_subjects(ctx, tok),
                 objects.cue_objects(ctx, cue, tok, False))
