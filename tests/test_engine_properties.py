"""Properties of the engines on generated claims (hypothesis).

- shuffling the rows changes no finding and no incident;
- a claim never conflicts with itself;
- adding an unrelated claim removes no finding;
- identical figures never make a numeric finding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import osintkit as ok

PLACES = pd.DataFrame(
    {
        "place_id": ["RU-BEL", "RU-KRS", "gn-a", "gn-b", "gn-c", "gn-k"],
        "name": ["Belgorod", "Kursk", "Alpha", "Bravo", "Charlie", "Kilo"],
        "place_type": ["oblast", "oblast", *["settlement"] * 4],
        "admin1_code": ["RU-BEL", "RU-KRS", "RU-BEL", "RU-BEL", "RU-BEL", "RU-KRS"],
        "latitude": [50.8, 51.7, 50.0, 50.05, 50.5, 51.3],
        "longitude": [37.2, 36.3, 36.0, 36.0, 36.0, 34.3],
    }
)
SOURCES = pd.DataFrame(
    {
        "source_id": ["mod", "minister", "wiki", "units", "gov"],
        "name": ["Ministry", "Minister", "Encyclopedia", "Units", "Governor"],
        "side": ["russia", "russia", "independent", "pro_ukraine", "russia"],
        "is_belligerent": [True, True, False, True, True],
        "parent_source_id": [None, "mod", None, None, None],
        "reliability": ["D", "D", "C", "D", "B"],
    }
)
TYPES = [
    "territorial_control",
    "attack_repelled",
    "fighting_ongoing",
    "retreat",
    "enemy_casualties",
    "civilian_casualties",
    "strike",
    "attribution",
]
PLACE_CHOICES = ["gn-a", "gn-b", "gn-c", "gn-k", "RU-BEL", "RU-BEL;RU-KRS", None]
ADMIN = {"gn-a": "RU-BEL", "gn-b": "RU-BEL", "gn-c": "RU-BEL", "gn-k": "RU-KRS"}

claim_rows = st.fixed_dictionaries(
    {
        "source_id": st.sampled_from([*SOURCES["source_id"].tolist(), "unlisted"]),
        "incident_id": st.sampled_from([None, "INC-1", "INC-1", "INC-2"]),
        "day": st.one_of(st.none(), st.integers(0, 4)),
        "span": st.integers(0, 2),
        "reported": st.one_of(st.none(), st.integers(0, 6)),
        "place_ids": st.sampled_from(PLACE_CHOICES),
        "claim_type": st.sampled_from(TYPES),
        "stance": st.sampled_from(["asserts", "asserts", "asserts", "denies"]),
        "quantity": st.sampled_from([None, "killed", "killed", "wounded"]),
        "subject_side": st.sampled_from(["pro_ukraine", "pro_ukraine", "civilian"]),
        "low": st.one_of(st.none(), st.integers(0, 30)),
        "width": st.one_of(st.none(), st.integers(0, 10)),
        "actor_ids": st.sampled_from([None, "lsr", "rdk", "lsr;rdk"]),
        "note_on": st.one_of(st.none(), st.integers(0, 11)),
    }
)


def build(rows: list[dict]) -> pd.DataFrame:
    """Turn generated rows into a claims table with ids c00, c01, ..."""
    base = np.datetime64("2024-03-12")
    records = []
    for k, row in enumerate(rows):
        has_figure = row["quantity"] is not None and row["low"] is not None
        high = (
            row["low"] + row["width"]
            if has_figure and row["width"] is not None
            else None
        )
        place = row["place_ids"]
        admin = (
            ";".join(sorted({ADMIN.get(p, p) for p in place.split(";")}))
            if place
            else None
        )
        start = base + row["day"] if row["day"] is not None else None
        records.append(
            {
                "claim_id": f"c{k:02d}",
                "source_id": row["source_id"],
                "incident_id": row["incident_id"],
                "reported_date": base + row["reported"]
                if row["reported"] is not None
                else None,
                "event_date_start": start,
                "event_date_end": start + row["span"] if start is not None else None,
                "date_precision": "day" if start is not None else "unknown",
                "place_ids": place,
                "admin1_codes": admin,
                "geo_precision": "settlement" if place and "gn-" in place else "oblast",
                "actor_ids": row["actor_ids"],
                "claim_type": row["claim_type"],
                "stance": row["stance"],
                "quantity": row["quantity"] if has_figure else None,
                "subject_side": row["subject_side"] if has_figure else None,
                "value_low": float(row["low"]) if has_figure else np.nan,
                "value_best": np.nan,
                "value_high": float(high) if high is not None else np.nan,
                "credibility": 6,
                "summary": f"summary {k}",
                "notes": f"Contrast c{row['note_on']:02d}."
                if row["note_on"] is not None
                else None,
                "url": f"https://example.org/{k}",
            }
        )
    frame = pd.DataFrame(records)
    for column in ("reported_date", "event_date_start", "event_date_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame


def find(claims: pd.DataFrame) -> pd.DataFrame:
    return ok.find_discrepancies(claims, SOURCES, places=PLACES)


SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(st.lists(claim_rows, min_size=1, max_size=12), st.randoms())
def test_shuffling_rows_changes_no_finding_and_no_incident(rows, random):
    claims = build(rows)
    order = list(range(len(claims)))
    random.shuffle(order)
    shuffled = claims.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(find(shuffled), find(claims))
    pd.testing.assert_frame_equal(
        ok.cluster_incidents(shuffled, places=PLACES),
        ok.cluster_incidents(claims, places=PLACES),
    )


@SETTINGS
@given(st.lists(claim_rows, min_size=1, max_size=12))
def test_a_claim_never_conflicts_with_itself(rows):
    found = find(build(rows))
    for a, b in zip(found["claim_ids_a"], found["claim_ids_b"], strict=True):
        side_a = set(a.split(";")) - {""}
        side_b = set(b.split(";")) - {""}
        assert side_a
        assert not side_a & side_b
    assert found["finding_id"].is_unique


@SETTINGS
@given(st.lists(claim_rows, min_size=1, max_size=12))
def test_adding_an_unrelated_claim_removes_no_finding(rows):
    claims = build(rows)
    before = find(claims)
    unrelated = build(
        [
            {
                **rows[0],
                "incident_id": "INC-UNRELATED",
                "day": 0,
                "span": 0,
                "reported": None,
                "place_ids": "gn-k",
                "note_on": None,
            }
        ]
    ).assign(
        claim_id="z-unrelated",
        event_date_start=pd.Timestamp("2025-01-01"),
        event_date_end=pd.Timestamp("2025-01-01"),
        source_id="wiki",
    )
    after = find(pd.concat([claims, unrelated], ignore_index=True))
    missing = set(before["finding_id"]) - set(after["finding_id"])
    assert not missing
    kept = after.set_index("finding_id").loc[before["finding_id"]]
    assert (kept["explanation"].to_numpy() == before["explanation"].to_numpy()).all()


@SETTINGS
@given(st.lists(claim_rows, min_size=2, max_size=12), st.integers(0, 50))
def test_identical_figures_never_make_a_numeric_finding(rows, value):
    claims = build(rows)
    has = claims["quantity"].notna()
    claims.loc[has, ["value_low", "value_best", "value_high"]] = float(value)
    found = find(claims)
    assert not (found["kind"] == "numeric").any()
