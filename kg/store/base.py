"""The store interface: one named graph per document, SPARQL over their union.

Backends implement a few primitives (`_replace_graphs`, `_drop_graph`, `_has_graph`,
`_query`, `_triples`, `_quads`); everything else — stats, export, validation — is built
on them here, so the local and the remote store behave the same.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Self

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.model import PREDICATES, Extraction
from kg.store.errors import DocumentNotFoundError
from kg.store.export import rdf_format, write_rdf
from kg.store.namespaces import (
    METRICS_GRAPH,
    ONTOLOGY,
    RUNS_GRAPH,
    graph_iri,
    predicate_iri,
    sparql_prefixes,
    store_graphs_filter,
)
from kg.store.rdf import DocGraph, Run, document_graphs, ingestion_time
from kg.store.results import QueryResult
from kg.store.safety import check_query, declares_dataset
from kg.store.schema import ontology_graph
from kg.store.shared import stale_operations, write_update
from kg.store.terms import from_ox, nt_iri, nt_lines
from kg.store.validation import validate_graph

# Documents per write: large enough for Oxigraph's bulk loader on typical articles
# (see `OxigraphStore`); a crash loses at most one batch, never part of a document.
DEFAULT_BATCH = 256
_EDGES = "SELECT DISTINCT ?s ?p ?o {{ VALUES ?p {{ {} }} GRAPH ?g {{ ?s ?p ?o }} }}"
_RELATIONS = " ".join(predicate_iri(p).n3() for p in PREDICATES)
_DOC_GRAPHS = (f"GRAPH ?g {{ ?s ?p ?o }} {store_graphs_filter()} "
               f"FILTER(?g != {ONTOLOGY.n3()} && ?g != {METRICS_GRAPH.n3()})")


@dataclass(frozen=True)
class Dataset:
    """An RDF dataset named by the SPARQL protocol: default graphs and named graphs."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoreStats:
    documents: int
    mentions: int
    asserted_edges: int  # distinct (subject, predicate, object) over all documents
    actors: int
    triples: int  # distinct triples in the union of the document graphs
    quads: int  # everything stored, ontology graph included

    @property
    def edges(self) -> int:
        """Alias of `asserted_edges`."""
        return self.asserted_edges

    def to_json(self) -> dict[str, int]:
        return asdict(self)


