"""Write parses as CoNLL-U fixtures (Stanza's form: `ner=<BIOES>` in MISC), so that a test
can run a construction on a fixed, reviewable parse without any model.

    .venv/bin/python -m tests.conllu_writer ID "Sentence." [ID "Sentence." ...] >> FILE

parses each text with the offline spaCy backend and prints one `# newdoc id = ID` document
per text. Review the parse (heads, deprels, ner) before committing a fixture: the fixture,
not the model, is what the tests read.
"""

from __future__ import annotations

import sys

from kg.model import ParsedDoc, Sentence


def _ner_tags(sentence: Sentence) -> list[str]:
    tags = ["O"] * len(sentence.tokens)
    for ent in sentence.entities:
        if ent.end - ent.start == 1:
            tags[ent.start] = f"S-{ent.label}"
            continue
        tags[ent.start] = f"B-{ent.label}"
        for i in range(ent.start + 1, ent.end - 1):
            tags[i] = f"I-{ent.label}"
        tags[ent.end - 1] = f"E-{ent.label}"
    return tags


def to_conllu(doc_id: str, parsed: ParsedDoc) -> str:
    """One `# newdoc id` document in CoNLL-U."""
    lines = [f"# newdoc id = {doc_id}"]
    for sentence in parsed.sentences:
        lines += [f"# sent_id = {doc_id}-{sentence.index + 1}", f"# text = {sentence.text}"]
        tags = _ner_tags(sentence)
        for tok in sentence.tokens:
            nxt = sentence.tokens[tok.i + 1] if tok.i + 1 < len(sentence.tokens) else None
            misc = [] if nxt is not None and nxt.start > tok.end else ["SpaceAfter=No"]
            misc.append(f"ner={tags[tok.i]}")
            lines.append("\t".join([str(tok.i + 1), tok.text, tok.lemma, tok.upos,
                                    tok.xpos or "_", tok.feats or "_", str(tok.head + 1),
                                    tok.deprel, "_", "|".join(misc)]))
        lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    from kg.model import Article
    from kg.nlp import load_backend

    pairs = list(zip(argv[::2], argv[1::2], strict=True))
    backend = load_backend("spacy")
    articles = [Article(id=doc_id, text=text) for doc_id, text in pairs]
    for (doc_id, _), parsed in zip(pairs, backend.parse(articles), strict=True):
        sys.stdout.write(to_conllu(doc_id, parsed))


if __name__ == "__main__":
    main(sys.argv[1:])
