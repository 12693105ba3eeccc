"""Reliability: bad inputs through the CLI and the API get a clear error or are handled, the
server keeps answering, and the store keeps every document committed before.

The CLI runs as real subprocesses; the API as a real uvicorn process on 127.0.0.1 (a free
port) over a store in tmp. Faults (kill -9, concurrent writers) are in
test_reliability_faults.py; `KG_SOAK=1` runs their longer variants.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import ROOT
from tests.servers import ApiServer, launch_api

TOKEN = "reliability-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EPOCH = 1_700_000_000  # SOURCE_DATE_EPOCH: every ingestion time is this one
WHEN = datetime.fromtimestamp(EPOCH, UTC)
SOAK = os.environ.get("KG_SOAK", "").strip() not in ("", "0")
# KG_SOAK=1: the kills repeated 4 times; KG_SOAK=N (N > 1): N times.
SOAK_ROUNDS = max(4, int(os.environ["KG_SOAK"])) if os.environ.get("KG_SOAK", "").strip(
    ).isdigit() and SOAK else 4
COMMITTED = {
    "committed-russia": "Russia opposes NATO expansion. China supports Russia.",
    "committed-eu": "The European Union criticized Iran on Monday. Iran threatens Israel.",
    "committed-us": "The United States sanctions Russia. Ukraine cooperates with the EU.",
}


# ------------------------------------------------------------------ helpers (shared)


def kg_env(**extra: str) -> dict[str, str]:
    """The environment of a kg/uvicorn subprocess: no inherited KG_API/KG_QUERY/KG_STORE
    settings, reproducible ingestion times, the spaCy backend."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KG_API_", "KG_QUERY_", "KG_STORE"))}
    env.update({"PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": str(EPOCH),
                "KG_NLP_BACKEND": "spacy", **extra})
    return env


def run_kg(*args: str, stdin: Any = None, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], stdin=stdin,
                          capture_output=True, timeout=timeout, env=kg_env(), cwd=ROOT)


Api = ApiServer


def start_api(store: Path, log: Path, **env: str) -> ApiServer:
    """The API over `store` with writes enabled (TOKEN); returns once /health answers and
    the NLP backend is loaded."""
    environ = kg_env(KG_API_TOKEN=TOKEN, KG_QUERY_WORKERS="1",
                     KG_API_WRITE_RATE="100000/minute", **env)
    return launch_api(store, log, environ,
                      ready=lambda health: bool(health.get("nlp_backend_loaded")))


def articles(texts: dict[str, str]) -> list[Any]:
    from kg.model import Article

    return [Article(id=doc_id, text=text) for doc_id, text in texts.items()]


def write_store(path: Path, backend: Any, texts: dict[str, str]) -> dict[str, bytes]:
    """Extract and store `texts` (doc id → text); returns each document's N-Triples."""
    from kg.pipeline import extract_articles
    from kg.store import open_store

    with open_store(path) as store:
        store.write_documents(extract_articles(articles(texts), backend), ingested_at=WHEN)
        return {doc_id: doc_nt(store, doc_id) for doc_id in texts}


def doc_nt(store: Any, doc_id: str) -> bytes:
    import io

    out = io.BytesIO()
    store.export("nt", out, doc_id=doc_id)
    return out.getvalue()


def snapshot(path: Path) -> dict[str, bytes]:
    """Every document of a (closed) store directory as N-Triples."""
    from kg.store import open_store

    with open_store(path, create=False) as store:
        return {doc_id: doc_nt(store, doc_id) for doc_id in store.documents()}


def reference_nt(backend: Any, texts: dict[str, str]) -> dict[str, bytes]:
    """What each document's graph must be when stored whole (extracted here, in memory)."""
    return write_store(Path(":memory:"), backend, texts) if texts else {}


def error_of(response: httpx.Response, status: int | tuple[int, ...],
             code: str | None = None) -> dict[str, Any]:
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error", "detail"} and body["detail"], body
    if code:
        assert body["error"] == code, body
    return body


# ------------------------------------------------------------------ CLI: bad inputs


