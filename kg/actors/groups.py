"""Plural references: "the two countries", "both sides", "they" after "X and Y"."""

from __future__ import annotations

from kg.actors.state import STATE_LIKE, SUBJECT_DEPRELS, ResolverState
from kg.model import Actor, Sentence, Token


def coordination(st: ResolverState, sentence: Sentence, tok: Token) -> tuple[Actor, ...]:
    """The distinct actors of a coordination headed by `tok` ("China and the US")."""
    by_token = st.result.by_sentence[sentence.index]
    found: list[Actor] = []
    stack = [tok]
    while stack:
        current = stack.pop(0)
        mention = by_token.get(current.i)
        if mention is None or mention.kind == "pronoun":
            return ()  # "China and its partners": not a closed set of actors
        if mention.actor not in found:
            found.append(mention.actor)
        stack += [c for c in sentence.children(current.i) if c.deprel == "conj"]
    return tuple(found) if len(found) >= 2 else ()


def fits(st: ResolverState, actor: Actor, kind: str) -> bool:
    if kind == "person":
        return actor.type == "person"
    if kind == "state":
        return actor.type in {"state", "bloc"}  # "the two countries", "both powers"
    if kind == "actor":
        return actor.type in STATE_LIKE  # "the two rivals", "both allies"
    return True


def group_kind(st: ResolverState, lemma: str) -> str | None:
    for kind in ("state", "actor", "person", "any"):
        if st.lex.has(f"group_noun_{kind}", lemma):
            return kind
    return None


def numbered_group(st: ResolverState, sentence: Sentence, tok: Token) -> tuple[Actor, ...]:
    """ "the two countries", "both sides": the last set of actors of that kind named
    together in this or the two previous sentences, if it has exactly that many; failing
    that, the actors of that kind named in this and the previous sentence, if there are
    exactly that many."""
    if tok.upos not in ("NUM", "NOUN"):  # most tokens: no need to look further
        return ()
    children = sentence.children(tok.i)
    counts = st.group_numbers
    if tok.upos == "NUM" and tok.deprel != "nummod" and tok.lemma.lower() in counts:
        kind: str | None = "any"  # "talks between the two"
        numbers = [counts[tok.lemma.lower()]]
    elif tok.upos != "NOUN" or ("Plur" not in tok.feats and tok.xpos != "NNS"):
        return ()
    else:
        kind = group_kind(st, tok.lemma.lower())
        numbers = [counts[c.lemma.lower()] for c in children
                   if c.lemma.lower() in counts and c.deprel in {
                       "nummod", "det", "amod", "predet"}]
    if kind is None:
        return ()
    if len(numbers) != 1:
        return ()
    n = numbers[0]
    if not any(c.lemma.lower() == "both" or (
        c.deprel == "det" and st.has("plural_definite_det", c.lemma)
    ) for c in children):
        return ()  # "two countries" is not a reference back
    for s, head, actors in reversed(st.sets):
        if s < sentence.index - st.config.group_set_window:
            break
        if s == sentence.index and head >= tok.i:
            continue
        if all(fits(st, a, kind) for a in actors):
            if len(actors) == n:
                return actors
            break  # the latest set named together has another size: ambiguous
    if kind == "any":
        kind = "actor"
    named: list[Actor] = []
    for index in (sentence.index - 1, sentence.index):
        if index < 0:
            continue
        for i, mention in sorted(st.result.by_sentence[index].items()):
            if index == sentence.index and i >= tok.i:
                break
            if mention.kind in {"pronoun", "minted"} or not fits(st, mention.actor, kind) or (
                mention.actor in named
            ) or place(st, st.doc.sentences[index], mention.head):
                continue
            named.append(mention.actor)
    return tuple(named) if len(named) == n else ()


def place(st: ResolverState, sentence: Sentence, head: int) -> bool:
    """ "talks in Geneva": a place, not a party."""
    return any(c.deprel == "case" and st.lex.has("place_case", c.lemma.lower())
               for c in sentence.children(head))


def plural_antecedent(st: ResolverState, sentence: Sentence, tok: Token) -> tuple[Actor, ...]:
    """ "they", "their": the latest plural subject of this or the previous sentence, when
    that subject is a set of actors or a bloc named by a plural ("the G7 countries")."""
    for s, head, actors in reversed(st.plural_subjects):
        if s < sentence.index - st.config.plural_subject_window:
            break
        if s == sentence.index and head >= tok.i:
            continue
        return actors or ()
    return ()


def groups(st: ResolverState, sentence: Sentence) -> None:
    by_token = st.result.by_sentence[sentence.index]
    for tok in sentence.tokens:
        actors: tuple[Actor, ...] = ()
        mention = by_token.get(tok.i)
        if mention is not None and mention.head == tok.i and tok.deprel != "conj":
            actors = coordination(st, sentence, tok)
        elif mention is None and tok.upos == "PRON" and st.has("plural_pronoun", tok.text):
            actors = plural_antecedent(st, sentence, tok)
            if actors:
                st.result.groups[(sentence.index, tok.i)] = actors
        elif mention is None:
            actors = numbered_group(st, sentence, tok)
            if actors:
                st.result.groups[(sentence.index, tok.i)] = actors
        if len(actors) >= 2:
            st.sets.append((sentence.index, tok.i, actors))
        if tok.deprel in SUBJECT_DEPRELS and (
            "Plur" in tok.feats or tok.xpos in {"NNS", "NNPS"} or actors
        ):
            if not actors and tok.xpos in {"NNS", "NNPS"}:
                # "the G7 countries", "NATO members": a bloc named by its members.
                blocs = [m.actor for m in [mention, *(
                    by_token.get(c.i) for c in sentence.children(tok.i)
                    if c.deprel in {"compound", "amod"})]
                    if m is not None and m.actor.type in {"organization", "bloc"}]
                if len(blocs) == 1:
                    actors = (blocs[0],)
            st.plural_subjects.append((sentence.index, tok.i, actors or None))
