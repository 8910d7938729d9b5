"""Fixed word lists of the synthetic wire: sections, dateline places, agencies, kickers, furniture.

Everything here is invented for the generator (no text of real crawled pages); place names are real
places so that the place resolver has something to resolve.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section of the portal: its name, URL slug, wire rate and what its items are about."""

    name: str
    slug: str
    per_day: float
    regional: bool
    topics: tuple[str, ...]
    article_share: float


NEWS_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "Buitenland",
        "buitenland",
        42.0,
        False,
        ("oekraine", "korea", "midden_oosten", "iran", "vs", "navo", "europa", "ramp"),
        0.22,
    ),
    SectionSpec(
        "Binnenland",
        "binnenland",
        36.0,
        False,
        ("verkeer", "weer", "misdaad", "zorg", "wonen", "cultuur"),
        0.22,
    ),
    SectionSpec("Economie", "economie", 16.0, False, ("economie", "bedrijven"), 0.25),
    SectionSpec("Politiek", "politiek", 12.0, False, ("kabinet", "kamer", "europa"), 0.3),
    SectionSpec("Sport", "sport", 20.0, False, ("voetbal", "schaatsen", "wielrennen", "f1"), 0.2),
)

REGIONAL_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("Walcheren", "walcheren", 3.0, True, ("regio",), 0.35),
    SectionSpec("Beveland", "beveland", 2.0, True, ("regio",), 0.35),
    SectionSpec("Zeeuws-Vlaanderen", "zeeuws-vlaanderen", 1.0, True, ("regio",), 0.35),
    SectionSpec("Schouwen-Duiveland", "schouwen-duiveland", 0.3, True, ("regio",), 0.35),
    # A sleepy region: its list reaches back more than a year, so "jaar geleden" occurs.
    SectionSpec("Tholen", "tholen", 0.03, True, ("regio",), 0.35),
)

ALL_SECTIONS: tuple[SectionSpec, ...] = NEWS_SECTIONS + REGIONAL_SECTIONS

# Dateline places per topic (upper case, as the wire writes them).
TOPIC_PLACES: dict[str, tuple[str, ...]] = {
    "oekraine": (
        "KYIV",
        "KYIV",
        "KIEV",
        "MOSKOU",
        "CHARKIV",
        "ODESA",
        "DNIPRO",
        "LVIV",
        "BRUSSEL",
        "OŚWIĘCIM",
        "WARSCHAU",
    ),
    "korea": (
        "PYONGYANG",
        "SEOUL",
        "MOSKOU",
        "KOMSOMOLSK AAN DE AMOER",
        "VLADIVOSTOK",
        "PEKING",
        "TOKIO",
    ),
    "midden_oosten": (
        "BEIROET",
        "JERUZALEM",
        "GAZA-STAD",
        "TEL AVIV",
        "KAIRO",
        "DAMASCUS",
        "AMMAN",
        "RAMALLAH",
    ),
    "iran": ("TEHERAN", "WASHINGTON", "GENÈVE", "MUSCAT", "WENEN", "NEW YORK"),
    "vs": (
        "WASHINGTON",
        "NEW YORK",
        "LOS ANGELES",
        "MIAMI",
        "CHICAGO",
        "CARACAS",
        "OTTAWA",
        "MEXICO-STAD",
    ),
    "navo": ("BRUSSEL", "DEN HAAG", "WASHINGTON", "VILNIUS", "BERLIJN", "LONDEN"),
    "europa": (
        "BRUSSEL",
        "STRAATSBURG",
        "PARIJS",
        "BERLIJN",
        "ROME",
        "MADRID",
        "LISSABON",
        "MÜNCHEN",
        "KOPENHAGEN",
    ),
    "ramp": (
        "ST. ANTON AM ARLBERG",
        "SÃO PAULO",
        "BOGOTÁ",
        "MANILLA",
        "JAKARTA",
        "ZÜRICH",
        "NAPELS",
        "ATHENE",
        "KRAKÓW",
    ),
    "verkeer": (
        "UTRECHT",
        "ARNHEM",
        "AMERSFOORT",
        "HOEK VAN HOLLAND",
        "SCHIPHOL",
        "ZWOLLE",
        "DEN HELDER",
        "VLISSINGEN",
    ),
    "weer": ("DE BILT", "LEEUWARDEN", "GRONINGEN", "MAASTRICHT", "DEN HELDER", "TEXEL"),
    "misdaad": (
        "AMSTERDAM",
        "ROTTERDAM",
        "'S-HERTOGENBOSCH",
        "EINDHOVEN",
        "TILBURG",
        "BREDA",
        "LELYSTAD",
        "ENSCHEDE",
    ),
    "zorg": ("DEN HAAG", "UTRECHT", "NIJMEGEN", "LEIDEN", "GRONINGEN"),
    "wonen": ("AMSTERDAM", "UTRECHT", "DEN HAAG", "ALMERE", "HAARLEM", "DELFT"),
    "cultuur": ("AMSTERDAM", "ALKMAAR", "HAARLEM", "KAATSHEUVEL", "LEEUWARDEN", "PARIJS"),
    "economie": ("AMSTERDAM", "DEN HAAG", "FRANKFURT", "NEW YORK", "LONDEN", "TOKIO"),
    "bedrijven": ("VELDHOVEN", "EINDHOVEN", "AMSTERDAM", "ROTTERDAM", "HOOFDDORP", "DÜSSELDORF"),
    "kabinet": ("DEN HAAG",),
    "kamer": ("DEN HAAG",),
    "voetbal": (
        "AMSTERDAM",
        "EINDHOVEN",
        "ROTTERDAM",
        "ALKMAAR",
        "ENSCHEDE",
        "ZEIST",
        "MÜNCHEN",
        "MADRID",
    ),
    "schaatsen": ("HEERENVEEN", "INZELL", "CALGARY", "SALT LAKE CITY"),
    "wielrennen": ("VALKENBURG", "OUDENAARDE", "ROUBAIX", "BORMIO", "ALPE D'HUEZ"),
    "f1": ("ZANDVOORT", "MONZA", "SPA-FRANCORCHAMPS", "ABU DHABI", "LAS VEGAS"),
}

