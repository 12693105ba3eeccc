"""Faults: kill -9 of `kg build` and of the server mid-ingest, then reopen: only whole
documents, and every acknowledged one. Concurrent writers and readers through the API: no
lost or duplicated documents.

"Whole" is checked byte for byte: each stored document's N-Triples equal those of the same
text extracted and stored here, in memory (ingestion times are pinned with
SOURCE_DATE_EPOCH). `KG_SOAK=1` repeats the kills and runs the writers longer.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import pty
import random
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT
from tests.test_reliability import (
    AUTH,
    COMMITTED,
    SOAK,
    SOAK_ROUNDS,
    WHEN,
    Api,
    doc_nt,
    kg_env,
    snapshot,
    start_api,
    write_store,
)

TEXTS = [
    "Russia opposes NATO expansion. China supports Russia.",
    "The European Union criticized Iran on Monday. Iran threatens Israel.",
    "The United States sanctions Russia. Ukraine cooperates with the EU.",
    "Moscow rejected the peace plan put forward by Kyiv.",
    "Turkey cooperates with Azerbaijan. NATO criticizes Russia.",
]
ROUNDS = SOAK_ROUNDS if SOAK else 1


@pytest.fixture(scope="module")
def text_extractions(spacy_backend: Any) -> dict[str, Any]:
    """Each distinct text extracted once (under a placeholder id)."""
    from kg.model import Article
    from kg.pipeline import extract_articles

    articles = [Article(id=f"t{n}", text=t) for n, t in enumerate(TEXTS)]
    return {a.text: e for a, e in zip(articles, extract_articles(articles, spacy_backend),
                                      strict=True)}


def expected_nt(text_extractions: dict[str, Any], docs: dict[str, str]) -> dict[str, bytes]:
    """doc id → the N-Triples of `text` stored whole under that id."""
    from kg.store import open_store

    def clone(ex: Any, doc_id: str) -> Any:
        article = dataclasses.replace(ex.article.article, id=doc_id)
        return dataclasses.replace(
            ex, article=dataclasses.replace(ex.article, article=article),
            mentions=[dataclasses.replace(m, doc=doc_id) for m in ex.mentions])

    with open_store(":memory:") as store:
        store.write_documents([clone(text_extractions[t], d) for d, t in docs.items()],
                              ingested_at=WHEN)
        return {doc_id: doc_nt(store, doc_id) for doc_id in docs}


def assert_whole(found: dict[str, bytes], expected: dict[str, bytes]) -> None:
    partial = [d for d in found if d in expected and found[d] != expected[d]]
    assert not partial, f"documents not stored whole: {partial[:5]}"


# ------------------------------------------------------------------ kill -9 of kg build


def _build_until_killed(jsonl: Path, store: Path, kill_at: int, batch: int
                        ) -> tuple[int, int]:
    """Run `kg build`, kill -9 it once its progress bar passes `kill_at` documents;
    returns (progress seen, exit code). The bar needs a terminal: stderr is a pty."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(jsonl), "--store", str(store),
         "--nlp", "spacy", "--batch-size", str(batch)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=kg_env(),
        cwd=ROOT)
    os.close(slave)
    seen, tail = 0, b""
    try:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            tail = (tail + data)[-4096:]
            counts = re.findall(rb"building: (\d+)doc", tail)
            if counts:
                seen = int(counts[-1])
            if seen >= kill_at:
                time.sleep(random.uniform(0, 0.05))  # land anywhere in a batch
                os.kill(child.pid, signal.SIGKILL)
                break
        return seen, child.wait(timeout=120)
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
            child.wait()


# Small batches are transactions; batches this large go through Oxigraph's bulk loader.
KILL_POINTS = {4: [65, 129, 193, 257], 150: [320, 400]}


@pytest.mark.parametrize("batch", sorted(KILL_POINTS), ids=["transactions", "bulk-loader"])
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_kill_build_mid_run(tmp_path: Path, text_extractions: dict[str, Any],
                            spacy_backend: Any, round_: int, batch: int) -> None:
    from kg.store.oxigraph_store import uses_bulk_loader
    from kg.store.rdf import document_graph

    smallest = min(len(document_graph(e).triples) for e in text_extractions.values())
    assert uses_bulk_loader(batch * smallest) == (batch > 4)
    store = tmp_path / "kg"
    before = write_store(store, spacy_backend, COMMITTED)
    n_docs = 600
    jsonl = tmp_path / "corpus.jsonl"
    docs = {f"d-{i:04d}": TEXTS[i % len(TEXTS)] for i in range(n_docs)}
    jsonl.write_text("".join(json.dumps({"id": d, "text": t}) + "\n" for d, t in docs.items()))
    kill_at = random.Random(round_).choice(KILL_POINTS[batch])
    seen, code = _build_until_killed(jsonl, store, kill_at, batch)
    assert code == -signal.SIGKILL, f"kg build ended ({code}) before it was killed"

    after = snapshot(store)
    for doc_id, nt in before.items():
        assert after.pop(doc_id) == nt, f"committed {doc_id} changed"
    written = sorted(after)
    # Transactions of `batch` documents in input order: a prefix of the input, whole batches.
    assert written == sorted(docs)[:len(written)], "not a prefix of the input"
    assert len(written) % batch == 0 and 0 < len(written) < n_docs, (len(written), seen)
    assert_whole(after, expected_nt(text_extractions, {d: docs[d] for d in written}))


