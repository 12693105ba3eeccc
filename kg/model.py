"""Plain data types passed between pipeline stages.

ingest → Article; nlp → ParsedDoc; actors → Actor; relations → RelationMention.
Each stage takes the previous stage's type and returns its own.
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

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "type": self.type, "wikidata": self.wikidata}


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
    rule: str = ""  # which lexicon entry / pattern produced it
    sentence_index: int = 0

    def to_json(self) -> dict[str, Any]:
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
        }


@dataclass
class Extraction:
    """Everything extracted from one article: its actors (with surface names) and mentions."""

    article: ParsedDoc
    actors: dict[str, Actor]
    aliases: dict[str, set[str]]  # actor id -> names seen in the article
    mentions: list[RelationMention]