GOOD_TEXTS = [
    "Russia opposes NATO expansion.",
    "China supports Russia.",
    "The European Union criticized Iran on Monday.",
    "Moscow rejected the peace plan put forward by Kyiv.",
    "Turkey cooperates with Azerbaijan.",
]
BAD_LINES: list[tuple[str, str]] = [  # (line, words of the expected message)
    ('{"id": "cut", "text": "Russia opp', "malformed JSON"),
    ("[1, 2, 3]", "expected a JSON object"),
    ('{"id": "no-text"}', "non-string 'text'"),
    ('{"text": 42}', "non-string 'text'"),
    ('{"text": "  \\t  "}', "empty input"),
    ('{"text": "Russia opposes NATO.", "id": "   "}', "'id' must be a non-empty string"),
    ('{"text": "Russia opposes NATO.", "title": 7}', "'title' must be a string"),
    ('"just a string"', "expected a JSON object"),
    ('{"text": "' + "\\u0001\\u0002\\u0003" * 20 + '"}', "looks binary"),
    ("not json at all", "malformed JSON"),
    ('{"text": "x", "a": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}", "nested deeper"),
]
DEEP_LINE = "[" * 100_000 + "]" * 100_000  # past the parser's recursion limit
N_LINES = 100_000


def make_jsonl(path: Path) -> tuple[dict[str, str], dict[int, str]]:
    """A 100k-line JSONL: a few good articles, blank lines, the rest bad in many ways.
    Returns (good id → text, bad line number → expected message words)."""
    good: dict[str, str] = {}
    bad: dict[int, str] = {}
    good_every = N_LINES // 30
    with open(path, "w", encoding="utf-8") as out:
        for lineno in range(1, N_LINES + 1):
            if lineno % good_every == 1:
                n = len(good)
                doc_id = ("../../evil-id" if n == 3 else "..\\..\\evil-win" if n == 4
                          else f"jl-{n:03d}")
                text = GOOD_TEXTS[n % len(GOOD_TEXTS)]
                good[doc_id] = text
                out.write(json.dumps({"id": doc_id, "text": text}) + "\n")
            elif lineno % 100 == 0:
                out.write("   \n")  # blank lines are skipped, not errors
            elif lineno in (5_000, 50_000, 99_999):
                out.write(DEEP_LINE + "\n")
                bad[lineno] = "nested too deeply"
            else:
                line, words = BAD_LINES[lineno % len(BAD_LINES)]
                out.write(line + "\n")
                bad[lineno] = words
    return good, bad


HTML_PAGE = """<!doctype html><html><head><title>Summit report</title>
<script>document.write('<p>China attacks Japan.</p>'); alert("x")</script></head>
<body><nav>Home | World</nav><article><h1>Summit report</h1>
<p>Russia opposes NATO expansion, officials said on Tuesday after a long meeting.</p>
<p>China supports Russia in the dispute, according to the statement released later.</p>
<script>alert("inline")</script>
<p>The European Union criticized Iran on Monday over its nuclear programme.</p>
</article></body></html>"""


def test_cli_build_bad_inputs(tmp_path: Path, spacy_backend: Any) -> None:
    """One `kg build` over every kind of bad input, next to good ones and a 50 MB stdin:
    each bad input is named in one error line, the good ones are stored, exit code 2, and
    the documents committed before are untouched."""
    store = tmp_path / "kg"
    before = write_store(store, spacy_backend, COMMITTED)
    inputs = tmp_path / "in"
    inputs.mkdir()
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "blank.txt": b"  \n\t \n\r\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "latin1.txt": "Caf\xe9 talks: Russia opposes NATO.".encode("latin-1"),
        "utf16.txt": "Moscow rejected the peace plan put forward by Kyiv.".encode("utf-16"),
        "tags.txt": b"<b>Russia</b> opposes NATO. <script>alert('t')</script>",
        "page.html": HTML_PAGE.encode(),
        "scan.pdf": b"%PDF-1.4 not really",
    }
    for name, data in files.items():
        (inputs / name).write_bytes(data)
    big = inputs / "big.txt"
    with open(big, "wb") as out:  # 50 MB of text, over the 20 MB default limit
        chunk = b"Russia opposes NATO expansion. " * 32_768
        for _ in range(50 * 1024 * 1024 // len(chunk)):
            out.write(chunk)
    good, bad = make_jsonl(inputs / "mixed.jsonl")
    paths = [str(inputs / n) for n in files] + [str(big), str(inputs / "mixed.jsonl"),
                                                 str(inputs / "missing.txt"), "-"]
    with open(big, "rb") as stdin:
        done = run_kg("build", *paths, "--store", str(store), "--nlp", "spacy", stdin=stdin)
    stderr = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == 2, stderr[-3000:]
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("kg: error: ")]

    def one_error(where: str, words: str) -> None:
        found = [e for e in errors if e.startswith(f"kg: error: {where}: ")]
        assert len(found) == 1 and words in found[0], (where, found)

    one_error(str(inputs / "empty.txt"), "empty")
    one_error(str(inputs / "blank.txt"), "empty")
    one_error(str(inputs / "binary.txt"), "binary")
    one_error(str(inputs / "latin1.txt"), "not valid UTF-8")
    one_error(str(inputs / "scan.pdf"), "unknown format")
    one_error(str(big), "MiB limit")
    one_error(str(inputs / "missing.txt"), "no such file")
    one_error("<stdin>", "over the size limit")
    jsonl = str(inputs / "mixed.jsonl")
    reported = {}
    for e in errors:
        match = re.match(rf"kg: error: {re.escape(jsonl)}:(\d+): (.*)", e)
        if match:
            reported[int(match[1])] = match[2]
    assert set(reported) == set(bad), "every bad JSONL line, and only those, is reported"
    wrong = {n: (reported[n], words) for n, words in bad.items() if words not in reported[n]}
    assert not wrong, list(wrong.items())[:5]
    assert len(errors) == 8 + len(bad)

    after = snapshot(store)
    for doc_id, nt in before.items():
        assert after[doc_id] == nt, f"committed document {doc_id} changed"
    assert set(after) == set(before) | set(good) | {"utf16", "tags", "page"}
    from kg.store import open_store

    with open_store(store, create=False) as s:
        sentences = {str(r[0]) for r in s.query(
            "SELECT DISTINCT ?t WHERE { ?m kg:sentence ?t }").rows}
        assert "Moscow rejected the peace plan put forward by Kyiv." in sentences  # UTF-16
        page = {str(r[0]) for r in s.query(
            "SELECT DISTINCT ?t WHERE { GRAPH graph:page { ?m kg:sentence ?t } }").rows}
        assert page and not any("alert(" in t or "China attacks" in t for t in page)
    # Ids that look like paths are only names: export writes where it is told to.
    out = tmp_path / "evil.nt"
    exported = run_kg("export", "--store", str(store), "--doc", "../../evil-id", "--format",
                      "nt", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes() == after["../../evil-id"]
    assert not (tmp_path.parent / "evil-id").exists()
    missing = run_kg("export", "--store", str(store), "--doc", "../../../etc/passwd")
    assert missing.returncode == 2 and b"no document" in missing.stderr
    assert b"root:" not in missing.stdout


# ------------------------------------------------------------------ API: one server


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, spacy_backend: Any) -> Iterator[Api]:
    home = tmp_path_factory.mktemp("reliability-api")
    write_store(home / "kg", spacy_backend, COMMITTED)
    server = start_api(home / "kg", home / "server.log")
    yield server
    server.stop()
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log or "EOFError" in log, log[-3000:]


