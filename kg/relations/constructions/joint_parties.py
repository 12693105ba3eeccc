"""`joint_parties`: a mutual noun cue, or one modified by "joint", makes all its parties
relate to each other ("Japan's pact with Australia and Britain", "joint drills")."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations.arguments import Argument
from kg.relations.constructions import Frame, register
from kg.relations.context import SentenceContext


@register("joint_parties", "pairing")
def joint_parties(ctx: SentenceContext, cue: Cue, tok: Token, subjects: Argument,
                  objects: Argument, via: bool) -> Frame | None:
    """Every signatory relates to every other: holders and objects form one party set."""
    if not objects or cue.pos != "NOUN":
        return None
    if "mutual" not in cue.flags and not any(
        c.deprel == "amod" and ctx.lemma_has("joint_modifier", c) for c in ctx.kids(tok.i)
    ):
        return None
    parties = subjects + objects
    return Frame(cue, "joint_parties", parties, parties, via or subjects.via or objects.via)
