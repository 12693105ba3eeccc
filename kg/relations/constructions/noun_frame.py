"""`noun_frame`: a noun cue held by its possessor, a 'from'/'by' phrase, an actor modifier or
the clause it is the predicate of ("Russia's opposition to NATO", "criticism from Kyiv",
"Orbán is the only EU leader opposing ...")."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations import objects, subjects
from kg.relations.constructions import Slots, register
from kg.relations.context import SentenceContext


def noun_slots(ctx: SentenceContext, cue: Cue, tok: Token) -> tuple[list[Token], str,
                                                                      list[Token]]:
    """The holder tokens, the path that found them, and the object tokens of a noun cue."""
    holders, path = subjects.noun_holder(
        ctx, tok, "poss" in cue.objects,
        "compound" in cue.objects and cue.predicate in {"cooperates_with", "engages_with"})
    return holders, path, objects.cue_objects(ctx, cue, tok, False)


@register("noun_frame", "head")
def noun_frame(ctx: SentenceContext, cue: Cue, tok: Token) -> Slots | None:
    """Noun cue whose holder is not the subject of a governing verb."""
    if cue.pos != "NOUN" or cue.light_verbs:  # a generated pattern cue needs its verb
        return None
    holders, path, found = noun_slots(ctx, cue, tok)
    if path == "governing_verb":
        return None
    return Slots("noun_frame", holders, found)
