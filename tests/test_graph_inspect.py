"""GET /graph/mentions (the graph page's inspector) and the served /graph payload, against
the real API on uvicorn over a store on disk (the hand-made corpus of the page's browser
tests: no NLP)."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.store import open_store
from tests.test_graph_page_browser import Api, corpus


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(Path(tmp) / "kg") as store:
            store.write_documents(corpus("https://news.invalid"))
        api = Api(Path(tmp) / "kg")
        try:
            with httpx.Client(base_url=api.base, timeout=60) as c:
                yield c
        finally:
            api.close()


def mentions(client: httpx.Client, **params: Any) -> dict[str, Any]:
    reply = client.get("/graph/mentions", params=params)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_mentions_are_paged_asserted_first_newest_first(client) -> None:
    first = mentions(client, subject="russia", predicate="criticizes", object="nato", limit=10)
    assert (first["total"], first["asserted"], first["negated"], first["modal"]) == (15, 14, 1, 0)
    assert first["subject"]["label"] == "Russia" and first["object"]["label"] == "NATO"
    assert first["polarity"] == -1 and len(first["mentions"]) == 10
    days = [m["document"]["published"][:10] for m in first["mentions"]]
    assert days == sorted(days, reverse=True) and days[0] == "2024-05-10"
    m = first["mentions"][0]
    assert m["evidence"]["cue"] == "criticizes" and "criticizes NATO" in m["evidence"]["sentence"]
    assert m["document"]["url"] == "https://news.invalid/file/src-d13"
    assert m["document"]["href"] == "/documents/d13" and not m["negated"]
    rest = mentions(client, subject="russia", predicate="criticizes", object="nato",
                    offset=10, limit=10)
    assert len(rest["mentions"]) == 5 and rest["mentions"][-1]["negated"]
    ids = {x["id"] for x in first["mentions"]} | {x["id"] for x in rest["mentions"]}
    assert len(ids) == 15
    # by label or alias too; the date bounds apply as on /graph
    again = mentions(client, subject="Moscow", predicate="criticizes", object="NATO",
                     since="2024-04-01")
    assert again["total"] == 5 and again["subject"]["id"] == "russia"


def test_modality_and_source(client) -> None:
    modal = mentions(client, subject="ukraine", predicate="attacks", object="russia")
    assert (modal["total"], modal["asserted"], modal["modal"]) == (1, 0, 1)
    assert modal["mentions"][0]["modality"] == "future"
    sourced = mentions(client, subject="nato", predicate="engages_with", object="ukraine")
    assert sourced["mentions"][0]["source"]["label"] == "United States"


@pytest.mark.parametrize(("params", "status"), [
    ({"subject": "russia", "predicate": "likes", "object": "nato"}, 400),
    ({"subject": "atlantis", "predicate": "opposes", "object": "nato"}, 404),
    ({"subject": "russia", "predicate": "opposes", "object": "nato", "limit": 0}, 422),
    ({"subject": "russia", "predicate": "opposes"}, 422),
])
def test_bad_requests_are_clear(client, params: dict[str, Any], status: int) -> None:
    reply = client.get("/graph/mentions", params=params)
    assert reply.status_code == status
    assert "error" in reply.json() or "detail" in reply.json()


def test_served_page_embeds_no_evidence_but_a_timeline(client) -> None:
    html = client.get("/graph").text
    data = json.loads(re.search(r'id="kg-graph-data">(.*?)</script>', html, re.S).group(1))
    assert data["api"] is True and data["days"][0] == "2024-01-01"
    edges = {(e["from"], e["kg"]["predicate"], e["to"]): e["kg"] for e in data["edges"]}
    crit = edges[("russia", "criticizes", "nato")]
    assert "evidence" not in crit and crit["mentions"] == 14 and crit["u"] == 0
    assert sum(n for _, n in crit["t"]) == 14 and crit["documents"] == 14
    assert edges[("china", "supports", "russia")]["u"] == 2  # undated documents
    russia = next(n for n in data["nodes"] if n["id"] == "russia")
    assert "relations" not in russia["kg"] and set(russia["kg"]["aliases"]) >= {"Moscow"}
    assert "within" not in html.split("kg-summary")[1][:300]
    around = client.get("/graph", params={"actor": "Moscow"}).text
    assert "within 1 hop of Russia" in around  # the summary names actors by label


def test_graph_page_is_revalidated_with_an_etag(client) -> None:
    first = client.get("/graph", params={"color": "type"})
    etag = first.headers["etag"]
    assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
    again = client.get("/graph", params={"color": "type"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = client.get("/graph", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
