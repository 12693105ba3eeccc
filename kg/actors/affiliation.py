"""Affiliation from the text: "Chinese foreign ministry spokesperson Lin Jian", "Egypt's
Foreign Minister Badr Abdelatty", "Hossein Amirabdollahian, Iran's foreign minister" → the
person acts for China / Egypt / Iran.

An office word (a Phoenix agent word that stands for a state — minister, ambassador, envoy,
president — or a spokesperson) must sit between the state and the name; "Russia's Putin" is
too thin. A dictionary's affiliation is kept; the text only fills the ones not known. The
affiliation holds for the whole article and is written onto the actor when the article is
done (`finish`), so every mention carries it.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from functools import lru_cache

from kg.actors.field import FIELD_DIR
from kg.actors.state import ResolverState
from kg.model import Actor, Sentence

AGENTS_FILE = FIELD_DIR / "agents.tsv"
# Phoenix types spokespeople as media; here they speak for whom the text attaches them to.
SPEAKERS = frozenset({"spokesman", "spokesperson", "spokeswoman", "spokespeople",
                      "official", "aide", "adviser", "advisor"})
# Not blocs: "Shadow Europe minister" names a portfolio, and nobody acts for "the West".
AFFILIATING_TYPES = frozenset({"state", "organization"})
_WINDOW = 8  # tokens before a name that can still be its title


@lru_cache(maxsize=1)
def office_words() -> frozenset[str]:
    """One-word agent nouns (and plurals) that stand for a state: minister, envoy ..."""
    words: set[str] = set(SPEAKERS)
    with AGENTS_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in rows:
            if row["stands_for"] == "state":
                for w in [row["phrase"], *row["plurals"].split("|")]:
                    if w and " " not in w.strip():
                        words.add(w.strip().lower())
    return frozenset(words)


def _title_run(sentence: Sentence, before: int) -> list[int]:
    """The modifiers right before token `before`: stop at verbs, punctuation, clauses."""
    run: list[int] = []
    for i in range(before - 1, max(-1, before - 1 - _WINDOW), -1):
        tok = sentence.tokens[i]
        if tok.upos in {"VERB", "AUX", "PUNCT", "SCONJ", "CCONJ", "PRON"} and tok.text not in {
                "'s", "’s", "-"}:
            break
        run.insert(0, i)
    return run


def _affiliation_in(st: ResolverState, sentence: Sentence, span: list[int]) -> str | None:
    """The state or organisation an office word in `span` belongs to."""
    words = office_words()
    if not any(sentence.tokens[i].lemma.lower() in words
               or sentence.tokens[i].text.lower() in words for i in span):
        return None
    by_token = st.result.by_sentence[sentence.index]
    # Known actors only: a minted "Defence" out of "Defence Minister" is no affiliation.
    found = [by_token[i].actor for i in span if i in by_token
             and by_token[i].actor.type in AFFILIATING_TYPES
             and by_token[i].kind in {"name", "demonym", "capital"}]
    states = [a for a in found if a.type == "state"]
    return (states or found)[0].id if found else None


def _modifiers(sentence: Sentence, i: int, depth: int = 2) -> list[int]:
    """A title noun and its modifiers, two levels down ("a spokesperson for China's
    foreign ministry")."""
    span, frontier = [i], [i]
    for _ in range(depth):
        frontier = [c.i for j in frontier for c in sentence.children(j)
                    if c.deprel in {"amod", "compound", "nmod:poss", "nmod"}]
        span += frontier
    return sorted(span)


def affiliations(st: ResolverState, sentence: Sentence) -> None:
    """Note the affiliation of each person named in the sentence, where the text gives it."""
    by_token = st.result.by_sentence[sentence.index]
    people = {m.head: m for m in by_token.values() if m.actor.type == "person"
              and m.kind == "person"}
    for head, mention in people.items():
        if mention.actor.affiliation or mention.actor.id in st.result.affiliations:
            continue
        found = _affiliation_in(st, sentence, _title_run(sentence, min(mention.tokens)))
        tok = sentence.tokens[head]
        related = [c.i for c in sentence.children(head) if c.deprel == "appos"]
        if found is None and tok.deprel == "appos" and tok.head >= 0:
            related.append(tok.head)
        for other in related if found is None else []:
            found = found or _affiliation_in(st, sentence, _modifiers(sentence, other))
        if found is not None and found != mention.actor.id:
            st.result.affiliations[mention.actor.id] = found


def finish(st: ResolverState) -> None:
    """Write the article's affiliations onto its actors and every mention of them."""
    known = st.result.affiliations
    if not known:
        return
    for actor_id, org in known.items():
        actor = st.result.actors.get(actor_id)
        if actor is not None and actor.affiliation is None:
            st.result.actors[actor_id] = replace(actor, affiliation=org)
    res = st.result
    new = {a: res.actors[a] for a in known if a in res.actors}

    def fresh(actor: Actor) -> Actor:
        return new.get(actor.id, actor)

    for by_token in res.by_sentence:
        for i, mention in by_token.items():
            if mention.actor.id in new:
                by_token[i] = replace(mention, actor=fresh(mention.actor))
    res.leader_facts = [replace(f, person=fresh(f.person), organization=fresh(f.organization))
                        for f in res.leader_facts]
    res.member_facts = [replace(f, member=fresh(f.member), organization=fresh(f.organization))
                        for f in res.member_facts]
    res.groups = {k: tuple(fresh(a) for a in v) for k, v in res.groups.items()}
