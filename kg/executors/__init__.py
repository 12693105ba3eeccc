"""Build execution: extraction in worker processes or on Dask, one ordered writer.

    executor = ProcessExecutor(jobs=2, backend="spacy", ingested_at=ingestion_time())
    summary = run_build(articles, store, executor, skip_unchanged=True)
"""

from kg.executors.executors import BuildError, Executor, InlineExecutor, ProcessExecutor
from kg.executors.runner import BuildSummary, run_build

__all__ = ["BuildError", "BuildSummary", "Executor", "InlineExecutor", "ProcessExecutor",
           "run_build"]
