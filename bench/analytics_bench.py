"""Time the analytics on a synthetic graph (default: 10k actors, 100k relations).

    .venv/bin/python bench/analytics_bench.py [--actors N] [--edges M] [--exact] [--store]

Actors are drawn half uniformly, half by preferential weight (a few hubs), predicates
uniformly. `--exact` also times exact betweenness (slow: O(n·m)); `--store` writes the
relations as mentions to an in-memory store first and times `project` (the SPARQL side).
Set NETWORKX_BACKEND_PRIORITY to time a networkx backend instead.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from kg.analytics import metrics as m
from kg.analytics.balance import balance
from kg.analytics.projection import collapse, graph_from_relations, project, undirected
from kg.model import PREDICATES


def synthetic(n: int, edges: int, seed: int = 1) -> list[tuple[str, str, str, int]]:
    rng = random.Random(seed)
    cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(n)))
    ids = [f"a{i}" for i in range(n)]

    def actor() -> str:
        return rng.choice(ids) if rng.random() < 0.5 else rng.choices(ids, cum_weights=cum)[0]

    seen: dict[tuple[str, str, str], int] = {}
    while len(seen) < edges:
        s, o = actor(), actor()
        if s != o:
            key = (s, rng.choice(PREDICATES), o)
            seen[key] = 1 + int(rng.expovariate(1.0))
    return [(s, p, o, w) for (s, p, o), w in seen.items()]


def timed(name: str, fn: Callable[[], Any], out: dict[str, float]) -> Any:
    start = time.perf_counter()
    value = fn()
    out[name] = time.perf_counter() - start
    print(f"{name:32} {out[name]:8.2f} s", flush=True)
    return value


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Run the analytics timings; returns seconds per step."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=10_000)
    ap.add_argument("--edges", type=int, default=100_000)
    ap.add_argument("--exact", action="store_true", help="also exact betweenness")
    ap.add_argument("--store", action="store_true", help="also store → project")
    args = ap.parse_args(argv)
    t: dict[str, float] = {}
    print(f"networkx {nx.__version__}, backend priority {m._backend_priority() or ['networkx']}")
    rels = timed("generate", lambda: synthetic(args.actors, args.edges), t)
    g = timed("graph_from_relations", lambda: graph_from_relations(rels), t)
    print(f"  {g.number_of_nodes()} actors, {g.number_of_edges()} relations")
    d = timed("collapse (DiGraph)", lambda: collapse(g), t)
    u = timed("undirected (Graph)", lambda: undirected(g), t)
    print(f"  {d.number_of_edges()} ordered pairs, {u.number_of_edges()} pairs")
    timed("degrees", lambda: m.degrees(d), t)
    timed("pagerank", lambda: m.pagerank(d), t)
    k = m.BETWEENNESS_SAMPLES
    timed(f"betweenness (k={k} sampled)", lambda: m.betweenness(d, samples=k), t)
    if args.exact:
        timed("betweenness (exact)", lambda: m.betweenness(d, samples=0), t)
    else:
        est = t[f"betweenness (k={k} sampled)"] * len(d) / k
        print(f"{'  betweenness exact, estimated':32} {est:8.0f} s")
    timed("eigenvector", lambda: m.eigenvector(u), t)
    comms = timed("louvain communities", lambda: m.communities(u), t)
    timed("modularity", lambda: m.modularity(u, comms), t)
    b = timed("balance (+ triangle census)", lambda: balance(u), t)
    print(
        f"  triangles {sum(b.triangles.values())}, balanced share {b.balanced_share:.3f}, "
        f"frustrated {b.frustration}"
    )
    timed("stance pairs", lambda: m.stance_pairs(g), t)
    timed("compute_metrics (all)", lambda: m.compute_metrics(g), t)
    if args.store:
        bench_store(rels, t)
    return t


def bench_store(rels: list[tuple[str, str, str, int]], t: dict[str, float]) -> None:
    from kg.model import Actor, Article, Evidence, Extraction, ParsedDoc, RelationMention
    from kg.store import open_store

    per_doc = 100
    docs = []
    for start in range(0, len(rels), per_doc):
        doc_id = f"d{start // per_doc}"
        mentions = []
        for i, (s, p, o, _) in enumerate(rels[start : start + per_doc]):
            sa, oa = Actor(s, s, "state"), Actor(o, o, "state")
            ev = Evidence(f"{s} {p} {o}.", i * 40, i * 40 + 30, p)
            mentions.append(RelationMention(doc_id, sa, p, oa, ev, sentence_index=i))
        actors = {a.id: a for mm in mentions for a in (mm.subject, mm.object)}
        article = Article(doc_id, "x", published=f"2024-01-{1 + start // per_doc % 28:02d}")
        docs.append(Extraction(ParsedDoc(article, [], "bench", "0"), actors, {}, mentions))
    with open_store(":memory:") as store:
        timed(f"store write ({len(rels)} mentions)", lambda: store.write_documents(docs), t)
        g = timed("project (SPARQL → MultiDiGraph)", lambda: project(store), t)
        print(f"  {g.number_of_nodes()} actors, {g.number_of_edges()} relations")


if __name__ == "__main__":
    main()
