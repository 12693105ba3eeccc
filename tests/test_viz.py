"""The graph page without a browser: page data, encoding, escaping, layout, `kg viz`."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from kg.analytics import GraphFilter, graph_from_relations
from kg.model import Actor, Article, Evidence, Extraction, ParsedDoc, RelationMention
from kg.store import open_store
from kg.viz import (
    STATIC_DIR,
    VIS_JS_NAME,
    VIS_JS_URL,
    EvidenceItem,
    community_layout,
    describe_filter,
    graph_data_from_graph,
    graph_page,
    graph_page_data,
    render_graph_html,
    script_json,
    vis_js_path,
)
from kg.viz.cli import register

ACTORS = {
    "russia": Actor("russia", "Russia", "state", "Q159"),
    "nato": Actor("nato", "NATO", "organization", "Q7184"),
    "ukraine": Actor("ukraine", "Ukraine", "state", "Q212"),
    "putin": Actor("putin", "Vladimir Putin", "person", "Q7747"),
    "evil": Actor("evil", "<img src=x onerror=alert(1)>", "person"),
}


def extraction(
    doc: str,
    rels: list[tuple[str, str, str, str]],
    published: str | None = None,
    title: str | None = None,
) -> Extraction:
    """A hand-made document: (subject, predicate, object, sentence) per mention."""
    text = " ".join(r[3] for r in rels)
    mentions, offset = [], 0
    for s, p, o, sentence in rels:
        ev = Evidence(sentence=sentence, start=offset, end=offset + len(sentence), cue=p)
        offset += len(sentence) + 1
        mentions.append(RelationMention(doc, ACTORS[s], p, ACTORS[o], ev, confidence=0.8))
    article = Article(id=doc, text=text, title=title, published=published)
    actors = {a: ACTORS[a] for r in rels for a in (r[0], r[2])}
    return Extraction(ParsedDoc(article, [], "test", "0"), actors, {}, mentions)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    docs = [
        extraction(
            "d1",
            [("russia", "opposes", "nato", f"Russia opposes NATO, take {i}.") for i in range(4)]
            + [
                ("putin", "leader_of", "russia", "Putin leads Russia."),
                ("nato", "cooperates_with", "ukraine", "NATO works with Ukraine."),
            ],
            published="2024-01-10",
            title="First",
        ),
        extraction(
            "d2",
            [
                ("russia", "opposes", "nato", "Russia opposes NATO, take 0."),
                ("nato", "supports", "ukraine", "NATO supports Ukraine."),
                ("ukraine", "demands", "nato", "Ukraine urges NATO."),
            ],
            published="2024-06-01",
            title="Second",
        ),
        extraction(
            "d3",
            [("evil", "criticizes", "russia", "Evil <script>alert(2)</script> criticizes Russia.")],
            published="2024-07-01",
            title="<b>bold</b>",
        ),
    ]
    with open_store(tmp_path_factory.mktemp("viz") / "kg") as s:
        s.write_documents(docs)
        yield s


def page_payload(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="kg-graph-data">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


# ------------------------------------------------------------------ page data


def test_page_data_from_store(store) -> None:
    data = graph_page_data(store)
    ids = {n.id for n in data.nodes}
    assert ids == {"russia", "nato", "ukraine", "putin", "evil"}
    assert data.physics and all(n.x is None for n in data.nodes)
    assert [n.pagerank for n in data.nodes] == sorted(
        (n.pagerank for n in data.nodes), reverse=True
    )
    edge = next(e for e in data.edges if e.predicate == "opposes")
    assert (edge.source, edge.target, edge.mentions, edge.documents) == ("russia", "nato", 5, 2)
    # up to three sentences, a repeated sentence once, newest first among equals
    assert len(edge.evidence) == 3
    assert len({e.sentence for e in edge.evidence}) == 3
    assert edge.evidence[0] == EvidenceItem(
        "d2", "Russia opposes NATO, take 0.", "Second", "2024-06-01", 0.8
    )
    assert {e.doc for e in edge.evidence} == {"d1", "d2"}
    russia = next(n for n in data.nodes if n.id == "russia")
    assert (russia.label, russia.type, russia.wikidata) == ("Russia", "state", "Q159")
    assert russia.relations[0].predicate == "opposes" and russia.relations[0].mentions == 5
    assert {r.direction for r in russia.relations} == {"in", "out"}
    assert all(n.community is not None for n in data.nodes)


def test_page_data_filters(store) -> None:
    data = graph_page_data(store, GraphFilter(since="2024-05-01"))
    edge = next(e for e in data.edges if e.predicate == "opposes")
    assert edge.mentions == 1 and [e.doc for e in edge.evidence] == ["d2"]
    data = graph_page_data(store, GraphFilter(polarity=("positive",)))
    assert {e.predicate for e in data.edges} == {"cooperates_with", "supports"}
    data = graph_page_data(store, GraphFilter(min_mentions=2))
    assert [e.predicate for e in data.edges] == ["opposes"]
    data = graph_page_data(store, GraphFilter(actor="Vladimir Putin", hops=1))
    assert {n.id for n in data.nodes} == {"putin", "russia"}


def test_big_graph_gets_a_precomputed_layout() -> None:
    graph = nx.gnm_random_graph(600, 2400, seed=3, directed=True)
    rels = [(f"a{u}", "opposes" if (u + v) % 2 else "supports", f"a{v}") for u, v in graph.edges]
    start = time.monotonic()
    data = graph_data_from_graph(graph_from_relations(rels))
    assert time.monotonic() - start < 10
    assert not data.physics
    points = [(n.x, n.y) for n in data.nodes]
    assert all(x is not None and y is not None for x, y in points)
    assert len(set(points)) == len(points)
    html = render_graph_html(data)
    payload = page_payload(html)
    assert payload["physics"] is False and payload["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in payload["nodes"])
    assert "precomputed" in html


def test_community_layout_is_deterministic_and_complete() -> None:
    graph = nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(5))
    graph.add_node("lonely")
    a = community_layout(graph, leaf_size=10, seed=1)
    b = community_layout(graph, leaf_size=10, seed=1)
    assert a == b and set(a) == set(graph)
    assert all(abs(x) < 1e5 and abs(y) < 1e5 for x, y in a.values())
    assert community_layout(nx.Graph()) == {}


# ------------------------------------------------------------------ rendering


def test_encoding_of_nodes_and_edges() -> None:
    rels = [
        ("a", "opposes", "b", 9),
        ("b", "supports", "a", 1),
        ("c", "demands", "a", 1),
        ("d", "leader_of", "a", 1),
        ("a", "criticizes", "b", 1),
    ]
    actors = {"a": {"label": "A", "type": "state"}, "d": {"label": "D", "type": "person"}}
    data = graph_data_from_graph(graph_from_relations(rels, actors))
    payload = page_payload(render_graph_html(data))
    nodes = {n["id"]: n for n in payload["nodes"]}
    edges = {e["label"]: e for e in payload["edges"]}
    assert nodes["a"]["value"] == 1.0 and all(n["value"] <= 1.0 for n in nodes.values())
    assert nodes["a"]["kg"]["type"] == "state" and nodes["a"]["label"] == "A"
    assert edges["opposes"]["color"] == "#d62728"  # negative: red
    assert edges["supports"]["color"] == "#2ca02c"  # positive: green
    assert edges["demands"]["color"] == "#8c8c8c"  # neutral: grey
    assert edges["leader_of"]["dashes"] is True and "dashes" not in edges["opposes"]
    assert edges["opposes"]["width"] > edges["criticizes"]["width"]  # by mentions
    assert payload["options"]["edges"]["arrows"]["to"]["enabled"]  # every edge: an arrow
    assert (edges["opposes"]["from"], edges["opposes"]["to"]) == ("a", "b")
    assert "smooth" in edges["opposes"] and "smooth" not in edges["demands"]  # fanned out
    assert edges["opposes"]["kg"]["mentions"] == 9
    assert edges["opposes"]["kg"]["polarity"] == "negative"


def test_colour_modes_and_legend() -> None:
    data = graph_data_from_graph(
        graph_from_relations(
            [("a", "opposes", "b"), ("c", "supports", "d")],
            {"a": {"type": "state"}, "b": {"type": "person"}, "c": {"type": "state"}},
        )
    )
    by_type = render_graph_html(data, color_by="type")
    colours = {n["id"]: n["color"] for n in page_payload(by_type)["nodes"]}
    assert colours["a"] == colours["c"] != colours["b"]
    assert "Node colour: <strong>actor type</strong>" in by_type
    assert "other / unknown type" in by_type  # d has no type
    by_community = render_graph_html(data)
    colours = {n["id"]: n["color"] for n in page_payload(by_community)["nodes"]}
    assert colours["a"] == colours["b"] != colours["c"] == colours["d"]
    assert "Node colour: <strong>community (Louvain)</strong>" in by_community
    with pytest.raises(ValueError):
        render_graph_html(data, color_by="rainbow")


def test_article_text_is_escaped_everywhere(store) -> None:
    html = render_graph_html(graph_page_data(store), filters=GraphFilter(actor="<i>x</i>"))
    for raw in ("<img", "<script>alert", "<b>bold", "<i>x"):
        assert raw not in html
    payload = page_payload(html)
    evil = next(n for n in payload["nodes"] if n["id"] == "evil")
    assert evil["label"] == "<img src=x onerror=alert(1)>"  # intact once parsed
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # legend, datalist: HTML-escaped
    assert "innerHTML" not in html.split('id="kg-graph-data"')[1]  # page JS: text nodes only


def test_script_json_cannot_close_its_element() -> None:
    value = {"s": "</script><script>alert(1)</script><!-- & \u2028\u2029"}
    text = str(script_json(value))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_served_page_loads_only_from_the_server(store) -> None:
    html = graph_page(store)
    srcs = re.findall(r'<script[^>]*\ssrc="([^"]*)"', html)
    assert srcs == [VIS_JS_URL]
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert "bootstrap" not in html.lower() and "cdn" not in html.lower()
    assert '<form id="kg-filters" method="get" action="/graph">' in html
    assert (STATIC_DIR / VIS_JS_NAME).is_file() and vis_js_path() == STATIC_DIR / VIS_JS_NAME
    # the CSP allows exactly the page's inline script(s)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert csp and "default-src &#39;none&#39;" in csp.group(1)
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"sha256-{digest}" in csp.group(1)


def test_standalone_page_inlines_vis_network(store) -> None:
    html = graph_page(store, resource_url=None, form_action=None)
    assert "<script src=" not in html and "<form" not in html
    assert "vis-network" in html and len(html) > 400_000
    assert "double-click" not in html


def test_form_is_prefilled_from_the_filter() -> None:
    filt = GraphFilter(
        predicates=("opposes", "supports"),
        polarity=("negative",),
        min_mentions=3,
        since="2024-01-01",
        actor="russia",
        hops=2,
    )
    data = graph_data_from_graph(graph_from_relations([("russia", "opposes", "nato")]))
    html = render_graph_html(data, filters=filt, error="bad <value>")
    assert 'name="predicate" value="opposes,supports"' in html
    assert 'data-join="predicate" value="opposes" checked' in html
    assert 'data-join="polarity" value="negative" checked' in html
    assert 'name="min_mentions" min="1" value="3"' in html
    assert 'name="since" value="2024-01-01"' in html
    assert 'name="hops" min="0" max="10" value="2"' in html
    assert '<p id="kg-error" role="alert">bad &lt;value&gt;</p>' in html
    assert describe_filter(filt) in html
    assert describe_filter(GraphFilter()) == "all relations"


def test_empty_graph() -> None:
    html = render_graph_html(graph_data_from_graph(nx.MultiDiGraph()))
    assert "No relations match these filters." in html and page_payload(html)["nodes"] == []


# ------------------------------------------------------------------ CLI


def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    return app


def test_cli_writes_a_standalone_file(store, tmp_path: Path) -> None:
    spec = str(tmp_path / "copy")
    with open_store(spec) as copy:
        copy.write_documents([extraction("d1", [("russia", "opposes", "nato", "R opposes N.")])])
    out = tmp_path / "g.html"
    result = CliRunner().invoke(
        cli(), ["viz", "-o", str(out), "--store", spec, "--color", "type", "--polarity", "negative"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script src=" not in html and "polarity negative" in html
    assert [n["id"] for n in page_payload(html)["nodes"]] in (
        ["nato", "russia"],
        ["russia", "nato"],
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--predicate", "likes"],
        ["--since", "yesterday"],
        ["--color", "rainbow"],
        ["--actor", "Atlantis"],
    ],
)
def test_cli_bad_input_exits_2(tmp_path: Path, args: list[str]) -> None:
    spec = str(tmp_path / "kg")
    with open_store(spec) as s:
        s.write_documents([extraction("d1", [("russia", "opposes", "nato", "R opposes N.")])])
    result = CliRunner().invoke(
        cli(), ["viz", "-o", str(tmp_path / "g.html"), "--store", spec, *args]
    )
    assert result.exit_code == 2
    assert "error:" in result.output
