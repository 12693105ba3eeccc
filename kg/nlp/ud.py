"""Convert a ClearNLP-style English dependency parse (spaCy's English models) to UD v2.

The changes that matter for the extractor:
- prepositions become `case` dependents of their noun, which attaches to the preposition's
  head as `obl` (verbal or adjectival head) or `nmod` (nominal head); multiword prepositions
  ("according to", "because of") get `fixed`; a preposition heading a clause becomes `mark`;
- copular "be" with a nominal, adjectival or prepositional predicate is re-headed: the
  predicate becomes the head, "be" its `cop`, and the copula's dependents move to it;
- label renames: dobj→obj, nsubjpass→nsubj:pass, auxpass→aux:pass, neg→advmod,
  poss→nmod:poss, relcl→acl:relcl, dative→iobj, oprd→xcomp, npadvmod→obl:npmod, ...
"""

from __future__ import annotations

from dataclasses import replace

from kg.model import Token

RENAME = {
    "ROOT": "root",
    "dobj": "obj",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "neg": "advmod",
    "poss": "nmod:poss",
    "relcl": "acl:relcl",
    "dative": "iobj",
    "oprd": "xcomp",
    "npadvmod": "obl:npmod",
    "quantmod": "advmod",
    "predet": "det:predet",
    "preconj": "cc:preconj",
    "prt": "compound:prt",
    "intj": "discourse",
    "meta": "dep",
    "attr": "xcomp",
    "acomp": "xcomp",
    "nmod": "nmod",
    "number": "nummod",
    "hmod": "compound",
    "hyph": "punct",
    "infmod": "acl",
    "partmod": "acl",
    "subtok": "goeswith",
    "possessive": "case",
}
NOMINAL_UPOS = {"NOUN", "PROPN", "PRON", "NUM", "SYM", "X"}
CLAUSAL_UPOS = {"VERB", "AUX"}


def to_ud(tokens: list[Token], *, copy: bool = True) -> list[Token]:
    """Return a UD v2 copy of one sentence's ClearNLP-labelled tokens (heads index the list).

    With `copy=False` the tokens are relabelled in place (for callers that just made them).
    """
    out = [replace(t) for t in tokens] if copy else tokens
    _restructure_prepositions(out)
    _restructure_copulas(out)
    _restructure_agents(out)
    for tok in out:
        if tok.deprel in RENAME:
            tok.deprel = RENAME[tok.deprel]
        if tok.head == tok.i:
            tok.head = -1
            tok.deprel = "root"
    _repair_to_nouns(out)
    return out


NOMINAL_SUFFIXES = ("ence", "ance", "tion", "sion", "ment")
SUFFIXED_VERBS = {"sanction", "mention", "question", "function", "position", "comment",
                  "implement", "complement", "supplement", "experience", "influence",
                  "reference", "advance", "enhance", "balance", "finance", "silence",
                  "commence", "document", "condition", "station", "commission", "envision",
                  "lament", "torment", "cement", "augment", "ferment", "segment", "evidence",
                  "sentence", "fence", "dance", "glance", "license", "licence", "vacation",
                  "audition", "petition", "partition", "motion", "ration", "caution"}


def _repair_to_nouns(tokens: list[Token]) -> None:
    """ "opposed to interference by X": a noun after "to" mis-tagged as an infinitive verb
    (a -ence/-tion/-ment word with no subject or object of its own) becomes the noun of a
    "to" phrase."""
    for tok in tokens:
        text = tok.text.lower()
        if tok.upos != "VERB" or tok.xpos != "VB" or tok.deprel not in {"xcomp", "advcl"} or (
            not text.endswith(NOMINAL_SUFFIXES) or text in SUFFIXED_VERBS or len(text) < 7
        ):
            continue
        children = _children(tokens, tok.i)
        to = [c for c in children if c.deprel == "aux" and c.text.lower() == "to"]
        if not to or any(c.deprel in {"obj", "iobj", "nsubj", "ccomp", "xcomp", "compound:prt"}
                         for c in children):
            continue
        head = tokens[tok.head] if tok.head >= 0 else None
        tok.upos, tok.xpos, tok.lemma = "NOUN", "NN", text
        tok.deprel = "nmod" if head is not None and head.upos in NOMINAL_UPOS else "obl"
        for child in children:
            if child in to:
                child.deprel, child.upos = "case", "ADP"
            elif child.deprel == "obl":
                child.deprel = "nmod"


def _children(tokens: list[Token], i: int, deprels: set[str] | None = None) -> list[Token]:
    return [
        t for t in tokens if t.head == i and t.i != i and (deprels is None or t.deprel in deprels)
    ]


