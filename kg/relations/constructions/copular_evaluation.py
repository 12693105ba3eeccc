"""`copular_evaluation`: a reported clause with a negative predicate criticises its subject,
on behalf of the speaker ("Kyiv said the plan was naive")."""

from __future__ import annotations

from kg.model import Token
from kg.relations import arguments, qualifiers
from kg.relations.arguments import Argument
from kg.relations.constructions import Frame, characterisation, register
from kg.relations.constructions.evaluation import evaluation_cue, is_negative
from kg.relations.context import SentenceContext


@register("copular_evaluation", "free")
def copular_evaluation(ctx: SentenceContext, tok: Token) -> list[Frame]:
    """Negative copular predicate in a `ccomp`/`parataxis`: the clause's source criticises
    its subject."""
    if tok.deprel not in {"ccomp", "parataxis"} or characterisation.applies(ctx, tok):
        return []  # a characterising verb is `characterisation`'s
    if not (ctx.kids(tok.i, "cop") and is_negative(ctx, tok)):
        return []
    critic, why = qualifiers.attribution(ctx, tok)
    targets = arguments.resolve(ctx, ctx.kids(tok.i, "nsubj"))
    if critic is None or not targets:
        return []
    speaker = Argument((critic,), True, (f"source of the clause: {why}",))
    return [Frame(evaluation_cue(ctx.config), "copular_evaluation", speaker, targets, True)]
