"""Structural balance of a signed graph (networkx has no function for it).

Input: an undirected graph whose edges carry `sign` (+1/-1; 0 and missing are ignored)
and optionally `net` (its magnitude weighs an edge when camps are chosen), such as
`projection.undirected(M)`.

A signed graph is balanced when its actors split into two camps with every positive edge
inside a camp and every negative edge across. Test: contract each component of the
positive edges to one node; the graph is balanced iff no negative edge falls inside a
positive component and the contracted negative graph is bipartite. For an unbalanced graph
the camps that best explain the signs (fewest frustrated edges, weighted by |net|) are
NP-hard to find; `balance` starts from the 2-colouring of the contracted graph and
improves it by single-actor moves, so its camps are a good split, not always the best one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

TRIANGLE_TYPES = ("+++", "++-", "+--", "---")


@dataclass
class SignedComponent:
    """One connected component of the signed graph and its two camps."""

    camps: tuple[list[Any], list[Any]]
    balanced: bool
    frustrated: list[tuple[Any, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "camps": [list(c) for c in self.camps],
            "balanced": self.balanced,
            "frustrated": [list(e) for e in self.frustrated],
        }


@dataclass
class Balance:
    """The balance of a signed graph.

    balanced:        every component splits into two camps without a frustrated edge
    triangles:       census of signed triangles by type (+++, ++-, +--, ---)
    balanced_share:  share of balanced triangles (+++ and +--), None without triangles
    camps:           the two camps of the largest signed component
    components:      every component with two or more actors, largest first
    frustration:     number of edges the camps leave frustrated (0 iff balanced)
    positive_clusters: number of components of the positive edges
    """

    balanced: bool
    triangles: dict[str, int]
    balanced_share: float | None
    camps: tuple[list[Any], list[Any]]
    components: list[SignedComponent]
    frustration: int
    positive_clusters: int

    def camp_of(self) -> dict[Any, str]:
        """Node → camp label: "1A"/"1B" in the largest component, "2A"/"2B" in the next..."""
        out: dict[Any, str] = {}
        for i, comp in enumerate(self.components, 1):
            for side, members in zip("AB", comp.camps, strict=True):
                out.update(dict.fromkeys(members, f"{i}{side}"))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "balanced": self.balanced,
            "triangles": dict(self.triangles),
            "balanced_share": self.balanced_share,
            "camps": [list(c) for c in self.camps],
            "frustration": self.frustration,
            "positive_clusters": self.positive_clusters,
            "components": [c.to_json() for c in self.components],
        }


def edge_sign(data: dict[str, Any]) -> int:
    sign = data.get("sign") or 0
    return (sign > 0) - (sign < 0)


def triangle_census(graph: nx.Graph) -> dict[str, int]:
    """Count the signed triangles of an undirected graph by type (+++, ++-, +--, ---)."""
    counts = dict.fromkeys(TRIANGLE_TYPES, 0)
    for _, _, _, negatives in _signed_triangles(graph):
        counts[TRIANGLE_TYPES[negatives]] += 1
    return counts


def balanced_share(census: dict[str, int]) -> float | None:
    """Share of balanced triangles (an even number of negative edges) in a census."""
    total = sum(census.values())
    return (census["+++"] + census["+--"]) / total if total else None


def balance(graph: nx.Graph, *, max_passes: int = 20) -> Balance:
    """Structural balance of an undirected signed graph (see module doc)."""
    signed = nx.Graph()
    for u, v, data in graph.edges(data=True):
        sign = edge_sign(data)
        if sign and u != v:
            signed.add_edge(u, v, sign=sign, w=abs(data.get("net") or sign))
    positive = nx.Graph()
    positive.add_nodes_from(signed)
    positive.add_edges_from((u, v) for u, v, d in signed.edges(data=True) if d["sign"] > 0)
    cluster = {n: i for i, comp in enumerate(nx.connected_components(positive)) for n in comp}

    side = _two_colour(signed, cluster)
    _improve(signed, side, max_passes)

    components = []
    for nodes in nx.connected_components(signed):
        sub = signed.subgraph(nodes)
        frustrated = sorted(
            (
                tuple(sorted((u, v), key=str))
                for u, v, d in sub.edges(data=True)
                if (side[u] == side[v]) != (d["sign"] > 0)
            ),
            key=str,
        )
        camps = _orient(
            sorted((n for n in nodes if side[n] == 0), key=str),
            sorted((n for n in nodes if side[n] == 1), key=str),
            sub,
        )
        components.append(SignedComponent(camps, not frustrated, frustrated))
    components.sort(key=lambda c: (-len(c.camps[0]) - len(c.camps[1]), str(c.camps)))
    census = triangle_census(signed)
    return Balance(
        balanced=all(c.balanced for c in components),
        triangles=census,
        balanced_share=balanced_share(census),
        camps=components[0].camps if components else ([], []),
        components=components,
        frustration=sum(len(c.frustrated) for c in components),
        positive_clusters=len(set(cluster.values())),
    )


def _signed_triangles(graph: nx.Graph) -> Iterator[tuple[Hashable, Hashable, Hashable, int]]:
    """Each triangle of non-zero-sign edges once, with its number of negative edges."""
    sign: dict[Hashable, dict[Hashable, int]] = {n: {} for n in graph}
    for u, v, data in graph.edges(data=True):
        s = edge_sign(data)
        if s and u != v:
            sign[u][v] = sign[v][u] = s
    rank = {n: i for i, n in enumerate(sorted(sign, key=lambda n: len(sign[n])))}
    later = {u: {v for v in nbrs if rank[v] > rank[u]} for u, nbrs in sign.items()}
    for u, higher in later.items():
        for v in higher:
            for w in higher & later[v]:
                yield u, v, w, (sign[u][v] < 0) + (sign[u][w] < 0) + (sign[v][w] < 0)


def _two_colour(signed: nx.Graph, cluster: dict[Any, int]) -> dict[Any, int]:
    """Sides for the contracted graph: BFS over clusters, each placed where it frustrates
    the least weight against the clusters already placed."""
    members: dict[int, list[Any]] = {}
    for n, c in cluster.items():
        members.setdefault(c, []).append(n)
    links: dict[int, dict[int, float]] = {c: {} for c in members}  # signed weight between
    for u, v, d in signed.edges(data=True):
        cu, cv = cluster[u], cluster[v]
        if cu != cv:
            delta = d["w"] if d["sign"] > 0 else -d["w"]
            links[cu][cv] = links[cu].get(cv, 0.0) + delta
            links[cv][cu] = links[cv].get(cu, 0.0) + delta
    side_of: dict[int, int] = {}
    for start in sorted(members, key=lambda c: -len(members[c])):
        if start in side_of:
            continue
        side_of[start] = 0
        queue = deque([start])
        while queue:
            c = queue.popleft()
            for nbr in sorted(links[c], key=lambda x: -abs(links[c][x])):
                if nbr in side_of:
                    continue
                # agreement with placed neighbours if put on side 0 (positive = good)
                score = sum(
                    w if side_of[x] == 0 else -w for x, w in links[nbr].items() if x in side_of
                )
                side_of[nbr] = 0 if score >= 0 else 1
                queue.append(nbr)
    return {n: side_of[cluster[n]] for n in cluster}


def _improve(signed: nx.Graph, side: dict[Any, int], max_passes: int) -> None:
    """Move single actors to the other camp while that lowers the frustrated weight."""
    for _ in range(max_passes):
        moved = False
        for n in sorted(signed, key=str):
            gain = 0.0
            for nbr, d in signed[n].items():
                ok_now = (side[n] == side[nbr]) == (d["sign"] > 0)
                gain += d["w"] if not ok_now else -d["w"]
            if gain > 0:
                side[n] = 1 - side[n]
                moved = True
        if not moved:
            return


def _orient(a: list[Any], b: list[Any], sub: nx.Graph) -> tuple[list[Any], list[Any]]:
    """Camp A is the one holding the actor with the most signed weight (then the larger)."""

    def key(camp: list[Any]) -> tuple[float, int]:
        return (max((sub.degree(n, weight="w") for n in camp), default=0), len(camp))

    return (a, b) if key(a) >= key(b) else (b, a)
