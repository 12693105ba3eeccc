"""`/docs` (Swagger UI) and `/redoc` (ReDoc), served offline under the strict policy.

The Swagger UI and ReDoc bundles come from the fastapi-offline package and are served by
the app under /static-docs; the pages load nothing else. FastAPI's own docs pages start
Swagger UI with an inline script, which the policy (script-src 'self') forbids, so the
start-up code is a small script of its own at /docs/init.js. ReDoc runs with its search
off: the search index lives in a `blob:` worker, which the policy forbids too. Its footer
logo is an image on a CDN address that the policy blocks (the page works without it).
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
STATIC_URL = "/static-docs"

_SWAGGER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - API documentation</title>
<link rel="icon" href="{static}/favicon.png">
<link rel="stylesheet" href="{static}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="{static}/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>
"""

_SWAGGER_INIT = """window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  layout: "BaseLayout",
  presets: [SwaggerUIBundle.presets.apis],
  validatorUrl: null
});
"""

_REDOC_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - ReDoc</title>
<link rel="icon" href="{static}/favicon.png"></head>
<body><redoc spec-url="/openapi.json" disable-search="true"></redoc>
<script src="{static}/redoc.standalone.js"></script>
</body></html>
"""


def install_docs(app: FastAPI) -> None:
    """Serve /docs, /docs/init.js and /redoc with local assets (the app is created with
    `docs_url=None, redoc_url=None`)."""
    app.mount(STATIC_URL, StaticFiles(directory=ASSETS), name="static-docs")
    swagger = _SWAGGER_PAGE.format(title=app.title, static=STATIC_URL)
    redoc = _REDOC_PAGE.format(title=app.title, static=STATIC_URL)

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(swagger)

    @app.get("/docs/init.js", include_in_schema=False)
    def swagger_init() -> Response:
        return Response(_SWAGGER_INIT, media_type="text/javascript")

    @app.get("/redoc", include_in_schema=False)
    def redoc_page() -> HTMLResponse:
        return HTMLResponse(redoc)
