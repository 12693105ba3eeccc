"""Entry points: `create_app(store_spec)` and `run()` (used by `kg serve`).

    python -m api.server --store data/kg --port 8000

`run` serves with the availability limits of `api.config.Settings` (see api/README.md):
h11 with a cap on the request line and headers, a read timeout for a request's head,
keep-alive and graceful-shutdown timeouts and a maximum of concurrent connections.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from types import FrameType
from typing import Any

import h11
import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.config import Settings
from api.main import create_app as _create_app
from api.streaming import ABORT_KEY

log = logging.getLogger("kg.api")


def create_app(store_spec: str | None = None) -> FastAPI:
    """The app over the store `store_spec` (default: `$KG_STORE`, else `data/kg`); the
    other settings come from the environment (see `api.config`)."""
    return _create_app(Settings.from_env(store_spec))


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, plus: a connection must deliver each request's head within
    `read_timeout` seconds, and the app may abort the connection (a stalled stream)."""

    read_timeout = 10.0
    _read_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.app_state = {**self.app_state, ABORT_KEY: transport.abort}
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._read_timer = self.loop.call_later(self.read_timeout, self._read_timed_out)

    def _disarm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def _read_timed_out(self) -> None:
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()  # no complete request head in time (slow or silent)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def _protocol(read_timeout: float) -> type[H11Protocol]:
    return type("KgH11Protocol", (GuardedH11Protocol,), {"read_timeout": read_timeout})


class _Server(uvicorn.Server):
    """Tells the app at once when a signal asks it to stop, so running extractions give
    up while uvicorn drains the connections."""

    def __init__(self, config: uvicorn.Config, app: FastAPI) -> None:
        super().__init__(config)
        self.app = app

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        state: Any = getattr(self.app.state, "kg", None)
        if state is not None:
            state.stopping.set()
            state.jobs.close()
        super().handle_exit(sig, frame)


def server_config(app: FastAPI, settings: Settings, host: str, port: int,
                  log_level: str) -> uvicorn.Config:
    """uvicorn settings with the limits of `settings`."""
    return uvicorn.Config(
        app, host=host, port=port, log_level=log_level,
        http=_protocol(settings.read_timeout),
        h11_max_incomplete_event_size=settings.max_header,
        timeout_keep_alive=max(1, round(settings.keepalive)),
        limit_concurrency=settings.max_connections,
        timeout_graceful_shutdown=max(1, round(settings.shutdown_timeout)),
    )


def run(store: str | None = None, host: str = "127.0.0.1", port: int = 8000,
        log_level: str = "info") -> None:
    """Serve the API with uvicorn until interrupted (SIGINT/SIGTERM drain, bounded)."""
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s:     %(message)s")
    settings = Settings.from_env(store)
    app = _create_app(settings)
    _Server(server_config(app, settings, host, port, log_level), app).run()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m api.server", description=__doc__)
    parser.add_argument("--store", default=None, help="store directory (default $KG_STORE)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    run(args.store, args.host, args.port, args.log_level)


if __name__ == "__main__":
    main()
