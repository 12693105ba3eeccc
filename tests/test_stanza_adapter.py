"""The Stanza adapter (`sentences_from_stanza`) over hand-written CoNLL-U stand-ins.

No Stanza models are needed: the fixtures are loaded as real stanza Documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stanza.models.common.doc import Document
from stanza.utils.conll import CoNLL

from kg.model import ParsedDoc, Sentence
from kg.nlp.stanza_backend import sentences_from_stanza

try:
    from stanza_fixtures import (
        FIXTURE_DIR,
        all_stanza_documents,
        expected_relations,
        fixture_paths,
        load_stanza_documents,
        parsed_doc_from_stanza,
    )
except ImportError:  # tests/ imported as a package
    from tests.stanza_fixtures import (
        FIXTURE_DIR,
        all_stanza_documents,
        expected_relations,
        fixture_paths,
        load_stanza_documents,
        parsed_doc_from_stanza,
    )

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "putin-beijing-nato.txt"
CASES_FILE = ROOT / "tests" / "data" / "extraction_cases.jsonl"

ONTONOTES = {
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
}
UPOS = {
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
    "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
}
REQUIRED_SEED_SENTENCES = [
    "Russian President Vladimir Putin delivered sharp words against NATO and European "
    "countries on Tuesday while speaking in Beijing, China.",
    "He repeated Russia’s refusal to ever accept NATO membership.",
    "According to him, the alliance stands directly against Russia’s national interests, "
    "making its presence unacceptable.",
    "While he rejected NATO, he said Russia has no objection to the European Union.",
    "Moscow, he explained, does not oppose EU membership or cooperation with Europe in "
    "non-military fields.",
    "NATO’s growing ties with Ukraine have been one of the key reasons Russia cites for its "
    "actions.",
    "In his remarks, Putin made it clear that NATO is seen as a direct security threat, not "
    "just a political body.",
]

DOCS = all_stanza_documents()
DOC_IDS = [doc_id for doc_id, _ in DOCS]
PARSED = {doc_id: parsed_doc_from_stanza(doc_id, doc) for doc_id, doc in DOCS}
STANZA = dict(DOCS)
CASES = {
    case["id"]: case
    for case in map(json.loads, CASES_FILE.read_text(encoding="utf-8").splitlines())
    if case
}


def _sentence(doc_id: str, text: str) -> tuple[Sentence, object]:
    """Our sentence and stanza's sentence whose text is `text`."""
    for ours, theirs in zip(PARSED[doc_id].sentences, STANZA[doc_id].sentences, strict=True):
        if ours.text == text:
            return ours, theirs
    raise AssertionError(f"no sentence {text!r} in {doc_id}")


def _token(sentence: Sentence, text: str, nth: int = 0):
    return [t for t in sentence.tokens if t.text == text][nth]


# --- the fixtures themselves -------------------------------------------------------------


def test_fixture_set_size_and_unique_ids():
    assert len(fixture_paths()) >= 2
    assert len(DOC_IDS) == len(set(DOC_IDS))
    n_sentences = sum(len(doc.sentences) for _, doc in DOCS)
    assert n_sentences >= 30


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_fixture_loads_as_stanza_document(doc_id):
    doc = STANZA[doc_id]
    assert isinstance(doc, Document)
    assert doc.text
    assert doc.sentences
    assert doc.sentences[0].comments.get("newdoc id") == doc_id
    for sent in doc.sentences:
        assert sent.sent_id
        # the text comment is what the offsets were laid over
        assert sent.text == sent.comments.get("text")
        assert doc.text[sent.tokens[0].start_char:sent.tokens[-1].end_char] == sent.text
        for token in sent.tokens:
            assert token.start_char is not None and token.end_char is not None
            assert doc.text[token.start_char:token.end_char] == token.text
            assert token.ner is not None  # every token tagged, as the NER processor does
        for word in sent.words:
            assert word.upos in UPOS
            assert word.xpos and word.lemma and word.deprel
            assert word.head is not None


def test_files_do_not_warn_when_loaded(recwarn):
    for path in fixture_paths():
        load_stanza_documents(path)
    assert not [w for w in recwarn if "align" in str(w.message) or "whitespace" in str(w.message)]


def test_seed_sentences_are_verbatim():
    seed_text = SEED.read_text(encoding="utf-8")
    seed_docs = load_stanza_documents(FIXTURE_DIR / "seed.conllu")
    texts = [s.text for _, doc in seed_docs for s in doc.sentences]
    assert len(texts) >= 12
    for text in texts:
        assert text in seed_text
    for required in REQUIRED_SEED_SENTENCES:
        assert required in texts


def test_case_documents_match_extraction_cases():
    case_docs = [(doc_id, doc) for doc_id, doc in DOCS if doc_id in CASES]
    assert len(case_docs) >= 18
    tags: set[str] = set()
    for doc_id, doc in case_docs:
        case = CASES[doc_id]
        assert doc.text == case["text"]
        assert expected_relations(doc) == case["expect"]
        tags.update(case["tags"])
    assert {"negation", "attribution", "coordination", "copular", "metonymy",
            "leader_of"} <= tags


