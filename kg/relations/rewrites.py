"""Predicate and qualifier rewrites: named, ordered, each recorded in the mention's rule id.

A `cue` rewrite runs once per cue token (before pairing), a `pair` rewrite once per
subject/object pair. Each returns whether it changed the draft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.lexicon import Cue
from kg.model import Actor, Token
from kg.relations import qualifiers
from kg.relations.context import SentenceContext


@dataclass
class Draft:
    """A mention being built: what the rewrites may change."""

    cue: Cue
    tok: Token  # the anchor: the cue token, or the reporting verb
    predicate: str
    negated: bool
    modality: str | None
    source: Actor | None = None
    subject: Actor | None = None
    object: Actor | None = None


Rule = Callable[[SentenceContext, Draft], bool]


@dataclass(frozen=True)
class Rewrite:
    name: str
    stage: str  # cue | pair
    apply: Rule
    doc: str


def _negation_flip(ctx: SentenceContext, d: Draft) -> bool:
    """ "has no objection", "does not oppose" → accepts; "refuses to accept" → opposes."""
    flips = {"opposes": "accepts", "accepts": "opposes"}
    if d.cue.predicate in flips and d.negated:
        d.predicate, d.negated = flips[d.cue.predicate], False
        return True
    return False


def _retraction(ctx: SentenceContext, d: Draft) -> bool:
    """ "lifted its veto on X", "dropped its objections to X": no longer opposes."""
    governor = ctx.head(d.tok)
    if governor is not None and d.cue.predicate == "opposes" and d.cue.pos == "NOUN" and (
        d.tok.deprel == "obj" and ctx.lemma_has("retracting_verb", governor)
        and not qualifiers.negated(ctx, governor)
    ):
        d.predicate = "opposes" if d.predicate == "accepts" else "accepts"
        return True
    return False


def _threat_slot(ctx: SentenceContext, d: Draft) -> bool:
    """ "threatened to strike US bases", "threatened sanctions on", "warned of retaliation"."""
    tok, governor = d.tok, ctx.head(d.tok)
    slot = tok.deprel == "xcomp" or (d.cue.pos == "NOUN" and (
        tok.deprel == "obj" or (tok.deprel == "obl" and ctx.case_of(tok) == "of")))
    if slot and governor is not None and ctx.lemma_has("threat_governor", governor) and (
        d.predicate in {"attacks", "sanctions"}
    ):
        d.predicate = "threatens"
        return True
    return False


def _stated_refusal(ctx: SentenceContext, d: Draft) -> bool:
    """ "will not accept" states a stance now, not a plan: no future modality."""
    if d.modality == "future" and d.cue.predicate in {"opposes", "accepts"} and (
        qualifiers.negated(ctx, d.tok)
    ):
        d.modality = None
        return True
    return False


def _verdict_now(ctx: SentenceContext, d: Draft) -> bool:
    """ "X was naive if he believed ...": the verdict is passed now; only its ground is
    conditional (an auxiliary "would be naive" stays hypothetical)."""
    if d.modality == "conditional" and d.cue.id == "negative_evaluation" and (
        d.tok.upos != "VERB"
    ) and not any(ctx.lemma_has("future_aux", a) or ctx.lemma_has("hypothetical_aux", a)
                  for a in ctx.kids(d.tok.i, "aux")):
        d.modality = None
        return True
    return False


def _policy_object(ctx: SentenceContext, d: Draft) -> bool:
    """Attacking a plan is criticism: an entry's `policy=P` when its object is a plan."""
    policy = d.cue.flag_value("policy")
    if policy and any(c.deprel in {"obj", "nsubj:pass"} and ctx.lemma_has("plan_noun", c)
                      for c in ctx.kids(d.tok.i)):
        d.predicate = policy
        return True
    return False


def _reverse_modifier(ctx: SentenceContext, d: Draft) -> bool:
    """ "the Iran-aligned Houthis": the Houthis align with Iran."""
    if "reverse_modifier" in d.cue.flags and d.tok.deprel == "amod":
        d.subject, d.object = d.object, d.subject
        return True
    return False


def _thank_reversal(ctx: SentenceContext, d: Draft) -> bool:
    """ "A thanked B for its support": B supports A."""
    if "thank" in d.cue.flags:
        d.subject, d.object = d.object, d.subject
        return True
    return False


def _announced_retaliation(ctx: SentenceContext, d: Draft) -> bool:
    """ "Iran said it would retaliate against Israel": the strike is only possible, but
    announcing it is an asserted threat."""
    if d.predicate in {"attacks", "sanctions"} and d.modality is not None and not d.negated and (
        d.source is not None and d.subject is not None and d.source.id == d.subject.id
    ):
        d.predicate, d.modality = "threatens", None
        return True
    return False


def _table(*rows: tuple[str, str, Rule]) -> dict[str, Rewrite]:
    return {name: Rewrite(name, stage, rule, (rule.__doc__ or "").strip())
            for name, stage, rule in rows}


# In the order they apply.
REWRITES: dict[str, Rewrite] = _table(
    ("negation_flip", "cue", _negation_flip),
    ("retraction", "cue", _retraction),
    ("threat_slot", "cue", _threat_slot),
    ("stated_refusal", "cue", _stated_refusal),
    ("verdict_now", "cue", _verdict_now),
    ("policy_object", "pair", _policy_object),
    ("reverse_modifier", "pair", _reverse_modifier),
    ("thank_reversal", "pair", _thank_reversal),
    ("announced_retaliation", "pair", _announced_retaliation),
)


def apply(stage: str, ctx: SentenceContext, draft: Draft) -> list[str]:
    """Run the rewrites of one stage on the draft; the names of those that applied."""
    return [r.name for r in REWRITES.values() if r.stage == stage and r.apply(ctx, draft)]
