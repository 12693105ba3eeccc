"""Analytics on hand-made graphs: projection views, centrality, communities, balance, filters."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analytics import (
    FilterError,
    GraphFilter,
    balance,
    collapse,
    communities,
    compute_metrics,
    eigenvector,
    filter_graph,
    graph_from_relations,
    pagerank,
    pair_stance,
    stance_pairs,
    triangle_census,
    undirected,
)
from kg.analytics.metrics import betweenness_pivots
from kg.model import PREDICATES, STANCE_PREDICATES


def signed(edges: list[tuple[str, str, int]]) -> nx.Graph:
    g = nx.Graph()
    g.add_edges_from((u, v, {"sign": s}) for u, v, s in edges)
    return g


# ------------------------------------------------------------------ projection views


def test_graph_from_relations_sums_repeats_and_signs() -> None:
    g = graph_from_relations(
        [("a", "opposes", "b"), ("a", "opposes", "b", 2), ("a", "leader_of", "b")],
        actors={"a": {"label": "Alpha", "type": "state"}},
    )
    assert g.edges["a", "b", "opposes"]["weight"] == 3
    assert g.edges["a", "b", "opposes"]["sign"] == -1
    assert g.edges["a", "b", "leader_of"]["sign"] is None
    assert g.nodes["a"] == {"label": "Alpha", "type": "state", "wikidata": None}
    assert g.nodes["b"]["label"] == "b"
    with pytest.raises(ValueError, match="unknown predicate"):
        graph_from_relations([("a", "likes", "b")])


def test_collapse_and_undirected_net_sign() -> None:
    g = graph_from_relations(
        [
            ("a", "opposes", "b", 3),
            ("a", "supports", "b", 1),
            ("b", "supports", "a", 1),
            ("a", "demands", "c", 2),
            ("a", "criticizes", "a", 5),  # self-loop: not a pair
        ]
    )
    d = collapse(g)
    assert d.edges["a", "b"]["net"] == -2 and d.edges["a", "b"]["sign"] == -1
    assert d.edges["a", "b"]["predicates"] == {"opposes": 3, "supports": 1}
    assert d.edges["a", "c"]["sign"] == 0 and d.edges["a", "c"]["neutral"] == 2
    assert not d.has_edge("a", "a")
    u = undirected(g)
    assert u.edges["a", "b"]["net"] == -1 and u.edges["a", "b"]["weight"] == 5
    assert undirected(d).edges["a", "b"]["net"] == -1  # from the collapsed view: the same


# ------------------------------------------------------------------ centrality


def test_pagerank_known_ordering() -> None:
    # four actors point at the hub, one of them also at x; nobody points at the four
    rels = [(x, "supports", "hub") for x in "abcd"] + [("a", "criticizes", "x")]
    pr = pagerank(collapse(graph_from_relations(rels)))
    order = sorted(pr, key=lambda n: (-pr[n], n))
    assert order == ["hub", "x", "a", "b", "c", "d"]
    assert pr["a"] == pytest.approx(pr["d"])
    assert sum(pr.values()) == pytest.approx(1.0)


def test_weights_move_pagerank() -> None:
    light = graph_from_relations([("a", "supports", "x"), ("a", "supports", "y")])
    heavy = graph_from_relations([("a", "supports", "x"), ("a", "supports", "y", 5)])
    assert pagerank(collapse(light))["x"] == pytest.approx(pagerank(collapse(light))["y"])
    pr = pagerank(collapse(heavy))
    assert pr["y"] > pr["x"]


def test_eigenvector_where_defined() -> None:
    assert eigenvector(nx.Graph([(1, 1)]).subgraph([])) is None
    empty = nx.Graph()
    empty.add_nodes_from("ab")
    assert eigenvector(empty) is None
    # two components: values for the larger one only
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
    ev = eigenvector(g)
    assert ev is not None and set(ev) == {"a", "b", "c"}
    assert ev["a"] == pytest.approx(ev["b"])


def test_eigenvector_sparse_path_agrees_with_power_iteration() -> None:
    g = nx.gnm_random_graph(1500, 6000, seed=3)
    g = g.subgraph(max(nx.connected_components(g), key=len)).copy()
    assert len(g) > 1000
    sparse = eigenvector(g, weight=None)
    assert sparse is not None
    power = nx.eigenvector_centrality(g, max_iter=1000)
    assert max(abs(sparse[n] - power[n]) for n in g) < 1e-4


def test_eigenvector_non_convergence_gives_none(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise nx.PowerIterationFailedConvergence(1)

    monkeypatch.setattr(nx, "eigenvector_centrality", fail)
    assert eigenvector(nx.path_graph(3)) is None
    result = compute_metrics(graph_from_relations([("a", "supports", "b")]))
    assert all(row.eigenvector is None for row in result.actors)
    assert result.params["eigenvector_defined"] is False


def test_betweenness_sampling_threshold() -> None:
    assert betweenness_pivots(100) is None
    assert betweenness_pivots(10_000) == 100
    assert betweenness_pivots(100, 20) == 20
    assert betweenness_pivots(10, 20) is None


# ------------------------------------------------------------------ communities


def test_two_obvious_communities() -> None:
    left, right = ["a1", "a2", "a3", "a4", "a5"], ["b1", "b2", "b3", "b4", "b5"]
    rels = [
        (u, "cooperates_with", v, 3) for grp in (left, right) for u in grp for v in grp if u < v
    ]
    rels.append(("a1", "criticizes", "b1", 1))
    g = graph_from_relations(rels)
    found = communities(undirected(g))
    assert sorted(map(sorted, found)) == [left, right]
    assert communities(undirected(g)) == found  # fixed seed: same answer
    result = compute_metrics(g)
    assert result.modularity is not None and result.modularity > 0.3
    assert len({result.actor(x).community for x in left}) == 1  # type: ignore[union-attr]
    assert result.actor("a1").community != result.actor("b1").community  # type: ignore[union-attr]


# ------------------------------------------------------------------ balance


@pytest.mark.parametrize(
    ("signs", "camps"),
    [((1, 1, 1), (["a", "b", "c"], [])), ((1, -1, -1), (["a", "b"], ["c"]))],
)
def test_balanced_triangles(signs: tuple[int, int, int], camps: tuple) -> None:
    g = signed([("a", "b", signs[0]), ("b", "c", signs[1]), ("a", "c", signs[2])])
    b = balance(g)
    assert b.balanced and b.frustration == 0
    assert b.balanced_share == 1.0
    assert sum(b.triangles.values()) == 1
    assert sorted(map(sorted, b.camps)) == sorted(map(sorted, camps))


@pytest.mark.parametrize("signs", [(1, 1, -1), (-1, -1, -1)])
def test_unbalanced_triangles(signs: tuple[int, int, int]) -> None:
    g = signed([("a", "b", signs[0]), ("b", "c", signs[1]), ("a", "c", signs[2])])
    b = balance(g)
    assert not b.balanced
    assert b.balanced_share == 0.0
    assert b.frustration == 1  # the best split leaves exactly one edge frustrated
    assert b.triangles == {
        "+++": 0,
        "++-": int(signs[2] < 0 < signs[0]),
        "+--": 0,
        "---": int(signs == (-1, -1, -1)),
    }


def test_balance_two_camps_contracting_positive_components() -> None:
    # camp {a, b, c} (positive chain) against camp {x, y} (positive), negative across
    g = signed(
        [
            ("a", "b", 1),
            ("b", "c", 1),
            ("x", "y", 1),
            ("a", "x", -1),
            ("c", "y", -1),
            ("b", "x", -1),
            ("q", "r", 0),
        ]
    )
    b = balance(g)
    assert b.balanced and b.positive_clusters == 2
    assert b.camps == (["a", "b", "c"], ["x", "y"])
    assert b.triangles["+--"] == 1 and b.balanced_share == 1.0
    # a negative edge inside a positive component cannot be balanced
    g.add_edge("a", "c", sign=-1)
    assert not balance(g).balanced


def test_balance_weights_choose_the_cheaper_frustration() -> None:
    # a-b strongly positive, b-c and a-c negative but a-c weak, plus c-d positive
    g = nx.Graph()
    g.add_edge("a", "b", sign=1, net=5)
    g.add_edge("b", "c", sign=-1, net=-4)
    g.add_edge("a", "c", sign=1, net=1)
    b = balance(g)
    assert b.frustration == 1
    assert b.components[0].frustrated == [("a", "c")]


def test_triangle_census_ignores_zero_and_missing_signs() -> None:
    g = signed([("a", "b", 1), ("b", "c", 1), ("a", "c", 0)])
    assert sum(triangle_census(g).values()) == 0
    assert balance(nx.Graph()).camps == ([], []) and balance(nx.Graph()).balanced


def test_camp_labels_per_component() -> None:
    g = signed([("a", "b", -1), ("b", "c", -1), ("x", "y", -1)])
    b = balance(g)
    camp = b.camp_of()
    assert camp["b"] == "1A" and camp["a"] == camp["c"] == "1B"
    assert {camp["x"], camp["y"]} == {"2A", "2B"}


# ------------------------------------------------------------------ pairs and the bundle


def test_stance_pairs() -> None:
    g = graph_from_relations(
        [
            {
                "subject": "russia",
                "predicate": "opposes",
                "object": "nato",
                "weight": 2,
                "first_seen": "2024-01-02",
                "last_seen": "2024-03-01",
            },
            {
                "subject": "nato",
                "predicate": "criticizes",
                "object": "russia",
                "first_seen": "2023-12-01",
                "last_seen": "2024-01-01",
            },
            ("russia", "engages_with", "nato"),
            ("russia", "leader_of", "nato"),
        ]
    )
    [pair] = stance_pairs(g)
    assert (pair.a, pair.b) == ("nato", "russia")
    assert pair.mentions == {"opposes": 2, "criticizes": 1, "engages_with": 1, "leader_of": 1}
    assert pair.forward == {"criticizes": 1}
    assert pair.net_polarity == -2 and pair.sign == -1
    assert (pair.first_seen, pair.last_seen) == ("2023-12-01", "2024-03-01")
    assert pair_stance(g, "russia", "nato") == pair
    assert pair_stance(g, "russia", "nobody") is None


def test_compute_metrics_bundle_is_plain_data() -> None:
    import json

    g = graph_from_relations(
        [
            ("a", "opposes", "b"),
            ("b", "supports", "c"),
            ("c", "criticizes", "a"),
            ("a", "leader_of", "d"),
        ]
    )
    r = compute_metrics(g)
    data = json.loads(json.dumps(r.to_json()))
    assert {a["id"] for a in data["actors"]} == {"a", "b", "c", "d"}
    assert data["summary"]["relations"] == 4 and data["summary"]["structural_relations"] == 1
    assert data["balance"]["balanced"] is True
    assert set(r.timings) >= {"pagerank", "betweenness", "eigenvector", "communities", "balance"}
    empty = compute_metrics(nx.MultiDiGraph())
    assert empty.actors == [] and empty.modularity is None and empty.balance.balanced


# ------------------------------------------------------------------ filters


def test_filter_validation() -> None:
    assert GraphFilter().is_empty
    assert GraphFilter(predicates=("opposes,supports",)).predicates == ("opposes", "supports")
    for bad in (
        {"predicates": ("likes",)},
        {"polarity": ("sideways",)},
        {"min_mentions": 0},
        {"min_confidence": 1.5},
        {"since": "2024-02-30"},
        {"since": "2024-03-01", "until": "2024-02-01"},
        {"hops": -1},
    ):
        with pytest.raises(FilterError):
            GraphFilter(**bad)  # type: ignore[arg-type]
    with pytest.raises(FilterError, match="unknown filter"):
        GraphFilter.from_mapping({"colour": "red"})
    with pytest.raises(FilterError, match="integer"):
        GraphFilter.from_mapping({"min_mentions": "many"})
    f = GraphFilter.from_mapping({"since": "2024-01-01", "min_mentions": "2", "actor": None})
    assert f.since is not None and f.since.isoformat() == "2024-01-01" and f.min_mentions == 2


def test_filter_polarity_selects_predicates() -> None:
    assert GraphFilter().selected_predicates == PREDICATES
    neg = GraphFilter(polarity=("-",)).selected_predicates
    assert neg == ("opposes", "criticizes", "threatens", "attacks", "sanctions")
    assert GraphFilter(polarity=("structural",)).selected_predicates == ("leader_of", "member_of")
    both = GraphFilter(predicates=("opposes", "supports"), polarity=("positive",))
    assert both.selected_predicates == ("supports",)
    assert set(
        GraphFilter(polarity=("positive", "negative", "neutral")).selected_predicates
    ) == set(STANCE_PREDICATES)


def test_filter_graph_edges_and_hops() -> None:
    g = graph_from_relations(
        [
            ("a", "opposes", "b", 3),
            ("b", "supports", "c"),
            ("c", "supports", "d"),
            ("x", "criticizes", "y"),
        ],
        actors={"a": {"label": "Alpha", "wikidata": "Q1"}},
    )
    assert set(filter_graph(g, GraphFilter(polarity=("negative",))).edges()) == {
        ("a", "b"),
        ("x", "y"),
    }
    assert set(filter_graph(g, GraphFilter(min_mentions=2)).edges()) == {("a", "b")}
    near = filter_graph(g, GraphFilter(actor="alpha", hops=2))  # by label, any case
    assert set(near) == {"a", "b", "c"}
    assert set(filter_graph(g, GraphFilter(actor="q1", hops=0))) == {"a"}
    assert near.nodes["a"]["label"] == "Alpha"
    with pytest.raises(FilterError, match="unknown actor"):
        filter_graph(g, GraphFilter(actor="Zed"))
