"""Tables and charts that summarise a dataset's claims for notebooks and briefs.

Counting helpers take the claims a notebook selected (see
:mod:`osintkit.selection`) and return small frames that
:func:`osintkit.display.render_table` shows; :func:`key_figures` gives the
numbers at the top of a brief and in ``brief.json``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from osintkit.dataset import Dataset
from osintkit.display import Chart
from osintkit.plots.style import side_colour
from osintkit.selection import ClaimFilter, claim_days, filter_claims

__all__ = [
    "count_claims",
    "count_claims_per_day",
    "count_rows",
    "key_figures",
    "list_issues",
    "list_sources",
    "plot_claims_per_day",
]


def count_claims_per_day(
    claims: pd.DataFrame,
    *,
    by: str = "source_side",
    start: str | date | None = None,
    end: str | date | None = None,
) -> pd.DataFrame:
    """Count claims per day, one column per value of ``by``.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with a ``claim_day`` column (see :func:`select_claims`).
    by : str
        Column whose values become the columns of the table.
    start, end : str or datetime.date, optional
        Show every day from ``start`` to ``end``, with zero on days without
        claims; by default the days from the first to the last claim.

    Returns
    -------
    pandas.DataFrame
        Index ``day`` (``YYYY-MM-DD`` strings), integer counts, columns sorted.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_day": pd.to_datetime(["2024-03-12", "2024-03-12", "2024-03-14"]),
    ...     "source_side": ["russia", "pro_ukraine", "russia"],
    ... })
    >>> per_day = count_claims_per_day(claims, start="2024-03-12", end="2024-03-14")
    >>> per_day  # doctest: +NORMALIZE_WHITESPACE
    source_side  pro_ukraine  russia
    day
    2024-03-12             1       1
    2024-03-13             0       0
    2024-03-14             0       1
    """
    dated = claims.dropna(subset=["claim_day"])
    first = pd.Timestamp(start) if start is not None else dated["claim_day"].min()
    last = pd.Timestamp(end) if end is not None else dated["claim_day"].max()
    days: pd.DatetimeIndex | list[pd.Timestamp] = (
        pd.date_range(first, last, freq="D") if pd.notna(first) else []
    )
    counts = (
        pd.crosstab(dated["claim_day"], dated[by]) if len(dated) else pd.DataFrame()
    )
    table = counts.reindex(index=days, fill_value=0).sort_index(axis="columns")
    table.index = pd.Index(
        [day.strftime("%Y-%m-%d") for day in table.index], name="day"
    )
    table.columns.name = by
    return table.astype("int64")


def count_claims(claims: pd.DataFrame, by: str) -> pd.DataFrame:
    """Count claims per value of one column, most frequent first.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims table.
    by : str
        Column to count by; a blank value counts as ``(blank)``.

    Returns
    -------
    pandas.DataFrame
        Columns ``by`` and ``claims``; ties are in the order of ``by``.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_type": ["strike", "denial", "strike", None]})
    >>> count_claims(claims, "claim_type").to_dict("list")
    {'claim_type': ['strike', '(blank)', 'denial'], 'claims': [2, 1, 1]}
    """
    values = claims[by].astype("string").fillna("(blank)")
    counts = values.groupby(values).size().rename("claims").rename_axis(by)
    table = counts.reset_index().sort_values(
        ["claims", by], ascending=[False, True], kind="stable"
    )
    return table.reset_index(drop=True)


def list_issues(dataset: Dataset) -> pd.DataFrame:
    """Return the dataset's validation issues with file paths relative to it.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset.

    Returns
    -------
    pandas.DataFrame
        ``ValidationReport.to_frame()`` with ``file`` relative to the dataset
        folder (``claims.csv``, ``../reference/places.csv``), so that the
        brief reads the same on every machine.
    """
    issues = dataset.report.to_frame()
    root = dataset.path.resolve()
    relative = [
        os.path.relpath(Path(name).resolve(), root) if name else name
        for name in issues["file"]
    ]
    return issues.assign(file=relative)


def list_sources(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """List the sources of the given claims with their reliability grades.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with ``source_id``.
    sources : pandas.DataFrame
        Sources table.

    Returns
    -------
    pandas.DataFrame
        One row per source cited at least once: ``source_id``, ``name``,
        ``source_type``, ``side``, ``reliability`` and ``claims``; sorted by
        grade (A first), then by number of claims and ``source_id``.
    """
    counts = claims.groupby("source_id").size().rename("claims").reset_index()
    listed = sources[["source_id", "name", "source_type", "side", "reliability"]]
    table = listed.merge(counts, on="source_id", how="inner", validate="1:1")
    table = table.sort_values(
        ["reliability", "claims", "source_id"],
        ascending=[True, False, True],
        kind="stable",
    )
    return table.reset_index(drop=True)


def count_rows(dataset: Dataset) -> pd.DataFrame:
    """Count the rows of every table of a dataset and of its reference tables.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset.

    Returns
    -------
    pandas.DataFrame
        Columns ``package``, ``table`` and ``rows``.
    """
    packages = [dataset]
    if dataset.reference is not None:
        packages.append(dataset.reference)
    records = [
        {"package": package.package.name, "table": name, "rows": len(frame)}
        for package in packages
        for name, frame in package.tables.items()
    ]
    return pd.DataFrame(records, columns=["package", "table", "rows"])


def key_figures(
    dataset: Dataset,
    *,
    start: str | date | None = None,
    end: str | date | None = None,
    region: str | None = None,
    actors: Sequence[str] = (),
) -> dict[str, Any]:
    """Return the brief's key figures for a period and region.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset (its ``report`` gives the issue counts).
    start, end, region
        As for :func:`osintkit.selection.select_claims`.
    actors : sequence of str
        Keep claims about these actors (see
        :class:`osintkit.selection.ClaimFilter`).

    Returns
    -------
    dict
        ``claims``, ``sources`` and ``incidents`` in the selection, the same
        for the whole dataset, the undated claims, and the validation
        ``errors`` and ``warnings``. Plain ints, ready for JSON.
    """
    claims = dataset["claims"]
    selected = filter_claims(
        dataset,
        ClaimFilter(
            start=start, end=end, regions=[region] if region else (), actors=actors
        ),
    )
    return {
        "claims": len(selected),
        "sources": int(selected["source_id"].nunique()),
        "incidents": int(selected["incident_id"].nunique()),
        "claims_in_dataset": len(claims),
        "sources_in_dataset": len(dataset["sources"]),
        "incidents_in_dataset": len(dataset["incidents"]),
        "undated_claims": int(claim_days(claims).isna().sum()),
        "errors": len(dataset.report.errors),
        "warnings": len(dataset.report.warnings),
    }


def plot_claims_per_day(per_day: pd.DataFrame, *, title: str = "") -> Chart:
    """Draw claims per day as stacked bars, one colour per column.

    Parameters
    ----------
    per_day : pandas.DataFrame
        Output of :func:`count_claims_per_day`.
    title : str
        Title above the chart.

    Returns
    -------
    Chart
        Shown once as a PNG in Jupyter and in the brief; the figure is not
        registered with pyplot, so it is freed with the variable.

    Examples
    --------
    >>> per_day = pd.DataFrame({"russia": [2, 0]}, index=["2024-03-11", "2024-03-12"])
    >>> png, metadata = plot_claims_per_day(per_day, title="Claims")._repr_png_()
    >>> png[1:4], metadata
    (b'PNG', {'alt': 'Claims'})
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 3.5), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    bottom = pd.Series(0, index=per_day.index, dtype="int64")
    for column in per_day.columns:
        axes.bar(
            per_day.index,
            per_day[column],
            bottom=bottom,
            label=str(column),
            color=side_colour(column),
        )
        bottom = bottom + per_day[column]
    if per_day.empty or not per_day.to_numpy().any():
        axes.text(0.5, 0.5, "no claims", ha="center", va="center")
        axes.set_axis_off()
    else:
        axes.legend(title=per_day.columns.name, fontsize="small", frameon=False)
        axes.set_ylabel("claims")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(axis="x", labelrotation=45)
    axes.set_title(title)
    return Chart(figure, alt=title or "claims per day")
