"""Timeline of claims and incidents: who claimed what, for which days.

:func:`timeline_marks` turns claims (with their source columns, see
:func:`osintkit.selection.with_source_columns`) and incidents into one row per
mark; :func:`plot_timeline` draws the marks with matplotlib or plotly.

The layout:

- one row per incident at the top (a grey bar over its days), then one row per
  source, grouped by side (Russia, pro-Russian, Ukraine, ...);
- a claim's colour is the side of its source, its marker shape its claim type
  and its fill and line style its status (see :mod:`osintkit.plots.style`);
- a claim about one known day is a point; a claim whose event dates span
  several days, or whose date is only known to the week, month or year, is a
  range (a horizontal line over those days, with the marker in the middle).
  A single date with week precision stands for the seven days from that date,
  with month or year precision for the rest of the month or year, as in
  :func:`osintkit.incidents.claim_view`, so the timeline and the clustering
  read dates the same way;
- a claim without an event date is drawn on the day it was reported and says
  so in its hover text; a claim with neither date is counted in the note
  under the figure, never silently left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

import numpy as np
import pandas as pd

from osintkit.plots.columns import SOURCE_COLUMNS_HINT, column, require_columns
from osintkit.plots.figures import (
    Backend,
    add_note,
    check_backend,
    empty_figure,
    new_figure,
    new_plotly_figure,
    side_legend_handles,
    status_marker,
    status_range_lines,
)
from osintkit.plots.spec import PlotlySpec, Trace, bar, scatter
from osintkit.plots.style import (
    INCIDENT_COLOUR,
    claim_marker,
    side_colour,
    side_label,
    sort_sides,
    status_style,
)
from osintkit.plots.text import hover_html, html_text, matplotlib_text, mpl_text

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = ["TIMELINE_COLUMNS", "event_days", "plot_timeline", "timeline_marks"]

#: Columns of :func:`timeline_marks`.
TIMELINE_COLUMNS = (
    "kind",
    "mark_id",
    "row",
    "row_label",
    "offset",
    "start",
    "end",
    "at",
    "is_range",
    "dated_by",
    "side",
    "claim_type",
    "status",
    "date_precision",
    "source_name",
    "source_reliability",
    "incident_id",
    "title",
    "summary",
    "url",
)

_DAY = pd.Timedelta(days=1)
#: How far apart (in rows) marks that share a row and days are drawn.
_SPREAD = 0.7


def event_days(
    start: pd.Series, end: pd.Series, precision: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Return the first and last day an event may have happened.

    A missing start or end takes the other's value; a single date with
    ``week`` precision covers the seven days from it, with ``month`` or
    ``year`` precision the rest of its month or year (the rule of
    :func:`osintkit.incidents.claim_view`).

    Parameters
    ----------
    start, end : pandas.Series
        Event start and end dates.
    precision : pandas.Series
        ``day``, ``week``, ``month``, ``year`` or ``unknown``.

    Returns
    -------
    (pandas.Series, pandas.Series)
        First and last day (``datetime64``, midnight), ``NaT`` when undated.

    Examples
    --------
    >>> first, last = event_days(
    ...     pd.Series(pd.to_datetime(["2024-03-12", "2024-03-12", "2024-03-12"])),
    ...     pd.Series(pd.to_datetime(["2024-03-12", "2024-03-12", "2024-03-14"])),
    ...     pd.Series(["day", "week", "month"]))
    >>> last.dt.strftime("%Y-%m-%d").tolist()
    ['2024-03-12', '2024-03-18', '2024-03-31']
    """
    lo = pd.to_datetime(start, errors="coerce").dt.normalize()
    hi = pd.to_datetime(end, errors="coerce").dt.normalize()
    lo, hi = lo.fillna(hi), hi.fillna(lo)
    hi = hi.where(hi >= lo, lo)
    kind = precision.astype("str").to_numpy()
    week_end = lo + pd.Timedelta(days=6)
    month_end = lo + pd.offsets.MonthEnd(0)
    year_end = lo + pd.offsets.YearEnd(0)
    for name, widest in (("week", week_end), ("month", month_end), ("year", year_end)):
        chosen = kind == name
        hi = hi.where(~chosen | (hi >= widest), widest)
    return lo.rename("first_day"), hi.rename("last_day")


