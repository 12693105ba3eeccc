"""Where a cue's object is: the slots of its lexicon entry, and "between" phrases."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations.context import SentenceContext

NON_PREPOSITION_SLOTS = frozenset({"obj", "ccomp", "poss", "compound"})


def prep_objects(ctx: SentenceContext, tok: Token, preps: set[str]) -> list[Token]:
    return [c for c in ctx.kids(tok.i) if c.deprel in {"obl", "nmod", "obl:npmod"}
            and ctx.case_of(c) in preps]


def cue_objects(ctx: SentenceContext, cue: Cue, tok: Token, passive: bool) -> list[Token]:
    """The object tokens the cue's slots name (`obj`, `ccomp`, `compound`, `poss`, or a
    preposition), then a PP the parser moved to the governing verb."""
    found: list[Token] = []
    preps = {o for o in cue.objects if o not in NON_PREPOSITION_SLOTS}
    if "obj" in cue.objects:
        wanted = {"nsubj:pass"} if passive else {"obj", "iobj"}
        found += [c for c in ctx.kids(tok.i) if c.deprel in wanted]
    if "ccomp" in cue.objects and not found:
        for clause in ctx.kids(tok.i, "ccomp"):
            found += [c for c in ctx.kids(clause.i) if c.deprel in {"nsubj", "nsubj:pass"}]
    if preps:
        found += prep_objects(ctx, tok, preps)
    if "compound" in cue.objects and not found:
        bare = [c for c in ctx.kids(tok.i) if c.deprel == "compound"
                or (c.deprel == "nmod" and ctx.case_of(c) is None)]
        found += [c for c in bare if ctx.actor_at(c.i) is not None
                  and ctx.actor_at(c.i).kind != "pronoun"]
    if "poss" in cue.objects and not found:
        found += [c for c in ctx.kids(tok.i) if c.deprel == "nmod:poss"]
    if cue.pos == "NOUN" and not found and preps:
        found += _detached_objects(ctx, tok, preps)
    return found


def _detached_objects(ctx: SentenceContext, tok: Token, preps: set[str]) -> list[Token]:
    # A parser often attaches the noun's PP to the verb: "brought Russia's criticism
    # this week of NATO plans". Take a PP that follows the noun closely.
    governor = ctx.head(tok)
    if governor is None:
        return []
    limit = ctx.config.detached_pp_distance
    found = [c for c in prep_objects(ctx, governor, preps)
             if 0 < c.i - tok.i <= limit and ctx.case_of(c) != "with"]
    # "imposed sanctions on X": the PP can attach to the light verb.
    if not found and tok.deprel in {"obj", "nsubj:pass"} and ctx.lemma_has("light_verb",
                                                                          governor):
        found += prep_objects(ctx, governor, preps)
    return found


def between(ctx: SentenceContext, tok: Token) -> list[Token]:
    """The nominals of a "between" phrase on the token (or on a participle modifying it)."""
    found = [c for c in ctx.kids(tok.i) if c.deprel in {"nmod", "obl"}
             and ctx.case_of(c) == "between"]
    if not found and tok.upos in {"NOUN", "PROPN"}:
        # "negotiations held in Geneva between the two powers": the PP of a participle.
        for clause in ctx.kids(tok.i, "acl"):
            found += [c for c in ctx.kids(clause.i) if c.deprel in {
                "nmod", "obl", "obl:agent"} and ctx.case_of(c) == "between"]
    return found
