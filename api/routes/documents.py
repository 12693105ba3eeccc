"""Documents: list and read; add (POST), replace (PUT) and remove (DELETE) with a token.

Writes run as ingestion jobs (`api.jobs`): a small document's request waits for its job
and answers 201/200 with what was found; a large one (over KG_API_SYNC_TEXT characters),
or any with `Prefer: respond-async`, is answered 202 at once with the job's URL.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api import reader, writes
from api.admission import Overloaded
from api.deps import StateDep, WriterDep
from api.errors import APIError
from api.params import IsoDate
from api.routes.common import PageDep, errors
from api.schemas import DocumentDetail, DocumentSummary, Page, WriteResult
from api.state import AppState
from kg.model import Article

router = APIRouter(prefix="/documents", tags=["documents"])

DocId = Annotated[str, Path(min_length=1, max_length=writes.MAX_ID, description="Document id.")]
_WRITE_ERRORS = errors(400, 401, 403, 413, 415, 422, 429, 503)
_ACCEPTED = {202: {"description": "Accepted: an ingestion job; follow its Location "
                                  "(`GET /jobs/{id}`)"}}
_BODY = {
    "requestBody": {
        "required": True,
        "description": "A JSON document record, or the text itself as text/plain "
                       "(then id, title, url and published come from the query string).",
        "content": {
            "application/json": {"schema": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "id": {"type": "string", "maxLength": writes.MAX_ID},
                    "title": {"type": "string"},
                    "url": {"type": "string"},
                    "published": {"type": "string", "description": "ISO date"},
                    "text": {"type": "string", "minLength": 1},
                },
            }},
            "text/plain": {"schema": {"type": "string", "minLength": 1}},
        },
    }
}
_TEXT_PARAMS = Annotated[str | None, Query(max_length=2000)]


def _doc_json(doc: reader.DocInfo) -> dict[str, Any]:
    return doc.ref() | {"ingested_at": doc.ingested_at, "nlp_backend": doc.nlp_backend,
                        "mentions": doc.mentions}


@router.get("", response_model=Page[DocumentSummary], responses=errors())
def list_documents(
    state: StateDep,
    page: PageDep,
    since: Annotated[IsoDate | None, Query(description="Published on or after.")] = None,
    until: Annotated[IsoDate | None, Query(description="Published on or before.")] = None,
    prefix: Annotated[str | None, Query(max_length=200, description="Id prefix.")] = None,
) -> dict[str, object]:
    """Stored documents, by id, with their number of relation mentions."""
    docs = reader.list_documents(state, since.isoformat() if since else None,
                                 until.isoformat() if until else None, prefix)
    return page.page([_doc_json(d) for d in docs])


@router.get("/{doc_id:path}", response_model=DocumentDetail, responses=errors(404))
def get_document(state: StateDep, doc_id: DocId) -> dict[str, object]:
    """A document's metadata and every relation mention found in it."""
    doc = reader.document_directory(state).get(doc_id)
    if doc is None:
        raise APIError(404, "document_not_found", f"no document {doc_id!r} in the store")
    return _doc_json(doc) | {"relations": reader.document_mentions(state, doc_id)}


def _store(state: AppState, article: Article, replace: bool) -> dict[str, Any]:
    created, extraction = writes.store_article(state, article, replace=replace)
    href = "/documents/" + quote(article.id, safe="")
    return {"id": article.id, "created": created, "href": href,
            "mentions": len(extraction.mentions),
            "relations": [m.to_json() for m in extraction.mentions]}


async def _write(request: Request, response: Response, state: AppState, doc_id: str | None,
                 params: dict[str, str | None], replace: bool) -> Any:
    """Decode the body, queue the job, and wait for it or answer 202."""
    body = await request.body()
    article = await run_in_threadpool(writes.article_from_body, body,
                                      request.headers.get("content-type", ""), doc_id,
                                      params, state.settings.max_text)
    try:
        job = state.jobs.submit(article.id, lambda: _store(state, article, replace))
    except Overloaded as e:
        raise APIError(503, "busy", str(e), {"Retry-After": str(e.retry_after)}) from None
    wants_async = "respond-async" in request.headers.get("prefer", "").lower()
    if wants_async or len(article.text) > state.settings.sync_text:
        return JSONResponse(job.to_json(), status_code=202,
                            headers={"Location": f"/jobs/{job.id}",
                                     "Preference-Applied": "respond-async"})
    assert job.future is not None
    result: dict[str, Any] = await asyncio.wrap_future(job.future)  # type: ignore[arg-type]
    if result["created"]:
        response.status_code = 201
        response.headers["Location"] = result["href"]
    return result


@router.post("", status_code=201, response_model=WriteResult, openapi_extra=_BODY,
             responses={**_ACCEPTED, **errors(400, 401, 403, 409, 413, 415, 422, 429, 503)})
async def create_document(
    request: Request, response: Response, state: StateDep, _writer: WriterDep,
    id: _TEXT_PARAMS = None, title: _TEXT_PARAMS = None,
    url: _TEXT_PARAMS = None, published: _TEXT_PARAMS = None,
) -> Any:
    """Extract relations from a new document and store it; returns what was found.

    409 if the id exists (PUT replaces). Needs `Authorization: Bearer <token>`. Large
    documents (or `Prefer: respond-async`) get 202 and a job URL instead.
    """
    params = {"id": id, "title": title, "url": url, "published": published}
    return await _write(request, response, state, None, params, False)


@router.put("/{doc_id:path}", response_model=WriteResult, openapi_extra=_BODY,
            responses={201: {"model": WriteResult, "description": "Created"}, **_ACCEPTED,
                       **_WRITE_ERRORS, **errors(404)})
async def replace_document(
    request: Request, response: Response, state: StateDep, _writer: WriterDep,
    doc_id: DocId, title: _TEXT_PARAMS = None, url: _TEXT_PARAMS = None,
    published: _TEXT_PARAMS = None,
) -> Any:
    """Store a document under `doc_id`, replacing any earlier version (201 if new)."""
    params = {"id": doc_id, "title": title, "url": url, "published": published}
    return await _write(request, response, state, doc_id, params, True)


@router.delete("/{doc_id:path}", status_code=204, response_class=Response,
               responses=errors(401, 403, 404, 429))
def delete_document(state: StateDep, _writer: WriterDep, doc_id: DocId) -> Response:
    """Remove a document and everything taken from it."""
    if not writes.delete_document(state, doc_id):
        raise APIError(404, "document_not_found", f"no document {doc_id!r} in the store")
    return Response(status_code=204)
