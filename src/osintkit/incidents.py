"""Incidents: group claims about the same happening, by a rule that explains itself.

A curator's ``incident_id`` always wins. Claims without one are clustered
among themselves: two claims are joined when

1. their event dates are within ``window_days`` of each other (date ranges
   overlap once widened by the window; a ``week``, ``month`` or ``year``
   precision widens a single date to the whole week, month or year);
2. they are about the same place, or places within ``distance_km`` of each
   other (reference coordinates; a ``district`` geo precision adds
   :data:`GEO_RADIUS_KM`), or one is an oblast-level claim and the other names
   a settlement inside that oblast (the gazetteer's ``admin1_code``);
3. their claim types belong to the same family (:data:`CLAIM_TYPE_FAMILY`: a
   civilian-casualty report never joins a territorial-control claim);
4. for fighting claims (:data:`ACTOR_FAMILIES`), when both name actors,
   they share at least one (for strikes and casualties the actors named are
   targets and victims, so they are not compared).

Claims with no event date or no place are never joined: they stay single
(``singleton``), since no rule can place them. A claim's own coordinates are
not used; places are matched through ``place_ids`` and the gazetteer.

Settlement-level claims are clustered first. An oblast-level claim then joins
the one settlement-level cluster it matches; when it matches several it stays
apart (joining them would chain every strike of a day in the oblast into one
incident), and such claims cluster among themselves by oblast. Clustering is
single-linkage within these rules, computed without comparing all pairs: a
date-sorted sweep inside blocks of the same place (or neighbouring places, or
oblast), so the work grows with the number of claims and matching pairs.

Every claim gets a row: its incident, the rule that joined it (``curator``,
``singleton`` or e.g. ``same-place+date-window+actor-overlap``) and the claim
it was joined to. New incident ids are ``AUTO-`` followed by the smallest
claim id of the cluster: deterministic, readable, and independent of the
order of the input rows. Unassigned claims are never added to a curator's
incident; ``osintkit incidents DIR --write`` records the clusters of two or
more claims as new incidents (:func:`add_clustered_incidents`).

On the sample with every curated id blanked, the rule puts together 337
pairs of claims, 91% of which the curator also grouped, and finds 77% of the
curator's pairs among claims a rule can place (dated, with a place).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from osintkit.errors import MissingColumnsError

__all__ = [
    "ACTOR_FAMILIES",
    "CLAIM_TYPE_FAMILY",
    "DEFAULT_DISTANCE_KM",
    "DEFAULT_WINDOW_DAYS",
    "GEO_RADIUS_KM",
    "add_clustered_incidents",
    "cluster_incidents",
    "cluster_view",
    "clustered_incident_rows",
    "summarize_incidents",
]

logger = logging.getLogger(__name__)

#: Days by which two claims' event dates may be apart and still join.
DEFAULT_WINDOW_DAYS = 0
#: Settlements closer than this (km) count as the same place.
DEFAULT_DISTANCE_KM = 10.0

#: Claim types that can describe the same happening share a family.
CLAIM_TYPE_FAMILY: dict[str, str] = {
    **dict.fromkeys(
        [
            "territorial_control",
            "attack_repelled",
            "fighting_ongoing",
            "retreat",
            "advance",
            "incursion_attempt",
            "enemy_casualties",
            "own_casualties",
            "equipment_losses",
            "prisoners_taken",
            "force_size",
            "participation",
            "attribution",
            "denial",
        ],
        "ground",
    ),
    **dict.fromkeys(
        [
            "strike",
            "shelling",
            "air_defense_intercept",
            "civilian_casualties",
        ],
        "strike",
    ),
    "strike_warning": "announcement",
    "civil_protection_measure": "civil_protection",
}

#: Families whose ``actor_ids`` name the parties to the fighting, so that two
#: claims naming different actors describe different happenings. In the
#: other families the actors are targets and victims (``civilians``, a city
#: administration), so they are not compared.
ACTOR_FAMILIES = frozenset({"ground"})

#: Extra radius (km) a claim's geo precision adds to the distance rule.
GEO_RADIUS_KM: dict[str, float] = {
    "exact": 0.0,
    "settlement": 0.0,
    "district": 15.0,
}

_EARTH_KM = 6371.0088
_STRING_COLUMNS = (
    "claim_id",
    "source_id",
    "incident_id",
    "date_precision",
    "place_ids",
    "admin1_codes",
    "geo_precision",
    "actor_ids",
    "claim_type",
    "stance",
    "quantity",
    "subject_side",
    "value_text",
    "value_rule",
    "url",
    "summary",
    "notes",
    "revises_claim_id",
    "status",
)
_NUMBER_COLUMNS = ("value_low", "value_best", "value_high", "credibility")
_DATE_COLUMNS = ("reported_date", "event_date_start", "event_date_end")
_REQUIRED = ("claim_id", "source_id", "claim_type")
#: Long text the engines read only to write explanations.
TEXT_COLUMNS = ("summary", "notes", "url", "value_text")


# ---------------------------------------------------------------------------
# Input: one normalised view of the claims, sorted by claim_id
# ---------------------------------------------------------------------------


def _require(frame: pd.DataFrame, columns: Iterable[str], table: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise MissingColumnsError(
            f"the {table} table has no column(s) {', '.join(missing)}; pass the "
            f"typed table from ok.load_dataset(...)[{table!r}] or add the columns"
        )


def _days(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 as int64 and a mask of missing dates."""
    as_dates = pd.to_datetime(values, errors="coerce").to_numpy(dtype="datetime64[s]")
    days = as_dates.astype("datetime64[D]")
    missing = np.isnat(days)
    return np.where(missing, 0, days.view("int64")), missing


def claim_order(claims: pd.DataFrame) -> np.ndarray:
    """Positions of ``claims`` in ``claim_id`` order, checking the ids.

    Raises
    ------
    MissingColumnsError
        When a required column is missing.
    ValueError
        When ``claim_id`` is missing or repeated.
    """
    _require(claims, _REQUIRED, "claims")
    ids = pa.array(claims["claim_id"].astype("str"), from_pandas=True)
    if ids.null_count:
        raise ValueError("claims without a claim_id cannot be compared; give each one")
    order = pc.sort_indices(ids).to_numpy()
    ordered = ids.take(pa.array(order))
    if len(ordered) > 1:
        same = pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1))
        if pc.any(same).as_py():
            repeated = pc.filter(ordered.slice(1), same).to_pylist()
            raise ValueError(
                "claim_id must be unique; repeated: "
                + ", ".join(sorted(set(repeated))[:10])
            )
    return order.astype("int64")