# ------------------------------------------------------------------ kill -9 of the server


class Writer(threading.Thread):
    """POSTs documents one after another until the server goes away."""

    def __init__(self, url: str, prefix: str, limit: int) -> None:
        super().__init__(daemon=True)
        self.url, self.prefix, self.limit = url, prefix, limit
        self.acked: dict[str, str] = {}
        self.in_flight: dict[str, str] = {}
        self.failure: str | None = None

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as c:
            for i in range(self.limit):
                doc_id, text = f"{self.prefix}-{i:04d}", TEXTS[i % len(TEXTS)]
                self.in_flight = {doc_id: text}
                try:
                    response = c.post("/documents", json={"id": doc_id, "text": text},
                                      headers=AUTH)
                except httpx.TransportError:
                    return
                if response.status_code != 201:
                    self.failure = f"{doc_id}: {response.status_code} {response.text[:200]}"
                    return
                self.acked[doc_id] = text
                self.in_flight = {}


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_kill_server_mid_ingest(tmp_path: Path, text_extractions: dict[str, Any],
                                spacy_backend: Any, round_: int) -> None:
    store = tmp_path / "kg"
    before = write_store(store, spacy_backend, COMMITTED)
    server = start_api(store, tmp_path / "server.log")
    workers = _children(server.process.pid)
    writers = [Writer(server.url, name, 10_000) for name in ("w1", "w2")]
    try:
        for w in writers:
            w.start()
        deadline = time.monotonic() + 60
        wanted = random.Random(round_).randint(6, 14)
        while sum(len(w.acked) for w in writers) < wanted and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(random.uniform(0, 0.03))
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=30)
        for w in writers:
            w.join(timeout=60)
    finally:
        server.stop()
    assert all(w.failure is None for w in writers), [w.failure for w in writers]
    acked = {d: t for w in writers for d, t in w.acked.items()}
    in_flight = {d: t for w in writers for d, t in w.in_flight.items()}
    assert len(acked) >= wanted
    for pid in workers:  # the SPARQL workers notice and exit
        for _ in range(100):
            if not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid):
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            pytest.fail(f"query worker {pid} outlived its killed server")

    after = snapshot(store)
    for doc_id, nt in before.items():
        assert after.pop(doc_id) == nt, f"committed {doc_id} changed"
    missing = sorted(set(acked) - set(after))
    assert not missing, f"acknowledged but lost: {missing}"
    assert set(after) - set(acked) <= set(in_flight), "documents nobody wrote"
    assert_whole(after, expected_nt(text_extractions, {**acked, **in_flight}))


def _children(pid: int) -> list[int]:
    return [int(k) for task in Path(f"/proc/{pid}/task").iterdir()
            for k in (task / "children").read_text().split()]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "gone"


# ------------------------------------------------------------------ concurrent writers


