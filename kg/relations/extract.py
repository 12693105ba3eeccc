"""The relation stage: `extract_relations(ParsedDoc, ArticleActors) -> Extraction`.

Each cue of the lexicon (a verb, noun, adjective or preposition) is looked up on the UD
parse; a head construction finds its subject and object tokens (subject/object of a verb,
possessor and prepositional complement of a noun, subject of a copula or light verb, ...),
a shape or pairing construction may regroup them ("between" phrases, coordinated parties),
arguments are resolved to actors (directly or through what they stand for), and named
rewrites adjust the predicate. Constructions with no cue word (characterisation, reported
obligation) run on every token. See kg/relations/README.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.lexicon import Cue, Lexicon, default_lexicon
from kg.lexicon.config import DEFAULT_CONFIG, ExtractionConfig
from kg.model import ArticleActors, Extraction, ParsedDoc, RelationMention, Token
from kg.relations.constructions import (
    FREE_ORDER,
    HEAD_ORDER,
    SHAPE_ORDER,
    Frame,
    get,
    load_all,
)
from kg.relations.constructions.common import combine
from kg.relations.context import SentenceContext
from kg.relations.matching import blocked_by, cues_at
from kg.relations.mentions import Key, frame_mentions
from kg.relations.structural import structural_mentions

load_all()


def cue_frames(ctx: SentenceContext, cue: Cue, tok: Token) -> list[Frame]:
    """The frames one lexicon entry yields at a token (none when a guard blocks it)."""
    if blocked_by(ctx, cue, tok) is not None:
        return []
    if cue.pos == "ADP":
        return get("copular_preposition").run(ctx, cue, tok) or []
    slots = next((s for name in HEAD_ORDER if (s := get(name).run(ctx, cue, tok))), None)
    if slots is None:
        return []
    for name in SHAPE_ORDER:
        frames = get(name).run(ctx, cue, tok, slots)
        if frames is not None:
            return frames
    return combine(ctx, cue, tok, slots.construction, slots.subjects, slots.objects)


def sentence_mentions(ctx: SentenceContext) -> Iterator[RelationMention]:
    """Every stance mention of one sentence, in token order; a relation stated twice in the
    sentence is kept once (the first construction wins)."""
    seen: set[Key] = set()
    free = [get(name).run for name in FREE_ORDER]
    for tok in ctx.tokens:
        for cue in cues_at(ctx, tok):
            for frame in cue_frames(ctx, cue, tok):
                yield from frame_mentions(ctx, frame, tok, seen)
        for construction in free:
            for frame in construction(ctx, tok):
                yield from frame_mentions(ctx, frame, tok, seen)


def extract_relations(doc: ParsedDoc, actors: ArticleActors, lexicon: Lexicon | None = None,
                      config: ExtractionConfig = DEFAULT_CONFIG) -> Extraction:
    """Every relation mention of one parsed article whose actors are resolved."""
    lexicon = lexicon or default_lexicon()
    mentions: list[RelationMention] = []
    for sentence in doc.sentences:
        ctx = SentenceContext(doc, actors, sentence, lexicon, config)
        mentions.extend(sentence_mentions(ctx))
    mentions.extend(structural_mentions(doc, actors, config))
    return Extraction(article=doc, actors=dict(actors.actors), aliases=dict(actors.aliases),
                      mentions=mentions)
