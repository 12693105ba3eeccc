"""The graph page on a large store, in headless Chromium: time to interactive, redraw,
page weight.

    .venv/bin/python -m bench graph-page [--actors 346] [--relations 7000] [--keep DIR]

Builds a synthetic store on disk (actors with preferential attachment, 1–3 mentions per
relation, documents spread over two years, 1 in 10 undated), serves it with the real API
on 127.0.0.1 and loads /graph in Chromium (the test suite's DevTools driver). Measured in
the same run, so the ratios hold on a busy machine:

- server: /graph cold (projection, metrics, layout, render) and cached
- page weight: the served page (evidence and relations on demand) against the same data
  with evidence and relations embedded (what the page embedded before), raw and gzip
- time to interactive: navigation start → first full draw (`kgGraph.readyAt`)
- redraw: median of 15 `network.redraw()` calls, with labels and without (font size 0),
  for the start view (top actors by PageRank) and for every actor shown
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

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
  for (let i = 0; i < 15; i++) {
    n.moveTo({scale: fit * (1 + 0.02 * (i % 4))});
    kgGraph.arrowsByZoom();
    const s = performance.now(); n.redraw(); t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[7];
}"""


def _page_timings(browser: Any, url: str) -> dict[str, float]:
    browser.visit("about:blank", ready="document.readyState === 'complete'")
    browser.visit(url, timeout=120)
    out = {"tti_ms": browser.evaluate("kgGraph.readyAt"),
           "shown_nodes": browser.evaluate("kgGraph.shownNodes.length"),
           "shown_edges": browser.evaluate("kgGraph.shownEdges.length")}
    out["fit_scale"] = browser.evaluate("kgGraph.network.getScale()")
    # at the zoom the page opens with (fit to the graph), nudged so each redraw differs
    browser.evaluate(_REDRAW)
    redraw = f"window.benchRedraw({out['fit_scale']})"
    out["redraw_ms"] = browser.evaluate(redraw)
    browser.evaluate("kgGraph.network.setOptions({nodes: {font: {size: 0}},"
                     " edges: {font: {size: 0}}})")
    out["redraw_bare_ms"] = browser.evaluate(redraw)
    browser.evaluate("document.getElementById('kg-all').click()")
    out["all_nodes"] = browser.evaluate("kgGraph.shownNodes.length")
    out["all_edges"] = browser.evaluate("kgGraph.shownEdges.length")
    out["redraw_all_bare_ms"] = browser.evaluate(redraw)
    browser.evaluate("kgGraph.network.setOptions({nodes: {font: {size: 14}},"
                     " edges: {font: {size: 10}}})")
    out["redraw_all_ms"] = browser.evaluate(redraw)
    browser.evaluate("kgGraph.network.fit({animation: false})")
    out["fit_all_scale"] = browser.evaluate("kgGraph.network.getScale()")
    out["redraw_all_fit_ms"] = browser.evaluate(f"window.benchRedraw({out['fit_all_scale']})")
    return out


def _get(url: str) -> tuple[bytes, float]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as reply:
        body = reply.read()
    return body, time.perf_counter() - start


def run(n_actors: int, n_relations: int, keep: Path | None) -> dict[str, Any]:
    """Build, serve, measure; returns the figures."""
    from kg.store import open_store
    from kg.viz import graph_page_data, render_graph_html
    from tests.test_graph_page_browser import Api
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
        with open_store(directory) as store:
            data = graph_page_data(store)
            embedded = render_graph_html(data).encode()
        out.update(actors=len(data.nodes), relations=len(data.edges))
        api = Api(directory)
        try:
            page, out["server_cold_s"] = _get(api.base + "/graph")
            _, out["server_cached_s"] = _get(api.base + "/graph")
            out["page_bytes"], out["page_gzip_bytes"] = len(page), len(gzip.compress(page))
            out["embedded_bytes"] = len(embedded)
            out["embedded_gzip_bytes"] = len(gzip.compress(embedded))
            with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
                browser = Browser.launch(Path(profile))
                try:
                    out.update(_page_timings(browser, api.base + "/graph"))
                finally:
                    browser.close()
        finally:
            api.close()
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=346)
    ap.add_argument("--relations", type=int, default=7000)
    ap.add_argument("--keep", type=Path, help="build (once) and reuse the store here")
    args = ap.parse_args(argv)
    out = run(args.actors, args.relations, args.keep)
    print(json.dumps(out, indent=2))
    return out
