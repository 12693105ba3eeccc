"""Query latency and server memory on the store the build benchmark wrote (>= 1M triples).

The API (uvicorn subprocess, response cache off, default settings otherwise) answers
`GET /sparql` with a GROUP BY and `GET /relations?subject=Russia` under 1, 8 and 32
concurrent clients; the load comes from a separate process (`bench.load`), loopback only,
bounded in requests and seconds. Baselines (`bench.inproc`, each in a child process that
is stopped at a time limit): the same SPARQL run in process on pyoxigraph over the same
directory, and on rdflib's in-memory Dataset loaded from the N-Quads export, from as many
threads. For /relations the baseline runs its main query (every matching mention) — the
endpoint also fetches the evidence of the mentions it shows and builds JSON. Memory: peak
RSS (VmHWM) of the server process, and of its SPARQL worker processes, after the load.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from typing import Any

import httpx

from bench.api_latency import GROUP_BY, serve
from bench.build import BuiltStore
from bench.common import ROOT, Report, child_pids, fmt_ms, proc_memory, say

CLIENTS = (1, 8, 32)
_MENTION = ("?m kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:negated ?neg ; "
            "kg:confidence ?c ; prov:wasDerivedFrom ?d ; kg:sentenceStart ?start .")
# The main query of GET /relations?subject=Russia (api/reader.py, find_relations).
RELATIONS = (
    "SELECT (CONCAT(STR(?s), ' ', STR(?p), ' ', STR(?o), ' ', STR(?neg), ' ', STR(?c), ' ', "
    "STR(?start), ' ', STR(?d), ' ', STR(?m)) AS ?row) WHERE { VALUES ?s { actor:russia } "
    f"GRAPH ?g {{ {_MENTION} }} }}"
)
SCENARIOS: dict[str, tuple[str, dict[str, str], str]] = {
    # name: (API path, params, the baseline's SPARQL)
    "/sparql GROUP BY": ("/sparql", {"query": GROUP_BY}, GROUP_BY),
    "/relations?subject=Russia": ("/relations", {"subject": "Russia"}, RELATIONS),
}


def _limits(quick: bool) -> dict[str, Any]:
    return {"requests": 200 if quick else 1000, "seconds": 5.0 if quick else 20.0,
            "max_cell_seconds": 30.0 if quick else 120.0,
            "child_seconds": 300.0 if quick else 1200.0}


def baseline(system: str, store: BuiltStore, limits: dict[str, Any]) -> dict[str, Any]:
    """Run `bench.inproc` for one system; returns its events (partial if it was stopped)."""
    from kg.store.namespaces import sparql_prefixes

    plan = {"scenarios": {name: sparql_prefixes() + q for name, (_, _, q) in SCENARIOS.items()},
            "clients": list(CLIENTS), "requests": limits["requests"],
            "seconds": limits["seconds"], "max_cell_seconds": limits["max_cell_seconds"]}
    cmd = [sys.executable, "-m", "bench.inproc", "--system", system, "--store",
           str(store.path), "--nquads", str(store.nquads), "--plan", json.dumps(plan)]
    say(f"  {system}: in process, child {' '.join(cmd[1:5])}")
    out: dict[str, Any] = {"cells": {}, "skipped": {}}
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + limits["child_seconds"]
    assert child.stdout is not None
    try:
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(child.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not sel.select(timeout=1.0):
                if child.poll() is not None:
                    break
                continue
            line = child.stdout.readline()
            if not line:
                break
            event = json.loads(line)
            kind = event.pop("event")
            if kind == "loaded":
                out["load_seconds"] = event["seconds"]
                say(f"    loaded in {event['seconds']:.1f} s, RSS {event.get('VmRSS', 0):,.0f} MB")
            elif kind == "probe":
                say(f"    {event['scenario']}: one warm query {event['seconds']:.3f} s, "
                    f"{event['rows']} rows")
                out.setdefault("probes", {})[event["scenario"]] = event
            elif kind == "cell":
                out["cells"][(event["scenario"], event["clients"])] = event
                say(f"    {event['scenario']} x{event['clients']}: p50 "
                    f"{fmt_ms(event['p50_ms'])}, p99 {fmt_ms(event['p99_ms'])}, "
                    f"{event['requests']} queries")
            elif kind == "skip":
                out["skipped"][(event["scenario"], event["clients"])] = event["reason"]
                say(f"    {event['scenario']} x{event['clients']}: skipped, {event['reason']}")
            elif kind == "done":
                out["peak_rss_mb"] = event.get("VmHWM")
        else:
            out["stopped"] = f"stopped at the {limits['child_seconds']:g} s limit"
            say(f"    {out['stopped']}")
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    return out


def _load(base: str, path: str, params: dict[str, str], clients: int,
          limits: dict[str, Any]) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.load", "--base", base, "--path", path, "--params",
           json.dumps(params), "--clients", str(clients), "--requests",
           str(limits["requests"]), "--seconds", str(limits["seconds"])]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True,
                          timeout=limits["seconds"] + 900)
    return json.loads(done.stdout)


def api(store: BuiltStore, limits: dict[str, Any], cache: bool) -> dict[str, Any]:
    label = "cache on" if cache else "cache off"
    env = {"KG_API_CACHE": "256" if cache else "0"}
    start = time.perf_counter()
    server, base = serve(store.path, **env)
    out: dict[str, Any] = {"cells": {}, "startup_seconds": time.perf_counter() - start}
    try:
        out["health"] = httpx.get(base + "/health", timeout=60).json()
        out["rss_after_start_mb"] = proc_memory(server.pid).get("VmRSS")
        say(f"  API ({label}) on {base}: up in {out['startup_seconds']:.1f} s, RSS "
            f"{out['rss_after_start_mb'] or 0:,.0f} MB, {out['health']['store']['triples']:,} "
            "triples")
        for name, (path, params, _) in SCENARIOS.items():
            if cache and path == "/sparql":
                continue  # SPARQL responses are never cached
            for _ in range(3):  # warm the workers and the actor directory
                httpx.get(base + path, params=params, timeout=300).raise_for_status()
            for clients in CLIENTS:
                result = _load(base, path, params, clients, limits)
                out["cells"][(name, clients)] = result
                say(f"    {name} x{clients}: p50 {fmt_ms(result['p50_ms'])}, p99 "
                    f"{fmt_ms(result['p99_ms'])}, {result['ok']} ok, {result['errors']} "
                    f"errors {result['statuses'] if result['errors'] else ''}")
        workers = child_pids(server.pid)
        out["peak_rss_mb"] = proc_memory(server.pid).get("VmHWM")
        out["workers_peak_rss_mb"] = [proc_memory(p).get("VmHWM", 0.0) for p in workers]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return out


def run(report: Report, quick: bool, store: BuiltStore) -> None:
    limits = _limits(quick)
    say(f"query: {store.triples:,} distinct triples ({store.quads:,} quads, "
        f"{store.documents:,} documents); cells of <= {limits['requests']} requests, "
        f"<= {limits['seconds']:g} s")
    results: dict[str, Any] = {
        "oxigraph": baseline("oxigraph", store, limits),
        "rdflib": baseline("rdflib", store, limits),
        "api": api(store, limits, cache=False),
        "api_cached": api(store, limits, cache=True),
    }
    _report(report, store, results)
    report.data["query"] = {
        "limits": limits, "triples": store.triples, "quads": store.quads,
        "documents": store.documents,
        **{system: {k: ({f"{s} x{c}": v for (s, c), v in val.items()}
                        if k in ("cells", "skipped") else val) for k, val in res.items()}
           for system, res in results.items()},
    }


def _cell(res: dict[str, Any], name: str, clients: int) -> dict[str, Any] | None:
    return res.get("cells", {}).get((name, clients))


def _p(cell: dict[str, Any] | None, key: str) -> float:
    return math.nan if cell is None else float(cell[key])


def _why_missing(res: dict[str, Any], name: str, clients: int) -> str:
    reason = res.get("skipped", {}).get((name, clients))
    if reason:
        return "skipped"
    return "not run (time limit)" if res.get("stopped") else "-"


def _report(report: Report, store: BuiltStore, results: dict[str, Any]) -> None:
    ox, rdf, api_res, cached = (results[k] for k in ("oxigraph", "rdflib", "api", "api_cached"))
    section = f"query ({store.triples / 1e6:.2f}M triples)"
    lines = [("scenario", "clients", "API p50", "API p99", "API req/s", "errors",
              "pyoxigraph p50", "p99", "rdflib p50", "p99", "API/ox p50", "API/rdflib p50")]
    for name in SCENARIOS:
        for clients in CLIENTS:
            a, o, r = (_cell(x, name, clients) for x in (api_res, ox, rdf))
            lines.append((name, str(clients), fmt_ms(_p(a, "p50_ms")), fmt_ms(_p(a, "p99_ms")),
                          f"{_p(a, 'rps'):.1f}", str(a["errors"]) if a else "-",
                          fmt_ms(_p(o, "p50_ms")) if o else _why_missing(ox, name, clients),
                          fmt_ms(_p(o, "p99_ms")),
                          fmt_ms(_p(r, "p50_ms")) if r else _why_missing(rdf, name, clients),
                          fmt_ms(_p(r, "p99_ms")),
                          _ratio(_p(a, "p50_ms"), _p(o, "p50_ms")),
                          _ratio(_p(a, "p50_ms"), _p(r, "p50_ms"))))
            ratio = _p(a, "p50_ms") / _p(o, "p50_ms") if a and o else None
            report.row(section, f"{name} x{clients} p50/p99",
                       f"{fmt_ms(_p(a, 'p50_ms'))} / {fmt_ms(_p(a, 'p99_ms'))}"
                       + (f" ({a['errors']} err)" if a and a["errors"] else ""),
                       f"ox {fmt_ms(_p(o, 'p50_ms'))}; rdflib "
                       + (fmt_ms(_p(r, "p50_ms")) if r else _why_missing(rdf, name, clients)),
                       ratio)
    for clients in CLIENTS:
        c = _cell(cached, "/relations?subject=Russia", clients)
        lines.append(("/relations (cache on)", str(clients), fmt_ms(_p(c, "p50_ms")),
                      fmt_ms(_p(c, "p99_ms")), f"{_p(c, 'rps'):.1f}",
                      str(c["errors"]) if c else "-", "", "", "", "", "", ""))
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    table = "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True))
                      .rstrip() for line in lines)
    report.extra.append(f"query latency, {store.triples:,} triples:\n{table}")
    for system, res in (("rdflib", rdf), ("pyoxigraph", ox)):
        for (name, clients), reason in res.get("skipped", {}).items():
            report.note(f"{system} {name} x{clients} skipped: {reason}")
        if res.get("stopped"):
            report.note(f"{system}: {res['stopped']}")

    peak = api_res.get("peak_rss_mb") or math.nan
    workers = api_res.get("workers_peak_rss_mb") or []
    report.row(f"memory ({store.triples / 1e6:.2f}M triples)", "server peak RSS",
               f"{peak:,.0f} MB (+{sum(workers):,.0f} MB in {len(workers)} query workers)",
               f"rdflib in-memory {rdf.get('peak_rss_mb') or math.nan:,.0f} MB; pyoxigraph "
               f"in-process {ox.get('peak_rss_mb') or math.nan:,.0f} MB")


def _ratio(a: float, b: float) -> str:
    return "-" if math.isnan(a) or math.isnan(b) or not b else f"{a / b:.2f}"
