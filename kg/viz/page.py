"""`graph_page`: store + filter → the graph page, in one call (API route, CLI)."""

from __future__ import annotations

from kg.analytics import GraphFilter
from kg.analytics.metrics import DEFAULT_SEED
from kg.store.base import KGStore
from kg.viz.data import graph_page_data
from kg.viz.render import VIS_JS_URL, render_graph_html


def graph_page(
    store: KGStore,
    filters: GraphFilter | None = None,
    *,
    color_by: str = "community",
    resource_url: str | None = VIS_JS_URL,
    form_action: str | None = "/graph",
    title: str = "kg — actor graph",
    seed: int = DEFAULT_SEED,
) -> str:
    """`render_graph_html(graph_page_data(store, filters), ...)`.

    Served page: the defaults (vis-network from `VIS_JS_URL`, filter form posting to
    /graph). Standalone file: `resource_url=None, form_action=None`. Raises
    `kg.analytics.FilterError` for an actor the store does not know, `ValueError` for an
    unknown `color_by`.
    """
    data = graph_page_data(store, filters, seed=seed)
    return render_graph_html(
        data,
        filters=filters,
        color_by=color_by,
        resource_url=resource_url,
        form_action=form_action,
        title=title,
    )
