"""Vendor the oblast boundaries of the Russia-Ukraine border region for offline maps.

Maintainers run this by hand (tests do not)::

    .venv/bin/python scripts/vendor_boundaries.py [--source FILE] [--out FILE]

It reads ``boundaries/ne_10m_admin_1_ukr_rus.geojson`` (Natural Earth 1:10m
Admin-1, public domain; see ``PROVENANCE.md`` in that folder) and writes
``src/osintkit/data/boundaries/border_oblasts.geojson``, a FeatureCollection
with three kinds of feature (property ``kind``):

``oblast``
    Every oblast of Ukraine and federal subject of Russia whose bounding box
    meets :data:`BBOX`, with properties ``iso_3166_2``, ``name_en`` and
    ``country``. ``country`` follows internationally recognised borders: it
    is the prefix of ``iso_3166_2`` (``UA``/``RU``), so Crimea (``UA-43``) and
    Sevastopol (``UA-40``), which Natural Earth codes ``adm0_a3 = RUS``, count
    as Ukraine.
``country_border``
    One MultiLineString: the edges of those oblasts that are not shared with
    another oblast of the same country (the Russia-Ukraine border, the borders
    with Belarus and the coast), computed over the whole source file so that
    the edge of the subset is not mistaken for a border.
``country_label``
    Points where a map may write a country's name (chosen by hand, checked
    to fall inside that country or, for Belarus, outside both).

Geometry is not simplified: coordinates are rounded to 3 decimals (about
100 m, finer than the 1:10m source) and repeated points removed. Features are
sorted by ``country`` then ``iso_3166_2``; the same input gives byte-identical
output (UTF-8, compact JSON, final newline), written atomically.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = (
    REPO_ROOT.parent
    / "shared"
    / "data"
    / "real"
    / "boundaries"
    / "ne_10m_admin_1_ukr_rus.geojson"
)
DEFAULT_OUT = (
    REPO_ROOT / "src" / "osintkit" / "data" / "boundaries" / "border_oblasts.geojson"
)

#: SHA-256 of the source file described in its PROVENANCE.md.
SOURCE_SHA256 = "13681d00066b78e4ad2856ac2314572e89312e93fbe4d492ec7af42f82c7de98"

#: (lon_min, lat_min, lon_max, lat_max): the border region from Crimea to the
#: north of Bryansk, Kyiv to Voronezh. Oblasts whose bounding box meets it are kept.
BBOX = (30.0, 44.3, 41.0, 54.5)

#: Oblasts every map of the border region needs (checked after the selection).
REQUIRED = ("RU-BEL", "RU-BRY", "RU-KRS", "UA-59", "UA-63", "UA-74", "UA-43", "UA-40")

#: Country label points (lon, lat), chosen by hand and checked below.
LABELS = (
    ("BY", "Belarus", 31.15, 52.75),
    ("RU", "Russia", 37.6, 52.9),
    ("UA", "Ukraine", 33.2, 49.6),
)

DECIMALS = 3

Point = tuple[float, float]
Ring = list[Point]
#: A ring as read from JSON or as rounded here.
Coordinates = Sequence[Sequence[float]]


def polygons(geometry: dict) -> list[list[list[list[float]]]]:
    """Return the polygons of a Polygon or MultiPolygon, as lists of rings."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"unexpected geometry type {geometry['type']!r}")


def round_ring(ring: Iterable[list[float]]) -> Ring:
    """Round a ring's coordinates and drop points repeated by the rounding."""
    out: Ring = []
    for x, y in ring:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or out[-1] != point:
            out.append(point)
    return out


def rounded_polygons(geometry: dict) -> list[list[Ring]]:
    """Return rounded polygons, without rings that collapse below 4 points."""
    result = []
    for polygon in polygons(geometry):
        rings = [ring for ring in map(round_ring, polygon) if len(ring) >= 4]
        if rings:
            result.append(rings)
    return result


def bounds(rings: Iterable[Coordinates]) -> tuple[float, float, float, float]:
    """Return the bounding box of some rings."""
    points = [point for ring in rings for point in ring]
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def meets(box: tuple[float, float, float, float], other: tuple[float, ...]) -> bool:
    """Tell whether two bounding boxes overlap."""
    x_overlap = box[0] <= other[2] and other[0] <= box[2]
    return x_overlap and box[1] <= other[3] and other[1] <= box[3]


def country_of(iso_3166_2: str) -> str:
    """Return the recognised country of an ISO 3166-2 code: its prefix."""
    return iso_3166_2.split("-", 1)[0]


def border_segments(
    features: list[dict], box: tuple[float, float, float, float]
) -> set[tuple[Point, Point]]:
    """Return the oblast edges not shared with another oblast of the same country.

    Natural Earth's admin-1 polygons share their vertices along common
    borders, so an edge is interior exactly when it appears in two oblasts of
    the same country. Only edges with an end inside ``box`` are kept.
    """
    countries: dict[tuple[Point, Point], set[str]] = defaultdict(set)
    counts: dict[tuple[Point, Point], int] = defaultdict(int)
    for feature in features:
        country = country_of(feature["properties"]["iso_3166_2"])
        for polygon in rounded_polygons(feature["geometry"]):
            for ring in polygon:
                for a, b in pairwise(ring):
                    key = (a, b) if a <= b else (b, a)
                    countries[key].add(country)
                    counts[key] += 1
    return {
        key
        for key, count in counts.items()
        if (count == 1 or len(countries[key]) > 1)
        and any(inside(point, box) for point in key)
    }


