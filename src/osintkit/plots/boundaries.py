"""Oblast boundaries for offline maps, and the user's own GeoJSON overlays.

The kit ships the oblasts around the Russia-Ukraine border as package data
(``osintkit/data/boundaries/border_oblasts.geojson``, Natural Earth, public
domain; ``scripts/vendor_boundaries.py`` builds it and its README says how).
Maps draw them on ordinary longitude/latitude axes, so nothing is fetched
from the network: no tiles, no topojson.

Front lines and occupied areas are never bundled: :func:`read_overlay` reads
a GeoJSON file the user chooses.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from osintkit.errors import OsintkitError

__all__ = [
    "BORDER_FRAME",
    "BOUNDARIES_RESOURCE",
    "Boundaries",
    "Oblast",
    "OverlayError",
    "OverlayShape",
    "aspect_ratio",
    "label_point",
    "load_boundaries",
    "read_overlay",
]

#: Where the vendored file lives inside the package.
BOUNDARIES_RESOURCE = "data/boundaries/border_oblasts.geojson"

#: Default map frame (lon_min, lat_min, lon_max, lat_max): Chernihiv and
#: Bryansk in the north to Kharkiv in the south, Belarus's corner to Voronezh.
BORDER_FRAME = (30.6, 49.0, 39.6, 53.8)


class OverlayError(OsintkitError, ValueError):
    """An overlay file is not GeoJSON the maps can draw; the message says why."""


@dataclass(frozen=True)
class Oblast:
    """One oblast's outline.

    Attributes
    ----------
    code : str
        ISO 3166-2 code (``RU-BEL``).
    name : str
        English name (Natural Earth's ``name_en``).
    country : str
        ``UA`` or ``RU`` by internationally recognised borders.
    polygons : tuple of tuple of numpy.ndarray
        Each polygon's rings (exterior first), ``(n, 2)`` lon/lat arrays,
        exteriors counter-clockwise and holes clockwise.
    """

    code: str
    name: str
    country: str
    polygons: tuple[tuple[np.ndarray, ...], ...]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(lon_min, lat_min, lon_max, lat_max)."""
        points = np.vstack([ring for polygon in self.polygons for ring in polygon])
        (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)


@dataclass(frozen=True)
class Boundaries:
    """The vendored border-region shapes.

    Attributes
    ----------
    oblasts : tuple of Oblast
        Sorted by country, then code.
    borders : tuple of numpy.ndarray
        Country borders and coast as ``(n, 2)`` polylines.
    labels : tuple of (str, float, float)
        Country names and where to write them.
    """

    oblasts: tuple[Oblast, ...]
    borders: tuple[np.ndarray, ...]
    labels: tuple[tuple[str, float, float], ...]

    def oblast(self, code: str) -> Oblast | None:
        """Return the oblast with this ISO 3166-2 code, if the file has it."""
        for oblast in self.oblasts:
            if oblast.code == code:
                return oblast
        return None


@dataclass(frozen=True)
class OverlayShape:
    """One drawable part of an overlay feature.

    Attributes
    ----------
    kind : str
        ``polygon``, ``line`` or ``point``.
    rings : tuple of numpy.ndarray
        Polygon rings (exterior first), one polyline, or one ``(1, 2)`` point.
    name : str
        The feature's ``name`` property (or ``title``), raw: escape it to show.
    """

    kind: str
    rings: tuple[np.ndarray, ...]
    name: str


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)) / 2.0


