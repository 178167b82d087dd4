"""Reconciliation: a UCDP-style low / best / high per incident and quantity.

For each incident, quantity (killed, tanks, ...), subject side and place,
and separately for what the parties claim (``claimed``: sources with
``is_belligerent``) and what independent sources assess (``assessed``):

- ``low`` is the lowest figure any statement allows and ``high`` the highest
  (an open bound such as "more than 200" counts with its lower end, and the
  method says that no upper bound was given);
- ``best`` is the weighted median of the stated point figures, weighted by
  the source's Admiralty reliability
  (:data:`osintkit.discrepancy.RELIABILITY_WEIGHT`) times the claim's
  credibility (:data:`CREDIBILITY_WEIGHT`), so it is always a figure some source gave:
  never an average that nobody claimed;
- copies of one statement (the same source family and figure on several
  pages) count once.

Every row names the claims it rests on and the claims that give the best
figure. When the figures do not overlap, ``contested`` is true and
``finding_ids`` points at the ``numeric`` findings of
:func:`osintkit.find_discrepancies`: the contradiction stays visible.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from osintkit.discrepancy import (
    PreparedClaims,
    find_in_prepared,
    format_range,
    prepare_claims,
)
from osintkit.incidents import (
    DEFAULT_DISTANCE_KM,
    DEFAULT_WINDOW_DAYS,
    connected_components,
    pair_place_rule,
)

__all__ = [
    "CREDIBILITY_WEIGHT",
    "RECONCILE_COLUMNS",
    "reconcile",
    "reconcile_prepared",
]

logger = logging.getLogger(__name__)

#: Weight of an Admiralty information-credibility value. 6 ("cannot be
#: judged", the default for an uncorroborated figure) is neutral; a missing
#: value counts as 6.
CREDIBILITY_WEIGHT: dict[int, float] = {
    1: 1.0,
    2: 0.8,
    3: 0.6,
    4: 0.3,
    5: 0.1,
    6: 0.5,
}

#: The columns of :func:`reconcile`, in order.
RECONCILE_COLUMNS = (
    "incident_id",
    "quantity",
    "subject_side",
    "place_ids",
    "basis",
    "low",
    "best",
    "high",
    "n_claims",
    "n_sources",
    "claim_ids",
    "source_ids",
    "best_claim_ids",
    "contested",
    "finding_ids",
    "method",
)


def _weighted_median(points: np.ndarray, weights: np.ndarray) -> float:
    """Return the smallest stated point at which half the weight is reached.

    Examples
    --------
    >>> _weighted_median(np.array([195.0, 234.0]), np.array([0.2, 0.4]))
    234.0
    >>> _weighted_median(np.array([1.0, 7.0]), np.array([0.3, 0.3]))
    1.0
    """
    order = np.argsort(points, kind="stable")
    points, weights = points[order], weights[order]
    cumulative = np.cumsum(weights)
    return float(points[np.searchsorted(cumulative, cumulative[-1] / 2.0)])


def reconcile(
    claims: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    *,
    incidents: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
    findings: pd.DataFrame | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    distance_km: float = DEFAULT_DISTANCE_KM,
) -> pd.DataFrame:
    """Low / best / high per incident and quantity, showing the claims behind it.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table.
    sources : pandas.DataFrame, optional
        The sources table (grades, ``is_belligerent``, spokespeople).
    incidents : pandas.DataFrame, optional
        The claim-to-incident mapping of :func:`osintkit.cluster_incidents`;
        computed when not given.
    places : pandas.DataFrame, optional
        The reference gazetteer (for clustering and place matching).
    findings : pandas.DataFrame, optional
        The findings of :func:`osintkit.find_discrepancies`, for the
        ``contested`` flag; its ``numeric`` findings are computed when not
        given.
    window_days, distance_km : int, float
        Passed on to the clustering when ``incidents`` is not given.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RECONCILE_COLUMNS`, one row per incident, quantity,
        subject side, place and basis (``claimed`` or ``assessed``), sorted
        by those keys. ``claim_ids``, ``source_ids``, ``best_claim_ids`` and
        ``finding_ids`` are ``;``-joined.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["c1", "c2", "c3"], "source_id": ["mod", "mod", "wiki"],
    ...     "incident_id": ["I"] * 3, "claim_type": ["equipment_losses"] * 3,
    ...     "quantity": ["tanks"] * 3, "subject_side": ["pro_ukraine"] * 3,
    ...     "value_low": [7.0, 7.0, 1.0], "value_best": [7.0, 7.0, 1.0],
    ...     "value_high": [7.0, 7.0, 1.0], "credibility": [6, 6, 6]})
    >>> sources = pd.DataFrame({"source_id": ["mod", "wiki"],
    ...     "name": ["Ministry", "Encyclopedia"], "reliability": ["D", "C"],
    ...     "is_belligerent": [True, False]})
    >>> table = reconcile(claims, sources)
    >>> columns = ["basis", "low", "best", "high", "claim_ids", "contested"]
    >>> table[columns].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['assessed', 1.0, 1.0, 1.0, 'c3', True],
     ['claimed', 7.0, 7.0, 7.0, 'c1;c2', True]]
    """
    ctx = prepare_claims(
        claims,
        sources,
        incidents,
        places,
        window_days=window_days,
        distance_km=distance_km,
    )
    return reconcile_prepared(ctx, findings)


def reconcile_prepared(
    ctx: PreparedClaims, findings: pd.DataFrame | None = None
) -> pd.DataFrame:
    """:func:`reconcile` on claims already prepared.

    Parameters
    ----------
    ctx : PreparedClaims
        From :func:`osintkit.discrepancy.prepare_claims`.
    findings : pandas.DataFrame, optional
        As for :func:`reconcile`; its ``numeric`` findings are computed
        from ``ctx`` when not given.

    Returns
    -------
    pandas.DataFrame
        As :func:`reconcile` returns.
    """
    v = ctx.view
    mask = (
        v["has_figure"].to_numpy()
        & v["asserts"].to_numpy()
        & (v["incident_id"] != "").to_numpy()
        & v["quantity"].notna().to_numpy()
    )
    if findings is None:
        findings = find_in_prepared(ctx, kinds=["numeric"])
    contested = _contested_by_claim(findings)
    credibility = v["credibility"].to_numpy(dtype="float64", na_value=6.0)
    frame = pd.DataFrame(
        {
            "pos": np.flatnonzero(mask),
            "incident_id": v["incident_id"].to_numpy(dtype=object)[mask],
            "quantity": v["quantity"].to_numpy(dtype=object)[mask],
            "subject_side": v["subject_side"].fillna("").to_numpy(dtype=object)[mask],
            "place_ids": ctx.col["place_key"][mask],
            "basis": np.where(v["belligerent"].to_numpy()[mask], "claimed", "assessed"),
            "family": v["source_family"].to_numpy(dtype=object)[mask],
            "L": v["L"].to_numpy()[mask],
            "H": v["H"].to_numpy()[mask],
            "low": v["value_low"].to_numpy()[mask],
            "best": v["value_best"].to_numpy()[mask],
            "high": v["value_high"].to_numpy()[mask],
            "weight": v["weight"].to_numpy()[mask]
            * pd.Series(credibility[mask])
            .map(CREDIBILITY_WEIGHT)
            .fillna(0.5)
            .to_numpy(),
        }
    )
    frame["scope"] = _place_scopes(ctx, frame)
    keys = ["incident_id", "quantity", "subject_side", "basis", "scope"]
    rows = []
    ids = ctx.lst("claim_id")
    sources_of = ctx.lst("source_id")
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    group_of = frame.groupby(keys, sort=True).ngroup().to_numpy()
    in_order = np.argsort(group_of, kind="stable")
    edges = np.flatnonzero(np.diff(group_of[in_order])) + 1
    for members in np.split(in_order, edges) if len(frame) else []:
        group = {name: values[members] for name, values in columns.items()}
        key = tuple(group[k][0] for k in keys)
        rows.append(_reconcile_group(ctx, key, group, ids, sources_of, contested))
    out = pd.DataFrame(rows, columns=list(RECONCILE_COLUMNS))
    for column in RECONCILE_COLUMNS:
        if column in ("low", "best", "high"):
            out[column] = out[column].astype("float64")
        elif column in ("n_claims", "n_sources"):
            out[column] = out[column].astype("int64")
        elif column == "contested":
            out[column] = out[column].astype(bool)
        else:
            out[column] = out[column].astype("str")
    logger.info("reconciled %d figure(s) into %d row(s)", int(mask.sum()), len(out))
    return out


def _place_scopes(ctx: PreparedClaims, frame: pd.DataFrame) -> np.ndarray:
    """Split each incident's figures by place only where the places are apart.

    Within one incident, quantity, side and basis, claims whose places match
    (the same place, near, or one inside the other) share a scope; four
    attacks on Belgorod Oblast and one on Kursk Oblast get two.
    """
    scope = np.zeros(len(frame), dtype="int64")
    keys = ["incident_id", "quantity", "subject_side", "basis"]
    distinct = frame.groupby(keys, sort=False)["place_ids"].transform("nunique")
    for _, group in frame[distinct.to_numpy() > 1].groupby(keys, sort=False):
        positions = group["pos"].to_numpy()
        i, j = np.triu_indices(len(positions), k=1)
        rule = pair_place_rule(
            ctx.geo,
            positions[i],
            positions[j],
            ctx.distance_km,
        )
        joined = rule != ""
        labels = connected_components(len(positions), i[joined], j[joined])
        scope[frame.index.get_indexer(group.index)] = labels
    return scope


def _contested_by_claim(findings: pd.DataFrame) -> dict[str, set[str]]:
    """Numeric finding ids by each claim they involve."""
    found: dict[str, set[str]] = {}
    numeric = findings[findings["kind"] == "numeric"]
    for finding_id, a, b in zip(
        numeric["finding_id"],
        numeric["claim_ids_a"],
        numeric["claim_ids_b"],
        strict=True,
    ):
        for claim in f"{a};{b}".split(";"):
            if claim:
                found.setdefault(claim, set()).add(finding_id)
    return found


def _statements(group: dict[str, np.ndarray]) -> np.ndarray:
    """One statement per source family and figure: copies count once.

    Returns the group positions of the statements, in claim order; of copies,
    the one with the highest weight (then the first claim) stands.
    """
    by_weight = np.lexsort((group["pos"], -group["weight"]))
    seen: set[tuple[object, ...]] = set()
    kept = []
    for k in by_weight:
        figure = (
            group["family"][k],
            *(_nan_free(group[c][k]) for c in ("L", "H", "best")),
        )
        if figure not in seen:
            seen.add(figure)
            kept.append(k)
    return np.array(sorted(kept, key=lambda k: group["pos"][k]), dtype="int64")


def _nan_free(value: float) -> float | None:
    """NaN as None, so that two missing figures compare equal."""
    return None if value != value else float(value)


def _reconcile_group(
    ctx: PreparedClaims,
    key: tuple[str, ...],
    group: dict[str, np.ndarray],
    ids: list[str],
    sources_of: list[str],
    contested: dict[str, set[str]],
) -> list[object]:
    incident, quantity, side, basis, _ = key
    positions = group["pos"].tolist()
    place_ids = ";".join(
        sorted({x for k in group["place_ids"] for x in str(k).split(";") if x})
    )
    statements = _statements(group)
    lows = group["L"][statements]
    highs = group["H"][statements]
    open_high = ~np.isfinite(highs)
    low = float(lows.min())
    high = float(np.where(open_high, lows, highs).max())
    # a statement's point figure: its best, else its exact value
    point = group["best"][statements]
    exact = group["low"][statements] == group["high"][statements]
    point = np.where(np.isnan(point) & exact, group["low"][statements], point)
    has_point = ~np.isnan(point)
    best = (
        _weighted_median(point[has_point], group["weight"][statements][has_point])
        if has_point.any()
        else float("nan")
    )
    best_claims = sorted(
        ids[p]
        for p, value, figure_low, figure_high in zip(
            positions, group["best"], group["low"], group["high"], strict=True
        )
        if not np.isnan(best)
        and (value == best or (np.isnan(value) and figure_low == figure_high == best))
    )
    claim_ids = sorted(ids[p] for p in positions)
    source_ids = sorted({sources_of[p] for p in positions})
    finding_ids = sorted({f for c in claim_ids for f in contested.get(c, ())})
    who = ctx.who(positions)
    n_statements = len(statements)
    copies = (
        " (copies of one statement count once)" if n_statements < len(positions) else ""
    )
    if n_statements == 1:
        parts = [
            f"{basis.capitalize()} figure: one statement by {who}{copies}, so low "
            "and high are its own bounds"
        ]
    else:
        parts = [
            f"{basis.capitalize()} figures: {n_statements} statements by {who}"
            f"{copies}; low and high are the lowest and highest figures they allow"
        ]
    if open_high.any():
        parts.append("at least one statement gives no upper bound")
    if np.isnan(best):
        parts.append("no statement gives a point figure, so there is no best")
    elif n_statements > 1:
        parts.append(
            f"best is {format_range(best, best, best)}, the weighted median of "
            "their point figures (weight: source reliability x claim "
            "credibility; a tie goes to the lower figure)"
        )
    if finding_ids:
        parts.append(
            "these figures contradict others (" + ", ".join(finding_ids) + "); "
            "nothing is averaged away"
        )
    method = "; ".join(parts) + "."
    return [
        incident,
        quantity,
        side,
        place_ids,
        basis,
        low,
        best,
        high,
        len(positions),
        len(source_ids),
        ";".join(claim_ids),
        ";".join(source_ids),
        ";".join(best_claims),
        bool(finding_ids),
        ";".join(finding_ids),
        method,
    ]
