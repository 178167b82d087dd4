"""Tests for osintkit.plots.maps and the vendored boundaries."""

from __future__ import annotations

import io
import json
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.text import Text

import osintkit as ok
from osintkit import paths
from osintkit.plots import (
    BORDER_FRAME,
    OverlayError,
    load_boundaries,
    locate_claims,
    locate_incidents,
    plot_map,
    read_overlay,
)
from osintkit.plots.boundaries import BOUNDARIES_RESOURCE
from osintkit.plots.style import CREDIT_NATURAL_EARTH, SIDE_COLOURS
from osintkit.plots.text import unsafe_strings
from osintkit.selection import with_source_columns

BORDER_OBLASTS = {"RU-BEL", "RU-KRS", "RU-BRY", "UA-59", "UA-63", "UA-74"}
VENDORED = resources.files("osintkit").joinpath(BOUNDARIES_RESOURCE)

PLACES = pd.DataFrame(
    {
        "place_id": ["gn-tyotkino", "gn-belgorod", "sup-nowhere", "RU-BEL", "RU-KRS"],
        "name": ["Tyotkino", "Belgorod", "Nowhere", "Belgorod Oblast", "Kursk Oblast"],
        "place_type": ["settlement", "settlement", "settlement", "oblast", "oblast"],
        "admin1_code": ["RU-KRS", "RU-BEL", "RU-BEL", "RU-BEL", "RU-KRS"],
        "latitude": [51.2725, 50.60343, None, 50.8757, 51.5],
        "longitude": [34.3033, 36.58091, None, 37.277, 36.0],
    }
)


def located_claims(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values()))) if columns else 1
    base: dict[str, list[object]] = {
        "claim_id": [f"c{i + 1}" for i in range(n)],
        "source_side": ["russia"] * n,
        "source_name": ["Source"] * n,
        "source_reliability": ["D"] * n,
        "claim_type": ["strike"] * n,
        "status": ["claimed"] * n,
        "summary": ["s"] * n,
        "url": ["https://example.org"] * n,
        "geo_precision": ["settlement"] * n,
        "place_ids": ["gn-belgorod"] * n,
        "admin1_codes": ["RU-BEL"] * n,
        "latitude": [None] * n,
        "longitude": [None] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


@pytest.fixture(scope="module")
def sample() -> ok.Dataset:
    return ok.load_dataset(paths.SAMPLE_DATASET)


@pytest.fixture(scope="module")
def sample_claims(sample: ok.Dataset) -> pd.DataFrame:
    return with_source_columns(sample["claims"], sample["sources"])


@pytest.fixture(scope="module")
def sample_plotly(sample: ok.Dataset, sample_claims: pd.DataFrame):
    return plot_map(
        sample_claims,
        places=sample.reference["places"],
        incidents=sample["incidents"],
        backend="plotly",
    )


# --------------------------------------------------------------------------
# vendored boundaries


def test_vendored_file_is_small_and_credited() -> None:
    assert len(VENDORED.read_bytes()) < 1_000_000
    readme = VENDORED.parent.joinpath("README.md").read_text("utf-8")
    assert "Made with Natural Earth" in readme
    assert "public domain" in readme.lower()


def test_vendored_file_has_border_oblasts_and_recognised_countries() -> None:
    features = json.loads(VENDORED.read_text("utf-8"))["features"]
    oblasts = {
        f["properties"]["iso_3166_2"]: f["properties"]
        for f in features
        if f["properties"]["kind"] == "oblast"
    }
    assert set(oblasts) >= BORDER_OBLASTS
    for code, properties in oblasts.items():
        assert properties["country"] == code.split("-")[0]
        assert properties["name_en"]
    # Crimea and Sevastopol are Ukraine, whatever Natural Earth's adm0_a3 says
    assert oblasts["UA-43"]["country"] == "UA"
    assert oblasts["UA-40"]["country"] == "UA"
    kinds = {f["properties"]["kind"] for f in features}
    assert kinds == {"oblast", "country_border", "country_label"}


def test_load_boundaries_rings_are_closed_lon_lat() -> None:
    shapes = load_boundaries()
    for oblast in shapes.oblasts:
        for polygon in oblast.polygons:
            for ring in polygon:
                assert np.array_equal(ring[0], ring[-1])
                assert (ring[:, 0] > 20).all() and (ring[:, 0] < 50).all()
                assert (ring[:, 1] > 40).all() and (ring[:, 1] < 60).all()
    assert shapes.oblast("UA-43").country == "UA"
    assert len(shapes.borders) > 0
    assert {name for name, _, _ in shapes.labels} == {"Belarus", "Russia", "Ukraine"}


def test_read_overlay_reads_shapes_and_rejects_bad_files(tmp_path: Path) -> None:
    good = tmp_path / "front.geojson"
    good.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "line"},
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [[35.0, 50.0], [36.0, 51.0]],
                        },
                    },
                    {"type": "Feature", "properties": {}, "geometry": None},
                ],
            }
        )
    )
    (shape,) = read_overlay(good)
    assert shape.kind == "line" and shape.name == "line"
    swapped = tmp_path / "swapped.geojson"
    swapped.write_text(json.dumps({"type": "Point", "coordinates": [50.0, 136.0]}))
    with pytest.raises(OverlayError, match="swapped"):
        read_overlay(swapped)
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json")
    with pytest.raises(OverlayError, match="cannot read"):
        read_overlay(broken)


