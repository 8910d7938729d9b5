"""ParsedPage -> the JSON object of shared/spec/parse-output.md (names and meanings exactly)."""

from __future__ import annotations

from typing import Any

from wiredesk.model import IndexEntry, ParsedItem, ParsedPage


def _item_json(item: ParsedItem) -> dict[str, Any]:
    return {
        "role": item.role,
        "headline": item.headline,
        "places": list(item.places),
        "agencies": list(item.agencies),
        "body": item.body,
        "age": item.age,
        "published": item.published.to_json(),
    }


def _entry_json(entry: IndexEntry) -> dict[str, Any]:
    return {
        "section": entry.section,
        "time": entry.time,
        "title": entry.title,
        "published": entry.published.to_json(),
    }


def to_contract_json(parsed: ParsedPage) -> dict[str, Any]:
    """The parse-output contract object for one parsed page.

    Datetimes are ISO-8601 with the offset of the given crawl time. Extra fields beyond the
    contract (`published` of index entries, `layout`, `url`) are allowed by it.

    Args:
        parsed: what `parse_page` returned.

    Returns:
        A JSON-ready dict: page_kind, section, fetched_at, items, index_entries, layout, url.
    """
    return {
        "page_kind": parsed.page_kind,
        "section": parsed.section,
        "fetched_at": parsed.fetched_at.isoformat() if parsed.fetched_at else None,
        "items": [_item_json(item) for item in parsed.items],
        "index_entries": [_entry_json(entry) for entry in parsed.index_entries],
        "layout": parsed.layout,
        "url": parsed.url,
    }
