"""Render findings as a researcher's Markdown report, CSV or JSON.

The text is data: nothing is escaped or interpreted here, and the HTML
brief escapes it on its own path. Output is deterministic: the same findings
give the same bytes (no timestamps; the order is the findings' order).
"""

from __future__ import annotations

import io
import json
from collections.abc import Hashable, Iterable
from typing import Any, cast

import pandas as pd

from osintkit.discrepancy import FINDING_COLUMNS, KINDS

__all__ = ["render_csv", "render_json", "render_markdown"]

_KIND_TITLES = {
    "outcome": "Control or outcome",
    "numeric": "Figures",
    "escalation": "Escalating figures",
    "revision": "Revised claim",
    "attribution": "Attribution",
    "date": "Date",
    "place": "Place",
    "single-source": "Single source",
}
_LIST_FIELDS = ("claim_ids_a", "source_ids_a", "claim_ids_b", "source_ids_b")


def _split(value: object) -> list[str]:
    if not isinstance(value, str) or not value:
        return []
    return [part for part in value.split(";") if part]


def _lookup(frame: pd.DataFrame | None, key: str) -> dict[str, dict[str, object]]:
    if frame is None or key not in frame.columns:
        return {}
    # the frames' column names are strings
    records = cast(
        list[dict[str, object]], frame.drop_duplicates(key).to_dict("records")
    )
    return {str(r[key]): r for r in records}


def _text(value: Any) -> str:  # a cell: pd.isna takes no plain object
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _claim_link(claim_id: str, claims: dict[str, dict[str, object]]) -> str:
    claim = claims.get(claim_id, {})
    url = _text(claim.get("url"))
    if url:
        return f"[{claim_id}]({url})"
    withheld = claim.get("url_withheld")
    if withheld is True:
        return f"{claim_id} (link withheld by its origin)"
    return f"{claim_id} (no link)"


def _source_label(source_id: str, sources: dict[str, dict[str, object]]) -> str:
    source = sources.get(source_id, {})
    name = _text(source.get("name")) or source_id
    grade = _text(source.get("reliability")) or "F"
    return f"{name} ({grade})"


def _side_lines(
    claim_ids: Iterable[str],
    claims: dict[str, dict[str, object]],
    sources: dict[str, dict[str, object]],
) -> list[str]:
    """One line per source: its name and grade, then its claims with links."""
    by_source: dict[str, list[str]] = {}
    for claim_id in claim_ids:
        source_id = _text(claims.get(claim_id, {}).get("source_id")) or "unknown"
        by_source.setdefault(source_id, []).append(claim_id)
    return [
        f"{_source_label(source_id, sources)}: "
        + ", ".join(_claim_link(c, claims) for c in ids)
        for source_id, ids in by_source.items()
    ]


def _incident_title(
    incident_ids: list[str], incidents: dict[str, dict[str, object]]
) -> str:
    titles = []
    for incident_id in incident_ids:
        record = incidents.get(incident_id)
        if record is not None and _text(record.get("title")):
            titles.append(f"{incident_id}: {_text(record.get('title'))}")
        elif incident_id.startswith("AUTO-"):
            titles.append(
                f"{incident_id}: claims grouped automatically around "
                f"{incident_id.removeprefix('AUTO-')}"
            )
        else:
            titles.append(incident_id)
    return " + ".join(titles) if titles else "Claims without an incident"


