"""The store backends the SPARQL tests run against, by name: a local Oxigraph directory,
`oxigraph serve`, and Virtuoso (both remote over the SPARQL protocol)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from tests.oxigraph_server import oxigraph_server
from tests.virtuoso_server import virtuoso_server

BACKENDS = ("local", "remote", "virtuoso")


@contextlib.contextmanager
def store_spec(kind: str, home: Path) -> Iterator[str]:
    """A store spec for `open_store`/`kg serve` of the backend `kind`, its server running
    (under `home`) until the block ends."""
    if kind == "local":
        yield str(home / "kg")
    elif kind == "remote":
        with oxigraph_server(home / "oxigraph") as url:
            yield f"sparql+{url}/"
    elif kind == "virtuoso":
        with virtuoso_server(home / "virtuoso") as url:
            yield f"sparql+{url}"
    else:
        raise ValueError(f"unknown store backend {kind!r} (known: {', '.join(BACKENDS)})")
