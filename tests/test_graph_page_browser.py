"""The served graph page as an analyst uses it, in headless Chromium against the real API
(`create_app` on uvicorn, a real Oxigraph store on disk): the inspector (a relation's
mentions paged, with links; an actor's card), the URL fragment, search, shortest path, the
time slider, exports, keyboard selection, the phone layout and axe-core.

The store is hand-made (no NLP): 14 dated mentions of Russia criticizes NATO across six
months, undated documents, a negated and a modal mention, a mention with a source, and a
document whose title, URL and sentence are hostile.
"""

from __future__ import annotations

import base64
import json
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from kg.model import Actor, Article, Evidence, Extraction, ParsedDoc, RelationMention
from kg.store import open_store
from tests.test_viz_browser import (
    CHROMIUM,
    XSS_IMG,
    Browser,
    Server,
    assert_local,
    browser_session,
    click,
    hover_point,
    inspector_text,
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)

RUSSIA = Actor("russia", "Russia", "state", "Q159")
NATO = Actor("nato", "NATO", "organization", "Q7184")
CHINA = Actor("china", "China", "state", "Q148")
UKRAINE = Actor("ukraine", "Ukraine", "state", "Q212")
USA = Actor("usa", "United States", "state", "Q30")
EU = Actor("eu", "European Union", "bloc", "Q458")


def doc(doc_id: str, sentence: str, rels: list[tuple[Actor, str, Actor, dict[str, Any]]],
        published: str | None, url: str | None = None, title: str | None = None,
        aliases: dict[str, set[str]] | None = None) -> Extraction:
    article = Article(id=doc_id, text=sentence, title=title or f"Story {doc_id}", url=url,
                      published=published)
    mentions = []
    for s, p, o, extra in rels:
        cue = extra.pop("cue", p)
        mentions.append(RelationMention(
            doc=doc_id, subject=s, predicate=p, object=o,
            evidence=Evidence(sentence=sentence, start=0, end=len(sentence), cue=cue),
            confidence=0.9, **extra))
    actors = {a.id: a for s, _, o, x in rels for a in (s, o, x.get("source")) if a}
    return Extraction(
        article=ParsedDoc(article=article, sentences=[], backend="test", backend_version="0"),
        actors=actors, aliases=aliases or {}, mentions=mentions)


def corpus(source_base: str) -> list[Extraction]:
    docs = []
    for i in range(14):  # January to June 2024
        day = f"2024-{1 + i // 3:02d}-{1 + 9 * (i % 3):02d}"
        docs.append(doc(f"d{i:02d}", f"Russia sharply criticizes NATO, report {i} says.",
                        [(RUSSIA, "criticizes", NATO, {"cue": "criticizes"})], day,
                        url=f"{source_base}/file/src-d{i:02d}",
                        aliases={"russia": {"Moscow", "Kremlin"}}))
    docs.append(doc("u1", "China supports Russia.", [(CHINA, "supports", RUSSIA, {})], None))
    docs.append(doc("u2", "China supports Russia again.", [(CHINA, "supports", RUSSIA, {})],
                    None))
    docs.append(doc("neg", "Russia does not criticize NATO.",
                    [(RUSSIA, "criticizes", NATO, {"negated": True, "cue": "criticize"})],
                    "2024-02-02"))
    docs.append(doc("src", "According to Washington, NATO engages with Ukraine.",
                    [(NATO, "engages_with", UKRAINE, {"source": USA, "cue": "engages"}),
                     (UKRAINE, "attacks", RUSSIA, {"modality": "future", "cue": "attack"})],
                    "2024-06-20"))
    docs.append(doc("eu", "The EU sanctions Russia.", [(EU, "sanctions", RUSSIA, {})],
                    "2024-04-04"))
    docs.append(doc("evil", f"Ukraine opposes Russia {XSS_IMG}.",
                    [(UKRAINE, "opposes", RUSSIA, {"cue": "opposes"})], "2024-03-03",
                    url="javascript:window.__xss=9", title=f"Evil {XSS_IMG}"))
    return docs