@pytest.fixture(scope="module")
def committed(api: Api, spacy_backend: Any) -> dict[str, bytes]:
    """The committed documents as the server exports them before any test ran."""
    with api.client() as c:
        out = {doc_id: c.get("/export", params={"doc": doc_id, "format": "nt"}).content
               for doc_id in COMMITTED}
    assert out == reference_nt(spacy_backend, COMMITTED)
    return out


@pytest.fixture()
def client(api: Api, committed: dict[str, bytes]) -> Iterator[httpx.Client]:
    """A client; after the test, the server still answers and kept every committed doc."""
    with api.client() as c:
        yield c
    with api.client() as c:
        health = c.get("/health")
        assert health.status_code == 200 and health.json()["status"] == "ok"
        for doc_id, nt in committed.items():
            assert c.get("/export", params={"doc": doc_id, "format": "nt"}).content == nt
        assert c.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def _deep_json(depth: int) -> bytes:
    return b'{"text": "Russia opposes NATO.", "x": ' + b"[" * depth + b"]" * depth + b"}"


API_BAD_DOCUMENTS = [
    # (case, body, content type, status, error code)
    ("empty JSON body", b"", "application/json", 400, "invalid_document"),
    ("empty text body", b"", "text/plain", 400, "invalid_document"),
    ("whitespace-only JSON text", b'{"text": " \\n\\t "}', "application/json", 400,
     "invalid_document"),
    ("whitespace-only text", b"  \n\t \r\n ", "text/plain", 400, "invalid_document"),
    ("binary (PNG bytes)", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)), "text/plain",
     400, "invalid_text"),
    ("binary (control characters)", b"\x01\x02\x03\x04" * 64, "text/plain", 400,
     "invalid_document"),
    ("invalid UTF-8 text", b"Caf\xe9: Russia opposes NATO.", "text/plain", 400,
     "invalid_text"),
    ("invalid UTF-8 in JSON", b'{"text": "Caf\xe9"}', "application/json", 400,
     "invalid_json"),
    ("UTF-16 with BOM as text", "Russia opposes NATO.".encode("utf-16"), "text/plain", 400,
     "invalid_text"),
    ("UTF-16 with BOM as JSON", '{"text": "Russia opposes NATO."}'.encode("utf-16"),
     "application/json", 400, "invalid_json"),
    ("JSON nested 100k deep", _deep_json(100_000), "application/json", 400, "invalid_json"),
    ("JSON nested 40 deep", b'{"text": "Russia opposes NATO.", "a": ' + b'{"a": ' * 40
     + b"1" + b"}" * 40 + b"}", "application/json", 400, "invalid_document"),
    ("control characters in the id", b'{"id": "a\\u0000b", "text": "Russia opposes NATO."}',
     "application/json", 400, "invalid_id"),
    ("HTML content type", b"<p>Russia opposes NATO.</p>", "text/html", 415,
     "unsupported_media_type"),
]


