"""`GET /`: a front page linking the API docs, the graph page and the exports."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from kg import __version__

router = APIRouter(tags=["service"])
_EXAMPLE = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?m kg:predicate ?p } GROUP BY ?p ORDER BY DESC(?n)"

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg — actor relations in news</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:44em;margin:3em auto;padding:0 1em}}
code{{background:#f3f3f3;padding:0 .2em}}</style></head>
<body><h1>kg</h1>
<p>A knowledge graph of who opposes, supports, threatens or talks to whom in the news,
every edge traceable to its sentence. Version {version}.</p>
<ul>
<li><a href="/docs">API documentation</a> (OpenAPI: <a href="/openapi.json">/openapi.json</a>)</li>
<li><a href="/graph">Interactive graph</a></li>
<li><a href="/actors">Actors</a>, <a href="/relations?subject=Russia">relations</a>,
<a href="/documents">documents</a>, <a href="/metrics">metrics</a></li>
<li>SPARQL endpoint: <code>/sparql</code>, e.g.
<a href="{example}">mentions per predicate</a></li>
<li>Export: <a href="/export?format=turtle">Turtle</a>, <a href="/export?format=trig">TriG</a>,
<a href="/export?format=nt">N-Triples</a>, <a href="/export?format=nq">N-Quads</a>,
<a href="/export?format=jsonld">JSON-LD</a></li>
<li><a href="/health">Health</a></li>
</ul></body></html>
"""


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home() -> str:
    """The front page."""
    return _PAGE.format(version=__version__, example="/sparql?" + urlencode({"query": _EXAMPLE}))
