"""Reconciliation: low / best / high that show their claims and keep contradictions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from osintkit.reconcile import RECONCILE_COLUMNS, reconcile

SOURCES = pd.DataFrame(
    {
        "source_id": ["mod", "minister", "gov", "wiki", "analyst"],
        "name": ["Ministry", "Minister", "Governor", "Encyclopedia", "Analyst"],
        "side": ["russia", "russia", "russia", "independent", "independent"],
        "is_belligerent": [True, True, True, False, False],
        "parent_source_id": [None, "mod", None, None, None],
        "reliability": ["D", "D", "D", "C", "B"],
    }
)


def claims_frame(*rows: dict) -> pd.DataFrame:
    defaults = {
        "source_id": "mod",
        "incident_id": "INC-1",
        "event_date_start": "2024-03-12",
        "place_ids": "RU-BEL",
        "admin1_codes": "RU-BEL",
        "claim_type": "enemy_casualties",
        "quantity": "killed",
        "subject_side": "pro_ukraine",
        "value_low": np.nan,
        "value_best": np.nan,
        "value_high": np.nan,
        "credibility": 6,
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame["event_date_start"] = pd.to_datetime(frame["event_date_start"])
    frame["event_date_end"] = frame["event_date_start"]
    return frame


def exact(value: float) -> dict:
    return {"value_low": value, "value_best": value, "value_high": value}


def test_reconcile_low_best_high_rest_on_named_claims():
    claims = claims_frame(
        # overlapping ranges: no contradiction
        {"claim_id": "c1", "value_low": 230, "value_best": 240, "value_high": 250},
        {"claim_id": "c2", "source_id": "gov", "value_low": 235, "value_high": 260},
        {"claim_id": "c3", "source_id": "gov", "credibility": 2, **exact(245)},
    )
    row = reconcile(claims, SOURCES).iloc[0]
    assert (row.low, row.best, row.high) == (230.0, 245.0, 260.0)
    assert row.claim_ids == "c1;c2;c3"
    # the best is a figure a source gave, the one with the most weight
    assert row.best_claim_ids == "c3"
    assert row.basis == "claimed"
    assert not row.contested


def test_reconcile_keeps_claimed_apart_from_assessed():
    claims = claims_frame(
        {"claim_id": "c1", **exact(7)},
        {"claim_id": "c2", "source_id": "wiki", **exact(1)},
    )
    table = reconcile(claims, SOURCES)
    assert table[["basis", "low", "best", "high"]].values.tolist() == [
        ["assessed", 1.0, 1.0, 1.0],
        ["claimed", 7.0, 7.0, 7.0],
    ]
    # the contradiction stays visible on both rows
    assert table["contested"].tolist() == [True, True]
    assert table["finding_ids"].nunique() == 1
    assert table["finding_ids"].iloc[0].startswith("F-")


def test_reconcile_never_averages():
    claims = claims_frame(
        {"claim_id": "c1", **exact(100)},
        {"claim_id": "c2", "source_id": "gov", **exact(300)},
    )
    row = reconcile(claims, SOURCES).iloc[0]
    assert row.best in (100.0, 300.0)
    assert row.contested
    assert "nothing is averaged away" in row.method


def test_reconcile_copies_of_one_statement_count_once():
    claims = claims_frame(
        # the ministry's figure on two pages, and its minister repeating it
        {"claim_id": "c1", **exact(234)},
        {"claim_id": "c2", **exact(234)},
        {"claim_id": "c3", "source_id": "minister", **exact(234)},
        {"claim_id": "c4", "source_id": "gov", "credibility": 5, **exact(100)},
        {"claim_id": "c5", "source_id": "gov", "credibility": 5, **exact(110)},
        {"claim_id": "c6", "source_id": "gov", "credibility": 5, **exact(120)},
    )
    row = reconcile(claims, SOURCES).iloc[0]
    assert row.n_claims == 6
    assert "copies of one statement count once" in row.method
    assert row.best_claim_ids == "c1;c2;c3"


def test_reconcile_open_bound():
    claims = claims_frame(
        {"claim_id": "c1", "value_low": 201},  # "more than 200"
    )
    row = reconcile(claims, SOURCES).iloc[0]
    assert row.low == 201
    assert np.isnan(row.best)
    assert "no upper bound" in row.method
    assert "no best" in row.method


def test_reconcile_places_apart_get_their_own_rows():
    claims = claims_frame(
        {"claim_id": "c1", **exact(4)},
        {"claim_id": "c2", "place_ids": "RU-KRS", "admin1_codes": "RU-KRS", **exact(1)},
    )
    table = reconcile(claims, SOURCES)
    assert table[["place_ids", "best", "contested"]].values.tolist() == [
        ["RU-BEL", 4.0, False],
        ["RU-KRS", 1.0, False],
    ]


def test_reconcile_columns_and_types():
    table = reconcile(claims_frame({"claim_id": "c1", **exact(3)}), SOURCES)
    assert tuple(table.columns) == RECONCILE_COLUMNS
    assert table["low"].dtype == "float64"
    assert table["contested"].dtype == bool


@pytest.mark.parametrize("weights", [(0.2, 0.4), (0.4, 0.2)])
def test_weighted_median_prefers_the_weightier_figure(weights):
    from osintkit.reconcile import _weighted_median

    best = _weighted_median(np.array([195.0, 234.0]), np.array(weights))
    assert best == (234.0 if weights[1] > weights[0] else 195.0)
