"""Abuse: the server stays up with bounded threads, memory and time per request.

Each test starts the real server (`python -m api.server`, the path `kg serve` takes, with
its uvicorn limits) on 127.0.0.1 over a store in tmp and asserts one bound from issue #20:
/health answers during floods of expensive queries and exports, memory stays bounded with
clients that never read, reads do not queue behind a pending writer, a 1 MB paragraph is
finished or refused in bounded time while other writes go on, and SIGTERM stops the server.
"""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import ROOT
from tests.servers import ApiServer, free_port
from tests.test_reliability import AUTH, TOKEN, kg_env

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BIG_SELECT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 250000"
PARAGRAPH = ("Russia opposes NATO expansion. China supports Russia. The European Union "
             "criticized Iran on Monday. Iran threatens Israel. The United States sanctions "
             "Russia. ")


def build_store(path: Path, documents: int) -> None:
    """A store of `documents` hand-made documents (no NLP)."""
    from kg.store import open_store
    from tests.store_samples import corpus

    with open_store(path) as store:
        store.write_documents(corpus(documents), batch_size=512)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("abuse") / "kg"
    build_store(path, 17)
    return path


def serve(store: Path, log: Path, **env: str) -> ApiServer:
    """`python -m api.server` over `store` (writes enabled); returns once /health says the
    NLP backend is loaded."""
    port = free_port()
    environ = kg_env(KG_API_TOKEN=TOKEN, KG_API_WRITE_RATE="100000/minute", **env)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.server", "--store", str(store), "--port", str(port),
             "--log-level", "warning"],
            cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    server = ApiServer(f"http://127.0.0.1:{port}", process, store, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(httpx.TransportError):
            health = httpx.get(server.url + "/health", timeout=5)
            if health.status_code == 200 and health.json().get("nlp_backend_loaded"):
                return server
        time.sleep(0.2)
    server.stop()
    pytest.fail(f"server did not start:\n{log.read_text(errors='replace')[-3000:]}")


@contextlib.contextmanager
def running(store: Path, tmp_path: Path, **env: str) -> Iterator[ApiServer]:
    server = serve(store, tmp_path / "server.log", **env)
    try:
        yield server
    finally:
        server.stop()


def timed_get(url: str, timeout: float = 30) -> tuple[float, int]:
    started = time.monotonic()
    try:
        status = httpx.get(url, timeout=timeout).status_code
    except httpx.TransportError:
        status = 0
    return time.monotonic() - started, status


def probe(url: str, seconds: float, every: float = 0.25) -> list[tuple[float, int]]:
    """GET `url` repeatedly for `seconds`: (latency, status) of each."""
    out = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        out.append(timed_get(url))
        time.sleep(every)
    return out


def assert_fast(samples: list[tuple[float, int]], bound: float = 1.0) -> None:
    """Every answer 200 and under `bound` seconds. One sample may be a scheduling outlier
    (the suite shares 2 cores with other work), still under 3 x `bound`: before the fix
    these answers took 6-27 s."""
    assert all(status == 200 for _, status in samples), samples
    latencies = sorted(latency for latency, _ in samples)
    assert latencies[-2] < bound and latencies[-1] < 3 * bound, samples


def in_threads(n: int, target: Callable[[int], Any]) -> list[threading.Thread]:
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    return threads


def start_load(kind: str, url: str, n: int, query: str = "") -> subprocess.Popen[bytes]:
    """`tests.abuse_load` in its own process (see there)."""
    return subprocess.Popen([sys.executable, "-m", "tests.abuse_load", kind, url, str(n),
                             query], cwd=ROOT, stdout=subprocess.PIPE)


def finish_load(process: subprocess.Popen[bytes]) -> list[dict[str, Any]]:
    out, _ = process.communicate(timeout=180)
    return [json.loads(line) for line in out.decode().splitlines()]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def sparql_post(url: str, query: str, timeout: float = 60) -> tuple[int, dict[str, str]]:
    """(status, headers + the error code as "error")."""
    try:
        r = httpx.post(url + "/sparql", content=query, timeout=timeout,
                       headers={"Content-Type": "application/sparql-query",
                                "Accept": "application/sparql-results+json"})
        error = r.json().get("error", "") if r.status_code >= 400 else ""
        return r.status_code, {**r.headers, "error": error}
    except httpx.TransportError:
        return 0, {}


# ------------------------------------------------------------------ floods


@pytest.mark.slow
def test_health_during_80_expensive_queries(small_store: Path, tmp_path: Path) -> None:
    """80 concurrent queries that run to the time limit: /health stays under 1 s and the
    queries over the queue are refused at once with 503 + Retry-After."""
    with running(small_store, tmp_path, KG_QUERY_TIMEOUT="4", KG_QUERY_WORKERS="2") as api:
        load = start_load("sparql", api.url, 80, EXPENSIVE)
        time.sleep(1.0)
        health = probe(api.url + "/health", 6)
        relations = probe(api.url + "/relations?limit=5", 2)
        results = finish_load(load)
    worst = max(latency for latency, _ in health + relations)
    refused = [r for r in results if r["status"] == 503 and r["error"] == "busy"]
    print(f"/health and /relations max {worst:.2f} s during 80 expensive queries; "
          f"{len(refused)} refused, slowest refusal "
          f"{max((r['seconds'] for r in refused), default=0):.2f} s")
    assert_fast(health + relations)
    assert len(results) == 80
    # 2 workers + a queue of 4: the others are refused without waiting for a query
    # (sooner than the 4 s a query runs, even on a loaded machine)
    fast = [r for r in refused if r["seconds"] < 3.5]
    assert len(fast) >= 60, f"only {len(fast)} of 80 were refused at once"
    assert all(r["retry_after"] for r in refused)


@pytest.mark.slow
def test_health_during_12_exports(tmp_path: Path) -> None:
    """12 concurrent whole-store exports of a 100k-quad store: /health stays under 1 s."""
    store = tmp_path / "kg"
    build_store(store, 2500)
    with running(store, tmp_path) as api:
        rss_before = rss_mb(api.process.pid)
        load = start_load("export", api.url, 12)
        time.sleep(1.0)
        health = probe(api.url + "/health", 6)
        peak = rss_mb(api.process.pid)
        sizes = [r["size"] if r["status"] == 200 else -r["status"] for r in finish_load(load)]
    worst = max(latency for latency, _ in health)
    print(f"/health max {worst:.2f} s during 12 exports; RSS {rss_before:.0f} → {peak:.0f} MB;"
          f" export sizes {sorted(set(sizes))}")
    assert_fast(health)
    assert len(sizes) == 12
    assert max(sizes) > 1_000_000
    assert all(s == max(sizes) or s == -503 for s in sizes), sizes


@pytest.mark.slow
def test_memory_with_8_clients_that_never_read(small_store: Path, tmp_path: Path) -> None:
    """8 clients ask for a large result and never read it: the server's memory grows by
    less than 300 MB and it keeps answering."""
    with running(small_store, tmp_path, KG_QUERY_TIMEOUT="20") as api:
        port = int(api.url.rsplit(":", 1)[1])
        before = rss_mb(api.process.pid)
        sockets = []
        request = (f"GET /sparql?query={quote(BIG_SELECT)} HTTP/1.1\r\nHost: x\r\n"
                   "Accept: application/sparql-results+json\r\n\r\n").encode()
        try:
            for _ in range(8):
                s = socket.create_connection(("127.0.0.1", port))
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                s.sendall(request)
                sockets.append(s)
            peak = before
            end = time.monotonic() + 25
            while time.monotonic() < end:
                peak = max(peak, rss_mb(api.process.pid))
                time.sleep(0.5)
            latency, status = timed_get(api.url + "/health")
        finally:
            for s in sockets:
                s.close()
    print(f"RSS {before:.0f} → peak {peak:.0f} MB with 8 non-reading clients; "
          f"/health {latency:.2f} s")
    assert status == 200
    assert peak - before < 300, (before, peak)


@pytest.mark.slow
def test_reads_during_expensive_query_and_pending_write(small_store: Path,
                                                        tmp_path: Path) -> None:
    """An expensive query holds a worker and a write is pending: reads answer in < 1 s."""
    with running(small_store, tmp_path, KG_QUERY_TIMEOUT="8", KG_QUERY_WORKERS="2") as api:
        writes: list[tuple[float, int]] = []

        def write(_: int) -> None:
            started = time.monotonic()
            r = httpx.put(api.url + "/documents/pending-write", headers=AUTH, timeout=60,
                          json={"text": "Russia opposes NATO expansion."})
            writes.append((time.monotonic() - started, r.status_code))

        queries = in_threads(2, lambda _: sparql_post(api.url, EXPENSIVE))
        time.sleep(0.7)
        writer = in_threads(1, write)
        time.sleep(0.5)
        reads = [timed_get(api.url + path) for path in
                 ("/health", "/relations?limit=5", "/documents", "/actors?limit=5",
                  "/relations?subject=Russia", "/health")]
        writer[0].join(timeout=60)
        for t in queries:
            t.join(timeout=60)
    worst = max(latency for latency, _ in reads)
    print(f"reads max {worst:.2f} s during an expensive query + pending write; "
          f"write {writes}")
    assert_fast(reads)
    assert writes and writes[0][1] in (200, 201)


# ------------------------------------------------------------------ long writes


def megabyte_paragraph() -> str:
    return (PARAGRAPH * (1_000_000 // len(PARAGRAPH)))[:999_000].rstrip()


@pytest.mark.slow
def test_megabyte_paragraph_is_bounded_and_other_writes_proceed(small_store: Path,
                                                               tmp_path: Path) -> None:
    """A 1 MB single-paragraph document finishes or fails within 60 s; a small write sent
    meanwhile is stored without waiting for it."""
    with running(small_store, tmp_path) as api:
        big: list[tuple[float, int, str]] = []

        def put_big(_: int) -> None:
            started = time.monotonic()
            r = httpx.put(api.url + "/documents/megabyte", timeout=120,
                          headers={**AUTH, "Content-Type": "text/plain"},
                          content=megabyte_paragraph().encode())
            status, text = r.status_code, r.text[:300]
            if status == 202:  # an asynchronous job: follow it to its end
                job = api.url + r.headers["Location"]
                while time.monotonic() - started < 90:
                    state = httpx.get(job, timeout=10).json()
                    if state["status"] in ("done", "failed"):
                        status, text = state["status"], json.dumps(state)[:300]
                        break
                    time.sleep(0.5)
            big.append((time.monotonic() - started, status, text))

        thread = in_threads(1, put_big)
        time.sleep(2)
        started = time.monotonic()
        small = httpx.put(api.url + "/documents/small-meanwhile", headers=AUTH, timeout=120,
                          json={"text": "China supports Russia."})
        small_time = time.monotonic() - started
        thread[0].join(timeout=120)
        stored = httpx.get(api.url + "/documents/small-meanwhile", timeout=10).status_code
    print(f"1 MB paragraph: {big}; small write meanwhile {small_time:.2f} s "
          f"({small.status_code})")
    assert big, "the 1 MB write never answered"
    elapsed, status, _ = big[0]
    assert elapsed < 60, big
    assert status in (200, 201, 413, 422, "done", "failed"), big
    assert small.status_code in (200, 201) and stored == 200
    assert small_time < 20, small_time


@pytest.mark.slow
def test_sigterm_during_long_write_stops_the_server(small_store: Path, tmp_path: Path) -> None:
    """SIGTERM while a 1 MB document is being extracted: the server exits within 10 s and
    the store opens afterwards with the documents it had."""
    api = serve(small_store, tmp_path / "server.log")
    try:
        def put_big(_: int) -> None:
            with contextlib.suppress(httpx.TransportError):
                httpx.put(api.url + "/documents/megabyte-term", timeout=120,
                          headers={**AUTH, "Content-Type": "text/plain"},
                          content=megabyte_paragraph().encode())

        in_threads(1, put_big)
        time.sleep(3)
        started = time.monotonic()
        api.process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            api.process.wait(timeout=30)
        stopped = time.monotonic() - started
    finally:
        api.stop()
    print(f"SIGTERM during a long write: stopped after {stopped:.1f} s")
    assert stopped < 10, stopped
    from kg.store import open_store

    with open_store(small_store, create=False) as store:
        assert len(list(store.documents())) >= 17
