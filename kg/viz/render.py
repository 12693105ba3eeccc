"""`render_graph_html`: the page data as a self-contained HTML page.

pyvis builds the vis-network nodes, edges and options; the page itself comes from this
package's template (`templates/graph.html.j2`), not pyvis's: no CDN, no Bootstrap, every
value escaped, tooltips built as DOM text nodes by `templates/graph.js`. vis-network's
JS is served from `STATIC_DIR` at `resource_url`, or inlined (`resource_url=None`) for a
standalone file. A Content-Security-Policy allows scripts only from the server and the
page's own inline scripts (by hash), so injected markup could not run script either.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kg.analytics import GraphFilter, predicate_polarity
from kg.model import ACTOR_TYPES, PREDICATES
from kg.viz.data import EdgeData, GraphData, NodeData

PACKAGE_DIR = Path(__file__).resolve().parent
#: Directory to serve as static files (holds vis-network.min.js); mount it at /static.
STATIC_DIR = PACKAGE_DIR / "static"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
VIS_JS_NAME = "vis-network.min.js"
#: Where the served page loads vis-network from (StaticFiles(STATIC_DIR) mounted at /static).
VIS_JS_URL = "/static/" + VIS_JS_NAME

COLOR_MODES = ("community", "type")
POLARITY_NAMES = {-1: "negative", 0: "neutral", 1: "positive", None: "structural"}
EDGE_COLOURS = {
    "negative": "#d62728",
    "positive": "#2ca02c",
    "neutral": "#8c8c8c",
    "structural": "#6b86b3",
}
#: Node colours per community (no reds or greens: those mean polarity on edges).
COMMUNITY_COLOURS = (
    "#4e79a7",
    "#f28e2b",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#ff9da7",
    "#9c755f",
    "#a0cbe8",
    "#d37295",
    "#499894",
    "#ffbe7d",
    "#d4a6c8",
)
TYPE_COLOURS = {
    "state": "#4e79a7",
    "organization": "#f28e2b",
    "bloc": "#b07aa1",
    "person": "#76b7b2",
    "group": "#9c755f",
    "party": "#ff9da7",
}
OTHER_COLOUR = "#c9c9c9"
#: Above this many actors the page starts from the top `START_ACTORS` by PageRank.
LARGE_GRAPH = 200
START_ACTORS = 150
#: The page's scripts, concatenated into one inline script.
JS_FILES = ("graph.js", "panel.js", "tools.js")


def render_graph_html(
    graph_data: GraphData,
    *,
    filters: GraphFilter | None = None,
    color_by: str = "community",
    resource_url: str | None = VIS_JS_URL,
    form_action: str | None = "/graph",
    title: str = "kg — actor graph",
    error: str | None = None,
    csp: bool = True,
    api: bool = False,
) -> str:
    """The graph page as HTML.

    filters:      the filter the data was built with (shown, and prefilled in the form)
    color_by:     "community" (Louvain) or "type" (actor type); the legend says which
    resource_url: URL of vis-network.min.js; None inlines it (standalone file)
    form_action:  where the filter form submits (GET, same query parameters as
                  /relations plus actor, hops and color); None: no form (standalone file)
    error:        a message to show above the graph (e.g. a bad filter value)
    csp:          add a Content-Security-Policy meta tag (tests turn it off to check
                  that escaping alone keeps injected markup inert)
    api:          served by the API: evidence and actors' relations are not embedded, the
                  page asks GET /graph/mentions and GET /actors/{id} when they are opened
    """
    if color_by not in COLOR_MODES:
        raise ValueError(f"unknown colour mode {color_by!r}; use {' or '.join(COLOR_MODES)}")
    filt = filters or GraphFilter()
    labels = {n.id: n.label for n in graph_data.nodes}
    app_js = "\n".join(_asset(name) for name in JS_FILES)
    vis_inline = vis_js() if resource_url is None else None
    inline_scripts = [app_js] + ([vis_inline] if vis_inline is not None else [])
    legend_title, legend = _legend(graph_data, color_by)
    context = {
        "title": title,
        "csp": _csp(inline_scripts) if csp else None,
        "css": Markup(_asset("graph.css")),
        "node_count": len(graph_data.nodes),
        "edge_count": len(graph_data.edges),
        "physics": graph_data.physics,
        "filter_summary": describe_filter(filt, labels),
        "date_note": _date_note(filt, graph_data),
        "names": _names(graph_data),
        "error": error,
        "form_action": form_action,
        "form": _form_state(filt),
        "predicates": [(p, POLARITY_NAMES[predicate_polarity()[p]]) for p in PREDICATES],
        "polarities": ("negative", "positive", "neutral", "structural"),
        "color_modes": COLOR_MODES,
        "color_by": color_by,
        "legend_title": legend_title,
        "legend": legend,
        "edge_colours": EDGE_COLOURS,
        "data_json": script_json(_payload(graph_data, filt, color_by, api)),
        "vis_inline": Markup(vis_inline) if vis_inline is not None else None,
        "resource_url": resource_url,
        "app_js": Markup(app_js),
    }
    return _environment().get_template("graph.html.j2").render(**context)


def vis_js_path() -> Path:
    """vis-network.min.js: this package's copy, else the one pyvis ships."""
    own = STATIC_DIR / VIS_JS_NAME
    if own.is_file():
        return own
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2" / VIS_JS_NAME


