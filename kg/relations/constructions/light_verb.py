"""`light_verb`: a noun cue that is the object of a verb, whose subject holds it ("Russia
voiced opposition to X", "the EU imposed sanctions on Y", "X held talks with Z")."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations.constructions import Slots, register
from kg.relations.constructions.noun_frame import noun_slots
from kg.relations.context import SentenceContext


@register("light_verb", "head")
def light_verb(ctx: SentenceContext, cue: Cue, tok: Token) -> Slots | None:
    """Noun cue as `obj`/`xcomp`/`obl` of a verb: the verb's subject holds it."""
    if cue.pos != "NOUN":
        return None
    holders, path, found = noun_slots(ctx, cue, tok)
    if path != "governing_verb":
        return None
    governor = ctx.head(tok)
    if cue.light_verbs and (governor is None or governor.lemma.lower() not in cue.light_verbs):
        return None  # a generated pattern cue holds only with its own verbs

    return Slots("light_verb", holders, found)
