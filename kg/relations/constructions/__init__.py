"""Constructions: the named syntactic patterns that turn a cue into subject/object frames.

Three kinds, each registered by name in `REGISTRY` (one small module per construction):

- `head`: where a cue's subject and object tokens are (`verb_frame`, `passive_frame`,
  `participle_modifier`, `noun_frame`, `light_verb`, `copular_adjective`). Returns `Slots`.
- `shape`: frames made from the slots before they are resolved (`between_phrase`,
  `mediation`). Returns frames, or None when it does not apply.
- `pairing`: how resolved subjects and objects pair up (`coordinated_subjects`,
  `joint_parties`). Returns a frame or None; plain pairs keep the head's name.
- `free`: patterns with no cue word of their own (`copular_preposition` runs on its ADP cue;
  `characterisation`, `copular_evaluation`, `reported_obligation` run on every token).

A mention's rule id names its cue, the construction that made its frame, and the rewrites
applied: `<cue id>|<construction>|<rewrite>+<rewrite>`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.lexicon import Cue
from kg.model import Actor, Token
from kg.relations.arguments import Argument


@dataclass(frozen=True)
class Frame:
    """Subjects and objects of one candidate relation, with the construction that made it."""

    cue: Cue
    construction: str
    subject: Argument
    object: Argument
    via_reference: bool
    anchor: Token | None = None  # whose negation/modality/source count (default: the cue)

    @property
    def subjects(self) -> tuple[Actor, ...]:
        return self.subject.actors

    @property
    def objects(self) -> tuple[Actor, ...]:
        return self.object.actors

    def joint_owners(self, a: Actor, b: Actor) -> bool:
        """Whether two actors own one act together (no stance of one on the other)."""
        return any(a.id in group and b.id in group
                   for group in self.subject.joint + self.object.joint)


@dataclass(frozen=True)
class Slots:
    """A head construction's answer: the cue's subject and object tokens."""

    construction: str
    subjects: list[Token]
    objects: list[Token]


@dataclass(frozen=True)
class Construction:
    name: str
    kind: str  # head | shape | pairing | free
    run: Callable[..., Any]
    doc: str


REGISTRY: dict[str, Construction] = {}
KINDS = ("head", "shape", "pairing", "free")


def register(name: str, kind: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a construction function under a unique name."""
    if kind not in KINDS:
        raise ValueError(f"unknown construction kind {kind!r} (known: {', '.join(KINDS)})")

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        if name in REGISTRY:
            raise ValueError(f"construction {name!r} registered twice")
        REGISTRY[name] = Construction(name, kind, func, (func.__doc__ or "").strip())
        return func

    return decorate


def get(name: str) -> Construction:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown construction {name!r} (known: {', '.join(sorted(REGISTRY))})"
                       ) from None


# The order in which head and shape constructions are tried; free ones run in this order.
HEAD_ORDER = ("participle_modifier", "passive_frame", "verb_frame", "light_verb", "noun_frame",
              "copular_adjective")
SHAPE_ORDER = ("between_phrase", "mediation")
PAIRING_ORDER = ("coordinated_subjects", "joint_parties")
FREE_ORDER = ("characterisation", "copular_evaluation", "reported_obligation")
MODULES = ("verb_frame", "passive_frame", "participle_modifier", "noun_frame", "light_verb",
           "copular_adjective", "copular_preposition", "between_phrase", "mediation",
           "coordinated_subjects", "joint_parties", "characterisation", "copular_evaluation",
           "reported_obligation")
# Helper modules of the package that are not constructions: common, evaluation.


def load_all() -> dict[str, Construction]:
    """Import every construction module (each registers itself) and return the registry."""
    for module in MODULES:
        importlib.import_module(f"kg.relations.constructions.{module}")
    return REGISTRY

