"""`kg build --executor dask...`: the extraction on a Dask LocalCluster of 2 worker processes.

A worker killed mid-run is replaced by Dask and its partition rerun; an interrupted build
resumes without duplicates; either way the store ends as an uninterrupted build's.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kg.executors import BuildError, InlineExecutor, run_build
from kg.executors.dask_executor import DaskExecutor, parse_executor
from kg.store import open_store
from kg.store.rdf import DocGraph
from tests.build_corpus import articles, build_env, graphs_by_doc, nquads, write_jsonl
from tests.test_store_remote import server  # noqa: F401  (the live Oxigraph server fixture)

distributed = pytest.importorskip("distributed")

N_DOCS = 32
WHEN = datetime(2024, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0"
                                  ) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("ref") / "kg"
    with open_store(path) as store:
        run_build(articles(N_DOCS), store, InlineExecutor("spacy", WHEN))
    return nquads(path)


def test_parse_executor() -> None:
    assert parse_executor("dask://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert parse_executor("dask-local") is None
    for bad in ("dask://nohost", "spark://x:1", "dask://h:port"):
        with pytest.raises(ValueError, match="unknown executor"):
            parse_executor(bad)


def test_killed_dask_worker_is_replaced_and_the_store_is_complete(
        client: distributed.Client, reference: bytes, tmp_path: Path) -> None:
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_one_worker(graphs: Iterator[DocGraph]) -> Iterator[DocGraph]:
        for i, graph in enumerate(graphs):
            if i == 2 and not killed:  # partitions are in flight on both workers
                victim = next(iter(pids.values()))
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            yield graph

    path = tmp_path / "kg"
    executor = DaskExecutor("spacy", WHEN, client=client, partition=4)
    with open_store(path) as store:
        summary = run_build(articles(N_DOCS), store, executor, batch_size=4,
                            progress=kill_one_worker)
    assert killed and summary.documents == N_DOCS
    assert nquads(path) == reference
    assert len(summary.worker_rss) >= 2 and all(v > 50 * 2**20
                                                 for v in summary.worker_rss.values())
    client.wait_for_workers(2, timeout=120)


def test_interrupted_dask_build_resumes_without_duplicates(
        client: distributed.Client, reference: bytes, tmp_path: Path) -> None:
    def stop_after_ten(graphs: Iterator[DocGraph]) -> Iterator[DocGraph]:
        for i, graph in enumerate(graphs):
            if i == 10:
                raise KeyboardInterrupt  # the writer interrupted between two batches
            yield graph

    path = tmp_path / "kg"
    executor = DaskExecutor("spacy", WHEN, client=client, partition=4)
    with open_store(path) as store, pytest.raises(KeyboardInterrupt):
        run_build(articles(N_DOCS), store, executor, batch_size=4, progress=stop_after_ten)
    partial = graphs_by_doc(nquads(path))
    expected = graphs_by_doc(reference)
    assert 0 < len(partial) <= 10
    assert all(lines == expected[g] for g, lines in partial.items())
    with open_store(path) as store:
        summary = run_build(articles(N_DOCS), store, executor, skip_unchanged=True)
    assert summary.skipped == len(partial)
    assert summary.documents == N_DOCS - summary.skipped
    assert nquads(path) == reference


def test_a_failing_partition_is_one_clear_error(client: distributed.Client,
                                                tmp_path: Path) -> None:
    executor = DaskExecutor("no-such-backend", WHEN, client=client, partition=4)
    with open_store(tmp_path / "kg") as store, pytest.raises(BuildError) as failed:
        run_build(articles(8), store, executor)
    assert "failed on a Dask worker: BackendUnavailable: unknown NLP backend" in str(failed.value)


def test_dask_build_into_a_remote_sparql_store(client: distributed.Client, reference: bytes,
                                               server: str) -> None:  # noqa: F811
    """The writer loads the workers' documents through SPARQL Update; a re-run skips them."""
    executor = DaskExecutor("spacy", WHEN, client=client, partition=8)
    with open_store(server) as store:
        for doc_id in store.documents():
            store.remove_document(doc_id)
        first = run_build(articles(N_DOCS), store, executor, batch_size=16)
        again = run_build(articles(N_DOCS), store, executor, skip_unchanged=True)
        out = io.BytesIO()
        store.export("nq", out)
    assert (first.documents, again.documents, again.skipped) == (N_DOCS, 0, N_DOCS)
    assert graphs_by_doc(out.getvalue()) == graphs_by_doc(reference)


def test_cli_dask_local_builds_then_skips_what_is_stored(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "articles.jsonl", 12)
    store = tmp_path / "kg"
    cmd = ["kg", "build", "--nlp", "spacy", str(source), "--store", str(store),
           "--executor", "dask-local", "--jobs", "2"]
    kg = str(Path(os.sys.executable).parent / "kg")
    first = subprocess.run([kg, *cmd[1:]], capture_output=True, text=True, env=build_env(),
                           timeout=600)
    assert first.returncode == 0, first.stderr
    assert "built 12 documents" in first.stderr
    assert "workers: 2 Dask workers on a local Dask cluster" in first.stderr
    again = subprocess.run([kg, *cmd[1:]], capture_output=True, text=True, env=build_env(),
                           timeout=600)
    assert "built 0 documents, 12 unchanged skipped" in again.stderr
    forced = subprocess.run([kg, *cmd[1:], "--rebuild"], capture_output=True, text=True,
                            env=build_env(), timeout=600)
    assert "built 12 documents" in forced.stderr
    bad = subprocess.run([kg, *cmd[1:-3], "--executor", "yarn://x"], capture_output=True,
                         text=True, env=build_env(), timeout=120)
    assert bad.returncode == 2 and "unknown executor" in bad.stderr
