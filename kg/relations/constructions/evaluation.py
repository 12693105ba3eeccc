"""What the characterisation constructions share: negative predicates, synthetic cues."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.lexicon.config import ExtractionConfig
from kg.model import Token
from kg.relations.context import SentenceContext


def synthetic_cue(cue_id: str, predicate: str, confidence: float) -> Cue:
    """An entry for a construction that has no cue word of its own."""
    return Cue(lemma=f"({cue_id.replace('_', ' ')})", particle=None, pos="ANY",
               predicate=predicate, objects=(), flags=frozenset(), confidence=confidence,
               line=0, id=cue_id)


def evaluation_cue(config: ExtractionConfig) -> Cue:
    return synthetic_cue("negative_evaluation", "criticizes", config.evaluation_confidence)


def rejection_cue(config: ExtractionConfig) -> Cue:
    return synthetic_cue("rejecting_evaluation", "opposes", config.rejection_confidence)


def is_negative(ctx: SentenceContext, tok: Token) -> bool:
    """A negative evaluation: the word itself or a modifier of it ("a grave mistake")."""
    return ctx.lemma_has("negative_evaluation", tok) or any(
        c.deprel in {"amod", "advmod"} and ctx.lemma_has("negative_evaluation", c)
        for c in ctx.kids(tok.i))
