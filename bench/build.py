"""Build: how fast `kg build` writes documents into the Oxigraph store.

The seed and the example corpus (and any `--extra` inputs) are extracted once; the
extractions are replicated under distinct document ids until the store holds the wanted
number of distinct triples (1M by default).
Timed: `KGStore.write_documents` into a fresh store directory, in batches of
`kg build`'s default size (RDF mapping, N-Quads text, one atomic write per batch). The
parse is not in this number: the extraction benchmark measures it. Baseline: the same
quads, exported as N-Quads, bulk-loaded by pyoxigraph (`Store.bulk_load`) into a fresh
directory. The store and the N-Quads file stay under bench/results/ for the query benchmark.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import (
    RESULTS_DIR,
    Report,
    fmt_rate,
    replicate_extractions,
    say,
    source_articles,
    timed,
)
from kg.store.base import DEFAULT_BATCH as BATCH  # kg build's default --batch-size

TARGET = 2.0
WORK = RESULTS_DIR / "work"


@dataclass
class BuiltStore:
    path: Path
    nquads: Path
    documents: int
    triples: int
    quads: int


def _extractions() -> list[Any]:
    from kg.nlp import load_backend
    from kg.pipeline import extract_articles

    return list(extract_articles(source_articles(), load_backend("spacy", announce=False)))


def _copies_for(extractions: list[Any], triples: int) -> int:
    """Replicas needed for `triples` distinct triples (measured on two replicas)."""
    from kg.store import open_store

    with open_store(":memory:") as store:
        store.write_documents(replicate_extractions(extractions, 1))
        one = store.stats().triples
        store.write_documents(list(replicate_extractions(extractions, 2))[len(extractions):])
        per_copy = store.stats().triples - one  # shared triples (actors) counted once
    return max(1, math.ceil((triples - one) / per_copy) + 1)


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def ensure_store(triples: int) -> BuiltStore | None:
    """The store left by an earlier build run with at least `triples`, if any."""
    marker = WORK / "store.json"
    if not marker.is_file():
        return None
    info = json.loads(marker.read_text())
    if info["triples"] < triples or not Path(info["nquads"]).is_file():
        return None
    return BuiltStore(Path(info["path"]), Path(info["nquads"]), info["documents"],
                      info["triples"], info["quads"])


def run(report: Report, quick: bool) -> BuiltStore:
    import pyoxigraph as ox

    from kg.store import open_store

    wanted = 100_000 if quick else 1_000_000
    say(f"build: extracting the seed and corpus once, replicating to >= {wanted:,} triples")
    extractions = _extractions()
    copies = _copies_for(extractions, wanted)
    docs = list(replicate_extractions(extractions, copies))
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "store.json").unlink(missing_ok=True)
    target = WORK / "kg"
    shutil.rmtree(target, ignore_errors=True)
    say(f"  writing {len(docs):,} documents (batches of {BATCH}) into {target}")

    writer = open_store(target)
    # kg build's store stage: write every document, then close (which flushes).
    write_s, _ = timed(lambda: (writer.write_documents(iter(docs), batch_size=BATCH),
                                writer.close()))
    nquads = WORK / "kg.nq"
    with open_store(target) as store:
        stats = store.stats()
        export_s, _ = timed(lambda: store.export("nq", nquads))
    say(f"  kg write_documents {write_s:8.2f} s  ({stats.documents:,} documents, "
        f"{stats.quads:,} quads, {stats.triples:,} distinct triples)")
    say(f"  export N-Quads     {export_s:8.2f} s  ({nquads.stat().st_size / 1e6:.0f} MB)")

    bulk_dir = WORK / "bulk"
    shutil.rmtree(bulk_dir, ignore_errors=True)
    bulk = ox.Store(str(bulk_dir))
    start = time.perf_counter()
    bulk.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    bulk.flush()
    bulk_s = time.perf_counter() - start
    loaded = len(bulk)
    del bulk
    shutil.rmtree(bulk_dir, ignore_errors=True)
    say(f"  pyoxigraph bulk_load {bulk_s:6.2f} s  ({loaded:,} quads)")
    if loaded != stats.quads:
        report.note(f"bulk load holds {loaded} quads, the store {stats.quads}")

    ratio = write_s / bulk_s
    section = f"build ({stats.documents:,} docs, {stats.triples / 1e6:.2f}M triples)"
    report.row(section, "documents/s", fmt_rate(stats.documents / write_s, "docs/s"),
               fmt_rate(stats.documents / bulk_s, "docs/s") + " bulk_load")
    report.row(section, "quads/s (time ratio)", fmt_rate(stats.quads / write_s, "quads/s"),
               fmt_rate(stats.quads / bulk_s, "quads/s") + " bulk_load", ratio,
               f"<= {TARGET:g}", ratio <= TARGET)
    report.row(section, "store on disk", f"{_dir_size(target) / 1e6:,.0f} MB",
               f"{nquads.stat().st_size / 1e6:,.0f} MB N-Quads")
    report.data["build"] = {
        "documents": stats.documents, "quads": stats.quads, "triples": stats.triples,
        "mentions": stats.mentions, "batch_size": BATCH, "write_seconds": write_s,
        "bulk_load_seconds": bulk_s, "export_seconds": export_s, "ratio": ratio,
        "docs_per_s": stats.documents / write_s, "quads_per_s": stats.quads / write_s,
        "bulk_quads_per_s": stats.quads / bulk_s, "store_bytes": _dir_size(target),
    }
    built = BuiltStore(target, nquads, stats.documents, stats.triples, stats.quads)
    (WORK / "store.json").write_text(json.dumps(
        {"path": str(target), "nquads": str(nquads), "documents": built.documents,
         "triples": built.triples, "quads": built.quads}))
    return built
