"""Counts and breakdowns: micro P/R/F1 overall, per predicate, document, rule, construction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.evaluation.labels import LabelMatcher
from kg.evaluation.loading import GoldDoc, PredMention
from kg.evaluation.reduce import Relation, RelationSets, reduce_relations
from kg.model import STRUCTURAL_PREDICATES

# The sign of each stance predicate (the contract's polarity column).
POLARITY: dict[str, int] = {
    "opposes": -1, "criticizes": -1, "threatens": -1, "attacks": -1, "sanctions": -1,
    "demands": 0,
    "engages_with": 1, "cooperates_with": 1, "supports": 1, "accepts": 1,
}
NO_RULE = "(none)"


def is_structural(predicate: str) -> bool:
    return predicate in STRUCTURAL_PREDICATES


def is_stance(predicate: str) -> bool:
    return predicate not in STRUCTURAL_PREDICATES


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and misses (false negatives) of a set comparison."""

    tp: int
    fp: int
    fn: int

    @classmethod
    def of(cls, gold: set, pred: set) -> Counts:
        return cls(len(gold & pred), len(pred - gold), len(gold - pred))

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r)

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class RuleCounts:
    """Predicted relations a rule took part in: right (tp) and wrong (fp), and its mentions."""

    rule: str
    tp: int
    fp: int
    mentions: int

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "tp": self.tp, "fp": self.fp, "mentions": self.mentions,
                "precision": self.precision}


def cue_of(rule: str) -> str:
    """The cue part of a rule id `cue|construction|rewrites` (an older id is all cue)."""
    return rule.split("|")[0].strip() or NO_RULE


def construction_of(rule: str) -> str:
    """The construction part of a rule id `cue|construction|rewrites` (older ids have none)."""
    parts = rule.split("|")
    return (parts[1].strip() or NO_RULE) if len(parts) > 1 else NO_RULE


class Evaluation:
    """Scores of predictions against a gold set, reduced as the contract says."""

    def __init__(self, sets: RelationSets, labels: LabelMatcher | None = None) -> None:
        self.sets = sets
        self.labels = labels
        self.gold = set(sets.gold)
        self.pred = set(sets.pred)

    def counts(self, keep: Callable[[str], bool] = is_stance, doc: str | None = None) -> Counts:
        """Counts over relations whose predicate passes `keep` (in one document if given)."""
        def chosen(rels: set[Relation]) -> set[Relation]:
            return {r for r in rels if keep(r.predicate) and (doc is None or r.doc == doc)}
        return Counts.of(chosen(self.gold), chosen(self.pred))

    def polarity(self) -> Counts:
        """Counts with each stance predicate reduced to its sign (-1, 0, +1)."""
        def signed(rels: set[Relation]) -> set[tuple]:
            return {(r.doc, r.subject, POLARITY[r.predicate], r.object, r.negated)
                    for r in rels if r.predicate in POLARITY}
        return Counts.of(signed(self.gold), signed(self.pred))

    def by_predicate(self) -> dict[str, Counts]:
        predicates = sorted({r.predicate for r in self.gold | self.pred})
        return {p: self.counts(lambda x, p=p: x == p) for p in predicates}

    def by_document(self) -> dict[str, tuple[Counts, Counts]]:
        """Per gold document: (stance counts, structural counts)."""
        return {d: (self.counts(is_stance, d), self.counts(is_structural, d))
                for d in self.sets.docs}

    def by_rule(self, part: Callable[[str], str] = lambda rule: rule) -> list[RuleCounts]:
        """Per rule (or per `part` of it), each predicted relation counted once per rule."""
        tp: dict[str, int] = defaultdict(int)
        fp: dict[str, int] = defaultdict(int)
        mentions: dict[str, int] = defaultdict(int)
        for relation, found in self.sets.pred.items():
            names = [part(m.rule) if m.rule else NO_RULE for m in found]
            for name in names:
                mentions[name] += 1
            for name in dict.fromkeys(names):
                (tp if relation in self.gold else fp)[name] += 1
        rows = [RuleCounts(name, tp[name], fp[name], mentions[name]) for name in mentions]
        return sorted(rows, key=lambda r: (-(r.tp + r.fp), -r.fp, r.rule))

    def shown(self, label: str) -> str:
        """A canonical label as printed (see `LabelMatcher.shown`)."""
        return self.labels.shown(label) if self.labels else label

    def by_construction(self) -> list[RuleCounts]:
        return self.by_rule(construction_of)

    def by_cue(self) -> list[RuleCounts]:
        return self.by_rule(cue_of)

    def false_positives(self) -> list[tuple[Relation, list[PredMention]]]:
        return [(r, self.sets.pred[r]) for r in sorted(self.pred - self.gold)]

    def misses(self) -> list[tuple[Relation, list[str], list[Relation]]]:
        """Gold relations not predicted: their notes, and what was predicted for the same
        pair of actors instead (another predicate or the other polarity of negation)."""
        by_pair: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
        for r in sorted(self.pred):
            by_pair[(r.doc, r.subject, r.object)].append(r)
        return [(r, [g.note for g in self.sets.gold[r] if g.note],
                 by_pair.get((r.doc, r.subject, r.object), []))
                for r in sorted(self.gold - self.pred)]


def evaluate(gold: list[GoldDoc], mentions: list[PredMention], labels: LabelMatcher
             ) -> Evaluation:
    """Score mentions against a gold set."""
    return Evaluation(reduce_relations(gold, mentions, labels), labels)
