"""Negation, modality and attribution of a cue token, each with the reason found."""

from __future__ import annotations

from kg.model import Actor, Token
from kg.relations import arguments, subjects
from kg.relations.context import SentenceContext

NEGATION_DEPRELS = frozenset({"advmod", "neg", "det", "advmod:neg"})


def negation_reasons(ctx: SentenceContext, tok: Token) -> list[str]:
    """Each denial on the way up from the cue ('not', 'never', 'no X', 'refuse to'); an
    odd number of them negates the act."""
    reasons: list[str] = []
    current: Token | None = tok
    steps = 0
    while current is not None and steps < ctx.config.negation_steps:
        steps += 1
        reasons += [f"'{c.text}' on '{current.text}'" for c in ctx.kids(current.i)
                    if c.deprel in NEGATION_DEPRELS and ctx.lemma_has("negation", c)][:1]
        if current is not tok and (ctx.lemma_has("negating_verb", current)
                                   or ctx.lemma_has("negating_noun", current)):
            reasons.append(f"negating '{current.text}'")
        current = _negation_governor(ctx, current)
    return reasons


def _negation_governor(ctx: SentenceContext, current: Token) -> Token | None:
    governor = ctx.head(current)
    if governor is None:
        return None
    # A copula or light verb governs the cue noun: "has no objection", "is not a threat".
    marks = ctx.kids(current.i, "mark")
    if current.deprel in {"xcomp", "acl", "advcl", "obj"} and (
        current.deprel != "obj" or ctx.lemma_has("light_verb", governor)
    ) and not (current.deprel == "advcl" and marks
               and marks[0].lemma.lower() not in {"of", "to"}):
        return governor
    if current.deprel == "nmod" and ctx.case_of(current) in {"of"} and governor.upos == "NOUN":
        return governor  # "no intention of invading"
    return None


def negated(ctx: SentenceContext, tok: Token) -> bool:
    return len(negation_reasons(ctx, tok)) % 2 == 1


def modality(ctx: SentenceContext, tok: Token) -> tuple[str | None, str]:
    """future | conditional | hypothetical | None, and why."""
    if tok.upos in {"NOUN", "PROPN"}:
        for c in ctx.kids(tok.i, "amod"):
            if ctx.lemma_has("hypothetical_modifier", c):
                return "future", f"modifier '{c.text}'"  # "upcoming talks"
        governor = ctx.head(tok)
        if governor is not None and tok.deprel in {"obj", "nsubj:pass"} and ctx.lemma_has(
            "hypothetical_governor", governor
        ):
            return "hypothetical", f"governed by '{governor.text}'"  # "proposed a deal"
    if tok.deprel == "xcomp" and tok.head >= 0 and ctx.kids(tok.head, "obj") and (
        ctx.lemma_has("object_control", ctx.tokens[tok.head])
    ):
        # "urged Ethiopia to cooperate": asked for, not done
        return "hypothetical", f"asked for by '{ctx.tokens[tok.head].text}'"
    current: Token | None = tok
    steps = 0
    while current is not None and steps < ctx.config.modality_steps:
        steps += 1
        found = _clause_modality(ctx, tok, current)
        if found is not None:
            return found
        governor = ctx.head(current)
        if governor is None or current.deprel not in {"xcomp", "conj", "obj", "acl"}:
            break
        if current.deprel == "obj" and not ctx.lemma_has("light_verb", governor):
            break
        if current.deprel == "xcomp" and ctx.lemma_has("future_verb", governor):
            return "future", f"under '{governor.text}'"
        if current.deprel == "xcomp" and ctx.lemma_has("intention_verb", governor):
            return None, f"intention '{governor.text}' is asserted"
        current = governor
    return None, ""


def _clause_modality(ctx: SentenceContext, tok: Token,
                     current: Token) -> tuple[str | None, str] | None:
    children = ctx.kids(current.i)
    for child in children:
        if child.deprel == "mark" and ctx.lemma_has("condition_mark", child):
            return "conditional", f"'{child.text}' clause"
        if child.deprel == "advcl" and current is tok and any(
            m.deprel == "mark" and ctx.lemma_has("condition_mark", m) for m in ctx.kids(child.i)
        ):
            return "conditional", f"condition '{child.text}'"
    negated_here = any(ctx.lemma_has("negation", c) for c in children if c.deprel == "advmod")
    for child in children:
        if child.deprel not in {"aux", "aux:pass"}:
            continue
        text = child.text.lower()
        if ctx.lemma_has("future_aux", child) or ctx.has("future_aux", text):
            return "future", f"auxiliary '{child.text}'"
        if negated_here and ctx.lemma_has("ability_aux", child):
            continue  # "cannot support": a refusal, not a possibility
        if ctx.lemma_has("hypothetical_aux", child) or ctx.has("hypothetical_aux", text):
            return "hypothetical", f"auxiliary '{child.text}'"
    return None


def clause_root(ctx: SentenceContext, tok: Token) -> Token:
    current = tok
    while current.deprel in {"xcomp", "conj", "obj", "nmod", "obl", "acl", "amod",
                             "compound", "advcl"} and current.head >= 0:
        current = ctx.tokens[current.head]
    return current


def source(ctx: SentenceContext, tok: Token) -> Actor | None:
    """The actor whose claim this is: the sayer of a reporting verb or 'according to X'."""
    return attribution(ctx, tok)[0]


def _first(ctx: SentenceContext, tokens: list[Token]) -> Actor | None:
    actors = arguments.resolve(ctx, tokens).actors
    return actors[0] if actors else None


def attribution(ctx: SentenceContext, tok: Token) -> tuple[Actor | None, str]:
    """The source of the claim and the words that make it one."""
    current: Token | None = tok
    for _ in range(ctx.config.source_steps):
        if current is None:
            return None, ""
        root = clause_root(ctx, current)
        found = _attribution_on(ctx, root)
        if found[0] is not None:
            return found
        if root.deprel in {"ccomp", "parataxis"} and root.head >= 0:
            sayer = ctx.tokens[root.head]
            if ctx.lemma_has("speech_verb", sayer):
                actor = _first(ctx, subjects.verb_subjects(ctx, sayer)) or _first(
                    ctx, subjects.noun_subjects(ctx, sayer))
                return actor, f"reported by '{sayer.text}'"
            current = sayer
            continue
        if root.deprel == "root":
            for child in ctx.kids(root.i, "parataxis", "ccomp"):
                if ctx.lemma_has("speech_verb", child) and child.i > tok.i:
                    actor = _first(ctx, subjects.verb_subjects(ctx, child))
                    if actor is not None:
                        return actor, f"reported by '{child.text}' after it"
        return None, ""
    return None, ""


def _attribution_on(ctx: SentenceContext, root: Token) -> tuple[Actor | None, str]:
    for child in ctx.kids(root.i):
        if child.deprel in {"obl", "nmod"} and ctx.has("attribution_case",
                                                        ctx.case_of(child) or ""):
            actors = arguments.actors_of(ctx, child).actors
            if actors:
                return actors[0], f"'{ctx.case_of(child)} {child.text}'"
        if child.deprel == "parataxis" and ctx.lemma_has("speech_verb", child):
            actor = _first(ctx, subjects.verb_subjects(ctx, child))
            if actor is not None:
                return actor, f"parenthetical '{child.text}'"
    return None, ""
