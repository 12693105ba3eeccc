"""The graph page on a large store, in headless Chromium: time to interactive, redraw,
page weight.

    .venv/bin/python -m bench graph-page [--actors 346] [--relations 7000] [--keep DIR]
                                         [--before main] [--sigma DIR]

Builds a synthetic store on disk (actors with preferential attachment, 1–3 mentions per
relation, documents spread over two years, 1 in 10 undated), serves it with the API of
this tree in a subprocess on 127.0.0.1 and loads /graph in Chromium (the test suite's
DevTools driver); `--before REF` does the same with the API of a git ref (`git archive`),
on the same store, in the same run, so the before/after ratios hold on a busy machine:

- server: /graph cold (projection, metrics, layout, render) and cached
- page weight: raw and gzip
- time to interactive: navigation start → the page marks itself ready (first full draw)
- DOM nodes and JS heap once ready (DevTools Performance.getMetrics)
- redraw: median of 7 `network.redraw()` calls at the opening zoom, with labels and
  without (font size 0); for the reworked page also with every actor shown
- `--sigma DIR`: the same positions, colours and sizes drawn by sigma.js (WebGL; software
  SwiftShader in headless Chromium): build time and median `refresh()`
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ACTOR_TYPES = ("state", "organization", "person", "group", "party", "bloc")


def synthetic_extractions(n_actors: int, n_relations: int, seed: int = 5) -> list[Any]:
    """Documents of 20 mentions each, whose relations form a graph with a few hubs."""
    from kg.model import (
        PREDICATES,
        Actor,
        Article,
        Evidence,
        Extraction,
        ParsedDoc,
        RelationMention,
    )

    rng = random.Random(seed)
    actors = [Actor(f"a{i}", f"Actor {i}", ACTOR_TYPES[i % len(ACTOR_TYPES)]) for i in
              range(n_actors)]
    weights = [1.0 / (i + 1) ** 0.7 for i in range(n_actors)]
    rels: set[tuple[int, str, int]] = set()
    while len(rels) < n_relations:
        s, o = rng.choices(range(n_actors), weights)[0], rng.randrange(n_actors)
        if s != o:
            rels.add((s, rng.choice(PREDICATES), o))
    mentions = [r for r in sorted(rels) for _ in range(rng.choice((1, 1, 2, 3)))]
    rng.shuffle(mentions)
    docs = []
    for k in range(0, len(mentions), 20):
        doc_id = f"doc{k // 20:05d}"
        day = None if rng.random() < 0.1 else (
            f"{rng.choice((2023, 2024))}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}")
        text = " ".join(f"{actors[s].label} {p} {actors[o].label}." for s, p, o in
                        mentions[k:k + 20])
        found = []
        for s, p, o in mentions[k:k + 20]:
            sentence = f"{actors[s].label} {p} {actors[o].label}."
            found.append(RelationMention(
                doc=doc_id, subject=actors[s], predicate=p, object=actors[o],
                evidence=Evidence(sentence=sentence, start=0, end=len(sentence), cue=p),
                confidence=0.8))
        article = Article(id=doc_id, text=text, title=f"Story {doc_id}", published=day,
                          url=f"https://news.invalid/{doc_id}")
        docs.append(Extraction(
            article=ParsedDoc(article=article, sentences=[], backend="bench",
                              backend_version="0"),
            actors={a.id: a for m in found for a in (m.subject, m.object)}, aliases={},
            mentions=found))
    return docs


_REDRAW = """window.benchRedraw = function (fit) {
  const n = kgGraph.network, t = [];
  for (let i = 0; i < 7; i++) {
    n.moveTo({scale: fit * (1 + 0.02 * (i % 4))});
    if (kgGraph.arrowsByZoom) { kgGraph.arrowsByZoom(); }
    const s = performance.now(); n.redraw(); t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[3];
}"""


# Records when the page marks itself ready (old pages have no kgGraph.readyAt).
_READY_WATCH = """new MutationObserver((_, o) => {
  if (document.documentElement && document.documentElement.dataset.kgReady === 'true') {
    window.benchReadyAt = performance.now(); o.disconnect(); }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-kg-ready']});"""


def _page_timings(browser: Any, url: str) -> dict[str, float]:
    browser.visit("about:blank", ready="document.readyState === 'complete'")
    browser.visit(url, timeout=180)
    metrics = {m["name"]: m["value"] for m in browser.send("Performance.getMetrics")["metrics"]}
    out = {"tti_ms": _slow(browser, "window.benchReadyAt"),
           "dom_nodes": metrics.get("Nodes"),
           "js_heap_mb": round(metrics.get("JSHeapUsedSize", 0) / 2**20, 1),
           "shown_edges": _slow(browser, "(kgGraph.shownEdges || kgGraph.edges).length")}
    out["fit_scale"] = _slow(browser, "kgGraph.network.getScale()")
    _slow(browser, _REDRAW)
    # at the zoom the page opens with (fit to the graph), nudged so each redraw differs
    redraw = f"window.benchRedraw({out['fit_scale']})"
    out["redraw_ms"] = _slow(browser, redraw)
    _slow(browser, "kgGraph.network.setOptions({nodes: {font: {size: 0}},"
                     " edges: {font: {size: 0}}})")
    out["redraw_bare_ms"] = _slow(browser, redraw)
    if _slow(browser, "Boolean(document.getElementById('kg-all'))"):  # the reworked page
        _slow(browser, "document.getElementById('kg-all').click();"
                         " kgGraph.network.fit({animation: false})")
        out["all_edges"] = _slow(browser, "kgGraph.shownEdges.length")
        fit = _slow(browser, "kgGraph.network.getScale()")
        out["redraw_all_bare_ms"] = _slow(browser, f"window.benchRedraw({fit})")
        _slow(browser, "kgGraph.network.setOptions({nodes: {font: {size: 14}},"
                         " edges: {font: {size: 10}}})")
        out["redraw_all_ms"] = _slow(browser, f"window.benchRedraw({fit})")
    return out


def _slow(browser: Any, expression: str) -> Any:
    """`browser.evaluate` with room for the old page's multi-second redraws."""
    reply = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                         timeout=600)
    return reply["result"].get("value")


def _get(url: str) -> tuple[bytes, float]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as reply:
        body = reply.read()
    return body, time.perf_counter() - start


class _Served:
    """`kg`'s API from a source tree (this one, or a git ref unpacked) in a subprocess."""

    CODE = ("import sys, uvicorn; from api.config import Settings; from api.main import "
            "create_app; uvicorn.run(create_app(Settings.from_env(store=sys.argv[1])), "
            "host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')")

    def __init__(self, tree: Path, store: Path) -> None:
        from tests.servers import free_port

        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": str(tree)}
        self.proc = subprocess.Popen([sys.executable, "-c", self.CODE, str(store), str(port)],
                                     cwd=tree, env=env)
        deadline = time.monotonic() + 120
        while True:
            try:
                _get(self.base + "/health")
                return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.close()
                    raise RuntimeError(f"the API from {tree} did not start") from None
                time.sleep(0.2)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _measure(tree: Path, store: Path, browser: Any,
             sigma: Path | None = None) -> dict[str, Any]:
    served = _Served(tree, store)
    try:
        out: dict[str, Any] = {}
        page, out["server_cold_s"] = _get(served.base + "/graph")
        _, out["server_cached_s"] = _get(served.base + "/graph")
        out["page_bytes"], out["page_gzip_bytes"] = len(page), len(gzip.compress(page))
        out.update(_page_timings(browser, served.base + "/graph"))
        if sigma is not None:
            out["sigma"] = _sigma(browser, page.decode(), sigma)
        return out
    finally:
        served.close()


_SIGMA_PAGE = """<!doctype html><html><body style="margin:0">
<div id="c" style="width:100vw;height:100vh"></div>
<script type="application/json" id="d">{data}</script><script>{libs}</script><script>
const t0 = performance.now(), d = JSON.parse(document.getElementById('d').textContent);
const g = new graphology.MultiDirectedGraph();
d.nodes.forEach(n => g.addNode(n.id, n));
d.edges.forEach(e => g.addEdge(e.s, e.t, {{color: e.color, size: e.size, type: 'arrow'}}));
const r = new Sigma(g, document.getElementById('c'), {{renderEdgeLabels: false}});
window.benchReadyAt = performance.now(); window.benchBuild = performance.now() - t0;
window.benchRedraw = function () {{
  const t = [], cam = r.getCamera();
  for (let i = 0; i < 7; i++) {{
    cam.setState({{ratio: 1 + 0.02 * (i % 4)}});
    const s = performance.now(); r.refresh(); t.push(performance.now() - s);
  }}
  t.sort((a, b) => a - b); return t[3];
}};
document.documentElement.dataset.kgReady = 'true';
</script></body></html>"""


def _sigma(browser: Any, page: str, npm: Path) -> dict[str, Any]:
    """The same graph (positions, colours, sizes) drawn by sigma.js on graphology, WebGL:
    `npm` holds `npm pack sigma@3 graphology@0.25` unpacked as sigma/ and graphology/."""
    from kg.store import open_store
    from tests.test_viz_browser import Server

    data = json.loads(page.split('id="kg-graph-data">', 1)[1].split("</script>", 1)[0])
    nodes = [{"id": n["id"], "x": n["x"], "y": -n["y"], "size": 3 + 12 * n["value"],
              "color": n["color"], "label": n["label"]} for n in data["nodes"]]
    edges = [{"s": e["from"], "t": e["to"], "color": e["color"],
              "size": max(0.5, e["width"] / 2)} for e in data["edges"]]
    libs = "\n".join((npm / f).read_text(encoding="utf-8") for f in (
        "graphology/dist/graphology.umd.min.js", "sigma/dist/sigma.min.js"))
    html = _SIGMA_PAGE.format(libs=libs, data=json.dumps(
        {"nodes": nodes, "edges": edges}).replace("<", "\\u003c"))
    with open_store(":memory:") as store:
        server = Server(store, {"sigma.html": html})
        try:
            browser.visit("about:blank", ready="document.readyState === 'complete'")
            browser.visit(server.base + "/file/sigma.html", timeout=180)
            return {"tti_ms": _slow(browser, "window.benchReadyAt"),
                    "build_ms": _slow(browser, "window.benchBuild"),
                    "edges": len(edges), "redraw_all_ms": _slow(browser, "benchRedraw()")}
        finally:
            server.close()


def run(n_actors: int, n_relations: int, keep: Path | None,
        before: str | None = None, sigma: Path | None = None) -> dict[str, Any]:
    """Build, serve, measure (and the same for the git ref `before`); returns the figures."""
    from kg.store import open_store
    from tests.test_viz_browser import CHROMIUM, Browser

    if CHROMIUM is None:
        raise SystemExit("Chromium is not installed (make browser)")
    with tempfile.TemporaryDirectory() as tmp:
        directory = keep or Path(tmp) / "kg"
        docs = synthetic_extractions(n_actors, n_relations)
        start = time.perf_counter()
        if not (directory / ".built").exists():
            with open_store(directory) as store:
                store.write_documents(docs)
            (directory / ".built").touch()
        out: dict[str, Any] = {"store_s": time.perf_counter() - start,
                               "mentions": sum(len(d.mentions) for d in docs)}
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
            browser = Browser.launch(Path(profile))
            browser.send("Performance.enable")
            browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": _READY_WATCH})
            try:
                out["after"] = _measure(ROOT, directory, browser, sigma)
                if before:
                    print(json.dumps(out, indent=2), flush=True)  # the old page is slow
                    old = Path(tmp) / "before"
                    old.mkdir()
                    archive = subprocess.run(["git", "archive", before], cwd=ROOT,
                                             check=True, capture_output=True).stdout
                    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
                    out["before"] = _measure(old, directory, browser)
                    out["before"]["ref"] = before
            finally:
                browser.close()
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=346)
    ap.add_argument("--relations", type=int, default=7000)
    ap.add_argument("--keep", type=Path, help="build (once) and reuse the store here")
    ap.add_argument("--before", metavar="REF",
                    help="also measure the page of this git ref (e.g. main), same store")
    ap.add_argument("--sigma", type=Path, metavar="DIR",
                    help="also draw the graph with sigma.js: DIR holds `npm pack sigma@3 "
                         "graphology@0.25` unpacked as DIR/sigma and DIR/graphology")
    args = ap.parse_args(argv)
    out = run(args.actors, args.relations, args.keep, args.before, args.sigma)
    print(json.dumps(out, indent=2))
    return out