class Api:
    """The real API app on uvicorn, 127.0.0.1, serving a store on disk."""

    def __init__(self, directory: Path) -> None:
        from api.config import Settings
        from api.main import create_app

        app = create_app(Settings.from_env(store=str(directory)))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("API did not start")
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{self.server.servers[0].sockets[0].getsockname()[1]}"

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Api, Server]]:
    """(the API, a file server standing in for the news sites the documents link to)."""
    with tempfile.TemporaryDirectory() as tmp:
        empty = open_store(Path(tmp) / "empty")
        files = Server(empty,
                       {f"src-d{i:02d}": f"<title>source {i}</title>article {i}"
                        for i in range(14)})
        with open_store(Path(tmp) / "kg") as store:
            store.write_documents(corpus(files.base))
        api = Api(Path(tmp) / "kg")
        try:
            yield api, files
        finally:
            api.close()
            files.close()
            empty.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with browser_session() as b:
        yield b


def edge_id(browser: Browser, s: str, p: str, o: str) -> str:
    return browser.evaluate(f"kgGraph.edgeFor({json.dumps(s)}, {json.dumps(p)}, "
                            f"{json.dumps(o)}).id")


def wait_for(browser: Browser, expr: str, timeout: float = 10) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := browser.evaluate(expr)):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {expr}")
        browser.pump(0.05)
    return value


def fresh(browser: Browser, url: str) -> None:
    """Load `url` anew (a change of #fragment alone would not reload the page)."""
    browser.visit("about:blank", ready="document.readyState === 'complete'")
    browser.visit(url)


def key(browser: Browser, name: str, code: str, vk: int, text: str = "") -> None:
    for kind in ("keyDown", "keyUp"):
        params = {"type": kind, "key": name, "code": code, "windowsVirtualKeyCode": vk}
        if text and kind == "keyDown":
            params["text"] = text
        browser.send("Input.dispatchKeyEvent", params)
    browser.pump(0.1)


# ------------------------------------------------------------------ tests


def test_edge_mentions_paged_with_links_and_url_state(site, browser) -> None:
    api, files = site
    visit = browser.visit(api.base + "/graph")
    assert visit.exceptions == [] and browser.evaluate("kgGraph.errors") == []
    assert_local(visit, None)
    # nothing is embedded up front: no evidence, no relation lists
    assert browser.evaluate("kgGraph.edges.get().every(e => !('evidence' in e.kg))")
    click(browser, *hover_point(browser, "edge", edge_id(browser, "russia", "criticizes", "nato")))
    text = inspector_text(browser, loaded=True)
    assert "Russia criticizes NATO" in text
    assert "14 asserted, 1 negated mention(s)" in text and "mentions 1–10 of 15" in text
    marks = browser.evaluate("[...document.querySelectorAll('#kg-insp-body mark')]"
                             ".map(m => m.textContent)")
    assert marks and set(marks) == {"criticizes"}
    assert 0 <= text.index("Story d13 · 2024-05-10") < text.index("Story d12")  # newest first
    assert browser.evaluate("location.hash") == "#s=russia&p=criticizes&o=nato"
    # selectable text
    assert browser.evaluate("getComputedStyle(document.getElementById('kg-inspector'))"
                            ".userSelect") in ("text", "auto")
    # next page: the rest, the negated mention last
    browser.evaluate("[...document.querySelectorAll('.kg-pager button')]"
                     ".find(b => b.textContent === 'Next').click()")
    text = inspector_text(browser, loaded=True)
    assert "mentions 11–15 of 15" in text and "negated" in text
    assert "Russia does not criticize NATO." in text
    shared = browser.evaluate("location.href")
    assert shared.endswith("#s=russia&p=criticizes&o=nato&page=1")
    # a shared link opens the same page of the same relation
    fresh(browser, shared)
    assert "mentions 11–15 of 15" in inspector_text(browser, loaded=True)
    # the links: source URL (new tab, no referrer) and the document's JSON
    links = browser.evaluate("[...document.querySelectorAll('#kg-insp-body a')].map(a =>"
                             " ({text: a.textContent, href: a.href, rel: a.rel,"
                             " target: a.target}))")
    source = next(a for a in links if a["text"] == "source")
    assert source["href"].startswith(files.base + "/file/src-d")
    assert source["rel"] == "noopener noreferrer" and source["target"] == "_blank"
    doc_json = next(a for a in links if a["text"] == "document JSON")
    browser.send("Page.navigate", {"url": source["href"]})
    wait_for(browser, "document.title.startsWith('source ')")
    browser.send("Page.navigate", {"url": doc_json["href"]})
    body = wait_for(browser, "document.body && document.body.innerText.includes('\"id\"')"
                             " && document.body.innerText")
    assert json.loads(body)["id"].startswith("d")


