"""Owners of a definite act named earlier: "the drills", "the decision (to V)"."""

from __future__ import annotations

from kg.model import Actor, Token
from kg.relations import arguments, objects, subjects
from kg.relations.context import VERBAL, SentenceContext


def _definite(ctx: SentenceContext, tok: Token) -> bool:
    return any(c.deprel == "det" and ctx.lemma_has("definite_det", c) for c in ctx.kids(tok.i))


def _act_noun(ctx: SentenceContext, tok: Token) -> bool:
    return tok.upos == "NOUN" and any(
        ctx.has(role, word) for role in ("plan_noun", "act_noun")
        for word in (tok.lemma.lower(), tok.text.lower()))


def nominalized_verbs(ctx: SentenceContext, noun: str) -> set[str]:
    """Verb lemmas whose act the noun names ('decide' for 'decision')."""
    return {noun} | ctx.lex.pairs_to(noun, "act_verb_noun")


def antecedent_owners(ctx: SentenceContext, tok: Token) -> tuple[tuple[Actor, ...], str]:
    """Owners of 'the drills', 'the decision (to V)' named earlier: the agents of the
    latest mentions of the same noun, of its verb, or of the verb V, within a short
    window. Nothing when those mentions name different owners. Also says where."""
    if not _act_noun(ctx, tok) or not _definite(ctx, tok):
        return (), ""
    noun = tok.lemma.lower()
    verbs = nominalized_verbs(ctx, noun)
    named_verbs = {c.lemma.lower() for c in ctx.kids(tok.i, "acl")
                   if c.upos == "VERB"}  # "the decision to close the crossing"
    window = (ctx.config.antecedent_window_verb if named_verbs
              else ctx.config.antecedent_window)
    found: dict[tuple[Actor, ...], str] = {}
    first = max(0, ctx.index - window)
    for index in range(ctx.index, first - 1, -1):
        other = ctx.at_sentence(index)
        for cand in other.tokens:
            if index == ctx.index and cand.i >= tok.i:
                break
            owners = _agents_of_act(other, cand, noun, verbs, named_verbs)
            if owners is not None:
                found.setdefault(owners, f"'{cand.text}' in sentence {index}")
    if len(found) != 1:
        return (), ""
    owners, where = next(iter(found.items()))
    return owners, where


def _agents_of_noun(ctx: SentenceContext, cand: Token) -> list[Token] | None:
    if _definite(ctx, cand):
        return None  # an earlier reference to the same act
    agents = [c for c in ctx.kids(cand.i) if c.deprel == "nmod:poss"] or [
        c for c in ctx.kids(cand.i, "nmod") if ctx.case_of(c) in {"of", "by"}]
    governor = ctx.head(cand)
    if not agents and governor is not None and governor.upos in VERBAL:
        if cand.deprel == "obj":
            agents = subjects.verb_subjects(ctx, governor)
        elif cand.deprel == "nsubj:pass":
            agents = ctx.kids(governor.i, "obl:agent")
        if agents:  # "signed a deal with Iran": a joint act has both parties
            agents += objects.prep_objects(ctx, cand, {"with"})
            if cand.deprel == "obj":
                agents += objects.prep_objects(ctx, governor, {"with"})
    return agents


def _agents_of_act(ctx: SentenceContext, cand: Token, noun: str, verbs: set[str],
                   named_verbs: set[str]) -> tuple[Actor, ...] | None:
    """Who performs the act a candidate token names; None when it names no such act
    or no agent; an empty tuple when the agent is not an actor."""
    lemma = cand.lemma.lower()
    agents: list[Token] | None = []
    if named_verbs:
        if cand.upos == "VERB" and lemma in named_verbs:
            agents = subjects.verb_subjects(ctx, cand)
    elif cand.upos == "VERB" and lemma in verbs:
        agents = subjects.verb_subjects(ctx, cand)
    elif cand.upos == "NOUN" and lemma == noun:
        agents = _agents_of_noun(ctx, cand)
    if not agents:
        return None
    return arguments.resolve(ctx, agents).actors