# Two or three places joined with "/" (rare).
MULTI_PLACES: dict[str, tuple[tuple[str, ...], ...]] = {
    "midden_oosten": (("GAZA", "JERUZALEM"), ("BEIROET", "JERUZALEM")),
    "oekraine": (("KYIV", "MOSKOU"), ("KIEV", "BRUSSEL")),
    "vs": (("WASHINGTON", "OSLO", "CARACAS"), ("WASHINGTON", "OTTAWA")),
    "iran": (("TEHERAN", "WASHINGTON"),),
    "europa": (("BRUSSEL", "DEN HAAG"),),
    "verkeer": (("ARNHEM", "NIJMEGEN"),),
    "kabinet": (("DEN HAAG", "BRUSSEL"),),
}

REGION_PLACES: dict[str, tuple[str, ...]] = {
    "Walcheren": (
        "MIDDELBURG",
        "VLISSINGEN",
        "DOMBURG",
        "WESTKAPELLE",
        "VEERE",
        "SOUBURG",
        "ARNEMUIDEN",
        "KOUDEKERKE",
    ),
    "Beveland": (
        "GOES",
        "KAPELLE",
        "KRUININGEN",
        "YERSEKE",
        "HEINKENSZAND",
        "KAMPERLAND",
        "WEMELDINGE",
        "'S-HEERENHOEK",
    ),
    "Zeeuws-Vlaanderen": (
        "TERNEUZEN",
        "HULST",
        "OOSTBURG",
        "SLUIS",
        "AXEL",
        "SAS VAN GENT",
        "BRESKENS",
    ),
    "Schouwen-Duiveland": ("ZIERIKZEE", "BROUWERSHAVEN", "BURGH-HAAMSTEDE", "RENESSE"),
    "Tholen": ("THOLEN", "SINT-MAARTENSDIJK", "ST. PHILIPSLAND", "POORTVLIET"),
}

# Agency lists and their weights, after the counts in page-format.md.
AGENCY_WEIGHTS: tuple[tuple[tuple[str, ...], float], ...] = (
    (("ANP",), 341.0),
    (("ANP", "AFP"), 19.0),
    (("ANP", "RTR"), 7.0),
    (("ANP", "AFP", "RTR"), 6.0),
    (("ANP", "DPA"), 4.0),
    (("ANP", "RTR", "AFP"), 3.0),
    (("ANP", "BELGA"), 3.0),
    (("ANP", "BLOOMBERG"), 2.0),
    (("ANP", "RTR", "AFP", "BLOOMBERG"), 1.0),
    (("ANP", "RTR", "DPA", "AFP"), 1.0),
    (("ANP", "AFP", "DPA"), 1.0),
    (("ANP", "RTR", "AFP", "DPA"), 1.0),
    (("ANP", "AFP", "BLOOMBERG"), 1.0),
)

# Sport kickers the portal sometimes glues to the place (`EREDIVISIEALKMAAR (ANP) - `).
KICKERS: tuple[str, ...] = ("EREDIVISIE", "SCHAATSEN", "WIELRENNEN", "FORMULE1")

INTERTITLES: tuple[str, ...] = (
    "Kritiek",
    "Onderzoek",
    "Reactie",
    "Zorgen",
    "Gevolgen",
    "Achtergrond",
    "Verbazing",
    '"Onacceptabel"',
    '"Geen keus"',
    "Vervolg",
    "Steun",
    "Onrust",
    "Herstel",
    '"Eindelijk"',
)

WEBMAIL_LINES: tuple[str, str, str] = (
    "Webmail",
    "Kies je webmail",
    "Op dit portaal lees je je mail ook via DELTA webmail; laat ons eenmalig weten welke "
    "webmail je voorkeur heeft.",
)

EDITION_LINE = "Editie: NL & Wereld | Zeeland"

WEEKDAYS: tuple[str, ...] = (
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
)
MONTHS: tuple[str, ...] = (
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

PORTAL = "https://portaal.example.nl"
PORTAL_NAME = "Deltaportaal"