def test_mentions_flags_and_hostile_document(site, browser) -> None:
    api, _ = site
    fresh(browser, api.base + "/graph#s=nato&p=engages_with&o=ukraine")
    text = inspector_text(browser, loaded=True)
    assert "according to United States" in text
    fresh(browser, api.base + "/graph#s=ukraine&p=opposes&o=russia")
    text = inspector_text(browser, loaded=True)
    assert XSS_IMG in text and f"Evil {XSS_IMG}" in text
    found = browser.evaluate(
        "({elements: document.querySelectorAll('#kg-inspector img, #kg-inspector svg,"
        " #kg-inspector script').length, links: [...document.querySelectorAll("
        "'#kg-insp-body a')].map(a => a.textContent), xss: window.__xss || null})")
    assert found == {"elements": 0, "links": ["document JSON"], "xss": None}  # no javascript:


def test_actor_card_search_and_path(site, browser) -> None:
    api, _ = site
    browser.visit(api.base + "/graph")
    suggestions = browser.evaluate("[...document.querySelectorAll('#kg-names option')]"
                                   ".map(o => [o.value, o.textContent])")
    assert ["Russia", "state"] in suggestions and ["Moscow", "→ Russia"] in suggestions
    browser.evaluate("document.getElementById('kg-search').focus()")
    browser.send("Input.insertText", {"text": "Mosco"})  # typed: no match yet
    browser.pump(0.2)
    assert browser.evaluate("document.getElementById('kg-inspector').hidden")
    browser.send("Input.insertText", {"text": "w"})  # the alias, as a suggestion gives it
    text = inspector_text(browser, loaded=True)
    assert "Q159" in text and "Moscow" in text and "PageRank (this view)" in text
    assert "community" in text and "criticizes" in text and "→ NATO (14 mentions)" in text
    wd = browser.evaluate("document.querySelector('#kg-insp-body a').href")
    assert wd == "https://www.wikidata.org/wiki/Q159"
    assert browser.evaluate("location.hash") == "#actor=russia"
    info = browser.evaluate("""(() => { const n = kgGraph.network;
        const p = n.canvasToDOM(n.getPositions(['russia']).russia);
        const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();
        return {scale: n.getScale(), selected: n.getSelectedNodes(), x: p.x / r.width,
                y: p.y / r.height}; })()""")
    assert info["selected"] == ["russia"] and info["scale"] >= 1.5
    assert abs(info["x"] - 0.5) < 0.1 and abs(info["y"] - 0.5) < 0.1  # zoomed to it
    # the card's relation opens the relation
    browser.evaluate("[...document.querySelectorAll('#kg-insp-body button.kg-linkish')]"
                     ".find(b => b.textContent.startsWith('→ NATO')).click()")
    assert "mentions 1–10 of 15" in inspector_text(browser, loaded=True)
    # neighbourhood: hide Russia's neighbours, then bring them back
    browser.evaluate("kgGraph.openActor('russia'); kgGraph.hideNeighbours('russia')")
    assert browser.evaluate("kgGraph.shownNodes.length") == 0  # every edge touches Russia's
    browser.evaluate("kgGraph.expand('russia')")
    assert browser.evaluate("kgGraph.shownNodes.length") == browser.evaluate(
        "kgGraph.nodes.length")
    # shortest path
    assert browser.evaluate("kgGraph.showPath('China', 'NATO')") == ["china", "russia", "nato"]
    assert "2 steps" in browser.evaluate("document.getElementById('kg-path-out').textContent")
    assert browser.evaluate("kgGraph.search('Atlantis')") is None


