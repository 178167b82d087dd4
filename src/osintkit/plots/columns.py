"""Reading the columns the plots need from claims, incidents and reference tables.

Plots accept small hand-made frames as well as loaded tables: a column that is
only shown (a summary, a URL) may be absent and reads as missing, while a
column a plot cannot do without raises :class:`osintkit.errors.MissingColumnsError`
saying what to pass instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from osintkit.errors import MissingColumnsError

__all__ = ["column", "explode_ids", "require_columns", "split_ids"]

#: What to do when the source columns are missing from a claims frame.
SOURCE_COLUMNS_HINT = (
    "add the claimant's name, side and grade with "
    "osintkit.selection.with_source_columns(claims, sources)"
)


def require_columns(
    frame: pd.DataFrame, columns: Sequence[str], table: str, hint: str = ""
) -> None:
    """Raise when ``frame`` lacks any of ``columns``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table passed to a plot.
    columns : sequence of str
        Columns the plot needs.
    table : str
        What the table is (``"claims"``), for the message.
    hint : str
        How to get the missing columns.

    Raises
    ------
    MissingColumnsError
        Naming the missing columns.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": []}), ["a"], "claims")
    >>> require_columns(pd.DataFrame({"a": []}), ["a", "b"], "claims")
    Traceback (most recent call last):
    ...
    osintkit.errors.MissingColumnsError: claims lack the column(s) b
    """
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        message = f"{table} lack the column(s) {', '.join(missing)}"
        raise MissingColumnsError(f"{message}: {hint}" if hint else message)


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """Return a column, or an all-missing one when ``frame`` lacks it.

    Examples
    --------
    >>> column(pd.DataFrame({"a": [1, 2]}), "b").isna().tolist()
    [True, True]
    """
    if name in frame.columns:
        return frame[name]
    return pd.Series(np.nan, index=frame.index, dtype="object", name=name)


def split_ids(value: object) -> list[str]:
    """Split a ``;``-joined id list into its ids (blank items dropped).

    Examples
    --------
    >>> split_ids("RU-BEL; RU-KRS;"), split_ids(float("nan"))
    (['RU-BEL', 'RU-KRS'], [])
    """
    if not isinstance(value, str):
        return []
    return [item.strip() for item in value.split(";") if item.strip()]


def explode_ids(frame: pd.DataFrame, name: str, *, to: str) -> pd.DataFrame:
    """Return one row per id in the ``;``-joined column ``name``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Table with the list column (missing columns read as empty lists).
    name : str
        The list column (``actor_ids``, ``admin1_codes``).
    to : str
        Name of the column holding one id per row.

    Returns
    -------
    pandas.DataFrame
        ``frame`` rows repeated once per id (rows without ids left out),
        index reset, with ``to`` added.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["a", "b"], "actor_ids": ["x;y", None]})
    >>> explode_ids(claims, "actor_ids", to="actor_id")[["claim_id", "actor_id"]]
      claim_id actor_id
    0        a        x
    1        a        y
    """
    ids = column(frame, name).map(split_ids)
    exploded = frame.assign(**{to: ids}).explode(to)
    exploded = exploded[exploded[to].notna()].reset_index(drop=True)
    return exploded.assign(**{to: exploded[to].astype("str")})