def _offsets(frame: pd.DataFrame) -> np.ndarray:
    """Spread marks that share a row and the same days around the row's line."""
    if frame.empty:
        return np.zeros(0)
    keys = frame[["row", "start", "end"]].astype("str").agg("|".join, axis=1)
    rank = keys.groupby(keys).cumcount().to_numpy()
    size = keys.map(keys.value_counts()).to_numpy()
    step = np.minimum(0.2, _SPREAD / np.maximum(size - 1, 1))
    return (rank - (size - 1) / 2.0) * step


def timeline_marks(
    claims: pd.DataFrame, *, incidents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return one row per mark of the timeline, backend-neutral.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with ``claim_id``, ``claim_type``, ``status``,
        ``event_date_start``, ``event_date_end``, ``date_precision`` and the
        source columns ``source_side`` (required), ``source_name`` and
        ``source_reliability`` (see
        :func:`osintkit.selection.with_source_columns`). ``reported_date``,
        ``summary``, ``url`` and ``incident_id`` are shown when present.
    incidents : pandas.DataFrame, optional
        Incidents table (``incident_id``, ``title``, ``date_start``,
        ``date_end``, ``date_precision``): one row and bar each, at the top.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TIMELINE_COLUMNS`: ``kind`` (``incident`` or
        ``claim``), ``row`` (0 at the top), ``start`` and ``end`` (the days
        covered, ``end`` exclusive), ``at`` (where the marker sits: the middle
        of those days), ``is_range``, ``offset`` (vertical shift that keeps
        marks of one row and day apart), ``dated_by`` (``event``, ``report``
        or ``none``; ``none`` rows have no dates and are not drawn). Incidents
        come first, by date; claims by row, start and ``claim_id``.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["c1", "c2"], "claim_type": ["strike", "shelling"],
    ...     "status": ["claimed", "refuted"], "source_side": ["russia", "ukraine"],
    ...     "event_date_start": pd.to_datetime(["2024-03-12", "2024-03-11"]),
    ...     "event_date_end": pd.to_datetime(["2024-03-12", "2024-03-11"]),
    ...     "date_precision": ["day", "week"]})
    >>> marks = timeline_marks(claims)
    >>> marks[["mark_id", "is_range"]].values.tolist()
    [['c1', False], ['c2', True]]
    >>> (marks["end"] - marks["start"]).dt.days.tolist()
    [1, 7]
    """
    require_columns(
        claims,
        ["claim_id", "claim_type", "status", "source_side"],
        "claims",
        SOURCE_COLUMNS_HINT,
    )
    parts = []
    first_row = 0
    if incidents is not None and not incidents.empty:
        require_columns(
            incidents, ["incident_id", "date_start", "date_end"], "incidents"
        )
        parts.append(_incident_marks(incidents))
        first_row = len(parts[0])
    parts.append(_claim_marks(claims, first_row))
    marks = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    marks["offset"] = 0.0
    drawn = marks["dated_by"] != "none"
    marks.loc[drawn, "offset"] = _offsets(marks.loc[drawn])
    return marks.reindex(columns=list(TIMELINE_COLUMNS))


def _incident_marks(incidents: pd.DataFrame) -> pd.DataFrame:
    precision = column(incidents, "date_precision").fillna("day")
    lo, hi = event_days(incidents["date_start"], incidents["date_end"], precision)
    frame = pd.DataFrame(
        {
            "kind": "incident",
            "mark_id": incidents["incident_id"].astype("str"),
            "start": lo,
            "end": hi + _DAY,
            "date_precision": precision.astype("str"),
            "incident_id": incidents["incident_id"].astype("str"),
            "title": column(incidents, "title"),
            "summary": column(incidents, "summary"),
            "side": "",
            "dated_by": np.where(lo.isna(), "none", "event"),
        }
    ).sort_values(["start", "mark_id"], kind="stable", na_position="last")
    frame = frame.reset_index(drop=True)
    frame["row"] = np.arange(len(frame))
    titles = frame["title"].fillna("").astype("str")
    frame["row_label"] = frame["mark_id"] + np.where(titles != "", " · " + titles, "")
    frame["at"] = frame["start"] + (frame["end"] - frame["start"]) / 2
    frame["is_range"] = (frame["end"] - frame["start"]) > _DAY
    return frame


def _claim_marks(claims: pd.DataFrame, first_row: int) -> pd.DataFrame:
    precision = column(claims, "date_precision").fillna("unknown").astype("str")
    lo, hi = event_days(
        column(claims, "event_date_start"), column(claims, "event_date_end"), precision
    )
    reported = pd.to_datetime(column(claims, "reported_date"), errors="coerce")
    dated_by = np.where(
        lo.notna(), "event", np.where(reported.notna(), "report", "none")
    )
    start = lo.fillna(reported.dt.normalize())
    end = hi.fillna(reported.dt.normalize()) + _DAY
    source_id = column(claims, "source_id").fillna("").astype("str")
    source_name = column(claims, "source_name")
    side = claims["source_side"].fillna("unknown").astype("str")
    frame = pd.DataFrame(
        {
            "kind": "claim",
            "mark_id": claims["claim_id"].astype("str").to_numpy(),
            "start": start.to_numpy(),
            "end": end.to_numpy(),
            "dated_by": dated_by,
            "side": side.to_numpy(),
            "claim_type": claims["claim_type"].astype("str").to_numpy(),
            "status": claims["status"].astype("str").to_numpy(),
            "date_precision": precision.to_numpy(),
            "source_id": source_id.to_numpy(),
            "source_name": source_name.fillna(source_id).astype("str").to_numpy(),
            "source_reliability": column(claims, "source_reliability").to_numpy(),
            "incident_id": column(claims, "incident_id").to_numpy(),
            "summary": column(claims, "summary").to_numpy(),
            "url": column(claims, "url").to_numpy(),
        }
    )
    frame["is_range"] = (frame["dated_by"] == "event") & (
        (frame["end"] - frame["start"] > _DAY)
        | frame["date_precision"].isin(["week", "month", "year"])
    )
    frame["at"] = frame["start"] + (frame["end"] - frame["start"]) / 2
    rows = (
        frame[["side", "source_name", "source_id", "source_reliability"]]
        .drop_duplicates(["side", "source_name", "source_id"])
        .assign(order=lambda f: f["side"].map(_side_rank(f["side"])))
        .sort_values(["order", "source_name", "source_id"], kind="stable")
        .reset_index(drop=True)
    )
    rows["row"] = first_row + np.arange(len(rows))
    grades = rows["source_reliability"].fillna("").astype("str")
    rows["row_label"] = rows["source_name"] + np.where(
        grades != "", " (" + grades + ")", ""
    )
    frame = frame.merge(
        rows[["side", "source_name", "source_id", "row", "row_label"]],
        on=["side", "source_name", "source_id"],
        how="left",
        validate="m:1",
    )
    frame = frame.sort_values(
        ["row", "start", "mark_id"], kind="stable", na_position="last"
    )
    return frame.drop(columns="source_id").reset_index(drop=True)


def _side_rank(sides: pd.Series) -> dict[str, int]:
    return {side: i for i, side in enumerate(sort_sides(sides))}


# --------------------------------------------------------------------------
# drawing


def _claim_hover(mark: pd.Series) -> str:
    first = mark["start"].strftime("%Y-%m-%d")
    last = (mark["end"] - _DAY).strftime("%Y-%m-%d")
    if mark["dated_by"] == "report":
        when = f"{first} (event date unknown: the day it was reported)"
    elif first == last:
        when = f"{first} ({mark['date_precision']})"
    else:
        when = f"{first} to {last} ({mark['date_precision']})"
    return hover_html(
        [
            ("claim", mark["mark_id"]),
            ("source", mark["source_name"]),
            ("reliability", mark["source_reliability"]),
            ("side", side_label(mark["side"])),
            ("claim type", mark["claim_type"]),
            ("status", mark["status"]),
            ("date", when),
            ("incident", mark["incident_id"]),
            ("summary", mark["summary"]),
            ("url", mark["url"]),
        ]
    )


def _incident_hover(mark: pd.Series) -> str:
    first = mark["start"].strftime("%Y-%m-%d")
    last = (mark["end"] - _DAY).strftime("%Y-%m-%d")
    return hover_html(
        [
            ("incident", mark["mark_id"]),
            ("title", mark["title"]),
            ("dates", first if first == last else f"{first} to {last}"),
            ("summary", mark["summary"]),
        ]
    )


def _note(marks: pd.DataFrame) -> str:
    claims = marks[marks["kind"] == "claim"]
    lines = [
        "Points: one known day. Lines: a span of days or a date known only to the "
        "week/month/year. Hollow, dashed: claimed; filled: corroborated; black "
        "outline: assessed (thick: verified); faded, dotted: refuted."
    ]
    by_report = int((claims["dated_by"] == "report").sum())
    undated = int((claims["dated_by"] == "none").sum())
    if by_report:
        lines.append(
            f"{by_report} claim(s) without an event date are drawn on the day reported."
        )
    if undated:
        lines.append(f"{undated} claim(s) with no date at all are not drawn.")
    return "\n".join(lines)


@overload
def plot_timeline(
    claims: pd.DataFrame,
    *,
    incidents: pd.DataFrame | None = ...,
    title: str | None = ...,
    backend: Literal["matplotlib"] = ...,
) -> Figure: ...
@overload
def plot_timeline(
    claims: pd.DataFrame,
    *,
    incidents: pd.DataFrame | None = ...,
    title: str | None = ...,
    backend: Literal["plotly"],
) -> go.Figure: ...
@overload
def plot_timeline(
    claims: pd.DataFrame,
    *,
    incidents: pd.DataFrame | None = ...,
    title: str | None = ...,
    backend: Literal["plotly-json"],
) -> PlotlySpec: ...
def plot_timeline(
    claims: pd.DataFrame,
    *,
    incidents: pd.DataFrame | None = None,
    title: str | None = "Claims and incidents over time",
    backend: Backend = "matplotlib",
) -> Figure | go.Figure | PlotlySpec:
    """Draw claims and incidents on a time axis.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with source columns (see :func:`timeline_marks`).
    incidents : pandas.DataFrame, optional
        Incidents to draw as bars above the claims.
    title : str, optional
        Figure title (escaped like data).
    backend : {"matplotlib", "plotly", "plotly-json"}
        Kind of figure to return.

    Returns
    -------
    matplotlib.figure.Figure, plotly.graph_objects.Figure or PlotlySpec
        The timeline; with nothing dated to draw, a figure that says so.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["c1"], "claim_type": ["strike"], "status": ["claimed"],
    ...     "source_side": ["russia"], "source_name": ["MoD"],
    ...     "event_date_start": pd.to_datetime(["2024-03-12"]),
    ...     "event_date_end": pd.to_datetime(["2024-03-12"]),
    ...     "date_precision": ["day"]})
    >>> figure = plot_timeline(claims, backend="plotly")
    >>> [trace.name for trace in figure.data if trace.meta == "claims"]
    ['Russia']
    """
    check_backend(backend)
    marks = timeline_marks(claims, incidents=incidents)
    drawn = marks[marks["dated_by"] != "none"]
    if drawn.empty:
        return empty_figure(
            "No dated claims or incidents to show.",
            title=title,
            note=_note(marks) if len(marks) else "",
            backend=backend,
        )
    if backend != "matplotlib":
        return _plotly_timeline(marks, title, backend)
    return _matplotlib_timeline(marks, title)


def _row_labels(marks: pd.DataFrame) -> pd.Series:
    return marks.drop_duplicates("row").set_index("row")["row_label"].sort_index()


def _matplotlib_timeline(marks: pd.DataFrame, title: str | None) -> Figure:
    import matplotlib.dates as mdates
    from matplotlib.collections import LineCollection

    drawn = marks[marks["dated_by"] != "none"]
    labels = _row_labels(marks)
    with matplotlib_text():
        figure = new_figure(12, max(4.0, 0.32 * len(labels) + 2.5))
        axes = figure.add_subplot()
        incidents = drawn[drawn["kind"] == "incident"]
        if len(incidents):
            axes.barh(
                incidents["row"],
                mdates.date2num(incidents["end"]) - mdates.date2num(incidents["start"]),
                left=mdates.date2num(incidents["start"]),
                height=0.6,
                color=INCIDENT_COLOUR,
                alpha=0.45,
                label="incident",
            )
            axes.axhline(len(incidents) - 0.5, color="#999999", linewidth=0.8)
        claims = drawn[drawn["kind"] == "claim"]
        for (side, status), group in claims.groupby(["side", "status"], sort=True):
            style = status_style(status)
            colour = side_colour(side)
            y = group["row"] + group["offset"]
            ranges = group[group["is_range"]]
            if len(ranges):
                y_r = ranges["row"] + ranges["offset"]
                segments = [
                    [(a, b), (c, b)]
                    for a, c, b in zip(
                        mdates.date2num(ranges["start"]),
                        mdates.date2num(ranges["end"]),
                        y_r,
                        strict=True,
                    )
                ]
                axes.add_collection(
                    LineCollection(
                        segments,
                        colors=colour,
                        linestyles=style.linestyle,
                        linewidths=2.2,
                        alpha=style.alpha,
                    )
                )
            for claim_type, part in group.groupby("claim_type", sort=True):
                marker = claim_marker(claim_type)
                axes.scatter(
                    mdates.date2num(part["at"]),
                    y.loc[part.index],
                    marker=marker.matplotlib,
                    s=55,
                    facecolors=colour if style.filled else "white",
                    edgecolors=style.edge_colour or colour,
                    linewidths=style.edge_width,
                    alpha=style.alpha,
                    zorder=3,
                )
        axes.set_yticks(
            labels.index, labels=[mpl_text(label, max_chars=50) for label in labels]
        )
        axes.tick_params(axis="y", labelsize=8)
        axes.set_ylim(len(labels) - 0.5, -0.5)
        locator = mdates.AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        start = mdates.date2num(drawn["start"].min())
        end = mdates.date2num(drawn["end"].max())
        axes.set_xlim(start - 0.5, end + 0.5)
        axes.grid(axis="x", color="#eeeeee")
        axes.set_axisbelow(True)
        legend = axes.legend(
            handles=_legend_handles(claims),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=7,
            frameon=False,
        )
        for text in legend.get_texts():
            if text.get_text() in _LEGEND_HEADERS:
                text.set_fontweight("bold")
        if title:
            axes.set_title(mpl_text(title, max_chars=120))
    add_note(figure, _note(marks))
    return figure


_LEGEND_HEADERS = ("Side of the source", "Claim type", "Status")


def _legend_handles(claims: pd.DataFrame) -> list[Line2D]:
    """Legend in three parts: side (colour), claim type (shape), status (fill)."""
    from matplotlib.lines import Line2D

    handles: list[Line2D] = []

    def header(text: str) -> None:
        handles.append(Line2D([], [], linestyle="none", label=text))

    header(_LEGEND_HEADERS[0])
    handles.extend(side_legend_handles(claims["side"]))
    header(_LEGEND_HEADERS[1])
    for claim_type in sorted(claims["claim_type"].unique()):
        handles.append(
            Line2D(
                [],
                [],
                marker=claim_marker(claim_type).matplotlib,
                linestyle="none",
                color="#555555",
                label=mpl_text(claim_type, max_chars=40),
            )
        )
    header(_LEGEND_HEADERS[2])
    for status in _statuses(claims["status"]):
        style = status_style(status)
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                color="#555555",
                linestyle=style.linestyle,
                markerfacecolor="#555555" if style.filled else "white",
                markeredgecolor=style.edge_colour or "#555555",
                markeredgewidth=style.edge_width,
                alpha=style.alpha,
                label=mpl_text(status, max_chars=40),
            )
        )
    return handles


def _statuses(values: pd.Series) -> list[str]:
    order = ["claimed", "corroborated", "assessed", "verified", "refuted"]
    present = set(values.astype("str"))
    return [s for s in order if s in present] + sorted(present - set(order))


def _plotly_timeline(
    marks: pd.DataFrame, title: str | None, backend: Backend
) -> go.Figure | PlotlySpec:
    drawn = marks[marks["dated_by"] != "none"]
    labels = _row_labels(marks)
    figure = new_plotly_figure(title, height=max(420, 26 * len(labels) + 220))
    traces: list[Trace] = []
    incidents = drawn[drawn["kind"] == "incident"]
    if len(incidents):
        traces.append(
            bar(
                orientation="h",
                base=incidents["start"].dt.strftime("%Y-%m-%d").tolist(),
                x=((incidents["end"] - incidents["start"]).dt.total_seconds() * 1000)
                .astype("int64")
                .tolist(),
                y=incidents["row"].tolist(),
                width=0.6,
                marker={"color": INCIDENT_COLOUR},
                opacity=0.45,
                name="incidents",
                meta="incidents",
                hovertext=[_incident_hover(m) for _, m in incidents.iterrows()],
                hoverinfo="text",
            )
        )
    claims = drawn[drawn["kind"] == "claim"]
    for (side, status), group in claims.groupby(["side", "status"], sort=True):
        style = status_style(status)
        colour = side_colour(side)
        ranges = group[group["is_range"]]
        if len(ranges):
            xs: list[object] = []
            ys: list[object] = []
            for _, mark in ranges.iterrows():
                xs += [mark["start"].isoformat(), mark["end"].isoformat(), None]
                ys += [mark["row"] + mark["offset"]] * 2 + [None]
            traces.append(
                status_range_lines(
                    xs,
                    ys,
                    side=side,
                    style=style,
                    name=html_text(side_label(side), max_chars=40),
                )
            )
        symbols = [
            claim_marker(t).plotly + ("" if style.filled else "-open")
            for t in group["claim_type"]
        ]
        traces.append(
            scatter(
                x=[t.isoformat() for t in group["at"]],
                y=(group["row"] + group["offset"]).tolist(),
                mode="markers",
                marker=status_marker(symbols, colour, style),
                opacity=style.alpha,
                hovertext=[_claim_hover(m) for _, m in group.iterrows()],
                hoverinfo="text",
                showlegend=False,
                legendgroup=f"side:{html_text(side)}",
                name=html_text(side_label(side), max_chars=40),
                meta="claims",
                customdata=[html_text(i) for i in group["mark_id"]],
            )
        )
    traces += _plotly_legend(claims)
    figure.update_yaxes(
        tickvals=labels.index.tolist(),
        ticktext=[html_text(label, max_chars=50) for label in labels],
        autorange="reversed",
        range=None,
        showgrid=False,
        zeroline=False,
    )
    figure.update_xaxes(type="date")
    figure.update_layout(barmode="overlay", hoverlabel={"align": "left"})
    add_note(figure, _note(marks))
    return figure.finish(traces, backend)


def _plotly_legend(claims: pd.DataFrame) -> list[Trace]:
    """Legend-only traces: side (toggles its claims), claim type, status."""
    traces: list[Trace] = []

    def entry(
        name: str, marker: dict, group: str, title: str | None, **line: object
    ) -> None:
        traces.append(
            scatter(
                x=[None],
                y=[None],
                mode="markers+lines" if line else "markers",
                marker=marker,
                line=line or None,
                name=html_text(name, max_chars=40),
                legendgroup=group,
                legendgrouptitle={"text": title} if title else None,
                showlegend=True,
                hoverinfo="skip",
                meta="legend",
            )
        )

    for i, side in enumerate(sort_sides(claims["side"])):
        entry(
            side_label(side),
            {"symbol": "circle", "color": side_colour(side), "size": 10},
            f"side:{html_text(side)}",
            "Side of the source" if i == 0 else None,
        )
    for i, claim_type in enumerate(sorted(claims["claim_type"].unique())):
        entry(
            claim_type,
            {"symbol": claim_marker(claim_type).plotly, "color": "#555555", "size": 10},
            "claim_type",
            "Claim type" if i == 0 else None,
        )
    for i, status in enumerate(_statuses(claims["status"])):
        style = status_style(status)
        entry(
            status,
            {
                "symbol": "circle" + ("" if style.filled else "-open"),
                "color": "#555555",
                "size": 10,
                "opacity": style.alpha,
                "line": {
                    "color": style.edge_colour or "#555555",
                    "width": style.edge_width,
                },
            },
            "status",
            "Status" if i == 0 else None,
            color="#555555",
            dash=style.dash,
        )
    return traces
