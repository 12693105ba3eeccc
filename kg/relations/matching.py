"""Which lexicon entries a token matches, and the guards that keep an entry from firing."""

from __future__ import annotations

from collections.abc import Callable

from kg.lexicon import Cue
from kg.model import Token
from kg.relations.context import SentenceContext


def cues_at(ctx: SentenceContext, tok: Token) -> list[Cue]:
    """The entries whose lemma, POS and particle match the token."""
    lemma = tok.lemma.lower()
    pos = "NOUN" if tok.upos in {"NOUN", "PROPN"} else tok.upos
    if pos == "ADJ" and tok.xpos == "VBN":
        pos_options = ["ADJ", "VERB"]
    elif pos == "AUX":
        pos_options = ["VERB"]
    else:
        pos_options = [pos]
    cues: list[Cue] = []
    for option in pos_options:
        entries = ctx.lex.lookup(lemma, option)
        particles = {c.particle for c in entries if c.particle}
        for cue in entries:
            if cue.particle is None:
                if not particles or not has_particle(ctx, tok, particles):
                    cues.append(cue)
            elif has_particle(ctx, tok, {cue.particle}):
                cues.append(cue)
    if pos == "VERB" and tok.deprel in {"advmod", "compound:prt"} and any(
        "not_particle" in c.flags for c in cues
    ):
        return []  # "fought back": the particle, not the verb "back"
    if pos == "VERB" and tok.xpos == "VBN" and (ctx.kids(tok.i, "cop") or (
        ctx.kids(tok.i, "aux:pass") and not ctx.kids(tok.i, "obl:agent")
    )):
        # "is opposed to": a participle used as an adjective, listed by its word form
        cues += [c for c in ctx.lex.lookup(tok.text.lower(), "ADJ") if c not in cues]
    return cues


def has_particle(ctx: SentenceContext, tok: Token, particles: set[str]) -> bool:
    for child in ctx.kids(tok.i):
        if child.deprel == "compound:prt" and child.lemma.lower() in particles:
            return True
        if child.deprel in {"obl", "nmod"} and ctx.case_of(child) in particles:
            return True
        if child.deprel == "advcl" and any(m.deprel == "mark" and m.lemma.lower() in particles
                                           for m in ctx.kids(child.i)):
            return True  # "warned Beijing against what they described as ..."
    return False


# -- guards: a flag of the entry that keeps it from firing in this context -----------------
Guard = Callable[[SentenceContext, Cue, Token], bool]


def _person_object(ctx: SentenceContext, cue: Cue, tok: Token) -> bool:
    # "visited Xi" is a meeting; "visited Moscow" names a place
    return "person_object" in cue.flags and not any(
        ctx.actor_at(c.i) is not None and ctx.actor_at(c.i).actor.type == "person"
        for c in ctx.kids(tok.i, "obj"))


def _no_visitor(ctx: SentenceContext, cue: Cue, tok: Token) -> bool:
    # "welcomed the Chinese delegation" receives visitors; it accepts nothing
    return "no_visitor" in cue.flags and any(
        ctx.lemma_has("visitor_noun", c) or (
            ctx.actor_at(c.i) is not None and ctx.actor_at(c.i).actor.type == "person")
        for c in ctx.kids(tok.i, "obj", "nsubj:pass"))


def _aid_object(ctx: SentenceContext, cue: Cue, tok: Token) -> bool:
    return "aid_object" in cue.flags and not any(
        ctx.lemma_has("aid_noun", c) or ctx.has("aid_noun", c.text.lower())
        for c in ctx.kids(tok.i, "obj"))


def _to_clause(ctx: SentenceContext, cue: Cue, tok: Token) -> bool:
    # "called Ethiopia to cooperate" is a demand; "called the plan naive" is not
    return "to_clause" in cue.flags and not any(
        c.upos == "VERB" and not ctx.lemma_has("call_purpose", c)
        and any(a.lemma.lower() == "to" for a in ctx.kids(c.i, "aux", "mark"))
        for c in ctx.kids(tok.i, "xcomp"))


def _under_opposing_verb(ctx: SentenceContext, cue: Cue, tok: Token) -> bool:
    # "cut diplomatic ties with Iran": the verb's stance, not the noun's
    governor = ctx.head(tok)
    return cue.pos == "NOUN" and tok.deprel == "obj" and governor is not None and (
        cue.predicate in {"cooperates_with", "engages_with", "supports", "accepts"}
    ) and any(c.predicate in {"sanctions", "opposes"} for c in cues_at(ctx, governor))


GUARDS: dict[str, Guard] = {
    "under_opposing_verb": _under_opposing_verb,
    "person_object": _person_object,
    "no_visitor": _no_visitor,
    "aid_object": _aid_object,
    "to_clause": _to_clause,
}


def blocked_by(ctx: SentenceContext, cue: Cue, tok: Token) -> str | None:
    """The name of the first guard that blocks the entry here, or None."""
    for name, guard in GUARDS.items():
        if guard(ctx, cue, tok):
            return name
    return None
