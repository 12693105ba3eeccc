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


def check_query(sparql: str) -> None:
    """Raise QueryError when the query uses SERVICE (federated queries are disabled)."""
    if _SERVICE.search(_LITERALS.sub(" ", sparql)):
        raise QueryError("SERVICE (federated queries) is disabled: the store answers from "
                         "its own data only")
