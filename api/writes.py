"""Ingestion through the API: request bodies to Articles, extraction, store writes."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from api.errors import APIError
from api.state import AppState
from kg.bounded import Budget, BudgetExceeded, extract_bounded
from kg.ingest import InputError, article_from_record, check_text
from kg.model import Article, Extraction

MAX_ID = 256
_BAD_ID = re.compile(r"[\x00-\x1f\x7f]")


def article_from_body(body: bytes, content_type: str, doc_id: str | None,
                      params: dict[str, str | None], max_text: int) -> Article:
    """Decode a JSON record or a plain-text body into an Article (4xx APIError if bad)."""
    media = content_type.split(";")[0].strip().lower()
    try:
        if media in ("application/json", "") or media.endswith("+json"):
            try:
                record = json.loads(body.decode("utf-8")) if body.strip() else None
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
                raise APIError(400, "invalid_json", f"the body is not valid JSON: {e}") from None
            _check_length(record.get("text") if isinstance(record, dict) else None, max_text)
            if isinstance(record, dict) and doc_id is not None:
                given = record.get("id")
                if given is not None and str(given).strip() != doc_id:
                    raise APIError(400, "id_mismatch",
                                   f"body id {given!r} differs from the URL's {doc_id!r}")
                record = {**record, "id": doc_id}
            article = article_from_record(record, _default_id(record), "api")
        elif media == "text/plain":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as e:
                raise APIError(400, "invalid_text",
                               f"the body is not UTF-8 text (byte {e.start})") from None
            _check_length(text, max_text)
            text = check_text(text)
            article = Article(id=doc_id or params.get("id") or _content_id(text), text=text,
                              title=params.get("title") or None, url=params.get("url") or None,
                              published=params.get("published") or None, source="api")
        else:
            raise APIError(415, "unsupported_media_type",
                           f"send application/json or text/plain, not {media!r}")
    except InputError as e:
        raise APIError(400, "invalid_document", str(e)) from None
    _check_id(article.id)
    return article


def _check_length(text: Any, max_text: int) -> None:
    if isinstance(text, str) and len(text) > max_text:
        raise APIError(413, "text_too_long",
                       f"text has {len(text)} characters, over the {max_text} limit "
                       "(set KG_API_MAX_TEXT)")


def _check_id(doc_id: str) -> None:
    if len(doc_id) > MAX_ID or _BAD_ID.search(doc_id) or doc_id != doc_id.strip():
        raise APIError(400, "invalid_id", f"a document id is 1-{MAX_ID} characters without "
                       "control characters or surrounding spaces")


def _content_id(text: str) -> str:
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _default_id(record: Any) -> str:
    text = record.get("text") if isinstance(record, dict) else None
    return _content_id(text) if isinstance(text, str) else "doc"


def extract(state: AppState, article: Article) -> Extraction:
    """Extract `article` within the per-document budget (422 over it), outside the write
    lock; parse steps of concurrent writes take turns on the one NLP pipeline."""
    budget = Budget(seconds=state.settings.doc_seconds, max_chars=state.settings.max_text,
                    stop=state.stopping)
    backend = state.nlp_backend()
    try:
        if hasattr(backend, "parse_blocks"):
            return extract_bounded(article, backend, budget, state.parse_lock)
        from kg.pipeline import extract_articles

        budget.check_size(article)
        with state.parse_lock:
            return next(extract_articles([article], backend))
    except BudgetExceeded as e:
        if state.stopping.is_set():
            raise APIError(503, "shutting_down", str(e)) from None
        raise APIError(422, "over_budget", f"{e} (KG_API_DOC_SECONDS)") from None


def store_article(state: AppState, article: Article, *, replace: bool) -> tuple[bool, Extraction]:
    """Extract and store `article`; returns (created, extraction). 409 if it exists and
    `replace` is False. Extraction runs first, unlocked; then one store write at a time."""
    if not replace and state.store.has_document(article.id):
        raise _exists(article.id)
    extraction = extract(state, article)
    with state.write_lock:
        if state.stopping.is_set():
            raise APIError(503, "shutting_down", "the server is shutting down; retry later")
        exists = state.store.has_document(article.id)
        if exists and not replace:
            raise _exists(article.id)
        with state.runner.lock.exclusive():
            try:
                state.store.write_document(extraction)
            finally:
                state.changed()
        state.refresh_stats()
    return not exists, extraction


def _exists(doc_id: str) -> APIError:
    return APIError(409, "document_exists",
                    f"document {doc_id!r} exists; PUT /documents/{{id}} replaces it")


def delete_document(state: AppState, doc_id: str) -> bool:
    with state.write_lock:
        with state.runner.lock.exclusive():
            try:
                removed = state.store.remove_document(doc_id)
            finally:
                state.changed()
        state.refresh_stats()
        return removed
