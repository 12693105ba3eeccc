"""Actors named by a description, not a name: "Niger's military junta", "the junta that
seized power in Niamey", "coup leaders in Gabon" stand for the state they rule (the spec:
governments stand for their state); "the rebels", "Syrian rebels", "militants in Mali" are
an armed group of their own with a minted, stable id ("rebels-syria").

Within an article a description keeps what it was first bound to: a later "the junta"
is the same state, a later "the rebels" the same group.
"""

from __future__ import annotations

from kg.actors.gazetteer import slugify
from kg.actors.state import ResolverState, register
from kg.model import Actor, ActorMention, Sentence, Token

_LINKS = frozenset({"amod", "compound", "nmod:poss", "nmod", "acl:relcl", "acl", "obl", "obj"})
_OWN = frozenset({"amod", "compound", "nmod:poss"})  # "Syrian rebels", "Niger's junta"
_WHERE = frozenset({"in", "of"})  # "the junta in Niger", "seized power in Niamey"


def _state_near(st: ResolverState, sentence: Sentence, tok: Token, depth: int = 3
                ) -> Actor | None:
    """A state named in the description's own modifiers or clause ("in Niamey", "Syrian")."""
    by_token = st.result.by_sentence[sentence.index]
    frontier = [tok.i]
    for _ in range(depth):
        nxt = []
        for i in frontier:
            for c in sentence.children(i):
                if c.deprel not in _LINKS and not c.deprel.startswith("nmod"):
                    continue
                nxt.append(c.i)
                own = i == tok.i and c.deprel in _OWN
                if not own and not any(k.deprel == "case" and k.lemma.lower() in _WHERE
                                       for k in sentence.children(c.i)):
                    continue  # "expelled the French ambassador": not where it rules
                mention = by_token.get(c.i)
                if mention is not None and mention.actor.type == "state":
                    return mention.actor
                seat = st.gaz.lookup_capital(c.text) if c.upos == "PROPN" else None
                if seat is not None:  # "seized power in Niamey": the seat names the state
                    return seat
        frontier = nxt
    return None


def _phrase(sentence: Sentence, tok: Token) -> str:
    """The noun with a compound before it: "coup leaders", else the word itself."""
    before = [c for c in sentence.children(tok.i) if c.deprel == "compound" and c.i == tok.i - 1]
    return f"{before[0].text.lower()} {tok.text.lower()}" if before else tok.text.lower()


def descriptions(st: ResolverState, sentence: Sentence) -> None:
    """Register junta and armed-group descriptions of the sentence as actor mentions."""
    by_token = st.result.by_sentence[sentence.index]
    for tok in sentence.tokens:
        if tok.i in by_token or tok.upos not in {"NOUN", "PROPN"}:
            continue
        phrase = _phrase(sentence, tok)
        if st.has("junta_noun", phrase) or st.has("junta_noun", tok.lemma.lower()):
            actor = _state_near(st, sentence, tok) or st.bound.get("junta")
            if actor is not None:
                st.bound.setdefault("junta", actor)
                _add(st, sentence, tok, actor)
        elif st.has("armed_group_noun", tok.text.lower()):
            if any(c.i in by_token for c in sentence.children(tok.i)
                   if c.deprel in {"compound", "nmod:poss"}):
                continue  # "Houthi rebels", "Hamas militants": the named group acts
            _add(st, sentence, tok, _armed_group(st, sentence, tok))


def _armed_group(st: ResolverState, sentence: Sentence, tok: Token) -> Actor:
    lemma = tok.lemma.lower().removesuffix("s")
    noun = {"militiaman": "militia", "militiamen": "militia"}.get(lemma, lemma)
    plural = noun + "s"
    state = _state_near(st, sentence, tok)
    key = f"group:{noun}:{state.id if state else ''}"
    if state is None and f"group:{noun}" in st.bound:
        return st.bound[f"group:{noun}"]  # "the rebels" after "rebels in Sudan"
    if key not in st.bound:
        where = state.id if state else st.doc.article.id
        # With no country the group is known only to this article: its id and label say so.
        label = f"{plural} ({state.label})" if state else f"{plural} (in {where})"
        st.bound[key] = Actor(id=slugify(f"{plural} {where}"), label=label, type="group")
    st.bound.setdefault(f"group:{noun}", st.bound[key])
    return st.bound[key]


def _add(st: ResolverState, sentence: Sentence, tok: Token, actor: Actor) -> None:
    register(st, ActorMention(sentence.index, tok.i, (tok.i,), actor, "description",
                              tok.text), sentence)
