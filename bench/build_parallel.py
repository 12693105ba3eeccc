"""Build in parallel: `kg build --jobs 2` vs `--jobs 1`, and Dask vs `--jobs 2`, same run.

The seed and the dev set, replicated under distinct ids to >= 500 documents, written as one
JSONL file; each variant is the real command (`kg build FILE --nlp spacy`) into a fresh
store, timed end to end (worker start and model load included), repeated with the order
of the variants rotated so a burst of load from elsewhere does not fall on one variant.
Also measured, in this process on one core: the cost per 1,000 articles of each stage
(parse, extraction, RDF mapping, store write) that docs/scale.md extrapolates from.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    RESULTS_DIR,
    Report,
    median,
    replicate_articles,
    say,
    source_articles,
    write_jsonl,
)

WORK = RESULTS_DIR / "work" / "build-parallel"
VARIANTS: dict[str, list[str]] = {
    "jobs1": ["--jobs", "1"],
    "jobs2": ["--jobs", "2"],
    "dask2": ["--executor", "dask-local", "--jobs", "2"],
}
SPEEDUP_TARGET = 1.7
DASK_TOLERANCE = 0.15
_KG = str(Path(sys.executable).parent / "kg")


def build_once(source: Path, variant: str) -> dict[str, Any]:
    """One `kg build` into a fresh store: wall seconds and the workers' peak memory."""
    store = WORK / f"store-{variant}"
    shutil.rmtree(store, ignore_errors=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1709294400")
    env.pop("KG_JOBS", None)
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([_KG, "build", str(source), "--nlp", "spacy", "--store", str(store),
                           *VARIANTS[variant]], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"kg build {variant} failed: {done.stderr[-2000:]}")
    memory = re.search(r"peak memory per worker: ([\d, ]+) MiB", done.stderr)
    built = re.search(r"built (\d+) documents", done.stderr)
    return {"seconds": seconds, "cpu_seconds": cpu,
            "documents": int(built.group(1)) if built else 0,
            "worker_mib": [int(x) for x in memory.group(1).split(", ")] if memory else []}


def stage_costs(articles: list[Any]) -> dict[str, float]:
    """CPU seconds per 1,000 articles of each stage, in this process (one core at a time).

    CPU time, not wall time: on a shared machine the wall clock also counts the time other
    processes held the core. The store write counts its writer and RocksDB threads too.
    """
    from kg.nlp import load_backend
    from kg.relations.extract import extract_relations
    from kg.store import open_store
    from kg.store.rdf import document_graph

    backend = load_backend("spacy", announce=False)
    list(backend.parse(articles[:2]))  # warm-up: lazy loads inside spaCy
    store_dir = WORK / "store-stages"
    shutil.rmtree(store_dir, ignore_errors=True)
    clock = time.process_time
    with open_store(store_dir) as store:
        store.write_graphs([])  # the ontology graph: a one-off, not per article
        t0 = clock()
        parsed = list(backend.parse(articles))
        t1 = clock()
        extractions = [extract_relations(p) for p in parsed]
        t2 = clock()
        graphs = [document_graph(e) for e in extractions]
        t3 = clock()
        store.write_graphs(graphs)
        t4 = clock()
    per = 1000 / len(articles)
    triples = sum(len(g.triples) for g in graphs)
    return {"parse": (t1 - t0) * per, "extraction": (t2 - t1) * per,
            "rdf_mapping": (t3 - t2) * per, "store_write": (t4 - t3) * per,
            "triples_per_article": triples / len(articles),
            "chars_per_article": sum(len(a.text) for a in articles) / len(articles)}


def run(report: Report, quick: bool, docs: int | None = None, repeats: int | None = None
        ) -> dict[str, Any]:
    docs = docs or (120 if quick else 504)
    repeats = repeats or (1 if quick else 2)
    WORK.mkdir(parents=True, exist_ok=True)
    articles = replicate_articles(source_articles(), docs)[:docs]
    source = write_jsonl(articles, WORK / "articles.jsonl")
    say(f"build-parallel: {len(articles)} documents, {repeats} round(s) of "
        f"{', '.join(VARIANTS)} (order rotated)")
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in VARIANTS}
    names = list(VARIANTS)
    for r in range(repeats):
        for variant in names[r % 3:] + names[: r % 3]:
            result = build_once(source, variant)
            runs[variant].append(result)
            say(f"  round {r + 1} {variant}: {result['seconds']:.1f} s "
                f"({result['cpu_seconds']:.0f} s CPU), "
                f"worker memory {result['worker_mib']} MiB")
    say("build-parallel: stage costs on one core")
    stages = stage_costs(articles[: min(len(articles), 90)])
    _report(report, runs, stages, len(articles))
    return {"runs": runs, "stages": stages}


def _report(report: Report, runs: dict[str, list[dict[str, Any]]], stages: dict[str, float],
            docs: int) -> None:
    t = {v: median([r["seconds"] for r in rs]) for v, rs in runs.items()}
    report.data["build_parallel"] = {"documents": docs, "runs": runs, "median_seconds": t,
                                     "stage_seconds_per_1000": stages}
    section = f"build-parallel ({docs} docs)"
    speedup = t["jobs1"] / t["jobs2"]
    report.row(section, "kg build --jobs 2 vs --jobs 1", f"{t['jobs2']:.1f} s",
               f"{t['jobs1']:.1f} s", speedup, f">= {SPEEDUP_TARGET}x",
               speedup >= SPEEDUP_TARGET)
    gap = t["dask2"] / t["jobs2"] - 1
    report.row(section, "Dask LocalCluster 2 workers vs --jobs 2", f"{t['dask2']:.1f} s",
               f"{t['jobs2']:.1f} s", t["dask2"] / t["jobs2"],
               f"within {DASK_TOLERANCE:.0%}", abs(gap) <= DASK_TOLERANCE)
    for stage in ("parse", "extraction", "rdf_mapping", "store_write"):
        report.row("build stages (1 core, CPU time)", f"{stage} per 1,000 articles",
                   f"{stages[stage]:.1f} s")
    cpu = {v: median([r["cpu_seconds"] for r in rs]) for v, rs in runs.items()}
    report.note("build-parallel: CPU seconds of the whole command (median): "
                + ", ".join(f"{v} {c:.0f} s" for v, c in cpu.items())
                + "; a wall-time speed-up needs the second core to be free")
    memory = sorted({m for r in runs["jobs2"] for m in r["worker_mib"]})
    report.note(f"build-parallel: peak memory per --jobs 2 worker {memory} MiB; times are "
                "whole commands (worker start and model load included), medians of the rounds")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench build-parallel",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=504, help="documents (>= 500 for the target)")
    parser.add_argument("--repeats", type=int, default=2, help="rounds of the three variants")
    args = parser.parse_args(argv)
    report = Report("build-parallel")
    run(report, False, args.docs, args.repeats)
    say(report.table())
    for note in report.notes:
        say(f"note: {note}")
    say(f"\nresults: {report.save()}")
