"""`kg metrics`: centrality, communities and balance of the stored graph.

`kg/cli.py` calls `register(app)`. Bad input (unknown format or predicate, bad date,
missing store) prints one `error:` line on stderr and exits with code 2.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any

import typer

from kg.analytics.filters import POLARITY_NAMES, ROLLUPS, FilterError, GraphFilter
from kg.analytics.metrics import (
    BETWEENNESS_SAMPLES,
    DEFAULT_SEED,
    EXACT_BETWEENNESS_LIMIT,
    MetricsResult,
    compute_metrics,
)
from kg.analytics.projection import project
from kg.analytics.rdf import METRICS_GRAPH, write_metrics
from kg.model import PREDICATES
from kg.store.cli import StoreOpt, fail, opened
from kg.store.factory import DEFAULT_STORE

FORMATS = ("table", "json", "csv")
VIEWS = ("actors", "pairs")

ACTOR_COLUMNS = (
    "id",
    "label",
    "type",
    "wikidata",
    "pagerank",
    "betweenness",
    "eigenvector",
    "in_degree",
    "out_degree",
    "in_weight",
    "out_weight",
    "community",
    "camp",
)
PAIR_COLUMNS = (
    "a",
    "b",
    "a_label",
    "b_label",
    "net_polarity",
    "sign",
    "mentions",
    "forward",
    "backward",
    "first_seen",
    "last_seen",
)


# Graph filter options shared by `kg metrics` and `kg viz` (same names as the API's).
PredicateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--predicate",
        "-p",
        help=f"Keep only these predicates (repeat or comma-separate): {', '.join(PREDICATES)}.",
    ),
]
PolarityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--polarity",
        help=f"Keep only predicates of these polarities: {', '.join(POLARITY_NAMES)}.",
    ),
]
MinMentionsOpt = Annotated[
    int, typer.Option("--min-mentions", help="Drop relations with fewer supporting mentions.")
]
MinConfidenceOpt = Annotated[
    float,
    typer.Option("--min-confidence", help="Count only mentions with at least this confidence."),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Count only mentions from documents published on or after this "
        "date (YYYY-MM-DD); undated documents are then left out.",
    ),
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="... on or before this date (YYYY-MM-DD).")
]
ActorOpt = Annotated[
    str | None,
    typer.Option(
        "--actor", help="Keep only this actor's neighbourhood (id, label or Wikidata id)."
    ),
]
HopsOpt = Annotated[int, typer.Option("--hops", help="Size of that neighbourhood.")]
RollupOpt = Annotated[
    str | None,
    typer.Option(
        "--rollup",
        help=f"Roll actors up: {', '.join(ROLLUPS)} counts each official (an actor with an "
        "affiliation) as the state or organisation it acts for.",
    ),
]


def filter_from_options(predicate: list[str] | None, polarity: list[str] | None,
                        min_mentions: int, min_confidence: float, since: str | None,
                        until: str | None, actor: str | None, hops: int,
                        rollup: str | None = None) -> GraphFilter:
    """A GraphFilter from the shared options; a bad value ends the command (exit 2)."""
    try:
        return GraphFilter.from_mapping(
            {
                "predicates": tuple(predicate or ()),
                "polarity": tuple(polarity or ()),
                "min_mentions": min_mentions,
                "min_confidence": min_confidence,
                "since": since,
                "until": until,
                "actor": actor,
                "hops": hops,
                "rollup": rollup,
            }
        )
    except FilterError as e:
        fail(str(e))
        raise  # fail() exits; this keeps type checkers informed


def metrics(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    predicate: PredicateOpt = None,
    polarity: PolarityOpt = None,
    min_mentions: MinMentionsOpt = 1,
    min_confidence: MinConfidenceOpt = 0.0,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    hops: HopsOpt = 1,
    rollup: RollupOpt = None,
    view: Annotated[
        str,
        typer.Option("--view", help="Table/CSV rows: actors, or pairs (stance per actor pair)."),
    ] = "actors",
    top: Annotated[
        int | None, typer.Option("--top", help="Show only the first N rows (table and csv).")
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed for Louvain and sampling.")
    ] = DEFAULT_SEED,
    betweenness_samples: Annotated[
        int | None,
        typer.Option(
            "--betweenness-samples",
            help="Estimate betweenness from N source actors (0: exact). Default: exact up "
            f"to {EXACT_BETWEENNESS_LIMIT} actors, else {BETWEENNESS_SAMPLES}.",
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help=f"Also store the values as RDF in the graph <{METRICS_GRAPH}>, "
            "replacing earlier ones (query them with kg:pageRank, kg:community, ...).",
        ),
    ] = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Centrality, communities, structural balance and stance per pair of the actor graph.

    Runs on networkx; set NETWORKX_BACKEND_PRIORITY (e.g. graphblas) to use an installed
    backend for large graphs.
    """
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if view not in VIEWS:
        fail(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    if top is not None and top < 0:
        fail(f"--top must be at least 0, not {top}")
    if betweenness_samples is not None and betweenness_samples < 0:
        fail(f"--betweenness-samples must be at least 0, not {betweenness_samples}")
    filt = filter_from_options(predicate, polarity, min_mentions, min_confidence, since, until,
                               actor, hops, rollup)
    with opened(store) as kg:
        try:
            graph = project(kg, filt)
        except FilterError as e:
            fail(str(e))
        result = compute_metrics(graph, seed=seed, betweenness_samples=betweenness_samples)
        if write:
            n = write_metrics(kg, result)
            typer.echo(f"wrote {n} triples to graph <{METRICS_GRAPH}>", err=True)
    typer.echo(render(result, fmt, view=view, top=top), nl=False)


def register(app: typer.Typer) -> None:
    """Add `kg metrics` to the `kg` app."""
    app.command("metrics")(metrics)


# ------------------------------------------------------------------ rendering


def render(result: MetricsResult, fmt: str, *, view: str = "actors", top: int | None = None) -> str:
    """The result as text: `json` (everything), `csv` or `table` (actor or pair rows)."""
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    rows = _rows(result, view)[:top] if top is not None else _rows(result, view)
    columns = ACTOR_COLUMNS if view == "actors" else PAIR_COLUMNS
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(r[c], csv=True) for c in columns] for r in rows])
        return out.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    shown = [c for c in columns if c not in ("id", "a", "b", "wikidata")]
    text = _table(shown, [[_cell(r[c]) for c in shown] for r in rows])
    return text + "\n" + _overview(result)


