"""Security headers on every response: Content-Security-Policy, nosniff, Referrer-Policy.

A pure ASGI middleware (streamed responses pass through untouched). The policy is the
graph page's: nothing from outside the server, no plugins, no framing. An HTML page that
declares its own policy in a `<meta http-equiv="Content-Security-Policy">` tag (the graph
page lists the hashes of its inline scripts there) gets that policy as the header, with
`frame-ancestors 'none'` added: a meta tag cannot say it, and two different policies would
both be enforced.
"""

from __future__ import annotations

import html
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

FRAME_ANCESTORS = "frame-ancestors 'none'"
DEFAULT_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; "
    f"base-uri 'none'; {FRAME_ANCESTORS}"
)
STATIC_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
}
_META = re.compile(
    rb"""<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=["']([^"']*)["']""",
    re.IGNORECASE)
_HEAD_BYTES = 8192  # the meta tag sits in <head>, near the top


def policy_from_html(body: bytes) -> str | None:
    """The policy a page declares in a meta tag, with frame-ancestors added, or None."""
    match = _META.search(body[:_HEAD_BYTES])
    if not match:
        return None
    declared = html.unescape(match[1].decode("utf-8", "replace")).strip().rstrip(";")
    if "frame-ancestors" in declared:
        return declared
    return f"{declared}; {FRAME_ANCESTORS}"


class SecurityHeaders:
    """Add the headers a response does not set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: Message | None = None

        async def send_with_headers(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                if message.get("status") == 304:
                    # A 304 updates the cached response's headers: a policy here would
                    # replace the page's own (its script hashes) and block its scripts.
                    await send(_with_headers(message, None))
                    return
                if _is_html(message):
                    held = message  # wait for the body: it may declare its own policy
                    return
                await send(_with_headers(message, DEFAULT_POLICY))
                return
            if held is not None and message["type"] == "http.response.body":
                start, held = held, None
                policy = policy_from_html(message.get("body", b"")) or DEFAULT_POLICY
                await send(_with_headers(start, policy))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_html(start: Message) -> bool:
    for name, value in start.get("headers", []):
        if name.lower() == b"content-type":
            return value.lower().startswith(b"text/html")
    return False


def _with_headers(start: Message, policy: str | None) -> Message:
    headers = list(start.get("headers", []))
    present = {name.lower() for name, _ in headers}
    wanted = dict(STATIC_HEADERS)
    if policy is not None:
        wanted[b"content-security-policy"] = policy.encode("latin-1")
    headers += [(name, value) for name, value in wanted.items() if name not in present]
    return {**start, "headers": headers}
