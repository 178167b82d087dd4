"""Discrepancies: where sources disagree, as a tidy table of findings.

Every finding names the claims and sources on each side, the values, a
severity and one plain sentence a researcher can check against the claims.
Nothing is averaged: a finding keeps both values.

Kinds (each rule is documented on the function that finds it):

``outcome``
    Control or outcome: "under control" vs "attack repelled" vs "fighting
    still going on" vs "retreat" for the same place and days
    (:data:`OUTCOME_CONFLICTS`), both sides claiming control, or one source
    asserting what another denies.
``numeric``
    The same quantity for the same incident, side, place and days with
    figure ranges that do not overlap, across sources or within one.
``escalation`` / ``revision``
    One source (with its spokespeople) changing a figure over time, shown as
    a series ordered by reported date (``escalation`` when it only rises);
    and claims that say, in ``revises_claim_id``, that they revise another.
``attribution``
    Statements about who did it or who the attackers are that conflict.
``date``
    The same event (type, figure, place) reported by different sources on
    days a little apart.
``place``
    The same event reported at places apart within one incident, and claims
    whose ``admin1_codes`` disagree with the gazetteer's oblast of their
    ``place_ids``.
``single-source``
    Claims that no other source corroborates within their incident.

Severity (0-1) is the kind's weight for the size of the gap, times the
geometric mean of the two sides' best Admiralty reliability weights
(:data:`RELIABILITY_WEIGHT`): a contradiction between two usually reliable
sources matters more than one between two partisan channels.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypedDict

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from osintkit.errors import MissingColumnsError
from osintkit.incidents import (
    DEFAULT_DISTANCE_KM,
    DEFAULT_WINDOW_DAYS,
    TEXT_COLUMNS,
    Geo,
    claim_view,
    cluster_view,
    connected_components,
    explode_ids,
    is_member,
    pair_place_rule,
    resolve_places,
    spatial_pairs,
)

__all__ = [
    "FINDING_COLUMNS",
    "KINDS",
    "OUTCOME_CONFLICTS",
    "RELIABILITY_WEIGHT",
    "PreparedClaims",
    "find_discrepancies",
    "find_in_prepared",
    "prepare_claims",
    "severity_label",
]

logger = logging.getLogger(__name__)

#: Kinds of finding, in the order reports list them.
KINDS = (
    "outcome",
    "numeric",
    "escalation",
    "revision",
    "attribution",
    "date",
    "place",
    "single-source",
)

#: The columns of :func:`find_discrepancies`, in order.
FINDING_COLUMNS = (
    "finding_id",
    "kind",
    "severity",
    "severity_label",
    "incident_id",
    "claim_ids_a",
    "source_ids_a",
    "claim_ids_b",
    "source_ids_b",
    "field",
    "value_a",
    "value_b",
    "explanation",
)

#: Weight of an Admiralty source-reliability grade. F ("cannot be judged")
#: sits between D and E: an unidentified source earns no trust, but it is not
#: known to be unreliable either. A missing grade counts as F.
RELIABILITY_WEIGHT: dict[str, float] = {
    "A": 1.0,
    "B": 0.8,
    "C": 0.6,
    "D": 0.4,
    "E": 0.2,
    "F": 0.3,
}

#: Outcome claim types that contradict each other for the same place and
#: days: (type a, type b) -> (weight, what the contradiction is).
OUTCOME_CONFLICTS: dict[tuple[str, str], tuple[float, str]] = {
    ("territorial_control", "attack_repelled"): (1.0, "control vs repelled"),
    ("advance", "attack_repelled"): (1.0, "advance vs repelled"),
    ("retreat", "attack_repelled"): (0.9, "retreat vs repelled"),
    ("territorial_control", "fighting_ongoing"): (0.8, "control vs fighting"),
    ("attack_repelled", "fighting_ongoing"): (0.5, "repelled vs fighting"),
    ("retreat", "fighting_ongoing"): (0.4, "retreat vs fighting"),
}

OUTCOME_TYPES = (
    "territorial_control",
    "advance",
    "retreat",
    "attack_repelled",
    "fighting_ongoing",
)

#: Claim types that report one happening with a date and place of its own;
#: the ``date`` and ``place`` kinds compare only these.
EVENT_TYPES = frozenset(
    {
        "strike",
        "shelling",
        "civilian_casualties",
        "enemy_casualties",
        "own_casualties",
        "equipment_losses",
        "prisoners_taken",
        "air_defense_intercept",
    }
)

#: Quantities that count the same losses at different breadth; a source's
#: series of figures runs across them (234 killed ... 790 irrecoverable).
QUANTITY_SERIES = {
    "killed": "losses",
    "irrecoverable_losses": "losses",
    "killed_or_wounded": "losses",
}

#: Claim types that corroborate each other (otherwise: the same type).
CORROBORATION_CLASS = {
    "strike": "strike_or_shelling",
    "shelling": "strike_or_shelling",
    "territorial_control": "control_or_advance",
    "advance": "control_or_advance",
}

_SIDE_CAMP = {
    "russia": "russia",
    "pro_russia": "russia",
    "ukraine": "ukraine",
    "pro_ukraine": "ukraine",
}
_SIDE_WORDS = {
    "russia": "Russian side",
    "pro_russia": "pro-Russian side",
    "ukraine": "Ukrainian side",
    "pro_ukraine": "pro-Ukrainian side",
    "civilian": "civilians",
    "independent": "independent",
    "unknown": "side not stated",
}
_CUE = re.compile(
    r"\b(contrast\w*|uneasily|discrepan\w*|contradict\w*|conflict\w*|"
    r"inconsisten\w*|at odds|runs against|incompatible)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def severity_label(severity: float) -> str:
    """Name a severity: ``high`` from 0.5, ``medium`` from 0.25, else ``low``.

    Examples
    --------
    >>> [severity_label(s) for s in (0.1, 0.3, 0.72)]
    ['low', 'medium', 'high']
    """
    if severity >= 0.5:
        return "high"
    if severity >= 0.25:
        return "medium"
    return "low"


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------


def _and(items: Sequence[str]) -> str:
    """Join words as a sentence does.

    Examples
    --------
    >>> _and(["a"]), _and(["a", "b"]), _and(["a", "b", "c"])
    ('a', 'a and b', 'a, b and c')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _verb(n: int, singular: str, plural: str) -> str:
    return singular if n == 1 else plural


@functools.lru_cache(maxsize=4096)
def _day(day: int) -> str:
    d = datetime.date(1970, 1, 1) + datetime.timedelta(days=int(day))
    return f"{d.day} {d.strftime('%b %Y')}"


def _days_text(lo: int, hi: int) -> str:
    """Write a day range (days since 1970) as text.

    Examples
    --------
    >>> _days_text(19794, 19794), _days_text(19794, 19797)
    ('12 Mar 2024', '12 Mar 2024 to 15 Mar 2024')
    """
    return _day(lo) if lo == hi else f"{_day(lo)} to {_day(hi)}"


def format_range(low: float, best: float, high: float) -> str:
    """Write a low/best/high figure as plain text.

    Examples
    --------
    >>> nan = float("nan")
    >>> [format_range(*v) for v in [(234, 234, 234), (201, nan, nan),
    ...  (nan, 2500, nan), (10, 12, 15), (nan, nan, 250), (nan, nan, nan)]]
    ['234', 'at least 201', 'about 2500', '10-15 (best 12)', 'up to 250', '']
    """

    def num(x: float) -> str:
        return f"{x:g}" if abs(x) < 1e15 else str(x)

    has_low, has_best, has_high = (not pd.isna(x) for x in (low, best, high))
    best_text = f" (best {num(best)})" if has_best else ""
    if has_low and has_high:
        if low == high:
            return num(low)
        return f"{num(low)}-{num(high)}{best_text}"
    if has_low:
        return f"at least {num(low)}{best_text}"
    if has_high:
        return f"up to {num(high)}{best_text}"
    if has_best:
        return f"about {num(best)}"
    return ""


# ---------------------------------------------------------------------------
# Context: the claims with their sources, incidents, figures and places
# ---------------------------------------------------------------------------


class _Columns(dict):
    """The view's columns as numpy arrays, each converted when first used.

    Long text columns come from the claims table, in the view's order.
    """

    def __init__(self, view: pd.DataFrame, claims: pd.DataFrame) -> None:
        super().__init__()
        self._view = view
        self._claims = claims

    def __missing__(self, name: str) -> np.ndarray:
        if name in TEXT_COLUMNS:
            if name in self._claims.columns:
                # pandas-stubs reject na_value=None (pandas takes any scalar)
                values = self._claims[name].to_numpy(  # type: ignore[call-overload]
                    dtype=object, na_value=None
                )
                values = values[self._view["row"].to_numpy()]
            else:
                values = np.full(len(self._view), None, dtype=object)
            values = np.where(pd.isna(values), None, values)
        else:
            column = self._view[name]
            if column.dtype.kind in "biuf":
                values = column.to_numpy()
            elif column.dtype.kind == "M":
                values = column.to_numpy(dtype="datetime64[D]")
            else:
                # pandas-stubs reject na_value=None (pandas takes any scalar)
                values = column.to_numpy(  # type: ignore[call-overload]
                    dtype=object, na_value=None
                )
        self[name] = values
        return values


class _Side(NamedTuple):
    """One side of a finding, described once for the sentence and the row."""

    positions: list[int]
    claim_ids: str  # "C001;C002"
    claim_list: str  # "C001, C002"
    who: str  # "Source (D) and Other (C)"
    n_sources: int
    source_ids: str  # sorted, ";"-joined
    weight: float  # the best reliability weight
    incidents: set[str]


