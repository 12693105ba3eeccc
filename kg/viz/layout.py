"""A fast precomputed layout for graphs too big for the browser's physics.

networkx's `spring_layout` needs ~20 s for 2,000 actors and 10,000 edges. `community_layout`
splits the graph into Louvain communities (recursively, while a part is larger than
`leaf_size`), lays out the graph of parts with `spring_layout`, gives each part a disc sized
by its number of actors, pushes overlapping discs apart and lays out each part inside its
disc with `spring_layout`. Every `spring_layout` call stays small, so 2,000 actors take about
a second; the picture keeps communities together, which is what one looks for anyway.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import networkx as nx
import numpy as np

#: Pixels per actor along a disc's radius (area per actor ≈ π·SPACING²).
SPACING = 30.0
LEAF_SIZE = 250


def community_layout(
    graph: nx.Graph,
    parts: Sequence[Sequence[Hashable]] | None = None,
    *,
    seed: int = 42,
    leaf_size: int = LEAF_SIZE,
    spacing: float = SPACING,
) -> dict[Hashable, tuple[float, float]]:
    """Positions (pixels, centred on 0) for every node of an undirected graph.

    `parts`: a partition to start from (e.g. the metrics' Louvain communities); computed
    when None. Deterministic for a given `seed`.
    """
    if graph.is_directed():
        graph = graph.to_undirected(as_view=True)
    nodes = sorted(graph, key=str)
    if not nodes:
        return {}
    pos = _layout(graph, nodes, parts, seed, leaf_size, spacing)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


def _layout(
    graph: nx.Graph,
    nodes: list[Hashable],
    parts: Sequence[Sequence[Hashable]] | None,
    seed: int,
    leaf_size: int,
    spacing: float,
) -> dict[Hashable, np.ndarray]:
    """Positions of `nodes` inside a disc of radius `_radius(len(nodes))` around 0."""
    if len(nodes) <= leaf_size:
        return _leaf(graph.subgraph(nodes), _radius(len(nodes), spacing), seed)
    if parts is None:
        sub = graph.subgraph(nodes)
        parts = nx.community.louvain_communities(sub, weight=None, seed=seed)
    groups = [sorted(p, key=str) for p in parts if p]
    if len(groups) < 2:  # cannot split further: fewer iterations keep it bounded
        return _leaf(graph.subgraph(nodes), _radius(len(nodes), spacing), seed, iterations=15)
    groups.sort(key=lambda g: (-len(g), str(g[0])))
    centres = _place_groups(graph, groups, seed, spacing)
    pos: dict[Hashable, np.ndarray] = {}
    for group, centre in zip(groups, centres, strict=True):
        inner = _layout(graph, group, None, seed, leaf_size, spacing)
        for n, p in inner.items():
            pos[n] = p + centre
    return pos


def _leaf(
    graph: nx.Graph, radius: float, seed: int, iterations: int = 50
) -> dict[Hashable, np.ndarray]:
    nodes = sorted(graph, key=str)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(graph.edges())
    raw = nx.spring_layout(ordered, seed=seed, iterations=iterations, weight=None)
    arr = np.array([raw[n] for n in nodes], dtype=float)
    arr -= arr.mean(axis=0)
    extent = float(np.max(np.linalg.norm(arr, axis=1))) or 1.0
    arr *= radius / extent
    return dict(zip(nodes, arr, strict=True))


def _place_groups(
    graph: nx.Graph, groups: list[list[Hashable]], seed: int, spacing: float
) -> np.ndarray:
    """Centres for the groups' discs: spring layout of the quotient graph, then overlap
    removal; the result is centred on 0."""
    index = {n: i for i, g in enumerate(groups) for n in g}
    quotient = nx.Graph()
    quotient.add_nodes_from(range(len(groups)))
    for u, v in graph.subgraph(index).edges():
        a, b = index[u], index[v]
        if a != b:
            w = quotient.edges[a, b]["weight"] + 1 if quotient.has_edge(a, b) else 1
            quotient.add_edge(a, b, weight=w)
    raw = nx.spring_layout(quotient, seed=seed, weight="weight", iterations=50)
    radii = np.array([_radius(len(g), spacing) for g in groups])
    centres = np.array([raw[i] for i in range(len(groups))], dtype=float)
    centres -= centres.mean(axis=0)
    extent = float(np.max(np.linalg.norm(centres, axis=1))) or 1.0
    centres *= np.sqrt(np.sum(radii**2)) * 1.3 / extent  # room for all discs
    _separate(centres, radii + spacing)
    return centres - centres.mean(axis=0)


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 60) -> None:
    """Push overlapping discs apart (in place), half the overlap to each side per round."""
    k = len(centres)
    if k < 2:
        return
    jitter = np.random.default_rng(0).normal(scale=1e-3, size=centres.shape)
    centres += jitter
    need = radii[:, None] + radii[None, :]
    np.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        delta = centres[:, None, :] - centres[None, :, :]
        dist = np.linalg.norm(delta, axis=-1)
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(need - dist, 0.0, None)
        if not overlap.any():
            return
        push = (overlap / (2 * dist))[:, :, None] * delta
        centres += push.sum(axis=1) * 0.5


def _radius(n: int, spacing: float) -> float:
    return spacing * float(np.sqrt(max(n, 1)))
