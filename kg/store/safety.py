"""Queries that must not run: SPARQL `SERVICE` would make the store fetch arbitrary URLs.

The graph is local data; a federated query from a user would let the server send requests
anywhere (and echo what it finds), so every query path refuses it.
"""

from __future__ import annotations

import re

from kg.store.errors import QueryError

# String literals (long and short, both quotes), IRIs in angle brackets and comments are
# removed before looking for the keyword, so `"SERVICE"` or <http://x/SERVICE> pass.
_LITERALS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
_SERVICE = re.compile(r"(?<![?$\w:])SERVICE\b", re.IGNORECASE)
_FROM = re.compile(r"(?<![?$\w:])FROM\b", re.IGNORECASE)
# Deeper nesting than any real query needs; far below what crashes the SPARQL parser.
MAX_NESTING = 64


def check_query(sparql: str) -> None:
    """Raise QueryError for SERVICE (federated queries are disabled) and for absurd nesting."""
    code = _LITERALS.sub(" ", sparql)
    if _SERVICE.search(code):
        raise QueryError("SERVICE (federated queries) is disabled: the store answers from "
                         "its own data only")
    depth = deepest = 0
    for char in code:
        if char in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})":
            depth -= 1
    if deepest > MAX_NESTING:
        raise QueryError(f"query nested {deepest} levels deep; at most {MAX_NESTING} allowed")


def declares_dataset(sparql: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED), which then applies
    instead of the union of all graphs."""
    return bool(_FROM.search(_LITERALS.sub(" ", sparql)))
