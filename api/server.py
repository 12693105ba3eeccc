"""Entry points: `create_app(store_spec)` and `run()` (used by `kg serve`).

    python -m api.server --store data/kg --port 8000
"""

from __future__ import annotations

import argparse
import logging

import uvicorn
from fastapi import FastAPI

from api.config import Settings
from api.main import create_app as _create_app


def create_app(store_spec: str | None = None) -> FastAPI:
    """The app over the store `store_spec` (default: `$KG_STORE`, else `data/kg`); the
    other settings come from the environment (see `api.config`)."""
    return _create_app(Settings.from_env(store_spec))


def run(store: str | None = None, host: str = "127.0.0.1", port: int = 8000,
        log_level: str = "info") -> None:
    """Serve the API with uvicorn until interrupted."""
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s:     %(message)s")
    uvicorn.run(create_app(store), host=host, port=port, log_level=log_level)


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
