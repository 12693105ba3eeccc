"""Plain data types passed between pipeline stages.

ingest → Article; nlp → ParsedDoc; actors → ArticleActors; relations → Extraction.
Each stage takes the previous stages' types and returns its own:
`resolve_actors(ParsedDoc) -> ArticleActors`, `extract_relations(ParsedDoc, ArticleActors)
-> Extraction` (kg/pipeline.py calls them in turn).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

STANCE_PREDICATES: tuple[str, ...] = (
    "opposes",
    "criticizes",
    "threatens",
    "attacks",
    "sanctions",
    "demands",
    "engages_with",
    "cooperates_with",
    "supports",
    "accepts",
)
STRUCTURAL_PREDICATES: tuple[str, ...] = ("leader_of", "member_of")
PREDICATES: tuple[str, ...] = STANCE_PREDICATES + STRUCTURAL_PREDICATES
MODALITIES: tuple[str | None, ...] = (None, "future", "conditional", "hypothetical")
ACTOR_TYPES: tuple[str, ...] = ("state", "organization", "bloc", "person", "group", "party")


@dataclass(frozen=True)
class Article:
    """One input document as read from disk, stdin, JSONL or the API."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None  # where it was read from (path, "stdin", "api")


@dataclass
class Token:
    """A word in UD v2 form. `i` and `head` index the sentence's tokens (head -1 = root)."""

    i: int
    text: str
    lemma: str
    upos: str
    deprel: str
    head: int
    start: int  # character offsets into the article text
    end: int
    xpos: str = ""
    feats: str = ""


@dataclass
class EntitySpan:
    """A named-entity span over tokens [start, end) of its sentence, OntoNotes label."""

    start: int
    end: int
    label: str
    text: str
    start_char: int
    end_char: int


@dataclass
class Sentence:
    index: int
    text: str
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)
    entities: list[EntitySpan] = field(default_factory=list)

    def children(self, i: int) -> list[Token]:
        """The dependents of token `i`, in sentence order (a new list)."""
        return list(self.children_by_head.get(i, ()))

    @cached_property
    def children_by_head(self) -> dict[int, list[Token]]:
        """Head index -> dependents, built once (parsers finish the tree before a Sentence
        is made; read it, do not change it)."""
        index: dict[int, list[Token]] = {}
        for tok in self.tokens:
            index.setdefault(tok.head, []).append(tok)
        return index


@dataclass
class ParsedDoc:
    """An article after parsing: sentences of UD tokens with entity spans."""

    article: Article
    sentences: list[Sentence]
    backend: str
    backend_version: str


@dataclass(frozen=True)
class Actor:
    """Something that can take a political stance, with a stable id."""

    id: str
    label: str
    type: str
    wikidata: str | None = None
    # The state or organisation a person or body acts for ("Chinese foreign ministry
    # spokesperson Lin Jian" -> china), from a dictionary or the article; None = unknown.
    affiliation: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "label": self.label, "type": self.type,
                               "wikidata": self.wikidata}
        if self.affiliation is not None:  # key absent when unknown: older readers unchanged
            out["affiliation"] = self.affiliation
        return out


@dataclass(frozen=True)
class ActorMention:
    """An actor mentioned at tokens of one sentence; `head` is the syntactic head token."""

    sentence: int
    head: int
    tokens: tuple[int, ...]
    actor: Actor
    kind: str  # name | capital | demonym | person | pronoun | description | minted
    text: str


@dataclass(frozen=True)
class LeaderFact:
    """A person leads a state or organisation ("Russian President Vladimir Putin")."""

    person: Actor
    organization: Actor
    sentence: int
    cue: str


@dataclass(frozen=True)
class MemberFact:
    """A state is (or is not) a member of an organisation ("NATO member Poland")."""

    member: Actor
    organization: Actor
    sentence: int
    cue: str
    negated: bool


@dataclass
class ArticleActors:
    """The actor stage's result: every actor mention in an article, by sentence and token."""

    by_sentence: list[dict[int, ActorMention]]
    actors: dict[str, Actor] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    leaders: dict[str, str] = field(default_factory=dict)  # person id -> organisation id
    leader_facts: list[LeaderFact] = field(default_factory=list)
    member_facts: list[MemberFact] = field(default_factory=list)
    # Plural references resolved to their members: "the two countries", "they" after
    # "China and the United States". (sentence, token) -> the actors, in text order.
    groups: dict[tuple[int, int], tuple[Actor, ...]] = field(default_factory=dict)
    # Affiliations the text gives (actor id -> state or organisation id), for the article.
    affiliations: dict[str, str] = field(default_factory=dict)

    def at(self, sentence: int, token: int) -> ActorMention | None:
        return self.by_sentence[sentence].get(token)


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int  # offsets of the sentence in the article text
    end: int
    cue: str

    def to_json(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end, "cue": self.cue}


@dataclass(frozen=True)
class RelationMention:
    """One relation as stated in one sentence of one document."""

    doc: str
    subject: Actor
    predicate: str
    object: Actor
    evidence: Evidence
    negated: bool = False
    modality: str | None = None
    source: Actor | None = None
    confidence: float = 1.0
    rule: str = ""  # `<cue id>|<construction>|<rewrites>`: which rule produced it
    sentence_index: int = 0
    # How it was found (cue, construction, argument paths, qualifiers' reasons), for
    # `kg extract --explain`; not part of the mention's identity or its JSON.
    explanation: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    # The event codes of the mention's cue, when it has them (CAMEO "112", PLOVER "ACCUSE").
    cameo: str | None = field(default=None, compare=False)
    plover: str | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        codes = {k: v for k, v in (("cameo", self.cameo), ("plover", self.plover)) if v}
        return {
            "doc": self.doc,
            "subject": self.subject.to_json(),
            "predicate": self.predicate,
            "object": self.object.to_json(),
            "negated": self.negated,
            "modality": self.modality,
            "source": self.source.to_json() if self.source else None,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_json(),
            "rule": self.rule,
        } | codes


@dataclass
class Extraction:
    """Everything extracted from one article: its actors (with surface names) and mentions."""

    article: ParsedDoc
    actors: dict[str, Actor]
    aliases: dict[str, set[str]]  # actor id -> names seen in the article
    mentions: list[RelationMention]
