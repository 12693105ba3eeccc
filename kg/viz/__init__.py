"""The interactive graph page (pyvis + vis-network), served at GET /graph and written by
`kg viz -o graph.html`.

    from kg.viz import STATIC_DIR, VIS_JS_URL, graph_page, graph_page_data, render_graph_html
    html = graph_page(store, filt, color_by="community")      # both steps below
    data = graph_page_data(store, filt)                       # kg.analytics underneath
    html = render_graph_html(data, filters=filt)              # served: JS from /static
    html = render_graph_html(data, filters=filt, resource_url=None, form_action=None)
                                                              # standalone file
    html = render_graph_html(data, filters=filt, api=True)    # served by the API: evidence
                                    # from GET /graph/mentions, actors from GET /actors/{id}

The served page loads vis-network from `VIS_JS_URL`; serve `STATIC_DIR` there
(`app.mount("/static", StaticFiles(directory=STATIC_DIR))`).
"""

from kg.viz.data import (
    EVIDENCE_PER_EDGE,
    PHYSICS_MAX_EDGES,
    PHYSICS_MAX_NODES,
    EdgeData,
    EvidenceItem,
    GraphData,
    NodeData,
    RelationSummary,
    edge_evidence,
    edge_timeline,
    evidence_query,
    graph_data_from_graph,
    graph_page_data,
)
from kg.viz.layout import community_layout
from kg.viz.page import graph_page
from kg.viz.render import (
    COLOR_MODES,
    STATIC_DIR,
    VIS_JS_NAME,
    VIS_JS_URL,
    describe_filter,
    render_graph_html,
    script_json,
    vis_js,
    vis_js_path,
)

__all__ = [
    "COLOR_MODES",
    "EVIDENCE_PER_EDGE",
    "PHYSICS_MAX_EDGES",
    "PHYSICS_MAX_NODES",
    "STATIC_DIR",
    "VIS_JS_NAME",
    "VIS_JS_URL",
    "EdgeData",
    "EvidenceItem",
    "GraphData",
    "NodeData",
    "RelationSummary",
    "community_layout",
    "describe_filter",
    "edge_evidence",
    "edge_timeline",
    "evidence_query",
    "graph_data_from_graph",
    "graph_page",
    "graph_page_data",
    "render_graph_html",
    "script_json",
    "vis_js",
    "vis_js_path",
]
