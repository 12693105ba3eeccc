"""Stanza backend: the primary NLP engine, UD v2 and OntoNotes NER natively.

Models are never downloaded implicitly: `kg models download` fetches them on purpose.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.model import Article, EntitySpan, ParsedDoc, Sentence, Token
from kg.nlp.base import BackendUnavailable, parse_articles_by_block

PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
LANG = "en"


def model_dir() -> Path:
    """Where Stanza's models live: `KG_STANZA_DIR`, else Stanza's own default."""
    configured = os.environ.get("KG_STANZA_DIR") or os.environ.get("STANZA_RESOURCES_DIR")
    if configured:
        return Path(configured)
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return Path(DEFAULT_MODEL_DIR)


def models_present(directory: Path | None = None) -> bool:
    """True when the English models for every processor are on disk."""
    directory = directory or model_dir()
    english = directory / LANG
    if not (directory / "resources.json").is_file() or not english.is_dir():
        return False
    needed = [p for p in PROCESSORS.split(",") if p != "mwt"] + ["mwt"]
    return all((english / processor).is_dir() and any((english / processor).iterdir())
               for processor in needed)


def download_models(directory: Path | None = None) -> Path:
    """Fetch the English models into the model directory (needs network access)."""
    import stanza

    directory = directory or model_dir()
    stanza.download(LANG, model_dir=str(directory), processors=PROCESSORS)
    return directory


def _word_offsets(word: Any) -> tuple[int, int]:
    start, end = word.start_char, word.end_char
    if start is None or end is None:  # words inside a multi-word token carry no offsets
        parent = word.parent
        start, end = parent.start_char, parent.end_char
    return int(start), int(end)


def sentences_from_stanza(document: Any) -> list[Sentence]:
    """Convert a stanza Document (tagged, parsed, NER) to our Sentences."""
    sentences: list[Sentence] = []
    for index, sent in enumerate(document.sentences):
        tokens: list[Token] = []
        for word in sent.words:
            start, end = _word_offsets(word)
            head = int(word.head) if word.head is not None else 0
            tokens.append(
                Token(
                    i=int(word.id) - 1,
                    text=word.text,
                    lemma=word.lemma or word.text,
                    upos=word.upos or "X",
                    xpos=word.xpos or "",
                    feats=word.feats or "",
                    deprel=word.deprel or "dep",
                    head=head - 1,
                    start=start,
                    end=end,
                )
            )
        if not tokens:
            continue
        entities: list[EntitySpan] = []
        for ent in sent.ents:
            members = [t.i for t in tokens if t.start >= ent.start_char and t.end <= ent.end_char]
            if members:
                entities.append(
                    EntitySpan(
                        start=members[0],
                        end=members[-1] + 1,
                        label=ent.type,
                        text=ent.text,
                        start_char=ent.start_char,
                        end_char=ent.end_char,
                    )
                )
        start, end = tokens[0].start, tokens[-1].end
        text = getattr(sent, "text", None)
        if document.text is not None:
            text = document.text[start:end]
        sentences.append(
            Sentence(index=index, text=text or "", start=start, end=end, tokens=tokens,
                     entities=entities)
        )
    return sentences


class StanzaBackend:
    """Stanford Stanza pipeline on locally installed models."""

    name = "stanza"

    def __init__(self, directory: Path | None = None, use_gpu: bool | None = None) -> None:
        try:
            import stanza
        except ImportError as exc:  # pragma: no cover - stanza is a hard dependency
            raise BackendUnavailable("stanza is not installed: pip install stanza") from exc
        directory = directory or model_dir()
        if not models_present(directory):
            raise BackendUnavailable(
                f"Stanza's English models are not in {directory}; run `kg models download` "
                "(needs network access) or use --nlp spacy"
            )
        if use_gpu is None:
            try:
                import torch

                use_gpu = bool(torch.cuda.is_available())
            except ImportError:  # pragma: no cover
                use_gpu = False
        from stanza.pipeline.core import DownloadMethod

        self._stanza_version = stanza.__version__
        self.pipeline = stanza.Pipeline(
            LANG,
            dir=str(directory),
            processors=PROCESSORS,
            download_method=DownloadMethod.NONE,
            use_gpu=use_gpu,
            logging_level="WARN",
        )

    @property
    def version(self) -> str:
        return f"stanza {self._stanza_version}"

    def parse_blocks(self, texts: list[str]) -> Iterator[list[Sentence]]:
        import stanza

        documents = self.pipeline.bulk_process([stanza.Document([], text=t) for t in texts])
        for document in documents:
            yield sentences_from_stanza(document)

    def parse(self, articles: Iterable[Article]) -> Iterator[ParsedDoc]:
        yield from parse_articles_by_block(articles, self.parse_blocks, self.name, self.version)
