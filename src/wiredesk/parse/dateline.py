"""Datelines: `PLACE/PLACE (AGENCY/AGENCY) - ` and agency-less `GOES - ` -> Dateline.

Grammar (as written on the portal):
    dateline  = places ws? "(" agencies ")" ws? dash ws?       ANP style
              | places ws dash ws                               regional, no agency
    places    = place ("/" place)*      an empty piece (`DEN HAAG/`) is dropped
    place     = capitals, spaces, dots, hyphens, apostrophes (`ST. ANTON AM ARLBERG`, `GAZA-STAD`)
    agencies  = agency ("/" agency)*    capitals and digits (`ANP`, `RTR`, `BLOOMBERG`)
    dash      = "-" | "–" | "—"        (ANP style also `:` or no dash before a capital)
A sports kicker glued to the place (`EREDIVISIEALKMAAR`) is cut off using a list of known kicker
words; the raw text keeps what was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wiredesk.model import Dateline

# `PLACES (AGENCIES) - ` at the start of a text; places and agencies are validated afterwards.
_ANP_STYLE = re.compile(
    r"(?P<places>[^()\n]{1,90}?)[ \t]*\((?P<agencies>[^()\n]{1,60})\)"
    # the dash; a missing dash is tolerated when the body follows (`KYIV (ANP) De ...`)
    r"(?:[ \t]*[-–—:][ \t]*|[ \t]+(?=[A-Z0-9\"'‘“]))"
)
# `PLACE - ` without agency (regional briefs).
_AGENCYLESS = re.compile(r"(?P<places>[^()\n]{2,90}?) [-–—](?: +(?=\S)| *$)")
# agency codes as written: `ANP`, `RTR`, `BLOOMBERG`; a spelled-out `Reuters` is accepted too
_AGENCY = re.compile(r"[A-Z](?:[A-Z0-9.&]{0,15}|[a-z]{2,15})")
# one place: letters in words joined by spaces, dots, hyphens, apostrophes (`'S-HERTOGENBOSCH`)
_PLACE = re.compile(r"['’]?[^\W\d_]+(?:[ .'’-]{1,2}[^\W\d_]+)*\.?")  # never ` - ` inside
_MAX_PLACE_SPACES = 5  # longer runs of words are sentences, not places

# Lowercase words allowed inside a mixed-case regional place (`Bergen op Zoom`).
_PARTICLES = frozenset(
    {"op", "aan", "de", "den", "der", "van", "in", "bij", "'s", "'t", "en", "ter"}
)
# Capitals that start lines but are never a regional dateline place.
_NOT_PLACES = frozenset(
    {
        "VS",
        "EU",
        "VN",
        "NAVO",
        "UPDATE",
        "VIDEO",
        "FOTO",
        "FOTO'S",
        "LIVE",
        "BREAKING",
        "KORT",
        "COLUMN",
        "OPINIE",
        "PODCAST",
        "POLL",
        "INTERVIEW",
        "ANALYSE",
        "RECENSIE",
        "ADVERTENTIE",
        "ANP",
        "NIEUW",
        "EXCLUSIEF",
        "OVERZICHT",
        "LET OP",
    }
)
_SENTENCE_OPENERS = "\"'‘“„«("
# Section kickers the portal sometimes glues in front of the place (`EREDIVISIEALKMAAR`).
# Only kickers of 5+ letters that start no real place (`OSAKA`, `WEERT`, `GOLFE-JUAN` exist).
KICKERS: tuple[str, ...] = tuple(
    sorted(
        {
            "EREDIVISIE",
            "EERSTE DIVISIE",
            "KEUKEN KAMPIOEN DIVISIE",
            "TWEEDE DIVISIE",
            "CHAMPIONS LEAGUE",
            "EUROPA LEAGUE",
            "CONFERENCE LEAGUE",
            "PREMIER LEAGUE",
            "BUNDESLIGA",
            "KNVB BEKER",
            "TOTO KNVB BEKER",
            "VOETBAL",
            "WIELRENNEN",
            "WIELERSPORT",
            "SCHAATSEN",
            "SHORTTRACK",
            "TENNIS",
            "FORMULE 1",
            "FORMULE1",
            "DARTS",
            "HOCKEY",
            "KORFBAL",
            "VOLLEYBAL",
            "HANDBAL",
            "BASKETBAL",
            "ATLETIEK",
            "ZWEMMEN",
            "ROEIEN",
            "BOKSEN",
            "TURNEN",
            "SCHAKEN",
            "DAMMEN",
            "MOTORSPORT",
            "AUTOSPORT",
            "MOTORCROSS",
            "PAARDENSPORT",
            "SKIEN",
            "SKIËN",
            "SNOWBOARDEN",
            "ZEILEN",
            "TOUR DE FRANCE",
            "GIRO D'ITALIA",
            "VUELTA",
            "WK VOETBAL",
            "EK VOETBAL",
            "WK SCHAATSEN",
            "EK SCHAATSEN",
            "WK HOCKEY",
            "WK WIELRENNEN",
            "OLYMPISCHE SPELEN",
            "PARALYMPISCHE SPELEN",
            "WINTERSPELEN",
            "LANGEBAANSCHAATSEN",
            "KUNSTSCHAATSEN",
            "SCHANSSPRINGEN",
            "BIATHLON",
            "LANGLAUFEN",
            "ALPINE SKIËN",
            "VELDRIJDEN",
            "BAANWIELRENNEN",
            "MOUNTAINBIKEN",
            "WATERPOLO",
            "BADMINTON",
            "TAFELTENNIS",
            "HONKBAL",
            "SOFTBAL",
            "CRICKET",
            "RUGBY",
            "TAEKWONDO",
            "WORSTELEN",
            "KICKBOKSEN",
            "TRIATLON",
            "TRIATHLON",
            "SCHOONSPRINGEN",
            "KANOVAREN",
            "SNOOKER",
            "DRESSUUR",
            "AMERICAN FOOTBALL",
            "IJSHOCKEY",
            "ECONOMIE",
            "CULTUUR",
            "ROYALTY",
            "SHOWBIZZ",
            "POLITIEK",
            "BINNENLAND",
            "BUITENLAND",
        },
        key=len,
        reverse=True,
    )
)
_MIN_PLACE_AFTER_KICKER = 3
# Datelines repeat across pages (`WASHINGTON (ANP) - `): remember recent ones (pure: same input,
# same frozen result).
_SEEN: dict[str, Dateline] = {}
_SEEN_MAX = 4096


@dataclass(frozen=True, slots=True)
class DatelineMatch:
    """A dateline found at the start of a text: the Dateline and where its body starts."""

    dateline: Dateline
    end: int
    has_agencies: bool
    mixed_case: bool


def strip_kicker(place: str) -> str:
    """Cut a known kicker word glued in front of a place (`EREDIVISIEALKMAAR` -> `ALKMAAR`).

    Args:
        place: one place piece as written.

    Returns:
        The place without the kicker; the place unchanged when no kicker is glued to it.
    """
    if ":" in place or "|" in place:
        # a kicker set off by a colon or bar (`VOETBAL: ROTTERDAM`): any word(s) before it
        rest = place.replace("|", ":").rsplit(":", 1)[1].strip()
        if len(rest) >= _MIN_PLACE_AFTER_KICKER:
            return rest
    if not place.startswith(KICKERS):
        return place
    for kicker in KICKERS:
        if place.startswith(kicker):
            rest = place[len(kicker) :]
            if len(rest) >= _MIN_PLACE_AFTER_KICKER and rest[0].isalpha():
                return rest
            if rest[:1] == " " and len(rest.strip()) >= _MIN_PLACE_AFTER_KICKER:
                return rest.strip()
    return place


def _split_places(text: str, *, mixed_case: bool) -> tuple[str, ...] | None:
    if not mixed_case and not text.isupper():
        return None
    pieces: list[str] = []
    for piece in text.split("/") if "/" in text else (text,):
        place = piece.strip()
        if not place:
            continue
        if not pieces and not mixed_case:
            # the kicker goes first: it may hold a digit (`FORMULE1ZANDVOORT`)
            place = strip_kicker(place)
        if _PLACE.fullmatch(place) is None or place.count(" ") > _MAX_PLACE_SPACES:
            return None
        if not mixed_case and not place.isupper():
            return None
        pieces.append(place)
    return tuple(pieces) if pieces else None


def _split_agencies(text: str) -> tuple[str, ...] | None:
    agencies = []
    for piece in text.replace(",", "/").split("/"):
        agency = piece.strip()
        if not agency:
            continue
        if _AGENCY.fullmatch(agency) is None:
            return None
        agencies.append(agency)
    return tuple(agencies) if agencies else None


def _without_article(text: str) -> str:
    """A place without its leading `'s-`/`'t ` article (`'s-Heerenhoek` -> `Heerenhoek`)."""
    if text[:1] in "'’":
        if text[1:3].lower() in ("s-", "t-", "s ", "t "):
            return text[3:]
        return text[1:]
    return text


def _is_mixed_case_place(text: str) -> bool:
    words = _without_article(text).split()
    if not words or len(words) > 4 or not words[0][:1].isupper():
        return False
    return all(word in _PARTICLES or word[:1].isupper() for word in words)


def match_dateline(
    text: str, *, allow_agencyless: bool = True, after_age: bool = False
) -> DatelineMatch | None:
    """Find a dateline at the very start of `text`.

    Args:
        text: a line (or the rest of a line after a glued age).
        allow_agencyless: also accept `PLACE - ` without agencies (capitals or mixed case).
        after_age: the text follows a glued age, where only a dateline can stand; an
            agency-less body may then start in lower case (`GOES - dinsdag ...`).

    Returns:
        The match (dateline, offset where the body starts, kind flags), or None.
    """
    # cheap tests first: most lines are body text and fail them
    match = _ANP_STYLE.match(text) if text[:2].isupper() else None
    if match is not None:
        raw = match.group(0)
        dateline = _SEEN.get(raw)
        if dateline is None:
            places = _split_places(match.group("places"), mixed_case=False)
            agencies = _split_agencies(match.group("agencies"))
            if places is not None and agencies is not None:
                dateline = Dateline(raw, places, agencies)
                if len(_SEEN) >= _SEEN_MAX:
                    _SEEN.clear()
                _SEEN[raw] = dateline
        if dateline is not None:
            return DatelineMatch(dateline, match.end(), True, False)
    if not allow_agencyless:
        return None
    lead = _without_article(text)[:1] if text[:1] in "'’" else text[:1]  # `'s-Heerenhoek - `
    if not lead.isupper():
        return None
    window = text[:96]
    if " -" not in window and " –" not in window and " —" not in window:
        return None
    match = _AGENCYLESS.match(text)
    if match is None:
        return None
    place_text = match.group("places").strip()
    if place_text in _NOT_PLACES:
        return None
    # str.isupper: some cased character and no lowercase one (`ƫ` and `ß` are lowercase)
    if place_text.isupper():
        places = _split_places(place_text, mixed_case=False)
        mixed = False
    elif _is_mixed_case_place(place_text):
        places = _split_places(place_text, mixed_case=True)
        mixed = True
    else:
        return None
    if places is None or any(place in _NOT_PLACES for place in places):
        return None
    # the body of a regional brief starts like a sentence (`GOES - De gemeente`), not like the
    # rest of a sentence with a dash in it (`Betrokkenen - onder wie ...`)
    start = text[match.end() : match.end() + 1]
    if (
        start
        and not after_age
        and not (start.isupper() or start.isdigit() or start in _SENTENCE_OPENERS)
    ):
        return None
    return DatelineMatch(Dateline(match.group(0), places, ()), match.end(), False, mixed)


def parse_dateline(text: str) -> Dateline | None:
    """Parse a dateline at the start of `text` (`KYIV (ANP/AFP) - ...`, `GOES - ...`).

    Args:
        text: a dateline, optionally followed by its body.

    Returns:
        The Dateline (raw text as written, places and agencies split on "/"), or None.
    """
    found = match_dateline(text)
    return found.dateline if found is not None else None


def format_dateline(dateline: Dateline) -> str:
    """Write a dateline the way the portal does: `A/B (ANP/AFP) - ` or `GOES - `."""
    places = "/".join(dateline.places)
    if dateline.agencies:
        return f"{places} ({'/'.join(dateline.agencies)}) - "
    return f"{places} - "
