"""What every rule reads: one sentence's tree, its actor mentions, the lexicon and config."""

from __future__ import annotations

from dataclasses import dataclass

from kg.lexicon import Lexicon
from kg.lexicon.config import ExtractionConfig
from kg.model import ActorMention, ArticleActors, ParsedDoc, Sentence, Token

NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})
VERBAL = frozenset({"VERB", "AUX"})


@dataclass(frozen=True)
class SentenceContext:
    """Read-only view of one sentence for the rules (no state: every answer is a function of
    the parse, the actors, the lexicon and the config)."""

    doc: ParsedDoc
    actors: ArticleActors
    sentence: Sentence
    lex: Lexicon
    config: ExtractionConfig

    @property
    def tokens(self) -> list[Token]:
        return self.sentence.tokens

    @property
    def index(self) -> int:
        return self.sentence.index

    def at_sentence(self, index: int) -> SentenceContext:
        """The same view on another sentence of the article."""
        if index == self.sentence.index:
            return self
        return SentenceContext(self.doc, self.actors, self.doc.sentences[index], self.lex,
                               self.config)

    def kids(self, i: int, *deprels: str) -> list[Token]:
        found = self.sentence.children_by_head.get(i, [])
        return [t for t in found if t.deprel in deprels] if deprels else found

    def head(self, tok: Token) -> Token | None:
        return self.tokens[tok.head] if tok.head >= 0 else None

    def case_of(self, tok: Token) -> str | None:
        """The preposition of a nominal ("to", "according to"), lowercased."""
        cases = [c for c in self.kids(tok.i) if c.deprel == "case" and c.upos in {"ADP", "VERB"}]
        if not cases:
            return None
        first = cases[0]
        fixed = [f.lemma.lower() for f in self.kids(first.i, "fixed")]
        return " ".join([first.lemma.lower(), *fixed]) if fixed else first.lemma.lower()

    def actor_at(self, i: int) -> ActorMention | None:
        return self.actors.by_sentence[self.sentence.index].get(i)

    def has(self, role: str, word: str) -> bool:
        """Whether a word is listed under a role of words.tsv."""
        return self.lex.has(role, word)

    def lemma_has(self, role: str, tok: Token) -> bool:
        return self.lex.has(role, tok.lemma.lower())
