"""Who holds a cue: the subject of a verb or predicate, the holder of a nominal cue."""

from __future__ import annotations

from kg.model import Token
from kg.relations import arguments
from kg.relations.context import NOMINAL, VERBAL, SentenceContext


def verb_subjects(ctx: SentenceContext, verb: Token,
                  seen: frozenset[int] = frozenset()) -> list[Token]:
    """Subject tokens of a verb or predicate, following control and coordination."""
    if verb.i in seen:
        return []
    seen = seen | {verb.i}
    found = [_named_by_relation(ctx, c) for c in ctx.kids(verb.i)
             if c.deprel in {"nsubj", "csubj"}]
    if found:
        return found
    governor = ctx.head(verb)
    if governor is None:
        return []
    if verb.deprel == "xcomp":
        if ctx.lemma_has("object_control", governor):
            controlled = ctx.kids(governor.i, "obj")
            if controlled:
                return controlled
        return verb_subjects(ctx, governor, seen)
    if verb.deprel == "conj":
        return verb_subjects(ctx, governor, seen)
    if verb.deprel in {"advcl"} and verb.upos == "VERB":
        return _adverbial_subjects(ctx, verb, governor, seen)
    if verb.deprel in {"acl", "acl:relcl"} and governor.upos in NOMINAL:
        if verb.deprel == "acl" and ctx.lemma_has("negating_noun", governor):
            # "Russia's refusal to accept NATO membership"
            owners = ctx.kids(governor.i, "nmod:poss")
            if owners:
                return owners
        if verb.deprel == "acl:relcl":
            return [governor]
        if verb.deprel == "acl":
            # "issued an order imposing sanctions", "Norway's decision to expel diplomats"
            return noun_subjects(ctx, governor)
    return []


def _adverbial_subjects(ctx: SentenceContext, verb: Token, governor: Token,
                        seen: frozenset[int]) -> list[Token]:
    if any(m.deprel == "mark" and ctx.lemma_has("acting_object_mark", m)
           for m in ctx.kids(verb.i)):
        # "quoted Mr Yeltsin as saying", "accused Washington of attempting",
        # "thanked Russia for supporting": the object is the one acting.
        quoted = ctx.kids(governor.i, "obj")
        if quoted:
            return quoted
    found = verb_subjects(ctx, governor, seen)
    outer = ctx.head(governor)
    if governor.deprel == "ccomp" and outer is not None and not ctx.kids(
        verb.i, "mark"
    ) and ctx.lemma_has("speech_verb", outer) and not any(
        arguments.actors_of(ctx, t).actors for t in found
    ):
        # "said that all options are open, calling X to ...": the participle belongs
        # to the speaker, the parser hung it on the reported clause.
        return verb_subjects(ctx, outer, seen)
    return found


def _named_by_relation(ctx: SentenceContext, tok: Token) -> Token:
    """ "Belarus' main ally Russia": the named ally, not the possessor, is the subject."""
    for role in ctx.kids(tok.i, "appos"):
        if ctx.lemma_has("relational_role", role):
            for named in ctx.kids(role.i):
                if named.deprel in {"appos", "compound", "flat"} and ctx.actor_at(
                    named.i
                ) is not None:
                    return named
    return tok


def noun_subjects(ctx: SentenceContext, noun: Token, poss_is_object: bool = False,
                  compound_is_object: bool = False) -> list[Token]:
    """Who holds a nominal cue: its possessor, 'from'/'by' phrase, or a governing clause."""
    return noun_holder(ctx, noun, poss_is_object, compound_is_object)[0]


def noun_holder(ctx: SentenceContext, noun: Token, poss_is_object: bool = False,
                compound_is_object: bool = False) -> tuple[list[Token], str]:
    """The holder tokens of a nominal cue and the path that found them: `possessor`,
    `clause` (the noun is a predicate), `from_by`, `modifier`, `characterised`,
    `governing_verb` (a light verb or other verb whose object the noun is), `apposition`,
    `partitive`, `conjunct`, or `none`."""
    owners = [c for c in ctx.kids(noun.i) if c.deprel == "nmod:poss"]
    if owners and not poss_is_object:
        return owners, "possessor"
    if ctx.kids(noun.i, "cop") or ctx.kids(noun.i, "nsubj"):
        return verb_subjects(ctx, noun), "clause"  # "Orbán is the only EU leader opposing"
    for child in ctx.kids(noun.i, "nmod"):
        if ctx.case_of(child) in {"from", "by"}:
            return [child], "from_by"
    # "wants closer EU links": a compound on a relational noun is the partner, not the holder
    modifiers = [c for c in ctx.kids(noun.i) if c.deprel in (
        {"amod"} if compound_is_object else {"amod", "compound"})
                 and ctx.actor_at(c.i) is not None]
    if modifiers:
        return modifiers, "modifier"
    governor = ctx.head(noun)
    if governor is None:
        return [], "none"
    return _holder_from_governor(ctx, noun, governor)


def _holder_from_governor(ctx: SentenceContext, noun: Token,
                          governor: Token) -> tuple[list[Token], str]:
    if governor.upos in VERBAL and (
        ctx.case_of(noun) == "as" or noun.deprel == "xcomp"
    ) and ctx.lemma_has("characterize_verb", governor):
        # "described the actions of Western nations as a direct threat", "NATO is seen as
        # a threat", "called the drills an invasion rehearsal": the thing characterised.
        characterised = ctx.kids(governor.i, "obj") or ctx.kids(governor.i, "nsubj:pass")
        if characterised:
            return characterised, "characterised"
    if noun.deprel in {"obj", "xcomp", "obl"} and governor.upos in VERBAL | {"ADJ"}:
        return verb_subjects(ctx, governor), "governing_verb"
    if noun.deprel == "appos" and governor.upos in NOMINAL:
        return [governor], "apposition"
    if noun.deprel == "nmod" and ctx.case_of(noun) == "of" and ctx.lemma_has(
        "partitive", governor
    ):
        return noun_subjects(ctx, governor), "partitive"  # "one of Kyiv's staunchest backers"
    if noun.deprel == "conj":
        # "EU membership or cooperation with Europe": share the first conjunct's holder
        # only when it is a real holder (possessor or clause subject), not a modifier.
        owners = ctx.kids(governor.i, "nmod:poss")
        if owners:
            return owners, "conjunct"
        outer = ctx.head(governor)
        if outer is not None and governor.deprel in {"obj", "obl"} and outer.upos in VERBAL:
            return verb_subjects(ctx, outer), "conjunct"
    return [], "none"