def test_time_slider_filters_in_place(site, browser) -> None:
    api, _ = site
    browser.visit(api.base + "/graph")
    total = browser.evaluate("kgGraph.shownEdges.length")
    summary = browser.evaluate("document.getElementById('kg-t-summary').textContent")
    assert "2 mentions from undated documents included" in summary
    assert browser.evaluate("document.querySelectorAll('#kg-hist span').length") == 6  # months
    supports = edge_id(browser, "china", "supports", "russia")
    # leave out the undated documents: China's (undated only) relation goes, in place
    browser.evaluate("const u = document.getElementById('kg-t-undated'); u.click()")
    assert browser.evaluate(f"kgGraph.shownEdges.get({json.dumps(supports)})") is None
    assert browser.evaluate("kgGraph.shownEdges.length") == total - 1
    assert "left out" in browser.evaluate("document.getElementById('kg-t-summary').textContent")
    assert "undated=0" in browser.evaluate("location.hash")
    # March only: Russia criticizes NATO (3 mentions that month) and the hostile document
    browser.evaluate("""(() => { const f = document.getElementById('kg-t-from'),
        t = document.getElementById('kg-t-to'); f.value = 2;
        f.dispatchEvent(new Event('input')); t.value = 2;
        t.dispatchEvent(new Event('input')); })()""")
    shown = browser.evaluate("kgGraph.shownEdges.get().map(e => e.kg.predicate).sort()")
    assert shown == ["criticizes", "opposes"]
    assert "4 of 17 dated mentions, 2024-03 to 2024-03" in browser.evaluate(
        "document.getElementById('kg-t-summary').textContent")
    csv = browser.evaluate("kgGraph.exportRelations()")
    assert '"russia","Russia","criticizes","nato","NATO","negative",3,14' in csv
    assert browser.evaluate("document.documentElement.dataset.kgReady") == "true"
    # the range is in the URL: a reload keeps it
    fresh(browser, browser.evaluate("location.href"))
    assert browser.evaluate("kgGraph.shownEdges.length") == 2


