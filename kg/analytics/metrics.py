"""Metrics of the projected graph: centrality, communities, balance, stance per pair.

Every function takes a graph from `kg.analytics.projection` and returns plain data.
Centrality and communities are computed by networkx's public functions (`nx.pagerank`,
`nx.betweenness_centrality`, `nx.eigenvector_centrality[_numpy]`,
`nx.community.louvain_communities`, `nx.community.modularity`), which go through
networkx's backend dispatch. To run them on another backend for large graphs, install
one (e.g. `pip install graphblas-algorithms`, or `nx-cugraph-cu12` on a CUDA machine) and
name it, most preferred first:

    NETWORKX_BACKEND_PRIORITY=graphblas kg metrics ...

(or `nx.config.backend_priority.algos = ["cugraph"]` in Python). The graphs stay
networkx graphs; the backend converts them per call, and functions it does not
implement run on networkx. `MetricsResult.params["backend_priority"]` records the
setting of a run.
Structural balance, the triangle census and the pair summary are this package's own code
(pure Python, linear in the edges; the census is O(m·d)).

Which graph each metric uses:
- degrees, PageRank, betweenness: the collapsed signed DiGraph (weight = mentions; PageRank
  is weighted, betweenness counts hops);
- eigenvector centrality (largest connected component), Louvain communities, modularity:
  the undirected Graph weighted by mentions of any polarity (who deals with whom, friend
  or foe);
- balance: the undirected Graph's net sign per pair (`kg.analytics.balance`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

import networkx as nx

from kg.analytics.balance import Balance, balance
from kg.analytics.projection import collapse, undirected

#: Above this many actors, betweenness is estimated from a sample of source actors.
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLES = 100
#: Above this many actors, eigenvector centrality uses sparse linear algebra (ARPACK).
SPARSE_EIGENVECTOR_FROM = 1000
DEFAULT_SEED = 42

T = TypeVar("T")


# ------------------------------------------------------------------ single metrics


def degrees(graph: nx.DiGraph) -> dict[Any, dict[str, int]]:
    """Per actor: in/out degree (distinct actors) and weighted in/out degree (mentions)."""
    return {
        n: {
            "in_degree": graph.in_degree(n),
            "out_degree": graph.out_degree(n),
            "in_weight": int(graph.in_degree(n, weight="weight")),
            "out_weight": int(graph.out_degree(n, weight="weight")),
        }
        for n in graph
    }


def pagerank(
    graph: nx.DiGraph, *, weight: str | None = "weight", alpha: float = 0.85
) -> dict[Any, float]:
    """Weighted PageRank ({} for an empty graph)."""
    return dict(nx.pagerank(graph, alpha=alpha, weight=weight)) if len(graph) else {}


def betweenness(
    graph: nx.Graph, *, samples: int | None = None, seed: int = DEFAULT_SEED
) -> dict[Any, float]:
    """Normalised betweenness (hop counts). `samples`: estimate it from that many source
    actors (fixed seed), 0 for exact; None: exact up to `EXACT_BETWEENNESS_LIMIT` actors,
    else `BETWEENNESS_SAMPLES`."""
    k = betweenness_pivots(len(graph), samples)
    return dict(nx.betweenness_centrality(graph, k=k, seed=seed if k else None))


def betweenness_pivots(n: int, samples: int | None = None) -> int | None:
    """How many source actors `betweenness` uses for a graph of n actors (None: all)."""
    if samples is None:
        samples = BETWEENNESS_SAMPLES if n > EXACT_BETWEENNESS_LIMIT else 0
    return samples if 0 < samples < n else None


def eigenvector(
    graph: nx.Graph, *, weight: str | None = "weight", max_iter: int = 1000
) -> dict[Any, float] | None:
    """Eigenvector centrality of the largest connected component, where it is defined
    (unique and positive); actors outside it get no value. None for a graph without
    edges or when the power iteration does not converge."""
    if graph.number_of_edges() == 0:
        return None
    if not nx.is_connected(graph):
        giant = max(nx.connected_components(graph), key=lambda c: (len(c), min(map(str, c))))
        graph = graph.subgraph(giant)
    try:
        if len(graph) > SPARSE_EIGENVECTOR_FROM:  # scipy's ARPACK: ~50x faster at 10k actors
            found = nx.eigenvector_centrality_numpy(graph, weight=weight, max_iter=max_iter)
        else:
            found = nx.eigenvector_centrality(graph, weight=weight, max_iter=max_iter)
    except (nx.NetworkXException, ZeroDivisionError, RuntimeError):  # incl. non-convergence
        return None
    return dict(found)


def communities(
    graph: nx.Graph,
    *,
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
    weight: str | None = "weight",
) -> list[list[Any]]:
    """Louvain communities with a fixed seed, largest first, members sorted."""
    if graph.number_of_edges() == 0:
        return [[n] for n in sorted(graph, key=str)]
    found = nx.community.louvain_communities(graph, weight=weight, resolution=resolution, seed=seed)
    return sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))


def modularity(
    graph: nx.Graph, parts: list[list[Any]], weight: str | None = "weight"
) -> float | None:
    if graph.number_of_edges() == 0:
        return None
    return float(nx.community.modularity(graph, parts, weight=weight))


# ------------------------------------------------------------------ pair stance


@dataclass
class PairStance:
    """What two actors did to each other: `a` < `b` by id; forward is a → b."""

    a: str
    b: str
    a_label: str
    b_label: str
    mentions: dict[str, int]  # predicate → mentions, both directions
    forward: dict[str, int]
    backward: dict[str, int]
    net_polarity: int  # Σ sign × mentions over signed predicates, both directions
    first_seen: str | None
    last_seen: str | None

    @property
    def sign(self) -> int:
        return (self.net_polarity > 0) - (self.net_polarity < 0)

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"sign": self.sign}


def stance_pairs(graph: nx.MultiDiGraph) -> list[PairStance]:
    """The stance summary of every pair of actors with a relation, most mentioned first."""
    pairs: dict[tuple[Any, Any], PairStance] = {}
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        a, b = sorted((u, v), key=str)
        pair = pairs.get((a, b))
        if pair is None:
            pair = pairs[a, b] = PairStance(
                a, b, _label(graph, a), _label(graph, b), {}, {}, {}, 0, None, None
            )
        pred, weight = data.get("predicate", "?"), int(data.get("weight", 1))
        side = pair.forward if u == a else pair.backward
        side[pred] = side.get(pred, 0) + weight
        pair.mentions[pred] = pair.mentions.get(pred, 0) + weight
        pair.net_polarity += (data.get("sign") or 0) * weight
        first, last = data.get("first_seen"), data.get("last_seen")
        if first and (pair.first_seen is None or first < pair.first_seen):
            pair.first_seen = first
        if last and (pair.last_seen is None or last > pair.last_seen):
            pair.last_seen = last
    return sorted(pairs.values(), key=lambda p: (-sum(p.mentions.values()), p.a, p.b))


def pair_stance(graph: nx.MultiDiGraph, a: str, b: str) -> PairStance | None:
    """The stance summary of one pair (either order), None if they have no relation."""
    a, b = sorted((a, b), key=str)
    sub = graph.subgraph([a, b]) if a in graph and b in graph else nx.MultiDiGraph()
    found = stance_pairs(sub)
    return found[0] if found else None


# ------------------------------------------------------------------ everything at once


@dataclass
class ActorMetrics:
    """One row of the metrics table."""

    id: str
    label: str
    type: str | None
    wikidata: str | None
    in_degree: int
    out_degree: int
    in_weight: int
    out_weight: int
    pagerank: float
    betweenness: float
    eigenvector: float | None
    community: int | None  # index into MetricsResult.communities
    camp: str | None  # "1A"/"1B": the two camps of the largest signed component, ...

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MetricsResult:
    """All metrics of one graph. `actors` is sorted by PageRank, highest first."""

    actors: list[ActorMetrics]
    communities: list[list[str]]
    modularity: float | None
    balance: Balance
    pairs: list[PairStance]
    summary: dict[str, Any]
    params: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

    def actor(self, actor_id: str) -> ActorMetrics | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "params": self.params,
            "actors": [a.to_json() for a in self.actors],
            "communities": self.communities,
            "modularity": self.modularity,
            "balance": self.balance.to_json(),
            "pairs": [p.to_json() for p in self.pairs],
            "timings": self.timings,
        }


def compute_metrics(
    graph: nx.MultiDiGraph,
    *,
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
    betweenness_samples: int | None = None,
    pairs: bool = True,
) -> MetricsResult:
    """Every metric of a projected graph (see the module doc for which view each uses)."""
    timings: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], T]) -> T:
        start = time.perf_counter()
        out = fn()
        timings[name] = round(time.perf_counter() - start, 4)
        return out

    directed = timed("collapse", lambda: collapse(graph))
    plain = timed("undirected", lambda: undirected(graph))
    deg = timed("degrees", lambda: degrees(directed))
    pr = timed("pagerank", lambda: pagerank(directed))
    pivots = betweenness_pivots(len(directed), betweenness_samples)
    btw = timed("betweenness", lambda: betweenness(directed, samples=pivots or 0, seed=seed))
    eig = timed("eigenvector", lambda: eigenvector(plain))
    comms = timed("communities", lambda: communities(plain, seed=seed, resolution=resolution))
    mod = timed("modularity", lambda: modularity(plain, comms))
    bal = timed("balance", lambda: balance(plain))
    pair_list = timed("pairs", lambda: stance_pairs(graph)) if pairs else []

    community_of = {n: i for i, c in enumerate(comms) for n in c}
    camp_of = bal.camp_of()
    rows = [
        ActorMetrics(
            id=n,
            label=_label(graph, n),
            type=graph.nodes[n].get("type"),
            wikidata=graph.nodes[n].get("wikidata"),
            **deg[n],
            pagerank=pr.get(n, 0.0),
            betweenness=btw.get(n, 0.0),
            eigenvector=None if eig is None else eig.get(n),
            community=community_of.get(n),
            camp=camp_of.get(n),
        )
        for n in graph
    ]
    rows.sort(key=lambda r: (-r.pagerank, r.id))
    signs = [d.get("sign") for _, _, d in graph.edges(data=True)]
    summary = {
        "actors": graph.number_of_nodes(),
        "relations": graph.number_of_edges(),
        "mentions": sum(int(d.get("weight", 1)) for _, _, d in graph.edges(data=True)),
        "pairs": plain.number_of_edges(),
        "positive_relations": signs.count(1),
        "negative_relations": signs.count(-1),
        "neutral_relations": signs.count(0),
        "structural_relations": signs.count(None),
        "density": nx.density(directed) if len(directed) > 1 else 0.0,
        "weakly_connected_components": (
            nx.number_weakly_connected_components(directed) if len(directed) else 0
        ),
    }
    params = {
        "seed": seed,
        "resolution": resolution,
        "betweenness_pivots": pivots,
        "eigenvector_defined": eig is not None,
        "filter": graph.graph.get("filter"),
        "backend_priority": _backend_priority(),
    }
    return MetricsResult(rows, comms, mod, bal, pair_list, summary, params, timings)


def _label(graph: nx.Graph, node: Any) -> str:
    return str(graph.nodes[node].get("label") or node)


def _backend_priority() -> list[str]:
    try:
        prio = nx.config.backend_priority
        algos = getattr(prio, "algos", prio)
        return list(algos or [])
    except AttributeError:  # networkx < 3.3
        return []