def test_expected_relations_absent_without_comment():
    assert expected_relations(STANZA["putin-beijing-nato"]) is None


def test_paragraph_breaks_survive_in_the_text():
    doc = STANZA["putin-beijing-nato"]
    assert doc.text.count("\n") == 4
    parsed = PARSED["putin-beijing-nato"]
    for prev, nxt in zip(parsed.sentences, parsed.sentences[1:], strict=False):
        gap = parsed.article.text[prev.end:nxt.start]
        assert gap in (" ", "\n")


# --- the adapter -----------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_parsed_doc_wrapper(doc_id):
    parsed = PARSED[doc_id]
    assert isinstance(parsed, ParsedDoc)
    assert parsed.backend == "stanza" and parsed.backend_version == "fixture"
    assert parsed.article.id == doc_id
    assert parsed.article.text == STANZA[doc_id].text
    assert [s.index for s in parsed.sentences] == list(range(len(parsed.sentences)))


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_adapter_keeps_words_heads_and_labels(doc_id):
    parsed, doc = PARSED[doc_id], STANZA[doc_id]
    assert len(parsed.sentences) == len(doc.sentences)
    for ours, theirs in zip(parsed.sentences, doc.sentences, strict=True):
        assert len(ours.tokens) == len(theirs.words)
        for i, (tok, word) in enumerate(zip(ours.tokens, theirs.words, strict=True)):
            assert tok.i == i == word.id - 1
            assert tok.text == word.text
            assert tok.head == word.head - 1  # 0-based; the root's 0 becomes -1
            assert (tok.head == -1) == (word.deprel == "root")
            assert tok.deprel == word.deprel
            assert tok.upos == word.upos
            assert tok.xpos == word.xpos
            assert tok.feats == (word.feats or "")
            assert tok.lemma == word.lemma


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_offsets_slice_article_text(doc_id):
    parsed = PARSED[doc_id]
    text = parsed.article.text
    for sent in parsed.sentences:
        assert text[sent.start:sent.end] == sent.text
        assert sent.start == sent.tokens[0].start and sent.end == sent.tokens[-1].end
        for tok in sent.tokens:
            assert sent.start <= tok.start < tok.end <= sent.end
            assert text[tok.start:tok.end] == tok.text
        starts = [t.start for t in sent.tokens]
        assert starts == sorted(starts)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_entities_map_to_tokens(doc_id):
    parsed, doc = PARSED[doc_id], STANZA[doc_id]
    text = parsed.article.text
    for ours, theirs in zip(parsed.sentences, doc.sentences, strict=True):
        assert len(ours.entities) == len(theirs.ents)
        for span, ent in zip(ours.entities, theirs.ents, strict=True):
            assert span.label == ent.type and span.label in ONTONOTES
            assert span.text == ent.text == text[span.start_char:span.end_char]
            assert 0 <= span.start < span.end <= len(ours.tokens)
            assert ours.tokens[span.start].start == span.start_char
            assert ours.tokens[span.end - 1].end == span.end_char
            assert [w.id - 1 for w in ent.words] == list(range(span.start, span.end))


def test_entity_spot_checks():
    first = "Russian President Vladimir Putin delivered sharp words against NATO and European " \
        "countries on Tuesday while speaking in Beijing, China."
    sent, _ = _sentence("putin-beijing-nato", first)
    got = [(e.text, e.label, e.start, e.end) for e in sent.entities]
    assert got == [
        ("Russian", "NORP", 0, 1),
        ("Vladimir Putin", "PERSON", 2, 4),
        ("NATO", "ORG", 8, 9),
        ("European", "NORP", 10, 11),
        ("Tuesday", "DATE", 13, 14),
        ("Beijing", "GPE", 17, 18),
        ("China", "GPE", 19, 20),
    ]
    sent, _ = _sentence("putin-beijing-nato", REQUIRED_SEED_SENTENCES[3])
    eu = [e for e in sent.entities if e.label == "ORG" and e.text == "the European Union"]
    assert len(eu) == 1
    assert [t.text for t in sent.tokens[eu[0].start:eu[0].end]] == ["the", "European", "Union"]
    sent = PARSED["sanctions-future-1"].sentences[0]
    assert [(e.text, e.label) for e in sent.entities] == [
        ("Washington", "GPE"), ("Iranian", "NORP"), ("next month", "DATE")]


def test_sentence_offsets_after_the_first():
    parsed = PARSED["sanctions-bloc-coref-1"]
    first, second = parsed.sentences
    assert parsed.article.text[first.end] == " "
    assert second.start == first.end + 1
    assert second.text == "The bloc also condemned Tehran's missile programme."
    tehran = _token(second, "Tehran")
    assert parsed.article.text[tehran.start:tehran.end] == "Tehran"
    assert second.entities[0].start_char == tehran.start


# --- multi-word tokens -----------------------------------------------------------------