@pytest.mark.parametrize(("case", "body", "content_type", "status", "code"), API_BAD_DOCUMENTS,
                         ids=[c[0] for c in API_BAD_DOCUMENTS])
def test_api_bad_documents(client: httpx.Client, case: str, body: bytes, content_type: str,
                           status: int, code: str) -> None:
    before = client.get("/health").json()["store"]["documents"]
    response = client.post("/documents", content=body,
                           headers={**AUTH, "Content-Type": content_type})
    error_of(response, status, code)
    assert client.get("/health").json()["store"]["documents"] == before


def test_api_50mb_bodies(client: httpx.Client) -> None:
    big = b"Russia opposes NATO expansion. " * (50 * 1024 * 1024 // 31)
    error_of(client.post("/documents", content=big,  # refused from its Content-Length
                         headers={**AUTH, "Content-Type": "text/plain"}), 413, "body_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(big), 1 << 20):
            yield big[start:start + (1 << 20)]

    error_of(client.post("/documents", content=chunks(),
                         headers={**AUTH, "Content-Type": "text/plain"}), 413, "body_too_large")
    error_of(client.post("/sparql", content=big[:6 * 1024 * 1024],
                         headers={"Content-Type": "application/sparql-query"}), 413)


SPARQL_UPDATES = [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "insert data { <http://x/a> <http://x/b> <http://x/c> }",
    "  # a comment\nPREFIX x: <http://x/>\n INSERT DATA { x:a x:b x:c }",
    "BASE <http://x/> DELETE WHERE { ?s ?p ?o }",
    "PREFIX : <http://x/> PREFIX y: <http://y/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "LOAD <file:///etc/passwd>",
    "CREATE GRAPH <http://x/g>",
    "COPY DEFAULT TO <http://x/g>",
    "MOVE DEFAULT TO <http://x/g>",
    "ADD DEFAULT TO <http://x/g>",
]
SPARQL_SYNTAX_ERRORS = [
    "SELEKT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "ASK { ?s ?p ?o } INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "SELECT * WHERE { ?s undeclared:p ?o }",
    "\x00\x01 SELECT",
    "SELECT (COUNT(*) AS ?n WHERE { ?s ?p ?o }",
    "💥" * 100,
]


def test_sparql_updates_are_refused(client: httpx.Client) -> None:
    for update in SPARQL_UPDATES:
        error_of(client.get("/sparql", params={"query": update}), 400, "read_only")
        error_of(client.post("/sparql", content=update.encode(),
                             headers={"Content-Type": "application/sparql-query"}),
                 400, "read_only")
        error_of(client.post("/sparql", data={"update": update}), 400, "read_only")
        error_of(client.post("/sparql", content=update.encode(),
                             headers={"Content-Type": "application/sparql-update"}),
                 400, "read_only")
    error_of(client.get("/sparql", params={"query": "ASK {}", "update": "DROP ALL"}), 400,
             "read_only")


def test_sparql_syntax_errors(client: httpx.Client) -> None:
    for query in SPARQL_SYNTAX_ERRORS:
        error_of(client.get("/sparql", params={"query": query}), 400, "invalid_query")
        error_of(client.post("/sparql", data={"query": query}), 400, "invalid_query")
    error_of(client.post("/sparql", content=b"SELECT \xff\xfe",
                         headers={"Content-Type": "application/sparql-query"}), 400,
             "invalid_body")
    error_of(client.post("/sparql", content=("ASK {} #" + "x" * 100_001).encode(),
                         headers={"Content-Type": "application/sparql-query"}), 413)
    error_of(client.get("/sparql", params={"query": "   "}), 400, "missing_query")
    error_of(client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "../x"}),
             400, "invalid_graph_uri")


