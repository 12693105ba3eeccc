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

from kg.store import KGStore, open_store
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
    store.write_documents(docs(), batch_size=7, ingested_at=datetime(2024, 3, 1, 12, tzinfo=UTC))
    print("done", flush=True)
    """
)


def nt(store: KGStore, doc_id: str) -> bytes:
    out = io.BytesIO()
    store.export("nt", out, doc_id=doc_id)
    return out.getvalue()


def test_killed_writer_leaves_whole_documents_only(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    # Half the ids already stored (variant 0): the child replaces those and adds the rest.
    with open_store(path) as s:
        s.write_documents(corpus(N_DOCS // 2), ingested_at=WHEN)

    script = CHILD.format(root=str(ROOT), n=N_DOCS, path=str(path))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    progress = 0
    for line in child.stdout:  # kill once it is well into the build, at an arbitrary moment
        if line.strip() == "done":
            break
        progress = int(line)
        if progress >= N_DOCS // 3:
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
            present = s.documents()
            assert len(present) >= N_DOCS // 2
            replaced = 0
            for doc_id in present:
                got = nt(s, doc_id)
                whole_new = got == nt(clean_new, doc_id)
                whole_old = doc_id in old and got == nt(clean_old, doc_id)
                assert whole_new or whole_old, f"{doc_id} is partly written"
                replaced += whole_new
            assert 0 < replaced < N_DOCS
