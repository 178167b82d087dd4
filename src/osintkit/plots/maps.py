"""Map of claims and incidents over the border oblasts, fully offline.

:func:`locate_claims` and :func:`locate_incidents` say where each claim and
incident can be drawn, and how exactly; :func:`plot_map` draws them over the
vendored oblast boundaries (see :mod:`osintkit.plots.boundaries`) on plain
longitude/latitude axes, with the y axis stretched so that shapes look right
at about 51°N. No tiles and no plotly geo subplot: nothing is fetched.

How a claim is located, most exact first:

1. its own ``latitude``/``longitude`` (a point);
2. when its ``geo_precision`` is ``exact``, ``settlement`` or ``district``,
   the coordinates of the settlements among its ``place_ids`` (a point each;
   ``district`` points are hollow, meaning "somewhere around here");
3. otherwise, or when none of its places has coordinates, its oblasts
   (``admin1_codes``, else the oblasts of its places): the oblast is shaded,
   darker the more such claims it has, so an oblast-level claim is never
   drawn as if it had a precise point;
4. a claim with none of these is counted in the note under the map.

Every map carries the Natural Earth credit. Front lines or occupied areas are
drawn only from the GeoJSON file passed as ``overlay``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
import pandas as pd

from osintkit.plots.boundaries import (
    BORDER_FRAME,
    Oblast,
    OverlayShape,
    aspect_ratio,
    label_point,
    load_boundaries,
    read_overlay,
)
from osintkit.plots.columns import (
    SOURCE_COLUMNS_HINT,
    column,
    require_columns,
    split_ids,
)
from osintkit.plots.figures import (
    Backend,
    add_note,
    check_backend,
    new_figure,
    new_plotly_figure,
    side_legend_handles,
)
from osintkit.plots.spec import PlotlySpec, Trace, scatter
from osintkit.plots.style import (
    CREDIT_NATURAL_EARTH,
    side_colour,
    side_label,
    sort_sides,
)
from osintkit.plots.text import hover_html, html_text, matplotlib_text, mpl_text

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.path import Path as MplPath

__all__ = ["LOCATION_COLUMNS", "locate_claims", "locate_incidents", "plot_map"]

#: Columns of :func:`locate_claims`.
LOCATION_COLUMNS = (
    "claim_id",
    "kind",
    "lon",
    "lat",
    "admin1_code",
    "geo_precision",
    "located_by",
    "place_name",
    "source_side",
    "source_name",
    "source_reliability",
    "claim_type",
    "status",
    "summary",
    "url",
)

#: Geo precisions that put a claim on its settlements' points.
POINT_PRECISIONS = frozenset({"exact", "settlement", "district"})
#: Points drawn hollow: the claim is only near there.
APPROXIMATE_PRECISIONS = frozenset({"district"})

COUNTRY_FILL = {"UA": "#f5f1dc", "RU": "#ececec"}
OBLAST_EDGE = "#a0a0a0"
BORDER_COLOUR = "#333333"
AREA_COLOUR = (118, 42, 131)  # oblast-level claims (purple)
INCIDENT_EDGE = "#000000"
OVERLAY_COLOUR = "#d62728"
#: Margin (degrees) around drawn points when the frame grows to hold them.
MARGIN = 0.3
#: How far apart (degrees) claims of different sides at one place are drawn.
SIDE_RING = 0.05


#: Gazetteer rows by place_id: place_type, name, admin1_code, latitude, longitude.
Gazetteer = dict[str, dict[str, Any]]


def _gazetteer(places: pd.DataFrame | None) -> Gazetteer:
    if places is None:
        return {}
    require_columns(places, ["place_id", "latitude", "longitude"], "places")
    table = pd.DataFrame(
        {
            "place_id": places["place_id"].astype("str").to_numpy(),
            "place_type": column(places, "place_type").astype("object").to_numpy(),
            "name": column(places, "name").astype("object").to_numpy(),
            "admin1_code": column(places, "admin1_code").astype("object").to_numpy(),
            "latitude": pd.to_numeric(places["latitude"], errors="coerce").to_numpy(),
            "longitude": pd.to_numeric(places["longitude"], errors="coerce").to_numpy(),
        }
    ).drop_duplicates("place_id")
    return {
        str(row["place_id"]): {str(key): value for key, value in row.items()}
        for row in table.to_dict("records")
    }


def _point_places(
    ids: list[str], places: Gazetteer
) -> list[tuple[str, str, float, float]]:
    found = []
    for place_id in ids:
        place = places.get(place_id)
        if place is None or place["place_type"] in {"oblast", "country"}:
            continue
        lon, lat = float(place["longitude"]), float(place["latitude"])
        if math.isfinite(lon) and math.isfinite(lat):
            found.append((place_id, str(place["name"]), lon, lat))
    return found


def _oblast_codes(codes: list[str], ids: list[str], places: Gazetteer) -> list[str]:
    if codes:
        return codes
    found: list[str] = []
    for place_id in ids:
        place = places.get(place_id)
        if place is None:
            continue
        code = place_id if place["place_type"] == "oblast" else place["admin1_code"]
        if isinstance(code, str) and code and code not in found:
            found.append(code)
    return found


def locate_claims(
    claims: pd.DataFrame, *, places: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return where each claim can be drawn: points, oblasts, or nowhere.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with ``claim_id``, ``geo_precision``, ``place_ids``,
        ``admin1_codes``, ``latitude``, ``longitude`` and the source columns
        (see :func:`osintkit.selection.with_source_columns`).
    places : pandas.DataFrame, optional
        The gazetteer (``ds.reference["places"]``), for the coordinates of
        ``place_ids``; without it only the claims' own coordinates are points.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LOCATION_COLUMNS`, one row per (claim, location):
        ``kind`` ``point`` (``lon``/``lat``), ``oblast`` (``admin1_code``)
        or ``none``; ``located_by`` says which rule placed it (see the module
        docstring). A claim naming two villages has two points.

    Examples
    --------
    >>> places = pd.DataFrame({"place_id": ["gn-1"], "place_type": ["settlement"],
    ...     "name": ["Tyotkino"], "admin1_code": ["RU-KRS"],
    ...     "latitude": [51.27], "longitude": [34.30]})
    >>> claims = pd.DataFrame({"claim_id": ["c1", "c2", "c3"],
    ...     "geo_precision": ["settlement", "oblast", "unknown"],
    ...     "place_ids": ["gn-1", "RU-BEL", None],
    ...     "admin1_codes": ["RU-KRS", "RU-BEL", None], "source_side": ["russia"] * 3})
    >>> located = locate_claims(claims, places=places)
    >>> located[["claim_id", "kind", "lon", "admin1_code"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['c1', 'point', 34.3, nan], ['c2', 'oblast', nan, 'RU-BEL'],
     ['c3', 'none', nan, nan]]
    """
    require_columns(claims, ["claim_id", "source_side"], "claims", SOURCE_COLUMNS_HINT)
    table = _gazetteer(places)
    latitude = pd.to_numeric(column(claims, "latitude"), errors="coerce").to_numpy()
    longitude = pd.to_numeric(column(claims, "longitude"), errors="coerce").to_numpy()
    precision = (
        column(claims, "geo_precision").fillna("unknown").astype("str").to_numpy()
    )
    place_ids = column(claims, "place_ids").map(split_ids).to_numpy()
    codes = column(claims, "admin1_codes").map(split_ids).to_numpy()
    rows: list[dict[str, object]] = []
    for i, claim_id in enumerate(claims["claim_id"].astype("str")):
        base = {"claim_id": claim_id, "geo_precision": precision[i], "row": i}
        if np.isfinite(latitude[i]) and np.isfinite(longitude[i]):
            rows.append(
                base
                | {
                    "kind": "point",
                    "lon": longitude[i],
                    "lat": latitude[i],
                    "located_by": "claim coordinates",
                }
            )
            continue
        note = ""
        if precision[i] in POINT_PRECISIONS:
            points = _point_places(place_ids[i], table)
            for place_id, name, lon, lat in points:
                rows.append(
                    base
                    | {
                        "kind": "point",
                        "lon": lon,
                        "lat": lat,
                        "place_name": name,
                        "located_by": f"place {place_id}",
                    }
                )
            if points:
                continue
            note = " (its places have no coordinates)"
        oblasts = _oblast_codes(codes[i], place_ids[i], table)
        for code in oblasts:
            rows.append(
                base
                | {"kind": "oblast", "admin1_code": code, "located_by": "oblast" + note}
            )
        if not oblasts:
            rows.append(base | {"kind": "none", "located_by": "no location"})
    located = pd.DataFrame(rows)
    if located.empty:
        return pd.DataFrame(columns=list(LOCATION_COLUMNS))
    positions = located.pop("row").to_numpy()
    for name, default in (
        ("source_side", "unknown"),
        ("source_name", None),
        ("source_reliability", None),
        ("claim_type", None),
        ("status", None),
        ("summary", None),
        ("url", None),
    ):
        values = column(claims, name).to_numpy()[positions]
        located[name] = values if default is None else pd.Series(values).fillna(default)
    located["source_name"] = located["source_name"].fillna(
        pd.Series(column(claims, "source_id").to_numpy()[positions])
    )
    return located.reindex(columns=list(LOCATION_COLUMNS))