def render_markdown(
    findings: pd.DataFrame,
    claims: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    *,
    incidents: pd.DataFrame | None = None,
    title: str = "Where the sources disagree",
) -> str:
    """Write the findings as a Markdown report, grouped by incident.

    Parameters
    ----------
    findings : pandas.DataFrame
        The output of :func:`osintkit.find_discrepancies`.
    claims : pandas.DataFrame
        The claims table (for the sources and URLs of each claim).
    sources : pandas.DataFrame, optional
        The sources table (for names and grades).
    incidents : pandas.DataFrame, optional
        The curated incidents table (for titles).
    title : str
        The report's heading.

    Returns
    -------
    str
        Markdown text ending with a newline. Each incident has a section;
        each finding gives its kind and severity, the sentence that explains
        it, and on each side the sources with their grades and the claim ids
        linked to the pages they were found on. Single-source claims are
        listed briefly at the end of their incident.

    Examples
    --------
    >>> findings = pd.DataFrame([{
    ...     "finding_id": "F-1", "kind": "numeric", "severity": 0.45,
    ...     "severity_label": "medium", "incident_id": "INC-1",
    ...     "claim_ids_a": "c2", "source_ids_a": "wiki", "claim_ids_b": "c1",
    ...     "source_ids_b": "mod", "field": "tanks (pro_ukraine)",
    ...     "value_a": "1", "value_b": "7",
    ...     "explanation": "Encyclopedia gives 1 tank, the ministry 7."}])
    >>> claims = pd.DataFrame({"claim_id": ["c1", "c2"],
    ...     "source_id": ["mod", "wiki"], "url": ["https://a.example/1", None]})
    >>> sources = pd.DataFrame({"source_id": ["mod", "wiki"],
    ...     "name": ["Ministry", "Encyclopedia"], "reliability": ["D", "C"]})
    >>> text = render_markdown(findings, claims, sources)
    >>> print(text)  # doctest: +NORMALIZE_WHITESPACE
    # Where the sources disagree
    <BLANKLINE>
    1 finding in 1 incident: 1 figures. Severity (0-1) weighs the size of
    the gap and the Admiralty grades of the sources on each side; it ranks
    findings for reading and does not say who is right.
    <BLANKLINE>
    ## INC-1
    <BLANKLINE>
    ### Figures: 1 vs 7 (medium, 0.45)
    <BLANKLINE>
    Encyclopedia gives 1 tank, the ministry 7.
    <BLANKLINE>
    - One side: Encyclopedia (C): c2 (no link)
    - Other side: Ministry (D): [c1](https://a.example/1)
    - Finding F-1, field tanks (pro_ukraine)
    <BLANKLINE>
    """
    claim_lookup = _lookup(claims, "claim_id")
    source_lookup = _lookup(sources, "source_id")
    incident_lookup = _lookup(incidents, "incident_id")
    lines = [f"# {title}", ""]
    counts = findings["kind"].value_counts()
    summary = ", ".join(
        f"{int(counts[k])} {_KIND_TITLES[k].lower()}" for k in KINDS if k in counts
    )
    n_incidents = findings["incident_id"].nunique()
    n = len(findings)
    lines += [
        f"{n} finding{'s' if n != 1 else ''} in {n_incidents} "
        f"incident{'s' if n_incidents != 1 else ''}"
        + (f": {summary}." if summary else ".")
        + " Severity (0-1) weighs the size of the gap and the Admiralty grades "
        "of the sources on each side; it ranks findings for reading and does "
        "not say who is right.",
        "",
    ]
    for incident_key, group in findings.groupby("incident_id", sort=False):
        lines += [f"## {_incident_title(_split(incident_key), incident_lookup)}", ""]
        singles = group[group["kind"] == "single-source"]
        for record in group[group["kind"] != "single-source"].to_dict("records"):
            kind_title = _KIND_TITLES.get(str(record["kind"]), str(record["kind"]))
            values = (
                f": {record['value_a']} vs {record['value_b']}"
                if record["kind"] in ("numeric", "outcome", "date", "escalation")
                and _text(record["value_b"])
                else ""
            )
            lines += [
                f"### {kind_title}{values} ({record['severity_label']}, "
                f"{float(record['severity']):.2f})",
                "",
                _text(record["explanation"]),
                "",
            ]
            side_a = _side_lines(
                _split(record["claim_ids_a"]), claim_lookup, source_lookup
            )
            side_b = _side_lines(
                _split(record["claim_ids_b"]), claim_lookup, source_lookup
            )
            first = (
                "Earlier"
                if record["kind"] in ("escalation", "revision")
                else "One side"
            )
            second = (
                "Later"
                if record["kind"] in ("escalation", "revision")
                else "Other side"
            )
            if side_a:
                lines.append(f"- {first}: " + "; ".join(side_a))
            if side_b:
                lines.append(f"- {second}: " + "; ".join(side_b))
            lines += [f"- Finding {record['finding_id']}, field {record['field']}", ""]
        if len(singles):
            lines += ["Reported by one source only:", ""]
            for record in singles.to_dict("records"):
                links = ", ".join(
                    _claim_link(c, claim_lookup) for c in _split(record["claim_ids_a"])
                )
                who = "; ".join(
                    _source_label(s, source_lookup)
                    for s in _split(record["source_ids_a"])
                )
                lines.append(
                    f"- {str(record['value_a']).replace('_', ' ')}: {who}: {links}"
                )
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_csv(findings: pd.DataFrame) -> str:
    r"""Write the findings as CSV text (UTF-8, LF line ends, a header row).

    Examples
    --------
    >>> frame = pd.DataFrame({"finding_id": ["F-1"], "severity": [0.5]})
    >>> render_csv(frame)
    'finding_id,severity\nF-1,0.5\n'
    """
    buffer = io.StringIO()
    columns = [c for c in FINDING_COLUMNS if c in findings.columns] or list(
        findings.columns
    )
    findings[columns].to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def render_json(findings: pd.DataFrame) -> str:
    """Write the findings as a JSON list of objects; id lists become arrays.

    Examples
    --------
    >>> frame = pd.DataFrame({"finding_id": ["F-1"], "severity": [0.5],
    ...     "claim_ids_a": ["c1;c2"]})
    >>> print(render_json(frame))
    [
      {
        "finding_id": "F-1",
        "severity": 0.5,
        "claim_ids_a": [
          "c1",
          "c2"
        ]
      }
    ]
    <BLANKLINE>
    """
    records = []
    for record in findings.to_dict("records"):
        out: dict[Hashable, object] = {}
        for key, value in record.items():
            if key in _LIST_FIELDS:
                out[key] = _split(value)
            elif key == "severity":
                out[key] = float(value)
            else:
                out[key] = _text(value)
        records.append(out)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
