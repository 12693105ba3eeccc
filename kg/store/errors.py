"""Errors a store raises; each message is one line a user can act on."""


class StoreError(Exception):
    """Base class of store errors."""


class StoreNotFoundError(StoreError):
    """The store directory does not exist (and was not to be created)."""


class StoreLockedError(StoreError):
    """Another process has the store directory open for writing."""


class QueryError(StoreError):
    """A SPARQL query or update was rejected (syntax or evaluation)."""


class RemoteStoreError(StoreError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""


class InvalidExtractionError(StoreError, ValueError):
    """An extraction breaks the data contract (unknown predicate or modality)."""


class DocumentNotFoundError(StoreError):
    """No document with that id is stored."""
