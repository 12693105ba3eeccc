"""The tunable numbers of the actor and relation stages, in one frozen object with defaults.

Pass a changed copy (`dataclasses.replace(DEFAULT_CONFIG, reference_discount=0.9)`) to
`resolve_actors` / `extract_relations` to try another setting without editing code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractionConfig:
    """Windows, look-backs, confidences and discounts; sentence and token counts are ints."""

    # Relations: owners of "the drills" / "the decision (to V)" named earlier.
    antecedent_window: int = 2  # sentences back for "the drills", "the decision"
    antecedent_window_verb: int = 6  # for "the decision to close X", which names its verb
    # Confidence of a mention whose argument came through a pronoun, description or owner.
    reference_discount: float = 0.85
    # Priors of the constructions that have no cue word of their own.
    evaluation_confidence: float = 0.6  # characterisation ("called X's plan irrational")
    rejection_confidence: float = 0.6  # rejecting characterisation ("unacceptable")
    obligation_confidence: float = 0.55  # reported obligation ("said X should ...")
    leader_confidence: float = 0.9
    member_confidence: float = 0.8
    # How far the qualifiers walk up the tree.
    negation_steps: int = 4
    modality_steps: int = 4
    source_steps: int = 6
    # A noun cue's PP that the parser attached to the governing verb: at most this many
    # tokens after the noun.
    detached_pp_distance: int = 5
    # Actors: coreference look-backs (sentences) and the title window (tokens).
    pronoun_lookback: int = 4
    neuter_pronoun_lookback: int = 2
    group_description_lookback: int = 8
    title_window: int = 7
    group_set_window: int = 2  # "the two countries": sets named this many sentences back
    plural_subject_window: int = 1  # "they": plural subjects this many sentences back


DEFAULT_CONFIG = ExtractionConfig()
