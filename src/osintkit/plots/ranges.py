"""Figures for one quantity, source by source: low / best / high side by side.

:func:`quantity_ranges` lists each claim's figure for a quantity (killed,
tanks, ...), grouped by incident and counted side, the figures that can be
compared; :func:`plot_ranges` draws them error-bar style: a line from low to
high, a marker at the source's own figure, coloured by the source's side and
styled by the claim's status, so a belligerent's claim and an independent
assessment of the same losses are told apart at a glance. For the reconciled
range across sources, see :func:`osintkit.reconcile`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

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
from osintkit.plots.spec import PlotlySpec, Trace, scatter
from osintkit.plots.style import side_colour, side_label, sort_sides, status_style
from osintkit.plots.text import hover_html, html_text, matplotlib_text, mpl_text

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from matplotlib.figure import Figure

__all__ = ["plot_ranges", "quantity_ranges"]


def quantity_ranges(
    claims: pd.DataFrame, *, quantity: str, incident_id: str | None = None
) -> pd.DataFrame:
    """Return each claim's low / best / high for one quantity, ready to compare.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with ``quantity``, ``value_low``, ``value_best``,
        ``value_high``, ``status`` and the source columns.
    quantity : str
        What the figures count (``killed``, ``tanks``, ...).
    incident_id : str, optional
        Keep only this incident's claims.

    Returns
    -------
    pandas.DataFrame
        One row per claim with a figure: ``claim_id``, ``incident_id``,
        ``subject_side``, ``source_name``, ``source_side``,
        ``source_reliability``, ``status``, ``value_text``, ``low``,
        ``best``, ``high``, ``group`` (incident and counted side, the
        figures that can be compared), sorted by group, source side, source
        name and claim id. A bound the statement does not set is missing
        (``more than 200`` has only a low).

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["c1", "c2"], "incident_id": ["I", "I"],
    ...     "quantity": ["killed", "tanks"], "subject_side": ["ukraine"] * 2,
    ...     "value_low": [201.0, 7.0], "value_best": [None, 7.0],
    ...     "value_high": [None, 7.0], "status": ["claimed"] * 2,
    ...     "source_side": ["russia"] * 2, "source_name": ["MoD"] * 2})
    >>> quantity_ranges(claims, quantity="killed")[["claim_id", "low", "best"]]
      claim_id    low  best
    0       c1  201.0   NaN
    """
    require_columns(claims, ["claim_id", "quantity", "status"], "claims")
    require_columns(claims, ["source_side"], "claims", SOURCE_COLUMNS_HINT)
    keep = claims["quantity"].astype("str") == quantity
    if incident_id is not None:
        keep &= column(claims, "incident_id").astype("str") == incident_id
    chosen = claims.loc[keep.to_numpy()]
    frame = pd.DataFrame(
        {
            "claim_id": chosen["claim_id"].astype("str"),
            "incident_id": column(chosen, "incident_id")
            .fillna("(no incident)")
            .astype("str"),
            "subject_side": column(chosen, "subject_side")
            .fillna("unknown")
            .astype("str"),
            "source_name": column(chosen, "source_name").fillna(
                column(chosen, "source_id")
            ),
            "source_side": chosen["source_side"].fillna("unknown").astype("str"),
            "source_reliability": column(chosen, "source_reliability"),
            "status": chosen["status"].astype("str"),
            "value_text": column(chosen, "value_text"),
            "low": pd.to_numeric(column(chosen, "value_low"), errors="coerce"),
            "best": pd.to_numeric(column(chosen, "value_best"), errors="coerce"),
            "high": pd.to_numeric(column(chosen, "value_high"), errors="coerce"),
        }
    )
    frame = frame[frame[["low", "best", "high"]].notna().any(axis=1)]
    # claims without an incident are not comparable with each other: one block each
    unassigned = frame["incident_id"] == "(no incident)"
    frame["incident_id"] = frame["incident_id"].where(
        ~unassigned, "(no incident: " + frame["claim_id"] + ")"
    )
    frame["group"] = (
        frame["incident_id"] + " · " + frame["subject_side"].map(side_label) + " side"
    )
    rank = {side: i for i, side in enumerate(sort_sides(frame["source_side"]))}
    frame = frame.assign(_rank=frame["source_side"].map(rank))
    frame = frame.sort_values(
        ["group", "_rank", "source_name", "claim_id"], kind="stable"
    ).drop(columns="_rank")
    return frame.reset_index(drop=True)


def _range_rows(ranges: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Row positions: a header row per group, then one row per claim."""
    rows, headers, position = [], [], 0
    for group, part in ranges.groupby("group", sort=False):
        headers.append((position, str(group)))
        position += 1
        for _ in range(len(part)):
            rows.append(position)
            position += 1
    return ranges.assign(row=rows), headers