def claim_view(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the claim columns the engines use, sorted by ``claim_id``.

    Missing optional columns are added as missing values; event dates become
    whole days ``lo``/``hi`` (int, days since 1970) widened by the date
    precision, with ``dated`` telling whether the claim has an event date.
    Long text (``summary``, ``notes``, ``url``, ``value_text``) stays in the
    claims table; ``row`` is each claim's position there.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table (``claim_id``, ``source_id`` and ``claim_type`` are
        required).

    Returns
    -------
    pandas.DataFrame
        One row per claim, with a fresh RangeIndex in ``claim_id`` order.

    Raises
    ------
    MissingColumnsError
        When a required column is missing.
    ValueError
        When ``claim_id`` is missing or repeated.

    Examples
    --------
    >>> view = claim_view(pd.DataFrame({
    ...     "claim_id": ["b", "a"], "source_id": ["s", "s"],
    ...     "claim_type": ["strike", "strike"],
    ...     "event_date_start": pd.to_datetime(["2024-03-12", None]),
    ...     "date_precision": ["week", "unknown"]}))
    >>> view[["claim_id", "row", "dated", "lo", "hi"]].values.tolist()
    [['a', 1, False, 0, 0], ['b', 0, True, 19794, 19800]]
    """
    order = claim_order(claims)
    n = len(order)
    index = pd.RangeIndex(n)
    columns: dict[str, object] = {}
    for column in _STRING_COLUMNS:
        if column in TEXT_COLUMNS:
            continue
        if column in claims.columns:
            values = claims[column].iloc[order].astype("str")
            columns[column] = values.set_axis(index)
        else:
            columns[column] = pd.Series(np.nan, index=index, dtype="str")
    for column in _NUMBER_COLUMNS:
        if column in claims.columns:
            numbers = pd.to_numeric(claims[column], errors="coerce").to_numpy(
                dtype="float64", na_value=np.nan
            )
            columns[column] = numbers[order]
        else:
            columns[column] = np.full(n, np.nan)
    for column in _DATE_COLUMNS:
        if column in claims.columns:
            moments = pd.to_datetime(claims[column], errors="coerce").to_numpy(
                dtype="datetime64[s]"
            )
            columns[column] = moments[order]
        else:
            columns[column] = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    frame = pd.DataFrame(columns, index=index)
    frame["row"] = order
    lo, lo_missing = _days(frame["event_date_start"])
    hi, hi_missing = _days(frame["event_date_end"])
    lo = np.where(lo_missing, hi, lo)
    hi = np.where(hi_missing, lo, hi)
    dated = ~(lo_missing & hi_missing)
    hi = np.maximum(hi, lo)
    precision = frame["date_precision"].to_numpy(dtype=object, na_value="")
    start = lo.astype("datetime64[D]")
    week_end = lo + 6
    month_end = (start.astype("datetime64[M]") + 1).astype("datetime64[D]").view(
        "int64"
    ) - 1
    year_end = (start.astype("datetime64[Y]") + 1).astype("datetime64[D]").view(
        "int64"
    ) - 1
    hi = np.where(precision == "week", np.maximum(hi, week_end), hi)
    hi = np.where(precision == "month", np.maximum(hi, month_end), hi)
    hi = np.where(precision == "year", np.maximum(hi, year_end), hi)
    frame["dated"] = dated
    frame["lo"] = np.where(dated, lo, 0).astype("int64")
    frame["hi"] = np.where(dated, hi, 0).astype("int64")
    types, names = pd.factorize(frame["claim_type"])
    family = pd.Index(names).map(lambda t: CLAIM_TYPE_FAMILY.get(t, t))
    frame["family"] = pd.Series(
        np.asarray(family, dtype=object)[types], index=index, dtype="str"
    ).where(types >= 0)
    return frame


def explode_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split ``;``-joined id lists into (row position, id code) and the ids.

    Examples
    --------
    >>> rows, codes, ids = explode_codes(pd.Series(["a;b", None, " a "]))
    >>> rows.tolist(), codes.tolist(), ids.tolist()
    ([0, 0, 2], [0, 1, 0], ['a', 'b'])
    """
    array = pa.array(values.astype("str"), from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_large_string(array.type):
        array = array.cast(pa.string())
    split = pc.split_pattern(array, ";")
    flat = pc.utf8_trim_whitespace(pc.list_flatten(split))
    parents = pc.list_parent_indices(split)
    keep = pc.not_equal(flat, "")
    flat, parents = flat.filter(keep), parents.filter(keep)
    encoded = pc.dictionary_encode(flat)
    return (
        parents.to_numpy(zero_copy_only=False).astype("int64"),
        encoded.indices.to_numpy(zero_copy_only=False).astype("int64"),
        np.asarray(encoded.dictionary.to_pylist(), dtype=object),
    )


def explode_ids(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Split ``;``-joined id lists into (row position, id) arrays.

    Examples
    --------
    >>> rows, ids = explode_ids(pd.Series(["a;b", None, " c "]))
    >>> rows.tolist(), ids.tolist()
    ([0, 0, 2], ['a', 'b', 'c'])
    """
    rows, codes, ids = explode_codes(values)
    return rows, ids[codes] if len(ids) else np.empty(0, dtype=object)


# ---------------------------------------------------------------------------
# Places: one row per (claim, place) with its kind, oblast and point
# ---------------------------------------------------------------------------


@dataclass
class Geo:
    """The claims' places, resolved against the gazetteer.

    Attributes
    ----------
    rows : pandas.DataFrame
        One row per (claim position ``row``, place): ``code`` (int code of the
        place id), ``point`` (settlement-level, ``True``; oblast or country,
        ``False``), ``admin1`` (code of the oblast a point lies in, -1 when
        unknown), ``lat``, ``lon``, ``radius`` (km from the claim's geo
        precision), ``use`` (the row counts for clustering: point rows of
        claims that have one, area rows of claims that have none).
    names : numpy.ndarray
        The place id of each code.
    has_place, is_point : numpy.ndarray
        Per claim: it names a place; it names a settlement-level place.
    """

    rows: pd.DataFrame
    names: np.ndarray
    has_place: np.ndarray
    is_point: np.ndarray
    gazetteer_admin1: pd.Series

    def arrays(self) -> dict[str, np.ndarray]:
        """Return the columns of :attr:`rows` as numpy arrays (cached)."""
        cached = self.__dict__.get("_arrays")
        if cached is None:
            cached = {name: self.rows[name].to_numpy() for name in self.rows.columns}
            self.__dict__["_arrays"] = cached
        return cached

    def by_claim(self) -> tuple[np.ndarray, np.ndarray]:
        """Index :attr:`rows` by claim (cached).

        Returns ``order`` (positions in :attr:`rows`, grouped by claim) and
        ``starts`` (claim ``k``'s rows are ``order[starts[k]:starts[k + 1]]``).
        """
        cached = self.__dict__.get("_by_claim")
        if cached is None:
            row = self.arrays()["row"]
            order = np.argsort(row, kind="stable")
            starts = np.searchsorted(row[order], np.arange(len(self.has_place) + 1))
            cached = (order, starts)
            self.__dict__["_by_claim"] = cached
        return cached


def resolve_places(view: pd.DataFrame, places: pd.DataFrame | None) -> Geo:
    """Resolve each claim's ``place_ids`` against the gazetteer ``places``.

    Without a gazetteer, a place id the claim also lists in ``admin1_codes``
    counts as an oblast and any other as a settlement in the claim's only
    oblast; distances are then unknown.
    """
    n = len(view)
    row, pcode, pid = explode_codes(view["place_ids"])
    arow, acode, aid = explode_codes(view["admin1_codes"])
    if places is not None:
        _require(places, ("place_id", "place_type", "admin1_code"), "places")
        gaz = places.drop_duplicates("place_id").set_index("place_id")
    else:
        gaz = pd.DataFrame(
            columns=["place_type", "admin1_code", "latitude", "longitude"]
        ).rename_axis("place_id")
    vocabulary = pd.Index(
        pd.unique(np.concatenate([gaz.index.to_numpy(object), pid, aid]))
    )
    codes = vocabulary.get_indexer(pid)[pcode] if len(pid) else pcode
    admin_codes = vocabulary.get_indexer(aid)[acode] if len(aid) else acode
    place_type = gaz["place_type"].reindex(vocabulary).to_numpy(object, na_value="")
    gaz_admin = vocabulary.get_indexer(
        gaz["admin1_code"].reindex(vocabulary).astype("str").fillna("").to_numpy()
    )
    lat = (
        pd.to_numeric(gaz["latitude"], errors="coerce")
        .reindex(vocabulary)
        .to_numpy(dtype="float64", na_value=np.nan)
        if "latitude" in gaz
        else np.full(len(vocabulary), np.nan)
    )
    lon = (
        pd.to_numeric(gaz["longitude"], errors="coerce")
        .reindex(vocabulary)
        .to_numpy(dtype="float64", na_value=np.nan)
        if "longitude" in gaz
        else np.full(len(vocabulary), np.nan)
    )
    # a claim's own oblasts, as a set of (row, code) keys
    own_admin = pd.Series(admin_codes, index=arow)
    n_admin = np.bincount(arow, minlength=n)
    single_admin = np.full(n, -1, dtype="int64")
    first = own_admin.groupby(level=0).first()
    single_admin[first.index.to_numpy()] = np.where(
        n_admin[first.index.to_numpy()] == 1, first.to_numpy(), -1
    )
    in_own_admin = is_member(
        row * (len(vocabulary) + 1) + codes, arow * (len(vocabulary) + 1) + admin_codes
    )
    kind = place_type[codes]
    area = (kind == "oblast") | (kind == "country") | ((kind == "") & in_own_admin)
    point = ~area
    admin1 = np.where(kind == "settlement", gaz_admin[codes], -1)
    admin1 = np.where((kind == "") & point, single_admin[row], admin1)
    precision = view["geo_precision"].to_numpy(dtype=object, na_value="")
    radius = pd.Series(precision).map(GEO_RADIUS_KM).fillna(0.0).to_numpy("float64")
    rows = pd.DataFrame(
        {
            "row": row,
            "code": codes.astype("int64"),
            "point": point,
            "admin1": admin1.astype("int64"),
            "lat": lat[codes],
            "lon": lon[codes],
            "radius": radius[row],
        }
    )
    has_place = np.bincount(row, minlength=n) > 0
    is_point = np.bincount(row[point], minlength=n) > 0
    rows["use"] = np.where(is_point[row], point, ~point)
    gazetteer_admin1 = pd.Series(
        np.where(gaz_admin >= 0, vocabulary.to_numpy(object)[gaz_admin], ""),
        index=vocabulary,
    )
    gazetteer_admin1 = gazetteer_admin1[gazetteer_admin1 != ""]
    return Geo(
        rows=rows,
        names=vocabulary.to_numpy(object),
        has_place=has_place,
        is_point=is_point,
        gazetteer_admin1=gazetteer_admin1,
    )


def is_member(values: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """``np.isin`` for int64 arrays, by sorting and binary search.

    Examples
    --------
    >>> is_member(np.array([3, 5, 7]), np.array([7, 1, 3])).tolist()
    [True, False, True]
    """
    pool = np.sort(np.asarray(pool, dtype="int64"))
    values = np.asarray(values, dtype="int64")
    if not len(pool):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(pool, values), len(pool) - 1)
    return pool[at] == values


def haversine_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Great-circle distance in km.

    Examples
    --------
    >>> round(float(haversine_km(50.0, 36.0, 50.0, 37.0)), 1)
    71.5
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def _neighbour_places(rows: pd.DataFrame, max_km: float) -> pd.DataFrame:
    """Pairs of distinct point places (p < q) within ``max_km``, by grid cells."""
    points = (
        rows.loc[rows["point"] & rows["lat"].notna() & rows["lon"].notna()]
        .drop_duplicates("code")[["code", "lat", "lon"]]
        .reset_index(drop=True)
    )
    empty = pd.DataFrame({"p": [], "q": [], "km": []}).astype(
        {"p": "int64", "q": "int64", "km": "float64"}
    )
    if len(points) < 2 or max_km <= 0:
        return empty
    # x is shrunk by the cosine of the highest latitude, so that no pair
    # closer than max_km falls outside neighbouring cells.
    cos_max = max(float(np.cos(np.radians(np.abs(points["lat"]).max()))), 0.05)
    y = points["lat"].to_numpy() * (np.pi / 180 * _EARTH_KM)
    x = points["lon"].to_numpy() * (np.pi / 180 * _EARTH_KM) * cos_max
    cx = np.floor(x / max_km).astype("int64")
    cy = np.floor(y / max_km).astype("int64")
    # One integer key per grid cell; sorted, so each neighbouring cell's
    # points are one slice found by binary search (no merge, no all-pairs).
    span = int(cy.max() - cy.min()) + 3
    key = (cx - cx.min() + 1) * span + (cy - cy.min() + 1)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    left_parts, right_parts = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            wanted = key + dx * span + dy
            lo = np.searchsorted(sorted_key, wanted, side="left")
            hi = np.searchsorted(sorted_key, wanted, side="right")
            i, j = _expand(lo, hi)
            left_parts.append(i)
            right_parts.append(order[j])
    left = np.concatenate(left_parts)
    right = np.concatenate(right_parts)
    codes = points["code"].to_numpy()
    keep = codes[left] < codes[right]
    left, right = left[keep], right[keep]
    lat = points["lat"].to_numpy()
    lon = points["lon"].to_numpy()
    km = haversine_km(lat[left], lon[left], lat[right], lon[right])
    pairs = {"code": codes[left], "code_q": codes[right]}
    out = pd.DataFrame({"p": pairs["code"], "q": pairs["code_q"], "km": km})
    out = out[out["km"] <= max_km]
    return out.sort_values(["p", "q"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Sweeps: pairs with the same key whose day ranges are within a window
# ---------------------------------------------------------------------------


def _expand(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each i, every j in [starts[i], ends[i]): return (i, j) arrays."""
    counts = np.maximum(ends - starts, 0)
    total = int(counts.sum())
    i = np.repeat(np.arange(len(starts)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return i, np.repeat(starts, counts) + offsets


def sweep_pairs(
    key: np.ndarray, lo: np.ndarray, hi: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return index pairs (i, j) with equal ``key`` and day ranges within ``window``.

    Each unordered pair appears once. The cost is the sort plus the number of
    pairs returned: no pair with a different key or distant dates is visited.

    Examples
    --------
    >>> i, j = sweep_pairs(np.array([1, 1, 1, 2]), np.array([0, 1, 5, 0]),
    ...                    np.array([0, 1, 5, 0]), 1)
    >>> sorted(zip(i.tolist(), j.tolist()))
    [(0, 1)]
    """
    n = len(key)
    if n < 2:
        return np.empty(0, "int64"), np.empty(0, "int64")
    key = pd.factorize(key)[0].astype("int64")
    base = int(lo.min())
    span = int(hi.max()) - base + window + 2
    order = np.lexsort((lo, key))
    composite = key[order] * span + (lo[order] - base)
    target = key[order] * span + (hi[order] + window - base)
    ends = np.searchsorted(composite, target, side="right")
    i, j = _expand(np.arange(n) + 1, ends)
    return order[i], order[j]


def sweep_cross(
    key_a: np.ndarray,
    lo_a: np.ndarray,
    hi_a: np.ndarray,
    key_b: np.ndarray,
    lo_b: np.ndarray,
    hi_b: np.ndarray,
    window: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return pairs (i in a, j in b) with equal key and day ranges within ``window``.

    Examples
    --------
    >>> i, j = sweep_cross(np.array([7]), np.array([3]), np.array([4]),
    ...                    np.array([7, 7, 8]), np.array([0, 4, 3]),
    ...                    np.array([2, 9, 3]), 0)
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1)]
    """
    if len(key_a) == 0 or len(key_b) == 0:
        return np.empty(0, "int64"), np.empty(0, "int64")
    both = pd.factorize(np.concatenate([key_a, key_b]))[0]
    ka, kb = both[: len(key_a)].astype("int64"), both[len(key_a) :].astype("int64")
    base = int(min(lo_a.min(), lo_b.min()))
    span = int(max(hi_a.max(), hi_b.max())) - base + window + 2
    order_b = np.lexsort((lo_b, kb))
    comp_b = kb[order_b] * span + (lo_b[order_b] - base)
    # b starts within [lo_a, hi_a + window]
    start = np.searchsorted(comp_b, ka * span + (lo_a - base), side="left")
    end = np.searchsorted(comp_b, ka * span + (hi_a + window - base), side="right")
    i1, j1 = _expand(start, end)
    order_a = np.lexsort((lo_a, ka))
    comp_a = ka[order_a] * span + (lo_a[order_a] - base)
    # a starts within (lo_b, hi_b + window]
    start = np.searchsorted(comp_a, kb * span + (lo_b - base), side="right")
    end = np.searchsorted(comp_a, kb * span + (hi_b + window - base), side="right")
    j2, i2 = _expand(start, end)
    return (
        np.concatenate([i1, order_a[i2]]),
        np.concatenate([order_b[j1], j2]),
    )


# ---------------------------------------------------------------------------
# Candidate pairs of claims by place and date
# ---------------------------------------------------------------------------

#: Place rules, most specific first (a pair keeps the first that applies).
PLACE_RULES = ("same-place", "same-oblast", "nearby", "oblast-contains-settlement")


def _pairs_frame(a: np.ndarray, b: np.ndarray, rule: str) -> pd.DataFrame:
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keep = lo != hi
    code = PLACE_RULES.index(rule)
    return pd.DataFrame(
        {"a": lo[keep], "b": hi[keep], "rule": np.full(int(keep.sum()), code, "int8")}
    )


def spatial_pairs(
    view: pd.DataFrame,
    geo: Geo,
    selected: np.ndarray,
    *,
    window_days: int,
    distance_km: float,
    group: np.ndarray | None = None,
    rules: Iterable[str] = PLACE_RULES,
    all_rows: bool = False,
) -> pd.DataFrame:
    """Pairs of selected, dated claims that match by place and date.

    Returns a frame of claim positions ``a < b`` with the most specific
    ``place_rule`` (see :data:`PLACE_RULES`). ``group`` (one int per claim)
    restricts pairs to claims with the same group value. With ``all_rows``
    every place of a claim counts; otherwise only its ``use`` rows (a claim
    with a settlement is matched by its settlements).
    """
    rules = set(rules)
    group = np.zeros(len(view), "int64") if group is None else group
    sel = selected & view["dated"].to_numpy()
    columns = geo.arrays()
    keep = sel[columns["row"]]
    if not all_rows:
        keep &= columns["use"]
    rows = {name: values[keep] for name, values in columns.items()}
    lo_all = view["lo"].to_numpy()
    hi_all = view["hi"].to_numpy()
    width = len(geo.names) + 1
    parts = []

    def subset(frame: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
        return {name: values[mask] for name, values in frame.items()}

    def key(frame: dict[str, np.ndarray], column: str) -> np.ndarray:
        return group[frame["row"]] * width + frame[column]

    def dates(frame: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        return lo_all[frame["row"]], hi_all[frame["row"]]

    points = subset(rows, rows["point"])
    areas = subset(rows, ~rows["point"])
    n_points, n_areas = len(points["row"]), len(areas["row"])
    if "same-place" in rules and n_points > 1:
        i, j = sweep_pairs(key(points, "code"), *dates(points), window_days)
        parts.append(_pairs_frame(points["row"][i], points["row"][j], "same-place"))
    if "same-oblast" in rules and n_areas > 1:
        i, j = sweep_pairs(key(areas, "code"), *dates(areas), window_days)
        parts.append(_pairs_frame(areas["row"][i], areas["row"][j], "same-oblast"))
    if "nearby" in rules and n_points > 1:
        max_radius = float(points["radius"].max())
        neighbours = _neighbour_places(
            pd.DataFrame(points), distance_km + 2 * max_radius
        )
        if len(neighbours):
            # each point row, as a guest at every neighbouring place p < its q
            neighbours = neighbours.sort_values("q", kind="mergesort")
            q = neighbours["q"].to_numpy()
            starts = np.searchsorted(q, points["code"], side="left")
            ends = np.searchsorted(q, points["code"], side="right")
            host, at = _expand(starts, ends)
            guests = subset(points, host)
            guests["code"] = neighbours["p"].to_numpy()[at]
            guests["km"] = neighbours["km"].to_numpy()[at]
            i, j = sweep_cross(
                key(points, "code"),
                *dates(points),
                key(guests, "code"),
                *dates(guests),
                window_days,
            )
            limit = distance_km + points["radius"][i] + guests["radius"][j]
            ok = guests["km"][j] <= limit
            parts.append(
                _pairs_frame(points["row"][i][ok], guests["row"][j][ok], "nearby")
            )
    if "oblast-contains-settlement" in rules and n_areas and n_points:
        inside = subset(points, points["admin1"] >= 0)
        i, j = sweep_cross(
            key(areas, "code"),
            *dates(areas),
            key(inside, "admin1"),
            *dates(inside),
            window_days,
        )
        parts.append(
            _pairs_frame(
                areas["row"][i], inside["row"][j], "oblast-contains-settlement"
            )
        )
    if parts:
        a = np.concatenate([f["a"].to_numpy() for f in parts])
        b = np.concatenate([f["b"].to_numpy() for f in parts])
        rule = np.concatenate([f["rule"].to_numpy() for f in parts])
    else:
        a = b = np.empty(0, "int64")
        rule = np.empty(0, "int8")
    # one row per pair, with its most specific rule
    order = np.lexsort((rule, b, a))
    a, b, rule = a[order], b[order], rule[order]
    first = np.ones(len(a), dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return pd.DataFrame(
        {
            "a": a[first],
            "b": b[first],
            "place_rule": pd.Categorical.from_codes(
                rule[first].astype("int64"), categories=pd.Index(list(PLACE_RULES))
            ),
        }
    )


def pair_place_rule(
    geo: Geo, a: np.ndarray, b: np.ndarray, distance_km: float
) -> np.ndarray:
    """How claims ``a[k]`` and ``b[k]`` relate by place, for arbitrary pairs.

    Returns, per pair, the most specific rule of :data:`PLACE_RULES` over
    every place of one claim against every place of the other,
    ``"no-place"`` when either claim names no place, or ``""`` when their
    places are apart (different settlements, oblasts or districts).
    """
    a = np.asarray(a, dtype="int64")
    b = np.asarray(b, dtype="int64")
    n = len(a)
    result = np.full(n, "", dtype=object)
    if n == 0:
        return result
    order, starts = geo.by_claim()
    count_a = starts[a + 1] - starts[a]
    count_b = starts[b + 1] - starts[b]
    combos = count_a * count_b
    pair = np.repeat(np.arange(n), combos)
    # the k-th combination of a pair: place k // count_b of a, k % count_b of b
    k = np.arange(len(pair)) - np.repeat(np.cumsum(combos) - combos, combos)
    per_b = np.repeat(count_b, combos)
    ia = order[np.repeat(starts[a], combos) + k // np.maximum(per_b, 1)]
    ib = order[np.repeat(starts[b], combos) + k % np.maximum(per_b, 1)]
    cols = geo.arrays()
    code, point, admin1 = cols["code"], cols["point"], cols["admin1"]
    pa_, pb_ = point[ia], point[ib]
    same = code[ia] == code[ib]
    contains = (~pa_ & pb_ & (admin1[ib] == code[ia])) | (
        ~pb_ & pa_ & (admin1[ia] == code[ib])
    )
    km = haversine_km(
        cols["lat"][ia], cols["lon"][ia], cols["lat"][ib], cols["lon"][ib]
    )
    near = pa_ & pb_ & (km <= distance_km + cols["radius"][ia] + cols["radius"][ib])
    rank = np.full(len(pair), 99)
    rank = np.where(contains, 3, rank)
    rank = np.where(near, 2, rank)
    rank = np.where(same & ~pa_, 1, rank)
    rank = np.where(same & pa_, 0, rank)
    best = np.full(n, 99)
    np.minimum.at(best, pair, rank)
    names = np.array([*PLACE_RULES, ""], dtype=object)
    result = names[np.where(best == 99, 4, best)]
    placeless = ~(geo.has_place[a] & geo.has_place[b])
    result[placeless] = "no-place"
    return result


def actor_table(view: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each claim's actors as (row, actor code) arrays, and actors per claim."""
    row, codes, _ = explode_codes(view["actor_ids"])
    return row, codes, np.bincount(row, minlength=len(view))


def actor_overlap(
    view: pd.DataFrame,
    a: np.ndarray,
    b: np.ndarray,
    actors: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Say, per pair, whether both claims name actors and whether they share one.

    ``actors`` is :func:`actor_table` of ``view``, when already computed.

    Examples
    --------
    >>> v = pd.DataFrame({"actor_ids": ["lsr;rdk", "rdk", None, "fsb"]})
    >>> named, shared = actor_overlap(v, np.array([0, 0, 0]), np.array([1, 2, 3]))
    >>> named.tolist(), shared.tolist()
    ([True, False, True], [True, False, False])
    """
    row, codes, counts = actor_table(view) if actors is None else actors
    named = (counts[a] > 0) & (counts[b] > 0)
    shared = np.zeros(len(a), dtype=bool)
    if not named.any():
        return named, shared
    width = int(codes.max()) + 1
    idx = np.flatnonzero(named)
    # every actor of each pair's claim a, then: does claim b have it too?
    order = np.argsort(row, kind="stable")
    starts = np.searchsorted(row[order], a[idx], side="left")
    ends = np.searchsorted(row[order], a[idx], side="right")
    which, at = _expand(starts, ends)
    hit = is_member(b[idx][which] * width + codes[order][at], row * width + codes)
    shared[idx[which[hit]]] = True
    return named, shared


def connected_components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Label each of ``n`` nodes with the smallest node of its component.

    Examples
    --------
    >>> connected_components(5, np.array([3, 1]), np.array([4, 3])).tolist()
    [0, 1, 2, 1, 1]
    """
    parent = np.arange(n, dtype="int64")
    if len(a) == 0:
        return parent
    a = np.asarray(a, dtype="int64")
    b = np.asarray(b, dtype="int64")
    while True:
        ra, rb = parent[a], parent[b]
        unsettled = ra != rb
        if not unsettled.any():
            return parent
        low = np.minimum(ra[unsettled], rb[unsettled])
        high = np.maximum(ra[unsettled], rb[unsettled])
        np.minimum.at(parent, high, low)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


# ---------------------------------------------------------------------------
# Clustering
# ---------------------------------------------------------------------------


def _family_codes(view: pd.DataFrame) -> np.ndarray:
    return pd.factorize(view["family"].fillna(""), sort=True)[0].astype("int64")


_ACTOR_RULES = ("actor-overlap", "actors-not-both-named", "actors-not-compared")


def _filter_actors(
    view: pd.DataFrame,
    pairs: pd.DataFrame,
    actors: tuple[np.ndarray, np.ndarray, np.ndarray],
    compares: np.ndarray,
) -> pd.DataFrame:
    """Keep pairs whose actors overlap, or that do not both name actors."""
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    named, shared = actor_overlap(view, a, b, actors)
    compared = compares[a]
    named &= compared
    keep = ~named | shared
    return pd.DataFrame(
        {
            "a": a[keep],
            "b": b[keep],
            "place": pairs["place_rule"].cat.codes.to_numpy()[keep].astype("int64"),
            "actor": np.where(
                shared[keep] & named[keep], 0, np.where(compared[keep], 1, 2)
            ),
        }
    )


def cluster_incidents(
    claims: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    distance_km: float = DEFAULT_DISTANCE_KM,
) -> pd.DataFrame:
    """Assign every claim to an incident and say which rule put it there.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table (as loaded by :func:`osintkit.load_dataset`).
    sources : pandas.DataFrame, optional
        Accepted for symmetry with the other engines; the rule does not use it.
    places : pandas.DataFrame, optional
        The reference gazetteer (``ds.reference["places"]``). Without it,
        places match only by id and by the claims' own ``admin1_codes``.
    window_days : int
        How many days apart two claims' event dates may be.
    distance_km : float
        How far apart two settlements may be.

    Returns
    -------
    pandas.DataFrame
        One row per claim, sorted by ``claim_id``: ``claim_id``,
        ``incident_id`` (the curator's, or ``AUTO-<smallest claim id>``),
        ``rule`` (``curator``, ``singleton`` or the joining rule) and
        ``linked_claim_id`` (the claim it was joined to; missing for
        ``curator`` and ``singleton``).

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["c1", "c2", "c3", "c4"],
    ...     "source_id": ["a", "b", "c", "d"],
    ...     "incident_id": [None, None, None, "INC-1"],
    ...     "event_date_start": pd.to_datetime(["2024-03-16"] * 3 + [None]),
    ...     "event_date_end": pd.to_datetime(["2024-03-16"] * 3 + [None]),
    ...     "place_ids": ["gn-578072", "gn-578072", "gn-483166", None],
    ...     "claim_type": ["strike", "civilian_casualties", "strike", "denial"]})
    >>> result = cluster_incidents(claims)
    >>> print(result.to_string(index=False))  # doctest: +NORMALIZE_WHITESPACE
    claim_id incident_id                                        rule linked_claim_id
          c1     AUTO-c1 same-place+date-window+actors-not-compared              c2
          c2     AUTO-c1 same-place+date-window+actors-not-compared              c1
          c3     AUTO-c3                                   singleton             NaN
          c4       INC-1                                     curator             NaN

    ``c1`` and ``c2`` report one strike in Belgorod on one day (their actors
    are victims, not compared); ``c3`` is in Tyotkino; ``c4`` keeps the
    curator's incident.
    """
    del sources  # part of the common signature; not needed by the rule
    view = claim_view(claims)
    geo = resolve_places(view, places)
    return cluster_view(view, geo, window_days=window_days, distance_km=distance_km)


def cluster_view(
    view: pd.DataFrame, geo: Geo, *, window_days: int, distance_km: float
) -> pd.DataFrame:
    """:func:`cluster_incidents` on a prepared :func:`claim_view` and its places."""
    n = len(view)
    incident_ids = pa.array(view["incident_id"], from_pandas=True).cast(pa.string())
    curated = pc.fill_null(
        pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(incident_ids)), 0), False
    ).to_numpy(zero_copy_only=False)
    open_ = ~curated
    family = _family_codes(view)
    actors = actor_table(view)
    compares = view["family"].isin(ACTOR_FAMILIES).to_numpy()
    edges = []

    # 1. settlement-level claims among themselves
    point_pairs = spatial_pairs(
        view,
        geo,
        open_ & geo.is_point,
        window_days=window_days,
        distance_km=distance_km,
        group=family,
        rules=("same-place", "nearby"),
    )
    point_pairs = _filter_actors(view, point_pairs, actors, compares)
    edges.append(point_pairs)
    labels = connected_components(
        n, point_pairs["a"].to_numpy(), point_pairs["b"].to_numpy()
    )

    # 2. an oblast-level claim joins the one settlement cluster it matches
    area_open = open_ & geo.has_place & ~geo.is_point
    contain = spatial_pairs(
        view,
        geo,
        open_ & geo.has_place,
        window_days=window_days,
        distance_km=distance_km,
        group=family,
        rules=("oblast-contains-settlement",),
    )
    contain = _filter_actors(view, contain, actors, compares)
    a, b = contain["a"].to_numpy(), contain["b"].to_numpy()
    swap = ~area_open[a]  # orient: the oblast-level claim first
    area, point = np.where(swap, b, a), np.where(swap, a, b)
    cluster = labels[point]
    # per oblast-level claim: how many settlement clusters does it match?
    order = np.lexsort((point, cluster, area))
    area_s, cluster_s, point_s = area[order], cluster[order], point[order]
    new_area = np.ones(len(area_s), dtype=bool)
    new_area[1:] = area_s[1:] != area_s[:-1]
    new_cluster = new_area.copy()
    new_cluster[1:] |= cluster_s[1:] != cluster_s[:-1]
    n_clusters = np.bincount(area_s[new_cluster], minlength=n)
    unique = n_clusters[area_s] == 1
    pick = new_area & unique  # first (smallest) point of its only cluster
    attached = np.zeros(n, dtype=bool)
    attached[area_s[pick]] = True
    ambiguous = int((n_clusters > 1).sum())
    if ambiguous:
        logger.info(
            "%d oblast-level claim(s) match several settlement clusters and "
            "were not attached to any",
            ambiguous,
        )
    chosen = contain.iloc[order[pick]]
    edges.append(
        pd.DataFrame(
            {
                "a": area_s[pick],
                "b": point_s[pick],
                "place": chosen["place"].to_numpy(),
                "actor": chosen["actor"].to_numpy(),
            }
        )
    )

    # 3. oblast-level claims left over, by oblast
    area_pairs = spatial_pairs(
        view,
        geo,
        area_open & ~attached,
        window_days=window_days,
        distance_km=distance_km,
        group=family,
        rules=("same-oblast",),
    )
    edges.append(_filter_actors(view, area_pairs, actors, compares))

    edges_frame = pd.concat(edges, ignore_index=True)
    ea, eb = edges_frame["a"].to_numpy(), edges_frame["b"].to_numpy()
    labels = connected_components(n, ea, eb)
    ids = pa.array(view["claim_id"], from_pandas=True).cast(pa.string())
    auto = pc.binary_join_element_wise("AUTO-", ids.take(pa.array(labels)), "")
    incident = pc.if_else(pa.array(curated), incident_ids, auto)
    # each claim's link: the edge to its partner with the smallest claim id
    rule_code = (
        edges_frame["place"].to_numpy() * len(_ACTOR_RULES)
        + edges_frame["actor"].to_numpy()
    )
    src = np.concatenate([ea, eb])
    dst = np.concatenate([eb, ea])
    code = np.concatenate([rule_code, rule_code])
    order = np.lexsort((dst, src))
    src, dst, code = src[order], dst[order], code[order]
    first = np.ones(len(src), dtype=bool)
    first[1:] = src[1:] != src[:-1]
    names = [
        f"{place}+date-window+{actor}"
        for place in PLACE_RULES
        for actor in _ACTOR_RULES
    ]
    rule_index = np.where(curated, len(names), len(names) + 1)
    rule_index[src[first]] = code[first]
    rule = pa.DictionaryArray.from_arrays(
        pa.array(rule_index.astype("int32")),
        pa.array([*names, "curator", "singleton"], type=pa.string()),
    ).cast(pa.string())
    linked_at = np.full(n, -1, dtype="int64")
    linked_at[src[first]] = dst[first]
    linked = ids.take(pa.array(np.where(linked_at >= 0, linked_at, 0))).to_numpy(
        zero_copy_only=False
    )
    linked = pa.array(np.where(linked_at >= 0, linked, None), type=pa.string())
    result = pd.DataFrame(
        {
            "claim_id": pd.array(ids, dtype="str"),
            "incident_id": pd.array(incident, dtype="str"),
            "rule": pd.array(rule, dtype="str"),
            "linked_claim_id": pd.array(linked, dtype="str"),
        }
    )
    logger.info(
        "%d claims: %d kept their curator's incident, %d clustered into %d incident(s)",
        n,
        int(curated.sum()),
        int(open_.sum()),
        len(pd.unique(labels[open_])),
    )
    return result


def summarize_incidents(
    claims: pd.DataFrame, assignment: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Describe each incident by its claims: dates, places, types and rules.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table.
    assignment : pandas.DataFrame, optional
        The output of :func:`cluster_incidents`; by default the claims' own
        ``incident_id`` (claims without one are left out).

    Returns
    -------
    pandas.DataFrame
        One row per incident, sorted by ``incident_id``: ``n_claims``,
        ``claim_ids``, ``source_ids``, ``date_start``, ``date_end``,
        ``place_ids``, ``admin1_codes``, ``claim_types`` (``;``-joined, sorted)
        and ``rules``.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["a", "b"], "source_id": ["s", "t"],
    ...     "claim_type": ["strike", "shelling"], "incident_id": ["I", "I"],
    ...     "place_ids": ["gn-1", "gn-2;gn-1"]})
    >>> summary = summarize_incidents(claims)
    >>> summary[["incident_id", "claim_ids", "place_ids"]].values.tolist()
    [['I', 'a;b', 'gn-1;gn-2']]
    """
    view = claim_view(claims)
    if assignment is None:
        frame = view.assign(rule="curator")
        frame = frame[frame["incident_id"].notna()]
    else:
        frame = view.drop(columns="incident_id").merge(
            assignment[["claim_id", "incident_id", "rule"]],
            on="claim_id",
            how="inner",
            validate="1:1",
        )

    def joined(values: pd.Series) -> str:
        items: set[str] = set()
        for value in values.dropna():
            items.update(part.strip() for part in str(value).split(";") if part.strip())
        return ";".join(sorted(items))

    start = frame["event_date_start"].fillna(frame["event_date_end"])
    end = frame["event_date_end"].fillna(frame["event_date_start"])
    grouped = frame.assign(start=start, end=end).groupby("incident_id", sort=True)
    out = pd.DataFrame(
        {
            "n_claims": grouped.size(),
            "claim_ids": grouped["claim_id"].agg(joined),
            "source_ids": grouped["source_id"].agg(joined),
            "date_start": grouped["start"].min(),
            "date_end": grouped["end"].max(),
            "place_ids": grouped["place_ids"].agg(joined),
            "admin1_codes": grouped["admin1_codes"].agg(joined),
            "claim_types": grouped["claim_type"].agg(joined),
            "rules": grouped["rule"].agg(joined),
        }
    )
    return out.reset_index()


_EVENT_TYPE_BY_CLAIM = {
    "incursion_attempt": "ground_incursion",
    "strike": "cross_border_strike",
    "shelling": "shelling",
    "air_defense_intercept": "air_defense",
    "civil_protection_measure": "civil_protection",
    "strike_warning": "statement",
}
_PRECISION_ORDER = ("day", "week", "month", "year", "unknown")


def clustered_incident_rows(
    claims: pd.DataFrame, assignment: pd.DataFrame, *, min_claims: int = 2
) -> pd.DataFrame:
    """Rows for the incidents table describing the clustered (``AUTO-``) incidents.

    Only clusters of at least ``min_claims`` claims with event dates are
    described: a single claim is not a grouping, and an incident needs
    dates. The title, summary and grouping notes say that the clustering
    made them and by which rule each claim joined.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table.
    assignment : pandas.DataFrame
        The output of :func:`cluster_incidents`.
    min_claims : int
        The smallest cluster to describe.

    Returns
    -------
    pandas.DataFrame
        Columns ``incident_id``, ``title``, ``date_start``, ``date_end``,
        ``date_precision``, ``place_ids``, ``admin1_codes``, ``event_type``,
        ``summary``, ``grouping_notes``; one row per incident, sorted.

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["a", "b"], "source_id": ["s", "t"],
    ...     "claim_type": ["strike", "civilian_casualties"],
    ...     "event_date_start": pd.to_datetime(["2024-03-16"] * 2),
    ...     "date_precision": ["day", "day"], "place_ids": ["gn-1", "gn-1"],
    ...     "admin1_codes": ["RU-BEL", "RU-BEL"]})
    >>> rows = clustered_incident_rows(claims, cluster_incidents(claims))
    >>> rows[["incident_id", "event_type", "place_ids", "admin1_codes"]].values.tolist()
    [['AUTO-a', 'cross_border_strike', 'gn-1', 'RU-BEL']]
    """
    view = claim_view(claims)
    frame = view.drop(columns="incident_id").merge(
        assignment[["claim_id", "incident_id", "rule", "linked_claim_id"]],
        on="claim_id",
        how="inner",
        validate="1:1",
    )
    frame = frame[frame["rule"] != "curator"]
    sizes = frame.groupby("incident_id")["claim_id"].transform("size")
    frame = frame[(sizes >= min_claims).to_numpy()]
    columns = [
        "incident_id",
        "title",
        "date_start",
        "date_end",
        "date_precision",
        "place_ids",
        "admin1_codes",
        "event_type",
        "summary",
        "grouping_notes",
    ]
    rows = []
    for incident_id, group in frame.groupby("incident_id", sort=True):
        dated = group[group["dated"]]
        if dated.empty:
            continue
        places = sorted(
            {p.strip() for v in group["place_ids"].dropna() for p in v.split(";")}
            - {""}
        )
        admin1 = sorted(
            {p.strip() for v in group["admin1_codes"].dropna() for p in v.split(";")}
            - {""}
        )
        if not places or not admin1:
            logger.warning(
                "%s has no place or oblast to record; not written", incident_id
            )
            continue
        types = sorted(set(group["claim_type"].dropna()))
        kinds = [_EVENT_TYPE_BY_CLAIM.get(t) for t in types]
        if any(
            t in CLAIM_TYPE_FAMILY and CLAIM_TYPE_FAMILY[t] == "ground" for t in types
        ):
            event_type = (
                "ground_incursion" if "ground_incursion" in kinds else "ground_fighting"
            )
        else:
            event_type = next((k for k in kinds if k), "other")
        precisions = [
            p if p in _PRECISION_ORDER else "unknown"
            for p in dated["date_precision"].fillna("unknown")
        ]
        precision = max(precisions, key=_PRECISION_ORDER.index)
        start = np.datetime64(int(dated["lo"].min()), "D")
        end = np.datetime64(int(dated["hi"].max()), "D")
        links = "; ".join(
            f"{c} joined {linked} by {rule}"
            for c, linked, rule in zip(
                group["claim_id"], group["linked_claim_id"], group["rule"], strict=True
            )
            if isinstance(linked, str)
        )
        claim_list = ", ".join(group["claim_id"])
        rows.append(
            {
                "incident_id": incident_id,
                "title": (
                    f"Clustered: {', '.join(t.replace('_', ' ') for t in types)} "
                    f"({start} to {end})"
                    if start != end
                    else f"Clustered: {', '.join(t.replace('_', ' ') for t in types)} "
                    f"({start})"
                ),
                "date_start": start,
                "date_end": end,
                "date_precision": precision,
                "place_ids": ";".join(places),
                "admin1_codes": ";".join(admin1),
                "event_type": event_type,
                "summary": (
                    f"Grouped by osintkit's clustering, not by a curator: "
                    f"{len(group)} claims ({claim_list}) from "
                    f"{group['source_id'].nunique()} source(s). Review before relying "
                    "on it."
                ),
                "grouping_notes": links,
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    out["date_start"] = pd.to_datetime(out["date_start"]).astype("datetime64[s]")
    out["date_end"] = pd.to_datetime(out["date_end"]).astype("datetime64[s]")
    for column in columns:
        if column not in ("date_start", "date_end"):
            out[column] = out[column].astype("str")
    return out


def add_clustered_incidents(dataset: object, assignment: pd.DataFrame) -> list[str]:
    """Record clustered incidents in a loaded dataset (then call ``save()``).

    Adds a row to ``dataset["incidents"]`` for each cluster that
    :func:`clustered_incident_rows` describes and sets the ``incident_id`` of
    its claims; claims the curator assigned, and single claims, are left
    alone. Only the new and changed records are rewritten by
    :meth:`osintkit.Dataset.save`.

    Returns
    -------
    list of str
        The ids of the incidents added.
    """
    claims = dataset["claims"]  # type: ignore[index]
    incidents = dataset["incidents"]  # type: ignore[index]
    rows = clustered_incident_rows(claims, assignment)
    rows = rows[~rows["incident_id"].isin(incidents["incident_id"])]
    if rows.empty:
        return []
    start = int(incidents.index.max()) + 1 if len(incidents) else 0
    rows = rows.set_axis(pd.RangeIndex(start, start + len(rows)))
    new = rows.reindex(columns=incidents.columns)
    for column in incidents.columns:
        if column in rows.columns:
            new[column] = rows[column].astype(incidents[column].dtype)
        else:
            new[column] = pd.Series(pd.NA, index=new.index).astype(
                incidents[column].dtype
            )
    dataset["incidents"] = pd.concat([incidents, new])  # type: ignore[index]
    chosen = assignment[assignment["incident_id"].isin(rows["incident_id"])]
    mapping = dict(zip(chosen["claim_id"], chosen["incident_id"], strict=True))
    updated = claims["claim_id"].map(mapping)
    changed = claims.copy()
    changed["incident_id"] = updated.where(updated.notna(), claims["incident_id"])
    dataset["claims"] = changed  # type: ignore[index]
    logger.info("added %d clustered incident(s)", len(rows))
    return rows["incident_id"].tolist()
