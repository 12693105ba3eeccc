"""Small build inputs for the parallel-build tests: the seed article cut into pieces of a few
lines, repeated under new ids (nothing outside the repository, no download)."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pyoxigraph as ox

from kg.model import Article
from kg.store.namespaces import GRAPH

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "putin-beijing-nato.txt"
EPOCH = "1709294400"  # SOURCE_DATE_EPOCH: the same ingestion time in every build


def pieces(lines_per_doc: int = 3) -> list[str]:
    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return ["\n".join(lines[i:i + lines_per_doc]) for i in range(0, len(lines), lines_per_doc)]


def articles(n: int) -> list[Article]:
    texts = pieces()
    return [Article(id=f"doc-{i:03d}", text=texts[i % len(texts)]) for i in range(n)]


def write_txt(directory: Path, n: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for a in articles(n):
        (directory / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
    return directory


def write_jsonl(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n"
                            for a in articles(n)), encoding="utf-8")
    return path


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, **extra)
    env.pop("KG_JOBS", None)
    return env


def nquads(store_path: Path) -> bytes:
    """The store's N-Quads export, sorted (the same content gives the same bytes)."""
    from kg.store import open_store

    out = io.BytesIO()
    with open_store(store_path, create=False) as store:
        store.export("nq", out)
    return out.getvalue()


def graphs_by_doc(export: bytes) -> dict[str, set[bytes]]:
    """N-Quads lines of document graphs, grouped by their graph IRI (the ontology, shared
    descriptions and runs graphs left out: they hold what all documents share)."""
    docs: dict[str, set[bytes]] = {}
    for line in export.splitlines():
        if line.strip():
            graph = line.rsplit(b" ", 2)[-2].decode()
            if str(GRAPH) in graph:
                docs.setdefault(graph, set()).add(line)
    return docs


def stored_count(store_path: Path) -> int:
    """Documents in a store another process is writing (a read-only view; 0 if none yet)."""
    try:
        view = ox.Store.read_only(str(store_path))
    except (OSError, RuntimeError):  # not created yet, or still being created
        return 0
    query = ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d a "
             "<https://w3id.org/kg-news/ontology#Document> } }")
    return int(next(iter(view.query(query)))["n"].value)


def wait_for_documents(store_path: Path, wanted: int, timeout: float, alive) -> int:
    """Poll until the store holds `wanted` documents (or `alive()` turns false)."""
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline and alive():
        count = stored_count(store_path)
        if count >= wanted:
            return count
        time.sleep(0.2)
    return count
