"""HTTP load from its own process: `clients` concurrent connections to a loopback server.

    python -m bench.load --base http://127.0.0.1:PORT --path /sparql --params JSON \
        --clients 8 --requests 400 --seconds 20

Bounded in count and time: at most `--requests` requests, and none started after
`--seconds` (each client still makes one). Prints one JSON object: latency percentiles
(ms) of the 200 responses, the status counts, throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench.common import quantile


async def load(base: str, path: str, params: dict[str, str], clients: int, requests: int,
               seconds: float, timeout: float) -> dict[str, Any]:
    host = urlsplit(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load {host}: loopback only")
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    issued = 0
    deadline = time.monotonic() + seconds

    async def client() -> None:
        nonlocal issued
        async with httpx.AsyncClient(base_url=base, timeout=timeout) as c:
            while issued < requests and (issued < clients or time.monotonic() < deadline):
                issued += 1
                start = time.perf_counter()
                try:
                    response = await c.get(path, params=params)
                    await response.aread()
                    statuses[str(response.status_code)] += 1
                    if response.status_code == 200:
                        latencies.append((time.perf_counter() - start) * 1000)
                except httpx.HTTPError as e:
                    statuses[type(e).__name__] += 1

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - start
    return {"clients": clients, "requests": sum(statuses.values()),
            "ok": len(latencies), "errors": sum(statuses.values()) - len(latencies),
            "statuses": dict(statuses), "p50_ms": quantile(latencies, 0.5),
            "p99_ms": quantile(latencies, 0.99), "max_ms": max(latencies, default=float("nan")),
            "rps": len(latencies) / wall if wall else 0.0, "wall_s": wall}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--params", default="{}")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    result = asyncio.run(load(args.base, args.path, json.loads(args.params), args.clients,
                              args.requests, args.seconds, args.timeout))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
