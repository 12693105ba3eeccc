"""The spaCy (ClearNLP-style) parse converted to UD v2, pinned on real seed sentences."""

from __future__ import annotations

import pytest

from kg.model import Article, Sentence


def _parse(backend, text: str) -> Sentence:
    [sentence] = next(backend.parse([Article(id="t", text=text)])).sentences
    return sentence


def _arc(sentence: Sentence, word: str) -> tuple[str, str]:
    tok = next(t for t in sentence.tokens if t.text == word)
    head = sentence.tokens[tok.head].text if tok.head >= 0 else "ROOT"
    return tok.deprel, head


@pytest.mark.parametrize(
    ("text", "arcs"),
    [
        (
            "Russian President Vladimir Putin delivered sharp words against NATO and European "
            "countries on Tuesday while speaking in Beijing, China.",
            {"NATO": ("nmod", "words"), "against": ("case", "NATO"), "words": ("obj", "delivered"),
             "Beijing": ("obl", "speaking"), "in": ("case", "Beijing"),
             "Tuesday": ("obl", "delivered"), "delivered": ("root", "ROOT"),
             "countries": ("conj", "NATO")},
        ),
        (
            "In his remarks, Putin made it clear that NATO is seen as a direct security threat, "
            "not just a political body.",
            {"NATO": ("nsubj:pass", "seen"), "threat": ("obl", "seen"), "as": ("case", "threat"),
             "his": ("nmod:poss", "remarks")},
        ),
        (
            "NATO, in his view, is not simply a defensive alliance but an organization that "
            "threatens Moscow’s security.",
            {"is": ("cop", "alliance"), "NATO": ("nsubj", "alliance"),
             "not": ("advmod", "alliance"),
             "alliance": ("root", "ROOT"), "Moscow": ("nmod:poss", "security"),
             "threatens": ("acl:relcl", "organization")},
        ),
        (
            "According to him, the alliance stands directly against Russia’s national interests.",
            {"him": ("obl", "stands"), "According": ("case", "him"), "to": ("fixed", "According"),
             "interests": ("obl", "stands"), "against": ("case", "interests")},
        ),
        (
            "Moscow, he explained, does not oppose EU membership.",
            {"membership": ("obj", "oppose"), "not": ("advmod", "oppose"),
             "EU": ("compound", "membership")},
        ),
        (
            "The sanctions were imposed by Washington.",
            {"sanctions": ("nsubj:pass", "imposed"), "were": ("aux:pass", "imposed"),
             "Washington": ("obl:agent", "imposed"), "by": ("case", "Washington")},
        ),
        (
            "Russia accuses the United States of exercising political pressure on Venezuela.",
            {"States": ("obj", "accuses"), "exercising": ("advcl", "accuses"),
             "of": ("mark", "exercising"), "Venezuela": ("nmod", "pressure")},
        ),
    ],
)
def test_seed_sentences_convert_to_ud(spacy_backend, text, arcs):
    sentence = _parse(spacy_backend, text)
    for word, expected in arcs.items():
        assert _arc(sentence, word) == expected, word


def test_every_sentence_is_a_tree_with_offsets(spacy_backend, seed_extraction):
    doc = seed_extraction.article
    text = doc.article.text
    for sentence in doc.sentences:
        roots = [t for t in sentence.tokens if t.head == -1]
        assert len(roots) == 1, sentence.text
        for tok in sentence.tokens:
            assert text[tok.start:tok.end] == tok.text
            seen, current = set(), tok
            while current.head != -1:
                assert current.i not in seen, "cycle"
                seen.add(current.i)
                current = sentence.tokens[current.head]
        for ent in sentence.entities:
            assert text[ent.start_char:ent.end_char] == ent.text
        assert text[sentence.start:sentence.end] == sentence.text.replace("\n", " ") or \
            text[sentence.start:sentence.end].replace("\n", " ") == sentence.text
