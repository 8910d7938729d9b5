"""Page text -> classified tokens, one pass over the lines.

Each non-blank line becomes one token: an age (on its own line, or glued in front of a dateline,
which then gives a second token), a dateline with the start of its body, a furniture line
(`Meer uit`, `Net binnen`, index entry, date line, `Editie:`, webmail), an HTML container
boundary, or plain text. Agency-less datelines (`GOES - `) are only candidates here; the listing
decides from their position whether they start an item.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from wiredesk.model import Age, Dateline
from wiredesk.parse.age import AGE_AT_START, age_from_match, is_partial_age
from wiredesk.parse.dateline import match_dateline
from wiredesk.parse.furniture import (
    KNOWN_SECTIONS,
    NET_BINNEN,
    is_edition_line,
    is_partial_meer_uit,
    is_webmail,
    meer_uit_section,
    page_date,
)
from wiredesk.parse.index import ENTRY

# A line html_text emits where an HTML container (article, li, aside ...) ends.
BOUNDARY = "\x1e"

TokenKind = Literal[
    "text",
    "age",
    "dateline",
    "candidate",
    "meer_uit",
    "net_binnen",
    "entry",
    "date",
    "edition",
    "webmail",
    "boundary",
]
_DATE_INITIALS = frozenset("mdwvzMDWVZ0123456789")
_BULLETS = frozenset("-–—•·*")
_GLUED_OPENERS = "'’\"“‘„«0123456789"  # `'s-Heerenhoek`, a glued headline `"Ik blijf"`
_MAX_DATE_LINE = 40
_DATELINE_WINDOW = 100


@dataclass(slots=True)
class Token:
    """One classified line (or the dateline part of a line that starts with a glued age)."""

    kind: TokenKind
    text: str
    dateline: Dateline | None = None
    body: str = ""
    age: Age | None = None
    glued: bool = False
    mixed_case: bool = False
    day: date | None = None


def split_lines(text: str) -> list[str]:
    """Split normalised text into lines (blank lines kept; `scan_lines` strips them)."""
    return text.split("\n")


def scan_lines(lines: Iterable[str]) -> list[Token]:
    """Classify the lines of a page in one pass.

    Args:
        lines: the page's lines (from `split_lines` or `html_text.html_to_lines`).

    Returns:
        Tokens in page order; blank lines are dropped, and a last line that is a cut-off age or
        a cut-off `Meer uit` heading is dropped too (it is neither body nor furniture); a
        `Meer uit` last line with an unknown section name gets an empty name (it may be cut).
    """
    tokens: list[Token] = []
    append = tokens.append
    in_index = False
    seen_item = False  # a dateline was seen: furniture of the page top no longer occurs
    unterminated = False  # the page's last line has no line end after it (a cut page)
    for raw in lines:
        unterminated = bool(raw)
        line = raw.strip()
        if not line:
            continue
        if line == BOUNDARY:
            append(Token("boundary", line))  # an index block's <li>s each end in one
            continue
        first = line[0]
        glued = False
        if first.isdigit():
            age_match = AGE_AT_START.match(line)
            if age_match is not None:
                rest = line[age_match.end() :]
                if not rest:
                    append(Token("age", line, age=age_from_match(age_match)))
                    in_index = False
                    continue
                stripped_rest = rest.lstrip()
                # glued: `1 uur geledenKYIV (ANP) - `; with a space only before a dateline
                # (a paragraph may start `2 dagen geleden kwam ...` or `3 jaar geleden, ...`)
                if (rest[0].isupper() or rest[0] in _GLUED_OPENERS) or (
                    stripped_rest[:1].isupper() and _is_glued_dateline(stripped_rest)
                ):
                    append(Token("age", age_match.group(0), age=age_from_match(age_match)))
                    line = stripped_rest
                    first = line[0]
                    glued = True
        if not glued:
            if first in _BULLETS and in_index:
                if ENTRY.fullmatch(line) is not None:
                    append(Token("entry", line))
                    continue
            elif first in "Mm" and (section := meer_uit_section(line)) is not None:
                append(Token("meer_uit", section))
                in_index = False
                continue
            elif first in "Nn" and NET_BINNEN.fullmatch(line) is not None:
                append(Token("net_binnen", line))
                in_index = True
                continue
            elif seen_item:
                pass  # date, edition and webmail lines are page furniture above the items
            elif first in "Ee" and is_edition_line(line):
                append(Token("edition", line))
                continue
            elif (
                first in _DATE_INITIALS
                and len(line) <= _MAX_DATE_LINE
                and (day := page_date(line)) is not None
            ):
                append(Token("date", line, day=day))
                continue
            elif (
                ("ebmail" in line or "EBMAIL" in line)
                and is_webmail(line)
                and match_dateline(line) is None  # `AMSTERDAM (ANP) - De webmail van ...`
            ):
                append(Token("webmail", line))
                continue
        in_index = False
        # a dateline needs `(` or a spaced dash near the start: most body lines have neither
        window = line[:_DATELINE_WINDOW]
        found = (
            match_dateline(line, after_age=glued)
            if "(" in window or " -" in window or " –" in window or " —" in window
            else None
        )
        if found is not None:
            seen_item = True
            append(
                Token(
                    "dateline" if found.has_agencies else "candidate",
                    line,
                    dateline=found.dateline,
                    body=line[found.end :].strip(),
                    glued=glued,
                    mixed_case=found.mixed_case,
                )
            )
        else:
            append(Token("text", line, glued=glued))
    if tokens and tokens[-1].kind == "text":
        last = tokens[-1].text
        # an age only follows a brief: inside the page's first item, before any list, a cut
        # line like `12 d` is the start of a paragraph (`12 doden ...`)
        # and a cut `Meer u` can only stand where the list heading is still to come
        if (
            is_partial_meer_uit(last) and not any(token.kind == "meer_uit" for token in tokens)
        ) or (is_partial_age(last) and _in_list(tokens)):
            tokens.pop()
    elif (
        tokens
        and tokens[-1].kind == "meer_uit"
        and unterminated
        and tokens[-1].text.lower() not in KNOWN_SECTIONS
    ):
        tokens[-1].text = ""  # `Meer uit Bu` at the cut: the section name may be cut too
    return tokens


_LIST_KINDS = frozenset({"age", "meer_uit", "net_binnen", "entry", "date", "edition", "boundary"})


def _in_list(tokens: list[Token]) -> bool:
    """True when the page has passed its first item: a list heading, an age, a second item."""
    items = 0
    for token in tokens:
        if token.kind in _LIST_KINDS:
            return True
        if token.kind in ("dateline", "candidate"):
            items += 1
            if items > 1:
                return True
    return False


def _is_glued_dateline(text: str) -> bool:
    """An ANP-style dateline, or an agency-less one in capitals (`KAPELLE - `)."""
    found = match_dateline(text)
    return found is not None and not found.mixed_case
