"""Page furniture: lines that are part of the portal, not of any news item.

Webmail menu lines, the `Meer uit <Section>` list heading, `Net binnen`, the weekday date line and
the `Editie:` line of index pages. Anything before a page's headline is furniture as well; that
rule lives in the layouts, these are the lines recognisable on their own.
"""

from __future__ import annotations

import re
from datetime import date

MEER_UIT = re.compile(r"Meer uit:?\s+(?P<section>\S[^.!?]{0,48})", re.IGNORECASE)
NET_BINNEN = re.compile(r"Net binnen:?", re.IGNORECASE)
EDITION = re.compile(r"Editie\s*:", re.IGNORECASE)
_WEEKDAYS = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
DATE_LINE = re.compile(
    rf"(?:(?:{_WEEKDAYS}),?\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(MONTHS)})\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
_MAX_SECTION_WORDS = 4
_SECTION_JOINERS = frozenset({"&", "en", "|", "-", "de", "het", "onze", "uw"})
# Section names a `Meer uit` line cut off by the end of the page is trusted with; any other
# name on a cut last line may itself be cut (`Meer uit Bu`).
KNOWN_SECTIONS = frozenset(
    {
        "binnenland",
        "buitenland",
        "politiek",
        "economie",
        "sport",
        "cultuur",
        "media",
        "opmerkelijk",
        "tech",
        "wetenschap",
        "gezondheid",
        "regio",
        "zeeland",
        "walcheren",
        "beveland",
        "tholen",
        "schouwen-duiveland",
        "zeeuws-vlaanderen",
        "showbizz",
        "royalty",
        "financieel",
        "nieuws",
        "algemeen",
        "achterklap",
        "weer",
        "verkeer",
    }
)


def meer_uit_section(line: str) -> str | None:
    """The section named by a `Meer uit <Section>` list heading, or None for other lines."""
    match = MEER_UIT.fullmatch(line)
    if match is None:
        return None
    section = match.group("section").strip().rstrip(" »>›→|:-–").strip()  # `Buitenland »`
    words = section.split()
    if not words:
        return None
    if len(words) > _MAX_SECTION_WORDS:
        return None
    # a section name is capitalised (`Buitenland`, `Zeeuws-Vlaanderen`, `NL & Wereld`); a
    # line like `Meer uit eigen zak` is an intertitle or a headline
    if section.lower() not in KNOWN_SECTIONS and not all(
        word[:1].isupper()
        or not word[:1].isalpha()
        or word in _SECTION_JOINERS
        or word.lower() in KNOWN_SECTIONS  # `Meer uit de regio`
        for word in words
    ):
        return None
    return section


def is_webmail(line: str) -> bool:
    """True for a line of the portal's webmail menu block (`Webmail`, `Kies je webmail`, ...)."""
    return "webmail" in line.lower()


def is_edition_line(line: str) -> bool:
    """True for the `Editie: NL & Wereld | Zeeland` line of index pages."""
    return EDITION.match(line) is not None


def page_date(line: str) -> date | None:
    """The date of a weekday date line (`woensdag 1 januari 2025`), or None for other lines."""
    match = DATE_LINE.fullmatch(line)
    if match is None:
        return None
    try:
        return date(
            int(match.group("year")),
            MONTHS.index(match.group("month").lower()) + 1,
            int(match.group("day")),
        )
    except ValueError:
        return None


def is_partial_meer_uit(line: str) -> bool:
    """True for a `Meer uit` heading cut off by the end of the page (`Meer u`)."""
    return bool(line) and "meer uit".startswith(line.lower())
