"""Shared pieces of the benchmarks: the corpus, timing, the machine, the report."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "putin-beijing-nato.txt"
CORPUS = ROOT / "seeds" / "wikinews.jsonl"
# More input (files or folders, e.g. a dev set) named with `--extra PATH`; none by default,
# so every benchmark runs from the repository alone.
EXTRA_INPUTS: list[Path] = []
RESULTS_DIR = ROOT / "bench" / "results"


# ------------------------------------------------------------------ corpus


def source_articles() -> list[Any]:
    """The seed, the example corpus and any `--extra` inputs (the texts benchmarks replicate)."""
    from kg.ingest import IngestError, iter_inputs

    articles = list(iter_inputs([SEED, CORPUS, *EXTRA_INPUTS]))
    errors = [str(a) for a in articles if isinstance(a, IngestError)]
    if errors:
        raise SystemExit("bench: unreadable input: " + "; ".join(errors))
    return articles


def replicate_articles(articles: list[Any], n_docs: int) -> list[Any]:
    """Whole copies of `articles` with distinct ids (`<id>-0007`), at least `n_docs` of them."""
    copies = max(1, math.ceil(n_docs / len(articles)))
    return [dataclasses.replace(a, id=f"{a.id}-{k:04d}") for k in range(copies) for a in articles]


def replicate_extractions(extractions: list[Any], copies: int) -> Iterator[Any]:
    """Each extraction stored `copies` times under distinct document ids (no re-parsing)."""
    for k in range(copies):
        for ex in extractions:
            doc_id = f"{ex.article.article.id}-{k:04d}"
            article = dataclasses.replace(ex.article.article, id=doc_id,
                                          published=f"{2000 + k % 25}-01-{1 + k % 28:02d}")
            parsed = dataclasses.replace(ex.article, article=article)
            mentions = [dataclasses.replace(m, doc=doc_id) for m in ex.mentions]
            yield dataclasses.replace(ex, article=parsed, mentions=mentions)


def write_jsonl(articles: Iterable[Any], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}) + "\n")
    return path


# ------------------------------------------------------------------ timing


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def quantile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def proc_memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of a process, in MB (Linux /proc)."""
    out: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return out


def child_pids(pid: int) -> list[int]:
    """Every descendant of `pid` (Linux /proc)."""
    found: list[int] = []
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        try:
            tasks = Path(f"/proc/{parent}/task").iterdir()
            kids = [int(k) for t in tasks
                    for k in (t / "children").read_text().split()]
        except OSError:
            kids = []
        found.extend(kids)
        frontier.extend(kids)
    return found


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = math.nan
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for name in ("spacy", "pyoxigraph", "rdflib", "fastapi", "uvicorn", "networkx"):
        try:
            module = __import__(name)
            versions[name] = getattr(module, "__version__", "?")
        except ImportError:
            versions[name] = None
    return {"cpu": cpu, "cpus": os.cpu_count(), "memory_gb": mem_gb,
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "versions": versions}


# ------------------------------------------------------------------ report


@dataclass
class Row:
    section: str
    measure: str
    ours: str
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None


@dataclass
class Report:
    """Rows for the table, raw numbers for the JSON file."""

    mode: str
    rows: list[Row] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # further tables, printed after the main one

    def row(self, section: str, measure: str, ours: str, baseline: str = "",
            ratio: float | None = None, target: str = "", ok: bool | None = None) -> None:
        self.rows.append(Row(section, measure, ours, baseline, ratio, target, ok))

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)

    def table(self) -> str:
        head = ("benchmark", "measure", "kg", "baseline", "ratio", "target")
        lines = [head]
        for r in self.rows:
            ratio = "" if r.ratio is None or math.isnan(r.ratio) else f"{r.ratio:.2f}"
            target = r.target + ("" if r.ok is None else (" ok" if r.ok else " MISSED"))
            lines.append((r.section, r.measure, r.ours, r.baseline, ratio, target))
        widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
        out = []
        for n, line in enumerate(lines):
            out.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True))
                       .rstrip())
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out)

    def save(self, directory: Path = RESULTS_DIR) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = directory / f"bench-{stamp}.json"
        body = {"when": stamp, "mode": self.mode, "machine": machine(),
                "rows": [dataclasses.asdict(r) for r in self.rows], "tables": self.extra,
                "notes": self.notes,
                "results": self.data}
        path.write_text(json.dumps(_clean(body), indent=2, default=str) + "\n")
        (directory / "latest.json").write_text(path.read_text())
        return path


def _clean(value: Any) -> Any:
    """NaN → null (strict JSON), recursively."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def say(text: str) -> None:
    print(text, file=sys.stdout, flush=True)


def fmt_rate(value: float, unit: str) -> str:
    if value >= 10_000:
        return f"{value / 1000:,.1f}k {unit}"
    return f"{value:,.1f} {unit}"


def fmt_ms(value: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:,.1f} ms" if value < 10_000 else f"{value / 1000:,.1f} s"
