"""Server limits and the smaller points of issue #20, against one real server
(`python -m api.server`): header size, read timeout for silent and slow clients, maximum
connections, asynchronous ingestion jobs, failed token checks rate-limited, no absolute
path in /health, strict dates, a JSON id of `false` refused, and OPTIONS with `Allow`."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import ApiServer
from tests.test_reliability import AUTH
from tests.test_reliability_abuse import build_store, serve


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    root = tmp_path_factory.mktemp("limits")
    build_store(root / "kg", 5)
    server = serve(root / "kg", root / "server.log", KG_API_READ_TIMEOUT="2",
                   KG_API_MAX_CONNECTIONS="20", KG_API_AUTH_RATE="3/minute")
    yield server
    server.stop()


def connect(api: ApiServer) -> socket.socket:
    host, port = api.url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closes `sock` (None if it is still open after `seconds`)."""
    started = time.monotonic()
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return None
    except ConnectionError:
        pass
    return time.monotonic() - started


def test_huge_header_is_refused(api: ApiServer) -> None:
    with connect(api) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        sent = 0
        try:
            while sent < 32 * 2**20:
                sock.sendall(b"X-Pad: " + b"a" * 65536 + b"\r\n")
                sent += 65543
        except OSError:
            pass
        sock.settimeout(10)
        try:
            answer = sock.recv(200)
        except OSError:
            answer = b""
    assert sent < 32 * 2**20 or not answer.startswith(b"HTTP/1.1 200"), answer
    assert not answer.startswith(b"HTTP/1.1 200"), answer
    assert httpx.get(api.url + "/health").status_code == 200


def test_silent_and_slow_clients_are_closed(api: ApiServer) -> None:
    with connect(api) as silent, connect(api) as slow:
        slow.sendall(b"GET /health HTTP/1.1\r\n")
        started = time.monotonic()
        for _ in range(8):  # one header byte at a time, never finishing the head
            try:
                slow.sendall(b"X")
            except OSError:
                break
            time.sleep(0.5)
        slow_closed = closed_within(slow, 3)
        assert slow_closed is not None and time.monotonic() - started < 7
        assert closed_within(silent, 5) is not None


def test_slow_body_gets_408(api: ApiServer) -> None:
    """A body that never completes: 408 after 6 x KG_API_READ_TIMEOUT (12 s here)."""
    with connect(api) as sock:
        sock.sendall(b"POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                     b"Authorization: Bearer x\r\nContent-Length: 1000\r\n\r\nRussia")
        started = time.monotonic()
        sock.settimeout(20)
        answer = sock.recv(200)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert 10 < time.monotonic() - started < 16


def test_connections_over_the_limit_get_503(api: ApiServer) -> None:
    sockets = [connect(api) for _ in range(20)]
    try:
        time.sleep(0.3)
        assert httpx.get(api.url + "/health").status_code == 503
    finally:
        for s in sockets:
            s.close()
    time.sleep(0.5)
    assert httpx.get(api.url + "/health").status_code == 200


def test_large_sparql_result_streams_whole(api: ApiServer) -> None:
    """A result over the in-memory size comes from the worker's spool file, complete."""
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 5000"
    r = httpx.get(api.url + "/sparql", params={"query": query}, timeout=60,
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text[:300]
    assert len(r.content) > 256 * 1024
    assert len(r.json()["results"]["bindings"]) == 5000


def test_asynchronous_ingestion_job(api: ApiServer) -> None:
    r = httpx.put(api.url + "/documents/async-doc", timeout=30,
                  headers={**AUTH, "Prefer": "respond-async"},
                  json={"text": "Russia opposes NATO expansion."})
    assert r.status_code == 202, r.text
    job = r.headers["Location"]
    assert job.startswith("/jobs/") and r.json()["status"] in ("queued", "running", "done")
    for _ in range(120):
        state = httpx.get(api.url + job).json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert state["status"] == "done", state
    assert state["result"]["created"] and state["result"]["mentions"] >= 1
    assert httpx.get(api.url + "/documents/async-doc").status_code == 200
    assert httpx.get(api.url + "/jobs/nope").status_code == 404


def test_health_shows_no_absolute_path(api: ApiServer) -> None:
    body = httpx.get(api.url + "/health").json()
    assert body["store"]["spec"] == "kg"
    assert str(api.store) not in httpx.get(api.url + "/health").text


@pytest.mark.parametrize("path", ["/relations?until=0", "/relations?since=1",
                                  "/documents?until=0", "/metrics?until=20240101"])
def test_dates_must_be_iso(api: ApiServer, path: str) -> None:
    r = httpx.get(api.url + path, timeout=30)
    assert r.status_code in (400, 422), r.text
    assert httpx.get(api.url + "/relations?until=2030-01-01").status_code == 200


def test_json_id_false_is_refused(api: ApiServer) -> None:
    r = httpx.post(api.url + "/documents", headers=AUTH, timeout=30,
                   json={"id": False, "text": "China supports Russia."})
    assert r.status_code == 400, r.text
    assert httpx.get(api.url + "/documents/False").status_code == 404


def test_options_lists_every_method(api: ApiServer) -> None:
    r = httpx.options(api.url + "/documents/some-doc")
    assert r.status_code == 204
    assert set(r.headers["allow"].split(", ")) == {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}
    r = httpx.options(api.url + "/sparql")
    assert set(r.headers["allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert httpx.options(api.url + "/no-such-path").status_code in (404, 405)


def test_failed_token_checks_are_rate_limited(api: ApiServer) -> None:
    """The last test here: it leaves this client blocked from writing for a while."""
    bad = {"Authorization": "Bearer wrong-token"}
    statuses = [httpx.delete(api.url + "/documents/x", headers=bad).status_code
                for _ in range(5)]
    assert statuses[:3] == [401, 401, 401] and statuses[3:] == [429, 429], statuses
    # while blocked, even the right token is not checked
    blocked = httpx.delete(api.url + "/documents/x", headers=AUTH)
    assert blocked.status_code == 429 and blocked.headers["retry-after"]


def test_server_log_has_no_traceback(api: ApiServer) -> None:
    assert "Traceback" not in Path(api.log).read_text(errors="replace")