def locate_incidents(
    incidents: pd.DataFrame, *, places: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return where each incident can be drawn: its settlements, else its oblasts.

    Parameters
    ----------
    incidents : pandas.DataFrame
        Incidents with ``incident_id``, ``place_ids`` and ``admin1_codes``.
    places : pandas.DataFrame, optional
        The gazetteer.

    Returns
    -------
    pandas.DataFrame
        ``incident_id``, ``title``, ``kind`` (``point``, ``oblast`` or
        ``none``), ``lon``, ``lat``, ``admin1_code``, ``place_name``.

    Examples
    --------
    >>> incidents = pd.DataFrame({"incident_id": ["I1"], "title": ["Raid"],
    ...     "place_ids": ["RU-BEL"], "admin1_codes": ["RU-BEL"]})
    >>> located = locate_incidents(incidents)
    >>> located[["incident_id", "kind", "admin1_code"]].values.tolist()
    [['I1', 'oblast', 'RU-BEL']]
    """
    require_columns(incidents, ["incident_id"], "incidents")
    table = _gazetteer(places)
    rows: list[dict[str, object]] = []
    titles = column(incidents, "title").to_numpy()
    place_ids = column(incidents, "place_ids").map(split_ids).to_numpy()
    codes = column(incidents, "admin1_codes").map(split_ids).to_numpy()
    for i, incident_id in enumerate(incidents["incident_id"].astype("str")):
        base = {"incident_id": incident_id, "title": titles[i]}
        points = _point_places(place_ids[i], table)
        for _, name, lon, lat in points:
            rows.append(
                base | {"kind": "point", "lon": lon, "lat": lat, "place_name": name}
            )
        if points:
            continue
        oblasts = _oblast_codes(codes[i], place_ids[i], table)
        rows.extend(base | {"kind": "oblast", "admin1_code": code} for code in oblasts)
        if not oblasts:
            rows.append(base | {"kind": "none"})
    columns = [
        "incident_id",
        "title",
        "kind",
        "lon",
        "lat",
        "admin1_code",
        "place_name",
    ]
    return pd.DataFrame(rows).reindex(columns=columns)


# --------------------------------------------------------------------------
# what to draw, backend-neutral


def _frame(
    points: Iterable[tuple[float, float]],
    frame: tuple[float, float, float, float] | None,
) -> tuple[float, float, float, float]:
    if frame is not None:
        return frame
    x0, y0, x1, y1 = BORDER_FRAME
    for lon, lat in points:
        x0, x1 = min(x0, lon - MARGIN), max(x1, lon + MARGIN)
        y0, y1 = min(y0, lat - MARGIN), max(y1, lat + MARGIN)
    return x0, y0, x1, y1


def _meets(bounds: tuple[float, float, float, float], frame: tuple[float, ...]) -> bool:
    return (
        bounds[0] <= frame[2]
        and frame[0] <= bounds[2]
        and bounds[1] <= frame[3]
        and (frame[1] <= bounds[3])
    )


def _inside(x: float, y: float, frame: tuple[float, ...]) -> bool:
    return frame[0] <= x <= frame[2] and frame[1] <= y <= frame[3]


def _point_groups(points: pd.DataFrame) -> pd.DataFrame:
    """One marker per place, side and exactness; sides at one place form a ring."""
    if points.empty:
        return pd.DataFrame(
            columns=[
                "lon",
                "lat",
                "source_side",
                "approximate",
                "claims",
                "x",
                "y",
                "hover",
            ]
        )
    points = points.assign(
        approximate=points["geo_precision"].isin(APPROXIMATE_PRECISIONS),
        lon=points["lon"].round(5),
        lat=points["lat"].round(5),
    ).sort_values("claim_id", kind="stable")  # hover lists claims in id order
    rows = []
    for (lon, lat, side, approximate), group in points.groupby(
        ["lon", "lat", "source_side", "approximate"], sort=True
    ):
        rows.append(
            {
                "lon": lon,
                "lat": lat,
                "source_side": side,
                "approximate": approximate,
                "claims": group["claim_id"].nunique(),
                "hover": _point_hover(group),
            }
        )
    groups = pd.DataFrame(rows)
    rank = {side: i for i, side in enumerate(sort_sides(groups["source_side"]))}
    groups = groups.assign(_rank=groups["source_side"].map(rank)).sort_values(
        ["lon", "lat", "_rank", "approximate"], kind="stable"
    )
    at_place = groups.groupby(["lon", "lat"], sort=False)
    k = at_place.cumcount().to_numpy()
    n = at_place["lon"].transform("size").to_numpy()
    angle = np.pi / 2 - 2 * np.pi * k / n
    ring = np.where(n > 1, SIDE_RING, 0.0)
    lats = groups["lat"].to_numpy(dtype="float64")
    # a circle on screen: a degree of longitude is cos(lat) degrees of latitude
    xs = groups["lon"].to_numpy(dtype="float64") + ring * np.cos(angle) / np.cos(
        np.radians(lats)
    )
    ys = lats + ring * np.sin(angle)
    groups = groups.assign(x=xs, y=ys).drop(columns="_rank")
    return groups.reset_index(drop=True)


def _point_hover(group: pd.DataFrame, limit: int = 8) -> str:
    ids = group["claim_id"].tolist()
    first_of: dict[object, int] = {}
    for k, claim_id in enumerate(ids):
        first_of.setdefault(claim_id, k)
    columns = {
        name: group[name].tolist()
        for name in (
            "source_name",
            "source_reliability",
            "claim_type",
            "status",
            "summary",
            "url",
        )
    }
    first = group.iloc[0]
    lines = [
        hover_html(
            [
                (
                    "place",
                    first["place_name"] if pd.notna(first["place_name"]) else None,
                ),
                ("located by", first["located_by"]),
                ("side", side_label(first["source_side"])),
                ("claims", len(first_of)),
            ]
        )
    ]
    for claim_id, k in list(first_of.items())[:limit]:
        claim = {name: values[k] for name, values in columns.items()}
        grade = claim["source_reliability"]
        source = (
            f"{claim['source_name']} ({grade})"
            if isinstance(grade, str)
            else claim["source_name"]
        )
        about = (claim_id, source, claim["claim_type"], claim["status"])
        url = claim["url"]
        lines.append(
            "• "
            + html_text(" · ".join(str(v) for v in about))
            + ": "
            + html_text(claim["summary"], max_chars=140)
            + (f"<br>  {html_text(url, max_chars=120)}" if pd.notna(url) else "")
        )
    more = len(first_of) - limit
    if more > 0:
        lines.append(f"… and {more} more")
    return "<br>".join(lines)


def _area_counts(located: pd.DataFrame) -> pd.Series:
    areas = located[located["kind"] == "oblast"]
    return areas.groupby("admin1_code")["claim_id"].nunique().sort_index()


def _area_alpha(count: int, most: int) -> float:
    return 0.15 + 0.45 * count / max(most, 1)


def _note(
    located: pd.DataFrame,
    outside: int,
    overlay: Path | None,
    overlay_credit: str | None,
) -> str:
    lines = [CREDIT_NATURAL_EARTH + "."]
    if overlay is not None:
        lines[0] += (
            f" Overlay: {overlay_credit or overlay.name} (supplied by the user)."
        )
    nowhere = located.loc[located["kind"] == "none", "claim_id"].nunique()
    unknown_areas = located.loc[
        (located["kind"] == "oblast")
        & ~located["admin1_code"].isin([o.code for o in load_boundaries().oblasts]),
        "claim_id",
    ].nunique()
    extra = []
    if nowhere:
        extra.append(f"{nowhere} claim(s) have no location and are not drawn")
    if unknown_areas:
        extra.append(
            f"{unknown_areas} claim(s) name oblasts outside the bundled boundaries"
        )
    if outside:
        extra.append(f"{outside} incident or claim point(s) lie outside the frame")
    if extra:
        lines.append("; ".join(extra) + ".")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# drawing


@overload
def plot_map(
    claims: pd.DataFrame,
    *,
    places: pd.DataFrame | None = ...,
    incidents: pd.DataFrame | None = ...,
    overlay: str | Path | None = ...,
    overlay_credit: str | None = ...,
    frame: tuple[float, float, float, float] | None = ...,
    title: str | None = ...,
    backend: Literal["matplotlib"] = ...,
) -> Figure: ...
@overload
def plot_map(
    claims: pd.DataFrame,
    *,
    places: pd.DataFrame | None = ...,
    incidents: pd.DataFrame | None = ...,
    overlay: str | Path | None = ...,
    overlay_credit: str | None = ...,
    frame: tuple[float, float, float, float] | None = ...,
    title: str | None = ...,
    backend: Literal["plotly"],
) -> go.Figure: ...
@overload
def plot_map(
    claims: pd.DataFrame,
    *,
    places: pd.DataFrame | None = ...,
    incidents: pd.DataFrame | None = ...,
    overlay: str | Path | None = ...,
    overlay_credit: str | None = ...,
    frame: tuple[float, float, float, float] | None = ...,
    title: str | None = ...,
    backend: Literal["plotly-json"],
) -> PlotlySpec: ...
def plot_map(
    claims: pd.DataFrame,
    *,
    places: pd.DataFrame | None = None,
    incidents: pd.DataFrame | None = None,
    overlay: str | Path | None = None,
    overlay_credit: str | None = None,
    frame: tuple[float, float, float, float] | None = None,
    title: str | None = "Claims and incidents by location",
    backend: Backend = "matplotlib",
) -> Figure | go.Figure | PlotlySpec:
    """Map claims and incidents over the oblasts of the border region, offline.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with source columns (see :func:`locate_claims`).
    places : pandas.DataFrame, optional
        The gazetteer, for the coordinates of ``place_ids``.
    incidents : pandas.DataFrame, optional
        Incidents: black rings at their settlements, or a dashed outline
        of their oblasts.
    overlay : str or pathlib.Path, optional
        A GeoJSON file (a front line, occupied areas) drawn in red on top.
        The kit bundles none.
    overlay_credit : str, optional
        Credit for the overlay, shown under the map (default: its file name).
    frame : (lon_min, lat_min, lon_max, lat_max), optional
        Area shown; by default :data:`osintkit.plots.boundaries.BORDER_FRAME`,
        grown to hold every point.
    title : str, optional
        Figure title.
    backend : {"matplotlib", "plotly", "plotly-json"}
        Kind of figure.

    Returns
    -------
    matplotlib.figure.Figure, plotly.graph_objects.Figure or PlotlySpec
        The map, with the Natural Earth credit and a note of what could not
        be drawn. With no claims and no incidents, the boundaries and a
        title saying there is nothing to show.

    Raises
    ------
    osintkit.plots.boundaries.OverlayError
        When ``overlay`` is not a GeoJSON file of longitude/latitude shapes.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["c1"], "geo_precision": ["oblast"],
    ...     "admin1_codes": ["RU-BEL"], "source_side": ["russia"]})
    >>> figure = plot_map(claims, backend="plotly")
    >>> "Natural Earth" in figure.layout.annotations[-1].text
    True
    """
    check_backend(backend)
    located = locate_claims(claims, places=places)
    located_incidents = (
        locate_incidents(incidents, places=places)
        if incidents is not None and not incidents.empty
        else pd.DataFrame(
            columns=["incident_id", "title", "kind", "lon", "lat", "admin1_code"]
        )
    )
    shapes = read_overlay(overlay) if overlay is not None else []
    points = located[located["kind"] == "point"]
    incident_points = located_incidents[located_incidents["kind"] == "point"]
    all_points = [
        *zip(points["lon"], points["lat"], strict=True),
        *zip(incident_points["lon"], incident_points["lat"], strict=True),
    ]
    view = _frame(all_points, frame)
    outside = sum(not _inside(x, y, view) for x, y in all_points)
    note = _note(
        located, outside, Path(overlay) if overlay is not None else None, overlay_credit
    )
    if claims.empty and located_incidents.empty:
        title = "No claims or incidents to map" + (f": {title}" if title else "")
    if backend != "matplotlib":
        return _plotly_map(
            located, located_incidents, shapes, view, title, note, backend
        )
    return _matplotlib_map(located, located_incidents, shapes, view, title, note)


def _oblasts_in(view: tuple[float, float, float, float]) -> list[Oblast]:
    return [o for o in load_boundaries().oblasts if _meets(o.bounds, view)]


def _ring_path(rings: Iterable[np.ndarray]) -> MplPath:
    from matplotlib.path import Path as MplPath

    vertices, codes = [], []
    for ring in rings:
        vertices.append(ring)
        ring_codes = np.full(len(ring), MplPath.LINETO, dtype=MplPath.code_type)
        ring_codes[0] = MplPath.MOVETO
        ring_codes[-1] = MplPath.CLOSEPOLY
        codes.append(ring_codes)
    return MplPath(np.vstack(vertices), np.concatenate(codes))


def _rgba(rgb: tuple[int, int, int], alpha: float) -> str:
    return f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{alpha:.3f})"


def _incident_areas(located_incidents: pd.DataFrame) -> dict[str, list[str]]:
    areas = located_incidents[located_incidents["kind"] == "oblast"]
    result: dict[str, list[str]] = {}
    for code, group in areas.groupby("admin1_code", sort=True):
        result[str(code)] = [
            f"{i} · {t}" if isinstance(t, str) else str(i)
            for i, t in zip(group["incident_id"], group["title"], strict=True)
        ]
    return result


def _matplotlib_map(
    located: pd.DataFrame,
    located_incidents: pd.DataFrame,
    shapes: list[OverlayShape],
    view: tuple[float, float, float, float],
    title: str | None,
    note: str,
) -> Figure:
    from matplotlib.patches import PathPatch

    boundaries = load_boundaries()
    counts = _area_counts(located)
    most = int(counts.max()) if len(counts) else 0
    incident_areas = _incident_areas(located_incidents)
    with matplotlib_text():
        figure = new_figure(10, 8)
        axes = figure.add_subplot()
        for oblast in _oblasts_in(view):
            count = int(counts.get(oblast.code, 0))
            face: str | tuple[float, float, float, float]
            if count:
                r, g, b = (c / 255 for c in AREA_COLOUR)
                face = (r, g, b, _area_alpha(count, most))
            else:
                face = COUNTRY_FILL.get(oblast.country, "#ffffff")
            for polygon in oblast.polygons:
                patch = PathPatch(
                    _ring_path(polygon),
                    facecolor=face,
                    edgecolor=OBLAST_EDGE,
                    linewidth=0.5,
                    zorder=1,
                )
                patch.set_gid(f"oblast:{oblast.code}")
                axes.add_patch(patch)
                if oblast.code in incident_areas:
                    outline = PathPatch(
                        _ring_path(polygon),
                        facecolor="none",
                        edgecolor=INCIDENT_EDGE,
                        linewidth=1.4,
                        linestyle="--",
                        zorder=4,
                    )
                    outline.set_gid(f"incident-area:{oblast.code}")
                    axes.add_patch(outline)
            x, y = label_point(oblast.polygons)
            if _inside(x, y, view):
                text = oblast.name + (
                    f"\n{count} oblast-level claim(s)" if count else ""
                )
                axes.text(
                    x,
                    y,
                    mpl_text(text),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="#555555",
                    zorder=5,
                )
        for line in boundaries.borders:
            axes.plot(
                line[:, 0], line[:, 1], color=BORDER_COLOUR, linewidth=1.2, zorder=2
            )
        for name, x, y in boundaries.labels:
            if _inside(x, y, view):
                axes.text(
                    x,
                    y,
                    mpl_text(name.upper()),
                    ha="center",
                    va="center",
                    fontsize=13,
                    color="#9a9a9a",
                    alpha=0.8,
                    zorder=2,
                )
        _mpl_overlay(axes, shapes)
        groups = _point_groups(located[located["kind"] == "point"])
        for (side, approximate), group in groups.groupby(
            ["source_side", "approximate"], sort=True
        ):
            colour = side_colour(side)
            axes.scatter(
                group["x"],
                group["y"],
                s=25 + 30 * np.sqrt(group["claims"]),
                facecolors="white" if approximate else colour,
                edgecolors=colour,
                linewidths=1.5,
                zorder=6,
            )
        incident_points = located_incidents[located_incidents["kind"] == "point"]
        if len(incident_points):
            rings = (
                incident_points.groupby(["lon", "lat"], sort=True)["incident_id"]
                .agg(lambda ids: ", ".join(sorted(set(ids))))
                .reset_index()
            )
            for lon, lat, ids in rings.itertuples(index=False):
                axes.scatter(
                    [lon],
                    [lat],
                    s=420,
                    facecolors="none",
                    edgecolors=INCIDENT_EDGE,
                    linewidths=1.2,
                    zorder=7,
                )
                axes.annotate(
                    mpl_text(ids, max_chars=60),
                    (lon, lat),
                    xytext=(12, 10),
                    textcoords="offset points",
                    fontsize=7,
                    zorder=8,
                )
        axes.set_xlim(view[0], view[2])
        axes.set_ylim(view[1], view[3])
        axes.set_aspect(aspect_ratio(view[1], view[3]))
        axes.set_xlabel("longitude (°E)")
        axes.set_ylabel("latitude (°N)")
        axes.legend(
            handles=_mpl_legend(
                groups, counts, incident_areas, incident_points, shapes
            ),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=8,
            frameon=False,
        )
        if title:
            axes.set_title(mpl_text(title, max_chars=120))
    add_note(figure, note)
    return figure


def _mpl_overlay(axes: Axes, shapes: list[OverlayShape]) -> None:
    from matplotlib.patches import PathPatch

    for shape in shapes:
        if shape.kind == "polygon":
            patch = PathPatch(
                _ring_path(shape.rings),
                facecolor=OVERLAY_COLOUR,
                alpha=0.18,
                edgecolor=OVERLAY_COLOUR,
                linewidth=1.2,
                hatch="//",
                zorder=3,
            )
            patch.set_gid("overlay")
            axes.add_patch(patch)
        elif shape.kind == "line":
            ring = shape.rings[0]
            axes.plot(
                ring[:, 0], ring[:, 1], color=OVERLAY_COLOUR, linewidth=2, zorder=3
            )
        else:
            ring = shape.rings[0]
            axes.scatter(
                ring[:, 0], ring[:, 1], marker="x", color=OVERLAY_COLOUR, zorder=3
            )


def _mpl_legend(
    groups: pd.DataFrame,
    counts: pd.Series,
    incident_areas: dict[str, list[str]],
    incident_points: pd.DataFrame,
    shapes: list[OverlayShape],
) -> list[Line2D | Patch]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Line2D | Patch] = [
        *side_legend_handles(groups["source_side"], prefix="claims: ", max_chars=50)
    ]
    if len(groups) and groups["approximate"].any():
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                color="#555555",
                markerfacecolor="white",
                label="hollow: district-level (approximate)",
            )
        )
    if len(counts):
        r, g, b = (c / 255 for c in AREA_COLOUR)
        handles.append(
            Patch(
                facecolor=(r, g, b, 0.4),
                label="oblast-level claims (imprecise; darker = more)",
            )
        )
    if len(incident_points):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                markersize=14,
                linestyle="none",
                markerfacecolor="none",
                markeredgecolor=INCIDENT_EDGE,
                label="incident",
            )
        )
    if incident_areas:
        handles.append(
            Patch(
                facecolor="none",
                edgecolor=INCIDENT_EDGE,
                linestyle="--",
                label="incident (oblast-level)",
            )
        )
    if shapes:
        handles.append(Patch(facecolor=OVERLAY_COLOUR, alpha=0.3, label="overlay"))
    handles.append(
        Line2D([], [], color=BORDER_COLOUR, linewidth=1.2, label="country border")
    )
    return handles


def _closed_rings(rings: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Rings as one line each, separated by NaN (a gap for plotly).

    Numpy arrays, not lists: plotly copies a figure's data more than once,
    element by element for a list, and sends an array as one typed block.
    """
    gap = np.array([[np.nan, np.nan]])
    parts = [part for ring in rings for part in (np.asarray(ring, float), gap)]
    if not parts:
        return np.array([]), np.array([])
    joined = np.concatenate(parts[:-1])
    return joined[:, 0], joined[:, 1]


