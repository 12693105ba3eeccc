"""What a build worker does with a chunk of articles: parse, extract, map to RDF.

Runs in `kg build --jobs N` worker processes and on Dask workers alike. The NLP model is
loaded once per process (`kg.nlp.load_backend` caches it) and reused for every chunk.
The result is a document graph per article (RDF already mapped, so the one writer only
writes) plus the figures for the summary.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from kg.model import Article
from kg.store.rdf import DocGraph


@dataclass(frozen=True)
class DocResult:
    """One document, ready for the store."""

    graph: DocGraph
    mentions: int
    actors: tuple[str, ...]  # labels of the actors found, for the summary


@dataclass(frozen=True)
class ChunkResult:
    """The documents of one chunk, in input order, and who made them."""

    docs: list[DocResult]
    worker: str = field(default="")
    peak_rss: int = 0  # bytes: the worker process's high-water mark so far


def peak_rss() -> int:
    """This process's peak resident memory in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def worker_name() -> str:
    """The Dask worker's address inside a Dask worker, else the process id."""
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


def exit_with_parent(interval: float = 1.0) -> None:
    """In a pool worker: exit when the process that started it is gone.

    A writer killed with SIGKILL cannot stop its workers; without this they would wait on
    their task queue forever, each holding a model in memory.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def extract_chunk(articles: list[Article], backend: str, ingested_at: datetime) -> ChunkResult:
    """Parse, extract and map `articles` (same order); `backend` is a concrete backend name."""
    from kg.nlp import load_backend
    from kg.pipeline import extract_articles
    from kg.store.rdf import document_graph

    nlp = load_backend(backend, announce=False)
    docs = []
    for extraction in extract_articles(articles, nlp):
        graph = document_graph(extraction, ingested_at=ingested_at)
        labels = tuple(a.label for a in extraction.actors.values())
        docs.append(DocResult(graph, len(extraction.mentions), labels))
    return ChunkResult(docs, worker_name(), peak_rss())
