"""`mediation`: a mediator cue (flag `mediator`: "mediate", "broker") engages with each
party it brings together ("Qatar mediated between X and Y", "brokered a deal between X and
Y")."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations import arguments, objects
from kg.relations.constructions import Frame, Slots, register
from kg.relations.constructions.between_phrase import between_parties
from kg.relations.constructions.common import combine
from kg.relations.context import SentenceContext


@register("mediation", "shape")
def mediation(ctx: SentenceContext, cue: Cue, tok: Token, slots: Slots) -> list[Frame] | None:
    """The mediator (the cue's subject) towards the parties of a "between" phrase on the
    cue, or on its object when the entry's slots found no object."""
    if "mediator" not in cue.flags:
        return None
    parties = between_parties(ctx, cue, tok)
    if parties is not None:  # fewer than two: `between_phrase` took two or more
        mediators = arguments.resolve(ctx, slots.subjects)
        return [Frame(cue, "mediation", mediators, parties, parties.via or mediators.via)]
    if slots.objects:
        return None
    phrases = [b for o in ctx.kids(tok.i, "obj") for b in objects.between(ctx, o)]
    if not phrases:
        return None
    return combine(ctx, cue, tok, "mediation", slots.subjects, phrases)
