"""Fold the form's filters into a query string, for routes that take a query only (export)."""

from __future__ import annotations

from wiredesk.serve.requests import Filters


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def filtered_query(query: str | None, filters: Filters) -> str | None:
    """`(query) AND place:"X" AND published:[from TO to]`; None when there is neither."""
    parts: list[str] = [f"({query})"] if query and query.strip() else []
    for name, value in (
        ("place", filters.place),
        ("agency", filters.agency),
        ("section", filters.section),
    ):
        if value:
            parts.append(f"{name}:{_quoted(value)}")
    if filters.date_from or filters.date_to:
        low = filters.date_from.isoformat() if filters.date_from else "*"
        high = filters.date_to.isoformat() if filters.date_to else "*"
        parts.append(f"published:[{low} TO {high}]")
    if not parts:
        return None
    if len(parts) == 1 and not (query and query.strip()):
        parts.insert(0, "*")
    return " AND ".join(parts)
