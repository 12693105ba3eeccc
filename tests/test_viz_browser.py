"""The graph page in a real headless Chromium, driven over the DevTools protocol.

A throwaway FastAPI app on 127.0.0.1 serves the page at /graph (filters as query
parameters, like the API) and vis-network at /static. Every request the page makes is
recorded (Network.requestWillBeSent); the browser resolves nothing but 127.0.0.1.
Skipped when Chromium is not installed (`apt-get install chromium`).
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from kg.analytics import GraphFilter
from kg.model import Actor, Article, Evidence, Extraction, ParsedDoc, RelationMention
from kg.store import KGStore, open_store
from kg.viz import STATIC_DIR, graph_page_data, render_graph_html
from tests.conftest import ROOT, SEED

CHROMIUM = next(
    (
        p
        for p in (
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
            shutil.which("google-chrome"),
        )
        if p
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)

#: `KG_WRITE_DOCS_SCREENSHOT=1 pytest tests/test_viz_browser.py` refreshes the README's picture.
DOCS_SCREENSHOT = ROOT / "docs" / "graph-seed.png"
DOCS_INSPECTOR = ROOT / "docs" / "graph-inspector.png"
DOCS_PHONE = ROOT / "docs" / "graph-phone.png"
DOCS_PHONE_ACTOR = ROOT / "docs" / "graph-phone-actor.png"
XSS_IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
XSS_SCRIPT = "<script>window.__xss=2;alert(2)</script>"


# ------------------------------------------------------------------ DevTools protocol


@dataclass
class Visit:
    """What one page load did."""

    requests: list[str]
    dialogs: list[str]
    console_errors: list[str]
    exceptions: list[str]


@dataclass
class Browser:
    """A headless Chromium with one tab, driven over the DevTools protocol (sync)."""

    proc: subprocess.Popen[bytes]
    ws: Any
    session: str = ""
    _next: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def launch(cls, profile: Path, size: tuple[int, int] = (1280, 800)) -> Browser:
        from websockets.sync.client import connect

        args = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-default-apps",
            "--mute-audio",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            "--remote-debugging-port=0",
            "about:blank",
        ]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 20
        while not (port_file.exists() and len(port_file.read_text().split()) >= 2):
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("Chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        ws = connect(
            f"ws://127.0.0.1:{port}{path}", max_size=64 * 2**20, open_timeout=10, legacy=True
        )
        browser = cls(proc, ws)
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        browser.session = browser.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        for domain in ("Page", "Network", "Runtime"):
            browser.send(f"{domain}.enable")
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False},
        )
        return browser

    def send(
        self, method: str, params: dict[str, Any] | None = None, timeout: float = 30
    ) -> dict[str, Any]:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if self.session and not method.startswith("Target."):
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline - time.monotonic())
            if reply is None:
                raise TimeoutError(f"no reply to {method}")
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _receive(self, timeout: float) -> dict[str, Any] | None:
        try:
            message = json.loads(self.ws.recv(timeout=max(timeout, 0.001)))
        except TimeoutError:
            return None
        if "method" in message:
            self.events.append(message)
            if message["method"] == "Page.javascriptDialogOpening":  # never leave it blocking
                self.ws.send(
                    json.dumps(
                        {
                            "id": 10**9 + len(self.events),
                            "sessionId": self.session,
                            "method": "Page.handleJavaScriptDialog",
                            "params": {"accept": True},
                        }
                    )
                )
        return message

    def pump(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._receive(deadline - time.monotonic())

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def visit(
        self,
        url: str,
        ready: str = "document.documentElement.dataset.kgReady === 'true'",
        timeout: float = 30,
    ) -> Visit:
        """Load `url`, wait until `ready` is true, and report what the page did."""
        self.evaluate("document.documentElement && delete document.documentElement.dataset.kgReady")
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + timeout
        while not self.evaluate(
            f"(() => {{ try {{ return Boolean({ready}); }} catch (e) {{ return false; }} }})()"
        ):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not get ready: {self.evaluate('document.title')}")
            self.pump(0.1)
        self.pump(0.3)  # late requests (favicon, images an injection would load)
        return self.report()

    def report(self) -> Visit:
        def of(name: str) -> list[dict[str, Any]]:
            return [e["params"] for e in self.events if e["method"] == name]

        return Visit(
            requests=[p["request"]["url"] for p in of("Network.requestWillBeSent")],
            dialogs=[p.get("message", "") for p in of("Page.javascriptDialogOpening")],
            console_errors=[
                " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"])
                for p in of("Runtime.consoleAPICalled")
                if p["type"] == "error"
            ],
            exceptions=[
                p["exceptionDetails"].get("text", "")
                + " "
                + str(p["exceptionDetails"].get("exception", {}).get("description", ""))
                for p in of("Runtime.exceptionThrown")
            ],
        )

    def screenshot(self) -> bytes:
        return base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])

    def hover(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


# ------------------------------------------------------------------ server


class Server:
    """A throwaway FastAPI app on 127.0.0.1: /graph like the API's, /static, /file/{name}."""

    def __init__(self, store: KGStore, files: dict[str, str] | None = None) -> None:
        app = FastAPI()
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
        self.files = dict(files or {})

        @app.get("/graph", response_class=HTMLResponse)
        def graph(request: Request) -> str:
            params = dict(request.query_params)
            color = params.pop("color", "community")
            csp = params.pop("csp", "1") != "0"
            params["predicates"] = params.pop("predicate", None)
            filt = GraphFilter.from_mapping(params)
            data = graph_page_data(store, filt)
            return render_graph_html(data, filters=filt, color_by=color, csp=csp)

        @app.get("/file/{name}", response_class=HTMLResponse)
        def file(name: str) -> str:
            if name not in self.files:
                raise HTTPException(404)
            return self.files[name]

        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


