"""The in-process baselines of the query benchmark, run as a child process (so it can be
stopped at a time limit): the same SPARQL on pyoxigraph directly, or on rdflib's in-memory
Dataset loaded from the N-Quads export, from 1, 8, 32 threads.

    python -m bench.inproc --system oxigraph|rdflib --store DIR --nquads FILE --plan JSON

Prints one JSON object per line: `loaded`, then per scenario a `probe` (one warm query) and
per concurrency a `cell` (latencies) or a `skip` (with the reason).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from bench.common import proc_memory, quantile


def emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def oxigraph_runner(store_dir: str, _nquads: str) -> Callable[[str], int]:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_dir)

    def run(sparql: str) -> int:
        rows = [tuple(str(t) if t is not None else None for t in solution)
                for solution in store.query(sparql, use_default_graph_as_union=True)]
        return len(rows)

    return run


def rdflib_runner(_store_dir: str, nquads: str) -> Callable[[str], int]:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")

    def run(sparql: str) -> int:
        rows = [tuple(str(t) if t is not None else None for t in row)
                for row in dataset.query(sparql)]  # type: ignore[union-attr]
        return len(rows)

    return run


RUNNERS = {"oxigraph": oxigraph_runner, "rdflib": rdflib_runner}


def cell(run: Callable[[str], int], sparql: str, clients: int, requests: int,
         seconds: float) -> dict[str, Any]:
    """`clients` threads share at most `requests` queries, starting none after `seconds`."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + seconds

    def client() -> None:
        nonlocal issued
        while True:
            with lock:
                if issued >= requests or (issued >= clients and time.monotonic() > deadline):
                    return
                issued += 1
            start = time.perf_counter()
            try:
                run(sparql)
            except Exception as e:  # reported, not raised: the cell goes on
                with lock:
                    errors.append(repr(e)[:200])
                continue
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return {"clients": clients, "requests": len(latencies), "errors": len(errors),
            "error_sample": errors[:3], "p50_ms": quantile(latencies, 0.5),
            "p99_ms": quantile(latencies, 0.99), "max_ms": max(latencies, default=float("nan")),
            "rps": len(latencies) / wall if wall else 0.0, "wall_s": wall}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--system", choices=sorted(RUNNERS), required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--nquads", required=True)
    parser.add_argument("--plan", required=True, help="JSON: scenarios, clients, requests, "
                        "seconds, max_cell_seconds")
    args = parser.parse_args(argv)
    plan = json.loads(args.plan)
    start = time.perf_counter()
    run = RUNNERS[args.system](args.store, args.nquads)
    emit(event="loaded", seconds=time.perf_counter() - start, **proc_memory(os.getpid()))
    for name, sparql in plan["scenarios"].items():
        start = time.perf_counter()
        rows = run(sparql)
        probe = time.perf_counter() - start
        emit(event="probe", scenario=name, seconds=probe, rows=rows)
        for clients in plan["clients"]:
            estimate = probe * clients
            if clients > 1 and estimate > plan["max_cell_seconds"]:
                emit(event="skip", scenario=name, clients=clients,
                     reason=f"one query takes {probe:.1f} s; {clients} concurrent would take "
                            f"~{estimate:.0f} s, over the {plan['max_cell_seconds']:g} s cap")
                continue
            if clients == 1 and probe > plan["seconds"]:
                # too slow to repeat within the budget: the warm probe is the one sample
                emit(event="cell", scenario=name, clients=1, requests=1, errors=0,
                     error_sample=[], p50_ms=probe * 1000, p99_ms=probe * 1000,
                     max_ms=probe * 1000, rps=1 / probe, wall_s=probe, probe_only=True)
                continue
            result = cell(run, sparql, clients, plan["requests"], plan["seconds"])
            emit(event="cell", scenario=name, **result)
    emit(event="done", **proc_memory(os.getpid()))


if __name__ == "__main__":
    sys.exit(main())
