"""The crash rule: a writer killed mid-build leaves every document whole or absent."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kg.store import KGStore, open_store
from kg.store.oxigraph_store import uses_bulk_loader
from kg.store.rdf import document_graph
from tests.store_samples import corpus

N_DOCS = 600
WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import datetime, UTC
    sys.path.insert(0, {root!r})
    from tests.store_samples import corpus
    from kg.store import open_store

    def docs():
        for i, e in enumerate(corpus({n}, variant=1)):
            if i % 20 == 0:
                print(i, flush=True)
            yield e

    store = open_store({path!r})
    when = datetime(2024, 3, 1, 12, tzinfo=UTC)
    store.write_documents(docs(), batch_size={batch}, ingested_at=when)
    print("done", flush=True)
    """
)


def nt(store: KGStore, doc_id: str) -> bytes:
    out = io.BytesIO()
    store.export("nt", out, doc_id=doc_id)
    return out.getvalue()


# Killed while replacing stored documents (a SPARQL update per batch), and while adding
# new ones in batches large enough for Oxigraph's bulk loader (one SST ingestion each).
@pytest.mark.parametrize(("kill_after", "batch"), [(N_DOCS // 3, 7), (N_DOCS * 5 // 6, 40)],
                         ids=["replacing", "adding-bulk"])
def test_killed_writer_leaves_whole_documents_only(tmp_path: Path, kill_after: int,
                                                   batch: int) -> None:
    path = tmp_path / "kg"
    if kill_after > N_DOCS // 2:
        smallest = min(len(document_graph(e).triples) for e in corpus(N_DOCS, variant=1))
        assert uses_bulk_loader(batch * smallest), "the batches must take the bulk path"
    # Half the ids already stored (variant 0): the child replaces those and adds the rest.
    with open_store(path) as s:
        s.write_documents(corpus(N_DOCS // 2), ingested_at=WHEN)

    script = CHILD.format(root=str(ROOT), n=N_DOCS, path=str(path), batch=batch)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    progress = 0
    for line in child.stdout:  # kill once it is well into the build, at an arbitrary moment
        if line.strip() == "done":
            break
        progress = int(line)
        if progress >= kill_after:
            time.sleep((os.getpid() % 7) / 1000)
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, "the child finished before it could be killed"

    old = {e.article.article.id: e for e in corpus(N_DOCS // 2)}
    new = {e.article.article.id: e for e in corpus(N_DOCS, variant=1)}
    with open_store(":memory:") as clean_old, open_store(":memory:") as clean_new:
        clean_old.write_documents(old.values(), ingested_at=WHEN)
        clean_new.write_documents(new.values(), ingested_at=WHEN)
        with open_store(path) as s:
            assert not list(path.glob("bulk-*.sst")), "unfinished bulk files were left behind"
            present = s.documents()
            assert len(present) >= N_DOCS // 2
            if kill_after > N_DOCS // 2:  # the generator is lazy: earlier batches are committed
                assert len(present) > N_DOCS // 2, "killed before any new document was added"
            replaced = 0
            for doc_id in present:
                got = nt(s, doc_id)
                whole_new = got == nt(clean_new, doc_id)
                whole_old = doc_id in old and got == nt(clean_old, doc_id)
                assert whole_new or whole_old, f"{doc_id} is partly written"
                replaced += whole_new
            assert 0 < replaced < N_DOCS