def test_sparql_deep_nesting_keeps_the_server_answering(client: httpx.Client) -> None:
    """5000 nested groups would overflow pyoxigraph's stack (it segfaults): the query is
    refused before it reaches the parser, and the server keeps answering."""
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    response = client.post("/sparql", content=deep.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    error_of(response, 400, "query_refused")
    ok = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert ok.status_code == 200, ok.text


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def _any(self) -> None:
        self.hits.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}')

    do_GET = do_POST = _any

    def log_message(self, *args: Any) -> None:
        pass


SERVICE_QUERIES = [  # {url}: a local recorder; every form must be refused unsent
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <{url}> SELECT * WHERE {{ SERVICE e:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SeRvIcE# a comment\n<{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "ASK {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
]


def test_sparql_service_clause_makes_no_outbound_request(client: httpx.Client) -> None:
    """A federated query would make the server fetch any URL (and echo the answer)."""
    recorder = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{recorder.server_address[1]}/internal"
        for template in SERVICE_QUERIES:
            query = template.format(url=url)
            error_of(client.get("/sparql", params={"query": query}), 400)
            error_of(client.post("/sparql", content=query.encode(),
                                 headers={"Content-Type": "application/sparql-query"}), 400)
        time.sleep(0.2)
        assert _Recorder.hits == [], _Recorder.hits
    finally:
        recorder.shutdown()
        recorder.server_close()


def test_html_and_script_in_article_text(client: httpx.Client) -> None:
    doc_id = "xss-check"
    text = ("Russia opposes NATO. </script><script>alert('x')</script> China supports Russia "
            "<img src=x onerror=alert(1)>. The EU criticized Iran. <!-- --> ]]> {{7*7}}")
    created = client.put(f"/documents/{doc_id}", content=text.encode(),
                         params={"title": "<script>alert('title')</script>"},
                         headers={**AUTH, "Content-Type": "text/plain"})
    assert created.status_code == 201, created.text
    assert created.json()["mentions"] >= 2
    doc = client.get(f"/documents/{doc_id}")
    assert doc.headers["content-type"].startswith("application/json")
    assert doc.json()["title"] == "<script>alert('title')</script>"  # stored as given
    for params in ({}, {"actor": "Russia"}):
        page = client.get("/graph", params=params)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        html = page.text
        # the evidence is loaded on demand (GET /graph/mentions, shown as text nodes)...
        assert '"api":true' in html
        for raw in ("<script>alert(", "</script><script>", "<img src=x"):
            assert raw not in html, f"{raw!r} unescaped in /graph"  # ...never as markup
    assert client.delete(f"/documents/{doc_id}", headers=AUTH).status_code == 204


def _raw_get(url: str, path: str) -> tuple[int, bytes]:
    """GET without any client-side path normalisation."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_path_traversal_in_export_and_documents(client: httpx.Client, api: Api) -> None:
    error_of(client.get("/export", params={"doc": "../../../etc/passwd"}), 404,
             "document_not_found")
    evil = "../../etc/passwd"
    created = client.put("/documents/" + quote(evil, safe=""), content=b"Russia opposes NATO.",
                         headers={**AUTH, "Content-Type": "text/plain"})
    assert created.status_code == 201, created.text
    exported = client.get("/export", params={"doc": evil, "format": "nt"})
    assert exported.status_code == 200
    disposition = exported.headers["content-disposition"]
    name = re.search(r'filename="([^"]*)"', disposition)
    assert name and "/" not in name[1] and "\\" not in name[1] and name[1].endswith(".nt")
    assert b"root:" not in exported.content and b"Russia opposes NATO." in exported.content
    assert client.get("/documents/" + quote(evil, safe="")).json()["id"] == evil
    for path in ("/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                 "/static/..%2f..%2f..%2fetc%2fpasswd", "/export/../../etc/passwd",
                 "/documents/../../../etc/passwd"):
        status, body = _raw_get(api.url, path)
        assert b"root:" not in body, path
        assert status in (400, 404), (path, status)
    assert client.delete("/documents/" + quote(evil, safe=""), headers=AUTH).status_code == 204
