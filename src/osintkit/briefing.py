"""What a period's brief says: its claims, where they disagree, and the figures.

:func:`analyse_period` runs the engine once for a brief or a notebook: the
claims of the period (and region, actors, …) with their sources, the
discrepancy findings that involve them, and the reliability-weighted figures
that rest on them. The findings and figures are computed on the whole dataset
and then kept when one of the period's claims takes part, so that a revision
made the week after, or a figure first given the week before, stays visible.

The other functions turn that analysis into the brief's headline, tables and
``brief.json`` figures. All text they return is plain; show tables with
:func:`osintkit.display.render_table`, which escapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import pandas as pd

from osintkit.dataset import Dataset
from osintkit.discrepancy import KINDS, find_in_prepared, prepare_claims
from osintkit.reconcile import reconcile_prepared
from osintkit.selection import ClaimFilter, filter_claims

__all__ = [
    "BRIEF_FIGURES_MIMETYPE",
    "FiguresForBrief",
    "PeriodAnalysis",
    "analyse_period",
    "brief_figures",
    "claims_appendix",
    "count_findings",
    "disputed_quantities",
    "findings_table",
    "headline",
    "reconciled_table",
]

_SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class PeriodAnalysis:
    """The claims of a period and what the engine says about them.

    Attributes
    ----------
    claims : pandas.DataFrame
        The selected claims with ``claim_day`` and their sources' name, side
        and grade (:func:`osintkit.selection.with_source_columns`).
    findings : pandas.DataFrame
        Findings of :func:`osintkit.find_discrepancies` in which at least one
        selected claim takes part.
    reconciled : pandas.DataFrame
        Rows of :func:`osintkit.reconcile` that rest on at least one selected
        claim.
    sources : pandas.DataFrame
        The dataset's sources table.
    incidents : pandas.DataFrame
        The curated incidents the selected claims belong to.
    claim_filter : ClaimFilter
        The selection.
    """

    claims: pd.DataFrame
    findings: pd.DataFrame
    reconciled: pd.DataFrame
    sources: pd.DataFrame
    incidents: pd.DataFrame
    claim_filter: ClaimFilter

    @property
    def start(self) -> str | None:
        """First day of the period (``YYYY-MM-DD``), or ``None``."""
        return _iso(self.claim_filter.start)

    @property
    def end(self) -> str | None:
        """Last day of the period (``YYYY-MM-DD``), or ``None``."""
        return _iso(self.claim_filter.end)


def _iso(day: date | str | None) -> str | None:
    return None if day is None else pd.Timestamp(day).date().isoformat()


def _ids(joined: pd.Series) -> pd.Series:
    return joined.fillna("").astype(str).str.split(";")


def _touches(joined: pd.Series, claim_ids: set[str]) -> pd.Series:
    return _ids(joined).map(lambda ids: not claim_ids.isdisjoint(ids)).astype(bool)


def analyse_period(
    dataset: Dataset,
    claim_filter: ClaimFilter | None = None,
    *,
    start: str | date | None = None,
    end: str | date | None = None,
    region: str | None = None,
    actors: str | Sequence[str] | None = None,
) -> PeriodAnalysis:
    """Select a period's claims and find the disagreements and figures about them.

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset.
    claim_filter : ClaimFilter, optional
        The selection; or give the notebook parameters below instead.
    start, end : str or datetime.date, optional
        First and last day (inclusive).
    region : str, optional
        One ISO 3166-2 oblast code.
    actors : str or sequence of str, optional
        Actor ids, as a list or one string separated by ``;`` (as a notebook
        parameter, which must be a scalar).

    Returns
    -------
    PeriodAnalysis

    Raises
    ------
    ParameterError
        For a value the dataset does not know (see
        :func:`osintkit.selection.filter_claims`).

    Examples
    --------
    >>> from osintkit import load_dataset
    >>> week = analyse_period(load_dataset(MINI), start="2024-03-11", end="2024-03-17")
    >>> len(week.claims) > 0, set(week.findings["kind"]) <= set(KINDS)
    (True, True)
    """
    if claim_filter is None:
        if isinstance(actors, str):
            actors = [a.strip() for a in actors.split(";") if a.strip()]
        claim_filter = ClaimFilter(
            start=start,
            end=end,
            regions=[region] if region else (),
            actors=actors or (),
        )
    claims = dataset["claims"]
    sources = dataset["sources"]
    reference = dataset.reference
    places = reference["places"] if reference and "places" in reference else None
    selected = filter_claims(dataset, claim_filter)
    # one preparation (and clustering) of the claims for both engines
    prepared = prepare_claims(claims, sources, places=places)
    findings = find_in_prepared(prepared)
    reconciled = reconcile_prepared(prepared, findings)
    ids = set(selected["claim_id"].astype(str))
    involved = _touches(findings["claim_ids_a"], ids) | _touches(
        findings["claim_ids_b"], ids
    )
    resting = _touches(reconciled["claim_ids"], ids)
    incidents = dataset["incidents"]
    return PeriodAnalysis(
        claims=selected,
        findings=findings.loc[involved.to_numpy()].reset_index(drop=True),
        reconciled=reconciled.loc[resting.to_numpy()].reset_index(drop=True),
        sources=sources,
        incidents=incidents[
            incidents["incident_id"].isin(selected["incident_id"].dropna())
        ].reset_index(drop=True),
        claim_filter=claim_filter,
    )


def _count_text(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def headline(analysis: PeriodAnalysis) -> str:
    """Say in one or two sentences what the period holds, in numbers.

    Parameters
    ----------
    analysis : PeriodAnalysis

    Returns
    -------
    str
        Plain text (escape it for HTML).

    Examples
    --------
    >>> from osintkit import load_dataset
    >>> week = analyse_period(load_dataset(MINI), start="2024-03-11", end="2024-03-17")
    >>> headline(week).split(":")[0]
    '11–17 March 2024'
    """
    claims = analysis.claims
    findings = analysis.findings
    period = _period_label(analysis.start, analysis.end)
    sides = claims["source_side"].value_counts()
    side_text = ", ".join(f"{n} from {side}" for side, n in sides.items())
    text = (
        f"{period}: {_count_text(len(claims), 'claim', 'claims')} by "
        f"{_count_text(claims['source_id'].nunique(), 'source', 'sources')} "
        f"about {_count_text(claims['incident_id'].nunique(), 'incident', 'incidents')}"
    )
    text += f" ({side_text})." if side_text else "."
    contested = findings[findings["kind"] != "single-source"]
    if len(contested):
        kinds = contested["kind"].value_counts()
        high = int((contested["severity_label"] == "high").sum())
        text += (
            f" The sources disagree in "
            f"{_count_text(len(contested), 'finding', 'findings')}"
            f" ({high} of high severity): "
            + ", ".join(f"{kind} {n}" for kind, n in kinds.items())
            + "."
        )
    single = int((findings["kind"] == "single-source").sum())
    if single:
        text += (
            f" {_count_text(single, 'claim rests', 'claims rest')} on one source only."
        )
    return text


def _period_label(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "All dates"
    if not start or not end:
        return f"From {start}" if start else f"Until {end}"
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if first == last:
        return f"{last.day} {last:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def _graded_names(joined: str, sources: dict[str, tuple[str, str]]) -> str:
    names = []
    for source_id in filter(None, str(joined).split(";")):
        name, grade = sources.get(source_id, (source_id, "F"))
        names.append(f"{name} ({grade})")
    return "; ".join(names)


def _source_lookup(sources: pd.DataFrame) -> dict[str, tuple[str, str]]:
    return {
        str(row.source_id): (str(row.name), str(row.reliability))
        for row in sources[["source_id", "name", "reliability"]].itertuples()
    }


def findings_table(
    analysis: PeriodAnalysis, *, kinds: Sequence[str] | None = None
) -> pd.DataFrame:
    """Tabulate the findings, most severe first within each incident.

    Parameters
    ----------
    analysis : PeriodAnalysis
    kinds : sequence of str, optional
        The kinds of finding to list; by default every kind but
        ``single-source`` (many, and of low severity: list them apart).

    Returns
    -------
    pandas.DataFrame
        ``incident``, ``kind``, ``severity``, ``explanation``, ``side_a``,
        ``side_b`` (the sources on each side with their grades) and
        ``claims`` (claim ids of both sides).
    """
    findings = analysis.findings
    wanted = (
        [kind for kind in KINDS if kind != "single-source"] if kinds is None else kinds
    )
    findings = findings[findings["kind"].isin(wanted)]
    lookup = _source_lookup(analysis.sources)
    table = pd.DataFrame(
        {
            "incident": findings["incident_id"],
            "kind": findings["kind"],
            "severity": [
                f"{label} ({severity:.2f})"
                for label, severity in zip(
                    findings["severity_label"], findings["severity"], strict=True
                )
            ],
            "explanation": findings["explanation"],
            "side_a": findings["source_ids_a"].map(lambda s: _graded_names(s, lookup)),
            "side_b": findings["source_ids_b"].map(lambda s: _graded_names(s, lookup)),
            "claims": [
                " | ".join(filter(None, (_text(a), _text(b))))
                for a, b in zip(
                    findings["claim_ids_a"], findings["claim_ids_b"], strict=True
                )
            ],
            "_order": findings["severity"],
        }
    )
    table = table.sort_values(
        ["incident", "_order", "kind"], ascending=[True, False, True], kind="stable"
    )
    return table.drop(columns="_order").reset_index(drop=True)


def count_findings(analysis: PeriodAnalysis) -> pd.DataFrame:
    """Count the findings by kind (rows) and severity (columns).

    Parameters
    ----------
    analysis : PeriodAnalysis

    Returns
    -------
    pandas.DataFrame
        One row per kind of :data:`osintkit.discrepancy.KINDS` that occurs,
        columns ``high``, ``medium``, ``low`` and ``total``.
    """
    findings = analysis.findings
    table = pd.DataFrame(
        {
            label: [
                int(
                    (
                        (findings["kind"] == kind)
                        & (findings["severity_label"] == label)
                    ).sum()
                )
                for kind in KINDS
            ]
            for label in _SEVERITIES
        },
        index=pd.Index(KINDS, name="kind"),
    )
    table["total"] = table.sum(axis=1)
    return table[table["total"] > 0]


def disputed_quantities(
    analysis: PeriodAnalysis, *, limit: int = 3
) -> list[tuple[str, str]]:
    """Name the incident figures the sources dispute most, for range charts.

    Parameters
    ----------
    analysis : PeriodAnalysis
    limit : int
        At most this many.

    Returns
    -------
    list of (incident_id, quantity)
        Reconciled figures marked ``contested`` (a numeric finding involves
        their claims), most claims first, then by incident and quantity.
    """
    rows = analysis.reconciled
    rows = rows[rows["contested"].fillna(False).astype(bool)]
    claims = rows.groupby(["incident_id", "quantity"])["n_claims"].sum()
    ranked = sorted(claims.items(), key=lambda item: (-item[1], item[0]))
    # grouped by two columns: every key is an (incident, quantity) pair
    pairs = [cast(tuple[object, object], key) for key, _ in ranked]
    return [(str(incident), str(quantity)) for incident, quantity in pairs][:limit]


def reconciled_table(analysis: PeriodAnalysis) -> pd.DataFrame:
    """Tabulate the reliability-weighted figures, claimed apart from assessed.

    Parameters
    ----------
    analysis : PeriodAnalysis

    Returns
    -------
    pandas.DataFrame
        ``incident``, ``quantity``, ``about`` (the side the figure counts),
        ``basis`` (claimed by a party, or assessed independently), ``low``,
        ``best``, ``high``, ``sources`` (with grades), ``contested`` and
        ``method`` (how the figure was reached).
    """
    rows = analysis.reconciled
    lookup = _source_lookup(analysis.sources)
    return pd.DataFrame(
        {
            "incident": rows["incident_id"],
            "quantity": rows["quantity"],
            "about": rows["subject_side"],
            "basis": rows["basis"],
            "low": rows["low"],
            "best": rows["best"],
            "high": rows["high"],
            "sources": rows["source_ids"].map(lambda s: _graded_names(s, lookup)),
            "contested": rows["contested"].map({True: "yes", False: ""}),
            "method": rows["method"],
        }
    ).reset_index(drop=True)


def claims_appendix(analysis: PeriodAnalysis) -> pd.DataFrame:
    """List every claim of the period with its source, grade and URLs.

    Parameters
    ----------
    analysis : PeriodAnalysis

    Returns
    -------
    pandas.DataFrame
        ``claim``, ``day``, ``source``, ``grade``, ``side``, ``type``,
        ``status``, ``url`` and ``archive_url``, sorted by day and claim id.
        A claim whose URL is withheld (``url_withheld``) shows ``(withheld)``.
    """
    claims = analysis.claims
    url = claims["url"].fillna("")
    if "url_withheld" in claims:
        withheld = claims["url_withheld"].fillna(False).astype(bool)
        url = url.mask(withheld & (url == ""), "(withheld)")
    table = pd.DataFrame(
        {
            "claim": claims["claim_id"],
            "day": claims["claim_day"].dt.strftime("%Y-%m-%d").fillna("undated"),
            "source": claims["source_name"],
            "grade": claims["source_reliability"].fillna("F"),
            "side": claims["source_side"],
            "type": claims["claim_type"],
            "status": claims["status"],
            "url": url,
            "archive_url": claims["archive_url"].fillna(""),
        }
    )
    return table.sort_values(["day", "claim"], kind="stable").reset_index(drop=True)


def brief_figures(analysis: PeriodAnalysis) -> dict[str, Any]:
    """Return the period's key figures for ``brief.json``.

    Parameters
    ----------
    analysis : PeriodAnalysis

    Returns
    -------
    dict
        Plain JSON data: claims by side and type, findings by kind and
        severity, and every reconciled figure with the claims it rests on.
    """
    claims = analysis.claims
    findings = analysis.findings
    return {
        "claims_by_source_side": _counts(claims["source_side"]),
        "claims_by_type": _counts(claims["claim_type"]),
        "findings": len(findings),
        "findings_by_kind": {
            kind: int((findings["kind"] == kind).sum()) for kind in KINDS
        },
        "findings_by_severity": {
            label: int((findings["severity_label"] == label).sum())
            for label in _SEVERITIES
        },
        "reconciled": [
            {
                "incident_id": str(row.incident_id),
                "quantity": str(row.quantity),
                "subject_side": str(row.subject_side),
                "basis": str(row.basis),
                "low": _number(row.low),
                "best": _number(row.best),
                "high": _number(row.high),
                "claim_ids": str(row.claim_ids).split(";"),
                "contested": bool(row.contested),
            }
            for row in analysis.reconciled.itertuples()
        ],
    }


def _text(value: Any) -> str:  # a cell: pd.isna takes no plain object
    return "" if value is None or value is pd.NA or pd.isna(value) else str(value)


#: MIME type under which a notebook hands the brief its key figures (see
#: :class:`FiguresForBrief`); the brief writes them into ``brief.json`` and
#: does not show them.
BRIEF_FIGURES_MIMETYPE = "application/vnd.osintkit.brief-figures+json"


@dataclass(frozen=True)
class FiguresForBrief:
    """Hand the period's key figures from a notebook to ``brief.json``.

    Displayed as the last output of the weekly brief notebook, it carries
    :func:`brief_figures` under :data:`BRIEF_FIGURES_MIMETYPE`, so that the
    figures in ``brief.json`` are the ones the notebook computed and showed,
    without a second run of the engine. Jupyter shows only a short note.

    Attributes
    ----------
    analysis : PeriodAnalysis
    """

    analysis: PeriodAnalysis

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> dict[str, Any]:
        return {
            BRIEF_FIGURES_MIMETYPE: brief_figures(self.analysis),
            "text/plain": "(key figures for brief.json)",
        }


def _counts(values: pd.Series) -> dict[str, int]:
    counts = values.fillna("(none)").astype(str).value_counts()
    return {str(key): int(counts[key]) for key in sorted(counts.index)}


def _number(value: Any) -> float | int | None:  # a cell, as in _text
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number
