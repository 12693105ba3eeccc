"""Lexical knowledge shared by the actor and relation stages: the cue lexicon, the word
lists by role, the schema that every data file is checked against, and the tuning numbers."""

from kg.lexicon.lexicon import DATA_DIR, Cue, Lexicon, default_lexicon, read_lexicon

__all__ = ["DATA_DIR", "Cue", "Lexicon", "default_lexicon", "read_lexicon"]
