"""The error tree of wiredesk; every error the CLI shows is one line `wiredesk: <what>: <why>`.

WiredeskError
├── InputError          an input cannot be read at all (missing file, binary, undecodable)
├── UsageError          bad options or arguments
├── QuerySyntaxError    a query that does not parse (carries the column)
├── StoreError          the archive cannot be opened or written
└── AccessError         a role may not do this (HTTP 401/403)
"""

from __future__ import annotations


class WiredeskError(Exception):
    """Base of all errors wiredesk raises on purpose; `what` names the input, `why` the reason."""

    exit_code = 2

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")
        self.what = what
        self.why = why


class InputError(WiredeskError):
    """An input cannot be read at all."""


class UsageError(WiredeskError):
    """Bad options or arguments."""


class QuerySyntaxError(WiredeskError):
    """A query that does not parse; `column` is 1-based."""

    def __init__(self, query: str, why: str, column: int) -> None:
        super().__init__("query", f"column {column}: {why}")
        self.query = query
        self.column = column


class StoreError(WiredeskError):
    """The archive cannot be opened, read or written."""


class AccessError(WiredeskError):
    """The caller's role may not do this."""