# ------------------------------------------------------------------ fixtures


def planted_extraction() -> Extraction:
    """A hand-made document whose actor labels, ids, title and sentence carry markup."""
    text = f"The evil actor {XSS_SCRIPT} criticizes Russia {XSS_IMG}."
    article = Article(
        id='planted-<svg onload="window.__xss=6">',
        text=text,
        title=f"Title {XSS_IMG}",
        published="2024-03-01",
    )
    evil = Actor(
        id='evil-<svg onload="window.__xss=5">', label=f"Evil {XSS_IMG}{XSS_SCRIPT}", type="person"
    )
    russia = Actor(id="russia", label="Russia", type="state", wikidata="Q159")
    mention = RelationMention(
        doc=article.id,
        subject=evil,
        predicate="criticizes",
        object=russia,
        evidence=Evidence(sentence=text, start=0, end=len(text), cue="criticizes"),
        confidence=0.9,
    )
    return Extraction(
        article=ParsedDoc(article=article, sentences=[], backend="test", backend_version="0"),
        actors={evil.id: evil, russia.id: russia},
        aliases={},
        mentions=[mention],
    )


@pytest.fixture(scope="module")
def extracted(spacy_backend) -> list[Extraction]:
    """The seed article and an article carrying markup, extracted with spaCy."""
    from kg.pipeline import extract_articles

    seed = Article(
        id="putin-beijing-nato",
        text=SEED.read_text(encoding="utf-8"),
        title="Putin in Beijing",
        published="2024-05-17",
    )
    real_xss = Article(
        id="xss-<script>window.__xss=3</script>",
        title=f"News {XSS_IMG}",
        published="2024-03-02",
        text=f"Russia opposes NATO {XSS_IMG} and {XSS_SCRIPT}.",
    )
    found = list(extract_articles([seed, real_xss], spacy_backend))
    assert any(XSS_IMG in m.evidence.sentence for m in found[1].mentions)
    return found


@pytest.fixture(scope="module")
def stores(extracted) -> Iterator[dict[str, KGStore]]:
    """'seed': the seed article; 'xss': the seed plus planted documents."""
    with tempfile.TemporaryDirectory() as tmp:
        seed_store = open_store(Path(tmp) / "seed")
        seed_store.write_documents(extracted[:1])
        xss_store = open_store(Path(tmp) / "xss")
        xss_store.write_documents([*extracted, planted_extraction()])
        try:
            yield {"seed": seed_store, "xss": xss_store}
        finally:
            seed_store.close()
            xss_store.close()