def _is_root(tok: Token) -> bool:
    return tok.head == tok.i or tok.head < 0


def _attach(tok: Token, head: int, deprel: str) -> None:
    tok.head = head
    tok.deprel = deprel


def _nominal_or_clausal_label(head: Token, dependent: Token) -> str:
    if head.upos in NOMINAL_UPOS:
        return "nmod"
    return "obl"


def _restructure_prepositions(tokens: list[Token]) -> None:
    # Work outward-in order so nested PPs are handled independently.
    for prep in [t for t in tokens if t.deprel in {"prep", "agent"}]:
        if prep.deprel not in {"prep", "agent"}:
            continue  # consumed as the second word of a multiword preposition
        objects = _children(tokens, prep.i, {"pobj"})
        clauses = _children(tokens, prep.i, {"pcomp"})
        head_i = prep.head if not _is_root(prep) else prep.i
        head = tokens[head_i]
        if objects:
            obj = objects[0]
            label = "obl:agent" if prep.deprel == "agent" else _nominal_or_clausal_label(head, obj)
            if _is_root(prep):
                _attach(obj, obj.i, "ROOT")
            else:
                _attach(obj, prep.head, label)
            _move_children(tokens, prep.i, obj.i, keep={"pobj", "pcomp"})
            _attach(prep, obj.i, "case")
            for extra in objects[1:]:
                _attach(extra, obj.i, "conj")
        elif clauses:
            clause = clauses[0]
            if clause.upos in NOMINAL_UPOS:
                label = _nominal_or_clausal_label(head, clause)
            else:
                label = "acl" if head.upos in NOMINAL_UPOS else "advcl"
            if _is_root(prep):
                _attach(clause, clause.i, "ROOT")
            else:
                _attach(clause, prep.head, label)
            _move_children(tokens, prep.i, clause.i, keep={"pobj", "pcomp"})
            _attach(prep, clause.i, "mark" if clause.upos in CLAUSAL_UPOS else "case")
        else:
            inner = [c for c in _children(tokens, prep.i, {"prep"})]
            inner_obj = _children(tokens, inner[0].i, {"pobj", "pcomp"}) if inner else []
            if inner and inner_obj:
                # Multiword preposition: "according to X", "because of X", "out of X".
                second = inner[0]
                obj = inner_obj[0]
                if _is_root(prep):
                    _attach(obj, obj.i, "ROOT")
                else:
                    _attach(obj, prep.head, _nominal_or_clausal_label(head, obj))
                _attach(prep, obj.i, "case")
                _attach(second, prep.i, "fixed")
                _move_children(tokens, second.i, obj.i, keep=set())
            elif prep.upos == "ADP":
                prep.deprel = "compound:prt" if head.upos in CLAUSAL_UPOS else "dep"
            else:
                prep.deprel = "advmod" if prep.upos == "ADV" else "dep"


def _move_children(tokens: list[Token], old: int, new: int, keep: set[str]) -> None:
    for child in _children(tokens, old):
        if child.i != new and child.deprel not in keep and child.deprel not in {"fixed"}:
            child.head = new


def _restructure_copulas(tokens: list[Token]) -> None:
    for cop in [t for t in tokens if t.lemma.lower() == "be" and t.upos in {"AUX", "VERB"}]:
        if cop.deprel in {"aux", "auxpass", "aux:pass", "cop"}:
            continue
        if _children(tokens, cop.i, {"expl"}):
            continue  # existential "there is": "be" stays a verb
        predicates = _children(tokens, cop.i, {"attr", "acomp"})
        if not predicates:
            # "X is against Y": the prepositional phrase is the predicate.
            predicates = [
                t for t in _children(tokens, cop.i, {"obl", "nmod"})
                if _children(tokens, t.i, {"case"}) and t.i > cop.i
            ][:1]
            if not predicates or not _children(tokens, cop.i, {"nsubj", "nsubjpass", "csubj"}):
                continue
        pred = predicates[0]
        if _is_root(cop):
            _attach(pred, pred.i, "ROOT")
        else:
            _attach(pred, cop.head, cop.deprel)
        for child in _children(tokens, cop.i):
            if child.i != pred.i:
                child.head = pred.i
        _attach(cop, pred.i, "cop")
        for extra in predicates[1:]:
            extra.head = pred.i


def _restructure_agents(tokens: list[Token]) -> None:
    for tok in tokens:
        if tok.deprel == "obl" and any(
            c.deprel == "case" and c.lemma.lower() == "by" for c in _children(tokens, tok.i)
        ) and any(
            s.deprel in {"nsubjpass", "auxpass"} for s in _children(tokens, tok.head)
        ):
            tok.deprel = "obl:agent"
