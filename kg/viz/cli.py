"""`kg viz -o graph.html`: the interactive graph as one standalone HTML file.

`kg/cli.py` calls `register(app)`. The file inlines vis-network and loads nothing from
the network. Bad input (unknown predicate, bad date, unknown actor, missing store) prints
one `error:` line on stderr and exits with code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.analytics.cli import (
    ActorOpt,
    HopsOpt,
    MinConfidenceOpt,
    MinMentionsOpt,
    PolarityOpt,
    PredicateOpt,
    RollupOpt,
    SinceOpt,
    UntilOpt,
    filter_from_options,
)
from kg.analytics.filters import FilterError
from kg.store.cli import StoreOpt, fail, opened
from kg.store.factory import DEFAULT_STORE
from kg.viz.render import COLOR_MODES


def viz(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "graph.html"
    ),
    predicate: PredicateOpt = None,
    polarity: PolarityOpt = None,
    min_mentions: MinMentionsOpt = 1,
    min_confidence: MinConfidenceOpt = 0.0,
    since: SinceOpt = None,
    until: UntilOpt = None,
    actor: ActorOpt = None,
    hops: HopsOpt = 1,
    rollup: RollupOpt = None,
    color: Annotated[
        str, typer.Option("--color", help="Colour actors by community or by type.")
    ] = "community",
    title: Annotated[str, typer.Option("--title", help="Page title.")] = "kg — actor graph",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Write the actor graph as a standalone interactive HTML page (pyvis / vis-network).

    Node size: PageRank; colour: community or actor type; edges: red negative, green
    positive, grey neutral, width by mentions; click a relation for its evidence sentences
    (up to 3 per relation are embedded; the served /graph lists them all).
    """
    if color not in COLOR_MODES:
        fail(f"unknown colour mode {color!r}; use {' or '.join(COLOR_MODES)}")
    filt = filter_from_options(predicate, polarity, min_mentions, min_confidence, since, until,
                               actor, hops, rollup)
    from kg.viz.data import graph_page_data
    from kg.viz.render import render_graph_html  # imports pyvis (and IPython) when rendering

    with opened(store) as kg:
        try:
            data = graph_page_data(kg, filt)
        except FilterError as e:
            fail(str(e))
    html = render_graph_html(
        data, filters=filt, color_by=color, resource_url=None, form_action=None, title=title
    )
    try:
        output.write_text(html, encoding="utf-8")
    except OSError as e:
        fail(f"cannot write {output}: {e.strerror or e}")
    layout = "physics" if data.physics else "precomputed layout"
    typer.echo(
        f"wrote {output}: {len(data.nodes)} actors, {len(data.edges)} relations ({layout})",
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add `kg viz` to the `kg` app."""
    app.command("viz")(viz)