def _rows(result: MetricsResult, view: str) -> list[dict[str, Any]]:
    if view == "pairs":
        return [p.to_json() for p in result.pairs]
    return [a.to_json() for a in result.actors]


def _cell(value: Any, csv: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if csv else f"{value:.4f}"
    if isinstance(value, dict):
        return (
            json.dumps(value, sort_keys=True)
            if csv
            else ", ".join(f"{k} {v}" for k, v in sorted(value.items()))
        )
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(rows)} rows)\n"


def _overview(result: MetricsResult) -> str:
    s, b = result.summary, result.balance
    labels = {a.id: a.label for a in result.actors}

    def names(ids: list[str]) -> str:
        return ", ".join(labels.get(i, i) for i in ids) or "-"

    share = "n/a" if b.balanced_share is None else f"{b.balanced_share:.2f}"
    lines = [
        f"graph: {s['actors']} actors, {s['relations']} relations ({s['mentions']} mentions), "
        f"{s['pairs']} pairs",
        f"communities (Louvain, seed {result.params['seed']}, modularity "
        f"{'n/a' if result.modularity is None else f'{result.modularity:.3f}'}):",
        *(f"  {i}: {names(c)}" for i, c in enumerate(result.communities)),
        f"balance: {'balanced' if b.balanced else 'unbalanced'}, {b.frustration} frustrated "
        f"pairs; triangles {sum(b.triangles.values())} "
        f"({', '.join(f'{k} {v}' for k, v in b.triangles.items())}), balanced share {share}",
        f"  camp A: {names(b.camps[0])}",
        f"  camp B: {names(b.camps[1])}",
    ]
    return "\n".join(lines) + "\n"
