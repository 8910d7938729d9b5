"""What a search asks for, shared by the JSON routes and the web pages: query, filters, order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters that narrow every query: a date range and exact place, agency, section."""

    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None
    agency: str | None = None
    section: str | None = None

    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments of `Archive.search` and `Archive.count`."""
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "place": self.place or None,
            "agency": self.agency or None,
            "section": self.section or None,
        }

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return any(v not in (None, "") for v in self.kwargs().values())


def clean(value: str | None) -> str | None:
    """A form value with surrounding space removed; None when empty."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def query_lines(text: str | None) -> list[str]:
    """The non-empty lines of a multi-line query box (one labelled query per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