def test_exports_of_the_view(site, browser) -> None:
    api, _ = site
    browser.visit(api.base + "/graph")
    actors = browser.evaluate("kgGraph.exportActors()").strip().split("\r\n")
    assert actors[0] == '"id","label","type","wikidata","pagerank","degree","community"'
    assert len(actors) - 1 == browser.evaluate("kgGraph.shownNodes.length")
    assert any(r.startswith('"russia","Russia","state","Q159",') for r in actors)
    gexf = browser.evaluate("""(() => { const x = new DOMParser().parseFromString(
        kgGraph.exportGexf(), 'application/xml');
        return {error: x.getElementsByTagName('parsererror').length,
                nodes: x.getElementsByTagName('node').length,
                edges: x.getElementsByTagName('edge').length}; })()""")
    assert gexf == {"error": 0, "nodes": browser.evaluate("kgGraph.shownNodes.length"),
                    "edges": browser.evaluate("kgGraph.shownEdges.length")}
    png = base64.b64decode(browser.evaluate("kgGraph.exportPng()").split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    browser.evaluate("document.querySelector('[data-export=relations]').click()")
    assert browser.evaluate("kgGraph.lastExport") == "kg-relations.csv"


def test_keyboard_selection(site, browser) -> None:
    api, _ = site
    browser.visit(api.base + "/graph")
    browser.evaluate("document.getElementById('kg-graph').focus()")
    key(browser, "ArrowRight", "ArrowRight", 39)
    top = browser.evaluate("kgGraph.order[0]")
    assert browser.evaluate("kgGraph.network.getSelectedNodes()") == [top]
    assert browser.evaluate("document.getElementById('kg-status').textContent").startswith(
        browser.evaluate(f"kgGraph.byId[{json.dumps(top)}].kg.label"))
    key(browser, "ArrowRight", "ArrowRight", 39)
    assert browser.evaluate("kgGraph.network.getSelectedNodes()") == [
        browser.evaluate("kgGraph.order[1]")]
    key(browser, "ArrowLeft", "ArrowLeft", 37)
    key(browser, "Enter", "Enter", 13, "\r")
    assert browser.evaluate(f"kgGraph.byId[{json.dumps(top)}].kg.label") in inspector_text(
        browser, loaded=True)
    browser.evaluate("document.getElementById('kg-graph').focus()")
    key(browser, "]", "BracketRight", 221, "]")
    edge = browser.evaluate("kgGraph.network.getSelectedEdges()")
    assert len(edge) == 1 and browser.evaluate(f"Boolean(kgGraph.edgeById[{json.dumps(edge[0])}])")
    key(browser, "Enter", "Enter", 13, "\r")
    assert "mention" in inspector_text(browser, loaded=True)
    assert browser.evaluate("location.hash").startswith("#s=")
    key(browser, "Escape", "Escape", 27)
    assert browser.evaluate("document.getElementById('kg-inspector').hidden")


def test_phone_viewport_drawer(site) -> None:
    api, _ = site
    with browser_session(phone=True) as phone:
        phone.visit(api.base + "/graph")
        box = phone.evaluate("(() => { const g = document.getElementById('kg-graph')"
                             ".getBoundingClientRect(), s = document.getElementById("
                             "'kg-side').getBoundingClientRect(); return {graph: g.width,"
                             " height: g.height, side: s.left, vw: innerWidth}; })()")
        assert box["vw"] == 390 and box["graph"] >= 0.8 * 390 and box["height"] > 500
        assert box["side"] >= 390  # the drawer is closed
        click(phone, *hover_point(phone, "edge", edge_id(phone, "russia", "criticizes",
                                                           "nato")))
        text = inspector_text(phone, loaded=True)
        assert "mentions 1–10 of 15" in text
        phone.pump(0.3)
        side = phone.evaluate("document.getElementById('kg-side').getBoundingClientRect()"
                              ".toJSON()")
        assert side["left"] >= 0 and side["right"] <= 391 and side["width"] > 300


def axe_source() -> str | None:
    """axe-core as `make browser` leaves it in the venv (tools/fetch_axe.py)."""
    path = Path(sys.prefix) / "share" / "axe" / "axe.min.js"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def axe_problems(browser: Browser, source: str) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical on the current page (injected
    over the DevTools protocol, so the page's CSP does not apply)."""
    browser.send("Runtime.evaluate", {"expression": source})
    result = browser.send("Runtime.evaluate", {
        "expression": "axe.run(document, {resultTypes: ['violations']}).then(r =>"
                      " ({passed: r.passes.length, bad: r.violations.filter(v =>"
                      " ['serious', 'critical'].includes(v.impact)).map(v => ({id: v.id,"
                      " impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))}))",
        "awaitPromise": True, "returnByValue": True}, timeout=60)
    value = result["result"]["value"]
    assert value["passed"] > 10, value  # axe really ran its rules
    return value["bad"]


def test_axe_core_finds_no_serious_violations(site, browser) -> None:
    source = axe_source()
    if source is None:
        pytest.skip("axe-core is not in the venv (make browser fetches it)")
    api, _ = site
    browser.visit(api.base + "/graph")
    assert axe_problems(browser, source) == []
    fresh(browser, api.base + "/graph#s=russia&p=criticizes&o=nato")
    inspector_text(browser, loaded=True)
    assert axe_problems(browser, source) == []
    fresh(browser, api.base + "/graph#actor=russia")
    inspector_text(browser, loaded=True)
    assert axe_problems(browser, source) == []


def test_large_graph_starts_from_the_top_actors(browser, tmp_path: Path) -> None:
    import random

    from kg.analytics import graph_from_relations
    from kg.viz import graph_data_from_graph, render_graph_html

    rng = random.Random(3)
    rels = {(f"a{rng.randrange(320)}", "opposes", f"a{rng.randrange(320)}") for _ in range(1500)}
    graph = graph_from_relations([r for r in sorted(rels) if r[0] != r[2]])
    html = render_graph_html(graph_data_from_graph(graph))
    with open_store(tmp_path / "empty") as store:
        server = Server(store, {"big.html": html})
        try:
            browser.visit(server.base + "/file/big.html")
            info = browser.evaluate(
                "({note: document.getElementById('kg-note').hidden, text: document"
                ".getElementById('kg-note-text').textContent, total: kgGraph.nodes.length,"
                " shown: kgGraph.shownNodes.length})")
            assert not info["note"] and "150 actors with the highest PageRank" in info["text"]
            assert info["total"] == graph.number_of_nodes() > 300 and info["shown"] <= 150
            top = browser.evaluate("kgGraph.order.slice(0, 150)")
            assert set(browser.evaluate("kgGraph.shownNodes.getIds()")) <= set(top)
            browser.evaluate("document.getElementById('kg-more').click()")
            assert 150 < browser.evaluate("kgGraph.shownNodes.length") <= 300
            browser.evaluate("document.getElementById('kg-all').click()")
            assert browser.evaluate("kgGraph.shownNodes.length") == info["total"]
            assert browser.evaluate("document.getElementById('kg-note').hidden")
            # collapse the largest community into one node, then expand it again
            browser.evaluate("document.querySelector('.kg-collapse').click()")
            assert browser.evaluate("kgGraph.shownNodes.get('community:1') !== null")
            browser.evaluate("kgGraph.collapse(1, false)")
            assert browser.evaluate("kgGraph.shownNodes.length") == info["total"]
        finally:
            server.close()
