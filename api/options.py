"""`OPTIONS` on any route: 204 with the full `Allow` list (Starlette alone answers 405).

CORS preflights (with `Access-Control-Request-Method`) are left to the CORS middleware.
"""

from __future__ import annotations

from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send


class AllowOptions:
    """Answer `OPTIONS path` with the methods the routes matching `path` accept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS" or any(
                name == b"access-control-request-method" for name, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        methods = allowed_methods(scope)
        if not methods:
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 204,
                    "headers": [(b"allow", ", ".join(sorted(methods)).encode())]})
        await send({"type": "http.response.body", "body": b""})


def allowed_methods(scope: Scope) -> set[str]:
    """Methods of every route whose path matches (GET implies HEAD); empty: no route."""
    methods: set[str] = set()
    for route in scope["app"].router.routes:
        match, _ = route.matches({**scope, "method": "GET"})
        route_methods = getattr(route, "methods", None)
        if match is Match.NONE:
            continue
        if route_methods is None:  # a mount (static files): reads only
            methods |= {"GET", "HEAD"}
            continue
        methods |= set(route_methods)
    if methods:
        methods.add("OPTIONS")
        if "GET" in methods:
            methods.add("HEAD")
    return methods
