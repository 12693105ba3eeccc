"""Which actors an argument token stands for, and how that was found.

Resolution is a pure function of the sentence context: an `Argument` carries the actors,
whether a reference step was taken (pronoun, description, owner: lowers confidence), the
path taken (for `kg extract --explain`) and the joint owners found through an antecedent
(no stance of one joint owner on another).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import Actor, Token
from kg.relations import antecedents, qualifiers, subjects
from kg.relations.context import NOMINAL, VERBAL, SentenceContext


@dataclass(frozen=True)
class Argument:
    actors: tuple[Actor, ...] = ()
    via: bool = False  # a reference step: pronoun, description, group or pass-through
    path: tuple[str, ...] = ()  # how each actor was found, for --explain
    joint: tuple[frozenset[str], ...] = ()  # actor ids that jointly own an act

    def __add__(self, other: Argument) -> Argument:
        actors = list(self.actors)
        actors.extend(a for a in other.actors if a not in actors)
        return Argument(tuple(actors), self.via or other.via, self.path + other.path,
                        self.joint + other.joint)

    def __bool__(self) -> bool:
        return bool(self.actors)


NONE = Argument()


def _step(tok: Token, how: str, actors: tuple[Actor, ...] | list[Actor]) -> str:
    return f"{tok.text}@{tok.i} {how} -> {', '.join(a.label for a in actors) or '-'}"


def found(tok: Token, how: str, actors: tuple[Actor, ...] | list[Actor], via: bool,
          joint: tuple[frozenset[str], ...] = ()) -> Argument:
    return Argument(tuple(actors), via, (_step(tok, how, actors),), joint)


def resolve(ctx: SentenceContext, tokens: list[Token]) -> Argument:
    """The actors of several argument tokens, in order, without repeats."""
    result = NONE
    for t in tokens:
        result = result + actors_of(ctx, t)
    return result


def conjuncts(ctx: SentenceContext, tok: Token) -> list[Token]:
    """The token and everything coordinated with it ("NATO and European countries")."""
    result = [tok]
    for child in ctx.kids(tok.i):
        if child.deprel == "conj" and (child.upos in NOMINAL or child.upos == "ADJ"):
            result.extend(conjuncts(ctx, child))
        elif child.deprel == "appos" and ctx.actor_at(tok.i) is not None and (
            ctx.actor_at(child.i) is not None
            and ctx.actor_at(child.i).actor != ctx.actor_at(tok.i).actor
            and ctx.actor_at(child.i).actor.type != "person"
        ):
            result.extend(conjuncts(ctx, child))  # "the U.S., the UN, and the EU"
    return result


def actors_of(ctx: SentenceContext, tok: Token, depth: int = 0) -> Argument:
    """Actors an argument token and its conjuncts stand for."""
    result = NONE
    for member in conjuncts(ctx, tok):
        result = result + _actors_of_one(ctx, member, depth)
    return result


def _actors_of_one(ctx: SentenceContext, tok: Token, depth: int) -> Argument:
    for step in (_named, _group, _reciprocal, _demonym, _relative, _speaker):
        arg = step(ctx, tok, depth)
        if arg is not None:
            return arg
    if depth >= 2 or tok.upos not in NOMINAL | {"ADJ"}:
        return NONE
    for step in (_role_apposition, _owner, _phrase_owner, _antecedent):
        arg = step(ctx, tok, depth)
        if arg is not None:
            return arg
    return NONE


def _named(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    mention = ctx.actor_at(tok.i)
    if mention is not None and mention.kind == "minted":
        # "Mr Brown's International Finance Facility": a stance towards the owner's plan.
        for child in ctx.kids(mention.head, "nmod:poss"):
            owner = ctx.actor_at(child.i)
            if owner is not None and owner.actor != mention.actor:
                return found(tok, "owner of minted name", [owner.actor], True)
    if mention is not None and mention.kind != "demonym":
        return found(tok, mention.kind, [mention.actor],
                     mention.kind in {"pronoun", "description"})
    return None


def _group(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    group = ctx.actors.groups.get((ctx.index, tok.i))
    if group:
        return found(tok, "group", group, True)  # "the two countries", "they" after "X and Y"
    return None


def reciprocal(ctx: SentenceContext, tok: Token) -> bool:
    """ "each other", "one another" """
    pairs = {"other": "each", "another": "one", "one": "another"}
    partner = pairs.get(tok.lemma.lower())
    return partner is not None and any(c.lemma.lower() == partner for c in ctx.kids(tok.i))


def _reciprocal(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    if not reciprocal(ctx, tok):
        return None
    # "X and Y accused each other": the clause's own subjects, each towards the others.
    governor = ctx.head(tok)
    if governor is not None and tok.deprel in {"obl", "nmod"} and governor.upos in NOMINAL:
        governor = ctx.head(governor)  # "held talks with each other"
    if governor is not None and depth == 0:
        tokens = (subjects.verb_subjects(ctx, governor) if governor.upos in VERBAL
                  else subjects.noun_subjects(ctx, governor))
        arg = resolve(ctx, [t for t in tokens if t.i != tok.i])
        if len(arg.actors) >= 2:
            return found(tok, "reciprocal", arg.actors, True, arg.joint)
    return NONE


def _demonym(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    mention = ctx.actor_at(tok.i)
    if mention is not None and mention.kind == "demonym" and tok.upos in NOMINAL:
        return found(tok, "demonym", [mention.actor], False)  # "the Russians"
    return None


def _relative(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    if not (ctx.lemma_has("relative_pronoun", tok) and tok.upos == "PRON"):
        return None
    governor = ctx.head(tok)
    if governor is not None and governor.deprel == "acl:relcl":
        noun = ctx.head(governor)
        if noun is not None:
            arg = actors_of(ctx, noun, depth)
            return Argument(arg.actors, True, (_step(tok, "relative pronoun", arg.actors),
                                               *arg.path), arg.joint)
    return None


def _speaker(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    if not (tok.upos == "PRON" and ctx.has("speaker_pronoun", tok.text.lower())):
        return None
    speaker = qualifiers.source(ctx, tok)  # "we" in reported speech: the speaker's side
    if speaker is not None:
        led = ctx.actors.leaders.get(speaker.id)
        actor = ctx.actors.actors.get(led, speaker) if led else speaker
        return found(tok, "speaker's side", [actor], True)
    return NONE


def _role_apposition(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    # A role noun with a named apposition: "his Israeli counterpart, Ariel Sharon".
    for child in ctx.kids(tok.i, "appos"):
        named = ctx.actor_at(child.i)
        if named is not None and named.kind != "demonym":
            arg = actors_of(ctx, child, depth + 1)
            return Argument(arg.actors, False, (_step(tok, "named apposition", arg.actors),
                                                *arg.path), arg.joint)
    return None


def _owner_candidates(ctx: SentenceContext, tok: Token) -> list[Token]:
    owners = [c for c in ctx.kids(tok.i) if c.deprel in {"nmod:poss", "compound", "amod"}
              or (c.deprel == "nmod" and ctx.case_of(c) is None)]  # spaCy's bare nmod
    # "the UK's (pounds) 3bn rebate from the EU": a possessor the parser hung on a
    # pre-nominal modifier, or on a modifier of one, owns the whole phrase, before any
    # 'from' phrase (the giver, not the owner).
    owners += [p for c in owners if c.deprel in {"compound", "amod"} and c.i < tok.i
               for m in [c, *ctx.kids(c.i, "compound", "amod", "nummod")]
               for p in ctx.kids(m.i, "nmod:poss")]
    owners.sort(key=lambda c: (c.upos == "PRON", c.deprel != "nmod:poss"))
    return owners


def _owner(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    """Pass-through: an institution, policy or attribute stands for its owner. A named owner
    first, then a modifier ("his EU counterparts" are the EU's), then a pronoun."""
    for child in _owner_candidates(ctx, tok):
        owner = ctx.actor_at(child.i)
        if owner is not None and owner.kind == "demonym" and (
            ctx.has("nonstate_people", tok.lemma.lower())
            or ctx.has("nonstate_people", tok.text.lower())
        ):
            continue  # "Iranian protesters" are not Iran
        if owner is not None:
            return found(tok, f"pass-through {child.deprel} '{child.text}'", [owner.actor],
                         True)
        if child.deprel == "nmod:poss":
            arg = actors_of(ctx, child, depth + 1)
            if arg:
                return Argument(arg.actors, True, (_step(tok, "pass-through possessor",
                                                         arg.actors), *arg.path), arg.joint)
    return None


def _phrase_owner(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    relational = ctx.lemma_has("relational_noun", tok)
    for child in ctx.kids(tok.i, "nmod", "acl"):
        if child.deprel == "nmod" and ctx.case_of(child) in (
            {"with"} if relational else {"of", "by", "from"}
        ):
            arg = actors_of(ctx, child, depth + 1)
            if arg:
                return Argument(arg.actors, True, (_step(
                    tok, f"pass-through '{ctx.case_of(child)}' phrase", arg.actors),
                    *arg.path), arg.joint)
        if child.deprel == "acl":  # "a resolution drafted by the United States"
            for agent in ctx.kids(child.i, "obl:agent"):
                arg = actors_of(ctx, agent, depth + 1)
                if arg:
                    return Argument(arg.actors, True, (_step(
                        tok, "pass-through agent of participle", arg.actors), *arg.path),
                        arg.joint)
    return None


def _antecedent(ctx: SentenceContext, tok: Token, depth: int) -> Argument | None:
    if depth == 0 and not ctx.kids(tok.i, "nmod:poss", "nmod"):
        owners, where = antecedents.antecedent_owners(ctx, tok)
        if owners:
            # Joint owners: no stance of one owner on the other.
            return found(tok, f"antecedent {where}", owners, True,
                         (frozenset(a.id for a in owners),))
    return None