class KGStore(ABC):
    """A knowledge-graph store. Writes are serialised by a lock; reads may run concurrently."""

    spec: str
    #: how `kg.store.shared` looks up edge support (see `stale_operations`)
    _lookup_per_candidate = False

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._ontology_written = False

    # ------------------------------------------------------------ primitives

    @abstractmethod
    def _replace_graphs(self, docs: list[DocGraph]) -> None:
        """Replace the graphs of `docs` in one atomic write (whole or not at all)."""

    @abstractmethod
    def _drop_graph(self, graph: URIRef) -> None: ...

    @abstractmethod
    def _update(self, sparql: str) -> None:
        """Run one SPARQL Update (all its operations in one transaction where the engine
        allows: Oxigraph does)."""

    @abstractmethod
    def _has_graph(self, graph: URIRef) -> bool: ...

    @abstractmethod
    def _query(self, sparql: str, union: bool, dataset: Dataset | None = None) -> QueryResult:
        """Run a query over the union of all graphs (`union`), the query's own dataset, or
        `dataset` (default graphs, named graphs: the SPARQL protocol's parameters)."""

    @abstractmethod
    def _triples(self, graph: URIRef | None) -> Iterable[ox.Triple]:
        """Distinct triples of one graph, or of the union of all graphs."""

    @abstractmethod
    def _quads(self, graph: URIRef | None) -> Iterable[ox.Quad]:
        """Quads of one graph, or of all named graphs."""

    @abstractmethod
    def close(self) -> None: ...

    # ------------------------------------------------------------ writing

    def write_document(
        self, extraction: Extraction, *, ingested_at: datetime | None = None
    ) -> None:
        """Write one document, replacing any earlier version of it, atomically."""
        self.write_documents([extraction], ingested_at=ingested_at, batch_size=1)

    def write_documents(
        self,
        extractions: Iterable[Extraction],
        *,
        batch_size: int = DEFAULT_BATCH,
        ingested_at: datetime | None = None,
    ) -> int:
        """Write many documents, `batch_size` per atomic write; returns how many were written.

        A crash leaves every document whole or absent. `extractions` is consumed lazily,
        so a progress bar around it shows real progress; it runs at most one batch ahead
        of the write in flight (a failed write is raised once that batch is mapped).
        """
        runs: dict[tuple[str, str], Run] = {}
        graphs = document_graphs(extractions, ingested_at=ingested_at, runs=runs)
        return self.write_graphs(graphs, batch_size=batch_size, runs=runs,
                                 ingested_at=ingested_at)

    def write_graphs(self, graphs: Iterable[DocGraph], *, batch_size: int = DEFAULT_BATCH,
                     runs: dict[tuple[str, str], Run] | None = None,
                     ingested_at: datetime | None = None) -> int:
        """Write mapped document graphs, `batch_size` per atomic write (see `write_documents`).

        For callers that map extractions to RDF elsewhere (`kg build --jobs` workers).
        `runs` (filled while `graphs` is consumed) get their end time after the last write.
        """
        count = 0
        runs = {} if runs is None else runs
        with self._lock, ThreadPoolExecutor(1, thread_name_prefix="kg-store-writer") as writer:
            self._ensure_ontology()
            # Batch k is written in the writer thread while this one maps batch k + 1 (and
            # pulls its extractions): the store releases the GIL while it writes. One
            # batch in flight at a time, so writes keep their order and an error stops the
            # run before the next batch.
            pending: Future[None] | None = None
            try:
                for batch in _batched(graphs, batch_size):
                    unique = list({d.graph: d for d in batch}.values())  # repeated id: last wins
                    if pending is not None:
                        pending.result()
                    pending = writer.submit(self._replace_graphs, unique)
                    count += len(batch)  # a failed write raises: no count is returned then
                if pending is not None:
                    pending.result()
                self._end_runs(list(runs.values()), ingested_at)
            except BaseException as exc:
                # Mapping the next batch failed (or Ctrl-C) while a write was in flight:
                # that write finishes (it is atomic); if it failed too, say so.
                failed = pending.exception() if pending is not None else None
                if failed is not None and failed is not exc:
                    exc.add_note(f"the batch being written failed as well: {failed}")
                raise
        return count

    def remove_document(self, doc_id: str) -> bool:
        """Delete a document's graph, with the shared triples (edges, aliases, actors) no
        other document supports, in one update."""
        graph = graph_iri(doc_id)
        with self._lock:
            if not self._has_graph(graph):
                return False
            stale = self._stale([graph])
            self._update(" ;\n".join([f"DROP SILENT GRAPH {nt_iri(graph)}", *stale]))
            return True

    def _stale(self, graphs: list[URIRef], new: Iterable[DocGraph] = ()) -> list[str]:
        """Deletions of the shared triples only `graphs` support (see `kg.store.shared`)."""
        return stale_operations(lambda q: self._query(q, False).rows, graphs, new,
                                self._lookup_per_candidate)

    def _replace_update(self, docs: list[DocGraph], graphs: list[tuple[URIRef, list[str]]],
                        shared: list[tuple[URIRef, list[str]]]) -> str:
        """The update replacing `docs` (mapped to `graphs` and `shared` lines)."""
        return write_update(graphs, shared, self._stale([d.graph for d in docs], docs))

    def _end_runs(self, runs: list[Run], pinned: datetime | None) -> None:
        """Record when the runs ended (a run without an end did not finish); a pinned
        ingestion time pins the end too (same input, same graph)."""
        if not runs:
            return
        ended = ingestion_time(pinned)
        ends = [t for run in runs for t in run.triples(ended)[-1:]]
        self._update(write_update([], [(RUNS_GRAPH, nt_lines(ends))]))

    def _ensure_ontology(self) -> None:
        if not self._ontology_written:
            ont = ontology_graph()
            self._replace_graphs([DocGraph("", ONTOLOGY, list(ont))])  # type: ignore[arg-type]
            self._ontology_written = True

    # ------------------------------------------------------------ reading

    def query(self, sparql: str, *, union: bool = True, default_graphs: Iterable[str] = (),
              named_graphs: Iterable[str] = (), base_iri: str | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE).

        With `union` (the default) the default graph is the union of all graphs, a set (no
        triple is stored in two graphs), unless the query has FROM / FROM NAMED. Graphs given
        as `default_graphs` / `named_graphs` replace both (as the SPARQL protocol's
        parameters do); relative IRIs resolve against `base_iri`. The project's prefixes
        (kg:, actor:, rdfs:, ...) are predeclared.
        """
        check_query(sparql)
        head = (f"BASE {nt_iri(base_iri)}\n" if base_iri else "") + sparql_prefixes()
        defaults, named = tuple(default_graphs), tuple(named_graphs)
        for iri in (*defaults, *named):
            nt_iri(iri)  # ValueError for a string that is no IRI
        dataset = Dataset(defaults, named) if defaults or named else None
        return self._query(head + sparql, union and not declares_dataset(sparql), dataset)

    def documents(self) -> list[str]:
        """Ids of the stored documents, sorted."""
        rows = self._query(
            sparql_prefixes()
            + "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?d a kg:Document ; dcterms:identifier ?id } }"
            " ORDER BY ?id",
            False,
        )
        return [str(r[0]) for r in rows]

    def content_hashes(self) -> dict[str, str]:
        """Stored document id → content hash (`kg.store.hashes`); documents written before
        hashes were recorded map to ""."""
        rows = self._query(
            sparql_prefixes()
            + "SELECT ?id ?h WHERE { GRAPH ?g { ?d a kg:Document ; dcterms:identifier ?id"
            " OPTIONAL { ?d kg:contentHash ?h } } }",
            False,
        )
        return {str(r[0]): "" if r[1] is None else str(r[1]) for r in rows}

    def has_document(self, doc_id: str) -> bool:
        return self._has_graph(graph_iri(doc_id))

    def replace_graph(self, graph: URIRef, triples: list[tuple]) -> None:
        """Replace one named graph that is not a document's (derived data), atomically."""
        with self._lock:
            self._replace_graphs([DocGraph("", graph, triples)])  # type: ignore[arg-type]

    def drop_graph(self, graph: URIRef) -> bool:
        """Remove one named graph; False if there was none."""
        with self._lock:
            if not self._has_graph(graph):
                return False
            self._drop_graph(graph)
            return True

    def stats(self) -> StoreStats:
        def count(pattern: str) -> int:
            res = self._query(
                sparql_prefixes() + f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", False
            )
            value = res.rows[0][0]
            return int(value.toPython()) if isinstance(value, Literal) else 0

        return StoreStats(
            documents=count("SELECT DISTINCT ?d { GRAPH ?g { ?d a kg:Document } }"),
            mentions=count("SELECT DISTINCT ?m { GRAPH ?g { ?m a kg:RelationMention } }"),
            asserted_edges=count(_EDGES.format(_RELATIONS)),
            actors=count("SELECT DISTINCT ?a { GRAPH ?g { ?a a kg:Actor } }"),
            triples=count(f"SELECT DISTINCT ?s ?p ?o {{ {_DOC_GRAPHS} }}"),
            quads=count(f"GRAPH ?g {{ ?s ?p ?o }} {store_graphs_filter()}"),
        )

    def export(self, fmt: str, file: str | Path | BinaryIO, doc_id: str | None = None) -> int:
        """Serialise the store (or one document) as turtle|trig|nt|nq|jsonld|xml; returns count.

        Triple formats get the union of all graphs (each triple once); dataset formats
        keep one named graph per document plus the ontology graph.
        """
        rdf_fmt = rdf_format(fmt)
        graph = None
        if doc_id is not None:
            graph = graph_iri(doc_id)
            if not self._has_graph(graph):
                raise DocumentNotFoundError(f"no document {doc_id!r} in the store")
        items = self._quads(graph) if rdf_fmt.supports_datasets else self._triples(graph)
        if isinstance(file, str | Path):
            with open(file, "wb") as out:
                return write_rdf(items, fmt, out)
        return write_rdf(items, fmt, file)

    def to_graph(self) -> Graph:
        """The union of all graphs as an in-memory rdflib Graph (for pyshacl and small stores)."""
        g = Graph()
        for t in self._triples(None):
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))  # type: ignore[arg-type]
        return g

    def validate(self, inference: str = "none") -> tuple[bool, str]:
        """Check the union graph against the SHACL shapes (after RDFS inference with
        `inference="rdfs"`); returns (conforms, report text)."""
        return validate_graph(self.to_graph(), inference)

    # ------------------------------------------------------------ context manager

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _batched(items: Iterable[DocGraph], size: int) -> Iterator[list[DocGraph]]:
    it = iter(items)
    while batch := list(islice(it, max(1, size))):
        yield batch
