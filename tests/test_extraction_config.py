"""ExtractionConfig: the tunable numbers are one frozen object, and the stages read them."""

from __future__ import annotations

import dataclasses

import pytest

from kg.lexicon.config import DEFAULT_CONFIG, ExtractionConfig
from kg.pipeline import extract_parsed
from tests.test_constructions import docs


def test_config_is_frozen_and_typed() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_CONFIG.reference_discount = 1.0  # type: ignore[misc]
    for f in dataclasses.fields(ExtractionConfig):
        assert f.type in {"int", "float"}, f.name
        assert isinstance(getattr(DEFAULT_CONFIG, f.name), int | float)


def _relations(doc_id: str, config: ExtractionConfig) -> dict[tuple[str, str, str], float]:
    return {(m.subject.id, m.predicate, m.object.id): m.confidence
            for m in extract_parsed(docs()[doc_id], config=config).mentions}


def test_the_antecedent_window_is_read() -> None:
    """ "the exercises" refers back one sentence: a window of 0 loses the owners."""
    default = _relations("joint-owners", DEFAULT_CONFIG)
    assert ("japan", "threatens", "russia") in default
    narrow = _relations("joint-owners", dataclasses.replace(DEFAULT_CONFIG, antecedent_window=0))
    assert ("japan", "threatens", "russia") not in narrow


def test_the_reference_discount_is_read() -> None:
    """The owner of "the American plan" is found by pass-through: discounted."""
    key = ("france", "criticizes", "germany")
    default = _relations("characterisation", DEFAULT_CONFIG)[key]
    full = _relations("characterisation",
                      dataclasses.replace(DEFAULT_CONFIG, reference_discount=1.0))[key]
    assert full == DEFAULT_CONFIG.evaluation_confidence
    assert default == round(full * DEFAULT_CONFIG.reference_discount, 3)


def test_the_title_window_is_read() -> None:
    """ "Russian President Vladimir Putin": the title is within 7 tokens before the name."""
    key = ("vladimir-putin", "leader_of", "russia")
    assert key in _relations("leader-title", DEFAULT_CONFIG)
    assert key not in _relations("leader-title",
                                 dataclasses.replace(DEFAULT_CONFIG, title_window=0))
