"""The HTTP API: FastAPI app over the knowledge-graph store (see `api.server`)."""
