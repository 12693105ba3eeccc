"""An export in its own process: `python -m api.export_worker PATH FORMAT [DOC]` writes
the store's export (the same bytes as `kg export`) to stdout from a read-only view.

Sorting and serialising a large store holds the GIL for seconds; in the server process
that stalls every request, so `/export` streams this process's output instead (and kills
it when the client goes away).
"""

from __future__ import annotations

import sys

import pyoxigraph as ox

from kg.store.base import KGStore
from kg.store.oxigraph_store import OxigraphStore


class ReadOnlyStore(OxigraphStore):
    """An `OxigraphStore` over `Store.read_only(path)`: readable while the server writes."""

    def __init__(self, path: str) -> None:
        KGStore.__init__(self)
        self.spec = path
        self._store = ox.Store.read_only(path)


def main(argv: list[str]) -> int:  # pragma: no cover - runs in a child
    path, fmt = argv[0], argv[1]
    doc = argv[2] if len(argv) > 2 and argv[2] else None
    try:
        ReadOnlyStore(path).export(fmt, sys.stdout.buffer, doc_id=doc)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        return 1
    except Exception as e:  # reported to the server's log by the parent
        print(f"export failed: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
