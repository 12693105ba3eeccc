"""A real uvicorn process serving the API on a free loopback port, for the API tests."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ApiServer:
    url: str
    process: subprocess.Popen[bytes]
    store: Path
    log: Path

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def launch_api(store: Path, log: Path, environ: dict[str, str], *, timeout: float = 90,
               ready: Callable[[dict[str, Any]], bool] = lambda health: True) -> ApiServer:
    """`uvicorn api.server:create_app` over `store`; returns once /health answers and
    `ready(health)` holds; fails the test with the server's log otherwise."""
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.server:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env={**environ, "KG_STORE": str(store)}, stdout=out,
            stderr=subprocess.STDOUT)
    server = ApiServer(f"http://127.0.0.1:{port}", process, store, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(httpx.TransportError):
            health = httpx.get(server.url + "/health", timeout=5)
            if health.status_code == 200 and ready(health.json()):
                return server
        time.sleep(0.1)
    server.stop()
    pytest.fail(f"server did not start:\n{log.read_text(errors='replace')[-3000:]}")