@contextlib.contextmanager
def browser_session(phone: bool = False) -> Iterator[Browser]:
    """Headless Chromium in a throwaway profile; `phone`: a 390x844 touch screen."""
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        b = Browser.launch(Path(profile), size=(390, 844) if phone else (1280, 800))
        try:
            if phone:
                b.send("Emulation.setDeviceMetricsOverride", {
                    "width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with browser_session() as b:
        yield b


def assert_local(visit: Visit, base: str | None) -> None:
    """Every request went to the test server (or is the page's own file / data URL)."""
    assert visit.requests, "no request recorded"
    for url in visit.requests:
        parts = urlsplit(url)
        if parts.scheme in ("data", "file", "about"):
            continue
        assert parts.hostname == "127.0.0.1", f"request outside the server: {url}"
        if base is not None:
            assert url.startswith(base), url


def canvas_stats(png: bytes, browser: Browser) -> dict[str, float]:
    """Pixel statistics of the graph's canvas in a screenshot."""
    import numpy as np
    from PIL import Image

    box = browser.evaluate(
        "(() => { const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })()"
    )
    image = Image.open(io.BytesIO(png)).convert("RGB")
    canvas = image.crop(tuple(int(v) for v in box))
    rgb = np.asarray(canvas, dtype=np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return {
        "variance": float(np.asarray(canvas.convert("L"), dtype=float).var()),
        "non_white": float((rgb.min(axis=-1) < 235).mean()),
        "reds": int(((r > 180) & (g < 90) & (b < 90)).sum()),
        "greens": int(((g > 130) & (r < 100) & (b < 100)).sum()),
    }


def hover_point(browser: Browser, kind: str, ident: str) -> tuple[float, float]:
    """Viewport coordinates of a node (kind 'node') or of an edge's midpoint ('edge')."""
    return tuple(
        browser.evaluate(f"""(() => {{
        const net = kgGraph.network, id = {json.dumps(ident)};
        const p = {kind!r} === 'node' ? net.getPositions([id])[id]
            : net.body.edges[id].edgeType.getPoint(0.5);
        const d = net.canvasToDOM(p);
        const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y];
    }})()""")
    )  # type: ignore[return-value]


def tooltip_after_hover(browser: Browser, x: float, y: float) -> dict[str, Any]:
    browser.hover(x - 40, y - 40)
    browser.pump(0.1)
    browser.hover(x, y)
    deadline = time.monotonic() + 5
    expr = (
        "(() => { const t = document.getElementById('kg-tip');"
        " return t && !t.hidden ? {text: t.textContent,"
        " html: t.innerHTML, elements: t.querySelectorAll('img,script,svg').length}"
        " : null; })()"
    )
    while (tip := browser.evaluate(expr)) is None:
        if time.monotonic() > deadline:
            pytest.fail("no tooltip appeared")
        browser.pump(0.05)
    return tip


def click(browser: Browser, x: float, y: float) -> None:
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent",
                     {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
    browser.pump(0.3)


def inspector_text(browser: Browser, loaded: bool = False) -> str:
    """The inspector's text once it is open (and, with `loaded`, its API content is in)."""
    expr = ("(() => { const p = document.getElementById('kg-inspector');"
            " const b = document.getElementById('kg-insp-body');"
            f" return p.hidden || ({json.dumps(loaded)} && !b.dataset.loaded) ? null"
            " : p.textContent; })()")
    deadline = time.monotonic() + 10
    while (text := browser.evaluate(expr)) is None:
        if time.monotonic() > deadline:
            pytest.fail("the inspector did not open")
        browser.pump(0.05)
    return text


# ------------------------------------------------------------------ tests


def test_seed_graph_draws_offline(stores, browser) -> None:
    from kg.analytics import project

    server = Server(stores["seed"])
    try:
        visit = browser.visit(server.base + "/graph")
    finally:
        server.close()
    expected = project(stores["seed"])
    info = browser.evaluate(
        "({nodes: kgGraph.nodes.length, edges: kgGraph.edges.length, errors: kgGraph.errors,"
        " ids: kgGraph.nodes.getIds(), shown: document.getElementById('kg-node-count')"
        ".textContent, physics: kgGraph.network.physics.options.enabled})"
    )
    assert info["nodes"] == expected.number_of_nodes() > 3
    assert info["edges"] == expected.number_of_edges()
    assert sorted(info["ids"]) == sorted(expected.nodes)
    assert info["shown"] == str(info["nodes"])
    assert info["errors"] == [] and visit.exceptions == [] and visit.console_errors == []
    assert not info["physics"]  # stabilised, then frozen
    assert_local(visit, server.base)
    assert any(u.endswith("/static/vis-network.min.js") for u in visit.requests)

    png = browser.screenshot()
    stats = canvas_stats(png, browser)
    assert stats["variance"] > 50 and stats["non_white"] > 0.005, stats
    assert stats["reds"] > 20 and stats["greens"] > 20, stats  # negative and positive edges
    if os.environ.get("KG_WRITE_DOCS_SCREENSHOT"):
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        DOCS_SCREENSHOT.write_bytes(png)

    # hover shows an edge's predicate, mention count and evidence with its document
    edge = browser.evaluate("kgGraph.edges.get({filter: e => e.kg.predicate === 'accepts'})[0]")
    tip = tooltip_after_hover(browser, *hover_point(browser, "edge", edge["id"]))
    assert "Russia accepts European Union" in tip["text"] and "2 mentions" in tip["text"]
    assert "has no objection to the European Union" in tip["text"]
    tip = tooltip_after_hover(browser, *hover_point(browser, "node", "russia"))
    assert "Russia" in tip["text"] and "type: state" in tip["text"] and "Q159" in tip["text"]
    # a click opens the inspector: the standalone data embeds up to 3 sentences per relation
    click(browser, *hover_point(browser, "edge", edge["id"]))
    panel = inspector_text(browser)
    assert "does not oppose EU membership" in panel
    assert "Putin in Beijing · 2024-05-17" in panel and "showing 2 of 2 mentions" in panel
    click(browser, *hover_point(browser, "node", "russia"))
    panel = inspector_text(browser)
    assert "Russia" in panel and "Q159" in panel and "accepts" in panel
    assert browser.evaluate("location.hash") == "#actor=russia"


def test_filters_colour_mode_and_form(stores, browser) -> None:
    server = Server(stores["seed"])
    try:
        visit = browser.visit(server.base + "/graph?polarity=negative&color=type")
        info = browser.evaluate(
            "({preds: [...new Set(kgGraph.edges.get().map(e => e.label))].sort(),"
            " legend: document.getElementById('kg-legend-colour').textContent,"
            " checked: [...document.querySelectorAll('input[data-join=polarity]:checked')]"
            ".map(b => b.value)})"
        )
        assert (
            set(info["preds"]) <= {"opposes", "criticizes", "threatens", "attacks", "sanctions"}
            and info["preds"]
        )
        assert "actor type" in info["legend"] and info["checked"] == ["negative"]
        # the form submits the same parameters: tick 'opposes', apply
        browser.evaluate(
            "document.querySelector('input[data-join=predicate][value=opposes]').click();"
            "document.getElementById('kg-filters').requestSubmit()"
        )
        browser.pump(0.3)
        visit = browser.visit(browser.evaluate("location.href"))
        url = browser.evaluate("location.href")
        assert "predicate=opposes" in url and "polarity=negative" in url
        assert "min_mentions" not in url and "actor" not in url  # defaults left out
        preds = browser.evaluate("[...new Set(kgGraph.edges.get().map(e => e.label))]")
        assert preds == ["opposes"]
        assert_local(visit, server.base)
    finally:
        server.close()


@pytest.mark.parametrize("csp", [True, False], ids=["csp", "escaping-only"])
def test_planted_markup_does_not_run(stores, browser, csp: bool) -> None:
    server = Server(stores["xss"])
    try:
        visit = browser.visit(server.base + "/graph" + ("" if csp else "?csp=0"))
        evil = browser.evaluate(
            "kgGraph.nodes.get({filter: n => n.label.startsWith('Evil')})[0].id"
        )
        node_tip = tooltip_after_hover(browser, *hover_point(browser, "node", evil))
        edge = browser.evaluate(
            "kgGraph.edges.get({filter: e => e.kg.evidence.some("
            "x => x.sentence.includes('<img'))})[0].id"
        )
        tooltip_after_hover(browser, *hover_point(browser, "edge", edge))
        click(browser, *hover_point(browser, "edge", edge))
        inspector_text(browser)
        edge_tip = browser.evaluate(
            "(() => { const t = document.getElementById('kg-inspector'); return {text:"
            " t.textContent, html: t.innerHTML, elements: t.querySelectorAll('img,script,svg')"
            ".length}; })()")
        browser.pump(0.5)
        visit.requests += browser.report().requests
        result = browser.evaluate(
            "({xss: window.__xss === undefined ? null : window.__xss,"
            " injected: document.querySelectorAll('img, svg, iframe, object').length,"
            " scripts: document.scripts.length})"
        )
    finally:
        server.close()
    assert result["xss"] is None, "planted script ran"
    assert visit.dialogs == []
    assert XSS_IMG in node_tip["text"] and node_tip["elements"] == 0
    assert XSS_IMG in edge_tip["text"] and edge_tip["elements"] == 0
    assert "&lt;img" in edge_tip["html"]  # shown as text
    assert result["injected"] == 0 and result["scripts"] == 3  # JSON data + vis + page script
    assert not any(urlsplit(u).path == "/x" for u in visit.requests)  # <img src=x> not loaded
    assert_local(visit, server.base)


def test_standalone_file_and_big_graph(extracted, stores, browser, tmp_path: Path) -> None:
    """`kg viz` writes a file that loads nothing; 2,000 actors / 10,000 edges draw fast."""
    import random

    import typer
    from typer.testing import CliRunner

    from kg.analytics import graph_from_relations
    from kg.model import PREDICATES
    from kg.viz import graph_data_from_graph, render_graph_html
    from kg.viz.cli import register

    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a group, so `viz` is a subcommand
    out = tmp_path / "graph.html"
    with open_store(tmp_path / "kg") as store:
        store.write_documents(extracted[:1])
    result = CliRunner().invoke(app, ["viz", "-o", str(out), "--store", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    visit = browser.visit(out.as_uri())
    assert browser.evaluate("kgGraph.nodes.length") > 3
    assert browser.evaluate("kgGraph.errors") == [] and visit.exceptions == []
    # no API behind a file: the inspector shows what the file embeds
    assert browser.evaluate("kgGraph.search('Russia')") == "russia"
    assert "accepts" in inspector_text(browser)
    assert browser.evaluate("kgGraph.exportRelations()").count("\r\n") > 3
    assert all(urlsplit(u).scheme in ("file", "data") for u in visit.requests), visit.requests
    assert browser.evaluate("document.forms.length") == 0

    rng = random.Random(7)
    actors = [f"actor-{i}" for i in range(2000)]
    rels: set[tuple[str, str, str]] = set()
    while len(rels) < 10_000:  # clustered: 40 groups, most relations inside a group
        a = rng.randrange(2000)
        b = (a // 50) * 50 + rng.randrange(50) if rng.random() < 0.8 else rng.randrange(2000)
        if a != b:
            rels.add((actors[a], rng.choice(PREDICATES), actors[b]))
    graph = graph_from_relations([(s, p, o, rng.randint(1, 5)) for s, p, o in sorted(rels)])
    start = time.monotonic()
    data = graph_data_from_graph(graph)
    html = render_graph_html(data)
    built = time.monotonic() - start
    assert not data.physics and all(n.x is not None for n in data.nodes)
    server = Server(stores["seed"], {"big.html": html})
    try:
        start = time.monotonic()
        visit = browser.visit(server.base + "/file/big.html", timeout=40)
        drawn = time.monotonic() - start
        nodes = browser.evaluate("kgGraph.nodes.length")
        start = time.monotonic()
        browser.evaluate("kgGraph.network.moveTo({scale: 0.5}); kgGraph.network.redraw()")
        redraw = time.monotonic() - start
    finally:
        server.close()
    assert nodes == 2000 and browser.evaluate("kgGraph.edges.length") == 10_000
    assert_local(visit, server.base)
    assert built < 15 and drawn < 15 and redraw < 3, (built, drawn, redraw)
    stats = canvas_stats(browser.screenshot(), browser)
    assert stats["non_white"] > 0.05, stats


def test_api_graph_route_draws_offline(extracted, browser, tmp_path: Path) -> None:
    """The real API app (`kg serve`) serves /graph and /static: the seed draws, offline."""
    from api.config import Settings
    from api.main import create_app

    directory = tmp_path / "store"
    with open_store(directory) as store:
        store.write_documents(extracted[:1])
    app = create_app(Settings.from_env(store=str(directory)))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "API did not start"
            time.sleep(0.05)
        base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
        visit = browser.visit(base + "/graph?color=type")
        info = browser.evaluate("({nodes: kgGraph.nodes.length, edges: kgGraph.edges.length,"
                                " errors: kgGraph.errors})")
        assert info["nodes"] > 3 and info["edges"] > 3 and info["errors"] == []
        assert visit.exceptions == []
        assert_local(visit, base)
        assert any(u.endswith("/static/vis-network.min.js") for u in visit.requests)
        stats = canvas_stats(browser.screenshot(), browser)
        assert stats["variance"] > 50, stats
        # the inspector loads the spaCy-extracted evidence from the API
        edge = browser.evaluate(
            "kgGraph.edges.get({filter: e => e.kg.predicate === 'accepts'})[0].id")
        click(browser, *hover_point(browser, "edge", edge))
        panel = inspector_text(browser, loaded=True)
        assert "Russia accepts European Union" in panel and "2 asserted" in panel
        assert "has no objection to the European Union" in panel
        assert "Putin in Beijing · 2024-05-17" in panel
        if os.environ.get("KG_WRITE_DOCS_SCREENSHOT"):
            DOCS_INSPECTOR.write_bytes(browser.screenshot())
            with browser_session(phone=True) as phone:
                phone.visit(base + "/graph#actor=russia")
                inspector_text(phone, loaded=True)
                DOCS_PHONE_ACTOR.write_bytes(phone.screenshot())
                phone.visit(base + "/graph")
                DOCS_PHONE.write_bytes(phone.screenshot())
    finally:
        server.should_exit = True
        thread.join(15)
