"""A line chart of counts over time as plain geometry, so templates draw it as inline SVG.

Pure: labelled series of (key, count) buckets in, coordinates, ticks and colours out. Missing
days, weeks and months between the first and the last key are filled with zero, so a gap in
coverage shows as a dip rather than a straight line across it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# Colour-blind-safe palette (Okabe-Ito), dark enough for contrast on white.
PALETTE = ("#0b5cad", "#c2410c", "#047857", "#7e22ce", "#b45309", "#be185d", "#334155")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True)
class Series:
    """One labelled query's counts, in key order."""

    label: str
    buckets: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Point:
    """One bucket of one series on the canvas."""

    x: float
    y: float
    key: str
    count: int


@dataclass(frozen=True, slots=True)
class Line:
    """One series drawn: its colour, its points and the SVG path through them."""

    label: str
    colour: str
    total: int
    points: tuple[Point, ...]
    path: str


@dataclass(frozen=True, slots=True)
class Tick:
    """An axis label at a position."""

    pos: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything a template needs to draw the chart."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    keys: tuple[str, ...]
    max_count: int

    @property
    def bottom(self) -> int:
        """The y of the x axis."""
        return self.top + self.plot_height

    @property
    def right(self) -> int:
        """The x of the plot's right edge."""
        return self.left + self.plot_width


def _parse_key(key: str) -> tuple[str, date] | None:
    if m := _DAY.match(key):
        try:
            return "day", date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if m := _MONTH.match(key):
        if 1 <= int(m[2]) <= 12:
            return "month", date(int(m[1]), int(m[2]), 1)
        return None
    if m := _WEEK.match(key):
        try:
            return "week", date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
    return None


def _format_key(kind: str, d: date) -> str:
    if kind == "day":
        return d.isoformat()
    if kind == "month":
        return f"{d.year:04d}-{d.month:02d}"
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _step(kind: str, d: date) -> date:
    if kind == "day":
        return d + timedelta(days=1)
    if kind == "week":
        return d + timedelta(days=7)
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def timeline_keys(keys: Sequence[str], max_keys: int = 2000) -> tuple[str, ...]:
    """All keys from the first to the last, gaps filled when the keys are days, weeks or months."""
    unique = sorted(set(keys))
    parsed = [_parse_key(k) for k in unique]
    kinds = {p[0] for p in parsed if p is not None}
    if not unique or None in parsed or len(kinds) != 1:
        return tuple(unique)
    kind = kinds.pop()
    dates = [p[1] for p in parsed if p is not None]
    current, last = min(dates), max(dates)
    filled: list[str] = []
    while current <= last and len(filled) < max_keys:
        filled.append(_format_key(kind, current))
        current = _step(kind, current)
    return tuple(filled) if current > last else tuple(unique)


def _nice_max(value: int) -> int:
    if value <= 4:
        return max(value, 1)
    magnitude = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        top = int(factor * magnitude)
        if top >= value:
            return top
    return value  # pragma: no cover


def build_chart(
    series: Sequence[Series], *, width: int = 760, height: int = 240, max_x_ticks: int = 6
) -> Chart | None:
    """Lay out the series as lines on a shared time axis; None when there is nothing to draw."""
    keys = timeline_keys([k for s in series for k, _ in s.buckets])
    if not keys:
        return None
    left, top, right_pad, bottom_pad = 44, 12, 12, 28
    plot_w, plot_h = width - left - right_pad, height - top - bottom_pad
    max_count = max((c for s in series for _, c in s.buckets), default=0)
    y_max = _nice_max(max_count)
    step = plot_w / (len(keys) - 1) if len(keys) > 1 else 0.0
    index = {k: i for i, k in enumerate(keys)}

    def x_of(i: int) -> float:
        return round(left + (i * step if len(keys) > 1 else plot_w / 2), 1)

    def y_of(c: int) -> float:
        return round(top + plot_h - plot_h * c / y_max, 1)

    lines = []
    for n, s in enumerate(series):
        counts = dict(s.buckets)
        points = tuple(
            Point(x_of(index[k]), y_of(counts.get(k, 0)), k, counts.get(k, 0)) for k in keys
        )
        path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
        total = sum(c for _, c in s.buckets)
        lines.append(Line(s.label, PALETTE[n % len(PALETTE)], total, points, path))
    every = max(1, -(-len(keys) // max_x_ticks))
    x_ticks = tuple(Tick(x_of(i), keys[i]) for i in range(0, len(keys), every))
    y_ticks = tuple(Tick(y_of(v), str(v)) for v in sorted({0, y_max // 2, y_max}))
    return Chart(
        width, height, left, top, plot_w, plot_h, tuple(lines), x_ticks, y_ticks, keys, max_count
    )