def _plotly_map(
    located: pd.DataFrame,
    located_incidents: pd.DataFrame,
    shapes: list[OverlayShape],
    view: tuple[float, float, float, float],
    title: str | None,
    note: str,
    backend: Backend,
) -> go.Figure | PlotlySpec:
    boundaries = load_boundaries()
    counts = _area_counts(located)
    most = int(counts.max()) if len(counts) else 0
    incident_areas = _incident_areas(located_incidents)
    figure = new_plotly_figure(title, height=760)
    traces: list[Trace] = []
    label_x, label_y, label_text = [], [], []
    outlines: list[Trace] = []  # drawn over every fill
    for oblast in _oblasts_in(view):
        count = int(counts.get(oblast.code, 0))
        fill = (
            _rgba(AREA_COLOUR, _area_alpha(count, most))
            if count
            else COUNTRY_FILL.get(oblast.country, "#ffffff")
        )
        xs, ys = _closed_rings(ring for polygon in oblast.polygons for ring in polygon)
        incidents_here = incident_areas.get(oblast.code, [])
        hover = hover_html(
            [
                ("oblast", f"{oblast.name} ({oblast.code})"),
                ("oblast-level claims", count or None),
                ("oblast-level incidents", "; ".join(incidents_here) or None),
            ]
        )
        traces.append(
            scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=fill,
                line={"color": OBLAST_EDGE, "width": 0.6},
                hoveron="fills",
                hoverinfo="text",
                text=hover,
                name=html_text(f"{oblast.name} ({oblast.code})"),
                showlegend=False,
                meta=f"oblast:{oblast.code}",
            )
        )
        if incidents_here:
            outlines.append(
                scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": INCIDENT_EDGE, "width": 1.6, "dash": "dash"},
                    hoverinfo="skip",
                    name="incident (oblast-level)",
                    legendgroup="incident-area",
                    showlegend=False,
                    meta=f"incident-area:{oblast.code}",
                )
            )
        x, y = label_point(oblast.polygons)
        if _inside(x, y, view):
            label_x.append(x)
            label_y.append(y)
            label_text.append(
                html_text(oblast.name)
                + (f"<br>{count} oblast-level claim(s)" if count else "")
            )
    traces += outlines
    xs, ys = _closed_rings(boundaries.borders)
    traces.append(
        scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": BORDER_COLOUR, "width": 1.4},
            hoverinfo="skip",
            name="country border",
            meta="borders",
        )
    )
    countries = [(n, x, y) for n, x, y in boundaries.labels if _inside(x, y, view)]
    traces.append(
        scatter(
            x=[x for _, x, _ in countries] + label_x,
            y=[y for _, _, y in countries] + label_y,
            mode="text",
            text=[html_text(n.upper()) for n, _, _ in countries] + label_text,
            textfont={
                "size": [18] * len(countries) + [10] * len(label_x),
                "color": ["#a0a0a0"] * len(countries) + ["#555555"] * len(label_x),
            },
            hoverinfo="skip",
            showlegend=False,
            meta="labels",
        )
    )
    if len(counts):
        traces.append(
            scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={
                    "symbol": "square",
                    "size": 14,
                    "color": _rgba(AREA_COLOUR, 0.4),
                },
                name="oblast-level claims (imprecise; darker = more)",
                meta="legend",
            )
        )
    traces += _plotly_overlay(shapes)
    groups = _point_groups(located[located["kind"] == "point"])
    for (side, approximate), group in groups.groupby(
        ["source_side", "approximate"], sort=True
    ):
        colour = side_colour(side)
        label = f"claims: {side_label(side)}" + (
            " (district, approximate)" if approximate else ""
        )
        traces.append(
            scatter(
                x=group["x"].tolist(),
                y=group["y"].tolist(),
                mode="markers",
                marker={
                    "symbol": "circle-open" if approximate else "circle",
                    "color": colour,
                    "size": (7 + 4 * np.sqrt(group["claims"])).round(1).tolist(),
                    "line": {
                        "color": colour if approximate else "white",
                        "width": 2 if approximate else 1,
                    },
                },
                hovertext=group["hover"].tolist(),
                hoverinfo="text",
                name=html_text(label, max_chars=60),
                meta="claims",
            )
        )
    incident_points = located_incidents[located_incidents["kind"] == "point"]
    if len(incident_points):
        by_place = incident_points.sort_values("incident_id", kind="stable").groupby(
            ["lon", "lat"], sort=True
        )
        rows = [(lon, lat, group) for (lon, lat), group in by_place]
        traces.append(
            scatter(
                x=[r[0] for r in rows],
                y=[r[1] for r in rows],
                mode="markers+text",
                marker={
                    "symbol": "circle-open",
                    "size": 26,
                    "color": INCIDENT_EDGE,
                    "line": {"width": 1.5},
                },
                text=[
                    html_text(", ".join(sorted(set(g["incident_id"]))), max_chars=60)
                    for *_, g in rows
                ],
                textposition="top right",
                hovertext=[
                    "<br>".join(
                        hover_html([("incident", i), ("title", t), ("place", p)])
                        for i, t, p in zip(
                            g["incident_id"], g["title"], g["place_name"], strict=True
                        )
                    )
                    for *_, g in rows
                ],
                hoverinfo="text",
                name="incident",
                meta="incidents",
            )
        )
    if incident_areas:
        traces.append(
            scatter(
                x=[None],
                y=[None],
                mode="lines",
                line={"color": INCIDENT_EDGE, "width": 1.6, "dash": "dash"},
                name="incident (oblast-level)",
                meta="legend",
            )
        )
    figure.update_xaxes(
        range=[view[0], view[2]],
        title_text="longitude (°E)",
        showgrid=False,
        zeroline=False,
        constrain="domain",
    )
    figure.update_yaxes(
        range=[view[1], view[3]],
        title_text="latitude (°N)",
        showgrid=False,
        zeroline=False,
        scaleanchor="x",
        scaleratio=aspect_ratio(view[1], view[3]),
        constrain="domain",
    )
    figure.update_layout(
        hoverlabel={"align": "left"}, plot_bgcolor="#dfe9f2", legend={"x": 1.02, "y": 1}
    )
    add_note(figure, note)
    return figure.finish(traces, backend)