def _range_label(claim: pd.Series) -> str:
    grade = claim["source_reliability"]
    grade_text = f" ({grade})" if isinstance(grade, str) and grade else ""
    return f"{claim['claim_id']} · {claim['source_name']}{grade_text}"


@overload
def plot_ranges(
    claims: pd.DataFrame,
    *,
    quantity: str,
    incident_id: str | None = ...,
    title: str | None = ...,
    backend: Literal["matplotlib"] = ...,
) -> Figure: ...
@overload
def plot_ranges(
    claims: pd.DataFrame,
    *,
    quantity: str,
    incident_id: str | None = ...,
    title: str | None = ...,
    backend: Literal["plotly"],
) -> go.Figure: ...
@overload
def plot_ranges(
    claims: pd.DataFrame,
    *,
    quantity: str,
    incident_id: str | None = ...,
    title: str | None = ...,
    backend: Literal["plotly-json"],
) -> PlotlySpec: ...
def plot_ranges(
    claims: pd.DataFrame,
    *,
    quantity: str,
    incident_id: str | None = None,
    title: str | None = None,
    backend: Backend = "matplotlib",
) -> Figure | go.Figure | PlotlySpec:
    """Draw each source's low / best / high for one quantity, error-bar style.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with source columns (see :func:`quantity_ranges`).
    quantity : str
        What the figures count (``killed``, ``tanks``, ...).
    incident_id : str, optional
        One incident; by default every incident, each in its own block.
    title : str, optional
        Figure title; by default names the quantity (and incident).
    backend : {"matplotlib", "plotly", "plotly-json"}
        Kind of figure.

    Returns
    -------
    matplotlib.figure.Figure, plotly.graph_objects.Figure or PlotlySpec
        One row per claim: a line from low to high, a marker at the best
        figure, coloured by the source's side and styled by status (hollow
        and dashed: claimed; black outline: assessed; see
        :mod:`osintkit.plots.style`). A bound left open (``more than 200``)
        is an arrow-head marker at the bound it gives.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["c1", "c2"], "incident_id": ["I", "I"],
    ...     "quantity": ["killed"] * 2, "subject_side": ["ukraine"] * 2,
    ...     "value_low": [201.0, 150.0], "value_best": [None, 180.0],
    ...     "value_high": [None, 200.0], "status": ["claimed", "assessed"],
    ...     "source_side": ["russia", "independent"], "source_name": ["MoD", "X"]})
    >>> figure = plot_ranges(claims, quantity="killed", backend="plotly")
    >>> sorted({trace.meta for trace in figure.data})
    ['bounds', 'ranges']
    """
    check_backend(backend)
    where = f" in {incident_id}" if incident_id else ""
    title = title if title is not None else f"Figures for {quantity}{where}, by source"
    ranges = quantity_ranges(claims, quantity=quantity, incident_id=incident_id)
    if ranges.empty:
        return empty_figure(
            f"No claim gives a figure for {quantity}{where}.",
            title=title,
            backend=backend,
        )
    ranges, headers = _range_rows(ranges)
    note = (
        "Line: low to high; marker: the source's own figure (best); ▶ / ◀: only a "
        "lower / upper bound. Hollow, dashed: claimed; black outline: assessed."
    )
    if backend != "matplotlib":
        return _plotly_ranges(ranges, headers, title, note, quantity, backend)
    with matplotlib_text():
        figure = new_figure(10, max(3.0, 0.34 * (len(ranges) + len(headers)) + 1.8))
        axes = figure.add_subplot()
        for _, claim in ranges.iterrows():
            style = status_style(claim["status"])
            colour = side_colour(claim["source_side"])
            low, best, high = claim["low"], claim["best"], claim["high"]
            if pd.notna(low) and pd.notna(high) and high > low:
                axes.plot(
                    [low, high],
                    [claim["row"]] * 2,
                    color=colour,
                    linestyle=style.linestyle,
                    linewidth=2.2,
                    alpha=style.alpha,
                )
            face = colour if style.filled else "white"
            edge = style.edge_colour or colour
            for value, marker in _bound_markers(low, best, high):
                axes.scatter(
                    [value],
                    [claim["row"]],
                    marker=marker,
                    s=60,
                    facecolors=face,
                    edgecolors=edge,
                    linewidths=style.edge_width,
                    alpha=style.alpha,
                    zorder=3,
                )
        ticks = [*ranges["row"], *(row for row, _ in headers)]
        labels = [mpl_text(_range_label(c), max_chars=55) for _, c in ranges.iterrows()]
        labels += [mpl_text(text, max_chars=55) for _, text in headers]
        axes.set_yticks(ticks, labels=labels)
        for text, row in zip(axes.get_yticklabels(), ticks, strict=True):
            if row in {r for r, _ in headers}:
                text.set_fontweight("bold")
        axes.tick_params(axis="y", labelsize=8)
        axes.set_ylim(max(ticks) + 0.5, -0.5)
        axes.set_xlabel(mpl_text(quantity, max_chars=40))
        axes.grid(axis="x", color="#eeeeee")
        axes.set_axisbelow(True)
        axes.legend(
            handles=side_legend_handles(ranges["source_side"]),
            title="Side of the source",
            fontsize=8,
            title_fontsize=8,
            frameon=False,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
        )
        axes.set_title(mpl_text(title, max_chars=120))
    add_note(figure, note)
    return figure


