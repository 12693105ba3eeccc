"""`reported_obligation`: "the EU said that the US should back ...": the speaker demands it
of the reported clause's subject. Negation, modality and source are the reporting act's."""

from __future__ import annotations

from kg.model import Token
from kg.relations import arguments, subjects
from kg.relations.constructions import Frame, register
from kg.relations.constructions.evaluation import synthetic_cue
from kg.relations.context import SentenceContext


@register("reported_obligation", "free")
def reported_obligation(ctx: SentenceContext, tok: Token) -> list[Frame]:
    """A `ccomp` with a deontic auxiliary under a speech verb."""
    if tok.deprel != "ccomp" or tok.head < 0:
        return []
    if not any(c.deprel == "aux" and ctx.lemma_has("deontic_aux", c) for c in ctx.kids(tok.i)):
        return []
    sayer = ctx.tokens[tok.head]
    if not ctx.lemma_has("speech_verb", sayer):
        return []
    speakers = arguments.resolve(ctx, subjects.verb_subjects(ctx, sayer))
    targets = arguments.resolve(ctx, ctx.kids(tok.i, "nsubj"))
    if not (speakers and targets):
        return []
    cue = synthetic_cue("reported_obligation", "demands", ctx.config.obligation_confidence)
    return [Frame(cue, "reported_obligation", speakers, targets,
                  speakers.via or targets.via, anchor=sayer)]