class Reader(threading.Thread):
    def __init__(self, url: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.url, self.stop = url, stop
        self.problems: list[str] = []
        self.reads = 0

    def run(self) -> None:
        dupes = ("SELECT ?id (COUNT(?d) AS ?n) WHERE { GRAPH ?g { ?d a kg:Document ; "
                 "dcterms:identifier ?id } } GROUP BY ?id HAVING (COUNT(?d) > 1)")
        with httpx.Client(base_url=self.url, timeout=60) as c:
            while not self.stop.is_set():
                docs = c.get("/documents", params={"limit": 500})
                ids = [d["id"] for d in docs.json()["items"]] if docs.status_code == 200 else []
                if docs.status_code != 200 or len(ids) != len(set(ids)):
                    self.problems.append(f"/documents {docs.status_code} {docs.text[:200]}")
                for path, params in (("/relations", {"subject": "Russia"}),
                                     ("/sparql", {"query": dupes}), ("/health", {})):
                    r = c.get(path, params=params)
                    if r.status_code != 200:
                        self.problems.append(f"{path} {r.status_code} {r.text[:200]}")
                    elif path == "/sparql" and r.json()["results"]["bindings"]:
                        self.problems.append(f"duplicated documents: {r.text[:200]}")
                self.reads += 1


def test_concurrent_writers_and_readers(tmp_path: Path, text_extractions: dict[str, Any],
                                        spacy_backend: Any) -> None:
    store = tmp_path / "kg"
    before = write_store(store, spacy_backend, COMMITTED)
    server: Api = start_api(store, tmp_path / "server.log")
    own, shared = (60, 15) if SOAK else (10, 4)
    results: dict[str, list[tuple[str, int, int]]] = {"a": [], "b": []}  # id, status, mentions
    texts: dict[tuple[str, str], str] = {}
    failures: list[str] = []

    def writer(name: str, offset: int) -> None:
        plan = [(f"{name}-{i:03d}", TEXTS[(i + offset) % len(TEXTS)]) for i in range(own)]
        plan += [(f"shared-{j:03d}", TEXTS[(j + offset) % len(TEXTS)]) for j in range(shared)]
        random.Random(name).shuffle(plan)
        with httpx.Client(base_url=server.url, timeout=60) as c:
            for doc_id, text in plan:
                texts[(name, doc_id)] = text
                if name == "a" and not doc_id.startswith("shared"):
                    r = c.post("/documents", json={"id": doc_id, "text": text}, headers=AUTH)
                else:
                    r = c.put(f"/documents/{doc_id}", json={"text": text}, headers=AUTH)
                if r.status_code not in (200, 201):
                    failures.append(f"{name} {doc_id}: {r.status_code} {r.text[:200]}")
                    continue
                results[name].append((doc_id, r.status_code, r.json()["mentions"]))

    stop = threading.Event()
    readers = [Reader(server.url, stop) for _ in range(2)]
    writers = [threading.Thread(target=writer, args=(n, k)) for k, n in enumerate("ab")]
    try:
        for t in [*readers, *writers]:
            t.start()
        for t in writers:
            t.join(timeout=300)
        stop.set()
        for r in readers:
            r.join(timeout=60)
        assert not failures, failures
        assert all(r.reads > 0 for r in readers) and not [p for r in readers for p in r.problems]
        created = Counter(doc_id for rs in results.values() for doc_id, status, _ in rs
                          if status == 201)
        wanted = {f"{n}-{i:03d}" for n in "ab" for i in range(own)} | {
            f"shared-{j:03d}" for j in range(shared)}
        assert set(created) == wanted and max(created.values()) == 1, "each id created once"
        with server.client() as c:
            listed = [d["id"] for d in c.get("/documents", params={"limit": 500}).json()["items"]]
            assert sorted(listed) == sorted(wanted | set(COMMITTED)), "lost or extra documents"
    finally:
        server.stop()

    after = snapshot(store)
    for doc_id, nt in before.items():
        assert after.pop(doc_id) == nt, f"committed {doc_id} changed"
    assert set(after) == wanted
    own_docs = {d: texts[(n, d)] for n in "ab" for d in wanted if (n, d) in texts
                and not d.startswith("shared")}
    assert_whole(after, expected_nt(text_extractions, own_docs))
    for j in range(shared):  # both wrote it: one whole version or the other, never a mix
        doc_id = f"shared-{j:03d}"
        versions = {expected_nt(text_extractions, {doc_id: texts[(n, doc_id)]})[doc_id]
                    for n in "ab"}
        assert after[doc_id] in versions, f"{doc_id} is a mix of writes"


def test_sparql_workers_read_while_bulk_batches_land(tmp_path: Path) -> None:
    """Large batches go through Oxigraph's bulk loader, whose SST ingestions make RocksDB
    compact and delete files under the workers' read-only views: every query still answers."""
    from api.query_runner import ProcessQueryRunner
    from api.sparql_worker import QueryRequest
    from kg.store import open_store
    from kg.store.oxigraph_store import uses_bulk_loader
    from kg.store.rdf import document_graph
    from tests.store_samples import corpus

    batch, rounds = 40, (40 if SOAK else 12)
    docs = list(corpus(batch * rounds))
    assert uses_bulk_loader(sum(len(document_graph(e).triples) for e in docs[:batch]))
    count = QueryRequest("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    store = open_store(tmp_path / "kg")
    runner = ProcessQueryRunner(tmp_path / "kg", size=2, timeout=30)
    stop = threading.Event()
    outcomes: list[str] = []

    def read() -> None:
        while not stop.is_set():
            outcome = runner.run(count)
            outcomes.append(outcome.status if outcome.status == "ok" else outcome.message)

    readers = [threading.Thread(target=read) for _ in range(2)]
    try:
        for t in readers:
            t.start()
        for i in range(rounds):
            with runner.lock.exclusive():  # as the API's writes do
                store.write_documents(docs[i * batch:(i + 1) * batch], batch_size=batch)
                runner.invalidate()
            time.sleep(0.05)
        stop.set()
        for t in readers:
            t.join(timeout=60)
        final = runner.run(count)
    finally:
        stop.set()
        runner.close()
        store.close()
    assert outcomes and all(o == "ok" for o in outcomes), Counter(outcomes).most_common(3)
    # every document graph, plus the ontology, shared and runs graphs
    assert json.loads(final.body)["results"]["bindings"][0]["n"]["value"] == str(
        batch * rounds + 3)
