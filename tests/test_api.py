"""The HTTP API against real uvicorn processes on 127.0.0.1 (random free ports).

The store is built once per session from the seed and the example corpus (spaCy backend) and
copied for each server, since a running server holds its store's lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Dataset, Graph

from tests.conftest import ROOT, SEED, corpus_articles
from tests.servers import ApiServer, launch_api

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUERY_TIMEOUT = 3.0
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
GROUP_BY = "SELECT ?p (COUNT(?m) AS ?n) WHERE { ?m kg:predicate ?p } GROUP BY ?p ORDER BY DESC(?n)"


# ------------------------------------------------------------------ store and servers


def _articles() -> list[Any]:
    from kg.model import Article

    seed = Article(id="putin-beijing-nato", text=SEED.read_text(encoding="utf-8"),
                   title="Putin criticises NATO in Beijing")
    return [seed, *corpus_articles()]


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory, spacy_backend: Any) -> Path:
    """Seed and corpus as a closed store directory, built once (xdist workers share it)."""
    from kg.pipeline import extract_articles
    from kg.store import open_store

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    target = shared / "api-store"
    with open(shared / "api-store.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / "BUILT").is_file():
            shutil.rmtree(target, ignore_errors=True)
            with open_store(target / "kg") as store:
                store.write_documents(extract_articles(_articles(), spacy_backend))
            (target / "BUILT").write_text("ok")
    return target / "kg"


Server = ApiServer


@pytest.fixture(scope="session")
def start_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Server]]:
    """Start `uvicorn api.server:create_app` on a free port over a copy of `store` (or an
    empty store); `env` adds KG_* settings. Servers stop at the end of the session."""
    servers: list[Server] = []

    def start(store: Path | None = None, **env: str) -> Server:
        home = tmp_path_factory.mktemp("server")
        target = home / "kg"
        if store is not None:
            shutil.copytree(store, target)
        environ = {k: v for k, v in os.environ.items()
                   if not k.startswith(("KG_API_", "KG_QUERY_", "KG_STORE"))}
        environ.update({"KG_NLP_BACKEND": "spacy", "KG_QUERY_WORKERS": "2",
                        "PYTHONPATH": str(ROOT), **env})
        server = launch_api(target, home / "server.log", environ, timeout=60)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
        text = server.log.read_text(errors="replace")
        assert "Traceback" not in text or "StoreLockedError" in text, text[-3000:]


@pytest.fixture(scope="session")
def api(built_store: Path, start_server: Callable[..., Server]) -> Server:
    """The main server: writes enabled, a short query time limit."""
    return start_server(built_store, KG_API_TOKEN=TOKEN,
                        KG_QUERY_TIMEOUT=str(QUERY_TIMEOUT), KG_API_WRITE_RATE="1000/minute")


@pytest.fixture(scope="session")
def client(api: Server) -> Iterator[httpx.Client]:
    with api.client() as c:
        yield c


def _error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"} and isinstance(body["detail"], str), body
    if code:
        assert body["error"] == code, body
    return body


# ------------------------------------------------------------------ service


def test_front_page_and_docs(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for link in ('href="/docs"', 'href="/graph"', 'href="/export'):
        assert link in page.text
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/health", "/actors", "/actors/{name}", "/relations", "/documents",
                 "/documents/{doc_id}", "/metrics", "/sparql", "/export"):
        assert path in paths


def test_health(client: httpx.Client) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["store"]["reachable"]
    assert body["store"]["documents"] == len(_articles())
    assert body["store"]["triples"] > 1000
    assert body["nlp_backend"] == "spacy"
    assert body["writes_enabled"] is True and body["query_runner"] == "process"


def test_unknown_route_is_json(client: httpx.Client) -> None:
    _error(client.get("/no/such/thing"), 404, "not_found")
    _error(client.delete("/actors"), 405)


# ------------------------------------------------------------------ actors


def test_actors_pagination_and_order(client: httpx.Client) -> None:
    full = client.get("/actors", params={"limit": 1000}).json()
    assert full["total"] == len(full["items"]) > 10
    ranks = [a["pagerank"] for a in full["items"]]
    assert ranks == sorted(ranks, reverse=True)
    pages = [client.get("/actors", params={"limit": 7, "offset": o}).json()
             for o in range(0, full["total"], 7)]
    assert all(p["total"] == full["total"] and p["limit"] == 7 for p in pages)
    assert [a["id"] for p in pages for a in p["items"]] == [a["id"] for a in full["items"]]
    assert client.get("/actors", params={"offset": full["total"]}).json()["items"] == []
    _error(client.get("/actors", params={"limit": 0}), 422, "invalid_request")
    _error(client.get("/actors", params={"limit": 5000}), 422)
    _error(client.get("/actors", params={"sort": "shoe size"}), 422)


def test_actors_search_and_type(client: httpx.Client) -> None:
    found = client.get("/actors", params={"q": "rus"}).json()["items"]
    assert "russia" in [a["id"] for a in found]
    people = client.get("/actors", params={"type": "person", "limit": 1000}).json()
    assert people["total"] > 0 and all(a["type"] == "person" for a in people["items"])
    by_label = client.get("/actors", params={"sort": "label", "limit": 1000}).json()["items"]
    labels = [a["label"].casefold() for a in by_label]
    assert labels == sorted(labels)


@pytest.mark.parametrize("name", ["russia", "Russia", "Moscow", "Kremlin", "Q159",
                                  "Russian Federation"])
def test_actor_by_id_label_alias(client: httpx.Client, name: str) -> None:
    actor = client.get(f"/actors/{name}").json()
    assert actor["id"] == "russia" and actor["label"] == "Russia"
    assert actor["wikidata"] == "Q159"
    assert actor["wikidata_url"] == "https://www.wikidata.org/wiki/Q159"
    assert actor["outgoing"] or actor["incoming"]
    assert actor["outgoing_mentions"] == sum(r["mentions"] for r in actor["outgoing"])
    for rel in actor["outgoing"] + actor["incoming"]:
        assert rel["mentions"] >= 1 and rel["actor"]["href"].startswith("/actors/")


def test_unknown_actor(client: httpx.Client) -> None:
    _error(client.get("/actors/Atlantis"), 404, "actor_not_found")


# ------------------------------------------------------------------ relations


def _relations(client: httpx.Client, **params: Any) -> dict[str, Any]:
    response = client.get("/relations", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_relations_alias_lookup(client: httpx.Client) -> None:
    by_id = _relations(client, subject="russia")
    assert by_id["total"] > 0
    for name in ("Russia", "Moscow", "the Kremlin", "Q159"):
        assert _relations(client, subject=name) == by_id
    assert all(r["subject"]["id"] == "russia" for r in by_id["items"])
    towards = _relations(client, object="Moscow")
    assert all(r["object"]["id"] == "russia" for r in towards["items"])
    _error(client.get("/relations", params={"subject": "Atlantis"}), 404, "actor_not_found")


def test_relations_mentions_and_evidence(client: httpx.Client) -> None:
    items = _relations(client, mentions=100)["items"]
    assert items
    counts = [r["mention_count"] for r in items]
    assert counts == sorted(counts, reverse=True)
    for rel in items:
        assert len(rel["mentions"]) == rel["mention_count"]
        for m in rel["mentions"]:
            assert m["evidence"]["sentence"] and m["evidence"]["end"] > m["evidence"]["start"]
            assert m["negated"] == rel["negated"]
            assert m["document"]["href"] == "/documents/" + m["document"]["id"]
    doc = items[0]["mentions"][0]["document"]
    assert client.get(doc["href"]).status_code == 200
    few = _relations(client, mentions=1)["items"]
    assert all(len(r["mentions"]) == 1 for r in few)


def test_relations_pagination(client: httpx.Client) -> None:
    full = _relations(client, mentions=0)
    pages = [client.get("/relations", params={"limit": 5, "offset": o, "mentions": 0}).json()
             for o in range(0, full["total"], 5)]
    assert all(p["total"] == full["total"] for p in pages)
    assert [r for p in pages for r in p["items"]] == full["items"]


def test_relations_filters(client: httpx.Client) -> None:
    everything = _relations(client)["total"]
    opposes = _relations(client, predicate="opposes")["items"]
    assert all(r["predicate"] == "opposes" for r in opposes)
    two = _relations(client, predicate="opposes,criticizes")["items"]
    assert {r["predicate"] for r in two} <= {"opposes", "criticizes"}
    negative = _relations(client, polarity="negative")["items"]
    assert negative and all(r["polarity"] == -1 for r in negative)
    frequent = _relations(client, min_mentions=2)["items"]
    assert all(r["mention_count"] >= 2 for r in frequent) and len(frequent) < everything
    confident = _relations(client, min_confidence=0.8, mentions=100)["items"]
    assert all(m["confidence"] >= 0.8 for r in confident for m in r["mentions"])
    negated = _relations(client, negated="true")["items"]
    assert all(r["negated"] for r in negated)
    asserted = _relations(client, negated="false", include_modal="false", mentions=100)["items"]
    assert all(m["modality"] is None for r in asserted for m in r["mentions"])
    dated = _relations(client, since="2019-01-01", until="2019-12-31", mentions=100)["items"]
    assert 0 < len(dated) < everything  # the corpus spans 2004-2005 and 2019-2020
    for rel in dated:
        for m in rel["mentions"]:
            assert "2019-01-01" <= m["document"]["published"] <= "2019-12-31"
    _error(client.get("/relations", params={"predicate": "likes"}), 400, "invalid_filter")
    _error(client.get("/relations", params={"polarity": "sideways"}), 400, "invalid_filter")
    _error(client.get("/relations", params={"since": "2020-01-01", "until": "2019-01-01"}),
           400, "invalid_filter")
    _error(client.get("/relations", params={"since": "last tuesday"}), 422)
    _error(client.get("/relations", params={"min_confidence": 2}), 422)


# ------------------------------------------------------------------ documents


def test_documents(client: httpx.Client) -> None:
    listing = client.get("/documents", params={"limit": 1000}).json()
    ids = [d["id"] for d in listing["items"]]
    assert listing["total"] == len(_articles()) and ids == sorted(ids)
    assert "putin-beijing-nato" in ids
    page = client.get("/documents", params={"limit": 3, "offset": 3}).json()
    assert [d["id"] for d in page["items"]] == ids[3:6]
    doc = client.get("/documents/putin-beijing-nato").json()
    assert doc["title"] == "Putin criticises NATO in Beijing"
    assert doc["mentions"] == len(doc["relations"]) > 0
    starts = [r["evidence"]["start"] for r in doc["relations"]]
    assert starts == sorted(starts)
    assert all(r["document"]["id"] == "putin-beijing-nato" for r in doc["relations"])
    _error(client.get("/documents/no-such-doc"), 404, "document_not_found")
    if len(ids) > 1:
        dated = client.get("/documents", params={"since": "2010-01-01"}).json()["items"]
        assert dated and all(d["published"] >= "2010-01-01" for d in dated)


# ------------------------------------------------------------------ metrics


def test_metrics(client: httpx.Client) -> None:
    body = client.get("/metrics", params={"limit": 5, "pairs": 3}).json()
    assert body["summary"]["actors"] == body["actors"]["total"] > 0
    assert len(body["actors"]["items"]) == 5 and len(body["pairs"]) == 3
    ranks = [a["pagerank"] for a in body["actors"]["items"]]
    assert ranks == sorted(ranks, reverse=True)
    assert "balanced" in body["balance"]
    negative = client.get("/metrics", params={"polarity": "negative"}).json()["summary"]
    assert negative["relations"] == negative["negative_relations"] > 0
    near = client.get("/metrics", params={"actor": "Moscow", "hops": 1, "limit": 1000}).json()
    assert "russia" in [a["id"] for a in near["actors"]["items"]]
    assert near["actors"]["total"] < body["actors"]["total"]
    _error(client.get("/metrics", params={"predicate": "likes"}), 400, "invalid_filter")


# ------------------------------------------------------------------ SPARQL


def test_sparql_json_default_and_union_graph(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": GROUP_BY})
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    rows = response.json()["results"]["bindings"]
    assert rows and {"p", "n"} <= set(rows[0])
    total = sum(int(r["n"]["value"]) for r in rows)
    assert total == client.get("/health").json()["store"]["mentions"]


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("*/*", "application/sparql-results+json"),
])
def test_sparql_select_negotiation(client: httpx.Client, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": GROUP_BY}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    if media == "text/csv":
        assert response.text.splitlines()[0] == "p,n"
    elif media == "text/tab-separated-values":
        assert response.text.splitlines()[0] == "?p\t?n"
    elif media.endswith("xml"):
        assert "<sparql" in response.text and "<result>" in response.text


@pytest.mark.parametrize(("accept", "media", "fmt"), [
    (None, "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_sparql_construct_negotiation(client: httpx.Client, accept: str | None, media: str,
                                      fmt: str) -> None:
    query = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a kg:Actor ; rdfs:label ?l }"
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": query}, headers=headers)
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=response.content, format=fmt)
    # Subjects, not triples: an actor named in two spellings ("COVID-19", "Covid-19") by two
    # documents has two labels.
    assert len(set(graph.subjects())) == client.get("/health").json()["store"]["actors"]


def test_sparql_post_forms_ask_and_format(client: httpx.Client) -> None:
    form = client.post("/sparql", data={"query": "ASK { actor:russia a kg:Actor }"})
    assert form.json() == {"head": {}, "boolean": True}
    raw = client.post("/sparql", content="SELECT ?id WHERE { ?d a kg:Document ; "
                      "dcterms:identifier ?id } ORDER BY ?id LIMIT 2",
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "text/csv"})
    assert raw.status_code == 200 and raw.text.splitlines()[0] == "id"
    overridden = client.get("/sparql", params={"query": GROUP_BY, "format": "tsv"},
                            headers={"Accept": "application/json"})
    assert overridden.headers["content-type"].startswith("text/tab-separated-values")
    named = client.get("/sparql", params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "default-graph-uri": "https://w3id.org/kg-news/graph/putin-beijing-nato"})
    count = int(named.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < count < client.get("/health").json()["store"]["triples"]


def test_sparql_errors_and_read_only(client: httpx.Client) -> None:
    _error(client.get("/sparql", params={"query": "SELEKT nothing"}), 400, "invalid_query")
    _error(client.get("/sparql"), 400, "missing_query")
    update = "INSERT DATA { actor:x kg:opposes actor:y }"
    _error(client.get("/sparql", params={"query": update}), 400, "read_only")
    _error(client.get("/sparql", params={"update": update}), 400, "read_only")
    _error(client.post("/sparql", data={"update": update}), 400, "read_only")
    _error(client.post("/sparql", content="PREFIX a: <http://a/>\nDELETE WHERE { ?s ?p ?o }",
                       headers={"Content-Type": "application/sparql-query"}), 400, "read_only")
    _error(client.post("/sparql", content=update,
                       headers={"Content-Type": "application/sparql-update"}), 400, "read_only")
    _error(client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}),
           415, "unsupported_media_type")
    _error(client.get("/sparql", params={"query": GROUP_BY}, headers={"Accept": "image/png"}),
           406, "not_acceptable")
    _error(client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"Accept": "text/csv"}), 406, "not_acceptable")
    assert client.get("/sparql", params={"query": "ASK { actor:x kg:opposes actor:y }"}
                      ).json()["boolean"] is False


def test_sparql_time_limit_keeps_server_responsive(client: httpx.Client) -> None:
    result: dict[str, Any] = {}

    def slow() -> None:
        start = time.monotonic()
        result["response"] = client.get("/sparql", params={"query": SLOW_QUERY})
        result["elapsed"] = time.monotonic() - start

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.3)
    with httpx.Client(base_url=str(client.base_url), timeout=30) as other:
        for _ in range(3):  # reads and other queries are answered while the slow one runs
            start = time.monotonic()
            assert other.get("/health").status_code == 200
            assert other.get("/sparql", params={"query": "ASK {}"}).status_code == 200
            assert other.get("/relations", params={"subject": "Russia"}).status_code == 200
            assert time.monotonic() - start < QUERY_TIMEOUT / 2
    worker.join(timeout=60)
    _error(result["response"], 503, "query_timeout")
    assert QUERY_TIMEOUT <= result["elapsed"] < QUERY_TIMEOUT + 5
    after = client.get("/sparql", params={"query": GROUP_BY})  # the killed worker is replaced
    assert after.status_code == 200


# ------------------------------------------------------------------ export


@pytest.mark.parametrize(("fmt", "accept", "media", "parse_as"), [
    ("turtle", None, "text/turtle", "turtle"),
    (None, "text/turtle", "text/turtle", "turtle"),
    (None, "application/n-quads", "application/n-quads", "nquads"),
    ("trig", None, "application/trig", "trig"),
    ("nt", None, "application/n-triples", "nt"),
    (None, "application/ld+json", "application/ld+json", "json-ld"),
    ("xml", None, "application/rdf+xml", "xml"),
])
def test_export(client: httpx.Client, fmt: str | None, accept: str | None, media: str,
                parse_as: str) -> None:
    params = {"format": fmt} if fmt else {}
    headers = {"Accept": accept} if accept else {}
    with client.stream("GET", "/export", params=params, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media
        assert response.headers.get("transfer-encoding") == "chunked"  # streamed
        body = response.read()
    if parse_as in ("nquads", "trig", "json-ld"):  # dataset formats: one graph per document
        dataset = Dataset()
        dataset.parse(data=body, format=parse_as)
        graphs = {str(g) for _, _, _, g in dataset.quads((None, None, None, None))}
        assert "https://w3id.org/kg-news/graph/putin-beijing-nato" in graphs
        count = sum(1 for _ in dataset.quads((None, None, None, None)))
    else:
        count = len(Graph().parse(data=body, format=parse_as))
    assert count > 1000


def test_export_one_document(client: httpx.Client) -> None:
    whole = client.get("/export", params={"format": "nt"}).text.count("\n")
    one = client.get("/export", params={"format": "nt", "doc": "putin-beijing-nato"})
    assert one.status_code == 200
    assert 'filename="putin-beijing-nato.nt"' in one.headers["content-disposition"]
    assert 0 < one.text.count("\n") < whole
    _error(client.get("/export", params={"doc": "nope"}), 404, "document_not_found")
    _error(client.get("/export", headers={"Accept": "image/png"}), 406, "not_acceptable")
    _error(client.get("/export", params={"format": "docx"}), 422)


# ------------------------------------------------------------------ writes


TEXT = ("Russia opposes NATO expansion. China supports Russia. "
        "The European Union criticized Iran on Monday.")


def test_write_auth(client: httpx.Client) -> None:
    body = {"id": "auth-check", "text": TEXT}
    missing = client.post("/documents", json=body)
    _error(missing, 401, "unauthorized")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    _error(client.post("/documents", json=body, headers={"Authorization": "Bearer wrong"}),
           401, "unauthorized")
    _error(client.post("/documents", json=body, headers={"Authorization": f"Basic {TOKEN}"}),
           401, "unauthorized")
    _error(client.delete("/documents/putin-beijing-nato"), 401)
    _error(client.put("/documents/x", json=body, headers={"Authorization": "Bearer " + TOKEN
                                                          + "x"}), 401)
    ok = client.post("/documents", json=body, headers=AUTH)
    assert ok.status_code == 201, ok.text
    assert client.delete("/documents/auth-check", headers=AUTH).status_code == 204


def test_token_compare_is_constant_time() -> None:
    import inspect

    from api.deps import require_writer

    source = inspect.getsource(require_writer)
    assert "hmac.compare_digest(" in source and "== token" not in source


def test_write_lifecycle(client: httpx.Client) -> None:
    created = client.post("/documents", json={"id": "api-test-1", "title": "A test",
                                               "published": "2024-03-01", "text": TEXT},
                          headers=AUTH)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["id"] == "api-test-1" and body["created"] is True
    assert created.headers["location"] == "/documents/api-test-1"
    assert body["mentions"] == len(body["relations"])
    doc = client.get("/documents/api-test-1").json()
    assert doc["title"] == "A test" and doc["published"] == "2024-03-01"
    assert len(doc["relations"]) == body["mentions"]
    # the SPARQL workers and the cached views see the write
    ask = {"query": "ASK { GRAPH graph:api-test-1 { ?s ?p ?o } }"}
    assert client.get("/sparql", params=ask).json()["boolean"] is True
    ids = [d["id"] for d in client.get("/documents", params={"limit": 1000}).json()["items"]]
    assert "api-test-1" in ids
    found = [(r["subject"]["id"], r["predicate"], r["object"]["id"]) for r in doc["relations"]]
    assert found

    def sources(s: str, p: str, o: str) -> set[str]:
        rels = _relations(client, subject=s, predicate=p, object=o, mentions=100)["items"]
        return {m["document"]["id"] for r in rels for m in r["mentions"]}

    for key in found:  # cached relation views see the new document
        assert "api-test-1" in sources(*key)
    _error(client.post("/documents", json={"id": "api-test-1", "text": TEXT}, headers=AUTH),
           409, "document_exists")
    replaced = client.put("/documents/api-test-1", json={"text": "Iran threatens Israel."},
                          headers=AUTH)
    assert replaced.status_code == 200 and replaced.json()["created"] is False
    assert client.get("/documents/api-test-1").json()["title"] is None
    _error(client.put("/documents/api-test-1", json={"id": "other", "text": TEXT},
                      headers=AUTH), 400, "id_mismatch")
    assert client.delete("/documents/api-test-1", headers=AUTH).status_code == 204
    _error(client.get("/documents/api-test-1"), 404)
    for key in found:
        assert "api-test-1" not in sources(*key)
    assert client.get("/sparql", params=ask).json()["boolean"] is False
    _error(client.delete("/documents/api-test-1", headers=AUTH), 404, "document_not_found")


def test_write_plain_text_and_put_create(client: httpx.Client) -> None:
    plain = client.post("/documents", params={"id": "api-plain", "title": "Plain"},
                        content=TEXT.encode(), headers={**AUTH, "Content-Type": "text/plain"})
    assert plain.status_code == 201, plain.text
    assert client.get("/documents/api-plain").json()["title"] == "Plain"
    anonymous = client.post("/documents", content=b"China criticizes the United States.",
                            headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})
    assert anonymous.status_code == 201 and anonymous.json()["id"].startswith("doc-")
    put = client.put("/documents/api-put", json={"text": TEXT}, headers=AUTH)
    assert put.status_code == 201 and put.json()["created"] is True
    for doc_id in ("api-plain", anonymous.json()["id"], "api-put"):
        assert client.delete(f"/documents/{doc_id}", headers=AUTH).status_code == 204


@pytest.mark.parametrize(("content", "content_type", "status", "code"), [
    (b"{not json", "application/json", 400, "invalid_json"),
    (b'{"title": "no text"}', "application/json", 400, "invalid_document"),
    (b'["a", "list"]', "application/json", 400, "invalid_document"),
    (b'{"text": "   "}', "application/json", 400, "invalid_document"),
    (b'{"text": 42}', "application/json", 400, "invalid_document"),
    (b'{"text": "ok", "id": "  "}', "application/json", 400, "invalid_document"),
    (b'{"text": "ok", "title": 7}', "application/json", 400, "invalid_document"),
    (b"\xff\xfe\xfa", "text/plain", 400, "invalid_text"),
    (b"<p>hi</p>", "text/html", 415, "unsupported_media_type"),
    (b"[" * 100_000, "application/json", 400, None),
])
def test_write_bad_input(client: httpx.Client, content: bytes, content_type: str, status: int,
                         code: str | None) -> None:
    response = client.post("/documents", content=content,
                           headers={**AUTH, "Content-Type": content_type})
    _error(response, status, code)


def test_body_size_limits(client: httpx.Client) -> None:
    big = b"x" * (5 * 1024 * 1024 + 1)
    _error(client.post("/documents", content=big,
                       headers={**AUTH, "Content-Type": "text/plain"}), 413, "body_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(6):
            yield b"y" * (1024 * 1024)

    _error(client.post("/documents", content=chunks(),
                       headers={**AUTH, "Content-Type": "text/plain"}), 413, "body_too_large")
    _error(client.post("/sparql", content=big,
                       headers={"Content-Type": "application/sparql-query"}), 413)
    long_text = json.dumps({"text": "Russia opposes NATO. " * 50_000})  # ~1 M chars, ~1 MB
    _error(client.post("/documents", content=long_text,
                       headers={**AUTH, "Content-Type": "application/json"}),
           413, "text_too_long")
    assert client.get("/health").status_code == 200


# ------------------------------------------------------------------ other configurations


def test_writes_disabled_without_token(start_server: Callable[..., Server]) -> None:
    server = start_server(KG_QUERY_WORKERS="1")  # an empty store, no KG_API_TOKEN
    with server.client() as c:
        assert c.get("/health").json()["writes_enabled"] is False
        _error(c.post("/documents", json={"text": TEXT}, headers=AUTH), 403, "writes_disabled")
        _error(c.delete("/documents/x"), 403, "writes_disabled")
        assert c.get("/actors").json() == {"total": 0, "limit": 50, "offset": 0, "items": []}


def test_write_rate_limit(start_server: Callable[..., Server]) -> None:
    server = start_server(KG_API_TOKEN=TOKEN, KG_API_WRITE_RATE="3/minute",
                          KG_API_MAX_BODY="1000", KG_QUERY_WORKERS="1")
    with server.client() as c:
        for _ in range(3):  # each write attempt takes a token, valid or not
            _error(c.post("/documents", json={"text": " "}, headers=AUTH), 400)
        limited = c.post("/documents", json={"text": TEXT}, headers=AUTH)
        _error(limited, 429, "rate_limited")
        assert int(limited.headers["retry-after"]) >= 1
        _error(c.post("/documents", content=b"x" * 1001,
                      headers={**AUTH, "Content-Type": "text/plain"}), 413, "body_too_large")
        assert c.get("/health").status_code == 200  # reads are not limited


# ------------------------------------------------------------------ schemathesis

FUZZED = ["GET /health", "GET /actors", "GET /actors/{name}", "GET /relations",
          "GET /documents", "POST /documents", "GET /documents/{doc_id}",
          "PUT /documents/{doc_id}", "DELETE /documents/{doc_id}", "GET /metrics",
          "GET /sparql", "POST /sparql", "GET /export", "GET /graph", "GET /graph/mentions",
          "GET /jobs/{job_id}",
          "GET /actor/{actor_id}", "GET /doc/{doc_id}", "GET /mention/{mention_id}",
          "GET /ontology", "GET /context.jsonld"]
FUZZ_EXAMPLES = 20
# Only free-text path parameters, or none: schemathesis has nothing to make invalid.
NOTHING_TO_INVALIDATE = {"GET /health", "GET /actor/{actor_id}", "GET /doc/{doc_id}",
                         "GET /mention/{mention_id}", "GET /ontology", "GET /context.jsonld"}


@pytest.fixture(scope="session")
def fuzz_schema(built_store: Path, start_server: Callable[..., Server]) -> Any:
    """The OpenAPI schema of a server of its own (fuzzed writes must not disturb `api`)."""
    import schemathesis

    server = start_server(built_store, KG_API_TOKEN=TOKEN, KG_API_WRITE_RATE="100000/minute",
                          KG_QUERY_TIMEOUT="5")
    return schemathesis.openapi.from_url(server.url + "/openapi.json")


def _checks() -> list[Any]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [not_a_server_error, status_code_conformance, content_type_conformance,
            response_headers_conformance, response_schema_conformance]


def test_openapi_operations_are_all_fuzzed(fuzz_schema: Any) -> None:
    found = {f"{r.ok().method.upper()} {r.ok().path}" for r in fuzz_schema.get_all_operations()}
    assert found == set(FUZZED)


@pytest.mark.parametrize("mode", ["positive", "negative"])
@pytest.mark.parametrize("operation", FUZZED)
def test_openapi_fuzz(fuzz_schema: Any, operation: str, mode: str) -> None:
    """Schemathesis: no 5xx and no response that breaks the OpenAPI schema (bounded)."""
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode

    if mode == "negative" and operation in NOTHING_TO_INVALIDATE:
        pytest.skip("no parameters to make invalid")
    method, path = operation.split()
    strategy = fuzz_schema[path][method].as_strategy(GenerationMode(mode))
    checks = _checks()

    @given(case=strategy)
    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        response = case.call_and_validate(headers=AUTH, checks=checks, timeout=30)
        if os.environ.get("KG_FUZZ_LOG"):
            with open(os.environ["KG_FUZZ_LOG"], "a") as log:
                log.write(f"{operation} {mode} {response.status_code}\n")

    run()


# ------------------------------------------------------------------ in-process checks


@pytest.fixture()
def memory_app() -> Iterator[Any]:
    """The app over an in-memory store (inline query runner), in this process."""
    from fastapi.testclient import TestClient

    from api.config import Settings
    from api.main import create_app

    settings = Settings(store=":memory:", token=TOKEN, nlp_backend="spacy")
    app = create_app(settings)

    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_unexpected_errors_do_not_leak(memory_app: Any) -> None:
    response = memory_app.get("/boom")
    body = _error(response, 500, "internal_error")
    assert "secret" not in response.text and "Traceback" not in body["detail"]


def test_inline_runner_formats(memory_app: Any) -> None:
    assert memory_app.get("/health").json()["query_runner"] == "inline"
    created = memory_app.post("/documents", json={"id": "m", "text": TEXT}, headers=AUTH)
    assert created.status_code == 201
    query = {"query": "SELECT ?s ?o WHERE { ?m kg:subject ?s ; kg:object ?o }"}
    for accept, first in (("text/tab-separated-values", "?s\t?o"), ("text/csv", "s,o")):
        response = memory_app.get("/sparql", params=query, headers={"Accept": accept})
        assert response.text.splitlines()[0] == first
    xml = memory_app.get("/sparql", params=query, headers={"Accept": "application/xml"})
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    assert memory_app.get("/relations").json()["total"] > 0
