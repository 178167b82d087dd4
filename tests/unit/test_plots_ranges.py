"""Tests for osintkit.plots.ranges: low / best / high per source."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.text import Text

import osintkit as ok
from osintkit import paths
from osintkit.errors import MissingColumnsError
from osintkit.plots import plot_ranges, quantity_ranges
from osintkit.plots.style import SIDE_COLOURS
from osintkit.plots.text import unsafe_strings
from osintkit.selection import with_source_columns


def figures(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values()))) if columns else 1
    base: dict[str, list[object]] = {
        "claim_id": [f"c{i + 1}" for i in range(n)],
        "incident_id": ["I1"] * n,
        "quantity": ["killed"] * n,
        "subject_side": ["pro_ukraine"] * n,
        "source_name": [f"Source {i + 1}" for i in range(n)],
        "source_side": ["russia"] * n,
        "source_reliability": ["D"] * n,
        "status": ["claimed"] * n,
        "value_text": ["x"] * n,
        "value_low": [1.0] * n,
        "value_best": [1.0] * n,
        "value_high": [1.0] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


def test_quantity_ranges_groups_comparable_figures() -> None:
    claims = figures(
        claim_id=["c1", "c2", "c3", "c4", "c5"],
        incident_id=["I1", "I1", "I1", None, None],
        subject_side=["pro_ukraine", "pro_ukraine", "civilian", "civilian", "civilian"],
        quantity=[
            "killed",
            "killed",
            "killed",
            "killed",
            "tanks",
        ],  # c5: other quantity
        value_low=[201.0, 150.0, 2.0, 1.0, 7.0],
        value_best=[None, 180.0, 2.0, 1.0, 7.0],  # c1: "more than 200"
        value_high=[None, 200.0, 2.0, 1.0, 7.0],
    )
    table = quantity_ranges(claims, quantity="killed")
    assert table["claim_id"].tolist() == ["c4", "c3", "c1", "c2"]
    assert table["group"].tolist() == [
        "(no incident: c4) · civilian side",  # unassigned: compared with nothing
        "I1 · civilian side",
        "I1 · pro-Ukrainian side",
        "I1 · pro-Ukrainian side",
    ]
    assert np.isnan(table.loc[2, "best"]) and np.isnan(table.loc[2, "high"])
    one = quantity_ranges(claims, quantity="killed", incident_id="I1")
    assert set(one["claim_id"]) == {"c1", "c2", "c3"}


def test_quantity_ranges_needs_source_side() -> None:
    with pytest.raises(MissingColumnsError, match="with_source_columns"):
        quantity_ranges(
            figures(status=["claimed"]).drop(columns="source_side"), quantity="killed"
        )


def test_plot_ranges_claimed_and_assessed_look_different() -> None:
    claims = figures(
        status=["claimed", "assessed"],
        source_side=["russia", "independent"],
        value_low=[200.0, 50.0],
        value_best=[234.0, 80.0],
        value_high=[250.0, 120.0],
    )
    figure = plot_ranges(claims, quantity="killed", backend="plotly")
    bounds = {t.name: t for t in figure.data if t.meta == "bounds"}
    claimed, assessed = bounds["Russia, claimed"], bounds["independent, assessed"]
    assert claimed.marker.symbol[0] == "circle-open"
    assert assessed.marker.symbol[0] == "circle"
    assert assessed.marker.line.color == "#000000"
    assert claimed.marker.color == SIDE_COLOURS["russia"]
    lines = {t.line.color: t.line.dash for t in figure.data if t.meta == "ranges"}
    assert lines == {
        SIDE_COLOURS["russia"]: "dash",
        SIDE_COLOURS["independent"]: "solid",
    }
    assert list(claimed.x) == [234.0]


def test_plot_ranges_open_bounds_are_arrow_heads() -> None:
    claims = figures(
        value_low=[201.0, None],  # more than 200
        value_best=[None, None],
        value_high=[None, 50.0],  # up to 50
    )
    figure = plot_ranges(claims, quantity="killed", backend="plotly")
    (bounds,) = [t for t in figure.data if t.meta == "bounds"]
    assert list(bounds.marker.symbol) == [
        "triangle-right-open",
        "triangle-left-open",
    ]
    assert not [t for t in figure.data if t.meta == "ranges"]  # no two-sided range


def test_plot_ranges_sample_both_backends() -> None:
    ds = ok.load_dataset(paths.SAMPLE_DATASET)
    claims = with_source_columns(ds["claims"], ds["sources"])
    table = quantity_ranges(claims, quantity="killed", incident_id="INC-0001")
    figure = plot_ranges(
        claims, quantity="killed", incident_id="INC-0001", backend="plotly"
    )
    assert sum(len(t.x) for t in figure.data if t.meta == "bounds") == len(table)
    static = plot_ranges(claims, quantity="killed", incident_id="INC-0001")
    points = sum(
        len(c.get_offsets())
        for c in static.axes[0].collections
        if isinstance(c, PathCollection)
    )
    assert points == len(table)
    static.savefig(io.BytesIO(), format="png", dpi=30)


@pytest.mark.parametrize("backend", ["matplotlib", "plotly"])
def test_plot_ranges_without_figures_says_so(backend: str) -> None:
    figure = plot_ranges(figures(), quantity="tanks", backend=backend)  # type: ignore[call-overload]
    if backend == "plotly":
        assert "No claim gives a figure for tanks" in figure.layout.annotations[0].text
    else:
        texts = [t.get_text() for t in figure.findobj(Text)]
        assert any("No claim gives a figure for tanks" in t for t in texts)


def test_plot_ranges_hostile_text_is_inert() -> None:
    hostile = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "$\\frac{1}{0}$",
        "\u202eevil",
    ]
    claims = figures(
        source_name=hostile,
        incident_id=hostile,
        value_text=hostile,
        source_reliability=hostile,
        subject_side=hostile,
        status=hostile,
        quantity=["<b>q</b>"] * 5,
    )
    figure = plot_ranges(claims, quantity="<b>q</b>", backend="plotly")
    assert unsafe_strings(figure) == []
    assert "<img" not in figure.to_html(include_plotlyjs=False)
    static = plot_ranges(claims, quantity="$q$")
    static.savefig(io.BytesIO(), format="png", dpi=30)
