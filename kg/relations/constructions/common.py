"""Steps several constructions share: resolving slots and pairing subjects with objects."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations import arguments
from kg.relations.arguments import Argument
from kg.relations.constructions import PAIRING_ORDER, Frame, get
from kg.relations.context import SentenceContext


def party_states(ctx: SentenceContext, arg: Argument) -> Argument:
    """States are the parties to a pact or deal, not the leader who announced it."""
    actors = tuple(ctx.actors.actors.get(ctx.actors.leaders.get(a.id, ""), a)
                   for a in arg.actors)
    return Argument(actors, arg.via, arg.path, arg.joint)


def combine(ctx: SentenceContext, cue: Cue, tok: Token, construction: str,
            subject_tokens: list[Token], object_tokens: list[Token],
            via: bool = False) -> list[Frame]:
    """Resolve the slots and pair them: a pairing construction when one applies, else a
    plain frame named after the construction that found the slots."""
    subjects = arguments.resolve(ctx, subject_tokens)
    if "mutual" in cue.flags:
        subjects = party_states(ctx, subjects)
    objects = arguments.resolve(ctx, object_tokens)
    if not subjects:
        return []
    for name in PAIRING_ORDER:
        frame = get(name).run(ctx, cue, tok, subjects, objects, via)
        if frame is not None:
            return [frame]
    if not objects:
        return []
    return [Frame(cue, construction, subjects, objects, via or subjects.via or objects.via)]
