"""Roll officials up to their state (#13): `rollup=state` on a real Oxigraph store on disk,
through the projection, `kg metrics`, `kg viz` and the real API under uvicorn."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.analytics import FilterError, GraphFilter, project
from kg.analytics.rollup import resolve_chains, rollup_map
from kg.cli import app
from kg.model import Actor
from kg.store import open_store
from kg.viz.data import graph_page_data
from tests.conftest import ROOT
from tests.servers import ApiServer, launch_api
from tests.store_samples import extraction

WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
CHINA = Actor("china", "China", "state", "Q148")
USA = Actor("united-states", "United States", "state", "Q30")
LIN = Actor("lin-jian", "Lin Jian", "person", None, "china")
MINISTRY = Actor("chinese-foreign-ministry", "Chinese Foreign Ministry", "organization", None,
                 "china")
MAO = Actor("mao-ning", "Mao Ning", "person", None, "chinese-foreign-ministry")  # a chain


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Lin Jian and China criticise the US (doc-a), Mao Ning (ministry → China) too and
    Lin Jian criticises China (doc-b): rolled up, one edge China → US and a self-loop."""
    path = tmp_path_factory.mktemp("rollup") / "kg"
    docs = [
        extraction("doc-a", [(LIN, "criticizes", USA, False, None, None),
                             (CHINA, "criticizes", USA, False, None, None)]),
        extraction("doc-b", [(MAO, "criticizes", USA, False, None, None),
                             (LIN, "criticizes", CHINA, False, None, None),
                             (MINISTRY, "criticizes", USA, True, None, None)],
                   published="2024-02-05"),
    ]
    with open_store(path) as store:
        store.write_documents(docs, ingested_at=WHEN)
    return path


def test_chains_resolve_to_their_end_and_cycles_stop() -> None:
    assert resolve_chains([("a", "b"), ("b", "c"), ("c", "d")]) == {
        "a": "d", "b": "d", "c": "d"}
    looped = resolve_chains([("x", "y"), ("y", "x")])
    assert looped == {"x": "y", "y": "x"}  # cut where it would repeat, no endless walk
    assert resolve_chains([("p", "p")]) == {}


def test_rollup_map_from_the_store(store_path: Path) -> None:
    with open_store(store_path) as store:
        assert rollup_map(store) == {"lin-jian": "china", "mao-ning": "china",
                                     "chinese-foreign-ministry": "china"}


def test_projection_rolls_up_merges_and_drops_self_loops(store_path: Path) -> None:
    with open_store(store_path) as store:
        plain = project(store)
        rolled = project(store, GraphFilter(rollup="state"))
        strict = project(store, GraphFilter(rollup="State", min_mentions=3))
    assert set(plain.edges(keys=True)) == {
        ("lin-jian", "united-states", "criticizes"), ("china", "united-states", "criticizes"),
        ("mao-ning", "united-states", "criticizes"), ("lin-jian", "china", "criticizes")}
    assert list(rolled.edges(keys=True)) == [("china", "united-states", "criticizes")]
    edge = rolled.edges["china", "united-states", "criticizes"]
    assert edge["weight"] == 3 and edge["docs"] == ["doc-a", "doc-b"]
    assert (edge["first_seen"], edge["last_seen"]) == ("2024-02-01", "2024-02-05")
    assert rolled.nodes["china"]["label"] == "China" and "lin-jian" not in rolled
    assert rolled.graph["filter"]["rollup"] == "state"
    # min_mentions counts the merged edge, not each official's share of it
    assert list(strict.edges(keys=True)) == [("china", "united-states", "criticizes")]
    assert "rollup" not in plain.graph["filter"]


def test_unknown_rollup_is_a_filter_error() -> None:
    with pytest.raises(FilterError, match="unknown rollup 'country'; use state"):
        GraphFilter(rollup="country")
    assert GraphFilter.from_mapping({"rollup": None}) == GraphFilter()


def test_graph_page_data_keeps_each_sentence(store_path: Path) -> None:
    with open_store(store_path) as store:
        data = graph_page_data(store, GraphFilter(rollup="state"), evidence_per_edge=10)
    assert sorted(n.id for n in data.nodes) == ["china", "united-states"]
    assert len(data.edges) == 1
    text = json.dumps(data.to_json())
    for sentence in ("Lin Jian criticizes United States (0).",
                     "China criticizes United States (1).",
                     "Mao Ning criticizes United States (0)."):
        assert sentence in text
    assert "Lin Jian criticizes China" not in text


