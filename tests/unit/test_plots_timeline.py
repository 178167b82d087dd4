"""Tests for osintkit.plots.timeline (and the shared style and text helpers)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

import osintkit as ok
from osintkit import paths
from osintkit.errors import MissingColumnsError
from osintkit.incidents import claim_view
from osintkit.plots import plot_timeline, timeline_marks
from osintkit.plots.style import SIDE_COLOURS, STATUS_STYLES
from osintkit.plots.text import html_text, mpl_text, plain_text, unsafe_strings
from osintkit.plots.timeline import event_days
from osintkit.selection import with_source_columns

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "$\\frac{1}{0}$",
    "</script>",
    "\u202eevil\u202c",
    "$\\href{javascript:alert(1)}{x}$",
    '"><svg onload=alert(1)>',
    "a" * 5000,
]


@pytest.fixture(scope="module")
def sample() -> ok.Dataset:
    return ok.load_dataset(paths.SAMPLE_DATASET)


@pytest.fixture(scope="module")
def sample_claims(sample: ok.Dataset) -> pd.DataFrame:
    return with_source_columns(sample["claims"], sample["sources"])


def claims_frame(**columns: list[object]) -> pd.DataFrame:
    """One claim per list item; defaults fill the columns a timeline needs."""
    n = len(next(iter(columns.values()))) if columns else 1
    base: dict[str, list[object]] = {
        "claim_id": [f"c{i + 1}" for i in range(n)],
        "source_id": ["s"] * n,
        "source_name": ["Source"] * n,
        "source_side": ["russia"] * n,
        "source_reliability": ["D"] * n,
        "claim_type": ["strike"] * n,
        "status": ["claimed"] * n,
        "event_date_start": ["2024-03-12"] * n,
        "event_date_end": ["2024-03-12"] * n,
        "date_precision": ["day"] * n,
        "reported_date": ["2024-03-12"] * n,
        "summary": ["s"] * n,
        "url": ["https://example.org"] * n,
    }
    base.update(columns)
    frame = pd.DataFrame(base)
    for name in ("event_date_start", "event_date_end", "reported_date"):
        frame[name] = pd.to_datetime(frame[name])
    return frame


def claim_traces(figure: go.Figure) -> list[go.Scatter]:
    return [t for t in figure.data if t.meta == "claims"]


# --------------------------------------------------------------------------
# text helpers


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:20])
def test_html_text_leaves_no_markup(value: str) -> None:
    text = html_text(value)
    assert "<" not in text and ">" not in text and "$" not in text
    assert "\u202e" not in text


def test_plain_text_makes_bidi_visible_and_caps_length() -> None:
    assert plain_text("\u202eabc") == "[U+202E]abc"
    assert len(plain_text("x" * 1000, max_chars=50)) == 50


def test_mpl_text_escapes_every_dollar() -> None:
    text = mpl_text("$a$ $b")
    assert text.count("$") == text.count(r"\$") == 3


# --------------------------------------------------------------------------
# marks


def test_event_days_week_precision_is_seven_days() -> None:
    # one date with week precision: the week from that day
    first, last = event_days(
        pd.Series(pd.to_datetime(["2024-03-12"])),
        pd.Series(pd.to_datetime(["2024-03-12"])),
        pd.Series(["week"]),
    )
    assert (last - first).dt.days.tolist() == [6]


def test_event_days_agree_with_the_clustering(sample: ok.Dataset) -> None:
    claims = sample["claims"]
    first, last = event_days(
        claims["event_date_start"], claims["event_date_end"], claims["date_precision"]
    )
    view = claim_view(claims).set_index("row").sort_index()
    days = (first.dt.normalize() - pd.Timestamp("1970-01-01")).dt.days
    dated = view["dated"].to_numpy()
    assert (days.to_numpy()[dated] == view["lo"].to_numpy()[dated]).all()
    last_days = (last - pd.Timestamp("1970-01-01")).dt.days.to_numpy()
    assert (last_days[dated] == view["hi"].to_numpy()[dated]).all()


@pytest.mark.parametrize(
    ("start", "end", "precision", "days", "is_range"),
    [
        pytest.param("2024-03-12", "2024-03-12", "day", 1, False, id="one-day"),
        pytest.param("2024-03-12", "2024-03-12", "week", 7, True, id="week"),
        pytest.param("2024-03-11", "2024-03-17", "week", 7, True, id="week-given"),
        pytest.param("2024-03-12", "2024-03-12", "month", 20, True, id="rest-of-month"),
        pytest.param("2024-03-12", "2024-03-15", "day", 4, True, id="span-of-days"),
        pytest.param("2024-03-15", "2024-03-12", "day", 1, False, id="inverted-end"),
    ],
)
def test_timeline_marks_ranges(
    start: str, end: str, precision: str, days: int, is_range: bool
) -> None:
    marks = timeline_marks(
        claims_frame(
            event_date_start=[start], event_date_end=[end], date_precision=[precision]
        )
    )
    mark = marks.iloc[0]
    assert (mark["end"] - mark["start"]).days == days
    assert bool(mark["is_range"]) == is_range
    assert mark["start"] <= mark["at"] < mark["end"]


def test_timeline_marks_undated_claims_are_kept_not_drawn() -> None:
    claims = claims_frame(
        event_date_start=[None, None],
        event_date_end=[None, None],
        date_precision=["unknown", "unknown"],
        reported_date=["2024-03-14", None],  # second: no date at all
    )
    marks = timeline_marks(claims)
    assert marks["dated_by"].tolist() == ["report", "none"]
    assert marks.loc[0, "start"] == pd.Timestamp("2024-03-14")


def test_timeline_marks_rows_incidents_first_then_sources_by_side(
    sample: ok.Dataset, sample_claims: pd.DataFrame
) -> None:
    marks = timeline_marks(sample_claims, incidents=sample["incidents"])
    incidents = marks[marks["kind"] == "incident"]
    claims = marks[marks["kind"] == "claim"]
    assert len(incidents) == len(sample["incidents"])
    assert len(claims) == len(sample_claims)  # nothing silently dropped
    assert incidents["row"].max() < claims["row"].min()
    first_rows = claims.drop_duplicates("row").sort_values("row")["side"].tolist()
    assert first_rows[0] == "russia"
    # marks sharing a row and days are spread apart, never on top of each other
    drawn = claims[claims["dated_by"] != "none"]
    positions = drawn["row"] + drawn["offset"]
    key = positions.round(6).astype(str) + drawn["at"].astype(str)
    assert key.is_unique


def test_timeline_marks_needs_source_columns() -> None:
    with pytest.raises(MissingColumnsError, match="with_source_columns"):
        timeline_marks(claims_frame().drop(columns="source_side"))


# --------------------------------------------------------------------------
# plotly


def test_plot_timeline_plotly_sample(
    sample: ok.Dataset, sample_claims: pd.DataFrame
) -> None:
    figure = plot_timeline(
        sample_claims, incidents=sample["incidents"], backend="plotly"
    )
    marks = timeline_marks(sample_claims, incidents=sample["incidents"])
    drawn = marks[(marks["kind"] == "claim") & (marks["dated_by"] != "none")]
    assert sum(len(t.x) for t in claim_traces(figure)) == len(drawn)
    ranges = [t for t in figure.data if t.meta == "ranges"]
    assert sum(len(t.x) for t in ranges) == 3 * int(drawn["is_range"].sum())
    bars = [t for t in figure.data if t.meta == "incidents"]
    assert len(bars) == 1 and len(bars[0].y) == len(sample["incidents"])
    # hover names the source, its grade, the claim type and the URL
    hover = claim_traces(figure)[0].hovertext[0]
    for label in ("source", "reliability", "claim type", "summary", "url"):
        assert f"<b>{label}</b>" in hover
    assert unsafe_strings(figure) == []


def test_plot_timeline_plotly_colour_per_side() -> None:
    claims = claims_frame(source_side=["russia", "ukraine", "independent", "zz-new"])
    figure = plot_timeline(claims, backend="plotly")
    colours = {t.name: t.marker.color for t in claim_traces(figure)}
    assert colours["Russia"] == SIDE_COLOURS["russia"]
    assert colours["Ukraine"] == SIDE_COLOURS["ukraine"]
    assert colours["independent"] == SIDE_COLOURS["independent"]
    assert colours["zz-new"] not in SIDE_COLOURS.values()


def test_plot_timeline_plotly_status_styles() -> None:
    claims = claims_frame(
        status=["claimed", "refuted", "assessed", "verified", "corroborated"],
        date_precision=["week"] * 5,  # every claim a range, so lines are drawn
    )
    figure = plot_timeline(claims, backend="plotly")
    markers = {
        t.hovertext[0].split("status</b>: ")[1].split("<")[0]: t
        for t in claim_traces(figure)
    }
    lines = {t.line.dash: t for t in figure.data if t.meta == "ranges"}
    refuted = markers["refuted"]
    assert refuted.opacity == STATUS_STYLES["refuted"].alpha < 1
    assert refuted.marker.symbol[0].endswith("-open")
    assert "dot" in lines  # refuted range is dotted
    assert markers["claimed"].marker.symbol[0].endswith("-open")
    assert not markers["corroborated"].marker.symbol[0].endswith("-open")
    assert markers["assessed"].marker.line.color == "#000000"
    assert markers["verified"].marker.line.width > markers["assessed"].marker.line.width
    assert {"dash", "solid", "dot"} <= set(lines)


def test_plot_timeline_plotly_has_legend_per_channel() -> None:
    claims = claims_frame(
        claim_type=["strike", "denial"], status=["claimed", "refuted"]
    )
    figure = plot_timeline(claims, backend="plotly")
    legend = [t for t in figure.data if t.meta == "legend"]
    groups = [t.legendgrouptitle.text for t in legend if t.legendgrouptitle.text]
    assert groups == ["Side of the source", "Claim type", "Status"]
    assert len(legend) == 1 + 2 + 2


# --------------------------------------------------------------------------
# matplotlib


def test_plot_timeline_matplotlib_draws_every_dated_mark(
    sample: ok.Dataset, sample_claims: pd.DataFrame
) -> None:
    figure = plot_timeline(sample_claims, incidents=sample["incidents"])
    assert isinstance(figure, Figure)
    axes = figure.axes[0]
    marks = timeline_marks(sample_claims, incidents=sample["incidents"])
    drawn = marks[(marks["kind"] == "claim") & (marks["dated_by"] != "none")]
    points = sum(
        len(c.get_offsets()) for c in axes.collections if isinstance(c, PathCollection)
    )
    assert points == len(drawn)
    segments = sum(
        len(c.get_segments()) for c in axes.collections if isinstance(c, LineCollection)
    )
    assert segments == int(drawn["is_range"].sum())
    assert len(axes.patches) == len(sample["incidents"])
    figure.savefig(io.BytesIO(), format="png", dpi=40)


def test_plot_timeline_matplotlib_refuted_is_faded_and_dotted() -> None:
    claims = claims_frame(status=["refuted"], date_precision=["week"])
    axes = plot_timeline(claims).axes[0]
    (lines,) = [c for c in axes.collections if isinstance(c, LineCollection)]
    (points,) = [c for c in axes.collections if isinstance(c, PathCollection)]
    assert lines.get_alpha() == points.get_alpha() == STATUS_STYLES["refuted"].alpha
    _, dashes = lines.get_linestyle()[0]
    assert dashes is not None  # not a solid line
    assert np.allclose(points.get_facecolor()[0][:3], 1.0)  # hollow (white face)


# --------------------------------------------------------------------------
# empty and wrong input


@pytest.mark.parametrize("backend", ["matplotlib", "plotly"])
def test_plot_timeline_empty_input_says_so(backend: str) -> None:
    claims = claims_frame().iloc[0:0]
    figure = plot_timeline(claims, backend=backend)  # type: ignore[call-overload]
    if backend == "plotly":
        assert "No dated claims" in figure.layout.annotations[0].text
    else:
        texts = [t.get_text() for t in figure.findobj(Text)]
        assert any("No dated claims" in t for t in texts)


def test_plot_timeline_only_undated_claims_says_so_and_counts_them() -> None:
    claims = claims_frame(
        event_date_start=[None],
        event_date_end=[None],
        reported_date=[None],
        date_precision=["unknown"],
    )
    figure = plot_timeline(claims, backend="plotly")
    texts = " ".join(a.text for a in figure.layout.annotations)
    assert "No dated claims" in texts and "1 claim(s) with no date" in texts


def test_plot_timeline_rejects_unknown_backend() -> None:
    with pytest.raises(ValueError, match="backend"):
        plot_timeline(claims_frame(), backend="bokeh")  # type: ignore[call-overload]


# --------------------------------------------------------------------------
# hostile text (RELIABILITY rule 4)


def hostile_claims() -> tuple[pd.DataFrame, pd.DataFrame]:
    n = len(HOSTILE)
    claims = claims_frame(
        summary=HOSTILE,
        source_name=HOSTILE,
        source_id=[f"s{i}" for i in range(n)],
        source_reliability=HOSTILE,
        url=HOSTILE,
        claim_type=HOSTILE,  # not in the vocabulary: a fallback shape, still text
        status=["claimed"] * (n - 1) + ["<b>refuted</b>"],
        source_side=["russia"] * (n - 2) + ["<img src=x onerror=alert(1)>", "$x$"],
        incident_id=HOSTILE,
        date_precision=["week"] * n,
    )
    incidents = pd.DataFrame(
        {
            "incident_id": HOSTILE,
            "title": HOSTILE,
            "summary": HOSTILE,
            "date_start": pd.to_datetime(["2024-03-12"] * n),
            "date_end": pd.to_datetime(["2024-03-13"] * n),
            "date_precision": ["day"] * n,
        }
    )
    return claims, incidents


def test_plot_timeline_hostile_text_is_inert() -> None:
    claims, incidents = hostile_claims()
    figure = plot_timeline(
        claims, incidents=incidents, title=HOSTILE[0], backend="plotly"
    )
    assert unsafe_strings(figure) == []
    html = figure.to_html(include_plotlyjs=False, full_html=False)
    for bad in ("<script>alert", "<img", "</script><", "\u202e", "<svg", "href="):
        assert bad not in html
    figure = plot_timeline(claims, incidents=incidents, title=HOSTILE[3])
    figure.savefig(io.BytesIO(), format="png", dpi=40)
    for text in figure.findobj(Text):
        content = text.get_text()
        assert content.count("$") == content.count(r"\$")


def test_plot_timeline_does_not_depend_on_row_order(
    sample: ok.Dataset, sample_claims: pd.DataFrame
) -> None:
    first = plot_timeline(
        sample_claims, incidents=sample["incidents"], backend="plotly"
    )
    second = plot_timeline(
        sample_claims.sample(frac=1.0, random_state=5),
        incidents=sample["incidents"].sample(frac=1.0, random_state=6),
        backend="plotly",
    )
    assert first.to_json() == second.to_json()