@cache
def vis_js() -> str:
    """The text of vis-network.min.js (checked to be safe to inline in a <script>)."""
    return _inline_safe(vis_js_path().read_text(encoding="utf-8"), VIS_JS_NAME)


def script_json(value: Any) -> Markup:
    """JSON safe to put inside <script type="application/json">: <, >, & and the JS line
    separators are written as \\u escapes, so no text can close the element."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for raw, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return Markup(text)


def describe_filter(filt: GraphFilter, labels: dict[str, str] | None = None) -> str:
    """A one-line description of a filter ("all relations" when it restricts nothing);
    `labels` names the actor by its label instead of its id."""
    parts = []
    if filt.predicates:
        parts.append("predicates " + ", ".join(filt.predicates))
    if filt.polarity:
        parts.append("polarity " + ", ".join(filt.polarity))
    if filt.min_mentions > 1:
        parts.append(f"at least {filt.min_mentions} mentions")
    if filt.min_confidence > 0:
        parts.append(f"confidence ≥ {filt.min_confidence:g}")
    if filt.since:
        parts.append(f"since {filt.since.isoformat()}")
    if filt.until:
        parts.append(f"until {filt.until.isoformat()}")
    if filt.actor:
        name = (labels or {}).get(filt.actor, filt.actor)
        parts.append(f"within {filt.hops} hop{'s' if filt.hops != 1 else ''} of {name}")
    if filt.rollup:
        parts.append("officials rolled up to their state")
    return "; ".join(parts) if parts else "all relations"


_API_FILTER = ("min_confidence", "since", "until", "rollup")  # the inspector asks with these


def _payload(data: GraphData, filt: GraphFilter, color_by: str, api: bool) -> dict[str, Any]:
    """The page's JSON: vis-network items and options, each edge's mentions per day (as
    indices into `days`), and what the page's scripts need to know."""
    nodes, edges, options = _pyvis_network(data, color_by, embed=not api)
    days = sorted({d for e in data.edges for d in e.timeline})
    index = {d: i for i, d in enumerate(days)}
    for edge, data_edge in zip(edges, data.edges, strict=True):
        edge["kg"]["t"] = [[index[d], n] for d, n in data_edge.timeline.items()]
        edge["kg"]["u"] = data_edge.undated
    _slim(nodes, edges)
    return {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "physics": data.physics,
        "communities": data.communities,
        "api": api,
        "filter": {k: v for k, v in filt.to_json().items() if k in _API_FILTER and v},
        "days": days,
        "large": LARGE_GRAPH,
        "start": START_ACTORS,
    }


def _date_note(filt: GraphFilter, data: GraphData) -> str | None:
    """Why undated documents are missing when the URL carries a date bound."""
    if not (filt.since or filt.until):
        return None
    return (
        "since/until leave out documents without a date; the Time panel filters in place "
        "and lets you include them."
    )


def _names(data: GraphData) -> list[tuple[str, str]]:
    """Search suggestions: every label, then aliases (shown with the label they stand for)."""
    seen: set[str] = set()
    out = []
    for node in sorted(data.nodes, key=lambda n: n.label.casefold()):
        if node.label not in seen:
            seen.add(node.label)
            out.append((node.label, node.type or "actor"))
    for node in data.nodes:
        for alias in node.aliases:
            if alias not in seen:
                seen.add(alias)
                out.append((alias, "→ " + node.label))
    return out


