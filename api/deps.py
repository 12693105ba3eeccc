"""Typed dependencies: each route's signature says what it needs.

    StoreDep   the open KGStore
    StateDep   the whole AppState (runner, caches, settings)
    WriterDep  a checked writer: Bearer token from KG_API_TOKEN (constant-time compare;
               failed checks are rate-limited per client, KG_API_AUTH_RATE), then the
               write rate limit; writes are refused when no token is configured
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import APIError
from api.limits import RateLimiter
from api.state import AppState
from kg.store import KGStore

_bearer = HTTPBearer(auto_error=False, description="The token set in KG_API_TOKEN.")


def get_state(request: Request) -> AppState:
    return request.app.state.kg


def get_store(state: Annotated[AppState, Depends(get_state)]) -> KGStore:
    return state.store


StateDep = Annotated[AppState, Depends(get_state)]
StoreDep = Annotated[KGStore, Depends(get_store)]


def require_writer(
    request: Request,
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """Check the Bearer token and the write rate; returns the client key."""
    token = state.settings.token
    if not token:
        raise APIError(403, "writes_disabled",
                       "writes are disabled: the server has no KG_API_TOKEN configured")
    client = request.client.host if request.client else "unknown"
    blocked = state.auth_failures.waiting(client)
    if blocked:  # guessing tokens: no check at all until the client's budget refills
        raise APIError(429, "rate_limited", "too many failed token checks; retry later",
                       {"Retry-After": RateLimiter.retry_after(blocked)})
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise APIError(401, "unauthorized", "missing 'Authorization: Bearer <token>' header",
                       {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        state.auth_failures.acquire(client)  # KG_API_AUTH_RATE failures per client
        raise APIError(401, "unauthorized", "invalid token",
                       {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    wait = state.rate_limiter.acquire(client)
    if wait:
        rate, period = state.settings.write_rate
        raise APIError(429, "rate_limited",
                       f"over the write limit of {rate} per {period:g} s; retry later",
                       {"Retry-After": RateLimiter.retry_after(wait)})
    return client


WriterDep = Annotated[str, Depends(require_writer)]
