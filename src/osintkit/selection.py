"""Choosing claims: the period, the region, and the source behind each claim.

The brief, the notebooks, the explorer and the exports select claims with the
same functions, so that what a reader sees and what they export agree.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

__all__ = ["UNKNOWN_SOURCE", "claim_days", "select_claims", "with_source_columns"]

#: Name and side given to a claim whose ``source_id`` is not in the sources table.
UNKNOWN_SOURCE = "(unknown source)"


def claim_days(claims: pd.DataFrame) -> pd.Series:
    """Return the day each claim counts for in a brief.

    A claim counts on the day it was made (``reported_date``); when the page
    does not say, on the first day of the claimed event (``event_date_start``).
    A claim with neither is undated (``NaT``).

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims table with ``reported_date`` and ``event_date_start``.

    Returns
    -------
    pandas.Series
        ``datetime64`` series named ``claim_day``, aligned with ``claims``.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "reported_date": pd.to_datetime(["2024-03-12", None, None]),
    ...     "event_date_start": pd.to_datetime(["2024-03-11", "2024-03-13", None]),
    ... })
    >>> claim_days(claims).dt.strftime("%Y-%m-%d").tolist()
    ['2024-03-12', '2024-03-13', nan]
    """
    days = claims["reported_date"].fillna(claims["event_date_start"])
    return pd.to_datetime(days).rename("claim_day")


def select_claims(
    claims: pd.DataFrame,
    *,
    start: str | date | None = None,
    end: str | date | None = None,
    region: str | None = None,
) -> pd.DataFrame:
    """Return the claims of a period and region, with their ``claim_day``.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims table.
    start, end : str or datetime.date, optional
        First and last day (inclusive). When either is given, undated claims
        (see :func:`claim_days`) are left out; count them with
        ``claim_days(claims).isna().sum()``.
    region : str, optional
        ISO 3166-2 code (``RU-BEL``); keeps claims whose ``admin1_codes``
        include it.

    Returns
    -------
    pandas.DataFrame
        A new frame: the selected rows with an added ``claim_day`` column.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["C1", "C2", "C3"],
    ...     "reported_date": pd.to_datetime(["2024-03-12", "2024-03-20", None]),
    ...     "event_date_start": pd.to_datetime([None, None, None]),
    ...     "admin1_codes": ["RU-BEL;RU-KRS", "RU-BEL", "RU-KRS"],
    ... })
    >>> select_claims(claims, start="2024-03-11", end="2024-03-17")["claim_id"].tolist()
    ['C1']
    >>> select_claims(claims, region="RU-KRS")["claim_id"].tolist()
    ['C1', 'C3']
    """
    selected = claims.assign(claim_day=claim_days(claims))
    keep = pd.Series(True, index=selected.index)
    if start is not None:
        keep &= selected["claim_day"] >= pd.Timestamp(start)
    if end is not None:
        keep &= selected["claim_day"] <= pd.Timestamp(end)
    if region is not None:
        codes = ";" + selected["admin1_codes"].fillna("").astype(str) + ";"
        keep &= codes.str.contains(f";{region};", regex=False)
    return selected.loc[keep.to_numpy()]


def with_source_columns(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add the claimant's name, side and reliability grade to each claim.

    Parameters
    ----------
    claims : pandas.DataFrame
        Claims with ``source_id``.
    sources : pandas.DataFrame
        Sources table (``source_id`` unique).

    Returns
    -------
    pandas.DataFrame
        ``claims`` with ``source_name``, ``source_side`` and
        ``source_reliability``; a claim whose source is not in ``sources`` is
        kept, with ``(unknown source)`` as its name and side.
    """
    columns = sources[["source_id", "name", "side", "reliability"]].rename(
        columns={
            "name": "source_name",
            "side": "source_side",
            "reliability": "source_reliability",
        }
    )
    merged = claims.merge(columns, on="source_id", how="left", validate="m:1")
    return merged.assign(
        source_name=merged["source_name"].fillna(UNKNOWN_SOURCE),
        source_side=merged["source_side"].fillna(UNKNOWN_SOURCE),
    )
