"""Analytics over a real store: projection, SPARQL-side filters, metrics RDF, CLI, the seed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.analytics import (
    METRICS_GRAPH,
    FilterError,
    GraphFilter,
    compute_metrics,
    drop_metrics,
    pair_stance,
    project,
    write_metrics,
)
from kg.analytics.cli import register
from kg.model import Actor, Extraction
from kg.store import KGStore, open_store
from tests.store_samples import extraction

RUSSIA = Actor("russia", "Russia", "state", "Q159")
NATO = Actor("nato", "NATO", "organization", "Q7184")
EU = Actor("european-union", "European Union", "organization", "Q458")
PUTIN = Actor("vladimir-putin", "Vladimir Putin", "person", "Q7747")
UKRAINE = Actor("ukraine", "Ukraine", "state", "Q212")

MG = METRICS_GRAPH.n3()

# (subject, predicate, object, negated, modality, confidence)
Rel = tuple[Actor, str, Actor, bool, str | None, float]


def doc(doc_id: str, published: str | None, rels: list[Rel]) -> Extraction:
    """One document whose sentence i states rels[i]."""
    return extraction(doc_id, [(s, p, o, neg, mod, None, conf) for s, p, o, neg, mod, conf in rels],
                      published=published)


def rel(
    s: Actor, p: str, o: Actor, neg: bool = False, mod: str | None = None, conf: float = 0.9
) -> Rel:
    return (s, p, o, neg, mod, conf)


CORPUS = [
    doc(
        "jan",
        "2024-01-10",
        [
            rel(RUSSIA, "opposes", NATO),
            rel(RUSSIA, "opposes", NATO, conf=0.5),
            rel(RUSSIA, "attacks", UKRAINE, neg=True),
            rel(RUSSIA, "attacks", EU, mod="future"),
            rel(PUTIN, "leader_of", RUSSIA),
        ],
    ),
    doc(
        "feb",
        "2024-02-20T09:30:00",
        [rel(NATO, "supports", UKRAINE), rel(RUSSIA, "opposes", NATO, conf=0.6)],
    ),
    doc("mar", "2024-03-05", [rel(RUSSIA, "accepts", EU), rel(NATO, "criticizes", RUSSIA)]),
    doc("undated", None, [rel(EU, "supports", UKRAINE, conf=0.4)]),
    doc("metrics", None, [rel(EU, "engages_with", NATO)]),  # an id that could clash
]


@pytest.fixture
def store() -> Iterator[KGStore]:
    with open_store(":memory:") as s:
        s.write_documents(CORPUS)
        yield s


def edges(store: KGStore, **filt: object) -> dict[tuple[str, str, str], int]:
    g = project(store, GraphFilter.from_mapping(filt))
    return {(u, k, v): d["weight"] for u, v, k, d in g.edges(keys=True, data=True)}


def test_projection_counts_affirmed_mentions(store: KGStore) -> None:
    g = project(store)
    assert edges(store) == {
        ("russia", "opposes", "nato"): 3,
        ("vladimir-putin", "leader_of", "russia"): 1,
        ("nato", "supports", "ukraine"): 1,
        ("russia", "accepts", "european-union"): 1,
        ("nato", "criticizes", "russia"): 1,
        ("european-union", "supports", "ukraine"): 1,
        ("european-union", "engages_with", "nato"): 1,
    }  # the negated attack and the future one give no edge
    e = g.edges["russia", "nato", "opposes"]
    assert e["sign"] == -1 and e["predicate"] == "opposes"
    assert (e["confidence_min"], e["confidence_max"]) == (0.5, 0.9)
    assert (e["first_seen"], e["last_seen"]) == ("2024-01-10", "2024-02-20")
    assert e["docs"] == ["feb", "jan"]
    assert g.edges["vladimir-putin", "russia", "leader_of"]["sign"] is None
    assert g.nodes["russia"] == {"label": "Russia", "type": "state", "wikidata": "Q159"}
    assert g.edges["european-union", "ukraine", "supports"]["first_seen"] is None


def test_filters_run_in_the_query(store: KGStore) -> None:
    assert edges(store, predicates=["opposes"]) == {("russia", "opposes", "nato"): 3}
    assert set(edges(store, polarity=["structural"])) == {("vladimir-putin", "leader_of", "russia")}
    assert edges(store, min_mentions=2) == {("russia", "opposes", "nato"): 3}
    conf = edges(store, min_confidence=0.6)
    assert conf[("russia", "opposes", "nato")] == 2
    assert ("european-union", "supports", "ukraine") not in conf
    feb = edges(store, since="2024-02-01", until="2024-02-20")  # dateTime counts by its day
    assert feb == {("nato", "supports", "ukraine"): 1, ("russia", "opposes", "nato"): 1}
    assert set(edges(store, since="2024-03-01")) == {
        ("russia", "accepts", "european-union"),
        ("nato", "criticizes", "russia"),
    }
    assert edges(store, until="2023-12-31") == {}


def test_actor_neighbourhood(store: KGStore) -> None:
    one = project(store, GraphFilter(actor="Vladimir Putin", hops=1))
    assert set(one) == {"vladimir-putin", "russia"}
    two = project(store, GraphFilter(actor="Q7747", hops=2))
    assert set(two) == {"vladimir-putin", "russia", "nato", "european-union"}
    # an actor of the store with no edge left after filtering: alone
    alone = project(store, GraphFilter(actor="ukraine", predicates=("opposes",)))
    assert list(alone) == ["ukraine"] and alone.number_of_edges() == 0
    with pytest.raises(FilterError, match="unknown actor"):
        project(store, GraphFilter(actor="Atlantis"))


def test_write_metrics_graph_is_queryable_and_regenerated(store: KGStore) -> None:
    before = store.stats()
    result = compute_metrics(project(store))
    n = write_metrics(store, result)
    assert n > 0
    rows = store.query(
        f"SELECT ?a ?pr WHERE {{ GRAPH {MG} {{ ?a kg:pageRank ?pr }} }} ORDER BY DESC(?pr)"
    ).records()
    assert [r["a"].rsplit("/", 1)[-1] for r in rows] == [a.id for a in result.actors]
    assert rows[0]["pr"] == pytest.approx(result.actors[0].pagerank)
    # union queries see it too, and sort by it
    [[camp]] = store.query("SELECT ?c { actor:russia kg:camp ?c }").rows
    assert str(camp) == result.actor("russia").camp  # type: ignore[union-attr]
    # regenerate: replaced, not added to
    smaller = compute_metrics(project(store, GraphFilter(predicates=("opposes",))))
    write_metrics(store, smaller)
    [[count]] = store.query(
        f"SELECT (COUNT(*) AS ?n) {{ GRAPH {MG} {{ ?a kg:pageRank ?pr }} }}"
    ).rows
    assert int(count) == 2
    assert store.has_document("metrics") and store.documents() == sorted(
        d.article.article.id for d in CORPUS
    )
    assert drop_metrics(store) and not drop_metrics(store)
    assert store.stats() == before


def test_seed_russia_and_nato_lead(seed_extraction: Extraction) -> None:
    with open_store(":memory:") as s:
        s.write_documents([seed_extraction])
        graph = project(s)
        result = compute_metrics(graph)
    top = [a.id for a in result.actors[:2]]
    missing = [e for e in (("russia", "nato"), ("nato", "russia")) if not graph.has_edge(*e)]
    assert sorted(top) == ["nato", "russia"], f"top PageRank {top}; missing edges {missing}"
    pair = pair_stance(graph, "russia", "nato")
    assert pair is not None and pair.net_polarity < 0, pair


# ------------------------------------------------------------------ CLI


@pytest.fixture
def store_dir(tmp_path: Path) -> str:
    path = tmp_path / "kg"
    with open_store(path) as s:
        s.write_documents(CORPUS)
    return str(path)


def app() -> typer.Typer:
    a = typer.Typer()

    @a.callback()
    def main() -> None:
        """kg"""

    register(a)
    return a


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app(), ["metrics", *args])
    return res.exit_code, res.stdout, res.stderr


def test_cli_formats(store_dir: str) -> None:
    code, out, _ = run("--store", store_dir)
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["label", "type", "pagerank"]
    assert "balance:" in out and "camp A:" in out
    code, out, _ = run("--store", store_dir, "-f", "json", "--polarity", "negative")
    data = json.loads(out)
    assert code == 0 and {a["id"] for a in data["actors"]} == {"russia", "nato"}
    assert data["params"]["filter"]["polarity"] == ["negative"]
    code, out, _ = run("--store", store_dir, "-f", "csv", "--view", "pairs", "--top", "1")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("a,b,") and lines[1].startswith("nato,russia,")
    assert len(lines) == 2


def test_cli_write(store_dir: str) -> None:
    code, _, err = run("--store", store_dir, "--write", "-f", "json")
    assert code == 0 and "wrote" in err
    with open_store(store_dir) as s:
        assert s.query(f"ASK {{ GRAPH {MG} {{ ?a kg:pageRank ?pr }} }}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "unknown format"),
        (["--view", "edges"], "unknown view"),
        (["-p", "likes"], "unknown predicate"),
        (["--polarity", "up"], "unknown polarity"),
        (["--since", "yesterday"], "not a date"),
        (["--since", "2024-03-01", "--until", "2024-01-01"], "after"),
        (["--min-mentions", "0"], "at least 1"),
        (["--min-confidence", "2"], "min_confidence"),
        (["--actor", "Atlantis"], "unknown actor"),
        (["--top", "-1"], "--top"),
    ],
)
def test_cli_bad_input_exits_2(store_dir: str, args: list[str], message: str) -> None:
    code, out, err = run("--store", store_dir, *args)
    assert code == 2 and out == ""
    assert err.startswith("error:") and message in err


def test_cli_missing_store(tmp_path: Path) -> None:
    code, _, err = run("--store", str(tmp_path / "none"))
    assert code == 2 and "no store" in err
