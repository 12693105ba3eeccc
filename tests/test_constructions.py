"""Each construction and each rewrite on a fixed CoNLL-U parse (tests/data/constructions/),
alone and through the whole relation stage, with the rule id it must produce.

The fixtures were written with `python -m tests.conllu_writer` and reviewed; no model runs.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest

from kg.actors.resolve import resolve_actors
from kg.lexicon import Cue, default_lexicon
from kg.lexicon.config import DEFAULT_CONFIG
from kg.model import ParsedDoc, Token
from kg.pipeline import extract_parsed
from kg.relations.arguments import NONE, Argument
from kg.relations.constructions import MODULES, REGISTRY, get, load_all
from kg.relations.context import SentenceContext
from kg.relations.extract import sentence_mentions
from kg.relations.matching import cues_at
from kg.relations.rewrites import REWRITES
from tests.stanza_fixtures import load_stanza_documents, parsed_doc_from_stanza

FIXTURE = Path(__file__).parent / "data" / "constructions" / "constructions.conllu"


@cache
def docs() -> dict[str, ParsedDoc]:
    return {doc_id: parsed_doc_from_stanza(doc_id, document)
            for doc_id, document in load_stanza_documents(FIXTURE)}


def found(doc_id: str) -> set[tuple[str, str, str, str]]:
    return {(m.subject.label, m.predicate, m.object.label, m.rule)
            for m in extract_parsed(docs()[doc_id]).mentions}


def context(doc_id: str) -> SentenceContext:
    doc = docs()[doc_id]
    return SentenceContext(doc, resolve_actors(doc), doc.sentences[0], default_lexicon(),
                           DEFAULT_CONFIG)


def token(ctx: SentenceContext, text: str) -> Token:
    return next(t for t in ctx.tokens if t.text == text)


def cue(ctx: SentenceContext, tok: Token, pos: str | None = None) -> Cue:
    (entry,) = [c for c in cues_at(ctx, tok) if pos in (None, c.pos) and c.origin == "hand"]
    return entry


# (fixture, subject, predicate, object, rule): the mention each construction must yield.
CONSTRUCTION_CASES = [
    ("verb-frame", "Germany", "supports", "Ukraine", "back.verb.supports|verb_frame|"),
    ("passive-frame", "Germany", "criticizes", "Ukraine",
     "criticize.verb.criticizes|passive_frame|"),
    ("participle-modifier", "Houthis", "cooperates_with", "Iran",
     "align.verb.cooperates_with|participle_modifier|reverse_modifier"),
    ("noun-frame", "Poland", "supports", "Ukraine", "backer.noun.supports|noun_frame|"),
    ("light-verb", "Japan", "supports", "Ukraine", "support.noun.supports|light_verb|"),
    ("copular-adjective", "Russia", "opposes", "NATO",
     "opposed.adj.opposes|copular_adjective|"),
    ("copular-preposition", "Russia", "opposes", "NATO",
     "against.adp.opposes|copular_preposition|"),
    ("between-phrase", "Russia", "engages_with", "Ukraine",
     "talk.noun.engages_with|between_phrase|"),
    ("between-phrase", "Ukraine", "engages_with", "Russia",
     "talk.noun.engages_with|between_phrase|"),
    ("mediation", "Qatar", "engages_with", "Sudan", "broker.verb.engages_with|mediation|"),
    ("mediation", "Qatar", "engages_with", "Chad", "broker.verb.engages_with|mediation|"),
    ("coordinated-subjects", "Poland", "cooperates_with", "Ukraine",
     "pact.noun.cooperates_with|coordinated_subjects|"),
    ("joint-parties", "France", "cooperates_with", "India",
     "deal.noun.cooperates_with|joint_parties|"),
    ("joint-parties", "India", "cooperates_with", "France",
     "deal.noun.cooperates_with|joint_parties|"),
    ("characterisation", "France", "criticizes", "Germany",
     "negative_evaluation|characterisation|"),
    ("copular-evaluation", "Keir Starmer", "criticizes", "Boris Johnson",
     "negative_evaluation|copular_evaluation|"),
    ("reported-obligation", "Canada", "demands", "India",
     "reported_obligation|reported_obligation|"),
]


@pytest.mark.parametrize("case", CONSTRUCTION_CASES, ids=[c[0] for c in CONSTRUCTION_CASES])
def test_construction_yields_its_rule(case: tuple[str, ...]) -> None:
    doc_id, *expected = case
    assert tuple(expected) in found(doc_id)


# (fixture, construction that must yield nothing there, and why)
CONSTRUCTION_NEGATIVES = [
    ("copular-preposition-no-copula", "copular_preposition"),  # no copula
    ("between-phrase-one-party", "between_phrase"),  # one party named
    ("joint-parties-no-partner", "joint_parties"),  # no partner
    ("characterisation-positive-word", "characterisation"),  # "reasonable"
    ("copular-evaluation-positive-word", "copular_evaluation"),  # "right"
    ("reported-obligation-no-deontic", "reported_obligation"),  # "will", not "should"
]


@pytest.mark.parametrize("case", CONSTRUCTION_NEGATIVES, ids=[c[0] for c in CONSTRUCTION_NEGATIVES])
def test_construction_stays_silent(case: tuple[str, str]) -> None:
    doc_id, name = case
    assert not [rule for *_, rule in found(doc_id) if rule.split("|")[1] == name]


def test_head_constructions_alone() -> None:
    """Each head construction answers for its own kind of cue token and no other."""
    checks = [  # (fixture, cue token, construction, applies?) for the token's ADJ or only cue
        ("verb-frame", "backs", "verb_frame", True),
        ("verb-frame", "backs", "passive_frame", False),
        ("passive-frame", "criticized", "passive_frame", True),
        ("passive-frame", "criticized", "verb_frame", False),
        ("passive-frame", "criticized", "participle_modifier", False),  # not a modifier
        ("participle-modifier", "aligned", "participle_modifier", True),
        ("noun-frame", "backers", "noun_frame", True),
        ("noun-frame", "backers", "light_verb", False),
        ("light-verb", "support", "light_verb", True),
        ("light-verb", "support", "noun_frame", False),
        ("copular-adjective", "opposed", "copular_adjective", True),
        ("copular-adjective", "opposed", "verb_frame", False),
    ]
    for doc_id, text, name, applies in checks:
        ctx = context(doc_id)
        tok = token(ctx, text)
        entry = cue(ctx, tok, "ADJ" if text == "opposed" else None)
        slots = get(name).run(ctx, entry, tok)
        assert (slots is not None) == applies, (doc_id, name)
        if applies:
            assert slots.construction == name


def test_shape_constructions_alone() -> None:
    ctx = context("between-phrase")
    talks = token(ctx, "Talks")
    frames = get("between_phrase").run(ctx, cue(ctx, talks), talks, None)
    assert [(f.construction, {a.label for a in f.subjects}) for f in frames] == [
        ("between_phrase", {"Russia", "Ukraine"})]
    ctx = context("between-phrase-one-party")
    talks = token(ctx, "Talks")
    assert get("between_phrase").run(ctx, cue(ctx, talks), talks, None) is None
    ctx = context("verb-frame")  # "back" is no mediator
    backs = token(ctx, "backs")
    slots = get("verb_frame").run(ctx, cue(ctx, backs), backs)
    assert get("mediation").run(ctx, cue(ctx, backs), backs, slots) is None


def test_pairing_constructions_alone() -> None:
    ctx = context("coordinated-subjects")
    pact = token(ctx, "pact")
    entry = cue(ctx, pact)
    ukraine, poland = (ctx.actors.actors["ukraine"], ctx.actors.actors["poland"])
    two = Argument((ukraine, poland))
    frame = get("coordinated_subjects").run(ctx, entry, pact, two, NONE, False)
    assert frame is not None and frame.construction == "coordinated_subjects"
    assert get("coordinated_subjects").run(ctx, entry, pact, Argument((ukraine,)), NONE,
                                           False) is None
    joint = get("joint_parties").run(ctx, entry, pact, Argument((ukraine,)),
                                     Argument((poland,)), False)
    assert joint is not None and set(joint.subjects) == {ukraine, poland}
    assert get("joint_parties").run(ctx, entry, pact, two, NONE, False) is None


# (fixture with the rewrite, its mention; fixture without it, its mention)
REWRITE_CASES = {
    "negation_flip": (
        ("negation-flip", "China", "accepts", "Brazil",
         "oppose.verb.opposes|verb_frame|negation_flip"),
        ("negation-flip-affirmed", "China", "opposes", "Brazil",
         "oppose.verb.opposes|verb_frame|")),
    "retraction": (
        ("retraction", "Hungary", "accepts", "Ukraine", "veto.noun.opposes|noun_frame|retraction"),
        ("retraction-used", "Hungary", "opposes", "Ukraine", "veto.noun.opposes|noun_frame|")),
    "threat_slot": (
        ("threat-slot", "Azerbaijan", "threatens", "Armenia",
         "retaliation.noun.attacks|light_verb|threat_slot"),
        ("threat-slot-launched", "Azerbaijan", "attacks", "Armenia",
         "retaliation.noun.attacks|light_verb|")),
    "stated_refusal": (
        ("stated-refusal", "Iran", "opposes", "European Union",
         "accept.verb.accepts|verb_frame|negation_flip+stated_refusal"),
        ("stated-refusal-plan", "Iran", "accepts", "European Union",
         "accept.verb.accepts|verb_frame|")),
    "verdict_now": (
        ("verdict-now", "Keir Starmer", "criticizes", "Boris Johnson",
         "negative_evaluation|copular_evaluation|verdict_now"),
        ("verdict-now-would", "Keir Starmer", "criticizes", "Boris Johnson",
         "negative_evaluation|copular_evaluation|")),
    "policy_object": (
        ("policy-object", "Azerbaijan", "criticizes", "Armenia",
         "attack.verb.attacks|verb_frame|policy_object"),
        ("policy-object-villages", "Azerbaijan", "attacks", "Armenia",
         "attack.verb.attacks|verb_frame|")),
    "reverse_modifier": (
        ("participle-modifier", "Houthis", "cooperates_with", "Iran",
         "align.verb.cooperates_with|participle_modifier|reverse_modifier"),
        ("participle-modifier", "Houthis", "attacks", "Israel", "attack.verb.attacks|verb_frame|")),
    "thank_reversal": (
        ("thank-reversal", "Germany", "supports", "Ukraine",
         "thank.verb.supports|verb_frame|thank_reversal"),
        ("verb-frame", "Germany", "supports", "Ukraine", "back.verb.supports|verb_frame|")),
    "announced_retaliation": (
        ("announced-retaliation", "Pakistan", "threatens", "India",
         "retaliate.verb.attacks|verb_frame|announced_retaliation"),
        ("announced-retaliation-done", "Pakistan", "attacks", "India",
         "retaliate.verb.attacks|verb_frame|")),
}


@pytest.mark.parametrize("name", sorted(REWRITE_CASES))
def test_rewrite_applies_and_is_named(name: str) -> None:
    (with_doc, *with_mention), (without_doc, *without_mention) = REWRITE_CASES[name]
    assert tuple(with_mention) in found(with_doc)
    assert tuple(without_mention) in found(without_doc)
    assert not any(name in rule.split("|")[2].split("+") for *_, rule in found(without_doc)
                   if _ == without_mention[:3])


def test_every_rewrite_and_construction_is_tested_and_documented() -> None:
    load_all()
    assert set(REWRITE_CASES) == set(REWRITES)
    tested = {rule.split("|")[1] for _, *_, rule in CONSTRUCTION_CASES}
    assert tested == set(MODULES) == set(REGISTRY)
    readme = (Path(__file__).parent.parent / "kg" / "relations" / "README.md").read_text()
    for name in [*REGISTRY, *REWRITES]:
        assert f"`{name}`" in readme, f"{name} is not described in kg/relations/README.md"


def test_resolution_is_stateless() -> None:
    """Joint owners found through an antecedent travel with the frame, not in hidden state:
    each sentence gives the same mentions whatever order sentences are extracted in, and
    "the exercises" of Japan and India threaten Russia but neither owner threatens the
    other."""
    doc = docs()["joint-owners"]
    actors = resolve_actors(doc)

    def run(order: list[int]) -> dict[int, list[str]]:
        return {i: [f"{m.subject.id} {m.predicate} {m.object.id} {m.rule}"
                    for m in sentence_mentions(SentenceContext(
                        doc, actors, doc.sentences[i], default_lexicon(), DEFAULT_CONFIG))]
                for i in order}

    forward, backward = run([0, 1]), run([1, 0])
    assert forward == backward
    assert sorted(forward[1]) == ["india threatens russia threaten.verb.threatens|verb_frame|",
                                  "japan threatens russia threaten.verb.threatens|verb_frame|"]


def test_registering_twice_or_an_unknown_kind_fails() -> None:
    from kg.relations.constructions import register

    with pytest.raises(ValueError, match="registered twice"):
        register("verb_frame", "head")(lambda *a: None)
    with pytest.raises(ValueError, match="unknown construction kind"):
        register("x", "sideways")
    with pytest.raises(KeyError, match="unknown construction 'nope'"):
        get("nope")


def test_the_schema_names_the_frames_each_pos_starts() -> None:
    """kg/lexicon/schema.py says which frames a cue's POS starts; they are the registered
    head constructions (and the ADP cue's own construction)."""
    from kg.lexicon import schema
    from kg.relations.constructions import HEAD_ORDER

    load_all()
    named = [name for frames in schema.POS.values() for name in frames]
    assert sorted(named) == sorted([*HEAD_ORDER, "copular_preposition"])
    ctx = context("copular-adjective")
    opposed = token(ctx, "opposed")
    for pos, frames in schema.POS.items():
        if pos in {"ADJ", "NOUN", "VERB"}:
            others = [n for n in HEAD_ORDER if n not in frames]
            entry = dataclasses.replace(cue(ctx, opposed, "ADJ"), pos=pos)
            assert all(get(n).run(ctx, entry, opposed) is None for n in others), pos


# (fixture where the guard blocks the entry, cue token, entry id; fixture where it lets the
# entry fire, cue token, the rule it then gives)
GUARD_CASES = {
    "person_object": (("guard-person-object", "visited", "visit.verb.engages_with"),
                      ("guard-person-object-pass", "visit.verb.engages_with|verb_frame|")),
    "no_visitor": (("guard-no-visitor", "welcomed", "welcome.verb.accepts"),
                   ("guard-no-visitor-pass", "welcome.verb.accepts|verb_frame|")),
    "aid_object": (("guard-aid-object", "sent", "send.verb.supports"),
                   ("guard-aid-object-pass", "send.verb.supports|verb_frame|")),
    "to_clause": (("guard-to-clause", "called", "call.verb.demands"),
                  ("guard-to-clause-pass", "call.verb.demands|verb_frame|")),
    "under_opposing_verb": (("guard-under-opposing-verb", "ties", "tie.noun.cooperates_with"),
                            ("guard-under-opposing-verb-pass",
                             "tie.noun.cooperates_with|light_verb|")),
}


@pytest.mark.parametrize("name", sorted(GUARD_CASES))
def test_guard_blocks_its_entry_only_where_it_should(name: str) -> None:
    from kg.relations.matching import GUARDS, blocked_by

    assert set(GUARD_CASES) == set(GUARDS)
    (blocked_doc, text, cue_id), (passing_doc, rule) = GUARD_CASES[name]
    ctx = context(blocked_doc)
    tok = token(ctx, text)
    (entry,) = [c for c in cues_at(ctx, tok) if c.id == cue_id]
    assert blocked_by(ctx, entry, tok) == name
    assert not [r for *_, r in found(blocked_doc) if r.startswith(cue_id + "|")]
    assert rule in {r for *_, r in found(passing_doc)}
