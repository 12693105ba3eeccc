"""Shared route pieces: pagination parameters and documented error responses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query

from api.schemas import ErrorResponse

MAX_LIMIT = 1000
_MESSAGES = {
    400: "Bad request (e.g. an invalid filter or query)",
    401: "Missing or invalid Bearer token",
    403: "Writes are disabled on this server",
    404: "Not found",
    406: "No acceptable representation for the Accept header",
    409: "Conflict",
    413: "Request body or text too large",
    415: "Unsupported Content-Type",
    422: "Invalid parameters",
    429: "Too many writes; see Retry-After",
    503: "Query stopped at the time limit, or the service is busy",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries documenting the JSON error body for `codes` (422 always)."""
    # The content type is explicit so that routes answering HTML (/graph) still document
    # their errors as JSON.
    schema = {"$ref": f"#/components/schemas/{ErrorResponse.__name__}"}
    return {code: {"model": ErrorResponse, "description": _MESSAGES[code],
                   "content": {"application/json": {"schema": schema}}}
            for code in sorted({*codes, 422})}


@dataclass(frozen=True)
class Pagination:
    limit: int
    offset: int

    def slice(self, items: list[Any]) -> list[Any]:
        return items[self.offset:self.offset + self.limit]

    def page(self, items: list[Any]) -> dict[str, Any]:
        return {"total": len(items), "limit": self.limit, "offset": self.offset,
                "items": self.slice(items)}


def pagination(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")] = 0,
) -> Pagination:
    return Pagination(limit, offset)


PageDep = Annotated[Pagination, Depends(pagination)]
