"""Tokens -> items: the dateline starts an item, the age after it ends it.

Works for every layout: compact lists (ages glued to the next dateline, no headlines),
boilerplate lists (a headline line before the dateline, the age on its own line), section and
regional index pages. A text line directly before a dateline is that item's headline (when it
reads like one); a line printed twice in a row is one line. Text after an item's age belongs to
no item until the next dateline (a bare fragment at the cut, or footer text) and is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from wiredesk.model import Age, Dateline
from wiredesk.parse.lines import Token

_HEADLINE_MAX = 200
_MIN_MIXED_CASE_BODY = 30
_CLOSING_QUOTES = "\"'”’»)"
_STARTS_ITEM = frozenset({"dateline", "candidate"})
_START_POSITION_KINDS = frozenset(
    {"age", "meer_uit", "net_binnen", "entry", "date", "edition", "webmail", "boundary"}
)


@dataclass(slots=True)
class RawItem:
    """An item as found on the page, before a layout gives it its role."""

    position: int
    headline: str | None
    dateline: Dateline
    paragraphs: list[str]
    age: Age | None = None
    after_list_heading: bool = False
    closed_by: str = "end"

    @property
    def body(self) -> str:
        """Paragraphs joined with a newline, as the contract wants."""
        return "\n".join(self.paragraphs)


@dataclass(slots=True)
class Listing:
    """What the token stream holds: items, list heading, preamble lines, index entries."""

    items: list[RawItem] = field(default_factory=list)
    section: str | None = None
    preamble: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)
    page_day: date | None = None
    has_net_binnen: bool = False
    has_edition: bool = False
    has_webmail: bool = False
    doubled_headline: bool = False
    # the line printed twice above the first item: layout A's headline
    doubled_text: str | None = None
    # the page's last line is a preamble line: on a cut page it may be cut (`Net bin`)
    preamble_ends_page: bool = False


def headline_like(text: str) -> bool:
    """True for a line that can be a headline: short and not ending like a sentence."""
    if len(text) > _HEADLINE_MAX:
        return False
    bare = text.rstrip(_CLOSING_QUOTES)
    return not bare.endswith(".") or bare.endswith("...")


def _next_significant_index(tokens: list[Token], index: int) -> int:
    """Index of the next token that is not an HTML boundary (len(tokens) when none)."""
    index += 1
    while index < len(tokens) and tokens[index].kind == "boundary":
        index += 1
    return index


def _next_significant(tokens: list[Token], index: int) -> Token | None:
    found = _next_significant_index(tokens, index)
    return tokens[found] if found < len(tokens) else None


def resolve_candidates(tokens: list[Token], *, allow_agencyless: bool = True) -> None:
    """Decide which agency-less `PLACE - ` lines start an item (in place: kind -> dateline/text).

    An agency-less dateline starts an item right after a glued age, or at the start of a line
    where an item can begin (after an age, a list heading, an index block, a brief's headline,
    or before the first item) unless the next line is a dateline (then it is a headline) or
    repeats it (a headline printed twice). Mixed-case places (`Borsele - `) also need a body of
    some length, so that headlines like `Ajax - Feyenoord` stay headlines; the last line of a
    cut page right after an age line is a headline too.
    """
    start_position = True
    after_break = False
    seen_item = False
    prev_kind = ""
    for index, token in enumerate(tokens):
        if token.kind == "webmail":
            # a headline that mentions webmail (`Storing bij webmail verholpen`) is printed
            # twice or stands right before its dateline; menu lines do neither
            nxt = _next_significant(tokens, index)
            if nxt is not None and (nxt.kind in _STARTS_ITEM or nxt.text == token.text):
                token.kind = "text"
        if token.kind == "candidate":
            nxt = _next_significant(tokens, index)
            accept = allow_agencyless and (
                token.glued
                or (
                    start_position
                    and not (nxt is not None and nxt.kind in _STARTS_ITEM)
                    and not (nxt is not None and nxt.text == token.text)
                    # a short mixed-case one is a headline (`Ajax - Feyenoord`), also when
                    # the page is cut inside it
                    and (not token.mixed_case or len(token.body) >= _MIN_MIXED_CASE_BODY)
                    # right after an age line (layouts A, C), a line that ends a cut page or
                    # comes before its last (cut) line is the next brief's headline
                    # (`PSV - AJAX 2-1`, then `GOES (AN`)
                    and not (
                        prev_kind == "age"
                        and (nxt is None or (nxt is tokens[-1] and nxt.kind == "text"))
                    )
                )
            )
            token.kind = "dateline" if accept else "text"
        kind = token.kind
        if kind != "boundary":
            prev_kind = kind
        if kind in _START_POSITION_KINDS:
            start_position = True
            after_break = True
        elif kind == "dateline":
            start_position = False
            seen_item = True
            after_break = False
        elif kind == "text":
            # the one line right after an age or a list heading is a brief's headline
            # whatever its last character; a later line must read like a headline
            start_position = not seen_item or (
                start_position
                and len(token.text) <= _HEADLINE_MAX
                and (after_break or headline_like(token.text))
            )
            after_break = False


def build_listing(tokens: list[Token]) -> Listing:
    """Group resolved tokens into items (see the module docstring for the rules).

    Args:
        tokens: tokens after `resolve_candidates`.

    Returns:
        The Listing; layouts turn it into a ParsedPage.
    """
    listing = Listing()
    items = listing.items
    current: RawItem | None = None
    # the last item closed by an HTML boundary may still receive the age printed after it
    closed_by_boundary: RawItem | None = None
    pending_headline: str | None = None
    seen_list_heading = False
    count = len(tokens)
    for index, token in enumerate(tokens):
        kind = token.kind
        if kind == "dateline":
            assert token.dateline is not None
            current = RawItem(
                position=len(items),
                headline=pending_headline,
                dateline=token.dateline,
                paragraphs=[token.body] if token.body else [],
                after_list_heading=seen_list_heading,
            )
            items.append(current)
            pending_headline = None
            closed_by_boundary = None
        elif kind == "text":
            text = token.text
            nxt_index = _next_significant_index(tokens, index)
            nxt = tokens[nxt_index] if nxt_index < count else None
            if nxt is not None and nxt.kind == "text" and nxt.text == text:
                after = _next_significant(tokens, nxt_index)
                if current is None or (after is not None and after.kind == "dateline"):
                    if not items:
                        listing.doubled_headline = True
                        listing.doubled_text = text
                    continue
            # after an age or a list heading nothing but a headline can stand before a
            # dateline (`Premier biedt ontslag aan.` is one); inside a body it must read like one
            if (
                nxt is not None
                and nxt.kind == "dateline"
                and len(text) <= _HEADLINE_MAX
                and (current is None or headline_like(text))
            ):
                if current is not None:
                    current.closed_by = "next"
                current = None
                closed_by_boundary = None
                pending_headline = text
            elif current is not None:
                current.paragraphs.append(text)
            elif not items:
                listing.preamble.append(text)
                listing.preamble_ends_page = index == count - 1
        elif kind == "age":
            if current is not None:
                current.age = token.age
                current.closed_by = "age"
                current = None
            elif closed_by_boundary is not None and closed_by_boundary.age is None:
                closed_by_boundary.age = token.age
                closed_by_boundary.closed_by = "age"
            closed_by_boundary = None
            pending_headline = None
        elif kind == "boundary":
            if current is not None:
                current.closed_by = "boundary"
                closed_by_boundary = current
                current = None
        else:
            if current is not None:
                current.closed_by = kind
            current = None
            closed_by_boundary = None
            pending_headline = None
            if kind == "meer_uit":
                seen_list_heading = True
                if listing.section is None and token.text:
                    listing.section = token.text
            elif kind == "entry":
                listing.entries.append(token.text)
                seen_list_heading = True
            elif kind == "net_binnen":
                listing.has_net_binnen = True
                seen_list_heading = True
            elif kind == "date":
                listing.page_day = listing.page_day or token.day
            elif kind == "edition":
                listing.has_edition = True
            elif kind == "webmail":
                listing.has_webmail = True
    if items and items[-1].closed_by == "end" and not items[-1].paragraphs:
        items.pop()  # a dateline cut off before its first word is a bare fragment
    return listing
