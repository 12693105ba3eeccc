"""`OPTIONS` on any route: 204 with the full `Allow` list (Starlette alone answers 405).

CORS preflights (with `Access-Control-Request-Method`) are left to the CORS middleware.
"""

from __future__ import annotations

from starlette.routing import Match, Mount
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


_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


def allowed_methods(scope: Scope) -> set[str]:
    """Methods some route fully matches for this path (GET implies HEAD); empty: none."""
    routes = scope["app"].router.routes
    methods = {method for method in _METHODS for route in routes
               if (method == "GET" or not isinstance(route, Mount))  # static files: reads
               and route.matches({**scope, "method": method})[0] is Match.FULL}
    if methods:
        methods.add("OPTIONS")
        if "GET" in methods:
            methods.add("HEAD")
    return methods
