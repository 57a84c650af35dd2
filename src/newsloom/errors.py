"""Error types with stable codes, so messages are easy to grep for and to test."""

from __future__ import annotations


class NewsloomError(Exception):
    """Base class: ``code`` is stable across releases, the message names the input."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(f"[{self.code}] {prefix}{message}")


class InputError(NewsloomError):
    """An input could not be read at all (missing, unreadable, not a file)."""

    code = "E001"


class EmptyInputError(NewsloomError):
    """The input holds no text."""

    code = "E002"


class BinaryInputError(NewsloomError):
    """The input is binary data, not text."""

    code = "E003"


class TooLargeError(NewsloomError):
    """The input exceeds the configured size limit."""

    code = "E004"


class EncodingError(NewsloomError):
    """The bytes decode under no plausible encoding."""

    code = "E005"


class RecordError(NewsloomError):
    """A JSONL line is malformed or lacks a required field."""

    code = "E006"


class ModelError(NewsloomError):
    """The NLP model is missing or is not the pinned one."""

    code = "E020"


class StoreError(NewsloomError):
    """The store cannot be opened or used (not a newsloom store, a failed write...)."""

    code = "E030"


class StoreLockedError(StoreError):
    """Another process holds the store's write lock longer than we wait for it."""

    code = "E031"


class StoreReadOnlyError(StoreError):
    """The store file (or its directory) cannot be written."""

    code = "E032"


class SchemaVersionError(StoreError):
    """The store was written by a newer newsloom (a schema version this one does not know)."""

    code = "E033"


class QuerySyntaxError(NewsloomError):
    """A search query is malformed (unbalanced quotes or brackets, a dangling operator...)."""

    code = "E034"


class StoreConnectError(StoreError):
    """The database server cannot be reached or refused the connection."""

    code = "E035"


# Short labels for run summaries ("3 x E007 not HTML").
LABELS = {
    "E001": "unreadable",
    "E002": "empty",
    "E003": "binary",
    "E004": "too large",
    "E005": "undecodable",
    "E006": "bad record",
    "E007": "not HTML",
    "E008": "corrupt archive",
    "E009": "not a feed",
    "E020": "model problem",
    "E030": "store problem",
    "E031": "store locked",
    "E032": "store read-only",
    "E033": "newer store schema",
    "E034": "bad search query",
    "E035": "database unreachable",
    "E040": "shard failed",
    "E999": "internal error",
}


def describe(code: str) -> str:
    return LABELS.get(code, "other")