# --------------------------------------------------------------------------
# locating


def test_locate_claims_rules() -> None:
    claims = located_claims(
        claim_id=["own", "village", "two", "no-coords", "oblast", "none", "district"],
        geo_precision=[
            "exact",
            "settlement",
            "settlement",
            "settlement",
            "oblast",
            "unknown",
            "district",
        ],
        place_ids=[
            "gn-belgorod",  # own coordinates win over the place
            "gn-tyotkino",
            "gn-tyotkino;gn-belgorod",  # two villages: two points
            "sup-nowhere",  # place without coordinates: its oblast instead
            "RU-BEL;gn-belgorod",  # oblast precision: never a point
            None,
            "gn-belgorod",
        ],
        admin1_codes=[
            "RU-BEL",
            "RU-KRS",
            "RU-KRS;RU-BEL",
            None,
            "RU-BEL",
            None,
            "RU-BEL",
        ],
        latitude=[50.5, None, None, None, None, None, None],
        longitude=[36.5, None, None, None, None, None, None],
    )
    located = locate_claims(claims, places=PLACES)
    kinds = located.groupby("claim_id", sort=False)["kind"].agg(list).to_dict()
    assert kinds == {
        "own": ["point"],
        "village": ["point"],
        "two": ["point", "point"],
        "no-coords": ["oblast"],
        "oblast": ["oblast"],
        "none": ["none"],
        "district": ["point"],
    }
    own = located[located["claim_id"] == "own"].iloc[0]
    assert (own["lon"], own["lat"]) == (36.5, 50.5)
    no_coords = located[located["claim_id"] == "no-coords"].iloc[0]
    assert no_coords["admin1_code"] == "RU-BEL"  # from the place's oblast
    assert "no coordinates" in no_coords["located_by"]


def test_locate_incidents_settlements_else_oblasts(sample: ok.Dataset) -> None:
    located = locate_incidents(sample["incidents"], places=sample.reference["places"])
    by_id = located.groupby("incident_id")["kind"].agg(set).to_dict()
    assert by_id["INC-0002"] == {"point"}  # Tyotkino
    assert by_id["INC-0001"] == {"oblast"}  # RU-BEL;RU-KRS
    assert by_id["INC-0003"] == {"oblast"}  # Lozovaya Rudka has no coordinates
    assert set(located["incident_id"]) == set(sample["incidents"]["incident_id"])


# --------------------------------------------------------------------------
# plotly map


