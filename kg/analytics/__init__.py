"""Graph analytics over the store: networkx projection, filters, metrics, balance.

    from kg.analytics import GraphFilter, compute_metrics, project
    graph = project(store, GraphFilter(polarity=("negative",), since="2024-01-01"))
    result = compute_metrics(graph)          # plain data; result.to_json()
    write_metrics(store, result)             # metric values as RDF, for SPARQL

Algorithms are functions of a graph returning plain data (networkx style), so the CLI,
the API and the notebook call the same code.
"""

from kg.analytics.balance import Balance, SignedComponent, balance, triangle_census
from kg.analytics.filters import FilterError, GraphFilter, predicate_polarity
from kg.analytics.metrics import (
    ActorMetrics,
    MetricsResult,
    PairStance,
    betweenness,
    communities,
    compute_metrics,
    degrees,
    eigenvector,
    modularity,
    pagerank,
    pair_stance,
    stance_pairs,
)
from kg.analytics.projection import (
    actor_table,
    collapse,
    edge_query,
    filter_graph,
    graph_from_relations,
    project,
    signed_edges,
    undirected,
)
from kg.analytics.rdf import METRICS_GRAPH, drop_metrics, metrics_triples, write_metrics

__all__ = [
    "METRICS_GRAPH",
    "ActorMetrics",
    "Balance",
    "FilterError",
    "GraphFilter",
    "MetricsResult",
    "PairStance",
    "SignedComponent",
    "actor_table",
    "balance",
    "betweenness",
    "collapse",
    "communities",
    "compute_metrics",
    "degrees",
    "drop_metrics",
    "edge_query",
    "eigenvector",
    "filter_graph",
    "graph_from_relations",
    "metrics_triples",
    "modularity",
    "pagerank",
    "pair_stance",
    "predicate_polarity",
    "project",
    "signed_edges",
    "stance_pairs",
    "triangle_census",
    "undirected",
    "write_metrics",
]
