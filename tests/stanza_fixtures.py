"""CoNLL-U fixtures that stand in for Stanza's output, loaded as real stanza Documents.

The files in `tests/data/stanza/` are hand-written UD v2 parses in the form Stanza's
English (EWT) models produce: UPOS, Penn XPOS, FEATS, lemmas, basic dependencies,
multi-word tokens as range lines, and NER in MISC as `ner=<BIOES tag>` (OntoNotes labels).
Each document starts with `# newdoc id = <id>`; documents taken from
`tests/data/extraction_cases.jsonl` carry `# expect = <JSON>` on their first sentence.

They let the Stanza adapter and the extractor be tested without Stanza's models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stanza.models.common.doc import Document
from stanza.utils.conll import CoNLL

from kg.model import Article, ParsedDoc
from kg.nlp.stanza_backend import sentences_from_stanza

FIXTURE_DIR = Path(__file__).parent / "data" / "stanza"
BACKEND_VERSION = "fixture"
_NEWDOC = "newdoc id"
_EXPECT = "expect"


def fixture_paths() -> list[Path]:
    """Every CoNLL-U fixture file, sorted by name."""
    return sorted(FIXTURE_DIR.glob("*.conllu"))


def _comment_key(line: str) -> tuple[str | None, str]:
    body = line[1:].strip()
    key, sep, value = body.partition("=")
    if not sep:
        return None, ""
    return key.strip(), value.strip()


def _split_documents(conllu: str, default_id: str) -> list[tuple[str, str]]:
    """Split a CoNLL-U string into (doc id, CoNLL-U of that document) at `# newdoc id`."""
    blocks = [b for b in conllu.replace("\r\n", "\n").split("\n\n") if b.strip()]
    documents: list[tuple[str, list[str]]] = []
    for block in blocks:
        lines = block.strip("\n").split("\n")
        new_id = None
        for line in lines:
            if line.startswith("#"):
                key, value = _comment_key(line)
                if key == _NEWDOC:
                    new_id = value
        if new_id is not None or not documents:
            documents.append((new_id or default_id, []))
        documents[-1][1].append("\n".join(lines))
    return [(doc_id, "\n\n".join(sents) + "\n\n") for doc_id, sents in documents]


def load_stanza_documents(path: str | Path) -> list[tuple[str, Document]]:
    """Read a fixture file into (doc id, stanza Document) pairs, one per `# newdoc id`.

    `CoNLL.conll2doc(..., reconstruct_text=True)` rebuilds the document text from the
    `# text` comments and SpaceAfter/SpacesAfter, sets start_char/end_char on tokens and
    on the words of multi-word tokens, and builds the entity spans from the `ner=` tags,
    as a Pipeline would.
    """
    path = Path(path)
    conllu = path.read_text(encoding="utf-8")
    loaded: list[tuple[str, Document]] = []
    for doc_id, text in _split_documents(conllu, default_id=path.stem):
        document = CoNLL.conll2doc(input_str=text, reconstruct_text=True)
        loaded.append((doc_id, document))
    return loaded


def all_stanza_documents() -> list[tuple[str, Document]]:
    """Every fixture document of every file, in file order."""
    return [pair for path in fixture_paths() for pair in load_stanza_documents(path)]


def parsed_doc_from_stanza(doc_id: str, document: Document) -> ParsedDoc:
    """Wrap a stanza Document as the ParsedDoc the Stanza backend would yield for it."""
    article = Article(id=doc_id, text=document.text or "", source="fixture")
    return ParsedDoc(
        article=article,
        sentences=sentences_from_stanza(document),
        backend="stanza",
        backend_version=BACKEND_VERSION,
    )


def expected_relations(document: Document) -> list[dict[str, Any]] | None:
    """The `# expect` JSON list of a document (from extraction_cases.jsonl), else None.

    Documents without an `# expect` comment (the seed article, the contraction samples)
    give None: there is no gold for them here.
    """
    found: list[dict[str, Any]] | None = None
    for sentence in document.sentences:
        value = sentence.comments.get(_EXPECT)
        if value is not None:
            found = (found or []) + list(json.loads(value))
    return found