# ------------------------------------------------------------------ pyvis


def _pyvis_network(
    data: GraphData, color_by: str, embed: bool = True
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Nodes, edges and options for vis-network, built with pyvis; `embed`: with each
    edge's evidence and each actor's top relations (the standalone file has no API)."""
    from pyvis.network import Network  # imports IPython: keep it off the CLI's start-up path

    net = Network(directed=True, height="100%", width="100%")
    top = max((n.pagerank for n in data.nodes), default=0.0) or 1.0
    labels = {n.id: n.label for n in data.nodes}
    for node in data.nodes:
        extra = {"x": node.x, "y": node.y} if node.x is not None and node.y is not None else {}
        net.add_node(
            node.id,
            label=node.label,
            shape="dot",
            color=_node_colour(node, color_by),
            value=round(math.sqrt(max(node.pagerank, 0.0) / top), 4),
            kg=_node_info(node, embed),
            **extra,
        )
    parallel = Counter(frozenset((e.source, e.target)) for e in data.edges)
    seen: Counter[frozenset[str]] = Counter()
    for i, edge in enumerate(data.edges):
        pair = frozenset((edge.source, edge.target))
        colour = EDGE_COLOURS[POLARITY_NAMES.get(edge.sign, "structural")]
        options: dict[str, Any] = {
            "id": f"e{i}",
            "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.85},
            "width": round(min(1.0 + 2.0 * math.log2(max(edge.mentions, 1)), 12.0), 2),
            "arrows": "to",
            "dashes": edge.sign is None,
            "kg": _edge_info(edge, labels, embed),
        }
        if data.physics:  # edge labels pile up on big graphs: there they are in the tooltip
            options["label"] = edge.predicate
        if parallel[pair] > 1 and data.physics:  # fan out edges between the same two actors
            # (not on big graphs: long arcs across the picture, and slower to draw)
            options["smooth"] = {
                "enabled": True,
                "type": "curvedCW",
                "roundness": round(0.15 + 0.2 * seen[pair], 2),
            }
            seen[pair] += 1
        net.add_edge(edge.source, edge.target, **options)
    net.options = _options(data)
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()
    return nodes, edges, json.loads(options_json)


def _slim(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Leave out of each item what the page's options or its JS restore (graph.js
    `inflate`): about a third of the bytes of a big page."""
    for node in nodes:
        node.pop("shape", None)  # options.nodes.shape
    for edge in edges:
        edge["color"] = edge["color"]["color"]  # one colour for normal, highlight, hover
        edge.pop("arrows", None)  # options.edges.arrows
        if not edge.get("dashes"):
            edge.pop("dashes", None)
        for key in ("subject", "object"):  # the labels of `from` and `to`
            edge["kg"].pop(key, None)
        for key in ("first_seen", "last_seen"):
            if edge["kg"].get(key) is None:
                edge["kg"].pop(key, None)


_PHYSICS: dict[str, Any] = {
    "solver": "forceAtlas2Based",
    "forceAtlas2Based": {
        "gravitationalConstant": -80,
        "centralGravity": 0.01,
        "springLength": 140,
        "springConstant": 0.06,
        "damping": 0.5,
        "avoidOverlap": 0.4,
    },
    "stabilization": {"enabled": True, "iterations": 500, "updateInterval": 50, "fit": True},
}


def _options(data: GraphData) -> dict[str, Any]:
    big = not data.physics
    return {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "scaling": {
                "min": 8,
                "max": 42,
                "label": {
                    "enabled": True,
                    "min": 12,
                    "max": 26,
                    # a label is drawn only from this on-screen size: zoomed out, only the
                    # big (high-PageRank) actors keep theirs
                    "drawThreshold": 8 if big else 6,
                    "maxVisible": 30,
                },
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "arrowStrikethrough": False,
            "font": {
                "size": 10,
                "align": "middle",
                "color": "#444444",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "smooth": False if big else {"enabled": True, "type": "continuous"},
            "selectionWidth": 1.5,
            "hoverWidth": 1.0,
        },
        "physics": {"enabled": not big, **_PHYSICS},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "layout": {"randomSeed": 7, "improvedLayout": not big},
    }


def _node_colour(node: NodeData, color_by: str) -> str:
    if color_by == "type":
        return TYPE_COLOURS.get(node.type or "", OTHER_COLOUR)
    if node.community is None or node.community >= len(COMMUNITY_COLOURS):
        return OTHER_COLOUR
    return COMMUNITY_COLOURS[node.community]


def _node_info(node: NodeData, embed: bool) -> dict[str, Any]:
    info: dict[str, Any] = {
        "label": node.label,
        "type": node.type,
        "wikidata": node.wikidata,
        "pagerank": round(node.pagerank, 6),
        "degree": node.degree,
        "community": None if node.community is None else node.community + 1,
    }
    if node.aliases:
        info["aliases"] = node.aliases
    if not embed:
        return info
    info["relations"] = [
            {
                "direction": r.direction,
                "predicate": r.predicate,
                "other": r.other,
                "mentions": r.mentions,
            }
        for r in node.relations
    ]
    return info


def _edge_info(edge: EdgeData, labels: dict[str, str], embed: bool) -> dict[str, Any]:
    info: dict[str, Any] = {
        "subject": labels.get(edge.source, edge.source),
        "object": labels.get(edge.target, edge.target),
        "predicate": edge.predicate,
        "polarity": POLARITY_NAMES.get(edge.sign, "structural"),
        "mentions": edge.mentions,
        "documents": edge.documents,
        "first_seen": edge.first_seen,
        "last_seen": edge.last_seen,
    }
    if embed:
        info["evidence"] = [
            {"doc": e.doc, "sentence": e.sentence, "title": e.title, "published": e.published}
            for e in edge.evidence
        ]
    return info


def _legend(
    data: GraphData, color_by: str
) -> tuple[str, list[tuple[str, str, int | None]]]:
    """The legend's heading and (colour, text, community number or None) rows."""
    if color_by == "type":
        present = {n.type for n in data.nodes}
        rows: list[tuple[str, str, int | None]] = [
            (TYPE_COLOURS[t], t, None) for t in ACTOR_TYPES if t in present
        ]
        if present - set(TYPE_COLOURS):
            rows.append((OTHER_COLOUR, "other / unknown type", None))
        return "actor type", rows
    labels = {n.id: n.label for n in data.nodes}
    rank = {n.id: i for i, n in enumerate(data.nodes)}
    rows = []
    for i, part in enumerate(data.communities[: len(COMMUNITY_COLOURS)]):
        members = sorted(part, key=lambda m: rank.get(m, len(rank)))
        names = ", ".join(labels.get(m, m) for m in members[:3])
        more = f" + {len(members) - 3} more" if len(members) > 3 else ""
        collapsible = i + 1 if len(members) > 1 else None
        rows.append((COMMUNITY_COLOURS[i], f"{i + 1}: {names}{more}", collapsible))
    rest = data.communities[len(COMMUNITY_COLOURS) :]
    if rest:
        rows.append((OTHER_COLOUR, f"{len(rest)} smaller communities", None))
    return "community (Louvain)", rows


def _form_state(filt: GraphFilter) -> dict[str, Any]:
    def day(d: date | None) -> str:
        return d.isoformat() if d else ""

    return {
        "predicates": list(filt.predicates),
        "polarity": list(filt.polarity),
        "min_mentions": filt.min_mentions,
        "min_confidence": f"{filt.min_confidence:g}",
        "actor": filt.actor or "",
        "hops": filt.hops,
        "since": day(filt.since),
        "until": day(filt.until),
        "rollup": filt.rollup or "",
    }


# ------------------------------------------------------------------ template and assets


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )


@cache
def _asset(name: str) -> str:
    return _inline_safe((TEMPLATE_DIR / name).read_text(encoding="utf-8"), name)


def _inline_safe(text: str, name: str) -> str:
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError(f"{name} cannot be inlined in a <script> element")
    return text


@cache
def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _csp(inline_scripts: list[str]) -> str:
    scripts = " ".join(_hash(s) for s in inline_scripts)
    return (
        "default-src 'none'; "
        f"script-src 'self' {scripts}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; "
        "connect-src 'self'; "
        "form-action 'self'; "
        "base-uri 'none'"
    )
