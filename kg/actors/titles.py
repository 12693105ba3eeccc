"""Titles and membership: leader_of ("Russian President Vladimir Putin") and member_of
("NATO member Poland", "Finland joined NATO")."""

from __future__ import annotations

from kg.actors import coreference, membership
from kg.actors.state import ResolverState
from kg.model import ActorMention, LeaderFact, Sentence


def titles(st: ResolverState, sentence: Sentence) -> None:
    by_token = st.result.by_sentence[sentence.index]
    persons = {m.head: m for m in by_token.values() if m.actor.type == "person"
               and m.kind == "person"}
    for head, mention in persons.items():
        start = min(mention.tokens)
        window = list(range(max(0, start - st.config.title_window), start))
        leader_from_window(st, sentence, mention, window)
        tok = sentence.tokens[head]
        # Appositions: "Ariel Sharon, the Israeli prime minister" / "the Prime Minister,
        # Mr Viktor Chernomyrdin".
        related = [c for c in sentence.children(head) if c.deprel == "appos"]
        if tok.deprel == "appos" and tok.head >= 0:
            related.append(sentence.tokens[tok.head])
        for other in related:
            if coreference.title_at(st, sentence, other) is not None:
                span = [c.i for c in sentence.children(other.i) if c.deprel in {
                    "amod", "compound", "nmod:poss", "case", "det"}] + [other.i]
                leader_from_window(st, sentence, mention, sorted(span))
    membership.members(st, sentence)


def leader_from_window(st: ResolverState, sentence: Sentence, person: ActorMention,
                        window: list[int]) -> None:
    tokens = sentence.tokens
    # Only the run of modifiers right before the name: stop at verbs and punctuation.
    run: list[int] = []
    for i in reversed(window):
        if tokens[i].upos in {"VERB", "AUX", "PUNCT", "ADP", "SCONJ", "CCONJ"} and tokens[
            i
        ].text not in {".", "-"}:
            break
        run.insert(0, i)
    if any(st.lex.has("former_word", tokens[i].lemma.lower()) for i in run):
        return
    run = [i for i in run if tokens[i].text not in {"-", "–"}]  # "Secretary-General"
    lemmas = [tokens[i].lemma.lower() for i in run]
    title = None
    for i in run:
        two = " ".join(lemmas[run.index(i):run.index(i) + 2])
        if st.lex.has("leader_title", two) or (
            st.lex.has("leader_title", tokens[i].lemma.lower())
            and not st.has("ambiguous_title", tokens[i].lemma)
            and not (st.has("lowercase_nontitle", tokens[i].lemma) and tokens[i].text.islower())
        ):
            title = two if st.lex.has("leader_title", two) else tokens[i].lemma.lower()
            break
    by_token = st.result.by_sentence[sentence.index]
    if title is None:
        for i in run:
            if st.has("counterpart_noun", tokens[i].lemma) and any(
                c.deprel == "nmod:poss" and c.i in by_token
                and by_token[c.i].actor.id in st.result.leaders
                for c in sentence.children(i)
            ):
                title = "counterpart"
    if title is None:
        return
    organizations = [by_token[i].actor for i in run if i in by_token
                     and by_token[i].actor.type != "person"]
    if not organizations:
        # "President Viktor Yushchenko": the office is named but not the country.
        st.untitled.setdefault(person.actor.id, (person.actor, sentence.index,
                                                   " ".join(tokens[i].text for i in run)))
        return
    org = organizations[-1]
    st.result.leaders[person.actor.id] = org.id
    st.result.leader_facts.append(
        LeaderFact(person.actor, org, sentence.index, " ".join(tokens[i].text for i in run))
    )

