"""`kg build --jobs N`: worker processes extract, one writer writes in input order.

The same store content (N-Quads export) for 1 and 2 jobs; `--since-last` skips what is
stored unchanged; a killed worker or a killed writer leaves whole documents only, and a
re-run completes the build to exactly what an uninterrupted build stores.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.build_corpus import (
    build_env,
    graphs_by_doc,
    nquads,
    wait_for_documents,
    write_jsonl,
    write_txt,
)

N_DOCS = 40
KG = [sys.executable, "-m", "kg.cli"]


def kg_build(*args: str, **popen) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, "build", "--nlp", "spacy", *args], capture_output=True,
                          text=True, env=build_env(), timeout=600, **popen)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_txt(tmp_path_factory.mktemp("corpus") / "docs", N_DOCS)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The uninterrupted build, in this process's way (--jobs 1)."""
    store = tmp_path_factory.mktemp("ref") / "kg"
    done = kg_build(str(corpus), "--store", str(store), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert f"built {N_DOCS} documents" in done.stderr
    return nquads(store)


def test_two_jobs_store_what_one_job_stores(corpus: Path, reference: bytes,
                                            tmp_path: Path) -> None:
    store = tmp_path / "kg"
    done = kg_build(str(corpus), "--store", str(store), "--jobs", "2", "--batch-size", "8")
    assert done.returncode == 0, done.stderr
    assert f"built {N_DOCS} documents" in done.stderr
    assert "workers: 2 worker processes; peak memory per worker: " in done.stderr
    sizes = done.stderr.split("peak memory per worker: ")[1].split(" MiB")[0].split(", ")
    assert len(sizes) == 2 and all(int(s) > 50 for s in sizes)  # each loaded a model
    assert nquads(store) == reference
    assert len(graphs_by_doc(reference)) == N_DOCS


def test_since_last_skips_unchanged_and_redoes_changed(corpus: Path, reference: bytes,
                                                       tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in corpus.iterdir():
        (docs / f.name).write_bytes(f.read_bytes())
    store = tmp_path / "kg"
    first = kg_build(str(docs), "--store", str(store), "--jobs", "1")
    assert first.returncode == 0, first.stderr
    again = kg_build(str(docs), "--store", str(store), "--jobs", "1", "--since-last")
    assert again.returncode == 0, again.stderr
    assert f"built 0 documents, {N_DOCS} unchanged skipped" in again.stderr
    (docs / "doc-005.txt").write_text("NATO condemned Russia on Monday.", encoding="utf-8")
    changed = kg_build(str(docs), "--store", str(store), "--jobs", "1", "--since-last")
    assert f"built 1 documents, {N_DOCS - 1} unchanged skipped" in changed.stderr
    graphs = graphs_by_doc(nquads(store))
    assert any(b"NATO condemned Russia" in line for line in graphs[
        "<https://w3id.org/kg-news/graph/doc-005>"])
    conflict = kg_build(str(docs), "--store", str(store), "--since-last", "--rebuild")
    assert conflict.returncode == 2 and "exclude each other" in conflict.stderr


def _whole_documents_only(store: Path, reference: bytes) -> int:
    """Every stored document graph equals the reference's; returns how many are stored."""
    expected = graphs_by_doc(reference)
    stored = graphs_by_doc(nquads(store))
    for graph, lines in stored.items():
        assert lines == expected[graph], f"{graph} is not whole"
    return len(stored)


def _start_build(corpus: Path, store: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*KG, "build", "--nlp", "spacy", str(corpus), "--store", str(store), "--jobs", "2",
         "--batch-size", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=build_env(),
        start_new_session=True)


def _workers(parent: subprocess.Popen[str]) -> list[psutil.Process]:
    """The pool's worker processes (not multiprocessing's resource tracker)."""
    children = psutil.Process(parent.pid).children()
    return [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]


@pytest.mark.parametrize("victim", ["worker", "writer"])
def test_killed_build_leaves_whole_documents_and_resumes(corpus: Path, reference: bytes,
                                                         tmp_path: Path, victim: str) -> None:
    store = tmp_path / "kg"
    build = _start_build(corpus, store)
    try:
        stored = wait_for_documents(store, 4, 300, lambda: build.poll() is None)
        assert build.poll() is None, f"the build ended before the kill ({stored} stored)"
        if victim == "worker":
            os.kill(_workers(build)[0].pid, signal.SIGKILL)
            _, err = build.communicate(timeout=120)
            assert build.returncode == 1, err
            assert "a worker process died" in err and "--since-last" in err
        else:
            workers = _workers(build)
            os.kill(build.pid, signal.SIGKILL)  # the writer alone: its workers must follow
            build.wait(timeout=60)
            _, alive = psutil.wait_procs(workers, timeout=30)
            assert not alive, "pool workers outlived their killed writer"
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
    time.sleep(0.5)
    partial = _whole_documents_only(store, reference)
    assert 0 < partial < N_DOCS
    resumed = kg_build(str(corpus), "--store", str(store), "--jobs", "2", "--since-last")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{partial} unchanged skipped" in resumed.stderr
    assert nquads(store) == reference


def test_build_reads_gzipped_jsonl_line_by_line(tmp_path: Path) -> None:
    plain = write_jsonl(tmp_path / "a.jsonl", 6)
    packed = tmp_path / "archive.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes() + b"{broken\n"))
    plain.unlink()
    done = kg_build(str(packed), "--store", str(tmp_path / "kg"))
    assert done.returncode == 2, done.stderr  # the broken line is reported, the rest stored
    assert f"{packed}:7: malformed JSON" in done.stderr
    assert "built 6 documents" in done.stderr and "workers: 1 process" in done.stderr
