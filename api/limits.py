"""Request limits: a body-size cap and read deadline (ASGI middleware) and a token-bucket
rate limiter (writes, failed token checks)."""

from __future__ import annotations

import json
import math
import threading
import time

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    """Answer 413 to any request whose body is larger than `max_bytes`.

    A declared `Content-Length` over the limit is refused before anything is read; a
    chunked body is buffered up to the limit and replayed to the app, so the app never
    sees a partial body. A body that takes over `read_timeout` seconds to arrive is
    answered 408 (a slow client holds no handler).
    """

    def __init__(self, app: ASGIApp, max_bytes: int, read_timeout: float = 60.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await self._refuse(send, 400, "bad_request", "invalid Content-Length header")
                return
            if size > self.max_bytes:
                await self._too_large(send)
                return
        chunks: list[bytes] = []
        try:
            with anyio.fail_after(self.read_timeout):
                if not await self._read(receive, send, chunks):
                    return
        except TimeoutError:
            await self._refuse(send, 408, "request_timeout",
                               f"the body did not arrive within {self.read_timeout:g} s")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive, send: Send, chunks: list[bytes]) -> bool:
        """Read the body into `chunks`; False if answered (413) or the client left."""
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return False
            body = message.get("body", b"")
            total += len(body)
            if total > self.max_bytes:
                await self._too_large(send)
                return False
            chunks.append(body)
            if not message.get("more_body", False):
                return True

    async def _too_large(self, send: Send) -> None:
        await self._refuse(
            send, 413, "body_too_large",
            f"request body is over the {self.max_bytes} byte limit (set KG_API_MAX_BODY)",
        )

    @staticmethod
    async def _refuse(send: Send, status: int, error: str, detail: str) -> None:
        body = json.dumps({"error": error, "detail": detail}).encode()
        await send({
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close")],
        })
        await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """A token bucket per key: `rate` events per `period` seconds, bursts up to `rate`."""

    def __init__(self, rate: int, period: float) -> None:
        self.rate = rate
        self.period = period
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last time)
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float:
        """Take one token for `key`; returns 0 on success, else seconds until one is free."""
        now = time.monotonic()
        per_second = self.rate / self.period
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.rate), now))
            tokens = min(float(self.rate), tokens + (now - last) * per_second)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > 10_000:  # forget full buckets of idle clients
                self._buckets = {k: v for k, v in self._buckets.items() if v[0] < self.rate}
            return max(0.001, (1.0 - tokens) / per_second)

    def waiting(self, key: str) -> float:
        """Seconds until `key` has a token again (0: it has one); takes nothing."""
        with self._lock:
            if key not in self._buckets:
                return 0.0
            tokens, last = self._buckets[key]
        per_second = self.rate / self.period
        tokens = min(float(self.rate), tokens + (time.monotonic() - last) * per_second)
        return 0.0 if tokens >= 1.0 else max(0.001, (1.0 - tokens) / per_second)

    @staticmethod
    def retry_after(wait: float) -> str:
        return str(max(1, math.ceil(wait)))
