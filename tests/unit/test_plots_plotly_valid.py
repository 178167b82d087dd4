"""Every plotly figure the kit builds passes plotly's own validation.

The plots assemble their figures as plain data, without plotly's per-value
checks (see ``osintkit.plots.spec``); this is where those checks run: each
figure is rebuilt from its JSON with validation on, which raises on any
property name or value plotly does not accept. The finished figures must
also validate a user's later changes again, and ``backend="plotly-json"``
must give the very same figure as ``backend="plotly"``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

import osintkit as ok
from osintkit import briefing, display, paths, plots
from osintkit.plots.figures import empty_figure
from osintkit.plots.spec import PlotlyFrame, PlotlySpec, json_ready, scatter

WEEK = {"start": "2024-03-11", "end": "2024-03-17"}


@pytest.fixture(scope="module")
def week() -> briefing.PeriodAnalysis:
    return briefing.analyse_period(
        ok.load_dataset(paths.SAMPLE_DATASET, strict=False), **WEEK
    )


@pytest.fixture(scope="module")
def dataset() -> ok.Dataset:
    return ok.load_dataset(paths.SAMPLE_DATASET, strict=False)


def _overlay(folder: Path) -> Path:
    path = folder / "overlay.geojson"
    features = [
        {
            "type": "Feature",
            "properties": {"name": "area"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[35, 50], [36, 50], [36, 51], [35, 50]]],
            },
        },
        {
            "type": "Feature",
            "properties": {"name": "line"},
            "geometry": {"type": "LineString", "coordinates": [[35, 50], [36, 51]]},
        },
        {
            "type": "Feature",
            "properties": {"name": "point"},
            "geometry": {"type": "Point", "coordinates": [35.5, 50.5]},
        },
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _figures(
    week: briefing.PeriodAnalysis,
    dataset: ok.Dataset,
    tmp_path: Path,
    backend: str = "plotly",
) -> dict[str, Callable[[], go.Figure | PlotlySpec]]:
    actors = dataset.reference["actors"]
    places = dataset.reference["places"]
    (incident_id, quantity), *_ = briefing.disputed_quantities(week)
    made: dict[str, Callable[[], go.Figure | PlotlySpec]] = {
        "timeline": lambda: plots.plot_timeline(
            week.claims, incidents=week.incidents, backend=backend
        ),
        "network": lambda: plots.plot_actor_network(
            week.claims, actors=actors, backend=backend
        ),
        "ranges": lambda: plots.plot_ranges(
            week.claims, quantity=quantity, incident_id=incident_id, backend=backend
        ),
        "map": lambda: plots.plot_map(
            week.claims,
            places=places,
            incidents=week.incidents,
            overlay=_overlay(tmp_path),
            backend=backend,
        ),
        "empty": lambda: empty_figure("Nothing.", title="t", backend=backend),
        "empty timeline": lambda: plots.plot_timeline(
            week.claims.iloc[0:0], backend=backend
        ),
    }
    for by in ("side", "actor", "claim_type", "week", "oblast"):
        made[f"breakdown by {by}"] = lambda by=by: plots.plot_breakdown(
            week.claims, by, actors=actors, backend=backend
        )
    return made


def test_every_plotly_figure_passes_plotly_validation(
    week: briefing.PeriodAnalysis, dataset: ok.Dataset, tmp_path: Path
) -> None:
    for name, make in _figures(week, dataset, tmp_path).items():
        figure = make()
        assert isinstance(figure, go.Figure), name
        spec = figure.to_dict()
        assert spec["data"] or name.startswith("empty"), name
        # validation on: an unknown property or a bad value raises here
        checked = go.Figure(spec)
        assert len(checked.data) == len(figure.data), name
        assert checked.layout.template.layout.font is not None, name


def test_a_finished_figure_validates_later_changes(
    week: briefing.PeriodAnalysis,
) -> None:
    figure = plots.plot_timeline(week.claims, backend="plotly")
    with pytest.raises(ValueError, match="titel"):
        figure.update_layout(titel="x")
    with pytest.raises(ValueError, match="markr"):
        figure.data[0].update(markr={"size": 3})
    with pytest.raises(ValueError):
        figure.data[-1].marker.size = "big"
    figure.update_layout(title_text="changed")  # valid changes still work
    assert figure.layout.title.text == "changed"


def test_an_invalid_trace_is_caught_by_the_check() -> None:
    figure = PlotlyFrame("t").finish([scatter(x=[1], y=[2], colr="red")], "plotly")
    with pytest.raises(ValueError, match="colr"):
        go.Figure(figure.to_dict())


def test_plotly_json_is_the_same_figure_as_plotly(
    week: briefing.PeriodAnalysis, dataset: ok.Dataset, tmp_path: Path
) -> None:
    as_figures = _figures(week, dataset, tmp_path, "plotly")
    as_specs = _figures(week, dataset, tmp_path, "plotly-json")
    for name, make in as_figures.items():
        spec = as_specs[name]()
        assert isinstance(spec, PlotlySpec), name
        sent = display.InteractiveChart(spec).to_json_dict()
        assert sent == display.InteractiveChart(make()).to_json_dict(), name
        json.dumps(sent, allow_nan=False)  # plain JSON, nothing numpy left
        go.Figure(json_ready(spec))  # and valid for plotly


def test_map_rings_are_sent_as_typed_arrays(
    week: briefing.PeriodAnalysis, dataset: ok.Dataset
) -> None:
    figure = plots.plot_map(
        week.claims, places=dataset.reference["places"], backend="plotly"
    )
    oblast = next(t for t in figure.data if str(t.meta).startswith("oblast:"))
    spec = json.loads(figure.to_json())
    sent = next(t for t in spec["data"] if t.get("meta") == oblast.meta)
    assert set(sent["x"]) == {"dtype", "bdata"}  # numpy rings, one block each
    assert len(pd.Series(oblast.x).dropna()) > 10


def test_kit_template_is_plotly_white_read_from_its_file() -> None:
    import plotly.io as pio

    from osintkit.plots.spec import PLOTLY_TEMPLATE, kit_template

    shipped = pio.templates[PLOTLY_TEMPLATE].to_plotly_json()
    ours = kit_template()
    assert kit_template() is not ours  # each figure gets its own copy
    assert ours["layout"] == shipped["layout"]
    assert ours["data"] == {k: shipped["data"][k] for k in ("scatter", "bar")}
