"""The actor stage's working state for one article, shared by its passes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.actors.gazetteer import Gazetteer
from kg.lexicon import Lexicon
from kg.lexicon.config import ExtractionConfig
from kg.model import Actor, ActorMention, ArticleActors, ParsedDoc, Sentence

ENTITY_LABELS = frozenset({"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"})
STATE_LIKE = frozenset({"state", "organization", "bloc", "group", "party"})
SUBJECT_DEPRELS = frozenset({"nsubj", "nsubj:pass", "csubj"})


@dataclass
class ResolverState:
    """What the passes over one article read and add to, in reading order. The passes
    (entities, coreference, titles, groups) are functions of this state."""

    doc: ParsedDoc
    gaz: Gazetteer
    lex: Lexicon
    config: ExtractionConfig
    result: ArticleActors = field(init=False)
    people: dict[str, str] = field(default_factory=dict)  # surname -> fullest name
    history: list[tuple[ActorMention, str]] = field(default_factory=list)  # (mention, deprel)
    untitled: dict[str, tuple[Actor, int, str]] = field(default_factory=dict)
    # Sets of two or more actors named together (a coordination or a resolved group
    # reference) and plural subjects (None where they are not actors), in reading order.
    sets: list[tuple[int, int, tuple[Actor, ...]]] = field(default_factory=list)
    plural_subjects: list[tuple[int, int, tuple[Actor, ...] | None]] = field(
        default_factory=list)
    year: int | None = None
    title_case: bool = False  # the current sentence is a title-case headline
    honorifics: frozenset[str] = frozenset()  # with and without a final "."
    group_numbers: dict[str, int] = field(default_factory=dict)  # "both" -> 2
    # What a description was first bound to in the article ("junta" -> niger).
    bound: dict[str, Actor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.result = ArticleActors(by_sentence=[{} for _ in self.doc.sentences])
        published = re.match(r"\s*(\d{4})", self.doc.article.published or "")
        self.year = int(published.group(1)) if published else None
        listed = self.lex.words["honorific"]
        self.honorifics = listed | {w.rstrip(".") for w in listed}
        self.group_numbers = self.lex.numbers("group_number")

    def has(self, role: str, word: str) -> bool:
        return self.lex.has(role, word)  # the same check as Lexicon.has, shorter to read


def register(st: ResolverState, mention: ActorMention, sentence: Sentence) -> None:
    by_token = st.result.by_sentence[mention.sentence]
    for i in mention.tokens:
        by_token.setdefault(i, mention)
    by_token[mention.head] = mention
    st.result.actors.setdefault(mention.actor.id, mention.actor)
    if mention.kind in {"name", "person", "capital", "minted"}:
        st.result.aliases.setdefault(mention.actor.id, set()).add(mention.text)
    st.history.append((mention, sentence.tokens[mention.head].deprel))


def head_of(sentence: Sentence, members: list[int]) -> int:
    inside = set(members)
    for i in members:
        if sentence.tokens[i].head not in inside:
            return i
    return members[-1]


def span_text(st: ResolverState, sentence: Sentence, members: list[int]) -> str:
    first, last = sentence.tokens[members[0]], sentence.tokens[members[-1]]
    return st.doc.article.text[first.start:last.end]
