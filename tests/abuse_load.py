"""Load for the abuse tests, from its own process (so the client threads do not slow the
test's own probes): `python -m tests.abuse_load sparql|export URL N [QUERY]`.

Fires N concurrent requests and prints one JSON line per answer: seconds, status, the
error code and Retry-After of a refusal, and the body size of an export.
"""

from __future__ import annotations

import json
import sys
import threading
import time

import httpx

# One client for all threads: a client per request would build an SSL context each time,
# which costs more than the server's whole answer.
CLIENT = httpx.Client(limits=httpx.Limits(max_connections=200, max_keepalive_connections=0))


def sparql(url: str, query: str) -> dict[str, object]:
    started = time.monotonic()
    try:
        r = CLIENT.post(url + "/sparql", content=query, timeout=90,
                       headers={"Content-Type": "application/sparql-query",
                                "Accept": "application/sparql-results+json"})
    except httpx.TransportError:
        return {"seconds": time.monotonic() - started, "status": 0}
    return {"seconds": time.monotonic() - started, "status": r.status_code,
            "error": r.json().get("error", "") if r.status_code >= 400 else "",
            "retry_after": r.headers.get("retry-after")}


def export(url: str, _: str) -> dict[str, object]:
    started = time.monotonic()
    size = 0
    try:
        with CLIENT.stream("GET", url + "/export?format=nq", timeout=120) as r:
            for chunk in r.iter_bytes():
                size += len(chunk)
            status = r.status_code
    except httpx.TransportError:
        status = 0
    return {"seconds": time.monotonic() - started, "status": status, "size": size}


def main(kind: str, url: str, n: int, query: str = "") -> None:
    task = sparql if kind == "sparql" else export
    lock = threading.Lock()

    def one() -> None:
        result = task(url, query)
        with lock:
            print(json.dumps(result), flush=True)

    start = threading.Barrier(n)  # all threads ready, then all send at once

    def ready() -> None:
        start.wait()
        one()

    threads = [threading.Thread(target=ready) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), *sys.argv[4:5])