def test_plot_map_plotly_is_offline_and_credited(sample_plotly) -> None:
    figure = sample_plotly
    layout = figure.to_plotly_json()["layout"]
    for key in ("geo", "mapbox", "map"):
        assert key not in layout
    assert {t.type for t in figure.data} == {"scatter"}
    html = figure.to_html(include_plotlyjs=False, full_html=True)
    for cdn in ("cdn.", "jsdelivr", "unpkg.com", "mathjax", "openstreetmap", "mapbox"):
        assert cdn not in html.lower()
    assert re.findall(r"<script[^>]*\bsrc=", html) == []  # nothing loaded
    assert re.findall(r"<link[^>]*\bhref=", html) == []
    assert CREDIT_NATURAL_EARTH in figure.layout.annotations[-1].text
    assert figure.layout.yaxis.scaleanchor == "x"
    assert figure.layout.yaxis.scaleratio == pytest.approx(
        1 / np.cos(np.radians((BORDER_FRAME[1] + BORDER_FRAME[3]) / 2)), rel=0.05
    )


def test_plot_map_plotly_draws_border_oblasts(sample_plotly) -> None:
    oblasts = {
        t.meta.split(":", 1)[1]
        for t in sample_plotly.data
        if t.meta.startswith("oblast:")
    }
    assert oblasts >= BORDER_OBLASTS
    assert "UA-43" not in oblasts  # Crimea is outside the default frame
    assert [t for t in sample_plotly.data if t.meta == "borders"]


def test_plot_map_plotly_points_and_shaded_oblasts(
    sample: ok.Dataset, sample_claims: pd.DataFrame, sample_plotly
) -> None:
    located = locate_claims(sample_claims, places=sample.reference["places"])
    claim_traces = [t for t in sample_plotly.data if t.meta == "claims"]
    points = located[located["kind"] == "point"]
    markers = points.drop_duplicates(["lon", "lat", "source_side", "geo_precision"])
    assert sum(len(t.x) for t in claim_traces) == len(markers)
    colours = {t.marker.color for t in claim_traces}
    assert colours <= set(SIDE_COLOURS.values())
    fills = {
        t.meta.split(":", 1)[1]: t.fillcolor
        for t in sample_plotly.data
        if t.meta.startswith("oblast:")
    }
    # oblast-level claims shade their oblast; the others keep the country colour
    assert fills["RU-BEL"].startswith("rgba(118,42,131")
    assert fills["RU-KRS"].startswith("rgba(118,42,131")
    assert not fills["UA-59"].startswith("rgba")


def test_plot_map_one_claim_small_frame() -> None:
    # one settlement claim, one oblast claim, one claim with no location
    claims = located_claims(
        geo_precision=["settlement", "oblast", "unknown"],
        place_ids=["gn-tyotkino", None, None],
        admin1_codes=["RU-KRS", "UA-59", None],
    )
    figure = plot_map(claims, places=PLACES, backend="plotly")
    (trace,) = [t for t in figure.data if t.meta == "claims"]
    assert list(trace.x) == [34.3033] and list(trace.y) == [51.2725]
    fills = {t.meta: t.fillcolor for t in figure.data if t.meta.startswith("oblast:")}
    assert fills["oblast:UA-59"].startswith("rgba(118,42,131")
    assert "1 claim(s) have no location" in figure.layout.annotations[-1].text


def test_plot_map_overlay_is_drawn_and_credited(tmp_path: Path) -> None:
    overlay = tmp_path / "areas.geojson"
    overlay.write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {"name": "<img src=x onerror=alert(1)>"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[35, 50], [36, 50], [36, 51], [35, 50]]],
                },
            }
        )
    )
    claims = located_claims(place_ids=["gn-belgorod"])
    figure = plot_map(
        claims,
        places=PLACES,
        overlay=overlay,
        overlay_credit="<b>DeepState</b>",
        backend="plotly",
    )
    assert [t for t in figure.data if t.meta == "overlay"]
    assert "Overlay: &lt;b&gt;DeepState&lt;/b&gt;" in figure.layout.annotations[-1].text
    assert unsafe_strings(figure) == []
    static = plot_map(claims, places=PLACES, overlay=overlay)
    assert [p for p in static.axes[0].patches if p.get_gid() == "overlay"]


# --------------------------------------------------------------------------
# matplotlib map


