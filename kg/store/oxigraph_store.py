"""A store in a local directory (or in memory), on pyoxigraph."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg.store.base import Dataset, KGStore
from kg.store.errors import (
    InvalidExtractionError,
    QueryError,
    StoreError,
    StoreLockedError,
    StoreNotFoundError,
)
from kg.store.rdf import DocGraph, nt_graphs, nt_shared
from kg.store.results import QueryResult
from kg.store.terms import nquads, to_ox

MEMORY = ":memory:"
# Below this many quads a transaction (memtable) is faster than the bulk loader, whose SST
# files per batch also make RocksDB compact more (measured crossover: about 2,000 quads).
BULK_MIN_QUADS = 4000


class OxigraphStore(KGStore):
    """pyoxigraph `Store` in a directory; one writing process at a time (RocksDB lock)."""

    _lookup_per_candidate = True

    def __init__(self, path: str | Path = MEMORY, *, create: bool = True) -> None:
        super().__init__()
        self.spec = str(path)
        self._store: ox.Store | None = (
            ox.Store() if self.spec == MEMORY else _open(Path(path), create)
        )

    @property
    def _ox(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"store {self.spec} is closed")
        return self._store

    def _replace_graphs(self, docs: list[DocGraph]) -> None:
        store = self._ox
        graphs = nt_graphs(docs)
        shared = nt_shared(docs)
        try:
            if any(store.contains_named_graph(to_ox(d.graph)) for d in docs):  # type: ignore[arg-type]
                store.update(self._replace_update(docs, graphs, shared))
                return
            graphs += shared  # new documents: shared triples already stored are kept once
            if uses_bulk_loader(sum(len(lines) for _, lines in graphs)):
                # Oxigraph's bulk loader writes sorted SST files and ingests them in one
                # RocksDB call across all indexes: atomic like a transaction (a crash
                # leaves the batch whole or absent), 2-3x faster on large batches.
                store.bulk_load(nquads(graphs), format=ox.RdfFormat.N_QUADS)
            else:  # one transaction
                store.load(nquads(graphs), format=ox.RdfFormat.N_QUADS)
        except OSError as e:
            raise StoreError(f"write to {self.spec} failed: {e}") from e
        except (SyntaxError, ValueError) as e:  # a term Oxigraph rejects: nothing was written
            raise InvalidExtractionError(f"cannot store the batch: {e}") from None

    def _drop_graph(self, graph: URIRef) -> None:
        self._ox.update(f"DROP SILENT GRAPH {to_ox(graph)}")

    def _update(self, sparql: str) -> None:
        try:
            self._ox.update(sparql)
        except OSError as e:
            raise StoreError(f"write to {self.spec} failed: {e}") from e

    def _has_graph(self, graph: URIRef) -> bool:
        return self._ox.contains_named_graph(to_ox(graph))  # type: ignore[arg-type]

    def _query(self, sparql: str, union: bool, dataset: Dataset | None = None) -> QueryResult:
        kwargs: dict[str, object] = {"use_default_graph_as_union": union}
        if dataset is not None:
            kwargs = {"default_graph": [ox.NamedNode(g) for g in dataset.default_graphs],
                      "named_graphs": [ox.NamedNode(g) for g in dataset.named_graphs]}
        try:
            return QueryResult.from_oxigraph(self._ox.query(sparql, **kwargs))  # type: ignore[arg-type]
        except SyntaxError as e:
            raise QueryError(f"invalid SPARQL query: {e}") from None
        except (OSError, RuntimeError, ValueError, TypeError) as e:
            raise QueryError(f"query failed: {e}") from None

    def _triples(self, graph: URIRef | None) -> Iterable[ox.Triple]:
        if graph is None:
            return self._ox.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True)  # type: ignore[return-value]
        return (q.triple for q in self._ox.quads_for_pattern(None, None, None, to_ox(graph)))  # type: ignore[arg-type]

    def _quads(self, graph: URIRef | None) -> Iterable[ox.Quad]:
        return self._ox.quads_for_pattern(None, None, None, None if graph is None else to_ox(graph))  # type: ignore[arg-type]

    def close(self) -> None:
        if self._store is not None:
            self._store.flush()
            self._store = None  # dropping the last reference releases the directory lock

    def __repr__(self) -> str:
        return f"OxigraphStore({self.spec!r})"


def uses_bulk_loader(quads: int) -> bool:
    """Whether a batch of new documents with this many quads goes through the bulk loader."""
    return quads >= BULK_MIN_QUADS


def _open(path: Path, create: bool) -> ox.Store:
    if path.exists() and not path.is_dir():
        raise StoreError(f"store path {path} exists and is not a directory")
    if not create and not (path / "CURRENT").is_file():
        raise StoreNotFoundError(f"no store at {path} (build one first, or check --store/KG_STORE)")
    try:
        path.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
    except OSError as e:
        if "lock" in str(e).lower():
            raise StoreLockedError(
                f"store {path} is in use by another process (a running `kg serve` or `kg build`?); "
                "stop it, or query its SPARQL endpoint instead"
            ) from None
        raise StoreError(f"cannot open store {path}: {e}") from None
    _remove_unfinished_bulk_files(path)
    return store


def _remove_unfinished_bulk_files(path: Path) -> None:
    """Delete SST files a killed bulk write left behind (never ingested, so never data).

    Safe only here: we hold the directory lock, so no other writer can be using them.
    """
    for leftover in path.glob("bulk-*.sst"):
        leftover.unlink(missing_ok=True)