def test_mwt_contractions_are_split_into_words():
    doc = STANZA["contractions"]
    sent = doc.sentences[0]
    mwts = [t for t in sent.tokens if len(t.words) > 1]
    assert [(t.text, [w.text for w in t.words]) for t in mwts] == [
        ("doesn't", ["does", "n't"]), ("can't", ["ca", "n't"])]
    assert len(sent.tokens) == 13 and len(sent.words) == 15

    ours = PARSED["contractions"].sentences[0]
    text = PARSED["contractions"].article.text
    assert len(ours.tokens) == 15
    does, nt = ours.tokens[1], ours.tokens[2]
    assert (does.text, does.lemma, does.upos, does.deprel) == ("does", "do", "AUX", "aux")
    assert (nt.text, nt.lemma, nt.upos, nt.deprel) == ("n't", "not", "PART", "advmod")
    assert does.head == nt.head == 3 and ours.tokens[3].text == "want"
    assert text[does.start:does.end] == "does" and text[nt.start:nt.end] == "n't"
    assert does.end == nt.start  # the words share the token's characters
    ca = _token(ours, "ca")
    assert (ca.lemma, ca.xpos) == ("can", "MD")
    assert text[ca.start:_token(ours, "n't", 1).end] == "can't"


def test_mwt_with_curly_apostrophe():
    ours = PARSED["contractions"].sentences[1]
    text = PARSED["contractions"].article.text
    do, nt = _token(ours, "do"), _token(ours, "n’t")
    assert text[do.start:nt.end] == "don’t"
    assert nt.lemma == "not"
    assert ours.tokens[nt.head].text == "wish"


def test_mwt_cannot_in_extraction_case():
    ours = PARSED["supports-plan-negated-1"].sentences[0]
    assert [t.text for t in ours.tokens[:4]] == ["Britain", "can", "not", "support"]
    assert ours.tokens[2].deprel == "advmod" and ours.tokens[2].feats == "Polarity=Neg"
    assert [e.text for e in ours.entities] == ["Britain", "France", "European"]


def test_mwt_words_without_offsets_fall_back_to_the_token():
    # words that are not a substring split of their token get no offsets from stanza
    conllu = (
        "# text = They gonna win.\n"
        "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\tner=O\n"
        "2-3\tgonna\t_\t_\t_\t_\t_\t_\t_\tner=O\n"
        "2\tgoing\tgo\tVERB\tVBG\t_\t0\troot\t_\t_\n"
        "3\tto\tto\tPART\tTO\t_\t4\tmark\t_\t_\n"
        "4\twin\twin\tVERB\tVB\t_\t2\txcomp\t_\tSpaceAfter=No|ner=O\n"
        "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\tner=O\n\n"
    )
    doc = CoNLL.conll2doc(input_str=conllu, reconstruct_text=True)
    assert doc.sentences[0].words[1].start_char is None
    (sent,) = sentences_from_stanza(doc)
    going, to = sent.tokens[1], sent.tokens[2]
    assert (going.start, going.end) == (to.start, to.end) == (5, 10)
    assert doc.text[going.start:going.end] == "gonna"


# --- tree sanity -----------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_each_tree_has_one_root_and_no_cycles(doc_id):
    for sent in PARSED[doc_id].sentences:
        n = len(sent.tokens)
        roots = [t for t in sent.tokens if t.head == -1]
        assert len(roots) == 1 and roots[0].deprel == "root"
        for tok in sent.tokens:
            assert -1 <= tok.head < n and tok.head != tok.i
            seen: set[int] = set()
            node = tok.i
            while node != -1:
                assert node not in seen, f"cycle through {node} in {sent.text!r}"
                seen.add(node)
                node = sent.tokens[node].head
        assert sum(len(sent.children(t.i)) for t in sent.tokens) == n - 1


def test_ud_conventions_in_fixtures():
    """Spot-check that the hand-written parses follow EWT conventions."""
    seen: set[str] = set()
    for parsed in PARSED.values():
        for sent in parsed.sentences:
            for tok in sent.tokens:
                seen.add(tok.deprel)
                head = sent.tokens[tok.head] if tok.head >= 0 else None
                if tok.deprel == "cop":
                    assert tok.lemma == "be" and tok.upos == "AUX"
                    assert head is not None and head.upos in {"NOUN", "ADJ", "NUM", "PROPN"}
                if tok.deprel == "aux:pass":
                    assert head is not None and "Voice=Pass" in head.feats
                if tok.deprel == "fixed":
                    assert head is not None and head.lemma == "accord" and tok.text == "to"
                    assert head.deprel == "case"
                if tok.deprel == "case":
                    assert tok.upos in {"ADP", "PART", "VERB"}
                if tok.upos == "PUNCT":
                    assert tok.deprel == "punct"
    assert {"nsubj:pass", "obl:tmod", "nmod:poss", "acl:relcl", "obl:agent", "cop", "fixed",
            "flat", "compound", "compound:prt", "ccomp", "parataxis", "xcomp", "appos",
            "conj"} <= seen
