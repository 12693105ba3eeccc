"""The API's own pages offline: /docs and /redoc in headless Chromium, security headers, gzip.

A real `create_app` on uvicorn (127.0.0.1, a thread) over a store of the seed article.
The browser resolves nothing but 127.0.0.1 (see tests/test_viz_browser.py), so a page that
needed a CDN would stay blank; every request it makes is recorded, and a
`securitypolicyviolation` listener, installed before any page script, records what the
Content-Security-Policy blocked.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from kg.model import Article
from kg.store import open_store
from tests.conftest import SEED
from tests.test_viz_browser import CHROMIUM, Browser, assert_local, browser_session

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
RECORD_VIOLATIONS = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def base(spacy_backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real API app serving a store of the seed article."""
    from api.config import Settings
    from api.main import create_app
    from kg.pipeline import extract_articles

    directory = tmp_path_factory.mktemp("docs") / "store"
    article = Article(id="putin-beijing-nato", text=SEED.read_text(encoding="utf-8"))
    with open_store(directory) as store:
        store.write_documents(extract_articles([article], spacy_backend))
    app = create_app(Settings.from_env(store=str(directory)))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "API did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    server.should_exit = True
    thread.join(15)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with browser_session() as b:
        b.send("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
        yield b


# ------------------------------------------------------------------ headers and gzip


@pytest.mark.parametrize("path", ["/", "/health", "/docs", "/redoc", "/graph", "/openapi.json",
                                  "/static-docs/swagger-ui.css", "/no/such/page"])
def test_every_route_sends_the_security_headers(base: str, path: str) -> None:
    response = httpx.get(base + path, timeout=60)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "http" not in csp  # nothing from other origins
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_graph_page_policy_is_the_header(base: str) -> None:
    """The graph page's meta policy (hashes of its inline scripts) is also its header."""
    page = httpx.get(base + "/graph", timeout=60)
    header = page.headers["content-security-policy"]
    assert "'sha256-" in header
    assert header.removesuffix("; frame-ancestors 'none'") in page.text.replace("&#39;", "'")


def test_not_modified_keeps_the_cached_pages_policy(base: str) -> None:
    """A 304 updates the cached page's headers: it must not swap the page's policy (its script
    hashes) for the default one, which would block the cached page's inline scripts."""
    page = httpx.get(base + "/graph", timeout=60)
    etag = page.headers.get("etag")
    assert etag, "the graph page sends an ETag"
    again = httpx.get(base + "/graph", headers={"If-None-Match": etag}, timeout=60)
    assert again.status_code == 304
    assert "content-security-policy" not in again.headers
    assert again.headers["x-content-type-options"] == "nosniff"


def test_gzip_over_one_kilobyte_only(base: str) -> None:
    big = httpx.get(base + "/openapi.json", headers={"Accept-Encoding": "gzip"}, timeout=60)
    assert big.headers["content-encoding"] == "gzip" and len(big.content) > 1024
    raw = httpx.Client(timeout=60).send(
        httpx.Request("GET", base + "/openapi.json", headers={"Accept-Encoding": "gzip"}),
        stream=True)
    compressed = b"".join(raw.iter_raw())
    raw.close()
    assert gzip.decompress(compressed) == big.content and len(compressed) < len(big.content)
    small = httpx.get(base + "/health", headers={"Accept-Encoding": "gzip"}, timeout=60)
    assert len(small.content) < 1024 and "content-encoding" not in small.headers
    plain = httpx.get(base + "/openapi.json", headers={"Accept-Encoding": "identity"}, timeout=60)
    assert "content-encoding" not in plain.headers


def test_front_page_says_what_was_built(base: str) -> None:
    page = httpx.get(base + "/", timeout=60).text
    health = httpx.get(base + "/health", timeout=60).json()["store"]
    assert '<meta name="viewport"' in page
    for name, value in (("documents", health["documents"]), ("actors", health["actors"]),
                        ("relations", health["asserted_edges"])):
        assert f'id="count-{name}"><b>{value:,}</b>' in page
    for link in ('href="/graph"', 'href="/docs"', 'href="/redoc"', 'href="/sparql"'):
        assert link in page


def test_docs_assets_are_served_by_the_app(base: str) -> None:
    page = httpx.get(base + "/docs", timeout=60).text
    assert "<script>" not in page and "cdn" not in page.lower()
    for asset in ("/static-docs/swagger-ui-bundle.js", "/static-docs/swagger-ui.css",
                  "/static-docs/redoc.standalone.js", "/docs/init.js"):
        response = httpx.get(base + asset, timeout=60)
        assert response.status_code == 200 and len(response.content) > 100, asset


# ------------------------------------------------------------------ in the browser


@needs_chromium
def test_swagger_ui_renders_offline(base: str, browser: Browser) -> None:
    visit = browser.visit(base + "/docs",
                          ready="document.querySelectorAll('.opblock-summary').length > 5")
    shown = browser.evaluate("""(() => {
        const ops = [...document.querySelectorAll('.opblock-summary')];
        const visible = ops.filter(o => { const r = o.getBoundingClientRect();
            return r.width > 0 && r.height > 0; });
        return {ops: ops.length, visible: visible.length,
                paths: ops.map(o => o.querySelector('.opblock-summary-path')?.textContent)};
    })()""")
    assert shown["visible"] == shown["ops"] > 5
    assert "/relations" in shown["paths"] and "/sparql" in shown["paths"]
    assert_local(visit, base)
    assert any(u.endswith("/static-docs/swagger-ui-bundle.js") for u in visit.requests)
    assert browser.evaluate("window.__csp") == [] and visit.exceptions == []


@needs_chromium
def test_redoc_renders_offline(base: str, browser: Browser) -> None:
    """ReDoc renders from local files. Its footer logo is hard-wired to a CDN address:
    the policy blocks that image (the only request not to the server), nothing else."""
    visit = browser.visit(base + "/redoc", ready=(
        "[...document.querySelectorAll('h2')].some(h => h.textContent.includes('relations'))"))
    blocked = browser.evaluate("window.__csp")
    outside = [u for u in visit.requests if not u.startswith((base, "data:"))]
    assert [f"img-src {u}" for u in outside] == blocked
    assert all(u.startswith("https://cdn.redoc.ly/") for u in outside), outside
    assert any(u.endswith("/static-docs/redoc.standalone.js") for u in visit.requests)
    assert browser.evaluate("document.querySelector('redoc').getBoundingClientRect().height") > 500
    assert visit.exceptions == []