@dataclass
class PreparedClaims:
    """Claims prepared once for the engines (see :func:`prepare_claims`).

    ``view`` holds one row per claim with parsed dates, the incident each
    claim belongs to, its source's label, side, family and weight, and its
    figure's range; ``geo`` its resolved places.
    """

    view: pd.DataFrame
    claims: pd.DataFrame
    geo: Geo
    place_names: dict[str, str]
    distance_km: float
    col: _Columns = field(init=False)
    _figures: dict[int, str] = field(default_factory=dict)
    _cache: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.col = _Columns(self.view, self.claims)

    @property
    def ids(self) -> np.ndarray:
        """Claim ids, in the view's order."""
        return self.col["claim_id"]

    @property
    def index(self) -> dict[str, int]:
        """Position of each claim id (built when first needed)."""
        if "index" not in self._cache:
            self._cache["index"] = {c: k for k, c in enumerate(self.lst("claim_id"))}
        return self._cache["index"]  # type: ignore[return-value]

    def code(self, name: str) -> np.ndarray:
        """Integer codes of a column (equal values, equal codes; -1 missing)."""
        key = f"code:{name}"
        if key not in self._cache:
            self._cache[key] = pd.factorize(self.view[name])[0].astype("int64")
        return self._cache[key]  # type: ignore[return-value]

    def sorted_code(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Codes of a column in the sort order of its values, and the values."""
        key = f"sorted:{name}"
        if key not in self._cache:
            codes, uniques = pd.factorize(self.view[name], sort=True)
            self._cache[key] = (
                codes.astype("int64"),
                np.asarray(uniques, dtype=object),
            )
        return self._cache[key]  # type: ignore[return-value]

    def lst(self, name: str) -> list:
        """Return a column as a Python list (fast to index item by item)."""
        key = f"list:{name}"
        if key not in self._cache:
            self._cache[key] = self.col[name].tolist()
        return self._cache[key]  # type: ignore[return-value]

    def figure(self, p: int) -> str:
        """Return the claim's figure as text (computed when first needed)."""
        text = self._figures.get(p)
        if text is None:
            c = self.col
            text = format_range(
                c["value_low"][p], c["value_best"][p], c["value_high"][p]
            )
            self._figures[p] = text
        return text

    def figures(self, positions: Iterable[int]) -> str:
        """Return the distinct figures of the claims at ``positions`` as text."""
        return _and(sorted({self.figure(int(p)) for p in positions}))

    def side(self, positions: Iterable[int]) -> _Side:
        """Describe the claims at ``positions`` (any order, repeats allowed)."""
        chosen = sorted({int(p) for p in positions})
        ids, labels = self.lst("claim_id"), self.lst("source_label")
        sources, weights = self.lst("source_id"), self.lst("weight")
        incidents = self.lst("incident_id")
        claim_ids = [ids[p] for p in chosen]
        source_set = {sources[p] for p in chosen}
        return _Side(
            chosen,
            ";".join(claim_ids),
            ", ".join(claim_ids),
            _and(list(dict.fromkeys(labels[p] for p in chosen))),
            len(source_set),
            ";".join(sorted(source_set)),
            max((weights[p] for p in chosen), default=RELIABILITY_WEIGHT["F"]),
            {incidents[p] for p in chosen if incidents[p]},
        )

    def who(self, positions: Iterable[int]) -> str:
        """Name the sources of the claims at ``positions``, with their grades."""
        return self.side(positions).who

    def n_families(self, positions: Iterable[int]) -> int:
        """Count the source families (a ministry and its spokesman are one)."""
        families = self.lst("source_family")
        return len({families[p] for p in positions})

    def place(self, place_key: str) -> str:
        """Name the places of one ``;``-joined place key."""
        if not place_key:
            return "no stated place"
        return _and([self.place_names.get(p, p) for p in place_key.split(";") if p])

    def places(self, positions: Iterable[int]) -> str:
        """Name the places of the claims at ``positions``."""
        keys = self.lst("place_key")
        ids = sorted({x for p in positions for x in str(keys[p]).split(";") if x})
        return self.place(";".join(ids))

    def when(self, positions: Iterable[int]) -> str:
        """Give the days the claims at ``positions`` cover, as text."""
        dated, lo, hi = self.lst("dated"), self.lst("lo"), self.lst("hi")
        chosen = [p for p in positions if dated[p]]
        if not chosen:
            return "no stated date"
        return _days_text(min(lo[p] for p in chosen), max(hi[p] for p in chosen))

    def notes(self, side_a: Iterable[int], side_b: Iterable[int]) -> tuple[str, bool]:
        """Quote the curator's notes on one side that cite a claim on the other.

        Returns the quoted sentences (at most two) and whether one of them
        says the difference is not a contradiction.
        """
        notes = self.lst("notes")
        side_a, side_b = set(side_a), set(side_b)
        if not any(notes[p] for p in side_a | side_b):
            return "", False
        ids = self.lst("claim_id")
        found: list[str] = []
        for own, other in ((side_a, side_b), (side_b, side_a)):
            wanted = {ids[p] for p in other}
            for p in sorted(own):
                if not notes[p]:
                    continue
                for sentence in _SENTENCE.split(str(notes[p])):
                    tokens = {t.rstrip(".:-") for t in _TOKEN.findall(sentence)}
                    if tokens & wanted:
                        quoted = f'on {ids[p]}: "{sentence.strip()}"'
                        if quoted not in found:
                            found.append(quoted)
        found = found[:2]
        if not found:
            return "", False
        negated = any(_NOT_A_CONFLICT.search(s) for s in found)
        return " The curator's notes " + "; ".join(found), negated


_NOT_A_CONFLICT = re.compile(
    r"\bnot (a|an) (contradiction|revision|separate|discrepancy|conflict)\b",
    re.IGNORECASE,
)


class _Rows:
    """Findings, collected column by column."""

    COLUMNS = (
        "kind",
        "field",
        "incident_id",
        "claim_ids_a",
        "source_ids_a",
        "claim_ids_b",
        "source_ids_b",
        "value_a",
        "value_b",
        "explanation",
        "severity",
    )

    def __init__(self) -> None:
        self.data: dict[str, list] = {c: [] for c in self.COLUMNS}
        self.blocks: list[dict[str, pa.Array]] = []

    def add(
        self,
        kind: str,
        field: str,
        a: _Side,
        b: _Side | None,
        value_a: str,
        value_b: str,
        factor: float,
        explanation: str,
    ) -> None:
        """Add one finding; severity is ``factor`` times both sides' weights."""
        if not a.positions or (b is not None and set(a.positions) & set(b.positions)):
            return  # a claim never conflicts with itself
        wb = b.weight if b is not None else a.weight
        d = self.data
        d["kind"].append(kind)
        d["field"].append(field)
        d["incident_id"].append(
            ";".join(sorted(a.incidents | (b.incidents if b is not None else set())))
        )
        d["claim_ids_a"].append(a.claim_ids)
        d["source_ids_a"].append(a.source_ids)
        d["claim_ids_b"].append(b.claim_ids if b is not None else "")
        d["source_ids_b"].append(b.source_ids if b is not None else "")
        d["value_a"].append(value_a)
        d["value_b"].append(value_b)
        d["explanation"].append(explanation)
        d["severity"].append(round(factor * (a.weight * wb) ** 0.5, 2))

    def extend_sides(
        self,
        kind: str,
        field: str,
        a: _Described,
        b: _Described,
        incident_ids: pa.Array,
        value_a: np.ndarray,
        value_b: np.ndarray,
        factor: np.ndarray,
        explanation: pa.Array,
    ) -> None:
        """Add findings described by :func:`_describe` for each side."""
        n = len(factor)
        self.extend(
            {
                "kind": pa.array(np.full(n, kind, dtype=object), type=pa.string()),
                "field": pa.array(np.full(n, field, dtype=object), type=pa.string()),
                "incident_id": incident_ids,
                "claim_ids_a": a["claim_ids"],
                "source_ids_a": a["source_ids"],
                "claim_ids_b": b["claim_ids"],
                "source_ids_b": b["source_ids"],
                "value_a": _strings(value_a),
                "value_b": _strings(value_b),
                "explanation": explanation,
                "severity": pa.array(
                    np.round(factor * np.sqrt(a["weight"] * b["weight"]), 2)
                ),
            }
        )

    def extend(self, block: dict[str, pa.Array]) -> None:
        """Add many findings at once (an arrow array for every column)."""
        if len(block["kind"]):
            self.blocks.append(
                {
                    c: v.cast(pa.float64() if c == "severity" else pa.string())
                    for c, v in block.items()
                }
            )

    def table(self) -> pa.Table:
        """Every finding so far as one arrow table."""
        blocks = list(self.blocks)
        if self.data["kind"]:
            blocks.append(
                {
                    c: pa.array(
                        values, type=pa.float64() if c == "severity" else pa.string()
                    )
                    for c, values in self.data.items()
                }
            )
        if not blocks:
            return pa.table(
                {
                    c: pa.array(
                        [], type=pa.float64() if c == "severity" else pa.string()
                    )
                    for c in self.COLUMNS
                }
            )
        return pa.table(
            {c: pa.concat_arrays([b[c] for b in blocks]) for c in self.COLUMNS}
        )

    def __len__(self) -> int:
        return len(self.data["kind"]) + sum(len(b["kind"]) for b in self.blocks)


def _source_table(sources: pd.DataFrame | None, used: Iterable[str]) -> pd.DataFrame:
    """Name, grade, weight, side, belligerence and family of each source id."""
    columns = ["name", "reliability", "side", "is_belligerent", "parent_source_id"]
    if sources is None:
        table = pd.DataFrame(columns=["source_id", *columns])
    else:
        _require_columns(sources, ["source_id"], "sources")
        table = sources.reindex(columns=["source_id", *columns])
    table = table.astype({"source_id": "str"}).drop_duplicates("source_id")
    table = table.set_index("source_id")
    ids = pd.Index(sorted(set(used) | set(table.index.dropna())), dtype="str")
    table = table.reindex(ids)
    table["name"] = table["name"].astype("str").fillna(pd.Series(ids, index=ids))
    table["reliability"] = table["reliability"].astype("str").fillna("F")
    table["weight"] = (
        table["reliability"].map(RELIABILITY_WEIGHT).fillna(RELIABILITY_WEIGHT["F"])
    )
    table["side"] = table["side"].astype("str").fillna("unknown")
    table["is_belligerent"] = (
        table["is_belligerent"].astype("boolean").fillna(False).astype(bool)
    )
    parent = table["parent_source_id"].astype("str")
    parent = parent[parent.notna() & parent.isin(ids)]
    up = dict(zip(parent.index.tolist(), parent.tolist(), strict=True))
    family = ids.tolist()
    for _ in range(16):  # follow spokesperson -> agency chains
        moved = [up.get(x, x) for x in family]
        if moved == family:
            break
        family = moved
    table["family"] = pd.Series(family, index=ids, dtype="str")
    table["label"] = table["name"] + " (" + table["reliability"] + ")"
    return table


def _require_columns(frame: pd.DataFrame, columns: Sequence[str], table: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise MissingColumnsError(
            f"the {table} table has no column(s) {', '.join(missing)}; pass "
            f"ok.load_dataset(...)[{table!r}]"
        )


def _place_keys(view: pd.DataFrame) -> np.ndarray:
    """Each claim's place ids, sorted and ``;``-joined."""
    values = view["place_ids"].to_numpy(dtype=object, na_value="")
    codes, uniques = pd.factorize(values)
    keys = np.array(
        [
            ";".join(sorted({p.strip() for p in u.split(";") if p.strip()}))
            for u in uniques
        ],
        dtype=object,
    )
    return keys[codes] if len(keys) else np.full(len(values), "", dtype=object)


def _place_names(places: pd.DataFrame | None) -> dict[str, str]:
    if places is None or "name" not in places.columns:
        return {}
    ids = places["place_id"].astype(str)
    names = places["name"].astype(str)
    kinds = places.get("place_type", pd.Series("", index=places.index)).astype(str)
    labels = np.where(kinds == "settlement", names, names + " (" + ids + ")")
    return dict(zip(ids, labels, strict=True))


def _incident_column(view: pd.DataFrame, incidents: pd.DataFrame) -> pd.Series:
    """Each claim's incident from a claim-to-incident mapping ('' when none)."""
    mapping = incidents[["claim_id", "incident_id"]]
    if mapping["claim_id"].duplicated().any():
        raise ValueError("incidents maps a claim_id twice; give each claim one row")
    ids = view["claim_id"]
    found = mapping["incident_id"].astype("str").to_numpy(dtype=object, na_value="")
    keys = mapping["claim_id"].astype("str")
    if len(keys) == len(ids) and bool((keys.to_numpy() == ids.to_numpy()).all()):
        values = found
    else:
        at = pd.Index(keys).get_indexer(pd.Index(ids))
        values = np.where(at >= 0, found[np.maximum(at, 0)], "")
    return pd.Series(values, index=view.index, dtype="str")


def prepare_claims(
    claims: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    incidents: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    distance_km: float = DEFAULT_DISTANCE_KM,
) -> PreparedClaims:
    """Prepare claims once for :func:`find_in_prepared` and reconciliation.

    :func:`find_discrepancies` and :func:`osintkit.reconcile` each prepare
    the claims they are given; a caller that runs both on the same claims
    (the weekly brief) prepares them once with this. The parameters are
    those of :func:`find_discrepancies`; without ``incidents`` the claims
    are clustered here, as :func:`osintkit.cluster_incidents` would.

    Returns
    -------
    PreparedClaims
    """
    if incidents is not None and not {"claim_id", "incident_id"} <= set(
        incidents.columns
    ):
        raise MissingColumnsError(
            "incidents must map claims to incidents (columns claim_id and "
            "incident_id), as ok.cluster_incidents(...) returns; the curated "
            "incidents table is not that mapping"
        )
    view = claim_view(claims)
    geo = resolve_places(view, places)
    if incidents is None:
        # the clustering of this very view: same rows, same order
        clustered = cluster_view(
            view, geo, window_days=window_days, distance_km=distance_km
        )
        view["incident_id"] = clustered["incident_id"].set_axis(view.index)
    else:
        view["incident_id"] = _incident_column(view, incidents)
    source_code, source_ids = pd.factorize(view["source_id"])
    table = _source_table(sources, source_ids)
    info = table.reindex(source_ids)
    for column, name in [
        ("source_label", "label"),
        ("source_side", "side"),
        ("source_family", "family"),
    ]:
        view[column] = pd.Series(
            info[name].to_numpy(dtype=object)[source_code], dtype="str"
        )
    view["weight"] = info["weight"].to_numpy(dtype="float64")[source_code]
    view["belligerent"] = info["is_belligerent"].to_numpy(dtype=bool)[source_code]
    low, best, high = (view[c] for c in ("value_low", "value_best", "value_high"))
    view["has_figure"] = (low.notna() | best.notna() | high.notna()).to_numpy()
    # a figure's range: a missing bound comes from the best value; an open
    # bound stays open ("more than 200" is [201, inf), "up to 250" [0, 250])
    view["L"] = low.fillna(best).fillna(high.where(high.isna(), 0.0))
    view["H"] = high.fillna(best).fillna(low.where(low.isna(), np.inf))
    view["asserts"] = view["stance"].fillna("asserts").to_numpy() != "denies"
    view["place_key"] = _place_keys(view)
    return PreparedClaims(
        view=view,
        claims=claims,
        geo=geo,
        place_names=_place_names(places),
        distance_km=distance_km,
    )


def _what(quantity: object, side: object) -> str:
    words = str(quantity).replace("_", " ") if isinstance(quantity, str) else "figure"
    side = side if isinstance(side, str) and side else "unknown"
    return f"{words} ({_SIDE_WORDS.get(side, side)})"


def _figure_phrase(ctx: PreparedClaims, positions: Iterable[int]) -> str:
    """'234 killed (pro-Ukrainian side; stated as "234 killed")'."""
    c = ctx.col
    positions = sorted(set(positions))
    p = positions[0]
    texts = sorted({c["value_text"][q] for q in positions if c["value_text"][q]})
    words = str(c["quantity"][p]).replace("_", " ")
    side = c["subject_side"][p] or "unknown"
    stated = f'; stated as "{texts[0]}"' if len(texts) == 1 else ""
    return f"{ctx.figures(positions)} {words} ({_SIDE_WORDS.get(side, side)}{stated})"


def _group_sides(
    finding: np.ndarray, first: np.ndarray, second: np.ndarray
) -> tuple[list[list[int]], list[list[int]]]:
    """Each finding's claims on side a and side b, sorted and unique.

    ``finding`` holds ids 0..F-1 (one per pair); the result lists, for each
    id in order, the positions of its side-a and side-b claims.
    """
    n = int(finding.max()) + 1 if len(finding) else 0

    def collect(values: np.ndarray) -> list[list[int]]:
        order = np.lexsort((values, finding))
        f, v = finding[order], values[order]
        keep = np.ones(len(f), dtype=bool)
        keep[1:] = (f[1:] != f[:-1]) | (v[1:] != v[:-1])
        f, v = f[keep], v[keep]
        starts = np.searchsorted(f, np.arange(n), side="left")
        ends = np.searchsorted(f, np.arange(n), side="right")
        values_list = v.tolist()
        return [
            values_list[s:e]
            for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
        ]

    return collect(first), collect(second)


def _strings(values: object) -> pa.Array:
    """Arrow strings from a list, an object array or an arrow array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values.cast(pa.string())
    if not isinstance(values, np.ndarray):
        values = list(values)  # type: ignore[call-overload]
    return pa.array(values, type=pa.string(), from_pandas=True)


def _cat(*parts: object) -> pa.Array:
    """Concatenate string arrays (and scalars) element by element."""
    return pc.binary_join_element_wise(*parts, "")


def _joined(offsets: np.ndarray, values: pa.Array, separator: str) -> pa.Array:
    lists = pa.ListArray.from_arrays(pa.array(offsets, type=pa.int32()), values)
    return pc.binary_join(lists, separator)


def _runs(keys: np.ndarray, n: int) -> np.ndarray:
    """Offsets (n + 1) of the runs of sorted ``keys`` taking the values 0..n-1."""
    return np.searchsorted(keys, np.arange(n + 1), side="left").astype("int64")


class _Described(TypedDict):
    """One side of findings 0..n-1, as arrays by finding (see :func:`_describe`)."""

    claim_ids: pa.Array
    claim_list: pa.Array
    source_ids: pa.Array
    n_sources: np.ndarray
    who: pa.Array
    weight: np.ndarray
    first: np.ndarray
    f: np.ndarray
    p: np.ndarray


def _describe(
    ctx: PreparedClaims, finding: np.ndarray, positions: np.ndarray, n: int
) -> _Described:
    """Describe one side of findings 0..n-1 at once, from (finding, position) pairs.

    Returns arrays by finding: ``claim_ids`` (``;``), ``claim_list`` (``, ``),
    ``source_ids`` (sorted, ``;``), ``n_sources``, ``who`` (sources with their
    grades, in claim order, joined as a sentence), ``weight`` (the best
    reliability weight) and ``first`` (the first claim).
    """
    order = np.lexsort((positions, finding))
    f, p = finding[order], positions[order]
    keep = np.ones(len(f), dtype=bool)
    keep[1:] = (f[1:] != f[:-1]) | (p[1:] != p[:-1])
    f, p = f[keep], p[keep]
    offsets = _runs(f, n)
    starts = offsets[:-1]
    ids = _strings(ctx.col["claim_id"][p])
    # sources, sorted and unique
    scode, snames = ctx.sorted_code("source_id")
    width = len(snames) + 1
    sk = np.sort(f * width + scode[p])
    sk = sk[np.concatenate([[True], sk[1:] != sk[:-1]])] if len(sk) else sk
    sf, ss = sk // width, sk % width
    soffsets = _runs(sf, n)
    # labels, unique, in claim order: all but the last joined by commas,
    # then "and" the last
    lcode, lnames = ctx.sorted_code("source_label")
    first_at = np.sort(_first_unique(f * (len(lnames) + 1) + lcode[p]))
    lf, ll = f[first_at], lcode[p][first_at]
    loffsets = _runs(lf, n)
    counts = np.diff(loffsets)
    labels = _strings(lnames[ll])
    is_last = np.zeros(len(ll), dtype=bool)
    is_last[loffsets[1:][counts > 0] - 1] = True
    head_offsets = loffsets - np.concatenate([[0], np.cumsum(counts > 0)])
    head = _joined(head_offsets, labels.filter(pa.array(~is_last)), ", ")
    last = labels.filter(pa.array(is_last))
    who = pc.if_else(pa.array(counts > 1), _cat(head, " and ", last), last)
    weights = ctx.col["weight"][p]
    return {
        "claim_ids": _joined(offsets, ids, ";"),
        "claim_list": _joined(offsets, ids, ", "),
        "source_ids": _joined(soffsets, _strings(snames[ss]), ";"),
        "n_sources": np.diff(soffsets),
        "who": who,
        "weight": np.maximum.reduceat(weights, starts) if len(p) else np.zeros(n),
        "first": p[starts] if len(p) else np.zeros(n, "int64"),
        "f": f,
        "p": p,
    }


def _first_unique(keys: np.ndarray) -> np.ndarray:
    """Index of the first occurrence of each distinct key."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return order[first]


def _incident_ids(
    ctx: PreparedClaims, finding: np.ndarray, positions: np.ndarray, n: int
) -> pa.Array:
    codes, names = ctx.sorted_code("incident_id")
    key = np.sort(finding * (len(names) + 1) + codes[positions])
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if len(key) else key
    f, c = key // (len(names) + 1), key % (len(names) + 1)
    named = names[c] != ""
    f, c = f[named], c[named]
    return _joined(_runs(f, n), _strings(names[c]), ";")


def _notes_for(
    ctx: PreparedClaims, sides_a: _Described, sides_b: _Described, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the curator's notes and a 'not a conflict' flag per finding."""
    text = np.full(n, "", dtype=object)
    negated = np.zeros(n, dtype=bool)
    notes = ctx.col["notes"]
    has = np.zeros(n, dtype=bool)
    for side in (sides_a, sides_b):
        f, p = side["f"], side["p"]
        has[f[notes[p] != None]] = True  # noqa: E711
    if not has.any():
        return text, negated
    members_a = _split(sides_a["f"], sides_a["p"], n)
    members_b = _split(sides_b["f"], sides_b["p"], n)
    for k in np.flatnonzero(has).tolist():
        text[k], negated[k] = ctx.notes(members_a[k], members_b[k])
    return text, negated


def _split(f: np.ndarray, p: np.ndarray, n: int) -> list[list[int]]:
    offsets = _runs(f, n).tolist()
    values = p.tolist()
    return [values[offsets[k] : offsets[k + 1]] for k in range(n)]


def _day_ranges(lo: np.ndarray, hi: np.ndarray) -> pa.Array:
    """Day ranges as text ('no stated date' where lo > hi)."""
    pairs, inverse = np.unique(np.stack([lo, hi], axis=1), axis=0, return_inverse=True)
    texts = [
        _days_text(int(a), int(b)) if a <= b else "no stated date"
        for a, b in pairs.tolist()
    ]
    return _strings(np.asarray(texts, dtype=object)[inverse.ravel()])


# ---------------------------------------------------------------------------
# outcome: control vs repelled vs fighting vs retreat
# ---------------------------------------------------------------------------


def _same_incident_pairs(view: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """Pairs in the same incident where at least one claim is undated."""
    chosen = view.loc[mask, ["incident_id", "dated"]]
    chosen = chosen[chosen["incident_id"] != ""]
    undated = chosen[~chosen["dated"]]
    if undated.empty:
        return pd.DataFrame({"a": [], "b": []}, dtype="int64")
    left = undated.rename_axis("a").reset_index()[["a", "incident_id"]]
    right = chosen.rename_axis("b").reset_index()[["b", "incident_id"]]
    pairs = left.merge(right, on="incident_id", validate="m:m")
    lo = np.minimum(pairs["a"].to_numpy(), pairs["b"].to_numpy())
    hi = np.maximum(pairs["a"].to_numpy(), pairs["b"].to_numpy())
    out = pd.DataFrame({"a": lo, "b": hi})
    return out[out["a"] != out["b"]].drop_duplicates().reset_index(drop=True)


def _with_reported_dates(view: pd.DataFrame) -> pd.DataFrame:
    """Date undated claims by the day they were reported (present-tense states)."""
    reported = view["reported_date"].to_numpy(dtype="datetime64[D]")
    use = ~view["dated"].to_numpy() & ~np.isnat(reported)
    if not use.any():
        return view
    day = np.where(use, reported.view("int64"), 0)
    return view.assign(
        dated=view["dated"].to_numpy() | use,
        lo=np.where(use, day, view["lo"].to_numpy()),
        hi=np.where(use, day, view["hi"].to_numpy()),
    )


def _outcome_findings(ctx: PreparedClaims, rows: _Rows) -> None:
    """Outcome conflicts for the same place and days.

    Candidates are outcome claims (:data:`OUTCOME_TYPES`) whose places
    match (the same settlement, settlements within the distance, the same
    oblast, or an oblast and a settlement inside it) and whose event dates
    overlap, in any incidents. These claims describe a state at the time
    they are made, so a claim without an event date is dated by the day it
    was reported; one with neither pairs only within its own incident. A
    pair conflicts when its types are in :data:`OUTCOME_CONFLICTS`, when
    sources of opposing camps both claim control, or when one asserts what
    the other denies. Conflicting pairs with the same two types and the
    same (more specific) place form one finding per connected group of
    claims, so reports of different days at one place stay apart.
    """
    v = ctx.view
    mask = v["claim_type"].isin(OUTCOME_TYPES).to_numpy()
    if mask.sum() < 2:
        return
    dated_view = _with_reported_dates(v)
    dated = spatial_pairs(
        dated_view,
        ctx.geo,
        mask,
        window_days=0,
        distance_km=ctx.distance_km,
        all_rows=True,
    )[["a", "b"]]
    undated = _same_incident_pairs(dated_view, mask)
    if len(undated):
        rule = pair_place_rule(
            ctx.geo, undated["a"].to_numpy(), undated["b"].to_numpy(), ctx.distance_km
        )
        undated = undated[rule != ""]
    pairs = pd.concat([dated, undated], ignore_index=True).drop_duplicates()
    if pairs.empty:
        return
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    order = {t: k for k, t in enumerate(OUTCOME_TYPES)}
    kind = v["claim_type"].map(order).fillna(-1).to_numpy(dtype="int64")
    camp_code = {"ukraine": 1, "pro_ukraine": 1, "russia": 2, "pro_russia": 2}
    camp = v["source_side"].map(camp_code).fillna(0).to_numpy(dtype="int64")
    asserts = ctx.col["asserts"].astype(bool)
    ta, tb, ca, cb = kind[a], kind[b], camp[a], camp[b]
    both = asserts[a] & asserts[b]
    weights = np.zeros((len(OUTCOME_TYPES), len(OUTCOME_TYPES)))
    for (x, y), (w, _) in OUTCOME_CONFLICTS.items():
        weights[order[x], order[y]] = w
    low_t, high_t = np.minimum(ta, tb), np.maximum(ta, tb)
    stance = (asserts[a] != asserts[b]) & (ta == tb)
    control = both & (ta == 0) & (tb == 0) & (ca > 0) & (cb > 0) & (ca != cb)
    table = both & (ta != tb) & (weights[low_t, high_t] > 0)
    keep = stance | control | table
    if not keep.any():
        return
    a, b, ta, tb, ca = a[keep], b[keep], ta[keep], tb[keep], ca[keep]
    stance, control = stance[keep], control[keep]
    low_t, high_t = low_t[keep], high_t[keep]
    a_first = np.where(stance, asserts[a], np.where(control, ca == 1, ta <= tb))
    first, second = np.where(a_first, a, b), np.where(a_first, b, a)
    # labels: 0-4 a type; 10+t asserted, 20+t denied; 30/31 control by camp
    label_a = np.where(stance, 10 + ta, np.where(control, 30, low_t))
    label_b = np.where(stance, 20 + ta, np.where(control, 31, high_t))
    weight = np.where(stance | control, 1.0, weights[low_t, high_t])
    keys = ctx.col["place_key"]
    key_code, key_names = pd.factorize(pd.Series(keys, dtype=object), sort=True)
    point = ctx.geo.is_point
    f_code, s_code = key_code[first], key_code[second]
    has_f, has_s = keys[first] != "", keys[second] != ""
    focal = np.where(
        point[first] != point[second],
        np.where(point[first], first, second),
        np.where(has_f & (~has_s | (f_code <= s_code)), first, second),
    )
    frame = pd.DataFrame({"la": label_a, "lb": label_b, "focal": key_code[focal]})
    group = frame.groupby(["la", "lb", "focal"], sort=True).ngroup().to_numpy()
    n = len(v)
    nodes, node_ids = pd.factorize(
        np.concatenate([group * n + first, group * n + second])
    )
    component = connected_components(
        len(node_ids), nodes[: len(first)], nodes[len(first) :]
    )
    finding = pd.factorize(
        group * (len(node_ids) + 1) + component[nodes[: len(first)]]
    )[0]
    n_findings = int(finding.max()) + 1
    meta_la = np.zeros(n_findings, dtype="int64")
    meta_lb = np.zeros(n_findings, dtype="int64")
    meta_w = np.zeros(n_findings)
    meta_focal = np.zeros(n_findings, dtype="int64")
    meta_la[finding], meta_lb[finding] = label_a, label_b
    meta_w[finding], meta_focal[finding] = weight, key_code[focal]
    a_side = _describe(ctx, finding, first, n_findings)
    b_side = _describe(ctx, finding, second, n_findings)
    notes, negated = _notes_for(ctx, a_side, b_side, n_findings)
    # the days of every dated claim of the finding
    dated = ctx.col["dated"]
    lo_all, hi_all = ctx.col["lo"], ctx.col["hi"]
    both_f = np.concatenate([finding, finding])
    both_p = np.concatenate([first, second])
    big = np.iinfo("int64").max
    lo = np.full(n_findings, big)
    hi = np.full(n_findings, -big)
    np.minimum.at(lo, both_f, np.where(dated[both_p], lo_all[both_p], big))
    np.maximum.at(hi, both_f, np.where(dated[both_p], hi_all[both_p], -big))
    when = _day_ranges(lo, hi)
    focal_names = np.array([ctx.place(str(k)) for k in key_names], dtype=object)
    labels = sorted(set(meta_la.tolist()) | set(meta_lb.tolist()))
    texts = {code: _outcome_label(code) for code in labels}

    def phrase(codes: np.ndarray, n_sources: np.ndarray) -> pa.Array:
        table = {
            (code, plural): _outcome_text(texts[code], 2 if plural else 1)
            for code in labels
            for plural in (False, True)
        }
        return _strings(
            [
                table[(c, s > 1)]
                for c, s in zip(codes.tolist(), n_sources.tolist(), strict=True)
            ]
        )

    explanation = _cat(
        "For ",
        _strings(focal_names[meta_focal]),
        " (",
        when,
        "), ",
        a_side["who"],
        " ",
        phrase(meta_la, a_side["n_sources"]),
        " (",
        a_side["claim_list"],
        "), while ",
        b_side["who"],
        " ",
        phrase(meta_lb, b_side["n_sources"]),
        " (",
        b_side["claim_list"],
        "); these cannot all be true of the same place and days.",
        _strings(notes),
    )
    factor = meta_w * np.where(negated, 0.5, 1.0)
    rows.extend_sides(
        "outcome",
        "claim_type",
        a_side,
        b_side,
        _incident_ids(ctx, both_f, both_p, n_findings),
        np.array([texts[c] for c in meta_la.tolist()], dtype=object),
        np.array([texts[c] for c in meta_lb.tolist()], dtype=object),
        factor,
        explanation,
    )


def _outcome_label(code: int) -> str:
    if code >= 30:
        return "territorial_control for " + ("ukraine" if code == 30 else "russia")
    if code >= 20:
        return f"{OUTCOME_TYPES[code - 20]} denied"
    if code >= 10:
        return f"{OUTCOME_TYPES[code - 10]} asserted"
    return OUTCOME_TYPES[code]


_OUTCOME_WORDS = {
    "territorial_control": ("makes a control claim", "make control claims"),
    "advance": ("reports an advance", "report an advance"),
    "retreat": ("reports a retreat", "report a retreat"),
    "attack_repelled": ("says the attack was repelled", "say the attack was repelled"),
    "fighting_ongoing": (
        "reports fighting still going on",
        "report fighting still going on",
    ),
}


def _outcome_text(label: str, n: int) -> str:
    claim_type, _, rest = label.partition(" ")
    words = claim_type.replace("_", " ")
    if rest == "asserted":
        return f"{_verb(n, 'asserts', 'assert')} {words}"
    if rest == "denied":
        return f"{_verb(n, 'denies', 'deny')} {words}"
    if rest.startswith("for "):
        camp = "Ukrainian" if rest.endswith("ukraine") else "Russian"
        return f"{_verb(n, 'claims', 'claim')} control for the {camp} side"
    singular, plural = _OUTCOME_WORDS.get(claim_type, (words, words))
    return _verb(n, singular, plural)


# ---------------------------------------------------------------------------
# numeric: non-overlapping figures
# ---------------------------------------------------------------------------


def _figure_claims(ctx: PreparedClaims) -> pd.DataFrame:
    v = ctx.view
    mask = (
        v["has_figure"].to_numpy()
        & v["asserts"].to_numpy()
        & (v["incident_id"] != "").to_numpy()
        & v["quantity"].notna().to_numpy()
    )
    pos = np.flatnonzero(mask)
    return pd.DataFrame(
        {
            "incident": ctx.code("incident_id")[pos],
            "quantity": ctx.code("quantity")[pos],
            "side": ctx.code("subject_side")[pos],
            "family": ctx.code("source_family")[pos],
            "place": ctx.code("place_key")[pos],
            "L": ctx.col["L"][pos],
            "H": ctx.col["H"][pos],
            "dated": ctx.col["dated"][pos],
            "lo": ctx.col["lo"][pos],
            "hi": ctx.col["hi"][pos],
            "pos": pos,
        }
    )


def _numeric_findings(ctx: PreparedClaims, rows: _Rows) -> None:
    """Figures for the same incident, quantity and side whose ranges do not overlap.

    Each claim's range is [low, high], with a missing bound taken from the
    best value (``about 2,500`` is the point 2500: no band is invented) and
    an open bound left open (``more than 200`` is [201, inf)). Two claims
    are compared only when their places match (or one names none) and their
    event dates overlap (or one is undated): four attacks on Belgorod Oblast
    and one on Kursk Oblast do not contradict each other. Claims with the
    same figure, places and dates are compared once, as a group; one finding
    per pair of figures lists every claim on each side.
    """
    sel = _figure_claims(ctx)
    if len(sel) < 2:
        return
    block = ["incident", "quantity", "side"]
    detail = ["L", "H", "place", "dated", "lo", "hi"]
    sizes = sel.groupby(block, sort=False)["pos"].transform("size")
    sel = sel[sizes.to_numpy() > 1]
    if sel.empty:
        return
    sel = sel.assign(gid=sel.groupby([*block, *detail], sort=False).ngroup())
    groups = sel.groupby("gid", sort=True).agg(
        **{c: (c, "first") for c in [*block, *detail]}, rep=("pos", "min")
    )
    groups = groups.reset_index()
    pairs = groups.merge(groups, on=block, suffixes=("_a", "_b"), validate="m:m")
    pairs = pairs[(pairs["H_a"] < pairs["L_b"]).to_numpy()]
    dates_ok = (
        ~pairs["dated_a"]
        | ~pairs["dated_b"]
        | ((pairs["lo_b"] <= pairs["hi_a"]) & (pairs["lo_a"] <= pairs["hi_b"]))
    )
    pairs = pairs[dates_ok.to_numpy()]
    if pairs.empty:
        return
    rule = pair_place_rule(
        ctx.geo, pairs["rep_a"].to_numpy(), pairs["rep_b"].to_numpy(), ctx.distance_km
    )
    pairs = pairs[rule != ""]
    if pairs.empty:
        return
    # every claim of each group on each side: expand groups to claims
    members = sel[sel["gid"].isin(np.union1d(pairs["gid_a"], pairs["gid_b"]))]
    finding = (
        pairs.groupby([*block, "L_a", "H_a", "L_b", "H_b"], sort=False)
        .ngroup()
        .to_numpy()
    )
    side_a = (
        pairs[["gid_a"]]
        .assign(f=finding)
        .merge(members[["gid", "pos"]], left_on="gid_a", right_on="gid", validate="m:m")
    )
    side_b = (
        pairs[["gid_b"]]
        .assign(f=finding)
        .merge(members[["gid", "pos"]], left_on="gid_b", right_on="gid", validate="m:m")
    )
    f = np.concatenate([side_a["f"], side_b["f"]])
    pos = np.concatenate([side_a["pos"], side_b["pos"]])
    is_b = np.concatenate([np.zeros(len(side_a), bool), np.ones(len(side_b), bool)])
    sides_a, _ = _group_sides(f[~is_b], pos[~is_b], pos[~is_b])
    sides_b, _ = _group_sides(f[is_b], pos[is_b], pos[is_b])
    low, high = ctx.col["L"], ctx.col["H"]
    quantity, subject = ctx.col["quantity"], ctx.col["subject_side"]
    for positions_a, positions_b in zip(sides_a, sides_b, strict=True):
        sa, sb = ctx.side(positions_a), ctx.side(positions_b)
        p = positions_a[0]
        high_a, low_b = float(high[p]), float(low[positions_b[0]])
        gap = (low_b - high_a) / low_b if low_b > 0 else 1.0
        notes, negated = ctx.notes(sa.positions, sb.positions)
        everyone = ctx.side(positions_a + positions_b)
        if ctx.n_families(everyone.positions) == 1:
            explanation = (
                f"{everyone.who} {_verb(everyone.n_sources, 'gives', 'give')} "
                f"figures that do not overlap: {_figure_phrase(ctx, positions_a)} "
                f"({sa.claim_list}) and {_figure_phrase(ctx, positions_b)} "
                f"({sb.claim_list}).{notes}"
            )
        else:
            explanation = (
                f"{sa.who} {_verb(sa.n_sources, 'gives', 'give')} "
                f"{_figure_phrase(ctx, positions_a)} ({sa.claim_list}), while "
                f"{sb.who} {_verb(sb.n_sources, 'gives', 'give')} "
                f"{_figure_phrase(ctx, positions_b)} ({sb.claim_list}); the "
                f"figures do not overlap.{notes}"
            )
        factor = 0.5 + 0.5 * min(max(gap, 0.0), 1.0)
        rows.add(
            "numeric",
            f"{quantity[p]} ({subject[p] or 'unknown'})",
            sa,
            sb,
            ctx.figures(positions_a),
            ctx.figures(positions_b),
            factor * (0.5 if negated else 1.0),
            explanation,
        )


# ---------------------------------------------------------------------------
# escalation / revision
# ---------------------------------------------------------------------------


def _series_findings(ctx: PreparedClaims, rows: _Rows, kinds: set[str]) -> None:
    """One source's figure changing over time, as a series.

    Claims of one incident by one source family (a source with its
    spokespeople: Shoigu speaks for the defence ministry), about one subject
    side and place and one quantity series (killed, irrecoverable losses and
    killed-or-wounded form one series) are ordered by the day they were
    reported (else their event date; then claim id). A figure whose range
    lies wholly above or below the previous one reported on an earlier day
    is a change; a series with a change is a finding: ``escalation`` when
    every change is a rise, else ``revision``. Claims with no date at all
    cannot be placed in the series and are listed after it. Figures that
    differ on the same day are ``numeric`` findings, not changes over time.
    """
    sel = _figure_claims(ctx)
    if len(sel) < 2:
        return
    pos = sel["pos"].to_numpy()
    quantity = ctx.view["quantity"]
    series_names = quantity.map(QUANTITY_SERIES).fillna(quantity)
    sel["series"] = pd.factorize(series_names)[0][pos]
    reported = ctx.col["reported_date"][pos]
    event = ctx.col["event_date_end"][pos]
    event = np.where(np.isnat(event), ctx.col["event_date_start"][pos], event)
    when = np.where(np.isnat(reported), event, reported).astype("datetime64[D]")
    never = np.iinfo("int64").max
    sel["when"] = np.where(np.isnat(when), never, when.view("int64"))
    keys = ["incident", "family", "series", "side", "place"]
    sized = sel.groupby(keys, sort=False)["pos"].transform("size")
    sel = sel[sized.to_numpy() > 1]
    if sel.empty:
        return
    sel = sel.sort_values([*keys, "when", "pos"], kind="mergesort")
    gid = sel.groupby(keys, sort=False).ngroup().to_numpy()
    cuts = np.flatnonzero(np.diff(gid)) + 1
    series_of = series_names.to_numpy(dtype=object, na_value="")
    subject = ctx.col["subject_side"]
    for chunk in np.split(np.arange(len(sel)), cuts):
        group = sel.iloc[chunk]
        timed = group[group["when"].to_numpy() != never]
        untimed = group[group["when"].to_numpy() == never]
        if len(timed) < 2:
            continue
        lows, highs = timed["L"].to_numpy(), timed["H"].to_numpy()
        days = timed["when"].to_numpy()
        ups = downs = 0
        last_change = 0
        for k in range(1, len(timed)):
            earlier = np.flatnonzero(days[:k] < days[k])
            if not len(earlier):
                continue
            previous = earlier[-1]
            if lows[k] > highs[previous]:
                ups, last_change = ups + 1, k
            elif highs[k] < lows[previous]:
                downs, last_change = downs + 1, k
        if not ups and not downs:
            continue
        kind = "escalation" if ups and not downs else "revision"
        if kind not in kinds:
            continue
        positions = [int(p) for p in timed["pos"]]
        undated_positions = [int(p) for p in untimed["pos"]]
        later = positions[last_change:]
        earlier_side = positions[:last_change] + undated_positions
        series = series_of[positions[0]]
        side = subject[positions[0]] or ""
        losses = series == "losses"
        ids = ctx.lst("claim_id")
        steps = [
            f"{_point_text(ctx, p, with_quantity=losses)} ({ids[p]}, "
            f"{_when_text(ctx, p)})"
            for p in positions
        ]
        undated = [
            f"{_point_text(ctx, p, with_quantity=losses)} ({ids[p]})"
            for p in undated_positions
        ]
        verb = "raised" if kind == "escalation" else "changed"
        notes, negated = ctx.notes(earlier_side, later)
        explanation = (
            f"{ctx.who(positions + undated_positions)} {verb} the figure for "
            f"{_what(series, side)} over time: "
            + " -> ".join(steps)
            + (f"; undated: {', '.join(undated)}" if undated else "")
            + "."
            + notes
        )
        finite = np.concatenate([lows, highs])
        finite = finite[np.isfinite(finite)]
        top = float(finite.max()) if len(finite) else 0.0
        change = (top - float(finite.min())) / top if top > 0 else 1.0
        rows.add(
            kind,
            f"{series} ({side or 'unknown'})",
            ctx.side(earlier_side),
            ctx.side(later),
            ctx.figure(positions[0]),
            ctx.figure(positions[-1]),
            (0.4 + 0.6 * min(max(change, 0.0), 1.0)) * (0.5 if negated else 1.0),
            explanation,
        )


def _point_text(ctx: PreparedClaims, p: int, *, with_quantity: bool) -> str:
    c = ctx.col
    figure = c["value_text"][p] or ctx.figure(p)
    words = str(c["quantity"][p]).replace("_", " ")
    if with_quantity and words not in figure:
        return f"{figure} ({words})"
    return str(figure)


def _when_text(ctx: PreparedClaims, p: int) -> str:
    c = ctx.col
    reported = c["reported_date"][p]
    if np.isnat(reported):
        said = "day said unknown"
    else:
        said = "said " + _day(int(reported.astype("int64")))
    if c["dated"][p]:
        return f"{said}, for {_days_text(int(c['lo'][p]), int(c['hi'][p]))}"
    return said


def _revises_findings(ctx: PreparedClaims, rows: _Rows) -> None:
    """Claims that name, in ``revises_claim_id``, an earlier claim they revise.

    One finding per revised claim, listing every claim that revises it and
    changes its claim type, stance or figure.
    """
    revises = ctx.lst("revises_claim_id")
    pairs = [(ctx.index.get(old), new) for new, old in enumerate(revises) if old]
    by_old: dict[int, list[int]] = {}
    for old, new in pairs:
        if old is not None and old != new:
            by_old.setdefault(old, []).append(new)
    summary = ctx.col["summary"]
    for old_pos, news in sorted(by_old.items()):
        changed = [
            p for p in news if _claim_value(ctx, p) != _claim_value(ctx, old_pos)
        ]
        if not changed:
            continue
        sa, sb = ctx.side([old_pos]), ctx.side(changed)
        said = "; ".join(f'{ctx.ids[p]}: "{summary[p]}"' for p in sb.positions)
        explanation = (
            f"{sa.who} revised its claim {ctx.ids[old_pos]} "
            f'("{summary[old_pos]}") in {sb.claim_list} ({said}).'
        )
        rows.add(
            "revision",
            "revises_claim_id",
            sa,
            sb,
            _claim_value(ctx, old_pos),
            _and(sorted({_claim_value(ctx, p) for p in changed})),
            0.6,
            explanation,
        )


def _claim_value(ctx: PreparedClaims, p: int) -> str:
    c = ctx.col
    value = str(c["claim_type"][p])
    if not c["asserts"][p]:
        value += " (denied)"
    figure = ctx.figure(p)
    return f"{value} {figure}" if figure else value


# ---------------------------------------------------------------------------
# attribution
# ---------------------------------------------------------------------------


def _cited_pairs(ctx: PreparedClaims, mask: np.ndarray) -> dict[tuple[int, int], str]:
    """Pairs where one claim's notes cite the other in a sentence of conflict."""
    cited: dict[tuple[int, int], str] = {}
    notes = ctx.lst("notes")
    incident = ctx.lst("incident_id")
    for p in np.flatnonzero(mask).tolist():
        if not notes[p]:
            continue
        for sentence in _SENTENCE.split(str(notes[p])):
            if not _CUE.search(sentence):
                continue
            for token in _TOKEN.findall(sentence):
                q = ctx.index.get(token.rstrip(".:-"))
                if q is None or q == p or not mask[q] or incident[q] != incident[p]:
                    continue
                cited.setdefault((min(p, q), max(p, q)), sentence.strip())
    return cited


def _attribution_findings(ctx: PreparedClaims, rows: _Rows) -> None:
    """Conflicting statements of who did it or who the attackers are.

    The claims table has no field for *what* an attribution says, only that
    a claim is one (``claim_type`` ``attribution``), its ``stance``, the
    actors it names and the curator's ``notes``. So two attribution claims
    of the same incident conflict when (a) one asserts what the other
    denies, or (b) the curator's notes on one cite the other in a sentence
    that marks a conflict ("contrast", "sits uneasily", "discrepancy",
    "contradicts", "at odds", ...). Each finding quotes the summaries so the
    reader can judge. A conflict that neither the stance nor the notes
    record is not found; wording alone is not read.
    """
    v = ctx.view
    mask = (v["claim_type"] == "attribution").to_numpy() & (
        v["incident_id"] != ""
    ).to_numpy()
    if mask.sum() < 2:
        return
    reasons: dict[tuple[int, int], str] = {}
    pos = np.flatnonzero(mask)
    sel = pd.DataFrame(
        {
            "p": pos,
            "incident": ctx.code("incident_id")[pos],
            "asserts": ctx.col["asserts"][pos],
        }
    )
    pairs = sel.merge(sel, on="incident", suffixes=("_a", "_b"), validate="m:m")
    pairs = pairs[
        (pairs["p_a"] < pairs["p_b"]) & (pairs["asserts_a"] != pairs["asserts_b"])
    ]
    for a, b in zip(pairs["p_a"].tolist(), pairs["p_b"].tolist(), strict=True):
        reasons[(a, b)] = "one asserts what the other denies"
    for key, sentence in _cited_pairs(ctx, mask).items():
        reasons.setdefault(key, f'the curator\'s notes on it say: "{sentence}"')
    if not reasons:
        return
    degree: dict[int, int] = {}
    for a, b in reasons:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    hubs: dict[int, list[tuple[int, str]]] = {}
    for (a, b), reason in sorted(reasons.items()):
        hub, other = (a, b) if (-degree[a], a) <= (-degree[b], b) else (b, a)
        hubs.setdefault(hub, []).append((other, reason))
    summary = ctx.col["summary"]
    for hub, others in sorted(hubs.items()):
        sa, sb = ctx.side([hub]), ctx.side([o for o, _ in others])
        said_b = "; ".join(f'{ctx.ids[o]}: "{summary[o]}"' for o in sb.positions)
        why = _and(sorted({r for _, r in others}))
        one_source = ctx.n_families([hub, *sb.positions]) == 1
        scope = "the same source" if one_source else sb.who
        explanation = (
            f'In {ctx.ids[hub]}, {sa.who}: "{summary[hub]}" But {scope} said '
            f"otherwise ({said_b}); {why}"
        )
        if not explanation.endswith((".", '."')):
            explanation += "."
        stance_conflict = any(r.startswith("one asserts") for _, r in others)
        rows.add(
            "attribution",
            "summary",
            sa,
            sb,
            str(summary[hub]),
            " | ".join(str(summary[o]) for o in sb.positions),
            1.0 if stance_conflict else 0.8,
            explanation,
        )


# ---------------------------------------------------------------------------
# date and place
# ---------------------------------------------------------------------------


def _event_keys(ctx: PreparedClaims) -> np.ndarray:
    if "event_keys" not in ctx._cache:
        v = ctx.view
        keys = (
            v["claim_type"].fillna("")
            + "|"
            + v["quantity"].fillna("")
            + "|"
            + v["subject_side"].fillna("")
        )
        ctx._cache["event_keys"] = pd.factorize(keys)[0].astype("int64")
    return ctx._cache["event_keys"]  # type: ignore[return-value]


def _figures_match(ctx: PreparedClaims, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    c = ctx.col
    has_a, has_b = c["has_figure"][a], c["has_figure"][b]
    low, high = c["L"], c["H"]
    overlap = (low[a] <= high[b]) & (low[b] <= high[a])
    return np.where(has_a & has_b, overlap, ~has_a & ~has_b)


def _event_phrase(ctx: PreparedClaims, positions: Sequence[int]) -> str:
    p = positions[0]
    if ctx.col["has_figure"][p]:
        return _figure_phrase(ctx, positions)
    return "a " + str(ctx.col["claim_type"][p]).replace("_", " ")


def _date_findings(ctx: PreparedClaims, rows: _Rows, gap_days: int) -> None:
    """Find one event reported on days a little apart by different sources.

    Event claims (:data:`EVENT_TYPES`) with the same type, quantity and side
    and an overlapping figure (or both without one), at matching places, by
    different source families, whose event dates do not overlap but are at
    most ``gap_days`` apart, in any incidents. Either these are one event
    whose dates disagree, or different events that must not be counted as
    one.
    """
    v = ctx.view
    mask = v["claim_type"].isin(EVENT_TYPES).to_numpy() & ctx.col["asserts"].astype(
        bool
    )
    if mask.sum() < 2 or gap_days < 1:
        return
    event_keys = _event_keys(ctx)
    pairs = spatial_pairs(
        v,
        ctx.geo,
        mask,
        window_days=gap_days,
        distance_km=ctx.distance_km,
        group=event_keys,
        all_rows=True,
    )
    if pairs.empty:
        return
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    lo, hi = ctx.col["lo"], ctx.col["hi"]
    apart = (lo[b] > hi[a]) | (lo[a] > hi[b])
    family = ctx.code("source_family")
    keep = apart & (family[a] != family[b]) & _figures_match(ctx, a, b)
    a, b = a[keep], b[keep]
    if not len(a):
        return
    a_first = lo[a] <= lo[b]
    first, second = np.where(a_first, a, b), np.where(a_first, b, a)
    incident = ctx.code("incident_id")
    frame = pd.DataFrame(
        {
            "key": event_keys[first],
            "inc_a": incident[first],
            "inc_b": incident[second],
            "lo_a": lo[first],
            "hi_a": hi[first],
            "lo_b": lo[second],
            "hi_b": hi[second],
        }
    )
    finding = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    n = int(finding.max()) + 1
    a_side = _describe(ctx, finding, first, n)
    b_side = _describe(ctx, finding, second, n)
    notes, negated = _notes_for(ctx, a_side, b_side, n)
    p, q = a_side["first"], b_side["first"]
    days_a, days_b = _day_ranges(lo[p], hi[p]), _day_ranges(lo[q], hi[q])
    explanation = _cat(
        a_side["who"],
        " ",
        _strings(np.where(a_side["n_sources"] > 1, "report", "reports")),
        " ",
        _side_phrases(ctx, a_side, n),
        " in ",
        _side_places(ctx, a_side, n),
        " on ",
        days_a,
        " (",
        a_side["claim_list"],
        "); ",
        b_side["who"],
        " ",
        _strings(np.where(b_side["n_sources"] > 1, "report", "reports")),
        " the same in ",
        _side_places(ctx, b_side, n),
        " on ",
        days_b,
        " (",
        b_side["claim_list"],
        "). Either the dates of one event disagree, or these are different "
        "events that must not be counted as one.",
        _strings(notes),
    )
    gap = lo[q] - hi[p]
    factor = np.maximum(0.3, 0.8 - 0.2 * (gap - 1)) * np.where(negated, 0.5, 1.0)
    rows.extend_sides(
        "date",
        "event_date",
        a_side,
        b_side,
        _incident_ids(
            ctx,
            np.concatenate([finding, finding]),
            np.concatenate([first, second]),
            n,
        ),
        np.asarray(days_a.to_numpy(zero_copy_only=False), dtype=object),
        np.asarray(days_b.to_numpy(zero_copy_only=False), dtype=object),
        factor,
        explanation,
    )


def _side_phrases(ctx: PreparedClaims, side: _Described, n: int) -> pa.Array:
    """Say what each finding's side reports ('2 killed (civilians)', 'a strike')."""
    f, p = side["f"], side["p"]
    cache: dict[int, str] = {}
    phrases = np.array(
        [cache.setdefault(x, _event_phrase(ctx, [x])) for x in p.tolist()],
        dtype=object,
    )
    codes = pd.factorize(phrases)[0]
    offsets = _runs(f, n)
    starts = offsets[:-1]
    uniform = np.minimum.reduceat(codes, starts) == np.maximum.reduceat(codes, starts)
    out = phrases[starts].copy()
    members = None
    for k in np.flatnonzero(~uniform).tolist():
        members = members or _split(f, p, n)
        out[k] = _event_phrase(ctx, members[k])
    return _strings(out)


def _side_places(ctx: PreparedClaims, side: _Described, n: int) -> pa.Array:
    """Name the places of each finding's side, joined by 'and'."""
    f, p = side["f"], side["p"]
    codes, keys = ctx.sorted_code("place_key")
    width = len(keys) + 1
    key = np.sort(f * width + codes[p])
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if len(key) else key
    kf, kc = key // width, key % width
    names = np.array([ctx.place(str(k)) for k in keys], dtype=object)
    return _joined(_runs(kf, n), _strings(names[kc]), " and ")


def _place_findings(ctx: PreparedClaims, rows: _Rows) -> None:
    """Find one event at places apart in an incident, and oblasts vs gazetteer.

    Within one incident: event claims (:data:`EVENT_TYPES`) with the same
    type, quantity and side and an overlapping figure (or none), by
    different source families, with overlapping (or unknown) dates, whose
    places do not match (not the same, not near, neither inside the other).
    And each claim whose ``admin1_codes`` leave out the gazetteer's oblast
    of one of its ``place_ids``, or list an oblast none of them lies in.
    """
    v = ctx.view
    mask = (
        v["claim_type"].isin(EVENT_TYPES).to_numpy()
        & ctx.col["asserts"].astype(bool)
        & (v["incident_id"] != "").to_numpy()
        & ctx.geo.has_place
    )
    if mask.sum() >= 2:
        pos = np.flatnonzero(mask)
        sel = pd.DataFrame(
            {
                "incident": ctx.code("incident_id")[pos],
                "event": _event_keys(ctx)[pos],
                "place": ctx.code("place_key")[pos],
                "pos": pos,
            }
        )
        distinct = sel.groupby(["incident", "event"], sort=False)["place"].transform(
            "nunique"
        )
        sel = sel[distinct.to_numpy() > 1]
        sel = sel.assign(
            gid=sel.groupby(["incident", "event", "place"], sort=False).ngroup()
        )
        reps = (
            sel.groupby("gid", sort=True)
            .agg(
                incident=("incident", "first"),
                event=("event", "first"),
                place=("place", "first"),
                rep=("pos", "min"),
            )
            .reset_index()
        )
        pairs = reps.merge(
            reps, on=["incident", "event"], suffixes=("_a", "_b"), validate="m:m"
        )
        keys = ctx.col["place_key"]
        pairs = pairs[
            (keys[pairs["rep_a"].to_numpy()] < keys[pairs["rep_b"].to_numpy()])
        ]
        if len(pairs):
            rule = pair_place_rule(
                ctx.geo,
                pairs["rep_a"].to_numpy(),
                pairs["rep_b"].to_numpy(),
                ctx.distance_km,
            )
            pairs = pairs[rule == ""]
        members: dict[int, list[int]] = {}
        chosen = sel[sel["gid"].isin(np.union1d(pairs["gid_a"], pairs["gid_b"]))]
        for g, p in zip(chosen["gid"].tolist(), chosen["pos"].tolist(), strict=True):
            members.setdefault(g, []).append(p)
        family = ctx.lst("source_family")
        lo, hi, dated = ctx.lst("lo"), ctx.lst("hi"), ctx.lst("dated")
        for gid_a, gid_b in zip(
            pairs["gid_a"].tolist(), pairs["gid_b"].tolist(), strict=True
        ):
            claims_a: set[int] = set()
            claims_b: set[int] = set()
            for x in members[gid_a]:
                for y in members[gid_b]:
                    if family[x] == family[y]:
                        continue
                    if dated[x] and dated[y] and (lo[y] > hi[x] or lo[x] > hi[y]):
                        continue
                    if not _figures_match(ctx, np.array([x]), np.array([y]))[0]:
                        continue
                    claims_a.add(x)
                    claims_b.add(y)
            if not claims_a:
                continue
            sa, sb = ctx.side(claims_a), ctx.side(claims_b)
            notes, negated = ctx.notes(sa.positions, sb.positions)
            explanation = (
                f"{sa.who} {_verb(sa.n_sources, 'places', 'place')} "
                f"{_event_phrase(ctx, sa.positions)} in {ctx.places(sa.positions)} "
                f"({sa.claim_list}), while {sb.who} "
                f"{_verb(sb.n_sources, 'places', 'place')} it in "
                f"{ctx.places(sb.positions)} ({sb.claim_list}).{notes}"
            )
            rows.add(
                "place",
                "place_ids",
                sa,
                sb,
                str(keys[sa.positions[0]]),
                str(keys[sb.positions[0]]),
                0.8 * (0.5 if negated else 1.0),
                explanation,
            )
    _gazetteer_findings(ctx, rows)


def _gazetteer_findings(ctx: PreparedClaims, rows: _Rows) -> None:
    gaz = ctx.geo.gazetteer_admin1
    if gaz.empty:
        return
    n = len(ctx.view)
    geo_rows = ctx.geo.rows
    place_admin = (
        pd.Series(ctx.geo.names)
        .map(gaz)
        # pandas-stubs reject na_value=None (pandas takes any scalar)
        .to_numpy(dtype=object, na_value=None)  # type: ignore[call-overload]
    )
    row = geo_rows["row"].to_numpy()
    expected_admin = place_admin[geo_rows["code"].to_numpy()]
    unknown = np.bincount(row[pd.isna(expected_admin)], minlength=n) > 0
    listed_row, listed_id = explode_ids(ctx.view["admin1_codes"])
    candidates = (
        ctx.geo.has_place & ~unknown & (np.bincount(listed_row, minlength=n) > 0)
    )
    if not candidates.any():
        return
    # compare the two sets of oblasts per claim as integer codes
    keep = candidates[row]
    vocabulary = pd.Index(pd.unique(np.concatenate([expected_admin[keep], listed_id])))
    width = len(vocabulary) + 1
    expected = pd.unique(
        row[keep] * width + vocabulary.get_indexer(expected_admin[keep])
    )
    keep_listed = candidates[listed_row]
    listed = pd.unique(
        listed_row[keep_listed] * width + vocabulary.get_indexer(listed_id[keep_listed])
    )
    common = expected[is_member(expected, listed)]
    n_expected = np.bincount(expected // width, minlength=n)
    n_listed = np.bincount(listed // width, minlength=n)
    n_common = np.bincount(common // width, minlength=n)
    differ = candidates & ~((n_expected == n_common) & (n_listed == n_common))
    for p in np.flatnonzero(differ).tolist():
        places = [x for x in str(ctx.col["place_key"][p]).split(";") if x]
        want = {gaz[x] for x in places}
        have = {
            x.strip() for x in str(ctx.col["admin1_codes"][p]).split(";") if x.strip()
        }
        missing, extra = sorted(want - have), sorted(have - want)
        parts = []
        if missing:
            where = [
                f"{ctx.place_names.get(x, x)} ({x})"
                for x in places
                if gaz[x] in missing
            ]
            parts.append(
                f"leave out {_and(missing)}, where the gazetteer puts {_and(where)}"
            )
        if extra:
            parts.append(f"list {_and(extra)}, where none of its places lies")
        side = ctx.side([p])
        explanation = (
            f"The oblasts of {ctx.ids[p]} ({side.who}) " + " and ".join(parts) + "."
        )
        rows.add(
            "place",
            "admin1_codes",
            side,
            None,
            ";".join(sorted(have)),
            ";".join(sorted(want)),
            0.5,
            explanation,
        )


# ---------------------------------------------------------------------------
# single-source (vectorised: it can be one finding per claim)
# ---------------------------------------------------------------------------


def _single_source_findings(ctx: PreparedClaims, rows: _Rows) -> None:
    """Claims no other source corroborates in their incident.

    Within an incident, claims corroborate each other when they have the
    same claim type (a strike and shelling count as one, as do a control
    claim and an advance: :data:`CORROBORATION_CLASS`) and come from different source
    families (copies of one statement on several pages, or a spokesperson
    repeating the agency, are one source). One finding per incident and
    type that only one source family reports, listing its claims. Severity
    is higher the less reliable that source: 0.4 x (1 - weight).
    """
    v = ctx.view
    cls_names = v["claim_type"].map(CORROBORATION_CLASS).fillna(v["claim_type"])
    cls, cls_index = pd.factorize(cls_names)
    cls_uniques = np.asarray(cls_index, dtype=object)
    incident = ctx.code("incident_id")
    has_incident = (v["incident_id"] != "").to_numpy()
    family = ctx.code("source_family")
    pos = np.flatnonzero(has_incident & (cls >= 0))
    if not len(pos):
        return
    frame = pd.DataFrame(
        {"inc": incident[pos], "cls": cls[pos], "fam": family[pos], "pos": pos}
    )
    families = frame.groupby(["inc", "cls"], sort=False)["fam"].transform("nunique")
    lonely = frame[families.to_numpy() == 1]
    size = lonely.groupby(["inc", "cls"], sort=False)["pos"].transform("size")
    single_mask = size.to_numpy() == 1
    single = lonely["pos"].to_numpy()[single_mask]
    ids, sources = ctx.col["claim_id"], ctx.col["source_id"]
    labels, incidents = ctx.col["source_label"], ctx.col["incident_id"]
    weight = ctx.col["weight"]
    words = np.array([str(c).replace("_", " ") for c in cls_uniques], dtype=object)
    single_cls = cls[single]
    explanation = _cat(
        "Only ",
        _strings(labels[single]),
        " reports ",
        _strings(words[single_cls]),
        " in this incident (",
        _strings(ids[single]),
        "); no other source corroborates it.",
    )
    severity = np.round(0.4 * (1 - weight[single]), 2)
    blank = pa.array(np.full(len(single), "", dtype=object), type=pa.string())
    rows.extend(
        {
            "kind": pa.array(np.full(len(single), "single-source", dtype=object)),
            "field": pa.array(np.full(len(single), "claim_type", dtype=object)),
            "incident_id": _strings(incidents[single]),
            "claim_ids_a": _strings(ids[single]),
            "source_ids_a": _strings(sources[single]),
            "claim_ids_b": blank,
            "source_ids_b": blank,
            "value_a": _strings(cls_uniques[single_cls]),
            "value_b": blank,
            "explanation": explanation,
            "severity": pa.array(severity),
        }
    )
    multi = lonely[~single_mask].sort_values(["inc", "cls", "pos"])
    if not len(multi):
        return
    key = multi["inc"].to_numpy() * (len(cls_uniques) + 1) + multi["cls"].to_numpy()
    cuts = np.flatnonzero(np.diff(key)) + 1
    for chunk in np.split(multi["pos"].to_numpy(), cuts):
        side = ctx.side(chunk.tolist())
        what = str(cls_uniques[cls[chunk[0]]])
        rows.add(
            "single-source",
            "claim_type",
            side,
            None,
            what,
            "",
            1.0,
            f"Only {side.who} {_verb(side.n_sources, 'reports', 'report')} "
            f"{what.replace('_', ' ')} in this incident ({side.claim_list}); no "
            "other source corroborates it.",
        )
        # severity for single-source is 0.4 x (1 - weight), not factor x weight
        rows.data["severity"][-1] = round(0.4 * (1 - side.weight), 2)


# ---------------------------------------------------------------------------
# Assembling the table
# ---------------------------------------------------------------------------


def finding_ids(
    kind: pa.Array, field: pa.Array, claim_ids_a: pa.Array, claim_ids_b: pa.Array
) -> pa.Array:
    """Stable ids: ``F-`` and 16 hex digits of a hash of kind, field and claims.

    The hash is pandas' SipHash-2-4 with its fixed default key
    (:func:`pandas.util.hash_array`), so the same finding gets the same id
    on every run and machine, whatever the order of the input rows.

    Examples
    --------
    >>> finding_ids(*[pa.array([x]) for x in
    ...     ("numeric", "tanks (pro_ukraine)", "C102", "C008a")]).to_pylist()
    ['F-cbced27dd4e156d6']
    """
    keys = pc.binary_join_element_wise(
        *(_strings(x) for x in (kind, field, claim_ids_a, claim_ids_b)), "|"
    )
    hashed = pd.util.hash_array(
        np.asarray(keys.to_numpy(zero_copy_only=False), dtype=object), categorize=False
    )
    hexed = hashed.astype(">u8").tobytes().hex()
    return pa.array(
        ["F-" + hexed[i : i + 16] for i in range(0, len(hexed), 16)], type=pa.string()
    )


def _finish(rows: _Rows) -> pd.DataFrame:
    """Give the findings ids and labels, and put them in order."""
    table = rows.table()
    n = table.num_rows
    if n:
        ids = finding_ids(
            *(
                table[c].combine_chunks()
                for c in ("kind", "field", "claim_ids_a", "claim_ids_b")
            )
        )
    else:
        ids = pa.array([], type=pa.string())
    table = table.append_column("finding_id", ids)
    first = ~pd.Series(ids.to_numpy(zero_copy_only=False)).duplicated().to_numpy()
    table = table.filter(pa.array(first))
    severity = table["severity"].to_numpy()
    rank = pd.Series(table["kind"].to_numpy()).map({k: i for i, k in enumerate(KINDS)})
    keys = pa.table(
        {
            "incident_id": table["incident_id"],
            "rank": pa.array(rank.to_numpy(dtype="int64")),
            "severity": pa.array(-severity),
            "finding_id": table["finding_id"],
        }
    )
    order = pc.sort_indices(
        keys, sort_keys=[(c, "ascending") for c in keys.column_names]
    )
    table = table.take(order)
    severity = table["severity"].to_numpy()
    label = np.where(
        severity >= 0.5, "high", np.where(severity >= 0.25, "medium", "low")
    )
    out: dict[str, object] = {}
    for c in FINDING_COLUMNS:
        if c == "severity":
            out[c] = severity
        elif c == "severity_label":
            out[c] = pd.array(label.astype(object), dtype="str")
        else:
            out[c] = pd.array(table[c].combine_chunks(), dtype="str")
    return pd.DataFrame(out)


def find_discrepancies(
    claims: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    *,
    incidents: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
    kinds: Sequence[str] = KINDS,
    window_days: int = DEFAULT_WINDOW_DAYS,
    distance_km: float = DEFAULT_DISTANCE_KM,
    date_gap_days: int = 1,
) -> pd.DataFrame:
    """Find where sources disagree, one row per finding.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table.
    sources : pandas.DataFrame, optional
        The sources table (names, Admiralty grades, sides, spokespeople's
        ``parent_source_id``). Sources it does not list count as grade F.
    incidents : pandas.DataFrame, optional
        The claim-to-incident mapping of :func:`osintkit.cluster_incidents`
        (columns ``claim_id``, ``incident_id``); computed when not given.
    places : pandas.DataFrame, optional
        The reference gazetteer, for place matching and the oblast check.
    kinds : sequence of str
        Which kinds of finding to look for (default: all of :data:`KINDS`).
    window_days, distance_km : int, float
        Passed to :func:`osintkit.cluster_incidents` when ``incidents`` is
        not given; ``distance_km`` also decides which places match.
    date_gap_days : int
        How many days apart two reports of one event may be for the ``date``
        kind.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. ``finding_id`` is ``F-`` and a hash
        of the kind, field and both sides' claim ids, so it does not depend
        on the order of the rows. Rows are sorted by incident, kind,
        severity (highest first) and id. ``claim_ids_*``, ``source_ids_*``
        and ``incident_id`` (several when a finding spans incidents) are
        ``;``-joined and sorted.

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["c1", "c2"], "source_id": ["mod", "wiki"],
    ...     "incident_id": ["INC-1", "INC-1"],
    ...     "claim_type": ["equipment_losses"] * 2,
    ...     "quantity": ["tanks", "tanks"], "subject_side": ["pro_ukraine"] * 2,
    ...     "value_low": [7.0, 1.0], "value_best": [7.0, 1.0],
    ...     "value_high": [7.0, 1.0]})
    >>> sources = pd.DataFrame({"source_id": ["mod", "wiki"],
    ...     "name": ["Ministry", "Encyclopedia"], "reliability": ["D", "C"]})
    >>> found = find_discrepancies(claims, sources, kinds=["numeric"])
    >>> found[["kind", "severity", "claim_ids_a", "claim_ids_b"]].values.tolist()
    [['numeric', 0.45, 'c2', 'c1']]
    >>> print(found.at[0, "explanation"])  # doctest: +NORMALIZE_WHITESPACE
    Encyclopedia (C) gives 1 tanks (pro-Ukrainian side) (c2), while Ministry (D)
    gives 7 tanks (pro-Ukrainian side) (c1); the figures do not overlap.
    """
    _check_kinds(kinds)
    started = time.perf_counter()
    ctx = prepare_claims(
        claims,
        sources,
        incidents,
        places,
        window_days=window_days,
        distance_km=distance_km,
    )
    logger.info(
        "prepared %d claims in %.2f s", len(ctx.view), time.perf_counter() - started
    )
    return find_in_prepared(ctx, kinds=kinds, date_gap_days=date_gap_days)


def _check_kinds(kinds: Sequence[str]) -> None:
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(
            f"unknown kind(s) {', '.join(sorted(unknown))}; choose from "
            + ", ".join(KINDS)
        )


def find_in_prepared(
    ctx: PreparedClaims, *, kinds: Sequence[str] = KINDS, date_gap_days: int = 1
) -> pd.DataFrame:
    """:func:`find_discrepancies` on claims already prepared.

    Parameters
    ----------
    ctx : PreparedClaims
        From :func:`prepare_claims`.
    kinds, date_gap_days
        As for :func:`find_discrepancies`.

    Returns
    -------
    pandas.DataFrame
        As :func:`find_discrepancies` returns.
    """
    _check_kinds(kinds)
    wanted = set(kinds)
    rows = _Rows()
    steps = [
        ("outcome", lambda: _outcome_findings(ctx, rows)),
        ("numeric", lambda: _numeric_findings(ctx, rows)),
        ("escalation", lambda: _series_findings(ctx, rows, wanted)),
        ("revision", lambda: _revises_findings(ctx, rows)),
        ("attribution", lambda: _attribution_findings(ctx, rows)),
        ("date", lambda: _date_findings(ctx, rows, date_gap_days)),
        ("place", lambda: _place_findings(ctx, rows)),
        ("single-source", lambda: _single_source_findings(ctx, rows)),
    ]
    for name, step in steps:
        if name == "escalation" and not ({"escalation", "revision"} & wanted):
            continue
        if name != "escalation" and name not in wanted:
            continue
        before, started = len(rows), time.perf_counter()
        step()
        logger.info(
            "%s: %d finding(s) in %.2f s",
            name,
            len(rows) - before,
            time.perf_counter() - started,
        )
    started = time.perf_counter()
    result = _finish(rows)
    logger.info("assembled in %.2f s", time.perf_counter() - started)
    return result
