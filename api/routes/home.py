"""`GET /`: what the server holds (documents, actors, relations) and where to look at it."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import StateDep
from kg import __version__
from kg.store import StoreError

router = APIRouter(tags=["service"])
log = logging.getLogger("kg.api")
_EXAMPLE = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?m kg:predicate ?p } GROUP BY ?p ORDER BY DESC(?n)"

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg — actor relations in news</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:44em;margin:2em auto;padding:0 1em}}
code{{background:#f3f3f3;padding:0 .2em}}
.counts{{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0;padding:0;list-style:none}}
.counts li{{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;min-width:7em}}
.counts b{{display:block;font-size:1.6em}}</style></head>
<body><h1>kg</h1>
<p>A knowledge graph of who opposes, supports, threatens or talks to whom in the news,
every edge traceable to its sentence. Version {version}.</p>
<h2>What was built</h2>
{counts}
<h2>Look at it</h2>
<ul>
<li><a href="/graph"><b>Interactive graph</b></a> of the actors and their relations</li>
<li><a href="/docs">API documentation</a> (Swagger UI; also <a href="/redoc">ReDoc</a>
and <a href="/openapi.json">/openapi.json</a>)</li>
<li>SPARQL endpoint: <a href="/sparql"><code>/sparql</code></a>, e.g.
<a href="{example}">mentions per predicate</a></li>
<li><a href="/actors">Actors</a>, <a href="/relations?subject=Russia">relations</a>,
<a href="/documents">documents</a>, <a href="/metrics">metrics</a></li>
<li>Export: <a href="/export?format=turtle">Turtle</a>, <a href="/export?format=trig">TriG</a>,
<a href="/export?format=nt">N-Triples</a>, <a href="/export?format=nq">N-Quads</a>,
<a href="/export?format=jsonld">JSON-LD</a></li>
<li><a href="/health">Health</a></li>
</ul></body></html>
"""


def _counts(state: StateDep) -> str:
    try:
        stats = state.cached("stats", state.store.stats)
    except StoreError as e:
        log.warning("front page: store unreachable: %s", e)
        return "<p>The store cannot be read right now (see <a href=\"/health\">/health</a>).</p>"
    items = [("documents", stats.documents, "/documents"), ("actors", stats.actors, "/actors"),
             ("relations", stats.asserted_edges, "/relations"),
             ("mentions", stats.mentions, "/relations?mentions=100")]
    cells = "".join(f'<li id="count-{name}"><b>{value:,}</b><a href="{href}">{name}</a></li>'
                    for name, value, href in items)
    return f'<ul class="counts">{cells}</ul>'


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(state: StateDep) -> str:
    """The front page."""
    return _PAGE.format(version=__version__, counts=_counts(state),
                        example="/sparql?" + urlencode({"query": _EXAMPLE}))
