"""`kg eval`: score extracted relations against a gold set, as the relation contract says.

The contract (``../shared/spec/relations.md``, "Document-level scoring"): each article is
reduced to a set of ``(subject, predicate, object, negated)`` relations over canonical labels;
mentions whose modality is future, conditional or hypothetical are ignored; stance and
structural predicates (leader_of, member_of) are scored apart; P/R/F1 are micro-averaged.

Modules: `loading` (gold and prediction JSONL, FILE:LINE errors), `labels` (names and Wikidata
ids to canonical labels), `reduce` (mentions to document-level relation sets), `scoring`
(counts and breakdowns), `report` (tables and JSON), `cli` (the command).
"""

from kg.evaluation.labels import LabelMatcher
from kg.evaluation.loading import EvalInputError, load_gold, load_predictions
from kg.evaluation.scoring import Evaluation, evaluate

__all__ = ["EvalInputError", "Evaluation", "LabelMatcher", "evaluate", "load_gold",
           "load_predictions"]
