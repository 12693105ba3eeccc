"""`python -m bench` (`make bench`): every benchmark, each against a baseline run here.

    python -m bench                    extraction, build, query + memory, analytics
    python -m bench --quick            the same on a smaller corpus and store (a few minutes)
    python -m bench --only build,query run some of them (query reuses the last built store)
    python -m bench --extra DIR        add more articles (e.g. a dev set) to the corpus
    python -m bench analytics [...]    bench/analytics_bench.py with its own options
    python -m bench api-latency [...]  bench/api_latency.py with its own options
    python -m bench graph-page [...]   bench/graph_page.py: the graph page in Chromium
    python -m bench build-parallel [...]  kg build --jobs 2 vs 1, Dask vs --jobs 2 (repeated)

A table goes to stdout; the numbers, the machine and the notes to
bench/results/bench-<time>.json (and latest.json). Loopback only; every load is bounded
in requests and seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.common import EXTRA_INPUTS, Report, machine, say

SUITES = ("extraction", "build", "query", "analytics", "build-parallel")


def _analytics(report: Report, quick: bool) -> None:
    from bench import analytics_bench

    actors, edges = (2_000, 20_000) if quick else (10_000, 100_000)
    say(f"analytics: synthetic graph, {actors:,} actors, {edges:,} relations")
    times = analytics_bench.main(["--actors", str(actors), "--edges", str(edges)])
    report.data["analytics"] = {"actors": actors, "edges": edges, "seconds": times}
    section = f"analytics ({actors // 1000}k actors, {edges // 1000}k relations)"
    for step in ("graph_from_relations", "pagerank", "louvain communities",
                 "balance (+ triangle census)", "compute_metrics (all)"):
        if step in times:
            report.row(section, step, f"{times[step]:.2f} s")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("analytics", "api-latency", "graph-page", "build-parallel"):
        sys.argv[0] = f"python -m bench {argv[0]}"  # the usage line names the real command
    if argv and argv[0] == "analytics":
        from bench import analytics_bench

        analytics_bench.main(argv[1:])
        return 0
    if argv and argv[0] == "graph-page":
        from bench import graph_page

        graph_page.main(argv[1:])
        return 0
    if argv and argv[0] == "build-parallel":
        from bench import build_parallel

        build_parallel.main(argv[1:])
        return 0
    if argv and argv[0] == "api-latency":
        from bench import api_latency

        api_latency.main(argv[1:])
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller corpus and store")
    parser.add_argument("--extra", type=Path, action="append", default=[], metavar="PATH",
                        help="more input files or folders besides seeds/ (repeatable)")
    parser.add_argument("--only", default=",".join(SUITES),
                        help=f"comma-separated subset of {', '.join(SUITES)}")
    args = parser.parse_args(argv)
    EXTRA_INPUTS.extend(args.extra)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SUITES))
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {SUITES}")
    report = Report("quick" if args.quick else "full")
    info = machine()
    say(f"machine: {info['cpu']}, {info['cpus']} CPUs, {info['memory_gb']} GB, "
        f"{info['os']}, Python {info['python']}")
    started = time.perf_counter()
    built = None
    if "extraction" in chosen:
        from bench import extraction

        extraction.run(report, args.quick)
    if "build" in chosen:
        from bench import build

        built = build.run(report, args.quick)
    if "query" in chosen:
        from bench import build, query

        wanted = 100_000 if args.quick else 1_000_000
        built = built or build.ensure_store(wanted) or build.run(report, args.quick)
        query.run(report, args.quick, built)
    if "analytics" in chosen:
        _analytics(report, args.quick)
    if "build-parallel" in chosen:
        from bench import build_parallel

        build_parallel.run(report, args.quick)
    elapsed = time.perf_counter() - started
    report.data["seconds"] = elapsed
    say("")
    say(f"kg benchmarks ({report.mode}), {info['cpu']}, {info['cpus']} CPUs, "
        f"{elapsed / 60:.1f} min")
    say(report.table())
    for table in report.extra:
        say("")
        say(table)
    if report.notes:
        say("")
        for note in report.notes:
            say(f"note: {note}")
    path = report.save()
    say(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
