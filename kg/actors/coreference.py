"""Pronouns and definite descriptions ("he", "the alliance", "the Russian president")."""

from __future__ import annotations

from kg.actors.state import SUBJECT_DEPRELS, ResolverState, register
from kg.model import Actor, ActorMention, Sentence, Token


def recent(st: ResolverState, sentence: Sentence, before: int, want: set[str],
           lookback: int | None = None,
           prefer_subject: bool = True) -> Actor | None:
    """The most recent actor of a type in `want`, preferring subjects."""
    candidates = [
        (m, deprel) for m, deprel in st.history
        if m.actor.type in want
        and sentence.index - (st.config.pronoun_lookback if lookback is None else lookback)
        <= m.sentence
        and (m.sentence < sentence.index or m.head < before)
        and m.kind != "demonym"
    ]
    if not candidates:
        return None
    # Reading order: names found by the entity pass and pronouns resolved after it are
    # registered in separate passes over the same sentence.
    candidates.sort(key=lambda pair: (pair[0].sentence, pair[0].head))
    if prefer_subject:
        # Within the current sentence the latest earlier subject; else the subject of the
        # most recent sentence that had one.
        for m, deprel in reversed(candidates):
            if deprel in SUBJECT_DEPRELS:
                return m.actor
    return candidates[-1][0].actor


def descriptions_and_pronouns(st: ResolverState, sentence: Sentence) -> None:
    by_token = st.result.by_sentence[sentence.index]
    for tok in sentence.tokens:
        if tok.i in by_token:
            continue
        lemma = tok.lemma.lower()
        text = tok.text.lower()
        actor: Actor | None = None
        kind = "pronoun"
        if tok.upos == "PRON" and (st.has("male_pronoun", text) or st.has("female_pronoun", text)):
            actor = recent(st, sentence, tok.i, {"person"})
        elif tok.upos == "PRON" and st.has("neuter_pronoun", text) and tok.deprel in (
            SUBJECT_DEPRELS | {"nmod:poss"}
        ) and not expletive(st, sentence, tok):
            actor = recent(st, sentence, tok.i, {"state", "organization", "bloc",
                                                   "group", "party"},
                           lookback=st.config.neuter_pronoun_lookback)
        elif tok.upos in {"NOUN", "PROPN"} and "Plur" not in tok.feats and tok.xpos not in {
            "NNS", "NNPS"
        } and definite(st, sentence, tok):
            kind = "description"
            actor = describe(st, sentence, tok, lemma)
        if actor is not None:
            register(st, ActorMention(sentence.index, tok.i, (tok.i,), actor, kind,
                                        tok.text), sentence)


def expletive(st: ResolverState, sentence: Sentence, tok: Token) -> bool:
    """ "it was important to maintain ties", "it is clear that ...": no referent."""
    if tok.deprel != "nsubj" or tok.head < 0:
        return False
    governor = sentence.tokens[tok.head]
    clausal = {"xcomp", "ccomp", "csubj", "advcl"}
    return governor.upos in {"ADJ", "NOUN", "VERB"} and any(
        c.deprel in clausal for c in sentence.children(governor.i)
    ) and (any(c.deprel == "cop" for c in sentence.children(governor.i))
           or st.has("raising_verb", governor.lemma))


def definite(st: ResolverState, sentence: Sentence, tok: Token) -> bool:
    return any(
        (c.deprel == "det" and st.has("singular_definite_det", c.lemma))
        or (c.deprel == "nmod:poss" and c.upos == "PRON")
        for c in sentence.children(tok.i)
    )


def modifier_actor(st: ResolverState, sentence: Sentence, tok: Token) -> Actor | None:
    by_token = st.result.by_sentence[sentence.index]
    for child in sentence.children(tok.i):
        if child.deprel in {"amod", "compound", "nmod:poss"} and child.i in by_token:
            return by_token[child.i].actor
    return None


def describe(st: ResolverState, sentence: Sentence, tok: Token, lemma: str) -> Actor | None:
    if st.lex.has("group_description", lemma):
        if modifier_actor(st, sentence, tok) is not None:
            return None  # "the Russian government" is handled as an institution
        # "the alliance" with no modifier: the most recent organisation of that kind.
        return recent(st, sentence, tok.i, {"organization", "bloc"},
                      lookback=st.config.group_description_lookback,
                            prefer_subject=False)
    title = title_at(st, sentence, tok)
    if title is not None:
        if any(st.lex.has("former_word", c.lemma.lower()) for c in sentence.children(tok.i)):
            return None
        state = modifier_actor(st, sentence, tok)
        if state is None:
            # "the president": the leader mentioned most recently.
            for mention, _ in reversed(st.history):
                person = mention.actor
                if person.type == "person" and (
                    person.id in st.result.leaders or st.gaz.led_by(person.id, st.year)
                ):
                    return person
            return None
        for person_id, org_id in reversed(list(st.result.leaders.items())):
            if state.id == org_id:
                return st.result.actors.get(person_id)
        if state is not None:
            # "the Russian president" after "Putin": a person known to have led that state.
            for mention, _ in reversed(st.history):
                if mention.actor.type == "person" and state.id in st.gaz.led_by(
                    mention.actor.id, st.year
                ):
                    return mention.actor
    return None


def title_at(st: ResolverState, sentence: Sentence, tok: Token) -> str | None:
    lemma = tok.lemma.lower()
    previous = sentence.tokens[tok.i - 1].lemma.lower() if tok.i > 0 else ""
    if st.lex.has("leader_title", f"{previous} {lemma}"):
        return f"{previous} {lemma}"
    # "UK chancellor" (lowercase) is the finance minister.
    if st.lex.has("leader_title", lemma) and not st.has("ambiguous_title", lemma) and not (
        st.has("lowercase_nontitle", lemma) and tok.text.islower()
    ):
        return lemma
    return None