def inside(point: Point, box: tuple[float, float, float, float]) -> bool:
    """Tell whether a point lies in a bounding box."""
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def chain(segments: set[tuple[Point, Point]]) -> list[list[Point]]:
    """Join segments into polylines, in a deterministic order."""
    neighbours: dict[Point, list[Point]] = defaultdict(list)
    for a, b in sorted(segments):
        neighbours[a].append(b)
        neighbours[b].append(a)
    used: set[tuple[Point, Point]] = set()

    def key(a: Point, b: Point) -> tuple[Point, Point]:
        return (a, b) if a <= b else (b, a)

    def walk(start: Point, step: Point) -> list[Point]:
        line = [start]
        current, previous = step, start
        used.add(key(start, step))
        while True:
            line.append(current)
            if len(neighbours[current]) != 2:
                return line
            following = [p for p in neighbours[current] if key(current, p) not in used]
            if not following:
                return line
            previous, current = current, following[0]
            used.add(key(previous, current))

    lines = []
    ends = sorted(p for p, near in neighbours.items() if len(near) != 2)
    for start in [*ends, *sorted(neighbours)]:
        for step in sorted(neighbours[start]):
            if key(start, step) not in used:
                lines.append(walk(start, step))
    return lines


def point_in_rings(point: Point, rings: Iterable[Coordinates]) -> bool:
    """Tell whether a point is inside, by the even-odd rule over all rings."""
    x, y = point
    result = False
    for ring in rings:
        for (x1, y1), (x2, y2) in pairwise(ring):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                result = not result
    return result


def build(source: dict) -> dict:
    """Build the vendored FeatureCollection from the Natural Earth one."""
    everything = [
        f for f in source["features"] if f["properties"]["adm0_a3"] in {"UKR", "RUS"}
    ]
    oblasts: list[dict[str, Any]] = []
    for feature in everything:
        shapes = rounded_polygons(feature["geometry"])
        if not meets(BBOX, bounds(ring for polygon in shapes for ring in polygon)):
            continue
        code = feature["properties"]["iso_3166_2"]
        geometry: dict = (
            {"type": "Polygon", "coordinates": shapes[0]}
            if len(shapes) == 1
            else {"type": "MultiPolygon", "coordinates": shapes}
        )
        oblasts.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "oblast",
                    "iso_3166_2": code,
                    "name_en": feature["properties"]["name_en"],
                    "country": country_of(code),
                },
                "geometry": geometry,
            }
        )
    oblasts.sort(
        key=lambda f: (f["properties"]["country"], f["properties"]["iso_3166_2"])
    )
    codes = {f["properties"]["iso_3166_2"] for f in oblasts}
    missing = sorted(set(REQUIRED) - codes)
    if missing:
        raise SystemExit(f"the selection lacks {missing}: widen BBOX")
    covered = bounds(
        ring for f in oblasts for polygon in polygons(f["geometry"]) for ring in polygon
    )
    lines = chain(border_segments(everything, covered))
    features = [*oblasts]
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "country_border", "name_en": "Country borders"},
            "geometry": {"type": "MultiLineString", "coordinates": lines},
        }
    )
    for country, name, lon, lat in LABELS:
        check_label(oblasts, country, name, (lon, lat))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "country_label",
                    "name_en": name,
                    "country": country,
                },
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def check_label(oblasts: list[dict], country: str, name: str, point: Point) -> None:
    """Fail when a label point does not lie in its country."""
    found = {
        f["properties"]["country"]
        for f in oblasts
        if point_in_rings(
            point, (ring for polygon in polygons(f["geometry"]) for ring in polygon)
        )
    }
    expected = {country} & {"UA", "RU"}
    if found != expected:
        raise SystemExit(
            f"label point of {name} {point} falls in {sorted(found) or 'no oblast'}"
        )


def dumps(collection: dict) -> bytes:
    """Compact, deterministic JSON with one feature per line."""
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":"))
        for f in collection["features"]
    ]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    return text.encode("utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def summarise(collection: dict) -> Iterator[str]:
    """Yield lines telling what was written."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for feature in collection["features"]:
        properties = feature["properties"]
        kinds[properties["kind"]].append(
            properties.get("iso_3166_2") or properties["name_en"]
        )
    for kind, names in kinds.items():
        yield f"{kind}: {len(names)} ({', '.join(names)})"


def main(argv: list[str] | None = None) -> None:
    """Command line: read the Natural Earth file, write the vendored subset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    raw = args.source.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(
            f"{args.source} has SHA-256 {digest}, not the {SOURCE_SHA256} that "
            "PROVENANCE.md records: check the file before vendoring it"
        )
    collection = build(json.loads(raw))
    data = dumps(collection)
    if json.loads(data) != json.loads(json.dumps(collection)):
        raise SystemExit("the written JSON does not read back equal")
    atomic_write(args.out, data)
    for line in summarise(collection):
        print(line)
    print(f"wrote {args.out} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
