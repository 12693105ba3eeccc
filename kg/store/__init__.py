"""RDF model, persistent store, provenance and export.

with open_store("data/kg") as store:
    store.write_documents(extractions)
    store.query("SELECT ?s ?o WHERE { ?s kg:opposes ?o }")
"""

from kg.store.base import KGStore, StoreStats
from kg.store.errors import (
    DocumentNotFoundError,
    InvalidExtractionError,
    QueryError,
    RemoteStoreError,
    StoreError,
    StoreLockedError,
    StoreNotFoundError,
)
from kg.store.export import EXPORT_FORMATS
from kg.store.factory import DEFAULT_STORE, ENV_VAR, default_spec, open_store
from kg.store.rdf import DocGraph, document_graph
from kg.store.results import RESULT_FORMATS, QueryResult

__all__ = [
    "DEFAULT_STORE",
    "ENV_VAR",
    "EXPORT_FORMATS",
    "RESULT_FORMATS",
    "DocGraph",
    "DocumentNotFoundError",
    "InvalidExtractionError",
    "KGStore",
    "QueryError",
    "QueryResult",
    "RemoteStoreError",
    "StoreError",
    "StoreLockedError",
    "StoreNotFoundError",
    "StoreStats",
    "default_spec",
    "document_graph",
    "open_store",
]
