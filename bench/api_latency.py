"""Latency of the HTTP API under concurrent clients, on a store of >= 100k triples.

    python -m bench.api_latency [--store DIR] [--copies 60] [--clients 20] [--requests 1000]
                                [--extra PATH ...]

Builds the store once (the seed, the example corpus and any `--extra` inputs are extracted
with spaCy, then each
extraction is stored `--copies` times under distinct document ids), starts
`uvicorn api.server:create_app` on a free port on 127.0.0.1, and reports p50/p99 latency
of `GET /relations?subject=Russia` and of a SPARQL GROUP BY query.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.common import EXTRA_INPUTS, source_articles

ROOT = Path(__file__).resolve().parent.parent
GROUP_BY = (
    "SELECT ?p (COUNT(?m) AS ?n) (AVG(?c) AS ?conf) WHERE { "
    "?m kg:predicate ?p ; kg:confidence ?c } GROUP BY ?p ORDER BY DESC(?n)"
)
SCENARIOS = {
    "GET /relations?subject=Russia": ("/relations", {"subject": "Russia"}),
    "GET /sparql (GROUP BY)": ("/sparql", {"query": GROUP_BY}),
}


def build_store(path: Path, copies: int) -> None:
    """Extract the source articles once, store each extraction `copies` times."""
    from kg.pipeline import extract_articles
    from kg.store import open_store

    extractions = list(extract_articles(source_articles(), "spacy"))

    def replicas():
        for i in range(copies):
            for ex in extractions:
                doc_id = f"{ex.article.article.id}-{i:04d}"
                article = dataclasses.replace(
                    ex.article.article, id=doc_id, published=f"{2000 + i % 25}-01-{1 + i % 28:02d}"
                )
                parsed = dataclasses.replace(ex.article, article=article)
                mentions = [dataclasses.replace(m, doc=doc_id) for m in ex.mentions]
                yield dataclasses.replace(ex, article=parsed, mentions=mentions)

    with open_store(path) as store:
        store.write_documents(replicas(), batch_size=128)
        print(json.dumps(store.stats().to_json()), file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def run_scenario(
    base: str, path: str, params: dict[str, str], clients: int, requests: int
) -> dict[str, float]:
    """`clients` concurrent connections sharing `requests` requests; latencies in ms."""
    latencies: list[float] = []
    errors = 0
    remaining = requests

    async def client() -> None:
        nonlocal remaining, errors
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            while remaining > 0:
                remaining -= 1
                start = time.perf_counter()
                response = await c.get(path, params=params)
                latencies.append((time.perf_counter() - start) * 1000)
                errors += response.status_code != 200

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(cuts[49], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": round(max(latencies), 1),
        "throughput_rps": round(len(latencies) / wall, 1),
    }


def serve(store: Path, **env: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start the API on a free port; returns the process and its base URL once healthy."""
    port = _free_port()
    environ = {**os.environ, "KG_STORE": str(store), "PYTHONPATH": str(ROOT), **env}
    environ.pop("KG_API_TOKEN", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.server:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environ,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(base + "/health", timeout=30).status_code == 200:
                return server, base
        time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, default=ROOT / "data" / "bench-kg")
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--extra", type=Path, action="append", default=[], metavar="PATH",
                        help="more input files or folders besides seeds/ (repeatable)")
    args = parser.parse_args(argv)
    EXTRA_INPUTS.extend(args.extra)
    if not (args.store / "CURRENT").is_file():
        build_store(args.store, args.copies)
    report: dict[str, object] = {"clients": args.clients, "cpus": os.cpu_count()}
    # Response cache off: every request is computed; on: repeated requests are served
    # from the per-generation cache (SPARQL is never cached).
    for label, cache in (("response cache off", "0"), ("response cache on", "256")):
        server, base = serve(args.store, KG_API_CACHE=cache)
        try:
            report["store"] = httpx.get(base + "/health", timeout=60).json()["store"]
            results = report.setdefault("results", {})
            for name, (path, params) in SCENARIOS.items():
                if cache != "0" and path == "/sparql":
                    continue
                for _ in range(3):  # warm caches and workers
                    httpx.get(base + path, params=params, timeout=60).raise_for_status()
                results[f"{name} [{label}]"] = asyncio.run(  # type: ignore[index]
                    run_scenario(base, path, params, args.clients, args.requests)
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
