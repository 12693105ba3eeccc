"""Mentions to document-level relation sets, as the scoring contract reduces them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import NamedTuple

from kg.evaluation.labels import LabelMatcher
from kg.evaluation.loading import GoldDoc, GoldRelation, PredMention

# Gold sets list only asserted relations, so mentions of acts that are only planned,
# possible or imagined are left out of the prediction set.
UNASSERTED = frozenset({"future", "conditional", "hypothetical"})


class Relation(NamedTuple):
    """One relation of one article over canonical labels: the unit that is scored."""

    doc: str
    subject: str
    predicate: str
    object: str
    negated: bool


@dataclass
class RelationSets:
    """Gold and predicted relations of the gold set's documents, with where they came from."""

    docs: list[str]
    gold: dict[Relation, list[GoldRelation]]
    pred: dict[Relation, list[PredMention]]  # the mentions that collapsed into each relation
    ignored_modality: int = 0  # mentions left out for their modality
    outside_docs: set[str] = field(default_factory=set)  # predicted docs the gold lacks


def _relation(doc: str, rel: GoldRelation | PredMention, labels: LabelMatcher) -> Relation:
    return Relation(doc, labels.canonical(rel.subject), rel.predicate,
                    labels.canonical(rel.object), rel.negated)


def _gold_doc(doc: str, docs: set[str]) -> str | None:
    """The gold document a predicted doc id stands for: itself, or its file name's stem
    (predictions made from `dir/slug.txt` may carry the path)."""
    if doc in docs:
        return doc
    stem = PurePath(doc).stem
    return stem if stem in docs else None


def reduce_relations(gold_docs: Iterable[GoldDoc], mentions: Iterable[PredMention],
                     labels: LabelMatcher) -> RelationSets:
    """Collapse gold and predicted mentions into relation sets over canonical labels."""
    gold_list = list(gold_docs)
    sets = RelationSets(docs=[d.doc for d in gold_list], gold={}, pred={})
    for doc in gold_list:
        for rel in doc.relations:
            sets.gold.setdefault(_relation(doc.doc, rel, labels), []).append(rel)
    known = set(sets.docs)
    for mention in mentions:
        doc = _gold_doc(mention.doc, known)
        if doc is None:
            sets.outside_docs.add(mention.doc)
        elif mention.modality in UNASSERTED:
            sets.ignored_modality += 1
        else:
            sets.pred.setdefault(_relation(doc, mention, labels), []).append(mention)
    return sets
