"""The actor stage: `resolve_actors(ParsedDoc) -> ArticleActors`.

Names, acronyms and aliases come from the gazetteer; capitals and executive seats stand for
their state only where they act (never as a place: "speaking in Beijing"); persons are merged
within the article ("Vladimir Putin" = "Putin" = "Mr Putin"); titles give `leader_of`
("Russian President Vladimir Putin") and let descriptions refer back ("the Russian
president"); pronouns and group descriptions ("he", "the alliance") refer to a recent actor;
plural references ("the two countries", "both sides", "they") refer to a recent set of actors
named together, and resolve to nothing where that set is not clear.

Each pass is a module of functions over a `ResolverState` (kg/actors/state.py): entities,
coreference, titles (with membership), groups.
"""

from __future__ import annotations

from kg.actors import (
    affiliation,
    coreference,
    descriptions,
    entities,
    groups,
    persons,
    titles,
)
from kg.actors.gazetteer import Gazetteer, default_gazetteer
from kg.actors.state import ResolverState
from kg.lexicon import Lexicon, default_lexicon
from kg.lexicon.config import DEFAULT_CONFIG, ExtractionConfig
from kg.model import ArticleActors, LeaderFact, ParsedDoc, Sentence


def resolve_actors(doc: ParsedDoc, gazetteer: Gazetteer | None = None,
                   lexicon: Lexicon | None = None,
                   config: ExtractionConfig = DEFAULT_CONFIG) -> ArticleActors:
    """The actor stage: find and resolve every actor mention of a parsed article."""
    st = ResolverState(doc, gazetteer or default_gazetteer(), lexicon or default_lexicon(),
                       config)
    st.people = persons.cluster_people(st)
    for sentence in doc.sentences:
        resolve_sentence(st, sentence)
    complete_titles(st)
    affiliation.finish(st)
    return st.result


def resolve_sentence(st: ResolverState, sentence: Sentence) -> None:
    """The passes over one sentence, in order: each may use what the earlier ones found."""
    content = [t.text for t in sentence.tokens if t.text[:1].isalpha()
               and t.upos in {"VERB", "NOUN", "ADJ", "ADV", "PROPN"}]
    # Headlines in title case fool NER ("Trump Wants Ukrain's NATO Membership Talks"):
    # there, only names the gazetteer or the article's own persons know become actors.
    st.title_case = (len(content) >= 2 and all(w[0].isupper() for w in content)
                     and not sentence.text.rstrip().endswith((".", "!", "?", "\"", "”")))
    covered = entities.named_entities(st, sentence)
    entities.gazetteer_matches(st, sentence, covered)
    coreference.descriptions_and_pronouns(st, sentence)
    descriptions.descriptions(st, sentence)
    titles.titles(st, sentence)
    affiliation.affiliations(st, sentence)
    groups.groups(st, sentence)


def complete_titles(st: ResolverState) -> None:
    """A bare title ("President X") names the office the person is known to have held,
    when exactly one such state or organisation is mentioned in the article."""
    mentioned = set(st.result.actors)
    for person_id, (person, sentence, cue) in st.untitled.items():
        if person_id in st.result.leaders:
            continue
        candidates = st.gaz.led_by(person_id, st.year) & mentioned
        if len(candidates) == 1:
            org = st.result.actors[candidates.pop()]
            st.result.leaders[person_id] = org.id
            st.result.leader_facts.append(LeaderFact(person, org, sentence, cue))
