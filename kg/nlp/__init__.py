"""NLP backends behind one protocol, chosen by name.

`auto` picks Stanza when its English models are on disk, else the offline spaCy pipeline.
"""

from __future__ import annotations

import importlib
import sys

from kg.nlp.base import BackendUnavailable, NLPBackend

# name -> "module:Class"; a backend is imported only when chosen.
REGISTRY: dict[str, str] = {
    "stanza": "kg.nlp.stanza_backend:StanzaBackend",
    "spacy": "kg.nlp.spacy_backend:SpacyBackend",
}
CHOICES = ("auto", *REGISTRY)

__all__ = ["CHOICES", "REGISTRY", "BackendUnavailable", "NLPBackend", "load_backend",
           "resolve_name"]


def resolve_name(name: str) -> str:
    """Turn `auto` into a concrete backend name."""
    if name != "auto":
        if name not in REGISTRY:
            raise BackendUnavailable(f"unknown NLP backend {name!r}; choose from {CHOICES}")
        return name
    from kg.nlp.stanza_backend import models_present

    return "stanza" if models_present() else "spacy"


_cache: dict[str, NLPBackend] = {}


def load_backend(name: str = "auto", announce: bool = True) -> NLPBackend:
    """Load (once per process) the backend called `name`."""
    concrete = resolve_name(name)
    if concrete not in _cache:
        module_name, class_name = REGISTRY[concrete].split(":")
        backend_class = getattr(importlib.import_module(module_name), class_name)
        _cache[concrete] = backend_class()
    backend = _cache[concrete]
    if announce and name == "auto":
        print(f"kg: NLP backend {backend.name} ({backend.version})", file=sys.stderr)
    return backend