def test_cli_metrics_and_viz_rollup(store_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    store = str(store_path)
    out = runner.invoke(app, ["metrics", "--rollup", "state", "--format", "json",
                              "--store", store])
    assert out.exit_code == 0, out.output
    body = json.loads(out.stdout)
    ids = sorted(a["id"] for a in body["actors"])
    assert ids == ["china", "united-states"]
    plain = runner.invoke(app, ["metrics", "--format", "json", "--store", store])
    assert "lin-jian" in {a["id"] for a in json.loads(plain.stdout)["actors"]}
    page = tmp_path / "graph.html"
    viz = runner.invoke(app, ["viz", "--rollup", "state", "-o", str(page), "--store", store])
    assert viz.exit_code == 0, viz.output
    assert "2 actors, 1 relations" in viz.output
    for command in (["metrics"], ["viz", "-o", str(tmp_path / "x.html")]):
        bad = runner.invoke(app, [*command, "--rollup", "country", "--store", store])
        assert bad.exit_code == 2 and "unknown rollup 'country'" in bad.output
        assert "Traceback" not in bad.output


@pytest.fixture(scope="module")
def server(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    home = tmp_path_factory.mktemp("rollup-server")
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("KG_API_", "KG_QUERY_", "KG_STORE"))}
    environ.update({"KG_NLP_BACKEND": "spacy", "KG_QUERY_WORKERS": "1",
                    "PYTHONPATH": str(ROOT)})
    srv = launch_api(store_path, home / "server.log", environ, timeout=60)
    yield srv
    srv.stop()
    assert "Traceback" not in srv.log.read_text(errors="replace")


def test_api_relations_rollup(server: ApiServer) -> None:
    with server.client() as client:
        plain = client.get("/relations", params={"mentions": 10}).json()
        rolled = client.get("/relations", params={"rollup": "state", "mentions": 10}).json()
        china = client.get("/relations", params={"rollup": "state", "subject": "China"}).json()
        bad = client.get("/relations", params={"rollup": "country"})
    assert plain["rollup"] is None and plain["total"] == 5  # the negated one counts here
    assert rolled["rollup"] == "state"
    rels = {(r["subject"]["id"], r["object"]["id"], r["negated"]): r for r in rolled["items"]}
    assert set(rels) == {("china", "united-states", False), ("china", "united-states", True)}
    merged = rels[("china", "united-states", False)]
    assert merged["mention_count"] == 3
    sentences = sorted(m["evidence"]["sentence"] for m in merged["mentions"])
    assert sentences == ["China criticizes United States (1).",
                         "Lin Jian criticizes United States (0).",
                         "Mao Ning criticizes United States (0)."]
    assert {m["document"]["id"] for m in merged["mentions"]} == {"doc-a", "doc-b"}
    assert china["total"] == 2  # China's officials are found as China
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_filter"
    assert "unknown rollup 'country'" in bad.json()["detail"]


def test_api_graph_and_metrics_rollup(server: ApiServer) -> None:
    with server.client() as client:
        plain = client.get("/graph")
        rolled = client.get("/graph", params={"rollup": "state"})
        metrics = client.get("/metrics", params={"rollup": "state"}).json()
        bad = client.get("/graph", params={"rollup": "country"})
        edge = {"subject": "china", "predicate": "criticizes", "object": "united-states"}
        inspected = client.get("/graph/mentions", params={**edge, "rollup": "state"}).json()
        alone = client.get("/graph/mentions", params=edge).json()
        loop = client.get("/graph/mentions", params={**edge, "object": "china",
                                                      "rollup": "state"}).json()
    # the page's inspector asks with the roll-up: every official's sentence is there
    assert (inspected["total"], inspected["asserted"], inspected["negated"]) == (4, 3, 1)
    assert "Mao Ning criticizes United States (0)." in {
        m["evidence"]["sentence"] for m in inspected["mentions"]}
    assert (alone["total"], loop["total"]) == (1, 0)  # Lin Jian on China is no China → China
    assert '"rollup":"state"' in rolled.text and 'value="state" checked' in rolled.text
    assert plain.status_code == rolled.status_code == 200
    assert "lin-jian" in plain.text and "lin-jian" not in rolled.text
    assert rolled.headers["etag"] != plain.headers["etag"]
    assert sorted(a["id"] for a in metrics["actors"]["items"]) == ["china", "united-states"]
    assert bad.status_code == 400 and "unknown rollup" in bad.json()["detail"]