def _plotly_overlay(shapes: list[OverlayShape]) -> list[Trace]:
    traces: list[Trace] = []
    polygons = [s for s in shapes if s.kind == "polygon"]
    lines = [s for s in shapes if s.kind == "line"]
    points = [s for s in shapes if s.kind == "point"]
    first = True
    for shape in polygons:
        xs, ys = _closed_rings(shape.rings)
        traces.append(
            scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor="rgba(214,39,40,0.18)",
                line={"color": OVERLAY_COLOUR, "width": 1.2},
                hoveron="fills",
                hoverinfo="text",
                text=hover_html([("overlay", shape.name or "(unnamed)")]),
                name="overlay",
                legendgroup="overlay",
                showlegend=first,
                meta="overlay",
            )
        )
        first = False
    for shape in lines:
        ring = shape.rings[0]
        traces.append(
            scatter(
                x=ring[:, 0].tolist(),
                y=ring[:, 1].tolist(),
                mode="lines",
                line={"color": OVERLAY_COLOUR, "width": 2.5},
                hovertext=hover_html([("overlay", shape.name or "(unnamed)")]),
                hoverinfo="text",
                name="overlay",
                legendgroup="overlay",
                showlegend=first,
                meta="overlay",
            )
        )
        first = False
    if points:
        traces.append(
            scatter(
                x=[s.rings[0][0, 0] for s in points],
                y=[s.rings[0][0, 1] for s in points],
                mode="markers",
                marker={"symbol": "x", "color": OVERLAY_COLOUR, "size": 8},
                hovertext=[
                    hover_html([("overlay", s.name or "(unnamed)")]) for s in points
                ],
                hoverinfo="text",
                name="overlay",
                legendgroup="overlay",
                showlegend=first,
                meta="overlay",
            )
        )
    return traces