def _bound_markers(low: float, best: float, high: float) -> list[tuple[float, str]]:
    """Markers for a claim: best as a circle; open bounds as arrow heads."""
    markers: list[tuple[float, str]] = []
    if pd.notna(best):
        markers.append((best, "o"))
    elif pd.notna(low) and pd.notna(high) and low == high:
        markers.append((low, "o"))
    if pd.notna(low) and pd.isna(high):
        markers.append((low, ">"))
    if pd.notna(high) and pd.isna(low):
        markers.append((high, "<"))
    return markers


_PLOTLY_BOUND = {"o": "circle", ">": "triangle-right", "<": "triangle-left"}


def _plotly_ranges(
    ranges: pd.DataFrame,
    headers: list[tuple[int, str]],
    title: str | None,
    note: str,
    quantity: str,
    backend: Backend,
) -> go.Figure | PlotlySpec:
    height = max(320, 26 * (len(ranges) + len(headers)) + 200)
    figure = new_plotly_figure(title, height=height)
    traces: list[Trace] = []
    for (side, status), group in ranges.groupby(["source_side", "status"], sort=True):
        style = status_style(status)
        colour = side_colour(side)
        xs: list[float | None] = []
        ys: list[float | None] = []
        for _, claim in group.iterrows():
            if (
                pd.notna(claim["low"])
                and pd.notna(claim["high"])
                and claim["high"] > claim["low"]
            ):
                xs += [float(claim["low"]), float(claim["high"]), None]
                ys += [claim["row"], claim["row"], None]
        if xs:
            traces.append(status_range_lines(xs, ys, side=side, style=style))
        px, py, symbols, hover = [], [], [], []
        for _, claim in group.iterrows():
            text = hover_html(
                [
                    ("claim", claim["claim_id"]),
                    ("source", claim["source_name"]),
                    ("reliability", claim["source_reliability"]),
                    ("status", claim["status"]),
                    ("counted side", side_label(claim["subject_side"])),
                    ("as stated", claim["value_text"]),
                    (
                        "low / best / high",
                        " / ".join(
                            "–" if pd.isna(v) else f"{v:g}"
                            for v in (claim["low"], claim["best"], claim["high"])
                        ),
                    ),
                ]
            )
            for value, marker in _bound_markers(
                claim["low"], claim["best"], claim["high"]
            ):
                px.append(float(value))
                py.append(claim["row"])
                symbols.append(
                    _PLOTLY_BOUND[marker] + ("" if style.filled else "-open")
                )
                hover.append(text)
        traces.append(
            scatter(
                x=px,
                y=py,
                mode="markers",
                marker=status_marker(symbols, colour, style),
                opacity=style.alpha,
                hovertext=hover,
                hoverinfo="text",
                name=html_text(f"{side_label(side)}, {status}", max_chars=60),
                legendgroup=f"side:{html_text(side)}",
                meta="bounds",
            )
        )
    ticks = [*ranges["row"], *(row for row, _ in headers)]
    labels = [html_text(_range_label(c), max_chars=55) for _, c in ranges.iterrows()]
    labels += [f"<b>{html_text(text, max_chars=55)}</b>" for _, text in headers]
    figure.update_yaxes(
        tickvals=ticks,
        ticktext=labels,
        autorange="reversed",
        showgrid=False,
        zeroline=False,
    )
    figure.update_xaxes(title_text=html_text(quantity, max_chars=40))
    add_note(figure, note)
    return figure.finish(traces, backend)