def _orient(rings: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Exterior counter-clockwise, holes clockwise (either fill rule then works)."""
    oriented = []
    for i, ring in enumerate(rings):
        clockwise = _signed_area(ring) < 0
        wanted_clockwise = i > 0
        oriented.append(ring[::-1].copy() if clockwise != wanted_clockwise else ring)
    return tuple(oriented)


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


@functools.cache
def load_boundaries() -> Boundaries:
    """Return the vendored oblast boundaries of the border region.

    Returns
    -------
    Boundaries
        Oblasts, country borders and country label points; cached, so every
        map shares one copy.

    Examples
    --------
    >>> shapes = load_boundaries()
    >>> [o.code for o in shapes.oblasts if o.code in {"RU-BEL", "UA-59"}]
    ['RU-BEL', 'UA-59']
    >>> shapes.oblast("UA-43").country  # Crimea is Ukraine
    'UA'
    """
    text = resources.files("osintkit").joinpath(BOUNDARIES_RESOURCE).read_text("utf-8")
    oblasts: list[Oblast] = []
    borders: list[np.ndarray] = []
    labels: list[tuple[str, float, float]] = []
    for feature in json.loads(text)["features"]:
        properties, geometry = feature["properties"], feature["geometry"]
        if properties["kind"] == "oblast":
            polygons = tuple(
                _orient([np.asarray(ring, dtype="float64") for ring in polygon])
                for polygon in _polygons(geometry)
            )
            oblasts.append(
                Oblast(
                    properties["iso_3166_2"],
                    properties["name_en"],
                    properties["country"],
                    polygons,
                )
            )
        elif properties["kind"] == "country_border":
            borders.extend(
                np.asarray(line, dtype="float64") for line in geometry["coordinates"]
            )
        elif properties["kind"] == "country_label":
            lon, lat = geometry["coordinates"]
            labels.append((properties["name_en"], float(lon), float(lat)))
    oblasts.sort(key=lambda o: (o.country, o.code))
    return Boundaries(tuple(oblasts), tuple(borders), tuple(labels))


def label_point(polygons: Iterable[tuple[np.ndarray, ...]]) -> tuple[float, float]:
    """Return where to label a shape: the centroid of its largest exterior ring.

    Examples
    --------
    >>> square = np.array([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], dtype=float)
    >>> label_point([(square,)])
    (1.0, 1.0)
    """
    exterior = max(
        (polygon[0] for polygon in polygons), key=lambda r: abs(_signed_area(r))
    )
    x, y = exterior[:, 0], exterior[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2.0
    if area == 0:
        return float(x.mean()), float(y.mean())
    cx = ((x + np.roll(x, -1)) * cross).sum() / (6.0 * area)
    cy = ((y + np.roll(y, -1)) * cross).sum() / (6.0 * area)
    return float(cx), float(cy)


def _coordinates(values: object, where: str) -> np.ndarray:
    """Check a list of positions and return it as an ``(n, 2)`` array."""
    try:
        array = np.asarray(values, dtype="float64")
    except (TypeError, ValueError) as exc:
        raise OverlayError(f"{where}: coordinates are not numbers ({exc})") from None
    if array.ndim != 2 or array.shape[1] < 2 or len(array) == 0:
        raise OverlayError(
            f"{where}: expected a list of [longitude, latitude] positions"
        )
    array = array[:, :2]
    if not np.isfinite(array).all():
        raise OverlayError(f"{where}: a coordinate is not a finite number")
    lon, lat = array[:, 0], array[:, 1]
    if (np.abs(lon) > 180).any() or (np.abs(lat) > 90).any():
        raise OverlayError(
            f"{where}: a position lies outside longitude -180..180 / latitude "
            "-90..90; GeoJSON is [longitude, latitude] in WGS 84 (are they swapped "
            "or projected?)"
        )
    return array


def _shapes(geometry: object, name: str, where: str) -> Iterator[OverlayShape]:
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise OverlayError(f"{where}: not a GeoJSON geometry")
    kind = geometry["type"]
    coords = geometry.get("coordinates")
    if kind == "GeometryCollection":
        for i, part in enumerate(geometry.get("geometries") or []):
            yield from _shapes(part, name, f"{where}, geometry {i}")
    elif kind in {"Polygon", "MultiPolygon"}:
        polygons = [coords] if kind == "Polygon" else coords
        for i, polygon in enumerate(polygons or []):
            rings = [
                _coordinates(ring, f"{where}, polygon {i}, ring {j}")
                for j, ring in enumerate(polygon)
            ]
            if rings:
                yield OverlayShape("polygon", _orient(rings), name)
    elif kind in {"LineString", "MultiLineString"}:
        for i, line in enumerate([coords] if kind == "LineString" else coords or []):
            yield OverlayShape(
                "line", (_coordinates(line, f"{where}, line {i}"),), name
            )
    elif kind in {"Point", "MultiPoint"}:
        for point in [coords] if kind == "Point" else coords or []:
            yield OverlayShape("point", (_coordinates([point], where),), name)
    else:
        raise OverlayError(f"{where}: unknown geometry type {kind!r}")


def read_overlay(path: str | Path) -> list[OverlayShape]:
    """Read a GeoJSON file to draw over a map (a front line, occupied areas).

    Parameters
    ----------
    path : str or pathlib.Path
        A GeoJSON FeatureCollection, Feature or geometry in WGS 84
        longitude/latitude.

    Returns
    -------
    list of OverlayShape
        Every polygon, line and point, in file order.

    Raises
    ------
    OverlayError
        When the file is not JSON, not GeoJSON, or has a position that is not
        a longitude/latitude pair; the message names the feature.
    """
    path = Path(path)
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OverlayError(f"cannot read overlay {path}: {exc}") from None
    if not isinstance(document, dict):
        raise OverlayError(f"{path}: not a GeoJSON object")
    if document.get("type") == "FeatureCollection":
        features = document.get("features") or []
    elif document.get("type") == "Feature":
        features = [document]
    else:
        features = [{"type": "Feature", "geometry": document, "properties": {}}]
    shapes: list[OverlayShape] = []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict):
            raise OverlayError(f"{path}: feature {i} is not an object")
        properties = feature.get("properties") or {}
        name = properties.get("name") or properties.get("title") or ""
        if feature.get("geometry") is None:
            continue  # GeoJSON allows features without geometry: nothing to draw
        shapes.extend(_shapes(feature["geometry"], str(name), f"{path}: feature {i}"))
    return shapes


def aspect_ratio(lat_min: float, lat_max: float) -> float:
    """Return y/x display scale that makes a degree of longitude look right.

    A degree of longitude is ``cos(latitude)`` as long as a degree of latitude;
    at 51°N the y axis is stretched by about 1.59.

    Examples
    --------
    >>> round(aspect_ratio(50.0, 52.0), 2)
    1.59
    """
    return 1.0 / math.cos(math.radians((lat_min + lat_max) / 2.0))