def test_plot_map_matplotlib_draws_oblasts_points_and_credit(
    sample: ok.Dataset, sample_claims: pd.DataFrame
) -> None:
    figure = plot_map(
        sample_claims, places=sample.reference["places"], incidents=sample["incidents"]
    )
    axes = figure.axes[0]
    gids = {p.get_gid() for p in axes.patches}
    assert {f"oblast:{code}" for code in BORDER_OBLASTS} <= gids
    assert "incident-area:RU-BEL" in gids
    texts = [t.get_text() for t in figure.findobj(Text)]
    assert any(CREDIT_NATURAL_EARTH in t for t in texts)
    assert axes.get_aspect() == pytest.approx(1.59, abs=0.05)
    located = locate_claims(sample_claims, places=sample.reference["places"])
    markers = located[located["kind"] == "point"].drop_duplicates(
        ["lon", "lat", "source_side", "geo_precision"]
    )
    incident_rings = located_incident_places(sample)
    points = sum(
        len(c.get_offsets()) for c in axes.collections if isinstance(c, PathCollection)
    )
    assert points == len(markers) + incident_rings
    figure.savefig(io.BytesIO(), format="png", dpi=30)


def located_incident_places(sample: ok.Dataset) -> int:
    located = locate_incidents(sample["incidents"], places=sample.reference["places"])
    points = located[located["kind"] == "point"]
    return len(points.drop_duplicates(["lon", "lat"]))


@pytest.mark.parametrize("backend", ["matplotlib", "plotly"])
def test_plot_map_empty_input_still_draws_boundaries(backend: str) -> None:
    empty = located_claims(geo_precision=["oblast"]).iloc[0:0]
    figure = plot_map(empty, places=PLACES, backend=backend)  # type: ignore[call-overload]
    if backend == "plotly":
        assert "No claims or incidents" in figure.layout.title.text
        assert any(t.meta == "oblast:RU-BEL" for t in figure.data)
    else:
        assert "No claims or incidents" in figure.axes[0].get_title()
        assert any(p.get_gid() == "oblast:RU-BEL" for p in figure.axes[0].patches)


# --------------------------------------------------------------------------
# hostile text (RELIABILITY rule 4)


def test_plot_map_hostile_text_is_inert() -> None:
    hostile = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "$\\frac{1}{0}$",
        "</script>",
        "\u202eevil",
    ]
    n = len(hostile)
    places = PLACES.assign(
        name=["<script>x</script>", "$y$", "<b>", "\u202e", "</script>"]
    )
    claims = located_claims(
        source_name=hostile,
        summary=hostile,
        url=hostile,
        claim_type=hostile,
        status=hostile,
        source_reliability=hostile,
        source_side=hostile,
        place_ids=["gn-belgorod;gn-tyotkino"] * n,
    )
    incidents = pd.DataFrame(
        {
            "incident_id": hostile,
            "title": hostile,
            "place_ids": ["gn-tyotkino"] * (n - 1) + ["RU-BEL"],
            "admin1_codes": ["RU-KRS"] * (n - 1) + ["RU-BEL"],
        }
    )
    figure = plot_map(
        claims, places=places, incidents=incidents, title=hostile[0], backend="plotly"
    )
    assert unsafe_strings(figure) == []
    html = figure.to_html(include_plotlyjs=False, full_html=False)
    for bad in ("<script>alert", "<script>x", "<img", "\u202e", "href="):
        assert bad not in html
    static = plot_map(claims, places=places, incidents=incidents, title=hostile[3])
    static.savefig(io.BytesIO(), format="png", dpi=30)
    for text in static.findobj(Text):
        content = text.get_text()
        assert content.count("$") == content.count(r"\$")


def test_plot_map_does_not_depend_on_row_order(
    sample: ok.Dataset, sample_claims: pd.DataFrame, sample_plotly
) -> None:
    shuffled = plot_map(
        sample_claims.sample(frac=1.0, random_state=5),
        places=sample.reference["places"],
        incidents=sample["incidents"].sample(frac=1.0, random_state=6),
        backend="plotly",
    )
    assert shuffled.to_json() == sample_plotly.to_json()
