"""A live Virtuoso Open Source 7 (Debian's `virtuoso-opensource`, installed by `make
virtuoso`) in a temporary directory, its SPARQL endpoint open to updates."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.oxigraph_server import free_port

_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
MaxClientConnections = 8
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 60
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""
# The endpoint's user ("SPARQL") may update; graphs are writable by default.
_GRANTS = ('GRANT SPARQL_UPDATE TO "SPARQL"; '
           "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")


@contextmanager
def virtuoso_server(location: Path) -> Iterator[str]:
    """Yields the SPARQL endpoint URL (`http://127.0.0.1:PORT/sparql`); skips, saying why,
    when Virtuoso is not installed."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        pytest.skip("Virtuoso Open Source is not installed (`make virtuoso`: Debian's "
                    "virtuoso-opensource package, needs apt)")
    location.mkdir(parents=True, exist_ok=True)
    isql_port, http_port = free_port(), free_port()
    (location / "virtuoso.ini").write_text(_INI.format(d=location, isql=isql_port,
                                                       http=http_port))
    proc = subprocess.Popen([binary, "+foreground", "+configfile", "virtuoso.ini"],
                            cwd=location, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}?query=ASK%7B%7D", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (location / "virtuoso.log")
                    pytest.fail("Virtuoso did not start: " + (
                        log.read_text(errors="replace")[-2000:] if log.exists() else ""))
                time.sleep(0.2)
        subprocess.run([isql, f"127.0.0.1:{isql_port}", "dba", "dba", f"exec={_GRANTS}"],
                       check=True, capture_output=True, timeout=60)
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
