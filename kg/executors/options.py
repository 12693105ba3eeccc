"""From `kg build`'s options to an executor: how many workers, where, with which model."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from kg.executors.executors import Executor, InlineExecutor, ProcessExecutor
from kg.model import Article
from kg.store.rdf import ingestion_time

# Without an explicit --jobs, an input this small runs in this process: loading a model
# in each worker costs more than parsing a few dozen articles.
SMALL_INPUT = 48


@dataclass
class BuildPlan:
    executor: Executor
    articles: Iterator[Article]


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def check_backend(name: str) -> str:
    """The concrete backend name for `name`, if its models are installed (else ValueError).

    Workers load the model; checking here gives one clear message instead of one per worker.
    """
    from kg.nlp import resolve_name

    concrete = resolve_name(name)
    if concrete == "spacy":
        from kg.nlp.spacy_backend import find_model

        if find_model() is None:
            raise ValueError("no spaCy English pipeline is installed (run `make install`)")
    else:
        from kg.nlp.stanza_backend import models_present

        if not models_present():
            raise ValueError("Stanza's English models are not on disk "
                             "(run `kg models download`, or use --nlp spacy)")
    if name == "auto":
        print(f"kg: NLP backend {concrete}", file=sys.stderr)
    return concrete


def plan_build(nlp: str, jobs: int | None, executor: str | None,
               articles: Iterable[Article]) -> BuildPlan:
    """Choose the executor; ValueError for an unknown executor or a missing model."""
    from kg.nlp import BackendUnavailable

    try:
        backend = check_backend(nlp)
    except BackendUnavailable as exc:
        raise ValueError(str(exc)) from None
    when = ingestion_time()
    stream = iter(articles)
    if executor is not None:
        from kg.executors.dask_executor import DaskExecutor, parse_executor

        address = parse_executor(executor)
        chosen: Executor = DaskExecutor(backend, when, address=address, workers=jobs or cores())
        return BuildPlan(chosen, stream)
    if jobs is None:
        head = list(islice(stream, SMALL_INPUT))
        stream = chain(head, stream)
        jobs = 1 if len(head) < SMALL_INPUT else cores()
    chosen = InlineExecutor(backend, when) if jobs == 1 else ProcessExecutor(jobs, backend, when)
    return BuildPlan(chosen, stream)
