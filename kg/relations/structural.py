"""leader_of and member_of mentions from the facts the actor stage found."""

from __future__ import annotations

from collections.abc import Iterator

from kg.lexicon.config import ExtractionConfig
from kg.model import ArticleActors, Evidence, ParsedDoc, RelationMention

LEADER_RULE = "title|leader_title|"
MEMBER_RULE = "member|membership|"


def structural_mentions(doc: ParsedDoc, actors: ArticleActors,
                        config: ExtractionConfig) -> Iterator[RelationMention]:
    """leader_of and member_of facts found by the actor resolver, each once."""
    seen: set[tuple[str, str, str, bool]] = set()
    for fact in actors.leader_facts:
        key = (fact.person.id, "leader_of", fact.organization.id, False)
        if key in seen:
            continue
        seen.add(key)
        sentence = doc.sentences[fact.sentence]
        yield RelationMention(
            doc=doc.article.id, subject=fact.person, predicate="leader_of",
            object=fact.organization, confidence=config.leader_confidence,
            evidence=Evidence(sentence.text, sentence.start, sentence.end, fact.cue),
            rule=LEADER_RULE, sentence_index=fact.sentence,
            explanation={"construction": "leader_title", "cue": {"token": fact.cue}},
        )
    for member in actors.member_facts:
        key = (member.member.id, "member_of", member.organization.id, member.negated)
        if key in seen:
            continue
        seen.add(key)
        sentence = doc.sentences[member.sentence]
        yield RelationMention(
            doc=doc.article.id, subject=member.member, predicate="member_of",
            object=member.organization, negated=member.negated,
            confidence=config.member_confidence,
            evidence=Evidence(sentence.text, sentence.start, sentence.end, member.cue),
            rule=MEMBER_RULE, sentence_index=member.sentence,
            explanation={"construction": "membership", "cue": {"token": member.cue}},
        )
