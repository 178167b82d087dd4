"""Choosing claims: the period, the region, and the source behind each claim.

The brief, the notebooks, the explorer and the exports select claims with the
same functions, so that what a reader sees and what they export agree.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from osintkit.errors import ParameterError

if TYPE_CHECKING:
    from osintkit.dataset import Dataset

__all__ = [
    "GRADES",
    "RANKED_GRADES",
    "UNKNOWN_SOURCE",
    "ClaimFilter",
    "claim_days",
    "filter_claims",
    "list_filter_choices",
    "select_claims",
    "with_source_columns",
]

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


#: Source reliability grades of the NATO Admiralty code, best first. ``F``
#: ("reliability cannot be judged") is not a rank below ``E``: it says nothing
#: about the source, so a reliability threshold leaves it out unless asked.
GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
#: The grades that rank a source, best first (``F`` does not).
RANKED_GRADES: tuple[str, ...] = GRADES[:-1]
#: The list filters of :class:`ClaimFilter`, by the name used in messages.
FILTER_NAMES: dict[str, str] = {
    "regions": "region",
    "sides": "side",
    "actors": "actor",
    "claim_types": "claim type",
    "statuses": "status",
}

_REGION_CODE = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
_SHOWN_CHOICES = 40


@dataclass(frozen=True)
class ClaimFilter:
    """The explorer's filters, as one value the brief, explorer and exports share.

    Every filter left empty keeps everything. Values within one filter are
    alternatives (a claim in ``RU-BEL`` *or* ``RU-KRS``); different filters
    must all hold. Apply a filter with :func:`filter_claims`.

    Parameters
    ----------
    start, end : datetime.date or str, optional
        First and last day (inclusive, ``YYYY-MM-DD``) of the claim's day (see
        :func:`claim_days`). When either is set, undated claims are left out.
    regions : collection of str
        ISO 3166-2 codes (``RU-BEL``), matched against the claim's
        ``admin1_codes``; upper-cased.
    sides : collection of str
        Sides of the *source* making the claim (``sources.side``).
    actors : collection of str
        Actor ids the claim is about (its ``actor_ids``, not the claimant).
    claim_types : collection of str
        Values of ``claim_type``.
    statuses : collection of str
        Values of ``status`` (``claimed``, ``corroborated``, ...).
    min_reliability : str, optional
        Worst source grade kept, ``A`` (best) to ``E``: ``"C"`` keeps sources
        graded A, B or C. Grade ``F`` means "cannot be judged", not "worse
        than E", so it is not a threshold; sources graded F and claims whose
        source is not in the sources table (no grade) are left out by a
        threshold unless ``include_unjudged`` is true.
    include_unjudged : bool
        With ``min_reliability``, also keep claims from sources graded F or
        without a grade. Ignored without a threshold (everything is kept).

    Raises
    ------
    ParameterError
        For a malformed date, ``start`` after ``end``, an empty value, a
        region that is not an ISO 3166-2 code or a grade other than A-E.
        Values unknown to a dataset are refused by :meth:`check`.

    Examples
    --------
    >>> ClaimFilter().describe()
    'All claims.'
    >>> f = ClaimFilter(start="2024-03-11", end="2024-03-17", regions=["ru-bel"],
    ...                 sides=["russia"], min_reliability="c")
    >>> f.regions, f.min_reliability
    (('RU-BEL',), 'C')
    >>> f.describe()  # doctest: +NORMALIZE_WHITESPACE
    'Claims dated 2024-03-11 to 2024-03-17 (undated claims left out), in RU-BEL,
    by sources on the russia side, from sources graded A to C (F and ungraded
    left out).'
    """

    start: date | str | None = None
    end: date | str | None = None
    regions: Collection[str] = ()
    sides: Collection[str] = ()
    actors: Collection[str] = ()
    claim_types: Collection[str] = ()
    statuses: Collection[str] = ()
    min_reliability: str | None = None
    include_unjudged: bool = False

    def __post_init__(self) -> None:
        start = _as_day("start", self.start)
        end = _as_day("end", self.end)
        if start is not None and end is not None and start > end:
            raise ParameterError(
                f"start {start.isoformat()} is after end {end.isoformat()}; "
                "swap them or widen the period"
            )
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        for name in FILTER_NAMES:
            values = _as_values(FILTER_NAMES[name], getattr(self, name))
            if name == "regions":
                values = tuple(value.upper() for value in values)
                bad = [value for value in values if not _REGION_CODE.fullmatch(value)]
                if bad:
                    raise ParameterError(
                        f"region {_quoted(bad)} is not an ISO 3166-2 code; write "
                        "it as country-subdivision, e.g. RU-BEL"
                    )
            object.__setattr__(self, name, tuple(sorted(set(values))))
        object.__setattr__(self, "min_reliability", _as_grade(self.min_reliability))
        object.__setattr__(self, "include_unjudged", bool(self.include_unjudged))

    @property
    def is_empty(self) -> bool:
        """``True`` when the filter keeps every claim."""
        return (
            self.start is None
            and self.end is None
            and not any(getattr(self, name) for name in FILTER_NAMES)
            and self.min_reliability is None
        )

    def describe(self) -> str:
        """Say what the filter keeps, in one plain sentence.

        Returns
        -------
        str
            E.g. ``'Claims in RU-KRS, about lsr.'``; ``'All claims.'`` when
            nothing is filtered. Values appear as given (escape them before
            putting the sentence into HTML).

        Examples
        --------
        >>> ClaimFilter(regions=["RU-KRS"], actors=["lsr", "rdk"]).describe()
        'Claims in RU-KRS, about lsr or rdk.'
        >>> late = ClaimFilter(end="2024-03-17", min_reliability="B",
        ...                    include_unjudged=True)
        >>> late.describe()  # doctest: +NORMALIZE_WHITESPACE
        'Claims dated up to 2024-03-17 (undated claims left out), from sources
        graded A to B, F (cannot be judged) or not graded.'
        """
        parts: list[str] = []
        start, end = self.start, self.end
        if start is not None or end is not None:
            if start is not None and end is not None:
                period = f"{start} to {end}" if start != end else f"on {start}"
            elif start is not None:
                period = f"from {start}"
            else:
                period = f"up to {end}"
            parts.append(f"dated {period} (undated claims left out)")
        if self.regions:
            parts.append(f"in {_or(self.regions)}")
        if self.sides:
            parts.append(f"by sources on the {_or(self.sides)} side")
        if self.actors:
            parts.append(f"about {_or(self.actors)}")
        if self.claim_types:
            parts.append(f"of type {_or(self.claim_types)}")
        if self.statuses:
            parts.append(f"with status {_or(self.statuses)}")
        if self.min_reliability is not None:
            grades = (
                "A" if self.min_reliability == "A" else f"A to {self.min_reliability}"
            )
            tail = (
                ", F (cannot be judged) or not graded"
                if self.include_unjudged
                else " (F and ungraded left out)"
            )
            parts.append(f"from sources graded {grades}{tail}")
        if not parts:
            return "All claims."
        return "Claims " + ", ".join(parts) + "."

    def to_dict(self) -> dict[str, object]:
        """Return the filter as JSON-ready values (dates as ``YYYY-MM-DD``).

        Examples
        --------
        >>> ClaimFilter(start="2024-03-11", sides=["russia"]).to_dict()["sides"]
        ['russia']
        """
        values: dict[str, object] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            values[item.name] = value
        return values

    def check(self, choices: Mapping[str, Collection[str]]) -> ClaimFilter:
        """Refuse values a dataset does not know, naming them and the allowed ones.

        Parameters
        ----------
        choices : mapping of str to collection of str
            Allowed values by filter name (``regions``, ``sides``, ``actors``,
            ``claim_types``, ``statuses``), as :func:`list_filter_choices`
            returns them; a filter missing from the mapping is not checked.

        Returns
        -------
        ClaimFilter
            ``self``, so that calls chain.

        Raises
        ------
        ParameterError
            Naming every unknown value (all filters at once, one line per
            filter) and what each filter allows.

        Examples
        --------
        >>> ClaimFilter(sides=["russian"]).check({"sides": ["russia", "ukraine"]})
        ... # doctest: +NORMALIZE_WHITESPACE
        Traceback (most recent call last):
        ...
        osintkit.errors.ParameterError: unknown side 'russian';
        use one of: russia, ukraine
        """
        problems = []
        for name, label in FILTER_NAMES.items():
            if name not in choices:
                continue
            allowed = set(choices[name])
            unknown = [value for value in getattr(self, name) if value not in allowed]
            if unknown:
                problems.append(
                    f"unknown {label} {_quoted(unknown)}; use one of: "
                    f"{_listing(sorted(allowed))}"
                )
        if problems:
            raise ParameterError("\n".join(problems))
        return self


def list_filter_choices(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """Return the values each list filter of :class:`ClaimFilter` accepts.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset.

    Returns
    -------
    dict of str to tuple of str
        Sorted values by filter name: ``regions`` (the claims' ``admin1_codes``
        and the gazetteer's ``admin1_code``), ``sides``, ``claim_types`` and
        ``statuses`` (the ``enum`` of their column in ``datapackage.json``,
        plus any value present), ``actors`` (the reference actors and every id
        in the claims' ``actor_ids``). The explorer offers these as options.

    Examples
    --------
    >>> import osintkit as ok
    >>> list_filter_choices(ok.load_dataset(MINI))["regions"]
    ('RU-BEL', 'RU-KRS')
    """
    claims, sources = dataset["claims"], dataset["sources"]
    reference = dataset.reference
    regions = _split_values(claims["admin1_codes"])
    actors = _split_values(claims["actor_ids"])
    if reference is not None and "places" in reference:
        regions |= set(reference["places"]["admin1_code"].dropna().astype(str))
    if reference is not None and "actors" in reference:
        actors |= set(reference["actors"]["actor_id"].dropna().astype(str))
    return {
        "regions": tuple(sorted(regions)),
        "sides": _enum_and_present(dataset, "sources", sources, "side"),
        "actors": tuple(sorted(actors)),
        "claim_types": _enum_and_present(dataset, "claims", claims, "claim_type"),
        "statuses": _enum_and_present(dataset, "claims", claims, "status"),
    }


def filter_claims(
    data: Dataset | pd.DataFrame,
    claim_filter: ClaimFilter | None = None,
    *,
    sources: pd.DataFrame | None = None,
    choices: Mapping[str, Collection[str]] | None = None,
) -> pd.DataFrame:
    """Return the claims a :class:`ClaimFilter` selects, with their sources.

    Parameters
    ----------
    data : Dataset or pandas.DataFrame
        A loaded dataset, or a claims table (then pass ``sources``).
    claim_filter : ClaimFilter, optional
        What to keep; ``None`` keeps every claim.
    sources : pandas.DataFrame, optional
        The sources table, required when ``data`` is a claims table.
    choices : mapping, optional
        Allowed filter values (see :meth:`ClaimFilter.check`). For a dataset
        they default to :func:`list_filter_choices`, so unknown values are
        always refused; for bare frames values are checked only when given.

    Returns
    -------
    pandas.DataFrame
        A new frame, one row per selected claim sorted by ``claim_id``, with
        the claim's columns, ``claim_day`` (see :func:`claim_days`), and
        ``source_name``, ``source_side`` and ``source_reliability`` (see
        :func:`with_source_columns`).

    Raises
    ------
    ParameterError
        For a filter value the dataset does not know.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["C2", "C1", "C3"],
    ...     "source_id": ["mod", "mod", "isw"],
    ...     "reported_date": pd.to_datetime(["2024-03-12"] * 3),
    ...     "event_date_start": pd.to_datetime([None] * 3),
    ...     "admin1_codes": ["RU-BEL", "RU-KRS", "RU-BEL"],
    ...     "actor_ids": [None, "lsr", "lsr;rdk"],
    ...     "claim_type": ["strike", "attack_repelled", "territorial_control"],
    ...     "status": ["claimed", "claimed", "assessed"],
    ... })
    >>> sources = pd.DataFrame({
    ...     "source_id": ["mod", "isw"], "name": ["MoD", "ISW"],
    ...     "side": ["russia", "independent"], "reliability": ["D", "B"],
    ... })
    >>> pick = ClaimFilter(actors=["lsr"], min_reliability="C")
    >>> filter_claims(claims, pick, sources=sources)["claim_id"].tolist()
    ['C3']
    >>> filter_claims(claims, sources=sources)["claim_id"].tolist()
    ['C1', 'C2', 'C3']
    """
    if isinstance(data, pd.DataFrame):
        if sources is None:
            raise TypeError("filter_claims(claims, ...) needs sources=<sources table>")
        claims = data
    else:
        claims = data["claims"]
        sources = data["sources"] if sources is None else sources
        if choices is None:
            choices = list_filter_choices(data)
    chosen = claim_filter if claim_filter is not None else ClaimFilter()
    if choices is not None:
        chosen.check(choices)
    selected = select_claims(claims, start=chosen.start, end=chosen.end)
    selected = with_source_columns(selected, sources)
    keep = np.ones(len(selected), dtype=bool)
    if chosen.regions:
        keep &= _has_any(selected["admin1_codes"], chosen.regions)
    if chosen.actors:
        keep &= _has_any(selected["actor_ids"], chosen.actors)
    for name, column in (
        ("sides", "source_side"),
        ("claim_types", "claim_type"),
        ("statuses", "status"),
    ):
        wanted = getattr(chosen, name)
        if wanted:
            keep &= selected[column].isin(wanted).fillna(False).to_numpy(dtype=bool)
    if chosen.min_reliability is not None:
        grade = selected["source_reliability"]
        ranked = RANKED_GRADES[: RANKED_GRADES.index(chosen.min_reliability) + 1]
        passes = grade.isin(ranked).fillna(False).to_numpy(dtype=bool)
        if chosen.include_unjudged:
            unjudged = grade.isna() | (grade == "F")
            passes = passes | unjudged.fillna(False).to_numpy(dtype=bool)
        keep &= passes
    result = selected.loc[keep]
    order = np.argsort(result["claim_id"].astype(str).to_numpy(), kind="stable")
    return result.iloc[order].reset_index(drop=True)


def _as_day(name: str, value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
    raise ParameterError(
        f"{name} {value!r} is not a date; write it as YYYY-MM-DD (e.g. 2024-03-11)"
    )


def _as_values(label: str, values: object) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = (values,)
    if not isinstance(values, Iterable):
        raise ParameterError(f"{label}: expected a list of strings, got {values!r}")
    result = []
    for value in values:
        if not isinstance(value, str):
            raise ParameterError(f"{label} {value!r} is not a string")
        text = value.strip()
        if not text:
            raise ParameterError(f"an empty {label} was given; leave it out instead")
        result.append(text)
    return tuple(result)


def _as_grade(value: object) -> str | None:
    if value is None:
        return None
    grade = value.strip().upper() if isinstance(value, str) else value
    if grade == "F":
        raise ParameterError(
            "minimum reliability 'F' is not a threshold: F means the source's "
            "reliability cannot be judged, not that it is worse than E. Use A to "
            "E; to keep sources graded F as well, add include_unjudged "
            "(--include-unjudged); to keep every source, set no minimum"
        )
    if grade not in RANKED_GRADES:
        raise ParameterError(
            f"minimum reliability {value!r} is not a grade; use one of: "
            f"{', '.join(RANKED_GRADES)} (A best)"
        )
    return str(grade)


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(repr(value) for value in values)


def _or(values: Collection[str]) -> str:
    items = list(values)
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else items[0]


def _listing(values: Sequence[str]) -> str:
    if not values:
        return "(none in this dataset)"
    shown = ", ".join(values[:_SHOWN_CHOICES])
    more = len(values) - _SHOWN_CHOICES
    return shown + (f" ... and {more} more" if more > 0 else "")


def _split_values(column: pd.Series) -> set[str]:
    items = column.dropna().astype(str).str.split(";").explode()
    return {item for item in items if item}


def _enum_and_present(
    dataset: Dataset, resource: str, frame: pd.DataFrame, column: str
) -> tuple[str, ...]:
    field = dataset.package.resource(resource).schema.get(column)
    values = set(frame[column].dropna().astype(str))
    if field is not None and field.enum is not None:
        values |= set(field.enum)
    return tuple(sorted(values))


def _has_any(column: pd.Series, wanted: Collection[str]) -> np.ndarray:
    """Whether each ``;``-joined cell lists at least one of ``wanted``."""
    cells = ";" + column.fillna("").astype(str) + ";"
    keep = np.zeros(len(column), dtype=bool)
    for value in wanted:
        keep |= cells.str.contains(f";{value};", regex=False).to_numpy(dtype=bool)
    return keep
