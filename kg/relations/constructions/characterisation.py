"""`characterisation`: a characterising verb with a negative secondary predicate criticises
(or, with "unacceptable", opposes) its object ("called X's plan irrational", "described the
drills as a provocation")."""

from __future__ import annotations

from kg.model import Token
from kg.relations import arguments, subjects
from kg.relations.constructions import Frame, register
from kg.relations.constructions.evaluation import evaluation_cue, is_negative, rejection_cue
from kg.relations.context import SentenceContext


def trailing_adjectives(ctx: SentenceContext, verb: Token) -> list[Token]:
    """ "called the decision to close the crossing irrational": an adjective parsed as a
    post-nominal modifier at the end of the object is the verb's secondary predicate."""
    objects = ctx.kids(verb.i, "obj")
    if len(objects) != 1:
        return []
    stack, subtree = [objects[0]], []
    while stack:
        t = stack.pop()
        subtree.append(t)
        stack += ctx.kids(t.i)
    last = max((t for t in subtree if t.upos != "PUNCT"), key=lambda t: t.i, default=None)
    if last is None or last.upos != "ADJ" or last.deprel not in {"amod", "conj"}:
        return []
    first = last
    while first.deprel == "conj":
        first = ctx.tokens[first.head]
    if first.deprel != "amod" or first.i < first.head:
        return []
    return [first]


def applies(ctx: SentenceContext, tok: Token) -> bool:
    return tok.upos == "VERB" and ctx.lemma_has("characterizing_verb", tok)


@register("characterisation", "free")
def characterisation(ctx: SentenceContext, tok: Token) -> list[Frame]:
    """Characterising verb + negative `xcomp`, 'as' phrase or trailing adjective."""
    if not applies(ctx, tok):
        return []
    predicates = [c for c in ctx.kids(tok.i) if c.deprel == "xcomp"
                  or (c.deprel == "obl" and ctx.case_of(c) == "as")]
    if not predicates:
        predicates = trailing_adjectives(ctx, tok)
    if not any(is_negative(ctx, p) for p in predicates):
        return []
    critics = arguments.resolve(ctx, subjects.verb_subjects(ctx, tok))
    targets = arguments.resolve(ctx, ctx.kids(tok.i, "obj") or predicates)
    if not (critics and targets):
        return []
    rejecting = any(ctx.lemma_has("rejecting_evaluation", p) for p in predicates)
    cue = rejection_cue(ctx.config) if rejecting else evaluation_cue(ctx.config)
    return [Frame(cue, "characterisation", critics, targets, critics.via or targets.via)]
