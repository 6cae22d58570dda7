"""Errors raised by casegraph.

The library raises; only ``casegraph/cli.py`` turns these into one ``Error:`` line.
Every message names the file (or setting) and the value, and says what to do.
"""

from __future__ import annotations


class CasegraphError(Exception):
    """Base class of every error casegraph raises on purpose."""


# -- input -----------------------------------------------------------------------


class InputError(CasegraphError):
    """A document could not be read or parsed."""

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        self.path = path
        self.reason = reason
        self.hint = hint
        message = f"{path}: {reason}"
        if hint:
            message += f". {hint}"
        super().__init__(message)


class EmptyDocumentError(InputError):
    """The file is empty or holds only white space."""


class BinaryDocumentError(InputError):
    """The file is binary, not text, markdown or PDF."""


class EncodingError(InputError):
    """The file's text encoding could not be decoded."""


class PdfError(InputError):
    """The PDF is corrupt, truncated, encrypted or has no text layer."""


class UnknownLayoutError(InputError):
    """No recognisable meeting header (forum and date) was found."""


class NoItemsError(UnknownLayoutError):
    """A meeting header (forum and date) was found but no agenda items."""


class UnsupportedFileError(InputError):
    """The file type is not one casegraph reads."""


# -- store -----------------------------------------------------------------------


class StoreError(CasegraphError):
    """The embedded store could not be opened, read or written."""


class StoreLockedError(StoreError):
    """Another casegraph process holds the store's write lock."""


class StoreMissingError(StoreError):
    """No store at the path a question names (only ingest creates one)."""


class StoreVersionError(StoreError):
    """The store was written by an incompatible version of casegraph."""


# -- queries ---------------------------------------------------------------------


class QueryError(CasegraphError):
    """A question could not be answered."""


class EmptyStoreError(QueryError):
    """The store holds no documents yet."""


class NoMatchError(QueryError):
    """Nothing in the store matches the query."""

    def __init__(
        self, message: str, suggestions: tuple[str, ...] = (), *, kind: str = "titles"
    ) -> None:
        self.suggestions = suggestions
        if suggestions:
            message += f"; closest {kind}: " + "; ".join(suggestions)
        super().__init__(message)


class OutputError(CasegraphError):
    """A result could not be written (a folder missing, no permission, disk full)."""


# -- neo4j -----------------------------------------------------------------------


class Neo4jError(CasegraphError):
    """Talking to Neo4j failed (server down, credentials, database name)."""


class Neo4jUnavailableError(Neo4jError):
    """The Neo4j server does not answer at the URI."""


class Neo4jAuthError(Neo4jError):
    """Neo4j refused the user name or password."""


class Neo4jDatabaseError(Neo4jError):
    """The Neo4j database named does not exist."""


# -- settings --------------------------------------------------------------------


class SettingsError(CasegraphError):
    """A setting from the environment has a value casegraph cannot use."""
